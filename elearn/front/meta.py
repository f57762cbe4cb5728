"""Absolute addresses for the head of public pages: canonical links, Open Graph tags and
the sitemap name the site as PUBLIC_URL says (behind a proxy the request's own host may
not be the public one), the request's host only when PUBLIC_URL is unset."""

from __future__ import annotations

from flask import current_app, url_for


def absolute_url(endpoint: str, **values) -> str:
    public = str(current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    if public:
        return public + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def absolute(path: str) -> str:
    """A path of this site (or an address already absolute) as an absolute address."""
    if path.startswith(("http://", "https://")):
        return path
    public = str(current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    if public:
        return public + path
    return url_for("front.landing", _external=True).rstrip("/") + path


def logo_url() -> str | None:
    """Where a page finds the institution's logo: the served INSTITUTION_LOGO_FILE first
    (the certificates' emblem), else the header's INSTITUTION_LOGO address; None without."""
    config = current_app.config
    if config.get("INSTITUTION_LOGO_FILE"):
        return url_for("front.logo")
    return config.get("INSTITUTION_LOGO") or None


def share_image() -> str:
    """og:image: the logo, or the platform's own picture."""
    return absolute(logo_url() or url_for("static", filename="og-default.png"))


def register(app) -> None:
    app.add_template_global(absolute_url, "absolute_url")
    app.add_template_global(share_image, "share_image")
    app.add_template_global(logo_url, "logo_url")
