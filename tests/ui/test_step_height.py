"""The question area keeps the tallest height it has needed at this screen size (issue 18).

A short question after a long one used to shrink the question area, pulling the conversation
down, only for the next long one to push it back up: the screen jumped, and each jump moved
and redrew every line of the transcript inside the step. A resize measures afresh.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ui_support import open_meeting, press, screen_text

from assistant.authoring.content import load_content

LONG_SAY = " ".join(["We will go slowly, and you can stop or change the subject at any time."] * 8)

TALL = f"""\
id: tall
title: A long hello
description: One long thing to read, then a short question.
order: 9
nodes:
  - id: long
    kind: say
    text: "{LONG_SAY}"
  - id: short
    kind: ask
    type: yes_no
    prompt: "Shall we go on?"
    store: tall.go_on
  - id: done
    kind: end
"""


def tall_pack(sample: Path, tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(sample, root)
    (root / "flows" / "tall.yaml").write_text(TALL, encoding="utf-8")
    return root


async def open_tall_topic(app, pilot):
    screen = await open_meeting(app, pilot)
    await pilot.pause()
    ids = [t.id for t in screen.meeting.conv.topics()]
    natural = screen.query_one("#step").region.height  # the topic list: a short question
    await press(pilot, "home", *["down"] * ids.index("tall"), "enter")
    await pilot.pause()
    assert screen.meeting.conv.step.node_id == "long"
    return screen, natural


async def test_a_short_question_after_a_long_one_keeps_the_height(
    make_app, sample_content, tmp_path: Path
) -> None:
    app = make_app(content=load_content(tall_pack(sample_content.root, tmp_path)))
    async with app.run_test(size=(80, 24)) as pilot:
        screen, natural = await open_tall_topic(app, pilot)
        tall = screen.query_one("#step").region.height
        transcript = screen.query_one("#transcript").region
        assert tall > natural  # the long text needed more room, and got it
        await press(pilot, "enter")  # go on: the short question
        await pilot.pause()
        assert screen.meeting.conv.step.node_id == "short"
        assert "Shall we go on?" in screen_text(app)
        assert screen.query_one("#step").region.height == tall
        assert screen.query_one("#transcript").region == transcript


async def test_a_resize_measures_the_question_area_afresh(
    make_app, sample_content, tmp_path: Path
) -> None:
    app = make_app(content=load_content(tall_pack(sample_content.root, tmp_path)))
    async with app.run_test(size=(80, 24)) as pilot:
        screen, _ = await open_tall_topic(app, pilot)
        await press(pilot, "enter")
        await pilot.pause()
        kept = screen.query_one("#step").region.height
        await pilot.resize_terminal(80, 40)
        await pilot.pause()
        await pilot.pause()
        # At the new size only the short question is measured: the style sheet's share of
        # the taller screen, not the height the long text needed at the old one.
        assert screen.query_one("#step").styles.inline.min_height is None
        assert screen.query_one("#step").region.height != kept
