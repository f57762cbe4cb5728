"""Authoring: the trainer's course list, editor, preview, publishing and history.

Every route needs the trainer or admin role, and every route naming a course answers 404
to a trainer who is not one of its authors (access.course_or_404).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.permissions import roles_required
from ..content import outline
from . import preview as previews
from . import services, store, versions
from .access import AUTHORS, course_or_404, courses_for
from .forms import (
    ActionForm,
    EditForm,
    ModuleForm,
    NewCourseForm,
    PreviewForm,
    PublishForm,
    RenameForm,
    RevisionForm,
    revision_value,
)
from .services import AuthoringError

bp = Blueprint("authoring", __name__, url_prefix="/author")


def error_message(error: AuthoringError) -> str:
    """The Indonesian sentence for a refused request: what happened and what to do."""
    slug = error.details.get("slug", "")
    code = error.code
    if code == "slug_empty":
        return _("Slug wajib diisi: huruf kecil, angka dan tanda hubung, mis. `pelayanan-prima`.")
    if code == "slug_format":
        return _(
            "Slug `%(slug)s` tidak bisa dipakai: gunakan huruf kecil, angka dan tanda hubung "
            "di antaranya, mis. `pelayanan-prima`.",
            slug=slug,
        )
    if code == "slug_long":
        return _("Slug paling panjang 60 karakter.")
    if code == "slug_reserved":
        return _("Slug `%(slug)s` dipakai alamat platform; pilih slug lain.", slug=slug)
    if code == "slug_taken":
        return _("Slug `%(slug)s` sudah dipakai; pilih slug lain.", slug=slug)
    if code == "too_large":
        return _("Berkas terlalu besar (lebih dari 1 MB); bagi menjadi beberapa modul.")
    if code == "gone":
        return _("Berkas ini sudah tidak ada di draf: mungkin dihapus atau diganti nama.")
    if code == "stale":
        return _(
            "Draf sudah diubah pengajar lain sejak halaman ini dibuka; tidak ada yang diubah. "
            "Periksa lagi, lalu ulangi."
        )
    if code == "duplicate_slugs":
        return _("Dua modul memakai slug yang sama; ganti nama salah satunya dulu.")
    if code == "course_md":
        return _("course.md tidak bisa dihapus: setiap kursus membutuhkannya.")
    if code == "changed":
        return _(
            "Draf berubah sejak halaman ini dibuka, jadi belum diterbitkan. "
            "Periksa perubahan di bawah, lalu terbitkan lagi."
        )
    if code == "never_published":
        return _("Kursus ini belum pernah diterbitkan: belum ada versi untuk kembali.")
    if code == "no_user":
        return _(
            "Tidak ada pengguna dengan NIP atau nama pengguna `%(u)s`.",
            u=error.details.get("username", ""),
        )
    if code == "not_trainer":
        return _(
            "%(name)s bukan pengajar; beri peran pengajar dulu di Administrasi.",
            name=error.details.get("name", ""),
        )
    return _("Permintaan tidak dapat diproses. Muat ulang halaman, lalu coba lagi.")


def _no_source(course):
    return render_template("authoring/no_source.html", course=course), 409


def _opened(slug: str):
    """The course (authors only) with its draft open; (course, None) or (None, a response)."""
    course = course_or_404(slug)
    try:
        services.open_draft(course, current_user.id)
    except store.NoSource:
        return None, _no_source(course)
    return course, None


def _revision(raw: str | None, required: bool = False) -> int | None:
    """The revision a form was loaded with; a crafted value is a plain 400."""
    try:
        value = revision_value(raw)
    except ValueError:
        abort(400)
    if required and value is None:
        abort(400)
    return value


def _editable_or_404(path: str) -> None:
    if not services.is_editable(path):
        abort(404)


# -- the course list and new courses -------------------------------------------------


@bp.get("/")
@roles_required(*AUTHORS)
def index():
    """The courses this trainer owns or co-authors (all for admins), with their draft state."""
    rows = services.course_rows(courses_for(current_user), current_user.id)
    return render_template("authoring/index.html", rows=rows)


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*AUTHORS)
def new_course():
    """Create a course: a draft with course.md and a first module; the creator owns it."""
    form = NewCourseForm()
    if form.validate_on_submit():
        try:
            course = services.create_course(
                form.slug.data or "", form.title.data or "", current_user.id
            )
        except AuthoringError as error:
            form.slug.errors = [*form.slug.errors, error_message(error)]
        else:
            flash(
                _(
                    "Kursus %(slug)s dibuat sebagai draf. Peserta belum melihatnya.",
                    slug=course.slug,
                ),
                "success",
            )
            return redirect(url_for(".course", slug=course.slug))
    return render_template("authoring/new.html", form=form), 422 if form.errors else 200


# -- the editor -----------------------------------------------------------------------


def _course_page(course, module_form=None, status=200):
    draft = store.draft_of(course.id)
    view = services.draft_view(course, draft)
    return render_template(
        "authoring/course.html",
        course=course,
        view=view,
        module_form=module_form or ModuleForm(formdata=None),
        action=ActionForm(),
    ), status


@bp.get("/<slug>")
@roles_required(*AUTHORS)
def course(slug: str):
    """The draft's files in order, with what can be done to each."""
    course, refused = _opened(slug)
    if refused:
        return refused
    return _course_page(course)


