"""The `elearn` command line: courses check/import, users create and demo."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from elearn.content.source import load_course_dir
from elearn.demo import DEMO_ACCOUNTS
from elearn.extensions import db
from elearn.models import (
    Competency,
    Course,
    CourseVersion,
    Enrollment,
    FileBlob,
    Module,
    ModuleProgress,
    Question,
    User,
    VersionMedia,
)
from elearn.publishing import services as publishing
from tests.helpers import COURSES, TEST_PASSWORD, jp_matched, login, minimal_course

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(64))

HOSTILE_MODULE = """---
title: Tautan Berbahaya
minutes: 5
---

# Tautan Berbahaya

<script>alert('xss')</script>

<img src="https://contoh.go.id/gambar.png" onerror="alert(1)" alt="gambar">

<a href="javascript:alert(2)">klik di sini</a>

[tautan markdown](javascript:alert(3))

<div onclick="alert(4)" style="color:red">Teks yang aman tetap tampil.</div>

<iframe src="https://jahat.example/"></iframe>
"""

# competencies.yml with one national and one technical competency.
DICTIONARY = """competencies:
  integritas:
    code: M.01
    name: Integritas
    group: manajerial
    description: Jujur dan taat aturan.
    levels:
      1: Menaati aturan sendiri.
      2: Mengingatkan rekan.
      3: Memastikan unitnya taat.
      4: Membangun sistem di instansi.
      5: Menjadi rujukan nasional.
  literasi-data:
    code: T.09
    name: Literasi Data
    group: teknis
    description: Membaca dan menyajikan data.
    levels:
      1: Membaca tabel sederhana.
      2: Membantu rekan membaca data.
      3: Memastikan unit memakai data.
      4: Membangun budaya data di instansi.
      5: Menjadi rujukan nasional.
"""


def invoke(runner, *args, **kwargs):
    return runner.invoke(args=list(args), catch_exceptions=False, **kwargs)


def course_row(slug: str) -> Course | None:
    db.session.expire_all()
    return db.session.scalar(select(Course).where(Course.slug == slug))


def version_numbers(slug: str) -> list[int]:
    return list(
        db.session.scalars(
            select(CourseVersion.number)
            .join(Course, CourseVersion.course_id == Course.id)
            .where(Course.slug == slug)
            .order_by(CourseVersion.number)
        )
    )


def live_number(slug: str) -> int | None:
    course = course_row(slug)
    return course.live_version.number if course and course.live_version else None


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def lanjutan_without_correct_choice() -> dict[str, str]:
    files = minimal_course()
    files["02-lanjutan.md"] = files["02-lanjutan.md"].replace("- [x] Empat", "- [ ] Empat")
    return files


def assert_clean_html(html: str) -> None:
    lowered = html.lower()
    assert "<script" not in lowered
    assert "onerror" not in lowered
    assert "onclick" not in lowered
    # Markdown leaves `[x](javascript:...)` as plain text; no attribute may carry the scheme.
    assert not re.search(r"""(href|src)\s*=\s*["']?\s*javascript:""", lowered), html
    assert "<iframe" not in lowered


# --- the console script ---


