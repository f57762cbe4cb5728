"""`_()` in templates (elearn/i18n.py template_gettext, issue 15) behaves as Jinja's
new-style `gettext` it stands in for: the text is a trusted format string, its values are
escaped where autoescaping is on, and it is always formatted ("%%" reads "%")."""

from __future__ import annotations

import pytest
from flask import render_template_string

CALL = "('Nilai %(n)s & 100%%', n='<b>')"


@pytest.mark.parametrize(
    ("wrap", "expected"),
    [
        ("{{ %s }}", "Nilai &lt;b&gt; & 100%"),
        ("{%% autoescape false %%}{{ %s }}{%% endautoescape %%}", "Nilai <b> & 100%"),
    ],
)
def test_underscore_renders_as_jinjas_gettext(app, wrap, expected):
    with app.test_request_context():
        fast = render_template_string(wrap % ("_" + CALL))
        jinja = render_template_string(wrap % ("gettext" + CALL))
    assert fast == jinja == expected


def test_a_text_without_values_is_still_formatted(app):
    with app.test_request_context():
        assert render_template_string("{{ _('Tanpa nilai 100%%') }}") == "Tanpa nilai 100%"
