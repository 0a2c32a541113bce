"""Words stored earlier (in an earlier meeting, or imported) are put in a one-line box to be
changed cleaned as words typed into it are: a tab or a line break is one space between the
words (a tab was shown as four spaces, a line break kept in the one-line box). What is stored
stays as it was until the answer is saved again."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from ui_support import settle

from assistant.ui.screens.edit_answer import EditAnswer
from assistant.ui.widgets.record_form import RecordForm

OLD_WORDS = "Tea\tand\ncake"


def _text_question(content: Any) -> Any:
    return next(
        node
        for topic in content.topics.values()
        for node in topic.nodes.values()
        if getattr(node, "type", None) == "text"
    )


async def test_an_old_answer_with_a_tab_and_a_break_is_one_line_in_the_change_box(
    make_app, content
) -> None:
    node = _text_question(content)
    dialog = EditAnswer(SimpleNamespace(prompt=node.prompt), node, OLD_WORDS, lambda *a: None)
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.push_screen(dialog)
        await settle(app, pilot)
        assert dialog.query_one("#answer-input").value == "Tea and cake"
        assert dialog.value == OLD_WORDS


async def test_an_old_list_entry_with_a_tab_is_one_line_in_the_change_form(
    make_app, content
) -> None:
    [goals] = [
        node
        for topic in content.topics.values()
        for node in topic.nodes.values()
        if getattr(node, "store", None) == "goals.list"
    ]
    record = {"id": "g1", "what": "Go\tswimming\n"}
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.push_screen(RecordForm(goals, record))
        await settle(app, pilot)
        assert app.screen.query_one("#field-what").value == "Go swimming"
        assert record["what"] == "Go\tswimming\n"
