"""The meeting screen fits every laptop (issue 15): 80x24, 100x30, 120x40 and wider.

The conversation always gets most of the width; side panels take turns with it (narrow) or
one sits beside it (medium); the key bar keeps the pause for safety; the worker's guidance
scrolls; a ticked box shows a mark; long options wrap; pop-up notices keep off the question.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual import events
from textual.widgets import Input
from textual.widgets._toast import Toast
from ui_support import open_meeting, post_click, press, screen_text, settle

from assistant.authoring.content import load_content
from assistant.ui.screens.edit_answer import EditAnswer
from assistant.ui.screens.session import SessionScreen
from assistant.ui.widgets.answer_base import TickList
from assistant.ui.widgets.answers import YesNoAnswer
from assistant.ui.widgets.keybar import KeyBar, KeyItem, fit_keys
from assistant.ui.widgets.panels import GuidancePanel

LONG_GUIDANCE = (
    " ".join(
        f"Point {n}: listen first, then ask what would help, in the person's own words."
        for n in range(1, 13)
    )
    + " The very last line of the guidance."
)

LONG_OPTION = (
    "Going along to the Tuesday evening community music group at the library, with a friend "
    "the first time"
)

LAYOUT_TOPIC = f"""
id: layout
title: Things to do and places to go
description: One of each kind of question the layout tests need.
order: 1
nodes:
  - id: hello
    kind: say
    text: "Hello. Let's think about places to go."
    guidance: "{LONG_GUIDANCE}"
  - id: places
    kind: ask
    type: multi_choice
    prompt: "Which of these would you like to try? Here are some things near you that fit what
      you told me, and a few more."
    hint: "Pick any that sound good, or none. We can read about each one together."
    store: places.chosen
    options:
      - {{value: music, label: "{LONG_OPTION}"}}
      - {{value: walk, label: "A walk"}}
      - {{value: cafe, label: "The repair café"}}
      - {{value: choir, label: "A community choir"}}
      - {{value: shed, label: "The Men's Shed"}}
      - {{value: park, label: "Friends of the park"}}
      - {{value: dance, label: "Dance for everyone"}}
      - {{value: dogs, label: "Walking dogs for the rescue centre"}}
  - id: note
    kind: ask
    type: text
    prompt: "Anything else you'd like to say?"
    store: places.note
  - id: done
    kind: end
"""

SIZES = [(80, 24), (100, 30), (120, 40)]


@pytest.fixture
def layout_app(make_app: Any, write_topics: Any) -> Any:
    return make_app(content=load_content(write_topics(layout=LAYOUT_TOPIC)))


async def open_first_topic(app: Any, pilot: Any) -> SessionScreen:
    """From Home: a first meeting, on the first topic's first step."""
    screen = await open_meeting(app, pilot)
    await press(pilot, "home", "enter")
    await settle(app, pilot)
    return screen


def whole_on_screen(screen: SessionScreen, widget: Any) -> bool:
    """Every row of ``widget`` drawn, none cut off by what holds it."""
    shown = screen.find_widget(widget)
    return shown.region.intersection(shown.clip) == shown.region


async def open_layout_topic(app: Any, pilot: Any) -> SessionScreen:
    screen = await open_first_topic(app, pilot)  # its hello, with the long guidance
    assert screen.meeting.conv.step.node_id == "hello"
    return screen


def width_of(screen: SessionScreen, selector: str) -> int:
    widget = screen.query_one(selector)
    return widget.region.width if widget.display and widget.region else 0


# -- widths ------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(100, 30), (120, 40)], ids=["100x30", "120x40"])
async def test_the_conversation_is_wider_than_any_side_panel(make_app, size) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_meeting(app, pilot)
        conversation = width_of(screen, "#main")
        assert width_of(screen, "#side") > 0  # the plan is beside it
        assert conversation > width_of(screen, "#side")
        assert conversation > width_of(screen, "#topics")
        assert conversation >= size[0] // 2


