"""Texts users read, defined where Flask may not be imported (domain, content) or before a
request exists. `N_("...")` marks a text for `pybabel extract -k N_` and returns it as a
`Text`: still the Indonesian string everywhere it is used, but one the page can say again in
the reader's language (`| translated` in templates, `elearn.i18n.translated_text`)."""

from __future__ import annotations

from collections.abc import Callable


class Text(str):
    """A text as written (Bahasa Indonesia) that `str.format` fills without forgetting its
    template and values, so the page can translate the template and fill it again."""

    def format(self, *args, **kwargs) -> Text:
        filled = Text(str.format(self, *args, **kwargs))
        filled.source, filled.values = str(self), kwargs
        return filled

    def translated(self, gettext: Callable[[str], str]) -> str:
        source = getattr(self, "source", None)
        if source is None:
            return gettext(str(self))
        values = {
            key: value.translated(gettext) if isinstance(value, Text) else value
            for key, value in self.values.items()
        }
        try:
            return gettext(source).format(**values)
        except (KeyError, IndexError, ValueError):
            return str(self)  # a catalog that lost a placeholder: the text as written


def N_(text: str) -> Text:  # noqa: N802  (the gettext family's conventional name)
    return Text(text)
