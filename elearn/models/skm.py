"""Citizens' satisfaction survey (SKM) results, per service unit, service and period.

Two shapes arrive: one row per respondent (imported from a survey tool, or answered on the
public questionnaire), and one row per unit, period and element (an average and the number
of respondents: what a unit that only kept its summary can give). A period's result reads
both (elearn/skm/results.py). Nothing personal is stored: no name, no address, no IP.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import UTCDateTime, utcnow

SKM_SOURCES = ("impor", "daring")  # imported from a file; answered on this site
SCORE_CHECK = "BETWEEN 1 AND 4"


class SkmService(db.Model):
    """A service a unit offers the public (e.g. "Pembuatan KTP-el" at a kecamatan), with
    the code of its public questionnaire and the number of people it serves per period
    (the population the sample size is read from)."""

    __tablename__ = "skm_services"
    __table_args__ = (UniqueConstraint("unit_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    # The public questionnaire's address: /skm/<code>; random, so units cannot be listed.
    public_code: Mapped[str] = mapped_column(String(32), unique=True)
    population: Mapped[int | None]
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SkmResponse(db.Model):
    """One respondent's nine scores (1-4) for one unit (and service) in one period."""

    __tablename__ = "skm_responses"
    __table_args__ = (
        Index("ix_skm_responses_unit_period", "unit_id", "period"),
        # Covers the sums of the nine scores per unit and period (skm/results.py): the
        # aggregate reads the index, not the wide rows (migration 0025_skm_impact).
        Index("ix_skm_responses_scores", "unit_id", "period", *(f"u{n}" for n in range(1, 10))),
        # One answer per device, service and day on the public questionnaire: device_key
        # is a keyed hash of a random cookie and the day, so days cannot be linked.
        UniqueConstraint("service_id", "device_key"),
        *(
            CheckConstraint(f"u{n} {SCORE_CHECK}", name=f"ck_skm_responses_u{n}")
            for n in range(1, 10)
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id", ondelete="CASCADE"))
    service_id: Mapped[int | None] = mapped_column(
        ForeignKey("skm_services.id", ondelete="SET NULL"), index=True
    )
    period: Mapped[str] = mapped_column(String(10))  # domain.skm.parse_period label
    answered_on: Mapped[date]
    u1: Mapped[int] = mapped_column(SmallInteger)
    u2: Mapped[int] = mapped_column(SmallInteger)
    u3: Mapped[int] = mapped_column(SmallInteger)
    u4: Mapped[int] = mapped_column(SmallInteger)
    u5: Mapped[int] = mapped_column(SmallInteger)
    u6: Mapped[int] = mapped_column(SmallInteger)
    u7: Mapped[int] = mapped_column(SmallInteger)
    u8: Mapped[int] = mapped_column(SmallInteger)
    u9: Mapped[int] = mapped_column(SmallInteger)
    comment: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(10))  # SKM_SOURCES
    # The respondent's profile, as survey tools record it; each optional, none identifying.
    gender: Mapped[str | None] = mapped_column(String(20))
    age_group: Mapped[str | None] = mapped_column(String(20))
    education: Mapped[str | None] = mapped_column(String(40))
    occupation: Mapped[str | None] = mapped_column(String(60))
    device_key: Mapped[str | None] = mapped_column(String(64))
    import_id: Mapped[str | None] = mapped_column(String(32), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SkmElementAverage(db.Model):
    """An imported summary: one element's average (1-4) over `respondents` people, for a
    unit (and service, when the file names one) in a period."""

    __tablename__ = "skm_element_averages"
    __table_args__ = (
        Index("ix_skm_element_averages_unit_period", "unit_id", "period"),
        CheckConstraint("element BETWEEN 1 AND 9", name="ck_skm_element_averages_element"),
        CheckConstraint("average BETWEEN 1 AND 4", name="ck_skm_element_averages_average"),
        CheckConstraint("respondents > 0", name="ck_skm_element_averages_respondents"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id", ondelete="CASCADE"))
    service_id: Mapped[int | None] = mapped_column(
        ForeignKey("skm_services.id", ondelete="SET NULL"), index=True
    )
    period: Mapped[str] = mapped_column(String(10))
    element: Mapped[int] = mapped_column(SmallInteger)
    average: Mapped[float] = mapped_column(Float)
    respondents: Mapped[int]
    import_id: Mapped[str | None] = mapped_column(String(32), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
