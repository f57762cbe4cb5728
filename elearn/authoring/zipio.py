"""Course files in and out: the working set an author sees, zip export, and zip import.

The working set is the draft when there is one, else the live version: what the draft
would start from. Import stores the zip's files as the course's draft; it never
publishes, so learners see nothing until a trainer publishes from the editor.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from ..content import outline
from ..content.render import slugify
from ..content.source import CourseSource
from ..content.spec import Problem
from ..content.zipfolder import ZipFolder, ZipLimits, ZipRefused, write_folder, write_zip
from ..extensions import db
from ..models import Course, CourseVersion, DraftFile, VersionFile
from ..publishing.blobs import blobs
from ..publishing.services import check_source, known_competencies
from . import store

TOKEN_MAX_AGE = 3600  # a confirmation page older than an hour must be redone


class ExportError(Exception):
    """The course or version cannot be exported; the message says why, in Indonesian."""


class ImportRefused(Exception):
    """The zip cannot become this user's draft; the message says why, in Indonesian."""


# -- the working set ------------------------------------------------------------------


def course_by_slug(slug: str) -> Course | None:
    return db.session.scalar(select(Course).where(Course.slug == slug))


def working_revisions(course: Course) -> dict[str, int] | None:
    """Revisions of the draft's files, or None without a draft.

    Without a draft, a save first starts one from the live version, whose files all
    begin at revision 1; forms built on the live files carry that revision.
    """
    if store.draft_of(course.id) is None:
        return None
    return {path: row.revision for path, row in store.draft_files(course.id).items()}


def working_source(course: Course) -> CourseSource:
    """The draft if there is one, else the live version's files (empty if never kept)."""
    if store.draft_of(course.id) is not None:
        return store.draft_source(course)
    if course.live_version_id is None:
        return CourseSource(course.slug, {}, "")
    return CourseSource(course.slug, store.version_files(course.live_version_id), "")


def working_file(course: Course, path: str) -> tuple[bytes, str] | None:
    """One file of the working set and its SHA-256, without loading the others."""
    if store.draft_of(course.id) is not None:
        sha = db.session.scalar(
            select(DraftFile.sha256).where(DraftFile.course_id == course.id, DraftFile.path == path)
        )
    elif course.live_version_id is not None:
        sha = db.session.scalar(
            select(VersionFile.sha256).where(
                VersionFile.version_id == course.live_version_id, VersionFile.path == path
            )
        )
    else:
        sha = None
    if sha is None:
        return None
    data = blobs([sha]).get(sha)
    return (data, sha) if data is not None else None


def ensure_draft(course: Course, user_id: int) -> None:
    """Open a draft from the live version if none is in progress (media saves need one)."""
    if store.draft_of(course.id) is None:
        store.start_draft(course, user_id)


# -- export ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Export:
    source: CourseSource
    label: str  # "draf" or "v3": part of the download's name

    @property
    def filename(self) -> str:
        return f"{self.source.slug}-{self.label}.zip"

    def zip_bytes(self) -> bytes:
        return write_zip(self.source.slug, dict(self.source.files))


def _version_export(course: Course, version: CourseVersion) -> Export:
    files = store.version_files(version.id)
    if not files:
        raise ExportError(
            _(
                "berkas sumber versi %(n)s kursus `%(slug)s` tidak tersimpan "
                "(versi itu diterbitkan sebelum sumber disimpan); impor ulang folder kursusnya "
                "dengan `elearn courses import FOLDER`, lalu ekspor lagi.",
                n=version.number,
                slug=course.slug,
            )
        )
    return Export(CourseSource(course.slug, files, ""), f"v{version.number}")


def export_of(course: Course, number: int | None = None, prefer_draft: bool = True) -> Export:
    """What to export: version `number`, else the draft (if preferred), else the live one."""
    if number is not None:
        version = db.session.scalar(
            select(CourseVersion).where(
                CourseVersion.course_id == course.id, CourseVersion.number == number
            )
        )
        if version is None:
            raise ExportError(
                _("kursus `%(slug)s` tidak punya versi %(n)s.", slug=course.slug, n=number)
            )
        return _version_export(course, version)
    if prefer_draft and store.draft_of(course.id) is not None:
        return Export(store.draft_source(course), "draf")
    if course.live_version is None:
        if prefer_draft:
            raise ExportError(
                _("kursus `%(slug)s` belum punya versi yang tayang maupun draf.", slug=course.slug)
            )
        raise ExportError(_("kursus `%(slug)s` belum punya versi yang tayang.", slug=course.slug))
    return _version_export(course, course.live_version)


