"""The `elearn` command: argument parsing and output over the services that do the work."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup
from flask_babel import gettext as _

from . import create_app
from .auth.services import AccountError, create_user, set_active, user_by_username
from .i18n import translated_text
from .models import ROLES
from .publishing import folders
from .publishing.services import known_competencies


@click.group(cls=FlaskGroup, create_app=create_app)
def cli():
    """ELearn ASN: kelola platform e-learning (kursus, pengguna, demo)."""


@click.group("courses")
def courses_cli():
    """Periksa dan terbitkan folder kursus."""


@courses_cli.command("check")
@click.argument("paths", nargs=-1, required=True)
@click.option("--strict", is_flag=True, help="Gagal (kode 1) juga bila hanya ada peringatan.")
def courses_check(paths: tuple[str, ...], strict: bool):
    """Periksa folder kursus dan tampilkan setiap masalah sebagai path:baris: pesan,
    lalu setiap peringatan penulisan soal sebagai path:baris: peringatan: pesan."""
    report = folders.check_paths(paths)
    for problem in report.problems:
        click.echo(folders.said(problem))
    for warning in report.warnings:
        where, message = f"{warning.path}:{warning.line}", translated_text(warning.message)
        click.echo(_("%(where)s: peringatan: %(message)s", where=where, message=message))
    figures = {
        "problems": len(report.problems),
        "warnings": len(report.warnings),
        "valid": report.valid,
        "courses": report.courses,
        "modules": report.modules,
        "questions": report.questions,
        "skm_maps": report.skm_maps,
    }
    if report.problems:
        click.echo(_check_failed(figures), err=True)
        sys.exit(1)
    click.echo(_check_passed(figures))
    if strict and report.warnings:
        click.echo(_("--strict: peringatan dihitung sebagai kegagalan."), err=True)
        sys.exit(1)


def _check_failed(figures: dict[str, int]) -> str:
    if figures["warnings"]:
        return _(
            "%(problems)s masalah ditemukan; %(warnings)s peringatan; "
            "%(valid)s dari %(courses)s kursus valid.",
            **figures,
        )
    return _("%(problems)s masalah ditemukan; %(valid)s dari %(courses)s kursus valid.", **figures)


def _check_passed(figures: dict) -> str:
    figures = {**figures, "mapped": _(", pemetaan SKM") if figures.get("skm_maps") else ""}
    if figures["warnings"]:
        return _(
            "OK: %(courses)s kursus, %(modules)s modul, %(questions)s pertanyaan%(mapped)s "
            "diperiksa; tidak ada masalah; %(warnings)s peringatan.",
            **figures,
        )
    return _(
        "OK: %(courses)s kursus, %(modules)s modul, %(questions)s pertanyaan%(mapped)s "
        "diperiksa; tidak ada masalah.",
        **figures,
    )


@courses_cli.command("import")
@click.argument("paths", nargs=-1, required=True)
def courses_import(paths: tuple[str, ...]):
    """Terbitkan kursus yang valid; kursus yang bermasalah dilewati."""
    if not folders.import_paths(paths, echo=click.echo):
        sys.exit(1)


@courses_cli.command("export")
@click.argument("slug")
@click.argument("dest", type=click.Path(path_type=Path))
@click.option("--version", "number", type=int, help="Nomor versi (bawaan: versi yang tayang).")
def courses_export(slug: str, dest: Path, number: int | None):
    """Tulis kursus SLUG ke DEST: berkas .zip, atau folder (menjadi DEST/SLUG/)."""
    from .authoring.zipio import ExportError, export_to_path

    try:
        written = export_to_path(slug, dest, number)
    except ExportError as exc:
        click.echo(_("Gagal: %(reason)s", reason=exc), err=True)
        sys.exit(1)
    click.echo(_("%(slug)s: ditulis ke %(path)s.", slug=slug, path=written))


@click.group("users")
def users_cli():
    """Kelola akun pengguna."""


@users_cli.command("create")
@click.argument("username")
@click.option("--name", "full_name", required=True, help="Nama lengkap.")
@click.option(
    "--role", "roles", multiple=True, type=click.Choice(ROLES), help="Peran; boleh diulang."
)
@click.option("--email", default=None, help="Alamat e-mail (opsional).")
@click.option("--password-stdin", is_flag=True, help="Baca kata sandi dari standard input.")
def users_create(username, full_name, roles, email, password_stdin):
    """Buat akun baru; kata sandi diminta lewat prompt atau --password-stdin."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt(
            _("Kata sandi"), hide_input=True, confirmation_prompt=_("Ulangi kata sandi")
        )
    try:
        user = create_user(username, full_name, roles or ["learner"], password, email)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    roles = ", ".join(sorted(user.roles))
    click.echo(_("Akun %(user)s dibuat dengan peran: %(roles)s.", user=user.username, roles=roles))