async def test_a_wide_screen_shows_topics_conversation_and_plan_side_by_side(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_meeting(app, pilot)
        assert screen.layout_name == "wide"
        topics, conversation, side = (width_of(screen, s) for s in ("#topics", "#main", "#side"))
        assert topics and side
        assert conversation > topics + side


async def test_f4_at_100_columns_puts_the_topics_in_place_of_the_plan(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_meeting(app, pilot)
        assert width_of(screen, "#topics") == 0
        await press(pilot, "f4")
        assert width_of(screen, "#topics") > 0 and width_of(screen, "#side") == 0
        assert screen.focused is screen.query_one("#topic-map")
        assert width_of(screen, "#main") > width_of(screen, "#topics")
        await press(pilot, "f4")
        assert width_of(screen, "#topics") == 0 and width_of(screen, "#side") > 0


async def test_f5_beside_the_conversation_cycles_plan_map_and_none(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_meeting(app, pilot)
        full = width_of(screen, "#main") + width_of(screen, "#side")
        assert "Our plan so far" in screen_text(app)
        await press(pilot, "f5")
        assert screen.query_one("#side").current == "network"
        await press(pilot, "f5")
        assert width_of(screen, "#side") == 0
        assert width_of(screen, "#main") >= full  # the conversation takes the room
        await press(pilot, "f5")
        assert "Our plan so far" in screen_text(app)


async def test_resizing_changes_the_layout(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        assert screen.layout_name == "narrow" and width_of(screen, "#side") == 0
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert screen.layout_name == "medium" and width_of(screen, "#side") > 0
        await pilot.resize_terminal(160, 45)
        await pilot.pause()
        assert screen.layout_name == "wide" and width_of(screen, "#topics") > 0


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "100x30", "120x40"])
async def test_nothing_typed_is_lost_when_the_panels_take_turns(layout_app, size) -> None:
    app = layout_app
    async with app.run_test(size=size) as pilot:
        screen = await open_layout_topic(app, pilot)
        await press(pilot, "enter", "space", "ctrl+s")  # hello; tick the first place; done
        assert screen.meeting.conv.step.node_id == "note"
        await press(pilot, *"half typed")
        await press(pilot, "f5", "f5", "f5", "f4", "f4")
        entry = screen.query_one("#answer-input", Input)
        assert entry.value == "half typed"
        assert screen.focused is entry
        await press(pilot, "enter")
        assert screen.meeting.conv.data["places"]["note"] == "half typed"


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "100x30", "120x40"])
async def test_the_whole_question_and_its_buttons_are_on_screen(layout_app, size) -> None:
    """A two-line prompt, a hint, a long list of options and the guidance at 80x24: the
    list and the guidance give up lines (they scroll); nothing of the question is cut off."""
    app = layout_app
    async with app.run_test(size=size) as pilot:
        screen = await open_layout_topic(app, pilot)
        await press(pilot, "enter")
        assert screen.meeting.conv.step.node_id == "places"
        for selector in ("#step-prompt", "#step-hint", "#answer-selection", "#speaker", "#done"):
            shown = screen.find_widget(screen.query_one(selector))
            visible = shown.region.intersection(shown.clip)
            assert visible == shown.region and visible.bottom <= size[1] - 1, selector


LONG_SAY_TOPIC = (
    """
id: ideas
title: Ideas
description: A long message to read before going on, as the goals topic's list of ideas.
order: 1
nodes:
  - id: ideas
    kind: say
    text: "Here are some ideas from what we have talked about.\\n"""
    + "".join(
        f"- Idea number {n}: something the person said they would like to try.\\n"
        for n in range(1, 19)
    )
    + """That is the last idea."
    guidance: "Read them together. Let the person pick."
  - id: done
    kind: end
"""
)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "100x30", "120x40"])
async def test_a_long_message_scrolls_and_its_button_and_speaker_stay_on_screen(
    make_app, write_topics, size
) -> None:
    app = make_app(content=load_content(write_topics(ideas=LONG_SAY_TOPIC)))
    async with app.run_test(size=size) as pilot:
        screen = await open_first_topic(app, pilot)
        assert screen.meeting.conv.step.node_id == "ideas"
        button = screen.query_one("#answer-slot Button")
        for widget in (button, screen.query_one("#speaker"), screen.query_one("#keys-hint")):
            assert whole_on_screen(screen, widget), widget
            assert screen.find_widget(widget).region.bottom <= size[1] - 1, widget


