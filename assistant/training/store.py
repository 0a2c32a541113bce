"""Saving practice sessions in the separate training store, never beside real records.

The records package keeps training records in ``<data dir>/training/`` (its own index, its
own files): they are never listed, searched or exported with real records. These helpers refuse
a real store outright, so a practice session cannot end up in one by mistake.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.records import open_store
from assistant.training.session import TrainingError, TrainingSession

if TYPE_CHECKING:
    from assistant.flows.loader import Content
    from assistant.records import CaseStore
    from assistant.training.model import Persona


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
    """How a practice record is listed in the training store."""
    return f"{session.persona.name} (fictional, {session.mode} practice)"


def save_practice(
    store: CaseStore,
    session: TrainingSession,
    *,
    person_id: str | None = None,
    session_id: str | None = None,
) -> tuple[str, str]:
    """Save the session in the training store; returns (record id, session id).

    Call again with the returned ids to save later progress into the same record. Only the
    log entries not saved before are added to the record's audit trail.
    """
    _check(store)
    person_id = person_id or store.create_person(practice_name(session))
    if session_id is None:
        started = session.started.replace(":", "").replace("-", "")[:15]
        session_id = f"practice-{session.persona.id}-{started}"
    state = session.to_state()
    new_entries = session.conversation.log[session.saved_upto :]
    with store.open(person_id) as case:
        case.save_session(session_id, state, new_entries)
    session.saved_upto = len(session.conversation.log)
    return person_id, session_id


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
