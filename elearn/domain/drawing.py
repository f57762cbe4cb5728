"""Drawing the questions of one attempt from a pool: at random, by blueprint, unseen first.

A blueprint (`draw_per_module: N`) makes every attempt cover every module of the course;
the learner's pre-test questions (when it drew from the same pool) are avoided wherever
the pool has enough others, so the final exam does not ask what the pre-test already showed.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Blueprint:
    """How many questions an attempt asks: `draw` in all (None: the whole pool), with
    `per_module` of each of `modules` (None: no blueprint)."""

    draw: int | None = None
    per_module: int | None = None
    modules: tuple[str, ...] = ()

    def planned(self, pool_size: int) -> int:
        """Questions asked from a pool of `pool_size`, assuming every module has its N."""
        wanted = max(self.draw or 0, (self.per_module or 0) * len(self.modules))
        return min(wanted, pool_size) if wanted else pool_size


def _pick(candidates: Sequence[str], count: int, avoid: Collection[str], rng) -> list[str]:
    """`count` of the candidates at random, unseen ones first, seen ones only to fill up."""
    unseen = [q for q in candidates if q not in avoid]
    seen = [q for q in candidates if q in avoid]
    chosen = rng.sample(unseen, min(count, len(unseen)))
    return chosen + rng.sample(seen, min(count - len(chosen), len(seen)))


def draw_attempt(
    pool: Sequence[tuple[str, str | None]],
    blueprint: Blueprint,
    avoid: Collection[str] = frozenset(),
    rng: random.Random | None = None,
) -> list[str]:
    """The question ids of one attempt, from the pool as (qid, module slug) in pool order.

    Without a draw the whole pool is asked in pool order. Otherwise: `per_module` of each
    module's questions (all of them when it has fewer), then the rest up to `draw` from the
    rest of the pool; never a repeat, and a qid of `avoid` only when the unseen ones run out.
    The chosen questions come in random order.
    """
    rng = rng or random.SystemRandom()
    qids = [qid for qid, _module in pool]
    size = blueprint.planned(len(qids))
    if size >= len(qids):
        return qids
    chosen: list[str] = []
    for module in blueprint.modules if blueprint.per_module else ():
        own = [qid for qid, slug in pool if slug == module and qid not in chosen]
        chosen += _pick(own, blueprint.per_module, avoid, rng)
    taken = set(chosen)
    rest = [qid for qid in qids if qid not in taken]
    chosen += _pick(rest, size - len(chosen), avoid, rng)
    rng.shuffle(chosen)
    return chosen


def seen_in(snapshots: Iterable[Sequence[dict]], section: str = "") -> set[str]:
    """The qids asked in earlier attempts' question snapshots that came from `section`
    (snapshots from before sections were recorded drew from the exam pool, "")."""
    return {
        q["qid"]
        for questions in snapshots
        for q in questions or ()
        if q.get("section", "") == section
    }