def _set_active(username: str, active: bool) -> None:
    user = user_by_username(username)
    if user is None:
        raise click.ClickException(_("Pengguna %(user)s tidak ditemukan.", user=username))
    changed = set_active(user, active, actor_id=None)
    if changed and active:
        said = _("Akun %(user)s aktif kembali.", user=user.username)
    elif changed:
        said = _("Akun %(user)s dinonaktifkan; semua sesinya sudah berakhir.", user=user.username)
    elif active:
        said = _("Akun %(user)s sudah aktif.", user=user.username)
    else:
        said = _("Akun %(user)s sudah nonaktif.", user=user.username)
    click.echo(said)


@users_cli.command("deactivate")
@click.argument("username")
def users_deactivate(username):
    """Nonaktifkan akun: pemiliknya tidak bisa masuk lagi dan semua sesinya berakhir."""
    _set_active(username, False)


@users_cli.command("reactivate")
@click.argument("username")
def users_reactivate(username):
    """Aktifkan kembali akun yang dinonaktifkan."""
    _set_active(username, True)


@users_cli.command("purge-sessions")
def users_purge_sessions():
    """Hapus catatan sesi yang sudah berakhir (jalankan harian, mis. dari cron)."""
    from .auth.sessions import purge_ended

    click.echo(_("%(n)s sesi yang sudah berakhir dihapus.", n=purge_ended()))


@click.group("positions")
def positions_cli():
    """Kelola profil jabatan."""


@positions_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--government",
    "government_code",
    default=None,
    help="Kode unit pemerintah daerah pemilik jabatan; tanpa opsi ini: templat nasional.",
)
def positions_import(file: str, government_code: str | None):
    """Impor profil jabatan dari CSV (kode, nama, jenis, satu kolom per kompetensi) atau YAML."""
    from .admin.services import government_by_code, upsert_positions
    from .domain.positions import parse_csv, parse_yaml

    government_id = None
    if government_code is not None:
        government_id = government_by_code(government_code)
        if government_id is None:
            raise click.ClickException(
                _(
                    "%(code)s: bukan kode pemerintah daerah (unit teratas) yang dikenal",
                    code=government_code,
                )
            )
    text = _read_text(file)
    parse = parse_yaml if file.lower().endswith((".yml", ".yaml")) else parse_csv
    defs, errors = parse(text, known_competencies())
    _stop_on_row_errors(file, errors)
    added, updated = upsert_positions(defs, government_id)
    click.echo(
        _(
            "%(n)s jabatan (%(added)s baru, %(updated)s diperbarui).",
            n=len(defs),
            added=added,
            updated=updated,
        )
    )


@click.group("org")
def org_cli():
    """Kelola susunan organisasi."""


def _stop_on_row_errors(file: str, errors) -> None:
    """Print every row error and exit 1: an import writes all rows or none."""
    for error in errors:
        click.echo(f"{file}: {_row_error(error)}")
    if errors:
        click.echo(_("%(n)s kesalahan; tidak ada yang disimpan.", n=len(errors)), err=True)
        sys.exit(1)


def _row_error(error) -> str:
    """A RowError as its __str__ says it, in the command's language."""
    message = translated_text(error.message)
    if error.column:
        where = _("baris %(n)s, kolom %(column)s", n=error.row, column=error.column)
    else:
        where = _("baris %(n)s", n=error.row)
    return f"{where}: {message}"


def _read_text(file: str) -> str:
    try:
        return Path(file).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise click.ClickException(_("%(file)s: berkas bukan teks UTF-8", file=file)) from exc


