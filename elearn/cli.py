"""The `elearn` command: a FlaskGroup over create_app with courses, users and demo."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from . import create_app
from .auth.services import AccountError, create_user
from .extensions import db
from .models import ROLES, User
from .publishing import services as publishing


@click.group(cls=FlaskGroup, create_app=create_app)
def cli():
    """ELearn ASN: kelola platform e-learning (kursus, pengguna, demo)."""


@click.group("courses")
def courses_cli():
    """Periksa dan terbitkan folder kursus."""


def _dictionary_slugs(paths: list[Path]) -> tuple[set[str], list]:
    slugs: set[str] = set()
    problems = []
    for path in paths:
        defs, found = publishing.load_competency_file(path, str(path))
        problems.extend(found)
        slugs |= {d.slug for d in defs}
    return slugs, problems


def _known_for_check(dictionaries: list[Path]) -> tuple[set[str], list]:
    # Mirror import_paths: the dictionaries beside the courses, the database, and the shipped
    # dictionary only when the database has none; anything else would fail on import.
    known, problems = _dictionary_slugs(dictionaries)
    try:
        in_database = publishing.known_competencies()
    except SQLAlchemyError:  # no database yet
        db.session.rollback()
        in_database = set()
    known |= in_database
    if not in_database and not dictionaries:
        known |= _dictionary_slugs([_shipped_dictionary()])[0]
    return known, problems


def _shipped_dictionary() -> Path:
    return Path(current_app.config["COURSES_DIR"]) / "competencies.yml"


@courses_cli.command("check")
@click.argument("paths", nargs=-1, required=True)
def courses_check(paths: tuple[str, ...]):
    """Periksa folder kursus dan tampilkan setiap masalah sebagai path:baris: pesan."""
    sources, problems, dictionaries = publishing.course_sources(paths)
    known, dict_problems = _known_for_check(dictionaries)
    problems += dict_problems
    modules = questions = valid = 0
    for source in sources:
        spec, found = publishing.check_source(source, known)
        problems += found
        if spec:
            valid += 1
            modules += len(spec.modules)
            questions += spec.question_count
    for problem in problems:
        click.echo(str(problem))
    if problems:
        click.echo(
            f"{len(problems)} masalah ditemukan; {valid} dari {len(sources)} kursus valid.",
            err=True,
        )
        sys.exit(1)
    click.echo(
        f"OK: {len(sources)} kursus, {modules} modul, {questions} pertanyaan diperiksa; "
        "tidak ada masalah."
    )


def import_paths(paths, echo=click.echo) -> bool:
    """Import competency dictionaries and courses found at PATHS; return True if all were valid."""
    sources, problems, dictionaries = publishing.course_sources(paths)
    ok = not problems
    for problem in problems:
        echo(str(problem))
    if not dictionaries and not publishing.known_competencies() and _shipped_dictionary().is_file():
        # A fresh deployment starts from the shipped dictionary.
        dictionaries = [_shipped_dictionary()]
    for path in dictionaries:
        defs, found = publishing.load_competency_file(path, str(path))
        if found:
            ok = False
            for problem in found:
                echo(str(problem))
            echo(f"{path}: kamus kompetensi tidak diimpor karena ada masalah.")
            continue
        added, updated = publishing.import_competencies(defs)
        echo(f"{path}: {len(defs)} kompetensi ({added} baru, {updated} diperbarui).")
    for source in sources:
        result = publishing.publish_source(source)
        if result.status == "invalid":
            ok = False
            for problem in result.problems:
                echo(str(problem))
            echo(
                f"{source.slug}: TIDAK diterbitkan ({len(result.problems)} masalah); "
                "versi yang tayang tetap."
            )
        elif result.status == "new":
            echo(f"{source.slug}: versi {result.version} diterbitkan.")
        elif result.status == "restored":
            echo(
                f"{source.slug}: isi sama dengan versi {result.version}; versi itu kembali tayang."
            )
        else:
            echo(f"{source.slug}: tidak berubah (versi {result.version}).")
    return ok


@courses_cli.command("import")
@click.argument("paths", nargs=-1, required=True)
def courses_import(paths: tuple[str, ...]):
    """Terbitkan kursus yang valid; kursus yang bermasalah dilewati."""
    if not import_paths(paths):
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
        click.echo(f"Gagal: {exc}", err=True)
        sys.exit(1)
    click.echo(f"{slug}: ditulis ke {written}.")


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
            "Kata sandi", hide_input=True, confirmation_prompt="Ulangi kata sandi"
        )
    try:
        user = create_user(username, full_name, roles or ["learner"], password, email)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Akun {user.username} dibuat dengan peran: {', '.join(sorted(user.roles))}.")


@click.group("positions")
def positions_cli():
    """Kelola profil jabatan."""


@positions_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def positions_import(file: str):
    """Impor profil jabatan dari CSV (kode, nama, jenis, satu kolom per kompetensi) atau YAML."""
    from .admin.services import upsert_positions
    from .domain.positions import parse_csv, parse_yaml

    text = _read_text(file)
    parse = parse_yaml if file.lower().endswith((".yml", ".yaml")) else parse_csv
    defs, errors = parse(text, publishing.known_competencies())
    _stop_on_row_errors(file, errors)
    added, updated = upsert_positions(defs)
    click.echo(f"{len(defs)} jabatan ({added} baru, {updated} diperbarui).")


@click.group("org")
def org_cli():
    """Kelola susunan organisasi."""


def _stop_on_row_errors(file: str, errors) -> None:
    """Print every row error and exit 1: an import writes all rows or none."""
    for error in errors:
        click.echo(f"{file}: {error}")
    if errors:
        click.echo(f"{len(errors)} kesalahan; tidak ada yang disimpan.", err=True)
        sys.exit(1)


def _read_text(file: str) -> str:
    try:
        return Path(file).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{file}: berkas bukan teks UTF-8") from exc


@org_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def org_import(file: str):
    """Impor unit organisasi dari CSV (kode, nama, kode_induk)."""
    from .admin.services import unit_parents, upsert_units
    from .domain.org import parse_org_csv

    units, errors = parse_org_csv(_read_text(file), unit_parents())
    _stop_on_row_errors(file, errors)
    added, updated = upsert_units(units)
    click.echo(f"{len(units)} unit ({added} baru, {updated} diperbarui).")


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
    from .hr.tabular import TableError, read_table

    try:
        table = read_table(file, Path(file).read_bytes())
    except TableError as exc:
        raise click.ClickException(f"{file}: {exc}") from exc
    plan = plan_import(table)
    _stop_on_row_errors(file, plan.errors)
    summary = f"{plan.new} pegawai baru, {plan.updated} diperbarui, {plan.unchanged} tidak berubah"
    if dry_run:
        click.echo(f"Pratinjau: {summary}. Belum ada yang disimpan.")
        return
    created = apply_import(plan, None)
    click.echo(f"Tersimpan: {summary}.")
    if created:
        click.echo("Kode aktivasi akun baru dapat diekspor dengan: elearn employees codes")


@employees_cli.command("codes")
@click.option("--out", type=click.Path(dir_okay=False), help="Tulis ke berkas CSV.")
def employees_codes(out: str | None):
    """Ekspor kode aktivasi yang belum dipakai (nip, nama, kode_aktivasi, berlaku_sampai)."""
    import csv
    import io

    from .hr.services import pending_activations

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["nip", "nama", "kode_aktivasi", "berlaku_sampai"])
    for user in pending_activations():
        writer.writerow(
            [user.username, user.full_name, user.activation_code, user.activation_expires_at.date()]
        )
    if out:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)  # an existing file keeps its mode otherwise
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(buffer.getvalue())
        click.echo(f"Kode aktivasi ditulis ke {out}.")
    else:
        click.echo(buffer.getvalue(), nl=False)


DEMO_ACCOUNTS = (
    ("peserta", "Siti Rahmawati", ("learner",)),
    ("pengajar", "Budi Santoso", ("trainer", "learner")),
    ("hr", "Dewi Lestari", ("hr", "learner")),
    ("kepala", "Rudi Hartono", ("supervisor", "learner")),
    ("admin", "Administrator Platform", ("admin", "learner")),
)
# Where the demo people work: (username, unit code, position code, golongan, HR scope).
DEMO_PLACES = (
    ("peserta", "PTK-KEL-SBL", "PLK-ADM", "II/c", None),
    ("hr", "PTK-BKPSDM", None, "III/c", "PTK"),
    ("kepala", "PTK-KEL-SBL", None, "III/d", None),
)


def _demo_password_file() -> Path:
    return Path(current_app.instance_path) / "demo-accounts.txt"


def _read_demo_passwords() -> dict[str, str]:
    path = _demo_password_file()
    if not path.exists():
        return {}
    pairs = (line.split(" ", 1) for line in path.read_text().splitlines() if " " in line)
    return {name: password for name, password in pairs}


def _write_demo_passwords(passwords: dict[str, str]) -> None:
    path = _demo_password_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # the mode above only applies when the file is new
    with os.fdopen(fd, "w") as fh:
        fh.writelines(f"{name} {password}\n" for name, password in passwords.items())


def ensure_demo_accounts() -> list[tuple[str, str, str]]:
    """Create the demo accounts once; return (username, roles, password shown) rows."""
    fixed = os.environ.get("ELEARN_DEMO_PASSWORD")
    stored = _read_demo_passwords()
    rows = []
    for username, full_name, roles in DEMO_ACCOUNTS:
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None:
            password = fixed or secrets.token_urlsafe(9)
            create_user(username, full_name, roles, password)
            stored[username] = password
            shown = password
        elif fixed and not user.check_password(fixed):
            user.set_password(fixed)
            db.session.commit()
            stored[username] = shown = fixed
        elif stored.get(username) and user.check_password(stored[username]):
            shown = stored[username]
        else:
            shown = "(sudah diubah pemiliknya)"
        rows.append((username, ", ".join(roles), shown))
    _write_demo_passwords(stored)
    return rows


def ensure_demo_profiles() -> None:
    """Give the demo a small organisation and position profiles, once."""
    from .admin import services as admin
    from .domain.org import parse_org_csv
    from .domain.positions import parse_csv
    from .models import OrgUnit, Position

    demo_dir = Path(current_app.config["DEMO_DIR"])
    if db.session.scalar(select(OrgUnit.id).limit(1)) is None:
        units, errors = parse_org_csv((demo_dir / "org.csv").read_text(encoding="utf-8"))
        if not errors:
            admin.upsert_units(units)
    if db.session.scalar(select(Position.id).limit(1)) is None:
        text = (demo_dir / "positions.csv").read_text(encoding="utf-8")
        positions, errors = parse_csv(text, publishing.known_competencies())
        if not errors:
            admin.upsert_positions(positions)
    units = dict(db.session.execute(select(OrgUnit.code, OrgUnit.id)).all())
    positions = dict(db.session.execute(select(Position.code, Position.id)).all())
    for username, unit, position, rank, scope in DEMO_PLACES:
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None or user.unit_id is not None:  # placed already, maybe by hand
            continue
        user.unit_id, user.rank = units.get(unit), rank
        user.position_id = positions.get(position) if position else None
        user.scope_unit_id = units.get(scope) if scope else None
    _demo_course_owner()
    db.session.commit()


def _demo_course_owner() -> None:
    """The demo trainer owns the shipped courses that have no author yet."""
    from .authoring.access import add_author
    from .models import Course, CourseAuthor

    trainer = db.session.scalar(select(User).where(User.username == "pengajar"))
    if trainer is None:
        return
    authored = select(CourseAuthor.course_id)
    for course_id in db.session.scalars(select(Course.id).where(Course.id.not_in(authored))):
        add_author(course_id, trainer.id, "owner")


@click.command("demo")
@click.option("--no-serve", is_flag=True, help="Hanya siapkan basis data dan akun demo.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def demo(no_serve: bool, host: str, port: int):
    """Siapkan basis data, kursus dan akun demo, lalu jalankan server."""
    from flask_migrate import upgrade

    upgrade(directory=current_app.config["MIGRATIONS_DIR"])
    courses_dir = current_app.config["COURSES_DIR"]
    if not import_paths([courses_dir]):
        click.echo("Sebagian kursus demo tidak valid; lihat pesan di atas.", err=True)
    rows = ensure_demo_accounts()
    ensure_demo_profiles()
    click.echo("\nAkun demo (kata sandi juga tersimpan di instance/demo-accounts.txt):")
    for username, roles, password in rows:
        click.echo(f"  {username:<10} {password:<16} {roles}")
    url = f"http://{host}:{port}"
    click.echo(f"\nBuka {url}/login lalu masuk dengan salah satu akun di atas.")
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
