"""The English catalog (issue 17): every extracted text translated, nothing fuzzy, the same
placeholders in the translation as in the Indonesian text, and the compiled .mo shipped in
the package is the .po's current content (docs/translating.md says how to rebuild it)."""

from __future__ import annotations

import io
import re
from pathlib import Path

from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "elearn" / "translations" / "en" / "LC_MESSAGES"
# %(name)s and %(n)d style, a bare %s, the literal %% (which must survive as well), and the
# {name} of the course format's problem texts (content/messages.py, filled by str.format)
PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[sdf]|%%|\{[a-z_]*\}")


def catalog():
    with open(CATALOG / "messages.po", "rb") as handle:
        return read_po(handle)


def entries():
    return [m for m in catalog() if m.id]


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def test_every_text_is_translated_and_none_is_fuzzy():
    untranslated = [m.id for m in entries() if not m.string]
    fuzzy = [m.id for m in entries() if m.fuzzy]
    assert untranslated == [] and fuzzy == []


def test_translations_keep_the_placeholders():
    wrong = {
        m.id: m.string
        for m in entries()
        if isinstance(m.id, str) and placeholders(m.id) != placeholders(m.string)
    }
    assert wrong == {}


def test_the_compiled_catalog_is_the_current_po():
    fresh = io.BytesIO()
    write_mo(fresh, catalog())
    fresh.seek(0)
    with open(CATALOG / "messages.mo", "rb") as handle:
        shipped = read_mo(handle)
    compiled = read_mo(fresh)
    # A plural's id and texts come back from read_mo as lists: compared as tuples
    freeze = lambda v: tuple(v) if isinstance(v, list | tuple) else v  # noqa: E731
    as_dict = lambda c: {freeze(m.id): freeze(m.string) for m in c if m.id}  # noqa: E731
    assert as_dict(shipped) == as_dict(compiled), "run: pybabel compile -d elearn/translations"


def test_the_catalog_holds_every_text_the_code_and_templates_mark():
    """A text added to the code without updating the catalog would show in Indonesian to
    English readers: extract as pybabel does (babel.cfg) and compare."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with open(ROOT / "babel.cfg", encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None}
    keywords |= {"lazy_gettext": None, "N_": None}
    found = {
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / "elearn", method_map, options_map, keywords=keywords
        )
        if message
    }
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in entries()}
    assert sorted(found - known) == [], "run pybabel extract/update (docs/translating.md)"


def test_a_course_problem_is_said_again_in_the_readers_language():
    """content/ imports no Flask: its texts keep their template and values so the page can
    translate them (content/messages.Text)."""
    from babel.support import Translations

    from elearn.content import messages as msg

    with open(CATALOG / "messages.mo", "rb") as handle:
        english = Translations(handle)
    problem = msg.MODULE_SLUG_TAKEN.format(slug="pengantar", other="01-pengantar.md")
    assert problem == "slug modul `pengantar` sudah dipakai oleh `01-pengantar.md`"
    said = problem.translated(english.ugettext)
    assert said == "the module slug `pengantar` is already used by `01-pengantar.md`"
    assert msg.NO_COURSE_MD.translated(english.ugettext).startswith("course.md is missing")
