"""The landing page (`/`), the institution's logo, /sitemap.xml and /robots.txt."""

from __future__ import annotations

import time
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask_login import current_user

from .. import live_versions as live
from ..extensions import login_manager
from . import queries
from .access import site_is_public
from .meta import absolute_url

bp = Blueprint("front", __name__)

LANDING_KEY = "elearn.front.landing"  # app.extensions: (computed at, queries.Landing)
# Areas behind login: a crawler would only meet the login page there.
PRIVATE_PATHS = ("/my", "/admin", "/hr", "/authoring", "/attempts", "/tugas", "/api/")
LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def landing_data() -> queries.Landing:
    """The figures and course lists, computed at most once per PUBLIC_FIGURES_SECONDS per
    worker: the landing page is the most visited and its counts need not be to the second."""
    ttl = float(current_app.config["PUBLIC_FIGURES_SECONDS"])
    now = time.monotonic()
    seen = current_app.extensions.get(LANDING_KEY)
    if seen is None or now - seen[0] >= ttl:
        seen = current_app.extensions[LANDING_KEY] = (now, queries.landing())
    return seen[1]


def _views(pairs) -> list:
    found = ((slug, live.version_view(version_id)) for slug, version_id in pairs)
    return [(slug, version) for slug, version in found if version is not None]


@bp.get("/")
def landing():
    """Learners go to their own page; visitors see the landing page (or, on a private
    site, the login page)."""
    if current_user.is_authenticated:
        return redirect(url_for("learn.my"))
    if not site_is_public():
        return login_manager.unauthorized()
    data = landing_data()
    featured = _views(data.featured)
    shown = {slug for slug, _v in featured}
    newest = [(slug, v) for slug, v in _views(data.newest) if slug not in shown]
    response = Response(
        render_template(
            "front/landing.html", figures=data.figures, featured=featured, newest=newest
        )
    )
    response.vary.add("Cookie")  # a logged-in visitor gets a redirect from the same URL
    return response


@bp.get("/logo")
def logo():
    """INSTITUTION_LOGO_FILE, the emblem of the certificates, for the pages and link
    previews; 404 when none is configured or the file is not a PNG/JPEG."""
    name = current_app.config.get("INSTITUTION_LOGO_FILE")
    path = Path(name) if name else None
    if path is None or path.suffix.lower() not in LOGO_TYPES or not path.is_file():
        abort(404)
    response = send_file(path, mimetype=LOGO_TYPES[path.suffix.lower()], max_age=3600)
    response.cache_control.public = True
    return response


@bp.get("/sitemap.xml")
def sitemap():
    """The public pages for search engines: the landing page, the catalog and each live
    course's overview; a 404 on a private site, which has none."""
    if not site_is_public():
        abort(404)
    pages = [(absolute_url("front.landing"), None), (absolute_url("learn.catalog"), None)]
    pages += [
        (absolute_url("learn.course", slug=slug), published)
        for slug, published in queries.sitemap_courses()
    ]
    body = render_template("front/sitemap.xml", pages=pages)
    return Response(body, mimetype="application/xml")


@bp.get("/robots.txt")
def robots():
    """Crawlers may read the public pages (and find them in the sitemap); on a private site
    they are asked to read nothing."""
    if site_is_public():
        lines = ["User-agent: *", *(f"Disallow: {path}" for path in PRIVATE_PATHS)]
        lines.append(f"Sitemap: {absolute_url('front.sitemap')}")
    else:
        lines = ["User-agent: *", "Disallow: /"]
    return Response("\n".join(lines) + "\n", mimetype="text/plain")
