"""Re-signing the certificates of a compromised key with the current one (`elearn keys
retire KID --compromised`).

The stored record is what the institution issued: it is signed again unchanged (same
number, same code, the QR codes on printed certificates keep working); only its JWS
changes. Certificates are found by the JWS header the key wrote (one spelling per key)
and taken in batches by id, each batch one transaction: memory stays bounded by the
batch, an interrupted run loses at most its open batch, and running again finds only
what is left. A row whose JWS does not verify against the compromised key with its own
record is left alone and counted: it was altered, and signing it would bless that.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import bindparam, func, select

from .. import audit
from ..extensions import db
from ..models import Certificate
from . import keyring, signing

BATCH_SIZE = 500


@dataclass
class Resigned:
    """What one run did: certificates signed again, and rows left alone (altered)."""

    resigned: int = 0
    altered: int = 0


def withdraw(kid: str) -> str | None:
    """Stop publishing the leaked key `kid` (rotating it away when it signs now) and write
    that to the audit log; the kid of the new signing key when there is one. Raises
    keyring.UnknownKey for a kid this instance never had."""
    replaced_by = keyring.mark_compromised(current_app.instance_path, kid)
    audit.record(None, "signing_key.compromised", "signing_key", None, kid=kid)
    db.session.commit()
    return replaced_by


def resign_all(
    kid: str, size: int = BATCH_SIZE, progress: Callable[[Resigned], None] | None = None
) -> Resigned:
    """Every batch in turn, from the first id; `progress` hears the running totals."""
    total, after_id = Resigned(), 0
    while True:
        done, last_id = resign_batch(kid, after_id, size)
        if last_id is None:
            return total
        total.resigned += done.resigned
        total.altered += done.altered
        after_id = last_id
        if progress is not None:
            progress(total)


def left_to_resign(kid: str) -> int:
    """How many certificates still carry a signature of the key `kid`."""
    prefix = signing.header_part(kid) + "."
    return db.session.scalar(
        select(func.count())
        .select_from(Certificate)
        .where(Certificate.jws.startswith(prefix, autoescape=True))
    )


def resign_batch(kid: str, after_id: int, size: int = BATCH_SIZE) -> tuple[Resigned, int | None]:
    """Sign again up to `size` certificates of the key `kid` with an id above `after_id`,
    and commit; what was done and the last id seen (None: nothing was left)."""
    instance = current_app.instance_path
    old_key = keyring.compromised(instance).get(kid) or keyring.public_key_for(instance, kid)
    new_key = signing.signing_key(instance)
    prefix = signing.header_part(kid) + "."
    rows = db.session.execute(
        select(Certificate.id, Certificate.record, Certificate.jws)
        .where(Certificate.id > after_id, Certificate.jws.startswith(prefix, autoescape=True))
        .order_by(Certificate.id)
        .limit(size)
    ).all()
    if not rows:
        return Resigned(), None
    done, changes = Resigned(), []
    for row in rows:
        if old_key is None or not signing.verify(row.jws, old_key, row.record):
            done.altered += 1
            continue
        changes.append({"cid": row.id, "old": row.jws, "new": signing.sign(row.record, new_key)})
    if changes:
        table = Certificate.__table__
        # Only where the JWS is still the one read: a concurrent run's work is not redone.
        statement = (
            table.update()
            .where(table.c.id == bindparam("cid"), table.c.jws == bindparam("old"))
            .values(jws=bindparam("new"))
        )
        db.session.execute(statement, changes)
    done.resigned = len(changes)
    audit.record(None, "certificate.resign", "signing_key", None, kid=kid, resigned=done.resigned)
    db.session.commit()
    return done, rows[-1].id
