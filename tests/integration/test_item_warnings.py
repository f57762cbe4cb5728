"""Item-writing warnings outside the parser: `elearn courses check` prints them after the
errors without failing (unless --strict), import publishes regardless, the editor shows them."""

from __future__ import annotations

import html
import re

from sqlalchemy import select

from elearn.content import item_checks
from elearn.extensions import db
from elearn.models import Course
from tests.helpers import jp_matched, minimal_course
from tests.helpers.authoring import (
    SLUG,
    edit_url,
    editor_fields,
    page,
    save,
    trainer_with_course,
)

# 02-lanjutan.md of the minimal course: line 14 is the `### Dua tambah dua?` heading.
WARNING = f"02-lanjutan.md:14: peringatan: {item_checks.NO_EXPLANATION}"


def unexplained() -> dict[str, str]:
    files = jp_matched(minimal_course())
    files["02-lanjutan.md"] = files["02-lanjutan.md"].replace("\n> Karena 2 + 2 = 4.\n", "")
    return files


def check(runner, *args):
    return runner.invoke(args=["courses", "check", *args], catch_exceptions=False)


def test_warnings_alone_print_as_path_line_peringatan_and_exit_0(runner, make_course):
    folder = make_course("kursus-uji", unexplained())
    result = check(runner, str(folder))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{folder}/{WARNING}",
        "OK: 1 kursus, 2 modul, 1 pertanyaan diperiksa; tidak ada masalah; 1 peringatan.",
    ]


def test_strict_fails_on_warnings_alone(runner, make_course):
    folder = make_course("kursus-uji", unexplained())
    result = check(runner, "--strict", str(folder))
    assert result.exit_code == 1
    assert f"{folder}/{WARNING}" in result.stdout
    assert "--strict" in result.stderr


def test_strict_passes_a_course_without_warnings(runner, make_course):
    folder = make_course(files=jp_matched(minimal_course()))
    assert check(runner, "--strict", str(folder)).exit_code == 0


def test_errors_come_first_and_keep_their_exit_code(runner, make_course):
    bad = jp_matched(minimal_course())
    bad["02-lanjutan.md"] = bad["02-lanjutan.md"].replace("- [x] Empat", "- [ ] Empat")
    broken = make_course("kursus-rusak", bad)
    warned = make_course("kursus-uji", unexplained())
    result = check(runner, str(warned), str(broken))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{broken}/02-lanjutan.md:14: pertanyaan tidak punya")
    assert lines[1:] == [f"{warned}/{WARNING}"]
    assert "1 masalah ditemukan; 1 peringatan; 1 dari 2 kursus valid." in result.stderr


def test_import_publishes_a_course_with_warnings(runner, make_course):
    folder = make_course("kursus-uji", unexplained())
    result = runner.invoke(args=["courses", "import", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "kursus-uji: versi 1 diterbitkan." in result.output
    assert db.session.scalar(select(Course).where(Course.slug == "kursus-uji")).live_version_id


# -- the browser editor --------------------------------------------------------------------

# A module whose quiz question has no explanation (line 9) and a "semua benar" choice (line 12),
# and whose second question lacks its right answer: a problem beside the warnings.
WARNED_MODULE = """---
title: Lanjutan
---

Materi baru.

## Kuis

### Mana yang benar? {#a}
- [x] Empat
- [ ] Lima
- [ ] Semua benar

### Mana ibu kota Indonesia? {#b}
- [ ] Bandung
- [ ] Surabaya
"""


def live_preview(client, text: str) -> str:
    fields = editor_fields(client, edit_url("02-lanjutan.md"))
    response = client.post(
        f"/author/{SLUG}/preview/02-lanjutan.md",
        data={"text": text, "csrf_token": fields["csrf_token"]},
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_live_preview_shows_warnings_by_line_beside_the_problems(
    app, client, make_user, make_course
):
    trainer_with_course(make_user, make_course, client)
    fragment = live_preview(client, WARNED_MODULE)
    problems = fragment[fragment.index('class="problems-box"') : fragment.index("warnings-box")]
    warnings = fragment[fragment.index('class="warnings-box"') :]
    assert "Baris 14</a>: pertanyaan tidak punya jawaban benar" in problems
    assert 'data-warnings="2"' in fragment
    assert "2 peringatan penulisan soal" in warnings
    assert re.search(r'data-line="9"[^>]*>Baris 9</a>: <span class="badge warning">', warnings)
    assert html.escape(item_checks.NO_EXPLANATION) in warnings
    assert 'data-line="12"' in warnings and "pilihan `Semua benar` mudah ditebak" in warnings
    assert "peringatan" not in problems  # warnings are never listed as red problems


def test_saved_warnings_show_in_the_editor_and_on_the_preview_page(
    app, client, make_user, make_course
):
    trainer_with_course(make_user, make_course, client)
    save(client, edit_url("02-lanjutan.md"), WARNED_MODULE)
    assert "2 peringatan penulisan soal" in page(client, edit_url("02-lanjutan.md"))
    full = page(client, f"/author/{SLUG}/preview/02-lanjutan.md")
    excerpt = full[full.index('id="baris-12"') :]
    assert "- [ ] Semua benar" in excerpt.split("</figure>")[0]


def test_a_course_without_warnings_shows_no_warning_box(app, client, make_user, make_course):
    trainer_with_course(make_user, make_course, client)
    assert "warnings-box" not in page(client, f"/author/{SLUG}/preview/02-lanjutan.md")


def test_the_exam_pool_warning_shows_on_course_md(app, client, make_user, make_course):
    trainer_with_course(make_user, make_course, client)
    text = minimal_course()["course.md"] + (
        "\n## Ujian Akhir\n\n### Satu? {#u1}\n- [x] Ya\n- [ ] Tidak\n\n> Karena ya.\n"
    )
    save(client, edit_url("course.md"), text)
    body = page(client, f"/author/{SLUG}/preview/course.md")
    assert "bank soal ujian berisi 1 soal, kurang dari 2 kali 1 soal per percobaan" in body


def test_the_publish_page_lists_warnings_and_still_publishes(app, client, make_user, make_course):
    trainer_with_course(make_user, make_course, client)
    save(client, edit_url("02-lanjutan.md"), WARNED_MODULE.split("### Mana ibu")[0])
    body = page(client, f"/author/{SLUG}/publish")
    boxes = body[body.index('class="warnings-box"') :]
    assert "<code>02-lanjutan.md</code> — 2 peringatan penulisan soal" in boxes
    assert "#baris-12" in boxes and "Peringatan tidak menghalangi penerbitan." in body
    assert "problems-box" not in body
    assert "Terbitkan versi baru" in body
