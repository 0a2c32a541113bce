"""The question area keeps the tallest height it has needed at this screen size (issue 18).

A short question after a long one used to shrink the question area, pulling the conversation
down, only for the next long one to push it back up: the screen jumped, and each jump moved
and redrew every line of the transcript inside the step. A resize measures afresh.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.geometry import Region
from ui_support import count_arrangements, open_meeting, press, screen_text

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


def watch_step_frames(screen, monkeypatch) -> list[tuple[Region, Region, int]]:
    """At each step's own frame (drawn inside the step): the question area's region, the
    region of the last thing in it that is shown, and how often the conversation column
    around it had been laid out since the answer was given."""
    frames: list[tuple[Region, Region, int]] = []
    column = screen.query_one("#main")
    given = {"updates": column._layout_updates}
    give, drawn = screen._give, screen._drawn

    async def watched_give(value):
        given["updates"] = column._layout_updates
        await give(value)

    def watched_drawn(started: float) -> None:
        shown = [w for w in screen.query_one("#step").query("*") if w.region]
        last = max(shown, key=lambda w: w.region.bottom)
        frames.append(
            (
                screen.query_one("#step").region,
                last.region,
                column._layout_updates - given["updates"],
            )
        )
        drawn(started)

    monkeypatch.setattr(screen, "_give", watched_give)
    monkeypatch.setattr(screen, "_drawn", watched_drawn)
    return frames


async def test_a_step_that_fits_lays_out_only_the_question_area(
    make_app, sample_content, tmp_path: Path, monkeypatch
) -> None:
    app = make_app(content=load_content(tall_pack(sample_content.root, tmp_path)))
    async with app.run_test(size=(80, 24)) as pilot:
        screen, _ = await open_tall_topic(app, pilot)
        frames = watch_step_frames(screen, monkeypatch)
        await press(pilot, "enter")  # the short question, in the height the long text kept
        assert screen.meeting.conv.step.node_id == "short"
        [(area, _, column_layouts)] = frames
        # The column around it kept its arrangement: the question area's place is kept.
        assert column_layouts == 0
        assert area == screen.query_one("#step").region


#: A short thing to read, then a long one: the same kind of step (its answer is already on
#: screen), so only the text needs more room than the question area has kept.
GROWING = TALL.replace("nodes:\n", 'nodes:\n  - id: hello\n    kind: say\n    text: "Hello."\n')


async def test_a_question_that_needs_more_room_has_it_in_its_own_frame(
    make_app, sample_content, tmp_path: Path, monkeypatch
) -> None:
    pack = tall_pack(sample_content.root, tmp_path)
    (pack / "flows" / "tall.yaml").write_text(GROWING, encoding="utf-8")
    app = make_app(content=load_content(pack))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await pilot.pause()
        ids = [t.id for t in screen.meeting.conv.topics()]
        await press(pilot, "home", *["down"] * ids.index("tall"), "enter")
        assert screen.meeting.conv.step.node_id == "hello"
        kept = screen.query_one("#step").region
        frames = watch_step_frames(screen, monkeypatch)
        await press(pilot, "enter")  # go on: the long text
        assert screen.meeting.conv.step.node_id == "long"
        [(area, last, _)] = frames
        # The long text is drawn in a taller question area at once, its Go on button in it,
        # not cut off for a frame until a later layout catches up.
        assert area.height > kept.height
        assert area.contains_region(last), (area, last)


async def test_a_step_that_changes_the_kind_of_answer_leaves_the_column_arranged(
    make_app, sample_content, tmp_path: Path, monkeypatch
) -> None:
    """From a thing to read (a Go on button) to a yes or no question: one answer widget is
    hidden and another shown, inside the question area. The conversation column around it
    is not arranged again (textual_internals._carry_arrangements)."""
    app = make_app(content=load_content(tall_pack(sample_content.root, tmp_path)))
    async with app.run_test(size=(80, 24)) as pilot:
        screen, _ = await open_tall_topic(app, pilot)
        in_step: list[str] = []
        arranged, drawn = count_arrangements(monkeypatch), screen._drawn

        def watched_drawn(started: float) -> None:
            in_step.extend(arranged)  # up to the step's own frame (later frames follow it)
            drawn(started)

        monkeypatch.setattr(screen, "_drawn", watched_drawn)
        await press(pilot, "enter")  # go on: the short yes or no question
        assert screen.meeting.conv.step.node_id == "short"
        assert "answer-slot" in in_step  # the answer changed inside the question area
        assert "main" not in in_step and "body" not in in_step
