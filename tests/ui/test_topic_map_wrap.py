"""A topic title too long for one line of the F4 topic list wraps under its own first word,
not back under the status mark (where it read as a row of its own with no mark)."""

from __future__ import annotations

from typing import Any

import pytest
from ui_support import open_meeting, press, screen_text, settle

from assistant.authoring.content import load_content
from assistant.ui.widgets.panels import TopicMap

LONG_TITLE = "Getting back in touch with all the people and groups that mattered most to me so"

LONG_TOPIC = f"""
id: long
title: {LONG_TITLE}
description: A topic whose title wraps in the topic list.
order: 1
nodes:
  - id: enjoy
    kind: ask
    type: text
    prompt: "What do you enjoy?"
    store: about.interests
  - {{id: fin, kind: end}}
"""


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40)], ids=str)
async def test_a_wrapped_topic_title_hangs_under_its_first_word(
    make_app: Any, write_topics: Any, size: tuple[int, int]
) -> None:
    app = make_app(content=load_content(write_topics(long=LONG_TOPIC)))
    async with app.run_test(size=size) as pilot:
        screen = await open_meeting(app, pilot)
        await press(pilot, "f4")
        await settle(app, pilot)
        topic_map = screen.query_one(TopicMap)
        region = topic_map.content_region
        rows = screen_text(app).splitlines()[region.y : region.bottom]
        shown = [row[region.x : region.right].rstrip() for row in rows]
    first = next(i for i, row in enumerate(shown) if row.startswith("○ Getting back"))
    title_rows = [first]
    for i in range(first + 1, len(shown)):
        if "not started" in shown[i]:
            break
        title_rows.append(i)
    assert len(title_rows) > 1, shown  # the title does wrap here
    for i in title_rows[1:]:
        assert shown[i].startswith("  ") and shown[i][2] != " ", shown
