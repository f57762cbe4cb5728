"""Broken links and images are reported at the exact line they are written on (issue 12,
finding 14): raw HTML, a URL also named earlier in the text, entities, line breaks inside a
paragraph, tables, lists, quotes, footnotes and question sections."""

from __future__ import annotations

import pytest

from elearn.content.links import link_lines
from elearn.content.parse import parse_course
from elearn.content.source import CourseSource

ROOT = "kursus-uji"
COURSE_MD = "---\ntitle: Kursus\njp: 1\n---\n\nIkhtisar.\n"
MISSING = "berkas media `{url}` tidak ada di folder `media/` kursus ini"


def problems_of(module: str, course: str = COURSE_MD) -> list[tuple[str, int, str]]:
    files = {"course.md": course.encode(), "01-satu.md": module.encode()}
    _, problems = parse_course(CourseSource(ROOT, files, ROOT))
    return [(p.path.removeprefix(f"{ROOT}/"), p.line, p.message) for p in problems]


def numbered(body: str) -> str:
    """A module whose line 5 is the first line of BODY (4 lines of front matter and blank)."""
    return f"---\ntitle: Modul\n---\n\n{body}\n"


PETA = "media/peta.png"
# id: (body from line 5, the line of the broken image, its URL as reported)
CASES = {
    "html_block_after_the_url_in_a_sentence": (
        'Simpan gambar sebagai `media/peta.png` di folder media.\n\n<img src="media/peta.png">',
        7, PETA,
    ),
    "inline_html": ('Teks.\n\nLihat <img src="media/peta.png"> di sini.', 7, PETA),
    "entity_in_html": ('<figure>\n<img src="media/a&amp;b.png" alt="x">\n</figure>', 6,
                       "media/a&b.png"),
    "attribute_on_the_line_after_the_tag": (
        '<div>\n<p>Satu</p>\n\n\n<img\n  src="media/peta.png">\n</div>', 10, PETA
    ),
    "image_after_soft_breaks": ("Baris satu\nbaris dua\nbaris tiga ![g](media/peta.png)", 7, PETA),
    "table_cell": ("| a | b |\n|---|---|\n| x | y |\n| z | ![g](media/peta.png) |", 8, PETA),
    "nested_list": ("- satu\n  - dua\n    - ![g](media/peta.png)", 7, PETA),
    "blockquote_html": ("> kutipan\n>\n> <img src='media/peta.png'>", 7, PETA),
    "footnote": ("Teks[^1].\n\n[^1]: Lihat ![g](media/peta.png)", 7, PETA),
    "percent_encoded": ("Gambar ![g](media/p%C3%A9ta.png) dan ![h](media/péta.png)", 5,
                        "media/p%C3%A9ta.png"),
    "question_body": ('Isi.\n\n## Kuis\n\n### Q?\n\n<img src="media/peta.png">\n\n= a', 11, PETA),
}  # fmt: skip


@pytest.mark.parametrize(("body", "line", "url"), CASES.values(), ids=CASES.keys())
def test_missing_media_is_reported_at_its_line(body, line, url):
    assert problems_of(numbered(body)) == [("01-satu.md", line, MISSING.format(url=url))]


def test_line_numbers_in_course_md_count_its_front_matter():
    front = "---\ntitle: Kursus\njp: 1\nsummary: Ringkas.\n---\n"
    body = "\n" * 15 + "Teks `media/a.png`.\n\n<p>\n<img src=media/a.png>\n</p>\n"
    assert problems_of(numbered("Isi."), front + body) == [
        ("course.md", 24, MISSING.format(url="media/a.png"))
    ]


def test_link_lines_finds_the_first_use_of_each_url():
    text = "a\n\n[x](02-b.md)\n\n<a href='02-b.md'>b</a>\n\n<a HREF=\"c.md\">c</a> [d](c.md)\n"
    assert link_lines(text) == {"02-b.md": 2, "c.md": 6}


def test_unclosed_attribute_values_end_at_the_next_quote_or_the_end():
    assert link_lines("<div>" + 'src="' * 20_001 + "\n</div>\n") == {"src=": 0, "\n</div>\n": 0}
    assert link_lines("<div src='a\n\n") == {"a\n": 0}
