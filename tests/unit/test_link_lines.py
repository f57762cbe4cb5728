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


def numbered(*lines: str) -> str:
    """A module whose body line N (after 3 lines of front matter) is lines[N - 4]."""
    return "\n".join(["---", "title: Modul", "---", *lines]) + "\n"


@pytest.mark.parametrize(
    ("lines", "line", "url"),
    [
        pytest.param(
            ["", "Simpan gambar sebagai `media/peta.png` di folder media.", "",
             '<img src="media/peta.png">'],
            7, "media/peta.png", id="html_block_after_the_url_in_a_sentence",
        ),
        pytest.param(
            ["", "Teks.", "", 'Lihat <img src="media/peta.png"> di sini.'],
            7, "media/peta.png", id="inline_html",
        ),
        pytest.param(
            ["", "<figure>", '<img src="media/a&amp;b.png" alt="x">', "</figure>"],
            6, "media/a&b.png", id="entity_in_html",
        ),
        pytest.param(
            ["", "<div>", "<p>Satu</p>", "", "", "<img", '  src="media/peta.png">', "</div>"],
            10, "media/peta.png", id="attribute_on_the_line_after_the_tag",
        ),
        pytest.param(
            ["", "Baris satu", "baris dua", "baris tiga ![g](media/peta.png)"],
            7, "media/peta.png", id="image_after_soft_breaks",
        ),
        pytest.param(
            ["", "| a | b |", "|---|---|", "| x | y |", "| z | ![g](media/peta.png) |"],
            8, "media/peta.png", id="table_cell",
        ),
        pytest.param(
            ["", "- satu", "  - dua", "    - ![g](media/peta.png)"],
            7, "media/peta.png", id="nested_list",
        ),
        pytest.param(
            ["", "> kutipan", ">", "> <img src='media/peta.png'>"],
            7, "media/peta.png", id="blockquote_html",
        ),
        pytest.param(
            ["", "Teks[^1].", "", "[^1]: Lihat ![g](media/peta.png)"],
            7, "media/peta.png", id="footnote",
        ),
        pytest.param(
            ["", "Gambar ![g](media/p%C3%A9ta.png) dan ![h](media/péta.png)"],
            5, "media/p%C3%A9ta.png", id="percent_encoded",
        ),
        pytest.param(
            ["", "Isi.", "", "## Kuis", "", "### Q?", "", '<img src="media/peta.png">', "",
             "= a"],
            11, "media/peta.png", id="question_body",
        ),
    ],
)  # fmt: skip
def test_missing_media_is_reported_at_its_line(lines, line, url):
    assert problems_of(numbered(*lines)) == [("01-satu.md", line, MISSING.format(url=url))]


def test_line_numbers_in_course_md_count_its_front_matter():
    front = "---\ntitle: Kursus\njp: 1\nsummary: Ringkas.\n---\n"
    body = "\n" * 15 + "Teks `media/a.png`.\n\n<p>\n<img src=media/a.png>\n</p>\n"
    assert problems_of(numbered("", "Isi."), front + body) == [
        ("course.md", 24, MISSING.format(url="media/a.png"))
    ]


def test_link_lines_finds_the_first_use_of_each_url():
    text = "a\n\n[x](02-b.md)\n\n<a href='02-b.md'>b</a>\n\n<a HREF=\"c.md\">c</a> [d](c.md)\n"
    assert link_lines(text) == {"02-b.md": 2, "c.md": 6}


def test_unclosed_attribute_values_end_at_the_next_quote_or_the_end():
    assert link_lines("<div>" + 'src="' * 20_001 + "\n</div>\n") == {"src=": 0, "\n</div>\n": 0}
    assert link_lines("<div src='a\n\n") == {"a\n": 0}
