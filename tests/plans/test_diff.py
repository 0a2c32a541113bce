"""What changed between two plan versions."""

from __future__ import annotations

import re
from typing import Any

from plan_support import Meetings

from assistant.plans.diff import diff_plans, format_diff
from assistant.plans.model import (
    Action,
    ActionWho,
    Audience,
    Code,
    Connection,
    Goal,
    Plan,
    PrivatePart,
    Words,
)
from assistant.plans.sharing import copy_for


def test_a_changed_rating_is_reported(meetings: Meetings) -> None:
    changes = [c.describe() for c in diff_plans(meetings.plan1, meetings.plan2)]
    assert "~ How things are (1 to 7) › Friendships › rating: 2 → 3" in changes


def test_a_new_goal_is_reported_once(meetings: Meetings) -> None:
    added = [c for c in diff_plans(meetings.plan1, meetings.plan2) if c.kind == "added"]
    about_guitar = [c for c in added if any("Play guitar" in w for w in c.where)]
    assert len(about_guitar) == 1


def test_an_action_status_change_names_the_goal_and_action(meetings: Meetings) -> None:
    report = format_diff(meetings.plan1, meetings.plan2)
    assert (
        '~ goal "Go to the walking group" › action "Go to the first walk" › status: '
        "set to Partly done"
    ) in report


def test_a_removed_goal_is_reported(meetings: Meetings) -> None:
    fewer = meetings.plan2.model_copy(update={"goals": meetings.plan2.goals[1:]})
    removed = [c for c in diff_plans(meetings.plan2, fewer) if c.kind == "removed"]
    assert [c.where[-1] for c in removed] == [f'goal "{meetings.plan2.goals[0].what}"']


def test_the_same_plan_has_no_changes(meetings: Meetings) -> None:
    assert "No changes." in format_diff(meetings.plan2, meetings.plan2)


def test_bookkeeping_is_not_reported_as_a_change(meetings: Meetings) -> None:
    later = meetings.plan1.model_copy(update={"number": 5, "created": "2030-01-01T00:00:00Z"})
    assert diff_plans(meetings.plan1, later) == []


def test_a_changed_plan_for_hard_times_names_the_section_and_the_part(
    meetings: Meetings,
) -> None:
    hard = meetings.plan2.hard_times
    assert hard is not None and hard.contact_night is not None
    changed = hard.model_copy(
        update={"contact_night": hard.contact_night.model_copy(update={"text": "Mr K"})}
    )
    plan = meetings.plan2.model_copy(update={"hard_times": changed})
    changes = [c.describe() for c in diff_plans(meetings.plan2, plan)]
    assert changes == [
        "~ My plan for hard times › who to contact at night or at weekends: "
        "Dan, if it isn't too late. → Mr K"
    ]


def test_a_new_plan_for_hard_times_is_reported(meetings: Meetings) -> None:
    before = meetings.plan1.model_copy(update={"hard_times": None})
    report = format_diff(before, meetings.plan1)
    assert "My plan for hard times" in report
    assert "Walking by the river. Playing old songs. Dan ringing me." in report


def test_a_changed_day_reads_as_people_write_it(meetings: Meetings) -> None:
    # "next meeting: 2026-12-19 → 2027-01-02" read as a computer's dates.
    old = meetings.plan1.agreement.model_copy(update={"next_meeting": "2026-12-19"})
    new = meetings.plan2.agreement.model_copy(update={"next_meeting": "2027-01-02"})
    report = format_diff(
        meetings.plan1.model_copy(update={"agreement": old}),
        meetings.plan2.model_copy(update={"agreement": new}),
    )
    assert "next meeting: 19 December 2026 → 2 January 2027" in report
    assert "2027-01-02" not in report


def test_a_life_area_picked_to_talk_about_is_said_in_words(meetings: Meetings) -> None:
    # "Friendships › focus: yes → no" used the model's field name.
    def picked(plan: Any, focus: bool) -> Any:
        areas = [
            a.model_copy(update={"focus": focus if a.area == "friendships" else a.focus})
            for a in plan.life_areas
        ]
        return plan.model_copy(update={"life_areas": areas})

    report = format_diff(picked(meetings.plan1, True), picked(meetings.plan2, False))
    assert "Friendships › one to talk about?: yes → no" in report
    assert "focus" not in report


