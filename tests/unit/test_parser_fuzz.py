"""A fuzz test of the course parser (issue 12): generated Markdown with brackets, emphasis,
HTML, front matter and question sections never raises, only returns problems, and stays
within its budget of work units (markdown-it rule calls and tokens). Derandomized, so CI
sees the same examples."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from elearn.content import budget
from elearn.content.parse import parse_course, parse_file
from elearn.content.source import CourseSource

ROOT = "kursus-fuzz"
COURSE_MD = "---\ntitle: Kursus\njp: 1\n---\n\nIkhtisar.\n"

FRONT_MATTER = st.sampled_from(
    [
        "", "---\ntitle: Modul\n---\n", "---\ntitle: [\n---\n", "---\nquiz:\n  draw: 3\n---\n",
        "---\ntitle: M\nminutes: x\n---\n", "---\n&a [*a]\n---\n", "---\ntitle: M\n",
        "---\n!!int x: 1\n---\n", "\ufeff---\ntitle: M\n---\n",
    ]
)  # fmt: skip
PIECES = st.sampled_from(
    [
        "[", "]", "![", "[^", "](", "(", ")", "[x]", "[x]: <", "[x]: /u \"t\"\n", "[^1]: f\n",
        "*", "_", "**", "__", "~~", "`", "``", "```\n", "<", ">", "<a href='", "<img src=\"",
        "media/x.png", "02-b.md#x", "\">", "<!--", "-->", "<div>\n", "</div>\n", "<script>",
        "&amp;", "&#", "\\", "- ", "  - ", "> ", "1. ", "- [ ] ", "- [x] ", "= ", "=\n",
        "## Kuis\n", "## Ujian Akhir\n", "### Q {#q}\n", "### ", "{#", "}", "---\n", "|a|b|\n",
        "|-|-|\n", "\n", "\n\n", "    ", "\t", "\r\n", "teks ", "é",
    ]
)  # fmt: skip
BODIES = st.lists(PIECES | st.text(max_size=8), max_size=60).map("".join)
# Runs of one piece: the shapes that cost markdown-it the most per byte.
RUNS = st.tuples(PIECES, st.integers(min_value=1, max_value=400)).map(lambda t: t[0] * t[1])
MODULES = st.tuples(FRONT_MATTER, st.lists(BODIES | RUNS, max_size=4).map("".join)).map("".join)


def source_with(module: str) -> CourseSource:
    files = {"course.md": COURSE_MD.encode(), "01-modul.md": module.encode("utf-8", "replace")}
    return CourseSource(ROOT, files, ROOT)


@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(MODULES)
def test_the_parser_only_returns_problems_within_its_budget(module):
    with budget.budget(10**12) as spent:
        spec, problems = parse_course(source_with(module))
        found = parse_file(source_with(module), "01-modul.md")
    assert (spec is None) == bool(problems)
    line_count = module.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    for problem in [*problems, *found.problems]:
        assert problem.path.startswith(f"{ROOT}/"), str(problem)
        assert 1 <= problem.line <= max(line_count, 1), str(problem)
    # Two reads of each file (the folder, then the one file), each within its own budget.
    assert spent.spent <= 2 * (budget.limit_for(module) + budget.limit_for(COURSE_MD))
