"""After a signing key leaked: `elearn keys retire KID --compromised` withdraws it from the
JWKS, signs its certificates again with the current key (in batches, resumable, idempotent),
and until then the public verify page says, in Bahasa Indonesia, why the signature cannot be
trusted. On SQLite and PostgreSQL alike (the suite's database)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from elearn.certificates import keyring, resign
from elearn.extensions import db
from elearn.models import AuditLog, Certificate
from tests.helpers import count_queries
from tests.helpers.backups import elearn, emptied_database, kid, kids_published, verified
from tests.helpers.certificates import publish, set_certificate
from tests.helpers.keys import issue_certificates, jws_of, verify_json, verify_page

LEAK_NOTICE = "dicabut karena bocor"


@pytest.fixture
def signed_before_and_after(app, make_course):
    """Three certificates signed with a key that was then rotated away, and one after."""
    publish(make_course)
    before = issue_certificates(3)
    assert elearn(app, "keys", "rotate").exit_code == 0
    after = issue_certificates(1, first=3)
    return before, after[0]


def retire(app, leaked: str):
    # A kid may start with "-" (base64url): "--" ends the options, as the runbook says.
    return elearn(app, "keys", "retire", "--compromised", "--", leaked)


def certificate(certificate_id: int) -> Certificate:
    db.session.expire_all()
    return db.session.get(Certificate, certificate_id)


def test_a_leaked_retired_key_is_withdrawn_and_its_certificates_signed_again(
    app, signed_before_and_after
):
    before, after = signed_before_and_after
    leaked, current = kid(certificate(before[0])), kid(certificate(after))
    assert kids_published(app) == [current, leaked]
    records = {cid: certificate(cid).record for cid in before}
    codes = {cid: certificate(cid).code for cid in before}
    after_jws = jws_of(after)

    result = elearn(app, "keys", "retire", "--compromised", "--batch-size", "2", "--", leaked)
    assert result.exit_code == 0, result.output
    assert f"Kunci {leaked} tidak lagi diterbitkan" in result.output
    assert "Selesai: 3 sertifikat ditandatangani ulang" in result.output

    assert kids_published(app) == [current]
    client = app.test_client()
    for cid in before:
        again = certificate(cid)
        assert kid(again) == current
        assert (again.record, again.code) == (records[cid], codes[cid])  # the QR codes hold
        body = verify_json(client, cid)
        assert body["signature_valid"] is True and "signature_problem" not in body
    assert jws_of(after) == after_jws  # not touched
    assert "dicabut karena bocor" in elearn(app, "keys", "list").output


def test_a_leaked_current_key_is_replaced_before_anything_else(app, make_course):
    publish(make_course)
    [cid] = issue_certificates(1)
    leaked = kid(certificate(cid))
    result = retire(app, leaked)
    assert result.exit_code == 0, result.output
    assert f"Kunci {leaked} sedang aktif: diganti dengan kunci baru" in result.output
    [new] = kids_published(app)
    assert new != leaked and kid(certificate(cid)) == new
    # What is issued from now on carries the new key.
    [later] = issue_certificates(1, first=1)
    assert kid(certificate(later)) == new


def test_until_signed_again_the_verify_page_says_the_key_leaked(app, signed_before_and_after):
    before, after = signed_before_and_after
    leaked = kid(certificate(before[0]))
    resign.withdraw(leaked)  # the key is out, the re-signing has not run yet
    client = app.test_client()
    body = verify_json(client, before[0])
    assert body["signature_valid"] is False
    assert body["signature_problem"] == "key_compromised"
    page = verify_page(client, before[0])
    assert LEAK_NOTICE in page and "belum dapat dipercaya" in page
    assert "cocok dengan kunci publik institusi" not in page
    assert verify_json(client, after)["signature_valid"] is True  # other keys unaffected

    resign.resign_all(leaked)
    page = verify_page(client, before[0])
    assert LEAK_NOTICE not in page and "cocok dengan kunci publik institusi" in page


def test_batches_are_bounded_resumable_and_idempotent(app, signed_before_and_after):
    before, _ = signed_before_and_after
    leaked = kid(certificate(before[0]))
    resign.withdraw(leaked)
    assert resign.left_to_resign(leaked) == 3

    # An interrupted run: one batch of two committed, then the process died.
    done, last_id = resign.resign_batch(leaked, 0, size=2)
    assert (done.resigned, last_id) == (2, before[1])
    assert resign.left_to_resign(leaked) == 1

    with count_queries() as statements:
        total = resign.resign_all(leaked, size=2)  # run again: only what is left
    assert (total.resigned, total.altered) == (1, 0)
    # One batch: its SELECT, one UPDATE for the batch, the audit row; then the empty SELECT.
    writes = [s for s in statements if s.lstrip().upper().startswith(("UPDATE", "INSERT"))]
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(writes) == 2 and len(selects) == 2, statements
    assert "LIMIT" in selects[0].upper()  # a batch in memory, never the whole table

    jws = {cid: jws_of(cid) for cid in before}
    assert resign.resign_all(leaked).resigned == 0  # once more: nothing to do
    assert {cid: jws_of(cid) for cid in before} == jws
    actions = db.session.scalars(select(AuditLog.action).order_by(AuditLog.id)).all()
    assert actions[0] == "signing_key.compromised" and "certificate.resign" in actions


def test_an_altered_row_is_not_blessed_with_a_new_signature(app, signed_before_and_after):
    before, _ = signed_before_and_after
    leaked = kid(certificate(before[0]))
    forged = {**certificate(before[0]).record, "jp": 99}
    set_certificate(before[0], record=forged)
    result = retire(app, leaked)
    assert result.exit_code == 0, result.output
    assert "Selesai: 2 sertifikat" in result.output
    assert "1 sertifikat tidak cocok dengan tanda tangannya sendiri" in result.output
    assert kid(certificate(before[0])) == leaked  # still the old signature: still refused
    assert verify_json(app.test_client(), before[0])["signature_valid"] is False


def test_refusals_are_one_clear_line(app, signed_before_and_after):
    before, _ = signed_before_and_after
    leaked = kid(certificate(before[0]))
    plain = elearn(app, "keys", "retire", "--", leaked)
    assert plain.exit_code == 2 and "tambahkan --compromised" in plain.output
    unknown = elearn(app, "keys", "retire", "tidakAdaKunci123", "--compromised")
    assert unknown.exit_code == 1 and "tidak dikenal instance ini" in unknown.output
    assert leaked in kids_published(app)  # nothing changed


def test_a_backup_taken_afterwards_keeps_the_key_withdrawn(
    app, make_app, signed_before_and_after, tmp_path
):
    before, after = signed_before_and_after
    leaked = kid(certificate(before[0]))
    result = retire(app, leaked)
    assert result.exit_code == 0, result.output
    published = kids_published(app)
    dest = tmp_path / "cadangan"
    assert elearn(app, "backup", str(dest)).exit_code == 0
    assert (dest / "keys" / keyring.COMPROMISED_DIR / f"{leaked}.pem").is_file()

    with emptied_database(app):
        fresh = make_app(INSTANCE_PATH=str(tmp_path / "baru"))
        result = elearn(fresh, "restore", str(dest))
        assert result.exit_code == 0, result.output
        assert kids_published(fresh) == published and leaked not in published
        assert leaked in keyring.compromised(tmp_path / "baru")
        for cid in (*before, after):
            assert verified(fresh, certificate(cid))[:2] == ("valid", True)
