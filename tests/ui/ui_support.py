"""Helpers for the app tests (imported by the test modules)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

#: The first meeting's 1-7 ratings typed by through_topic: one digit per life area, in the
#: content's order.
FIRST_RATINGS = "34545345"


def screen_text(app: Any) -> str:
    """Everything drawn on the current screen, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def add_person(app: Any, name: str = "Sam", reference: str | None = None) -> str:
    person_id = app.store.create_person(name, reference)
    app.screen.reload(keep=person_id)
    return person_id


async def settle(app: Any, pilot: Any) -> None:
    """Wait for workers (content loading, opening a record) and the screen to catch up."""
    await _workers_done(app)
    await pilot.pause()
    await _workers_done(app)
    await pilot.pause()


async def _workers_done(app: Any) -> None:
    """Every worker finished. One whose screen closed as it handed back its result (the
    passphrase screen, dismissed by its own check) is cancelled by Textual: done too, not a
    failure (it failed 1 run in about 1,000 on a loaded machine)."""
    from textual.worker import WorkerCancelled

    try:
        await app.workers.wait_for_complete()
    except WorkerCancelled:
        await app.workers.wait_for_complete([w for w in app.workers if not w.is_cancelled])


async def open_meeting(app: Any, pilot: Any, name: str = "Sam") -> Any:
    """From Home: add someone and start their first meeting; returns the session screen."""
    from assistant.ui.screens.session import SessionScreen

    add_person(app, name)
    await pilot.pause()
    app.screen.query_one("#people").focus()
    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, SessionScreen), type(app.screen)
    return app.screen


def seed_answer(meeting: Any, key: str, value: Any) -> None:
    """Write an answer straight into a meeting, as the engine writes one (its revision moves
    on, so what the meeting worked out from the answers before is worked out again)."""
    state = meeting.conv._state
    state.run("seeded", lambda: state.write(("data", key), value))


def both_said_yes(meeting: Any) -> None:
    """A recorded meeting's Closing gone through with both saying yes to the plan (every
    other question left for today)."""
    state = meeting.conv._state
    state.run("seeded", lambda: state.write(("data", "consent"), {"record": True}))
    meeting.goto_topic("closing")
    while meeting.conv.current_topic == "closing":
        step = meeting.conv.step
        if step.node_id in ("person_agrees", "worker_agrees"):
            assert meeting.answer("yes").done
        elif step.kind == "ask":
            assert meeting.skip().done
        else:
            assert meeting.proceed().done


async def start_review_meeting(app: Any, pilot: Any) -> Any:
    """From Home, with a plan agreed: start the review meeting; returns the session screen."""
    from assistant.ui.screens.session import SessionScreen

    await settle(app, pilot)
    assert "Start a review meeting" in screen_text(app)
    app.screen.query_one("#actions").focus()  # after a meeting Home's focus is on the search
    await press(pilot, "enter")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, SessionScreen) and screen.meeting.kind == "review"
    return screen


async def press(pilot: Any, *keys: str) -> None:
    """Press keys one at a time, letting the app finish each step (as a person would)."""
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


#: A double click's second click, after the first: well inside Textual's chain threshold.
DOUBLE_CLICK_GAP = 0.15


async def post_click(
    app: Any,
    pilot: Any,
    x: int,
    y: int,
    *,
    after: float | None = None,
    gap: float = DOUBLE_CLICK_GAP,
    down: bool = True,
    up: bool = True,
) -> float:
    """A click at screen cell (x, y) as a terminal sends it: the mouse press and release
    posted to the app, which makes the click itself (``Pilot.click`` makes the click and
    skips that). ``after``: the time of a click this one follows, ``gap`` seconds later (by
    default as a double click's second), dated so rather than waited for; ``down`` / ``up``
    False leave out the press or the release. Waits for the app to settle; returns the
    release's time."""
    from textual import events

    made: list[events.MouseEvent] = []
    for kind, wanted in ((events.MouseDown, down), (events.MouseUp, up)):
        if wanted:
            made.append(kind(None, x, y, 0, 0, 1, False, False, False, screen_x=x, screen_y=y))
    if after is not None:
        for event in made:
            event.time = after + gap
    for event in made:
        app.post_message(event)
    await settle(app, pilot)
    return made[-1].time


