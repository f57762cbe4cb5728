"""The learner's way through a course (issue 13, item 7): the course page offers the
pre-test without forcing it, marking a module read stays on it, "Lanjutkan" goes to the
next unfinished step, and durations and question counts read the same on every page."""

from __future__ import annotations

import re

from elearn.extensions import db
from elearn.models import Enrollment
from tests.helpers import count_queries, csrf_token, mark_read, minimal_course, publish
from tests.helpers.quiz import SLUG, complete_course, publish_course, start_id, take
from tests.helpers.quiz import course_files as quiz_course

COURSE = f"/courses/{SLUG}"


def lanjutkan(page: str) -> str:
    """Where the page's "Lanjutkan" (or "Mulai belajar") button goes."""
    found = re.search(r'<a class="button" href="([^"]+)">(?:Lanjutkan|Mulai belajar)</a>', page)
    assert found, "no Lanjutkan button"
    return found.group(1)


def status(user_id: int) -> str | None:
    db.session.expire_all()
    return db.session.get(Enrollment, 1).pretest_status


def test_the_course_page_offers_the_pretest_and_reading_stays_allowed(client, learner, make_course):
    publish_course(make_course, pretest=True)
    page = client.get(COURSE)
    assert page.status_code == 200  # no redirect to the pre-test
    text = page.get_data(as_text=True)
    assert "Isi ikhtisar." in text and "Pengantar" in text  # overview and syllabus
    assert "Mulai Prates" in text and "Lewati Prates" in text
    assert "mengukur titik awal Anda" in text and "Prates berisi 2 soal." in text
    module = client.get(f"{COURSE}/pengantar")
    assert module.status_code == 200
    assert "menutup tawaran itu" in module.get_data(as_text=True)
    # opening a module is not studying: the offer stays until taken or skipped ...
    assert "Mulai Prates" in client.get(COURSE).get_data(as_text=True)
    # ... or until a module is marked read, which closes the pre-test as the gate does
    mark_read(client, SLUG, "pengantar")
    text = client.get(COURSE).get_data(as_text=True)
    assert "Mulai Prates" not in text and "Lewati Prates" not in text
    assert "menutup tawaran itu" not in client.get(f"{COURSE}/kuis").get_data(as_text=True)


def test_skipping_from_the_course_page_ends_the_offer(client, learner, make_course):
    publish_course(make_course, pretest=True)
    token = csrf_token(client, COURSE)
    response = client.post(f"{COURSE}/pretest/skip", data={"csrf_token": token})
    assert response.status_code == 302
    assert status(1) == "skipped"
    text = client.get(COURSE).get_data(as_text=True)
    assert "Lewati Prates" not in text
    assert lanjutkan(text) == f"{COURSE}/pengantar"


def test_a_started_pretest_is_offered_to_resume(client, learner, make_course):
    publish_course(make_course, pretest=True)
    client.get(COURSE)
    start_id(client, path=f"{COURSE}/pretest")
    text = client.get(COURSE).get_data(as_text=True)
    assert "Lanjutkan Prates" in text and "Lewati Prates" not in text


def test_no_offer_in_a_course_without_pretest(client, learner, make_course):
    publish_course(make_course)
    text = client.get(COURSE).get_data(as_text=True)
    assert "Prates" not in text
    assert "menutup tawaran itu" not in client.get(f"{COURSE}/pengantar").get_data(as_text=True)


