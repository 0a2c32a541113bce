"""The network's shape under the map (issue 16, GENIE): counts in words and what to notice,
for the worker; on screen and readable at 80x24, 100x30 and 120x40."""

from __future__ import annotations

from typing import Any

import pytest
from ui_support import (
    demo_first_meeting_played,
    open_meeting,
    open_topic,
    press,
    settle,
    show_map,
    start_review_meeting,
    widget_text,
)

from assistant.flows.loader import load_content
from assistant.plans.network_shape import shape_of
from assistant.ui.app import make_app as real_app
from assistant.ui.screens.session import SessionScreen
from assistant.ui.widgets.network_map import MapCanvas, MapWords, shape_words

SIZES = [(80, 24), (100, 30), (120, 40)]

# A connections topic whose list also asks what each person helps with and whether the
# person would like more contact (the shipped content asks these in connection_detail).
TOPIC = """
id: connections
title: My connections
description: The people in your life.
order: 1
nodes:
  - id: people
    kind: ask
    type: records
    prompt: "Who is in your life?"
    store: network.people
    item_label: "{{ item.name }}"
    fields:
      - {name: name, label: Name, type: text, required: true}
      - name: relationship
        label: Who they are to you
        type: choice
        options: [{value: friend, label: Friend}, {value: professional, label: A worker}]
      - {name: circle, label: Which circle, type: rating, min: 1, max: 3}
      - name: support
        label: What they help with
        type: multi_choice
        options:
          - {value: practical, label: Everyday things}
          - {value: company, label: Company}
          - {value: when_unwell, label: Help when unwell}
      - name: want
        label: More contact?
        type: choice
        options: [{value: more, label: More}, {value: same, label: Same}]
  - id: notice
    kind: ask
    type: text
    prompt: "What do you notice?"
    store: network.notice
  - id: done
    kind: end
"""

# Three people, two of them workers, nobody in the closest circle: small and mostly
# professionals, no one in circle 1.
PEOPLE = [
    {"name": "Jo", "relationship": "friend", "circle": 2, "support": ["company"], "want": "more"},
    {"name": "Dr Lee", "relationship": "professional", "circle": 3, "support": ["when_unwell"]},
    {"name": "Kim", "relationship": "professional", "circle": 2, "support": ["practical"]},
]


async def _meeting_with(app: Any, pilot: Any, people: list[dict[str, Any]]) -> SessionScreen:
    """A first meeting with ``people`` listed; the map is then shown with F5."""
    screen = await open_meeting(app, pilot)
    await press(pilot, "home", "enter")  # the only topic: its list of people
    await settle(app, pilot)
    step = screen.meeting.conv.step
    assert step.path == "network.people"
    assert await screen.act(screen.meeting.give, step, people)
    await settle(app, pilot)
    await show_map(app, pilot, screen)
    return screen


def _shape_text(screen: SessionScreen) -> str:
    return widget_text(screen.query_one("#map-shape"))


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "100x30", "120x40"])
async def test_the_shape_shows_under_the_map_and_the_circles_keep_room(
    make_app, write_topics, size
) -> None:
    app = make_app(content=load_content(write_topics(connections=TOPIC)))
    async with app.run_test(size=size) as pilot:
        screen = await _meeting_with(app, pilot, PEOPLE)
        words = screen.query_one(MapWords)
        shape = screen.query_one("#map-shape")
        text = _shape_text(screen)
        assert "Network shape, for the worker" in text
        assert "3 people on the list: 0 closest, 2 in the middle, 1 further away." in text
        assert "3 people on the list so far (fewer than 5)." in text
        assert "Most people on the list are workers or professionals (2 of 3)." in text
        # The circles are still drawn (the canvas draws nothing below 7 rows).
        canvas = screen.query_one(MapCanvas)
        assert canvas.region.height >= 7
        assert any(p.connection.name == "Jo" for p in canvas._picture.placed)
        # The words sit inside the screen, under the map, above the key bar.
        assert words.region.y >= canvas.region.bottom
        assert words.region.bottom <= size[1] - 1
        # Whatever does not fit can be read to its end with the keys.
        if words.max_scroll_y > 0:
            words.focus()
            await pilot.pause()
            await press(pilot, "end")
            assert words.scroll_y == words.max_scroll_y
            last = shape.region.bottom - 1
            assert words.region.y <= last < words.region.bottom
        else:
            assert shape.region.bottom <= words.region.bottom


