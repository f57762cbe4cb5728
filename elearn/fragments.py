"""Template fragments rendered once per worker for each state they can be in.

Some parts of a page depend on few things and cost many template calls: the site header
(elearn/layout.py: the menus a user's roles open, the current item, the unread count) and
the parts of learner pages that depend on the course version alone, which never changes
(elearn/learn/version_parts.py: a catalog card, a module's text and its previous/next
links). Each is rendered the first time a state is seen and kept on the app (so every app
of a process keeps its own), keyed by the template, the language, the script root and what
the caller names. Bounded: the cache is emptied when it reaches CACHE_LIMIT states, so no
input can make it grow without end.
"""

from __future__ import annotations

from collections.abc import Hashable

from flask import current_app, render_template, request
from markupsafe import Markup

from .i18n import current_locale_name

CACHE = "elearn_fragments"  # app.extensions key: {(template, locale, root, key): html}
CACHE_LIMIT = 4096


def cached(template: str, key: Hashable, **context) -> Markup:
    """`template` rendered with `context`, once per worker for each `key`: the key must name
    everything in `context` (and the config) that changes the output."""
    cache = current_app.extensions.setdefault(CACHE, {})
    state = (template, current_locale_name(), request.script_root, key)
    html = cache.get(state)
    if html is None:
        if len(cache) >= CACHE_LIMIT:
            cache.clear()
        # Jinja escaped it while rendering (autoescape); it goes into the page as it is.
        html = cache[state] = Markup(render_template(template, **context))  # noqa: S704
    return html
