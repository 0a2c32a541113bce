"""Changing the network map where it is drawn (issue 15): pick a person with the keys or a
click, move them to another circle with 1/2/3 or the small menu; the move is saved at once
as a changed answer to the people question, as the edit-answer dialog saves one."""

from __future__ import annotations

from typing import Any

from ui_support import open_meeting, press, screen_text, settle, show_map, widget_text

from assistant.records import CaseStore
from assistant.ui.screens.session import SessionScreen
from assistant.ui.widgets.network_map import MapCanvas, MoveToCircle

PEOPLE = [
    {"name": "Mum", "kind": "family", "circle": 1},
    {"name": "Jo", "kind": "friend", "circle": 2},
    {"name": "Dr Lee", "kind": "professional", "circle": 3},
]


async def _with_people(app: Any, pilot: Any) -> SessionScreen:
    """A first meeting (sample topics) with three people listed, on the map beside it; the
    question after the list (how the person feels about Mum) is on screen."""
    screen = await open_meeting(app, pilot)
    await press(pilot, "home", "enter")  # Welcome: hello, name, consent yes, thanks
    await press(pilot, "enter", *"Sam", "enter", "y", "enter")
    await press(pilot, "home", "down", "enter")  # My connections
    step = screen.meeting.conv.step
    assert step.path == "network.people"
    assert await screen.act(screen.meeting.give, step, PEOPLE)
    await settle(app, pilot)
    assert "How do you feel about Mum?" in screen_text(app)
    await show_map(app, pilot, screen)
    return screen


def _under_map(screen: SessionScreen) -> str:
    """The line under the map (whole, however it wraps in a narrow panel)."""
    return widget_text(screen.query_one("#map-picked"))


def _saved_people(data_dir: Any, screen: SessionScreen) -> dict[str, Any]:
    """The people as saved on disk, by name."""
    person = screen.meeting.case.person_id
    with CaseStore(data_dir).read(person) as case:
        state = case.sessions()[-1]["state"]
    return {p["name"]: p for p in state["data"]["network"]["people"]}


def _last_change(data_dir: Any, screen: SessionScreen) -> dict[str, Any]:
    person = screen.meeting.case.person_id
    with CaseStore(data_dir).read(person) as case:
        log = case.sessions()[-1]["state"]["log"]
    return next(e for e in reversed(log) if e["action"] == "changed")


async def test_a_person_moved_with_the_keys_is_saved_to_disk(make_app, data_dir) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _with_people(app, pilot)
        canvas = screen.query_one(MapCanvas)
        canvas.focus()
        await pilot.pause()
        assert canvas.person().name == "Mum"  # the closest circle first
        await press(pilot, "right")
        assert canvas.person().name == "Jo"
        assert "Jo: circle 2, in the middle" in _under_map(screen)
        await press(pilot, "1")
        await settle(app, pilot)
        saved = _saved_people(data_dir, screen)
        assert saved["Jo"]["circle"] == 1
        assert saved["Mum"]["circle"] == 1 and saved["Dr Lee"]["circle"] == 3
        assert "Jo: circle 1, closest" in _under_map(screen)
        # The question on screen stays, and keeps what it was about.
        assert "How do you feel about Mum?" in screen_text(app)