async def test_the_shape_follows_a_person_moved_to_the_closest_circle(
    make_app, write_topics
) -> None:
    app = make_app(content=load_content(write_topics(connections=TOPIC)))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _meeting_with(app, pilot, PEOPLE)
        assert "No one is in circle 1" in _shape_text(screen)
        canvas = screen.query_one(MapCanvas)
        canvas.focus()
        await pilot.pause()
        while canvas.person().name != "Jo":
            await press(pilot, "right")
        await press(pilot, "1")
        await settle(app, pilot)
        text = _shape_text(screen)
        assert "1 closest" in text
        assert "No one is in circle 1" not in text


async def test_an_empty_list_shows_no_shape(make_app, write_topics) -> None:
    app = make_app(content=load_content(write_topics(connections=TOPIC)))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_meeting(app, pilot)
        await press(pilot, "f5")
        await settle(app, pilot)
        assert not screen.query_one("#map-shape").display


async def test_ideas_name_only_topics_the_meetings_content_has(make_app, write_topics) -> None:
    # This content has My connections alone: "Things to do and places to go" is not offered,
    # My connections is (for the idea about ties outside services).
    app = make_app(content=load_content(write_topics(connections=TOPIC)))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _meeting_with(app, pilot, PEOPLE)
        text = _shape_text(screen)
        assert "Things to do and places to go" not in text
        assert "('My connections')" in text


async def test_tab_reaches_the_words_when_they_do_not_fit(make_app, write_topics) -> None:
    app = make_app(content=load_content(write_topics(connections=TOPIC)))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _meeting_with(app, pilot, PEOPLE)
        words = screen.query_one(MapWords)
        assert words.max_scroll_y > 0  # three flags do not fit under the map at 80x24
        screen.query_one(MapCanvas).focus()
        await pilot.pause()
        await press(pilot, "tab")
        assert screen.focused is words
        await press(pilot, "down")
        assert words.scroll_y > 0


async def test_what_each_person_helps_with_shows_in_the_shape(data_dir, content) -> None:
    """The shipped topics: the list of people, then one person's details (connection_detail);
    the shape counts the help and the contact wanted as soon as they are given."""
    app = real_app(data_dir=data_dir, content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_meeting(app, pilot)
        await open_topic(pilot, screen, "connections")
        conv = screen.meeting.conv
        while conv.step.path != "network.people":
            await press(pilot, "enter")
        people = [
            {"name": "Mum", "relationship": "family", "circle": 1},
            {"name": "Jo", "relationship": "friend", "circle": 2},
        ]
        assert await screen.act(screen.meeting.give, conv.step, people)
        await settle(app, pilot)
        assert conv.step.node_id == "each_menu"
        await press(pilot, "enter")  # Yes, one at a time: Mum first
        for node, value in (
            ("contact", "most_days"),
            ("support", ["emotional", "practical"]),
            ("feeling", "good"),
            ("want", "more"),
        ):
            assert conv.step.node_id == node
            assert await screen.act(screen.meeting.give, conv.step, value)
        await settle(app, pilot)
        await show_map(app, pilot, screen)
        text = _shape_text(screen)
        # Mum's help was talked about, Jo's not yet: the counts say so.
        assert (
            "Help with (talked about for 1 of 2 people): everyday 1, listening 1, when unwell 0, "
            "company 0."
        ) in text
        assert "Would like more contact with 1." in text
        assert "'Things to do and places to go'" in text  # the shipped title


async def test_a_review_shows_the_last_plans_count_beside_todays(data_dir, content) -> None:
    # The demo's first meeting, agreed: six people, two of them closest.
    demo_first_meeting_played(data_dir, content)
    app = real_app(data_dir=data_dir, content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await start_review_meeting(app, pilot)
        await show_map(app, pilot, screen)
        text = _shape_text(screen)
        assert "6 people on the list: 2 closest" in text
        assert "At the last plan: 6 people, 2 closest." in text


async def test_a_first_meeting_has_no_last_plan_line(make_app, write_topics) -> None:
    app = make_app(content=load_content(write_topics(connections=TOPIC)))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _meeting_with(app, pilot, PEOPLE)
        assert "At the last plan" not in _shape_text(screen)


def test_what_to_notice_is_calm_a_plain_marker_and_no_warning_colour() -> None:
    # The person reads the panel too: a flag is a prompt for the pair, not an alarm.
    shape = shape_of(PEOPLE)
    assert shape.flags
    words = shape_words(shape)
    text = words.plain
    for flag in shape.flags:
        start = text.index(f"• {flag.words}")
        end = start + 2 + len(flag.words)
        styles = [str(sp.style) for sp in words.spans if sp.start < end and sp.end > start]
        assert not any("warning" in st or "bold" in st for st in styles), (flag.words, styles)
