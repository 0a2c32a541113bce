"""A store's folder: where its files are, creating it owner-only, its locks, and opening its
encryption.

One data folder holds two areas with the same layout: real cases at its top, training records
in ``training/`` (see docs/records.md). :class:`StoreFolder` knows one area's paths and locks;
:func:`open_codec` checks the passphrase against the folder's key-check file before anything
is read or changed.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from assistant.private_dirs import ensure_private_dir
from assistant.records.atomic import backup_path
from assistant.records.crypto import (
    MAGIC,
    KdfParams,
    Keyring,
    change_interrupted,
    is_encrypted_bytes,
    keycheck_path,
    read_keycheck,
    trusted_state,
    unlock,
)
from assistant.records.errors import (
    EncryptionError,
    PassphraseRequired,
    RecordLocked,
    RecordNotFound,
    RecordsError,
    StoreUnavailable,
    describe_os_error,
)
from assistant.records.fileformat import Codec
from assistant.records.paths import command_for
from assistant.safe_read import peek

CASE_SUFFIX = ".case"
ERASING_SUFFIX = ".erasing"
LOCK_SUFFIX = ".lock"
TRAINING_DIR = "training"
INDEX_LOCK_TIMEOUT = 10.0
ID_RE = re.compile(r"^[pt]-[0-9a-f]{10}$")


class StoreFolder:
    """One area of a data folder (real cases, or training records): its paths and locks."""

    def __init__(self, root: Path, *, training: bool) -> None:
        self.root = root
        self.training = training
        self.area = root / TRAINING_DIR if training else root
        self.cases_dir = self.area / "cases"
        self.damaged_dir = self.area / "damaged"
        self.index_path = self.area / "index.json"
        self.index_owner: int | None = None  # thread holding the index lock, if any
        # A folder without a key-check file is checked for encrypted files before its first
        # write (see open_codec): True until that check has passed.
        self.check_plain = False
        # Opened without a key-check file: `init --encrypt` may run while this store is open
        # (an app left on Home), so every write first checks that none has appeared since.
        self.opened_plain = False
        # Opened with a key: `init --change-passphrase` may run while this store is open, so
        # the same writes first check that the key-check file still names this key.
        self.opened_key: KdfParams | None = None
        self.keycheck_seen: tuple[int, int, int] | None = None

    # -- paths and ids ---------------------------------------------------------------------

    def case_path(self, person_id: str) -> Path:
        return self.cases_dir / f"{person_id}{CASE_SUFFIX}"

    def lock_path(self, person_id: str) -> Path:
        return self.cases_dir / f"{person_id}{LOCK_SUFFIX}"

    def erasing_path(self, person_id: str) -> Path:
        """The marker of an erasure under way (finished later if it was interrupted)."""
        return self.cases_dir / f"{person_id}{ERASING_SUFFIX}"

    def check_id(self, person_id: str) -> None:
        if not ID_RE.match(person_id):
            raise RecordNotFound(f"'{person_id}' is not a record id.")

    def new_id(self) -> str:
        """A random id that no file in the folder uses (``p-`` real, ``t-`` training)."""
        import secrets  # here, not at the top: listing and reading records never need it

        prefix = "t" if self.training else "p"
        while True:
            person_id = f"{prefix}-{secrets.token_hex(5)}"
            path = self.case_path(person_id)
            if not path.exists() and not backup_path(path).exists():
                return person_id

    # -- creating --------------------------------------------------------------------------

    def unavailable(self, exc: OSError, doing: str = "use") -> StoreUnavailable:
        """The error to raise when the folder cannot be used for ``doing``."""
        return StoreUnavailable(
            f"Cannot {doing} the records folder {self.area}: {describe_os_error(exc)}. "
            "Nothing was changed. Check the folder's permissions and free space, or choose "
            "another folder with --data-dir."
        )

    def ensure_dirs(self) -> None:
        """Create the folders a record is written into, owner-only.

        Every write passes here first: in a folder taken for a plain one, this is where a
        folder that still holds encrypted files (its key-check file deleted) is refused,
        before anything is written to it in plaintext.
        """
        self.refuse_if_encrypted_since()
        if self.check_plain:
            found = find_encrypted_file(self.root)
            if found is not None:
                raise missing_keycheck(self.root, found)
            self.check_plain = False
        try:
            for folder in (self.root, self.area, self.cases_dir):
                ensure_private_dir(folder)
        except OSError as exc:
            raise self.unavailable(exc, "create") from exc

    def refuse_if_encrypted_since(self) -> None:
        """Refuse to go on in a folder opened as plain that has been encrypted since.

        A stat or two (the key-check file and its backup): cheap enough for every write of the
        index or a new record. Without it, an app opened before `init --encrypt` would write
        plaintext beside the encrypted files and take the encrypted list of people for damage.
        """
        if self.opened_plain and keycheck_present(self.root):
            raise encrypted_since_opened(self.root)
        if self.opened_key is not None:
            self.refuse_if_key_changed_since()

    def refuse_if_key_changed_since(self) -> None:
        """Refuse to go on with a key the folder no longer uses (the passphrase was changed).

        A stat of the key-check file; it is read only when it was rewritten since it was last
        looked at. Without it, a window opened before `init --change-passphrase` would write
        files with the old key and take the re-encrypted ones for damage.
        """
        seen = keycheck_signature(self.root)
        if seen == self.keycheck_seen:
            return
        try:
            doc = read_keycheck(self.root)
        except (EncryptionError, OSError):
            return  # damaged or unreadable: opening it again says so; this key may still do
        if doc is None or doc.get("state") == "changing" or key_params(doc) != self.opened_key:
            raise passphrase_changed_since_opened(self.root)
        self.keycheck_seen = seen

    # -- locks -----------------------------------------------------------------------------

    def file_lock(self, path: Path, timeout: float) -> Any:
        import filelock  # imported late: listing and reading never need it

        return filelock.FileLock(
            path, timeout=timeout, mode=0o600, thread_local=False, fallback_to_soft=False
        )

    def lock_record(self, person_id: str, label: Callable[[str], str]) -> Any:
        """Hold the record's OS lock (released by the OS if this process dies).

        ``label`` names the record in the message when another window holds it.
        """
        import filelock

        self.ensure_dirs()
        lock = self.file_lock(self.lock_path(person_id), timeout=0)
        try:
            lock.acquire()
        except filelock.Timeout:
            raise RecordLocked(
                # Also said for reading (showing or exporting a plan, subject access): a
                # window that has the record open may be writing it.
                f"{label(person_id)} is open in another window, so it cannot be used here "
                "now. Nothing was changed. Close it there (or wait for that session to end), "
                "then try again."
            ) from None
        except OSError as exc:
            raise self.unavailable(exc, "lock a record in") from exc
        return lock

    @contextlib.contextmanager
    def index_locked(self) -> Iterator[None]:
        """Hold the index lock (waiting a little for another window to finish with it)."""
        import filelock

        if self.index_owner == threading.get_ident():  # re-entered, e.g. rebuild while updating
            yield
            return
        self.ensure_dirs()
        lock = self.file_lock(self.area / "index.lock", timeout=INDEX_LOCK_TIMEOUT)
        try:
            lock.acquire()
        except filelock.Timeout:
            raise RecordsError(
                "The list of people is busy in another window. Nothing was changed; try again."
            ) from None
        except OSError as exc:
            raise self.unavailable(exc, "lock the list of people in") from exc
        try:
            # Again under the lock: `init --encrypt` writes the key-check file under it.
            self.refuse_if_encrypted_since()
        except BaseException:
            lock.release()
            raise
        self.index_owner = threading.get_ident()
        try:
            yield
        finally:
            self.index_owner = None
            lock.release()

    def try_lock(self, path: Path) -> Any | None:
        """The lock at ``path`` if it is free now, else None (never waits)."""
        import filelock

        lock = self.file_lock(path, timeout=0)
        try:
            lock.acquire()
        except (filelock.Timeout, OSError):
            return None
        return lock


_INDEX_NAMES = ("index.json", "index.json.bak")


def _index_files(root: Path) -> list[Path]:
    return [area / name for area in (root, root / TRAINING_DIR) for name in _INDEX_NAMES]


def find_encrypted_file(root: Path, *, index_only: bool = False) -> Path | None:
    """An encrypted records file in ``root`` (either area), or None.

    Used when the key-check file is missing: a folder that still holds encrypted files must
    never be taken for a plain one (that would write plaintext records next to them).
    Reads only each file's first bytes, without blocking on anything that is not a file.
    ``index_only`` looks at the lists of people only (cheap: what opening a folder does).
    """
    places = _index_files(root)
    if not index_only:
        for area in (root, root / TRAINING_DIR):
            for folder in (area / "cases", area / "damaged"):
                with contextlib.suppress(OSError), os.scandir(folder) as entries:
                    places += [Path(e.path) for e in entries if not e.name.startswith(".")]
    for path in places:
        head = peek(path, len(MAGIC))
        if head is not None and is_encrypted_bytes(head):
            return path
    return None


def missing_keycheck(root: Path, found: Path) -> EncryptionError:
    """The error for an encrypted folder whose key-check file (and its backup) is gone."""
    return EncryptionError(
        f"The records in {root} are encrypted (for example {found.name}), but the key-check "
        f"file {keycheck_path(root)} and its backup are missing. Nothing was read or changed. "
        "Restore keycheck.json from a backup of the data folder, then try again."
    )


def keycheck_present(root: Path) -> bool:
    """Whether the folder has a key-check file (or its backup), without reading it."""
    path = keycheck_path(root)
    return os.path.lexists(path) or os.path.lexists(backup_path(path))


def keycheck_signature(root: Path) -> tuple[int, int, int] | None:
    """What tells a rewritten key-check file apart (every write replaces the file)."""
    try:
        st = os.stat(keycheck_path(root))
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def key_params(doc: dict[str, Any]) -> KdfParams | None:
    """The settings a checked key-check document names (None if they cannot be read)."""
    import base64

    try:
        salt = base64.b64decode(doc["salt"])
        return KdfParams(salt, doc["log2_n"], doc["r"], doc["p"])
    except (KeyError, TypeError, ValueError):
        return None


def passphrase_changed_since_opened(root: Path) -> EncryptionError:
    """The error for a folder whose passphrase was changed after this window opened it."""
    return EncryptionError(
        f"The passphrase of the records in {root} was changed after this window opened them "
        "(with `cpi-assistant init --change-passphrase`), so this window cannot read or save "
        "them any more. Nothing was changed. Note down anything typed here that is not saved "
        "yet, then close the app and open it again with the new passphrase."
    )


def encrypted_since_opened(root: Path) -> EncryptionError:
    """The error for a folder opened as plain that `init --encrypt` has encrypted since."""
    return EncryptionError(
        f"The records in {root} were encrypted after this window opened them (with "
        "`cpi-assistant init --encrypt`), so this window cannot read or save them any more. "
        "Nothing was changed. Note down anything typed here that is not saved yet, then close "
        "the app and open it again with the passphrase."
    )


def encrypting_interrupted(root: Path) -> str:
    """What to say while a folder's encryption is unfinished (``init --encrypt`` was
    interrupted): its records open, but some are still in plain text."""
    return (
        f"Encrypting was interrupted: some records in {root} are still not encrypted. Close "
        f"the app and run `{command_for('init --encrypt', root)}` again (with the passphrase "
        "it was started with) to finish."
    )


def open_codec(
    folder: StoreFolder, passphrase: str | None, keyring: Keyring | None
) -> tuple[Codec, Keyring | None]:
    """How the folder's files are read and written, and its key; checks the passphrase first.

    A wrong passphrase, or one given for a folder that is not encrypted, touches nothing.
    """
    root = folder.root
    try:
        doc = read_keycheck(root)
    except OSError as exc:
        raise folder.unavailable(exc) from exc
    if doc is None:
        # Cheap now (the lists of people); every case file before the first write.
        found = find_encrypted_file(root, index_only=True)
        if found is not None:
            raise missing_keycheck(root, found)
        folder.check_plain = True
        folder.opened_plain = True
        if passphrase or keyring:
            raise EncryptionError(
                f"A passphrase was given, but the records in {root} are not encrypted. "
                f"Nothing was changed. To encrypt them, run `{command_for('init --encrypt', root)}`"
                "; otherwise unset CPI_PASSPHRASE."
            )
        return Codec(None, on_encrypted=folder.refuse_if_encrypted_since), keyring
    if doc.get("state") == "changing":
        raise change_interrupted(root)  # before asking for a passphrase: none opens it now
    if keyring is None:
        if not passphrase:
            raise PassphraseRequired(
                f"The records in {root} are encrypted. Nothing was read. Enter the "
                "passphrase, or set CPI_PASSPHRASE for scripts."
            )
        keyring, state = unlock(root, passphrase)
    else:
        state = trusted_state(root, doc, keyring)
    folder.opened_key = keyring.params
    folder.keycheck_seen = keycheck_signature(root)
    # "encrypting" (authenticated with the key): `init --encrypt` was interrupted; plaintext
    # files are still accepted until it is run again and finishes.
    codec = Codec(
        keyring, accept_plain=state != "ready", on_encrypted=folder.refuse_if_encrypted_since
    )
    return codec, keyring
