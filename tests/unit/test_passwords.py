"""Password rules after NIST SP 800-63B: length, a common-password list, no composition."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from elearn.domain.passwords import (
    MAX_LENGTH,
    MIN_LENGTH,
    Problem,
    common_passwords,
    normalise,
    problem,
)

NIP = "198609262015051001"
PERSONAL = (NIP, "Siti Rahmawati")


def test_the_issue_example_and_short_passwords_are_refused():
    assert problem("12345678") is Problem.TOO_SHORT
    assert problem("k0pi-tubr") is Problem.TOO_SHORT  # 9 characters
    assert MIN_LENGTH == 10 and MAX_LENGTH >= 64


def test_long_phrases_of_any_characters_need_no_composition():
    for password in (
        "kopi tubruk pagi hari",  # lower case and spaces only
        "sayurasemjakarta",
        "ꦱꦼꦭꦩꦠ꧀ꦲꦺꦗꦁ ꦥꦒꦶ",  # Javanese script
        "🐓🐓 ayam jago berkokok 🌅",
        "x" * 9 + "y" * (MAX_LENGTH - 9),
    ):
        assert problem(password, PERSONAL) is None, password


def test_too_long_is_refused():
    assert problem("ab" * MAX_LENGTH) is Problem.TOO_LONG


def test_common_and_breached_passwords_are_refused_whatever_the_case():
    for password in ("1234567890", "qwertyuiop", "1q2w3e4r5t", "Basketball", "PASSWORD12"):
        assert problem(password) is Problem.COMMON, password
    assert problem("zzzzzzzzzzzz") is Problem.COMMON  # one character repeated


def test_the_shipped_list_is_the_published_one():
    listed = common_passwords()
    assert len(listed) == 19_640
    assert {"123456", "password", "1234567890"} <= listed


def test_the_persons_own_nip_username_or_name_is_refused():
    assert problem(NIP, PERSONAL) is Problem.PERSONAL
    assert problem("1986 0926 2015 05 1001", PERSONAL) is Problem.PERSONAL
    assert problem("Siti Rahmawati", PERSONAL) is Problem.PERSONAL
    assert problem("siti.rahmawati", PERSONAL) is Problem.PERSONAL
    assert problem("rahmawati", ("budi.rahmawati",)) is Problem.TOO_SHORT
    assert problem("budirahmawati", ("budi.rahmawati", "Budi")) is Problem.PERSONAL
    assert problem("siti suka membaca", PERSONAL) is None


def test_nfkc_makes_fullwidth_and_ascii_the_same_password():
    assert normalise("ｐａｓｓｗｏｒｄ１２") == "password12"
    assert problem("ｐａｓｓｗｏｒｄ１２") is Problem.COMMON
    # Counted after normalisation: a ligature is two characters.
    assert len(normalise("ﬁ" * 5)) == 10


@given(st.text(min_size=0, max_size=200))
def test_any_text_gets_an_answer_and_never_raises(text):
    result = problem(text, PERSONAL)
    assert result is None or isinstance(result, Problem)
    if result is None:
        assert MIN_LENGTH <= len(normalise(text)) <= MAX_LENGTH
