"""Authoring files: media uploads and course folders as zip, both ways."""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from ..auth.permissions import roles_required
from ..content.media import check_media, human_size
from ..content.zipfolder import ZipRefused, read_zip
from ..extensions import csrf, db
from ..i18n import translated_text
from ..models import Course
from ..system.errors import render_error
from ..web import id_value
from . import files_service, services, store, zipio
from .access import AUTHORS, can_edit, course_or_404
from .errors import AuthoringError, error_message
from .files_forms import ImportForm, MediaDeleteForm, MediaUploadForm, TokenForm
from .media import MediaRefused, check_image, image_size, media_usage, thumbnail_size
from .views import no_source_page

bp = Blueprint("authoring_files", __name__, url_prefix="/author")
bp.register_error_handler(store.NoSource, no_source_page)
FORM_OVERHEAD = 64 * 1024  # multipart boundaries and the CSRF field around an upload


def _posted_upload(form_class, limit: int):
    """(form, valid) of a posted upload of at most `limit` bytes; None when it is larger.

    The limit is set before the form reads the request, so a larger body is never read.
    """
    request.max_content_length = limit + FORM_OVERHEAD
    try:
        form = form_class()
        return form, form.validate_on_submit()
    except RequestEntityTooLarge:
        return None


# -- media ----------------------------------------------------------------------------


@dataclass
class MediaRow:
    name: str
    size: str
    mime: str
    problem: str | None
    used_in: list[str]
    revision: int
    thumb: tuple[int, int] | None  # width, height; None when the browser cannot show it


def file_size(size: int) -> str:
    """Like human_size, but a tiny image reads "287 byte" rather than "0 KB"."""
    return f"{size} byte" if size < 1024 else human_size(size)


def media_rows(course) -> list[MediaRow]:
    files = zipio.working_source(course).files
    revisions = zipio.working_revisions(course) or {}
    usage = media_usage(dict(files))
    rows = []
    for name, used_in in usage.items():
        path = f"media/{name}"
        data = files[path]
        problem, mime = check_media(name, data, current_app.config["MEDIA_MAX_BYTES"])
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        showable = problem is None and mime.startswith("image/")
        thumb = None
        if showable:
            thumb = thumbnail_size(None if ext == "svg" else image_size(data))
        rows.append(
            MediaRow(
                name=name,
                size=file_size(len(data)),
                mime=mime or _("tidak dikenal"),
                problem=problem,
                used_in=used_in,
                revision=revisions.get(path, 1),
                thumb=thumb,
            )
        )
    return rows


def _media_page(course, form=None, error=None, status=200, confirm=None):
    rows = media_rows(course)
    return render_template(
        "authoring/media.html",
        course=course,
        used=[r for r in rows if r.used_in],
        unused=[r for r in rows if not r.used_in],
        # Never parse the request here: it may be the upload refused as too large.
        form=form or MediaUploadForm(formdata=None),
        confirm=confirm,
        limit=human_size(current_app.config["AUTHOR_MEDIA_MAX_BYTES"]),
        error=error,
        has_draft=store.draft_of(course.id) is not None,
    ), status


def _too_big_message(limit: int) -> str:
    return _(
        "Berkas terlalu besar: batas ukuran gambar %(limit)s. Perkecil gambarnya lalu unggah lagi.",
        limit=human_size(limit),
    )


@bp.get("/<slug>/media")
@roles_required(*AUTHORS)
def media(slug: str):
    """The draft's media: thumbnails, where each is used, and the unused ones apart."""
    return _media_page(course_or_404(slug))


def _media_back(slug: str, error: AuthoringError | None = None):
    if error is not None:
        flash(error_message(error), "error")
    return redirect(url_for(".media", slug=slug))


def _replace_confirmation(course, image, data: bytes, old: bytes) -> dict:
    token = files_service.stage_replacement(course, image.name, data, current_user.id)
    return {
        "name": image.name,
        "old_size": file_size(len(old)),
        "old_dims": image_size(old),
        "new_size": file_size(len(data)),
        "new_dims": (image.width, image.height),
        "form": TokenForm(formdata=None, token=token),
    }


