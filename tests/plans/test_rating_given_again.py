"""A life-area rating stays credited to whoever gave it when its question is answered again
as it was by someone else (the topic gone through again, the number on screen confirmed)."""

from __future__ import annotations

from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content
from assistant.plans.from_session import build_plan


def _rate_every_area(conv: Conversation, by: str) -> None:
    """What matters to me, through to its last line: every area rated (5, or the number
    already there) by ``by``, every other question left."""
    conv.goto_topic("what_matters")
    while conv.step.kind != "end":
        step = conv.step
        if step.kind == "menu":
            conv.choose("ratings_now", by=by)
        elif step.kind == "say":
            conv.proceed(by=by)
        elif step.path and step.path.startswith("ratings."):
            conv.answer(step.value if step.value is not None else 5, by=by)
        else:
            conv.skip(by=by)
    conv.proceed(by=by)


def test_a_rating_given_again_as_it_was_stays_with_who_gave_it(content: Content) -> None:
    conv = Conversation(content, {"about": {"name": "Sam"}})
    _rate_every_area(conv, "person")
    _rate_every_area(conv, "worker")  # the topic looked at again, each number confirmed
    given = [e for e in conv.log if e.get("path") == "ratings.mental_health"]
    assert [(e["by"], e["value"]) for e in given] == [("person", 5), ("worker", 5)]
    plan = build_plan(conv.data, conv.log, content=content)
    mental_health = next(a for a in plan.life_areas if a.area == "mental_health")
    assert (mental_health.value, mental_health.proposed_by) == (5, "person")
