"""Rescue copies: answers a closing window could not save, kept until they can be put back.

When the app is closed by its terminal (the window closed: SIGHUP) or terminated (SIGTERM)
while a save is failing (a full or read-only disk, a removed drive), it tries once more to
save. If that fails too, :func:`write_rescue` writes what the open record holds in memory,
waiting answers included, as a copy of its case file: the same bytes a save would have
written (encrypted when the records are), owner-only (0600) in an owner-only folder that the
caller chooses (the app's state folder: the records folder is the one that could not be
written). A small note beside it says which records folder and record it belongs to, when it
was made, and a digest of the record's file on disk then.

At the next start :func:`put_back_rescued` puts each copy back into its record, but only if
the record's file is still the one the copy was made over (nothing was saved to it since)
and the copy opens with this folder's key; otherwise the copy is kept and the message says
where and why. Each put back keeps the record's file before it as its last good copy.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.crashlog import log_dir
from assistant.private_dirs import ensure_private_dir
from assistant.records.atomic import digest, write_atomic
from assistant.records.crypto import KdfParams, Keyring, header_params, params_problem
from assistant.records.errors import RecordLocked, RecordsError
from assistant.records.paths import command_for
from assistant.safe_read import read_regular

if TYPE_CHECKING:
    from assistant.records.case import Case
    from assistant.records.store import CaseStore

RESCUE_SUFFIX = ".rescued"
NOTE_SUFFIX = ".rescued.json"


@dataclass(frozen=True)
class Rescued:
    """One rescue copy and its note."""

    path: Path
    note: Path
    records: str  # the records folder it belongs to
    person_id: str
    training: bool
    at: str  # when it was made (local time, in words)
    base: str | None  # digest of the record's file when the copy was made
    # The same version of the record's file before `init --change-passphrase` gave it the new
    # key (the same words, other bytes): the copy may go over either.
    base_before: str | None = None

    @property
    def name(self) -> str:
        """The copy's name, as ``cpi-assistant rescue`` lists it (its file name without
        ``.rescued``)."""
        return self.path.name[: -len(RESCUE_SUFFIX)]


def default_folder() -> Path:
    """Where the app keeps rescue copies: the user's state folder, beside the crash log (the
    records folder is the one that could not be written)."""
    return log_dir() / "rescued"


def discard_rescued(folder: Path, records: Path, person_id: str, *, training: bool) -> int:
    """Delete every rescue copy (and its note) of record ``person_id`` of the records folder
    ``records``: erasing a person erases the answers kept for them here too. Returns how
    many copies went."""
    gone = 0
    for rescued in rescued_for(folder, records):
        if rescued.person_id != person_id or rescued.training != training:
            continue
        discard(rescued)
        gone += 1
    return gone


def _digest(path: Path) -> str | None:
    try:
        return digest(read_regular(path))
    except OSError:
        return None


def write_rescue(case: Case, folder: Path, records: Path) -> Path:
    """Write what ``case`` holds in memory to a rescue copy in ``folder``; returns its path.

    Raises ``OSError`` if it cannot be written either.
    """
    ensure_private_dir(folder)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    name = f"{case.person_id}-{stamp}"
    path = folder / f"{name}{RESCUE_SUFFIX}"
    note = {
        # Resolved: a folder given as a relative path is found again from anywhere.
        "records": str(Path(records).resolve()),
        "person_id": case.person_id,
        "training": case.training,
        "at": time.strftime("%d %B %Y at %H:%M").lstrip("0"),
        # The version of the file this meeting last read or wrote, not the disk now: the
        # disk may be the one that cannot be read (a drive gone).
        "base": case.on_disk,
    }
    write_atomic(path, case.file_bytes())
    write_atomic(folder / f"{name}{NOTE_SUFFIX}", json.dumps(note).encode())
    return path


def rescued_for(folder: Path, records: Path) -> list[Rescued]:
    """The rescue copies in ``folder`` that belong to the records folder ``records``."""
    found = []
    with contextlib.suppress(OSError):
        for note_path in sorted(folder.glob(f"*{NOTE_SUFFIX}")):
            try:
                note = json.loads(read_regular(note_path))
                rescued = Rescued(
                    path=note_path.with_name(note_path.name[: -len(NOTE_SUFFIX)] + RESCUE_SUFFIX),
                    note=note_path,
                    records=str(note["records"]),
                    person_id=str(note["person_id"]),
                    training=bool(note.get("training", False)),
                    at=str(note.get("at", "")),
                    base=note.get("base"),
                    base_before=note.get("base_before"),
                )
            except (OSError, ValueError, KeyError, TypeError):
                continue
            if Path(rescued.records) == Path(records).resolve():
                found.append(rescued)
    return found


class Stranded(RecordsError):
    """A rescue copy that can never go back by itself: the record moved on since, or the
    copy does not open with the folder's key (the passphrase changed since, or damaged)."""


