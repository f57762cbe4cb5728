"""The `elearn` command speaks CLI_LOCALE (issue 17): every command below runs twice, on an
app configured with CLI_LOCALE="en" and on one with the default configuration, and says
the same thing in English and in Bahasa Indonesia. An unknown CLI_LOCALE means Indonesian."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask

from elearn.demo import CHANGED_BY_OWNER
from elearn.i18n import translated_text
from tests.helpers import TEST_PASSWORD, jp_matched, minimal_course

# What each command says, by key: English first, then the Indonesian it has always said.
SAID = {
    "created": ("Account budi created with roles: hr.", "Akun budi dibuat dengan peran: hr."),
    "deactivated": (
        "Account budi deactivated; all its sessions have ended.",
        "Akun budi dinonaktifkan; semua sesinya sudah berakhir.",
    ),
    "already_off": ("Account budi is already deactivated.", "Akun budi sudah nonaktif."),
    "back": ("Account budi is active again.", "Akun budi aktif kembali."),
    "no_user": ("User siapa not found.", "Pengguna siapa tidak ditemukan."),
    "prompt": ("Password: ", "Kata sandi: "),
    "repeat": ("Repeat the password: ", "Ulangi kata sandi: "),
    "purged": ("Ended sessions deleted: 0.", "0 sesi yang sudah berakhir dihapus."),
    "check_ok": (
        "OK: courses: 1, modules: 2, questions: 1 checked; no problems.",
        "OK: 1 kursus, 2 modul, 1 pertanyaan diperiksa; tidak ada masalah.",
    ),
    "no_answer": (
        "the question has no correct answer: mark at least one option with `- [x]`",
        "pertanyaan tidak punya jawaban benar: tandai minimal satu pilihan dengan `- [x]`",
    ),
    "check_failed": (
        "Problems found: 1; 0 of 1 courses valid.",
        "1 masalah ditemukan; 0 dari 1 kursus valid.",
    ),
    "published": ("kursus-uji: version 1 published.", "kursus-uji: versi 1 diterbitkan."),
    "unchanged": ("kursus-uji: unchanged (version 1).", "kursus-uji: tidak berubah (versi 1)."),
    "refused": (
        "kursus-uji: NOT published (problems: 1); the live version stays.",
        "kursus-uji: TIDAK diterbitkan (1 masalah); versi yang tayang tetap.",
    ),
    "dictionary": (r": competencies: \d+ \(\d+ new, 0 updated\)\.$", r": \d+ kompetensi \("),
    "not_a_course": (
        "not a course folder: no course.md in this folder or its subfolders",
        "bukan folder kursus: tidak ada course.md di folder ini atau subfoldernya",
    ),
    "row_error": (
        "line 2, column kode: the position code is required",
        "baris 2, kolom kode: kode jabatan wajib diisi",
    ),
    "nothing_saved": ("Errors: 1; nothing was saved.", "1 kesalahan; tidak ada yang disimpan."),
    "new_key": ("New signing key: ", "Kunci penandatangan baru: "),
    "old_key_stays": ("stays published at /.well-known/jwks.json", "tetap diterbitkan di"),
    "active_key": ("  active (signs new certificates)", "  aktif (menandatangani sertifikat baru)"),
    "old_key": ("  old (verifies only)", "  lama (hanya memeriksa)"),
    "retire_plain": ("An old key is withdrawn only when it has leaked", "Kunci lama hanya dicabut"),
    "withdrawn": ("is no longer published at", "tidak lagi diterbitkan di"),
    "resigned": (
        "Done: certificates signed again with the active key: 0.",
        "Selesai: 0 sertifikat ditandatangani ulang dengan kunci aktif.",
    ),
    "unknown_key": ("Key nope is unknown to this instance.", "Kunci nope tidak dikenal instance"),
    "backup_written": ("Backup written to ", "Cadangan ditulis ke "),
    "backup_secret": (
        "Keep this backup as secret as the database",
        "Simpan cadangan ini serahasia basis datanya",
    ),
    "backup_exists": ("already exists. A backup is always written", "sudah ada. Cadangan selalu"),
    "no_backup": ("Failed: Backup folder ", "Gagal: Folder cadangan "),
    "xapi_status": (
        "Waiting: 0; failed: 0; sent today: 0.",
        "Menunggu: 0; gagal: 0; terkirim hari ini: 0.",
    ),
    "xapi_off": ("xAPI is not configured (", "xAPI belum dikonfigurasi ("),
    "requeued": ("Queued again: 0 statements.", "Dimasukkan kembali ke antrean: 0 pernyataan."),
    "bad_date": ("the date must be YYYY-MM-DD", "tanggal harus berformat TTTT-BB-HH"),
}


@dataclass
class Cli:
    app: Flask
    lang: str

    def run(self, *args: str, input: str | None = None):  # noqa: A002  (click's own name)
        result = self.app.test_cli_runner().invoke(args=list(args), input=input)
        assert "Traceback" not in result.output, result.output
        assert isinstance(result.exception, SystemExit | None), result.output
        return result

    def said(self, key: str) -> str:
        english, indonesian = SAID[key]
        return english if self.lang == "en" else indonesian


@pytest.fixture(params=["en", "id"])
def cli(request, make_app):
    """An app in each language, in its own context (as the `elearn` command pushes one)."""
    app = make_app(CLI_LOCALE="en") if request.param == "en" else make_app()
    with app.app_context():
        yield Cli(app, request.param)


def test_users_create_deactivate_and_reactivate(cli):
    created = cli.run(
        "users", "create", "budi", "--name", "Budi Santoso", "--role", "hr", "--password-stdin",
        input=TEST_PASSWORD + "\n",
    )  # fmt: skip
    assert created.exit_code == 0, created.output
    assert cli.said("created") in created.output.splitlines()
    assert cli.said("deactivated") in cli.run("users", "deactivate", "budi").output
    assert cli.said("already_off") in cli.run("users", "deactivate", "budi").output
    assert cli.said("back") in cli.run("users", "reactivate", "budi").output
    unknown = cli.run("users", "deactivate", "siapa")
    assert unknown.exit_code == 1
    assert cli.said("no_user") in unknown.output


def test_users_create_prompts_for_the_password_twice(cli):
    typed = "sandi-rina-12345"
    result = cli.run("users", "create", "rina", "--name", "Rina", input=f"{typed}\n{typed}\n")
    assert result.exit_code == 0, result.output
    assert cli.said("prompt") in result.output and cli.said("repeat") in result.output


def test_purge_sessions(cli):
    assert cli.run("users", "purge-sessions").output == cli.said("purged") + "\n"


def test_courses_check_without_and_with_a_problem(cli, make_course):
    valid = cli.run("courses", "check", str(make_course(files=jp_matched(minimal_course()))))
    assert valid.exit_code == 0, valid.output
    assert valid.output == cli.said("check_ok") + "\n"

    files = minimal_course()
    files["02-lanjutan.md"] = files["02-lanjutan.md"].replace("- [x] Empat", "- [ ] Empat")
    folder = make_course("rusak", files)
    broken = cli.run("courses", "check", str(folder))
    assert broken.exit_code == 1
    # Line 14 of 02-lanjutan.md is the question's heading; the path and line stay as they are.
    assert broken.stdout == f"{folder}/02-lanjutan.md:14: {cli.said('no_answer')}\n"
    assert broken.stderr == cli.said("check_failed") + "\n"


def test_courses_import_publishes_keeps_and_refuses(cli, make_course, tmp_path):
    folder = make_course(files=jp_matched(minimal_course()))
    first = cli.run("courses", "import", str(folder))
    assert first.exit_code == 0, first.output
    lines = first.output.splitlines()
    assert cli.said("published") in lines
    assert any(re.search(cli.said("dictionary"), line) for line in lines), lines
    assert cli.said("unchanged") in cli.run("courses", "import", str(folder)).output

    module = folder / "02-lanjutan.md"
    module.write_text(module.read_text().replace("- [x] Empat", "- [ ] Empat"))
    refused = cli.run("courses", "import", str(folder))
    assert refused.exit_code == 1
    assert f"{module}:14: {cli.said('no_answer')}" in refused.output.splitlines()
    assert cli.said("refused") in refused.output.splitlines()

    empty = tmp_path / "kosong"
    empty.mkdir()
    nothing = cli.run("courses", "import", str(empty))
    assert nothing.exit_code == 1
    assert nothing.output == f"{empty}:1: {cli.said('not_a_course')}\n"


def test_positions_import_row_errors(cli, tmp_path):
    table = tmp_path / "jabatan.csv"
    table.write_text("kode,nama,jenis\n,Analis Data,pelaksana\n", encoding="utf-8")
    result = cli.run("positions", "import", str(table))
    assert result.exit_code == 1
    assert result.stdout == f"{table}: {cli.said('row_error')}\n"
    assert result.stderr == cli.said("nothing_saved") + "\n"


def test_signing_keys_rotate_list_and_retire(cli):
    first = cli.run("keys", "rotate")
    assert first.exit_code == 0, first.output
    second = cli.run("keys", "rotate")
    assert cli.said("new_key") in second.output and cli.said("old_key_stays") in second.output
    listed = cli.run("keys", "list").output.splitlines()
    assert listed[0].endswith(cli.said("active_key")) and listed[1].endswith(cli.said("old_key"))
    old = listed[1].split()[0]

    plain = cli.run("keys", "retire", "--", old)
    assert plain.exit_code == 2
    assert cli.said("retire_plain") in plain.output
    retired = cli.run("keys", "retire", "--compromised", "--", old)
    assert retired.exit_code == 0, retired.output
    assert cli.said("withdrawn") in retired.output
    assert cli.said("resigned") in retired.output.splitlines()
    unknown = cli.run("keys", "retire", "--compromised", "--", "nope")
    assert unknown.exit_code == 1 and cli.said("unknown_key") in unknown.output


def test_backup_and_a_refused_restore(cli, tmp_path):
    dest = tmp_path / "cadangan"
    written = cli.run("backup", str(dest))
    assert written.exit_code == 0, written.output
    assert written.output.startswith(cli.said("backup_written") + str(dest))
    assert cli.said("backup_secret") in written.output
    again = cli.run("backup", str(dest))
    assert again.exit_code == 3 and cli.said("backup_exists") in again.stderr
    missing = cli.run("restore", str(tmp_path / "tidak-ada"))
    assert missing.exit_code == 6 and missing.stderr.startswith(cli.said("no_backup"))


def test_xapi_without_a_learning_record_store(cli):
    assert cli.run("xapi", "status").output == cli.said("xapi_status") + "\n"
    flushed = cli.run("xapi", "flush")
    assert flushed.exit_code == 1 and flushed.output.startswith(cli.said("xapi_off"))
    assert cli.run("xapi", "requeue").output == cli.said("requeued") + "\n"


def test_reminders_refuse_a_date_in_another_format(cli):
    result = cli.run("reminders", "send", "--today", "31-03-2026")
    assert result.exit_code == 2
    assert cli.said("bad_date") in result.output


def test_a_text_from_a_module_without_flask_is_said_in_the_command_language(cli):
    said = translated_text(CHANGED_BY_OWNER)
    assert said == ("(changed by its owner)" if cli.lang == "en" else "(sudah diubah pemiliknya)")


def test_an_unknown_cli_locale_means_indonesian(make_app, tmp_path):
    app = make_app(CLI_LOCALE="fr")
    with app.app_context():
        purged = app.test_cli_runner().invoke(args=["users", "purge-sessions"])
        nothing = app.test_cli_runner().invoke(args=["courses", "check", str(tmp_path)])
    assert purged.output == "0 sesi yang sudah berakhir dihapus.\n"
    assert nothing.stdout == f"{tmp_path}:1: {SAID['not_a_course'][1]}\n"


def test_the_console_script_reads_elearn_cli_locale(make_course, tmp_path):
    """The real `elearn` command: the setting comes from the environment."""
    exe = Path(sys.executable).parent / "elearn"
    folder = make_course(files=jp_matched(minimal_course()))
    env = dict(os.environ, ELEARN_INSTANCE_PATH=str(tmp_path / "instance"), ELEARN_CLI_LOCALE="en")
    env.pop("ELEARN_DATABASE_URL", None)  # a check needs no database
    done = subprocess.run(
        [exe, "courses", "check", str(folder)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == SAID["check_ok"][0] + "\n"
