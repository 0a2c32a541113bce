"""One person's case record, open for reading and (usually) writing.

A case file is a TinyDB database with these tables:

* ``person``   - one document: id, display name, optional reference number, NHS number, date
  of birth (``born``) and gender (``gender``, ``gender_words``), created time
* ``sessions`` - one document per session: id, started/updated times, the engine's state
* ``plans``    - plan versions, numbered from 1, each possibly agreed
* ``ratings``  - ratings given over time
* ``audit``    - the audit trail: answers given/changed/skipped, plans agreed, exports, ...
* ``archive``  - one document: the closed meetings moved to the archive file (``archive.py``)
* ``texts``    - long answers (``LONG_TEXT`` characters or more), each kept once per meeting

Long answers: the engine holds an answer in its data, its answer log and its undo history,
and the record adds the audit event and the plan version, so a 1 MB answer would be written
five or six times. Each long text is kept once, in ``texts``, and every place it recurs holds
``{"$cpi_text": "ID"}`` instead; readers put the words back, so nothing outside this module
ever sees a reference.

Closed meetings can be archived (:meth:`Case.archive_closed`): their sessions, plan versions,
ratings and audit events move to ``cases/ID.archive``, so each save rewrites only what is
recent. Every reader (:meth:`Case.sessions`, :meth:`Case.plan_versions`, ...) sees both files.

Every method that changes something returns only once the change is on disk (or raises
:class:`SaveFailed` with the change kept in memory for the next save or :meth:`retry_pending`).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from pathlib import Path
from types import TracebackType
from typing import Any

from tinydb import Query, TinyDB
from tinydb.table import Document, Table

from assistant.records.archive import ARCHIVE_TABLES, ArchiveFile
from assistant.records.errors import RecordsError, SaveFailed
from assistant.records.fileformat import (
    clean_born,
    clean_gender,
    clean_nhs_number,
    clean_reference,
    now,
    one_line_name,
)
from assistant.records.storage import DurableStorage, RawJSON

# Answers this long are kept once (``texts``) and referred to elsewhere; shorter ones are
# cheaper to repeat than to look up.
LONG_TEXT = 32_768
_REF = "$cpi_text"

# Engine answer-log actions and the audit event each becomes.
_LOG_KINDS = {"answered": "answer_given", "changed": "answer_changed", "skipped": "answer_skipped"}


def _to_json(value: Any, what: str) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError) as exc:
        msg = f"{what} must be plain JSON data (dicts, lists, text, numbers): {exc}"
        raise ValueError(msg) from exc
    _check_storable(text, what)
    return text


def _check_storable(text: str, what: str) -> None:
    # Refused here, before any table changes: a character UTF-8 cannot hold (a lone
    # surrogate) would otherwise fail every later save of the whole file.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        msg = f"{what} holds a character that cannot be saved (at position {exc.start})"
        raise ValueError(msg) from exc


def json_copy(value: Any, what: str) -> Any:
    """A deep copy made through JSON: proves ``value`` can be saved and detaches it."""
    return json.loads(_to_json(value, what))


def _copy_of(value: Any, what: str) -> Any:
    """A detached copy of a stored value, which may hold already-encoded JSON."""
    if isinstance(value, RawJSON):
        return value.value()  # decoding its text makes a fresh copy
    if isinstance(value, dict):  # a document: only its own fields may hold RawJSON
        return {
            key: item.value() if isinstance(item, RawJSON) else json_copy(item, what)
            for key, item in value.items()
        }
    return json_copy(value, what)


def audit_event_from_log(entry: Mapping[str, Any], session_id: str | None) -> dict[str, Any]:
    """Turn an engine answer-log entry into an audit event (``answered`` -> ``answer_given``,
    or ``answer_kept`` when the answer was given again unchanged)."""
    event = dict(entry)
    action = str(event.pop("action", "answered"))
    event["kind"] = _LOG_KINDS.get(action, f"answer_{action}")
    event.pop("by_known", None)  # the log's own note (an undo's ``by`` is who pressed Back)
    if event.pop("kept", False) and action == "answered":
        # Given again as it already was (e.g. carried from the last meeting): confirmed
        # today by whoever saved it, not newly said by them.
        event["kind"] = "answer_kept"
    event.setdefault("at", now())
    if session_id is not None:
        event.setdefault("session", session_id)
    return event


def _literal(text: str) -> str:
    """``text`` as a JSON string, exactly as the engine and this module encode it."""
    return json.dumps(text, ensure_ascii=False)


def _ref(doc_id: int) -> dict[str, str]:
    return {_REF: str(doc_id)}


def _ref_json(doc_id: int) -> str:
    return json.dumps(_ref(doc_id), separators=(",", ":"))


def _swap_whole_strings(text: str, literal: str, ref: str) -> str:
    """``text`` (JSON) with each whole string ``literal`` replaced by ``ref``, in one pass.

    Only a string right after a colon, comma or bracket is a whole JSON string: inside a
    string a quote is always escaped, so someone's words quoting the long text are kept.
    """
    parts = text.split(literal)
    if len(parts) == 1:
        return text
    out = [parts[0]]
    for part in parts[1:]:
        out.append(ref if out[-1][-1:] in (":", ",", "[") and out[-1] else literal)
        out.append(part)
    return "".join(out)


def _swap_long(value: Any, ids: Mapping[str, int]) -> Any:
    """``value`` with each long text in ``ids`` replaced by its reference (a new object)."""
    if isinstance(value, str):
        return _ref(ids[value]) if len(value) >= LONG_TEXT and value in ids else value
    if isinstance(value, dict):
        return {k: _swap_long(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_swap_long(v, ids) for v in value]
    return value


def _long_texts(value: Any, found: set[str]) -> set[str]:
    """Every long text in ``value``."""
    if isinstance(value, str):
        if len(value) >= LONG_TEXT:
            found.add(value)
    elif isinstance(value, dict):
        for item in value.values():
            _long_texts(item, found)
    elif isinstance(value, list):
        for item in value:
            _long_texts(item, found)
    return found


def _expand(value: Any, texts: Callable[[str], str]) -> Any:
    """``value`` with every reference replaced by its words (in place where it can be)."""
    if isinstance(value, dict):
        if len(value) == 1 and isinstance(value.get(_REF), str):
            return texts(value[_REF])
        for key, item in value.items():
            if isinstance(item, dict | list):
                value[key] = _expand(item, texts)
        return value
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict | list):
                value[i] = _expand(item, texts)
    return value


class _IntKeyed(MutableMapping[int, Any]):
    """A stored table (string ids, as in JSON) seen with the integer ids TinyDB's updaters use."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self._raw = raw

    def __getitem__(self, doc_id: int) -> Any:
        return self._raw[str(doc_id)]

    def __setitem__(self, doc_id: int, doc: Any) -> None:
        self._raw[str(doc_id)] = doc

    def __delitem__(self, doc_id: int) -> None:
        del self._raw[str(doc_id)]

    def __iter__(self) -> Iterator[int]:
        return (int(key) for key in self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def __contains__(self, doc_id: object) -> bool:
        return str(doc_id) in self._raw


class _LeanTable(Table):
    """TinyDB's table, minus a full copy of the table on every write.

    ``Table._update_table`` converts every document id to ``int`` and back on each insert or
    update: O(all documents) per answer, as the audit trail grows. Here the updater works on a
    view of the stored table instead, so an insert or update costs the same at any size.

    ``id_floor``: the lowest id a new document may take. Documents moved to the archive keep
    their ids, and a new one must never reuse them (the audit trail is ordered by id).
    """

    id_floor = 0

    def _get_next_id(self) -> int:
        next_id = super()._get_next_id()
        if next_id < self.id_floor:
            next_id = self.id_floor
            self._next_id = next_id + 1  # type: ignore[assignment]  # TinyDB's own counter
        return next_id

    def _update_table(self, updater: Callable[[dict[int, Mapping[str, Any]]], None]) -> None:
        tables = self._storage.read()
        if tables is None:
            tables = {}
        raw = tables.setdefault(self.name, {})
        updater(_IntKeyed(raw))  # type: ignore[arg-type]  # a dict-like view is all it needs
        self._storage.write(tables)
        self.clear_cache()


class _CaseDB(TinyDB):
    table_class = _LeanTable


class Case:
    """An open case record. Use as a context manager, or call :meth:`close`."""

    def __init__(
        self,
        person_id: str,
        storage: DurableStorage,
        *,
        read_only: bool = False,
        release: Callable[[], None] | None = None,
        on_change: Callable[[Case], None] | None = None,
        training: bool = False,
        archive: ArchiveFile | None = None,
    ) -> None:
        self.person_id = person_id
        self.read_only = read_only
        self.training = training  # a fictional person in the separate training store
        self._storage = storage
        self._db = _CaseDB(storage=lambda: storage)
        self._release = release
        self._on_change = on_change  # tells the store to refresh the index entry
        self._closed = False
        #: True while an erasure tells the store to rewrite the index's backup as well.
        self.scrubbing = False
        self._person = self._db.table("person")
        self._sessions = self._db.table("sessions")
        self._plans = self._db.table("plans")
        self._ratings = self._db.table("ratings")
        self._audit = self._db.table("audit")
        self._meta = self._db.table("archive")
        self._texts = self._db.table("texts")
        self._literals: dict[int, str] = {}  # texts id -> its JSON string, made once
        self._archive = archive
        self._archive_cache: dict[str, dict[str, Any]] | None = None  # read when first needed
        self._session_ids = {doc["session_id"]: doc.doc_id for doc in self._sessions.all()}
        # Sessions whose document keeps words typed but not given (keep_draft): the next save
        # of that session takes them off. Usually none, so a save costs nothing more.
        self._drafted = {doc["session_id"] for doc in self._sessions.all() if "draft" in doc}
        self._apply_floors()

    # -- lifecycle -------------------------------------------------------------------------

    def __enter__(self) -> Case:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def pending(self) -> bool:
        """True while a change could not be written yet and is held in memory."""
        return self._storage.pending

    def settle(self) -> None:
        """Wait for a save left in flight (``save_session(wait=False)``): on disk when it
        returns. Raises ``SaveFailed`` if it could not be written (then it is pending)."""
        self._storage.settle()
        self._notify()

    @property
    def file_path(self) -> Path:
        """The record's case file."""
        return self._storage.path

    @property
    def on_disk(self) -> str | None:
        """The digest of the case file as this record last read or wrote it (None: unknown)."""
        return self._storage.on_disk

    def file_bytes(self) -> bytes:
        """The case file as a save would write it now, waiting changes included: what a
        rescue copy keeps when the app is closed while saving fails (records/rescue.py)."""
        with contextlib.suppress(SaveFailed):
            self._storage.settle()
        return self._storage.snapshot()

    def retry_pending(self) -> bool:
        """Try again to write a change held in memory. True if nothing is pending any more."""
        self._storage.flush()
        self._notify()
        return not self.pending

    def close(self) -> None:
        """Write anything pending and release the lock.

        If a pending change still cannot be written, raises ``SaveFailed`` and stays open (and
        locked) so that nothing is lost: fix the problem and call ``close`` again.
        """
        if self._closed:
            return
        if not self.read_only:
            self._storage.flush()
        self._closed = True
        if self._release is not None:
            self._release()

    def give_up(self) -> None:
        """Release the record without writing what is waiting: only once it is kept
        elsewhere (a rescue copy, when the app is ending and saving still fails)."""
        if self._closed:
            return
        self._closed = True
        if self._release is not None:
            self._release()

    def _writable(self) -> None:
        if self._closed:
            raise RecordsError("This record has been closed; open it again to make changes.")
        if self.read_only:
            raise RecordsError(
                "This record was opened read-only, so nothing can be changed here. "
                "Open it for writing (it may be open in another window)."
            )

    def _notify(self) -> None:
        if self._on_change is not None and not self.pending:
            self._on_change(self)

    # -- person ----------------------------------------------------------------------------

    @property
    def person(self) -> dict[str, Any]:
        """The person's details: id, display_name, reference, nhs_number, born, gender,
        gender_words, created (the optional ones only when recorded)."""
        docs = self._person.all()
        return dict(docs[0]) if docs else {"id": self.person_id}

    def update_person(
        self,
        *,
        display_name: str | None = None,
        reference: str | None = None,
        nhs_number: str | None = None,
        born: str | None = None,
        gender: str | None = None,
        gender_words: str | None = None,
        session: str | None = None,
    ) -> None:
        """Change the display name, reference, NHS number, date of birth and/or gender
        (``""`` clears any but the name; None leaves it as it is). Each is checked
        (:func:`clean_nhs_number`, :func:`clean_born`, :func:`clean_gender`) before anything
        changes. ``gender_words``: the person's own words, with ``gender="own_words"``.

        ``session``: the meeting the change came from (erasing that meeting erases it too).
        """
        self._writable()
        old = self.person
        fields: dict[str, Any] = {}
        if display_name is not None:
            fields["display_name"] = clean_name(display_name)
        if reference is not None:
            fields["reference"] = clean_reference(reference)
        if nhs_number is not None:
            fields["nhs_number"] = clean_nhs_number(nhs_number)
        if born is not None:
            fields["born"] = clean_born(born)
        if gender is not None:
            fields["gender"], fields["gender_words"] = clean_gender(gender, gender_words)
        changes = {k: {"old": old.get(k), "new": v} for k, v in fields.items() if old.get(k) != v}
        if not changes:
            return
        with self._storage.batch(touched=None):  # rare: simply encode everything again
            self._person.update(fields)
            event = {"at": now(), "kind": "person_details_changed", **changes}
            if session is not None:
                event["session"] = session
            self._audit.insert(event)
        self._notify()

    def note_consent(self, given: bool, **details: Any) -> None:
        """Remember the person's latest answer to keeping a record (``person.consent_record``)
        and put it in the audit trail (``consent_given`` / ``consent_withdrawn``).

        Later meetings read it: after a "no", nothing is saved until the person says yes again,
        whatever an earlier meeting's answers say.
        """
        self._writable()
        at = now()
        event = json_copy(
            {"at": at, "kind": "consent_given" if given else "consent_withdrawn", **details},
            "Audit event",
        )
        with self._storage.batch(touched=None):  # rare: simply encode everything again
            if self._person.all():
                self._person.update({"consent_record": given, "consent_at": at})
            self._audit.insert(event)

    # -- sessions --------------------------------------------------------------------------

    def save_session(
        self,
        session_id: str,
        state: Mapping[str, Any] | str,
        events: Iterable[Mapping[str, Any]] = (),
        *,
        wait: bool = True,
        worker: Mapping[str, Any] | None = None,
    ) -> None:
        """Save a session's whole engine state plus new answer-log entries, in one durable write.

        ``state`` is plain JSON data, or JSON text of an object made by a JSON encoder (the
        engine's ``Conversation.state_json()``, which is kept as it is: no copy, no decoding).
        ``events`` are the engine's log entries since the last save; each becomes an audit event.
        ``wait=False``: the file is written on the writer thread while the caller goes on, and
        is durable once :meth:`settle` returns (which the caller must call before showing it
        as saved); any other change to the record waits for it first.
        ``worker``: who the worker is at this meeting (``{"name", "team"}``), kept with the
        session when it is first saved (the meeting's start) and never changed after.
        """
        self._writable()
        if isinstance(state, str):
            text = state.strip()
            if not (text.startswith("{") and text.endswith("}")):
                raise ValueError("Session state must be the JSON text of an object.")
            _check_storable(text, "Session state")
        else:
            # Encoding once proves the state is plain JSON and detaches it from the caller.
            text = _to_json(state, "Session state")
        new_events = [json_copy(audit_event_from_log(e, session_id), "Log entry") for e in events]
        at = now()
        doc_id = self._session_ids.get(session_id)
        if doc_id is None and session_id in self.archived_sessions:
            # An archived meeting written to again (a reflection added later): it comes back
            # to the case file first, so its words are never split between the two files.
            self._restore(session_id)
            doc_id = self._session_ids.get(session_id)
        touched = [] if doc_id is None else [("sessions", doc_id)]
        with self._storage.batch(touched, wait=wait):
            if len(text) >= LONG_TEXT:
                text, new_events = self._keep_long_once(
                    session_id, text, new_events, new_session=doc_id is None
                )
            if doc_id is None:
                meta: dict[str, Any] = {"session_id": session_id, "started": at, "updated": at}
                if worker:
                    meta["worker"] = json_copy(dict(worker), "Worker")
                doc_id = self._sessions.insert({**meta, "state": RawJSON(text)})
                self._session_ids[session_id] = doc_id
            else:
                self._sessions.update({"state": RawJSON(text), "updated": at}, doc_ids=[doc_id])
                if session_id in self._drafted:
                    # An answer given or the question left: the words typed last time
                    # were given or left with it.
                    self._sessions.update(_without_draft, doc_ids=[doc_id])
                    self._drafted.discard(session_id)
            if new_events:
                self._audit.insert_multiple(new_events)
        # Cheap unless the listed details changed (a new session, or an earlier failed update).
        if wait:
            self._notify()  # else once settled: the list follows what is on disk

    def keep_draft(self, session_id: str, draft: Mapping[str, Any] | None) -> None:
        """Keep words typed in an answer box but not given yet (``{"path", "text"}``: where
        the answer would be stored and the words) with the session, durably, as the app's
        last try when it is closed; ``None`` takes them off. Not an answer: nothing goes in
        the audit trail, and the session's next save takes them off. Nothing is written when
        it is already so, or when the session was never saved."""
        self._writable()
        doc_id = self._session_ids.get(session_id)
        if doc_id is None:
            return
        if self.session_draft(session_id) == (None if draft is None else dict(draft)):
            return
        with self._storage.batch([("sessions", doc_id)]):
            if draft is None:
                self._sessions.update(_without_draft, doc_ids=[doc_id])
            else:
                kept = {"at": now(), **json_copy(dict(draft), "Draft")}
                self._sessions.update({"draft": kept}, doc_ids=[doc_id])
        if draft is None:
            self._drafted.discard(session_id)
        else:
            self._drafted.add(session_id)

    def session_draft(self, session_id: str) -> dict[str, Any] | None:
        """The words typed but not given when the app was last closed in this session
        (:meth:`keep_draft`, without its ``at``), or None."""
        doc_id = self._session_ids.get(session_id)
        if doc_id is None or session_id not in self._drafted:
            return None
        doc = self._sessions.get(doc_id=doc_id)
        draft = doc.get("draft") if doc is not None else None
        if not isinstance(draft, dict):
            return None
        return {k: v for k, v in json_copy(draft, "Draft").items() if k != "at"}

    def erase_session(self, session_id: str, *, reason: str) -> int:
        """Erase one session's answers from the record and from its backup copy.

        Removes the session, the answer events it wrote to the audit trail (they hold the
        words), and any plan version or ratings made from it; then adds a ``session_erased``
        event that names the session and the reason but holds none of the words. Returns how
        many documents were removed. Durable, backup included, when it returns.
        """
        self._writable()
        if session_id in self.archived_sessions:
            self._restore(session_id)
        answer_kinds = set(_LOG_KINDS.values())

        def of_session(doc: Mapping[str, Any], field: str) -> bool:
            return doc.get(field) == session_id

        gone_audit = [
            d.doc_id
            for d in self._audit.all()
            if of_session(d, "session")
            and (
                d.get("kind") in answer_kinds
                or str(d.get("kind", "")).startswith("answer_")
                or d.get("kind") in ("ratings_given", "person_details_changed")
            )
        ]
        gone_plans = [d.doc_id for d in self._plans.all() if of_session(d, "session")]
        gone_numbers = [
            d["version"]
            for d in self._plans.all()
            if of_session(d, "session") and isinstance(d.get("version"), int)
        ]
        gone_ratings = [d.doc_id for d in self._ratings.all() if of_session(d, "session")]
        gone_texts = [d.doc_id for d in self._texts.all() if of_session(d, "session")]
        doc_id = self._session_ids.get(session_id)
        removed = len(gone_audit) + len(gone_plans) + len(gone_ratings) + (doc_id is not None)
        with self._storage.batch(touched=None):  # rare: simply encode everything again
            if doc_id is not None:
                self._sessions.remove(doc_ids=[doc_id])
            if gone_audit:
                self._audit.remove(doc_ids=gone_audit)
            if gone_plans:
                self._plans.remove(doc_ids=gone_plans)
                # Later versions copied the erased ones' measures into their history: readers
                # leave out the points of these numbers (plans.versions.without_erased), and
                # a number is never given again (it would name the erased meeting's points).
                meta = self._archive_meta()
                erased = {*self.erased_plan_versions, *gone_numbers}
                used = max([meta.get("plan_version", 0), *erased])
                self._set_meta(
                    {**meta, "erased_plan_versions": sorted(erased), "plan_version": used}
                )
            if gone_ratings:
                self._ratings.remove(doc_ids=gone_ratings)
            if gone_texts:
                self._texts.remove(doc_ids=gone_texts)
            self._audit.insert(
                {
                    "at": now(),
                    "kind": "session_erased",
                    "session": session_id,
                    "reason": reason,
                    "removed": removed,
                }
            )
        self._session_ids.pop(session_id, None)
        # The backup is the version before this one, which still holds the words.
        self._storage.scrub_backup()
        # A copy an interrupted archiving step left in the archive file goes too.
        self._drop_from_archive({session_id})
        self.scrubbing = True  # the list of people is rewritten with its backup too
        try:
            self._notify()
        finally:
            self.scrubbing = False
        return removed

    def load_session(self, session_id: str) -> dict[str, Any] | None:
        """The saved engine state of a session (a copy), or None."""
        doc_id = self._session_ids.get(session_id)
        if doc_id is None:
            if session_id in self.archived_sessions:
                for archived in self._archived("sessions"):
                    if archived.get("session_id") == session_id:
                        return self._words(_copy_of(archived["state"], "Session state"))
            return None
        doc = self._sessions.get(doc_id=doc_id)
        return self._words(_copy_of(doc["state"], "Session state")) if doc else None

    def sessions(self) -> list[dict[str, Any]]:
        """All sessions, oldest first: ``{"session_id", "started", "updated", "state"}``
        (archived ones included)."""
        docs = sorted(
            [*self._sessions.all(), *self._archived("sessions")], key=lambda d: d.get("started", "")
        )
        fill = self._word_filler()
        return [fill(_copy_of(dict(d), "Session")) for d in docs]

    def session_workers(self, only: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
        """Who the worker was at each meeting, as recorded when it started (``{"name",
        "team"}``), by session id; meetings saved before this was recorded are left out.
        ``only``: just these sessions (the archive is read only when one of them is there)."""
        wanted = None if only is None else set(only)
        docs = list(self._sessions.all())
        archived = set(self.archived_sessions)
        if archived and (wanted is None or wanted & archived):
            docs += self._archived("sessions")
        found: dict[str, dict[str, Any]] = {}
        for doc in docs:
            sid, worker = doc.get("session_id"), doc.get("worker")
            if not isinstance(sid, str) or (wanted is not None and sid not in wanted):
                continue
            if isinstance(worker, dict):
                found[sid] = json_copy(dict(worker), "Worker")
        return found

    def latest_session(self) -> dict[str, Any] | None:
        """The session started last (a copy), as :meth:`sessions` ``[-1]``, without reading
        the archive when the case file holds it (it always does after ``archive_closed``
        with ``keep``, as the app archives)."""
        hot = sorted(self._sessions.all(), key=lambda d: d.get("started", ""))
        meta = self._archive_meta()
        newest_archived = meta.get("last_started")
        archived_newer = self.archived_sessions and (
            not hot
            or not isinstance(newest_archived, str)
            or newest_archived > hot[-1].get("started", "")
        )
        if archived_newer or not hot:
            every = self.sessions()
            return every[-1] if every else None
        return self._words(_copy_of(dict(hot[-1]), "Session"))

    def closed_at(self, session_id: str) -> str | None:
        """When a meeting was closed (its ``meeting_closed`` event), or None if it is open."""
        events = self._audit.all()
        if session_id in self.archived_sessions:
            events = [*events, *self._archived("audit")]
        closed = [
            e.get("at")
            for e in events
            if e.get("kind") == "meeting_closed" and e.get("session") == session_id
        ]
        return str(closed[-1] or "") if closed else None

    def latest_plans(self) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        """(the latest agreed plan version, the latest version), as :meth:`plan_versions`
        would give them, reading the archive only if the case file cannot say."""
        hot = sorted(self._plans.all(), key=lambda d: d.get("version", 0))
        agreed = [d for d in hot if d.get("agreed")]
        meta = self._archive_meta()
        archived_max, archived_agreed = meta.get("archived_plan_max"), meta.get("archived_agreed")
        newer_here = (
            isinstance(archived_max, int) and bool(hot) and hot[-1].get("version", 0) > archived_max
        )
        # Archived versions never change (agreeing one brings its meeting back first).
        if not self.archived_sessions or (newer_here and (agreed or archived_agreed is False)):
            fill = self._word_filler()
            return (
                fill(json_copy(dict(agreed[-1]), "Plan")) if agreed else None,
                fill(json_copy(dict(hot[-1]), "Plan")) if hot else None,
            )
        every = self.plan_versions()
        every_agreed = [d for d in every if d.get("agreed")]
        return (every_agreed[-1] if every_agreed else None, every[-1] if every else None)

    def newest_plan(self) -> tuple[tuple[Any, ...], Callable[[], Mapping[str, Any] | None]]:
        """(a key that changes whenever the newest plan version does, a function giving its
        plan JSON).

        For the list of people's measures digest, checked at every change: the key costs no
        copy and no archive read, so the plan is fetched only when the key is new. The plan
        comes without a copy when the case file holds the newest version (treat it as
        read-only; long texts may be references), else from the archive (:meth:`latest_plans`).
        """
        newest = max(self._plans.all(), key=lambda d: d.get("version", 0), default=None)
        archived = self.archived_sessions
        archived_max = self._archive_meta().get("archived_plan_max") if archived else None
        if archived and not (
            isinstance(archived_max, int)
            and newest is not None
            and newest.get("version", 0) > archived_max
        ):
            # Archived versions never change: the archive's newest number and the meetings in
            # it say which one is newest.
            def archived_plan() -> Mapping[str, Any] | None:
                latest = self.latest_plans()[1]
                return latest.get("plan") if latest else None

            return ("archived", archived_max, tuple(archived)), archived_plan
        if newest is None:
            return (None, None), lambda: None
        plan = newest.get("plan")
        return (newest.get("version"), newest.get("at")), lambda: plan

    @property
    def erased_plan_versions(self) -> frozenset[int]:
        """The numbers of plan versions erased with their meeting (kept in the case file,
        so no reader needs the archive to leave their points out of later versions)."""
        found = self._archive_meta().get("erased_plan_versions") or []
        return frozenset(n for n in found if isinstance(n, int) and not isinstance(n, bool))

    def plan_numbers(self) -> set[int]:
        """The numbers of the plan versions in the record, archived ones included, without
        copying a plan (the archive is read only when meetings are archived). The measures
        digest leaves out history points of versions no longer here (an erased meeting's)."""
        docs = [*self._plans.all(), *self._archived("plans")]
        return {d["version"] for d in docs if isinstance(d.get("version"), int)}

    def plan_session(self, number: int) -> str | None:
        """The meeting (session id) plan version ``number`` was saved from; None when not
        known. No copy; the archive is read only for a version the case file does not hold.
        The measures digest asks it to tell a meeting's draft and agreed version apart from
        other meetings on the same day."""
        found = [d for d in self._plans.all() if d.get("version") == number]
        if not found and self.archived_sessions:
            found = [d for d in self._archived("plans") if d.get("version") == number]
        session = found[0].get("session") if found else None
        return session if isinstance(session, str) else None

    @property
    def session_count(self) -> int:
        """How many meetings the record holds, archived ones included."""
        return len(self._session_ids) + len(set(self.archived_sessions) - self._session_ids.keys())

    # -- plans -----------------------------------------------------------------------------

    def add_plan_version(
        self,
        plan: Mapping[str, Any],
        *,
        agreed: bool = False,
        session_id: str | None = None,
        by: str | None = None,
        agreed_at: str | None = None,
        agreed_after: str | None = None,
        agreed_how: str | None = None,
        note: Mapping[str, Any] | None = None,
    ) -> int:
        """Save a new version of the plan; returns its number (1, 2, ...).

        ``agreed_at``: when an agreed version was agreed, if not now (a plan imported from
        another copy keeps its date). ``agreed_after``: for a version agreed after its
        meeting, which saved it as not agreed yet, when the meeting saved it (ISO 8601), and
        ``agreed_how`` how they agreed since (``in_person``, ``phone``, ``video``,
        ``writing``): kept beside the version and in its ``plan_agreed`` event (as
        ``after_meeting`` and ``how``, with ``agreed_on``: ``agreed_at``, when they agreed
        on another day than the one it is recorded). ``note``: details added to the
        ``plan_saved`` audit event, written in the same durable write (e.g. ``imported_from``).
        """
        self._writable()
        plan = json_copy(plan, "Plan")
        details = json_copy(dict(note or {}), "Audit event")
        long = _long_texts(plan, set())
        used = self._archive_meta().get("plan_version", 0)  # archived versions count too
        version = max((d.get("version", 0) for d in self._plans.all()), default=used)
        version = max(version, used) + 1
        at = now()
        doc = {"version": version, "at": at, "plan": plan, "session": session_id, "agreed": agreed}
        if agreed and agreed_at:
            doc["agreed_at"] = agreed_at
        later: dict[str, Any] = {}
        if agreed and agreed_after:
            doc.update(agreed_after=agreed_after, agreed_how=agreed_how)
            later = {"after_meeting": agreed_after, "how": agreed_how}
            if agreed_at:
                later["agreed_on"] = agreed_at
        saved = {**details, "at": at, "kind": "plan_saved", "version": version, "by": by}
        with self._storage.batch(touched=()):  # only new documents
            if long:
                doc["plan"] = _swap_long(plan, self._text_ids(session_id, long))
            self._plans.insert(doc)
            self._audit.insert(saved)
            if agreed:
                agreed_event = {"at": at, "kind": "plan_agreed", "version": version, "by": by}
                self._audit.insert({**agreed_event, **later})
        # The list of people keeps a digest of the newest version's measures (outcomes).
        self._notify()
        return version

    def agree_plan(self, version: int, *, by: str | None = "both") -> None:
        """Mark a plan version as agreed by the person and the worker."""
        self._writable()
        docs = self._plans.search(Query()["version"] == version)
        archived = [d.get("session") for d in self._archived("plans") if d["version"] == version]
        if not docs and archived and isinstance(archived[0], str):
            self._restore(archived[0])  # its meeting comes back to the case file
            docs = self._plans.search(Query()["version"] == version)
        if not docs:
            raise RecordsError(f"There is no plan version {version} in this record.")
        at = now()
        with self._storage.batch(touched=[("plans", docs[0].doc_id)]):
            self._plans.update({"agreed": True, "agreed_at": at}, doc_ids=[docs[0].doc_id])
            self._audit.insert({"at": at, "kind": "plan_agreed", "version": version, "by": by})

    def plan_versions(self) -> list[dict[str, Any]]:
        """All plan versions, oldest first (archived ones included)."""
        docs = sorted(
            [*self._plans.all(), *self._archived("plans")], key=lambda d: d.get("version", 0)
        )
        fill = self._word_filler()
        return [fill(json_copy(dict(d), "Plan")) for d in docs]

    # -- ratings ---------------------------------------------------------------------------

    def add_ratings(
        self,
        ratings: Mapping[str, Any],
        *,
        session_id: str | None = None,
        by: str | None = None,
    ) -> None:
        """Record a set of ratings (e.g. ``{"family": 3, "friends": 4}``) with the time."""
        self._writable()
        ratings = json_copy(ratings, "Ratings")
        at = now()
        doc = {"at": at, "session": session_id, "by": by, "ratings": ratings}
        with self._storage.batch(touched=()):  # only new documents
            self._ratings.insert(doc)
            self._audit.insert(
                {
                    "at": at,
                    "kind": "ratings_given",
                    "ratings": ratings,
                    "by": by,
                    "session": session_id,
                }
            )

    def ratings_history(self, name: str | None = None) -> list[dict[str, Any]]:
        """Ratings over time, oldest first; with ``name``, only sets that rate it."""
        # Never archived (archive.ARCHIVE_TABLES): all here.
        docs = sorted(self._ratings.all(), key=lambda d: d.get("at", ""))
        if name is not None:
            docs = [d for d in docs if name in d.get("ratings", {})]
        return [json_copy(dict(d), "Ratings") for d in docs]

    # -- audit -----------------------------------------------------------------------------

    def audit(self, kind: str, **details: Any) -> None:
        """Add an event to the trail, e.g. ``audit("exported", format="pdf", destination=p)``."""
        self._writable()
        event = json_copy({"at": now(), "kind": kind, **details}, "Audit event")
        with self._storage.batch(touched=()):  # only a new document
            self._audit.insert(event)

    def audit_events(self) -> list[dict[str, Any]]:
        """The audit trail, oldest first."""
        # Document ids grow with each insert, so they give the true order even when the
        # file's key order does not (it is rebuilt from cached fragments).
        docs = sorted([*self._audit.all(), *self._archived("audit")], key=lambda d: d.doc_id)
        fill = self._word_filler()
        return [fill(json_copy(dict(d), "Audit event")) for d in docs]

    # -- long answers ------------------------------------------------------------------------

    def _text_ids(self, session_id: str | None, long: set[str]) -> dict[str, int]:
        """The ``texts`` ids of these long texts for this meeting, adding those not kept yet
        (inside the caller's batch)."""
        ids = {
            d["text"]: d.doc_id
            for d in self._texts.all()
            if d.get("session") == session_id and d.get("text") in long
        }
        for text in sorted(long - ids.keys()):
            ids[text] = self._texts.insert({"session": session_id, "text": text})
        return ids

    def _keep_long_once(
        self, session_id: str, text: str, events: list[dict[str, Any]], *, new_session: bool
    ) -> tuple[str, list[dict[str, Any]]]:
        """The state text and audit events with this meeting's long answers as references.

        Long answers arrive in the log entries; a meeting's first save may also start with
        earlier meetings' words (a review's seed), so then the texts already kept are looked
        for too.
        """
        long = set()
        for event in events:
            long |= _long_texts({k: event.get(k) for k in ("value", "old")}, set())
        kept = [d for d in self._texts.all() if new_session or d.get("session") == session_id]
        long |= {d["text"] for d in kept if self._literal_of(d.doc_id, d["text"]) in text}
        if not long:
            return text, events
        ids = self._text_ids(session_id, long)
        for value, doc_id in ids.items():
            text = _swap_whole_strings(text, self._literal_of(doc_id, value), _ref_json(doc_id))
        return text, [_swap_long(e, ids) for e in events]

    def _literal_of(self, doc_id: int, text: str) -> str:
        """A kept text's JSON string, encoded once (a long text costs milliseconds)."""
        literal = self._literals.get(doc_id)
        if literal is None:
            literal = self._literals[doc_id] = _literal(text)
        return literal

    def _words(self, value: Any) -> Any:
        """``value`` (a fresh copy) with the long texts it refers to put back."""
        return self._word_filler()(value)

    def _word_filler(self) -> Callable[[Any], Any]:
        """A function putting long texts back into fresh copies (made once per reading)."""
        archived = bool(self._archive_meta().get("texts"))
        if not archived and not self._texts.all():
            return lambda value: value  # the usual case: no long answers, nothing to look up
        found: dict[str, str] = {}

        def text(doc_id: str) -> str:
            if not found:
                docs = [*self._texts.all(), *(self._archived("texts") if archived else [])]
                found.update((str(doc.doc_id), doc["text"]) for doc in docs)
            if doc_id not in found:
                raise RecordsError(
                    "A long answer this record refers to is missing from it; the file was "
                    "changed outside the app. Restore the data folder from a backup."
                )
            return found[doc_id]

        return lambda value: _expand(value, text)

    # -- archive -----------------------------------------------------------------------------

    def _archive_meta(self) -> dict[str, Any]:
        docs = self._meta.all()
        return dict(docs[0]) if docs else {"sessions": []}

    @property
    def archived_sessions(self) -> list[str]:
        """The sessions whose documents are in the archive file (the case file decides)."""
        return [s for s in self._archive_meta().get("sessions", []) if isinstance(s, str)]

    def _apply_floors(self) -> None:
        next_ids = self._archive_meta().get("next_ids") or {}
        for name in ARCHIVE_TABLES:
            floor = next_ids.get(name, 0)
            table = self._db.table(name)
            assert isinstance(table, _LeanTable)
            table.id_floor = floor if isinstance(floor, int) and not isinstance(floor, bool) else 0

    def _load_archive(self) -> dict[str, dict[str, Any]]:
        if self._archive_cache is None:
            if self._archive is None:
                return {name: {} for name in ARCHIVE_TABLES}
            self._archive_cache = self._archive.load(repair=not self.read_only)
        return self._archive_cache

    def _archived(self, table: str) -> list[Document]:
        """The archived documents of ``table`` for the sessions the case file lists as archived
        (the archive file is read only now, and once)."""
        listed = set(self.archived_sessions)
        if not listed:
            return []
        field = "session_id" if table == "sessions" else "session"
        return [
            Document(doc, int(key))
            for key, doc in self._load_archive().get(table, {}).items()
            if doc.get(field) in listed
        ]

    def archive_closed(self, keep: Iterable[str] = ()) -> int:
        """Move closed meetings (those with a ``meeting_closed`` event), except ``keep``, to the
        archive file: their session, plan versions, audit events and long answers (ratings stay:
        they are small, and Home charts them all). Returns how many
        meetings moved (0 when nothing needs to, and always in a store without archive files).

        Two durable writes: the archive file (and its backup) with the meetings added, then the
        case file without them, listing them as archived, with a ``meetings_archived`` event
        (session ids and counts, no words). A crash between the two leaves the case file as it
        was (the archive's copy is ignored until the next archiving replaces it).
        """
        self._writable()
        if self._archive is None:
            return 0
        closed = {e.get("session") for e in self._audit.all() if e.get("kind") == "meeting_closed"}
        moving = (self._session_ids.keys() & closed) - set(keep)
        if not moving:
            return 0
        listed = set(self.archived_sessions)
        stored = self._load_archive() if listed else self._archive.load(repair=True)
        tables: dict[str, dict[str, Any]] = {}
        gone: dict[str, list[int]] = {}
        raw = self._storage.read()
        for name in ARCHIVE_TABLES:
            field = "session_id" if name == "sessions" else "session"
            kept = {k: d for k, d in stored[name].items() if d.get(field) in listed}
            moved = {
                k: _copy_of(d, "Archived document")
                for k, d in raw.get(name, {}).items()
                if d.get(field) in moving
            }
            tables[name] = {**kept, **moved}
            gone[name] = [int(k) for k in moved]
        self._archive.write(tables)
        self._archive_cache = tables
        meta = self._archive_meta()
        next_ids = dict(meta.get("next_ids") or {})
        for name in ARCHIVE_TABLES:
            ids = [int(k) for k in raw.get(name, {})] + [int(k) for k in tables[name]]
            next_ids[name] = max([next_ids.get(name, 0), *(i + 1 for i in ids)])
        versions = [d.get("version", 0) for d in self._plans.all()]
        versions += [d.get("version", 0) for d in tables["plans"].values()]
        started = [d.get("started", "") for d in tables["sessions"].values()]
        new_meta = {
            # What readers of the latest meeting and plan need to know to skip the archive.
            "last_started": max([str(meta.get("last_started") or ""), *map(str, started)]),
            "archived_plan_max": max([0, *(d.get("version", 0) for d in tables["plans"].values())]),
            "archived_agreed": any(d.get("agreed") for d in tables["plans"].values()),
            "texts": bool(tables["texts"]),  # readers look in the archive only if so
            "sessions": sorted(listed | moving),
            "next_ids": next_ids,
            "plan_version": max([meta.get("plan_version", 0), *versions]),
        }
        counts = {name: len(ids) for name, ids in gone.items()}
        with self._storage.batch(touched=None):  # rare: simply encode everything again
            for name, ids in gone.items():
                if ids:
                    self._db.table(name).remove(doc_ids=ids)
            self._set_meta(new_meta)
            self._apply_floors()  # before the event below takes an id
            self._audit.insert(
                {
                    "at": now(),
                    "kind": "meetings_archived",
                    "sessions": sorted(moving),
                    "moved": counts,
                }
            )
            # Here, not after: if the write fails the change is pending, and in memory the
            # meetings are archived already.
            for session_id in moving:
                self._session_ids.pop(session_id, None)
        return len(moving)

    def _set_meta(self, meta: dict[str, Any]) -> None:
        if self._meta.all():
            self._meta.update(meta, doc_ids=[self._meta.all()[0].doc_id])
        else:
            self._meta.insert(meta)

    def _restore(self, session_id: str) -> None:
        """Bring an archived meeting back into the case file (to be written to or erased)."""
        stored = self._load_archive()
        raw = self._storage.read()
        meta = self._archive_meta()
        with self._storage.batch(touched=None):
            for name in ARCHIVE_TABLES:
                field = "session_id" if name == "sessions" else "session"
                table = raw.setdefault(name, {})
                for key, doc in stored[name].items():
                    if doc.get(field) == session_id:
                        table[key] = json_copy(doc, "Archived document")
                        if name == "sessions":
                            self._session_ids[session_id] = int(key)
                self._db.table(name).clear_cache()
            meta["sessions"] = [s for s in meta.get("sessions", []) if s != session_id]
            self._set_meta(meta)
        self._drop_from_archive({session_id})

    def _drop_from_archive(self, session_ids: set[str]) -> None:
        """Rewrite the archive file (and its backup) without these sessions' documents."""
        if self._archive is None or not self._archive.exists():
            return
        stored = self._load_archive()
        tables: dict[str, dict[str, Any]] = {}
        found = False
        for name in ARCHIVE_TABLES:
            field = "session_id" if name == "sessions" else "session"
            tables[name] = {}
            for key, doc in stored[name].items():
                if doc.get(field) in session_ids:
                    found = True
                else:
                    tables[name][key] = doc
        if found:
            self._archive.write(tables)
            self._archive_cache = tables

    def snapshot(self) -> dict[str, Any]:
        """Everything in the record, as plain JSON data."""
        return {
            "person": self.person,
            "sessions": self.sessions(),
            "plans": self.plan_versions(),
            "ratings": self.ratings_history(),
            "audit": self.audit_events(),
        }


def _without_draft(doc: MutableMapping[Any, Any]) -> None:
    doc.pop("draft", None)


def clean_name(name: str) -> str:
    """A display name, trimmed; refuses an empty one.

    Characters that would control a terminal or hide or reorder text (Escape, bidi
    overrides: :func:`assistant.safe_text.invisible`) are left out, and half characters
    (lone surrogates, which no file can hold) are replaced: a name is shown in every list.
    """
    cleaned = one_line_name(name)
    if not cleaned:
        raise RecordsError("A display name or initials are needed (anything the person chooses).")
    return cleaned


__all__ = [
    "Case",
    "SaveFailed",
    "audit_event_from_log",
    "clean_name",
    "clean_nhs_number",
    "json_copy",
    "now",
]