def test_console_script_help_lists_commands(tmp_path):
    # Beside the interpreter, not on PATH: `.venv/bin/pytest` does not put .venv/bin on PATH.
    exe = Path(sys.executable).parent / "elearn"
    assert exe.is_file(), "the elearn console script is not installed"
    env = dict(os.environ, ELEARN_INSTANCE_PATH=str(tmp_path / "instance"))
    env.pop("ELEARN_DATABASE_URL", None)
    done = subprocess.run(
        [exe, "--help"], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    for command in ("courses", "users", "demo", "db"):
        assert re.search(rf"^\s+{command}\b", done.stdout, re.MULTILINE), done.stdout
    assert "Traceback" not in done.stderr


# --- courses check ---


def test_check_valid_course_prints_one_ok_line(runner, make_course):
    folder = make_course(files=jp_matched(minimal_course()))
    result = invoke(runner, "courses", "check", str(folder))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("OK:")
    assert "1 kursus, 2 modul, 1 pertanyaan" in lines[0]


def test_check_shipped_courses_have_no_problems_only_warnings(runner):
    # Item-writing warnings (issue 13) flag the shipped questions until the course issue
    # rewrites them; they never fail a check without --strict.
    result = invoke(runner, "courses", "check", str(COURSES))
    assert result.exit_code == 0, result.output
    *warnings, summary = result.output.splitlines()
    assert summary.startswith("OK:")
    assert all(": peringatan: " in line for line in warnings), warnings


def test_check_reports_every_problem_as_path_line_message(runner, make_course):
    files = lanjutan_without_correct_choice()
    files["course.md"] = files["course.md"].replace("integritas: 1", "ilmu-sihir: 1")
    files["01-pengantar.md"] = "---\ntitle: Pengantar\nminutes: [15\n---\n\n# Pengantar\n\nIsi.\n"
    folder = make_course("rusak", files)

    result = invoke(runner, "courses", "check", str(folder))

    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    # Line 14 of 02-lanjutan.md is the `### Dua tambah dua?` heading.
    assert (
        f"{folder}/02-lanjutan.md:14: pertanyaan tidak punya jawaban benar: "
        "tandai minimal satu pilihan dengan `- [x]`"
    ) in lines
    assert (
        f"{folder}/course.md:7: kompetensi `ilmu-sihir` tidak dikenal di competencies.yml" in lines
    )
    assert any(
        line.startswith(f"{folder}/01-pengantar.md:3: YAML tidak valid:") for line in lines
    ), lines
    assert len(lines) == 3, lines
    assert "3 masalah ditemukan; 0 dari 1 kursus valid." in result.stderr
    assert "OK:" not in result.output


def test_check_parent_folder_reports_problems_of_every_course(runner, make_course, tmp_path):
    first = make_course("kursus-satu", lanjutan_without_correct_choice())
    files = minimal_course()
    files["course.md"] = files["course.md"].replace("jp: 2\n", "")
    second = make_course("kursus-dua", files)
    make_course("kursus-tiga", jp_matched(minimal_course()))  # valid

    result = invoke(runner, "courses", "check", str(tmp_path / "courses"))

    assert result.exit_code == 1
    assert f"{first}/02-lanjutan.md:14: pertanyaan tidak punya jawaban benar" in result.stdout
    assert re.search(rf"^{re.escape(str(second))}/course.md:\d+: .*`jp`", result.stdout, re.M), (
        result.stdout
    )
    assert "2 masalah ditemukan; 1 dari 3 kursus valid." in result.stderr


def test_check_several_paths_at_once(runner, make_course):
    good = make_course("kursus-baik", jp_matched(minimal_course()))
    bad = make_course("kursus-buruk", lanjutan_without_correct_choice())
    result = invoke(runner, "courses", "check", str(good), str(bad))
    assert result.exit_code == 1
    assert f"{bad}/02-lanjutan.md:14:" in result.stdout
    assert str(good) not in result.stdout
    assert "1 dari 2 kursus valid" in result.stderr


@pytest.mark.parametrize("where", ["empty", "missing", "file"])
def test_check_path_that_is_not_a_course_folder(runner, tmp_path, where):
    path = tmp_path / "bukan-kursus"
    if where == "empty":
        path.mkdir()
        (path / "catatan.md").write_text("# Catatan\n", encoding="utf-8")
    elif where == "file":
        path.write_text("halo\n", encoding="utf-8")

    result = invoke(runner, "courses", "check", str(path))

    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{path}:1: bukan folder kursus: tidak ada course.md di folder ini atau subfoldernya"
    ]
    assert "Traceback" not in result.output


