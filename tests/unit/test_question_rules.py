"""The pure rules of questions to the trainer (elearn/domain/questions.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from elearn.content.render import render_user_text
from elearn.domain.questions import (
    Post,
    Visibility,
    Waiting,
    digest,
    learner_sees,
    may_hide,
    may_pin,
    may_report,
    may_vote,
)

ME, OTHER, GOV_A, GOV_B = 1, 2, 10, 20


def at(day: int) -> datetime:
    return datetime(2026, 12, day, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("own", Visibility.OWN), ("government", Visibility.GOVERNMENT), (None, Visibility.OWN),
     ("", Visibility.OWN), ("semua", Visibility.OWN)],
)  # fmt: skip
def test_an_unknown_setting_means_own_only(value, expected):
    assert Visibility.parse(value) is expected


def test_a_learner_reads_their_own_and_pinned_ones_whatever_the_setting():
    for visibility in Visibility:
        assert learner_sees(Post(ME, GOV_B), ME, GOV_A, visibility)
        assert learner_sees(Post(OTHER, GOV_B, True, pinned=True), ME, GOV_A, visibility)


def test_others_questions_only_in_the_same_government_when_the_admin_allows():
    same, other = Post(OTHER, GOV_A), Post(OTHER, GOV_B)
    assert not learner_sees(same, ME, GOV_A, Visibility.OWN)
    assert learner_sees(same, ME, GOV_A, Visibility.GOVERNMENT)
    assert not learner_sees(other, ME, GOV_A, Visibility.GOVERNMENT)
    # No government on either side is no match.
    assert not learner_sees(Post(OTHER, None), ME, None, Visibility.GOVERNMENT)


def test_hidden_posts_vanish_even_for_their_asker():
    assert not learner_sees(Post(ME, GOV_A, True, True, hidden=True), ME, GOV_A, Visibility.OWN)


def test_votes_reports_and_pins():
    answered = Post(OTHER, GOV_A, answered=True)
    assert may_vote(answered, already=False)
    assert not may_vote(answered, already=True)
    assert not may_vote(Post(OTHER, GOV_A), already=False)
    assert may_report(answered, ME) and not may_report(answered, OTHER)
    assert may_pin(answered) and not may_pin(Post(OTHER, GOV_A))
    assert not may_pin(Post(OTHER, GOV_A, True, hidden=True))


def test_who_hides():
    post = Post(OTHER, GOV_A)
    assert may_hide(post, is_author=True, is_admin=False, officer_governments=None)
    assert may_hide(post, is_author=False, is_admin=True, officer_governments=None)
    assert may_hide(post, False, False, [GOV_A])
    assert not may_hide(post, False, False, [GOV_B])
    assert not may_hide(post, False, False, None)
    assert not may_hide(Post(OTHER, None), False, False, [GOV_A])


def test_the_digest_gives_each_author_their_courses_new_questions_oldest_first():
    waiting = [
        Waiting(3, 100, "b", at(3)),
        Waiting(1, 100, "a", at(1)),
        Waiting(2, 200, "a", at(2)),
        Waiting(4, 300, "a", at(4)),  # a course without authors
    ]
    authors = [(100, ME), (200, ME), (200, OTHER)]
    found = digest(waiting, authors, None)
    assert [w.question_id for w in found[ME]] == [1, 2, 3]
    assert [w.question_id for w in found[OTHER]] == [2]
    since = digest(waiting, authors, at(2))
    assert {k: [w.question_id for w in v] for k, v in since.items()} == {ME: [3]}
    assert digest(waiting, authors, at(9)) == {}


def test_a_users_post_renders_without_images_scripts_or_form_boxes():
    html = render_user_text(
        "**Tebal** ![x](https://jejak.example/p.gif) <script>x()</script>\n\n- [ ] kotak\n"
        "\n[tautan](javascript:alert(1))"
    )
    assert "<strong>Tebal</strong>" in html
    for unsafe in ("<img", "<script", "<input", 'href="javascript'):
        assert unsafe not in html