def _edit_page(course, path, form, row=None, conflict=None, error=None, status=200):
    text = form.text.data if form.text.data is not None else ""
    return render_template(
        "authoring/edit.html",
        course=course,
        path=path,
        form=form,
        row=row,
        conflict=conflict,
        error=error,
        preview=previews.preview(course, path, text if (conflict or error) else None),
        updated_by=services.user_names([row.updated_by_id]).get(row.updated_by_id, "")
        if row
        else "",
    ), status


@bp.route("/<slug>/edit/<path:path>", methods=["GET", "POST"])
@roles_required(*AUTHORS)
def edit(slug: str, path: str):
    """Edit one Markdown file in a plain textarea; a stale save is refused, never lost."""
    _editable_or_404(path)
    course, refused = _opened(slug)
    if refused:
        return refused
    found = services.draft_file(course, path)
    if request.method == "GET":
        if found is None:
            abort(404)
        row, text = found
        form = EditForm(formdata=None, text=text, revision=str(row.revision))
        return _edit_page(course, path, form, row)
    form = EditForm()
    if not form.validate_on_submit():
        abort(400)
    # No revision: the file is created again (after it was deleted under the trainer).
    base = _revision(form.revision.data)
    text = form.text.data or ""
    try:
        services.save_text(course, path, text, base, current_user.id)
    except store.DraftConflict as exc:
        conflict = services.conflict_view(course, exc, text)
        form.revision.data = "" if conflict.revision is None else str(conflict.revision)
        return _edit_page(course, path, form, None, conflict=conflict, status=409)
    except AuthoringError as error:
        row = found[0] if found else None
        return _edit_page(course, path, form, row, error=error_message(error), status=422)
    flash(_("Tersimpan di draf. Peserta baru melihatnya setelah diterbitkan."), "success")
    return redirect(url_for(".edit", slug=course.slug, path=path))


@bp.route("/<slug>/preview/<path:path>", methods=["GET", "POST"])
@roles_required(*AUTHORS)
def preview(slug: str, path: str):
    """The file as learners will see it, its quiz with the answer key, and its problems.

    POST (the editor's live preview) takes the unsaved text and answers an HTML fragment.
    """
    _editable_or_404(path)
    course, refused = _opened(slug)
    if refused:
        return refused
    found = services.draft_file(course, path)
    if found is None:
        abort(404)
    if request.method == "POST":
        form = PreviewForm()
        if not form.validate_on_submit():
            abort(400)
        result = previews.preview(course, path, form.text.data or "")
        return render_template("authoring/_preview.html", course=course, p=result, live=True)
    result = previews.preview(course, path)
    return render_template("authoring/preview.html", course=course, p=result, live=False)


# -- modules: add, rename, reorder, delete --------------------------------------------