def test_lanjutkan_follows_module_quiz_exam_then_survey(client, learner, make_course):
    publish_course(make_course)
    text = client.get(COURSE).get_data(as_text=True)
    assert lanjutkan(text) == f"{COURSE}/pengantar" and "Mulai belajar" in text
    client.get(f"{COURSE}/kuis")  # opened the later module first: pengantar is still next
    assert lanjutkan(client.get(COURSE).get_data(as_text=True)) == f"{COURSE}/pengantar"
    mark_read(client, SLUG, "pengantar")
    assert lanjutkan(client.get(COURSE).get_data(as_text=True)) == f"{COURSE}/kuis"
    mark_read(client, SLUG, "kuis")
    text = client.get(COURSE).get_data(as_text=True)
    assert lanjutkan(text) == f"{COURSE}/quiz/kuis" and "Kerjakan kuis modul" in text
    assert re.search(
        rf'href="{COURSE}/quiz/kuis">Lanjutkan', client.get("/my").get_data(as_text=True)
    )
    take(client, True)
    text = client.get(COURSE).get_data(as_text=True)
    assert lanjutkan(text) == f"{COURSE}/exam"
    catalog = client.get("/courses").get_data(as_text=True)
    assert re.search(rf'href="{COURSE}/exam">Lanjutkan', catalog)
    take(client, True, module=None)
    my = client.get("/my").get_data(as_text=True)
    assert re.search(rf'href="{COURSE}/survey">Isi survei kepuasan', my)


def test_marking_the_last_module_read_stays_on_it(client, learner, make_course):
    publish(make_course)
    response = mark_read(client, "kursus-uji", "lanjutan")
    assert response.headers["Location"].endswith("/courses/kursus-uji/lanjutan#kuis-modul")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "ditandai selesai dibaca" in page


def drawn(files: dict[str, str]) -> dict[str, str]:
    """The quiz course with its exam and module quiz drawing from larger pools."""
    files["course.md"] = files["course.md"].replace(
        "---\n\n# Tentang", "exam:\n  draw: 1\n---\n\n# Tentang"
    )
    files["02-kuis.md"] = files["02-kuis.md"].replace(
        "  attempts: 3\n", "  attempts: 3\n  draw: 2\n"
    )
    return files


def test_question_counts_say_drawn_of_pool_everywhere(client, learner, make_course):
    publish(make_course, SLUG, drawn(quiz_course()))
    course = client.get(COURSE).get_data(as_text=True)
    assert "Kuis 2 dari 3 soal" in course
    assert "Ujian Akhir berisi soal dari semua modul (1 dari 2 soal)" in course
    assert "Modul ini selesai setelah kuisnya lulus (2 dari 3 soal)" in client.get(
        f"{COURSE}/kuis"
    ).get_data(as_text=True)
    assert "1 dari 2 soal" in client.get("/courses").get_data(as_text=True)
    assert "Ujian Akhir 1 dari 2 soal" in client.get("/my").get_data(as_text=True)


def test_duration_reads_jp_and_minutes_on_every_page(client, learner, make_course):
    publish(make_course)  # 2 JP; modules of 15 and 20 minutes
    for path in ("/courses", "/courses/kursus-uji"):
        assert "2 JP (35 menit)" in client.get(path).get_data(as_text=True), path
    assert "2 JP (35 menit)" in client.get("/my").get_data(as_text=True)
    assert "15 menit" in client.get("/courses/kursus-uji/pengantar").get_data(as_text=True)
    course = client.get("/courses/kursus-uji").get_data(as_text=True)
    assert "15 menit" in course and "20 menit" in course


def test_course_page_queries_do_not_grow_with_modules(client, learner, make_course):
    publish(make_course)
    mark_read(client, "kursus-uji", "pengantar")
    with count_queries() as few:
        client.get("/courses/kursus-uji")
    extra = "---\ntitle: Tambahan\nminutes: 5\nquiz:\n  draw: 1\n---\n\nIsi.\n\n## Kuis\n\n"
    extra += "### Satu? {#satu}\n- [x] Ya\n- [ ] Tidak\n\n### Dua? {#dua2}\n- [x] Ya\n- [ ] Tidak\n"
    publish(make_course, files=minimal_course(extra_module=extra))
    mark_read(client, "kursus-uji", "tambahan")
    with count_queries() as many:
        page = client.get("/courses/kursus-uji").get_data(as_text=True)
    assert "Kuis 1 dari 2 soal" in page
    assert few and len(many) == len(few)


def test_a_completed_course_card_offers_the_survey_once(client, learner, make_course):
    publish_course(make_course)
    complete_course(client)
    my = client.get("/my").get_data(as_text=True)
    assert "Isi survei kepuasan" in my and "Lanjutkan" not in my
