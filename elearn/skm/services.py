"""SKM services (the public services a unit offers) and the answers of the public
questionnaire: reads and the writes that commit, one transaction per user action.

HR keeps the list of services per unit; each has a random public code, the address of its
questionnaire (/skm/<code>) and of the QR poster at the counter. An answer is stored as an
SkmResponse of source "daring" with no trace of who gave it: no address, no browser, only
a keyed hash that tells whether this device already answered this service today.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..domain import skm
from ..extensions import db
from ..models import OrgUnit, SkmResponse, SkmService
from ..reporting.scope import Scope

log = logging.getLogger("elearn.skm")

# Codes are read off a poster and sometimes typed: lower case, no 0/o, 1/l/i look-alikes.
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_LENGTH = 10  # 31^10, about 8 x 10^14: not worth guessing, short enough to type
DEFAULT_GRANULARITY = "semester"


class DuplicateService(Exception):
    """The unit already has a service of that name."""


@dataclass(frozen=True)
class Listed:
    service: SkmService
    unit_name: str


# --- HR: the services of the units in scope ----------------------------------------------


def services_in(scope: Scope, unit_id: int | None = None) -> list[Listed]:
    """The services of the units in `scope` (narrowed to `unit_id`'s subtree when given),
    by unit then name; one statement."""
    if unit_id is not None:
        scope = scope.narrowed(unit_id)
    rows = db.session.execute(
        select(SkmService, OrgUnit.name)
        .join(OrgUnit, OrgUnit.id == SkmService.unit_id)
        .where(scope.units(SkmService.unit_id))
        .order_by(OrgUnit.name, SkmService.name)
    )
    return [Listed(service, unit_name) for service, unit_name in rows]


def service_in_scope(scope: Scope, service_id: int) -> Listed | None:
    """The service if its unit is in `scope`, else None (the caller answers 404)."""
    row = db.session.execute(
        select(SkmService, OrgUnit.name)
        .join(OrgUnit, OrgUnit.id == SkmService.unit_id)
        .where(SkmService.id == service_id, scope.units(SkmService.unit_id))
    ).first()
    return Listed(*row) if row else None


def _name_taken(unit_id: int, name: str, other_than: int | None = None) -> bool:
    stmt = select(SkmService.id).where(
        SkmService.unit_id == unit_id, func.lower(SkmService.name) == name.lower()
    )
    if other_than is not None:
        stmt = stmt.where(SkmService.id != other_than)
    return db.session.scalar(stmt.limit(1)) is not None


def new_code() -> str:
    """A public code no service has yet."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if db.session.scalar(select(SkmService.id).where(SkmService.public_code == code)) is None:
            return code


def create_service(unit_id: int, name: str, population: int | None, actor_id: int) -> SkmService:
    """Add a service to a unit (the caller checked the unit is in the actor's scope)."""
    if _name_taken(unit_id, name):
        raise DuplicateService(name)
    service = SkmService(unit_id=unit_id, name=name, population=population, public_code=new_code())
    db.session.add(service)
    try:
        db.session.flush()
    except IntegrityError:  # the same name added meanwhile by a colleague
        db.session.rollback()
        raise DuplicateService(name) from None
    audit.record(
        actor_id,
        "skm_service.create",
        "skm_service",
        service.id,
        unit_id=unit_id,
        name=name,
        population=population,
    )
    db.session.commit()
    return service


def update_service(
    service: SkmService, name: str, population: int | None, active: bool, actor_id: int
) -> bool:
    """Change a service's name, population and whether it takes answers; True when
    something changed (only then is anything written)."""
    wanted = {"name": name, "population": population, "active": active}
    changes = {k: v for k, v in wanted.items() if getattr(service, k) != v}
    if not changes:
        return False
    if "name" in changes and _name_taken(service.unit_id, name, other_than=service.id):
        raise DuplicateService(name)
    for key, value in changes.items():
        setattr(service, key, value)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise DuplicateService(name) from None
    audit.record(actor_id, "skm_service.update", "skm_service", service.id, **changes)
    db.session.commit()
    return True


# --- the public questionnaire ---------------------------------------------------------


def open_service(code: str) -> Listed | None:
    """The active service whose questionnaire is /skm/<code>, with its unit's name."""
    code = (code or "").strip().lower()
    if not code or len(code) > 32:
        return None
    row = db.session.execute(
        select(SkmService, OrgUnit.name)
        .join(OrgUnit, OrgUnit.id == SkmService.unit_id)
        .where(SkmService.public_code == code, SkmService.active.is_(True))
    ).first()
    return Listed(*row) if row else None


def already_answered(service_id: int, device_key: str) -> bool:
    return (
        db.session.scalar(
            select(SkmResponse.id)
            .where(SkmResponse.service_id == service_id, SkmResponse.device_key == device_key)
            .limit(1)
        )
        is not None
    )


def granularity() -> str:
    """SKM_PERIOD, or the default when the setting names no known period length."""
    wanted = str(current_app.config.get("SKM_PERIOD") or "").strip().lower()
    if wanted in skm.GRANULARITIES:
        return wanted
    log.warning("SKM_PERIOD=%r is none of %s; using %s", wanted, skm.GRANULARITIES, "semester")
    return DEFAULT_GRANULARITY


@dataclass(frozen=True)
class Answer:
    """What a citizen gave: nine scores 1-4, an optional comment and profile."""

    scores: tuple[int, ...]
    comment: str | None = None
    gender: str | None = None
    age_group: str | None = None
    education: str | None = None
    occupation: str | None = None


def record_answer(service: SkmService, answer: Answer, device_key: str, day: date) -> bool:
    """Store one answer given on `day`; False (nothing stored) when this device already
    answered this service that day, found now or by the constraint in a race."""
    if already_answered(service.id, device_key):
        return False
    problem = skm.scores_problem(answer.scores)
    if problem:
        raise ValueError(problem)
    db.session.add(
        SkmResponse(
            unit_id=service.unit_id,
            service_id=service.id,
            period=skm.period_of(day, granularity()).label,
            answered_on=day,
            comment=answer.comment,
            source="daring",
            gender=answer.gender,
            age_group=answer.age_group,
            education=answer.education,
            occupation=answer.occupation,
            device_key=device_key,
            **{f"u{n}": s for n, s in zip(skm.ELEMENT_NUMBERS, answer.scores, strict=True)},
        )
    )
    try:
        db.session.commit()
    except IntegrityError:  # the same device's other tab, a moment earlier
        db.session.rollback()
        return False
    return True
