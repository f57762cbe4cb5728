"""Workplace task rules: state, who may send, rubric scoring and due dates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from elearn.content.media import check_upload
from elearn.domain import tasks

RUBRIC = [{"name": "A", "levels": ["1", "2", "3", "4"]}, {"name": "B", "levels": ["1", "2"]}]


def test_state_follows_the_decisions():
    assert tasks.state([]) == "open"
    assert tasks.state([None]) == "waiting"
    assert tasks.state(["returned"]) == "returned"
    assert tasks.state(["returned", None]) == "waiting"
    assert tasks.state(["returned", "accepted"]) == "accepted"


def test_work_is_sent_after_the_exam_and_again_only_after_a_return():
    assert not tasks.may_submit("open", exam_passed=False)
    assert tasks.may_submit("open", exam_passed=True)
    assert tasks.may_submit("returned", exam_passed=True)
    assert not tasks.may_submit("waiting", exam_passed=True)
    assert not tasks.may_submit("accepted", exam_passed=True)


def test_every_criterion_needs_a_level_of_its_own_scale():
    assert tasks.scores_problem([3, 2], RUBRIC) is None
    assert tasks.scores_problem([3], RUBRIC) == "missing"
    assert tasks.scores_problem([3, None], RUBRIC) == "missing"
    assert tasks.scores_problem([3, 3], RUBRIC) == "range"
    assert tasks.scores_problem([0, 1], RUBRIC) == "range"


@given(st.lists(st.integers(1, 5), min_size=1, max_size=6), st.integers(1, 5))
def test_acceptance_needs_every_criterion_at_the_pass_level(scores, pass_level):
    assert tasks.may_accept(scores, pass_level) == (min(scores) >= pass_level)


def test_due_dates():
    passed = datetime(2026, 1, 10, 3, tzinfo=UTC)
    assert tasks.due_at(passed, 30) == passed + timedelta(days=30)
    assert tasks.due_at(None, 30) is None
    due = tasks.review_due_at(passed, 7)
    assert not tasks.overdue(due, passed + timedelta(days=7))
    assert tasks.overdue(due, passed + timedelta(days=7, seconds=1))
    assert not tasks.overdue(None, passed)


def _office(main_type: bytes) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", b'<Types><Override ContentType="' + main_type)
    return buffer.getvalue()


def test_uploads_are_checked_by_type_size_and_content():
    pdf = b"%PDF-1.4\n..."
    assert check_upload("laporan.PDF", pdf, 100) == (None, "application/pdf")
    assert check_upload("laporan.pdf", pdf, 5) == ("size", "application/pdf")
    assert check_upload("laporan.html", b"<html>", 100) == ("type", "")
    assert check_upload("laporan.exe", b"MZ", 100) == ("type", "")
    assert check_upload("foto.png", pdf, 100)[0] == "content"
    assert check_upload("foto.jpg", b"\xff\xd8\xff\xe0", 100)[0] is None
    sheet = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    assert check_upload("data.xlsx", _office(sheet), 10_000)[0] is None
    assert check_upload("data.docx", _office(sheet), 10_000)[0] == "content"
    macro = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    assert check_upload("data.xlsx", _office(macro), 10_000)[0] == "content"
    assert check_upload("data.xlsx", pdf, 10_000)[0] == "content"
