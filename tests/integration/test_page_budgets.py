"""The learner pages' SQL budgets (issue 15): statements per request for a logged-in learner
past the pre-test gate, and no write when a page changes nothing. Budgets are counts, never
timings; bench/README.md states the same numbers and bench/http.py measures the throughput."""

from __future__ import annotations

import pytest

from tests.helpers import count_queries, csrf_token, logged_in_client, login, mark_read, publish
from tests.helpers import skm as rows
from tests.helpers.quiz import SLUG, answers, attempt_row, course_files, start_id
from tests.helpers.skm_public import answer, form_tokens

WRITES = ("INSERT", "UPDATE", "DELETE")
MODULE = f"/courses/{SLUG}/pengantar"

# Statements per request, each page's ceiling (bench/README.md lists the same). Measured
# before issue 15: module 19 (one of them a write), catalog 15, course 23, my 13, quiz 7,
# attempt 9, submit 19; at the first cut of issue 15 catalog 10, course 9, my 10; at the
# previous stop (7e7a5c8) catalog 7, course 7, my 8, submit 10.
BUDGETS = {
    # 3 when the resume pointer stays, 4 when it moves; +1 since issue 17: the questions'
    # count and pinned Tanya-jawab in one statement.
    "module": 5,
    "questions": 4,  # the module's question thread: loader, visit, the thread
    "catalog": 6,
    "course": 6,
    "my": 7,
    "quiz": 3,
    "attempt": 4,
    "submit": 9,
}


def writes(statements: list[str]) -> list[str]:
    return [s for s in statements if s.lstrip().split(None, 1)[0].upper() in WRITES]


@pytest.fixture
def studying(client, learner, make_course):
    """The quiz course with a pre-test (skipped) and a `## Renungkan` box in its first
    module, which the learner has read and written a note on."""
    files = course_files(pretest=True)
    files["01-pengantar.md"] += (
        "\n## Renungkan\n\n**Kasus.** Antrean panjang.\n\nApa langkah Anda?\n"
    )
    publish(make_course, SLUG, files)
    token = csrf_token(client, f"/courses/{SLUG}/pretest")
    assert client.post(f"/courses/{SLUG}/pretest/skip", data={"csrf_token": token}).status_code
    mark_read(client, SLUG, "pengantar")
    token = csrf_token(client, MODULE)
    client.post(f"{MODULE}/reflection", data={"csrf_token": token, "text": "Catatan saya."})
    client.get(MODULE)  # the resume pointer is on this module now
    return client


def counted(client, path: str, data: dict | None = None) -> list[str]:
    with count_queries() as statements:
        if data is None:
            response = client.get(path)
            assert response.status_code == 200, path
        else:
            response = client.post(path, data=data)
            assert response.status_code == 302, path
    return statements


def measure(client) -> dict[str, list[str]]:
    """The statements of each learner page, in the order a learner meets them."""
    counts = {
        "module": counted(client, MODULE),
        "catalog": counted(client, "/courses"),
        "course": counted(client, f"/courses/{SLUG}"),
        "my": counted(client, "/my"),
        "quiz": counted(client, f"/courses/{SLUG}/quiz/kuis"),
        "questions": counted(client, f"{MODULE}/tanya"),
    }
    attempt_id = start_id(client)
    counts["attempt"] = counted(client, f"/attempts/{attempt_id}")
    data = {**answers(attempt_row(attempt_id), True), "action": "submit"}
    data["csrf_token"] = csrf_token(client, "/my")
    counts["submit"] = counted(client, f"/attempts/{attempt_id}", data)
    return counts


def test_every_learner_page_keeps_its_statement_budget(studying):
    counts = measure(studying)
    over = {
        name: [" ".join(s.split())[:120] for s in statements]
        for name, statements in counts.items()
        if len(statements) > BUDGETS[name]
    }
    assert over == {}


def test_a_module_page_that_changes_nothing_writes_nothing(studying):
    first = counted(studying, MODULE)
    again = counted(studying, MODULE)
    assert writes(first) == [] and writes(again) == []


def test_the_user_loader_is_one_statement(studying):
    """The session, the user, their roles and the header's unread notices together."""
    statements = counted(studying, MODULE)
    loader = [
        s for s in statements if any(t in s for t in ("user_sessions", "user_roles", "notices"))
    ]
    assert len(loader) == 1 and "users" in loader[0]


def test_moving_to_another_module_writes_the_pointer_and_reloads_nothing(studying):
    statements = counted(studying, f"/courses/{SLUG}/kuis")
    assert [s.split()[0] for s in writes(statements)] == ["UPDATE"]
    assert len(statements) <= BUDGETS["module"]
    my = studying.get("/my").get_data(as_text=True)
    assert f"/courses/{SLUG}/kuis" in my  # "Lanjutkan" goes where the learner was


def test_the_version_is_read_once_per_worker_and_a_publish_shows_at_once(studying, make_course):
    statements = counted(studying, MODULE)
    assert not [s for s in statements if "FROM modules" in s or "FROM course_versions" in s]
    files = course_files(pretest=True)
    files["01-pengantar.md"] = files["01-pengantar.md"].replace("Bacaan.", "Bacaan edisi kedua.")
    publish(make_course, SLUG, files)
    assert "Bacaan edisi kedua." in studying.get(MODULE).get_data(as_text=True)


# SKM (issue 18): HR's services pages and the public questionnaire, whose statements do
# not grow with the number of services or answers. +1 on the public pages for the site's
# public/private setting, read at most once per 30 s per worker.
SKM_PUBLIC_BUDGETS = {"services": 3, "edit": 2, "poster": 2, "qr": 2, "open": 3, "send": 4}


