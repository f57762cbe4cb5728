"""Whether the site is public, and the decorator of the pages a visitor may read.

Two sources decide, the admin's choice winning: the site setting `front.public` (stored by
the admin's page, /admin/situs-publik) and, while the admin never chose, the deploy-time
default ELEARN_PUBLIC_SITE (true unless set otherwise). Logged-in users are never concerned:
a private site only sends visitors to the login page, as before issue 17.

The setting is read at most once per SETTING_SECONDS per worker (only for visitors), so an
anonymous page costs no statement for it; the worker that stores a change forgets its copy
at once, the others within SETTING_SECONDS.
"""

from __future__ import annotations

import time
from functools import wraps

from flask import current_app
from flask_login import current_user

from .. import site_settings
from ..extensions import login_manager

PUBLIC_SITE = "front.public"
SETTING_SECONDS = 30
CACHE_KEY = "elearn.front.public"  # app.extensions: (read at, value or None)
TRUE_WORDS = ("1", "true", "yes", "ya", "on")


def deploy_default(config) -> bool:
    """ELEARN_PUBLIC_SITE as the environment gives it: JSON true/false or a word."""
    value = config.get("PUBLIC_SITE", True)
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in TRUE_WORDS


def admin_choice() -> bool | None:
    """What the admin stored (None: never chose), from the worker's copy when fresh."""
    now = time.monotonic()
    seen = current_app.extensions.get(CACHE_KEY)
    if seen is None or now - seen[0] > SETTING_SECONDS:
        stored = site_settings.get(PUBLIC_SITE)
        seen = (now, None if stored is None else stored == "1")
        current_app.extensions[CACHE_KEY] = seen
    return seen[1]


def site_is_public() -> bool:
    choice = admin_choice()
    return deploy_default(current_app.config) if choice is None else choice


def set_site_public(public: bool, actor_id: int | None) -> bool:
    """Store the admin's choice (a service: it commits, with an audit entry); True when it
    changed. This worker forgets its copy now."""
    changed = site_settings.put(PUBLIC_SITE, "1" if public else "0", actor_id)
    current_app.extensions.pop(CACHE_KEY, None)
    return changed


def visitor_may_read() -> bool:
    """Whether this request may see a public page: logged in, or the site is public."""
    return current_user.is_authenticated or site_is_public()


def public_page(view):
    """Let anyone read the page on a public site; on a private one visitors go to the login
    page and come back afterwards, as with login_required."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not visitor_may_read():
            return login_manager.unauthorized()
        return view(*args, **kwargs)

    return wrapped
