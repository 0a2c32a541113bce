"""A referral's wording the app drafted and the people took as offered is marked in the
answer log as the app's suggestion (``suggested``), so the subject access export and the
audit trail do not credit the words to the person as if they had written them."""

from __future__ import annotations

from typing import Any

from assistant.cli.records import _describe
from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content
from assistant.meetings.subject_access import meeting_answers

ENTRY = "brackenford_befriending"
AS_OFFERED = object()  # answer the message step with the words it offers


def _message_entry(content: Content, message: Any) -> dict[str, Any]:
    """The log entry of the referral's message, answered by the person with ``message``
    (other questions: consent yes, by phone, the rest skipped)."""
    data = {
        "about": {"name": "Sam"},
        "community": {"from_directory": [ENTRY], "picks_carried": [ENTRY]},
    }
    conv = Conversation(content, data)
    conv.goto_topic("referrals")
    answers = {"from_directory": [ENTRY], "consent": "yes", "route": "phone"}
    for _ in range(200):
        step = conv.step
        if step.kind == "topics":
            break
        wanted = answers.get(step.node_id or "")
        if step.topic == "referrals" and step.node_id == "list":
            wanted = step.value
        if step.topic == "referral_steps" and step.node_id == "message":
            wanted = step.value if message is AS_OFFERED else message
        if step.kind == "menu":
            conv.choose(step.options[0][0])
        elif step.kind in ("say", "end"):
            conv.proceed()
        elif wanted is None:
            conv.skip()
        else:
            conv.answer(wanted, by="person")
    [entry] = [e for e in conv.log if e.get("path", "").endswith(".message")]
    return entry


def test_wording_taken_as_the_app_offered_it_is_marked_as_its_suggestion(
    content: Content,
) -> None:
    entry = _message_entry(content, AS_OFFERED)
    assert entry["by"] == "person"
    assert entry["suggested"] is True


def test_wording_the_people_changed_is_theirs(content: Content) -> None:
    entry = _message_entry(content, "Hi, it's Sam. Can I come along on Tuesday?")
    assert "suggested" not in entry


def test_the_subject_access_export_says_the_app_suggested_the_words_and_you_agreed() -> None:
    entry = {
        "seq": 1,
        "action": "answered",
        "topic": "referral_steps",
        "node": "message",
        "prompt": "Here are some words you could send or say.",
        "path": "referrals.list.0.message",
        "value": "Hello, my name is Sam.",
        "by": "person",
        "suggested": True,
    }
    [answer] = meeting_answers([entry], None)
    assert answer.by == "suggested by the app, agreed by you"


def test_the_audit_trail_says_the_app_suggested_the_words() -> None:
    event = {
        "at": "2027-03-03T10:00:00",
        "kind": "answer_given",
        "path": "referrals.list.0.message",
        "value": "Hello, my name is Sam.",
        "by": "person",
        "suggested": True,
    }
    line = _describe(event)
    assert line.endswith("suggested by the app, agreed by person")
    assert "suggested=" not in line


def test_a_choice_shown_preselected_is_still_the_people_s_pick(content: Content) -> None:
    data = {"about": {"name": "Sam"}}
    conv = Conversation(content, data)
    conv.goto_topic("closing")
    for _ in range(100):
        step = conv.step
        if step.node_id == "review_by":
            assert step.suggested  # "My worker" is offered preselected
            conv.answer(step.value, by="person")
            break
        if step.kind == "menu":
            conv.choose(step.options[0][0])
        elif step.kind in ("say", "end"):
            conv.proceed()
        else:
            conv.skip()
    [entry] = [e for e in conv.log if e.get("path") == "agreement.review_by"]
    assert "suggested" not in entry


def test_a_goal_s_own_words_offered_again_to_reword_it_are_not_the_app_s(
    content: Content,
) -> None:
    # Looking back's "Change it" offers the goal's words as they are (default_from:
    # goal.what): kept as offered, they are still the person's words, not a suggestion.
    from assistant.plans.from_session import build_plan, data_for_next_meeting

    first = {
        "about": {"name": "Sam"},
        "agreement": {"date": "2025-03-03"},
        "goals": {"list": [{"id": "g1", "what": "See Jo more often"}]},
    }
    last = build_plan(first, created="2026-02-02T10:00:00+00:00")
    conv = Conversation(content, data_for_next_meeting(first, last))
    conv.goto_topic("review")
    reworded = None
    while conv.step.kind != "end" and conv.step.node_id != "ratings_menu":
        step = conv.step
        if step.kind == "say":
            conv.proceed(by=step.speaker)
        elif step.node_id == "reword":
            assert step.suggested and step.value == "See Jo more often"
            reworded = step.path
            conv.answer(step.value, by="person")
        elif step.node_id in ("progress", "next"):
            conv.answer({"progress": "closer", "next": "change"}[step.node_id], by=step.speaker)
        else:
            conv.skip(by=step.speaker)
    [entry] = [e for e in conv.log if e.get("path") == reworded and e["action"] == "answered"]
    assert "suggested" not in entry


def _offered_message_conversation(content: Content) -> Conversation:
    """A meeting in which the person took the referral's drafted message as offered."""
    conv = Conversation(
        content,
        {
            "about": {"name": "Sam"},
            "community": {"from_directory": [ENTRY], "picks_carried": [ENTRY]},
        },
    )
    conv.goto_topic("referrals")
    answers = {"from_directory": [ENTRY], "consent": "yes", "route": "phone"}
    for _ in range(200):
        step = conv.step
        if step.kind == "topics":
            break
        wanted = answers.get(step.node_id or "")
        if (step.topic, step.node_id) in (("referrals", "list"), ("referral_steps", "message")):
            wanted = step.value
        if step.kind == "menu":
            conv.choose(step.options[0][0])
        elif step.kind in ("say", "end"):
            conv.proceed()
        elif wanted is None:
            conv.skip()
        else:
            conv.answer(wanted, by="person")
    return conv


def test_the_conversation_marks_the_app_s_wording_as_its_suggestion(content: Content) -> None:
    # The transcript showed it as Sam's own words, as though Sam had written them.
    conv = _offered_message_conversation(content)
    [entry] = [e for e in conv.transcript() if (e.path or "").endswith(".message")]
    assert entry.suggested and entry.by == "person"


def test_the_plan_does_not_say_the_person_proposed_the_app_s_wording(content: Content) -> None:
    # The plan kept `proposed_by: person` for words the app drafted: nobody in the meeting
    # proposed them; the person agreed to them.
    from assistant.plans.from_session import build_plan

    conv = _offered_message_conversation(content)
    plan = build_plan(conv.data, conv.log, content=content, created="2027-03-03T10:00:00+00:00")
    [referral] = plan.referrals
    assert referral.message is not None
    assert (referral.message.proposed_by, referral.message.agreed_by) == (None, "person")


def test_the_next_version_keeps_who_agreed_to_the_app_s_wording(content: Content) -> None:
    from assistant.plans.from_session import build_plan
    from assistant.plans.model import plan_from_json

    conv = _offered_message_conversation(content)
    first = build_plan(conv.data, conv.log, content=content, created="2027-03-03T10:00:00+00:00")
    later = build_plan(conv.data, (), first, content=content, created="2027-04-03T10:00:00+00:00")
    message = plan_from_json(later.to_json()).referrals[0].message
    assert message is not None
    assert (message.proposed_by, message.agreed_by) == (None, "person")
