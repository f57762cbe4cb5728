"""Drawing an attempt's questions by blueprint, preferring questions not seen in the pre-test."""

from __future__ import annotations

import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from elearn.domain.drawing import Blueprint, draw_attempt, seen_in

PROPERTY = settings(max_examples=200, deadline=None)
MODULES = ("m1", "m2", "m3", "m4")


@st.composite
def cases(draw):
    """(pool, blueprint, avoid): pool questions of the course's modules, of none, or of a
    module no longer in the course; any blueprint; any part of the pool seen before."""
    modules = tuple(draw(st.lists(st.sampled_from(MODULES), unique=True, max_size=4)))
    size = draw(st.integers(min_value=0, max_value=30))
    owners = st.sampled_from([*modules, None, "old"]) if modules else st.sampled_from([None])
    pool = [(f"q{i}", draw(owners)) for i in range(size)]
    per_module = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=5)))
    total = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=35)))
    avoid = {qid for qid, _m in pool if draw(st.booleans())}
    return pool, Blueprint(total, per_module, modules), avoid


def seeded(seed: int) -> random.Random:
    """A reproducible generator (not for secrets)."""
    return random.Random(seed)  # noqa: S311


def expected_size(pool, blueprint: Blueprint) -> int:
    if not blueprint.draw and not blueprint.per_module:
        return len(pool)
    wanted = max(blueprint.draw or 0, (blueprint.per_module or 0) * len(blueprint.modules))
    return min(wanted, len(pool)) if wanted else len(pool)


@PROPERTY
@given(cases(), st.randoms(use_true_random=False))
def test_a_draw_has_the_right_size_and_never_repeats(case, rng):
    pool, blueprint, avoid = case
    chosen = draw_attempt(pool, blueprint, avoid, rng)
    assert len(chosen) == len(set(chosen)) == expected_size(pool, blueprint)
    assert set(chosen) <= {qid for qid, _m in pool}


@PROPERTY
@given(cases(), st.randoms(use_true_random=False))
def test_every_module_gets_its_share(case, rng):
    """N of every module that has N questions; every question of a module that has fewer."""
    pool, blueprint, avoid = case
    if not blueprint.per_module:
        return
    module_of = dict(pool)
    chosen = Counter(module_of[qid] for qid in draw_attempt(pool, blueprint, avoid, rng))
    available = Counter(module for _q, module in pool)
    for module in blueprint.modules:
        assert chosen[module] >= min(blueprint.per_module, available[module])


@PROPERTY
@given(cases(), st.randoms(use_true_random=False))
def test_a_seen_question_only_when_unavoidable(case, rng):
    """As few seen questions as the blueprint allows: those a module needs for its share
    (it has too few unseen), or those the total needs when every unseen one is asked."""
    pool, blueprint, avoid = case
    chosen = draw_attempt(pool, blueprint, avoid, rng)
    forced = 0
    if blueprint.per_module and len(chosen) < len(pool):
        for module in blueprint.modules:
            own = [qid for qid, m in pool if m == module]
            unseen = [qid for qid in own if qid not in avoid]
            forced += max(0, min(blueprint.per_module, len(own)) - len(unseen))
    unseen_total = sum(1 for qid, _m in pool if qid not in avoid)
    seen = sum(1 for qid in chosen if qid in avoid)
    assert seen == max(forced, len(chosen) - unseen_total)


@PROPERTY
@given(cases())
def test_without_a_draw_the_whole_pool_in_order(case):
    pool, blueprint, avoid = case
    plain = Blueprint(None, None, blueprint.modules)
    assert draw_attempt(pool, plain, avoid, seeded(1)) == [qid for qid, _m in pool]


def test_blueprint_covers_every_module_over_many_draws():
    pool = [(f"{m}-{i}", m) for m in MODULES for i in range(5)]
    blueprint = Blueprint(draw=10, per_module=2, modules=MODULES)
    for seed in range(50):
        chosen = draw_attempt(pool, blueprint, rng=seeded(seed))
        counts = Counter(qid.split("-")[0] for qid in chosen)
        assert len(chosen) == 10 and all(counts[m] >= 2 for m in MODULES)


def test_blueprint_alone_asks_n_of_each_module():
    pool = [(f"{m}-{i}", m) for m in MODULES for i in range(3)] + [("umum", None)]
    chosen = draw_attempt(pool, Blueprint(per_module=1, modules=MODULES), rng=seeded(0))
    assert sorted(q.split("-")[0] for q in chosen) == sorted(MODULES)


def test_unseen_first_then_seen_to_fill():
    pool = [(f"q{i}", None) for i in range(6)]
    seen = {"q0", "q1", "q2", "q3"}
    for seed in range(20):
        chosen = set(draw_attempt(pool, Blueprint(draw=2), seen, seeded(seed)))
        assert chosen == {"q4", "q5"}
        chosen = set(draw_attempt(pool, Blueprint(draw=3), seen, seeded(seed)))
        assert {"q4", "q5"} < chosen


def test_planned_size():
    assert Blueprint().planned(7) == 7
    assert Blueprint(draw=3).planned(7) == 3
    assert Blueprint(draw=30).planned(7) == 7
    assert Blueprint(draw=3, per_module=2, modules=("a", "b")).planned(7) == 4
    assert Blueprint(draw=5, per_module=2, modules=("a", "b")).planned(7) == 5


def test_seen_in_reads_the_snapshots_of_one_source():
    snapshots = [
        [{"qid": "a"}, {"qid": "b", "section": ""}],  # an older snapshot: the exam pool
        [{"qid": "c", "section": "@pretest"}],
        None,
    ]
    assert seen_in(snapshots) == {"a", "b"}
    assert seen_in(snapshots, "@pretest") == {"c"}
