"""Optional encryption at rest: scrypt-derived key, AES-GCM per file.

An encrypted file is ``MAGIC | salt | scrypt params | nonce | ciphertext+tag``; everything before
the ciphertext is authenticated too, so any changed byte is detected. The salt and parameters
also travel in every file, so the key could be re-derived even if the key-check file were lost.

The key-check file (``keycheck.json``, not secret) holds the salt, the parameters and a known
value encrypted with the key: a wrong passphrase is detected there, before any record is touched.
The passphrase itself is never stored; each process derives the key once and keeps only the key.

Changing the passphrase (``setup.change_passphrase``) gives the folder a new salt, so a new key:
while every file is re-encrypted the key-check file is in the "changing" state, holds the new
settings and check and, under ``previous``, the old ones, and no other way of opening the folder
is allowed (:func:`change_interrupted`).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import struct
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.records.atomic import backup_path, write_atomic
from assistant.records.errors import EncryptionError, WrongPassphrase
from assistant.records.paths import command_for
from assistant.safe_read import read_regular

MAGIC = b"CPIENC1\n"
KEYCHECK_NAME = "keycheck.json"
KEYCHECK_FORMAT = "cpi-keycheck"
KEYCHECK_SCHEMA = 1
# A key-check file in the "changing" state is written as schema 2 (nothing else is), so an
# older version of the app refuses it as too new instead of opening the folder with the
# previous key from its backup. Every other state is still written as schema 1.
CHANGING_SCHEMA = 2
READABLE_KEYCHECK_SCHEMA = CHANGING_SCHEMA
_KNOWN = b"Connecting People Assistant key check v1"
_HEADER = struct.Struct(">16sBBB12s")  # salt, log2(n), r, p, nonce
SALT_BYTES = 16
DEFAULT_PARAMS = (15, 8, 1)  # n = 2**15 (32 MiB, ~0.1 s here), r, p
MIN_PASSPHRASE = 8
CIPHER = "AES-256-GCM"
STATES = ("ready", "encrypting", "changing")
# What a key-check file may ask of scrypt: the settings this app writes (n = 2**15, r = 8,
# p = 1; the tests use 2**10) with a margin. Anything else is damage: deriving a key for
# made-up settings could exhaust memory or run for minutes.
LOG2_N_RANGE = (10, 17)
MAX_R = 16
MAX_P = 4
MAX_KDF_MEMORY = 128 * 2**20  # bytes scrypt needs: 128 * r * n
MAX_KDF_WORK = 4 * 8 * 2**15  # r * p * n: four times the default
MAX_KEYCHECK_BYTES = 64 * 1024
_MAC_LABEL = b"cpi-assistant keycheck state v1"


def is_encrypted_bytes(data: bytes) -> bool:
    return data.startswith(MAGIC)


HEADER_BYTES = len(MAGIC) + _HEADER.size


@dataclass(frozen=True)
class KdfParams:
    salt: bytes
    log2_n: int
    r: int
    p: int


def header_params(data: bytes) -> KdfParams | None:
    """The salt and scrypt settings an encrypted file's header names (None if it has none):
    which key the file was written with, read without any key."""
    if not data.startswith(MAGIC) or len(data) < HEADER_BYTES:
        return None
    salt, log2_n, r, p, _ = _HEADER.unpack(data[len(MAGIC) : HEADER_BYTES])
    return KdfParams(salt, log2_n, r, p)


def _derive(passphrase: str, params: KdfParams) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    kdf = Scrypt(salt=params.salt, length=32, n=2**params.log2_n, r=params.r, p=params.p)
    return kdf.derive(passphrase.encode("utf-8"))


class Keyring:
    """Holds the key derived from the passphrase (never the passphrase itself)."""

    def __init__(self, passphrase: str, params: KdfParams) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self._params = params
        key = _derive(passphrase, params)
        self._cipher = AESGCM(key)
        # A separate key for authenticating the folder's state, derived from the same key.
        self._mac_key = hmac.new(key, _MAC_LABEL, hashlib.sha256).digest()

    @property
    def params(self) -> KdfParams:
        return self._params

    def state_mac(self, state: str, previous: KdfParams | None = None) -> bytes:
        """The MAC that proves the folder's ``state`` (and settings) were written with the key.

        ``previous``: while the passphrase is changed, the old settings are covered too.
        """
        p = self._params
        fields: list[Any] = [KEYCHECK_FORMAT, state, p.salt.hex(), p.log2_n, p.r, p.p]
        if previous is not None:
            fields += [previous.salt.hex(), previous.log2_n, previous.r, previous.p]
        text = json.dumps(fields)
        return hmac.new(self._mac_key, text.encode(), hashlib.sha256).digest()

    def encrypt(self, plaintext: bytes) -> bytes:
        p = self._params
        header = MAGIC + _HEADER.pack(p.salt, p.log2_n, p.r, p.p, os.urandom(12))
        return header + self._cipher.encrypt(header[-12:], plaintext, header)

    def decrypt(self, data: bytes) -> bytes:
        """Plaintext of an encrypted file; ``ValueError`` if it is not intact."""
        from cryptography.exceptions import InvalidTag

        end = len(MAGIC) + _HEADER.size
        if not data.startswith(MAGIC) or len(data) < end + 16:
            raise ValueError("it is not an encrypted file of this app, or it is cut short")
        salt, log2_n, r, p, nonce = _HEADER.unpack(data[len(MAGIC) : end])
        # Every file in a folder uses the folder's salt and parameters. Anything else is
        # damage or tampering (and deriving keys for made-up parameters could exhaust memory).
        if KdfParams(salt, log2_n, r, p) != self._params:
            raise ValueError("the encrypted data was changed or damaged")
        try:
            return self._cipher.decrypt(nonce, data[end:], data[:end])
        except InvalidTag:
            raise ValueError("the encrypted data was changed or damaged") from None


def keycheck_path(root: Path) -> Path:
    return root / KEYCHECK_NAME


class KeycheckInvalid(ValueError):
    """A key-check document that is not as this app writes it; ``str()`` says how."""


def _damaged(path: Path, problem: str) -> EncryptionError:
    return EncryptionError(
        f"This data folder is encrypted but its key-check file {path} is damaged ({problem}). "
        "Nothing was read or changed. Restore keycheck.json (and keycheck.json.bak) from a "
        "backup of the folder, then try again."
    )


def _whole_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _check_params(doc: dict[str, Any]) -> KdfParams:
    """The scrypt settings of a key-check document, refused (``KeycheckInvalid``) unless they are
    settings this app writes: made-up ones could exhaust memory or run for minutes."""
    log2_n, r, p = (_whole_int(doc.get(key)) for key in ("log2_n", "r", "p"))
    if log2_n is None or r is None or p is None:
        raise KeycheckInvalid("its scrypt settings are missing or not whole numbers")
    salt = _b64(doc.get("salt"), SALT_BYTES)
    params = KdfParams(salt, log2_n, r, p)
    problem = params_problem(params)
    if problem:
        raise KeycheckInvalid(problem)
    return params


def params_problem(params: KdfParams) -> str | None:
    """What is wrong with scrypt settings this app would not write (made-up ones could exhaust
    memory or run for minutes); None when they are fine to derive a key with."""
    log2_n, r, p = params.log2_n, params.r, params.p
    lo_n, hi_n = LOG2_N_RANGE
    if not (lo_n <= log2_n <= hi_n and 1 <= r <= MAX_R and 1 <= p <= MAX_P):
        return "its scrypt settings are outside the range this app uses"
    if 128 * r * 2**log2_n > MAX_KDF_MEMORY or r * p * 2**log2_n > MAX_KDF_WORK:
        return "its scrypt settings would need too much memory or time"
    if len(params.salt) != SALT_BYTES:
        return "its salt has the wrong length"
    return None


def _b64(value: Any, most: int) -> bytes:
    """Base64 text decoded; ``KeycheckInvalid`` if it is not text, too long or not base64."""
    if not isinstance(value, str) or len(value) > 4 * (most // 3 + 2):
        raise KeycheckInvalid("a value is missing, too long or not text")
    try:
        return base64.b64decode(value, validate=True)
    except (ValueError, TypeError):
        raise KeycheckInvalid("a value is not valid base64") from None


def check_keycheck(doc: Any) -> dict[str, Any]:
    """A key-check document with every field checked for type and range (``KeycheckInvalid``)."""
    if not isinstance(doc, dict) or doc.get("format") != KEYCHECK_FORMAT:
        raise KeycheckInvalid("it is not a key-check file of this app")
    schema = _whole_int(doc.get("schema"))
    if schema is None or schema < 1:
        raise KeycheckInvalid("it has no valid schema version")
    if schema > READABLE_KEYCHECK_SCHEMA:
        return doc  # a newer version's file: the caller says so, and reads nothing else
    if doc.get("kdf", "scrypt") != "scrypt" or doc.get("cipher", CIPHER) != CIPHER:
        raise KeycheckInvalid("it names a key method this app does not use")
    _check_params(doc)
    _b64(doc.get("check"), 256)
    if doc.get("state", "ready") not in STATES:
        raise KeycheckInvalid("its state is not one this app writes")
    if doc.get("state") == "changing":
        previous = doc.get("previous")
        if schema < CHANGING_SCHEMA or not isinstance(previous, dict):
            raise KeycheckInvalid("it says the passphrase is being changed, without the old one")
        _check_params(previous)
        _b64(previous.get("check"), 256)
    if "state_mac" in doc:
        _b64(doc["state_mac"], 64)
    return doc


def _load_keycheck_file(path: Path) -> tuple[dict[str, Any] | None, str]:
    """The checked document at ``path``, or None and why not."""
    try:
        raw = read_regular(path, MAX_KEYCHECK_BYTES + 1)
    except FileNotFoundError:
        return None, "it is missing"
    except OSError as exc:
        return None, exc.strerror or "it cannot be read"
    if len(raw) > MAX_KEYCHECK_BYTES:
        return None, "it is far too large"
    try:
        return check_keycheck(json.loads(raw)), ""
    except KeycheckInvalid as exc:
        return None, str(exc)
    except (ValueError, RecursionError):  # not JSON (a UnicodeDecodeError is a ValueError)
        return None, "it is cut short or garbled"


def read_keycheck(root: Path) -> dict[str, Any] | None:
    """The key-check document (falling back to its backup), or None if there is none at all.

    A folder without one may still hold encrypted records (someone deleted the file): callers
    check :func:`assistant.records.folder.find_encrypted_file` before treating it as plain.
    """
    path = keycheck_path(root)
    if not os.path.lexists(path) and not os.path.lexists(backup_path(path)):
        return None
    doc, problem = _load_keycheck_file(path)
    if doc is None:
        doc, _ = _load_keycheck_file(backup_path(path))
    if doc is None:
        raise _damaged(path, problem)
    if doc["schema"] > READABLE_KEYCHECK_SCHEMA:
        raise EncryptionError(
            f"The key-check file {path} was written by a newer version of Connecting People "
            "Assistant. Nothing was read or changed. Update the app to open these records."
        )
    return doc


def restore_keycheck(root: Path) -> str | None:
    """Put a damaged key-check file back from its good backup (the same document): a note
    saying so, or None when there was nothing to do or it could not be done (a read-only
    folder). Without it the folder opened from the backup alone, silently, one more damaged
    file away from no record opening at all. Call it only once the passphrase is checked."""
    path = keycheck_path(root)
    if not os.path.lexists(path) and not os.path.lexists(backup_path(path)):
        return None
    doc, problem = _load_keycheck_file(path)
    if doc is not None:
        return None
    good, _ = _load_keycheck_file(backup_path(path))
    if good is None:
        return None
    try:
        write_atomic(path, read_regular(backup_path(path), MAX_KEYCHECK_BYTES + 1))
    except OSError:
        return None
    return (
        f"The key-check file {path} was damaged ({problem}). It was put back from its backup "
        "copy, which holds the same; no records were affected."
    )


def unlock(root: Path, passphrase: str, *, finishing: bool = False) -> tuple[Keyring, str]:
    """Check ``passphrase`` against the folder's key-check file. Returns (keyring, state).

    The state is trusted only when its MAC (made with the key) matches: otherwise anyone who
    can write to the folder could say "encrypting" and have plaintext records accepted. A file
    from before the MAC existed gets one now if its state is "ready"; an unauthenticated
    "encrypting" is refused unless ``finishing`` (``init --encrypt``, which encrypts every
    file and then marks the folder ready).
    """
    doc = read_keycheck(root)
    if doc is None:
        raise EncryptionError(f"The data folder {root} is not encrypted.")
    if doc.get("state") == "changing":
        raise change_interrupted(root)
    keyring = _open_check(passphrase, doc)
    if keyring is None:
        raise WrongPassphrase(
            "That passphrase does not open these records. Nothing was read or changed. Try again."
        )
    return keyring, trusted_state(root, doc, keyring, finishing=finishing)


def _open_check(passphrase: str, doc: dict[str, Any]) -> Keyring | None:
    """The keyring ``passphrase`` gives for the settings and known-value check in ``doc`` (a
    key-check document, or its ``previous`` part), or None if it does not open the check."""
    params = _check_params(doc)
    check = base64.b64decode(doc["check"])
    # The same visible passphrase, however the keyboard composed its accents (NFC), then as
    # typed: a folder made before passphrases were normalised keeps opening.
    for form in dict.fromkeys((same_passphrase(passphrase), passphrase)):
        keyring = Keyring(form, params)
        try:
            if keyring.decrypt(check) == _KNOWN:
                return keyring
        except ValueError:
            pass
    return None


def change_interrupted(root: Path) -> EncryptionError:
    """The error for opening a folder whose change of passphrase has not finished."""
    return EncryptionError(
        f"A change of the passphrase of the records in {root} was interrupted, so they cannot "
        "be opened now. Nothing was read or changed. Run "
        f"`{command_for('init --change-passphrase', root)}` again, with the same current and "
        "new passphrases, to finish it."
    )


def unlock_change(
    root: Path, doc: dict[str, Any], passphrase: str, new_passphrase: str
) -> tuple[Keyring, Keyring]:
    """The old and new keyrings of a folder whose change of passphrase was interrupted (its
    key-check ``doc`` in the "changing" state), each checked against its own known value, and
    the state's MAC checked with the new key."""
    old = _open_check(passphrase, doc["previous"])
    new = _open_check(new_passphrase, doc)
    if old is None or new is None:
        which = "current" if old is None else "new"
        raise WrongPassphrase(
            f"A change of the passphrase of these records was started, and the {which} "
            "passphrase given is not the one it was started with. Nothing was read or changed. "
            "Run the command again with the same current and new passphrases as the first time "
            "(check CPI_PASSPHRASE and CPI_NEW_PASSPHRASE if you set them)."
        )
    mac = doc.get("state_mac")
    expected = new.state_mac("changing", old.params)
    if mac is None or not hmac.compare_digest(base64.b64decode(mac), expected):
        raise _damaged(keycheck_path(root), "its state was changed without the passphrase")
    return old, new


