"""How things have changed (issue 19): a person's measures across meetings, as bar charts
that read as words, from Home and from a meeting."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Static
from ui_support import open_meeting, press, screen_text, settle, widget_text

from assistant.meetings.change_view import (
    NOTHING_YET,
    change_view,
    first_time_only,
    referral_lines,
)
from assistant.plans.model import (
    AttainmentPoint,
    Code,
    ConnectionCounts,
    Goal,
    GoalLevels,
    Measures,
    MeasuresPoint,
    Plan,
    Referral,
    StatusPoint,
    TakenOff,
    WellbeingScores,
)
from assistant.plans.outcomes import CIRCLE_LABELS, change
from assistant.records import CaseStore
from assistant.ui.screens.changes import NO_PLAN_YET, ChangesScreen
from assistant.ui.screens.home import HomeScreen
from assistant.ui.screens.safety import SafetyDialog
from assistant.ui.widgets.keybar import KeyBar
from assistant.ui.widgets.measure_chart import EMPTY, FULL, bar

HOSTILE = "[/] [@click=app.quit]x[/] {{ 7*7 }} [b]"


def three_meetings(goal_words: str = "Walk more") -> Plan:
    """A third version's plan: well-being, one goal's attainment and connections at three
    meetings (1 March, 29 March, 26 April 2027), and a referral planned, sent, started."""
    first = MeasuresPoint(
        plan_version=1,
        date="2027-03-01",
        wellbeing=WellbeingScores(satisfied=4, worthwhile=5, happy=3, anxious=8),
        connections=ConnectionCounts(
            circles={"1": 1},
            people=1,
            support_kinds=1,
            domains=1,
            activities_started=0,  # counted (None would be "not counted yet")
            activities_kept_up=0,
        ),
    )
    second = MeasuresPoint(
        plan_version=2,
        date="2027-03-29",
        wellbeing=WellbeingScores(satisfied=5, happy=None, anxious=6),
        connections=ConnectionCounts(
            circles={"1": 1, "2": 1},
            people=2,
            support_kinds=2,
            domains=2,
            activities_started=1,
            activities_kept_up=0,
        ),
        attainment={"g1": -1},
    )
    goal = Goal(
        id="g1",
        what=goal_words,
        levels=GoalLevels(now="Stuck indoors", expected="Out twice a week", better="Every day"),
        attainment=1,
        attainment_history=[AttainmentPoint(plan_version=2, date="2027-03-29", value=-1)],
    )
    referral = Referral(
        id="r1",
        to="Brackenford Walking Group",
        status=Code(code="started", label="Started going"),
        status_on="2027-04-20",
        history=[
            StatusPoint(status="planned", date="2027-03-01"),
            StatusPoint(status="sent", date="2027-03-03"),
            StatusPoint(status="started", date="2027-04-20"),
        ],
    )
    return Plan(
        created="2027-04-26T10:00:00+00:00",
        goals=[goal],
        referrals=[referral],
        measures=Measures(
            date="2027-04-26",
            wellbeing=WellbeingScores(satisfied=7, worthwhile=6, happy=6, anxious=3),
            connections=ConnectionCounts(
                circles={"1": 2, "2": 1},
                people=3,
                support_kinds=3,
                domains=3,
                activities_started=1,
                activities_kept_up=1,
            ),
            history=[first, second],
        ),
    )


def _charts(plan: Plan) -> dict[str, Any]:
    return {chart.key: chart for group in change_view(plan) for chart in group.charts}


# -- the view (plain Python) -----------------------------------------------------------------


def test_each_well_being_question_has_a_row_per_meeting_with_its_value_in_words() -> None:
    satisfied = _charts(three_meetings())[("wellbeing", "satisfied")]
    assert [(r.when, r.value, r.words) for r in satisfied.rows] == [
        ("1 March 2027", 4, "4 out of 10"),
        ("29 March 2027", 5, "5 out of 10"),
        ("26 April 2027", 7, "7 out of 10"),
    ]
    assert [r.latest for r in satisfied.rows] == [False, False, True]


def test_a_question_skipped_at_one_meeting_says_so_in_its_row() -> None:
    happy = _charts(three_meetings())[("wellbeing", "happy")]
    assert [r.words for r in happy.rows] == ["3 out of 10", "not answered", "6 out of 10"]


def test_anxious_says_a_lower_number_is_better() -> None:
    charts = _charts(three_meetings())
    assert "lower number is better" in charts[("wellbeing", "anxious")].note.lower()
    assert "lower" not in charts[("wellbeing", "satisfied")].note.lower()


def test_every_chart_carries_the_plans_own_sentence_for_its_change() -> None:
    plan = three_meetings()
    shown = [chart.sentence for chart in _charts(plan).values() if chart.sentence]
    assert shown and set(shown) <= set(change(plan).sentences())


def test_a_goals_attainment_reads_in_the_persons_own_words() -> None:
    walk = _charts(three_meetings())[("attainment", "g1")]
    assert walk.title == "Walk more"
    assert [r.value for r in walk.rows] == [-1, 1]
    assert walk.rows[0].words.startswith("-1 ") and walk.rows[0].words.endswith(
        '("Out twice a week")'
    )
    assert walk.rows[1].words == '+1 More than hoped, not as far as "Every day"'
    assert (walk.low, walk.high) == (-2, 2)


def test_connection_counts_are_charted_from_every_meeting() -> None:
    people = _charts(three_meetings())[("connections", "people")]
    assert [r.value for r in people.rows] == [1, 2, 3]


def test_a_referral_reads_as_what_happened_and_when() -> None:
    [line] = referral_lines(three_meetings())
    assert line == (
        "Brackenford Walking Group: planned 1 March 2027, sent 3 March 2027, started 20 April 2027."
    )


def test_one_meeting_only_is_the_first_time_and_three_are_not() -> None:
    once = Plan(
        created="2027-03-01T10:00:00+00:00",
        measures=Measures(date="2027-03-01", wellbeing=WellbeingScores(satisfied=4)),
    )
    assert first_time_only(change_view(once))
    assert not first_time_only(change_view(three_meetings()))


def test_a_plan_without_measures_has_nothing_to_chart() -> None:
    assert change_view(Plan(created="2027-03-01T10:00:00+00:00")) == []


def test_a_bar_is_as_long_as_its_value_on_its_scale() -> None:
    assert bar(5, 0, 10, cells=10) == FULL * 5 + EMPTY * 5
    assert bar(-2, -2, 2, cells=8) == EMPTY * 8
    assert bar(2, -2, 2, cells=8) == FULL * 8


# -- the screen ----------------------------------------------------------------------------


def _person_with(data_dir: Path, plan: Plan, name: str = "Sam") -> str:
    store = CaseStore(data_dir)
    person = store.create_person(name)
    with store.open(person) as case:
        case.add_plan_version(plan.to_json(), agreed=True)
    return person


def _words(app: Any) -> str:
    """Every word on the change screen, scrolled out of view or not."""
    return "\n".join(widget_text(w) for w in app.screen.query("#changes-body Static"))


async def _open_changes_from_home(app: Any, pilot: Any) -> None:
    await settle(app, pilot)
    assert isinstance(app.screen, HomeScreen)
    app.screen.query_one("#people").focus()
    await press(pilot, "c")
    await settle(app, pilot)
    assert isinstance(app.screen, ChangesScreen)


async def test_c_on_home_shows_each_measure_with_its_values_and_sentence(
    make_app, data_dir
) -> None:
    plan = three_meetings()
    _person_with(data_dir, plan)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_changes_from_home(app, pilot)
        words = _words(app)
        said = change(plan)
        for key in [("wellbeing", "satisfied"), ("wellbeing", "anxious"), ("attainment", "g1")]:
            item = said.item(key)
            assert item is not None and item.sentence in words
        # A count that was nought at every meeting is left out, sentence and all.
        assert said.item(("connections", "circle:3")) is None  # change() leaves it out
        assert CIRCLE_LABELS["3"] not in words
        assert "4 out of 10" in words and "7 out of 10" in words
        assert "A lower number is better here." in words
        assert "Walk more" in words
        assert "Brackenford Walking Group: planned 1 March 2027" in words
        await press(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)


async def test_a_draft_as_the_latest_version_is_said_to_be_a_draft(make_app, data_dir) -> None:
    # A review's plan the person said no to: its ratings were shown as "now" without a word.
    store = CaseStore(data_dir)
    person = store.create_person("Sam")
    with store.open(person) as case:
        case.add_plan_version(three_meetings().to_json(), agreed=False)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_changes_from_home(app, pilot)
        assert "a draft: not agreed yet" in _words(app)


async def test_a_draft_with_nothing_to_chart_has_no_draft_line(make_app, data_dir) -> None:
    # "The last row of each chart is from version 1, a draft" above "Nothing to show yet".
    store = CaseStore(data_dir)
    person = store.create_person("Sam")
    with store.open(person) as case:
        case.add_plan_version(Plan(created="2027-03-01T10:00:00+00:00").to_json(), agreed=False)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_changes_from_home(app, pilot)
        assert _words(app) == NOTHING_YET


async def test_an_agreed_latest_version_has_no_draft_line(make_app, data_dir) -> None:
    _person_with(data_dir, three_meetings())
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_changes_from_home(app, pilot)
        assert "draft" not in _words(app)


async def test_the_home_action_list_opens_it_too(make_app, data_dir) -> None:
    _person_with(data_dir, three_meetings())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        actions = app.screen.query_one("#actions")
        labels = [str(o.prompt) for o in actions.options]
        assert "↗ How things have changed" in labels
        actions.focus()
        actions.highlighted = labels.index("↗ How things have changed")
        await press(pilot, "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ChangesScreen)


async def test_with_no_measures_yet_a_calm_line_says_what_will_appear(make_app, data_dir) -> None:
    _person_with(data_dir, Plan(created="2027-03-01T10:00:00+00:00"))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_changes_from_home(app, pilot)
        assert _words(app) == NOTHING_YET
        assert "review" in NOTHING_YET


async def test_a_hostile_goal_referral_and_name_show_as_typed(make_app, data_dir) -> None:
    plan = three_meetings(goal_words=HOSTILE)
    plan.referrals[0] = plan.referrals[0].model_copy(update={"to": HOSTILE + " group"})
    _person_with(data_dir, plan, name=HOSTILE)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_changes_from_home(app, pilot)
        words = _words(app)
        assert f"{HOSTILE}\n" in words  # the goal's chart title
        assert f"{HOSTILE}: −1 in March, +1 now (up 2)." in words
        assert f"{HOSTILE} group: planned 1 March 2027" in words
        assert HOSTILE in widget_text(app.screen.query_one("#changes-title", Static))
        await press(pilot, "escape")
        assert app.is_running and isinstance(app.screen, HomeScreen)


async def test_at_80x24_the_charts_scroll_by_keys(make_app, data_dir) -> None:
    _person_with(data_dir, three_meetings())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_changes_from_home(app, pilot)
        body = app.screen.query_one("#changes-body")
        assert body.has_focus and body.max_scroll_y > 0
        await press(pilot, "end")
        assert body.scroll_y == body.max_scroll_y
        assert "Brackenford Walking Group" in screen_text(app)


async def test_in_a_meeting_ctrl_l_shows_the_plan_so_far(make_app, data_dir) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await press(pilot, "ctrl+l")
        await settle(app, pilot)
        assert isinstance(app.screen, ChangesScreen) and app.screen.so_far
        assert NOTHING_YET in _words(app)
        await press(pilot, "escape")
        assert app.screen is screen


async def test_from_a_meeting_the_pause_for_safety_can_go_to_the_plan_for_hard_times(
    make_app, content
) -> None:
    app = make_app(content=content)  # the shipped topics: a plan for hard times to go to
    async with app.run_test(size=(80, 24)) as pilot:
        session = await open_meeting(app, pilot)
        await press(pilot, "ctrl+l")
        await settle(app, pilot)
        changes = app.screen
        assert isinstance(changes, ChangesScreen)
        assert "^g" in changes.query_one(KeyBar).shown_keys  # kept at 80 columns
        await press(pilot, "ctrl+g")
        assert isinstance(app.screen, SafetyDialog)
        assert app.screen_stack[-2] is changes  # on top of the change screen
        await pilot.click("#safety-go")
        await settle(app, pilot)
        assert app.screen is session
        assert session.meeting.conv.current_topic == "hard_times"


async def test_from_home_the_change_screen_has_no_pause_for_safety(make_app, data_dir) -> None:
    _person_with(data_dir, three_meetings())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_changes_from_home(app, pilot)
        assert "^g" not in app.screen.query_one(KeyBar).shown_keys


async def test_c_for_someone_without_a_plan_says_when_it_will_show(make_app, data_dir) -> None:
    CaseStore(data_dir).create_person("Sam")
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        app.screen.query_one("#people").focus()
        await press(pilot, "c")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert NO_PLAN_YET.split(". ")[0] in screen_text(app)


async def test_several_meetings_with_nothing_measured_are_not_called_the_first_time(
    make_app, data_dir
) -> None:
    # Four meetings of goals and referrals only: "This is the first time" was said.
    first = MeasuresPoint(plan_version=1, date="2027-03-01")
    second = MeasuresPoint(plan_version=2, date="2027-03-29")
    third = MeasuresPoint(plan_version=3, date="2027-04-26")
    plan = three_meetings().model_copy(
        update={
            "goals": [Goal(id="g1", what="Walk more")],
            "measures": Measures(date="2027-05-24", history=[first, second, third]),
        }
    )
    _person_with(data_dir, plan)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_changes_from_home(app, pilot)
        words = _words(app)
        assert "This is the first time" not in words
        assert "Nothing measured yet: in these 4 meetings" in words
        assert "Brackenford Walking Group: planned 1 March 2027" in words


async def test_goals_and_people_taken_off_a_list_are_said_below_the_charts(
    make_app, data_dir
) -> None:
    plan = three_meetings().model_copy(
        update={
            "taken_off": [
                TakenOff(kind="goal", id="g9", what="Join a choir", on="2027-03-01"),
                TakenOff(kind="person", id="p1", what=HOSTILE, on="2027-03-01", private=True),
            ]
        }
    )
    _person_with(data_dir, plan)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_changes_from_home(app, pilot)
        words = _words(app)
    assert (
        "Taken off the list\nGoal taken off on 1 March 2027: “Join a choir”\n"
        f"Taken off My connections on 1 March 2027: {HOSTILE}"
    ) in words


async def test_goals_reviewed_without_levels_are_said_under_their_heading(
    make_app, data_dir
) -> None:
    """No levels, so no chart: the goal's review answers, its words shown as typed."""
    goal = Goal(
        id="g1",
        what=HOSTILE,
        progress=Code(code="closer", label="A bit closer"),
        next=Code(code="keep", label="Keep going"),
    )
    plan = three_meetings().model_copy(update={"goals": [goal]})
    _person_with(data_dir, plan)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_changes_from_home(app, pilot)
        words = _words(app)
    assert "How far my goals have come\n" in words
    assert f"{HOSTILE}: A bit closer — keep going" in words


