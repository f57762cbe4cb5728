"""Module HTML on its way to the page (elearn/content/accessible.py): task-list checkboxes
become named marks, tables scroll inside a named, keyboard-reachable region."""

from elearn.content.accessible import Words, accessible_html
from elearn.content.render import markdown, sanitize


def rendered(text: str) -> str:
    return sanitize(markdown().render(text))


def test_task_list_boxes_become_named_marks():
    html = accessible_html(rendered("- [ ] Belum\n- [x] Sudah\n"))
    assert "<input" not in html
    assert '<span class="task-mark" role="img" aria-label="belum dicentang">☐</span> Belum' in html
    assert '<span class="task-mark" role="img" aria-label="sudah dicentang">☑</span> Sudah' in html


def test_tables_scroll_in_named_regions_and_the_change_is_idempotent():
    table = "| a | b |\n|---|---|\n| 1 | 2 |\n"
    words = Words(table="Tabel ke-%(n)s", hint="Geser")
    html = accessible_html(rendered(table + "\nteks\n\n" + table), words)
    assert html.count('role="region"') == 2
    assert 'tabindex="0" role="region" aria-label="Tabel ke-1" data-hint="Geser"><table>' in html
    assert 'aria-label="Tabel ke-2"' in html
    assert html.count("</table></div>") == 2
    assert accessible_html(html, words) == html


def test_html_without_tables_or_task_lists_is_unchanged():
    html = rendered("# Judul\n\n- satu\n- dua\n")
    assert accessible_html(html) == html
