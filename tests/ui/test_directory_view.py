"""The community directory view (issue 15): opened from Home to browse, and from a meeting with
suggestions first and "add to things to try", by keys in the real app.

The content is a small topic (directory_support.py: the person's interests and strengths, the
list of things to try, and one more typed question) beside a copy of the shipped directory, so the
meeting's steps do not depend on the shipped topics; one entry is added with text that looks
like markup and a checked date long past.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from directory_support import (
    HOSTILE_NAME,
    meeting_at_list,
    open_from_home,
    open_in_meeting,
    write_directory_content,
)
from textual.widgets import Button, Input, OptionList, Static, TextArea
from ui_support import (
    open_meeting,
    open_topic,
    press,
    run_palette_command,
    screen_text,
    settle,
    widget_text,
)

from assistant import store_paths as sp
from assistant.authoring.content import load_content
from assistant.directory import Directory
from assistant.flows.loader import Content
from assistant.records import CaseStore
from assistant.ui.app import make_app
from assistant.ui.screens import directory as directory_screen
from assistant.ui.screens.directory import HOME_NO_ADD, DirectoryScreen, MeetingDirectoryScreen
from assistant.ui.screens.session import SessionScreen
from assistant.ui.widgets.record_form import RecordForm
from assistant.ui.widgets.whose_idea import WhoseIdea

REPAIR_CAFE = "brackenford_repair_cafe"
MENS_SHED = "brackenford_mens_shed"


@pytest.fixture(scope="module")
def directory_content(tmp_path_factory: pytest.TempPathFactory) -> Content:
    return load_content(write_directory_content(tmp_path_factory.mktemp("directory-content")))


def list_names(app: Any) -> list[str]:
    """The entries' names as listed (their first line)."""
    options = app.screen.query_one("#dir-list", OptionList)
    names = []
    for n in range(options.option_count):
        option = options.get_option_at_index(n)
        names.append(str(option.prompt).split("\n", 1)[0])
    return names


def listed_ids(app: Any) -> list[str]:
    return [s.entry.id for s in app.screen._shown]


def card_text(app: Any) -> str:
    return widget_text(app.screen.query_one("#dir-card", Static))


def on_disk(data_dir: Path, session: SessionScreen) -> list[dict[str, Any]]:
    """The things to try as saved in the record, read with a store of its own."""
    meeting = session.meeting
    with CaseStore(data_dir).read(meeting.case.person_id) as case:
        state = case.load_session(meeting.session_id)
    assert state is not None
    found = sp.value_at(state["data"], sp.COMMUNITY_LIST)
    return found if isinstance(found, list) else []


# -- from Home ---------------------------------------------------------------------------


async def test_home_opens_the_directory_to_browse_without_adding(
    data_dir: Path, directory_content: Content
) -> None:
    app = make_app(data_dir=data_dir, content=directory_content)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_from_home(app, pilot)
        assert len(listed_ids(app)) == len(screen.directory.entries)
        assert not screen.query("#dir-add")
        note = screen.query_one("#dir-add-note", Static)
        assert widget_text(note) == HOME_NO_ADD and note.region
        await press(pilot, "ctrl+s")  # no adding from Home: nothing happens
        assert app.screen is screen
        await press(pilot, "escape")
        assert type(app.screen).__name__ == "HomeScreen"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_the_made_up_data_notice_is_shown_whole(
    data_dir: Path, directory_content: Content, size: tuple[int, int]
) -> None:
    # At 80 columns it was cut to its first line: "... Brackenford is not a real town. …",
    # losing that the phone numbers and emails do not work.
    app = make_app(data_dir=data_dir, content=directory_content)
    async with app.run_test(size=size) as pilot:
        screen = await open_from_home(app, pilot)
        assert screen.directory.example_data and screen.directory.notice
        notice = " ".join(screen.directory.notice.split())
        assert notice in " ".join(screen_text(app).split())


