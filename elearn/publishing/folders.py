"""Course folders into the database: the import policy behind `elearn courses` and the demo.

Which dictionaries are read, which courses are published, which keep their live version,
and which competencies a check may rely on. Storing a version is publishing.services' job.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from ..content.item_checks import course_warnings
from ..content.outline import module_names, slug_of
from ..content.source import CourseSource
from ..content.spec import Problem
from ..extensions import db
from ..i18n import translated_text
from . import services as publishing
from . import skm_map as skm_mapping

Echo = Callable[[str], object]


def _quiet(_line: str) -> None:
    """The default echo: callers that want the report pass their own."""


def said(problem: Problem) -> str:
    """`path:line: message`, the message in the command's language."""
    return f"{problem.path}:{problem.line}: {translated_text(problem.message)}"


def shipped_dictionary() -> Path:
    return Path(current_app.config["COURSES_DIR"]) / "competencies.yml"


def _dictionary_slugs(paths: Iterable[Path]) -> tuple[set[str], list[Problem]]:
    slugs: set[str] = set()
    problems: list[Problem] = []
    for path in paths:
        defs, found = publishing.load_competency_file(path, str(path))
        problems.extend(found)
        slugs |= {d.slug for d in defs}
    return slugs, problems


def dictionaries_to_read(found: list[Path], in_database: set[str]) -> list[Path]:
    """The dictionaries beside the courses; a fresh deployment (no competency stored yet)
    that brings none starts from the shipped dictionary."""
    if found or in_database or not shipped_dictionary().is_file():
        return found
    return [shipped_dictionary()]


def known_for_check(found: list[Path]) -> tuple[set[str], list[Problem]]:
    """The competencies an import of the same paths would know, without storing anything."""
    try:
        in_database = publishing.known_competencies()
    except SQLAlchemyError:  # no database yet: a check must still work
        db.session.rollback()
        in_database = set()
    known, problems = _dictionary_slugs(dictionaries_to_read(found, in_database))
    return known | in_database, problems


@dataclass
class CheckReport:
    """What `courses check` found: every problem, the item-writing warnings of the valid
    courses (a course with problems is not read far enough to judge its questions) and the
    size of what was valid."""

    courses: int = 0
    valid: int = 0
    modules: int = 0
    questions: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    skm_maps: int = 0  # SKM mapping files (skm.yml) checked


def check_paths(paths: Iterable[str]) -> CheckReport:
    """Parse every course found at PATHS as publishing would, storing nothing."""
    sources, problems, dictionaries = publishing.course_sources(paths)
    known, dictionary_problems = known_for_check(dictionaries)
    report = CheckReport(courses=len(sources), problems=problems + dictionary_problems)
    for source in sources:
        spec, found = publishing.check_source(source, known)
        report.problems += found
        if spec:
            report.warnings += course_warnings(spec, source.display)
            report.valid += 1
            report.modules += len(spec.modules)
            report.questions += spec.question_count
    for path in skm_files(paths):
        report.skm_maps += 1
        report.problems += skm_mapping.check_file(
            path, str(path), known, _courses_for_check(sources)
        )
    return report


def skm_files(paths: Iterable[str]) -> list[Path]:
    """The SKM mapping files (skm.yml) in the folders given; a single course folder has
    none, so importing one course never touches the mapping."""
    found: list[Path] = []
    for raw in paths:
        candidate = Path(raw) / skm_mapping.FILE_NAME
        if candidate.is_file() and candidate.resolve() not in {p.resolve() for p in found}:
            found.append(candidate)
    return found


def _courses_for_check(sources: list[CourseSource]) -> dict[str, list[str]]:
    """The courses an import of the same paths would know: the published ones, and those
    of the folders checked with their modules (by file name) instead."""
    try:
        known = skm_mapping.known_courses()
    except SQLAlchemyError:  # no database yet: a check must still work
        db.session.rollback()
        known = {}
    for source in sources:
        known[source.slug] = [slug_of(name) for name in module_names(source.files)]
    return known


def _import_dictionaries(found: list[Path], echo: Echo) -> bool:
    ok = True
    for path in dictionaries_to_read(found, publishing.known_competencies()):
        defs, found = publishing.load_competency_file(path, str(path))
        if found:
            ok = False
            for problem in found:
                echo(said(problem))
            echo(_("%(path)s: kamus kompetensi tidak diimpor karena ada masalah.", path=path))
            continue
        added, updated = publishing.import_competencies(defs)
        echo(
            _(
                "%(path)s: %(n)s kompetensi (%(added)s baru, %(updated)s diperbarui).",
                path=path,
                n=len(defs),
                added=added,
                updated=updated,
            )
        )
        if updated:
            # Each worker keeps the live versions with their competencies' names
            # (live_versions): a renamed competency shows after the workers restart.
            echo(
                _(
                    "Nama kompetensi yang diperbarui tampil di halaman kursus setelah aplikasi "
                    "dimuat ulang (mis. systemctl reload elearn)."
                )
            )
    return ok


def _outcome(result: publishing.CourseResult) -> str:
    slug, version = result.slug, result.version
    if result.status == "invalid":
        return _(
            "%(slug)s: TIDAK diterbitkan (%(n)s masalah); versi yang tayang tetap.",
            slug=slug,
            n=len(result.problems),
        )
    if result.status == "new":
        return _("%(slug)s: versi %(version)s diterbitkan.", slug=slug, version=version)
    if result.status == "restored":
        return _(
            "%(slug)s: isi sama dengan versi %(version)s; versi itu kembali tayang.",
            slug=slug,
            version=version,
        )
    return _("%(slug)s: tidak berubah (versi %(version)s).", slug=slug, version=version)


def import_paths(paths: Iterable[str], echo: Echo = _quiet) -> bool:
    """Import the competency dictionaries and courses found at PATHS, telling ECHO each
    outcome; an invalid course keeps its live version. True if everything was valid."""
    sources, problems, dictionaries = publishing.course_sources(paths)
    for problem in problems:
        echo(said(problem))
    ok = _import_dictionaries(dictionaries, echo) and not problems
    for source in sources:
        result = publishing.publish_source(source)
        for problem in result.problems:
            echo(said(problem))
        echo(_outcome(result))
        ok = ok and result.status != "invalid"
    for path in skm_files(paths):
        ok = _import_skm_map(path, echo) and ok
    return ok


def _import_skm_map(path: Path, echo: Echo) -> bool:
    """Replace the stored SKM mapping with the file's (after the courses it names are
    published); a file with problems leaves the stored mapping as it is."""
    outcome = skm_mapping.import_file(path, str(path))
    for problem in outcome.problems:
        echo(str(problem))
    if outcome.status == "invalid":
        echo(f"{path}: pemetaan SKM tidak diimpor karena ada masalah; pemetaan tersimpan tetap.")
        return False
    if outcome.status == "unchanged":
        echo(
            f"{path}: pemetaan SKM sama dengan impor terakhir; pemetaan tersimpan "
            "(termasuk ubahan admin) tetap."
        )
    else:
        mapping = outcome.mapping
        echo(
            f"{path}: pemetaan SKM disimpan ({mapping.competency_count} kompetensi, "
            f"{mapping.course_count} kursus atau modul)."
        )
    return True
