"""What helps the person when we talk (Getting started's ``session.what_helps``) is about them,
not one meeting: a later meeting starts with last time's words in the box, to be confirmed or
changed, as other carried answers are, and who said them first stays with them."""

from __future__ import annotations

from typing import Any

from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content
from assistant.plans.from_session import build_plan, data_for_next_meeting
from assistant.plans.model import Plan

CREATED = "2026-02-02T10:00:00+00:00"
HELPS = "Going slowly. Walking and talking."


def _to_what_helps(conv: Conversation) -> Conversation:
    """Getting started, each step before "what helps" passed by (the keyboard skipped)."""
    conv.goto_topic("getting_started")
    while conv.step.node_id != "what_helps":
        step = conv.step
        if step.kind == "say":
            conv.proceed(by=step.speaker)
        else:
            conv.skip(by=step.speaker)
    return conv


def _first_meeting(content: Content) -> tuple[Conversation, Plan]:
    """A first meeting where the person says what helps when we talk, and its plan."""
    conv = Conversation(content, {"about": {"name": "Sam"}, "agreement": {"date": "2026-01-05"}})
    _to_what_helps(conv).answer(HELPS, by="person")
    return conv, build_plan(conv.data, conv.log, content=content, created=CREATED)


def test_a_review_offers_last_times_words_on_what_helps_when_we_talk(content: Content) -> None:
    first, plan1 = _first_meeting(content)
    review = _to_what_helps(Conversation(content, data_for_next_meeting(first.data, plan1)))
    assert review.step.value == HELPS
    assert not review.step.suggested  # an answer on record, as other carried answers are


def test_words_confirmed_at_a_review_stay_said_by_the_person(content: Content) -> None:
    first, plan1 = _first_meeting(content)
    review = _to_what_helps(Conversation(content, data_for_next_meeting(first.data, plan1)))
    review.answer(HELPS, by="worker")  # the box saved as it was
    plan2 = build_plan(review.data, review.log, plan1, content=content, created=CREATED)
    helps = plan2.participation.what_helps
    assert helps is not None
    assert (helps.text, helps.proposed_by, helps.changed_by) == (HELPS, "person", [])


def test_words_from_before_a_meeting_that_did_not_ask_are_offered_from_the_plan(
    content: Content,
) -> None:
    # A meeting saved before the words were carried: its answers have none, its plan has them.
    first, plan1 = _first_meeting(content)
    last: dict[str, Any] = {k: v for k, v in first.data.items() if k != "session"}
    review = _to_what_helps(Conversation(content, data_for_next_meeting(last, plan1)))
    assert review.step.value == HELPS
