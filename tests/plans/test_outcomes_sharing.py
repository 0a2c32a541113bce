"""What shared copies keep of the measures and referrals (issue 19): a private part leaves no
trace, and the worker's referral flags are in the care team's copy only."""

from __future__ import annotations

import json

from test_measures_from_session import three_meetings

from assistant.plans.model import Audience, Code, Plan, PlanState, PrivatePart, Sharing, Words
from assistant.plans.private_names import private_names_found
from assistant.plans.sharing import copy_for


def _shared(plan: Plan, *private: tuple[str, str]) -> Plan:
    """``plan``, agreed, shared with the care team and family (named "Kim"), with ``private``
    marks."""
    sharing = Sharing(
        share_with=[Code(code="care_team", label="My care team"), Code(code="family", label="F")],
        share_who=Words(text="Kim"),
        private=[PrivatePart(kind=kind, code=code, label=code) for kind, code in private],
    )
    return plan.model_copy(update={"sharing": sharing, "state": PlanState(status="agreed")})


def _text(plan: Plan) -> str:
    return json.dumps(plan.to_json())


def test_a_private_measures_section_leaves_no_answers_or_counts_in_the_team_copy() -> None:
    plan = _shared(three_meetings()[2], ("section", "measures"))
    team = copy_for(plan, Audience(kind="team"))
    assert team.measures.wellbeing is None
    assert team.measures.connections is None
    assert team.measures.history == []
    assert '"satisfied"' not in _text(team)
    assert team.audience is not None and team.audience.withheld


def test_a_private_referrals_section_leaves_no_referral_in_the_team_copy() -> None:
    plan = _shared(three_meetings()[2], ("section", "referrals"))
    team = copy_for(plan, Audience(kind="team"))
    assert team.referrals == []
    assert "Befriending" not in _text(team)


def test_a_referral_kept_private_as_an_item_is_left_out() -> None:
    plan = _shared(three_meetings()[2], ("item", "r1"))
    assert copy_for(plan, Audience(kind="team")).referrals == []


def test_a_private_goal_takes_its_attainment_out_of_the_measures_history() -> None:
    plan = _shared(three_meetings()[2], ("item", "g1"))
    team = copy_for(plan, Audience(kind="team"))
    assert [p.attainment for p in team.measures.history] == [{}, {}]
    assert '"g1"' not in _text(team)


def test_a_private_network_takes_the_connection_counts_with_it() -> None:
    plan = _shared(three_meetings()[2], ("section", "network"))
    team = copy_for(plan, Audience(kind="team"))
    assert team.measures.connections is None
    assert all(p.connections is None for p in team.measures.history)
    assert team.measures.wellbeing == plan.measures.wellbeing  # not derived from the network


def test_private_looking_back_takes_attainment_and_how_things_to_try_went() -> None:
    plan = _shared(three_meetings()[2], ("section", "review"))
    team = copy_for(plan, Audience(kind="team"))
    goal = team.goals[0]
    assert goal.attainment is None and goal.attainment_history == []
    assert all(p.attainment == {} for p in team.measures.history)
    thing = team.community.opportunities[0]
    assert thing.status is None and thing.status_history == []


def test_referral_flags_are_in_the_team_copy_only() -> None:
    plan = _shared(three_meetings()[2])
    assert copy_for(plan, Audience(kind="team")).referrals[0].flags == [
        "Check: Lives in Brackenford"
    ]
    own = copy_for(plan, Audience(kind="person"))
    assert own.referrals[0].flags == []
    assert own.referrals[0].to == "Befriending service"
    named = copy_for(plan, Audience(kind="named", name="Kim"))
    assert named.referrals[0].flags == []
    assert named.audience is not None and not named.audience.withheld


def test_nothing_private_keeps_every_measure() -> None:
    plan = _shared(three_meetings()[2])
    team = copy_for(plan, Audience(kind="team"))
    assert team.measures == plan.measures
    assert team.goals[0].attainment == 1


def test_a_private_person_named_in_a_referral_or_goal_levels_is_found() -> None:
    plan = three_meetings()[2]
    referral = plan.referrals[0].model_copy(update={"notes": Words(text="Jo will come too")})
    goal = plan.goals[0]
    assert goal.levels is not None
    levels = goal.levels.model_copy(update={"better": "Jo and I go to football"})
    plan = _shared(
        plan.model_copy(
            update={"referrals": [referral], "goals": [goal.model_copy(update={"levels": levels})]}
        ),
        ("item", "p1"),
    )
    found = {(p.where, p.part.code if p.part else None) for p in private_names_found(plan)}
    assert ("Getting in touch with: Befriending service", "r1") in found
    assert ("Goal: See my brother more – how we will know", "g1") in found