def test_skm_pages_keep_their_budget_and_write_only_the_answer(app, make_user, org):
    app.config["SKM_MIN_FILL_SECONDS"] = 0
    make_user("hr", ("hr",), scope_unit_id=org["KOTA-A"])
    service = rows.service(org["KEL-A1"], population=100)
    for number in range(5):
        rows.service(org["PKM-A1"], f"Layanan {number}")
        rows.responses(org["KEL-A1"], "2026-S1", (3,) * 9, count=3, service_id=service.id)
    hr = logged_in_client(app, "hr")
    base = f"/hr/skm/layanan/{service.id}"
    pages = {"services": "/hr/skm/layanan", "edit": base, "poster": f"{base}/poster"}
    counts = {name: counted(hr, path) for name, path in {**pages, "qr": f"{base}/qr.png"}.items()}
    citizen = app.test_client()
    counts["open"] = counted(citizen, f"/skm/{service.public_code}")
    tokens = form_tokens(citizen, service.public_code)
    with count_queries() as statements:
        assert answer(citizen, service.public_code, tokens=tokens).status_code == 303
    counts["send"] = statements
    over = {name: s for name, s in counts.items() if len(s) > SKM_PUBLIC_BUDGETS[name]}
    assert over == {}
    assert [name for name, s in counts.items() if writes(s)] == ["send"]
    assert [s.split()[0] for s in writes(counts["send"])] == ["INSERT"]


# HR's SKM import pages (issue 18): the form reads only the user; the preview adds the
# scope's unit codes, their services and the rows a re-import replaces, whatever the file.
SKM_IMPORT_BUDGETS = {"form": 1, "sample": 1, "preview": 4}


def test_skm_import_pages_keep_their_statement_budget(app, make_user, org):
    from tests.helpers.skm_import import FORM, data, officer, preview_path, upload

    client = officer(app, make_user, org)
    preview = preview_path(upload(client, data("responden.csv"), "responden.csv"))
    paths = {"form": FORM, "sample": f"{FORM}/contoh.csv?bentuk=ringkasan", "preview": preview}
    counts = {name: counted(client, path) for name, path in paths.items()}
    assert {n: len(s) for n, s in counts.items() if len(s) > SKM_IMPORT_BUDGETS[n]} == {}
    assert [writes(s) for s in counts.values()] == [[], [], []]


# The HR pages of the citizens' satisfaction survey (issue 18): statements per request for an
# HR officer of the whole government, whatever the number of units, respondents and staff.
# Each: the user loader; the periods (1), the results (3), the threshold (1), the mapping (2),
# then one grouped statement each for unit names, comment counts, front-line staff and
# existing assignments; a unit adds its scope check, its row and a page of comments.
SKM_BUDGETS = {"overview": 12, "unit": 15, "assign": 15, "mapping": 4}


def test_the_skm_pages_keep_their_statement_budget(app, client, make_user, org):
    from tests.helpers.reports import viewer
    from tests.helpers.skm_weak import PERIOD, build

    world = build(org)
    viewer(make_user, client, org, name="hr-anggrek", scope="KOTA-A")
    unit = org["KEL-A1"]
    pages = {
        "overview": "/hr/skm",
        "unit": f"/hr/skm/unit/{unit}?period={PERIOD}",
        "assign": f"/hr/skm/unit/{unit}/wajibkan/{world['prima']}?period={PERIOD}",
    }
    counts = {name: counted(client, path) for name, path in pages.items()}
    make_user("admin", ("admin",))
    admin = app.test_client()
    login(admin, "admin")
    counts["mapping"] = counted(admin, "/admin/skm/pemetaan")
    over = {
        name: [" ".join(s.split())[:120] for s in statements]
        for name, statements in counts.items()
        if len(statements) > SKM_BUDGETS[name] or writes(statements)
    }
    assert over == {}


# HR pages of the citizens' satisfaction survey (issue 18): statements per request, the same
# for one unit or the whole government (bench/skm_impact.py times them at 100,000 learners).
SKM_IMPACT_BUDGETS = {
    # loader, live courses (picker), results (3), unit names, training per unit
    "/hr/skm/dampak": 7,
    # loader, unit scope check and row, live courses, the unit's courses, results (3), staff
    "/hr/skm/dampak?unit={kel}&element=7": 9,
    "/hr/skm/dampak.xlsx?unit={kel}": 9,
}


def test_skm_impact_pages_keep_their_statement_budget(app, org, make_user):
    from tests.helpers import logged_in_client
    from tests.helpers.skm_impact import build_world

    build_world(org, make_user)
    client = logged_in_client(app, "hr-a")
    over = {}
    for path, budget in SKM_IMPACT_BUDGETS.items():
        statements = counted(client, path.format(kel=org["KEL-A1"]))
        if len(statements) > budget:
            over[path] = [" ".join(s.split())[:120] for s in statements]
    assert over == {}


def test_the_hr_recognition_pages_keep_their_statement_budget(make_user, client, org):
    """/hr/penghargaan and its print version (issue 18): see tests/helpers/recognition.py."""
    from tests.helpers.recognition import RECOGNITION_BUDGETS, build
    from tests.helpers.reports import viewer

    build(org)
    viewer(make_user, client, org)
    over = {
        path: len(statements)
        for path, statements in ((p, counted(client, p)) for p in RECOGNITION_BUDGETS)
        if len(statements) > RECOGNITION_BUDGETS[path] or writes(statements)
    }
    assert over == {}