@bp.post("/<slug>/media")
@csrf.exempt  # checked by the form itself, after the upload limit is set
@roles_required(*AUTHORS)
def media_upload(slug: str):
    """Add an image to the draft; one that would replace another is confirmed first."""
    course = course_or_404(slug)
    limit = current_app.config["AUTHOR_MEDIA_MAX_BYTES"]
    posted = _posted_upload(MediaUploadForm, limit)
    if posted is None:
        return _media_page(course, MediaUploadForm(formdata=None), _too_big_message(limit), 413)
    form, valid = posted
    if not valid:
        return _media_page(course, form, status=422)
    upload = form.file.data
    data = upload.read(limit + 1)
    try:
        image = check_image(upload.filename or "", data, limit)
    except MediaRefused as exc:
        return _media_page(course, form, _("Gambar tidak disimpan: %(why)s", why=str(exc)), 422)
    path = f"media/{image.name}"
    existing = zipio.working_file(course, path)
    if existing is not None and existing[0] == data:
        flash(_("%(path)s sudah berisi gambar yang sama; tidak ada yang berubah.", path=path))
        return _media_back(slug)
    if existing is not None:
        return _media_page(course, confirm=_replace_confirmation(course, image, data, existing[0]))
    try:
        files_service.add_media(course, image.name, data, current_user.id)
    except AuthoringError as error:
        return _media_back(slug, error)
    flash(
        _(
            "%(path)s tersimpan di draf. Tampilkan di modul dengan ![keterangan gambar](%(path)s).",
            path=path,
        ),
        "success",
    )
    return _media_back(slug)


def media_action(rule: str):
    """Route a change on the media page: authors only; a refused change goes back to the page.

    The view receives the course instead of its slug; an AuthoringError it raises is flashed.
    """

    def decorate(view):
        @wraps(view)
        def run(slug: str):
            course = course_or_404(slug)
            try:
                return view(course)
            except AuthoringError as error:
                return _media_back(slug, error)

        return bp.post(rule)(roles_required(*AUTHORS)(run))

    return decorate


@media_action("/<slug>/media/replace")
def media_replace(course):
    """Replace a media file after the author confirmed it."""
    form = TokenForm()
    token = form.token.data if form.validate_on_submit() else None
    path = files_service.replace_media(course, token, current_user.id)
    flash(_("%(path)s diganti dengan gambar baru di draf.", path=path), "success")
    return _media_back(course.slug)


@media_action("/<slug>/media/delete")
def media_delete(course):
    form = MediaDeleteForm()
    if not form.validate_on_submit():
        flash(_("Permintaan hapus tidak lengkap atau kedaluwarsa. Coba lagi."), "error")
        return _media_back(course.slug)
    path = f"media/{form.name.data}"
    used_in = files_service.delete_media(
        course, form.name.data, form.revision.data, current_user.id
    )
    if used_in:
        flash(
            _(
                "%(path)s dihapus dari draf, tetapi masih dirujuk di %(files)s; perbaiki "
                "tautannya sebelum menerbitkan.",
                path=path,
                files=", ".join(used_in),
            ),
            "error",
        )
    else:
        flash(_("%(path)s dihapus dari draf.", path=path), "success")
    return _media_back(course.slug)


@bp.get("/<slug>/media/<path:name>")
@roles_required(*AUTHORS)
def media_file(slug: str, name: str):
    """A media file of the draft, for thumbnails and the editor's preview (authors only)."""
    course = course_or_404(slug)
    found = zipio.working_file(course, f"media/{name}")
    if found is None:
        abort(404)
    data, sha = found
    if request.if_none_match and sha in request.if_none_match:
        return "", 304
    problem, mime = check_media(name, data, len(data))
    response = make_response(data)
    if problem or not mime:
        # Content that does not match its name is only ever offered as a download.
        response.mimetype = "application/octet-stream"
        response.headers["Content-Disposition"] = "attachment"
    else:
        response.mimetype = mime
    response.headers["X-Content-Type-Options"] = "nosniff"
    # An SVG opened on its own must not run anything on our origin.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    )
    response.headers["Cache-Control"] = "private, no-cache"
    response.set_etag(sha)
    return response


# -- export ---------------------------------------------------------------------------


