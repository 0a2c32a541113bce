"""What an answer's hint and button say: a choice question with a default (``default:``)
marks the suggestion before anything is answered, and the hint says it is suggested, not
"the answer before", which a first meeting has none of; a topic's closing line's button shows
its whole label."""

from __future__ import annotations

from ui_support import open_meeting, open_topic, press, screen_text, settle, widget_text

from assistant.authoring.content import load_content

TOPIC = """
id: review_who
title: Next time
description: Who looks at the plan next time.
nodes:
  - id: who
    kind: ask
    type: choice
    speaker: person
    prompt: "Who will look at the plan with you next time?"
    store: next.who
    default: worker
    options:
      - {value: worker, label: "My worker"}
      - {value: someone, label: "Someone else"}
    tags: [person_centred]
  - id: again
    kind: ask
    type: choice
    speaker: person
    prompt: "And the time after?"
    store: next.again
    options:
      - {value: worker, label: "My worker"}
      - {value: someone, label: "Someone else"}
    tags: [person_centred]
  - id: done
    kind: end
    speaker: person
    guidance: "Done."
    tags: [person_centred]
"""


def said(app) -> str:
    return " ".join(screen_text(app).split())


async def test_a_default_is_called_suggested_not_the_answer_before(make_app, write_topics) -> None:
    app = make_app(content=load_content(write_topics(review_who=TOPIC)))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_meeting(app, pilot)
        await open_topic(pilot, screen, "review_who")
        await settle(app, pilot)
        assert "✓ is suggested: Enter picks it" in said(app)
        assert "the answer before" not in said(app)
        await press(pilot, "enter")  # takes the suggestion
        await settle(app, pilot)
        assert screen.meeting.conv.data["next"]["who"] == "worker"


async def test_an_answer_given_before_is_the_answer_before(make_app, write_topics) -> None:
    app = make_app(content=load_content(write_topics(review_who=TOPIC)))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_meeting(app, pilot)
        screen.meeting.conv.data["next"] = {"who": "someone"}  # as a review carries it over
        await open_topic(pilot, screen, "review_who")
        await settle(app, pilot)
        assert "✓ is the answer before: Enter keeps it" in said(app)


SAY_THEN_END = """
id: short
title: Short
description: One thing said, then the end.
nodes:
  - id: hello
    kind: say
    speaker: both
    text: "Hello."
    tags: [person_centred]
  - id: done
    kind: end
    speaker: both
    text: "That is all for this topic."
    tags: [person_centred]
"""


async def test_the_closing_lines_button_shows_its_whole_label(make_app, write_topics) -> None:
    # The button kept the width of "Go on" and showed "Finish this".
    app = make_app(content=load_content(write_topics(short=SAY_THEN_END)))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_meeting(app, pilot)
        await open_topic(pilot, screen, "short")
        await press(pilot, "enter")  # past "Hello."
        await settle(app, pilot)
        assert screen.meeting.conv.step.kind == "end"
        button = screen.query_one("#go-on")
        assert str(button.label) == "Finish this topic"
        assert button.content_region.width >= len("Finish this topic")
        assert "Finish this topic" in said(app)


async def test_the_row_under_a_closing_line_names_its_button(make_app, write_topics) -> None:
    # It said "then Go on" above a button labelled "Finish this topic".
    app = make_app(content=load_content(write_topics(short=SAY_THEN_END)))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_meeting(app, pilot)
        await open_topic(pilot, screen, "short")
        row = lambda: widget_text(screen.query_one("#speaker"))  # noqa: E731
        assert row().endswith("read it together, then Go on.")
        await press(pilot, "enter")  # past "Hello."
        await settle(app, pilot)
        assert screen.meeting.conv.step.kind == "end"
        assert row().endswith("read it together, then Finish this topic.")
