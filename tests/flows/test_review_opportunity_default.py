"""Looking back at a thing to try starts on last time's answer (walkthrough finding 11).

One Enter on "Have you been?" must not record a step back ("Not yet" after "I keep going").
"""

from __future__ import annotations

from typing import Any

from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content


def _status_steps(content: Content, data: dict[str, Any]) -> list[Any]:
    """The review's "have you been?" questions as first shown (everything else skipped)."""
    conv = Conversation(content, data)
    conv.goto_topic("review")
    found = []
    for _ in range(200):
        step = conv.step
        if step.kind == "topics":
            return found
        if step.kind == "menu":
            conv.choose(step.options[0][0])
        elif step.kind in ("say", "end"):
            conv.proceed()
        else:
            if step.node_id == "status" and "have you been?" in step.text:
                found.append(step)
            conv.skip()
    raise AssertionError("the review did not end")


def test_have_you_been_starts_on_last_times_answer(content: Content) -> None:
    data = {
        "about": {"name": "Sam"},
        "previous": {"date": "2026-11-04", "opportunities_open": ["a1", "a2"]},
        "community": {
            "list": [
                {"id": "a1", "what": "Choir", "status_before": "going"},
                {"id": "a2", "what": "Garden"},
            ]
        },
    }
    first, second = _status_steps(content, data)
    assert first.value == "going"
    assert second.value is None  # nothing last time: no answer is suggested
