"""The Markdown renderer and its allow-list sanitizer, directly and through parse_course."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from elearn.content.parse import UrlScheme, parse_course
from elearn.content.render import (
    Linker,
    plain_text,
    render_block,
    render_inline,
    render_with_toc,
    sanitize,
    slugify,
)
from elearn.content.source import CourseSource
from elearn.content.spec import TocEntry

ROOT = "kursus-uji"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16


def module_html(body: str, iframe_hosts=(), extra: dict[str, bytes] | None = None, urls=None):
    """Render BODY as module 01 of an in-memory course; return its HTML (no problems allowed)."""
    files = {
        "course.md": b"---\ntitle: Kursus\njp: 1\n---\n\nIkhtisar.\n",
        "01-satu.md": f"---\ntitle: Modul\n---\n\n{body}".encode(),
        **(extra or {}),
    }
    spec, problems = parse_course(
        CourseSource(ROOT, files, ROOT), iframe_hosts=iframe_hosts, urls=urls
    )
    assert [str(p) for p in problems] == []
    return spec.modules[0].html


# --- slugify ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Pelayanan Prima", "pelayanan-prima"),
        ("  Apa itu SKP?  ", "apa-itu-skp"),
        ("Café & Kopi", "cafe-kopi"),
        ("Rp1.000.000,00", "rp1-000-000-00"),
        ("---", ""),
        ("日本語", ""),
        ("Ünïcödé Ärger", "unicode-arger"),
    ],
)
def test_slugify_examples(text, slug):
    assert slugify(text) == slug


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=120), st.integers(min_value=1, max_value=80))
def test_slugify_yields_a_clean_idempotent_slug(text, max_length):
    slug = slugify(text, max_length)
    assert re.fullmatch(r"[a-z0-9-]*", slug)
    assert len(slug) <= max_length
    assert not slug.startswith("-")
    assert not slug.endswith("-")
    assert "--" not in slug
    assert slugify(slug, max_length) == slug


# --- sanitizing ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<script>alert(1)</script>\n\nAman.", "\n<p>Aman.</p>\n"),
        ("Teks <script>alert(1)</script> aman.", "<p>Teks  aman.</p>\n"),
        ("<style>p{}</style>\n\nAman.", "\n<p>Aman.</p>\n"),
        ('<p style="color:red" class="x">merah</p>', "<p>merah</p>"),
        ('<div onclick="steal()">klik</div>', "<div>klik</div>"),
        ("<object data=x.swf></object><embed src=x.swf>", "<p></p>\n"),
        # content may only carry inert task-list boxes, never a text field
        (
            "<form action=/x><input type=text name=q></form>",
            '<input type="checkbox" disabled="disabled">',
        ),
        ("<svg><script>alert(1)</script></svg>", "<p></p>\n"),
        ("<base href='https://evil.example/'>", ""),
        ("<meta http-equiv=refresh content='0;url=https://evil.example'>", ""),
    ],
)
def test_dangerous_html_is_removed(source, expected):
    assert render_block(source) == expected


def test_event_handlers_are_dropped():
    html = render_block('<img src="https://example.go.id/a.png" onerror="alert(1)" alt="a">')
    assert html == '<img src="https://example.go.id/a.png" alt="a">'


@pytest.mark.parametrize(
    "source",
    [
        "[klik](javascript:alert(1))",
        "[klik](JaVaScRiPt:alert(1))",
        "[klik](  javascript:alert(1) )",
        '<a href="javascript:alert(1)">klik</a>',
        '<a href="jav&#x09;ascript:alert(1)">klik</a>',
        '<a href=" javascript:alert(1)">klik</a>',
        '<a href="vbscript:msgbox(1)">klik</a>',
        "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        '<a href="data:text/html,<script>alert(1)</script>">klik</a>',
    ],
)
def test_script_and_data_links_lose_their_href(source):
    html = render_block(source)
    assert "klik" in html
    assert "href" not in html
    assert "javascript" not in html.lower() or "<a" not in html


def test_data_url_images_are_dropped():
    assert render_block("![i](data:image/png;base64,AAAA)") == '<p><img alt="i"></p>\n'


@pytest.mark.parametrize(
    "source",
    [
        '<iframe src="https://www.youtube.com/embed/x"></iframe>',
        '<iframe src="https://evil.example/x">isi</iframe>',
    ],
)
def test_iframes_are_dropped_without_allowed_hosts(source):
    assert "iframe" not in render_block(source)


def test_iframe_of_an_allowed_https_host_is_kept_without_handlers():
    linker = Linker(iframe_hosts=["www.youtube.com"])
    html = render_block(
        '<iframe src="https://www.youtube.com/embed/x" width="560" onload="x()" '
        'style="border:0" allowfullscreen></iframe>',
        linker,
    )
    assert html == (
        '<iframe src="https://www.youtube.com/embed/x" width="560" allowfullscreen=""></iframe>'
    )


@pytest.mark.parametrize(
    "src",
    [
        "http://www.youtube.com/embed/x",
        "https://evil.example/embed/x",
        "https://www.youtube.com.evil.example/x",
        "https://evil.example@www.youtube.com.evil.example/x",
        "//www.youtube.com/embed/x",
        "javascript:alert(1)",
        "",
    ],
)
def test_iframe_of_another_host_or_scheme_is_dropped_entirely(src):
    linker = Linker(iframe_hosts=["www.youtube.com"])
    html = render_block(f'Sebelum\n\n<iframe src="{src}" width="5">isi</iframe>\n\nSesudah', linker)
    assert "iframe" not in html
    assert "Sebelum" in html
    assert "Sesudah" in html


def test_iframe_hosts_compare_case_insensitively_through_parse_course():
    html = module_html(
        '<iframe src="https://WWW.YouTube.com/embed/x"></iframe>\n',
        iframe_hosts=["www.youtube.com"],
    )
    assert '<iframe src="https://WWW.YouTube.com/embed/x"></iframe>' in html
    assert "iframe" not in module_html('<iframe src="https://www.youtube.com/embed/x"></iframe>\n')


def test_links_get_rel_noopener():
    html = render_block("[situs](https://example.go.id)")
    assert html == ('<p><a href="https://example.go.id" rel="noopener noreferrer">situs</a></p>\n')


def test_sanitizing_through_parse_course_covers_quiz_parts():
    files = {
        "course.md": b"---\ntitle: Kursus\njp: 1\n---\n\nIkhtisar.\n",
        "01-satu.md": (
            b"---\ntitle: Modul\n---\n\n<script>a()</script>\n\n## Kuis\n\n"
            b"<img src=https://x.example/a.png onerror=b()>\n\n"
            b"### Pilih <b onclick=c()>tebal</b>\n\n<script>d()</script>\n\n"
            b"- [x] <span onmouseover=e()>ya</span>\n- [ ] [tidak](javascript:f())\n\n"
            b"> <iframe src=https://evil.example></iframe>Penjelasan\n"
        ),
    }
    spec, problems = parse_course(CourseSource(ROOT, files, ROOT))
    assert problems == []
    module = spec.modules[0]
    q = module.quiz.questions[0]
    everything = " ".join(
        [module.html, module.quiz.intro_html, q.prompt_html, q.body_html, q.explanation_html]
        + [c.html for c in q.choices]
    )
    for needle in ("<script", "onerror", "onclick", "onmouseover", "href", "iframe"):
        assert needle not in everything
    assert q.prompt_html == "Pilih <b>tebal</b>"
    assert [c.html for c in q.choices] == ["<span>ya</span>", "[tidak](javascript:f())"]


HTML_BITS = st.sampled_from(
    [
        "<script>", "</script>", "<img src=x onerror=alert(1)>", "<a href='javascript:x'>",
        "[a](javascript:x)", "<iframe src=https://evil.example>", "<svg onload=x>",
        "<div style='x'>", '"', "'", ">", "<", "&", "\n\n", "`", "<!--", "-->", "<p ",
        " onclick=", "java\tscript:", "<object>", "<embed src=x>", "<math>", "<style>",
    ]
)  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(st.lists(HTML_BITS | st.text(max_size=8), max_size=20).map("".join))
def test_rendered_html_never_contains_active_content(source):
    html = render_block(source, Linker(iframe_hosts=["www.youtube.com"])).lower()
    assert "<script" not in html
    assert "<style" not in html
    assert "<iframe" not in html
    assert "<object" not in html
    assert "<embed" not in html
    assert "<svg" not in html
    assert not re.search(r"<[^>]*\son[a-z]+\s*=", html)
    assert not re.search(r"<[^>]*\sstyle\s*=", html)
    for _tag, attrs in tags_and_attributes(html):
        for name, value in attrs:
            if name in ("href", "src"):
                assert not re.match(r"\s*(javascript|data|vbscript):", value or "")


def tags_and_attributes(html: str) -> list[tuple[str, list]]:
    """Real elements only: text such as an escaped `<a href=...>` in code is inert."""
    found: list[tuple[str, list]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collector().feed(html)
    return found


# --- CommonMark and the agreed extensions --------------------------------------------------


def test_headings_get_anchors_and_a_toc():
    html, toc = render_with_toc(
        "# Judul\n\n## Bagian *Satu*\n\n### Sub `kode`\n\n#### Rinci\n\n## Bagian Satu\n"
    )
    assert html == (
        "<h1>Judul</h1>\n"
        '<h2 id="bagian-satu">Bagian <em>Satu</em></h2>\n'
        '<h3 id="sub-kode">Sub <code>kode</code></h3>\n'
        "<h4>Rinci</h4>\n"
        '<h2 id="bagian-satu-1">Bagian Satu</h2>\n'
    )
    assert toc == (
        TocEntry(2, "bagian-satu", "Bagian Satu"),
        TocEntry(3, "sub-kode", "Sub kode"),
        TocEntry(2, "bagian-satu-1", "Bagian Satu"),
    )


def test_module_toc_lists_level_2_and_3_headings():
    files = {
        "course.md": b"---\ntitle: Kursus\njp: 1\n---\n\nIkhtisar.\n",
        "01-satu.md": b"---\ntitle: Modul\n---\n\n# Modul\n\n## Pengantar\n\n### Tujuan\n",
    }
    spec, _ = parse_course(CourseSource(ROOT, files, ROOT))
    assert spec.modules[0].toc == (
        TocEntry(2, "pengantar", "Pengantar"),
        TocEntry(3, "tujuan", "Tujuan"),
    )


def test_tables_render():
    assert render_block("| a | b |\n|:--|--:|\n| 1 | 2 |\n") == (
        "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>\n"
    )


def test_footnotes_render():
    html = render_block("Catatan[^1].\n\n[^1]: Kaki halaman.\n")
    assert '<sup class="footnote-ref"><a href="#fn1" id="fnref1"' in html
    assert '<section class="footnotes">' in html
    assert '<li id="fn1" class="footnote-item"><p>Kaki halaman.' in html
    assert 'class="footnote-backref"' in html


def test_task_lists_render_as_disabled_checkboxes():
    assert render_block("- [x] selesai\n- [ ] belum\n") == (
        '<ul class="contains-task-list">\n'
        '<li class="task-list-item"><input class="task-list-item-checkbox" checked="checked" '
        'disabled="disabled" type="checkbox"> selesai</li>\n'
        '<li class="task-list-item"><input class="task-list-item-checkbox" '
        'disabled="disabled" type="checkbox"> belum</li>\n'
        "</ul>\n"
    )


def test_strikethrough_renders():
    assert render_block("~~coret~~") == "<p><s>coret</s></p>\n"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("*a* **b** `c`", "<p><em>a</em> <strong>b</strong> <code>c</code></p>\n"),
        ("1. satu\n2. dua\n", "<ol>\n<li>satu</li>\n<li>dua</li>\n</ol>\n"),
        ("> kutip\n", "<blockquote>\n<p>kutip</p>\n</blockquote>\n"),
        ("```py\nx = 1\n```\n", "<pre><code>x = 1\n</code></pre>\n"),
        ("baris  \nbaru", "<p>baris<br>\nbaru</p>\n"),
        ("a\n\n---\n\nb", "<p>a</p>\n<hr>\n<p>b</p>\n"),
        ("https://example.go.id", "<p>https://example.go.id</p>\n"),
        ("<details><summary>Lihat</summary>Isi</details>",
         "<details><summary>Lihat</summary>Isi</details>"),
    ],
)  # fmt: skip
def test_commonmark_basics(source, expected):
    assert render_block(source) == expected


def test_render_inline_has_no_paragraph():
    assert render_inline("Apa *itu*?") == "Apa <em>itu</em>?"


def test_plain_text_strips_markup_for_search():
    text = plain_text(
        "# Judul\n\n**Tebal** dan [tautan](https://x.id) ![gbr](media/a.png) <b>x</b>"
    )
    assert text == "Judul Tebal dan tautan gbr x"


# --- links through the Linker and UrlScheme --------------------------------------------------


def test_linker_resolves_media_and_module_links_and_records_missing_ones():
    linker = Linker(
        media_url=lambda name: f"/m/{name}" if name == "ada.png" else None,
        module_url=lambda filename, fragment: (
            f"/k/{filename}#{fragment}" if filename == "02-dua.md" else None
        ),
    )
    html = render_block(
        "![a](media/ada.png) ![b](./media/tidak.png) [c](02-dua.md#langkah) [d](03-tiga.md) "
        "[e](lain.html) [f](https://x.id) [g](#atas) [h](/mutlak)",
        linker,
    )
    assert '<img src="/m/ada.png" alt="a">' in html
    assert '<img alt="b">' in html
    assert 'href="/k/02-dua.md#langkah"' in html
    assert 'href="https://x.id"' in html
    assert 'href="#atas"' in html
    assert 'href="/mutlak"' in html
    assert linker.missing == ["./media/tidak.png", "03-tiga.md", "lain.html"]
    assert linker.used_media == {"ada.png"}


def test_percent_encoded_media_names_are_decoded():
    linker = Linker(media_url=lambda name: f"/m/{name}" if name == "peta kota.png" else None)
    assert render_block("![p](media/peta%20kota.png)", linker) == (
        '<p><img src="/m/peta kota.png" alt="p"></p>\n'
    )
    assert linker.missing == []


def test_url_scheme_receives_media_sha256_and_module_fragment():
    seen: list[tuple] = []

    def media(name, sha):
        seen.append(("media", name, sha))
        return f"/media/{sha}/{name}"

    def module(slug, fragment):
        seen.append(("module", slug, fragment))
        return f"/modul/{slug}" + (f"#{fragment}" if fragment else "")

    import hashlib

    html = module_html(
        "![Peta](media/peta.png)\n\n[Lanjut](02-dua.md#bagian-2)\n",
        extra={"media/peta.png": PNG, "02-dua.md": b"---\ntitle: Dua\n---\n\nIsi.\n"},
        urls=UrlScheme(media=media, module=module),
    )
    sha = hashlib.sha256(PNG).hexdigest()
    assert f'<img src="/media/{sha}/peta.png" alt="Peta">' in html
    assert '<a href="/modul/dua#bagian-2" rel="noopener noreferrer">Lanjut</a>' in html
    assert ("media", "peta.png", sha) in seen
    assert ("module", "dua", "bagian-2") in seen


def test_sanitize_without_linker_leaves_relative_links_out():
    assert sanitize('<a href="02-dua.md">x</a>') == '<a rel="noopener noreferrer">x</a>'
