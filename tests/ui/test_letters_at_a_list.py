"""Letters typed at a question answered from a list (a sentence typed ahead, meant for a text
box) are not lost without a word: the keys line says the question is a list, as a page with
nothing to answer says "Nothing to type here"."""

from __future__ import annotations

from typing import Any

from test_choice_ends import _at_person_agrees
from test_tick_alone import _open, _tick
from ui_support import press, screen_text


async def test_letters_at_a_choice_say_it_is_a_list(make_app, content: Any) -> None:
    app = make_app(content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        await _at_person_agrees(app, pilot)
        await press(pilot, *"ok")
        text = " ".join(screen_text(app).split())
    assert "This question is a list: use the arrow keys, then Enter." in text


async def test_letters_at_a_tick_list_say_it_is_a_list(make_app, write_topics) -> None:
    app = _open(make_app, write_topics)
    async with app.run_test(size=(120, 40)) as pilot:
        await _tick(app, pilot, *"walk")
        text = " ".join(screen_text(app).split())
    # The hint wraps beside the Done button: its first words, then its last.
    assert "This question is a list: use the arrow keys and" in text
    assert "Space to tick, then Enter." in text


async def test_a_first_letter_at_the_agree_question_picks_its_row_for_enter(
    make_app, content: Any
) -> None:
    """y at "Do you agree with this plan?" said "This question is a list", though every
    yes/no question says "Press y or n". A letter highlights its row; Enter gives it."""
    app = make_app(content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _at_person_agrees(app, pilot)
        assert "Press y, m or n (or an arrow key), then Enter." in screen_text(app)
        await press(pilot, "m")
        assert "person_agrees" not in screen.meeting.conv.data.get("agreement", {})
        await press(pilot, "enter")
        assert screen.meeting.conv.data["agreement"]["person_agrees"] == "mostly"
