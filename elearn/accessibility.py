"""Template helpers for accessible pages (issue 17): the scroll region of a wide table and
module HTML with named task marks and table regions (elearn/content/accessible.py)."""

from __future__ import annotations

from flask import Flask
from flask_babel import gettext as _
from markupsafe import Markup

from .content.accessible import Words, accessible_html


def words() -> Words:
    return Words(
        done=_("sudah dicentang"),
        open=_("belum dicentang"),
        table=_("Tabel %(n)s"),  # numbered by accessible_html
        hint=_("Geser tabel →"),
    )


def module_html(html: str) -> Markup:
    """Stored module HTML (sanitized at publish) as the page shows it."""
    return Markup(accessible_html(str(html), words()))  # noqa: S704 (sanitized at publish)


def scroll_region(label: str = "", labelledby: str = "") -> Markup:
    """The attributes of a `.table-wrap`: reachable by Tab (so a keyboard can scroll it), a
    region named by `label` or by the element `labelledby`, and the hint CSS shows when the
    table is wider than the screen."""
    name = (
        Markup(' aria-labelledby="%s"') % labelledby
        if labelledby
        else Markup(' aria-label="%s"') % (label or _("Tabel"))
    )
    return Markup('tabindex="0" role="region"%s data-hint="%s"') % (name, _("Geser tabel →"))


def register(app: Flask) -> None:
    app.add_template_global(scroll_region)
    app.add_template_filter(module_html, "module_html")
