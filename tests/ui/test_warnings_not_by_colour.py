"""Warnings and refusals are marked by more than their colour: they are bold, which a
terminal with 16 colours or NO_COLOR still shows. In the warning colour alone, "Pick one
first", "That day has passed." or "Not recorded yet" looked just like the muted hint beside
them once the colours were few or gone."""

from __future__ import annotations

from test_date_input import NOW, WHEN_TOPIC
from textual.geometry import Region
from textual.widget import Widget
from ui_support import open_meeting, press

from assistant.authoring.content import load_content
from assistant.ui.screens.new_person import NewPerson
from assistant.ui.widgets.date_meaning import DateMeaning


def drawn_bold(widget: Widget) -> bool:
    """Every word ``widget`` draws is bold (and it draws some)."""
    width, height = widget.outer_size
    styles = [
        segment.style
        for line in widget.render_lines(Region(0, 0, width, height))
        for segment in line
        if segment.text.strip()
    ]
    return bool(styles) and all(style is not None and style.bold for style in styles)


async def test_a_date_that_cannot_be_read_is_said_in_bold(make_app, write_topics) -> None:
    app = make_app(content=load_content(write_topics(when=WHEN_TOPIC)), clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await press(pilot, "enter", *"31/02/2027")
        meaning = screen.query_one(DateMeaning)
        assert "There is no 31 February" in meaning.shown
        assert drawn_bold(meaning)


async def test_what_a_good_date_means_is_not_bold(make_app, write_topics) -> None:
    app = make_app(content=load_content(write_topics(when=WHEN_TOPIC)), clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await press(pilot, "enter", *"15/12/2026")
        meaning = screen.query_one(DateMeaning)
        assert meaning.shown.startswith("That is Tuesday 15 December")
        assert not drawn_bold(meaning)


async def test_pick_one_first_is_said_in_bold(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_meeting(app, pilot)
        await press(pilot, "home", "enter", "enter", *"Sam", "enter", "ctrl+s")
        message = screen.query_one("#answer-message")
        assert "Pick one first: y or n." in str(message.render())
        assert drawn_bold(message)


async def test_not_recorded_yet_is_said_in_bold(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        note = screen.query_one("#consent-note")
        assert str(note.render()).startswith("Not recorded yet:")
        assert drawn_bold(note)


async def test_a_forms_refusal_is_said_in_bold(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_meeting(app, pilot)
        await press(pilot, "home", "enter", "enter", *"Sam", "enter", "y", "enter")
        await press(pilot, "home", "down", "enter", "a", "ctrl+s")
        message = app.screen.query_one("#form-message")
        assert "please fill this in." in str(message.render())
        assert drawn_bold(message)


async def test_new_persons_refusal_is_said_in_bold(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, "n", "enter")
        assert isinstance(app.screen, NewPerson)
        message = app.screen.query_one("#person-message")
        assert "Please type a name or initials." in str(message.render())
        assert drawn_bold(message)
