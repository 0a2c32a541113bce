"""How one answer reads in the conversation so far: a note of several lines stays under its
own first line, so its later lines are not read as the next thing said."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from ui_support import open_meeting, press, screen_text, settle

from assistant.authoring.content import load_content
from assistant.engine.steps import TranscriptEntry
from assistant.flows.model import AskNode, RecordField
from assistant.ui.widgets.hanging import hang
from assistant.ui.widgets.transcript import ANSWER_INDENT, Transcript


def entry(value: Any, action: str = "answered") -> TranscriptEntry:
    return TranscriptEntry(
        seq=1,
        action=action,
        topic="goals",
        node="changes",
        prompt="Anything else to change?",
        path="review.changes",
        value=value,
        by="person",
        at="2026-12-05T10:00:00+00:00",
    )


def lines(value: str, action: str = "answered") -> list[str]:
    transcript = Transcript(lambda e: ("person", None, ()))
    return transcript.render_entry(entry(value, action)).plain.splitlines()


@pytest.mark.parametrize("action", ["answered", "changed"])
def test_a_note_of_several_lines_keeps_them_under_its_first(action: str) -> None:
    shown = lines("Meet Dan on Sundays\nAsk about the football\n[b]not markup[/b]", action)
    first = next(i for i, line in enumerate(shown) if line.startswith("  ▸ "))
    assert shown[first + 1] == ANSWER_INDENT + "Ask about the football"
    assert shown[first + 2].startswith(ANSWER_INDENT + "[b]not markup[/b]  — ")


def test_the_indent_lines_up_with_the_answer_mark() -> None:
    shown = lines("one\ntwo")
    first = next(line for line in shown if "▸" in line)
    assert first.index("one") == len(ANSWER_INDENT)


def test_a_long_answer_wraps_under_its_own_first_word() -> None:
    transcript = Transcript(lambda e: ("person", None, ()))
    drawn = transcript.render_entry(
        entry("See more of my brother Dan and his kids every Sunday for lunch")
    )
    shown = hang(drawn.text, 40).plain.splitlines()  # as it is drawn 40 cells wide
    first = next(i for i, line in enumerate(shown) if line.startswith("  ▸ "))
    assert shown[first + 1].startswith(ANSWER_INDENT) and shown[first + 1].strip()


def test_a_one_line_answer_is_one_line() -> None:
    assert [line for line in lines("Walking") if "▸" in line] == ["  ▸ Walking  — Person"]
    assert len(lines("Walking")) == 3


def test_an_answer_given_again_as_it_was_reads_as_kept_by_whoever_saved_it() -> None:
    # Carried from the last meeting and saved unchanged at a review by the worker: the worker
    # kept the person's words, they did not say them.
    transcript = Transcript(lambda e: ("person", None, ()))
    kept = replace(entry("Walking"), by="worker", kept=True)
    shown = transcript.render_entry(kept).plain.splitlines()
    assert [line for line in shown if "▸" in line] == ["  ▸ Kept as it was: Walking  — Worker"]


def test_a_correction_reads_as_correcting_the_earlier_answer() -> None:
    # Marked "This corrects a mistake in the record" in the change dialog: the audit says
    # "answer corrected", and the conversation said only "Changed to:".
    transcript = Transcript(lambda e: ("person", None, ()))
    corrected = replace(entry("Samir", "changed"), by="worker", corrected=True)
    shown = transcript.render_entry(corrected).plain.splitlines()
    assert [line for line in shown if "▸" in line] == ["  ▸ Corrected to: Samir  — Worker"]


def test_an_ordinary_change_still_reads_as_changed() -> None:
    shown = lines("Sammy", "changed")
    assert [line for line in shown if "▸" in line] == ["  ▸ Changed to: Sammy  — Person"]


def answer_line(value: Any, shape: AskNode) -> str:
    transcript = Transcript(lambda e: ("person", shape, ()))
    return next(
        line for line in transcript.render_entry(entry(value)).plain.splitlines() if "▸" in line
    )


def test_a_list_of_people_named_with_commas_reads_as_that_many_people() -> None:
    contacts = AskNode(
        kind="ask",
        id="contacts",
        prompt="Who to contact?",
        store="contacts.people",
        type="records",
        item_label="{{ item.name }}",
        fields=[RecordField(name="name", label="Name", type="text")],
    )
    people = [{"id": "1", "name": "Dr Ahmed, Millbrook Surgery"}, {"id": "2", "name": "Priya Shah"}]
    assert answer_line(people, contacts) == "  ▸ Dr Ahmed, Millbrook Surgery · Priya Shah  — Person"


def test_ticked_options_holding_commas_are_kept_apart() -> None:
    ticks = AskNode(
        kind="ask",
        id="helps",
        prompt="What helps?",
        store="helps",
        type="multi_choice",
        options=[{"value": "out", "label": "Getting out, even briefly"}, "Music"],
    )
    assert answer_line(["out", "Music"], ticks) == "  ▸ Getting out, even briefly · Music  — Person"


OFFERED_TOPIC = """
id: offered
title: Offered
description: A choice whose words come from the goal a loop is on (as a goal's levels).
order: 1
nodes:
  - id: goals
    kind: ask
    type: records
    prompt: "Your goals?"
    store: goals
    fields: [{name: what, label: Goal, type: text, required: true}]
  - id: each
    kind: repeat
    over: goals
    as: goal
    topic: level
  - {id: fin, kind: end}
"""

LEVEL_TOPIC = """
id: level
title: Level
description: Where one goal is now.
listed: false
nodes:
  - id: where
    kind: ask
    type: choice
    prompt: "Where are things now?"
    store: goal.attainment
    options_from: "[{'value': 'zero', 'label': 'What you hoped for: ' ~ goal.what}, 'Other']"
  - {id: fin, kind: end}
"""


async def _level_answered(app, pilot):
    """A goal "Walk" listed, then its level answered with the first option (what was hoped
    for); returns the meeting's screen."""
    screen = await open_meeting(app, pilot)
    await press(pilot, "home", "enter", "a", *"Walk", "ctrl+s")
    await pilot.pause()
    await press(pilot, "ctrl+s")
    await settle(app, pilot)
    assert screen.meeting.conv.step.node_id == "where"
    await press(pilot, "enter")  # the first: what was hoped for
    await settle(app, pilot)
    assert screen.meeting.conv.data["goals"][0]["attainment"] == "zero"
    return screen


async def test_a_choice_worked_out_in_a_loop_shows_the_words_it_was_offered_in(
    make_app, write_topics
) -> None:
    content = load_content(write_topics(offered=OFFERED_TOPIC, level=LEVEL_TOPIC))
    app = make_app(content=content)
    async with app.run_test(size=(100, 30)) as pilot:
        await _level_answered(app, pilot)
        assert "▸ What you hoped for: Walk  — " in screen_text(app)


async def test_a_loop_choice_logged_without_its_words_is_named_from_its_record(
    make_app, write_topics
) -> None:
    # Meetings saved before the log kept the offered words: the answer's path names the goal.
    content = load_content(write_topics(offered=OFFERED_TOPIC, level=LEVEL_TOPIC))
    app = make_app(content=content)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _level_answered(app, pilot)
        conv = screen.meeting.conv
        conv.log[-1].pop("labels")
        entry = conv.transcript()[-1]
        assert entry.labels == ()
        assert ("zero", "What you hoped for: Walk") in screen._describe_entry(entry)[2]


def test_wording_the_app_suggested_reads_as_its_suggestion_agreed_by_whoever_gave_it() -> None:
    # A referral's drafted message taken as offered: the answer log, the audit and the
    # subject access export say the app suggested it; the conversation showed "— Sam", as
    # though Sam had written it.
    transcript = Transcript(lambda e: ("person", None, ()))
    transcript.set_person_name("Sam")
    offered = replace(entry("Hello, my name is Sam."), suggested=True)
    shown = transcript.render_entry(offered).plain.splitlines()
    assert [line for line in shown if "▸" in line] == [
        "  ▸ Hello, my name is Sam.  — suggested by the app, agreed by Sam"
    ]
