"""The worker's reflection on a meeting: a worker-only topic run on that meeting, later.

The reflection topic (``worker_only: true`` in its file, e.g.
content/flows/worker_reflection.yaml) is never in the pair's topic list. It is opened for
the person's latest *finished* meeting, on that meeting's own conversation, so each answer
is saved with the meeting in the case record exactly as the meeting's answers are (one
durable write per answer, with its audit event): erasing the record or the meeting removes
it, and a subject-access export (``export-all``) has it. Its answers are kept under
``reflection.*``, which no plan reads (``plans.from_session`` builds each part from its own
answers) and which is not carried into the next meeting
(``plans.from_session.data_for_next_meeting``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content
from assistant.meetings.directory import with_person
from assistant.meetings.history import History, history_of
from assistant.meetings.meeting import Meeting
from assistant.meetings.opening import OpenableCase, starting_data
from assistant.plans.state import long_day

#: The Meeting kind of a reflection (the worker alone, after the meeting).
REFLECTION_KIND = "reflection"


class NoReflection(Exception):
    """There is nothing to reflect on (no finished meeting, or no reflection topic)."""


def reflection_topic(content: Content | None) -> str | None:
    """The id of the content's worker-only topic (the first by `order`), or None."""
    if content is None:
        return None
    found = [i.topic for i in content.topics.values() if i.topic.worker_only]
    if not found:
        return None
    return min(found, key=lambda t: (t.order, t.id)).id


def can_reflect(history: History | None) -> bool:
    """True when the person's latest meeting is finished (it is what a reflection is on)."""
    return (
        history is not None
        and history.meetings > 0
        and not history.open_session
        and history.last_state is not None
    )


def open_reflection(
    case: OpenableCase, content: Content, *, clock: Callable[[], str] | None = None
) -> Meeting:
    """The person's latest finished meeting, reopened on its reflection topic.

    Saving goes into that meeting's session (as its answers did), so a reflection needs the
    person's agreement to keep a record just as the meeting did. Raises :class:`NoReflection`
    when there is no finished meeting or no worker-only topic; the engine's errors when the
    saved meeting cannot be read with this content.
    """
    topic = reflection_topic(content)
    if topic is None:
        raise NoReflection("These topics have no reflection for the worker.")
    history = history_of(case)
    if not can_reflect(history):
        raise NoReflection("There is no finished meeting to reflect on yet.")
    assert history.last_state is not None and history.last_session is not None
    person = case.person
    state: dict[str, Any] = dict(history.last_state)
    state["data"] = starting_data(state.get("data"), person, new=False)
    conv = Conversation.from_state(with_person(content, person), state)
    meeting = Meeting(
        conv,
        case,
        history.last_session,
        clock=clock,
        kind=REFLECTION_KIND,
        saved_upto=len(conv.log),
        person=person,
    )
    if not meeting.recording:
        # Nothing of it could be kept: say so before the worker writes anything.
        raise NoReflection(
            "The person did not agree to keep a record at this meeting, so a reflection "
            "cannot be saved with it."
        )
    opened = meeting.goto_topic(topic)
    if not opened.done:
        raise NoReflection(opened.message)
    return meeting


def reflection_done(meeting: Meeting) -> bool:
    """True once the reflection topic has been left (its closing line acknowledged)."""
    return meeting.conv.current_topic is None


def meeting_day(case: OpenableCase) -> str:
    """The day the reflection's meeting (the person's latest) began, in words ("Tuesday 1
    December"), or "" when the record does not say: the reflection may be written days later,
    so the worker is shown which meeting it is about."""
    latest = case.latest_session()  # not every meeting: earlier ones may be archived
    started = latest.get("started") if latest else None
    return long_day(started) if isinstance(started, str) else ""