def test_a_life_area_left_for_today_is_said_in_words(meetings: Meetings) -> None:
    def left(plan: Any) -> Any:
        areas = [
            a.model_copy(update={"value": None, "left_today": True}) if a.area == "family" else a
            for a in plan.life_areas
        ]
        return plan.model_copy(update={"life_areas": areas})

    report = format_diff(left(meetings.plan1), meetings.plan2)
    assert "Family or partner › rating: left for today → 5" in report
    assert "left_today" not in report and "left today" not in report


def test_a_goal_below_where_it_started_has_a_true_minus(meetings: Meetings) -> None:
    goals = [g.model_copy(update={"attainment": -1}) for g in meetings.plan2.goals]
    report = format_diff(meetings.plan1, meetings.plan2.model_copy(update={"goals": goals}))
    assert "where things are now (\u22122 to +2): set to \u22121" in report
    assert ": -1" not in report


def _rated(plan: Any, level: int | None, next_code: str | None = None) -> Any:
    """``plan`` with each goal's rating ``level`` (and what next, when given)."""
    update: dict[str, Any] = {"attainment": level}
    if next_code is not None:
        update["next"] = Code(code=next_code, label=next_code.replace("_", " ").capitalize())
    return plan.model_copy(update={"goals": [g.model_copy(update=update) for g in plan.goals]})


def test_a_value_taken_away_is_said_to_be_left_blank(meetings: Meetings) -> None:
    goals = [g.model_copy(update={"going_well": None}) for g in meetings.plan2.goals]
    said = next(g.going_well for g in meetings.plan2.goals if g.going_well)
    assert said is not None
    report = format_diff(meetings.plan2, meetings.plan2.model_copy(update={"goals": goals}))
    assert f"going well: {said.text} \u2192 left blank" in report
    assert "(nothing)" not in report


def test_a_rating_not_given_this_time_is_not_said_to_be_left_blank(meetings: Meetings) -> None:
    # Asked afresh at each review: nothing now means not rated this time, not rubbed out.
    report = format_diff(_rated(meetings.plan2, 1), _rated(meetings.plan2, None))
    assert "where things are now (\u22122 to +2): +1 \u2192 not given this time" in report
    assert "left blank" not in report


def test_well_being_not_asked_at_a_review_is_not_said_to_be_left_blank(
    meetings: Meetings,
) -> None:
    # The review did not open How life feels: the plan still shows last time's answers.
    wellbeing = meetings.plan2.measures.wellbeing
    assert wellbeing is not None and wellbeing.satisfied is not None
    unasked = meetings.plan2.measures.model_copy(update={"wellbeing": None})
    report = format_diff(meetings.plan2, meetings.plan2.model_copy(update={"measures": unasked}))
    assert f"~ Life satisfaction: {wellbeing.satisfied} → not asked this time" in report
    assert "left blank" not in report


def test_a_life_area_not_rated_at_a_review_is_not_said_to_be_left_blank(
    meetings: Meetings,
) -> None:
    areas = [a.model_copy(update={"value": None}) for a in meetings.plan2.life_areas]
    report = format_diff(meetings.plan2, meetings.plan2.model_copy(update={"life_areas": areas}))
    area = meetings.plan2.life_areas[0]
    assert f"{area.label} › rating: {area.value} → not asked this time" in report
    assert "left blank" not in report


def test_looking_back_not_answered_at_the_next_review_is_not_given_this_time(
    meetings: Meetings,
) -> None:
    review = meetings.plan2.review
    assert review is not None and review.keep is not None
    later = meetings.plan2.model_copy(update={"review": review.model_copy(update={"keep": None})})
    report = format_diff(meetings.plan2, later)
    assert f"keep doing: {review.keep.text} → not given this time" in report
    assert "left blank" not in report


