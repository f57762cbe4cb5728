"""Which passwords a person may choose, after NIST SP 800-63B (section 5.1.1.2).

Length is what makes a password strong, so there are no composition rules (no "one digit,
one capital"): at least MIN_LENGTH characters, any characters (spaces, emoji, Javanese
script), compared after Unicode NFKC normalisation so that the same text typed on two
keyboards is the same password. Refused: passwords on a shipped list of common and breached
passwords, and the person's own username, NIP or name (an attacker tries those first).

The list is `elearn/data/common-passwords.txt.gz`, 19,640 passwords (lower-cased) as shipped
by Django 5.2 (django/contrib/auth/common-passwords.txt.gz, BSD-3-Clause, licence beside it):
Royce Williams' list of the most common passwords cracked from breach corpora,
https://gist.github.com/roycewilliams/226886fd01572964e1431ac8afc999ce.
"""

from __future__ import annotations

import enum
import gzip
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

MIN_LENGTH = 10
# NIST asks for at least 64; the hash is of a bounded input either way.
MAX_LENGTH = 128
COMMON_LIST = Path(__file__).resolve().parent.parent / "data" / "common-passwords.txt.gz"


class Problem(enum.Enum):
    """Why a password is refused; the web and CLI layers word it for the person."""

    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    COMMON = "common"
    PERSONAL = "personal"


def normalise(password: str) -> str:
    """The form a password is hashed and checked in (NFKC), so ｐａｓｓ and pass are one."""
    return unicodedata.normalize("NFKC", password)


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list, read once per process."""
    with gzip.open(COMMON_LIST, "rt", encoding="utf-8") as fh:
        return frozenset(line.strip() for line in fh if line.strip())


def _folded(text: str) -> str:
    """Lower-cased, without spaces, dots, dashes or underscores: how a person varies a word."""
    return "".join(ch for ch in normalise(text).casefold() if ch.isalnum())


def problem(password: str, personal: Iterable[str] = ()) -> Problem | None:
    """The first reason to refuse `password`, or None when it may be used.

    `personal` holds the words of the account (username, NIP, full name): the password may
    not be one of them, whatever its case, spaces or punctuation.
    """
    value = normalise(password)
    if len(value) < MIN_LENGTH:
        return Problem.TOO_SHORT
    if len(value) > MAX_LENGTH:
        return Problem.TOO_LONG
    if value.casefold() in common_passwords() or len(set(value)) == 1:
        return Problem.COMMON
    words = [word for word in personal if word and word.strip()]
    # The whole name ("Siti Rahmawati" as sitirahmawati) and each of its parts.
    known = {_folded(word) for word in words} | {
        _folded(part) for word in words for part in word.split()
    }
    if _folded(value) in known - {""}:
        return Problem.PERSONAL
    return None