TALL_THEN_GUIDED_TOPIC = (
    """
id: ideas
title: Ideas
description: A tall list with no guidance, then a long message with guidance.
order: 1
nodes:
  - id: places
    kind: ask
    type: multi_choice
    prompt: "Which of these would you like to try? Here are some things near you that fit
      what you told me about what you enjoy, and a few more that other people have liked,
      in case one of them appeals to you too."
    hint: "Pick any that sound good, or none. We can read about each one together."
    store: places.chosen
    options:
"""
    + "".join(f"      - {{value: p{n}, label: 'Place number {n}'}}\n" for n in range(1, 13))
    + """  - id: ideas
    kind: say
    text: "Here are some ideas from what we have talked about.\\n"""
    + "".join(f"- Idea number {n}: something to try.\\n" for n in range(1, 19))
    + """That is the last idea."
    guidance: "Read them together and let the person pick. One or two is plenty. Ask what
      would make each one easier, and who might come along."
  - id: done
    kind: end
"""
)


async def through_a_tall_list(app: Any, pilot: Any) -> SessionScreen:
    """The tall list answered: the question area keeps its height for the long message."""
    screen = await open_first_topic(app, pilot)
    await press(pilot, "space", "ctrl+s")
    await settle(app, pilot)
    assert screen.meeting.conv.step.node_id == "ideas"
    return screen


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "100x30", "120x40"])
async def test_after_a_tall_list_the_next_steps_guidance_is_whole(
    make_app, write_topics, size
) -> None:
    app = make_app(content=load_content(write_topics(ideas=TALL_THEN_GUIDED_TOPIC)))
    async with app.run_test(size=size) as pilot:
        screen = await through_a_tall_list(app, pilot)
        guidance = screen.query_one("#guidance")
        assert whole_on_screen(screen, guidance)
        assert guidance.region.height == guidance.styles.height.value


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "100x30", "120x40"])
async def test_a_long_message_takes_the_question_areas_empty_rows(
    make_app, write_topics, size
) -> None:
    app = make_app(content=load_content(write_topics(ideas=TALL_THEN_GUIDED_TOPIC)))
    async with app.run_test(size=size) as pilot:
        screen = await through_a_tall_list(app, pilot)
        await pilot.pause()
        area = screen.query_one("#step")
        used = sum(child.outer_size.height for child in area.displayed_children)
        assert screen.query_one("#prompt-box").max_scroll_y > 0
        assert used == area.content_region.height


async def test_the_rest_of_a_long_message_is_read_with_shift_tab_and_the_arrows(
    make_app, write_topics
) -> None:
    app = make_app(content=load_content(write_topics(ideas=LONG_SAY_TOPIC)))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_first_topic(app, pilot)
        box = screen.query_one("#prompt-box")
        assert "That is the last idea." not in screen_text(app)
        assert box.border_subtitle == "more below: Shift+Tab here, then ↓"
        await press(pilot, "shift+tab")
        assert box.has_focus
        await press(pilot, "end")
        await pilot.pause()
        assert "That is the last idea." in screen_text(app)
        assert box.border_subtitle == "↑ more above"


async def test_a_long_message_stopped_part_way_into_its_last_row_says_more_above(
    make_app, write_topics
) -> None:
    # A scroll cut short (a wheel's animation, then another key) may stop at 13.6 of 14: the
    # box is drawn at its end, and the cue must say so, not "more below".
    app = make_app(content=load_content(write_topics(ideas=LONG_SAY_TOPIC)))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_first_topic(app, pilot)
        box = screen.query_one("#prompt-box")
        box.scroll_to(y=box.max_scroll_y - 0.4, animate=False, immediate=True)
        await pilot.pause()
        assert box.scroll_offset.y == box.max_scroll_y
        assert box.border_subtitle == "↑ more above"


# -- the key bar -------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "100x30", "120x40"])
async def test_the_key_bar_fits_and_always_shows_the_safety_key(make_app, size) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_meeting(app, pilot)
        bar = screen.query_one(KeyBar)
        bottom = screen_text(app).splitlines()[-1]
        assert "^g Safety" in bottom and "F1 Help" in bottom and "F9 Hide" in bottom
        assert "…" not in bottom  # nothing cut off
        assert {"^g", "F1", "F9", "F4", "F5"} <= set(bar.shown_keys)


