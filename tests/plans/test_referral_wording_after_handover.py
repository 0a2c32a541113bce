"""After a handover (a review with another worker than last time), the words still to send
for a referral are from today's worker: "My name is ..." and the name they are signed with.
Words already sent keep the name they went with."""

from __future__ import annotations

import dataclasses
from typing import Any

from assistant.agency import Agency, Worker
from assistant.directory.referral import message
from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content
from assistant.plans.from_session import build_plan, data_for_next_meeting
from assistant.plans.model import Referral
from assistant.records.case import audit_event_from_log

CREATED = "2026-12-06T10:00:00+00:00"
EARLIER, TODAY = "Priya Patel", "Tom Baker"


def _with_worker(content: Content, name: str) -> Content:
    agency = Agency(organisation="Brackenford Mind", worker=Worker(name=name))
    return dataclasses.replace(content, agency=agency)


def _first(status: str) -> dict[str, Any]:
    wording = message(
        None,
        "Sam",
        EARLIER,
        by_whom="worker",
        to="Chatterbox Calls",
        organisation="Brackenford Mind",
    )
    return {
        "about": {"name": "Sam"},
        "agreement": {"date": "2026-11-04"},
        "referrals": {
            "list": [
                {
                    "id": "r1",
                    "to": "Chatterbox Calls",
                    "by_whom": "worker",
                    "status": status,
                    "status_on": "2026-11-04",
                    "message": wording,
                }
            ]
        },
    }


def _review(content: Content, status: str, worker: str = TODAY) -> Conversation:
    """A review with ``worker`` (the last meeting's was EARLIER) that keeps the referral's
    status and skips everything else."""
    first = _first(status)
    plan1 = build_plan(first, created=CREATED)
    today = _with_worker(content, worker)
    conv = Conversation(today, data_for_next_meeting(first, plan1, worker=EARLIER))
    conv.goto_topic("review")
    while conv.step.kind != "end" and conv.step.node_id != "ratings_menu":
        step = conv.step
        if step.kind == "say":
            conv.proceed(by=step.speaker)
        else:
            conv.skip(by=step.speaker)
    return conv


def _reviewed(content: Content, status: str, worker: str = TODAY) -> Referral:
    """The referral after :func:`_review`."""
    conv = _review(content, status, worker)
    plan1 = build_plan(_first(status), created=CREATED)
    today = conv.content
    (referral,) = build_plan(conv.data, conv.log, plan1, content=today, created=CREATED).referrals
    return referral


def test_words_still_to_send_are_signed_by_today_s_worker(content: Content) -> None:
    referral = _reviewed(content, "planned")
    assert referral.message is not None
    words = referral.message.text
    assert f"My name is {TODAY} and I work at Brackenford Mind." in words
    assert words.splitlines()[-1] == TODAY
    assert EARLIER not in words


def test_the_re_signing_is_said_in_the_conversation_and_audited(content: Content) -> None:
    # Done by a `set` step, it used to change only the plan: neither the audit trail nor
    # the conversation said the words to send had changed.
    conv = _review(content, "planned")
    [change] = [e for e in conv.transcript() if e.action == "changed"]
    assert change.prompt == (
        f"The words to send to Chatterbox Calls are now from {TODAY}, not {EARLIER}."
    )
    assert (change.path, change.by) == ("referrals.list.#r1.message", "worker")
    [entry] = [e for e in conv.log if e["seq"] == change.seq]
    event = audit_event_from_log(entry, "s2")
    assert event["kind"] == "answer_changed"
    assert f"My name is {EARLIER}" in event["old"]
    assert f"My name is {TODAY}" in event["value"]


def test_words_left_as_they_were_are_not_said_to_have_changed(content: Content) -> None:
    conv = _review(content, "planned", worker=EARLIER)
    assert [e for e in conv.log if e["action"] == "changed"] == []


def test_words_already_sent_keep_the_name_they_went_with(content: Content) -> None:
    referral = _reviewed(content, "sent")
    assert referral.message is not None
    assert f"My name is {EARLIER}" in referral.message.text


def test_the_same_worker_s_words_stay_as_they_are(content: Content) -> None:
    referral = _reviewed(content, "planned", worker=EARLIER)
    assert referral.message is not None
    assert referral.message.text == _first("planned")["referrals"]["list"][0]["message"]
