"""A yes in Closing is for the plan as it was then: a plan changed after both said yes is
not saved as agreed (by the meeting, nor by `plan agree`) until both say yes again."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content
from assistant.meetings.meeting import Meeting
from assistant.meetings.opening import open_meeting
from assistant.plans import versions as plan_versions
from assistant.plans.from_session import build_plan
from assistant.plans.model import PersonRef, Plan
from assistant.plans.versions import PlanError, agree_from_session, versions
from assistant.records import CaseStore

WALKS = "brackenford_wellbeing_walks"


def start(store: CaseStore, content: Content) -> Meeting:
    case = store.open(store.create_person("Sam"))
    conversation = Conversation(content, {"consent": {"record": True}})
    return Meeting(conversation, case, "s1", person=case.person, consent_required=False)


def agree_in_closing(meeting: Meeting) -> None:
    """Go through Closing: both say yes, the plan may go to the care team, the rest skipped."""
    assert meeting.go_to_closing().done
    while meeting.conv.current_topic == "closing":
        step = meeting.conv.step
        if step.node_id in ("person_agrees", "worker_agrees"):
            outcome = meeting.answer("yes")
        elif step.node_id == "share_with":
            outcome = meeting.answer(["care_team"])  # asked after the yes: not the plan
        elif step.kind == "ask":
            outcome = meeting.skip()
        else:
            outcome = meeting.proceed()
        assert outcome.done, outcome.message


def test_a_plan_changed_after_both_said_yes_is_not_saved_as_agreed(
    store: CaseStore, content: Content
) -> None:
    meeting = start(store, content)
    agree_in_closing(meeting)
    assert meeting.add_to_try(WALKS, idea_from="worker").done
    version, message = meeting.finish(agreed=True)
    assert version is None
    assert "changed after you both said yes" in message
    assert "Brackenford Wellbeing Walks" in message
    assert versions(meeting.case) == []
    assert not meeting.closed


def test_what_changed_is_named(store: CaseStore, content: Content) -> None:
    meeting = start(store, content)
    agree_in_closing(meeting)
    assert meeting.changes_since_agreed() == []
    assert meeting.add_to_try(WALKS, idea_from="worker").done
    assert meeting.changes_since_agreed() == [
        'Things to do and places to go: thing to try "Brackenford Wellbeing Walks" was added'
    ]


def test_what_closing_asks_after_the_yes_keeps_the_plan_agreed(
    store: CaseStore, content: Content
) -> None:
    meeting = start(store, content)
    agree_in_closing(meeting)  # who may see it is answered after both said yes
    assert meeting.edit("agreement.share_with", ["care_team", "gp"], by="person").done
    version, message = meeting.finish(agreed=True)
    assert version == 1, message
    assert versions(meeting.case)[-1].agreed


def test_saying_yes_again_after_the_change_agrees_the_plan_as_it_is_now(
    store: CaseStore, content: Content
) -> None:
    meeting = start(store, content)
    agree_in_closing(meeting)
    assert meeting.add_to_try(WALKS, idea_from="worker").done
    agree_in_closing(meeting)  # Closing again: both see the plan read back and say yes
    version, _message = meeting.finish(agreed=True)
    assert version == 1
    tries = versions(meeting.case)[-1].plan.community.opportunities
    assert [t.what for t in tries] == ["Brackenford Wellbeing Walks"]


def test_an_addition_taken_back_leaves_the_plan_as_they_agreed_it(
    store: CaseStore, content: Content
) -> None:
    meeting = start(store, content)
    agree_in_closing(meeting)
    assert meeting.add_to_try(WALKS, idea_from="worker").done
    assert meeting.back().done
    assert meeting.changes_since_agreed() == []


def test_plan_agree_refuses_a_plan_changed_after_both_said_yes(
    store: CaseStore, content: Content
) -> None:
    meeting = start(store, content)
    agree_in_closing(meeting)
    assert meeting.add_to_try(WALKS, idea_from="worker").done
    with pytest.raises(PlanError, match="changed after you both said yes"):
        agree_from_session(meeting.case, content=content, session_id="s1")
    assert versions(meeting.case) == []


def test_a_meeting_resumed_after_both_said_yes_still_knows_when_they_did(
    store: CaseStore, content: Content
) -> None:
    meeting = start(store, content)
    agree_in_closing(meeting)
    person = meeting.case.person["id"]
    meeting.case.close()  # left the meeting; resumed with `r` on Home
    resumed = open_meeting(store.open(person), content, resume=True).meeting
    assert resumed.add_to_try(WALKS, idea_from="worker").done
    version, message = resumed.finish(agreed=True)
    assert version is None
    assert "Brackenford Wellbeing Walks" in message


def test_going_back_from_closings_last_line_asks_again_from_the_start(
    store: CaseStore, content: Content
) -> None:
    meeting = start(store, content)
    assert meeting.go_to_closing().done
    while meeting.conv.step.kind != "end":  # still on Closing's last line
        step = meeting.conv.step
        said = meeting.answer("yes") if step.node_id.endswith("_agrees") else None
        outcome = said or (meeting.skip() if step.kind == "ask" else meeting.proceed())
        assert outcome.done, outcome.message
    assert meeting.add_to_try(WALKS, idea_from="worker").done
    assert meeting.go_to_closing().done  # the Finish dialog's "Go back to agree it again"
    assert meeting.conv.step.node_id == content.topics["closing"].topic.entry_id
    agree_in_closing(meeting)
    version, message = meeting.finish(agreed=True)
    assert version == 1, message


def run_topic(meeting: Meeting, topic: str, answers: dict[str, object]) -> None:
    """Go through ``topic``: the answers given, every other question left for today."""
    assert meeting.goto_topic(topic).done
    for _ in range(80):
        if meeting.conv.current_topic != topic:
            return
        step = meeting.conv.step
        if step.node_id in answers:
            given = answers[step.node_id]
            outcome = meeting.answer(given(step) if callable(given) else given)
        elif step.kind in ("ask", "menu"):
            outcome = meeting.skip()
        else:
            outcome = meeting.proceed()
        assert outcome.done, outcome.message
    raise AssertionError(f"{topic} did not end")


def test_a_referral_carried_from_a_directory_pick_after_the_yes_is_a_change(
    store: CaseStore, content: Content
) -> None:
    """Picking a directory entry in Referrals after both said yes puts a referral on the plan
    through a `set` step that logs nothing: it is a change all the same."""
    meeting = start(store, content)
    run_topic(
        meeting,
        "community",
        {"interests": "walking", "directory_matches": [WALKS], "directory_idea_from": "worker"},
    )
    agree_in_closing(meeting)
    assert meeting.plan().referrals == []
    run_topic(meeting, "referrals", {"from_directory": lambda step: [step.options[0][0]]})
    assert len(meeting.plan().referrals) == 1
    assert meeting.changes_since_agreed() != []
    version, _message = meeting.finish(agreed=True)
    assert version is None
    assert versions(meeting.case) == []


def counting_builds(meeting: Meeting, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every plan the meeting builds, from the answers as they are or as they were."""
    built: list[object] = []
    build = meeting._build

    def counted(data: object) -> object:
        built.append(data)
        return build(data)  # type: ignore[arg-type]

    monkeypatch.setattr(meeting, "_build", counted)
    return built


