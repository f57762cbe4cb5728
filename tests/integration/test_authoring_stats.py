"""/author/<slug>/stats: course figures, where learners stop, item statistics, comments,
who may look, and a query count that does not grow with the learners."""

from __future__ import annotations

import re
from datetime import datetime
from html import unescape
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from elearn.authoring.access import add_author
from elearn.extensions import db
from elearn.models import (
    Course,
    CourseCompletion,
    Enrollment,
    ModuleProgress,
    Question,
    QuizAttempt,
    SurveyResponse,
    User,
)
from elearn.publishing.folders import import_paths
from tests.helpers import count_queries, login

SLUG = "statistik-uji"
WIB = ZoneInfo("Asia/Jakarta")
URL = f"/author/{SLUG}/stats"

FILES = {
    "course.md": "---\ntitle: Kursus Statistik\nsummary: Uji statistik.\njp: 2\n"
    "category: uji-coba\ncompetencies:\n  integritas: 1\npretest: true\n---\n\n"
    "# Tentang\n\nIsi.\n\n"
    "## Ujian Akhir\n\n### Ibu kota Indonesia? {#e1}\n- [x] Jakarta\n- [ ] Bandung\n- [ ] Medan\n\n"
    "### Tulis angka tiga. {#e2}\n= tiga\n= 3\n",
    "01-satu.md": "---\ntitle: Satu\nminutes: 10\n---\n\n# Satu\n\nMateri satu.\n\n## Kuis\n\n"
    "### Dua tambah dua? {#s1}\n- [x] Empat\n- [ ] Lima\n",
    "02-dua.md": "---\ntitle: Dua\nminutes: 10\n---\n\n# Dua\n\nMateri dua.\n\n## Kuis\n\n"
    "### Pilih bilangan genap. {#d1}\n- [x] Dua\n- [x] Empat\n- [ ] Tiga\n",
    "03-tiga.md": "---\ntitle: Tiga\nminutes: 10\n---\n\n# Tiga\n\nMateri tiga, tanpa kuis.\n",
}


def wib(*args) -> datetime:
    return datetime(*args, tzinfo=WIB)


def frozen(version_id: int, section: str) -> list[dict]:
    """The questions as quiz/services._snapshot freezes them (no draw, no shuffle)."""
    rows = db.session.scalars(
        select(Question)
        .where(Question.version_id == version_id, Question.section == section)
        .order_by(Question.position)
    )
    return [
        {
            "qid": q.qid,
            "kind": q.kind,
            "prompt_html": q.prompt_html,
            "body_html": q.body_html,
            "choices": [{"key": c["key"], "html": c["html"]} for c in q.choices],
            "correct": [c["key"] for c in q.choices if c["correct"]],
            "answers": list(q.answers),
            "explanation_html": q.explanation_html,
        }
        for q in rows
    ]


