"""Setting up a data folder: creating it owner-only, and turning on encryption.

:func:`init_store` creates the folder and its training area; with a passphrase it writes the
key-check file and encrypts every file already there (:func:`encrypt_existing`). Encrypting is
safe to interrupt: each file is replaced atomically, and the key-check file stays in its
"encrypting" state (plaintext still accepted) until every file is done.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from assistant.private_dirs import ensure_private_dir
from assistant.records.atomic import write_atomic
from assistant.records.crypto import (
    Keyring,
    is_encrypted_bytes,
    new_keyring,
    read_keycheck,
    unlock,
    write_keycheck,
)
from assistant.records.errors import (
    EncryptionError,
    RecordLocked,
    StoreUnavailable,
    describe_os_error,
)
from assistant.records.folder import (
    ERASING_SUFFIX,
    ID_RE,
    LOCK_SUFFIX,
    TRAINING_DIR,
    find_encrypted_file,
    missing_keycheck,
)
from assistant.records.paths import command_for
from assistant.records.store import CaseStore
from assistant.safe_read import read_regular


def records_files(area: Path) -> Iterator[Path]:
    """Every records file of an area (lists of people, case files, archives, their backups,
    damaged copies); not locks, erasure markers or temp files."""
    for folder in (area, area / "cases", area / "damaged"):
        with contextlib.suppress(OSError):
            for path in folder.iterdir():
                name = path.name
                if (
                    path.is_file()
                    and not name.startswith(".")
                    and (name.startswith("index.json") or folder.name in ("cases", "damaged"))
                ):
                    if name.endswith((LOCK_SUFFIX, ERASING_SUFFIX)):
                        continue
                    yield path


def encrypt_existing(root: Path, keyring: Keyring, *, new: bool = False) -> int:
    """Encrypt every plaintext records file in ``root`` (both areas). Returns files converted.

    Needs every record closed. Safe to interrupt: each file is replaced atomically, and the
    key-check file stays in its "encrypting" state (plaintext still accepted) until all are done.
    ``new``: the folder has no key-check file yet. It is written (in the "encrypting" state)
    only once every record is held, so a refusal (a record open in another window) changes
    nothing: no passphrase is set.
    """
    # Before the key-check file exists the folder is plain: its lists are read without a key.
    key = None if new else keyring
    stores = [CaseStore(root, keyring=key), CaseStore(root, keyring=key, training=True)]
    converted = 0
    with contextlib.ExitStack() as held:
        # Both lists of people are held throughout; the main one also covers the key-check
        # file (its temp files are cleaned up under that lock, and a window opened on the
        # plain folder checks for the key-check file under it before writing the list).
        for store in stores:
            held.enter_context(store.folder.index_locked())
        for store in stores:
            for pid in sorted(store.index.ids_on_disk() | set(store.index.read()["people"])):
                if not ID_RE.match(pid):
                    continue
                lock = store.folder.try_lock(store.folder.lock_path(pid))
                if lock is None:
                    raise _open_elsewhere(root, store.index.label(pid), started=not new)
                held.callback(lock.release)
        if new:
            # Written first, in the "encrypting" state, so an interruption can be resumed.
            write_keycheck(root, keyring, "encrypting")
        for store in stores:
            for path in records_files(store.area):
                data = read_regular(path)
                if not is_encrypted_bytes(data):
                    write_atomic(path, keyring.encrypt(data))
                    converted += 1
        # The backup too: an older "encrypting" copy put back would accept plaintext again.
        write_keycheck(root, keyring, "ready", scrub=True)
    return converted


def _open_elsewhere(root: Path, label: str, *, started: bool) -> RecordLocked:
    """Why encrypting stopped before it changed anything more: a record is open elsewhere."""
    if started:  # an earlier run set the passphrase and encrypted some of the files
        done = (
            f"{label} is open in another window. Encryption was not finished; nothing was "
            "lost. The passphrase is already set: use the same one."
        )
    else:
        done = (
            f"{label} is open in another window, so encryption was not started. Nothing was "
            "changed: the records are not encrypted and no passphrase is set."
        )
    return RecordLocked(
        f"{done} Close the other windows and run `{command_for('init --encrypt', root)}` again."
    )


def init_store(root: Path, passphrase: str | None = None) -> tuple[CaseStore, int]:
    """Create the data folder; with a passphrase, turn on encryption (converting what is there).

    Returns the store and how many existing files were encrypted.
    """
    root = Path(root)
    for folder in (root, root / "cases", root / TRAINING_DIR, root / TRAINING_DIR / "cases"):
        try:
            ensure_private_dir(folder)
        except OSError as exc:
            raise StoreUnavailable(
                f"Cannot create the records folder {folder}: {describe_os_error(exc)}. Nothing "
                "was changed. Choose another folder with --data-dir."
            ) from exc
    if passphrase is None:
        return CaseStore(root), 0
    doc = read_keycheck(root)
    if doc is None:
        found = find_encrypted_file(root)
        if found is not None:  # its key-check file was deleted: a new key would orphan them
            raise missing_keycheck(root, found)
    if doc is not None and doc.get("state", "ready") == "ready":
        raise EncryptionError(
            f"The records in {root} are already encrypted. Nothing was changed. To change "
            f"their passphrase, run `{command_for('init --change-passphrase', root)}`."
        )
    if doc is None:
        keyring = new_keyring(passphrase)
    else:
        keyring, _ = unlock(root, passphrase, finishing=True)
    converted = encrypt_existing(root, keyring, new=doc is None)
    return CaseStore(root, keyring=keyring), converted


def is_encrypted_folder(data_dir: Path | str) -> bool:
    """True if a passphrase is needed to open the folder's records.

    False for a plain folder, for one whose key-check file is damaged or missing, and for one
    whose change of passphrase was interrupted: no passphrase could open those, and opening
    the store explains what is wrong.
    """
    try:
        doc = read_keycheck(Path(data_dir))
    except EncryptionError:
        return False
    return doc is not None and doc.get("state") != "changing"
