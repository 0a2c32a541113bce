"""An empty network answered "No one right now" is counted as 0 people in the outcome
measures; one left "Not today" is not counted (docs/outcomes.md)."""

from __future__ import annotations

from plan_support import play

from assistant.flows.loader import Content
from assistant.plans.from_session import build_plan

CREATED = "2026-01-05T10:00:00+00:00"


def test_no_one_right_now_counts_nought_people(content: Content) -> None:
    conv = play(content, ["connections"], {"network.people": []})
    plan = build_plan(conv.data, conv.log, content=content, created=CREATED)
    assert plan.measures.connections is not None
    assert plan.measures.connections.people == 0


def test_not_today_leaves_people_not_counted(content: Content) -> None:
    conv = play(content, ["connections"], {})
    plan = build_plan(conv.data, conv.log, content=content, created=CREATED)
    counts = plan.measures.connections
    assert counts is None or counts.people is None
