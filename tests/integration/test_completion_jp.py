"""Module and course completion, versions, and JP credited per calendar year on /my."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from elearn.domain.jp import credit_year
from elearn.extensions import db
from elearn.models import Course, CourseCompletion, CourseVersion
from elearn.progress import services as progress_services
from tests.helpers import count_queries, csrf_token, login, mark_read, publish
from tests.helpers.quiz import (
    SLUG,
    answers,
    attempt_row,
    complete_course,
    course_files,
    publish_course,
    send,
    set_deadline,
    start,
    start_id,
    take,
)


def completions() -> list[CourseCompletion]:
    db.session.expire_all()
    return list(db.session.scalars(select(CourseCompletion).order_by(CourseCompletion.id)))


def live_version_id(slug=SLUG) -> int:
    db.session.expire_all()
    return db.session.scalar(select(Course.live_version_id).where(Course.slug == slug))


def text_of(client, path) -> str:
    return re.sub(r"\s+", " ", client.get(path).get_data(as_text=True))


def test_course_completes_only_after_every_module_and_the_exam(client, learner, make_course):
    publish_course(make_course, jp=3)
    page = text_of(client, f"/courses/{SLUG}")
    assert "0 dari 2 modul (0%)" in page
    assert "Selesaikan semua modul lebih dulu" in page

    mark_read(client, SLUG, "pengantar")  # a module without a quiz: complete when read
    assert "1 dari 2 modul (50%)" in text_of(client, f"/courses/{SLUG}")
    mark_read(client, SLUG, "kuis")  # a module with a quiz: reading is not enough
    page = text_of(client, f"/courses/{SLUG}")
    assert "1 dari 2 modul (50%)" in page and "Sudah dibaca · kuis belum lulus" in page
    assert take(client, right=False).passed is False
    assert "1 dari 2 modul (50%)" in text_of(client, f"/courses/{SLUG}")
    assert take(client, right=True).passed is True
    page = text_of(client, f"/courses/{SLUG}")
    assert "2 dari 2 modul (100%)" in page and "Buka Ujian Akhir" in page
    assert completions() == []  # all modules, but the final exam is not passed yet

    assert take(client, right=False, module=None).passed is False
    assert completions() == []
    exam = take(client, right=True, module=None)
    assert exam.passed is True
    [done] = completions()
    assert done.version_id == live_version_id()
    assert done.year == credit_year(done.completed_at, "Asia/Jakarta")
    assert (done.jp, done.final_score, done.pretest_score) == (3, 100, None)
    result = text_of(client, f"/attempts/{exam.id}")
    assert f"Selamat! Kursus ini selesai dan 3 JP dicatat untuk tahun {done.year}." in result
    assert "Isi survei kepuasan" in result
    page = text_of(client, f"/courses/{SLUG}")
    assert "<strong>Selesai</strong>" in page
    assert f"3 JP dicatat untuk tahun {done.year}." in page
    # nothing more to do: the exam is passed and is not offered again
    assert start(client, module=None).status_code == 409
    assert len(completions()) == 1


def test_completion_is_recorded_whichever_step_comes_last(client, learner, make_course):
    # The final exam opens only after every module (tests/integration/test_gates.py), so
    # the steps that can come in any order are the modules'.
    publish_course(make_course, exam=False)
    assert take(client, right=True).passed
    assert completions() == []
    mark_read(client, SLUG, "pengantar")  # the last step is reading a module
    [done] = completions()
    assert done.final_score is None


def test_a_course_without_exam_completes_with_its_modules(client, learner, make_course):
    publish_course(make_course, exam=False, jp=2)
    mark_read(client, SLUG, "pengantar")
    assert completions() == []
    take(client, right=True)
    [done] = completions()
    assert (done.jp, done.final_score) == (2, None)


def test_a_late_pass_does_not_complete(client, learner, make_course):
    publish_course(make_course, exam=False)
    mark_read(client, SLUG, "pengantar")
    attempt_id = start_id(client)
    set_deadline(attempt_id, -timedelta(minutes=5))
    send(client, attempt_id, answers(attempt_row(attempt_id), True))
    assert attempt_row(attempt_id).late is True
    assert completions() == []


def test_a_completing_submission_reads_the_passed_sections_once(client, learner, make_course):
    publish_course(make_course)
    mark_read(client, SLUG, "pengantar")
    assert take(client, True).passed
    attempt_id = start_id(client, module=None)
    data = answers(attempt_row(attempt_id), True)
    token = csrf_token(client, "/my")
    with count_queries() as statements:
        assert send(client, attempt_id, data, token=token).status_code == 302
    assert len(completions()) == 1
    assert sum("DISTINCT quiz_attempts.section" in s for s in statements) == 1


def republish(folder, make_course, slug=SLUG, **edits):
    for name, (old, new) in edits.items():
        path = folder / name
        path.write_text(path.read_text().replace(old, new))
    publish(make_course, slug, {})


def test_a_new_version_keeps_the_completion(client, learner, make_course):
    folder = publish_course(make_course)
    first_version = live_version_id()
    complete_course(client)
    republish(
        folder,
        make_course,
        **{
            "01-pengantar.md": ("Bacaan.", "Bacaan yang diperbarui."),
            "course.md": ("jp: 3", "jp: 4"),
        },
    )
    assert live_version_id() != first_version
    assert db.session.scalar(select(func.count(CourseVersion.id))) == 2
    [done] = completions()
    assert (done.version_id, done.jp) == (first_version, 3)
    page = text_of(client, f"/courses/{SLUG}")
    assert "<strong>Selesai</strong>" in page and "3 JP dicatat" in page
    assert "2 dari 2 modul (100%)" in page
    my = text_of(client, "/my")
    assert my.index("<h2>Selesai</h2>") < my.index("Kursus Kuis")


def test_progress_on_an_old_version_counts_toward_the_new_one(client, learner, make_course):
    folder = publish_course(make_course)
    first_version = live_version_id()
    mark_read(client, SLUG, "pengantar")
    assert take(client, right=True).passed
    # the trainer rewrites both modules (same file names, so the same module ids),
    # adds a module and changes the exam
    (folder / "03-penutup.md").write_text("---\ntitle: Penutup\n---\n\n# Penutup\n\nAkhir.\n")
    republish(
        folder,
        make_course,
        **{
            "01-pengantar.md": ("Bacaan.", "Bacaan baru."),
            "02-kuis.md": ("Materi tentang", "Materi yang ditulis ulang tentang"),
            "course.md": ("- [ ] Hijau", "- [ ] Merah"),
        },
    )
    second_version = live_version_id()
    assert second_version != first_version
    page = text_of(client, f"/courses/{SLUG}")
    assert "2 dari 3 modul (66%)" in page
    assert page.count("✓ Selesai") == 2
    assert start(client, module=None).status_code == 409  # the new module is still unread
    mark_read(client, SLUG, "penutup")
    assert completions() == []  # the changed exam is still to pass
    assert take(client, right=True, module=None).passed
    [done] = completions()
    assert done.version_id == second_version
    assert "3 dari 3 modul (100%)" in text_of(client, f"/courses/{SLUG}")


def test_my_lists_the_completed_course_and_its_jp(client, learner, make_course):
    publish_course(make_course, jp=3)
    publish_course(make_course, slug="kursus-lain", title="Kursus Lain", jp=5)
    client.get("/courses/kursus-lain/pengantar")
    complete_course(client)
    year = completions()[0].year
    page = text_of(client, "/my")
    finished = page[page.index("<h2>Selesai</h2>") :]
    in_progress = page[page.index("<h2>Sedang berjalan</h2>") : page.index("<h2>Selesai</h2>")]
    assert "Kursus Kuis" in finished and "Kursus Lain" not in finished
    assert "Kursus Lain" in in_progress and "Kursus Kuis" not in in_progress
    assert "✓ Selesai" in finished and "3 JP" in finished
    assert f"Jam Pelajaran (JP) tahun {year}" in page
    assert '<progress max="20" value="3"' in page
    assert "3 dari 20 JP" in page
    assert "Masih 17 JP lagi untuk memenuhi target tahunan." in page
    assert f"<tr><td>{year}</td><td>3</td></tr>" in page


def test_the_annual_target_comes_from_config(make_app, client, learner, make_course):
    publish_course(make_course, jp=3)
    complete_course(client)
    for target, expected in ((3, "Target JP tahun ini sudah terpenuhi."), (5, "Masih 2 JP lagi")):
        other = make_app(ANNUAL_JP_TARGET=target).test_client()
        assert login(other).status_code == 302
        page = text_of(other, "/my")
        assert f"3 dari {target} JP" in page
        assert expected in page
    page = text_of(client, "/my")
    assert "3 dari 20 JP" in page  # the default


def complete_at(client, monkeypatch, moment: datetime, slug: str):
    """Complete a course with the clock of the completion set to `moment` (UTC)."""
    mark_read(client, slug, "pengantar")
    assert take(client, True, slug).passed
    monkeypatch.setattr(progress_services, "utcnow", lambda: moment)
    assert take(client, True, slug, None).passed
    monkeypatch.undo()


def test_jp_is_credited_in_the_year_of_completion_in_jakarta(
    client, learner, make_course, monkeypatch
):
    publish_course(make_course, slug="akhir-tahun", title="Akhir Tahun", jp=2)
    publish_course(make_course, slug="tahun-baru", title="Tahun Baru", jp=3)
    publish_course(make_course, slug="tahun-baru-lagi", title="Tahun Baru Lagi", jp=4)
    publish_course(make_course, slug="sekarang", title="Sekarang", jp=1)
    # 23.59 WIB on 31 December 2019 is still 2019 ...
    complete_at(client, monkeypatch, datetime(2019, 12, 31, 16, 59, tzinfo=UTC), "akhir-tahun")
    # ... 00.00 WIB on 1 January 2020 is 2020, though it is still 2019 in UTC
    complete_at(client, monkeypatch, datetime(2019, 12, 31, 17, 0, tzinfo=UTC), "tahun-baru")
    complete_at(client, monkeypatch, datetime(2020, 6, 1, 3, 0, tzinfo=UTC), "tahun-baru-lagi")
    complete_course(client, "sekarang")
    by_slug = {
        slug: (year, jp, completed_at)
        for slug, year, jp, completed_at in db.session.execute(
            select(
                Course.slug,
                CourseCompletion.year,
                CourseCompletion.jp,
                CourseCompletion.completed_at,
            ).join(Course, Course.id == CourseCompletion.course_id)
        )
    }
    assert by_slug["akhir-tahun"][:2] == (2019, 2)
    assert by_slug["tahun-baru"][:2] == (2020, 3)
    assert by_slug["tahun-baru"][2] == datetime(2019, 12, 31, 17, 0, tzinfo=UTC)
    assert by_slug["tahun-baru-lagi"][:2] == (2020, 4)
    this_year = by_slug["sekarang"][0]
    assert this_year == datetime.now(ZoneInfo("Asia/Jakarta")).year
    page = text_of(client, "/my")
    assert "1 dari 20 JP" in page  # only this year's completion counts toward the target
    rows = re.findall(r"<tr><td>(\d{4})</td><td>(\d+)</td></tr>", page)
    assert rows == [(str(this_year), "1"), ("2020", "7"), ("2019", "2")]  # newest first


def test_my_query_count_does_not_grow_with_courses(client, learner, make_course):
    publish_course(make_course, slug="kursus-1", title="Kursus 1")
    complete_course(client, "kursus-1")
    with count_queries() as few:
        client.get("/my")
    publish_course(make_course, slug="kursus-2", title="Kursus 2")
    complete_course(client, "kursus-2")
    publish_course(make_course, slug="kursus-3", title="Kursus 3")
    mark_read(client, "kursus-3", "pengantar")
    take(client, False, "kursus-3")
    publish_course(make_course, slug="kursus-4", title="Kursus 4")
    client.get("/courses/kursus-4/kuis")
    publish(make_course, "kursus-5", course_files(title="Kursus 5", exam=False))
    complete_course_without_exam(client, "kursus-5")
    with count_queries() as many:
        page = client.get("/my").get_data(as_text=True)
    assert all(f"Kursus {n}" in page for n in range(1, 6))
    assert few and len(many) == len(few)


def complete_course_without_exam(client, slug):
    mark_read(client, slug, "pengantar")
    assert take(client, True, slug).passed
