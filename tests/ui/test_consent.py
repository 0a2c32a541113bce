"""Consent and names on the meeting screen: what the pair sees, and what happens on disk."""

from __future__ import annotations

from typing import Any

from ui_support import open_meeting, press, settle, widget_text

from assistant.records import CaseStore
from assistant.ui.screens.session import SessionScreen
from assistant.ui.widgets.confirm import Confirm


async def to_welcome(pilot: Any) -> None:
    """Open the sample's Welcome topic (the one that asks to keep a record)."""
    await press(pilot, "home", "enter")
    await pilot.pause()


def note(screen: SessionScreen) -> Any:
    return screen.query_one("#consent-note")


async def agreed(app: Any, pilot: Any) -> SessionScreen:
    """A meeting with Welcome answered: hello, the name given on Home, yes to a record."""
    screen = await open_meeting(app, pilot)
    await to_welcome(pilot)
    await press(pilot, "enter", "enter", "y")  # hello, the name (offered: Sam), yes
    await pilot.pause()
    assert screen.meeting.recording
    return screen


async def test_not_recorded_yet_is_on_screen_with_the_way_to_agree(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await to_welcome(pilot)
        await press(pilot, "enter")  # past hello: nothing is recorded yet
        assert note(screen).display
        text = widget_text(note(screen))
        assert "Not recorded yet" in text
        assert "press F4 and open Welcome" in text


async def test_the_not_recorded_line_goes_once_the_person_agrees(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await agreed(app, pilot)
        assert not note(screen).display


async def test_the_name_given_today_is_in_the_header_and_the_speaker_line(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await to_welcome(pilot)
        await press(pilot, "enter", "ctrl+u", *"Sammy", "enter")
        await pilot.pause()
        assert "Meeting with Sammy" in widget_text(screen.query_one("#session-title"))
        assert "Sammy" in widget_text(screen.query_one("#speaker"))


async def test_a_later_no_offers_keep_or_erase_and_keep_keeps(make_app, data_dir) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await agreed(app, pilot)
        person_id = screen.meeting.case.person_id
        # What changing the answer does:
        await screen.act(screen.meeting.edit, "consent.record", False)
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await press(pilot, "enter")  # "Keep what was saved" has the focus
        await settle(app, pilot)
        assert app.screen is screen
        assert "Kept:" in widget_text(screen.query_one("#answer-message"))
        assert "What was saved before that stays" in widget_text(note(screen))
    with CaseStore(data_dir).read(person_id) as case:
        assert case.sessions()[-1]["state"]["data"]["consent"]["record"] is True
        assert case.audit_events()[-1]["saved_today"] == "kept"


async def test_a_later_no_then_erase_takes_today_out_of_the_record(make_app, data_dir) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await agreed(app, pilot)
        person_id = screen.meeting.case.person_id
        await screen.act(screen.meeting.edit, "consent.record", False)
        await pilot.pause()
        await press(pilot, "shift+tab", "enter")  # "Erase today's answers"
        await settle(app, pilot)
        assert "Erased:" in widget_text(screen.query_one("#answer-message"))
        assert "today's answers were erased" in widget_text(note(screen))
    with CaseStore(data_dir).read(person_id) as case:
        assert case.sessions() == []
        assert case.audit_events()[-1]["saved_today"] == "erased"
