"""Wrapped lines stay under their own words in the plan panel: an answer's later lines under
its first, a bullet's under the words after the bullet (not back at the margin, where they
read as the next question or heading)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from textual.content import Content
from ui_support import open_meeting, press, settle

from assistant.authoring.content import load_content
from assistant.ui.widgets.hanging import NARROWEST, Hanging, hang


def lines(text: str, width: int) -> list[str]:
    return hang(Content(text), width).plain.split("\n")


def test_an_answers_later_lines_are_under_its_first() -> None:
    assert lines("  See more of my brother Dan and his kids every Sunday", 24) == [
        "  See more of my brother",
        "  Dan and his kids every",
        "  Sunday",
    ]


def test_a_bullets_later_lines_are_under_its_words() -> None:
    assert lines("    • Text Dan about lunch by Saturday 12 December", 30) == [
        "    • Text Dan about lunch by",
        "      Saturday 12 December",
    ]


def test_a_line_that_fits_and_a_heading_are_left_as_they_are() -> None:
    assert lines("About me\n  Sam", 30) == ["About me", "  Sam"]


def test_too_narrow_to_indent_is_left_to_wrap_as_it_comes() -> None:
    text = "  A long answer that wraps"
    assert hang(Content(text), NARROWEST - 1).plain == text


def test_the_words_keep_their_styles() -> None:
    text = Content("  See more of my brother Dan and his kids ") + Content("(from Sam)").stylize(
        "italic"
    )
    hung = hang(text, 30)
    start = hung.plain.index("(from Sam)")
    assert any(
        span.start <= start and span.end >= start + len("(from Sam)") and span.style == "italic"
        for span in hung.spans
    )


words = st.text(alphabet="abcdefghij", min_size=1, max_size=12)


@given(
    indent=st.integers(min_value=0, max_value=6),
    said=st.lists(words, min_size=1, max_size=30),
    width=st.integers(min_value=NARROWEST, max_value=60),
)
def test_every_letter_is_kept_in_order_and_every_line_fits(
    indent: int, said: list[str], width: int
) -> None:
    text = " " * indent + " ".join(said)
    out = lines(text, width)
    # A word longer than the room is folded, as Textual folds it: its letters are all kept.
    assert "".join("".join(out).split()) == "".join(said)
    assert all(len(line) <= width for line in out)


def test_the_drawing_follows_the_width_it_is_given() -> None:
    # The layout asks for heights at one width and may draw at another (a scroll bar).
    visual = Hanging(Content("  one two three four five six seven eight nine ten eleven"))
    assert visual.get_height({}, 20) == len(lines(str(visual), 20))
    assert visual.get_height({}, 40) == len(lines(str(visual), 40))
    assert str(visual) == "  one two three four five six seven eight nine ten eleven"


NOTES_TOPIC = """
id: notes
title: Notes
description: A long answer, to see in the plan.
order: 1
nodes:
  - id: enjoy
    kind: ask
    type: text
    prompt: "What do you enjoy?"
    store: about.interests
  - {id: fin, kind: end}
"""


async def test_in_the_plan_panel_a_long_answer_stays_under_its_first_line(
    make_app, write_topics
) -> None:
    app = make_app(content=load_content(write_topics(notes=NOTES_TOPIC)))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_meeting(app, pilot)
        answer = "Walking by the river, old films, and playing the guitar with my brother"
        await press(pilot, "home", "enter", *answer, "enter")
        await settle(app, pilot)
        body = screen.query_one("#plan-body")
        drawn = [s.text.rstrip() for s in body.render_lines(body.region.reset_offset)]
        first = next(i for i, line in enumerate(drawn) if line.startswith("  Walking"))
        assert drawn[first + 1].startswith("  ") and drawn[first + 1].strip()
        assert " ".join(" ".join(drawn[first:]).split()).startswith(answer)
