"""Keys typed in a burst (no pause between them, as from a fast typist or a busy computer) are
handled exactly as if typed slowly: none lost, none reordered, none sent to the wrong question.

``burst`` posts every key to the app the way the terminal driver does, all of them before the
app handles the first; ``pilot.press`` would wait for the app to go idle after each key.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual import events
from ui_support import BURST_TOPIC, add_person, open_meeting, press, screen_text, settle

from assistant.authoring.content import load_content
from assistant.records import CaseStore
from assistant.text_width import cells
from assistant.ui.key_order import NAMED_WORDS
from assistant.ui.screens.finish import FinishMeeting
from assistant.ui.screens.home import HomeScreen
from assistant.ui.screens.session import SessionScreen
from assistant.ui.textual_internals import missing_internals
from assistant.ui.widgets.answers import MultiChoiceAnswer, TickList
from assistant.ui.widgets.confirm import Confirm

NAMED = {
    "enter": "\r",
    "backspace": "\x7f",
    "space": " ",
    "tab": "\t",
    "escape": "\x1b",
    "down": None,
    "up": None,
    "left": None,
    "right": None,
    "ctrl+s": None,
    "ctrl+f": None,
    "slash": "/",
    "f7": None,
    "f8": None,
}


def burst(app: Any, *keys: str) -> None:
    """Post keys as the terminal driver does: all queued before the app handles any.

    A name in ``NAMED`` is one key; anything else is text, one key per character."""
    for key in keys:
        if key in NAMED:
            app.post_message(events.Key(key, NAMED[key]))
            continue
        for char in key:
            app.post_message(events.Key("space" if char == " " else char, char))


async def until(
    pilot: Any,
    condition: Callable[[], bool],
    what: str,
    state: Callable[[], object] | None = None,
) -> None:
    """Let the app work until ``condition`` holds (a generous bound, never a fixed sleep).

    ``state`` says what the app holds instead, named in the failure (a rare failure in CI
    is only worth something if it says where the keys went)."""
    for _ in range(200):
        if condition():
            return
        await pilot.pause()
    found = f"; found {state()!r}" if state is not None else ""
    raise AssertionError(f"never happened: {what}{found}")


def node_id(screen: Any) -> str | None:
    step = screen.meeting.conv.step
    return step.node_id if step.kind == "ask" else step.kind


async def open_at(pilot: Any, app: Any, node: str) -> Any:
    """Open the meeting and walk (key by key, waiting each time) to question ``node``."""
    screen = await open_meeting(app, pilot)
    await press(pilot, "enter")  # the only topic
    walk = {
        "consent": [],
        "name": ["y"],
        "notes": ["y", *"Sam", "enter"],
        # The notes left for today with F7 (ctrl+s in an empty box saves nothing).
        "helps": ["y", *"Sam", "enter", "f7"],
        "hours": ["y", *"Sam", "enter", "f7", "space", "ctrl+s"],
        "rate": ["y", *"Sam", "enter", "f7", "space", "ctrl+s", *"12", "enter"],
    }
    await press(pilot, *walk[node])
    await until(pilot, lambda: node_id(screen) == node, f"at {node}")
    return screen


@pytest.fixture
def burst_app(make_app: Any, write_topics: Any) -> Callable[[], Any]:
    content = load_content(write_topics(burst=BURST_TOPIC))
    return lambda: make_app(content=content)


async def test_text_typed_just_before_ctrl_s_is_in_that_answer(burst_app) -> None:
    app = burst_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(pilot, app, "notes")
        burst(app, "Line one", "enter", "and two", "ctrl+s")
        await until(pilot, lambda: node_id(screen) == "helps", "the notes were given")
        assert screen.meeting.conv.data["about"]["notes"] == "Line one\nand two"


async def test_keys_typed_after_enter_wait_for_the_next_question(burst_app) -> None:
    app = burst_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(pilot, app, "name")
        burst(app, "Robin", "enter", "Tea and a chat", "ctrl+s")
        await until(pilot, lambda: node_id(screen) == "helps", "both answers were given")
        data = screen.meeting.conv.data
        assert data["about"]["name"] == "Robin"
        assert data["about"]["notes"] == "Tea and a chat"


async def test_backspace_in_a_burst_deletes_the_letter_typed_before_it(burst_app) -> None:
    app = burst_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(pilot, app, "name")
        burst(app, "Robx", "backspace", "in", "enter", "ab", "backspace", "backspace", "c")
        burst(app, "ctrl+s")
        await until(pilot, lambda: node_id(screen) == "helps", "both answers were given")
        data = screen.meeting.conv.data
        assert data["about"]["name"] == "Robin"
        assert data["about"]["notes"] == "c"


async def test_a_paste_between_typed_keys_lands_where_it_was_made(burst_app) -> None:
    app = burst_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(pilot, app, "name")
        burst(app, "Robin ")
        app.post_message(events.Paste("and Sam"))
        burst(app, " too", "enter")
        await until(pilot, lambda: node_id(screen) == "notes", "the name was given")
        assert screen.meeting.conv.data["about"]["name"] == "Robin and Sam too"


async def test_space_after_down_ticks_the_second_option(burst_app) -> None:
    app = burst_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(pilot, app, "helps")
        burst(app, "down", "space", "ctrl+s")
        await until(pilot, lambda: node_id(screen) == "hours", "the ticks were given")
        assert screen.meeting.conv.data["about"]["helps"] == ["talking"]


async def test_a_whole_topic_typed_in_one_burst_is_saved_exactly(burst_app, data_dir) -> None:
    app = burst_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(pilot, app, "consent")
        burst(app, "y", "Robin", "enter", "Tea", "enter", "a chat", "ctrl+s")
        # On the 0-10 rating a number is typed, then Enter; the last Enter goes on past "say".
        burst(
            app, "space", "down", "down", "space", "ctrl+s", "12", "enter", "10", "enter", "enter"
        )
        await until(pilot, lambda: node_id(screen) == "topics", "the topic was finished")
        person = screen.meeting.case.person_id
    with CaseStore(data_dir).read(person) as case:
        data = case.sessions()[-1]["state"]["data"]
    assert data["consent"]["record"] is True
    # The mark put beside the name from Home stays in this meeting's answers; the next
    # meeting reads this meeting's log, sees "Robin" typed, and drops it (meetings/paths.py).
    assert data["about"] == {
        "name": "Robin",
        "name_from_record": True,
        "notes": "Tea\na chat",
        "helps": ["walking", "music"],
    }
    assert data["week"]["hours"] == 12
    assert data["ratings"]["friendships"] == 10


async def test_a_click_on_rating_buttons_built_during_a_key_still_answers(burst_app) -> None:
    # The 0-10 buttons were built while Enter (on the question before) was being handled.
    app = burst_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(pilot, app, "rate")
        await pilot.click("#rate-3")
        await until(pilot, lambda: node_id(screen) == "say", "the rating was given")
        assert screen.meeting.conv.data["ratings"]["friendships"] == 3


async def test_done_with_nothing_ticked_asks_before_saving_not_today(burst_app) -> None:
    app = burst_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(pilot, app, "helps")
        logged = len(screen.meeting.conv.log)
        burst(app, "ctrl+s")
        answer = screen._answer
        assert isinstance(answer, MultiChoiceAnswer)
        await until(pilot, lambda: answer.asking, "the question about nothing ticked")
        assert "Nothing is ticked" in screen_text(app)
        assert node_id(screen) == "helps"
        assert len(screen.meeting.conv.log) == logged  # nothing given yet


async def test_yes_to_nothing_ticked_saves_not_today(burst_app) -> None:
    app = burst_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(pilot, app, "helps")
        burst(app, "ctrl+s", "y")
        await until(pilot, lambda: node_id(screen) == "hours", "moved on")
        last = screen.meeting.conv.transcript()[-1]
        assert (last.node, last.action) == ("helps", "skipped")


async def test_enter_alone_after_nothing_ticked_goes_back_to_the_ticks(burst_app) -> None:
    app = burst_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(pilot, app, "helps")
        burst(app, "ctrl+s", "enter", "down", "space", "ctrl+s")
        await until(pilot, lambda: node_id(screen) == "hours", "the tick was given")
        assert screen.meeting.conv.data["about"]["helps"] == ["talking"]


async def test_n_goes_back_with_the_ticks_focused(burst_app) -> None:
    app = burst_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(pilot, app, "helps")
        answer = screen._answer
        burst(app, "ctrl+s")
        await until(pilot, lambda: answer.asking, "the question about nothing ticked")
        burst(app, "n")
        await until(pilot, lambda: not answer.asking, "the question closed")
        assert isinstance(screen.focused, TickList)
        assert node_id(screen) == "helps"


async def test_keys_typed_while_the_meeting_opens_go_to_its_first_question(burst_app) -> None:
    app = burst_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        burst(app, "enter", "y", "Robin", "enter")
        await until(pilot, lambda: node_id(screen) == "notes", "two answers given")
        assert screen.meeting.conv.data["about"]["name"] == "Robin"


LIST_TOPIC = """
id: friends
title: Friends
description: One list question.
order: 1
nodes:
  - id: consent
    kind: ask
    type: yes_no
    prompt: "Is it OK to keep a record of what we say?"
    store: consent.record
  - id: people
    kind: ask
    type: records
    prompt: "Who is in your life?"
    store: network.people
    item_label: "{{ item.name }}"
    fields:
      - name: name
        label: Name or initials
        type: text
        required: true
  - id: done
    kind: end
