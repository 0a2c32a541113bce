"""A click acts once (ui/clicks.py): the second click of a double click, and a click whose
mouse button went down before the question on screen was drawn, answer nothing, tick
nothing and go back nowhere.

Clicks are posted as a terminal sends them (a press and a release to the app, which makes
the click itself: ``Pilot.click`` makes the click and skips that); the second click of a
double click is dated 150 ms after the first, without waiting for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.widgets import Button
from ui_support import (
    double_click,
    middle,
    open_meeting,
    post_click,
    press,
    screen_text,
    settle,
)

from assistant.authoring.content import load_content
from assistant.ui.widgets.answers import TickList

#: Questions one after another in the same place, so a second click lands on the next one.
TWICE_TOPIC = """
id: twice
title: Twice
description: Questions that follow one another in the same place.
order: 1
nodes:
  - id: hello
    kind: say
    text: "Hello."
  - id: again
    kind: say
    text: "Hello again."
  - id: first
    kind: ask
    type: choice
    prompt: "First question?"
    store: twice.first
    options: [Yes please, No thanks]
  - id: second
    kind: ask
    type: choice
    prompt: "Other question?"
    store: twice.second
    options: [Yes please, No thanks]
  - id: rate_one
    kind: ask
    type: rating
    prompt: "First rating?"
    store: twice.rate_one
    min: 1
    max: 7
  - id: rate_two
    kind: ask
    type: rating
    prompt: "Other rating?"
    store: twice.rate_two
    min: 1
    max: 7
  - id: helps
    kind: ask
    type: multi_choice
    prompt: "What helps you?"
    store: twice.helps
    options: [walking, talking, music]
  - id: bye
    kind: say
    text: "Thank you."
  - id: done
    kind: end
"""


@pytest.fixture
def twice_app(make_app: Any, write_topics: Any) -> Callable[[], Any]:
    content = load_content(write_topics(twice=TWICE_TOPIC))
    return lambda: make_app(content=content)


def at(screen: Any) -> str:
    """The step on screen: its node's id, or its kind (topics, say...)."""
    step = screen.meeting.conv.step
    return step.node_id if step.node_id else step.kind


def given(screen: Any) -> list[tuple[str, Any]]:
    """What the transcript holds: each step given (its node) and its value."""
    return [(e.node, e.value) for e in screen.meeting.conv.transcript()]


def place(app: Any, text: str) -> tuple[int, int]:
    """Where ``text`` is on screen (the lowest line holding it: the answer area)."""
    lines = screen_text(app).split("\n")
    for y in range(len(lines) - 1, -1, -1):
        x = lines[y].find(text)
        if x >= 0:
            return x + 1, y
    raise AssertionError(f"{text!r} is not on screen:\n{screen_text(app)}")


async def open_at(app: Any, pilot: Any, node: str) -> Any:
    """The meeting opened on the one topic, walked by keys to step ``node``."""
    screen = await open_meeting(app, pilot)
    await press(pilot, "enter")
    walk = {
        "hello": [],
        "first": ["enter", "enter"],
        "rate_one": ["enter", "enter", "down", "enter", "down", "enter"],
        "helps": ["enter", "enter", "down", "enter", "down", "enter", "3", "4"],
    }
    await press(pilot, *walk[node])
    await settle(app, pilot)
    assert at(screen) == node
    return screen


async def test_a_double_click_on_go_on_goes_on_once(twice_app) -> None:
    app = twice_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(app, pilot, "hello")
        first = await post_click(app, pilot, *middle(screen.query_one("#go-on")))
        assert at(screen) == "again"  # the first click went on
        await post_click(app, pilot, *middle(screen.query_one("#go-on")), after=first)
        assert at(screen) == "again"


async def test_a_double_click_on_a_choice_answers_only_that_question(twice_app) -> None:
    app = twice_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(app, pilot, "first")
        first = await post_click(app, pilot, *place(app, "Yes please"))
        assert screen.meeting.conv.data["twice"] == {"first": "Yes please"}
        await post_click(app, pilot, *place(app, "Yes please"), after=first)
        assert screen.meeting.conv.data["twice"] == {"first": "Yes please"}
        assert at(screen) == "second"


async def test_a_double_click_on_a_rating_answers_only_that_rating(twice_app) -> None:
    app = twice_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(app, pilot, "rate_one")
        await double_click(app, pilot, *middle(screen.query_one("#rate-5", Button)))
        assert screen.meeting.conv.data["twice"]["rate_one"] == 5
        assert "rate_two" not in screen.meeting.conv.data["twice"]
        assert at(screen) == "rate_two"


async def test_a_double_click_on_a_tick_box_leaves_it_ticked(twice_app) -> None:
    app = twice_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(app, pilot, "helps")
        await double_click(app, pilot, *place(app, "talking"))
        assert screen.query_one(TickList).selected == ["talking"]


