"""Authoring: the trainer's course list, editor, preview, publishing and history.

Every route needs the trainer or admin role, and every route naming a course answers 404
to a trainer who is not one of its authors (access.course_or_404).
"""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.permissions import roles_required
from ..auth.throttle import per_user
from ..content import outline
from . import drafts, listing, services, store
from . import preview as previews
from .access import AUTHORS, course_or_404, courses_for
from .errors import AuthoringError, error_message
from .forms import (
    ActionForm,
    EditForm,
    ModuleForm,
    NewCourseForm,
    PreviewForm,
    RenameForm,
    RevisionForm,
    revision_value,
)
from .questions import unanswered

bp = Blueprint("authoring", __name__, url_prefix="/author")


def no_source_page(error: store.NoSource):
    """A course whose live version's files were never kept cannot open a draft: one page."""
    return render_template("authoring/no_source.html", course=course_or_404(error.slug)), 409


bp.register_error_handler(store.NoSource, no_source_page)


def draft_route(rule: str, methods=("GET",), file: bool = False):
    """Route a view that works on a course's draft: authors only, the draft opened first.

    The view receives the course instead of its slug. `file`: the rule names a Markdown
    file (`path`), refused with 404 before anything else when it is not editable.
    """

    def decorate(view):
        @wraps(view)
        def opened(slug: str, **kwargs):
            if file and not drafts.is_editable(kwargs["path"]):
                abort(404)
            course = course_or_404(slug)
            services.open_draft(course, current_user.id)
            return view(course, **kwargs)

        return bp.route(rule, methods=list(methods))(roles_required(*AUTHORS)(opened))

    return decorate


def _revision(raw: str | None, required: bool = False) -> int | None:
    """The revision a form was loaded with; a crafted value is a plain 400."""
    try:
        value = revision_value(raw)
    except ValueError:
        abort(400)
    if required and value is None:
        abort(400)
    return value


# -- the course list and new courses -------------------------------------------------


@bp.get("/")
@roles_required(*AUTHORS)
def index():
    """The courses this trainer owns or co-authors (all for admins), with their draft state."""
    rows = listing.course_rows(courses_for(current_user), current_user.id)
    waiting = unanswered([row.course.id for row in rows])
    return render_template("authoring/index.html", rows=rows, waiting=waiting)


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
    view = drafts.draft_view(course, draft)
    return render_template(
        "authoring/course.html",
        course=course,
        view=view,
        module_form=module_form or ModuleForm(formdata=None),
        action=ActionForm(),
    ), status


@draft_route("/<slug>")
def course(course):
    """The draft's files in order, with what can be done to each."""
    return _course_page(course)


def _edit_page(course, path, form, row=None, conflict=None, error=None, status=200):
    # After a refused save the preview shows the trainer's text, not the stored file.
    unsaved = (form.text.data or "") if (conflict or error) else None
    return render_template(
        "authoring/edit.html",
        course=course,
        path=path,
        form=form,
        saved=drafts.saved(row),
        conflict=conflict,
        error=error,
        preview=previews.preview(course, path, unsaved),
    ), status


@draft_route("/<slug>/edit/<path:path>", methods=("GET", "POST"), file=True)
def edit(course, path: str):
    """Edit one Markdown file in a plain textarea; a stale save is refused, never lost."""
    found = drafts.draft_file(course, path)
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
        conflict = drafts.conflict_view(course, exc, text)
        form.revision.data = "" if conflict.revision is None else str(conflict.revision)
        return _edit_page(course, path, form, None, conflict=conflict, status=409)
    except AuthoringError as error:
        row = found[0] if found else None
        return _edit_page(course, path, form, row, error=error_message(error), status=422)
    flash(_("Tersimpan di draf. Peserta baru melihatnya setelah diterbitkan."), "success")
    return redirect(url_for(".edit", slug=course.slug, path=path))


@draft_route("/<slug>/preview/<path:path>", methods=("GET", "POST"), file=True)
@per_user("PREVIEW_RATE_LIMIT")  # parsing is the costliest thing an author can make us do
def preview(course, path: str):
    """The file as learners will see it, its quiz with the answer key, and its problems.

    POST (the editor's live preview) takes the unsaved text and answers an HTML fragment.
    """
    found = drafts.draft_file(course, path)
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


@draft_route("/<slug>/modules", methods=("POST",))
def add_module(course):
    """Append a module `NN-slug.md` with a starting text, then open it in the editor."""
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


@draft_route("/<slug>/rename/<path:path>", methods=("GET", "POST"), file=True)
def rename_module(course, path: str):
    """A module's new title and slug; the number prefix (its place) stays."""
    found = drafts.draft_file(course, path)
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


@draft_route("/<slug>/move/<path:path>", methods=("POST",), file=True)
def move_module(course, path: str):
    """Move a module up or down; the number prefixes of all modules are renumbered."""
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


@draft_route("/<slug>/delete/<path:path>", methods=("GET", "POST"), file=True)
def delete_module(course, path: str):
    """Delete a Markdown file of the draft, after a confirmation page."""
    found = drafts.draft_file(course, path)
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


# The other pages of this blueprint register themselves on it.
from . import admin_views, versions_views  # noqa: E402, F401
