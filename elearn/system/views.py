"""Liveness (/healthz), readiness (/readyz), the favicon, the service worker (/sw.js) and the
page it shows offline; the front door is elearn/front."""

import json
from pathlib import Path

from flask import Blueprint, current_app, jsonify, render_template, url_for

from ..config import DEFAULTS
from ..domain.colours import darker
from . import readiness

bp = Blueprint("system", __name__)


@bp.get("/favicon.ico")
def favicon():
    """Browsers and bookmark tools ask for /favicon.ico whatever the page links; pages link
    the same file under /static (with its version)."""
    icon = Path(current_app.static_folder or "", "icons", "favicon.ico").read_bytes()
    response = current_app.response_class(icon, mimetype="image/vnd.microsoft.icon")
    response.cache_control.public = True
    response.cache_control.max_age = 86400  # a day: the file changes only with a release
    return response


@bp.get("/manifest.webmanifest")
def manifest():
    """The web app manifest: the committed file (elearn/static) with the institution's name,
    so a phone's home screen says whose platform it is, and icon URLs carrying their versions."""
    facts = json.loads(Path(current_app.static_folder or "", "manifest.webmanifest").read_text())
    institution = current_app.config["INSTITUTION_NAME"]
    facts["name"] = f"ELearn ASN · {institution}"
    facts["theme_color"] = current_app.config["INSTITUTION_COLOR"]
    for icon in facts["icons"]:
        icon["src"] = url_for("static", filename=icon["src"])
    response = current_app.response_class(
        json.dumps(facts, ensure_ascii=False), mimetype="application/manifest+json"
    )
    response.cache_control.no_cache = True  # the name follows the settings at once
    return response


@bp.app_template_global()
def brand_stylesheet() -> str | None:
    """The address of /brand.css when the institution has a colour of its own, else None:
    the platform's blue costs no extra request."""
    colour = current_app.config["INSTITUTION_COLOR"]
    if colour == DEFAULTS["INSTITUTION_COLOR"]:
        return None
    return url_for("system.brand_css", v=colour[1:])


@bp.get("/brand.css")
def brand_css():
    """The institution's colour over the platform's blue, linked only when one is configured.
    Its address carries the colour (`?v=`), so it is cached for a year like a static file."""
    colour = current_app.config["INSTITUTION_COLOR"]
    css = f":root {{ --brand: {colour}; --brand-dark: {darker(colour)}; }}\n"
    response = current_app.response_class(css, mimetype="text/css")
    response.cache_control.public = True
    response.cache_control.max_age = 31_536_000
    return response


@bp.get("/sw.js")
def service_worker():
    """The service worker from the site's root, so its scope is every page (a worker under
    /static/ could only control /static/). `no-cache`: browsers ask again on every visit, so a
    new release's worker replaces the old one at once."""
    script = Path(current_app.static_folder or "", "sw.js").read_bytes()
    response = current_app.response_class(script, mimetype="text/javascript")
    response.headers["Service-Worker-Allowed"] = "/"
    response.cache_control.no_cache = True
    return response


@bp.get("/offline")
def offline():
    """What the service worker shows for a page that is neither reachable nor saved."""
    return render_template("system/offline.html")


@bp.get("/tersimpan")
def saved():
    """The courses saved on this device: the list lives in the browser's Cache Storage, so the
    page is an empty frame that offline.js fills (and the service worker keeps offline)."""
    return render_template("system/saved.html")


@bp.get("/healthz")
def healthz():
    """Liveness: the worker answers. Nothing else is asked, so a database outage does not
    get every worker restarted by a supervisor that watches this (that is /readyz)."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    """Readiness: 200 when the database (and the Redis of the rate limits, when configured)
    answer; 503 naming what does not."""
    checks = readiness.checks()
    ready = all(checks.values())
    body = {name: "ok" if up else "unreachable" for name, up in checks.items()}
    return jsonify(status="ok" if ready else "error", **body), 200 if ready else 503