async def test_a_double_click_on_back_in_the_key_bar_goes_back_one_step(twice_app) -> None:
    app = twice_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_at(app, pilot, "rate_one")
        before = given(screen)
        await double_click(app, pilot, *place(app, "F8 Back"))
        assert at(screen) == "second"
        assert given(screen) == before[:-1]


async def test_a_click_pressed_before_the_question_was_drawn_clicks_nothing(twice_app) -> None:
    # The mouse button goes down on Go on, Enter goes on meanwhile, and the button comes up
    # over the next step's Go on: that step was not seen when the click began.
    app = twice_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(app, pilot, "hello")
        x, y = middle(screen.query_one("#go-on"))
        await post_click(app, pilot, x, y, up=False)
        await press(pilot, "enter")
        assert at(screen) == "again"
        await post_click(app, pilot, x, y, down=False)
        assert at(screen) == "again"


async def test_a_click_after_a_double_click_acts_again(twice_app) -> None:
    # Only the chained click is left out: a click later, on purpose, answers.
    app = twice_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(app, pilot, "hello")
        go_on = middle(screen.query_one("#go-on"))
        second = await double_click(app, pilot, *go_on)
        await post_click(app, pilot, *go_on, after=second, gap=1.0)
        assert at(screen) == "first"


# -- a double click with a shaky hand: the pointer moved by a cell between its clicks ---------


@pytest.mark.parametrize("moved", [(1, 0), (0, 1), (-1, 1)], ids=["right", "down", "down-left"])
async def test_a_double_click_that_moves_a_cell_answers_only_that_question(
    twice_app, moved
) -> None:
    app = twice_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(app, pilot, "first")
        x, y = place(app, "Yes please")
        first = await post_click(app, pilot, x, y)
        assert screen.meeting.conv.data["twice"] == {"first": "Yes please"}
        await post_click(app, pilot, x + moved[0], y + moved[1], after=first)
        assert screen.meeting.conv.data["twice"] == {"first": "Yes please"}
        assert at(screen) == "second"


async def test_two_quick_clicks_on_rows_next_to_each_other_tick_both(twice_app) -> None:
    # Another option of the same list is a click of its own, however quick: nothing was
    # drawn in the first click's place.
    app = twice_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(app, pilot, "helps")
        x, y = place(app, "talking")
        _, below_y = place(app, "music")
        assert below_y == y + 1
        first = await post_click(app, pilot, x, y)
        await post_click(app, pilot, x, below_y, after=first)
        assert sorted(screen.query_one(TickList).selected) == ["music", "talking"]


async def test_a_click_on_a_far_button_once_the_double_click_time_has_passed_answers(
    twice_app,
) -> None:
    app = twice_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(app, pilot, "rate_one")
        first = await post_click(app, pilot, *middle(screen.query_one("#rate-2", Button)))
        assert at(screen) == "rate_two"
        far = middle(screen.query_one("#rate-6", Button))
        gap = app.CLICK_CHAIN_TIME_THRESHOLD + 0.1
        await post_click(app, pilot, *far, after=first, gap=gap)
        given_now = screen.meeting.conv.data["twice"]
        assert (given_now["rate_one"], given_now["rate_two"]) == (2, 6)


async def test_a_click_on_another_button_a_cell_away_once_the_time_has_passed_answers(
    twice_app,
) -> None:
    # Only a click within the double-click time is taken for a double click's second.
    app = twice_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(app, pilot, "first")
        x, y = place(app, "Yes please")
        first = await post_click(app, pilot, x, y)
        gap = app.CLICK_CHAIN_TIME_THRESHOLD + 0.1
        await post_click(app, pilot, *place(app, "No thanks"), after=first, gap=gap)
        assert screen.meeting.conv.data["twice"] == {"first": "Yes please", "second": "No thanks"}


# -- the "Answering:" line: a click on a name picks that name -----------------------------------


def speaker_place(app: Any, label: str, name: str) -> tuple[int, int]:
    """Where ``name`` is on the line that starts with ``label``."""
    for y, line in enumerate(screen_text(app).split("\n")):
        start = line.find(label)
        if start >= 0:
            x = line.find(name, start + len(label))
            assert x >= 0, f"{name!r} is not on {line!r}"
            return x + 1, y
    raise AssertionError(f"no {label!r} line on screen:\n{screen_text(app)}")


async def test_a_click_on_a_name_on_the_answering_line_picks_that_name(twice_app) -> None:
    app = twice_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(app, pilot, "first")
        assert screen.meeting.by == "both"
        await post_click(app, pilot, *speaker_place(app, "Answering:", "Worker"))
        assert screen.meeting.by == "worker"
        # With the worker chosen, the person's name: the person (it went on to Together).
        await post_click(app, pilot, *speaker_place(app, "Answering:", "Sam"))
        assert screen.meeting.by == "person"
        await post_click(app, pilot, *speaker_place(app, "Answering:", "Together"))
        assert screen.meeting.by == "both"


