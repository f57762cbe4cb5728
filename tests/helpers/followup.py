"""Follow-up evaluation tests' builders: the daily run on a chosen day, and the rows it made."""

from __future__ import annotations

from sqlalchemy import select

from elearn.extensions import db
from elearn.models import FollowUp, Notice


def send(runner, day: str) -> str:
    """Run `elearn reminders send` as if today were `day` (YYYY-MM-DD)."""
    result = runner.invoke(args=["reminders", "send", "--today", day])
    assert result.exit_code == 0, result.output
    return result.output


def created(output: str) -> tuple[int, int]:
    """(for learners, for unit heads) from the run's follow-up summary line."""
    line = next(x for x in output.splitlines() if x.startswith("Evaluasi pasca-pelatihan:"))
    numbers = [int(word) for word in line.replace(",", " ").split() if word.isdigit()]
    return numbers[0], numbers[1]


def follow_ups() -> list[FollowUp]:
    db.session.expire_all()
    return list(db.session.scalars(select(FollowUp).order_by(FollowUp.id)))


def follow_up_notices() -> list[Notice]:
    db.session.expire_all()
    stmt = select(Notice).where(Notice.follow_up_id.is_not(None)).order_by(Notice.id)
    return list(db.session.scalars(stmt))
