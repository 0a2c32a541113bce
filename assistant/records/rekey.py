"""Changing the passphrase of an encrypted data folder (``cpi-assistant init --change-passphrase``).

The new passphrase gets a new random salt, so a new key, and every encrypted file in both areas
(case files, archives, their backups, the lists of people and their backups, damaged copies)
is re-encrypted with it. The steps, each safe to interrupt:

1. Both lists of people and every record are locked; a record open elsewhere stops it here,
   before anything is written. Every encrypted file is read and checked (with the key its
   header names): a file no key opens stops it here too.
2. The key-check file (and its backup) is written in the "changing" state: the new settings and
   check, and the old ones under ``previous``, authenticated with the new key. From now on the
   folder opens no other way (:func:`assistant.records.crypto.change_interrupted`).
3. Each file still under the old key is decrypted in memory and replaced atomically by the same
   text under the new key (never plaintext on disk).
4. The key-check file (and its backup) is written "ready" with the new key alone: nothing of
   the old key's check is left.

The rescue copies kept for this folder in the user's state folder (``records/rescue.py``:
answers a closing app could not save) are the records' words too: in step 1 each one under
the old key is read and its folder checked for writing (a change that could not give them the
new key is refused, nothing changed), and in step 3 each is given the new key like the
records' files, so a copy waiting to go back still opens after the change.

Run again after an interruption with the same two passphrases, it picks up where it stopped:
files already under the new key are recognised by the salt in their header and left alone.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
from collections.abc import Iterator
from pathlib import Path

from assistant.records.atomic import digest, remove_orphans, write_atomic
from assistant.records.crypto import (
    HEADER_BYTES,
    MIN_PASSPHRASE,
    Keyring,
    header_params,
    is_encrypted_bytes,
    new_keyring,
    read_keycheck,
    same_passphrase,
    unlock,
    unlock_change,
    write_keycheck,
)
from assistant.records.errors import (
    EncryptionError,
    RecordDamaged,
    RecordLocked,
    RecordsError,
    StoreUnavailable,
    describe_os_error,
)
from assistant.records.folder import (
    ID_RE,
    StoreFolder,
    find_encrypted_file,
    missing_keycheck,
)
from assistant.records.paths import command_for
from assistant.records.rescue import Rescued, default_folder, rebase, rescued_for
from assistant.records.setup import records_files
from assistant.records.store import CaseStore
from assistant.safe_read import peek, read_regular

COMMAND = "init --change-passphrase"


def change_passphrase(
    root: Path | str,
    passphrase: str,
    new_passphrase: str,
    *,
    rescue_folder: Path | None = None,
) -> tuple[CaseStore, int, int]:
    """Give an encrypted folder a new passphrase; returns the store (with the new key), how
    many records files were re-encrypted and how many rescue copies (kept for this folder in
    ``rescue_folder``, by default the app's, :func:`rescue.default_folder`) were. ``passphrase``
    is the current one.

    Refused, with nothing written: a wrong current passphrase (``WrongPassphrase``), a new one
    that is too short or the same, a record open elsewhere (``RecordLocked``), a file no key
    opens (``RecordDamaged``). After an interruption, run it again with the same passphrases.
    """
    root = Path(root)
    doc = read_keycheck(root)
    if doc is None:
        found = find_encrypted_file(root)
        if found is not None:
            raise missing_keycheck(root, found)
        raise EncryptionError(
            f"The records in {root} are not encrypted, so they have no passphrase to change. "
            f"Nothing was changed. To encrypt them, run `{command_for('init --encrypt', root)}`."
        )
    state = doc.get("state", "ready")
    if state == "encrypting":
        raise EncryptionError(
            f"Encrypting the records in {root} was not finished, so the passphrase cannot be "
            "changed yet. Nothing was changed. Run "
            f"`{command_for('init --encrypt', root)}` again with the passphrase it was started "
            f"with, then `{command_for(COMMAND, root)}`."
        )
    started = state == "changing"
    if started:
        old, new = unlock_change(root, doc, passphrase, new_passphrase)
    else:
        # Checked before the slow key derivations, and with the same rules as a first one.
        check_new_passphrase(new_passphrase)
        old, _ = unlock(root, passphrase)
        if same_passphrase(new_passphrase) == same_passphrase(passphrase):
            raise EncryptionError(
                "The new passphrase is the same as the current one. Nothing was changed. "
                "Choose a different one."
            )
        new = new_keyring(new_passphrase)
    rekeying = _Rekey(root, old, new, rescue_folder or default_folder())
    converted = rekeying.run(started=started)
    return CaseStore(root, keyring=new), converted, rekeying.rescued


def check_new_passphrase(passphrase: str) -> None:
    """Refuse a new passphrase the app would not set (too short), before anything is done."""
    if len(same_passphrase(passphrase)) < MIN_PASSPHRASE:
        raise EncryptionError(
            f"The new passphrase must be at least {MIN_PASSPHRASE} characters. Nothing was changed."
        )


class _Rekey:
    """One run of the change: the two keys, and the folder's two areas."""

    def __init__(self, root: Path, old: Keyring, new: Keyring, rescue_folder: Path) -> None:
        self.root = root
        self.old = old
        self.new = new
        self.folders = [StoreFolder(root, training=False), StoreFolder(root, training=True)]
        self.rescue_folder = rescue_folder
        self.rescued = 0  # rescue copies given the new key

    def _made_over(self) -> dict[Path, list[Rescued]]:
        """The case file each rescue copy of this folder was made over."""
        made_over: dict[Path, list[Rescued]] = {}
        for rescued in rescued_for(self.rescue_folder, self.root):
            area = self.folders[1] if rescued.training else self.folders[0]
            with contextlib.suppress(RecordsError):
                area.check_id(rescued.person_id)
                made_over.setdefault(area.case_path(rescued.person_id), []).append(rescued)
        return made_over

    def rescue_copies(self) -> list[Path]:
        """This folder's rescue copies under the old key (copies under another key, damaged or
        made before an earlier change, are left as they are: the old key cannot open them)."""
        return [
            r.path
            for r in rescued_for(self.rescue_folder, self.root)
            if (head := peek(r.path, HEADER_BYTES)) is not None
            and header_params(head) == self.old.params
        ]

    def key_for(self, data: bytes) -> Keyring | None:
        """The key a file was written with, by the salt in its header (None: neither)."""
        params = header_params(data)
        if params == self.old.params:
            return self.old
        if params == self.new.params:
            return self.new
        return None

    def files(self) -> Iterator[Path]:
        for folder in self.folders:
            yield from records_files(folder.area)

    def run(self, *, started: bool) -> int:
        with contextlib.ExitStack() as held:
            self._hold_everything(held, started=started)
            self._check_every_file(started=started)
            self._check_rescue_copies(started=started)
            try:
                if not started:
                    # Before any file changes: from here on the folder opens no other way, and
                    # the old passphrase can still be checked (its check is under "previous").
                    write_keycheck(self.root, self.new, "changing", scrub=True, previous=self.old)
                    started = True
                converted = self._convert()
            except OSError as exc:
                raise _not_written(self.root, exc, started=started) from exc
            try:
                self.rescued = self._convert_rescue_copies()
            except OSError as exc:
                raise _rescue_not_written(self.root, self.rescue_folder, exc) from exc
            try:
                # The backup too: no copy of the old key's check, nor of "changing", is left.
                write_keycheck(self.root, self.new, "ready", scrub=True)
            except OSError as exc:
                raise _not_written(self.root, exc, started=started) from exc
        return converted

    def _hold_everything(self, held: contextlib.ExitStack, *, started: bool) -> None:
        """Both lists of people, then every record's lock (as ``encrypt_existing``)."""
        for folder in self.folders:
            held.enter_context(folder.index_locked())
        for folder in self.folders:
            names = self._names(folder)
            for pid in sorted(_ids_on_disk(folder) | set(names)):
                lock = folder.try_lock(folder.lock_path(pid))
                if lock is None:
                    raise _open_elsewhere(self.root, pid, names.get(pid), started=started)
                held.callback(lock.release)
            # Temp files of crashed writers may hold records under the old key; every writer's
            # lock is held now, so none is being written. The key-check file's are left: it is
            # rewritten by a window opening the folder, without a lock.
            for place in (folder.area, folder.cases_dir):
                remove_orphans(place, lambda target: not target.startswith("keycheck"))

    def _names(self, folder: StoreFolder) -> dict[str, str]:
        """Display names from the list of people (under either key), for messages only."""
        try:
            data = read_regular(folder.index_path)
            keyring = self.key_for(data)
            if keyring is None:
                return {}
            people = json.loads(keyring.decrypt(data))["people"]
            return {pid: str(entry["display_name"]) for pid, entry in people.items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return {}

    def _check_every_file(self, *, started: bool) -> None:
        """Read every encrypted file with its key; refuse, before anything is written, if any
        cannot be read (it could not be given the new key)."""
        unreadable: list[Path] = []
        for path in self.files():
            data = read_regular(path)
            if not is_encrypted_bytes(data):
                continue  # not encrypted: nothing of the old key in it
            keyring = self.key_for(data)
            try:
                if keyring is None:
                    raise ValueError
                keyring.decrypt(data)
            except ValueError:
                unreadable.append(path)
        if unreadable:
            raise _unreadable(self.root, unreadable, started=started)

    def _check_rescue_copies(self, *, started: bool) -> None:
        """Refuse, before anything is written, when a rescue copy under the old key cannot be
        read with it or its folder cannot be written: after the change nothing could open it."""
        copies = self.rescue_copies()
        unreadable = []
        for path in copies:
            try:
                self.old.decrypt(read_regular(path))
            except (OSError, ValueError):
                unreadable.append(path)
        if unreadable:
            raise _rescue_unreadable(self.root, unreadable, started=started)
        if copies and not os.access(self.rescue_folder, os.W_OK | os.X_OK):
            raise _rescue_not_written(
                self.root,
                self.rescue_folder,
                PermissionError(errno.EACCES, "Permission denied"),
                started=started,
            )

    def _convert_rescue_copies(self) -> int:
        """Give each rescue copy still under the old key the new one (each replaced atomically
        and on disk before the next; never plaintext on disk)."""
        converted = 0
        for path in self.rescue_copies():
            data = read_regular(path)
            write_atomic(path, self.new.encrypt(self.old.decrypt(data)))
            converted += 1
        return converted

    def _convert(self) -> int:
        converted = 0
        made_over = self._made_over()
        for path in self.files():
            data = read_regular(path)
            if self.key_for(data) is self.old:
                new_data = self.new.encrypt(self.old.decrypt(data))
                before = digest(data)
                for rescued in made_over.get(path, []):
                    if before in (rescued.base, rescued.base_before):
                        # Before the file changes: the copy still goes back over it.
                        rebase(rescued, before, digest(new_data))
                write_atomic(path, new_data)
                converted += 1
        # Once more, by the headers alone: a file a window wrote just before it saw the
        # "changing" state (it checks before writing) is not left under the old key.
        for path in self.files():
            head = peek(path, HEADER_BYTES)
            if head is not None and header_params(head) == self.old.params:
                data = read_regular(path)
                write_atomic(path, self.new.encrypt(self.old.decrypt(data)))
                converted += 1
        return converted


def _ids_on_disk(folder: StoreFolder) -> set[str]:
    """Every record id a file in ``cases/`` belongs to (case, archive, backups, markers)."""
    try:
        names = os.listdir(folder.cases_dir)
    except OSError:
        return set()
    return {stem for name in names if ID_RE.match(stem := name.split(".", 1)[0])}


def _open_elsewhere(root: Path, pid: str, name: str | None, *, started: bool) -> RecordLocked:
    label = f"The record for {name} (id {pid})" if name else f"Record {pid}"
    if started:
        done = (
            f"{label} is open in another window. The change of passphrase was not finished; "
            "nothing was lost, but the records cannot be opened until it is."
        )
    else:
        done = (
            f"{label} is open in another window, so the passphrase was not changed. Nothing "
            "was changed: the current passphrase still opens the records."
        )
    return RecordLocked(
        f"{done} Close the other windows and run `{command_for(COMMAND, root)}` again."
    )


def _where_it_stopped(started: bool) -> tuple[str, str]:
    """What a change stopped by a write that failed left (``started``: some files already
    have the new key), and how to run the command again."""
    if started:
        return (
            "The change of passphrase was not finished; nothing was lost, but the records "
            "cannot be opened until it is.",
            "again, with the same current and new passphrases, to finish it",
        )
    return "Nothing was changed: the current passphrase still opens the records.", "again"


def _not_written(root: Path, exc: OSError, *, started: bool) -> StoreUnavailable:
    done, again = _where_it_stopped(started)
    return StoreUnavailable(
        f"Cannot write to the records folder {root}: {describe_os_error(exc)}. {done} Check "
        f"the folder's permissions and free space, then run `{command_for(COMMAND, root)}` "
        f"{again}."
    )


def _damaged_words(shown: list[str], *, started: bool) -> tuple[str, str]:
    """The first five damaged files (and how many more), and what a change stopped by them
    left (``started``: some files already have the new key)."""
    more = f" and {len(shown) - 5} more" if len(shown) > 5 else ""
    nothing = (
        "The change of passphrase was not finished; nothing was lost."
        if started
        else "Nothing was changed: the current passphrase still opens the records."
    )
    return ", ".join(shown[:5]) + more, nothing


def _rescue_unreadable(root: Path, paths: list[Path], *, started: bool) -> RecordDamaged:
    shown, nothing = _damaged_words([str(p) for p in paths], started=started)
    return RecordDamaged(
        f"These rescue copies of answers for the records in {root} are damaged, so they "
        f"cannot be given the new passphrase: {shown}. {nothing} Move them out of "
        f"that folder (keep them with a backup if they may be needed), then run "
        f"`{command_for(COMMAND, root)}` again."
    )


def _rescue_not_written(
    root: Path, folder: Path, exc: OSError, *, started: bool = True
) -> StoreUnavailable:
    done, again = _where_it_stopped(started)
    return StoreUnavailable(
        f"Cannot write to {folder}, where rescue copies of answers for these records are "
        f"kept: {describe_os_error(exc)}. They must be given the new passphrase too, or no "
        f"passphrase would open them after the change. {done} Check that folder's "
        f"permissions and free space, then run `{command_for(COMMAND, root)}` {again}."
    )


def _unreadable(root: Path, paths: list[Path], *, started: bool) -> RecordDamaged:
    shown, nothing = _damaged_words([str(p.relative_to(root)) for p in paths], started=started)
    return RecordDamaged(
        f"These files in {root} are damaged: no passphrase opens them, so they cannot be given "
        f"the new one: {shown}. {nothing} Move them out of the records folder "
        "(keep them with a backup if they may be needed; the app uses a record's last good "
        f"copy in their place), then run `{command_for(COMMAND, root)}` again."
    )
