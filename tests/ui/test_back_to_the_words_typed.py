"""Back at the question from the topics, the plan or the conversation (Escape, or F4
again), the words typed in its box are not selected: the next key typed goes on after them.
(Textual's Input selected them all on focus, so the next key replaced them: "Sa", F4,
Escape, "m" left "m".) A new question's box still selects what it starts with."""

from __future__ import annotations

import pytest
from ui_support import open_meeting, press


@pytest.mark.parametrize(
    ("size", "away_and_back"),
    [
        ((80, 24), ("f4", "escape")),
        ((80, 24), ("f4", "f4")),
        ((80, 24), ("f5", "escape")),
        ((140, 40), ("f4", "escape")),
        ((160, 50), ("f4", "escape")),
        ((100, 30), ("shift+tab", "escape")),
    ],
)
async def test_words_typed_before_going_away_are_carried_on_when_back(
    make_app, size, away_and_back
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_meeting(app, pilot)
        await press(pilot, "home", "enter", "enter", *"Sa")  # the name box, Enter not pressed
        await press(pilot, *away_and_back)
        await press(pilot, "m")
        assert screen.query_one("#answer-input").value == "Sam"


async def test_a_new_questions_box_selects_the_words_it_starts_with(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_meeting(app, pilot)
        await press(pilot, "home", "enter", "enter", *"Sam", "enter", "y", "enter")
        await press(pilot, "home", "enter", "enter")  # the name question again: "Sam" in it
        box = screen.query_one("#answer-input")
        assert box.value == "Sam"
        await press(pilot, *"Jo")
        assert box.value == "Jo"
