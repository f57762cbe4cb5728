"""Learner pages: catalog, course overview, module reading and "my learning"."""

from __future__ import annotations

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
from flask_login import current_user, login_required

from ..domain.progress import neighbours, percent, resume_slug
from . import services
from .forms import MarkReadForm

bp = Blueprint("learn", __name__)


def _page_arg() -> int:
    raw = request.args.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < len(raw) < 6 else 1


@bp.get("/courses")
@login_required
def catalog():
    """List published courses, with search and filters."""
    query = request.args.get("q", "").strip()[:200]
    category = request.args.get("category", "").strip()[:100]
    competency = request.args.get("competency", "").strip()[:100]
    result = services.catalog(
        query, category, competency, _page_arg(), current_app.config["CATALOG_PAGE_SIZE"]
    )
    categories, competencies = services.catalog_filters()
    return render_template(
        "learn/catalog.html",
        result=result,
        query=query,
        category=category,
        competency=competency,
        categories=categories,
        competencies=competencies,
    )


def _course_or_404(slug: str):
    found = services.live_course(slug)
    if found is None:
        abort(404)
    return found


def _module_or_404(slug: str, module: str):
    course, version = _course_or_404(slug)
    row = next((m for m in version.modules if m.slug == module), None)
    if row is None:
        abort(404)
    return course, version, row


@bp.get("/courses/<slug>")
@login_required
def course(slug: str):
    """Show a course overview and its modules; opening it enrols the learner."""
    course, version = _course_or_404(slug)
    enrollment = services.enrol(current_user.id, course.id)
    read = services.read_slugs(current_user.id, course.id)
    slugs = [m.slug for m in version.modules]
    done = sum(1 for s in slugs if s in read)
    return render_template(
        "learn/course.html",
        slug=slug,
        version=version,
        read=read,
        done=done,
        progress=percent(done, len(slugs)),
        resume=resume_slug(slugs, read, enrollment.last_module_slug),
        started=enrollment.last_module_slug is not None or bool(read),
    )


@bp.get("/courses/<slug>/<module>")
@login_required
def module(slug: str, module: str):
    """Show one module with its table of contents and previous/next links."""
    course, version, row = _module_or_404(slug, module)
    services.enrol(current_user.id, course.id, module)
    slugs = [m.slug for m in version.modules]
    titles = {m.slug: m.title for m in version.modules}
    before, after = neighbours(slugs, module)
    read = services.read_slugs(current_user.id, course.id)
    return render_template(
        "learn/module.html",
        slug=slug,
        version=version,
        module=row,
        before=before,
        after=after,
        titles=titles,
        is_read=module in read,
        done=sum(1 for s in slugs if s in read),
        total=len(slugs),
        form=MarkReadForm(),
    )


@bp.post("/courses/<slug>/<module>/read")
@login_required
def mark_read(slug: str, module: str):
    """Mark a module as read and move on to the next one."""
    course, version, row = _module_or_404(slug, module)
    form = MarkReadForm()
    if not form.validate_on_submit():
        abort(400)
    services.mark_read(current_user.id, course.id, version.id, module)
    flash(_("Modul \u201c%(title)s\u201d ditandai selesai dibaca.", title=row.title), "success")
    slugs = [m.slug for m in version.modules]
    after = neighbours(slugs, module)[1]
    if after:
        return redirect(url_for("learn.module", slug=slug, module=after))
    return redirect(url_for("learn.course", slug=slug))


@bp.get("/my")
@login_required
def my():
    """Show the learner's courses, in progress first, with resume links."""
    courses = services.my_courses(current_user.id)
    for item in courses:
        item.percent = percent(item.done, item.total)
    in_progress = [c for c in courses if c.done < c.total]
    finished = [c for c in courses if c.total and c.done >= c.total]
    return render_template("learn/my.html", in_progress=in_progress, finished=finished)


@bp.get("/media/<digest>/<path:name>")
@login_required
def media(digest: str, name: str):
    """Serve a course media file by content hash; immutable, so cached for a year."""
    if len(digest) != 64:
        abort(404)
    blob = services.media_blob(digest)
    if blob is None:
        abort(404)
    if request.if_none_match and digest in request.if_none_match:
        return "", 304
    response = make_response(blob.data)
    response.mimetype = blob.mime
    response.headers["Cache-Control"] = "private, max-age=31536000, immutable"
    response.set_etag(digest)
    # An SVG opened on its own must not run anything on our origin.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    )
    return response