class EarlierKey(Stranded):
    """A rescue copy under an earlier passphrase of its records folder (made before
    ``init --change-passphrase``, by a version of the app that left it under the old key):
    ``rescue show`` opens it with that passphrase."""


def _copy_bytes(store: CaseStore, rescued: Rescued, earlier: str | None = None) -> bytes:
    """The copy's bytes, checked to open with this folder's key as that record's case file;
    raises ``RecordsError`` saying why not. ``earlier``: the passphrase the records had when
    the copy was made, for a copy under an earlier key (it is then given the folder's key, in
    memory only)."""
    try:
        store.folder.check_id(rescued.person_id)
        data = read_regular(rescued.path)
    except OSError as exc:
        raise RecordsError("the copy cannot be read") from exc
    params = header_params(data)
    if store.keyring is not None and params is not None and params != store.keyring.params:
        data = _under_folder_key(store.keyring, data, params, earlier)
    try:
        store.case_files.decode(rescued.person_id, data)
    except Exception as exc:  # damaged, or under another key: never written over the record
        # Not a wait for anything: restarting the app cannot make it open (issue: a copy
        # made before `init --change-passphrase` was said to go back at the next start).
        raise Stranded(
            "the copy does not open with these records' passphrase (changed since?), or is damaged"
        ) from exc
    return data


def _under_folder_key(
    keyring: Keyring, data: bytes, params: KdfParams, earlier: str | None
) -> bytes:
    """A copy under another key, given the folder's (in memory) with the ``earlier``
    passphrase; ``EarlierKey`` when none is given, ``RecordsError`` when it does not open."""
    if params_problem(params) is not None:
        raise Stranded("the copy is damaged: its encryption settings are not ones this app uses")
    if earlier is None:
        raise EarlierKey(
            "the copy does not open with these records' passphrase: it was made before the "
            "passphrase was changed, and opens with the one they had then"
        )
    try:
        return keyring.encrypt(Keyring(earlier, params).decrypt(data))
    except ValueError as exc:
        raise RecordsError(
            "the passphrase given does not open it (it needs the one the records had when "
            "the copy was made), or the copy is damaged"
        ) from exc


def _check_over(store: CaseStore, rescued: Rescued) -> None:
    """Raise ``RecordsError`` (``Stranded`` when it never can) if the copy may not go over
    the record's file as it is now."""
    now = _digest(store.case_path(rescued.person_id))
    if now is None or rescued.base is None:
        # Never a new file where there is none (the person erased since, or the drive
        # not back yet), nor over a file whose version is not known.
        raise RecordsError(
            "the record's file cannot be found or read now"
            if now is None
            else "the app cannot tell whether the record was saved again since"
        )
    if now not in (rescued.base, rescued.base_before):
        raise Stranded("the record was saved again since, so putting the copy back would undo that")


