"""A hand-built practice for the rubric and replay tests: real engine steps, events as design §3.

``Practice`` drives the ordinary engine to a step, then records the trainee's move and the
persona's reaction the way ``TrainingSession.take_move`` does (a ``move`` event first, then
what followed), so a test states exactly the moments it scores.
"""

from __future__ import annotations

from typing import Any

from training_support import Clock

from assistant.engine.conversation import Conversation, Step
from assistant.flows.loader import Content


class Practice:
    """A conversation on the shipped content and the events of a practice, built by hand."""

    def __init__(self, content: Content) -> None:
        self.clock = Clock()
        self.seconds = 0
        self.conversation = Conversation(content, clock=self.clock)
        self.events: list[dict[str, Any]] = []

    def tick(self) -> None:
        self.seconds += 10
        self.clock.at(self.seconds)

    def at(self, topic: str, node: str) -> Practice:
        """Open ``topic`` and walk to step ``node`` (say steps read, questions passed over)."""
        conv = self.conversation
        if conv.step.kind != "topics" and conv.step.topic == topic and conv.step.node_id == node:
            return self
        conv.goto_topic(topic)
        for _ in range(60):
            step = conv.step
            if step.topic == topic and step.node_id == node:
                return self
            if step.kind == "say":
                conv.proceed(by="person")
            elif step.kind == "ask":
                conv.skip(by="person")
            else:
                raise AssertionError(f"cannot walk past {step.topic}.{step.node_id}")
        raise AssertionError(f"{topic}.{node} not reached")

    def event(self, kind: str, *, step: Step | None = None, **fields: Any) -> int:
        """An event at ``step`` (default: the step on screen now)."""
        self.tick()
        step = step or self.conversation.step
        self.events.append(
            {
                "kind": kind,
                "at": self.clock().isoformat(timespec="seconds"),
                "after_seq": len(self.conversation.log),
                "topic": step.topic,
                "node": step.node_id,
                **fields,
            }
        )
        return len(self.events) - 1

    def move(self, kind: str, words: str = "", value: Any = None) -> int:
        return self.event("move", move=kind, words=words, value=value)

    def says(self, words: str) -> int:
        return self.event("persona", words=words, action="answer", source="test", about=[])

    def person(self, value: Any, words: str = "") -> None:
        """The persona answers the step (its words first, as an event, then the answer)."""
        self.says(words or str(value))
        self.tick()
        self.conversation.answer(value, by="person")

    def ask(self, kind: str, value: Any, words: str = "") -> int:
        """A move at this step and the persona's answer; returns the move's moment."""
        moment = self.move(kind, words)
        self.person(value)
        return moment

    def answer_for(self, value: Any) -> int:
        moment = self.move("answer_for", str(value), value)
        step = self.conversation.step
        self.tick()
        self.conversation.answer(value, by="worker")
        self.event("talked_over", step=step, words="I can speak for myself.", value=value)
        return moment

    def leave(self) -> int:
        moment = self.move("move_on")
        step = self.conversation.step
        self.tick()
        self.conversation.skip(by="worker")
        self.event("skipped", step=step, by="worker")
        return moment

    def propose(self, text: str, outcome: str, *, invited: bool, idea_from: str = "") -> int:
        """A proposal and its judgement (nothing stored: the store is B's and A's part)."""
        self.move("propose", text)
        return self.event(
            outcome,
            proposal=text,
            words="Not for me." if outcome != "accepted" else "Yes, alright.",
            reason="test",
            idea=None,
            idea_from=idea_from or ("together" if invited else "worker"),
            invited=invited,
            store="goals.list",
        )