def test_words_over_several_lines_not_given_this_time_say_so(meetings: Meetings) -> None:
    given = "The walking group's leaflet.\nThe number for the crisis line."
    before = meetings.plan2.model_copy(
        update={
            "agreement": meetings.plan2.agreement.model_copy(
                update={"information_given": Words(text=given)}
            )
        }
    )
    after = meetings.plan2.model_copy(
        update={
            "agreement": meetings.plan2.agreement.model_copy(update={"information_given": None})
        }
    )
    report = format_diff(before, after)
    assert "now: (not given this time)" in report and "(left blank)" not in report


def test_a_goal_finished_or_let_go_is_not_reported_as_unrated(meetings: Meetings) -> None:
    # Not rated again once closed: "+2 → left blank" read as if the rating had been erased.
    for closed in ("finished", "let_go"):
        before = _rated(meetings.plan2, 2, closed)
        report = format_diff(before, _rated(meetings.plan2, None, closed))
        assert "where things are now" not in report, closed


def test_the_agreement_is_said_as_the_exports_say_it(meetings: Meetings) -> None:
    report = format_diff(meetings.plan1, meetings.plan2)
    assert "Agreement\n  ~ the person agrees: Mostly \u2192 Yes\n" in report
    assert "~ not agreed, in the person's own words: " in report
    assert "person not agreed" not in report


def test_the_changes_of_a_training_plan_carry_the_watermark(meetings: Meetings) -> None:
    from assistant.marks import TRAINING_WATERMARK

    marked = [
        p.model_copy(update={"watermark": TRAINING_WATERMARK})
        for p in (meetings.plan1, meetings.plan2)
    ]
    report = format_diff(*marked)
    assert report.splitlines()[0] == f"*** {TRAINING_WATERMARK} ***"
    assert TRAINING_WATERMARK not in format_diff(meetings.plan1, meetings.plan2)


def test_a_rating_given_for_the_first_time_is_said_with_its_value(meetings: Meetings) -> None:
    first = meetings.plan1.model_copy(update={"life_areas": meetings.plan1.life_areas[1:]})
    area = meetings.plan2.life_areas[0]
    report = format_diff(first, meetings.plan2)
    assert f"  + {area.label}: rating {area.value}, one to talk about? no" in report


def test_words_over_several_lines_show_was_and_now_as_indented_blocks() -> None:
    # The old and new lines ran together unindented: "~ signs: Not sleeping / Staying in
    # bed all day → Not sleeping / ..." could not be told apart.
    from assistant.plans.diff import Change

    change = Change(
        "changed",
        ("signs that things are getting hard",),
        "Not sleeping\nStaying in bed all day",
        "Not sleeping\nNot answering the phone",
    )
    assert change.describe().splitlines() == [
        "~ signs that things are getting hard:",
        "      was: Not sleeping",
        "           Staying in bed all day",
        "      now: Not sleeping",
        "           Not answering the phone",
    ]


# -- plain words for every kind of change (tester's finding: field names and codes) -------


def _report_lines(old: Plan, new: Plan) -> list[str]:
    return [line.strip() for line in format_diff(old, new).splitlines()]


def test_support_needed_is_said_in_its_own_words_without_its_kind(meetings: Meetings) -> None:
    # Was: + support "Worker goes along ...": kind going_along, text Worker goes along ...
    before = meetings.plan2.model_copy(update={"support_needed": []})
    need = next(s for s in meetings.plan2.support_needed if s.kind == "going_along")
    lines = _report_lines(before, meetings.plan2)
    assert f'+ support "{need.text}"' in lines
    assert not any("going_along" in line or "kind " in line for line in lines)


def _with_domain(plan: Plan, code: str, **update: Any) -> Plan:
    domains = [
        d.model_copy(update=update) if d.domain.code == code else d
        for d in plan.resourceful.domains
    ]
    return plan.model_copy(
        update={"resourceful": plan.resourceful.model_copy(update={"domains": domains})}
    )


def test_wanting_more_people_for_a_kind_of_help_is_said_in_words(meetings: Meetings) -> None:
    # Was: domains › Showing me how to do things › gap: yes → no
    wanted = next(d for d in meetings.plan2.resourceful.domains if d.want_more)
    after = _with_domain(meetings.plan2, wanted.domain.code, want_more=False, gap=False)
    lines = _report_lines(meetings.plan2, after)
    assert f"~ {wanted.domain.label} › would like to know more people for this: yes → no" in lines
    assert not any("domains" in line or "gap" in line for line in lines)


