"""The site header (skip link, brand, main menu), rendered once per worker for each state it
can be in, instead of on every page view.

Rendering it cost about a quarter of a module page (fourteen url_for, a dozen translated
texts, three role checks), yet what it depends on is small: the language, the script root,
the institution's name and logo, whether someone is logged in, which menus their roles open,
which item is the current page and the unread count. Those make the key of a cache kept on
the app (so every app of a process keeps its own, and a config change makes a new key). The
logout form's CSRF token differs per session: the cached HTML holds a placeholder that is
replaced on every page.
"""

from __future__ import annotations

from flask import current_app, render_template, request
from flask_login import current_user
from markupsafe import Markup

from .i18n import current_locale_name
from .web import csrf_field

CACHE = "elearn_header"  # app.extensions key: {state: html}
CACHE_LIMIT = 4096  # states seen by a worker; emptied when full, never grows without bound
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


def _state(unread_notices) -> tuple:
    config = current_app.config
    signed_in = current_user.is_authenticated
    menus = (
        (
            current_user.has_role("trainer", "admin"),
            current_user.has_role("supervisor", "hr", "admin"),
            current_user.has_role("hr", "admin"),
        )
        if signed_in
        else ()
    )
    return (
        current_locale_name(),
        request.script_root,
        config["INSTITUTION_NAME"],
        config.get("INSTITUTION_LOGO"),
        signed_in,
        menus,
        current_items() if signed_in else frozenset(),
        unread_notices() if signed_in else 0,
    )


def site_header(unread_notices) -> Markup:
    """The header's HTML for this request; `unread_notices` is the template's lazy count."""
    state = _state(unread_notices)
    cache = current_app.extensions.setdefault(CACHE, {})
    html = cache.get(state)
    if html is None:
        if len(cache) >= CACHE_LIMIT:
            cache.clear()
        _locale, _root, _name, _logo, signed_in, menus, items, unread = state
        rendered = render_template(
            "_header.html",
            signed_in=signed_in,
            menus=dict(zip(("authoring", "overseeing", "managing"), menus, strict=False)),
            items=items,
            unread=unread,
            form_slot=FORM_SLOT,
        )
        # Jinja escaped it while rendering (autoescape); it goes into the page as it is.
        html = cache[state] = Markup(rendered)  # noqa: S704
    # Markup.replace escapes its arguments; csrf_field() is Markup already.
    signed_in = state[4]
    return html.replace(FORM_SLOT, csrf_field()) if signed_in else html


def register(app) -> None:
    app.add_template_global(site_header, "site_header")