def export_to_path(slug: str, dest: Path, number: int | None = None) -> Path:
    """Write the live version (or version `number`) to DEST: a .zip file or a folder.

    A folder receives `DEST/SLUG/` with the files; an existing one is never overwritten.
    """
    course = course_by_slug(slug)
    if course is None:
        raise ExportError(f"kursus `{slug}` tidak ditemukan; periksa slug-nya.")
    export = export_of(course, number, prefer_draft=False)
    dest = Path(dest)
    if dest.suffix.lower() == ".zip" and not dest.is_dir():
        if not dest.parent.is_dir():
            raise ExportError(f"folder `{dest.parent}` tidak ada; buat dulu foldernya.")
        dest.write_bytes(export.zip_bytes())
        return dest
    target = dest / slug
    if target.exists():
        raise ExportError(
            f"`{target}` sudah ada; pilih tujuan lain atau pindahkan folder itu dulu."
        )
    try:
        write_folder(target, dict(export.source.files))
    except (OSError, ZipRefused) as exc:
        raise ExportError(f"tidak bisa menulis ke `{target}`: {exc}") from exc
    return target


# -- import ---------------------------------------------------------------------------


def zip_limits() -> ZipLimits:
    config = current_app.config
    return ZipLimits(
        max_entries=config["AUTHOR_ZIP_MAX_ENTRIES"],
        max_file_bytes=config["AUTHOR_ZIP_MAX_FILE_BYTES"],
        max_total_bytes=config["AUTHOR_ZIP_MAX_TOTAL_BYTES"],
        max_ratio=config["AUTHOR_ZIP_MAX_RATIO"],
    )


def choose_slug(given: str, folder: ZipFolder, filename: str) -> str:
    """The slug the trainer typed, else the zip's top folder, else the zip's file name."""
    given = (given or "").strip()
    if given:
        slug, origin = given, _("yang diisi")
    elif folder.top:
        slug, origin = folder.top, _("dari nama folder di zip")
    else:
        stem = Path((filename or "").replace("\\", "/")).name
        stem = stem[: -len(".zip")] if stem.lower().endswith(".zip") else stem
        slug, origin = slugify(stem, outline.MAX_SLUG), _("dari nama berkas zip")
    # The same rule as a course made in the browser (services.create_course checks it too).
    problem = outline.course_slug_problem(slug)
    if problem not in (None, "reserved"):
        raise ImportRefused(
            _(
                "slug kursus `%(slug)s` (%(origin)s) tidak sah: pakai huruf kecil, angka dan "
                "tanda hubung, mis. `pelayanan-prima`. Isi kolom Slug kursus lalu unggah lagi.",
                slug=slug,
                origin=origin,
            )
        )
    if problem == "reserved":
        raise ImportRefused(
            _(
                "slug kursus `%(slug)s` dipakai alamat halaman penulisan; isi kolom Slug kursus "
                "dengan nama lain lalu unggah lagi.",
                slug=slug,
            )
        )
    return slug


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def compare(before: dict[str, bytes], after: dict[str, bytes]) -> Changes:
    changes = Changes()
    for path in sorted(set(before) | set(after)):
        if path not in before:
            changes.added.append(path)
        elif path not in after:
            changes.removed.append(path)
        elif before[path] != after[path]:
            changes.changed.append(path)
        else:
            changes.unchanged += 1
    return changes


def _fingerprint(course: Course) -> str:
    """Names the working set the confirmation was shown against, to notice later edits."""
    revisions = working_revisions(course)
    if revisions is None:
        return f"live:{course.live_version_id}"
    digest = hashlib.sha256()
    for path, revision in sorted(revisions.items()):
        digest.update(f"{path}\0{revision}\n".encode())
    return digest.hexdigest()


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"author-{purpose}")


def sign(payload: dict, purpose: str) -> str:
    """A tamper-proof token for a confirmation form; `purpose` keeps kinds apart."""
    return _serializer(purpose).dumps(payload)


def unsign(token: str, purpose: str) -> dict | None:
    """The payload of a token this server signed for `purpose` within the hour, or None."""
    try:
        payload = _serializer(purpose).loads(token or "", max_age=TOKEN_MAX_AGE)
    except BadSignature:  # also SignatureExpired
        return None
    return payload if isinstance(payload, dict) else None


@dataclass
class ReplacePlan:
    course: Course
    changes: Changes
    token: str


def replace_plan(
    course: Course, files: dict[str, bytes], manifest: list, user_id: int
) -> ReplacePlan:
    """What the zip would change, and a token naming its stored files ([path, sha]...)."""
    token = sign({"c": course.id, "u": user_id, "f": manifest, "w": _fingerprint(course)}, "import")
    return ReplacePlan(course, compare(working_source(course).files, files), token)


def files_from_token(payload: dict) -> dict[str, bytes] | None:
    manifest = payload.get("f")
    if not isinstance(manifest, list):
        return None
    data = blobs(sha for _, sha in manifest)
    if any(sha not in data for _, sha in manifest):
        return None
    return {path: data[sha] for path, sha in manifest}


def still_current(course: Course, payload: dict) -> bool:
    return payload.get("w") == _fingerprint(course)


def check_draft(course: Course) -> list[Problem]:
    """Problems publishing the draft would report, as the editor shows them."""
    _, problems = check_source(store.draft_source(course), known_competencies())
    return problems
