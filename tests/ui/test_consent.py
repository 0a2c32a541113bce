"""Consent and names on the meeting screen: what the pair sees, and what happens on disk."""

from __future__ import annotations

from typing import Any

import pytest
from ui_support import open_meeting, press, screen_text, settle, widget_text

from assistant.records import CaseStore
from assistant.ui.screens.finish import FinishMeeting
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


async def named(app: Any, pilot: Any, name: str) -> SessionScreen:
    """A meeting whose Welcome was given ``name`` as the name to be called today."""
    screen = await open_meeting(app, pilot)
    await to_welcome(pilot)
    await press(pilot, "enter", "ctrl+u", *name, "enter")
    await pilot.pause()
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


async def test_a_long_name_keeps_the_speaker_line_to_one_row_with_its_mark(make_app) -> None:
    # A long name wrapped the line onto two rows and the first, with the person's mark, went
    # out of view: only "… ○ Worker ○ Together (F2)" showed.
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await named(app, pilot, "Zoë O'Brien-Featherstonehaugh [b]x[/b] رنا")
        speaker = screen.query_one("#speaker")
        line = widget_text(speaker)
        assert speaker.region.height == 1
        assert line.startswith("Answering:  ● Zoë O'Brien-Featherston…")
        assert "○ Worker ○ Together" in line


def drawn(app: Any, widget: Any) -> str:
    """What is drawn on screen now in ``widget``'s one row (as it shows, cut or not)."""
    region = widget.content_region
    row = screen_text(app).splitlines()[region.y]
    return row[region.x : region.right].rstrip()


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
async def test_a_long_name_is_cut_on_the_speaker_line_never_its_f2_hint(make_app, size) -> None:
    # At 100x30 a 24-letter name was cut to fit the 80-column line only: the row ended
    # "○ Worker ● Together …" and "(F2)" was out of view.
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await open_meeting(app, pilot, "Morwenna Pellingham-Smith")
        await to_welcome(pilot)
        await press(pilot, "enter")  # past hello: the name is asked, of the person
        await pilot.pause()
        speaker = app.screen.query_one("#speaker")
        row = drawn(app, speaker)
        assert row.startswith("Answering:  ● Morwenna"), row
        assert row.endswith("○ Worker ○ Together  (F2)"), row
        await press(pilot, "f2")  # the worker answers this one: that hint fits too
        await pilot.pause()
        row = drawn(app, speaker)
        assert "● Worker" in row, row
        assert row.endswith(("(F2: changed)", "(F2: changed for this question)")), row


async def test_the_speaker_line_fits_its_row_again_after_a_resize(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meeting(app, pilot, "Morwenna Pellingham-Smith")
        await to_welcome(pilot)
        await press(pilot, "enter")
        await pilot.resize_terminal(100, 30)  # a side panel comes in beside the question
        await settle(app, pilot)
        row = drawn(app, app.screen.query_one("#speaker"))
        assert row.endswith("○ Worker ○ Together  (F2)"), row


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
async def test_the_not_today_button_shows_f7(make_app, size) -> None:
    # The key bar leaves F7 out at these widths; the button said only "Not today".
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_meeting(app, pilot)
        await to_welcome(pilot)
        await press(pilot, "enter")  # past hello: a question that can be left for today
        await pilot.pause()
        assert screen.query_one("#skip").display
        assert "Not today (F7)" in screen_text(app)


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


async def back_to_the_question(app: Any, pilot: Any) -> SessionScreen:
    """Yes to a record, then Back: the question about keeping a record is asked again."""
    screen = await agreed(app, pilot)
    await press(pilot, "f8")
    await settle(app, pilot)
    assert screen.meeting.conv.step.path == "consent.record"
    return screen


async def test_back_to_the_question_about_a_record_is_not_a_no(make_app) -> None:
    # It had asked "You said no to keeping a record" about keeping or erasing today's answers.
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await back_to_the_question(app, pilot)
        assert app.screen is screen
        assert not screen.meeting.recording
        # The question says what it is about; the save status says why nothing is saved.
        assert "taken back" in screen.meeting.status.message


async def test_yes_again_after_back_carries_on_recording(make_app, data_dir) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await back_to_the_question(app, pilot)
        person_id = screen.meeting.case.person_id
        await press(pilot, "y")
        await settle(app, pilot)
        assert app.screen is screen and screen.meeting.recording
        assert not note(screen).display
    with CaseStore(data_dir).read(person_id) as case:
        kinds = [e["kind"] for e in case.audit_events() if e["kind"].startswith("consent")]
        assert kinds == ["consent_given"]  # given once, never withdrawn


async def test_no_after_back_asks_about_what_was_saved(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await back_to_the_question(app, pilot)
        await press(pilot, "n")
        await settle(app, pilot)
        assert isinstance(app.screen, Confirm)
        assert "You said no to keeping a record." in widget_text(
            app.screen.query_one("#confirm-question")
        )


async def test_leaving_the_question_unanswered_after_back_asks_about_what_was_saved(
    make_app,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await back_to_the_question(app, pilot)
        ids = [t.id for t in screen.meeting.conv.topics()]
        await screen.act(screen.meeting.goto_topic, ids[1])
        await settle(app, pilot)
        assert isinstance(app.screen, Confirm)
        assert "taken back, and not given again" in widget_text(
            app.screen.query_one("#confirm-question")
        )


def _button_ids(app: Any) -> list[str | None]:
    return [b.id for b in app.screen.query("#finish-buttons Button")]


async def test_finishing_before_the_record_was_asked_about_leads_to_asking(make_app) -> None:
    # One Enter on "We both agree" threw away a whole unrecorded first meeting.
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await press(pilot, "ctrl+f")
        await settle(app, pilot)
        assert isinstance(app.screen, FinishMeeting)
        assert _button_ids(app) == ["finish-consent", "finish-keep", "finish-discard"]
        assert "ask about keeping a record first" in widget_text(
            app.screen.query_one("#finish-not-recorded")
        )
        assert app.focused is not None and app.focused.id == "finish-consent"
        await press(pilot, "enter")
        await settle(app, pilot)
        assert app.screen is screen and not screen.meeting.closed
        assert screen.meeting.conv.step.topic == "welcome"


async def test_finishing_after_a_no_to_the_record_has_keep_talking_first(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        screen.meeting.conv.data["consent"] = {"record": False}
        await press(pilot, "ctrl+f")
        await settle(app, pilot)
        assert _button_ids(app) == ["finish-keep", "finish-discard"]
        assert app.focused is not None and app.focused.id == "finish-keep"
        await press(pilot, "tab", "enter")  # Finish without saving: said, and chosen
        await settle(app, pilot)
        assert screen.meeting.closed


async def test_a_long_name_never_cuts_the_kind_of_meeting_from_the_title(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await named(app, pilot, "Mary-Elizabeth Fotheringham-Smythe O'Brien")
        title = screen.query_one("#session-title")
        text = widget_text(title)
        assert text.endswith("·  first meeting")
        assert "Meeting with Mary-Elizabeth" in text and "…" in text
        assert len(text) <= title.region.width