def trusted_state(
    root: Path, doc: dict[str, Any], keyring: Keyring, *, finishing: bool = False
) -> str:
    """The folder's state from its key-check document, once its MAC proves it (see unlock).

    A folder whose change of passphrase is under way or was interrupted is refused here: its
    files are under two keys until `init --change-passphrase` finishes.
    """
    state = str(doc.get("state", "ready"))
    if state == "changing":
        raise change_interrupted(root)
    mac = doc.get("state_mac")
    if mac is not None:
        if not hmac.compare_digest(base64.b64decode(mac), keyring.state_mac(state)):
            raise _damaged(keycheck_path(root), "its state was changed without the passphrase")
    elif state == "ready":
        # Written by a version before the MAC: add it now (a read-only folder still opens).
        with contextlib.suppress(OSError):
            write_keycheck(root, keyring, state)
    elif _backup_has_mac(root):
        # This version wrote the folder before (its backup carries a MAC), so a state without
        # one was edited: never an interrupted encryption from an older version.
        raise _damaged(keycheck_path(root), "its state was changed without the passphrase")
    elif not finishing:
        raise EncryptionError(
            f"The key-check file {keycheck_path(root)} says encryption was not finished, but "
            "that cannot be checked (it may have been changed). Nothing was read or changed. "
            "If you were encrypting these records, run "
            f"`{command_for('init --encrypt', root)}` again to finish; otherwise restore "
            "keycheck.json from a backup of the folder."
        )
    return state


