"""The highlighted line of a list keeps its marks and status words readable with few
colours: with 16 colours the muted grey and the tick's green became the highlight's own
light grey (37 on 47), and the line being chosen lost "[✓]", "in progress, now" or "no
meetings yet". On that line every word is drawn in the highlight's own colour."""

from __future__ import annotations

from rich.color import ColorSystem
from textual.strip import Strip
from textual.widgets import OptionList
from ui_support import add_person, open_meeting, open_topic, press, settle

from assistant.authoring.content import load_content
from assistant.ui.widgets.answer_base import TickList
from assistant.ui.widgets.panels import TopicMap

TOPIC = """
id: support
title: Support
description: What someone helps with.
nodes:
  - id: helps
    kind: ask
    type: multi_choice
    speaker: person
    prompt: "What does Sam help with? Pick all that fit."
    store: sam.support
    options:
      - {value: practical, label: "Everyday things"}
      - {value: company, label: "Company and fun"}
    guidance: "A relationship can matter without giving any support."
    tags: [person_centred]
  - id: done
    kind: end
    speaker: person
    guidance: "Done."
    tags: [person_centred]
"""


def lost_on_16_colours(strip: Strip) -> list[str]:
    """The words of ``strip`` drawn in the same colour as their background on a 16-colour
    terminal (which shows them as nothing)."""
    lost = []
    for segment in strip:
        style = segment.style
        if not segment.text.strip() or style is None or style.color is None:
            continue
        if style.bgcolor is None:
            continue
        ink = style.color.downgrade(ColorSystem.STANDARD).number
        paper = style.bgcolor.downgrade(ColorSystem.STANDARD).number
        if ink == paper:
            lost.append(segment.text)
    return lost


def highlighted_lines(option_list: OptionList) -> list[Strip]:
    """The lines the list draws for its highlighted option."""
    index = option_list.highlighted
    assert index is not None
    rows = [y for y, (option, _) in enumerate(option_list._lines) if option == index]
    top = option_list.scroll_offset.y
    return [option_list.render_line(row - top) for row in rows]


async def test_the_tick_on_the_highlighted_line_shows_with_16_colours(
    make_app, write_topics
) -> None:
    app = make_app(content=load_content(write_topics(support=TOPIC)))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await open_topic(pilot, screen, "support")
        await settle(app, pilot)
        await press(pilot, "space")
        ticks = screen.query_one(TickList)
        [line] = highlighted_lines(ticks)
        assert line.text.startswith("[✓] Everyday things")
        assert lost_on_16_colours(line) == []


async def test_a_topics_status_on_the_highlighted_line_shows_with_16_colours(
    make_app, write_topics
) -> None:
    app = make_app(content=load_content(write_topics(support=TOPIC)))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await open_topic(pilot, screen, "support")
        await settle(app, pilot)
        await press(pilot, "f4")
        await settle(app, pilot)
        lines = highlighted_lines(screen.query_one(TopicMap))
        assert "in progress, now" in " ".join(line.text for line in lines)
        assert [word for line in lines for word in lost_on_16_colours(line)] == []


async def test_the_highlighted_persons_meetings_show_with_16_colours(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        add_person(app, "Alex")
        await settle(app, pilot)
        people = app.screen.query_one("#people", OptionList)
        people.focus()
        await settle(app, pilot)
        [line] = highlighted_lines(people)
        assert "no meetings yet" in line.text
        assert lost_on_16_colours(line) == []
