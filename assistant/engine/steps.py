"""What the engine shows and says: the step to show, topics and their status, the transcript,
who gave an answer, and the engine's errors.

Plain values only: nothing here changes the conversation (that is ``conversation.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from assistant.flows import model as m

By = Literal["person", "worker", "both"]
BY_VALUES = ("person", "worker", "both")
Status = Literal["not_started", "in_progress", "parked", "done"]
STATUS_WORDS: dict[str, str] = {
    "not_started": "not started",
    "in_progress": "in progress",
    "parked": "parked",
    "done": "done",
}


class FlowError(Exception):
    """The content cannot go on from here (a dead end or a broken template).

    The state is left exactly as it was before the action that hit it.
    """


class StateError(Exception):
    """A saved conversation that cannot be resumed (e.g. made by a newer version)."""


def check_by(by: str) -> str:
    """``by`` itself, if it is one of :data:`BY_VALUES` (who gave an answer)."""
    if by not in BY_VALUES:
        raise ValueError(f"`by` must be one of {BY_VALUES}, not {by!r}")
    return by


@dataclass(frozen=True)
class TopicInfo:
    id: str
    title: str
    description: str
    status: Status
    tags: tuple[str, ...]

    @property
    def status_words(self) -> str:
        return STATUS_WORDS[self.status]


@dataclass(frozen=True)
class Step:
    """What to show now. ``kind`` is say, ask, menu, end, or topics (choose a topic)."""

    kind: str
    topic: str | None = None
    node_id: str | None = None
    text: str = ""
    speaker: str = "both"
    guidance: str = ""
    tags: tuple[str, ...] = ()
    node: Any = None
    path: str | None = None
    value: Any = None
    options: tuple[tuple[str, str], ...] = ()
    #: The options (values) that are only ever picked on their own (``alone: true``).
    alone: tuple[str, ...] = ()
    #: The words an option's answer is kept in where they are not its label (``said``):
    #: the label may hold what helps to choose (when it is on, a note to check it fits).
    said: tuple[tuple[str, str], ...] = ()
    depth: int = 0
    loop_label: str = ""
    hint: str = ""
    #: ``value`` is the question's default (``default``/``default_from``), not an answer
    #: given: nothing is stored yet.
    suggested: bool = False

    @property
    def answer_type(self) -> str | None:
        return self.node.type if isinstance(self.node, m.AskNode) else None

    @property
    def empty_answer(self) -> str | None:
        """The words an empty typed answer gives (the question's ``empty_answer``), if any."""
        if isinstance(self.node, m.AskNode) and self.node.type in ("text", "long_text"):
            return self.node.empty_answer
        return None

    @property
    def can_skip(self) -> bool:
        if isinstance(self.node, m.AskNode):
            return self.node.can_skip
        return self.kind in ("say", "end")


@dataclass(frozen=True)
class TranscriptEntry:
    seq: int
    action: str
    topic: str
    node: str
    prompt: str
    path: str | None
    value: Any
    by: str
    at: str
    #: The words of the chosen options as they were offered, for options worked out as the
    #: question was asked (``options_from``): later they may not be worked out the same way.
    labels: tuple[tuple[str, str], ...] = ()
    #: Given again exactly as it already was (e.g. carried from the last meeting and saved
    #: unchanged at a review): kept by whoever saved it, not newly said by them.
    kept: bool = False
    #: A change that corrects a mistake in the record (``reason: "correction"`` in its log
    #: entry): the conversation says it corrected the earlier answer, as the audit does.
    corrected: bool = False
    #: Words the app suggested (a referral's drafted message), taken as offered
    #: (``suggested`` in its log entry): the conversation says the app suggested them and
    #: who agreed, as the audit and the subject access export do, never that they said them.
    suggested: bool = False
    #: A list that had entries given as empty (each one taken off on purpose): the
    #: conversation says it was emptied, never that nothing was ever added to it.
    emptied: bool = False
