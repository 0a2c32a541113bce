"""A goal reworded at a review ("Change it"), then the change taken back: the goal keeps its
earlier words in the plan, the next meeting and the diff; a change kept gives the new words."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from assistant.engine.conversation import Conversation
from assistant.export.render import render
from assistant.flows.loader import Content
from assistant.plans.diff import format_diff
from assistant.plans.from_session import build_plan, data_for_next_meeting
from assistant.plans.model import Audience, Plan, PlanState
from assistant.plans.sharing import shared_copy

CREATED = "2026-02-02T10:00:00+00:00"
OLD = "See Jo more often"
NEW = "See Jo and her kids every week"
FIRST: dict[str, Any] = {
    "about": {"name": "Sam"},
    "agreement": {"date": "2025-03-03"},
    "goals": {"list": [{"id": "g1", "what": OLD}]},
}


def _review(content: Content, last: Plan, *, taken_back: bool) -> tuple[Conversation, Plan]:
    """A review that rewords the goal, then (``taken_back``) changes "Change it" to "It's
    done" from the transcript; its answers and plan."""
    conv = Conversation(content, data_for_next_meeting(FIRST, last))
    conv.goto_topic("review")
    answers = {"progress": "closer", "next": "change", "reword": NEW}
    while conv.step.kind != "end" and conv.step.node_id != "ratings_menu":
        step = conv.step
        if step.kind == "say":
            conv.proceed(by=step.speaker)
        elif step.node_id in answers:
            conv.answer(answers[step.node_id], by=step.speaker)
        else:
            conv.skip(by=step.speaker)
    if taken_back:
        conv.edit("goals.list.#g1.next", "finished", by="person")
    return conv, build_plan(conv.data, conv.log, last, content=content, created=CREATED)


def test_a_change_taken_back_leaves_the_goal_its_earlier_words(content: Content) -> None:
    plan1 = build_plan(FIRST, created=CREATED)
    goal = _review(content, plan1, taken_back=True)[1].goals[0]
    assert (goal.what, goal.changed_by) == (OLD, [])


def test_a_change_kept_gives_the_goal_its_new_words(content: Content) -> None:
    plan1 = build_plan(FIRST, created=CREATED)
    goal = _review(content, plan1, taken_back=False)[1].goals[0]
    assert (goal.what, goal.changed_by) == (NEW, ["person"])


def test_the_diff_does_not_report_a_change_taken_back(content: Content) -> None:
    plan1 = build_plan(FIRST, created=CREATED)
    plan2 = _review(content, plan1, taken_back=True)[1]
    assert NEW not in format_diff(plan1, plan2)


def test_the_next_meeting_starts_from_the_earlier_words_after_a_change_taken_back(
    content: Content,
) -> None:
    plan1 = build_plan(FIRST, created=CREATED)
    conv, plan2 = _review(content, plan1, taken_back=True)
    goal = data_for_next_meeting(conv.data, plan2)["goals"]["list"][0]
    assert goal["what"] == OLD and NEW not in goal.values()


def test_the_next_meeting_starts_from_the_new_words_of_a_change_kept(content: Content) -> None:
    plan1 = build_plan(FIRST, created=CREATED)
    conv, plan2 = _review(content, plan1, taken_back=False)
    goal = data_for_next_meeting(conv.data, plan2)["goals"]["list"][0]
    assert goal["what"] == NEW


def test_a_goal_reworded_in_a_record_saved_before_reads_its_new_words(content: Content) -> None:
    # Older versions stored the new words over the goal's own (`what`), with "Change it".
    data = {"goals": {"list": [{"id": "g1", "what": NEW, "next": "change"}]}}
    assert build_plan(data, content=content, created=CREATED).goals[0].what == NEW


EDITED = "Go swimming with Anne on Fridays"


def test_the_goals_own_words_edited_after_the_change_are_its_words(content: Content) -> None:
    # Reworded at the review, then edited again in Goals and actions (which edits `what`):
    # the later words are the goal's, in the plan and at the next meeting.
    plan1 = build_plan(FIRST, created=CREATED)
    conv, _ = _review(content, plan1, taken_back=False)
    data = copy.deepcopy(conv.data)
    goal = data["goals"]["list"][0]
    assert goal["new_what"] == NEW and goal["new_what_over"] == OLD
    goal["what"] = EDITED  # as the goals list stores an edit
    plan2 = build_plan(data, conv.log, plan1, content=content, created=CREATED)
    assert plan2.goals[0].what == EDITED
    assert data_for_next_meeting(data, plan2)["goals"]["list"][0]["what"] == EDITED


