"""The line above each question: who it is for, the topic and, in a loop, which one of how
many. Too long for one line, the count comes before the topic's title, so the line breaks
inside the title's words and never leaves "1 of" above a lone "2"."""

from __future__ import annotations

from typing import Any

import pytest
from ui_support import open_meeting, press, settle

from assistant.authoring.content import load_content
from assistant.ui.screens.session import SessionScreen

LIST_TOPIC = """
id: things
title: Things
description: A list, then one question for each entry.
order: 1
nodes:
  - id: things
    kind: ask
    type: records
    prompt: "What things?"
    store: things
    fields: [{name: what, label: Thing, type: text, required: true}]
  - id: each
    kind: repeat
    over: things
    as: thing
    topic: one
  - {id: fin, kind: end}
"""


def one_topic(title: str) -> str:
    return f"""
id: one
title: "{title}"
description: One thing.
listed: false
nodes:
  - id: how
    kind: ask
    type: text
    prompt: "How did it go?"
    store: thing.how
  - {{id: fin, kind: end}}
"""


LONG = "Looking back at what the worker said they would find out or do for you"


async def header_lines(make_app: Any, write_topics: Any, title: str, size: Any) -> list[str]:
    content = load_content(write_topics(things=LIST_TOPIC, one=one_topic(title)))
    app = make_app(content=content)
    async with app.run_test(size=size) as pilot:
        screen = await open_meeting(app, pilot)
        await press(pilot, "home", "enter", "a", *"Walk", "ctrl+s", "a", *"Call", "ctrl+s")
        await pilot.pause()
        await press(pilot, "ctrl+s")
        await settle(app, pilot)
        assert isinstance(screen, SessionScreen)
        assert screen.meeting.conv.step.node_id == "how"
        header = screen.query_one("#step-header")
        return [strip.text.rstrip() for strip in header.render_lines(header.region.reset_offset)]


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
async def test_a_title_too_long_for_one_line_comes_after_the_count(
    make_app, write_topics, size
) -> None:
    lines = await header_lines(make_app, write_topics, LONG, size)
    assert len(lines) == 2
    assert "1 of 2" in lines[0]
    assert lines[0].index("1 of 2") < lines[0].index("Looking back")


async def test_a_short_title_keeps_the_count_at_the_end(make_app, write_topics) -> None:
    lines = await header_lines(make_app, write_topics, "One thing", (80, 24))
    assert lines[0].endswith("One thing  ·  1 of 2")


TOGETHER_TOPIC = """
id: plans
title: Plans
description: One question for both.
order: 1
nodes:
  - id: worker_could
    kind: ask
    type: text
    speaker: both
    prompt: "What could your worker do?"
    store: plans.worker_could
  - {id: fin, kind: end}
"""


async def test_after_f2_the_line_above_the_question_says_who_is_answering(
    make_app, write_topics
) -> None:
    # One F2 on a question to you both goes to the person: a worker answering for
    # themselves had the person credited, with nothing above the question saying so.
    content = load_content(write_topics(plans=TOGETHER_TOPIC))
    app = make_app(content=content)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_meeting(app, pilot)
        await press(pilot, "home", "enter")
        await settle(app, pilot)
        assert isinstance(screen, SessionScreen)
        assert screen.meeting.conv.step.node_id == "worker_could"
        header = screen.query_one("#step-header")
        await press(pilot, "f2")
        await settle(app, pilot)
        first = [s.text.rstrip() for s in header.render_lines(header.region.reset_offset)]
        await press(pilot, "f2")
        await settle(app, pilot)
        second = [s.text.rstrip() for s in header.render_lines(header.region.reset_offset)]
    assert first[0].startswith(f"To you both, but {screen.person_name} is answering")
    assert second[0].startswith("To you both, but the worker is answering")
