"""In a review meeting, lists come back pre-filled; saving them again through the list
editor keeps every detail later questions stored in each entry (issue 11).

The first meeting is the demo's (played through the engine); the review is driven by keys.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ui_support import demo_first_meeting_played, press, start_review_meeting, widget_text

from assistant.ui.app import make_app
from assistant.ui.screens.session import SessionScreen


async def review_at_list(app: Any, pilot: Any, topic: str) -> SessionScreen:
    """Start the review meeting and open ``topic`` up to its list question."""
    screen = await start_review_meeting(app, pilot)
    ids = [t.id for t in screen.meeting.conv.topics()]
    await press(pilot, "home", *["down"] * ids.index(topic), "enter")
    while screen.meeting.conv.step.kind == "say":
        await press(pilot, "enter")
    assert screen.meeting.conv.step.answer_type == "records"
    return screen


def _by_id(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in records}


@pytest.mark.parametrize(
    ("topic", "node", "path"),
    [("connections", "people", ("network", "people")), ("goals", "list", ("goals", "list"))],
    ids=["people, with how the person feels", "goals, with their steps and actions"],
)
async def test_a_pre_filled_list_saves_as_it_is_with_every_detail(
    data_dir: Path, content: Any, topic: str, node: str, path: tuple[str, str]
) -> None:
    _, first = demo_first_meeting_played(data_dir, content)
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await review_at_list(app, pilot, topic)
        await press(pilot, "ctrl+s")
        assert screen.meeting.conv.step.node_id != node, widget_text(
            screen.query_one("#answer-message")
        )
        saved = screen.meeting.conv.data[path[0]][path[1]]
    # The next meeting marks goals with level words as written earlier (issue 19), before
    # the list is shown; the list itself saves every record as it was.
    records = [{k: v for k, v in r.items() if k != "levels_earlier"} for r in saved]
    assert records == first[path[0]][path[1]]


async def test_a_person_changed_in_the_list_editor_keeps_how_the_person_feels(
    data_dir: Path, content: Any
) -> None:
    _, first = demo_first_meeting_played(data_dir, content)
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await review_at_list(app, pilot, "connections")
        # Change the first person's name: highlight them, open the form, retype, save.
        await press(pilot, "home", "enter", "ctrl+u", *"Danny", "ctrl+s")
        assert isinstance(app.screen, SessionScreen)
        await press(pilot, "ctrl+s")
        people = screen.meeting.conv.data["network"]["people"]
    before = first["network"]["people"][0]
    after = _by_id(people)[before["id"]]
    assert after == {**before, "name": "Danny"}