class World(SimpleNamespace):
    def key(self, section: str, qid: str, text: str) -> str:
        """The choice key of `text` (keys are hashes of the choice text)."""
        for q in frozen(self.version_id, section):
            if q["qid"] == qid:
                return next(c["key"] for c in q["choices"] if c["html"] == text)
        raise KeyError(qid)

    def learner(self, name: str) -> User:
        user = User(username=name, full_name=f"Peserta {name.title()}")
        db.session.add(user)
        db.session.flush()
        return user

    def enrol(self, user, at, last=None):
        db.session.add(
            Enrollment(user_id=user.id, course_id=self.course_id, enrolled_at=at,
                       last_module_slug=last)
        )  # fmt: skip

    def read(self, user, *slugs, at=None):
        for slug in slugs:
            db.session.add(
                ModuleProgress(user_id=user.id, course_id=self.course_id, module_slug=slug,
                               read_at=at or wib(2025, 6, 1), version_id=self.version_id)
            )  # fmt: skip

    def attempt(self, user, section, responses, score, kind=None, at=None, submitted=True):
        kind = kind or ("quiz" if section else "exam")
        questions = frozen(self.version_id, section)
        db.session.add(
            QuizAttempt(
                user_id=user.id, course_id=self.course_id, version_id=self.version_id,
                section=section, kind=kind, number=1, questions=questions,
                responses=responses, pass_percent=70, started_at=at or wib(2025, 6, 1),
                submitted_at=(at or wib(2025, 6, 1)) if submitted else None,
                total=len(questions), correct=None, score=score if submitted else None,
                passed=(score >= 70) if submitted and kind != "pretest" else None,
            )
        )  # fmt: skip

    def complete(self, user, at, final, pretest=None):
        db.session.add(
            CourseCompletion(user_id=user.id, course_id=self.course_id,
                             version_id=self.version_id, completed_at=at, year=at.year, jp=2,
                             final_score=final, pretest_score=pretest)
        )  # fmt: skip

    def survey(self, user, answers, comment, at):
        names = ("relevance", "clarity", "usefulness", "ease", "recommend")
        db.session.add(
            SurveyResponse(user_id=user.id, course_id=self.course_id, version_id=self.version_id,
                           comment=comment, created_at=at, updated_at=at,
                           **dict(zip(names, answers, strict=True)))
        )  # fmt: skip


@pytest.fixture
def world(app, make_course, make_user):
    """Five learners of a three-module course (module 3 has no quiz), in WIB:

    L1 enrolled 10 Jan 2025, read 1-3, passed both quizzes, completed 20 Jan (10 days),
       pre-test 40 final 80, survey 4 4 5 3 4 "Materi jelas." on 21 Jan.
    L2 enrolled 1 Feb 2025, read 1, failed quiz 1, last opened module 2.
    L3 enrolled 1 Mar 2025, read 1-3, passed both, completed 3 Mar (2 days), final 70,
       survey 2 3 3 4 2 without a comment.
    L4 enrolled 1 Apr 2025, never opened a module.
    L5 enrolled 31 Dec 2024 20.00, read 1-3, passed both, completed 5 Jan 2025 20.00
       (5 days), pre-test 60 final 90, survey 5 5 5 5 5 "Sangat bermanfaat." on 6 Jan.
    """
    folder = make_course(SLUG, FILES)
    assert import_paths([str(folder)], echo=lambda *_: None)
    course = db.session.scalar(select(Course).where(Course.slug == SLUG))
    w = World(course_id=course.id, version_id=course.live_version_id)
    w.owner = make_user("pengajar", ("trainer",), full_name="Pengajar Satu")
    add_author(course.id, w.owner.id)
    db.session.commit()

    l1, l2, l3, l4, l5 = (w.learner(f"peserta{i}") for i in range(1, 6))
    w.enrol(l1, wib(2025, 1, 10, 9), last="tiga")
    w.enrol(l2, wib(2025, 2, 1, 9), last="dua")
    w.enrol(l3, wib(2025, 3, 1, 9), last="tiga")
    w.enrol(l4, wib(2025, 4, 1, 9))
    w.enrol(l5, wib(2024, 12, 31, 20), last="tiga")
    for user in (l1, l3, l5):
        w.read(user, "satu", "dua", "tiga")
    w.read(l2, "satu")

    four, five = w.key("satu", "s1", "Empat"), w.key("satu", "s1", "Lima")
    two, even4, three = (w.key("dua", "d1", t) for t in ("Dua", "Empat", "Tiga"))
    jakarta, bandung = w.key("", "e1", "Jakarta"), w.key("", "e1", "Bandung")
    for user in (l1, l3, l5):
        w.attempt(user, "satu", {"s1": four}, 100)
        w.attempt(user, "dua", {"d1": [two, even4]}, 100)
    w.attempt(l2, "satu", {"s1": five}, 0)
    # Final exam: L1 and L5 right on e1, L3 chose Bandung; e2 right for L1 only.
    w.attempt(l1, "", {"e1": jakarta, "e2": " Tiga "}, 100)
    w.attempt(l3, "", {"e1": bandung, "e2": "empat"}, 0)
    w.attempt(l5, "", {"e1": jakarta, "e2": "4"}, 50)
    # Neither counts: a pre-test, and an exam attempt still open.
    w.attempt(l2, "", {"e1": bandung, "e2": "x"}, 0, kind="pretest")
    w.attempt(l4, "", {"e1": bandung}, 0, submitted=False)

    w.complete(l1, wib(2025, 1, 20, 9), final=80, pretest=40)
    w.complete(l3, wib(2025, 3, 3, 9), final=70)
    w.complete(l5, wib(2025, 1, 5, 20), final=90, pretest=60)
    w.survey(l1, (4, 4, 5, 3, 4), "Materi jelas.", wib(2025, 1, 21, 10))
    w.survey(l3, (2, 3, 3, 4, 2), "  ", wib(2025, 3, 4, 10))
    w.survey(l5, (5, 5, 5, 5, 5), "Sangat bermanfaat.", wib(2025, 1, 6, 10))
    db.session.commit()
    w.keys = SimpleNamespace(four=four, five=five, jakarta=jakarta, bandung=bandung)
    return w