def where_on_the_key_bar(app: Any, words: str) -> tuple[int, int]:
    """The screen cell of ``words`` on the key bar (the bottom line)."""
    lines = screen_text(app).splitlines()
    x = lines[-1].find(words)
    assert x >= 0, f"{words!r} is not on the key bar: {lines[-1]!r}"
    return x + 1, len(lines) - 1


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_more_on_the_meetings_key_bar_leads_to_leave_finish_and_export(
    make_app, size
) -> None:
    # With the mouse alone, the command palette is the way to leave, finish or export.
    from textual.command import CommandPalette

    app = make_app()
    async with app.run_test(size=size) as pilot:
        await open_meeting(app, pilot)
        await post_click(app, pilot, *where_on_the_key_bar(app, "^p More"))
        assert isinstance(app.screen, CommandPalette)
        for words in ("Leave the meeting", "Finish the meeting", "Export the plan"):
            await press(pilot, *words)
            await settle(app, pilot)
            assert words in screen_text(app)
            await press(pilot, *["backspace"] * len(words))


async def test_more_stays_on_homes_key_bar_at_80_columns(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert "^p More" in screen_text(app).splitlines()[-1]


def test_keys_leave_the_bar_in_the_given_order_and_kept_keys_stay() -> None:
    items = [
        KeyItem("F2", "Who", "screen.who"),
        KeyItem("F3", "Guidance", "screen.guidance"),
        KeyItem("^g", "Safety", "screen.safety"),
        KeyItem("F1", "Help", "app.help"),
    ]
    everything = sum(i.width for i in items) - 1
    assert fit_keys(items, everything) == items
    dropped_guidance = fit_keys(items, everything - 1, drop=["screen.guidance"])
    assert [i.key for i in dropped_guidance] == ["F2", "^g", "F1"]
    # Nothing listed: from the right, but the kept safety key and Help stay.
    assert [i.key for i in fit_keys(items, 20, keep=["screen.safety"])] == ["^g", "F1"]


# -- the worker's guidance scrolls -------------------------------------------------------------


async def test_long_guidance_can_be_read_to_its_end_by_keys(layout_app) -> None:
    app = layout_app
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_layout_topic(app, pilot)
        guidance = screen.query_one(GuidancePanel)
        assert guidance.max_scroll_y > 0  # more than fits
        assert "more below" in str(guidance.border_title)
        assert "The very last line" not in screen_text(app)
        await press(pilot, "tab")
        assert screen.focused is guidance
        await press(pilot, "end")
        assert guidance.scroll_y == guidance.max_scroll_y
        assert "The very last line of the guidance." in screen_text(app)
        assert screen.meeting.conv.step.node_id == "hello"  # reading it answered nothing


async def test_long_guidance_scrolls_with_the_mouse_wheel(layout_app) -> None:
    app = layout_app
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_layout_topic(app, pilot)
        guidance = screen.query_one(GuidancePanel)
        x, y = guidance.region.x + 2, guidance.region.y + 1
        for _ in range(guidance.max_scroll_y):
            # As the terminal sends it: to the app, at a place on the screen.
            app.post_message(events.MouseScrollDown(None, x, y, 0, 1, 0, False, False, False, x, y))
            await pilot.pause()
        assert guidance.scroll_y == guidance.max_scroll_y
        assert "The very last line of the guidance." in screen_text(app)
        assert screen.focused is not guidance  # the wheel moved no focus


# -- ticks and long options ---------------------------------------------------------------------


async def test_a_ticked_box_shows_a_mark_not_only_a_colour(layout_app) -> None:
    app = layout_app
    async with app.run_test(size=(80, 24)) as pilot:
        await open_layout_topic(app, pilot)
        await press(pilot, "enter", "down", "space")  # tick "A walk"
        text = screen_text(app)
        assert "[✓] A walk" in text
        assert "[ ] The repair café" in text


async def test_a_long_option_wraps_instead_of_being_cut_off(layout_app) -> None:
    app = layout_app
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_layout_topic(app, pilot)
        await press(pilot, "enter")
        ticks = screen.query_one(TickList)
        text = " ".join(line.strip() for line in screen_text(app).splitlines())
        assert "with a friend the first time" in " ".join(text.split())
        assert "…" not in text
        assert ticks.region.height >= 5  # the long option takes two lines, the others one
        await press(pilot, "space")
        assert "[✓] Going along" in screen_text(app)


async def test_yes_or_no_given_before_is_marked(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await press(pilot, "home", "enter", "enter", *"Sam", "enter")
        answer = screen.query_one(YesNoAnswer)
        answer.load(True)  # as when the answer given before is shown again
        await pilot.pause()
        text = screen_text(app)
        assert "✓ Yes" in text and "✓ No" not in text
        answer.load(None)
        await pilot.pause()
        assert "✓ Yes" not in screen_text(app)


ASKED_TWICE_TOPIC = """
id: twice
title: Twice
description: A choice asked, then asked again with the answer given before.
order: 1
nodes:
  - id: first
    kind: ask
    type: choice
    prompt: "How is it going?"
    store: twice.how
    options: ["Better", "The same", "Harder"]
  - id: again
    kind: ask
    type: choice
    prompt: "And now, looking at it again?"
    store: twice.how
    options: ["Better", "The same", "Harder"]
  - id: done
    kind: end
"""


async def test_a_choice_asked_again_says_its_mark_is_the_answer_given_before(
    make_app, write_topics
) -> None:
    app = make_app(content=load_content(write_topics(twice=ASKED_TWICE_TOPIC)))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_first_topic(app, pilot)
        text = screen_text(app)
        assert "✓ The same" not in text and "Arrow keys to move, Enter to pick." in text
        await press(pilot, "down", "enter")  # The same
        await settle(app, pilot)
        assert screen.meeting.conv.step.node_id == "again"
        text = screen_text(app)
        assert "✓ The same" in text and "  Better" in text and "✓ Better" not in text
        assert "✓ is the answer before: Enter keeps it" in text
        # Whole on its line beside "Not today", at the smallest size.
        assert screen.query_one("#keys-hint").region.height == 1


def drawn_line(app: Any, widget: Any) -> str:
    """What is drawn of a one-line ``widget``, as plain text."""
    region = app.screen.find_widget(widget).region
    return screen_text(app).splitlines()[region.y][region.x : region.right].rstrip()


@pytest.mark.parametrize(
    ("size", "hint"),
    [
        ((80, 24), "a: add  Enter: change  Del: remove  ctrl+s: done"),
        ((120, 40), "a: add · Enter: change · Del: remove · ctrl+s: done"),
    ],
    ids=["80x24", "120x40"],
)
async def test_a_list_s_keys_hint_shows_every_key_whole(make_app, write_topics, size, hint) -> None:
    # At 80 columns, beside Done and Not today, it read "... Del: remove · ctrl+s: do…".
    app = make_app(content=load_content(write_topics(find_out=find_out_topic(SHORT_HINT))))
    async with app.run_test(size=size) as pilot:
        screen = await open_first_topic(app, pilot)
        await press(pilot, "enter")  # past "Now it is my turn"
        await settle(app, pilot)
        assert screen.meeting.conv.step.node_id == "actions"
        assert drawn_line(app, screen.query_one("#keys-hint")) == hint


#: One question of each kind (a choice asked twice: the second time its hint is the longest).
EVERY_KIND_TOPIC = """
id: kinds
title: Every kind of question
description: One of each, for the line of keys under the answer.
order: 1
nodes:
  - {id: text, kind: ask, type: text, prompt: "Text?", store: kinds.text}
  - {id: long, kind: ask, type: long_text, prompt: "Long text?", store: kinds.long}
  - id: choice
    kind: ask
    type: choice
    prompt: "A choice?"
    store: kinds.choice
    options: ["Better", "The same"]
  - id: again
    kind: ask
    type: choice
    prompt: "The choice again?"
    store: kinds.choice
    options: ["Better", "The same"]
  - id: ticks
    kind: ask
    type: multi_choice
    prompt: "Ticks?"
    store: kinds.ticks
    options: ["One", "Two"]
  - id: list
    kind: ask
    type: records
    prompt: "A list?"
    store: kinds.list
    item_label: "{{ item.what }}"
    fields:
      - {name: what, label: What, type: text, required: true}
  - {id: rating, kind: ask, type: rating, prompt: "Rate it?", store: kinds.rating, min: 1, max: 7}
  - {id: rating10, kind: ask, type: rating, prompt: "Out of 10?", store: kinds.r10, min: 0, max: 10}
  - {id: yes_no, kind: ask, type: yes_no, prompt: "Yes or no?", store: kinds.yes_no}
  - {id: number, kind: ask, type: number, prompt: "A number?", store: kinds.number}
  - {id: date, kind: ask, type: date, prompt: "A date?", store: kinds.date}
  - {id: say, kind: say, text: "That is all."}
  - {id: done, kind: end}
"""

#: The keys that answer each of those questions.
EVERY_KIND_ANSWERS = {
    "text": ["x", "enter"],
    "long": ["x", "ctrl+s"],
    "choice": ["enter"],
    "again": ["enter"],
    "ticks": ["space", "enter"],
    "list": ["f7"],  # Not today (Done on an empty list asks first, in a dialog)
    "rating": ["3"],
    "rating10": ["5", "enter"],
    "yes_no": ["y"],
    "number": ["4", "enter"],
    "date": [*"next friday", "enter"],
}


def drawn_rows(app: Any, widget: Any) -> str:
    """What is drawn of ``widget`` on its rows, as plain text, one line a row."""
    region = app.screen.find_widget(widget).region
    rows = screen_text(app).splitlines()[region.y : region.bottom]
    return "\n".join(row[region.x : region.right].rstrip() for row in rows)


def words_of(hint: str) -> list[str]:
    """The words of a keys hint, without the dots between its keys."""
    return hint.replace("·", " ").split()


@pytest.mark.parametrize(
    "size", [*SIZES, (140, 40)], ids=["80x24", "100x30", "120x40", "140x40-three-columns"]
)
async def test_every_kind_of_question_shows_its_keys_hint_whole(make_app, write_topics, size):
    # At 100x30, beside the plan, the hint of a tick list read "Space: tick or untick · Enter: …"
    # and a list's "a: add · Enter: change · Del: r…": the key that finishes was cut off.
    app = make_app(content=load_content(write_topics(kinds=EVERY_KIND_TOPIC)))
    cut: list[str] = []
    async with app.run_test(size=size) as pilot:
        screen = await open_first_topic(app, pilot)
        seen = []
        for _ in range(len(EVERY_KIND_ANSWERS) + 1):  # every question, then "That is all."
            node = screen.meeting.conv.step.node_id
            hint = screen.query_one("#keys-hint")
            drawn = drawn_rows(app, hint)
            if words_of(drawn) != words_of(str(hint.visual)) or "…" in drawn:
                cut.append(f"{node}: {drawn!r}")
            seen.append(node)
            await press(pilot, *EVERY_KIND_ANSWERS.get(node, ["enter"]))
            await settle(app, pilot)
        assert seen == [*EVERY_KIND_ANSWERS, "say"]
    assert cut == []


async def test_a_hint_on_two_rows_keeps_each_key_whole_on_its_row(make_app, write_topics):
    app = make_app(content=load_content(write_topics(kinds=EVERY_KIND_TOPIC)))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_first_topic(app, pilot)
        await press(pilot, "x", "enter", "x", "ctrl+s", "enter", "enter", "space", "enter")
        await settle(app, pilot)
        assert screen.meeting.conv.step.node_id == "list"
        drawn = drawn_rows(app, screen.query_one("#keys-hint"))
        assert drawn == "a: add · Enter: change\nDel: remove · ctrl+s: done"


async def test_the_question_area_keeps_its_place_after_a_hint_on_two_rows(make_app, write_topics):
    app = make_app(content=load_content(write_topics(kinds=EVERY_KIND_TOPIC)))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_first_topic(app, pilot)
        await press(pilot, "x", "enter", "x", "ctrl+s", "enter", "enter")
        await settle(app, pilot)
        assert screen.meeting.conv.step.node_id == "ticks"
        assert screen.query_one("#keys-hint").region.height == 2
        step = screen.query_one("#step").region
        for keys in (["space", "enter"], ["f7"], ["3"]):  # to a list, then a rating
            await press(pilot, *keys)
            await settle(app, pilot)
            assert screen.query_one("#step").region == step


# -- pop-up notices ----------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "100x30", "120x40"])
async def test_a_notice_does_not_cover_the_question(layout_app, size) -> None:
    app = layout_app
    async with app.run_test(size=size, notifications=True) as pilot:
        screen = await open_layout_topic(app, pilot)
        await press(pilot, "enter")  # the tick list: the tallest question here
        app.notify("Parked. We can come back to it any time: it keeps its place.", markup=False)
        app.notify("Saved. Everything so far is on disk.", markup=False)
        await pilot.pause()
        await pilot.pause()
        # Where each is drawn (one scrolled out of the rack by a newer one has no region).
        shown = [toast.region for toast in screen.query(Toast) if toast.region]
        assert shown
        step = screen.query_one("#step").region
        for region in shown:
            assert not region.overlaps(step), (region, step)
            assert region.y >= 1  # under the top bar: "Saved" stays in view


# -- the conversation so far -------------------------------------------------------------------

TALK_TOPIC = (
    """
id: talk
title: A long talk
description: Enough answers to fill the conversation, then a question with guidance.
order: 1
nodes:
"""
    + "".join(
        f"""
  - id: q{n}
    kind: ask
    type: text
    prompt: "Question {n}?"
    store: talk.q{n}
"""
        for n in range(1, 7)
    )
    + """
  - id: last
    kind: ask
    type: text
    prompt: "And the last one?"
    guidance: "Let the person take their time. Ask what would help, in their own words."
    store: talk.last
  - id: done
    kind: end
"""
)


async def through_the_talk(app: Any, pilot: Any) -> SessionScreen:
    """Six answers given: the meeting is on the last question, with its guidance showing."""
    screen = await open_first_topic(app, pilot)
    for n in range(1, 7):
        await press(pilot, *f"answer {n}", "enter")
    await pilot.pause()
    assert screen.meeting.conv.step.node_id == "last"
    return screen


async def guidance_off_and_on(pilot: Any) -> None:
    for _ in range(2):
        await press(pilot, "f3")
        await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "100x30", "120x40"])