def test_a_kind_of_help_added_is_said_without_its_field_names(meetings: Meetings) -> None:
    # Was: + domains › Showing me how to do things: domain Showing me how to do things,
    # want more yes, gap yes
    wanted = next(d for d in meetings.plan2.resourceful.domains if d.want_more)
    others = [d for d in meetings.plan2.resourceful.domains if d is not wanted]
    before = meetings.plan2.model_copy(
        update={"resourceful": meetings.plan2.resourceful.model_copy(update={"domains": others})}
    )
    lines = _report_lines(before, meetings.plan2)
    assert f"+ {wanted.domain.label}: would like to know more people for this: yes" in lines


def _with_person(plan: Plan, **person: Any) -> Plan:
    people = [*plan.network.people, Connection(id="p-new", **person)]
    return plan.model_copy(update={"network": plan.network.model_copy(update={"people": people})})


def test_a_person_added_says_their_circle_as_the_plan_does(meetings: Meetings) -> None:
    # Was: + person "Priya":  Friend,  2
    friend = Code(code="friend", label="Friend")
    after = _with_person(meetings.plan2, name="Priya", relationship=friend, circle=2)
    assert '+ person "Priya": who they are to me: Friend, circle 2' in _report_lines(
        meetings.plan2, after
    )


def test_a_person_moved_to_the_closest_circle_is_said_so(meetings: Meetings) -> None:
    before = _with_person(meetings.plan2, name="Priya", circle=2)
    after = _with_person(meetings.plan2, name="Priya", circle=1)
    assert '~ person "Priya" › circle: 2 → 1 (closest)' in _report_lines(before, after)


def test_a_whole_plan_added_names_no_field_or_code(meetings: Meetings) -> None:
    # Every part of the plan, given for the first time: no snake_case names or codes.
    empty = Plan(created=meetings.plan2.created, number=1)
    report = format_diff(empty, meetings.plan2)
    assert re.findall(r"\b[a-z]+_[a-z_]+\b", report) == []
    assert ":  " not in report  # an entry's parts said without their names


def test_a_section_made_private_since_is_one_line_without_its_words(meetings: Meetings) -> None:
    # The team's earlier copy had About me; their copy now leaves it out at the person's wish.
    team = Code(code="care_team", label="My care team")
    shared = meetings.plan2.sharing.model_copy(update={"share_with": [team], "private": []})
    private = shared.model_copy(
        update={"private": [PrivatePart(kind="section", code="about", label="About me")]}
    )
    before = copy_for(meetings.plan2.model_copy(update={"sharing": shared}), Audience(kind="team"))
    whole = meetings.plan2.model_copy(update={"sharing": private})
    report = format_diff(before, copy_for(whole, Audience(kind="team")), withheld_from=whole)
    assert report.splitlines()[2:4] == ["About me", "  - no longer in this copy"]
    assert meetings.plan2.about.what_matters is not None
    assert meetings.plan2.about.what_matters.text not in report


def test_a_goal_added_says_its_own_parts_before_the_actions_in_it() -> None:
    # "+ goal "Join": action "Ring Coach Marcus", whose idea: My worker's idea" read as if
    # the action was the worker's idea.
    created = "2026-02-02T10:00:00+00:00"
    idea = Code(code="worker", label="My worker's idea")
    action = Action(id="a1", what="Ring Coach Marcus", who=ActionWho(kind="person"))
    goal = Goal(id="g1", what="Join Kick Off Together", idea_from=idea, actions=[action])
    report = format_diff(
        Plan(created=created, number=1), Plan(created=created, number=2, goals=[goal])
    )
    line = next(line for line in report.splitlines() if line.strip().startswith("+ goal"))
    assert line.index("whose idea") < line.index('action "Ring Coach Marcus"')
    assert line.rstrip().endswith('action "Ring Coach Marcus"')
