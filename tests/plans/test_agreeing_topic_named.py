"""Refusals to agree a plan name the topic where it is agreed as the screen does (its title
from the content in use, which an agency's pack may change), never by its internal name."""

from __future__ import annotations

import dataclasses

import pytest

from assistant.cli import main
from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content
from assistant.meetings.meeting import Meeting
from assistant.plans.since_agreed import AGREEING_UNNAMED, agreeing_topic
from assistant.plans.versions import PlanError, agree_from_session
from assistant.records import CaseStore

WALKS = "brackenford_wellbeing_walks"


def changed_after_yes(store: CaseStore, content: Content) -> Meeting:
    """A meeting where both said yes in the agreeing topic, then a thing to try was added."""
    case = store.open(store.create_person("Sam"))
    conversation = Conversation(content, {"consent": {"record": True}})
    meeting = Meeting(conversation, case, "s1", person=case.person, consent_required=False)
    assert meeting.go_to_closing().done
    while meeting.conv.current_topic == "closing":
        step = meeting.conv.step
        if step.node_id in ("person_agrees", "worker_agrees"):
            outcome = meeting.answer("yes")
        else:
            outcome = meeting.skip() if step.kind == "ask" else meeting.proceed()
        assert outcome.done, outcome.message
    assert meeting.add_to_try(WALKS, idea_from="worker").done
    return meeting


def retitled(content: Content, title: str) -> Content:
    closing = content.topics["closing"]
    topic = closing.topic.model_copy(update={"title": title})
    topics = {**content.topics, "closing": dataclasses.replace(closing, topic=topic)}
    return dataclasses.replace(content, topics=topics)


def test_a_plan_changed_after_the_yes_is_refused_naming_the_topic_by_its_title(
    store: CaseStore, content: Content
) -> None:
    meeting = changed_after_yes(store, content)
    with pytest.raises(PlanError) as refused:
        agree_from_session(meeting.case, content=content, session_id="s1")
    said = str(refused.value)
    assert "after you both said yes in 'Our plan and next time'" in said
    assert "Closing" not in said


def test_a_topic_retitled_by_a_pack_is_named_by_its_new_title(
    store: CaseStore, content: Content
) -> None:
    meeting = changed_after_yes(store, content)
    pack = retitled(content, "Agreeing our plan")
    with pytest.raises(PlanError, match="said yes in 'Agreeing our plan'"):
        agree_from_session(meeting.case, content=pack, session_id="s1")


def test_without_the_topic_it_is_named_in_plain_words(content: Content) -> None:
    topics = {k: v for k, v in content.topics.items() if k != "closing"}
    assert agreeing_topic(dataclasses.replace(content, topics=topics)) == AGREEING_UNNAMED
    assert agreeing_topic(None) == AGREEING_UNNAMED


def test_plan_agree_says_the_topic_by_its_title(
    store: CaseStore, content: Content, capsys: pytest.CaptureFixture[str]
) -> None:
    changed_after_yes(store, content).case.close()
    assert main(["plan", "agree", "Sam", "--data-dir", str(store.root)]) == 1
    err = capsys.readouterr().err
    assert "Go through 'Our plan and next time' together" in err
    assert "Closing" not in err


def test_plan_agree_help_does_not_name_the_topic_by_its_internal_name(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["plan", "agree", "--help"])
    assert "Closing" not in capsys.readouterr().out
