"""How things have changed, the view's words (no Textual): the line said above the charts,
and what was taken off a list."""

from __future__ import annotations

from assistant.export.render import render
from assistant.meetings.change_view import (
    EACH_ONCE,
    NOTHING_YET,
    ONE_MEETING,
    change_view,
    opening_line,
    referral_lines,
    taken_off_lines,
)
from assistant.plans.model import (
    Audience,
    Code,
    ConnectionCounts,
    Goal,
    Measures,
    MeasuresPoint,
    Plan,
    PrivatePart,
    Referral,
    Sharing,
    TakenOff,
    WellbeingScores,
)
from assistant.plans.sharing import copy_for

#: Counted at every meeting, and nought each time (as a plan with no network is).
NONE_COUNTED = ConnectionCounts(
    people=0, support_kinds=0, domains=0, activities_started=0, activities_kept_up=0
)


def _plan(meetings: int, *, wellbeing_now: WellbeingScores | None = None) -> Plan:
    """A plan of the given number of meetings with a goal (no levels) and a referral only."""
    history = [
        MeasuresPoint(plan_version=n, date=f"2027-0{n}-01", connections=NONE_COUNTED)
        for n in range(1, meetings)
    ]
    return Plan(
        created=f"2027-0{meetings}-01T10:00:00+00:00",
        goals=[Goal(id="g1", what="Walk more")],
        referrals=[
            Referral(
                id="r1",
                to="Brackenford Walking Group",
                status=Code(code="planned", label="Planned"),
                status_on="2027-01-01",
            )
        ],
        measures=Measures(date=f"2027-0{meetings}-01", wellbeing=wellbeing_now, history=history),
    )


def _line(plan: Plan) -> tuple[str, str] | None:
    return opening_line(plan, change_view(plan), referral_lines(plan))


def test_several_meetings_with_nothing_measured_say_so_not_the_first_time() -> None:
    plan = _plan(4)
    assert change_view(plan) == []  # nothing to chart: only a goal and a referral
    assert _line(plan) == (
        "nothing-measured",
        "Nothing measured yet: in these 4 meetings no well-being ratings or goal levels were "
        "given, and no people or things to try were written down to count.",
    )


def test_one_meeting_is_the_first_time() -> None:
    assert _line(_plan(1)) == ("first-time", ONE_MEETING)


def test_one_meeting_with_nothing_at_all_says_what_will_appear() -> None:
    assert _line(Plan(created="2027-03-01T10:00:00+00:00")) == ("nothing", NOTHING_YET)


def test_a_measure_given_once_in_several_meetings_is_not_the_first_time() -> None:
    plan = _plan(3, wellbeing_now=WellbeingScores(satisfied=6))
    assert _line(plan) == ("once-each", EACH_ONCE)


def test_a_same_day_row_names_its_own_meeting_not_its_place_in_the_chart() -> None:
    """Meeting 1 counted no things to try; meetings 2 and 3 were on one day: their rows say
    meetings 2 and 3, not 1 and 2 (the chart has no row for meeting 1)."""
    plan = Plan(
        created="2026-12-07T12:00:00+00:00",
        number=3,
        measures=Measures(
            date="2026-12-07",
            connections=ConnectionCounts(activities_started=1),
            history=[
                MeasuresPoint(plan_version=1, date="2026-11-30"),
                MeasuresPoint(
                    plan_version=2,
                    date="2026-12-07",
                    connections=ConnectionCounts(activities_started=0),
                ),
            ],
        ),
    )
    charts = {c.key: c for group in change_view(plan) for c in group.charts}
    rows = charts[("connections", "activities_started")].rows
    assert [(r.when, r.value) for r in rows] == [
        ("7 December 2026 (meeting 2)", 0),
        ("7 December 2026 (meeting 3)", 1),
    ]


def test_the_meeting_going_on_is_this_meeting_beside_a_numbered_one_the_same_day() -> None:
    """The meeting's own plan has no number until it is saved: its row is not given its
    place in the chart (2 here), which is the other row's number."""
    plan = Plan(
        created="2026-12-07T12:00:00+00:00",
        measures=Measures(
            date="2026-12-07",
            connections=ConnectionCounts(activities_started=6),
            history=[
                MeasuresPoint(plan_version=1, date="2026-11-30"),
                MeasuresPoint(
                    plan_version=2,
                    date="2026-12-07",
                    connections=ConnectionCounts(activities_started=5),
                ),
            ],
        ),
    )
    charts = {c.key: c for group in change_view(plan) for c in group.charts}
    rows = charts[("connections", "activities_started")].rows
    assert [(r.when, r.value) for r in rows] == [
        ("7 December 2026 (meeting 2)", 5),
        ("7 December 2026 (this meeting)", 6),
    ]


CV = TakenOff(
    kind="goal",
    id="g1",
    what="Sort out a CV and apply for warehouse jobs",
    idea_from=Code(code="worker", label="My worker's idea"),
    on="2026-12-07",
    plan_version=3,
)
DAN = TakenOff(kind="person", id="p1", what="Dan", on="2026-12-07", plan_version=3, private=True)


def test_what_was_taken_off_a_list_reads_as_in_the_persons_own_copy() -> None:
    """Every line, the one marked private too: the screen is the pair's, as that copy is."""
    plan = Plan(created="2026-12-07T10:00:00+00:00", taken_off=[CV, DAN])
    copy = render(copy_for(plan, Audience(kind="person")), "md").decode()
    in_copy = [line for line in copy.splitlines() if line.startswith(("- Goal taken", "- Taken"))]
    assert [f"- {line}" for line in taken_off_lines(plan)] == in_copy and len(in_copy) == 2


def test_goals_reviewed_without_levels_are_said_in_a_line_each() -> None:
    """No goal has levels, so none has attainment to chart: the heading still says how each
    reviewed goal went and what next, those done, let go or private too."""
    plan = _plan(2).model_copy(
        update={
            "goals": [
                Goal(
                    id="g1",
                    what="Go back to the choir",
                    progress=Code(code="reached", label="I've got there"),
                    next=Code(code="finished", label="It's done"),
                ),
                Goal(
                    id="g2",
                    what="Stop sending Daniel money",
                    progress=Code(code="same", label="About the same"),
                    next=Code(code="let_go", label="Let it go for now"),
                ),
                Goal(id="g3", what="Go to the Tuesday lunch"),  # not reviewed yet
            ],
            "sharing": Sharing(private=[PrivatePart(kind="item", code="g2", label="Goal")]),
        }
    )
    goals = {group.key: group for group in change_view(plan)}["goals"]
    assert (goals.title, goals.charts, goals.lines) == (
        "How far my goals have come",
        [],
        [
            "Go back to the choir: I've got there — done",
            "Stop sending Daniel money: About the same — let go for now",
        ],
    )