def why_kept(store: CaseStore, rescued: Rescued) -> RecordsError | None:
    """Why the copy is not back in its record (``Stranded`` when it never goes back by
    itself), looked at without changing anything; None when it would go back now."""
    try:
        _copy_bytes(store, rescued)
        _check_over(store, rescued)
    except RecordsError as exc:
        return exc
    return None


def put_back(store: CaseStore, rescued: Rescued) -> None:
    """Put one rescue copy back into its record; raises ``RecordsError`` saying why not
    (the copy is then kept as it is)."""
    folder = store.folder
    label = store.index.label(rescued.person_id)
    data = _copy_bytes(store, rescued)
    try:
        lock = folder.lock_record(rescued.person_id, lambda _: label)
    except RecordLocked as exc:
        raise RecordsError("the record is open in another window") from exc
    try:
        _check_over(store, rescued)
        try:
            write_atomic(store.case_path(rescued.person_id), data, keep_backup=True)
        except OSError as exc:
            raise RecordsError("the records folder still cannot be written to") from exc
    finally:
        lock.release()
    for done in (rescued.path, rescued.note):
        with contextlib.suppress(OSError):
            os.unlink(done)
    # The list of people follows the record (a meeting or a name given in the answers put
    # back); if it cannot now, it catches up at the next save or listing.
    with contextlib.suppress(RecordsError, OSError), store.read(rescued.person_id) as case:
        store.index.refresh_entry(case)


def rebase(rescued: Rescued, before: str, after: str) -> None:
    """Say in the copy's note that the record's file it was made over (digest ``before``) is
    being rewritten as ``after`` with the same words (a passphrase change), so the copy still
    goes back over it. Written (atomic, on disk) before the file is; raises ``OSError``."""
    note = json.loads(read_regular(rescued.note))
    note["base"], note["base_before"] = after, before
    write_atomic(rescued.note, json.dumps(note).encode())


def discard(rescued: Rescued) -> None:
    """Remove a rescue copy and its note (as ``erase`` removes a record's files)."""
    for done in (rescued.path, rescued.note):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(done)


def open_copy(store: CaseStore, rescued: Rescued, earlier: str | None = None) -> Case:
    """A read-only view of what the copy holds (decrypted in memory only); raises
    ``RecordsError`` when it cannot be read with ``store``'s key (``EarlierKey`` when it was
    made under an earlier passphrase: then give it as ``earlier``)."""
    target = store.training_store() if rescued.training and not store.training else store
    data = _copy_bytes(target, rescued, earlier)
    return target.view_of(rescued.person_id, data, rescued.path)


def not_in_record(
    store: CaseStore, rescued: Rescued, earlier: str | None = None
) -> tuple[list[dict[str, Any]], bool]:
    """The audit events (answers given, changed, skipped...) the copy holds that the record
    does not hold now, oldest first, and whether the record could be read to compare (if
    not, every event of the copy is given). ``earlier``: as for :func:`open_copy`."""
    target = store.training_store() if rescued.training and not store.training else store
    with contextlib.closing(open_copy(store, rescued, earlier)) as copy:
        events = copy.audit_events()
    try:
        with contextlib.closing(target.read(rescued.person_id)) as case:
            held = {json.dumps(e, sort_keys=True) for e in case.audit_events()}
    except RecordsError:
        return events, False
    return [e for e in events if json.dumps(e, sort_keys=True) not in held], True


def subject_access_copies(store: CaseStore, folder: Path, person_id: str) -> list[dict[str, Any]]:
    """The rescue copies of record ``person_id`` in ``folder``, for the person's subject
    access export: each with where it is, when it was made and what it holds (read with
    ``store``'s key, decrypted in memory only), and the audit events it holds that the record
    does not (``not_in_record``). A copy that cannot be read here (under an earlier
    passphrase, or damaged) is listed with why, its content left out."""
    copies = []
    for rescued in rescued_for(folder, store.root):
        if rescued.person_id != person_id or rescued.training != store.training:
            continue
        item: dict[str, Any] = {
            "file": str(rescued.path),
            "note": str(rescued.note),
            "made": rescued.at,
            "readable": False,
            "why_not_readable": None,
            "content": None,
            "not_in_record": [],
        }
        try:
            with contextlib.closing(open_copy(store, rescued)) as copy:
                item["content"] = copy.snapshot()
            item["not_in_record"], _ = not_in_record(store, rescued)
            item["readable"] = True
        except RecordsError as exc:
            item["why_not_readable"] = str(exc)
        copies.append(item)
    return copies


