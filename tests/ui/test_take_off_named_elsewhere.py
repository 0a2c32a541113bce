"""Taking someone off a list of people, or changing their name on it, says where else the plan
still names them (by the old name), so the pair can change those words together; the words
themselves are never changed for them."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Static
from ui_support import open_meeting, press, settle, widget_text

from assistant.authoring.content import load_content
from assistant.ui.screens.edit_answer import EditAnswer
from assistant.ui.widgets.confirm import Confirm

TOPIC = """
id: people
title: People
description: The plan for hard times, then the people in the person's life.
order: 1
nodes:
  - id: consent
    kind: ask
    type: yes_no
    prompt: "Is it OK to keep a record of what we say?"
    store: consent.record
  - id: day
    kind: ask
    type: text
    prompt: "Who to contact in the day?"
    store: hard_times.contact_day
  - id: people
    kind: ask
    type: records
    prompt: "Who is in your life?"
    store: STORE
    item_label: "{{ item.FIELD }}"
    fields:
      - {name: FIELD, label: Name or initials, type: text, required: true}
  - id: done
    kind: end
"""

CONTACT_DAY = "Jo, by phone. Tom next door, knock on his door."


def _type(text: str) -> list[str]:
    return ["space" if char == " " else char for char in text]


# Every list of people: My connections, each kind of help in People who could help (the
# reviewer found only stores with "people" in them were checked), and the contacts.
@pytest.mark.parametrize(
    ("store", "field"),
    [("network.people", "name"), ("resourceful.practical", "who"), ("contacts.personal", "name")],
)
async def test_taking_someone_off_says_where_else_the_plan_names_them(
    make_app: Any, write_topics: Any, store: str, field: str
) -> None:
    topic = TOPIC.replace("STORE", store).replace("FIELD", field)
    app = make_app(content=load_content(write_topics(people=topic)))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_meeting(app, pilot)
        await press(pilot, "enter", "y", *_type(CONTACT_DAY), "enter")
        await press(pilot, "a", "T", "o", "m", "ctrl+s")
        assert screen.meeting.conv.step.node_id == "people"
        await press(pilot, "delete")
        assert isinstance(app.screen, Confirm)
        question = widget_text(app.screen.query_one("#confirm-question", Static))
        assert "Tom is still named in: My plan for hard times." in question


async def test_changing_a_name_says_where_the_plan_still_has_the_old_one(
    make_app: Any, write_topics: Any
) -> None:
    topic = TOPIC.replace("STORE", "network.people").replace("FIELD", "name")
    app = make_app(content=load_content(write_topics(people=topic)))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await open_meeting(app, pilot)
        await press(pilot, "enter", "y", *_type(CONTACT_DAY), "enter")
        await press(pilot, "a", "T", "o", "m", "ctrl+s")
        assert screen.meeting.conv.step.node_id == "people"
        await press(pilot, "enter")  # Change, on Tom
        await press(pilot, "end", "m", "y", "ctrl+s")
        listed = [str(option.prompt) for option in screen.query_one("#records-list").options]
        said = [n.message for n in app._notifications]
    assert any(line.startswith("Tommy") for line in listed)  # the change itself was made
    assert (
        "Tom is still named in: My plan for hard times. Those words stay as they are: "
        "change them together if they need to."
    ) in said


async def _changing_the_list(app: Any, pilot: Any) -> None:
    """Tom put on the list and the list given, then opened in "Change an earlier answer"."""
    screen = await open_meeting(app, pilot)
    await press(pilot, "enter", "y", *_type(CONTACT_DAY), "enter")
    await press(pilot, "a", "T", "o", "m", "ctrl+s", "ctrl+s")
    await settle(app, pilot)
    assert screen.meeting.conv.step.node_id != "people"  # the list was given
    await press(pilot, "shift+tab", "enter")
    await settle(app, pilot)
    assert isinstance(app.screen, EditAnswer)


async def test_taking_someone_off_in_the_change_dialog_says_where_else_they_are_named(
    make_app: Any, write_topics: Any
) -> None:
    topic = TOPIC.replace("STORE", "network.people").replace("FIELD", "name")
    app = make_app(content=load_content(write_topics(people=topic)))
    async with app.run_test(size=(120, 40)) as pilot:
        await _changing_the_list(app, pilot)
        await press(pilot, "delete")
        assert isinstance(app.screen, Confirm)
        question = widget_text(app.screen.query_one("#confirm-question", Static))
    # His own entry on the list is not one of the places.
    assert "Tom is still named in: My plan for hard times. Those words" in question


async def test_changing_a_name_in_the_change_dialog_says_where_the_old_one_still_is(
    make_app: Any, write_topics: Any
) -> None:
    topic = TOPIC.replace("STORE", "network.people").replace("FIELD", "name")
    app = make_app(content=load_content(write_topics(people=topic)))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await _changing_the_list(app, pilot)
        await press(pilot, "enter")  # Change, on Tom
        await press(pilot, "end", "m", "y", "ctrl+s")
        said = [n.message for n in app._notifications]
    assert (
        "Tom is still named in: My plan for hard times. Those words stay as they are: "
        "change them together if they need to."
    ) in said