"""


async def test_a_name_typed_straight_after_n_on_home_goes_into_the_new_person_dialog(
    make_app,
) -> None:
    # "s" on Home opens Settings: typed before the dialog was up, "Sasha" lost letters to Home.
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        burst(app, "n", "Sasha", "enter")
        await until(pilot, lambda: bool(app.store.list_people()), "someone was added")
        await settle(app, pilot)
        assert [p.display_name for p in app.store.list_people()] == ["Sasha"]
        assert isinstance(app.screen, HomeScreen)


async def test_keys_after_the_name_go_back_to_home_once_the_dialog_has_closed(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        burst(app, "n", "Robin", "enter", "n", "Sam", "enter")
        await until(pilot, lambda: len(app.store.list_people()) == 2, "both were added")
        names = sorted(p.display_name for p in app.store.list_people())
        assert names == ["Robin", "Sam"]


async def test_text_typed_straight_after_slash_on_home_is_searched(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        add_person(app, "Robin")
        await pilot.pause()
        burst(app, "slash", "sam")  # "s" alone would open Settings
        await until(pilot, lambda: app.screen.search_text == "sam", "the search was typed")
        assert isinstance(app.screen, HomeScreen)


async def test_keys_typed_after_enter_on_home_go_to_the_meeting_it_opens(burst_app) -> None:
    app = burst_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        add_person(app, "Sam")
        await pilot.pause()
        app.screen.query_one("#people").focus()
        await pilot.pause()
        burst(app, "enter", "enter", "y", "Robin", "enter")
        await until(
            pilot,
            lambda: isinstance(app.screen, SessionScreen) and node_id(app.screen) == "notes",
            "two answers given in the meeting",
        )
        assert app.screen.meeting.conv.data["about"]["name"] == "Robin"


async def test_an_entry_typed_straight_after_a_is_added_to_the_list(make_app, write_topics) -> None:
    app = make_app(content=load_content(write_topics(friends=LIST_TOPIC)))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await press(pilot, "enter", "y")  # the only topic, then yes to the record
        await until(pilot, lambda: node_id(screen) == "people", "at the list")
        burst(app, "a", "Jo", "ctrl+s", "a", "Sky", "ctrl+s", "ctrl+s")
        await until(pilot, lambda: node_id(screen) == "topics", "the list was given")
        people = screen.meeting.conv.data["network"]["people"]
        assert [p["name"] for p in people] == ["Jo", "Sky"]


async def test_text_typed_straight_after_enter_on_an_entry_changes_it(
    make_app, write_topics
) -> None:
    app = make_app(content=load_content(write_topics(friends=LIST_TOPIC)))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await press(pilot, "enter", "y")  # the only topic, then yes to the record
        await until(pilot, lambda: node_id(screen) == "people", "at the list")
        # The change form selects the name it shows, so typing replaces it (as typed slowly).
        burst(app, "a", "Jo", "ctrl+s", "enter", "Joanna", "ctrl+s", "ctrl+s")
        await until(pilot, lambda: node_id(screen) == "topics", "the list was given")
        people = screen.meeting.conv.data["network"]["people"]
        assert [p["name"] for p in people] == ["Joanna"]


async def test_done_pressed_with_enter_acts_before_the_next_key(burst_app) -> None:
    app = burst_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(pilot, app, "name")
        burst(app, "Robin", "tab", "enter", "Tea", "ctrl+s")
        await until(pilot, lambda: node_id(screen) == "helps", "both answers were given")
        data = screen.meeting.conv.data
        assert data["about"]["name"] == "Robin"
        assert data["about"]["notes"] == "Tea"


async def test_keys_after_ctrl_f_go_to_the_finish_dialog_not_the_meeting(burst_app) -> None:
    app = burst_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(pilot, app, "name")
        burst(app, "ctrl+f", "escape", "Robin", "enter")
        await until(pilot, lambda: node_id(screen) == "notes", "the name was given")
        assert app.screen is screen  # Escape closed the dialog, it did not leave the meeting
        assert screen.meeting.conv.data["about"]["name"] == "Robin"


async def test_enter_typed_straight_after_ctrl_f_agrees_nothing(burst_app) -> None:
    # Typed before the finish dialog was on screen, Enter pressed its first button.
    app = burst_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(pilot, app, "name")
        burst(app, "ctrl+f", "enter")
        await until(pilot, lambda: isinstance(app.screen, FinishMeeting), "the finish dialog")
        await settle(app, pilot)
        assert isinstance(app.screen, FinishMeeting)
        assert not screen.meeting.closed


async def test_keys_typed_before_the_leave_question_was_on_screen_choose_nothing(
    burst_app,
) -> None:
    # Tab then Enter, typed before "Leave the meeting?" appeared, chose Leave.
    app = burst_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(pilot, app, "name")
        burst(app, "escape", "tab", "enter")
        await until(pilot, lambda: isinstance(app.screen, Confirm), "the leave question")
        await settle(app, pilot)
        assert isinstance(app.screen, Confirm)
        assert app.screen.focused is app.screen.query_one("#confirm-no")
        assert screen in app.screen_stack


async def test_a_key_pressed_once_the_leave_question_is_on_screen_answers_it(burst_app) -> None:
    app = burst_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(pilot, app, "name")
        burst(app, "escape", "enter")
        await until(pilot, lambda: isinstance(app.screen, Confirm), "the leave question")
        await settle(app, pilot)
        burst(app, "left", "enter")  # Leave, read and chosen: fast, but the dialog's own
        await until(pilot, lambda: screen not in app.screen_stack, "the meeting was left")


async def test_words_typed_as_the_leave_question_opened_are_named_not_lost_unseen(
    burst_app,
) -> None:
    app = burst_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_at(pilot, app, "name")
        await press(pilot, *"Rob")
        burst(app, "escape", "in", "enter")
        await until(pilot, lambda: isinstance(app.screen, Confirm), "the leave question")
        await settle(app, pilot)
        notes = [n.message for n in app._notifications]
        assert any("not used: “in”" in note for note in notes), notes
        assert isinstance(app.screen, Confirm)
        assert screen._answer.current() == "Rob"


async def test_words_named_as_not_used_are_cut_by_cells_not_letters(burst_app) -> None:
    # Wide letters take two cells each: cut by letters, the note named twice as much.
    app = burst_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_at(pilot, app, "name")
        burst(app, "escape", "漢字" * 40, "enter")
        await until(pilot, lambda: isinstance(app.screen, Confirm), "the leave question")
        await settle(app, pilot)
        notes = [n.message for n in app._notifications if "not used" in n.message]
        assert notes
        named = notes[0].split("“", 1)[1].split("”", 1)[0]
        assert named.endswith("…")
        assert cells(named) <= NAMED_WORDS


def test_the_textual_internals_used_for_key_order_are_there() -> None:
    # Textual is pinned exactly; an upgrade that renames one of these must fail here first
    # (tests/ui/test_textual_internals.py checks each one, with what it is for).
    assert missing_internals() == []


async def test_quitting_with_ctrl_q_leaves_no_key_unawaited(make_app) -> None:
    """Ctrl+Q on Home ends the app cleanly: the key's settling is not started once the app is
    closing (it printed "coroutine 'KeyRouter._replay' was never awaited" on every exit)."""
    import gc
    import warnings

    app = make_app()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(app, pilot)
            await pilot.press("ctrl+q")
        gc.collect()
    assert not app.is_running
    assert [str(w.message) for w in caught if "never awaited" in str(w.message)] == []


async def test_lines_pasted_into_a_one_line_box_are_joined_not_dropped(burst_app) -> None:
    # Textual's one-line box keeps a paste's first line only: "Line B" was lost unseen.
    app = burst_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(pilot, app, "name")
        app.post_message(events.Paste("Line A\n  Line B\n\n"))
        burst(app, "enter")
        await until(pilot, lambda: node_id(screen) == "notes", "the name was given")
        assert screen.meeting.conv.data["about"]["name"] == "Line A Line B"


CONCERN_TOPIC = """
id: hard
title: Things that make it hard
description: One list whose entries start with a choice.
order: 1
nodes:
  - id: consent
    kind: ask
    type: yes_no
    prompt: "Is it OK to keep a record of what we say?"
    store: consent.record
  - id: concerns
    kind: ask
    type: records
    prompt: "What makes it hard for you?"
    store: concerns.list
    item_label: "{{ item.get('words') or item.kind }}"
    item_name: concern
    fields:
      - name: kind
        label: What it is about
        type: choice
        required: true
        options:
          - {value: trust, label: Trusting people}
          - {value: money, label: Money}
          - {value: transport, label: Getting there}
      - name: words
        label: In your own words
        type: text
  - id: done
    kind: end
"""


async def test_a_concern_typed_straight_after_a_keeps_its_choice_and_words(
    make_app, write_topics
) -> None:
    # The add dialog opens on its drop-down, not a box for words: the keys typed straight
    # after "a" were let go as if the dialog asked something, and the concern was lost.
    app = make_app(content=load_content(write_topics(hard=CONCERN_TOPIC)))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await press(pilot, "enter", "y")  # the only topic, then yes to the record
        await until(pilot, lambda: node_id(screen) == "concerns", "at the list")
        words = "The bus costs too much."
        burst(app, "a", "enter", "down", "down", "enter", "tab", words, "ctrl+s", "ctrl+s")
        await until(pilot, lambda: node_id(screen) == "topics", "the list was given")
        entries = screen.meeting.conv.data["concerns"]["list"]
        assert [(e["kind"], e["words"]) for e in entries] == [("money", words)]