async def test_the_latest_answer_stays_in_view_when_guidance_is_hidden_and_shown(
    make_app, write_topics, size
) -> None:
    app = make_app(content=load_content(write_topics(talk=TALK_TOPIC)))
    async with app.run_test(size=size) as pilot:
        screen = await through_the_talk(app, pilot)
        transcript = screen.query_one("#transcript")
        assert transcript.max_scroll_y > 0  # more than fits: its end is what shows
        assert transcript.scroll_y == transcript.max_scroll_y
        await guidance_off_and_on(pilot)
        assert screen.query_one("#guidance").display
        assert transcript.scroll_y == transcript.max_scroll_y
        assert "answer 6" in screen_text(app)


async def test_back_at_the_latest_answer_after_reading_up_it_stays_in_view(
    make_app, write_topics
) -> None:
    app = make_app(content=load_content(write_topics(talk=TALK_TOPIC)))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await through_the_talk(app, pilot)
        transcript = screen.query_one("#transcript")
        await press(pilot, "shift+tab", *["up"] * 4)  # reading an earlier answer
        await pilot.pause()
        assert transcript.scroll_y < transcript.max_scroll_y
        await press(pilot, *["down"] * 4, "tab")  # back to the latest, and to the answer
        await pilot.pause()
        await guidance_off_and_on(pilot)
        assert transcript.scroll_y == transcript.max_scroll_y


