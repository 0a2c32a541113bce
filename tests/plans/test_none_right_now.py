"""A list given empty on purpose ("No one right now") and one left for another day ("Not
today") are told apart in the plan (Plan.none_right_now)."""

from __future__ import annotations

from plan_support import play

from assistant.flows.loader import Content
from assistant.plans.from_session import build_plan

CREATED = "2026-01-05T10:00:00+00:00"


def test_a_list_given_empty_is_kept_as_no_one_right_now(content: Content) -> None:
    conv = play(content, ["concerns"], {"concerns.list": []})
    plan = build_plan(conv.data, conv.log, content=content, created=CREATED)
    assert plan.none_right_now == ["concerns"]


def test_a_list_left_for_another_day_is_not_no_one_right_now(content: Content) -> None:
    conv = play(content, ["concerns"], {})
    plan = build_plan(conv.data, conv.log, content=content, created=CREATED)
    assert plan.none_right_now == []
