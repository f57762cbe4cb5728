"""xAPI against a real LRS (Ralph, started by the fixture): a learner's events are queued
with the event, `elearn xapi flush` sends them, and Ralph hands back the same statements,
valid by its own model; sending again duplicates nothing; the admin's test reaches it."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select, update

from elearn.extensions import db
from elearn.integrations import status
from elearn.models.xapi import XapiStatement
from tests.helpers import csrf_token, logged_in_client, publish
from tests.helpers.quiz import SLUG, complete_course, course_files, take
from tests.helpers.ralph import HOME, PASSWORD, Ralph, xapi_config

ADL = "http://adlnet.gov/expapi/verbs/"


@pytest.fixture(scope="module")
def lrs(tmp_path_factory):
    server = Ralph(tmp_path_factory.mktemp("ralph"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def app(make_app, lrs):
    """The app under test with xAPI on against Ralph (the twin holds the test's context)."""
    app = make_app(**xapi_config(lrs.endpoint))
    twin = make_app(**xapi_config(lrs.endpoint))
    with twin.app_context():
        yield app


def queued() -> list[XapiStatement]:
    db.session.expire_all()
    return list(db.session.scalars(select(XapiStatement).order_by(XapiStatement.created_at)))


def verbs(rows) -> list[str]:
    return [row.statement["verb"]["id"].rsplit("/", 1)[1] for row in rows]


@pytest.fixture
def studied(client, learner, make_course):
    """The learner opened a module, failed the module quiz once, then completed the course."""
    publish(make_course, SLUG, course_files())
    assert client.get(f"/courses/{SLUG}/pengantar").status_code == 200
    assert take(client, False).passed is False
    complete_course(client)
    return learner


def test_a_learners_events_are_queued_in_order(studied):
    rows = queued()
    assert sorted(verbs(rows)) == sorted(
        ["launched", "experienced"]
        + ["attempted", "failed", "attempted", "passed", "attempted", "passed"]
        + ["completed", "earned"]
    )
    assert all(row.sent_at is None and row.attempts == 0 for row in rows)
    for row in rows:
        actor = row.statement["actor"]
        assert actor == {
            "objectType": "Agent",
            "account": {"homePage": HOME, "name": str(studied.id)},
        }
        assert row.statement["context"]["language"] == "id-ID"
        assert row.statement["id"] == row.id


def test_flush_sends_them_to_ralph_which_returns_the_same(studied, runner, lrs):
    rows = queued()
    lrs.validate([row.statement for row in rows])
    result = runner.invoke(args=["xapi", "flush"])
    assert result.exit_code == 0, result.output
    assert f"Terkirim: {len(rows)};" in result.output
    stored = {s["id"]: s for s in lrs.statements()}
    assert {row.id for row in rows} <= set(stored)
    for row in rows:
        back = stored[row.id]
        for key in ("actor", "verb", "object", "context"):
            assert back[key] == row.statement[key], key
        assert back.get("result") == row.statement.get("result")
    completed = next(stored[r.id] for r in rows if verbs([r]) == ["completed"])
    assert completed["result"]["extensions"] == {
        "https://elearn.example.go.id/xapi/extensions/jp": 3
    }
    passed = [stored[r.id] for r in rows if verbs([r]) == ["passed"]]
    assert passed[0]["result"]["score"] == {"scaled": 1.0, "raw": 3, "min": 0, "max": 3}
    assert passed[0]["result"]["success"] is True
    assert all(row.sent_at is not None for row in queued())
    assert status.statuses()["xapi"].healthy is True
    again = runner.invoke(args=["xapi", "flush"])
    assert again.exit_code == 0 and "Terkirim: 0;" in again.output


def test_sending_the_same_statements_again_stores_no_duplicate(studied, runner, lrs):
    first = runner.invoke(args=["xapi", "flush"])
    assert first.exit_code == 0, first.output
    ours = {row.id for row in queued()}
    before = [s["id"] for s in lrs.statements() if s["id"] in ours]
    # As if the LRS's answer had been lost after it stored them: they go out once more.
    db.session.execute(update(XapiStatement).values(sent_at=None))
    db.session.commit()
    result = runner.invoke(args=["xapi", "flush"])
    assert result.exit_code == 0, result.output
    after = [s["id"] for s in lrs.statements() if s["id"] in ours]
    assert sorted(after) == sorted(before) and len(after) == len(ours)


def test_the_admin_page_shows_the_queue_and_tests_the_lrs(app, make_user, studied):
    make_user("admin", roles=("admin",))
    admin = logged_in_client(app, "admin")
    page = admin.get("/admin/integrasi/").get_data(as_text=True)
    assert "xAPI (LRS)" in page and PASSWORD not in page
    assert "Antrean menunggu" in page and "<dd>10</dd>" in page
    token = csrf_token(admin, "/admin/integrasi/")
    response = admin.post("/admin/integrasi/xapi/uji", data={"csrf_token": token})
    assert response.status_code == 302
    line = status.statuses()["xapi"]
    assert line.healthy is True and "kredensial diterima" in line.last_success


def test_mbox_mode_sends_the_sha1_of_the_email_which_ralph_accepts(
    make_app, make_user, make_course, lrs
):
    site = make_app(**xapi_config(lrs.endpoint), XAPI_ACTOR="mbox")
    make_user("pegawai", email="Pegawai@Example.go.id")
    client = logged_in_client(site, "pegawai")
    publish(make_course, SLUG, course_files())
    assert client.get(f"/courses/{SLUG}/pengantar").status_code == 200
    (row,) = queued()
    digest = hashlib.sha1(b"mailto:pegawai@example.go.id", usedforsecurity=False).hexdigest()
    assert row.statement["actor"] == {"objectType": "Agent", "mbox_sha1sum": digest}
    result = site.test_cli_runner().invoke(args=["xapi", "flush"])
    assert result.exit_code == 0 and "Terkirim: 1;" in result.output
    stored = {s["id"]: s for s in lrs.statements()}
    assert stored[row.id]["actor"]["mbox_sha1sum"] == digest


def test_a_statement_ralph_refuses_holds_up_no_other(studied, runner, lrs):
    rows = queued()
    bad = rows[0]
    broken = {key: value for key, value in bad.statement.items() if key != "actor"}
    db.session.execute(
        update(XapiStatement).where(XapiStatement.id == bad.id).values(statement=broken)
    )
    db.session.commit()
    result = runner.invoke(args=["xapi", "flush"])
    assert result.exit_code == 1
    assert f"Terkirim: {len(rows) - 1}; gagal dikirim: 1" in result.output
    (refused,) = [r for r in queued() if r.sent_at is None]
    assert refused.id == bad.id and refused.attempts == 1 and "LRS menolak" in refused.last_error
    assert bad.id not in {s["id"] for s in lrs.statements()}
