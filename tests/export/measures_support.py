"""A plan with outcome measures over three meetings and two referrals, built directly (not
played through the content), for the measures and referrals export tests."""

from __future__ import annotations

from assistant.plans.model import (
    About,
    Agreement,
    AttainmentPoint,
    Audience,
    Code,
    Community,
    ConnectionCounts,
    DirectoryPick,
    Goal,
    GoalLevels,
    Measures,
    MeasuresPoint,
    Opportunity,
    PersonRef,
    Plan,
    Referral,
    StatusPoint,
    WellbeingScores,
    Words,
)

FLAG = "For people aged 18 or over"
MESSAGE = "Hello, I would like to join the Tuesday walk."
SHARED = "My name, my phone number and that I would like to walk with others."


def measured_plan(
    *, goal: str = "Get out of the house more", to: str = "Brackenford Walkers"
) -> Plan:
    """Version 3 of Sam's plan: ONS4 at three meetings (worthwhile skipped at the first),
    a goal with levels and attainment at two reviews, a thing to try kept up, connection
    counts at each meeting, a referral that was sent and replied to, and one the person will
    make themselves without sharing anything."""
    goals = [
        Goal(
            id="g1",
            what=goal,
            levels=GoalLevels(
                now="I stay in most days",
                expected="I go to the café once a week",
                better="I meet a friend there",
            ),
            attainment=0,
            attainment_history=[AttainmentPoint(plan_version=2, date="2027-01-10", value=-1)],
        )
    ]
    tries = [
        Opportunity(
            id="o1",
            what="Walking group",
            status=Code(code="going", label="Keeps going"),
            # As the plan grows it: every status given, with the day it was first given.
            status_history=[
                StatusPoint(status="tried", date="2027-01-10"),
                StatusPoint(status="going", date="2027-03-03"),
            ],
        )
    ]
    measures = Measures(
        date="2027-03-03",
        wellbeing=WellbeingScores(satisfied=6, worthwhile=7, happy=5, anxious=4),
        connections=ConnectionCounts(
            circles={"1": 2, "2": 3, "3": 1},
            people=6,
            support_kinds=4,
            domains=3,
            activities_started=1,
            activities_kept_up=1,
        ),
        history=[
            MeasuresPoint(
                plan_version=1,
                date="2026-11-02",
                wellbeing=WellbeingScores(satisfied=3, happy=4, anxious=8),
                connections=ConnectionCounts(circles={"1": 1, "2": 2}, people=3, support_kinds=2),
            ),
            MeasuresPoint(
                plan_version=2,
                date="2027-01-10",
                wellbeing=WellbeingScores(satisfied=4, worthwhile=5, happy=4, anxious=7),
                connections=ConnectionCounts(
                    circles={"1": 2, "2": 2}, people=4, support_kinds=3, domains=2
                ),
                attainment={"g1": -1},
            ),
        ],
    )
    referrals = [
        Referral(
            id="r1",
            to=to,
            entry=DirectoryPick(code="walkers", label=to),
            route=Code(code="phone", label="Phone"),
            route_detail="01632 960 123",
            consent=True,
            shared=Words(text=SHARED),
            by_whom=Code(code="both", label="Both of us"),
            status=Code(code="replied", label="They replied"),
            status_on="2027-03-01",
            history=[
                StatusPoint(status="planned", date="2027-01-10"),
                StatusPoint(status="sent", date="2027-01-15"),
                StatusPoint(status="replied", date="2027-03-01"),
            ],
            message=Words(text=MESSAGE),
            notes=Words(text="They will call back on Friday."),
            flags=[FLAG],
        ),
        Referral(
            id="r2",
            to="Carers' café",
            route=Code(code="self", label="I will get in touch myself"),
            consent=False,
            shared=Words(text="Nothing to share, said no"),
            by_whom=Code(code="person", label="Me"),
            status=Code(code="planned", label="Planned"),
            status_on="2027-03-03",
            history=[StatusPoint(status="planned", date="2027-03-03")],
        ),
    ]
    return Plan(
        created="2027-03-03T10:00:00+00:00",
        number=3,
        previous_number=2,
        person=PersonRef(reference="BR-1"),
        about=About(name=Words(text="Sam")),
        goals=goals,
        community=Community(opportunities=tries),
        agreement=Agreement(date="2027-03-03"),
        measures=measures,
        referrals=referrals,
    )


def for_audience(plan: Plan, kind: str, name: str | None = None) -> Plan:
    """``plan`` as a copy made for ``kind`` (person, team or named)."""
    return plan.model_copy(update={"audience": Audience(kind=kind, name=name)})  # type: ignore[arg-type]
