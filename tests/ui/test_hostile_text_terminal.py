"""No text a person typed reaches the terminal as a control sequence (issue 13 §4).

The app runs on a recording terminal: Textual draws every frame as it would on a real one
(the headless driver says it is not headless) and every byte it writes is kept. A name and
answers holding Escape sequences (clear screen, OSC 52 clipboard), BEL, NUL, C1 CSI, a bidi
override and a lone surrogate are walked through Home, the New person dialog, the meeting
(answers, the transcript's by-line, the plan view, the edit dialog, the records editor), the
export dialog and the practice screens. What was written may hold Textual's own sequences
(colours, cursor moves, links) and nothing else that controls the terminal.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from textual import events
from textual.drivers.headless_driver import HeadlessDriver
from ui_support import (
    add_person,
    begin_practice,
    open_practice_topic,
    practice_app,
    press,
    screen_text,
    settle,
)

from assistant.records import case as records_case
from assistant.ui.screens.edit_answer import EditAnswer
from assistant.ui.screens.export import ExportScreen
from assistant.ui.screens.home import HomeScreen
from assistant.ui.screens.new_person import NewPerson
from assistant.ui.screens.session import SessionScreen
from assistant.ui.widgets.confirm import Confirm
from assistant.ui.widgets.record_form import RecordForm

#: A name or answer that, written raw, clears the screen, sets the clipboard, rings the
#: bell, sends NUL and a one-byte CSI, and turns the rest of the line backwards.
HOSTILE = "Ann\x1b[2J\x1b]52;c;SGVsbG8=\x07 \u202eevil\u202c\x00\x9b31m end"
#: The same with a lone surrogate (half a character: no terminal or file takes it).
HOSTILE_SURROGATE = HOSTILE + " \ud800"

# What Textual itself writes: colours (SGR), cursor moves and shape, synchronised output,
# hyperlinks, mouse/cursor modes, the terminal title is never set.
TEXTUAL_SEQUENCES = re.compile(
    r"\x1b\[[\d;:?]*[mHABCDJKlhq]"  # SGR, cursor moves, erase, modes
    r"|\x1b\]8;[^\x1b\x07]*\x1b\\"  # hyperlinks
    r"|\x1b\]22;[\w-]+\x07"  # pointer shape
    r"|\x1bP=[12]s\x1b\\"  # synchronised output (DCS form)
    r"|\x1b[78=>]"  # save/restore cursor, keypad modes
)
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


class Recorder:
    """Every string the app wrote to the terminal."""

    def __init__(self) -> None:
        self.writes: list[str] = []

    def text(self) -> str:
        return "".join(self.writes)

    def leaks(self) -> list[str]:
        """Anything in what was written that Textual did not put there to draw."""
        found = []
        for chunk in self.writes:
            if chunk == "\x07":
                continue  # the app's own bell (App.bell), written alone
            rest = TEXTUAL_SEQUENCES.sub("", chunk)
            for char in rest:
                if char in BIDI or char == "\x07" or char in "\x00\x9b\x1b":
                    found.append(repr(rest[max(0, rest.index(char) - 20) :][:60]))
                    break
                if 0xD800 <= ord(char) <= 0xDFFF:
                    found.append("a lone surrogate")
                    break
        return found

    def check(self) -> None:
        written = self.text()
        assert "\x1b]52" not in written, "the clipboard was set from the person's text"
        assert "\x1b[2J" not in written, "the screen was cleared by the person's text"
        written.encode("utf-8")  # a real terminal driver would have raised here
        assert self.leaks() == []


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[Recorder]:
    """Textual draws as on a real terminal, and what it writes is recorded."""
    recorder = Recorder()
    monkeypatch.setattr(HeadlessDriver, "is_headless", property(lambda self: False))
    monkeypatch.setattr(HeadlessDriver, "write", lambda self, data: recorder.writes.append(data))
    yield recorder


@pytest.fixture
def old_names(monkeypatch: pytest.MonkeyPatch) -> None:
    """Names as records made before issue 13 could hold them (nothing left out)."""
    monkeypatch.setattr(records_case, "clean_name", lambda name: " ".join(name.split()))


async def paste(app: Any, pilot: Any, text: str) -> None:
    """Paste ``text`` as the terminal would send it (bracketed paste)."""
    app.post_message(events.Paste(text))
    await pilot.pause()


async def test_the_recording_terminal_sees_what_the_app_draws(make_app, terminal) -> None:
    # The check below is only worth something if frames really are written here.
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert "Connecting People Assistant" in terminal.text()


@pytest.mark.slow
async def test_a_hostile_name_and_answers_never_control_the_terminal(
    make_app, terminal, old_names
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        # Home: the list and the person's details.
        person = add_person(app, HOSTILE, reference="R\x1b[31m1\u202e")
        await settle(app, pilot)
        assert "evil" in screen_text(app)
        # Search by pasting the name.
        await press(pilot, "slash")
        await paste(app, pilot, HOSTILE)
        assert "\x1b" not in app.screen.search_text  # a paste keeps no control character
        await settle(app, pilot)
        terminal.check()
        app.screen.query_one("#search").value = ""
        await settle(app, pilot)

        # The New person dialog refuses a pasted name with hidden characters.
        app.screen.query_one("#people").focus()
        await press(pilot, "n")
        assert isinstance(app.screen, NewPerson)
        await paste(app, pilot, HOSTILE_SURROGATE)
        await press(pilot, "enter")
        assert isinstance(app.screen, NewPerson)
        assert "hidden characters" in screen_text(app)
        # Escape over the words pasted asks first: Close without it.
        await press(pilot, "escape")
        assert isinstance(app.screen, Confirm)
        await press(pilot, "left", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        terminal.check()

        # The meeting: the title, the speaker toggle and the transcript's by-line.
        app.screen.reload(keep=person)
        await settle(app, pilot)
        app.screen.query_one("#people").focus()
        await press(pilot, "enter")
        await settle(app, pilot)
        session = app.screen
        assert isinstance(session, SessionScreen), screen_text(app)
        await press(pilot, "home", "enter", "enter")
        # An answer pasted in keeps the words, not the control characters.
        await paste(app, pilot, HOSTILE_SURROGATE)
        await press(pilot, "enter")
        stored = session.meeting.conv.data["about"]["name"]
        assert "evil" in stored and "\x1b" not in stored and "\ud800" not in stored
        assert "\u202e" in stored  # bidi marks are the person's words: kept, shown visibly
        assert "\\u202e" in screen_text(app)
        terminal.check()

        # The edit dialog, on the name just answered.
        await press(pilot, "shift+tab")
        transcript = session.query_one("#transcript")
        paths = [e.path for e in transcript.entries]
        await press(pilot, *["up"] * (len(paths) - 1 - paths.index("about.name")), "enter")
        await pilot.pause()
        assert isinstance(app.screen, EditAnswer)
        terminal.check()
        await press(pilot, "escape")
        await settle(app, pilot)
        assert app.screen is session
        await press(pilot, "y", "enter")

        # The records editor, with a person in the network typed in by hand.
        await press(pilot, "home", "down", "enter", "a")
        assert isinstance(app.screen, RecordForm)
        app.screen.query_one("#field-name").value = HOSTILE
        app.screen.query_one("#field-kind").value = "friend"
        await press(pilot, "ctrl+s")
        assert app.screen is session
        terminal.check()
        await press(pilot, "f5")  # the plan and the network map
        terminal.check()

        # The export dialog.
        await press(pilot, "ctrl+o")
        await settle(app, pilot)
        assert isinstance(app.screen, ExportScreen)
        terminal.check()
        await press(pilot, "escape")
        await settle(app, pilot)

        # Back on Home: the history of the meeting just had.
        await press(pilot, "escape")
        if app.screen.query("#confirm-yes"):
            await pilot.click("#confirm-yes")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.is_running
    terminal.check()


@pytest.mark.slow
async def test_practice_answers_never_control_the_terminal(make_app, content, terminal) -> None:
    # Paired: the trainee types the person's answers too.
    app = practice_app(make_app, content, persona_id="stan", mode="paired")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        terminal.check()  # the role card
        screen = await begin_practice(app, pilot)
        await open_practice_topic(app, pilot, screen, "getting_started")
        await press(pilot, "enter")  # past the hello, to the name question
        await paste(app, pilot, HOSTILE_SURROGATE)
        await press(pilot, "enter")
        await settle(app, pilot)
        assert "evil" in str(screen.meeting.conv.data)
        terminal.check()
        await press(pilot, "ctrl+o")  # the trainer's view
        await settle(app, pilot)
        terminal.check()
        assert app.is_running


async def test_raw_text_in_a_textual_widget_never_controls_the_terminal(make_app, terminal) -> None:
    # Text that did not come through the app's own wording (an input's value as stored):
    # the guard on every line Textual writes is what keeps it out.
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await press(pilot, "n")
        assert isinstance(app.screen, NewPerson)
        app.screen.query_one("#person-name").value = HOSTILE_SURROGATE
        await settle(app, pilot)
        assert "evil" in terminal.text()
        terminal.check()
