"""Competencies (the dictionary courses attest against)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import UTCDateTime, utcnow


class Competency(db.Model):
    __tablename__ = "competencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    code: Mapped[str] = mapped_column(String(20), default="")
    name: Mapped[str] = mapped_column(String(200))
    group: Mapped[str] = mapped_column(String(20))  # manajerial, sosial-kultural, teknis
    description: Mapped[str] = mapped_column(Text, default="")
    levels: Mapped[list[str]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(default=0)


COURSE = "kursus"  # a course completed (the certificate every completion gets)
RECOGNITION = "penghargaan"  # a year's recognition, issued by HR (elearn/recognition)
CERTIFICATE_KINDS = (COURSE, RECOGNITION)


class Certificate(db.Model):
    """A certificate: what it attests is frozen at issue and signed as `record`.

    Most attest a course completed (`kind` "kursus": course and completion set); a
    recognition (`kind` "penghargaan") attests a year's achievement instead, has neither,
    and names its year in `award_year`, once per person and year.
    """

    __tablename__ = "certificates"
    __table_args__ = (
        UniqueConstraint("year", "sequence"),
        # NULLs never collide: course certificates (no award year) are not limited by it.
        UniqueConstraint("user_id", "award_year"),
        CheckConstraint(
            "(kind = 'kursus' AND course_id IS NOT NULL AND completion_id IS NOT NULL"
            " AND award_year IS NULL) OR (kind = 'penghargaan' AND course_id IS NULL"
            " AND completion_id IS NULL AND award_year IS NOT NULL)",
            name="kind",  # ck_certificates_kind, by the naming convention
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(60), unique=True)
    year: Mapped[int]
    sequence: Mapped[int]
    code: Mapped[str] = mapped_column(String(40), unique=True)  # unguessable, URL-safe
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default=COURSE, server_default=COURSE)
    course_id: Mapped[int | None] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), index=True
    )
    completion_id: Mapped[int | None] = mapped_column(
        ForeignKey("course_completions.id", ondelete="CASCADE"), unique=True
    )
    award_year: Mapped[int | None]  # the year a recognition is for
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The signed, public facts: holder name and masked NIP, course, JP, dates, score,
    # competencies, issuer, and a salted digest that commits to `holder_details`.
    record: Mapped[dict] = mapped_column(JSON)
    # Full NIP, rank, position and unit at issue, and the digest's salt: printed on the
    # PDF, never published on the verification page or in its JSON.
    holder_details: Mapped[dict] = mapped_column(JSON, default=dict)
    jws: Mapped[str] = mapped_column(Text)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_reason: Mapped[str | None] = mapped_column(Text)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The certificate's bit in the published revocation lists (Open Badges 3.0, W3C Bitstring
    # Status List): derived from the id at issue (domain.open_badges.status_index), so NULL
    # only between the row's insert and the flush that follows it.
    status_index: Mapped[int | None] = mapped_column(unique=True)


class CertificateCompetency(db.Model):
    """Competency levels a certificate attests, as rows so profiles are one query."""

    __tablename__ = "certificate_competencies"

    certificate_id: Mapped[int] = mapped_column(
        ForeignKey("certificates.id", ondelete="CASCADE"), primary_key=True
    )
    competency_id: Mapped[int] = mapped_column(
        ForeignKey("competencies.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    level: Mapped[int]


class CertificateCounter(db.Model):
    """The last certificate sequence used in a year; incremented inside the issuing transaction."""

    __tablename__ = "certificate_counters"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(default=0)


class AuditLog(db.Model):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(50))
    target_type: Mapped[str] = mapped_column(String(50))
    target_id: Mapped[int | None]
    details: Mapped[dict] = mapped_column(JSON, default=dict)
