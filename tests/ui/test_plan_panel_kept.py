"""'Our plan so far' is drawn again only when something it shows changed: each drawing lays
out and repaints the whole panel after an answer (issue 18), and in a later meeting last
time's plan, rebuilt at every step, made it draw again at every step."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App
from textual.content import Content
from textual.widgets import Static

from assistant.meetings.plan_view import PlanItem, PlanSection
from assistant.ui.widgets.panels import PlanPanel


class PanelApp(App[None]):
    def compose(self) -> Any:
        yield PlanPanel()


def sections(by: str = "person") -> list[PlanSection]:
    return [PlanSection("goals", "Goals", [PlanItem("What would you like?", "Swim", by)])]


def earlier(style: str = "bold") -> Content:
    """Last time's plan, built afresh as the session screen builds it at every step."""
    return Content("\n").join([Content("Last time").stylize(style), Content("  Goal: Walk")])


@pytest.fixture
def updates(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The plan body's drawings, by their words."""
    drawn: list[str] = []
    update = Static.update

    def counted(self: Static, content: Any = "", **kwargs: Any) -> None:
        if self.id == "plan-body":
            drawn.append(str(getattr(content, "plain", content)))
        update(self, content, **kwargs)

    monkeypatch.setattr(Static, "update", counted)
    return drawn


async def test_the_same_plan_with_last_times_is_not_drawn_again(updates: list[str]) -> None:
    app = PanelApp()
    async with app.run_test():
        panel = app.query_one(PlanPanel)
        panel.show(sections(), earlier(), {"person": "Sam"})
        panel.show(sections(), earlier(), {"person": "Sam"})
        assert len(updates) == 1


async def test_last_times_plan_in_other_styles_is_drawn_again(updates: list[str]) -> None:
    app = PanelApp()
    async with app.run_test():
        panel = app.query_one(PlanPanel)
        panel.show(sections(), earlier("bold"), {"person": "Sam"})
        panel.show(sections(), earlier("italic"), {"person": "Sam"})
        assert len(updates) == 2


async def test_a_corrected_name_is_drawn_in_the_plan(updates: list[str]) -> None:
    app = PanelApp()
    async with app.run_test():
        panel = app.query_one(PlanPanel)
        panel.show(sections(), None, {"person": "Sam"})
        panel.show(sections(), None, {"person": "Samira"})
        assert "(from Samira)" in updates[-1]
