"""Template helpers for accessible pages (issue 17): the scroll region of a wide table,
module HTML with named task marks and table regions (elearn/content/accessible.py), and
form fields described by their errors."""

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


def module_html(html: str | None) -> Markup:
    """HTML rendered from a course's Markdown (modules, overview, questions, task; sanitized
    when published) as the page shows it."""
    if not html:
        return Markup("")
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


def described_by(field, *hints: str) -> dict[str, str]:
    """Keyword attributes for a WTForms field: its hint ids and, when it has errors, the id
    of its error paragraph (`field_errors` in _form.html) and aria-invalid."""
    ids = list(hints)
    attrs = {}
    if field.errors:
        ids.append(f"{field.id}-error")
        attrs["aria-invalid"] = "true"
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    return attrs


def register(app: Flask) -> None:
    app.add_template_global(scroll_region)
    app.add_template_global(described_by)
    app.add_template_filter(module_html, "module_html")
