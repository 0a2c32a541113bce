"""Optional encryption at rest: scrypt-derived key, AES-GCM per file.

An encrypted file is ``MAGIC | salt | scrypt params | nonce | ciphertext+tag``; everything before
the ciphertext is authenticated too, so any changed byte is detected. The salt and parameters
also travel in every file, so the key could be re-derived even if the key-check file were lost.

The key-check file (``keycheck.json``, not secret) holds the salt, the parameters and a known
value encrypted with the key: a wrong passphrase is detected there, before any record is touched.
The passphrase itself is never stored; each process derives the key once and keeps only the key.
"""

from __future__ import annotations

import base64
import json
import os
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.records.atomic import backup_path, write_atomic
from assistant.records.errors import EncryptionError, WrongPassphrase

MAGIC = b"CPIENC1\n"
KEYCHECK_NAME = "keycheck.json"
KEYCHECK_FORMAT = "cpi-keycheck"
KEYCHECK_SCHEMA = 1
_KNOWN = b"Connecting People Assistant key check v1"
_HEADER = struct.Struct(">16sBBB12s")  # salt, log2(n), r, p, nonce
SALT_BYTES = 16
DEFAULT_PARAMS = (15, 8, 1)  # n = 2**15 (32 MiB, ~0.1 s here), r, p
MIN_PASSPHRASE = 8


def is_encrypted_bytes(data: bytes) -> bool:
    return data.startswith(MAGIC)


@dataclass(frozen=True)
class KdfParams:
    salt: bytes
    log2_n: int
    r: int
    p: int


def _derive(passphrase: str, params: KdfParams) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    kdf = Scrypt(salt=params.salt, length=32, n=2**params.log2_n, r=params.r, p=params.p)
    return kdf.derive(passphrase.encode("utf-8"))


class Keyring:
    """Holds the key derived from the passphrase (never the passphrase itself)."""

    def __init__(self, passphrase: str, params: KdfParams) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self._params = params
        self._cipher = AESGCM(_derive(passphrase, params))

    @property
    def params(self) -> KdfParams:
        return self._params

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


def _load_keycheck_file(path: Path) -> dict[str, Any] | None:
    try:
        doc = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(doc, dict) or doc.get("format") != KEYCHECK_FORMAT:
        return None
    return doc


def read_keycheck(root: Path) -> dict[str, Any] | None:
    """The key-check document (falling back to its backup), or None if the folder is plain."""
    path = keycheck_path(root)
    if not path.exists() and not backup_path(path).exists():
        return None
    doc = _load_keycheck_file(path) or _load_keycheck_file(backup_path(path))
    if doc is None:
        raise EncryptionError(
            f"This data folder is encrypted but its key-check file {path} is damaged. "
            "Nothing was read or changed. Restore keycheck.json from a backup of the folder."
        )
    if int(doc.get("schema", 0)) > KEYCHECK_SCHEMA:
        raise EncryptionError(
            f"The key-check file {path} was written by a newer version of Connecting People "
            "Assistant. Nothing was read or changed. Update the app to open these records."
        )
    return doc


def _params_from(doc: dict[str, Any]) -> KdfParams:
    return KdfParams(
        base64.b64decode(doc["salt"]), int(doc["log2_n"]), int(doc["r"]), int(doc["p"])
    )


def unlock(root: Path, passphrase: str) -> tuple[Keyring, str]:
    """Check ``passphrase`` against the folder's key-check file. Returns (keyring, state)."""
    doc = read_keycheck(root)
    if doc is None:
        raise EncryptionError(f"The data folder {root} is not encrypted.")
    keyring = Keyring(passphrase, _params_from(doc))
    try:
        known = keyring.decrypt(base64.b64decode(doc["check"]))
    except ValueError:
        known = b""
    if known != _KNOWN:
        raise WrongPassphrase(
            "That passphrase does not open these records. Nothing was read or changed. "
            "Try again (check CPI_PASSPHRASE if you set it)."
        )
    return keyring, str(doc.get("state", "ready"))


def write_keycheck(root: Path, keyring: Keyring, state: str) -> None:
    """Write the key-check file (and keep its previous version as a backup)."""
    p = keyring.params
    doc = {
        "format": KEYCHECK_FORMAT,
        "schema": KEYCHECK_SCHEMA,
        "kdf": "scrypt",
        "salt": base64.b64encode(p.salt).decode("ascii"),
        "log2_n": p.log2_n,
        "r": p.r,
        "p": p.p,
        "cipher": "AES-256-GCM",
        "check": base64.b64encode(keyring.encrypt(_KNOWN)).decode("ascii"),
        "state": state,
    }
    write_atomic(keycheck_path(root), json.dumps(doc, indent=1).encode(), keep_backup=True)


def new_keyring(passphrase: str) -> Keyring:
    """A keyring with a fresh random salt for a new encrypted folder."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise EncryptionError(
            f"The passphrase must be at least {MIN_PASSPHRASE} characters. Nothing was changed."
        )
    log2_n, r, p = DEFAULT_PARAMS
    return Keyring(passphrase, KdfParams(os.urandom(SALT_BYTES), log2_n, r, p))