@pytest.fixture
def owner(app, world):
    client = app.test_client()
    assert login(client, "pengajar").status_code == 302
    return client


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def facts(page: str) -> dict[str, str]:
    return {
        text(dt): text(dd) for dt, dd in re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", page, re.S)
    }


def rows(page: str, marker: str) -> dict[str, list[str]]:
    """{row heading: [cells]} of the table labelled `marker`."""
    table = page.split(marker, 1)[1].split("</table>", 1)[0]
    result = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        head = re.search(r'<th scope="row">(.*?)</th>', row, re.S)
        if head:
            result[text(head.group(1))] = [
                text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            ]
    return result


def test_course_figures_for_every_year(owner):
    page = owner.get(URL).get_data(as_text=True)
    assert facts(page) == {
        "Peserta terdaftar": "5",
        "Tingkat penyelesaian": "60% (3 dari 5 peserta terdaftar sudah selesai)",
        "Penyelesaian": "3",
        # 10, 2 and 5 days: mean 17/3 = 5,7; median 5.
        "Waktu sampai selesai": "rata-rata 5,7 hari, median 5 hari (dari 3 peserta)",
        "Rata-rata prates": "50 (2 peserta)",
        "Rata-rata ujian akhir": "80 (3 peserta)",
        # L1 +40, L5 +30; L3 has no prates.
        "Rata-rata kenaikan": "+35 (2 peserta dengan prates dan ujian akhir)",
    }
    survey = rows(page, 'aria-labelledby="survei"')
    assert survey == {
        "Relevansi": ["3,7", "3"],
        "Kejelasan": ["4", "3"],
        "Kegunaan": ["4,3", "3"],
        "Kemudahan platform": ["4", "3"],
        "Kesediaan merekomendasikan": ["3,7", "3"],
        "Rata-rata kepuasan": ["3,9", "3"],  # 59 / 15
    }
    comments = re.findall(r"<blockquote>(.*?)</blockquote>\s*<p class=\"muted\">(.*?)</p>", page)
    assert comments == [
        ("Materi jelas.", "21 Januari 2025"),
        ("Sangat bermanfaat.", "6 Januari 2025"),
    ]
    assert "Peserta Peserta1" not in page and "peserta1" not in page
    # The period picker starts at the first enrolment (L5, 2024), not at the import.
    assert re.search(r'<option value="2024"\s*>', page)