@bp.post("/<slug>/modules")
@roles_required(*AUTHORS)
def add_module(slug: str):
    """Append a module `NN-slug.md` with a starting text, then open it in the editor."""
    course, refused = _opened(slug)
    if refused:
        return refused
    form = ModuleForm()
    if not form.validate_on_submit():
        return _course_page(course, form, 422)
    try:
        name = services.add_module(
            course, form.title.data or "", form.slug.data or "", current_user.id
        )
    except AuthoringError as error:
        form.slug.errors = [*form.slug.errors, error_message(error)]
        return _course_page(course, form, 422)
    flash(_("Modul %(name)s ditambahkan ke draf.", name=name), "success")
    return redirect(url_for(".edit", slug=course.slug, path=name))


@bp.route("/<slug>/rename/<path:path>", methods=["GET", "POST"])
@roles_required(*AUTHORS)
def rename_module(slug: str, path: str):
    """A module's new title and slug; the number prefix (its place) stays."""
    _editable_or_404(path)
    course, refused = _opened(slug)
    if refused:
        return refused
    found = services.draft_file(course, path)
    if found is None or not outline.is_module(path):
        abort(404)
    row, text = found
    error = None
    if request.method == "POST":
        form = RenameForm()
        if form.validate_on_submit():
            revision = _revision(form.revision.data, required=True)
            try:
                new = services.rename_module(
                    course, path, form.title.data or "", form.slug.data or "", revision,
                    current_user.id,
                )  # fmt: skip
            except AuthoringError as exc:
                if exc.code.startswith("slug_"):
                    form.slug.errors = [*form.slug.errors, error_message(exc)]
                else:
                    error = error_message(exc)
            else:
                flash(_("Modul sekarang bernama %(name)s.", name=new), "success")
                return redirect(url_for(".course", slug=course.slug))
    else:
        form = RenameForm(
            formdata=None,
            title=outline.title_of(text),
            slug=outline.slug_of(path),
            revision=str(row.revision),
        )
    status = 422 if (form.errors or error) else 200
    return render_template(
        "authoring/rename.html", course=course, path=path, form=form, error=error
    ), status


@bp.post("/<slug>/move/<path:path>")
@roles_required(*AUTHORS)
def move_module(slug: str, path: str):
    """Move a module up or down; the number prefixes of all modules are renumbered."""
    _editable_or_404(path)
    course, refused = _opened(slug)
    if refused:
        return refused
    if not ActionForm().validate_on_submit():
        abort(400)
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort(400)
    try:
        services.move_module(course, path, -1 if direction == "up" else 1, current_user.id)
    except AuthoringError as error:
        flash(error_message(error), "error")
    else:
        flash(_("Urutan modul diperbarui."), "success")
    return redirect(url_for(".course", slug=course.slug, _anchor="modul"))


@bp.route("/<slug>/delete/<path:path>", methods=["GET", "POST"])
@roles_required(*AUTHORS)
def delete_module(slug: str, path: str):
    """Delete a Markdown file of the draft, after a confirmation page."""
    _editable_or_404(path)
    course, refused = _opened(slug)
    if refused:
        return refused
    found = services.draft_file(course, path)
    if found is None or path == "course.md":
        abort(404)
    row, text = found
    error = None
    if request.method == "POST":
        form = RevisionForm()
        if not form.validate_on_submit():
            abort(400)
        revision = _revision(form.revision.data, required=True)
        try:
            services.delete_file(course, path, revision, current_user.id)
        except AuthoringError as exc:
            error = error_message(exc)
        else:
            flash(_("%(path)s dihapus dari draf.", path=path), "success")
            return redirect(url_for(".course", slug=course.slug))
    form = RevisionForm(formdata=None, revision=str(row.revision))
    return render_template(
        "authoring/delete.html",
        course=course,
        path=path,
        title=outline.title_of(text),
        form=form,
        error=error,
    ), 409 if error else 200


# -- publishing, history, restoring ---------------------------------------------------


