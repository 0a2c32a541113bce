"""The worker's reflection in the app (issue 16): on Home for the latest finished meeting,
offered (never forced) after Finish, one question at a time, each answer saved at once."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from ui_support import (
    first_meeting_played,
    press,
    run_palette_command,
    screen_text,
    seed_answer,
    settle,
    start_review_meeting,
    widget_text,
)

from assistant.meetings.reflection import open_reflection
from assistant.plans.state import long_day
from assistant.records import CaseStore
from assistant.ui.screens.export import ExportScreen
from assistant.ui.screens.home import HomeScreen
from assistant.ui.screens.reflection import ReflectionScreen
from assistant.ui.widgets.answer_base import TickList
from assistant.ui.widgets.confirm import Confirm

REFLECT = "Reflect on this meeting (worker only)"
OFFER = "Later, when you are on your own: reflect on this meeting, from Home."


def home_actions(app) -> list[str]:
    return [o.id for o in app.screen.query_one("#actions").options]


async def open_reflection_from_home(app, pilot) -> ReflectionScreen:
    await settle(app, pilot)
    actions = app.screen.query_one("#actions")
    actions.focus()
    actions.highlighted = home_actions(app).index("reflect")
    await press(pilot, "enter")
    await settle(app, pilot)
    assert isinstance(app.screen, ReflectionScreen), type(app.screen)
    return app.screen


async def open_export_dialog(app, pilot) -> ExportScreen:
    """The export dialog (Ctrl+O) from wherever the app is."""
    await press(pilot, "ctrl+o")
    await settle(app, pilot)
    assert isinstance(app.screen, ExportScreen), type(app.screen)
    return app.screen


def offered_for(screen: ExportScreen) -> list[str]:
    """The values the export dialog's "Who is it for?" offers."""
    offered = screen.query_one("#export-for")
    return [value for _label, value in offered._options if value is not offered.NULL]


def choose_supervision_notes(screen: ExportScreen, folder: Path, *formats: str) -> None:
    """Supervision notes in ``formats`` (only those ticked), to be written in ``folder``."""
    ticks = screen.query_one("#export-formats")
    ticks.deselect_all()
    for fmt in formats:
        ticks.select(fmt)
    screen.query_one("#export-folder").value = str(folder)
    screen.query_one("#export-for").value = "supervision"


async def test_home_offers_the_reflection_for_a_finished_meeting(
    make_app, content, data_dir: Path
) -> None:
    first_meeting_played(data_dir, content)
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        actions = app.screen.query_one("#actions")
        line = actions.get_option("reflect").prompt
        assert REFLECT in str(line)


async def test_home_offers_no_reflection_before_any_meeting(make_app, content, data_dir) -> None:
    CaseStore(data_dir).create_person("Ali")
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert "reflect" not in home_actions(app)


async def test_each_answer_is_saved_before_the_next_question(
    make_app, content, data_dir: Path
) -> None:
    person = first_meeting_played(data_dir, content)
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_reflection_from_home(app, pilot)
        text = screen_text(app)
        assert "worker only" in text and "They can ask to see their record" in text
        # Said once, not again in the note above it (walk finding F2.3).
        note = widget_text(screen.query_one("#reflection-note"))
        assert "plan" not in note and "ask to see" not in note
        await press(pilot, "enter")  # past the opening words
        assert "What got in the way" in screen_text(app)
        await press(pilot, "down", "space", "ctrl+s")  # "Not enough time"
        await settle(app, pilot)
        assert "What happened, and what could help" in screen_text(app)
        with CaseStore(data_dir).read(person) as case:
            data = case.sessions()[-1]["state"]["data"]
        assert data["reflection"]["barriers_kind"] == ["time"]
        assert screen is app.screen


async def test_closing_the_reflection_lets_the_record_go_and_says_it_is_saved(
    make_app, content, data_dir: Path
) -> None:
    person = first_meeting_played(data_dir, content)
    app = make_app(content=content)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_reflection_from_home(app, pilot)
        await press(pilot, "enter", "down", "space", "ctrl+s")
        await settle(app, pilot)
        await press(pilot, "escape")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "not in the plan" in screen_text(app)
    with CaseStore(data_dir).open(person) as case:  # not left locked
        assert case.sessions()[-1]["state"]["data"]["reflection"]["barriers_kind"] == ["time"]


