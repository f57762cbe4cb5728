"""The instance's certificate signing keys: the current private key, which signs, and the
public halves of the keys it replaced, which keep the certificates they signed verifiable.

On disk, in the instance folder: `certificate-signing-key.pem` (the current key, as before
rotation existed), `certificate-signing-keys/<kid>.pem` (one public key per retired key) and
`certificate-signing-keys-compromised/<kid>.pem` (keys whose private half leaked: no longer
published, kept to tell which certificates they signed). Retired private keys are not kept:
nothing may sign with them again.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from .signing import KEY_FILE, key_id, private_pem, signing_key

RETIRED_DIR = "certificate-signing-keys"
COMPROMISED_DIR = "certificate-signing-keys-compromised"
LOCK_FILE = ".certificate-signing-key.lock"


def write_atomically(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Replace `path` in one step (a reader sees the old file or the new one, never half),
    created with `mode` so a private key is never readable by others, not even briefly."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise


def public_pem(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def retired_folder(instance_path: str | Path) -> Path:
    return Path(instance_path) / RETIRED_DIR


def retired(instance_path: str | Path) -> dict[str, Ed25519PublicKey]:
    """The retired public keys by kid (parsed again only when the folder's names change)."""
    return _public_keys(retired_folder(instance_path))


def compromised(instance_path: str | Path) -> dict[str, Ed25519PublicKey]:
    """The keys marked compromised, by kid: never published, never trusted."""
    return _public_keys(Path(instance_path) / COMPROMISED_DIR)


def _public_keys(folder: Path) -> dict[str, Ed25519PublicKey]:
    if not folder.is_dir():
        return {}
    return _read_public_keys(str(folder), tuple(sorted(os.listdir(folder))))


@lru_cache(maxsize=16)
def _read_public_keys(folder: str, names: tuple[str, ...]) -> dict[str, Ed25519PublicKey]:
    keys = {}
    for name in names:
        if not name.endswith(".pem"):
            continue
        key = serialization.load_pem_public_key((Path(folder) / name).read_bytes())
        if isinstance(key, Ed25519PublicKey):
            keys[key_id(key)] = key
    return keys


def published(instance_path: str | Path) -> list[Ed25519PublicKey]:
    """Every key a certificate of this instance may carry: the current one first, then the
    retired ones but those marked compromised (also while one is still in both folders)."""
    current = signing_key(str(instance_path)).public_key()
    left_out = {key_id(current), *compromised(instance_path)}
    return [current] + [key for k, key in retired(instance_path).items() if k not in left_out]


def public_key_for(instance_path: str | Path, kid: str | None) -> Ed25519PublicKey | None:
    """The published key with this id, or None (an unknown kid never verifies)."""
    return next((key for key in published(instance_path) if key_id(key) == kid), None)


@contextlib.contextmanager
def _locked(instance_path: Path):
    """One rotation at a time per instance folder (two at once could lose a key)."""
    instance_path.mkdir(parents=True, exist_ok=True)
    with open(instance_path / LOCK_FILE, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def rotate(instance_path: str | Path) -> tuple[str | None, str]:
    """Retire the current key (its public half stays published) and make a new one the
    signing key; return (old kid or None, new kid).

    The old public key is written before the new private key replaces the old one, so at
    every moment the published set holds every key that may have signed a certificate.
    """
    instance = Path(instance_path)
    with _locked(instance):
        return _rotate(instance)


def _rotate(instance: Path) -> tuple[str | None, str]:
    current = instance / KEY_FILE
    old = signing_key(str(instance)) if current.exists() else None
    if old is not None:
        retire(instance, old.public_key())
    new = Ed25519PrivateKey.generate()
    write_atomically(current, private_pem(new))
    return (key_id(old) if old else None), key_id(new)


class UnknownKey(LookupError):
    """No key of this instance has that kid."""


def mark_compromised(instance_path: str | Path, kid: str) -> str | None:
    """Stop publishing the key `kid` after its private half leaked; return the kid of the
    key that replaced it as the signing key, when it was the current one (else None).

    The current key is rotated away first, so nothing signs with a leaked key again. The
    key is written to the compromised folder before it leaves the retired one: at every
    moment it is unpublished or still known, never lost. Marking a key twice changes
    nothing (the command that calls this is run again to resume its re-signing).
    """
    instance = Path(instance_path)
    with _locked(instance):
        replaced_by = None
        if (instance / KEY_FILE).exists() and key_id(signing_key(str(instance))) == kid:
            _old, replaced_by = _rotate(instance)
        public = retired(instance).get(kid) or compromised(instance).get(kid)
        if public is None:
            raise UnknownKey(kid)
        write_atomically(instance / COMPROMISED_DIR / f"{kid}.pem", public_pem(public), 0o644)
        (retired_folder(instance) / f"{kid}.pem").unlink(missing_ok=True)
    return replaced_by


def retire(instance_path: str | Path, public: Ed25519PublicKey) -> None:
    """Publish a public key as retired (again: writing the same key twice changes nothing)."""
    write_atomically(
        retired_folder(instance_path) / f"{key_id(public)}.pem", public_pem(public), 0o644
    )


def key_files(instance_path: str | Path) -> list[Path]:
    """The files that hold this instance's signing keys (what a backup must carry)."""
    current = Path(instance_path) / KEY_FILE
    found = [current] if current.exists() else []
    for folder in (retired_folder(instance_path), Path(instance_path) / COMPROMISED_DIR):
        found += sorted(folder.glob("*.pem")) if folder.is_dir() else []
    return found