CHOICE_TOPIC = """
id: copy
title: A copy
description: One choice, then a question after it.
order: 1
nodes:
  - id: copy
    kind: ask
    type: choice
    prompt: "Would you like your own copy of the plan?"
    store: copy.how
    options:
      - {value: paper, label: "Yes, on paper"}
      - {value: email, label: "Yes, by email"}
      - {value: "no", label: "No, thank you"}
  - id: note
    kind: ask
    type: text
    prompt: "Anything else?"
    store: copy.note
  - id: done
    kind: end
"""


async def test_a_choice_given_before_is_marked_not_only_highlighted(make_app, write_topics) -> None:
    app = make_app(content=load_content(write_topics(copy=CHOICE_TOPIC)))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_first_topic(app, pilot)
        await press(pilot, "down", "enter")  # by email
        await pilot.pause()
        assert screen.meeting.conv.step.node_id == "note"
        await press(pilot, "shift+tab", "enter")  # to change it: the choice, as answered
        await pilot.pause()
        assert isinstance(app.screen, EditAnswer)
        text = screen_text(app)
        assert "✓ Yes, by email" in text
        assert "✓ Yes, on paper" not in text and "✓ No, thank you" not in text


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "100x30", "120x40"])
async def test_the_first_topics_guidance_is_whole_after_the_topic_choice(
    make_app, content, size
) -> None:
    """The first meeting's first step: not recorded yet (a note above), nothing said yet
    (the conversation says how it will build up), and the question area keeps the topic
    choice's height. The guidance still fits whole below it."""
    app = make_app(content=content)
    async with app.run_test(size=size) as pilot:
        screen = await open_first_topic(app, pilot)
        assert screen.meeting.conv.step.node_id == "hello"
        assert screen.query_one("#transcript-empty").display
        guidance = screen.query_one("#guidance")
        assert whole_on_screen(screen, guidance)
        assert guidance.region.height == guidance.styles.height.value


