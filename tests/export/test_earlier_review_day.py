"""A goal not looked at at a review keeps its last review's view (how it is going, what
next), with the day it was given: every copy says "At the review on 2 February 2026: …", so
a care coordinator never reads last time's result as this review's."""

from __future__ import annotations

import html
import re

import pytest

from assistant.engine.conversation import Conversation
from assistant.export.render import render
from assistant.export.templates import long_date
from assistant.flows.loader import Content
from assistant.plans.from_session import build_plan, data_for_next_meeting
from assistant.plans.model import Plan

FIRST = {"about": {"name": "Sam"}, "goals": {"list": [{"id": "g1", "what": "Go to live music"}]}}
MET = "2026-01-05T10:00:00+00:00"
REVIEWED = "2026-02-02T10:00:00+00:00"
LATER = "2026-03-02T10:00:00+00:00"


def reviewed(content: Content) -> tuple[Plan, dict]:
    """The review that gave the goal's view ("I've got there", "It's done"): its plan and
    its answers."""
    first = build_plan(FIRST, created=MET)
    conv = Conversation(content, data_for_next_meeting(FIRST, first))
    conv.goto_topic("review")
    answers = {"progress": "reached", "next": "finished"}
    while conv.step.kind != "end" and answers:
        step = conv.step
        if step.kind == "say":
            conv.proceed(by=step.speaker)
        elif step.node_id in answers:
            conv.answer(answers.pop(step.node_id), by="person")
        else:
            conv.skip(by=step.speaker)
    return build_plan(conv.data, conv.log, first, content=content, created=REVIEWED), conv.data


def reviewed_then_not(content: Content) -> tuple[Plan, Plan]:
    """The review that gave the goal's view, and the plan of the next meeting, which did not
    look at the goal."""
    review, data = reviewed(content)
    later = build_plan(
        data_for_next_meeting(data, review), [], review, content=content, created=LATER
    )
    return review, later


def text_of(plan: Plan, fmt: str) -> str:
    raw = html.unescape(re.sub(r"<[^>]+>", "", render(plan, fmt).decode()))
    return " ".join(raw.replace("**", "").split())


def test_a_goal_not_looked_at_keeps_the_day_of_its_review(content: Content) -> None:
    review, later = reviewed_then_not(content)
    assert review.goals[0].reviewed_on == review.measures.date
    assert later.goals[0].reviewed_on == review.measures.date


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_a_copy_says_when_an_earlier_review_gave_the_goal_its_view(
    content: Content, fmt: str
) -> None:
    review, later = reviewed_then_not(content)
    day = long_date(review.measures.date)
    assert f"At the review on {day}: I've got there. This goal is done." in text_of(later, fmt)


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_the_review_that_gave_the_view_needs_no_day(content: Content, fmt: str) -> None:
    review, _ = reviewed_then_not(content)
    assert "At the review: I've got there. This goal is done." in text_of(review, fmt)


def test_the_easy_read_says_when_an_earlier_review_said_it_is_done(content: Content) -> None:
    review, later = reviewed_then_not(content)
    text = text_of(later, "easy")
    assert "You have done this" in text
    assert f"This was decided at the review on {long_date(review.measures.date)}." in text


def test_the_fhir_care_plan_says_when_an_earlier_review_gave_the_goal_its_view(
    content: Content,
) -> None:
    review, later = reviewed_then_not(content)
    day = long_date(review.measures.date)
    assert f"At the review on {day}: It's done" in render(later, "fhir").decode()


def test_a_goal_not_looked_at_keeps_its_day_when_the_list_is_saved_whole(
    content: Content,
) -> None:
    """At the next meeting the worker adds a goal, which saves the whole goals list with the
    first goal's review view as it was: that gives the view nothing, so it keeps its day."""
    review, answers = reviewed(content)
    data = data_for_next_meeting(answers, review)
    conv = Conversation(content, data)
    conv.goto_topic("goals")
    while conv.step.node_id != "list":
        conv.proceed(by="worker")
    conv.answer([*conv.step.value, {"what": "Join the walking group"}], by="worker")
    assert conv.log[-1]["path"] == "goals.list"
    later = build_plan(conv.data, conv.log, review, content=content, created=LATER)
    assert later.goals[0].reviewed_on == review.measures.date
