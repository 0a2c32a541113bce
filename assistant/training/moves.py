"""The trainee's turn in solo practice: the worker's moves at the person's steps.

At each step that is the person's to answer, the trainee makes a move (asks openly, reflects,
offers the keyboard, suggests an idea, answers for them...) and the persona reacts to that move
only: the conversation goes at most one step on. See :meth:`TrainingSession.take_move`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from assistant import store_paths as sp
from assistant.engine.conversation import Step
from assistant.flows import model as m
from assistant.flows.loader import Content

MoveKind = Literal[
    "open_question",
    "reflect",
    "closed_question",
    "offer_keyboard",
    "explain_record",
    "invite_ideas",
    "propose",
    "answer_for",
    "move_on",
]
# Reactions a persona can have to a move (Turn.reaction).
REACTIONS: tuple[str, ...] = (
    "answered",
    "not_today",
    "accepted",
    "not_yet",
    "refused",
    "talked_over",
    "side",
    "skipped",
)
# Store paths where the worker may suggest something for the person (a goal, a thing to try).
PROPOSAL_STORES: tuple[str, ...] = (sp.GOALS_LIST, sp.COMMUNITY_LIST)


@dataclass(frozen=True)
class MoveInfo:
    """One move as the move panel shows it: its key, plain label and one line of help."""

    kind: MoveKind
    key: str
    label: str
    help: str
    needs_words: bool


MOVES: tuple[MoveInfo, ...] = (
    MoveInfo(
        "open_question",
        "1",
        "Ask it openly",
        "Ask the question in an open way and let them answer in their own words.",
        False,
    ),
    MoveInfo(
        "reflect",
        "2",
        "Reflect back what they said",
        "Say back what you heard earlier, then ask. It shows you were listening.",
        False,
    ),
    MoveInfo(
        "closed_question",
        "3",
        "Ask a yes/no or leading question",
        "A quick, closed question. You get a short answer and learn little.",
        False,
    ),
    MoveInfo(
        "offer_keyboard",
        "4",
        "Offer them the keyboard",
        "Ask if they would like to type or read the screen themselves.",
        False,
    ),
    MoveInfo(
        "explain_record",
        "5",
        "Explain what is written down and who sees it",
        "Say what goes in the record, who reads it and that they can say no.",
        False,
    ),
    MoveInfo(
        "invite_ideas",
        "6",
        "Ask for their ideas first",
        "Ask what they would like to try before you suggest anything.",
        False,
    ),
    MoveInfo(
        "propose",
        "7",
        "Suggest an idea",
        "Type an idea of your own. They may take it up, say not yet, or turn it down.",
        True,
    ),
    MoveInfo(
        "answer_for",
        "8",
        "Answer for them",
        "Type the answer yourself, over their head. It goes in as yours.",
        True,
    ),
    MoveInfo(
        "move_on",
        "9",
        "Leave this one for now",
        "Skip this question and go on. You can come back to it.",
        False,
    ),
)
MOVE_INFO: dict[str, MoveInfo] = {info.kind: info for info in MOVES}


@dataclass(frozen=True)
class Move:
    """What the trainee does: the kind of move and, optionally, how they put it.

    ``words``: the trainee's own words (kept in the transcript and the feedback); for
    ``propose`` the idea itself. ``value``: for ``answer_for``, the value to store (when None,
    the words are stored).
    """

    kind: MoveKind
    words: str = ""
    value: Any = None


@dataclass(frozen=True)
class Turn:
    """How the persona reacted to one move.

    ``reaction``: answered, not_today, accepted, not_yet, refused, talked_over, side (the
    keyboard or the record was explained: the step stays), skipped (the worker moved on).
    ``moment``: the index in ``session.events`` of this move's ``move`` event.
    """

    move: Move
    reaction: str
    words: str
    warmth_before: int
    warmth_after: int
    moment: int


def is_proposal_step(step: Step) -> bool:
    """True at a goal or things-to-try list, where the worker may suggest an idea."""
    return step.kind == "ask" and step.node.store in PROPOSAL_STORES


def is_persons_step(step: Step) -> bool:
    """True when the step is the person's to answer (a move is the trainee's way in).

    Not the topic list, not a step for the worker only, not a step that only says something
    (the trainee goes on from those with Enter) and not the end of a topic.
    """
    return step.kind in ("ask", "menu") and step.speaker != "worker"


def can_leave(step: Step, content: Content | None = None) -> bool:
    """True when the worker can leave this question for now (move 9) and the conversation
    goes somewhere: an ask step that may be skipped, or a menu with a ``fallback`` or a step
    after it (a menu with neither only goes on by picking an option, so "Leave this one for
    now" would change nothing). Without ``content`` a menu's next step is not known, so a
    menu counts as one that can be left (the engine says so if it cannot)."""
    if step.kind == "ask":
        return step.can_skip
    if step.kind != "menu" or not isinstance(step.node, m.MenuNode):
        return False
    node = step.node
    if node.fallback or node.next or content is None:
        return True
    index = content.topics.get(step.topic or "")
    return index is not None and index.next_of(node) is not None


def moves_for(
    step: Step, content: Content | None = None, *, heard: bool = True
) -> tuple[MoveInfo, ...]:
    """The moves that fit this step, in the order (and with the keys) of :data:`MOVES`.

    ``content``: the content the step comes from, to know whether a menu can be left (see
    :func:`can_leave`); give it whenever you have it. ``heard``: whether the person has said
    anything yet in this meeting (:attr:`TrainingSession.has_spoken`): until they have, there
    is nothing to reflect back, so "Reflect back what they said" is not offered."""
    if not is_persons_step(step):
        return ()
    fit: set[str] = {"offer_keyboard", "explain_record", "move_on"}
    if is_proposal_step(step):
        # A list of goals or things to try: asking openly here is asking for their ideas,
        # and typing one in is suggesting it.
        fit |= {"invite_ideas", "propose"}
    else:
        fit |= {"open_question", "answer_for"}
        if heard:
            fit.add("reflect")
        if step.kind == "ask":
            fit.add("closed_question")
    if not can_leave(step, content):
        fit.discard("move_on")
    return tuple(info for info in MOVES if info.kind in fit)