@org_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def org_import(file: str):
    """Impor unit organisasi dari CSV (kode, nama, kode_induk)."""
    from .admin.services import unit_parents, upsert_units
    from .domain.org import parse_org_csv

    units, errors = parse_org_csv(_read_text(file), unit_parents())
    _stop_on_row_errors(file, errors)
    added, updated = upsert_units(units)
    click.echo(
        _(
            "%(n)s unit (%(added)s baru, %(updated)s diperbarui).",
            n=len(units),
            added=added,
            updated=updated,
        )
    )


@click.group("employees")
def employees_cli():
    """Kelola data pegawai."""


@employees_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Periksa dan tampilkan ringkasan tanpa menyimpan.")
def employees_import(file: str, dry_run: bool):
    """Impor pegawai dari CSV atau XLSX (nip, nama, email, jenis_pegawai, kode_unit,
    kode_jabatan, golongan); tidak ada yang disimpan bila satu baris pun salah."""
    from .hr.services import apply_import, plan_import
    from .uploads.tables import TableError, read_table

    try:
        table = read_table(file, Path(file).read_bytes())
    except TableError as exc:
        raise click.ClickException(f"{file}: {exc}") from exc
    plan = plan_import(table)
    _stop_on_row_errors(file, plan.errors)
    summary = _(
        "%(new)s pegawai baru, %(updated)s diperbarui, %(unchanged)s tidak berubah",
        new=plan.new,
        updated=plan.updated,
        unchanged=plan.unchanged,
    )
    if dry_run:
        click.echo(_("Pratinjau: %(summary)s. Belum ada yang disimpan.", summary=summary))
        return
    created = apply_import(plan, None)
    click.echo(_("Tersimpan: %(summary)s.", summary=summary))
    if created:
        click.echo(_("Kode aktivasi akun baru dapat diekspor dengan: elearn employees codes"))


@employees_cli.command("codes")
@click.option("--out", type=click.Path(dir_okay=False), help="Tulis ke berkas CSV.")
def employees_codes(out: str | None):
    """Ekspor kode aktivasi yang belum dipakai (nip, nama, kode_aktivasi, berlaku_sampai)."""
    from .hr.services import activation_table, pending_activations

    # The same writer as the web download, so names are escaped against formula injection.
    text = activation_table(pending_activations()).csv_text()
    if out:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)  # an existing file keeps its mode otherwise
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        click.echo(_("Kode aktivasi ditulis ke %(path)s.", path=out))
    else:
        click.echo(text, nl=False)


@click.command("demo")
@click.option("--no-serve", is_flag=True, help="Hanya siapkan basis data dan akun demo.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def demo(no_serve: bool, host: str, port: int):
    """Siapkan basis data, kursus dan akun demo, lalu jalankan server."""
    from . import demo as demo_data

    courses_ok, rows = demo_data.prepare(echo=click.echo)
    if not courses_ok:
        click.echo(_("Sebagian kursus demo tidak valid; lihat pesan di atas."), err=True)
    click.echo("\n" + _("Akun demo (kata sandi juga tersimpan di instance/demo-accounts.txt):"))
    for username, roles, password in rows:
        click.echo(f"  {username:<10} {translated_text(password):<16} {roles}")
    url = f"http://{host}:{port}/login"
    click.echo("\n" + _("Buka %(url)s lalu masuk dengan salah satu akun di atas.", url=url))
    if no_serve:
        return
    from werkzeug.serving import run_simple

    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    run_simple(host, port, app, threaded=True)


def register(app: Flask) -> None:
    app.cli.add_command(courses_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(positions_cli)
    app.cli.add_command(org_cli)
    app.cli.add_command(employees_cli)
    app.cli.add_command(demo)
    from .assignments.cli import reminders_cli

    app.cli.add_command(reminders_cli)
    from .backup.cli import backup, restore
    from .certificates.cli import keys_cli

    app.cli.add_command(backup)
    app.cli.add_command(restore)
    app.cli.add_command(keys_cli)
    from .questions.cli import questions_cli
    from .xapi.cli import xapi_cli

    app.cli.add_command(questions_cli)
    app.cli.add_command(xapi_cli)
