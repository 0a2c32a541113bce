"""Done on a list with nothing added asks first and saves the question as Not today, as Done
with nothing ticked does (docs/app.md): an empty list was saved as the person's answer, and
the conversation read "Nothing added yet" as if they had said it. A list that had entries
and was emptied on purpose is an answer, saved as it is, and the conversation says it was
emptied."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ui_support import (
    demo_first_meeting_played,
    open_meeting,
    open_topic,
    press,
    settle,
    start_review_meeting,
    widget_text,
)

from assistant.ui.app import make_app
from assistant.ui.widgets.confirm import Confirm
from assistant.ui.widgets.records_editor import RecordsAnswer
from assistant.ui.widgets.transcript import Transcript


async def at_the_concerns_list(app: Any, pilot: Any) -> Any:
    screen = await open_meeting(app, pilot)
    await open_topic(pilot, screen, "concerns")
    await press(pilot, "enter")  # past the introduction
    assert screen.meeting.conv.step.node_id == "list"
    return screen


async def at_the_resourceful_list(app: Any, pilot: Any) -> Any:
    """The first "Do you know anyone who could help…" list of People who could help."""
    screen = await open_meeting(app, pilot)
    await open_topic(pilot, screen, "resourceful_people")
    for _ in range(10):
        if screen.meeting.conv.step.node_id == "practical":
            break
        await press(pilot, "f7" if screen.meeting.conv.step.kind == "ask" else "enter")
    assert screen.meeting.conv.step.node_id == "practical"
    return screen


async def said_no_one_right_now(app: Any, pilot: Any) -> Any:
    """Done on the empty "help with everyday things" list, then "No one right now"."""
    screen = await at_the_resourceful_list(app, pilot)
    await press(pilot, "ctrl+s")
    assert isinstance(app.screen, Confirm)
    await pilot.click("#confirm-also")
    await settle(app, pilot)
    return screen


async def test_done_on_a_list_with_nothing_added_asks_before_saving_not_today(
    data_dir: Path, content: Any
) -> None:
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await at_the_concerns_list(app, pilot)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, Confirm)
        assert "leave this question for another day (“Not today”)?" in widget_text(
            app.screen.query_one("#confirm-question")
        )
        assert screen.meeting.conv.step.node_id == "list"


async def test_no_one_right_now_saves_the_empty_list_as_the_answer(
    data_dir: Path, content: Any
) -> None:
    # The hint says "leave it empty if there is no one right now", but an empty list could
    # only be saved as "Not today": the plan then said "not talked about" for a no one.
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await said_no_one_right_now(app, pilot)
        entry = next(e for e in screen.meeting.conv.transcript() if e.node == "practical")
        assert entry.action == "answered"
        assert screen.meeting.conv.data["resourceful"]["practical"] == []


async def test_no_one_right_now_reads_so_in_the_conversation(data_dir: Path, content: Any) -> None:
    # It read "No one added yet", as if the people had not got to the question.
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await said_no_one_right_now(app, pilot)
        transcript = screen.query_one(Transcript)
        last = transcript.get_option_at_index(transcript.option_count - 1).prompt
        assert "▸ No one right now  — " in last.plain


async def test_yes_saves_an_empty_list_as_not_today(data_dir: Path, content: Any) -> None:
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await at_the_concerns_list(app, pilot)
        await press(pilot, "ctrl+s")
        await pilot.click("#confirm-yes")
        await settle(app, pilot)
        last = screen.meeting.conv.transcript()[-1]
        assert (last.node, last.action) == ("list", "skipped")


async def goals_emptied_at_a_review(app: Any, pilot: Any) -> Any:
    """A review meeting's goals list (last time's goals on it): each taken off, then Done."""
    screen = await start_review_meeting(app, pilot)
    ids = [t.id for t in screen.meeting.conv.topics()]
    await press(pilot, "home", *["down"] * ids.index("goals"), "enter")
    while screen.meeting.conv.step.kind == "say":
        await press(pilot, "enter")
    assert screen.meeting.conv.step.node_id == "list"
    editor = screen.query_one(RecordsAnswer)
    while editor.records:  # each goal taken off, on purpose
        await press(pilot, "x")
        await pilot.click("#confirm-yes")
        await settle(app, pilot)
    await press(pilot, "ctrl+s")
    return screen


async def test_a_list_emptied_on_purpose_is_saved_as_emptied(data_dir: Path, content: Any) -> None:
    demo_first_meeting_played(data_dir, content)
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await goals_emptied_at_a_review(app, pilot)
        assert app.screen is screen  # not asked: emptying the list is the answer
        assert screen.meeting.conv.data["goals"]["list"] == []


async def test_a_list_emptied_on_purpose_reads_emptied_in_the_conversation(
    data_dir: Path, content: Any
) -> None:
    # It read "Nothing added yet", as if nothing had ever been said.
    demo_first_meeting_played(data_dir, content)
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await goals_emptied_at_a_review(app, pilot)
        await settle(app, pilot)
        transcript = screen.query_one(Transcript)
        last = transcript.get_option_at_index(transcript.option_count - 1).prompt
        assert "▸ Emptied: nothing on this list now  — " in last.plain
