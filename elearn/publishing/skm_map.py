"""The SKM mapping file (`skm.yml`, beside competencies.yml) into the database, as the
competency dictionary is: checked against what is published, then stored in place of the
mapping there. The pages that read and edit the stored mapping are in elearn/skm/."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, select

from .. import audit, site_settings
from ..domain import skm_map
from ..extensions import db
from ..models import Competency, Course, Module, SkmElementCompetency, SkmElementCourse

FILE_NAME = "skm.yml"
FILE_HASH_KEY = "skm.map_file_sha256"


def known_competencies() -> set[str]:
    return set(db.session.scalars(select(Competency.slug)))


def known_courses() -> dict[str, list[str]]:
    """Published courses by slug, with their live version's module slugs in order."""
    rows = db.session.execute(
        select(Course.slug, Module.slug)
        .join(Module, Module.version_id == Course.live_version_id)
        .order_by(Course.slug, Module.position)
    )
    found: dict[str, list[str]] = defaultdict(list)
    for course, module in rows:
        found[course].append(module)
    return dict(found)


def write_element(number: int, competency_ids: Iterable[int], courses) -> None:
    """Replace one element's rows, for the caller to commit; `courses` are (course id,
    module slug or "")."""
    db.session.execute(delete(SkmElementCompetency).where(SkmElementCompetency.element == number))
    db.session.execute(delete(SkmElementCourse).where(SkmElementCourse.element == number))
    db.session.add_all(
        SkmElementCompetency(element=number, competency_id=cid, position=i)
        for i, cid in enumerate(competency_ids, start=1)
    )
    db.session.add_all(
        SkmElementCourse(element=number, course_id=cid, module_slug=module or "", position=i)
        for i, (cid, module) in enumerate(courses, start=1)
    )


@dataclass
class FileOutcome:
    status: str  # "replaced", "unchanged" (the same file as last imported) or "invalid"
    problems: list = field(default_factory=list)
    mapping: skm_map.SkmMap | None = None


def read_file(path: Path, display: str) -> tuple[str | None, list]:
    """The file's text, or None and the problem of reading it."""
    try:
        return path.read_text(encoding="utf-8-sig"), []
    except (OSError, UnicodeDecodeError) as exc:
        message = f"berkas tidak bisa dibaca sebagai UTF-8: {exc}"
        return None, [skm_map.Problem(display, 1, message)]


def check_file(path: Path, display: str, competencies, courses) -> list:
    """Every problem of the mapping file against what is known; nothing is stored."""
    text, problems = read_file(path, display)
    if text is None:
        return problems
    return skm_map.read(text, display, competencies, courses)[1]


def import_file(path: Path, display: str, actor_id: int | None = None) -> FileOutcome:
    """Replace the stored mapping with the file's, checked against the published courses
    and the competency dictionary. The same file as the last import changes nothing, so
    that the admin's edits survive a re-run (`elearn demo`, a redeploy)."""
    text, problems = read_file(path, display)
    if text is None:
        return FileOutcome("invalid", problems)
    mapping, problems = skm_map.read(text, display, known_competencies(), known_courses())
    if mapping is None:
        return FileOutcome("invalid", problems)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if site_settings.get(FILE_HASH_KEY) == digest:
        return FileOutcome("unchanged", mapping=mapping)
    ids = dict(db.session.execute(select(Competency.slug, Competency.id)).all())
    courses = dict(db.session.execute(select(Course.slug, Course.id)).all())
    for entry in mapping.entries:
        write_element(
            entry.element,
            [ids[slug] for slug in entry.competencies],
            [(courses[ref.course], ref.module or "") for ref in entry.courses],
        )
    audit.record(
        actor_id,
        "skm_map.import",
        "skm_map",
        None,
        file=display,
        sha256=digest,
        competencies=mapping.competency_count,
        courses=mapping.course_count,
    )
    site_settings.put(FILE_HASH_KEY, digest, actor_id, audited=False)  # commits it all
    return FileOutcome("replaced", mapping=mapping)
