"""Creating, listing, revoking and checking API tokens; the only API module that commits
besides the write services it calls."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select, update

from .. import audit
from ..domain import api as rules
from ..extensions import db
from ..models import ApiToken, OrgUnit
from ..models.base import utcnow


@dataclass(frozen=True)
class TokenRow:
    id: int
    name: str
    prefix: str
    scopes: list[str]
    unit_name: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None

    def active(self, now: datetime) -> bool:
        return rules.usable(self.revoked_at, self.expires_at, now)


def create(
    name: str,
    scopes: list[str],
    unit_id: int,
    expires_at: datetime | None,
    actor_id: int | None,
) -> tuple[ApiToken, str]:
    """Store a new token's hash; return the row and the token, which nobody sees again."""
    token = rules.new_token()
    row = ApiToken(
        name=name,
        prefix=rules.shown_prefix(token),
        token_hash=rules.token_hash(token),
        scopes=" ".join(rules.clean_scopes(scopes)),
        unit_id=unit_id,
        created_by_id=actor_id,
        expires_at=expires_at,
    )
    db.session.add(row)
    db.session.flush()
    audit.record(
        actor_id,
        "api_token.create",
        "api_token",
        row.id,
        name=name,
        scopes=row.scopes,
        unit=unit_id,
    )
    db.session.commit()
    return row, token


def revoke(token_id: int, actor_id: int | None) -> bool:
    """Revoke a token (the row stays for the record); False if it already was or is none."""
    changed = db.session.execute(
        update(ApiToken)
        .where(ApiToken.id == token_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    ).rowcount
    if changed:
        audit.record(actor_id, "api_token.revoke", "api_token", token_id)
    db.session.commit()
    return bool(changed)


def listing() -> list[TokenRow]:
    """Every token, newest first, with its unit's name (one statement)."""
    rows = db.session.execute(
        select(
            ApiToken.id,
            ApiToken.name,
            ApiToken.prefix,
            ApiToken.scopes,
            OrgUnit.name,
            ApiToken.created_at,
            ApiToken.expires_at,
            ApiToken.last_used_at,
            ApiToken.revoked_at,
        )
        .join(OrgUnit, OrgUnit.id == ApiToken.unit_id)
        .order_by(ApiToken.id.desc())
    ).all()
    return [TokenRow(r[0], r[1], r[2], r[3].split(), *r[4:]) for r in rows]


def active_count() -> int:
    now = utcnow()
    return (
        db.session.scalar(
            select(func.count(ApiToken.id)).where(
                ApiToken.revoked_at.is_(None),
                or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > now),
            )
        )
        or 0
    )


def find(token: str) -> ApiToken | None:
    """The usable token row of a presented token, or None (unknown, revoked, expired)."""
    if not rules.looks_like_token(token):
        return None
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == rules.token_hash(token)))
    if row is None or not rules.usable(row.revoked_at, row.expires_at, utcnow()):
        return None
    return row


def touch(row: ApiToken) -> None:
    """Write "last used" if the last write is a minute old; one conditional UPDATE, so two
    workers racing write it once."""
    now = utcnow()
    if not rules.needs_touch(row.last_used_at, now):
        return
    db.session.execute(
        update(ApiToken)
        .where(
            ApiToken.id == row.id,
            or_(
                ApiToken.last_used_at.is_(None),
                ApiToken.last_used_at <= now - rules.TOUCH_INTERVAL,
            ),
        )
        .values(last_used_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