async def double_click(app: Any, pilot: Any, x: int, y: int) -> float:
    """Two clicks at (x, y) as one double click, each handled before the next is posted;
    returns the second's time."""
    first = await post_click(app, pilot, x, y)
    return await post_click(app, pilot, x, y, after=first)


def middle(widget: Any) -> tuple[int, int]:
    """The screen cell in the middle of ``widget`` (where a click on it lands)."""
    region = widget.region
    return region.x + region.width // 2, region.y + region.height // 2


def widget_text(widget: Any) -> str:
    """The text a Static shows (whole, however it wraps on screen)."""
    return str(widget.visual) if hasattr(widget, "visual") else str(widget.render())


#: One topic with a question of each kind that is typed into (tests of fast typing).
BURST_TOPIC = """
id: burst
title: Quick answers
description: A few questions of each kind, answered fast.
order: 1
nodes:
  - id: consent
    kind: ask
    type: yes_no
    prompt: "Is it OK to keep a record of what we say?"
    store: consent.record
  - id: name
    kind: ask
    type: text
    prompt: "What would you like me to call you?"
    store: about.name
  - id: notes
    kind: ask
    type: long_text
    prompt: "Anything else?"
    store: about.notes
  - id: helps
    kind: ask
    type: multi_choice
    prompt: "What helps you?"
    store: about.helps
    options: [walking, talking, music]
  - id: hours
    kind: ask
    type: number
    prompt: "How many hours a week do you spend with others?"
    store: week.hours
  - id: rate
    kind: ask
    type: rating
    prompt: "How happy are you with your friendships?"
    store: ratings.friendships
    min: 0
    max: 10
  - id: bye
    kind: say
    text: "Thank you."
  - id: done
    kind: end
"""


def practice_app(make_app: Any, content: Any, **launch: Any) -> Any:
    """The app opened on a practice (training) session; ``launch`` as TrainingLaunch takes it,
    seed 7 and a trainee's name unless given."""
    from assistant.training import TrainingLaunch

    launch.setdefault("seed", 7)
    launch.setdefault("trainee", "Test Trainee")
    return make_app(content=content, training=TrainingLaunch(**launch))


async def begin_practice(app: Any, pilot: Any) -> Any:
    """From the start screen, ctrl+s begins the practice (paired: the hand-over, the role
    card and handing back first); returns the practice screen."""
    from assistant.ui.screens.training import PracticeScreen, PracticeStart, RoleCardScreen

    assert isinstance(app.screen, PracticeStart), type(app.screen)
    for _ in range(4):  # solo: one ctrl+s; paired: show the card, hand back, begin
        if not isinstance(app.screen, (PracticeStart, RoleCardScreen)):
            break
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    assert isinstance(app.screen, PracticeScreen), type(app.screen)
    return app.screen


async def open_practice_topic(app: Any, pilot: Any, screen: Any, topic_id: str) -> None:
    """Choose a topic from the practice screen's topic list by keys (down to it, Enter)."""
    ids = [t.id for t in screen.meeting.conv.topics()]
    screen._answer.focus_first()
    await pilot.pause()
    await press(pilot, "home", *["down"] * ids.index(topic_id), "enter")
    await settle(app, pilot)


#: The terminal size most practice tests run at: room for the moves and the transcript.
PRACTICE_SIZE = (120, 40)


@asynccontextmanager
async def practice_begun(
    make_app: Any, content: Any, size: tuple[int, int] = PRACTICE_SIZE, **launch: Any
) -> AsyncIterator[tuple[Any, Any, Any]]:
    """A practice with Stan (unless ``launch`` names another persona) run and begun: yields
    the app, its pilot and the practice screen; ``launch`` as practice_app takes it."""
    launch.setdefault("persona_id", "stan")
    app = practice_app(make_app, content, **launch)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        yield app, pilot, await begin_practice(app, pilot)