FOUND_OUT = (
    "Ring the family centre about contact times and ask Karen if a letter first would help",
    "Find out about walking groups near the flat, and whether someone can go along at first",
)


def find_out_topic(hint: str) -> str:
    """The worker's list, opened with two long entries already in it (what the person asked
    of the worker), as in Goals: two lines or more each at 80 columns."""
    why = "For the goal about getting back in touch with Karen, and seeing her kids again"
    entries = ", ".join(
        f"{{'id': 'a{n}', 'what': '{what}', 'why': '{why}'}}" for n, what in enumerate(FOUND_OUT, 1)
    )
    return f"""
id: find_out
title: What I will find out
description: The worker's own list, started with what the person asked for.
order: 1
nodes:
  - id: intro
    kind: say
    speaker: both
    text: "Now it is my turn."
  - id: actions
    kind: ask
    type: records
    speaker: worker
    prompt: "Worker: what will you find out or do before next time?"
    hint: "{hint}"
    store: journey.actions
    default_from: "[{entries}]"
    item_label: "{{{{ item.what }}}}"
    fields:
      - {{name: what, label: What I will find out or do, type: text, required: true}}
      - {{name: why, label: What it is for, type: text}}
    guidance: "{LONG_GUIDANCE}"
  - {{id: done, kind: end}}
"""