def _charted_and_reviewed(goal_words: str = "Walk more") -> Plan:
    """three_meetings' goal, with levels charted, also given review answers."""
    plan = three_meetings(goal_words)
    goal = plan.goals[0].model_copy(
        update={
            "progress": Code(code="closer", label="A bit closer"),
            "next": Code(code="keep", label="Keep going"),
        }
    )
    return plan.model_copy(update={"goals": [goal]})


def test_a_charted_goals_review_answers_are_said_with_its_chart_not_in_a_line() -> None:
    goals = {group.key: group for group in change_view(_charted_and_reviewed())}["goals"]
    [chart] = goals.charts
    assert (chart.title, chart.said) == ("Walk more", "At the review: A bit closer — keep going")
    assert goals.lines == []


async def test_a_goal_with_a_chart_and_review_answers_says_them_once(make_app, data_dir) -> None:
    """Its chart and a line under the charts each said them: the line is not shown."""
    _person_with(data_dir, _charted_and_reviewed(HOSTILE))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_changes_from_home(app, pilot)
        words = _words(app)
        assert not app.screen.query("#changes-goals-lines")
    assert words.count("A bit closer — keep going") == 1
    assert f"{HOSTILE}\nFrom -2" in words  # the chart's title, as typed
    assert "At the review: A bit closer — keep going" in words