async def test_a_click_on_a_name_in_the_edit_dialog_picks_that_name(make_app, content) -> None:
    from types import SimpleNamespace

    from assistant.ui.screens.edit_answer import EditAnswer

    node = next(
        node
        for topic in content.topics.values()
        for node in topic.nodes.values()
        if getattr(node, "type", None) == "text"
    )
    made: list[str] = []

    def keep(_value: Any, by: str) -> None:
        made.append(by)

    speakers = {"person": "Sam", "worker": "Worker", "both": "Together"}
    dialog = EditAnswer(
        SimpleNamespace(prompt=node.prompt), node, "Sam", keep, by="worker", speakers=speakers
    )
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.push_screen(dialog)
        await settle(app, pilot)
        await post_click(app, pilot, *speaker_place(app, "Who is changing it:", "Sam"))
        assert dialog.by == "person"
        await press(pilot, "ctrl+s")
        assert made == ["person"]


# -- back from the topics or the plan: the conversation at its latest answer -----------------


@pytest.mark.parametrize("away", [["f4", "f4"], ["f5", "f5", "f5"]], ids=["F4", "F5"])
async def test_back_from_topics_or_plan_the_conversation_shows_its_latest_answer(
    twice_app, away
) -> None:
    from assistant.ui.widgets.transcript import Transcript

    app = twice_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(app, pilot, "rate_one")
        # Up to the conversation to read an earlier answer, and back to the question.
        transcript = screen.query_one(Transcript)
        transcript.focus()
        await press(pilot, "up", "escape")
        assert transcript.highlighted is not None and not transcript.has_focus
        await press(pilot, "3", "4", "space", "ctrl+s")
        await settle(app, pilot)
        assert transcript.max_scroll_y > 0 and transcript.scroll_y == transcript.max_scroll_y
        await press(pilot, *away)
        await settle(app, pilot)
        assert screen.view == "conversation"
        assert transcript.scroll_y == transcript.max_scroll_y


# -- the conversation so far: one click picks an answer, Enter or a double click opens it ------


def entry_place(app: Any, prompt: str) -> tuple[int, int]:
    """Where the conversation shows ``prompt`` (its first line: the conversation is above the
    question)."""
    for y, line in enumerate(screen_text(app).split("\n")):
        x = line.find(prompt)
        if x >= 0:
            return x + 1, y
    raise AssertionError(f"{prompt!r} is not on screen:\n{screen_text(app)}")


def picked(screen: Any) -> Any:
    """The conversation's entry highlighted (picked), or None."""
    from assistant.ui.widgets.transcript import Transcript

    transcript = screen.query_one(Transcript)
    index = transcript.highlighted
    return None if index is None else transcript.entries[index]


async def test_one_click_on_an_earlier_answer_picks_it_and_opens_nothing(twice_app) -> None:
    from assistant.ui.screens.edit_answer import EditAnswer
    from assistant.ui.widgets.transcript import Transcript

    app = twice_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(app, pilot, "rate_one")
        await post_click(app, pilot, *entry_place(app, "First question?"))
        assert app.screen is screen
        assert picked(screen).node == "first"
        assert isinstance(app.focused, Transcript)
        assert "Enter: change this answer" in screen_text(app)
        await press(pilot, "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, EditAnswer)
        assert app.screen.entry.node == "first"


async def test_a_double_click_on_an_earlier_answer_opens_it_to_be_changed(twice_app) -> None:
    from assistant.ui.screens.edit_answer import EditAnswer

    app = twice_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(app, pilot, "rate_one")
        await double_click(app, pilot, *entry_place(app, "First question?"))
        assert isinstance(app.screen, EditAnswer)
        assert app.screen.entry.node == "first"
        assert at(screen) == "rate_one"


async def test_the_keys_line_says_how_to_change_an_answer_only_while_one_is_picked(
    twice_app,
) -> None:
    app = twice_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(app, pilot, "rate_one")
        await press(pilot, "shift+tab")  # up into the conversation, as a click there goes
        assert "Enter: change this answer" in screen_text(app)
        await press(pilot, "escape")  # back to the question: its own keys again
        text = screen_text(app)
        assert "Enter: change this answer" not in text
        assert screen._answer.keys_hint in text


async def test_a_double_click_that_moves_a_cell_opens_an_earlier_answer(twice_app) -> None:
    from assistant.ui.screens.edit_answer import EditAnswer

    app = twice_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_at(app, pilot, "rate_one")
        x, y = entry_place(app, "First question?")
        first = await post_click(app, pilot, x, y)
        await post_click(app, pilot, x + 1, y, after=first)
        assert isinstance(app.screen, EditAnswer)
        assert app.screen.entry.node == "first"
