"""Back to a list question just answered brings its entries back into the list editor,
ready to change (docs/app.md): the editor came back empty, so Done there asked to save the
question as Not today and the pair could lose their whole list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ui_support import open_meeting, open_topic, press, screen_text, settle

from assistant.engine.conversation import Conversation
from assistant.meetings.meeting import Meeting
from assistant.plans.autoplay import play_meeting
from assistant.records import CaseStore
from assistant.ui.app import make_app
from assistant.ui.screens.session import SessionScreen
from assistant.ui.widgets.confirm import Confirm
from assistant.ui.widgets.records_editor import RecordsAnswer


async def a_concern_added_and_given(app: Any, pilot: Any) -> Any:
    """The concerns list with one concern (Money, "Bus fares add up."), given with Done."""
    screen = await open_meeting(app, pilot)
    await open_topic(pilot, screen, "concerns")
    await press(pilot, "enter")  # past the introduction
    assert screen.meeting.conv.step.node_id == "list"
    await press(pilot, "a", "enter", *["down"] * 7, "enter", "tab", *"Bus fares add up.", "ctrl+s")
    await settle(app, pilot)
    await press(pilot, "ctrl+s")
    await settle(app, pilot)
    assert screen.meeting.conv.step.node_id != "list"
    return screen


GIVEN = [{"kind": "money", "words": "Bus fares add up."}]


def entries(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entries as given, without the ids the list gives them."""
    return [{k: v for k, v in r.items() if k != "id"} for r in records]


async def test_back_to_a_list_shows_the_entries_given(data_dir: Path, content: Any) -> None:
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await a_concern_added_and_given(app, pilot)
        await press(pilot, "f8")
        await settle(app, pilot)
        assert screen.meeting.conv.step.node_id == "list"
        assert entries(screen.query_one(RecordsAnswer).current()) == GIVEN


async def test_done_on_the_entries_put_back_keeps_them(data_dir: Path, content: Any) -> None:
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await a_concern_added_and_given(app, pilot)
        await press(pilot, "f8")
        await settle(app, pilot)
        await press(pilot, "ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, Confirm)  # not asked to save it as Not today
        assert entries(screen.meeting.conv.data["concerns"]["list"]) == GIVEN


async def test_back_to_a_list_with_several_details_shows_them_all(make_app) -> None:
    app = make_app()  # the sample topics: each person has a name, a relationship, a circle
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_meeting(app, pilot)
        await open_topic(pilot, screen, "network")
        given = [{"name": "Jo", "kind": "friend", "circle": 2}]
        await screen.act(lambda: screen.meeting.answer(given))
        await settle(app, pilot)
        assert screen.meeting.conv.step.node_id != "people"
        await press(pilot, "f8")
        await settle(app, pilot)
        assert screen.meeting.conv.step.node_id == "people"
        assert entries(screen.query_one(RecordsAnswer).current()) == given


def concern_given_in_a_meeting_left_open(data_dir: Path, content: Any) -> None:
    """A first meeting with consent and one concern given, saved and left open."""
    store = CaseStore(data_dir)
    person = store.create_person("Sam")
    with store.open(person) as case:
        answers = {"about.name": "Sammy", "consent.record": True}
        conv = play_meeting(Conversation(content), ["getting_started"], answers)
        conv.goto_topic("concerns")
        conv.proceed()  # past the introduction
        conv.answer(GIVEN)
        Meeting(conv, case, "first").save()


async def resumed_and_back_to_the_list(app: Any, pilot: Any) -> Any:
    """Home: the meeting left open carried on, then Back (F8) to the concerns list."""
    await settle(app, pilot)
    app.screen.query_one("#people").focus()
    await press(pilot, "enter")  # Resume where we left off
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, SessionScreen) and screen.meeting.kind == "resumed"
    await press(pilot, "f8")
    await settle(app, pilot)
    assert screen.meeting.conv.step.node_id == "list"
    return screen


async def test_back_to_a_list_after_resuming_shows_the_entries_given(
    data_dir: Path, content: Any
) -> None:
    concern_given_in_a_meeting_left_open(data_dir, content)
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await resumed_and_back_to_the_list(app, pilot)
        assert entries(screen.query_one(RecordsAnswer).current()) == GIVEN


async def test_entries_put_back_show_as_not_saved_until_done(data_dir: Path, content: Any) -> None:
    # Back undid them: leaving now would not keep them, so the screen must not say "Saved".
    concern_given_in_a_meeting_left_open(data_dir, content)
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=(100, 32)) as pilot:
        await resumed_and_back_to_the_list(app, pilot)
        assert "List not saved yet" in screen_text(app)


async def test_back_to_a_list_after_later_steps_still_shows_its_entries(
    data_dir: Path, content: Any
) -> None:
    # The entries were taken from the log's newest entry: once a later step had been gone
    # back over, that was an "undone" entry, and the list came back empty.
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await a_concern_added_and_given(app, pilot)
        conv = screen.meeting.conv
        for _ in range(6):  # on past the list: read, and the next question left for today
            if conv.step.kind == "ask":
                break
            await press(pilot, "enter")
            await settle(app, pilot)
        assert conv.step.kind == "ask" and conv.step.node_id != "list"
        await press(pilot, "f7")
        await settle(app, pilot)
        for _ in range(8):
            if conv.step.node_id == "list":
                break
            await press(pilot, "f8")
            await settle(app, pilot)
        assert conv.step.node_id == "list"
        assert entries(screen.query_one(RecordsAnswer).current()) == GIVEN