async def test_finishing_a_meeting_offers_the_reflection_for_later(
    make_app, content, data_dir: Path
) -> None:
    first_meeting_played(data_dir, content)
    app = make_app(content=content)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await start_review_meeting(app, pilot)
        seed_answer(screen.meeting, "agreement", {"person_agrees": "yes", "worker_agrees": "yes"})
        await press(pilot, "ctrl+f")
        await settle(app, pilot)
        await press(pilot, "enter")  # We both agree this plan
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        messages = [n.message for n in app._notifications]
        assert any(OFFER in m for m in messages), messages
        assert not isinstance(app.screen, ReflectionScreen)  # offered, not opened


async def test_the_export_dialog_on_home_writes_supervision_notes(
    make_app, content, data_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    person = first_meeting_played(data_dir, content)
    with CaseStore(data_dir).open(person) as case:
        meeting = open_reflection(case, content)
        meeting.proceed()
        meeting.answer(["setting"])
        meeting.answer("REFLWORDS the room was booked for half an hour")
    app = make_app(content=content)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(app, pilot)
        screen = await open_export_dialog(app, pilot)
        # PDF is not a format supervision notes come in: left out.
        choose_supervision_notes(screen, out, "md", "pdf")
        await press(pilot, "ctrl+s")
        await settle(app, pilot)
        result = widget_text(screen.query_one("#export-result"))
    assert "Supervision notes, for you and your supervisor" in result
    [written] = out.iterdir()  # the PDF left out
    assert written.name.startswith("supervision-plan-v1-") and written.suffix == ".md"
    text = written.read_text("utf-8")
    assert "For supervision. Not for the person's file" in text and "REFLWORDS" in text
    with CaseStore(data_dir).read(person) as case:
        exported = [e for e in case.audit_events() if e["kind"] == "exported"]
    assert [e["audience"] for e in exported] == ["supervision"]


async def test_the_export_dialog_in_a_meeting_offers_no_supervision_notes(
    make_app, content, data_dir: Path
) -> None:
    first_meeting_played(data_dir, content)
    app = make_app(content=content)
    async with app.run_test(size=(120, 50)) as pilot:
        await start_review_meeting(app, pilot)
        values = offered_for(await open_export_dialog(app, pilot))
        assert values and "supervision" not in values


async def test_the_command_palette_on_home_opens_the_reflection(
    make_app, content, data_dir: Path
) -> None:
    first_meeting_played(data_dir, content)
    app = make_app(content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await run_palette_command(app, pilot, "reflect on this meeting")
        assert isinstance(app.screen, ReflectionScreen)


def stored_reflection(data_dir: Path, person: str) -> dict:
    with CaseStore(data_dir).read(person) as case:
        return case.sessions()[-1]["state"]["data"].get("reflection", {})


async def typed_in_the_barriers_box(app, pilot, words: str) -> ReflectionScreen:
    """Home > Reflect, past the opening words, "Not enough time", then ``words`` typed in the
    next question's box (not given)."""
    screen = await open_reflection_from_home(app, pilot)
    await press(pilot, "enter", "down", "space", "ctrl+s")
    await settle(app, pilot)
    assert "What happened, and what could help" in screen_text(app)
    await press(pilot, *words)
    await settle(app, pilot)
    return screen


async def test_closing_with_words_typed_saves_them_first(make_app, content, data_dir: Path) -> None:
    person = first_meeting_played(data_dir, content)
    app = make_app(content=content)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await typed_in_the_barriers_box(app, pilot, "no room")
        await press(pilot, "escape")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert any("saved" in n.message for n in app._notifications)  # true this time
    assert stored_reflection(data_dir, person)["barriers"] == "no room"


async def test_closing_with_words_a_check_refuses_stays_then_leaves_on_a_second_close(
    make_app, content, data_dir: Path
) -> None:
    person = first_meeting_played(data_dir, content)
    app = make_app(content=content)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = await open_reflection_from_home(app, pilot)
        # "Not enough time" ticked, and "Nothing got in the way" (which goes on its own) put
        # beside it without a tick, as a list held from before might be: refused on Close.
        await press(pilot, "enter", "down", "space")
        screen.query_one(TickList).select("nothing")
        await settle(app, pilot)
        await press(pilot, "escape")
        await settle(app, pilot)
        assert app.screen is screen
        assert "press Close again" in widget_text(screen.query_one("#reflection-message"))
        await press(pilot, "escape")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert not any("saved" in n.message for n in app._notifications)  # nothing was
    assert "barriers_kind" not in stored_reflection(data_dir, person)


async def test_quitting_with_reflection_words_not_saved_asks_first(
    make_app, content, data_dir: Path
) -> None:
    first_meeting_played(data_dir, content)
    app = make_app(content=content)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await typed_in_the_barriers_box(app, pilot, "no room")
        await app.action_quit()
        await settle(app, pilot)
        assert isinstance(app.screen, Confirm)
        assert "reflection" in widget_text(app.screen.query_one("#confirm-question"))
        await press(pilot, "escape")  # Stay
        await settle(app, pilot)
        assert app.screen is screen


async def test_the_reflection_says_which_meeting_it_is_about(
    make_app, content, data_dir: Path
) -> None:
    person = first_meeting_played(data_dir, content)
    with CaseStore(data_dir).read(person) as case:
        started = case.sessions()[-1]["started"]
    app = make_app(content=content)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_reflection_from_home(app, pilot)
        note = widget_text(app.screen.query_one("#reflection-note"))
        await press(pilot, "enter")
        await settle(app, pilot)
        prompt = widget_text(app.screen.query_one("#reflection-prompt"))
    assert f"on {long_day(started)}" in note
    assert "at this meeting" in prompt and "today" not in prompt


def in_view(app, widget) -> bool:
    """The whole of ``widget`` is inside the screen and inside its scrolling dialog body."""
    body = app.screen.query_one("#reflection-body").region
    region = widget.region
    return region.height > 0 and body.contains_region(region)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_the_first_question_and_every_option_are_on_screen(
    make_app, content, data_dir: Path, size: tuple[int, int]
) -> None:
    first_meeting_played(data_dir, content)
    app = make_app(content=content)
    async with app.run_test(size=size) as pilot:
        screen = await open_reflection_from_home(app, pilot)
        await press(pilot, "enter")
        await settle(app, pilot)
        assert in_view(app, screen.query_one("#reflection-prompt"))
        ticks = screen.query_one("#reflection-answer SelectionList")
        assert in_view(app, ticks)
        assert ticks.option_count == 7
        assert ticks.max_scroll_y == 0  # all seven shown, none scrolled out of the list
        assert "Nothing got in the way" in screen_text(app)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_a_long_text_question_opens_with_its_question_and_hint_in_view(
    make_app, content, data_dir: Path, size: tuple[int, int]
) -> None:
    first_meeting_played(data_dir, content)
    app = make_app(content=content)
    async with app.run_test(size=size) as pilot:
        screen = await typed_in_the_barriers_box(app, pilot, "")
        for part in ("#reflection-prompt", "#reflection-hint", "#reflection-answer TextArea"):
            assert in_view(app, screen.query_one(part)), part
        if size == (100, 30):  # room for the note at the top too
            assert in_view(app, screen.query_one("#reflection-note"))


async def settle_while_loading(app, pilot) -> None:
    """:func:`settle`, but not waiting for the topics (held) or for what waits on them."""
    for _ in range(2):
        busy = [w for w in app.workers if w.group not in ("content", "await-topics")]
        if busy:  # (an empty list would mean every worker)
            await app.workers.wait_for_complete(busy)
        await pilot.pause()


@pytest.fixture
def held_topics(monkeypatch, content):
    """The app's topic loading held until the test lets it go (``held_topics.set()``), as at
    a real cold start where Home and the person's history are up before the topics."""
    from assistant.authoring import content as authoring_content

    gate = threading.Event()

    def slow_load(*args, **kwargs):
        assert gate.wait(timeout=60)
        return content

    def slow_load_for_meetings(*args, **kwargs):
        return slow_load(), []  # the app's loader: the content, and no topic left out

    monkeypatch.setattr(authoring_content, "load_content", slow_load)
    monkeypatch.setattr(authoring_content, "load_content_for_meetings", slow_load_for_meetings)
    yield gate
    gate.set()


async def test_home_offers_the_reflection_once_the_topics_load_after_it(
    make_app, content, data_dir: Path, held_topics
) -> None:
    first_meeting_played(data_dir, content)
    app = make_app(content=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_while_loading(app, pilot)
        assert app.screen.query_one("#people").highlighted == 0
        assert app.topic_content is None and "export" in home_actions(app)  # history shown
        assert "reflect" not in home_actions(app)  # not yet known: the topics are loading
        held_topics.set()
        await app.wait_for_content()
        await settle(app, pilot)
        assert "reflect" in home_actions(app)


async def test_the_export_dialog_offers_supervision_once_the_topics_load(
    make_app, content, data_dir: Path, held_topics
) -> None:
    first_meeting_played(data_dir, content)
    app = make_app(content=None)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle_while_loading(app, pilot)
        await press(pilot, "ctrl+o")
        await settle_while_loading(app, pilot)
        assert isinstance(app.screen, ExportScreen)
        assert "supervision" not in offered_for(app.screen)
        held_topics.set()
        await app.wait_for_content()
        await settle(app, pilot)
        assert "supervision" in offered_for(app.screen)


async def test_supervision_notes_hide_the_plan_picker_and_say_what_is_not_made(
    make_app, content, data_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    person = first_meeting_played(data_dir, content)
    with CaseStore(data_dir).read(person) as case:
        day = case.sessions()[-1]["started"][:10]
    app = make_app(content=content)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(app, pilot)
        screen = await open_export_dialog(app, pilot)
        assert screen.query_one("#export-version").display
        choose_supervision_notes(screen, out, "md", "easy")
        await settle(app, pilot)
        for part in ("#export-version-label", "#export-version", "#export-state"):
            assert not screen.query_one(part).display, part
        await press(pilot, "ctrl+s")
        await settle(app, pilot)
        result = widget_text(screen.query_one("#export-result"))
        screen.query_one("#export-for").value = screen.query_one("#export-for").NULL
        await settle(app, pilot)
        assert screen.query_one("#export-version").display  # back for a plan's copy
    assert "Not made for supervision notes: easy read." in result
    assert sorted(p.name for p in out.iterdir()) == [f"supervision-plan-v1-{day}.md"]


async def test_letters_at_the_opening_words_say_there_is_nothing_to_type(
    make_app, content, data_dir: Path
) -> None:
    first_meeting_played(data_dir, content)
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_reflection_from_home(app, pilot)
        await press(pilot, *"time")  # typed ahead, before Enter past the opening words
        await settle(app, pilot)
        assert screen._said.startswith("Nothing to type here: press Enter for")
        assert "What got in the way" not in screen_text(app)


@pytest.mark.parametrize("keys", [("ctrl+s",), (*"  ", "ctrl+s")])
async def test_done_in_an_empty_box_stays_and_says_what_to_do(
    make_app, content, data_dir: Path, keys: tuple[str, ...]
) -> None:
    person = first_meeting_played(data_dir, content)
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await typed_in_the_barriers_box(app, pilot, "")
        await press(pilot, *keys)
        await settle(app, pilot)
        assert "What happened, and what could help" in screen_text(app)
        assert "Nothing written yet" in widget_text(screen.query_one("#reflection-message"))
    assert "barriers" not in stored_reflection(data_dir, person)


async def test_the_done_button_in_an_empty_box_puts_the_focus_back_in_it(
    make_app, content, data_dir: Path
) -> None:
    first_meeting_played(data_dir, content)
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await typed_in_the_barriers_box(app, pilot, "")
        await pilot.click("#reflection-done")
        await settle(app, pilot)
        assert "What happened, and what could help" in screen_text(app)
        assert app.focused is screen.query_one("#reflection-answer TextArea")


async def test_done_with_nothing_ticked_stays_and_says_what_to_do(
    make_app, content, data_dir: Path
) -> None:
    # It left the question for today without a word, while an empty box now says what to do.
    person = first_meeting_played(data_dir, content)
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_reflection_from_home(app, pilot)
        await press(pilot, "enter", "ctrl+s")  # past the opening words; nothing ticked
        await settle(app, pilot)
        assert screen.meeting.conv.step.node_id == "barriers_kind"
        said = widget_text(screen.query_one("#reflection-message"))
        assert "Nothing is ticked yet" in said
    assert "barriers_kind" not in stored_reflection(data_dir, person)
