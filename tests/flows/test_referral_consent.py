"""One referral through the shipped flow: what a "no" to sharing leaves out, and what is
filled in for the person (walkthrough findings 3, 7 and 8)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content
from assistant.plans.from_session import labels_from_content

ENTRY = "brackenford_befriending"


def _referral(content: Content, answers: Mapping[str, Any]) -> tuple[dict[str, Any], Any]:
    """Go through the referrals topic for one directory pick: a step named in ``answers``
    gets that answer, other questions are skipped. Gives the data and the steps seen."""
    data = {
        "about": {"name": "Sam Okafor"},
        "community": {"from_directory": [ENTRY], "picks_carried": [ENTRY]},
    }
    conv = Conversation(content, data)
    conv.goto_topic("referrals")
    seen: dict[str, Any] = {}
    answers = {
        "from_directory": [ENTRY],
        **answers,
    }
    for _ in range(200):
        step = conv.step
        if step.kind == "topics":
            return conv.data, seen
        if step.topic == "referral_steps":
            seen[step.node_id] = step
        wanted = answers.get(step.node_id or "")
        if step.topic == "referrals" and step.node_id == "list":
            wanted = step.value  # the pick, already on the list
        if step.kind == "menu":
            conv.choose(step.options[0][0])
        elif step.kind in ("say", "end"):
            conv.proceed()
        elif wanted is None:
            conv.skip()
        else:
            conv.answer(wanted, by=step.speaker if step.speaker != "both" else "both")
    raise AssertionError("referrals did not end")


def test_without_consent_only_the_person_gets_in_touch(content: Content) -> None:
    data, seen = _referral(content, {"consent": "no", "route": "self"})
    assert "by_whom" not in seen  # "My worker" is never offered
    (record,) = data["referrals"]["list"]
    assert record["by_whom"] == "person"


def test_without_consent_the_suggested_words_share_nothing(content: Content) -> None:
    _, seen = _referral(content, {"consent": "no", "route": "self"})
    words = seen["message"].value
    assert "Brackenford Befriending" in words
    assert "Sam" not in words
    assert "agreement" not in words


def test_what_is_shared_is_not_filled_in_with_the_directorys_words(content: Content) -> None:
    _, seen = _referral(content, {"consent": "yes", "route": "phone"})
    assert seen["shared"].value is None
    assert "a phone number, where you live" in seen["shared"].hint


def test_getting_in_touch_yourself_reads_in_the_persons_voice(content: Content) -> None:
    _, seen = _referral(content, {"consent": "yes"})
    labels = [label for _, label in seen["route"].options]
    assert "I'll get in touch myself" in labels


def test_the_transcript_names_the_route_in_words(content: Content) -> None:
    """The route's options are worked out inside the referral's loop, so the transcript
    could not list them and showed the code humanised ("Self")."""
    labels = labels_from_content(content)
    assert labels["referral.route"]["self"] == "I'll get in touch myself"
    assert labels["referral.route"]["phone"] == "Phone"