@bp.route("/<slug>/publish", methods=["GET", "POST"])
@roles_required(*AUTHORS)
def publish(slug: str):
    """Validate the whole draft, show what changed against the live version, publish."""
    course, refused = _opened(slug)
    if refused:
        return refused
    error = None
    if request.method == "POST":
        form = PublishForm()
        if not form.validate_on_submit():
            abort(400)
        try:
            result = versions.publish(course, form.draft_hash.data or "", current_user.id)
        except AuthoringError as exc:
            error = error_message(exc)
        else:
            outcome = {
                "new": (
                    _("Versi %(n)s diterbitkan. Peserta sekarang melihat versi ini."),
                    ".history",
                ),
                "restored": (
                    _("Isi draf sama dengan versi %(n)s; versi itu kembali tayang."),
                    ".history",
                ),
                "unchanged": (_("Tidak ada perubahan: versi %(n)s tetap tayang."), ".course"),
            }.get(result.status)
            if outcome is not None:
                message, endpoint = outcome
                flash(message % {"n": result.version}, "success")
                return redirect(url_for(endpoint, slug=course.slug))
            error = _("Draf masih bermasalah, jadi belum diterbitkan. Perbaiki masalah di bawah.")
        course = course_or_404(slug)
    check = versions.check_publish(course)
    form = PublishForm(formdata=None, draft_hash=check.draft_hash)
    return render_template(
        "authoring/publish.html", course=course, check=check, form=form, error=error
    ), 409 if error else 200


@bp.get("/<slug>/history")
@roles_required(*AUTHORS)
def history(slug: str):
    """Every published version: number, title, when (WIB), by whom, which one is live."""
    course = course_or_404(slug)
    return render_template("authoring/history.html", course=course, rows=versions.history(course))


def _version_or_404(course, number: int):
    version = versions.version_or_none(course, number)
    if version is None:
        abort(404)
    return version


@bp.get("/<slug>/versions/<int:number>")
@roles_required(*AUTHORS)
def version(slug: str, number: int):
    """The files a version was published from."""
    course = course_or_404(slug)
    version = _version_or_404(course, number)
    try:
        files = versions.version_files(course, version)
    except store.NoSource:
        files = None
    return render_template(
        "authoring/version.html", course=course, version=version, files=files, action=ActionForm()
    )


@bp.route("/<slug>/versions/<int:number>/restore", methods=["GET", "POST"])
@roles_required(*AUTHORS)
def restore(slug: str, number: int):
    """Make an old version's files the draft, after a confirmation (live stays as it is)."""
    course = course_or_404(slug)
    version = _version_or_404(course, number)
    if request.method == "POST":
        if not ActionForm().validate_on_submit():
            abort(400)
        try:
            versions.restore(course, version, current_user.id)
        except store.NoSource:
            return render_template(
                "authoring/restore.html", course=course, version=version, changes=None,
                action=ActionForm(),
            ), 409  # fmt: skip
        flash(
            _(
                "Draf sekarang berisi versi %(n)s. Terbitkan bila ingin peserta melihatnya.",
                n=number,
            ),
            "success",
        )
        return redirect(url_for(".course", slug=course.slug))
    try:
        changes = versions.restore_changes(course, version)
    except store.NoSource:
        changes = None
    return render_template(
        "authoring/restore.html",
        course=course,
        version=version,
        changes=changes,
        action=ActionForm(),
    )


@bp.route("/<slug>/discard", methods=["GET", "POST"])
@roles_required(*AUTHORS)
def discard(slug: str):
    """Throw away the draft's changes: it starts over from the live version."""
    course, refused = _opened(slug)
    if refused:
        return refused
    error = None
    if request.method == "POST":
        if not ActionForm().validate_on_submit():
            abort(400)
        try:
            versions.discard(course, current_user.id)
        except AuthoringError as exc:
            error = error_message(exc)
        else:
            flash(_("Perubahan draf dibuang; draf sama dengan versi yang tayang."), "success")
            return redirect(url_for(".course", slug=course.slug))
    return render_template(
        "authoring/discard.html", course=course, action=ActionForm(), error=error
    ), 409 if error else 200


from . import admin_views  # noqa: E402, F401  (registers the owners page on this blueprint)
