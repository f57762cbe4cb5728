"""`## Renungkan` in a module: its case in a box of its own, and the learner's private note
below it (one per learner, course and module; editable; nobody else reads it)."""

from __future__ import annotations

from sqlalchemy import func, select

from elearn.content.parse import parse_course
from elearn.content.source import CourseSource
from elearn.extensions import db
from elearn.models import ReflectionNote, User
from tests.helpers import TEST_PASSWORD, count_queries, csrf_token, login, minimal_course, publish

MODULE = "/courses/kursus-uji/pengantar"
SAVE = f"{MODULE}/reflection"
CASE = "Bang Ucok di loket Kantor Camat Medan Marelan menerima berkas yang kurang."


def reflective_course() -> dict[str, str]:
    files = minimal_course()
    files["01-pengantar.md"] += f"\n## Renungkan\n\n**Kasus.** {CASE}\n\nApa langkah Anda?\n"
    return files


def notes() -> list[tuple[int, str, str]]:
    db.session.remove()
    rows = db.session.execute(
        select(ReflectionNote.user_id, ReflectionNote.module_slug, ReflectionNote.text)
    )
    return [tuple(row) for row in rows]


def save(client, text: str):
    token = csrf_token(client, MODULE)
    return client.post(SAVE, data={"csrf_token": token, "text": text})


def parsed(files: dict[str, str]):
    return parse_course(CourseSource("uji", {k: v.encode() for k, v in files.items()}, "uji"))


def test_the_section_is_cut_out_of_the_text_and_kept_apart():
    spec, problems = parsed(reflective_course())
    assert problems == []
    module = spec.modules[0]
    assert CASE not in module.html and "Renungkan" not in module.html
    assert CASE in module.reflect_html and spec.modules[1].reflect_html is None


def test_an_empty_section_or_one_in_course_md_is_a_problem():
    files = minimal_course()
    files["01-pengantar.md"] += "\n## Renungkan\n\n"
    files["course.md"] += "\n## Renungkan\n\nKasus.\n"
    _, problems = parsed(files)
    texts = {(p.path, p.message.split(":")[0]) for p in problems}
    assert ("uji/01-pengantar.md", "bagian `## Renungkan` kosong") in texts
    assert any(path == "uji/course.md" and "hanya untuk berkas modul" in m for path, m in texts)


def test_the_page_shows_the_box_and_an_empty_note_and_writes_nothing(client, learner, make_course):
    publish(make_course, files=reflective_course())
    page = client.get(MODULE).get_data(as_text=True)
    assert 'id="renungkan"' in page and CASE in page and 'name="text"' in page
    assert page.index(CASE) > page.index("Materi pengantar")
    assert notes() == []
    other = client.get("/courses/kursus-uji/lanjutan").get_data(as_text=True)
    assert 'id="renungkan"' not in other
    assert client.post("/courses/kursus-uji/lanjutan/reflection").status_code in (400, 404)


def test_a_note_is_saved_edited_and_emptied(client, learner, make_course):
    publish(make_course, files=reflective_course())
    user_id = learner.id
    response = save(client, "Saya periksa syarat di depan warga & <b>catat</b>.")
    assert response.status_code == 302 and response.location.endswith("#renungkan")
    text = "Saya periksa syarat di depan warga & <b>catat</b>."
    assert notes() == [(user_id, "pengantar", text)]
    page = client.get(MODULE).get_data(as_text=True)
    assert "warga &amp; &lt;b&gt;catat&lt;/b&gt;." in page and "<b>catat</b>" not in page
    save(client, "Versi kedua.")
    assert notes() == [(user_id, "pengantar", "Versi kedua.")]
    save(client, "   ")
    assert notes() == []


def test_no_csrf_and_too_long_are_refused(client, learner, make_course):
    publish(make_course, files=reflective_course())
    assert client.post(SAVE, data={"text": "Tanpa token."}).status_code == 400
    response = save(client, "x" * 4001)
    assert response.status_code == 302 and notes() == []
    assert "paling panjang 4.000 karakter" in client.get(MODULE).get_data(as_text=True)
    save(client, "x" * 4000)
    assert len(notes()[0][2]) == 4000


def test_another_learner_never_sees_the_note(client, learner, make_user, make_course):
    publish(make_course, files=reflective_course())
    save(client, "Rahasia saya sendiri.")
    make_user("peserta2", full_name="Butet Simanjuntak")
    other = client.application.test_client()
    assert login(other, "peserta2", TEST_PASSWORD).status_code == 302
    assert "Rahasia saya sendiri." not in other.get(MODULE).get_data(as_text=True)


def test_the_note_costs_no_statement_on_the_module_page(client, learner, make_course):
    """It is read with the learner's progress, in one statement (issue 15)."""
    publish(make_course)
    client.get(MODULE)
    with count_queries() as plain:
        client.get(MODULE)
    publish(make_course, files=reflective_course())
    client.get(MODULE)
    with count_queries() as reflective:
        client.get(MODULE)
    assert len(reflective) == len(plain)


def test_notes_go_with_the_learner(client, learner, make_course):
    user_id = learner.id
    publish(make_course, files=reflective_course())
    save(client, "Catatan.")
    assert len(notes()) == 1
    db.session.delete(db.session.get(User, user_id))
    db.session.commit()
    assert db.session.scalar(select(func.count(ReflectionNote.id))) == 0