def test_check_without_paths_is_a_usage_error(runner):
    result = runner.invoke(args=["courses", "check"])
    assert result.exit_code == 2
    assert "Missing argument" in result.output


def test_hostile_html_is_not_a_check_error_but_is_stripped_on_import(runner, make_course):
    folder = make_course(files=jp_matched(minimal_course(extra_module=HOSTILE_MODULE)))

    checked = invoke(runner, "courses", "check", str(folder))
    assert checked.exit_code == 0, checked.output
    assert checked.output.startswith("OK: 1 kursus, 3 modul")

    imported = invoke(runner, "courses", "import", str(folder))
    assert imported.exit_code == 0, imported.output
    module = db.session.scalar(select(Module).where(Module.slug == "tambahan"))
    assert_clean_html(module.html)
    assert "Teks yang aman tetap tampil." in module.html
    assert "klik di sini" in module.html
    assert "https://contoh.go.id/gambar.png" in module.html


# --- courses import ---


def test_import_publishes_a_valid_course(runner, make_course):
    files = minimal_course()
    files["01-pengantar.md"] += (
        "\n<script>document.cookie</script>\n\n"
        '<img src="https://contoh.go.id/a.png" onerror="alert(1)">\n\n'
        "[jahat](javascript:alert(1))\n"
    )
    folder = make_course(files=files)

    result = invoke(runner, "courses", "import", str(folder))

    assert result.exit_code == 0, result.output
    assert "kursus-uji: versi 1 diterbitkan." in result.output
    course = course_row("kursus-uji")
    live = course.live_version
    assert live is not None and live.number == 1
    assert version_numbers("kursus-uji") == [1]
    assert live.title == "Kursus Uji"
    assert live.jp == 2
    assert [m.slug for m in live.modules] == ["pengantar", "lanjutan"]
    assert [c.competency.slug for c in live.competencies] == ["integritas"]
    [question] = live.questions
    assert (question.section, question.qid, question.kind) == ("lanjutan", "dua", "single")
    assert [c["correct"] for c in question.choices] == [True, False]
    for html in [live.overview_html, *(m.html for m in live.modules), question.explanation_html]:
        assert_clean_html(html)
    assert "Materi pengantar tentang pelayanan." in live.modules[0].html


def test_import_same_files_again_changes_nothing(runner, make_course):
    folder = make_course()
    assert invoke(runner, "courses", "import", str(folder)).exit_code == 0
    versions_before = count(CourseVersion)
    modules_before = count(Module)

    again = invoke(runner, "courses", "import", str(folder))

    assert again.exit_code == 0
    assert "kursus-uji: tidak berubah (versi 1)." in again.output
    assert count(CourseVersion) == versions_before == 1
    assert count(Module) == modules_before
    assert live_number("kursus-uji") == 1


def test_line_endings_and_bom_do_not_make_a_new_version(runner, make_course):
    folder = make_course()
    assert invoke(runner, "courses", "import", str(folder)).exit_code == 0
    for path in folder.glob("*.md"):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    again = invoke(runner, "courses", "import", str(folder))
    assert "tidak berubah (versi 1)" in again.output
    assert version_numbers("kursus-uji") == [1]


def test_changed_module_creates_version_two_and_keeps_version_one(runner, make_course):
    folder = make_course()
    assert invoke(runner, "courses", "import", str(folder)).exit_code == 0
    v1 = course_row("kursus-uji").live_version
    v1_id, v1_html = v1.id, v1.modules[0].html
    module = folder / "01-pengantar.md"
    module.write_text(module.read_text(encoding="utf-8") + "\nParagraf baru.\n", encoding="utf-8")

    result = invoke(runner, "courses", "import", str(folder))

    assert result.exit_code == 0, result.output
    assert "kursus-uji: versi 2 diterbitkan." in result.output
    assert version_numbers("kursus-uji") == [1, 2]
    assert live_number("kursus-uji") == 2
    old = db.session.get(CourseVersion, v1_id)
    assert old.modules[0].html == v1_html
    assert "Paragraf baru." not in old.modules[0].html
    assert "Paragraf baru." in course_row("kursus-uji").live_version.modules[0].html


