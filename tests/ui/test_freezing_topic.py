"""A topic whose text would freeze the app stops with a calm message instead, and the
meeting goes on (issue 13, section 5)."""

from __future__ import annotations

from ui_support import open_meeting, press, screen_text

from assistant.authoring.content import load_content

# The loops depend on a stored value, so `validate` cannot see the problem: only the
# bounds on rendering stop it (10,000 x 10,000 rounds, far past the limit of 1,000,000).
HEAVY = """
id: heavy
title: A heavy topic
description: Its first text loops for hours.
order: 1
nodes:
  - id: count
    kind: set
    values:
      calc.n: "10000"
  - id: show
    kind: say
    text: "{% for i in range(calc.n) %}{% for j in range(calc.n) %}{% endfor %}{% endfor %}Hi"
  - id: done
    kind: end
"""
FINE = """
id: fine
title: A fine topic
description: Nothing unusual.
order: 2
nodes:
  - id: hello
    kind: say
    text: "Hello from the fine topic."
  - id: done
    kind: end
"""


async def test_a_topic_that_would_freeze_shows_a_message_and_the_meeting_goes_on(
    make_app, write_topics
) -> None:
    content = load_content(write_topics(heavy=HEAVY, fine=FINE))  # validate passes it
    app = make_app(content=content)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_meeting(app, pilot)
        await press(pilot, "home", "enter")
        text = screen_text(app)
        assert "problem in the topic files" in text
        assert "heavy.yaml" in text  # the author can find it
        assert "Traceback" not in text
        assert screen.meeting.conv.step.kind == "topics"  # still choosing a topic
        await press(pilot, "home", "down", "enter")
        assert "Hello from the fine topic." in screen_text(app)


async def test_a_step_that_cannot_be_shown_keeps_the_authors_detail_in_the_guidance(
    make_app, write_topics, monkeypatch
) -> None:
    """The detail for the author stays in the guidance once the frame after the prompt (which
    shows the step's guidance again) has been drawn."""
    from assistant.engine.conversation import Conversation, FlowError

    app = make_app(content=load_content(write_topics(fine=FINE)))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_meeting(app, pilot)
        await press(pilot, "home", "enter")
        assert "Hello from the fine topic." in screen_text(app)

        def broken(self: Conversation) -> None:
            raise FlowError("fine.yaml:9:5: step 'hello': a made-up problem")

        monkeypatch.setattr(Conversation, "step", property(broken))
        await screen.show_step()
        await pilot.pause()
        await pilot.pause()
        text = screen_text(app)
        assert "This part cannot be shown" in text
        assert "Topic files: fine.yaml:9:5" in text