def test_a_year_follows_enrolments_completions_and_answers_of_that_year(owner):
    """2025: L1-L4 enrolled, of whom L1 and L3 completed; the three completions (L5's too)
    fall in 2025. 2024: only L5 enrolled (31 Dec, Jakarta time), nothing completed."""
    page = owner.get(URL + "?year=2025").get_data(as_text=True)
    got = facts(page)
    assert got["Peserta terdaftar"] == "4"
    assert got["Tingkat penyelesaian"].startswith("50% (2 dari 4")
    assert got["Penyelesaian"] == "3"
    assert 'value="2025" selected' in page and 'value="2024"' in page
    page = owner.get(URL + "?year=2024").get_data(as_text=True)
    got = facts(page)
    assert (got["Peserta terdaftar"], got["Penyelesaian"]) == ("1", "0")
    assert got["Tingkat penyelesaian"].startswith("100% (1 dari 1")
    assert "Belum ada jawaban survei" in page and "Belum ada komentar" in page
    page = owner.get(URL + "?year=abc&page=zz").get_data(as_text=True)
    assert "Tahun harus antara" in page and facts(page)["Peserta terdaftar"] == "5"


def test_where_learners_stop(owner):
    """Furthest module: L1, L3, L5 module 3; L2 module 2 (opened, not read); L4 none.
    Reached 4, 4, 3; read 4, 3, 3; passed 3, 3, no quiz; stopped 0, 1 (L2), 0 (all three
    who reached module 3 completed)."""
    page = owner.get(URL).get_data(as_text=True)
    assert rows(page, 'class="funnel"') == {
        "1. Satu": ["4", "4", "3", "0 (0%)"],
        "2. Dua": ["4", "3", "3", "1 (25%)"],
        "3. Tiga": ["3", "3", "tanpa kuis", "0 (0%)"],
    }
    chart = page.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "style=" not in chart and "<script" not in chart
    # The chart needs no script: the page's only ones are the site's own files (offline.js).
    assert all(" src=" in tag for tag in re.findall(r"<script[^>]*>", page))
    assert "1. Satu: 80%" in unescape(chart)  # 4 of 5 enrolled
    # 2025: L1-L4; module 3 reached by L1, L3 who both completed.
    page = owner.get(URL + "?year=2025").get_data(as_text=True)
    assert rows(page, 'class="funnel"')["2. Dua"] == ["3", "2", "2", "1 (33,3%)"]


def test_item_statistics_on_the_page(owner):
    """e1: L1 and L5 right, L3 chose Bandung -> p 0,67; the pre-test and the open attempt
    do not count. k = 27 % of 3 = 1: upper L1 (100) right, lower L3 (0) wrong -> D 1,00.
    e2: only L1 right (" Tiga "), p 0,33. s1: 3 of 4 right, L2 chose Lima."""
    page = owner.get(URL).get_data(as_text=True)
    table = rows(page, 'class="items"')
    assert table["Ibu kota Indonesia? #e1"] == [
        "Ujian Akhir", "3", "0,67", "1,00", "Bandung (33,3%)", "jawaban belum cukup untuk dinilai",
    ]  # fmt: skip
    assert table["Tulis angka tiga. #e2"][1:5] == ["3", "0,33", "1,00", "“4” (33,3%)"]
    assert table["Dua tambah dua? #s1"][:5] == ["Satu", "4", "0,75", "1,00", "Lima (25%)"]
    assert table["Pilih bilangan genap. #d1"][1:5] == ["3", "1,00", "0,00", "—"]
    assert "kelompok atas–bawah 27%" in page