def test_invalid_edit_keeps_the_live_version_and_learner_progress(runner, make_course, make_user):
    folder = make_course()
    assert invoke(runner, "courses", "import", str(folder)).exit_code == 0
    course = course_row("kursus-uji")
    live_id = course.live_version_id
    learner = make_user()
    db.session.add(
        Enrollment(user_id=learner.id, course_id=course.id, last_module_slug="pengantar")
    )
    db.session.add(
        ModuleProgress(
            user_id=learner.id, course_id=course.id, module_slug="pengantar", version_id=live_id
        )
    )
    db.session.commit()

    def progress_rows():
        db.session.expire_all()
        enrolments = [
            (e.id, e.user_id, e.course_id, e.last_module_slug)
            for e in db.session.scalars(select(Enrollment))
        ]
        reads = [
            (p.id, p.user_id, p.module_slug, p.version_id, p.read_at)
            for p in db.session.scalars(select(ModuleProgress))
        ]
        return enrolments, reads

    before = progress_rows()
    (folder / "02-lanjutan.md").write_text(
        lanjutan_without_correct_choice()["02-lanjutan.md"], encoding="utf-8"
    )

    result = invoke(runner, "courses", "import", str(folder))

    assert result.exit_code == 1
    assert f"{folder}/02-lanjutan.md:14: pertanyaan tidak punya jawaban benar" in result.output
    assert "kursus-uji: TIDAK diterbitkan (1 masalah); versi yang tayang tetap." in result.output
    assert course_row("kursus-uji").live_version_id == live_id
    assert version_numbers("kursus-uji") == [1]
    assert progress_rows() == before


def test_import_mix_publishes_valid_and_skips_invalid(runner, make_course, tmp_path):
    make_course("kursus-baik")
    make_course("kursus-buruk", lanjutan_without_correct_choice())

    result = invoke(runner, "courses", "import", str(tmp_path / "courses"))

    assert result.exit_code == 1
    assert "kursus-baik: versi 1 diterbitkan." in result.output
    assert "kursus-buruk: TIDAK diterbitkan" in result.output
    assert live_number("kursus-baik") == 1
    assert course_row("kursus-buruk") is None
    assert version_numbers("kursus-buruk") == []


def test_reverting_files_restores_version_one_without_a_new_version(runner, make_course):
    folder = make_course()
    module = folder / "01-pengantar.md"
    original = module.read_text(encoding="utf-8")
    assert invoke(runner, "courses", "import", str(folder)).exit_code == 0
    module.write_text(original + "\nTambahan.\n", encoding="utf-8")
    assert "versi 2 diterbitkan" in invoke(runner, "courses", "import", str(folder)).output
    module.write_text(original, encoding="utf-8")

    result = invoke(runner, "courses", "import", str(folder))

    assert result.exit_code == 0
    assert "kursus-uji: isi sama dengan versi 1; versi itu kembali tayang." in result.output
    assert version_numbers("kursus-uji") == [1, 2]
    assert live_number("kursus-uji") == 1
    # The same files once more: now simply unchanged.
    assert publishing.publish_source(load_course_dir(folder)).status == "unchanged"
    module.write_text(original + "\nTambahan.\n", encoding="utf-8")
    restored = publishing.publish_source(load_course_dir(folder))
    assert (restored.status, restored.version) == ("restored", 2)
    assert version_numbers("kursus-uji") == [1, 2]


