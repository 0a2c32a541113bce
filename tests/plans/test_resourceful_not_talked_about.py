"""People who could help: a kind of help whose "do you know anyone who could..." was left for
another day (Not today) is not talked about, not a gap of no one (tester hDC: "Showing me how
to do things: no one yet", a gap the person never described)."""

from __future__ import annotations

from plan_support import play

from assistant.export.render import render
from assistant.flows.loader import Content
from assistant.plans.from_session import build_plan

CREATED = "2026-12-07T10:00:00+00:00"


def test_a_kind_of_help_left_for_another_day_is_said_not_talked_about(content: Content) -> None:
    # Only "Would it help to know someone...?" answered for showing how to do things: the
    # question of who was skipped. An empty list given on purpose stays "no one yet".
    answers = {"resourceful.want_more.skills": True, "resourceful.advice": []}
    conv = play(content, ["resourceful_people"], answers)
    plan = build_plan(conv.data, conv.log, content=content, created=CREATED)
    text = " ".join(render(plan, "txt").decode("utf-8").split())
    assert "Showing me how to do things: not talked about yet" in text
    assert "Advice and information: no one yet" in text