async def test_the_move_is_saved_as_a_change_by_the_one_the_question_is_for(
    make_app, data_dir
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _with_people(app, pilot)
        screen.query_one(MapCanvas).focus()
        await press(pilot, "3")  # Mum, further away
        await settle(app, pilot)
        change = _last_change(data_dir, screen)
        assert change["path"] == "network.people"
        assert change["by"] == "both"  # the sample's people question is for both
        assert [p["circle"] for p in change["old"]] == [1, 2, 3]
        assert [p["circle"] for p in change["value"]] == [3, 2, 3]


async def test_details_kept_in_an_entry_stay_when_it_moves(make_app, data_dir) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _with_people(app, pilot)
        await press(pilot, "enter")  # Mum: Good (how the person feels about her)
        await settle(app, pilot)
        screen.query_one(MapCanvas).focus()
        await press(pilot, "2")
        await settle(app, pilot)
        mum = _saved_people(data_dir, screen)["Mum"]
        assert (mum["circle"], mum["feeling"]) == (2, "good")


async def test_arrows_go_through_the_people_and_tab_moves_on(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _with_people(app, pilot)
        canvas = screen.query_one(MapCanvas)
        canvas.focus()
        await pilot.pause()
        names = [canvas.person().name]
        for _ in range(2):
            await press(pilot, "down")
            names.append(canvas.person().name)
        assert names == ["Mum", "Jo", "Dr Lee"]
        # Tab means "the next part of the screen" everywhere: the map never traps it.
        await press(pilot, "tab")
        assert not canvas.has_focus


async def test_the_menu_moves_someone_and_escape_keeps_them(make_app, data_dir) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _with_people(app, pilot)
        canvas = screen.query_one(MapCanvas)
        canvas.focus()
        await press(pilot, "right", "enter")  # Jo
        assert isinstance(app.screen, MoveToCircle)
        text = screen_text(app)
        assert "Move Jo to which circle?" in text
        assert "2  In the middle  (now)" in text
        assert "Keep them where they are" in text
        await press(pilot, "escape")
        assert app.screen is screen and canvas.has_focus
        assert _saved_people(data_dir, screen)["Jo"]["circle"] == 2
        await press(pilot, "enter", "down", "enter")  # from "2 (now)" down to 3
        await settle(app, pilot)
        assert app.screen is screen
        assert _saved_people(data_dir, screen)["Jo"]["circle"] == 3


async def test_a_click_picks_a_person_and_a_second_click_opens_the_menu(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _with_people(app, pilot)
        canvas = screen.query_one(MapCanvas)
        placed = next(p for p in canvas._picture.placed if p.connection.name == "Dr Lee")
        where = (placed.col + 2, placed.row)  # on the name, after the symbol
        await pilot.click(MapCanvas, offset=where)
        await pilot.pause()
        assert canvas.has_focus and canvas.person().name == "Dr Lee"
        await pilot.click(MapCanvas, offset=where)
        await pilot.pause()
        assert isinstance(app.screen, MoveToCircle)
        await press(pilot, "1")
        await settle(app, pilot)
        assert app.screen is screen
        assert screen.meeting.conv.data["network"]["people"][2]["circle"] == 1


async def test_while_the_list_is_open_the_map_says_to_change_it_there(make_app, data_dir) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _with_people(app, pilot)
        meeting = screen.meeting
        while meeting.conv.step.kind != "topics":  # through the topic, then open it again
            step = meeting.conv.step
            assert await screen.act(meeting.skip if step.kind == "ask" else meeting.proceed)
        assert await screen.act(meeting.goto_topic, "network")
        await settle(app, pilot)
        assert meeting.conv.step.path == "network.people"  # the list, filled in, is open
        screen.query_one(MapCanvas).focus()
        await press(pilot, "2")  # Mum
        await settle(app, pilot)
        assert "The list of people is open: change their circle there." in _under_map(screen)
        assert _saved_people(data_dir, screen)["Mum"]["circle"] == 1


async def test_a_name_that_looks_like_markup_is_shown_as_typed(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_meeting(app, pilot)
        await press(pilot, "home", "enter")
        await press(pilot, "enter", *"Sam", "enter", "y", "enter")
        await press(pilot, "home", "down", "enter")
        step = screen.meeting.conv.step
        hostile = [{"name": "[b]Jo[/b] [/", "kind": "friend", "circle": 2}]
        assert await screen.act(screen.meeting.give, step, hostile)
        await show_map(app, pilot, screen)
        screen.query_one(MapCanvas).focus()
        await pilot.pause()
        assert "[b]Jo[/b] [/: circle 2" in _under_map(screen)


async def _already_said(app: Any, pilot: Any) -> SessionScreen:
    """At 80x24, the map on screen, Jo picked by keys and 2 pressed: "already in circle 2"."""
    screen = await _with_people(app, pilot)
    screen.query_one(MapCanvas).focus()
    await press(pilot, "right")  # Jo, in circle 2
    await press(pilot, "2")
    await settle(app, pilot)
    assert "Jo is already in circle 2." in _under_map(screen)
    return screen


async def test_already_in_that_circle_goes_once_the_map_is_left(make_app) -> None:
    # It stayed under the map after F5 away and back, and after a resize, minutes later.
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _already_said(app, pilot)
        await press(pilot, "f5")  # back to the conversation: the map is hidden
        await settle(app, pilot)
        assert not screen.query_one(MapCanvas).region.area
        await show_map(app, pilot, screen)
        assert "already in circle" not in _under_map(screen)


async def test_already_in_that_circle_goes_with_the_next_move(make_app, data_dir) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _already_said(app, pilot)
        await press(pilot, "3")  # Jo, further away: done
        await settle(app, pilot)
        assert _saved_people(data_dir, screen)["Jo"]["circle"] == 3
        assert "already in circle" not in _under_map(screen)
        assert "Jo: circle 3" in _under_map(screen)