async def to_first_question(app: Any, pilot: Any, screen: Any) -> None:
    """Open Getting started and go past its hello to the first question of the person's."""
    from assistant.ui.widgets.move_panel import MovePanel

    await open_practice_topic(app, pilot, screen, "getting_started")
    for _ in range(5):  # bounded: the hello (a say step) comes first
        if screen.query_one(MovePanel).display:
            return
        await press(pilot, "enter")
        await settle(app, pilot)
    raise AssertionError(f"no move panel by step {screen.meeting.conv.step.node.id}")


async def open_topic(pilot: Any, screen: Any, topic_id: str) -> None:
    """From a meeting's topic choice, open ``topic_id`` by keys (down to it, Enter)."""
    ids = [t.id for t in screen.meeting.conv.topics()]
    assert screen.meeting.conv.step.kind == "topics"
    await press(pilot, "home", *["down"] * ids.index(topic_id), "enter")
    assert screen.meeting.conv.current_topic == topic_id


def choice_ready(screen: Any) -> bool:
    """Whether the choice on screen has an option highlighted for Enter (a new choice has
    none until an arrow key: a stray Enter records nothing)."""
    from textual.widgets import OptionList

    return screen._answer.query_one(OptionList).highlighted is not None


async def through_topic(
    pilot: Any, screen: Any, answers: dict[str, list[str]] | None = None
) -> list[str]:
    """Answer each step by keys until the topic ends; returns the step ids seen."""
    answers = answers or {}
    seen = []
    ratings = iter(FIRST_RATINGS)
    for _ in range(200):
        step = screen.meeting.conv.step
        if step.kind == "topics":
            return seen
        seen.append(step.node_id)
        if step.node_id in answers:
            keys = answers[step.node_id]
        elif step.kind in ("say", "end", "menu"):
            keys = ["enter"]
        elif step.answer_type == "rating":
            keys = [next(ratings, "4")]
        elif step.answer_type == "yes_no":
            keys = ["n"]
        elif step.answer_type == "long_text":
            keys = [*list("Walking and music"), "ctrl+s"]
        elif step.answer_type in ("text", "number"):
            keys = [*list("Sam" if step.answer_type == "text" else "3"), "enter"]
        elif step.answer_type == "date":
            keys = [*list("31/12/2099"), "enter"]
        elif step.answer_type == "choice":
            # Nothing is highlighted until an arrow key (unless answered before).
            keys = ["enter"] if choice_ready(screen) else ["down", "enter"]
        elif step.answer_type == "multi_choice":
            keys = ["space", "ctrl+s"]
        else:
            keys = ["f7"]  # not today
        before = len(screen.meeting.conv.log), step
        await press(pilot, *keys)
        assert (len(screen.meeting.conv.log), screen.meeting.conv.step) != before, (
            f"stuck at {step.node_id}: {widget_text(screen.query_one('#answer-message'))}"
        )
    raise AssertionError(f"topic did not end: {seen[-5:]}")


AREAS = (
    "mental_health",
    "physical_health",
    "daytime",
    "home",
    "leisure",
    "friendships",
    "family",
    "safety",
)


async def first_meeting_begun(app: Any, pilot: Any, called: str = "Sam") -> Any:
    """From Home: a new person "Sam", their first meeting opened and Getting started done
    (called ``called``, consent to a record given); returns the SessionScreen."""
    from assistant.ui.screens.session import SessionScreen

    await pilot.pause()
    await press(pilot, "n", *"Sam", "enter")
    await settle(app, pilot)
    await press(pilot, "enter")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, SessionScreen)
    await open_topic(pilot, screen, "getting_started")
    await through_topic(pilot, screen, {"name": [*called, "enter"], "consent_record": ["y"]})
    return screen


def first_meeting_played(data_dir: Path, content: Any, **details: Any) -> str:
    """test_journey's first meeting (FIRST_RATINGS, agreed by both), played through the engine
    into ``data_dir``: a person with an agreed version 1; returns their id. ``details``: the
    record's reference, NHS number... (``CaseStore.create_person``)."""
    from assistant.engine.conversation import Conversation
    from assistant.meetings.meeting import Meeting
    from assistant.plans.autoplay import play_meeting
    from assistant.records import CaseStore

    store = CaseStore(data_dir)
    person = store.create_person(details.pop("name", "Sam"), **details)
    answers: dict[str, Any] = {
        "about.name": "Sammy",
        "consent.record": True,
        "agreement.person_agrees": "yes",
        "agreement.worker_agrees": "yes",
        "agreement.next_meeting": "2099-12-31",
        "agreement.share_with": ["nobody"],
    }
    answers.update({f"ratings.{a}": int(r) for a, r in zip(AREAS, FIRST_RATINGS, strict=True)})
    with store.open(person) as case:
        conv = play_meeting(
            Conversation(content), ["getting_started", "what_matters", "closing"], answers
        )
        meeting = Meeting(conv, case, "first")
        version, message = meeting.finish(agreed=True)
        assert version == 1, message
    return person


