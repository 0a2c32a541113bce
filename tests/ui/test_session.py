"""The session screen, driven by keys (and a few clicks) over the sample topics."""

from __future__ import annotations

import errno
import os
import threading
from typing import Any

import pytest
from textual.widgets import Input
from ui_support import open_meeting, press, screen_text, settle, widget_text

from assistant.records import CaseStore, atomic, storage
from assistant.ui.screens.edit_answer import EditAnswer
from assistant.ui.screens.home import HomeScreen
from assistant.ui.screens.privacy import PrivacyScreen
from assistant.ui.screens.session import SessionScreen
from assistant.ui.widgets.network_map import MapCanvas
from assistant.ui.widgets.record_form import RecordForm


def step_of(screen: SessionScreen) -> Any:
    return screen.meeting.conv.step


async def to_topic(pilot: Any, index: int) -> None:
    """From the topic choice (welcome, network, wellbeing): open topic number ``index``."""
    await press(pilot, "home", *["down"] * index, "enter")
    await pilot.pause()


async def welcome(pilot: Any, name: str = "Sam") -> None:
    """Through the sample's welcome topic: hello, name, consent yes, thanks."""
    await to_topic(pilot, 0)
    await press(pilot, "enter", *name, "enter", "y", "enter")


async def test_a_meeting_opens_on_the_topic_choice(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        assert step_of(screen).kind == "topics"
        text = screen_text(app)
        assert "Which topic shall we talk about?" in text
        assert "Welcome" in text and "not started" in text


async def test_welcome_by_keys_is_saved_once_the_person_agrees(make_app, data_dir) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await to_topic(pilot, 0)
        await press(pilot, "enter", *"Sam", "enter")
        await pilot.pause()
        assert "Not recorded yet" in screen_text(app)
        await press(pilot, "y")
        await pilot.pause()
        assert "✓ Saved" in screen_text(app)
        text = screen_text(app)
        assert "Thank you, Sam." in text
        assert "What would you like me to call you?" in text  # in the transcript
        person = screen.meeting.case.person_id
    with CaseStore(data_dir).read(person) as case:
        state = case.sessions()[-1]["state"]
    assert state["data"]["about"]["name"] == "Sam"
    assert state["data"]["consent"]["record"] is True


@pytest.mark.slow
async def test_every_answer_kind_of_wellbeing_by_keys(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await welcome(pilot)
        await to_topic(pilot, 2)
        assert step_of(screen).answer_type == "rating"
        assert "1 = Couldn't be worse" in screen_text(app)
        await press(pilot, "5")  # rating: a number key
        await pilot.pause()
        assert step_of(screen).answer_type == "number"
        await press(pilot, *"12", "enter")
        await pilot.pause()
        assert step_of(screen).answer_type == "date"
        await press(pilot, *"31/01/2099", "enter")
        await pilot.pause()
        assert step_of(screen).answer_type == "long_text"
        await press(pilot, *"Line one", "enter", *"line two", "ctrl+s")
        await pilot.pause()
        assert step_of(screen).kind == "menu"
        await press(pilot, "enter")  # "Some tips"
        await pilot.pause()
        assert step_of(screen).text == "Small steps count."
        data = screen.meeting.conv.data
    assert data["ratings"]["friendships"] == 5
    assert data["week"]["hours"] == 12
    assert data["plan"]["next_meeting"] == "2099-01-31"
    assert data["plan"]["notes"] == "Line one\nline two"


async def test_a_rating_button_can_be_clicked(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await welcome(pilot)
        await to_topic(pilot, 2)
        await pilot.click("#rate-3")
        await pilot.pause()
        assert screen.meeting.conv.data["ratings"]["friendships"] == 3


async def test_a_refused_answer_shows_why_and_keeps_what_was_typed(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await welcome(pilot)
        await to_topic(pilot, 2)
        await press(pilot, "4", *"500", "enter")
        await pilot.pause()
        assert "Please give a number no more than 168." in screen_text(app)
        assert screen._answer.current() == "500"
        assert step_of(screen).answer_type == "number"


@pytest.mark.slow
async def test_not_today_skips_without_judgement(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await welcome(pilot)
        await to_topic(pilot, 2)
        await press(pilot, "f7")
        await pilot.pause()
        assert step_of(screen).answer_type == "number"
        assert "Not today" in screen_text(app)
        assert screen.meeting.conv.transcript()[-1].action == "skipped"


async def test_back_undoes_the_last_step_exactly(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await welcome(pilot)
        await to_topic(pilot, 2)
        await press(pilot, "6")
        await pilot.pause()
        await press(pilot, "f8")
        await pilot.pause()
        assert step_of(screen).answer_type == "rating"
        assert "friendships" not in screen.meeting.conv.data.get("ratings", {})


async def test_back_to_a_typed_answer_puts_its_words_back_to_correct(make_app) -> None:
    # Back after giving a name showed the question with an empty box: the words were retyped.
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await to_topic(pilot, 0)
        await press(pilot, "enter", "ctrl+u", *"Samm", "enter")
        await pilot.pause()
        assert screen.meeting.conv.data["about"]["name"] == "Samm"
        await press(pilot, "f8")
        await settle(app, pilot)
        assert step_of(screen).path == "about.name"
        assert screen.meeting.conv.data["about"].get("name") != "Samm"  # undone, not kept
        assert screen.query_one("#answer-input", Input).value == "Samm"
        await press(pilot, "end", "y", "enter")
        await pilot.pause()
        assert screen.meeting.conv.data["about"]["name"] == "Sammy"


@pytest.mark.slow
async def test_an_earlier_answer_is_changed_from_the_transcript(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await welcome(pilot, "Sam")
        # Shift+Tab goes up from the answer to the transcript, on the latest answer.
        await press(pilot, "shift+tab")
        transcript = screen.query_one("#transcript")
        assert transcript.has_focus
        paths = [e.path for e in transcript.entries]
        steps_up = len(paths) - 1 - paths.index("about.name")
        await press(pilot, *["up"] * steps_up, "enter")
        await pilot.pause()
        assert isinstance(app.screen, EditAnswer)
        await press(pilot, "ctrl+u", *"Samantha", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SessionScreen)
        assert screen.meeting.conv.data["about"]["name"] == "Samantha"
        assert "Changed to: Samantha" in screen_text(app)


async def test_a_change_can_be_marked_as_correcting_a_mistake_in_the_record(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await welcome(pilot, "Sam")
        await _edit_from_transcript(screen, pilot, "about.name")
        assert isinstance(app.screen, EditAnswer)
        assert app.screen.query_one("#edit-correction").value is False  # off at first
        await press(pilot, "ctrl+u", *"Samir")
        await pilot.click("#edit-correction")
        await press(pilot, "ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, SessionScreen)
        change = screen.meeting.conv.log[-1]
    assert (change["action"], change["value"], change["reason"]) == (
        "changed",
        "Samir",
        "correction",
    )


async def test_a_correction_reads_as_one_in_the_conversation(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await welcome(pilot, "Sam")
        await _edit_from_transcript(screen, pilot, "about.name")
        await press(pilot, "ctrl+u", *"Samir")
        await pilot.click("#edit-correction")
        await press(pilot, "ctrl+s")
        await settle(app, pilot)
        assert "Corrected to: Samir" in screen_text(app)


async def test_a_change_not_marked_as_a_correction_is_an_ordinary_one(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await welcome(pilot, "Sam")
        await _edit_from_transcript(screen, pilot, "about.name")
        await press(pilot, "ctrl+u", *"Samir", "ctrl+s")
        await settle(app, pilot)
        change = screen.meeting.conv.log[-1]
    assert (change["action"], change["value"]) == ("changed", "Samir")
    assert "reason" not in change


async def _edit_from_transcript(screen: SessionScreen, pilot: Any, path: str) -> None:
    """Up from the answer to the transcript, to the answer at ``path``, and open it."""
    await press(pilot, "shift+tab")
    transcript = screen.query_one("#transcript")
    paths = [e.path for e in transcript.entries]
    steps_up = len(paths) - 1 - paths.index(path)
    await press(pilot, *["up"] * steps_up, "enter")
    await pilot.pause()


async def _changing_a_name_the_worker_gave(app: Any, pilot: Any) -> SessionScreen:
    """The worker types the person's name for them (F2 once: the worker answers), then
    opens that answer to change it; returns the meeting screen."""
    screen = await open_meeting(app, pilot)
    await to_topic(pilot, 0)
    await press(pilot, "enter", "f2", *"Sam", "enter", "y", "enter")
    await settle(app, pilot)
    given = [e.by for e in screen.meeting.conv.transcript() if e.path == "about.name"]
    assert given == ["worker"]
    await _edit_from_transcript(screen, pilot, "about.name")
    assert isinstance(app.screen, EditAnswer)
    return screen


@pytest.mark.slow
async def test_a_change_is_credited_to_whoever_gave_the_answer_unless_f2_says_otherwise(
    make_app,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _changing_a_name_the_worker_gave(app, pilot)
        assert "Who is changing it:  ○ Sam ● Worker" in screen_text(app)
        # Sam corrects it: F2 goes round to Together, then to Sam.
        await press(pilot, "f2", "f2")
        assert "Who is changing it:  ● Sam ○ Worker" in screen_text(app)
        await press(pilot, "ctrl+u", *"Samantha", "enter")
        await settle(app, pilot)
        change = screen.meeting.conv.log[-1]
        assert (change["action"], change["path"], change["by"]) == (
            "changed",
            "about.name",
            "person",
        )


@pytest.mark.slow
async def test_a_change_left_alone_is_credited_to_the_one_who_gave_the_answer(
    make_app,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _changing_a_name_the_worker_gave(app, pilot)
        await press(pilot, "ctrl+u", *"Samantha", "enter")
        await settle(app, pilot)
        assert screen.meeting.conv.log[-1]["by"] == "worker"


@pytest.mark.slow
async def test_a_changed_answer_is_given_by_the_one_its_question_is_for(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await welcome(pilot, "Sam")
        await to_topic(pilot, 2)  # now on a question for both
        await press(pilot, "f2", "f2")  # ...which the worker will answer
        assert screen.meeting.by == "worker"
        await press(pilot, "shift+tab")
        transcript = screen.query_one("#transcript")
        paths = [e.path for e in transcript.entries]
        steps_up = len(paths) - 1 - paths.index("about.name")
        await press(pilot, *["up"] * steps_up, "enter")
        await pilot.pause()
        await press(pilot, "ctrl+u", *"Samantha", "enter")
        await settle(app, pilot)
        change = screen.meeting.conv.log[-1]
        assert (change["path"], change["by"]) == ("about.name", "person")
        # The question on screen keeps its own choice.
        assert screen.meeting.by == "worker"


@pytest.mark.slow
async def test_park_keeps_the_place_and_the_topic_map_says_parked(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_meeting(app, pilot)
        await welcome(pilot)
        await to_topic(pilot, 2)
        await press(pilot, "4")
        await pilot.pause()
        await press(pilot, "f6")
        await pilot.pause()
        assert step_of(screen).kind == "topics"
        assert "parked" in screen_text(app)
        # Jump back from the topic map: it carries on from the same question.
        await press(pilot, "f4")
        assert screen.query_one("#topic-map").has_focus
        await press(pilot, "home", "down", "down", "enter")
        await pilot.pause()
        assert step_of(screen).answer_type == "number"


@pytest.mark.slow
async def test_speaker_toggle_is_visible_and_recorded(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await welcome(pilot)
        await to_topic(pilot, 2)
        # The wellbeing rating is addressed to both: F2 goes on to the person, then the worker.
        await press(pilot, "f2")
        await pilot.pause()
        assert "● Sam" in screen_text(app)
        await press(pilot, "f2")
        await pilot.pause()
        assert "● Worker" in screen_text(app)
        assert "changed for this question" in screen_text(app)
        await press(pilot, "3")
        await pilot.pause()
        assert screen.meeting.conv.log[-1]["by"] == "worker"
        assert "— Worker" in screen_text(app)


async def test_a_question_for_both_is_answered_together_without_f2(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await welcome(pilot)
        await to_topic(pilot, 2)
        assert "● Together" in screen_text(app)
        await press(pilot, "3")
        await pilot.pause()
        assert screen.meeting.conv.log[-1]["by"] == "both"


async def test_a_step_with_nothing_to_answer_names_no_one_and_f2_changes_nothing(
    make_app,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await to_topic(pilot, 0)
        assert step_of(screen).kind == "say"  # hello
        line = widget_text(screen.query_one("#speaker"))
        assert line.startswith("Nothing to answer here") and "Answering" not in line
        await press(pilot, "f2")
        await pilot.pause()
        assert widget_text(screen.query_one("#speaker")) == line
        assert not screen.meeting.by_changed
        await press(pilot, "enter")
        await pilot.pause()
        assert step_of(screen).node_id == "name"
        assert "Answering:  ● Sam" in widget_text(screen.query_one("#speaker"))


async def test_f2_changes_who_answers_this_question_only(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await to_topic(pilot, 0)
        await press(pilot, "enter")  # hello
        await pilot.pause()
        assert step_of(screen).node_id == "name"  # addressed to the person
        assert "● Sam" in screen_text(app)
        await press(pilot, "f2")  # the worker types it this time
        await press(pilot, *"Sam", "enter")
        await pilot.pause()
        assert screen.meeting.conv.log[-1]["by"] == "worker"
        # The next question is the person's again.
        assert step_of(screen).node_id == "consent"
        assert "● Sam" in screen_text(app)
        assert "changed for this question" not in screen_text(app)
        await press(pilot, "y")
        await pilot.pause()
        assert screen.meeting.conv.log[-1]["by"] == "person"


async def test_f2_choice_stays_when_an_answer_is_refused(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await to_topic(pilot, 0)
        # The name given on Home is offered: clear it, then the name (required) is refused.
        await press(pilot, "enter", "f2", "ctrl+u", "enter")
        await pilot.pause()
        assert step_of(screen).node_id == "name"
        assert "● Worker" in screen_text(app)
        await press(pilot, *"Sam", "enter")
        await pilot.pause()
        assert screen.meeting.conv.log[-1]["by"] == "worker"


async def test_guidance_hides_and_shows_with_one_key(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await to_topic(pilot, 0)
        assert "Sit side by side" in screen_text(app)
        await press(pilot, "f3")
        await pilot.pause()
        assert "Sit side by side" not in screen_text(app)
        await press(pilot, "f3")
        await pilot.pause()
        assert "Sit side by side" in screen_text(app)
        assert screen.query_one("#guidance").display


async def test_f3_twice_where_there_is_no_guidance_leaves_it_on(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meeting(app, pilot)  # the topic choice: no guidance for it
        await press(pilot, "f3")
        await pilot.pause()
        await press(pilot, "f3")
        await pilot.pause()
        assert app.settings.guidance
        await to_topic(pilot, 0)
        assert "Sit side by side" in screen_text(app)


async def test_f3_where_there_is_no_guidance_hides_the_next_steps(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meeting(app, pilot)
        await press(pilot, "f3")
        await pilot.pause()
        assert not app.settings.guidance
        await to_topic(pilot, 0)
        assert "Sit side by side" not in screen_text(app)


@pytest.mark.slow
async def test_records_editor_adds_people_and_the_map_updates_live(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_meeting(app, pilot)
        await welcome(pilot)
        await to_topic(pilot, 1)
        await press(pilot, "f5")  # show the network map beside the conversation
        await pilot.pause()
        await press(pilot, "a")
        await pilot.pause()
        assert isinstance(app.screen, RecordForm)
        # Name, then the kind (a list: Enter opens it, Down, Enter), then the circle.
        await press(
            pilot,
            *"Mum",
            "tab",
            "enter",
            "down",
            "enter",
            "tab",
            "enter",
            "down",
            "enter",
            "ctrl+s",
        )
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        canvas = screen.query_one(MapCanvas)
        assert [p.name for p in canvas.people] == ["Mum"]
        assert canvas.people[0].kind == "family" and canvas.people[0].circle == 1
        assert "Mum" in screen_text(app)
        await press(pilot, "ctrl+s")
        await pilot.pause()
        assert screen.meeting.conv.data["network"]["people"][0]["name"] == "Mum"
        assert "How do you feel about Mum?" in screen_text(app)


async def test_a_list_with_entries_not_given_yet_is_never_shown_as_saved(make_app) -> None:
    # An entry added in the dialog showed in the list under "✓ Saved", and was lost to a
    # crash: the list is saved with Done.
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await welcome(pilot)
        await to_topic(pilot, 1)
        indicator = screen.query_one("#save-indicator")
        assert widget_text(indicator).startswith("✓ Saved")
        # Name, then the kind (a list: Enter opens it, Down, Enter), then the circle.
        await press(pilot, "a", *"Jo", "tab", "enter", "down", "enter")
        await press(pilot, "tab", "enter", "down", "enter", "ctrl+s")
        await pilot.pause()
        assert widget_text(indicator) == "○ List not saved yet: Done saves it"
        await press(pilot, "ctrl+s")  # Done
        await settle(app, pilot)
        assert screen.meeting.conv.data["network"]["people"][0]["name"] == "Jo"
        assert widget_text(indicator).startswith("✓ Saved")


@pytest.mark.slow
async def test_removing_someone_asks_first(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await welcome(pilot)
        await to_topic(pilot, 1)
        await press(pilot, "a", *"Jo", "ctrl+s")
        await pilot.pause()
        await press(pilot, "delete")
        await pilot.pause()
        assert "Take Jo off the list?" in screen_text(app)
        await press(pilot, "escape")  # keep
        await pilot.pause()
        assert len(screen._answer.records) == 1
        await press(pilot, "delete")
        await pilot.pause()
        await pilot.click("#confirm-yes")
        await pilot.pause()
        assert screen._answer.records == []


@pytest.mark.slow
async def test_a_failed_save_shows_a_banner_keeps_the_answer_and_retries(
    make_app, monkeypatch: pytest.MonkeyPatch, data_dir
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await welcome(pilot)
        await to_topic(pilot, 2)
        real = os.replace

        def failing(src: Any, dst: Any, *a: Any, **k: Any) -> Any:
            if ".case" in str(dst):
                raise OSError(errno.ENOSPC, "No space left on device")
            return real(src, dst, *a, **k)

        with monkeypatch.context() as patch:  # its own patch: the per-test folders stay
            patch.setattr(atomic.os, "replace", failing)
            await press(pilot, "6")
            await pilot.pause()
            assert "Not saved yet" in screen_text(app)
            banner = screen.query_one("#save-banner")
            assert banner.display
            assert "the disk is full" in widget_text(banner) and "ctrl+r" in widget_text(banner)
            assert screen.meeting.conv.data["ratings"]["friendships"] == 6
        await press(pilot, "ctrl+r")
        await pilot.pause()
        assert not screen.query_one("#save-banner").display
        assert "✓ Saved" in screen_text(app)
        person = screen.meeting.case.person_id
    with CaseStore(data_dir).read(person) as case:
        assert case.sessions()[-1]["state"]["data"]["ratings"]["friendships"] == 6


async def test_the_save_banner_names_the_retry_key_and_advice_for_a_read_only_disk(
    make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The key was on the banner's last line, cut off at 80x24 by the long reason; and the
    # advice was about free space and permissions whatever the cause.
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await welcome(pilot)
        await to_topic(pilot, 2)
        real = os.replace

        def failing(src: Any, dst: Any, *a: Any, **k: Any) -> Any:
            if ".case" in str(dst):
                raise OSError(errno.EROFS, "Read-only file system")
            return real(src, dst, *a, **k)

        monkeypatch.setattr(atomic.os, "replace", failing)
        await press(pilot, "6")
        await pilot.pause()
        assert "press ctrl+r to try again" in " ".join(screen_text(app).split())
        said = widget_text(screen.query_one("#save-banner"))
        assert "Make the disk writable again" in said
        assert "free some disk space" not in said


def watch_frames(app: Any, monkeypatch: pytest.MonkeyPatch, look: Any) -> list[Any]:
    """What ``look(screen)`` says at each frame the session screen hands to the terminal."""
    seen: list[Any] = []
    real = app._display

    def display(screen: Any, update: Any) -> None:
        if update is not None and isinstance(screen, SessionScreen):
            seen.append(look(screen))
        real(screen, update)

    monkeypatch.setattr(app, "_display", display)
    return seen


async def test_no_frame_of_a_step_is_drawn_before_its_save_is_on_disk(
    make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    writers: list[str] = []
    real_write = storage.write_atomic

    def write(*args: Any, **kwargs: Any) -> None:
        real_write(*args, **kwargs)
        writers.append(threading.current_thread().name)

    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        monkeypatch.setattr(storage, "write_atomic", write)
        frames = watch_frames(app, monkeypatch, lambda s: s.meeting.in_flight)
        await welcome(pilot)
        await to_topic(pilot, 2)
        await press(pilot, "6")
        await pilot.pause()
        assert screen.meeting.conv.data["ratings"]["friendships"] == 6
    assert any(name.startswith("cpi-writer") for name in writers)  # written alongside
    assert frames and not any(frames)


@pytest.mark.slow
async def test_a_save_failing_alongside_a_step_is_shown_in_that_steps_first_frame(
    make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await welcome(pilot)
        await to_topic(pilot, 2)
        banner = screen.query_one("#save-banner")
        frames = watch_frames(app, monkeypatch, lambda s: banner in s._compositor.visible_widgets)
        real = os.replace

        def failing(src: Any, dst: Any, *a: Any, **k: Any) -> Any:
            if ".case" in str(dst):
                raise OSError(errno.ENOSPC, "No space left on device")
            return real(src, dst, *a, **k)

        monkeypatch.setattr(atomic.os, "replace", failing)
        await press(pilot, "6")
        assert frames and frames[0] is True


@pytest.mark.slow
async def test_privacy_key_blanks_everything_and_brings_it_back(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meeting(app, pilot, "Sam Private")
        await press(pilot, "f9")
        await pilot.pause()
        assert isinstance(app.screen, PrivacyScreen)
        text = screen_text(app)
        assert "Sam Private" not in text and "Which topic" not in text
        await press(pilot, "f1", "ctrl+p")  # nothing else works while hidden
        await pilot.pause()
        assert isinstance(app.screen, PrivacyScreen)
        await press(pilot, "ctrl+b")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert "Sam Private" in screen_text(app)


@pytest.mark.slow
async def test_with_encryption_the_passphrase_brings_the_screen_back(make_app, data_dir) -> None:
    from assistant.records import init_store

    init_store(data_dir, "correct horse")
    app = make_app(passphrase="correct horse")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meeting(app, pilot, "Sam Private")
        await press(pilot, "f9")
        await pilot.pause()
        await press(pilot, "f9")  # the key alone is not enough now
        await pilot.pause()
        assert isinstance(app.screen, PrivacyScreen)
        await press(pilot, *"wrong", "enter")
        await settle(app, pilot)
        assert "did not match" in screen_text(app)
        await press(pilot, *"correct horse", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SessionScreen)


@pytest.mark.slow
async def test_narrow_screen_takes_turns_with_plan_and_map(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await welcome(pilot)
        assert not screen.query_one("#side").display or screen.has_class("narrow")
        await press(pilot, "f5")
        await pilot.pause()
        text = screen_text(app)
        assert "Our plan so far" in text and "Sam" in text
        assert "Which topic" not in text
        await press(pilot, "f5")
        await pilot.pause()
        assert "My connections" in screen_text(app)
        await press(pilot, "f5")
        await pilot.pause()
        assert "Which topic" in screen_text(app)


async def test_wide_screen_shows_topics_conversation_and_plan(make_app) -> None:
    # From 140 columns (issue 15: below that the conversation shares the width with one panel).
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await open_meeting(app, pilot)
        await welcome(pilot)
        text = screen_text(app)
        assert "Topics" in text and "Our plan so far" in text and "Which topic" in text


@pytest.mark.slow
async def test_leaving_saves_and_resume_carries_on_from_the_same_question(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await welcome(pilot)
        await to_topic(pilot, 2)
        await press(pilot, "5")
        await pilot.pause()
        await press(pilot, "escape")
        await pilot.pause()
        await press(pilot, "tab", "enter")  # from "Stay" to... focus order: No first
        await pilot.pause()
        if not isinstance(app.screen, HomeScreen):
            await pilot.click("#confirm-yes")
            await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await settle(app, pilot)
        assert "Resume where we left off" in screen_text(app)
        app.screen.query_one("#people").focus()
        await press(pilot, "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SessionScreen)
        assert app.screen is not screen
        assert app.screen.meeting.conv.step.answer_type == "number"
        assert app.screen.meeting.kind == "resumed"


@pytest.mark.parametrize("size", [(100, 30), (80, 24), (120, 40)])
@pytest.mark.slow
async def test_every_rating_point_is_on_screen(make_app, size) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_meeting(app, pilot)
        await welcome(pilot)
        await to_topic(pilot, 2)
        await settle(app, pilot)
        assert step_of(screen).answer_type == "rating"
        row = screen.query_one(".rating-row")
        buttons = list(row.query("PickButton"))
        assert len(buttons) == 7
        assert all(row.region.contains_region(b.region) for b in buttons)
        assert all(b.region.width >= 3 for b in buttons)


async def test_closing_records_the_workers_agreement_as_the_workers(make_app, content) -> None:
    app = make_app(content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_meeting(app, pilot)
        ids = [t.id for t in screen.meeting.conv.topics()]
        await press(pilot, "home", *["down"] * ids.index("closing"), "enter")
        await press(pilot, "enter")  # the intro
        # Moving on (a long box, asked from the first meeting): not today here.
        assert step_of(screen).node_id == "moving_on_picture"
        await press(pilot, "f7", "enter")  # then the read-back
        assert step_of(screen).node_id == "person_agrees"
        assert "● Sam" in screen_text(app)
        await press(pilot, "down", "enter")  # "Yes", by the person (picked on purpose)
        assert step_of(screen).node_id == "worker_agrees"
        assert "To the worker" in screen_text(app)
        assert "● Worker" in screen_text(app)  # no F2 needed
        await press(pilot, "down", "enter")  # "Yes", by the worker
        said = {e["path"]: e["by"] for e in screen.meeting.conv.log if e.get("path")}
        assert said["agreement.person_agrees"] == "person"
        assert said["agreement.worker_agrees"] == "worker"


async def test_a_double_enter_after_the_read_back_does_not_agree_the_plan(
    make_app, content
) -> None:
    # The second Enter of two on the read-back picked the highlighted "Yes": the person's
    # agreement to the plan, recorded by a slip of the finger.
    app = make_app(content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_meeting(app, pilot)
        ids = [t.id for t in screen.meeting.conv.topics()]
        await press(pilot, "home", *["down"] * ids.index("closing"), "enter")
        await press(pilot, "enter", "f7")  # the intro; moving on: not today
        assert step_of(screen).node_id == "read_back"
        await press(pilot, "enter", "enter")
        assert step_of(screen).node_id == "person_agrees"
        assert "person_agrees" not in screen.meeting.conv.data.get("agreement", {})
        # The stray Enter is told how to pick, in the hint's place.
        assert "Pick one first: the arrow keys, then Enter." in screen_text(app)
        await press(pilot, "down", "down", "enter")
        assert screen.meeting.conv.data["agreement"]["person_agrees"] == "mostly"


async def test_enter_on_a_change_the_app_made_says_so(make_app) -> None:
    # A set step's change shown in the conversation (a referral's words signed by today's
    # worker): "That answer can no longer be changed here" said the content had changed.
    from assistant.engine.steps import TranscriptEntry
    from assistant.ui.screens.session import APP_MADE_CHANGE
    from assistant.ui.widgets.transcript import Transcript

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_meeting(app, pilot)
        made = TranscriptEntry(
            1, "changed", "welcome", "started", "", "meta.started", "x", "worker", ""
        )
        screen.post_message(Transcript.EditRequested(made))
        await settle(app, pilot)
        said = [n.message for n in app._notifications]
        assert APP_MADE_CHANGE in said
        assert not isinstance(app.screen, EditAnswer)
