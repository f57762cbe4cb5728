"""Signing-key rotation: the current key signs, retired keys stay published, so every
certificate ever issued still verifies and new ones name the new key."""

from __future__ import annotations

import stat
import threading

import pytest

from elearn.certificates import keyring
from elearn.certificates.signing import (
    KEY_FILE,
    header_kid,
    jwks,
    key_id,
    sign,
    signing_key,
    verify,
)

RECORD = {"number": "ELN/2026/000001", "holder": {"name": "Siti Rahmawati"}}


def test_rotate_retires_the_old_key_and_signs_with_the_new(tmp_path):
    old = signing_key(str(tmp_path))
    old_jws = sign(RECORD, old)
    old_kid, new_kid = keyring.rotate(tmp_path)
    new = signing_key(str(tmp_path))
    assert old_kid == key_id(old)
    assert new_kid == key_id(new) != old_kid
    assert [key_id(k) for k in keyring.published(tmp_path)] == [new_kid, old_kid]
    # the old certificate: found by the kid it names, and still valid
    assert header_kid(old_jws) == old_kid
    assert verify(old_jws, keyring.public_key_for(tmp_path, old_kid), RECORD)
    # a new one names the new key and verifies with it only
    new_jws = sign(RECORD, new)
    assert header_kid(new_jws) == new_kid
    assert verify(new_jws, keyring.public_key_for(tmp_path, new_kid), RECORD)
    assert not verify(new_jws, keyring.public_key_for(tmp_path, old_kid), RECORD)
    assert keyring.public_key_for(tmp_path, "unbekannt") is None
    assert keyring.public_key_for(tmp_path, None) is None


def test_key_set_lists_every_key_without_private_parts(tmp_path):
    kids = [keyring.rotate(tmp_path)[1] for _ in range(3)]
    key_set = jwks(*keyring.published(tmp_path))
    assert [k["kid"] for k in key_set["keys"]] == [kids[-1], *sorted(kids[:-1])]
    assert all("d" not in k for k in key_set["keys"])


def test_files_private_key_owner_only_retired_keys_public(tmp_path):
    keyring.rotate(tmp_path)
    keyring.rotate(tmp_path)
    current, *retired = keyring.key_files(tmp_path)
    assert current == tmp_path / KEY_FILE
    assert stat.S_IMODE(current.stat().st_mode) == 0o600
    assert len(retired) == 1
    assert retired[0].read_bytes().startswith(b"-----BEGIN PUBLIC KEY-----")
    assert b"PRIVATE" not in retired[0].read_bytes()
    leftovers = [p.name for p in tmp_path.rglob(".*") if p.name != keyring.LOCK_FILE]
    assert leftovers == []  # no temporary file stays behind


def test_rotate_on_a_new_instance_makes_the_first_key(tmp_path):
    old, new = keyring.rotate(tmp_path / "instance")
    assert old is None
    assert key_id(signing_key(str(tmp_path / "instance"))) == new


def test_concurrent_rotations_lose_no_key(tmp_path):
    first = key_id(signing_key(str(tmp_path)))
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(keyring.rotate(tmp_path))) for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    published = {key_id(k) for k in keyring.published(tmp_path)}
    assert published == {first} | {new for _, new in results}


def test_header_kid_of_garbage_is_none():
    for jws in ("", "....", "a.b.c", "eyJ9.x.y", "bnVsbA.x.y"):
        assert header_kid(jws) is None


# --- a leaked key: withdrawn, never lost -------------------------------------------------


def kids(instance) -> list[str]:
    return [key_id(k) for k in keyring.published(instance)]


def test_a_compromised_retired_key_leaves_the_published_set(tmp_path):
    signing_key(str(tmp_path))
    old, new = keyring.rotate(tmp_path)
    assert keyring.mark_compromised(tmp_path, old) is None  # the signing key stays
    assert kids(tmp_path) == [new]
    assert list(keyring.compromised(tmp_path)) == [old]
    assert keyring.public_key_for(tmp_path, old) is None
    assert keyring.mark_compromised(tmp_path, old) is None  # twice: the same
    assert kids(tmp_path) == [new] and list(keyring.compromised(tmp_path)) == [old]


def test_a_compromised_current_key_is_rotated_away_first(tmp_path):
    leaked = key_id(signing_key(str(tmp_path)))
    replaced_by = keyring.mark_compromised(tmp_path, leaked)
    assert replaced_by and replaced_by != leaked
    assert key_id(signing_key(str(tmp_path))) == replaced_by
    assert kids(tmp_path) == [replaced_by]
    names = [p.relative_to(tmp_path).as_posix() for p in keyring.key_files(tmp_path)]
    assert names == [KEY_FILE, f"{keyring.COMPROMISED_DIR}/{leaked}.pem"]


def test_a_key_in_both_folders_counts_as_compromised(tmp_path):
    """A crash between writing the mark and removing the retired copy publishes nothing."""
    signing_key(str(tmp_path))
    old, new = keyring.rotate(tmp_path)
    public = keyring.retired(tmp_path)[old]
    keyring.write_atomically(
        tmp_path / keyring.COMPROMISED_DIR / f"{old}.pem", keyring.public_pem(public)
    )
    assert kids(tmp_path) == [new]


def test_an_unknown_kid_is_refused_and_changes_nothing(tmp_path):
    keyring.rotate(tmp_path)
    before = kids(tmp_path)
    with pytest.raises(keyring.UnknownKey):
        keyring.mark_compromised(tmp_path, "tidakAdaKunci123")
    assert kids(tmp_path) == before and keyring.compromised(tmp_path) == {}
