"""Issue 17, walkthrough finding 4: the practice's transcript holds the trainee's moves (with
their words) and the persona's reactions, in order: after a burst of moves, and again after
Carry on (rebuilt from the saved events)."""

from __future__ import annotations

from typing import Any

import pytest
from ui_support import (
    PRACTICE_SIZE,
    open_practice_topic,
    practice_app,
    practice_begun,
    press,
    settle,
    to_first_question,
)

from assistant.ui.screens.training import PersonaChooser, PracticeScreen
from assistant.ui.widgets.move_panel import MovePanel
from assistant.ui.widgets.transcript import Transcript

WIDE = PRACTICE_SIZE


def transcript_lines(screen: Any) -> list[str]:
    """Each line of the transcript as shown (plain text), top to bottom."""
    transcript = screen.query_one(Transcript)
    return [transcript.get_option_at_index(i).prompt.plain for i in range(transcript.option_count)]


def where(lines: list[str], words: str) -> int:
    found = [i for i, line in enumerate(lines) if words in line]
    assert found, f"{words!r} not in the transcript: {lines}"
    return found[0]


async def to_goals_list(app: Any, pilot: Any, screen: Any) -> None:
    await open_practice_topic(app, pilot, screen, "goals")
    conv = screen.meeting.conv
    for _ in range(5):  # bounded: to the list of goals
        if getattr(conv.step.node, "store", None) == "goals.list":
            assert screen.query_one(MovePanel).display
            return
        await press(pilot, "enter")
        await settle(app, pilot)
    raise AssertionError(f"not at the goals list: {conv.step.node.id}")


async def burst(app: Any, pilot: Any, first: str, second: str) -> None:
    """7<idea> Enter 7<idea> Enter 4, in one burst as a fast typist sends them."""
    await pilot.press("7", *first, "enter", "7", *second, "enter", "4")
    await settle(app, pilot)


def reactions(screen: Any) -> list[str]:
    """The persona's words for each refusal and for the keyboard, oldest first."""
    return [
        str(e["words"])
        for e in screen.training.events
        if e["kind"] in ("refused", "keyboard") and e.get("words")
    ]


def assert_in_order(lines: list[str], *words: str) -> None:
    places = [where(lines, w) for w in words]
    assert places == sorted(places), (words, lines)


@pytest.mark.slow
async def test_a_burst_of_moves_puts_both_refusals_and_the_keyboard_line_in_order(
    make_app, content
) -> None:
    async with practice_begun(make_app, content) as (app, pilot, screen):
        await to_goals_list(app, pilot, screen)
        await burst(app, pilot, "Join the day centre", "Try befriending")
        kinds = [e["kind"] for e in screen.training.events if e["kind"] in ("refused", "keyboard")]
        assert kinds == ["refused", "refused", "keyboard"]
        refusal_1, refusal_2, keyboard = reactions(screen)
        lines = transcript_lines(screen)
        assert_in_order(
            lines,
            "You suggested an idea: \u201cJoin the day centre\u201d",
            refusal_1,
            "You suggested an idea: \u201cTry befriending\u201d",
            refusal_2,
            "You offered the keyboard",
            keyboard,
        )
        assert "Stan turned it down" in lines[where(lines, refusal_1)]
        assert not [line for line in lines if "warmth" in line.lower()]  # for the feedback


@pytest.mark.slow
async def test_after_carry_on_the_moves_and_reactions_are_still_in_the_transcript(
    make_app, content
) -> None:
    async with practice_begun(make_app, content) as (app, pilot, screen):
        await to_goals_list(app, pilot, screen)
        await burst(app, pilot, "Join the day centre", "Try befriending")
        before = transcript_lines(screen)
        said = reactions(screen)
    # The app closed mid-practice; the next run carries on with it.
    app = practice_app(make_app, content)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, PersonaChooser)
        await press(pilot, "home", "enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        assert transcript_lines(screen) == before
        assert_in_order(transcript_lines(screen), *said)
        # And the conversation goes on below them: Stan's answer to the next move follows.
        await press(pilot, "7", *"Join the day centre", "enter")
        await settle(app, pilot)
        lines = transcript_lines(screen)
        assert lines[: len(before)] == before
        assert "Stan turned it down again" in lines[-1]


@pytest.mark.slow
async def test_hostile_words_in_a_move_are_shown_literally(make_app, content) -> None:
    hostile = "[bold red]Go[/] to $danger [@click=app.quit]club[/]"
    async with practice_begun(make_app, content) as (app, pilot, screen):
        await to_goals_list(app, pilot, screen)
        await pilot.press("7", *hostile, "enter")
        await settle(app, pilot)
        lines = transcript_lines(screen)
        assert f"You suggested an idea: \u201c{hostile}\u201d" in lines[where(lines, "suggested")]
        assert app.is_running and isinstance(app.screen, PracticeScreen)


@pytest.mark.slow
async def test_going_back_takes_the_move_what_was_said_and_the_answer_back(
    make_app, content
) -> None:
    async with practice_begun(make_app, content) as (app, pilot, screen):
        await to_first_question(app, pilot, screen)  # past the hello to Stan's first question
        await press(pilot, "1")
        said = next(e["words"] for e in screen.training.events if e["kind"] == "persona")
        answered = [e for e in screen.meeting.conv.transcript() if e.by == "person"]
        assert len(answered) == 1
        await press(pilot, "f8")  # back: the answer is undone
        await settle(app, pilot)
        assert not [e for e in screen.meeting.conv.transcript() if e.by == "person"]
        lines = transcript_lines(screen)
        # A rewind, to try it another way: the move and what Stan said go with the answer's
        # card (kept, they were replayed and scored beside the move made instead).
        assert not [line for line in lines if "You asked openly" in line or said in line]
        transcript = screen.query_one(Transcript)
        ids = [transcript.get_option_at_index(i).id for i in range(transcript.option_count)]
        assert f"e{answered[0].seq}" not in ids
