"""A referral's status changed back from the transcript ("We have been in touch" to "We are
going to get in touch"): the day it was sent is not the day of the status it has now, so
no copy dates the plan to get in touch on the day it was sent. The log keeps both."""

from __future__ import annotations

from typing import Any

from assistant.engine.conversation import Conversation
from assistant.export.render import render
from assistant.flows.loader import Content
from assistant.plans.from_session import build_plan, data_for_next_meeting
from assistant.plans.model import Audience, Plan

CREATED = "2026-12-06T10:00:00+00:00"
MEETING = "2026-12-06"
SENT_ON = "2026-12-01"
STATUS = "referrals.list.#r1.status"


def _meeting(content: Content, data: dict[str, Any], topic: str, status: str) -> Conversation:
    """``topic`` played with the referral's status answered (and the day, when asked, as
    SENT_ON); everything else skipped."""
    conv = Conversation(content, data)
    conv.goto_topic(topic)
    while conv.step.kind != "end" and conv.step.topic in (
        topic,
        "referral_steps",
        "review_referral",
    ):
        step = conv.step
        if step.kind == "say":
            conv.proceed(by=step.speaker)
        elif step.node_id == "status":
            conv.answer(status, by=step.speaker)
        elif step.node_id == "status_on":
            conv.answer(SENT_ON, by=step.speaker)
        else:
            conv.skip(by=step.speaker)
    return conv


def _first_meeting(content: Content) -> Conversation:
    data = {
        "about": {"name": "Sam"},
        "agreement": {"date": MEETING},
        "referrals": {"list": [{"id": "r1", "to": "Chatterbox Calls"}]},
    }
    conv = _meeting(content, data, "referrals", "sent")
    conv.edit(STATUS, "planned", by="person")
    return conv


def _plan(content: Content, conv: Conversation) -> Plan:
    return build_plan(conv.data, conv.log, content=content, created=CREATED)


def test_a_referral_taken_back_to_planned_is_dated_the_day_it_was_planned(
    content: Content,
) -> None:
    (referral,) = _plan(content, _first_meeting(content)).referrals
    assert referral.status is not None and referral.status.code == "planned"
    assert referral.status_on == MEETING
    assert [(h.status, h.date) for h in referral.history] == [("planned", MEETING)]


def test_no_copy_gives_the_day_it_was_sent_once_it_is_planned_again(content: Content) -> None:
    plan = _plan(content, _first_meeting(content))
    own = plan.model_copy(update={"audience": Audience(kind="person")})
    for fmt in ("txt", "easy"):
        text = render(own, fmt).decode()
        assert "1 December 2026" not in text, fmt
        assert "6 December 2026" in text, fmt


def test_the_log_keeps_the_day_it_was_sent_and_the_change(content: Content) -> None:
    conv = _first_meeting(content)
    said = [(e["action"], e.get("path"), e.get("value")) for e in conv.log]
    assert ("answered", "referrals.list.#r1.status_on", SENT_ON) in said
    assert ("changed", STATUS, "planned") in said


def test_at_a_review_a_status_taken_back_keeps_the_day_it_had_before(content: Content) -> None:
    first = {
        "about": {"name": "Sam"},
        "agreement": {"date": "2026-11-04"},
        "referrals": {
            "list": [
                {
                    "id": "r1",
                    "to": "Chatterbox Calls",
                    "status": "planned",
                    "status_on": "2026-11-04",
                }
            ]
        },
    }
    plan1 = build_plan(first, created=CREATED)
    conv = _meeting(content, data_for_next_meeting(first, plan1), "review", "sent")
    conv.edit(STATUS, "planned", by="person")
    (referral,) = build_plan(conv.data, conv.log, plan1, content=content, created=CREATED).referrals
    assert referral.status is not None and referral.status.code == "planned"
    assert referral.status_on == "2026-11-04"
    assert [(h.status, h.date) for h in referral.history] == [("planned", "2026-11-04")]


def test_saving_the_list_again_does_not_bring_the_sent_day_back(content: Content) -> None:
    # The list question saves every record whole: the day it was sent, written again as it
    # was, is not a day given for the status it has now.
    conv = _first_meeting(content)
    again = [*conv.data["referrals"]["list"], {"id": "r2", "to": "Hollins Park Friends"}]
    conv.edit("referrals.list", again, by="both")
    first = next(r for r in _plan(content, conv).referrals if r.to == "Chatterbox Calls")
    assert (first.status_on, [(h.status, h.date) for h in first.history]) == (
        MEETING,
        [("planned", MEETING)],
    )


def test_the_next_review_is_told_the_day_it_was_planned(content: Content) -> None:
    # review_referral reads the day back ("Last time (on ...)"): the plan's day, not the day
    # it was sent before it was changed back.
    conv = _first_meeting(content)
    carried = data_for_next_meeting(conv.data, _plan(content, conv))
    (record,) = carried["referrals"]["list"]
    assert (record["status_before"], record["status_on_before"]) == ("planned", MEETING)