def test_finishing_then_going_back_to_agree_builds_each_plan_once(
    store: CaseStore, content: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting = start(store, content)
    agree_in_closing(meeting)
    assert meeting.add_to_try(WALKS, idea_from="worker").done
    built = counting_builds(meeting, monkeypatch)
    # The finish dialog: what changed since the yes, and the plan read back.
    assert meeting.changes_since_agreed()
    meeting.plan()
    assert meeting.go_to_closing().done  # "Go back to agree it again"
    # The plan as it is now once, and as it was at the yes once (going to Closing changed
    # the meeting only after the check).
    assert len(built) == 2


def test_what_changed_is_worked_out_again_once_the_meeting_changes(
    store: CaseStore, content: Content
) -> None:
    meeting = start(store, content)
    agree_in_closing(meeting)
    assert meeting.changes_since_agreed() == []
    before = meeting.plan()
    assert meeting.add_to_try(WALKS, idea_from="worker").done
    assert meeting.plan() is not before
    assert meeting.changes_since_agreed() != []


def test_finishing_as_agreed_saves_the_plan_already_built_as_a_fresh_build_would(
    store: CaseStore, content: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting = start(store, content)
    agree_in_closing(meeting)
    # The finish dialog has read the plan back and checked it against the yes.
    meeting.plan()
    assert meeting.changes_since_agreed() == []
    now_built: list[object] = []

    def counted(data: Any, *args: Any, **kwargs: Any) -> Plan:
        if data is meeting.conv.data:
            now_built.append(data)
        return build_plan(data, *args, **kwargs)

    monkeypatch.setattr(plan_versions, "build_plan", counted)
    version, _message = meeting.finish(agreed=True)
    assert version == 1
    assert now_built == []  # the plan of the answers as they are was not built again
    saved = versions(meeting.case)[-1].plan
    fresh = build_plan(
        meeting.conv.data,
        meeting.conv.log,
        content=content,
        person=PersonRef.of(meeting.case.person),
        session="s1",
        number=1,
        created=saved.created,
    )
    # The record adds when and by whom it was agreed (its state); the rest is as built.
    assert {**saved.to_json(), "state": None} == {**fresh.to_json(), "state": None}
