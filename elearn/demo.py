"""The demo: shipped courses, five accounts with their passwords, a small government.

Running it again changes nothing and loses nothing: accounts, places and passwords a
person changed stay as they are.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from .auth.services import create_user
from .domain.texts import N_
from .extensions import db
from .models import User
from .publishing.folders import Echo, import_paths

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
    ("kepala", "PTK-KEL-SBL", "LURAH", "III/d", None),
)
DEMO_GOVERNMENT = "PTK"  # the root of demo/org.csv, owner of demo/positions.csv
# A Text: the command says it in its own language (a plain password is shown as it is).
CHANGED_BY_OWNER = N_("(sudah diubah pemiliknya)")


def prepare(echo: Echo) -> tuple[bool, list[tuple[str, str, str]]]:
    """Migrate, publish the shipped courses and seed the demo; return (all courses valid,
    account rows as ensure_accounts gives them)."""
    from flask_migrate import upgrade

    upgrade(directory=current_app.config["MIGRATIONS_DIR"])
    courses_ok = import_paths([current_app.config["COURSES_DIR"]], echo=echo)
    rows = ensure_accounts()
    ensure_profiles()
    return courses_ok, rows


def password_file() -> Path:
    return Path(current_app.instance_path) / "demo-accounts.txt"


def _read_passwords() -> dict[str, str]:
    path = password_file()
    if not path.exists():
        return {}
    pairs = (line.split(" ", 1) for line in path.read_text().splitlines() if " " in line)
    return {name: password for name, password in pairs}


def _write_passwords(passwords: dict[str, str]) -> None:
    path = password_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # the mode above only applies when the file is new
    with os.fdopen(fd, "w") as fh:
        fh.writelines(f"{name} {password}\n" for name, password in passwords.items())


def ensure_accounts() -> list[tuple[str, str, str]]:
    """Create the demo accounts once; return (username, roles, password shown) rows."""
    fixed = os.environ.get("ELEARN_DEMO_PASSWORD")
    stored = _read_passwords()
    rows = []
    for username, full_name, roles in DEMO_ACCOUNTS:
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None:
            password = fixed or secrets.token_urlsafe(9)
            create_user(username, full_name, roles, password)
            stored[username] = shown = password
        elif fixed and not user.check_password(fixed):
            user.set_password(fixed)
            db.session.commit()
            stored[username] = shown = fixed
        elif stored.get(username) and user.check_password(stored[username]):
            shown = stored[username]
        else:
            shown = CHANGED_BY_OWNER
        rows.append((username, ", ".join(roles), shown))
    _write_passwords(stored)
    return rows


def _seed_units_and_positions() -> None:
    from .admin import services as admin
    from .domain.org import parse_org_csv
    from .domain.positions import parse_csv
    from .models import OrgUnit, Position
    from .publishing.services import known_competencies

    demo_dir = Path(current_app.config["DEMO_DIR"])
    if db.session.scalar(select(OrgUnit.id).limit(1)) is None:
        units, errors = parse_org_csv((demo_dir / "org.csv").read_text(encoding="utf-8"))
        if not errors:
            admin.upsert_units(units)
    if db.session.scalar(select(Position.id).limit(1)) is None:
        text = (demo_dir / "positions.csv").read_text(encoding="utf-8")
        positions, errors = parse_csv(text, known_competencies())
        if not errors:
            # The demo's positions are its one government's (Kota Pontianak).
            admin.upsert_positions(positions, admin.government_by_code(DEMO_GOVERNMENT))


def ensure_profiles() -> None:
    """Give the demo a small organisation and position profiles, once."""
    from .admin import services as admin
    from .models import OrgUnit, Position

    _seed_units_and_positions()
    units = dict(db.session.execute(select(OrgUnit.code, OrgUnit.id)).all())
    government = admin.government_by_code(DEMO_GOVERNMENT)
    positions = dict(
        db.session.execute(
            select(Position.code, Position.id).where(Position.government_id == government)
        ).all()
    )
    for username, unit, position, rank, scope in DEMO_PLACES:
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None or user.unit_id is not None:  # placed already, maybe by hand
            continue
        user.unit_id, user.rank = units.get(unit), rank
        user.position_id = positions.get(position) if position else None
        user.scope_unit_id = units.get(scope) if scope else None
    _give_courses_to_trainer()
    db.session.commit()


def _give_courses_to_trainer() -> None:
    """The demo trainer owns the shipped courses that have no author yet."""
    from .authoring.access import add_author
    from .models import Course, CourseAuthor

    trainer = db.session.scalar(select(User).where(User.username == "pengajar"))
    if trainer is None:
        return
    authored = select(CourseAuthor.course_id)
    for course_id in db.session.scalars(select(Course.id).where(Course.id.not_in(authored))):
        add_author(course_id, trainer.id, "owner")