CONSENT_TOPIC = """
id: getting_started
title: Getting started
description: Whether a record may be kept (not answered yet, so the note shows).
order: 2
nodes:
  - id: record
    kind: ask
    type: yes_no
    prompt: "Can we keep a record of today?"
    store: consent.record
  - {id: done, kind: end}
"""

SHORT_HINT = (
    "What you asked me to do is on the list already. I will keep what I can do, and take off "
    "what I cannot."
)
LONG_HINT = (
    "What you asked me to do is on the list already. I will keep what I can do, and I "
    "take off what I cannot do before we next meet, and I say so, so that nothing is left "
    "to wait on me without you knowing. Change any of them with Enter."
)


async def the_worker_list_before_consent(app: Any, pilot: Any) -> SessionScreen:
    """A first meeting at the worker's list, with "Not recorded yet" (two rows) above."""
    screen = await open_first_topic(app, pilot)
    await press(pilot, "enter")  # past "Now it is my turn", into the conversation so far
    await settle(app, pilot)
    assert screen.meeting.conv.step.node_id == "actions"
    assert screen.query_one("#consent-note").region.height == 2
    assert len(screen.meeting.conv.step.value or []) == 2
    return screen


@pytest.mark.parametrize("hint", [SHORT_HINT, LONG_HINT], ids=["one-line-hint", "long-hint"])
async def test_a_long_list_given_at_the_start_leaves_the_done_row_on_screen(
    make_app, write_topics, hint
) -> None:
    """80x24, before consent, a list opened with two long entries: the list gives up rows
    (it scrolls), and who is answering, Done and Not today stay whole on screen."""
    topics = write_topics(find_out=find_out_topic(hint), getting_started=CONSENT_TOPIC)
    app = make_app(content=load_content(topics))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await the_worker_list_before_consent(app, pilot)
        for selector in ("#speaker", "#keys-hint", "#done", "#skip", "#records-list"):
            widget = screen.query_one(selector)
            assert whole_on_screen(screen, widget), selector
            assert screen.find_widget(widget).region.bottom <= 23, selector  # the key bar
        assert "Done" in screen_text(app) and "Not today" in screen_text(app)