def test_competency_dictionary_beside_courses_is_upserted(runner, make_course, tmp_path):
    root = tmp_path / "courses"
    files = minimal_course()
    files["course.md"] = files["course.md"].replace(
        "integritas: 1", "integritas: 1\n  literasi-data: 2"
    )
    make_course(files=files)
    (root / "competencies.yml").write_text(DICTIONARY, encoding="utf-8")
    dictionary = root / "competencies.yml"

    first = invoke(runner, "courses", "import", str(root))
    assert first.exit_code == 0, first.output
    assert f"{dictionary}: 2 kompetensi (2 baru, 0 diperbarui)." in first.output
    assert sorted(db.session.scalars(select(Competency.slug))) == ["integritas", "literasi-data"]
    live = course_row("kursus-uji").live_version
    assert sorted((c.competency.slug, c.level) for c in live.competencies) == [
        ("integritas", 1),
        ("literasi-data", 2),
    ]

    second = invoke(runner, "courses", "import", str(root))
    assert f"{dictionary}: 2 kompetensi (0 baru, 0 diperbarui)." in second.output
    assert "tidak berubah" in second.output

    dictionary.write_text(
        DICTIONARY.replace("Membaca dan menyajikan data.", "Mengolah data."), encoding="utf-8"
    )
    third = invoke(runner, "courses", "import", str(root / "kursus-uji"))
    assert f"{dictionary}: 2 kompetensi (0 baru, 1 diperbarui)." in third.output
    assert "setelah aplikasi dimuat ulang" in third.output  # the workers' cached names
    assert "dimuat ulang" not in second.output
    assert count(Competency) == 2
    described = db.session.scalar(select(Competency).where(Competency.slug == "literasi-data"))
    assert described.description == "Mengolah data."


def test_fresh_import_without_dictionary_uses_the_shipped_one(runner, make_course):
    folder = make_course()
    result = invoke(runner, "courses", "import", str(folder))
    assert result.exit_code == 0, result.output
    assert f"{COURSES / 'competencies.yml'}: " in result.output
    assert "integritas" in set(db.session.scalars(select(Competency.slug)))


def test_check_and_import_agree_on_unknown_competencies(runner, make_course, tmp_path):
    """A competency missing from the dictionary beside the course fails check as well as import."""
    root = tmp_path / "courses"
    files = minimal_course()
    files["course.md"] = files["course.md"].replace("integritas: 1", "komunikasi: 1")
    folder = make_course(files=files)
    (root / "competencies.yml").write_text(DICTIONARY, encoding="utf-8")
    expected = f"{folder}/course.md:7: kompetensi `komunikasi` tidak dikenal di competencies.yml"

    checked = invoke(runner, "courses", "check", str(root))
    imported = invoke(runner, "courses", "import", str(root))

    assert (checked.exit_code, imported.exit_code) == (1, 1)
    assert expected in checked.stdout.splitlines()
    assert expected in imported.output.splitlines()
    assert course_row("kursus-uji") is None


def test_media_stored_once_by_sha256_and_served(runner, make_course, make_user, client, tmp_path):
    image = "\n![Alur layanan](media/alur.png)\n"
    files_a = minimal_course()
    files_a["01-pengantar.md"] += image
    files_a["media/alur.png"] = PNG
    files_b = minimal_course(title="Kursus Kedua")
    files_b["01-pengantar.md"] += image.replace("alur.png", "salinan.png")
    files_b["media/salinan.png"] = PNG
    folder_a = make_course("kursus-a", files_a)
    make_course("kursus-b", files_b)

    assert invoke(runner, "courses", "import", str(tmp_path / "courses")).exit_code == 0
    (folder_a / "01-pengantar.md").write_text(
        files_a["01-pengantar.md"] + "\nCatatan.\n", encoding="utf-8"
    )
    assert "versi 2" in invoke(runner, "courses", "import", str(folder_a)).output

    # One blob store: the image's bytes once, whatever versions and files show it.
    assert count(select(FileBlob).where(FileBlob.data == PNG).subquery()) == 1
    assert count(VersionMedia) == 3
    media = db.session.scalar(select(VersionMedia))
    blob = db.session.get(FileBlob, media.sha256)
    assert len(blob.sha256) == 64
    assert (media.mime, blob.size, blob.data) == ("image/png", len(PNG), PNG)

    html = course_row("kursus-a").live_version.modules[0].html
    match = re.search(r'src="([^"]+/alur\.png)"', html)
    assert match, html
    url = match.group(1)
    assert blob.sha256 in url

    assert client.get(url).status_code in (302, 401)  # not for visitors
    make_user()
    assert login(client).status_code == 302
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert response.data == PNG


