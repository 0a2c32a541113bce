"""A referral's day at a review: the day of the status it has now, never the day of the one
before (a referral marked as sent does not read as sent on the day it was planned)."""

from __future__ import annotations

from typing import Any

from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content
from assistant.plans.from_session import build_plan, data_for_next_meeting

CREATED = "2026-12-06T10:00:00+00:00"
PLANNED_ON = "2026-11-04"
FIRST: dict[str, Any] = {
    "about": {"name": "Sam"},
    "agreement": {"date": PLANNED_ON},
    "referrals": {
        "list": [
            {"id": "r1", "to": "Chatterbox Calls", "status": "planned", "status_on": PLANNED_ON}
        ]
    },
}


def _review(content: Content, status: str) -> Conversation:
    """A review that answers the referral's status (the day, when asked, skipped) and goes on
    to the end of Looking back."""
    plan1 = build_plan(FIRST, created=CREATED)
    conv = Conversation(content, data_for_next_meeting(FIRST, plan1))
    conv.goto_topic("review")
    while conv.step.kind != "end" and conv.step.node_id != "ratings_menu":
        step = conv.step
        if step.kind == "say":
            conv.proceed(by=step.speaker)
        elif step.topic == "review_referral" and step.node_id == "status":
            conv.answer(status, by=step.speaker)
        else:
            conv.skip(by=step.speaker)
    return conv


def test_a_referral_changed_to_sent_afterwards_is_not_dated_the_day_it_was_planned(
    content: Content,
) -> None:
    # "Not been in touch yet" first (the day it was planned stays its day), then the answer
    # changed to "Been in touch" from the transcript, without going through the day again.
    conv = _review(content, "planned")
    conv.edit("referrals.list.#r1.status", "sent", by="person")
    plan = build_plan(conv.data, conv.log, content=content, created=CREATED)
    (referral,) = plan.referrals
    assert referral.status is not None and referral.status.code == "sent"
    assert referral.status_on != PLANNED_ON


def test_a_referral_still_planned_keeps_the_day_it_was_planned(content: Content) -> None:
    conv = _review(content, "planned")
    (referral,) = build_plan(conv.data, conv.log, content=content, created=CREATED).referrals
    assert referral.status_on == PLANNED_ON