def demo_first_meeting_played(
    data_dir: Path, content: Any, left_for_today: tuple[str, ...] = ()
) -> tuple[str, dict[str, Any]]:
    """The demo's first meeting (six people on the map, two closest), agreed and saved into
    ``data_dir``; returns (person id, the answers it saved). ``left_for_today``: answers
    (by path) left out, so the autoplay says "Not today" to them, as F7 does."""
    import datetime as dt

    from assistant.engine.conversation import Conversation
    from assistant.meetings.meeting import Meeting
    from assistant.plans.autoplay import play_meeting
    from assistant.plans.demo_data import demo_meetings
    from assistant.records import CaseStore

    topics, answers = demo_meetings(dt.date.today())[0]
    answers = {k: v for k, v in answers.items() if k not in left_for_today}
    store = CaseStore(data_dir)
    person = store.create_person("Sam")
    with store.open(person) as case:
        conv = play_meeting(Conversation(content), topics, answers)
        version, message = Meeting(conv, case, "first").finish(agreed=True)
        assert version == 1, message
    return person, conv.data


async def show_map(app: Any, pilot: Any, screen: Any) -> None:
    """F5 until the network map is on screen (beside the conversation, or instead of it when
    the screen is narrow)."""
    from assistant.ui.widgets.network_map import MapCanvas

    canvas = screen.query_one(MapCanvas)
    for _ in range(3):
        if canvas.region.area:
            return
        await press(pilot, "f5")
        await settle(app, pilot)
    assert canvas.region.area, "F5 never showed the map"


async def run_palette_command(app: Any, pilot: Any, words: str) -> None:
    """Ctrl+P, ``words`` typed, Enter: the command palette's first match for ``words``."""
    await press(pilot, "ctrl+p", *words)
    await settle(app, pilot)
    await press(pilot, "enter")
    await settle(app, pilot)


def count_arrangements(monkeypatch: Any) -> list[str]:
    """The ids (or class names) of the containers Textual arranges afresh, not from their
    cache, from now on: a list that fills as they are arranged."""
    import textual.widget

    arranged: list[str] = []
    arrange = textual.widget.arrange

    def counted(widget: Any, *args: Any, **kwargs: Any) -> Any:
        arranged.append(widget.id or type(widget).__name__)
        return arrange(widget, *args, **kwargs)

    monkeypatch.setattr(textual.widget, "arrange", counted)
    return arranged


async def finish_naming_a_private_person(
    app: Any, pilot: Any, good_week: str = "Coffee with Ann on Sunday.", worker: str = "Sam"
) -> None:
    """Open a first meeting with Ann kept private but named in "A good week" (``good_week``;
    Closing answered that far), then the finish dialog (``worker``'s), which warns about her
    name."""
    from assistant.ui.screens.finish import FinishMeeting

    await settle(app, pilot)
    screen = await open_meeting(app, pilot)
    meeting = screen.meeting
    state = meeting.conv._state

    def carried() -> None:
        state.write(("data", "network", "people"), [{"id": "p1", "name": "Ann"}])
        state.write(("data", "about", "good_week"), good_week)
        state.write(("data", "consent"), {"record": True})

    state.run("seeded", carried)
    meeting.goto_topic("closing")
    while meeting.conv.step.node_id != "private_parts":
        step = meeting.conv.step
        if step.node_id == "share_with":
            assert meeting.answer(["care_team"]).done
        elif step.kind == "ask":
            meeting.skip()
        else:
            meeting.proceed()
    assert meeting.answer(["item:p1"]).done
    app.push_screen(FinishMeeting(meeting, worker))
    await settle(app, pilot)
