"""skm.yml beside the course folders (issue 18 item 3): `elearn courses check` reports its
problems as path:line like a course's, `elearn courses import` (and so the demo) stores it in
place of the mapping, and an unchanged file keeps the admin's edits."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from elearn.extensions import db
from elearn.models import AuditLog, Course, SkmElementCompetency, SkmElementCourse
from elearn.skm import mapping
from tests.helpers import COURSES, import_folder, jp_matched, minimal_course

GOOD = """elements:
  U7:
    competencies: [integritas]
    courses: [kursus-uji/lanjutan]
  U9: {}  # sarana: nothing to train
"""
BAD = """elements:
  U7:
    competencies: [integritas, ilmu-sihir]
    courses: [kursus-uji/antrean, kursus-hilang]
  U12:
    courses: [kursus-uji]
"""


def invoke(runner, *args):
    return runner.invoke(args=list(args), catch_exceptions=False)


@pytest.fixture
def root(make_course, tmp_path):
    """A folder of one course (modules `pengantar` and `lanjutan`) and its skm.yml."""
    make_course(files=jp_matched(minimal_course()))
    folder = tmp_path / "courses"
    (folder / "skm.yml").write_text(GOOD, encoding="utf-8")
    return folder


def stored_courses() -> dict[int, list[str]]:
    db.session.expire_all()
    found: dict[int, list[str]] = {}
    for number, row in mapping.stored().items():
        found[number] = [c.key for c in row.courses]
    return found


def test_check_reads_skm_yml_in_the_folder_checked(runner, root):
    result = invoke(runner, "courses", "check", str(root))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("OK: 1 kursus, 2 modul, 1 pertanyaan, ")
    assert "pemetaan SKM diperiksa" in result.output
    alone = invoke(runner, "courses", "check", str(root / "kursus-uji"))
    assert "pemetaan SKM" not in alone.output  # one course folder: its parent's file is not read


def test_check_reports_every_problem_of_skm_yml_as_path_line(runner, root):
    (root / "skm.yml").write_text(BAD, encoding="utf-8")
    result = invoke(runner, "courses", "check", str(root))
    assert result.exit_code == 1
    path = root / "skm.yml"
    lines = result.output.splitlines()
    for expected in (
        f"{path}:3: kompetensi `ilmu-sihir` tidak dikenal di competencies.yml",
        f"{path}:4: modul `antrean` tidak ada di kursus `kursus-uji`; "
        "modulnya: pengantar, lanjutan",
        f"{path}:4: kursus `kursus-hilang` tidak dikenal: tidak ada di folder yang diperiksa "
        "dan belum diterbitkan",
        f"{path}:5: unsur `U12` tidak dikenal; tulis U1 sampai U9",
    ):
        assert expected in lines, result.output
    assert db.session.scalar(select(SkmElementCourse.id)) is None  # a check stores nothing


def test_import_stores_the_mapping_and_an_unchanged_file_keeps_the_admins_edits(runner, root):
    result = invoke(runner, "courses", "import", str(root))
    assert result.exit_code == 0, result.output
    assert f"{root / 'skm.yml'}: pemetaan SKM disimpan (1 kompetensi, 1 kursus atau modul)." in (
        result.output
    )
    assert stored_courses()[7] == ["kursus-uji/lanjutan"]
    competency = db.session.scalar(select(SkmElementCompetency))
    assert competency.element == 7
    imported = db.session.scalar(select(AuditLog).where(AuditLog.action == "skm_map.import"))
    assert imported.details["courses"] == 1

    course_id = db.session.scalar(select(Course.id).where(Course.slug == "kursus-uji"))
    mapping.save_element(3, [], [(course_id, "")], actor_id=None)  # the admin's edit
    again = invoke(runner, "courses", "import", str(root))
    assert "pemetaan SKM sama dengan impor terakhir" in again.output
    assert stored_courses()[3] == ["kursus-uji"]

    (root / "skm.yml").write_text(GOOD.replace("U7:", "U6:"), encoding="utf-8")
    changed = invoke(runner, "courses", "import", str(root))
    assert "pemetaan SKM disimpan" in changed.output
    courses = stored_courses()
    assert courses[3] == [] and courses[7] == [] and courses[6] == ["kursus-uji/lanjutan"]


def test_an_invalid_file_keeps_the_stored_mapping(runner, root):
    invoke(runner, "courses", "import", str(root))
    (root / "skm.yml").write_text(BAD, encoding="utf-8")
    result = invoke(runner, "courses", "import", str(root))
    assert result.exit_code == 1
    assert "pemetaan SKM tidak diimpor karena ada masalah; pemetaan tersimpan tetap." in (
        result.output
    )
    assert "kursus-uji: tidak berubah (versi 1)." in result.output  # courses still publish
    assert stored_courses()[7] == ["kursus-uji/lanjutan"]


def test_the_shipped_courses_bring_the_shipped_mapping(app):
    """What `elearn demo` and `elearn courses import courses/` do."""
    lines = import_folder(COURSES)
    assert any("skm.yml: pemetaan SKM disimpan" in line for line in lines), lines
    courses = stored_courses()
    assert courses[8] == ["pelayanan-prima/menangani-pengaduan"]
    assert courses[6] == courses[7] == ["pelayanan-prima"]
    assert courses[3] == ["manajemen-waktu"] and courses[2] == ["literasi-digital"]
    assert courses[4] == courses[9] == []
    row = mapping.stored()[8].courses[0]
    assert row.module_title == "Menangani Pengaduan dan Warga yang Marah"
