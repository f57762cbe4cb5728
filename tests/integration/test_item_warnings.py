"""Item-writing warnings outside the parser: `elearn courses check` prints them after the
errors without failing (unless --strict), import publishes regardless, the editor shows them."""

from __future__ import annotations

from sqlalchemy import select

from elearn.content import item_checks
from elearn.extensions import db
from elearn.models import Course
from tests.helpers import minimal_course

# 02-lanjutan.md of the minimal course: line 14 is the `### Dua tambah dua?` heading.
WARNING = f"02-lanjutan.md:14: peringatan: {item_checks.NO_EXPLANATION}"


def unexplained() -> dict[str, str]:
    files = minimal_course()
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
    assert check(runner, "--strict", str(make_course())).exit_code == 0


def test_errors_come_first_and_keep_their_exit_code(runner, make_course):
    bad = minimal_course()
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
