"""What was taken off a list at a meeting (``Plan.taken_off``) is said in the copies that
may show it: a goal wherever goals are shown unless it was private, a person taken off My
connections only in the person's own copy and the full record."""

from __future__ import annotations

import pytest
from export_support import AGREED_STATE, seen_text

from assistant.plans.model import Audience, Code, Plan, Sharing, TakenOff, Words
from assistant.plans.sharing import copy_for

CREATED = "2026-12-07T10:00:00+00:00"
CV = TakenOff(
    kind="goal",
    id="g1",
    what="Sort out a CV and apply for warehouse jobs",
    idea_from=Code(code="worker", label="My worker's idea"),
    on="2026-12-07",
    plan_version=3,
)
DAN = TakenOff(kind="person", id="p1", what="Dan", on="2026-12-07", plan_version=3)
TEAM = Sharing(share_with=[Code(code="care_team", label="My care team")])


def _plan(*taken_off: TakenOff) -> Plan:
    return Plan(created=CREATED, taken_off=list(taken_off), sharing=TEAM)


@pytest.mark.parametrize("fmt", ["txt", "md", "html", "easy"])
def test_the_persons_copy_says_the_goal_taken_off_and_when(fmt: str) -> None:
    text = seen_text(copy_for(_plan(CV), Audience(kind="person")), fmt)
    assert "Goal taken off on 7 December 2026:" in text
    assert "Sort out a CV and apply for warehouse jobs" in text


@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
def test_the_full_record_says_who_was_taken_off_my_connections(fmt: str) -> None:
    text = seen_text(_plan(DAN), fmt)
    assert "Taken off My connections on 7 December 2026: Dan" in text


def test_the_care_teams_copy_says_the_goal_but_not_the_person() -> None:
    copy = copy_for(_plan(CV, DAN), Audience(kind="team"))
    assert [t.id for t in copy.taken_off] == ["g1"]


def test_a_goal_private_when_taken_off_is_in_no_copy_for_anyone_else() -> None:
    private = CV.model_copy(update={"private": True})
    assert copy_for(_plan(private), Audience(kind="team")).taken_off == []


def test_the_gps_and_a_named_persons_copies_do_not_say_a_goal_taken_off() -> None:
    chosen = Sharing(
        share_with=[Code(code="gp", label="My GP"), Code(code="family", label="Family")],
        share_who=Words(text="Ann"),
    )
    plan = _plan(CV).model_copy(update={"sharing": chosen, "state": AGREED_STATE})
    for audience in (Audience(kind="named", name="GP"), Audience(kind="named", name="Ann")):
        assert copy_for(plan, audience).taken_off == []
