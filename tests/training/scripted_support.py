"""Scripted practices: a trainee's moves as data, played through ``TrainingSession.take_move``.

A script is a list of ``(topic, moves)``. The topic is opened; each move is ``(step, Move)``:
the trainee goes on to that step (reading out what only says something, leaving the worker's
own questions for later, and making the script's ``usual`` move at the person's steps on the
way) and makes the move there. ``(ANY, Move)`` makes the move at the next person's step,
whatever it is. When a topic's moves are done, the trainee goes back to the topic list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.training.moves import Move, Turn
from assistant.training.session import TrainingSession

ANY = "*"
MAX_STEPS = 80

Script = list[tuple[str, list[tuple[str, Move]]]]


@dataclass
class Played:
    """What a script did: each turn by (topic, step, move kind), in order."""

    session: TrainingSession
    turns: list[tuple[str, str, Turn]] = field(default_factory=list)

    def moment(self, step: str, kind: str) -> int:
        """The moment of the first move of ``kind`` made at ``step``."""
        for _topic, at, turn in self.turns:
            if at == step and turn.move.kind == kind:
                return turn.moment
        made = [(at, turn.move.kind) for _, at, turn in self.turns]
        raise AssertionError(f"no {kind} move at {step}: {made}")


def _go_to(session: TrainingSession, topic: str, step_id: str, usual: Move, played: Played) -> bool:
    """Walk to ``step_id`` in ``topic``; False when the topic ends first."""
    conv = session.conversation
    for _ in range(MAX_STEPS):
        step = conv.step
        if step.kind == "topics":
            return False
        if step.kind in ("say", "end"):
            conv.proceed(by="worker")
            continue
        if not session.moves():
            session.skip()  # the worker's own question: not part of these scripts
            continue
        if step_id in (ANY, step.node_id) and step.topic is not None:
            return True
        turn = session.take_move(usual)
        played.turns.append((step.topic or "", step.node_id or "", turn))
    raise AssertionError(f"{topic}.{step_id} not reached in {MAX_STEPS} steps")


def play(session: TrainingSession, script: Script, usual: Move) -> Played:
    """Play ``script`` on ``session``; ``usual`` is the move at the steps the script passes."""
    played = Played(session)
    conv = session.conversation
    for topic, moves in script:
        conv.goto_topic(topic)
        for step_id, move in moves:
            if not _go_to(session, topic, step_id, usual, played):
                break
            step = conv.step
            turn = session.take_move(move)
            played.turns.append((step.topic or "", step.node_id or "", turn))
        if conv.step.kind != "topics":
            conv.park()
    return played
