"""The owners page of a course: admins assign owners and co-authors (audited)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.permissions import roles_required
from . import services
from .access import AUTHORS, course_or_404
from .errors import AuthoringError, error_message
from .forms import ActionForm, AuthorForm
from .views import bp


def _admin_course(slug: str):
    # A trainer who is not an author gets the same 404 as on every other authoring page;
    # an author who is not an admin may look but not assign.
    course = course_or_404(slug)
    if not current_user.has_role("admin"):
        abort(403)
    return course


def _page(course, form, status=200):
    return render_template(
        "authoring/authors.html",
        course=course,
        authors=services.authors(course),
        form=form,
        action=ActionForm(),
    ), status


@bp.route("/<slug>/authors", methods=["GET", "POST"])
@roles_required(*AUTHORS)
def authors(slug: str):
    """List the course's owners and co-authors; add one by NIP or username."""
    course = _admin_course(slug)
    form = AuthorForm()
    if form.is_submitted():
        if not form.validate():
            return _page(course, form, 422)
        try:
            user = services.assign_author(
                course, form.username.data or "", form.role.data, current_user.id
            )
        except AuthoringError as error:
            form.username.errors = [*form.username.errors, error_message(error)]
            return _page(course, form, 422)
        flash(_("%(name)s sekarang penulis kursus ini.", name=user.full_name), "success")
        return redirect(url_for(".authors", slug=course.slug))
    return _page(course, AuthorForm(formdata=None, role="coauthor"))


@bp.post("/<slug>/authors/<int:user_id>/remove")
@roles_required(*AUTHORS)
def remove_author(slug: str, user_id: int):
    course = _admin_course(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    if services.remove_author(course, user_id, current_user.id):
        flash(_("Penulis dihapus dari kursus ini."), "success")
    return redirect(url_for(".authors", slug=course.slug))
