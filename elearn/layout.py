"""The site header (skip link, brand, main menu), rendered once per worker for each state it
can be in (elearn/fragments.py), not on every page view.

Rendering it cost about a quarter of a module page (fourteen url_for, a dozen translated
texts, three role checks), yet what it depends on is small: the institution's name and logo,
whether someone is logged in, which menus their roles open, which item is the current page
and the unread count. The logout form's CSRF token differs per session: the cached HTML
holds a placeholder that is replaced on every page.
"""

from __future__ import annotations

from flask import current_app, request
from flask_login import current_user
from markupsafe import Markup

from .fragments import cached
from .web import csrf_field

FORM_SLOT = "\x00csrf\x00"  # where the logout form's hidden input goes; no text holds a NUL


def current_items() -> frozenset[str]:
    """The menu items the current page belongs to (aria-current)."""
    endpoint, blueprint = request.endpoint, request.blueprint or ""
    found = {
        "catalog": endpoint == "learn.catalog",
        "my": endpoint == "learn.my",
        "certificates": endpoint == "certificates.mine",
        "notices": endpoint == "notices.index",
        "authoring": blueprint.startswith("authoring"),
        "hr": "hr" in request.blueprints,
        "tasks": endpoint in ("tasks.queue", "tasks.review"),
        "admin": blueprint == "admin",
        "account": blueprint == "account",
    }
    return frozenset(name for name, on in found.items() if on)


def site_header(unread_notices) -> Markup:
    """The header's HTML for this request; `unread_notices` is the template's lazy count."""
    config = current_app.config
    signed_in = current_user.is_authenticated
    menus = {}
    if signed_in:
        menus = {
            "authoring": current_user.has_role("trainer", "admin"),
            "overseeing": current_user.has_role("supervisor", "hr", "admin"),
            "managing": current_user.has_role("hr", "admin"),
        }
    items = current_items() if signed_in else frozenset()
    unread = unread_notices() if signed_in else 0
    key = (
        config["INSTITUTION_NAME"],
        config.get("INSTITUTION_LOGO"),
        signed_in,
        tuple(menus.values()),
        items,
        unread,
    )
    html = cached(
        "_header.html",
        key,
        signed_in=signed_in,
        menus=menus,
        items=items,
        unread=unread,
        form_slot=FORM_SLOT,
    )
    # Markup.replace escapes its arguments; csrf_field() is Markup already.
    return html.replace(FORM_SLOT, csrf_field()) if signed_in else html


def register(app) -> None:
    app.add_template_global(site_header, "site_header")
