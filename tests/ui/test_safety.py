"""Whatever a person types is shown literally, everywhere, and never crashes the app.

Each string goes in as a person's name (Home list, title, speaker toggle), an answer (the
transcript, the plan panel, prompts and menu options that quote it), a person in the
network (the records list, the map, its legend, the remove question) and a long answer.
"""

from __future__ import annotations

from typing import Any

import pytest
from ui_support import press, screen_text, settle

from assistant.engine.words import clean, shown
from assistant.records.case import clean_name
from assistant.ui.screens.home import HomeScreen
from assistant.ui.screens.session import SessionScreen
from assistant.ui.widgets.record_form import RecordForm

HOSTILE = {
    "unclosed": "[/",
    "close": "[/]",
    "variable": "[$x]",
    "action": "[@click=app.quit]x[/]",
    "template": "{{ 7*7 }}",
    "backslash": "trailing\\",
    "emoji": "emoji 👩‍👩‍👧 🎉 ok",
    "rtl": "שלום עליכם مرحبا",
    "controls": "ctrl\x00\x07\x1b[2J\x9b31mchars",
    "paste": "P" + "0123456789" * 10_000,
}


def visible_texts(app: Any) -> str:
    """The text of every Static and every option on screen (unwrapped, untruncated)."""
    from textual.widgets import OptionList, Static

    parts = []
    for widget in app.screen.query(Static):
        parts.append(str(widget.visual))
    for options in app.screen.query(OptionList):
        for index in range(options.option_count):
            parts.append(str(options.get_option_at_index(index).prompt))
    return "\n".join(parts)


def expected(text: str, limit: int = 200) -> str:
    """What must appear: the text as typed (controls removed), at least its first part."""
    return shown(text)[:limit].replace("\n", " ")


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.slow
async def test_hostile_text_is_shown_literally_everywhere(make_app, text: str) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        # As the person's name on Home.
        person = app.store.create_person(text)
        app.screen.reload(keep=person)
        await settle(app, pilot)
        # Issue 13: the records keep a name without characters that control the terminal.
        name = clean(clean_name(text))
        assert expected(name) in visible_texts(app)
        screen_text(app)  # drawing the screen is where bad markup would fail
        app.screen.query_one("#people").focus()
        await press(pilot, "enter")
        await settle(app, pilot)
        session = app.screen
        assert isinstance(session, SessionScreen)
        assert expected(name) in visible_texts(app)  # title and speaker toggle

        # As an answer: the welcome topic's name question, then a prompt that quotes it.
        await press(pilot, "home", "enter", "enter")
        session._answer.query_one("#answer-input").value = text
        await press(pilot, "enter")
        assert session.meeting.conv.data["about"]["name"] == text  # kept exactly as typed
        texts = visible_texts(app)
        assert expected(text) in texts  # the transcript
        screen_text(app)
        await press(pilot, "y", "enter")

        # As a person in the network: the list, the map and the remove question.
        await press(pilot, "home", "down", "enter", "a")
        assert isinstance(app.screen, RecordForm)
        app.screen.query_one("#field-name").value = text
        app.screen.query_one("#field-kind").value = "friend"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, SessionScreen)
        assert expected(text, 100) in visible_texts(app)  # the records list
        screen_text(app)
        await press(pilot, "f5")  # the network map beside the conversation
        screen_text(app)
        legend = str(session.query_one("#map-legend").visual)
        assert expected(" ".join(clean(text).split()), 100) in legend
        await press(pilot, "delete")
        screen_text(app)
        await press(pilot, "escape", "ctrl+s")
        assert session.meeting.conv.data["network"]["people"][0]["name"] == text

        # In the plan panel, and in a menu option built from the name.
        await session.act(session.meeting.park)
        await press(pilot, "home", "down", "down", "enter")
        for key in ("4", "f7", "f7"):
            await press(pilot, key)
        session._answer.query_one("#answer-text").text = text
        await press(pilot, "ctrl+s")
        assert session.meeting.conv.data["plan"]["notes"] == text
        await press(pilot, "f5")
        texts = visible_texts(app)
        assert expected(text) in texts  # the plan so far
        assert "A question about " + expected(text, 100) in texts  # the menu
        screen_text(app)

        # Back on Home, the list still shows the name literally; the app never quit.
        await press(pilot, "escape")
        await pilot.click("#confirm-yes")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert expected(name) in visible_texts(app)
        assert app.is_running
