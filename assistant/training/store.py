"""Saving practice sessions in the separate training store, never beside real records.

The records package keeps training records in ``<data dir>/training/`` (its own index, its
own files): they are never listed, searched or exported with real records. These helpers refuse
a real store outright, so a practice session cannot end up in one by mistake.

Each practice is one record in the training store ("Stan (fictional, solo practice, Sam)")
holding its session. :func:`list_practices` lists them all with their trainee, persona, mode,
practice meeting number and times; :func:`find_practice` and :func:`load_practice_by_record`
find one by its record id (``train --feedback RECORD_ID``, ``train --resume RECORD_ID``).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.flows.problems import did_you_mean
from assistant.records import RecordsError, open_store
from assistant.training.session import STATE_FORMAT, TrainingError, TrainingSession

if TYPE_CHECKING:
    from assistant.flows.loader import Content
    from assistant.records import CaseStore
    from assistant.records.case import Case
    from assistant.training.model import Persona


class PracticeNotFound(TrainingError):
    """No practice in the training store has the record id (or session id) asked for."""


@dataclass(frozen=True)
class PracticeInfo:
    """One saved practice, as listed: enough to pick it, resume it or score it."""

    record_id: str
    session_id: str
    trainee: str  # "" when the practice was started without a name
    persona_id: str
    name: str  # the record's name in the training store, e.g. "Stan (fictional, solo practice)"
    mode: str  # "solo" | "paired"
    meeting: int  # the practice meeting number with this persona (1 = a first meeting)
    started: str  # ISO time the practice started (the session's own clock)
    updated: str  # when it was last saved
    finished: str | None  # when it was finished (ended in the app), else None
    moves: int = 0  # the trainee's moves that stand (solo; one taken back with Back is not)
    answers: int = 0  # answers given or changed that stand (a skip is not an answer)

    @property
    def is_finished(self) -> bool:
        return self.finished is not None

    @property
    def is_empty(self) -> bool:
        """Nothing was done in it: no move and no answer (opened, then ended)."""
        return self.moves == 0 and self.answers == 0

    def to_json(self) -> dict[str, Any]:
        return {
            "record_id": self.record_id,
            "session_id": self.session_id,
            "trainee": self.trainee,
            "persona": self.persona_id,
            "name": self.name,
            "mode": self.mode,
            "meeting": self.meeting,
            "started": self.started,
            "updated": self.updated,
            "finished": self.finished,
            "moves": self.moves,
            "answers": self.answers,
        }


def open_training_store(
    data_dir: Path | str | None = None, passphrase: str | None = None
) -> CaseStore:
    """The training store in a data folder (created on first save)."""
    return open_store(data_dir, passphrase, training=True)


def _check(store: CaseStore) -> None:
    if not getattr(store, "training", False):
        raise TrainingError(
            "Practice sessions are kept only in the training records, never with real "
            "people's records. Nothing was saved. Use open_training_store() (or "
            "store.training_store())."
        )


def practice_name(session: TrainingSession) -> str:
    """How a practice record is listed in the training store (with its trainee, if named)."""
    by = f", {session.trainee}" if session.trainee else ""
    return f"{session.persona.name} (fictional, {session.mode} practice{by})"


def save_practice(
    store: CaseStore,
    session: TrainingSession,
    *,
    person_id: str | None = None,
    session_id: str | None = None,
    finished: bool = False,
    held: Case | None = None,
) -> tuple[str, str]:
    """Save the session in the training store; returns (record id, session id).

    Call again with the returned ids to save later progress into the same record. Only the
    log entries not saved before are added to the record's audit trail. ``finished``: the
    practice has ended (the app's End the practice); the listing shows it as finished and the
    app no longer offers to carry on with it. ``held``: the practice's record, open for
    writing for as long as the practice is (:func:`hold_practice`); without it the record is
    opened (locked) for this one save.
    """
    _check(store)
    if held is not None:
        person_id = held.person_id
    person_id = person_id or store.create_person(practice_name(session))
    if session_id is None:
        started = session.started.replace(":", "").replace("-", "")[:15]
        session_id = f"practice-{session.persona.id}-{started}"
    state = session.to_state()
    if finished:
        # Kept in the saved state for the listing (from_state ignores what it does not know).
        state["finished"] = session.clock().isoformat(timespec="seconds")
    new_entries = session.conversation.log[session.saved_upto :]
    if held is not None:
        held.save_session(session_id, state, new_entries)
    else:
        with store.open(person_id) as case:
            case.save_session(session_id, state, new_entries)
    session.saved_upto = len(session.conversation.log)
    return person_id, session_id


def hold_practice(store: CaseStore, person_id: str) -> Case:
    """Open a practice's record for writing and keep it open while the practice is: the
    lock a real record takes for its meeting, so the same practice cannot be open in two
    windows at once (each would save over the other's moves). Raises ``RecordLocked``
    ("... is open in another window ...") when another window has it. Close it (``close()``)
    when the practice ends."""
    _check(store)
    return store.open(person_id)


def finish_practice(
    store: CaseStore, session: TrainingSession, person_id: str | None, session_id: str | None
) -> tuple[str, str]:
    """Save the practice one last time, marked finished; returns (record id, session id)."""
    return save_practice(store, session, person_id=person_id, session_id=session_id, finished=True)


def load_practice(
    store: CaseStore,
    person_id: str,
    session_id: str,
    *,
    content: Content | None = None,
    personas: dict[str, Persona] | None = None,
    clock: Callable[[], _dt.datetime] | None = None,
) -> TrainingSession:
    """Open a saved practice session again."""
    _check(store)
    with store.read(person_id) as case:
        state: dict[str, Any] | None = case.load_session(session_id)
    if state is None:
        raise TrainingError(f"There is no practice session {session_id!r} in this record.")
    kwargs: dict[str, Any] = {"content": content, "personas": personas}
    if clock is not None:
        kwargs["clock"] = clock
    session = TrainingSession.from_state(state, **kwargs)
    session.saved_upto = len(session.conversation.log)
    return session


# ------------------------------------------------------------------------------- listing


def same_trainee(a: str, b: str) -> bool:
    """Whether two trainee names are one trainee's (case and extra spaces ignored), as
    the list of practices and the progress report read them."""
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _info(record_id: str, name: str, doc: dict[str, Any]) -> PracticeInfo | None:
    state = doc.get("state")
    if not isinstance(state, dict) or state.get("format") != STATE_FORMAT:
        return None  # not a practice session (nothing else is saved here, but be safe)
    try:
        meeting = int(state.get("meeting") or 1)
    except (TypeError, ValueError):
        meeting = 1
    finished = state.get("finished")
    moves, answers = _done(state)
    return PracticeInfo(
        record_id=record_id,
        session_id=str(doc.get("session_id", "")),
        trainee=str(state.get("trainee") or "").strip(),
        persona_id=str(state.get("persona", "")),
        name=name,
        mode=str(state.get("mode", "solo")),
        meeting=meeting,
        started=str(state.get("started") or doc.get("started") or ""),
        updated=str(doc.get("updated") or ""),
        finished=str(finished) if finished else None,
        moves=moves,
        answers=answers,
    )


#: Answer-log entries that are an answer (given, chosen or changed); a skip is not one.
_ANSWERS = frozenset({"answered", "chose", "changed"})


def _done(state: dict[str, Any]) -> tuple[int, int]:
    """(moves, answers) that stand in a saved practice: what was done in it. A move taken
    back with Back is gone from the events; an answer undone has an "undone" entry."""
    events = state.get("events")
    moves = (
        sum(1 for e in events if isinstance(e, dict) and e.get("kind") == "move")
        if isinstance(events, list)
        else 0
    )
    conversation = state.get("conversation")
    log = conversation.get("log") if isinstance(conversation, dict) else None
    if not isinstance(log, list):
        return moves, 0
    entries = [e for e in log if isinstance(e, dict)]
    undone = {e.get("of") for e in entries if e.get("action") == "undone"}
    answers = sum(1 for e in entries if e.get("action") in _ANSWERS and e.get("seq") not in undone)
    return moves, answers


def saved_at(store: CaseStore, record_id: str, session_id: str) -> str:
    """When a practice was last saved (ISO 8601), or "": one record read, not the store's."""
    _check(store)
    with store.read(record_id) as case:
        docs = case.sessions()
    return next(
        (str(d.get("updated") or "") for d in docs if str(d.get("session_id", "")) == session_id),
        "",
    )


def list_practices(
    store: CaseStore,
    trainee: str | None = None,
    *,
    problems: list[str] | None = None,
) -> list[PracticeInfo]:
    """Every practice in the training store, oldest first (by when it started).

    ``trainee``: only that trainee's (case, spaces and extra blanks ignored; "" finds the
    practices started without a name). A record that cannot be read (damaged, locked) is left
    out and, when ``problems`` is given, a line saying which is added to it.
    """
    _check(store)
    found: list[PracticeInfo] = []
    for person in store.list_people():
        try:
            with store.read(person.id) as case:
                docs = case.sessions()
        except RecordsError as exc:
            if problems is not None:
                problems.append(f"{person.display_name} (id {person.id}): {exc}")
            continue
        for doc in docs:
            info = _info(person.id, person.display_name, doc)
            if info is None:
                continue
            if trainee is not None and not same_trainee(info.trainee, trainee):
                continue
            found.append(info)
    found.sort(key=lambda p: (p.started, p.updated, p.record_id, p.session_id))
    return found


#: A finished practice counts as a meeting with its persona (so the next practice is a later
#: meeting, in which the persona may trust the worker a little more) only when the trainee did
#: at least this much in it: this many moves in solo practice, or answers in paired role-play.
#: A practice opened and ended, or ended after a move or two, is a look round, not a meeting:
#: ending practices quickly must not open a persona up.
MEETING_AT_LEAST = 3


def counts_as_meeting(info: PracticeInfo) -> bool:
    """Whether a saved practice counts as a meeting with its persona (see
    :data:`MEETING_AT_LEAST`): finished, with enough done in it."""
    done = info.moves if info.mode == "solo" else info.answers
    return info.is_finished and done >= MEETING_AT_LEAST


def next_practice_meeting(
    practices: Iterable[PracticeInfo], persona_id: str, mode: str = "solo"
) -> int:
    """The number of the next practice meeting with ``persona_id`` in ``mode``: 1 + the
    trainee's practices with that persona, in that mode, that count as meetings. A paired
    role-play is not a meeting with the simulated persona (a colleague played it), nor a solo
    practice one with the colleague. ``practices``: one trainee's (:func:`list_practices`)."""
    return 1 + sum(
        1
        for p in practices
        if p.persona_id == persona_id and p.mode == mode and counts_as_meeting(p)
    )


def find_practice(store: CaseStore, ref: str) -> PracticeInfo:
    """The practice with this record id (its latest session if it holds more than one), or
    this session id. Raises :class:`PracticeNotFound` with a "did you mean" otherwise."""
    ref = ref.strip()
    practices = list_practices(store)
    by_record = [p for p in practices if p.record_id == ref]
    if by_record:
        return max(by_record, key=lambda p: (p.updated, p.started))
    by_session = [p for p in practices if p.session_id == ref]
    if len(by_session) == 1:
        return by_session[0]
    if len(by_session) > 1:
        ids = ", ".join(p.record_id for p in by_session)
        raise PracticeNotFound(
            f"The practice session {ref!r} is in more than one training record ({ids}). "
            "Use the record id."
        )
    if not practices:
        raise PracticeNotFound(
            f"There is no practice {ref!r}: the training records hold no practices yet."
        )
    hint = did_you_mean(ref, sorted({p.record_id for p in practices}))
    raise PracticeNotFound(
        f"There is no practice with the record id {ref!r}{hint}. "
        "`cpi-assistant train --list-practices` lists them."
    )


def load_practice_by_record(
    store: CaseStore,
    ref: str,
    *,
    content: Content | None = None,
    personas: dict[str, Persona] | None = None,
    clock: Callable[[], _dt.datetime] | None = None,
) -> tuple[PracticeInfo, TrainingSession]:
    """Find a practice by its record id (or session id) and open it again."""
    info = find_practice(store, ref)
    session = load_practice(
        store, info.record_id, info.session_id, content=content, personas=personas, clock=clock
    )
    return info, session
