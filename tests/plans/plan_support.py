"""Helpers shared by the plan tests: real meetings played through the shipped content."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content
from assistant.plans.autoplay import play_meeting
from assistant.plans.demo_data import demo_meetings
from assistant.plans.from_session import build_plan, data_for_next_meeting
from assistant.plans.model import Plan

TODAY = dt.date.today()


@dataclass
class Meetings:
    first: Conversation
    plan1: Plan
    review: Conversation
    plan2: Plan


def play(
    content: Content, topics: list[str], answers: dict[str, Any], data: Any = None
) -> Conversation:
    return play_meeting(Conversation(content, data), topics, answers)


def demo(content: Content) -> Meetings:
    """The demo's first meeting and review, played through the engine, with their plans."""
    (t1, a1), (t2, a2) = demo_meetings(TODAY)
    first = play(content, t1, a1)
    plan1 = build_plan(
        first.data, first.log, content=content, number=1, created="2026-01-05T10:00:00+00:00"
    )
    review = play(content, t2, a2, data_for_next_meeting(first.data, plan1))
    plan2 = build_plan(
        review.data,
        review.log,
        plan1,
        content=content,
        number=2,
        created="2026-02-02T10:00:00+00:00",
    )
    return Meetings(first, plan1, review, plan2)