def test_question_detail(owner, world):
    page = owner.get(f"{URL}/questions/e1?section=").get_data(as_text=True)
    assert "Ibu kota Indonesia?" in page
    choices = rows(page, "Sebaran pilihan")
    # k = 1: upper group L1 (Jakarta), lower group L3 (Bandung).
    assert choices == {
        "A. Jakarta (kunci)": ["2", "66,7%", "100%", "0%"],
        "B. Bandung pengecoh terkuat": ["1", "33,3%", "0%", "100%"],
        "C. Medan": ["0", "0%", "0%", "0%"],
    }
    assert "Cara menghitung" in page
    page = owner.get(f"{URL}/questions/e2").get_data(as_text=True)
    assert rows(page, "Jawaban salah yang paling sering") == {
        "4": ["1", "33,3%"],
        "empat": ["1", "33,3%"],
    }
    page = owner.get(f"{URL}/questions/d1").get_data(as_text=True)
    assert "lebih dari 100 persen" in page and "%%" not in page
    assert rows(page, "Sebaran pilihan")["C. Tiga"] == ["0", "0%", "0%", "0%"]
    assert owner.get(f"{URL}/questions/tidak-ada").status_code == 404
    assert owner.get(f"{URL}/questions/e1?section=satu").status_code == 404
    assert owner.get(f"{URL}/questions/{'x' * 150}").status_code == 404


def test_who_may_look(app, world, make_user):
    make_user("admin1", ("admin",), full_name="Admin")
    make_user("pengajar2", ("trainer",), full_name="Pengajar Dua")
    coauthor = make_user("pengajar3", ("trainer",), full_name="Pengajar Tiga")
    add_author(world.course_id, coauthor.id, "coauthor")
    make_user("belajar", ("learner",), full_name="Peserta Biasa")
    make_user("sdm", ("hr",), full_name="Petugas SDM")
    db.session.commit()
    paths = (URL, f"{URL}/questions/s1")
    anonymous = app.test_client()
    for path in paths:
        assert anonymous.get(path).status_code == 302
    for username, status in (
        ("admin1", 200),
        ("pengajar3", 200),
        ("pengajar2", 404),
        ("belajar", 403),
        ("sdm", 403),
    ):
        client = app.test_client()
        assert login(client, username).status_code == 302
        for path in paths:
            assert client.get(path).status_code == status, (username, path)
    assert client.get("/author/tidak-ada/stats").status_code == 403  # sdm: no author at all
    client = app.test_client()
    login(client, "pengajar3")
    assert client.get("/author/tidak-ada/stats").status_code == 404


def test_a_course_without_learners_or_live_version(app, make_user):
    course = Course(slug="kosong")
    db.session.add(course)
    db.session.flush()
    trainer = make_user("pengajar", ("trainer",), full_name="Pengajar")
    add_author(course.id, trainer.id)
    db.session.commit()
    client = app.test_client()
    login(client, "pengajar")
    page = client.get("/author/kosong/stats").get_data(as_text=True)
    assert "belum punya versi aktif" in page and "belum punya soal" in page
    assert facts(page)["Tingkat penyelesaian"].startswith("—")


def test_query_count_does_not_grow_with_learners(app, world, owner):
    def add_learners(first: int, count: int):
        for i in range(first, first + count):
            user = world.learner(f"tambahan{i}")
            world.enrol(user, wib(2025, 5, 1), last="dua")
            world.read(user, "satu", "dua")
            world.attempt(user, "satu", {"s1": world.keys.four}, 100)
            world.attempt(user, "", {"e1": world.keys.jakarta, "e2": "3"}, 100)
            world.complete(user, wib(2025, 5, 9), final=100, pretest=50)
            world.survey(user, (4, 4, 4, 4, 4), f"Komentar {i}", wib(2025, 5, 10))
        db.session.commit()

    def measure(path):
        with count_queries() as statements:
            assert owner.get(path).status_code == 200
        return len(statements)

    add_learners(0, 3)
    small = measure(URL), measure(f"{URL}/questions/e1")
    add_learners(3, 30)
    assert (measure(URL), measure(f"{URL}/questions/e1")) == small
    page = owner.get(URL).get_data(as_text=True)
    assert "Halaman 1 dari 2" in page  # 35 comments, 20 a page
    page = owner.get(URL + "?page=2").get_data(as_text=True)
    assert "Halaman 2 dari 2" in page and "Sangat bermanfaat." in page
    page = owner.get(URL + "?page=99").get_data(as_text=True)  # past the end: the last page
    assert "Halaman 2 dari 2" in page