async def test_home_action_list_opens_the_directory(
    data_dir: Path, directory_content: Content
) -> None:
    app = make_app(data_dir=data_dir, content=directory_content)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        actions = app.screen.query_one("#actions", OptionList)
        ids = [actions.get_option_at_index(n).id for n in range(actions.option_count)]
        actions.focus()
        await press(pilot, "home", *["down"] * ids.index("directory"), "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DirectoryScreen)


async def test_a_card_shows_the_details_in_words(
    data_dir: Path, directory_content: Content
) -> None:
    app = make_app(data_dir=data_dir, content=directory_content)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_from_home(app, pilot)
        entry = screen.directory.entry(REPAIR_CAFE)
        await press(pilot, *"repair", "enter")
        screen.query_one("#dir-list", OptionList).highlighted = listed_ids(app).index(REPAIR_CAFE)
        await pilot.pause()
        text = " ".join(card_text(app).split())
        for label in ("When:", "Where:", "Cost:", "Access:", "Contact:", "Last checked:"):
            assert label in text
        assert entry.when in text and entry.cost in text
        assert "Riverside" in text  # the area's name, not its id
        assert REPAIR_CAFE not in screen_text(app)


async def test_a_stale_entry_is_flagged_to_the_worker(
    data_dir: Path, directory_content: Content
) -> None:
    app = make_app(data_dir=data_dir, content=directory_content)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_from_home(app, pilot)
        await press(pilot, *"jam", "enter")
        assert listed_ids(app)[0] == "hostile_jam"
        text = " ".join(card_text(app).split())
        assert "Details last checked January 2020: check they are still right." in text


async def test_hostile_entry_text_is_shown_literally(
    data_dir: Path, directory_content: Content
) -> None:
    app = make_app(data_dir=data_dir, content=directory_content)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_from_home(app, pilot)
        await press(pilot, *"jam", "enter")
        assert HOSTILE_NAME in list_names(app)[0]
        text = card_text(app)
        for literal in (
            HOSTILE_NAME,
            "Bring [red]your[/red] own $var {{ x }} and [/] more.",
            "Tuesdays [/], 7pm",
            "Step-free [i]mostly",
            "01632 960000",  # a phone with markup in it cannot be dialled: refused (D116)
            "Say [b]hi[/b]",
        ):
            assert literal in text
        assert app.is_running  # the [@click=app.quit] in the name is words, not an action


# -- filters and search -----------------------------------------------------------------


async def test_free_only_lists_only_free_entries(
    data_dir: Path, directory_content: Content
) -> None:
    app = make_app(data_dir=data_dir, content=directory_content)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_from_home(app, pilot)
        everyone = len(listed_ids(app))
        screen.query_one("#dir-free").focus()
        await press(pilot, "space")
        free = [screen.directory.entry(i).free for i in listed_ids(app)]
        assert free and all(free) and len(free) < everyone
        assert "✓" in str(screen.query_one("#dir-free").render())  # ticked shows a mark


@pytest.mark.parametrize(
    ("select", "value", "check"),
    [
        ("#dir-day", "monday", "day"),
        ("#dir-area", "online", "online"),
        ("#dir-tag", "music", "tag"),
    ],
)
async def test_each_filter_narrows_the_list(
    data_dir: Path, directory_content: Content, select: str, value: str, check: str
) -> None:
    from assistant.directory import entry_days

    app = make_app(data_dir=data_dir, content=directory_content)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_from_home(app, pilot)
        everyone = len(listed_ids(app))
        screen.query_one(select).value = value
        await pilot.pause()
        entries = [screen.directory.entry(i) for i in listed_ids(app)]
        assert entries and len(entries) < everyone
        if check == "day":
            assert all(value in entry_days(e) for e in entries)
        elif check == "online":
            assert all(e.online for e in entries)
        else:
            assert all(value in e.tags for e in entries)


async def test_search_filters_as_you_type(data_dir: Path, directory_content: Content) -> None:
    app = make_app(data_dir=data_dir, content=directory_content)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_from_home(app, pilot)
        # A letter typed in the list starts the search with it.
        await press(pilot, *"choi")
        assert screen.query_one("#dir-search", Input).value == "choi"
        assert list_names(app) == ["Sing for Joy Community Choir"]
        await press(pilot, "backspace", *"xyz")
        assert list_names(app) == []
        assert "Nothing matches" in screen_text(app)


async def test_a_big_directory_is_searched_once_typing_pauses(
    data_dir: Path, directory_content: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 5,000 entries take ~100 ms a search: not at every key, and not on the screen's thread.
    from assistant.ui.screens.home import HomeScreen

    directory = directory_content.directory.directory  # type: ignore[union-attr]
    entries = [
        e.model_copy(update={"id": f"{e.id}_{n}", "name": f"{e.name} {n}"})
        for n in range(5000)
        for e in [directory.entries[n % len(directory.entries)]]
    ]
    # Built anew (not model_copy), so nothing worked out for the small one is carried over.
    big = Directory(
        area=directory.area, tags=directory.tags, entries=tuple(entries), notice=directory.notice
    )
    monkeypatch.setattr(directory_screen, "SEARCH_PAUSE", 30.0)  # the test says when
    app = make_app(data_dir=data_dir, content=directory_content)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        screen = DirectoryScreen(big)
        await app.push_screen(screen)
        await pilot.pause()
        # Not 5,000 lines in the list: the first ones, and a way to narrow it down.
        count = widget_text(screen.query_one("#dir-count", Static))
        assert f"Showing the first {directory_screen.SHOWN}" in count
        assert screen.query_one("#dir-list", OptionList).option_count == directory_screen.SHOWN
        before = screen.queries
        await press(pilot, "/", *"choir")
        assert screen.query_one("#dir-search", Input).value == "choir"
        assert screen.queries == before  # no search yet: typing has not paused
        await press(pilot, "enter")  # Enter searches at once
        await settle(app, pilot)
        assert screen.queries == before + 1
        assert list_names(app) and all("Choir" in name for name in list_names(app))


# -- in a meeting -------------------------------------------------------------------------


async def test_the_meeting_suggests_first_with_reasons_and_fit_notes(
    data_dir: Path, directory_content: Content
) -> None:
    app = make_app(data_dir=data_dir, content=directory_content)
    async with app.run_test(size=(120, 40)) as pilot:
        await meeting_at_list(app, pilot)
        screen = await open_in_meeting(app, pilot)
        shown = listed_ids(app)
        assert REPAIR_CAFE in shown and MENS_SHED in shown
        assert len(shown) < len(screen.directory.entries)  # suggestions only, at first
        text = " ".join(screen_text(app).split())
        assert "because you said you can fix bikes" in text
        screen.query_one("#dir-list", OptionList).highlighted = shown.index(MENS_SHED)
        await pilot.pause()
        card = " ".join(card_text(app).split())
        assert "Because you said you can fix bikes." in card
        assert "Check this fits: this group is for men aged 18 and over." in card


async def test_a_reason_quotes_the_person_s_words_as_typed(
    data_dir: Path, directory_content: Content
) -> None:
    # "football <3" came up "because you said you enjoy football 3" in the list and the card.
    app = make_app(data_dir=data_dir, content=directory_content)
    async with app.run_test(size=(120, 40)) as pilot:
        session = await open_meeting(app, pilot)
        await open_topic(pilot, session, "likes")
        await press(pilot, *"football <3", "ctrl+s")
        await open_in_meeting(app, pilot)
        assert listed_ids(app)  # it matched
        assert "because you said you enjoy football <3" in screen_text(app)
        card = " ".join(card_text(app).split())
        assert "Because you said you enjoy football <3." in card


async def test_show_everything_lists_every_entry_after_the_suggestions(
    data_dir: Path, directory_content: Content
) -> None:
    app = make_app(data_dir=data_dir, content=directory_content)
    async with app.run_test(size=(120, 40)) as pilot:
        await meeting_at_list(app, pilot)
        screen = await open_in_meeting(app, pilot)
        suggested = listed_ids(app)
        screen.query_one("#dir-all").focus()
        await press(pilot, "space")
        shown = listed_ids(app)
        assert len(shown) == len(screen.directory.entries)
        assert shown[: len(suggested)] == suggested


async def test_add_to_try_is_saved_before_it_says_added(
    data_dir: Path, directory_content: Content
) -> None:
    app = make_app(data_dir=data_dir, content=directory_content)
    async with app.run_test(size=(120, 40)) as pilot:
        session = await meeting_at_list(app, pilot)
        screen = await open_in_meeting(app, pilot)
        screen.query_one("#dir-list", OptionList).highlighted = listed_ids(app).index(REPAIR_CAFE)
        await pilot.pause()
        assert on_disk(data_dir, session) == []
        await press(pilot, "ctrl+s", "1")  # whose idea: mine
        assert "Added to Sam's things to try." in screen_text(app)
        [saved] = on_disk(data_dir, session)
        assert saved[sp.TRY_DIRECTORY] == REPAIR_CAFE
        assert saved["what"] == "Brackenford Repair Café"
        assert "✓ added" in list_names(app)[listed_ids(app).index(REPAIR_CAFE)]
        assert screen.query_one("#dir-add", Button).disabled
        await press(pilot, "ctrl+s")  # once only
        assert len(on_disk(data_dir, session)) == 1


async def _highlight(app: Any, pilot: Any, entry_id: str) -> None:
    app.screen.query_one("#dir-list", OptionList).highlighted = listed_ids(app).index(entry_id)
    await pilot.pause()


async def test_adding_asks_whose_idea_and_the_plan_keeps_the_answer(
    data_dir: Path, directory_content: Content
) -> None:
    app = make_app(data_dir=data_dir, content=directory_content)
    async with app.run_test(size=(80, 24)) as pilot:
        session = await meeting_at_list(app, pilot)
        screen = await open_in_meeting(app, pilot)
        await _highlight(app, pilot, MENS_SHED)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, WhoseIdea)
        assert "Whose idea is Brackenford Men's Shed?" in screen_text(app)
        assert on_disk(data_dir, session) == []  # nothing added until it is answered
        await press(pilot, "2")
        assert app.screen is screen
        [saved] = on_disk(data_dir, session)
        assert saved["idea_from"] == "worker"
        [opportunity] = session.meeting.plan().community.opportunities
        assert opportunity.idea_from is not None
        assert (opportunity.idea_from.code, opportunity.idea_from.label) == (
            "worker",
            "My worker's idea",
        )


async def test_escape_at_whose_idea_adds_nothing(
    data_dir: Path, directory_content: Content
) -> None:
    app = make_app(data_dir=data_dir, content=directory_content)
    async with app.run_test(size=(120, 40)) as pilot:
        session = await meeting_at_list(app, pilot)
        screen = await open_in_meeting(app, pilot)
        await _highlight(app, pilot, REPAIR_CAFE)
        await press(pilot, "ctrl+s", "escape")
        assert app.screen is screen
        assert on_disk(data_dir, session) == []
        assert not screen.query_one("#dir-add", Button).disabled
        assert "✓ added" not in list_names(app)[listed_ids(app).index(REPAIR_CAFE)]


async def test_whose_idea_by_arrows_and_enter_and_the_next_add_starts_there(
    data_dir: Path, directory_content: Content
) -> None:
    app = make_app(data_dir=data_dir, content=directory_content)
    async with app.run_test(size=(120, 40)) as pilot:
        session = await meeting_at_list(app, pilot)
        await open_in_meeting(app, pilot)
        await _highlight(app, pilot, REPAIR_CAFE)
        await press(pilot, "ctrl+s", "down", "down", "enter")
        await _highlight(app, pilot, MENS_SHED)
        await press(pilot, "ctrl+s", "enter")  # starts on "together", chosen just before
        saved = {r[sp.TRY_DIRECTORY]: r["idea_from"] for r in on_disk(data_dir, session)}
        assert saved == {REPAIR_CAFE: "together", MENS_SHED: "together"}


async def test_the_add_button_adds_and_entries_already_added_show_as_added(
    data_dir: Path, directory_content: Content
) -> None:
    app = make_app(data_dir=data_dir, content=directory_content)
    async with app.run_test(size=(120, 40)) as pilot:
        session = await meeting_at_list(app, pilot)
        screen = await open_in_meeting(app, pilot)
        screen.query_one("#dir-list", OptionList).highlighted = listed_ids(app).index(MENS_SHED)
        await pilot.pause()
        await pilot.click("#dir-add")
        await press(pilot, "3")  # whose idea: together
        assert [r[sp.TRY_DIRECTORY] for r in on_disk(data_dir, session)] == [MENS_SHED]
        await press(pilot, "escape")
        assert app.screen is session
        # The list being answered shows it; opened again, the directory knows it is added.
        assert "Brackenford Men's Shed" in screen_text(app)
        again = await open_in_meeting(app, pilot)
        again.query_one("#dir-list", OptionList).highlighted = listed_ids(app).index(MENS_SHED)
        await pilot.pause()
        assert "✓ added" in list_names(app)[listed_ids(app).index(MENS_SHED)]
        assert again.query_one("#dir-add", Button).disabled
        assert "Already in Sam's things to try." in screen_text(app)


async def test_an_entry_added_at_the_list_question_is_kept_when_the_list_is_done(
    data_dir: Path, directory_content: Content
) -> None:
    # The list being edited on screen gains the entry: Done there does not drop it.
    app = make_app(data_dir=data_dir, content=directory_content)
    async with app.run_test(size=(120, 40)) as pilot:
        session = await meeting_at_list(app, pilot)
        await open_in_meeting(app, pilot)
        await press(pilot, "ctrl+s", "1", "escape")
        assert app.screen is session
        await press(pilot, "ctrl+s")  # Done with the list
        assert session.meeting.conv.step.node_id == "note"
        listed = session.meeting.conv.data["community"]["list"]
        assert [r.get(sp.TRY_DIRECTORY) for r in listed] == [REPAIR_CAFE]
        assert [r[sp.TRY_DIRECTORY] for r in on_disk(data_dir, session)] == [REPAIR_CAFE]


async def test_an_entry_taken_off_the_list_being_edited_is_not_put_back(
    data_dir: Path, directory_content: Content
) -> None:
    app = make_app(data_dir=data_dir, content=directory_content)
    async with app.run_test(size=(120, 40)) as pilot:
        session = await meeting_at_list(app, pilot)
        await open_in_meeting(app, pilot)
        await press(pilot, "ctrl+s", "1", "escape")  # the Repair Café, first suggested
        await press(pilot, "delete")
        await pilot.click("#confirm-yes")
        await settle(app, pilot)
        assert session._answer.records == []
        screen = await open_in_meeting(app, pilot)
        screen.query_one("#dir-list", OptionList).highlighted = listed_ids(app).index(MENS_SHED)
        await pilot.pause()
        await press(pilot, "ctrl+s", "1", "escape")
        assert [r["what"] for r in session._answer.records] == ["Brackenford Men's Shed"]


async def test_back_undoes_a_directory_addition_and_keeps_the_unsaved_list(
    data_dir: Path, directory_content: Content
) -> None:
    # F8 undoes the addition (saved); the list on screen loses only that entry, so an entry
    # taken off it before (not saved yet) stays off.
    app = make_app(data_dir=data_dir, content=directory_content)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        session = await meeting_at_list(app, pilot)
        await open_in_meeting(app, pilot)
        await press(pilot, "ctrl+s", "1", "escape")  # the Repair Café, saved
        await press(pilot, "delete")
        await pilot.click("#confirm-yes")
        await settle(app, pilot)
        assert session._answer.records == []  # taken off on screen, not saved yet
        await open_in_meeting(app, pilot)
        await _highlight(app, pilot, MENS_SHED)
        await press(pilot, "ctrl+s", "1", "escape")
        assert [r["what"] for r in session._answer.records] == ["Brackenford Men's Shed"]
        await press(pilot, "f8")
        await settle(app, pilot)
        assert session.meeting.conv.step.node_id == "list"
        assert "Taken off things to try: Brackenford Men's Shed" in screen_text(app)
        assert session._answer.records == []


async def test_adding_with_the_add_button_leaves_the_list_focused(
    data_dir: Path, directory_content: Content
) -> None:
    app = make_app(data_dir=data_dir, content=directory_content)
    async with app.run_test(size=(120, 40)) as pilot:
        await meeting_at_list(app, pilot)
        screen = await open_in_meeting(app, pilot)
        await press(pilot, "enter")  # the entry's card: the Add button has the focus
        assert app.focused is screen.query_one("#dir-add", Button)
        await press(pilot, "enter", "1")
        assert screen.query_one("#dir-add", Button).disabled
        assert app.focused is screen.query_one("#dir-list", OptionList)
        await press(pilot, *"shed")  # letters typed now search
        assert screen.query_one("#dir-search", Input).value == "shed"


async def test_narrowing_the_screen_moves_the_focus_off_the_hidden_card(
    data_dir: Path, directory_content: Content
) -> None:
    app = make_app(data_dir=data_dir, content=directory_content)
    async with app.run_test(size=(120, 40)) as pilot:
        await meeting_at_list(app, pilot)
        screen = await open_in_meeting(app, pilot)
        await press(pilot, "enter")
        assert app.focused is screen.query_one("#dir-add", Button)
        await pilot.resize_terminal(80, 24)
        await settle(app, pilot)
        assert not screen.query_one("#dir-card-pane").region  # the card is hidden
        assert app.focused is screen.query_one("#dir-list", OptionList)


async def test_whose_idea_shows_the_entry_name_cleaned_and_literal(
    data_dir: Path, directory_content: Content
) -> None:
    app = make_app(data_dir=data_dir, content=directory_content)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        name = "[b]Jam[/b]\x1b[2J night"
        await app.push_screen(WhoseIdea(name, [("me", "My idea")]))
        await settle(app, pilot)
        title = widget_text(app.screen.query_one("#idea-title", Static))
        assert "\x1b" not in title  # a control character is shown as an escape
        assert title == "Whose idea is [b]Jam[/b]\\u001b[2J night?"


async def test_with_nothing_said_yet_everything_is_shown_and_why(
    data_dir: Path, directory_content: Content
) -> None:
    app = make_app(data_dir=data_dir, content=directory_content)
    async with app.run_test(size=(120, 40)) as pilot:
        session = await open_meeting(app, pilot)
        await open_topic(pilot, session, "likes")
        screen = await open_in_meeting(app, pilot)
        assert screen.show_all
        assert len(listed_ids(app)) == len(screen.directory.entries)
        count = widget_text(screen.query_one("#dir-count", Static))
        assert count == "Nothing they have said matches an entry yet, so everything is shown."


async def test_escape_returns_to_the_answer_being_typed(
    data_dir: Path, directory_content: Content
) -> None:
    app = make_app(data_dir=data_dir, content=directory_content)
    async with app.run_test(size=(100, 30)) as pilot:
        session = await open_meeting(app, pilot)
        await open_topic(pilot, session, "likes")
        await press(pilot, *"I like walk")
        await open_in_meeting(app, pilot)
        await press(pilot, *"choir", "escape")
        assert app.screen is session
        answer = session.query_one("#answer-slot").query(TextArea).first()
        assert answer.text == "I like walk"
        assert app.focused is answer
        await press(pilot, *"ing", "ctrl+s")
        assert session.meeting.conv.data["about"]["interests"] == "I like walking"


async def test_narrow_screens_show_the_list_then_the_card(
    data_dir: Path, directory_content: Content
) -> None:
    app = make_app(data_dir=data_dir, content=directory_content)
    async with app.run_test(size=(80, 24)) as pilot:
        session = await meeting_at_list(app, pilot)
        screen = await open_in_meeting(app, pilot)
        assert (
            screen.query_one("#dir-list").display and not screen.query_one("#dir-card-pane").region
        )
        first = listed_ids(app)[0]
        await press(pilot, "enter")
        assert (
            screen.query_one("#dir-card-pane").region
            and not screen.query_one("#dir-list-pane").region
        )
        assert screen.directory.entry(first).name in screen_text(app)
        await press(pilot, "ctrl+s", "1")
        assert "Added to Sam's things to try." in screen_text(app)
        await press(pilot, "escape")  # back to the list
        assert app.screen is screen and screen.query_one("#dir-list-pane").region
        await press(pilot, "escape")  # and out
        assert app.screen is session


async def test_keys_typed_in_a_burst_after_opening_go_to_the_directory(
    data_dir: Path, directory_content: Content
) -> None:
    app = make_app(data_dir=data_dir, content=directory_content)
    async with app.run_test(size=(120, 40)) as pilot:
        session = await meeting_at_list(app, pilot)
        await pilot.press("ctrl+backslash", *"choir")  # no pause: as a fast typist would
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DirectoryScreen)
        search = screen.query_one("#dir-search", Input)
        assert search.value == "choir"
        # Escape and then a: the a is the meeting's (in the list of things to try, Add).
        await pilot.press("escape", "a")
        await settle(app, pilot)
        assert search.value == "choir"
        assert isinstance(app.screen, RecordForm)
        assert app.screen_stack[-2] is session


# -- the command palette -----------------------------------------------------------------


async def test_the_command_palette_opens_the_directory_from_home(
    data_dir: Path, directory_content: Content
) -> None:
    app = make_app(data_dir=data_dir, content=directory_content)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await run_palette_command(app, pilot, "community directory")
        assert type(app.screen) is DirectoryScreen


async def test_the_command_palette_opens_the_directory_in_a_meeting(
    data_dir: Path, directory_content: Content
) -> None:
    app = make_app(data_dir=data_dir, content=directory_content)
    async with app.run_test(size=(120, 40)) as pilot:
        session = await meeting_at_list(app, pilot)
        await run_palette_command(app, pilot, "community directory")
        assert isinstance(app.screen, MeetingDirectoryScreen)
        assert app.screen.meeting is session.meeting
