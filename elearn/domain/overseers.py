"""Who answers for a learner at work: the head of their unit, else the nearest one above.

A unit head (role `supervisor`) oversees the unit of their `scope_unit_id`, or their own unit
without one. A learner who heads their own unit answers to the head of the unit above.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    """Someone with the wanted role, and how many levels above the learner's unit they sit."""

    user_id: int
    depth: int  # 0: the learner's own unit, 1: its parent, ...


def nearest(candidates: Iterable[Candidate], learner_id: int) -> int | None:
    """The candidate closest above the learner (never the learner; the lowest id on a tie,
    so the same person is chosen every time)."""
    chosen = min(
        (c for c in candidates if c.user_id != learner_id),
        key=lambda c: (c.depth, c.user_id),
        default=None,
    )
    return chosen.user_id if chosen else None