@bp.get("/<slug>/export.zip")
@roles_required(*AUTHORS)
def export(slug: str):
    """The course folder as a zip: the draft, else the live version, or ?version=N."""
    course = course_or_404(slug)
    raw = request.args.get("version", "")
    number = id_value(raw)  # a number no version can have never reaches the database
    if raw and number is None:
        return render_error(404, _("Nomor versi harus angka, mis. ?version=2."))
    try:
        found = zipio.export_of(course, number)
    except zipio.ExportError as exc:
        return render_error(404, str(exc))
    response = make_response(found.zip_bytes())
    response.mimetype = "application/zip"
    response.headers["Content-Disposition"] = f'attachment; filename="{found.filename}"'
    response.headers["Cache-Control"] = "private, no-cache"
    return response


# -- import ---------------------------------------------------------------------------


def _import_page(form=None, error=None, status=200, **context):
    values = {"plan": None, "confirm_form": None, "changed_meanwhile": False, "done": None}
    values.update(context)
    return render_template(
        "authoring/import.html",
        form=form or ImportForm(formdata=None),
        error=error,
        limit=human_size(current_app.config["AUTHOR_ZIP_MAX_BYTES"]),
        **values,
    ), status


def _imported(course, created: bool):
    problems = zipio.check_draft(course)
    return _import_page(done=course, created=created, problems=problems)


@bp.route("/import", methods=["GET", "POST"])
@csrf.exempt  # checked by the form itself, after the upload limit is set
@roles_required(*AUTHORS)
def import_zip():
    """Upload a course folder zip: a new course, or (confirmed) a new draft of one's own."""
    if request.method == "GET":
        return _import_page()
    limit = current_app.config["AUTHOR_ZIP_MAX_BYTES"]
    posted = _posted_upload(ImportForm, limit)
    if posted is None:
        message = _(
            "Zip terlalu besar: batasnya %(limit)s. Perkecil gambar di folder media/ lalu "
            "unggah lagi.",
            limit=human_size(limit),
        )
        return _import_page(ImportForm(formdata=None), message, 413)
    form, valid = posted
    if not valid:
        return _import_page(form, status=422)
    upload = form.file.data
    try:
        folder = read_zip(upload.read(limit + 1), zipio.zip_limits())
        slug = zipio.choose_slug(form.slug.data, folder, upload.filename or "")
    except (ZipRefused, zipio.ImportRefused) as exc:
        why = translated_text(exc.args[0]) if exc.args else str(exc)
        return _import_page(form, _("Zip tidak diimpor: %(why)s", why=why), 422)
    course = zipio.course_by_slug(slug)
    if course is None:
        try:
            course = services.create_course(slug, "", current_user.id, files=folder.files)
        except AuthoringError:
            why = _(
                "kursus `%(slug)s` baru saja dibuat oleh orang lain; unggah lagi untuk melihatnya.",
                slug=slug,
            )
            return _import_page(form, _("Zip tidak diimpor: %(why)s", why=why), 409)
        return _imported(course, created=True)
    if not can_edit(current_user, course.id):
        message = _(
            "Kursus dengan slug `%(slug)s` sudah ada dan Anda bukan penulisnya. Isi Slug kursus "
            "dengan nama lain, atau minta admin menambahkan Anda sebagai penulis.",
            slug=slug,
        )
        return _import_page(form, message, 403)
    plan = files_service.plan_replace(course, folder.files, current_user.id)
    return _import_page(plan=plan, confirm_form=TokenForm(formdata=None, token=plan.token))


@bp.post("/import/confirm")
@roles_required(*AUTHORS)
def import_confirm():
    """Replace a course's draft with a previewed zip."""
    form = TokenForm()
    payload = zipio.unsign(form.token.data, "import") if form.validate_on_submit() else None
    course = db.session.get(Course, payload.get("c")) if payload else None
    if course is None or payload.get("u") != current_user.id:
        flash(_("Konfirmasi sudah kedaluwarsa atau tidak sah. Unggah zip-nya lagi."), "error")
        return redirect(url_for(".import_zip"))
    if not can_edit(current_user, course.id):
        abort(404)
    files = zipio.files_from_token(payload)
    if files is None:
        flash(_("Isi zip tidak ditemukan lagi. Unggah zip-nya lagi."), "error")
        return redirect(url_for(".import_zip"))
    if not zipio.still_current(course, payload):
        plan = files_service.plan_replace(course, files, current_user.id)
        return _import_page(
            plan=plan,
            confirm_form=TokenForm(formdata=None, token=plan.token),
            changed_meanwhile=True,
        )
    files_service.replace_draft(course, files, current_user.id)
    return _imported(course, created=False)
