"""The plan panel's new parts (issue 19): well-being and connections beside last time's,
goals' levels and attainment, things to try's status, and referrals with their status,
dates and the worker's checks (assistant/meetings/plan_view.py; plain Python)."""

from __future__ import annotations

from test_changes import three_meetings

from assistant.meetings.plan_view import PlanItem, plan_sections
from assistant.plans.model import Code, Opportunity, Plan, Referral, StatusPoint, Words


def _section(plan: Plan, key: str) -> list[PlanItem]:
    return next(s.items for s in plan_sections(plan) if s.topic == key)


def _said(items: list[PlanItem]) -> dict[str, str]:
    return {item.prompt: item.answer for item in items}


def test_well_being_answers_show_with_last_time_and_anxious_says_lower_is_better() -> None:
    said = _said(_section(three_meetings(), "measures"))
    assert said["Life satisfaction"].startswith("7 out of 10 (last time 5)")
    assert said["Anxious yesterday"].startswith("3 out of 10 (last time 6)")
    assert said["Anxious yesterday"].endswith("Lower is better")
    assert "Lower" not in said["Life satisfaction"]
    assert said["Connections counted"].startswith("3 people in my network")
    assert said["Taken on"] == "Monday 26 April 2027"


def test_a_goal_shows_its_levels_in_the_persons_words_and_how_far_it_has_come() -> None:
    said = _said(_section(three_meetings(), "goals"))
    assert said["How things are now"] == "Stuck indoors"
    assert said["What we hope to see"] == "Out twice a week"
    assert said["Even better"] == "Every day"
    assert said["How far it has come"].startswith("+1 More than hoped")
    assert "(last time -1)" in said["How far it has come"]


def test_a_thing_to_try_shows_its_status_and_the_one_before() -> None:
    plan = Plan(
        created="2027-04-26T10:00:00+00:00",
        community={
            "opportunities": [
                Opportunity(
                    id="o1",
                    what="Swimming",
                    status=Code(code="going", label="Keeps going"),
                    status_history=[StatusPoint(status="tried", date="2027-03-29")],
                )
            ]
        },
    )
    [item] = _section(plan, "community")
    assert item.answer == "Swimming - Keeps going (before: been once or twice)"


def _one_to_try(status: str, label: str, history: list[str]) -> str:
    opp = Opportunity(
        id="o1",
        what="Swimming",
        status=Code(code=status, label=label),
        status_history=[StatusPoint(status=code, date="2027-03-29") for code in history],
    )
    plan = Plan(created="2027-04-26T10:00:00+00:00", community={"opportunities": [opp]})
    [item] = _section(plan, "community")
    return item.answer


def test_a_status_given_once_has_no_before() -> None:
    # The history's last point is the status now: "Keeps going (before: keeps going)".
    assert _one_to_try("going", "Keeps going", ["going"]) == "Swimming - Keeps going"
    assert _one_to_try("going", "Keeps going", ["tried", "going"]) == (
        "Swimming - Keeps going (before: been once or twice)"
    )


def test_a_referral_shows_how_consent_status_dates_and_the_workers_checks() -> None:
    referral = Referral(
        id="r1",
        to="Brackenford Walking Group",
        route=Code(code="phone", label="By phone"),
        route_detail="01234 567890",
        consent=True,
        shared=Words(text="My name and phone number"),
        by_whom=Code(code="worker", label="My worker"),
        status=Code(code="sent", label="Sent"),
        status_on="2027-03-03",
        history=[
            StatusPoint(status="planned", date="2027-03-01"),
            StatusPoint(status="sent", date="2027-03-03"),
        ],
        flags=["Check it fits: it is for people aged 50 and over"],
    )
    plan = Plan(created="2027-03-03T10:00:00+00:00", referrals=[referral])
    items = _section(plan, "referrals")
    said = _said(items)
    assert said["Getting in touch with"] == (
        "Brackenford Walking Group (by phone: 01234 567890). Who gets in touch: My worker"
    )
    assert said["Sharing my details"] == ("Yes, my details can be shared: My name and phone number")
    assert (
        said["Where it is up to"]
        == "Sent, Wednesday 3 March 2027 (before: planned Monday 1 March 2027)"
    )
    [check] = [i for i in items if i.prompt == "For the worker to check"]
    assert (check.answer, check.by) == (
        "Check it fits: it is for people aged 50 and over",
        "worker",
    )


def test_no_consent_says_nothing_is_shared() -> None:
    referral = Referral(id="r1", to="Men's Shed", consent=False)
    plan = Plan(created="2027-03-03T10:00:00+00:00", referrals=[referral])
    assert _said(_section(plan, "referrals"))["Sharing my details"] == (
        "No, nothing about me is shared"
    )


def test_a_plan_without_measures_or_referrals_has_neither_section() -> None:
    keys = {s.topic for s in plan_sections(Plan(created="2027-03-03T10:00:00+00:00"))}
    assert not keys & {"measures", "referrals"}