def waiting_notice(store: CaseStore, folder: Path, person_id: str) -> str | None:
    """What to tell the worker opening ``person_id``'s record when a rescue copy of it is
    waiting in ``folder`` (made when the app was closed on an earlier day, not put back at
    start): what it is, when it was made, where it is kept, what to do. None when none is."""
    waiting = [
        r
        for r in rescued_for(folder, store.root)
        if r.person_id == person_id and r.training == store.training
    ]
    parts = []
    for rescued in waiting:
        why = why_kept(store, rescued)
        check = (
            "check with the person whether anything they said then is missing here, and add "
            "it in this meeting."
        )
        if isinstance(why, EarlierKey):
            then = (
                f"It is not in this record: {why}. Before going on, {check} The command "
                "below asks for the passphrase the records had when the copy was made."
            )
        elif isinstance(why, Stranded):
            then = f"It is not in this record: {why}. Before going on, {check}"
        else:
            then = (
                f"It is not in this record yet{f': {why}' if why else ''}. The app tries again "
                "to put it back each time this record is opened (and at its start), but only "
                f"while nothing new is saved to the record. So {check}"
            )
        show = command_for(f"rescue show {rescued.name}", store.root)
        gone = command_for(f"rescue discard {rescued.name}", store.root)
        parts.append(
            f"Answers given before the app was closed on {rescued.at} could not be saved, so "
            f"they were kept in a rescue copy: {rescued.path}. {then} To see the answers in "
            f"the copy: `{show}`. Once they are checked, `{gone}` removes it."
        )
    return "\n\n".join(parts) or None


def put_back_for(store: CaseStore, folder: Path, person_id: str) -> list[str]:
    """Put back ``person_id``'s rescue copies that can go back now (not put back at start:
    the drive was not back yet, or the record open in another window), before the record is
    opened; returns a message for each put back. One that cannot is left for
    :func:`waiting_notice` to explain."""
    messages = []
    for rescued in rescued_for(folder, store.root):
        if rescued.person_id != person_id or rescued.training != store.training:
            continue
        try:
            put_back(store, rescued)
        except RecordsError:
            continue
        messages.append(
            f"Answers given before the app was closed on {rescued.at} could not be saved then, "
            "and were kept in a rescue copy. They are now back in this record."
        )
    return messages


def put_back_rescued(store: CaseStore, folder: Path) -> list[str]:
    """Put back every rescue copy in ``folder`` for ``store``'s records folder; returns a
    message for each (put back, or kept and why)."""
    messages = []
    for rescued in rescued_for(folder, store.root):
        target = store.training_store() if rescued.training else store
        label = target.index.label(rescued.person_id)
        label = label[:1].lower() + label[1:]  # "the record for Sam (id p-...)"
        try:
            put_back(target, rescued)
        except RecordsError as exc:
            then = (
                "It cannot go back by itself: keep that file, and check the record's most "
                "recent answers with the person (the copy is a whole case file, which whoever "
                "looks after the app's records can open in its place)."
                if isinstance(exc, Stranded)
                else "Keep that file; the app tries again to put it back at the next start."
            )
            messages.append(
                f"Answers in {label} could not be saved when the app was closed on "
                f"{rescued.at}, so they were kept in a rescue copy, {rescued.path}. They are "
                f"not in the record yet: {exc}. {then}"
            )
            continue
        messages.append(
            f"Answers in {label} that could not be saved when the app was closed on "
            f"{rescued.at} were kept in a rescue copy, and are now back in the record."
        )
    return messages