def _backup_has_mac(root: Path) -> bool:
    doc, _ = _load_keycheck_file(backup_path(keycheck_path(root)))
    return doc is not None and "state_mac" in doc


def _params_doc(keyring: Keyring) -> dict[str, Any]:
    p = keyring.params
    return {
        "salt": base64.b64encode(p.salt).decode("ascii"),
        "log2_n": p.log2_n,
        "r": p.r,
        "p": p.p,
        "check": base64.b64encode(keyring.encrypt(_KNOWN)).decode("ascii"),
    }


def write_keycheck(
    root: Path,
    keyring: Keyring,
    state: str,
    *,
    scrub: bool = False,
    previous: Keyring | None = None,
) -> None:
    """Write the key-check file (and keep its previous version as a backup).

    ``scrub`` makes the backup the same as the new file, so an older state (an authenticated
    "encrypting", or the old key's check after a change of passphrase) cannot be copied back
    into place. ``previous`` (only with the "changing" state): the old key, whose settings and
    check are kept under ``previous`` so the old passphrase can still be checked.
    """
    if (state == "changing") != (previous is not None):
        raise ValueError("the 'changing' state, and only it, keeps the previous key")
    p = keyring.params
    doc: dict[str, Any] = {
        "format": KEYCHECK_FORMAT,
        "schema": KEYCHECK_SCHEMA if previous is None else CHANGING_SCHEMA,
        "kdf": "scrypt",
        "salt": base64.b64encode(p.salt).decode("ascii"),
        "log2_n": p.log2_n,
        "r": p.r,
        "p": p.p,
        "cipher": CIPHER,
        "check": base64.b64encode(keyring.encrypt(_KNOWN)).decode("ascii"),
        "state": state,
        "state_mac": base64.b64encode(
            keyring.state_mac(state, previous.params if previous else None)
        ).decode("ascii"),
    }
    if previous is not None:
        doc["previous"] = _params_doc(previous)
    data = json.dumps(doc, indent=1).encode()
    path = keycheck_path(root)
    if scrub:
        # The backup first: killed between the two writes, the file itself still holds the
        # state before, which is what the folder opens with.
        write_atomic(backup_path(path), data)
    write_atomic(path, data, keep_backup=not scrub)


def same_passphrase(passphrase: str) -> str:
    """The passphrase in one Unicode form (NFC): "ë" typed as one character or as "e" and
    its accent opens the same records."""
    return unicodedata.normalize("NFC", passphrase)


def new_keyring(passphrase: str) -> Keyring:
    """A keyring with a fresh random salt for a new encrypted folder."""
    passphrase = same_passphrase(passphrase)
    if len(passphrase) < MIN_PASSPHRASE:
        raise EncryptionError(
            f"The passphrase must be at least {MIN_PASSPHRASE} characters. Nothing was changed."
        )
    log2_n, r, p = DEFAULT_PARAMS
    return Keyring(passphrase, KdfParams(os.urandom(SALT_BYTES), log2_n, r, p))
