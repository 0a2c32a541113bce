"""Meetings on the same day told apart in the change screen's charts (walk finding 12b):
two meetings on 1 March used to show two rows both reading "1 March 2027"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ui_support import settle, widget_text

from assistant.meetings.change_view import change_view
from assistant.plans.model import Measures, MeasuresPoint, Plan, WellbeingScores
from assistant.records import CaseStore
from assistant.ui.screens.changes import ChangesScreen
from assistant.ui.screens.home import HomeScreen


def _same_day_plan() -> Plan:
    """Three meetings: two on 1 March 2027, then one on 29 March."""
    return Plan(
        created="2027-03-29T10:00:00+00:00",
        measures=Measures(
            date="2027-03-29",
            wellbeing=WellbeingScores(satisfied=7),
            history=[
                MeasuresPoint(
                    plan_version=1, date="2027-03-01", wellbeing=WellbeingScores(satisfied=4)
                ),
                MeasuresPoint(
                    plan_version=2, date="2027-03-01", wellbeing=WellbeingScores(satisfied=5)
                ),
            ],
        ),
    )


def _satisfied_rows(plan: Plan) -> list[tuple[str, int | None]]:
    charts = {c.key: c for group in change_view(plan) for c in group.charts}
    return [(r.when, r.value) for r in charts[("wellbeing", "satisfied")].rows]


def test_rows_of_one_day_say_which_meeting_of_the_day_they_are() -> None:
    assert _satisfied_rows(_same_day_plan()) == [
        ("1 March 2027 (meeting 1)", 4),
        ("1 March 2027 (meeting 2)", 5),
        ("29 March 2027", 7),
    ]


def _person_with(data_dir: Path, plan: Plan) -> None:
    store = CaseStore(data_dir)
    person = store.create_person("Sam")
    with store.open(person) as case:
        case.add_plan_version(plan.to_json(), agreed=True)


async def test_the_change_screen_shows_the_two_meetings_of_one_day_apart(
    make_app: Any, data_dir: Path
) -> None:
    _person_with(data_dir, _same_day_plan())
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        app.screen.query_one("#people").focus()
        await pilot.press("c")
        await settle(app, pilot)
        assert isinstance(app.screen, ChangesScreen)
        dates = [widget_text(w) for w in app.screen.query("#changes-body .chart-when")]
    assert dates[:3] == ["1 March 2027 (meeting 1)", "1 March 2027 (meeting 2)", "29 March 2027"]
