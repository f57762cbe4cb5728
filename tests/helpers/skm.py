"""SKM rows stored directly, for tests of what reads them (issue 18)."""

from __future__ import annotations

import secrets
from datetime import date

from elearn.domain import skm
from elearn.extensions import db
from elearn.models import SkmElementAverage, SkmResponse, SkmService


def service(unit_id: int, name: str = "Pembuatan KTP-el", population: int | None = None):
    row = SkmService(
        unit_id=unit_id, name=name, population=population, public_code=secrets.token_hex(8)
    )
    db.session.add(row)
    db.session.commit()
    return row


def responses(
    unit_id: int,
    period: str,
    scores: list[int] | tuple[int, ...],
    count: int = 1,
    service_id: int | None = None,
    comment: str | None = None,
    source: str = "impor",
) -> None:
    """`count` respondents who all gave the nine `scores`."""
    assert len(scores) == skm.ELEMENT_COUNT
    start = skm.parse_period(period).start
    db.session.add_all(
        SkmResponse(
            unit_id=unit_id,
            service_id=service_id,
            period=period,
            answered_on=start,
            comment=comment,
            source=source,
            **{f"u{n}": s for n, s in zip(skm.ELEMENT_NUMBERS, scores, strict=True)},
        )
        for _ in range(count)
    )
    db.session.commit()


def summary(
    unit_id: int,
    period: str,
    averages: list[float] | tuple[float, ...],
    respondents: int,
    service_id: int | None = None,
) -> None:
    """An imported summary: each element's average over `respondents` people."""
    db.session.add_all(
        SkmElementAverage(
            unit_id=unit_id,
            service_id=service_id,
            period=period,
            element=n,
            average=a,
            respondents=respondents,
        )
        for n, a in zip(skm.ELEMENT_NUMBERS, averages, strict=True)
    )
    db.session.commit()


def day(period: str) -> date:
    return skm.parse_period(period).start