@pytest.mark.parametrize("reader", ["person", "team"])
@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
def test_a_copy_of_a_goal_changed_shows_its_words_before_the_change(
    content: Content, fmt: str, reader: str
) -> None:
    # The screen told the person "The old words stay in the history of your plan"; the copy
    # said "changed by the person" but only plan diff had the old words.
    plan1 = build_plan(FIRST, created=CREATED)
    plan2 = _review(content, plan1, taken_back=False)[1]
    copy = plan2.model_copy(update={"audience": Audience(kind=reader)})
    text = render(copy, fmt).decode()
    assert "The words before the change:" in text
    assert OLD in text


def test_a_change_taken_back_leaves_no_words_before_it(content: Content) -> None:
    plan1 = build_plan(FIRST, created=CREATED)
    goal = _review(content, plan1, taken_back=True)[1].goals[0]
    assert goal.words_before is None


def _shared_with(plan: Plan, *codes: str) -> Plan:
    share = [{"code": code, "label": code} for code in codes]
    sharing = plan.sharing.model_validate({**plan.sharing.model_dump(), "share_with": share})
    return plan.model_copy(update={"sharing": sharing, "state": PlanState(status="agreed")})


def test_the_gps_copy_leaves_out_the_words_before_a_change(content: Content) -> None:
    # Rewording a goal can be how something is taken out of a plan others read: the GP's
    # copy (and a named person's) printed the old words in every version after.
    plan2 = _review(content, build_plan(FIRST, created=CREATED), taken_back=False)[1]
    chosen = _shared_with(plan2, "care_team", "gp")
    assert shared_copy(chosen, "gp").goals[0].words_before is None
    assert shared_copy(chosen, "team").goals[0].words_before == OLD


def test_words_corrected_as_a_mistake_are_not_kept_as_the_words_before(
    content: Content,
) -> None:
    plan1 = build_plan(FIRST, created=CREATED)
    conv = Conversation(content, data_for_next_meeting(FIRST, plan1))
    goals = [{**conv.data["goals"]["list"][0], "what": "See Jo more often, at weekends"}]
    conv.edit("goals.list", goals, correction=True)
    plan2 = build_plan(conv.data, conv.log, plan1, content=content, created=CREATED)
    assert plan2.goals[0].what == "See Jo more often, at weekends"
    assert plan2.goals[0].words_before is None


def test_correcting_another_goal_keeps_this_goals_words_before_its_change(
    content: Content,
) -> None:
    # Review: a correction of the goals list (saved whole) counted for every goal in it.
    first = copy.deepcopy(FIRST)
    first["goals"]["list"].append({"id": "g2", "what": "Go to the gim"})
    plan1 = build_plan(first, created=CREATED)
    conv = Conversation(content, data_for_next_meeting(first, plan1))
    conv.goto_topic("review")
    once = {"next": "change", "reword": NEW}  # the first goal reworded, the second not
    while conv.step.kind != "end" and conv.step.node_id != "ratings_menu":
        step = conv.step
        if step.kind == "say":
            conv.proceed(by=step.speaker)
        elif step.node_id == "which_goals":
            conv.answer(["g1", "g2"], by=step.speaker)
        elif step.node_id == "progress":
            conv.answer("closer", by=step.speaker)
        elif step.node_id in once:
            conv.answer(once.pop(step.node_id), by=step.speaker)
        else:
            conv.skip(by=step.speaker)
    goals = copy.deepcopy(conv.data["goals"]["list"])
    goals[1]["what"] = "Go to the gym"
    conv.edit("goals.list", goals, correction=True)
    plan2 = build_plan(conv.data, conv.log, plan1, content=content, created=CREATED)
    assert plan2.goals[0].words_before == OLD


def test_correcting_a_typo_in_new_words_keeps_the_words_before_the_change(
    content: Content,
) -> None:
    plan1 = build_plan(FIRST, created=CREATED)
    conv, _ = _review(content, plan1, taken_back=False)
    conv.edit("goals.list.#g1.new_what", "See Jo and her kids every weekend", correction=True)
    plan2 = build_plan(conv.data, conv.log, plan1, content=content, created=CREATED)
    assert plan2.goals[0].words_before == OLD
