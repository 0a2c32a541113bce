"""A step loads its answer and focuses it without a DOM query: a query matches a selector
against every widget in the answer before it yields any, at every step (issue 18). What the
load and the focus do is unchanged: a button left "pressed" is released, and the first
widget that can take the focus takes it."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App
from textual.css.query import DOMQuery
from textual.widgets import Button

from assistant.ui.widgets.answers import GoOnAnswer


class AnswerApp(App[None]):
    def compose(self) -> Any:
        yield GoOnAnswer()


@pytest.fixture
def queries(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Each DOM query worked out (its widgets listed and matched)."""
    listed: list[object] = []
    nodes = DOMQuery.nodes.fget
    assert nodes is not None

    def counted(query: DOMQuery[Any]) -> Any:
        if query._nodes is None:
            listed.append(query)
        return nodes(query)

    monkeypatch.setattr(DOMQuery, "nodes", property(counted))
    return listed


async def test_loading_and_focusing_an_answer_makes_no_dom_query(queries: list[object]) -> None:
    app = AnswerApp()
    async with app.run_test():
        answer = app.query_one(GoOnAnswer)
        queries.clear()
        answer.load("Go on")
        answer.focus_first()
        assert queries == []


async def test_a_loaded_answer_releases_a_pressed_button_and_focuses_it() -> None:
    app = AnswerApp()
    async with app.run_test():
        answer = app.query_one(GoOnAnswer)
        button = answer.query_one("#go-on", Button)
        button.add_class("-active")
        answer.load("Go on")
        answer.focus_first()
        assert not button.has_class("-active")
        assert app.focused is button