def test_import_not_a_course_folder_fails(runner, tmp_path):
    result = invoke(runner, "courses", "import", str(tmp_path / "tidak-ada"))
    assert result.exit_code == 1
    assert "bukan folder kursus" in result.output
    assert count(Course) == 0


# --- users create ---


def create(runner, *args, password=TEST_PASSWORD):
    return invoke(runner, "users", "create", *args, "--password-stdin", input=password + "\n")


def user_named(username: str) -> User | None:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.username == username))


def test_users_create_with_repeated_roles(runner):
    result = create(
        runner, "budi", "--name", "Budi Santoso", "--role", "trainer", "--role", "hr",
        "--email", "budi@contoh.go.id",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Akun budi dibuat dengan peran: hr, trainer." in result.output
    user = user_named("budi")
    assert user.roles == {"trainer", "hr"}
    assert user.full_name == "Budi Santoso"
    assert user.email == "budi@contoh.go.id"


def test_users_create_defaults_to_learner(runner):
    assert create(runner, "siti", "--name", "Siti").exit_code == 0
    assert user_named("siti").roles == {"learner"}


def test_users_create_password_is_hashed_and_works_for_login(runner, client):
    password = "kata-sandi-yang-kuat"
    assert create(runner, "dewi", "--name", "Dewi", password=password).exit_code == 0
    user = user_named("dewi")
    assert user.password_hash and password not in user.password_hash
    assert user.check_password(password)
    assert login(client, "dewi", "salah-sekali-123").status_code != 302
    response = login(client, "dewi", password)
    assert response.status_code == 302
    assert client.get("/my").status_code == 200


def test_users_create_with_prompt_and_confirmation(runner):
    result = invoke(
        runner,
        "users",
        "create",
        "rina",
        "--name",
        "Rina",
        input="sandi-rina-123\nsandi-rina-123\n",
    )
    assert result.exit_code == 0, result.output
    assert "sandi-rina-123" not in result.output
    assert user_named("rina").check_password("sandi-rina-123")


def test_users_create_refuses_duplicate_username(runner):
    assert create(runner, "budi", "--name", "Budi").exit_code == 0
    again = create(runner, "BUDI", "--name", "Budi Lain", password="lain-sekali-123")
    assert again.exit_code != 0
    assert "Nama pengguna budi sudah terdaftar." in again.output
    assert count(User) == 1
    assert user_named("budi").full_name == "Budi"


def test_users_create_refuses_unknown_role(runner):
    result = runner.invoke(
        args=["users", "create", "budi", "--name", "Budi", "--role", "raja", "--password-stdin"],
        input=TEST_PASSWORD + "\n",
    )
    assert result.exit_code == 2
    assert "--role" in result.output and "raja" in result.output
    assert count(User) == 0


def test_users_create_refuses_short_password(runner):
    result = create(runner, "budi", "--name", "Budi", password="pendek")
    assert result.exit_code != 0
    # Issue 12 raised the minimum from 8 to 10 characters.
    assert "Kata sandi minimal 10 karakter." in result.output
    assert count(User) == 0


def test_users_create_nip_with_spaces_is_stored_as_18_digits(runner, client):
    result = create(runner, "19900101 202001 1 001", "--name", "Andi Wijaya")
    assert result.exit_code == 0, result.output
    user = user_named("199001012020011001")
    assert user is not None
    assert len(user.username) == 18 and user.username.isdigit()
    assert login(client, "19900101 202001 1 001").status_code == 302


# --- demo ---

DEMO_LINE = re.compile(r"^  (\S+)\s+(\S+)\s+(.+)$")


def demo_passwords(output: str) -> dict[str, str]:
    names = {name for name, _, _ in DEMO_ACCOUNTS}
    found = {}
    for line in output.splitlines():
        match = DEMO_LINE.match(line)
        if match and match.group(1) in names:
            found[match.group(1)] = match.group(2)
    return found


def demo_state():
    db.session.expire_all()
    users = {
        u.username: (u.id, u.password_hash, frozenset(u.roles))
        for u in db.session.scalars(select(User))
    }
    return users, count(CourseVersion), count(Question), count(Competency)


def test_demo_creates_accounts_and_imports_the_shipped_course(app, runner):
    result = invoke(runner, "demo", "--no-serve")

    assert result.exit_code == 0, result.output
    users = {u.username: u for u in db.session.scalars(select(User))}
    assert set(users) == {"peserta", "pengajar", "hr", "kepala", "admin"}
    assert users["peserta"].roles == {"learner"}
    assert users["pengajar"].roles == {"trainer", "learner"}
    assert users["hr"].roles == {"hr", "learner"}
    assert users["kepala"].roles == {"supervisor", "learner"}
    # BKPSDM sees the whole demo government; the head sees their kelurahan.
    assert users["hr"].scope_unit.code == "PTK"
    assert users["kepala"].unit.code == users["peserta"].unit.code == "PTK-KEL-SBL"
    from elearn.authoring.access import courses_for

    assert {c.slug for c in courses_for(users["pengajar"])} >= {"manajemen-waktu"}
    assert users["admin"].roles == {"admin", "learner"}
    passwords = demo_passwords(result.output)
    assert set(passwords) == set(users)
    for name, password in passwords.items():
        assert len(password) >= 8
        assert users[name].check_password(password), name
        assert password not in users[name].password_hash
    assert live_number("manajemen-waktu") == 1

    path = Path(app.instance_path) / "demo-accounts.txt"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    stored = dict(line.split(" ", 1) for line in path.read_text().splitlines())
    assert stored == passwords


def test_demo_twice_changes_nothing(runner):
    first = invoke(runner, "demo", "--no-serve")
    assert first.exit_code == 0, first.output
    before = demo_state()

    second = invoke(runner, "demo", "--no-serve")

    assert second.exit_code == 0, second.output
    assert demo_state() == before
    assert "manajemen-waktu: tidak berubah (versi 1)." in second.output
    assert demo_passwords(second.output) == demo_passwords(first.output)
    assert len(demo_passwords(second.output)) == len(DEMO_ACCOUNTS)


def test_demo_password_from_environment(runner, monkeypatch):
    monkeypatch.setenv("ELEARN_DEMO_PASSWORD", "demo-bersama-2024")
    result = invoke(runner, "demo", "--no-serve")
    assert result.exit_code == 0, result.output
    assert demo_passwords(result.output) == {
        name: "demo-bersama-2024" for name, _, _ in DEMO_ACCOUNTS
    }
    for user in db.session.scalars(select(User)):
        assert user.check_password("demo-bersama-2024"), user.username


def test_demo_password_from_environment_replaces_random_ones(runner, monkeypatch):
    assert invoke(runner, "demo", "--no-serve").exit_code == 0
    monkeypatch.setenv("ELEARN_DEMO_PASSWORD", "demo-bersama-2024")
    result = invoke(runner, "demo", "--no-serve")
    assert set(demo_passwords(result.output).values()) == {"demo-bersama-2024"}
    assert user_named("admin").check_password("demo-bersama-2024")


def test_demo_tightens_an_existing_password_file(app, runner):
    path = Path(app.instance_path) / "demo-accounts.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("")
    path.chmod(0o644)
    assert invoke(runner, "demo", "--no-serve").exit_code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
