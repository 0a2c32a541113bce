""" "Do you agree with this plan?" asked again (the plan changed after both said yes, and
Finish went back to it) has nothing picked: the earlier "Yes" is said in words, never ready
for Enter. It came back with "✓ Yes" highlighted, so one Enter agreed again, and the
documented "an arrow key, then Enter" recorded "Mostly"."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from textual.widgets import OptionList
from ui_support import both_said_yes, open_meeting, press, screen_text, settle, widget_text

from assistant.ui.screens.edit_answer import EditAnswer
from assistant.ui.screens.finish import FinishMeeting


async def _asked_again(app: Any, pilot: Any) -> Any:
    """Both say yes in Closing, the plan changes, Finish goes back: the screen at the
    person's "Do you agree with this plan?" again."""
    await settle(app, pilot)
    screen = await open_meeting(app, pilot)
    meeting = screen.meeting
    both_said_yes(meeting)
    assert meeting.add_to_try("brackenford_wellbeing_walks", idea_from="worker").done
    screen.action_finish()
    await settle(app, pilot)
    assert isinstance(app.screen, FinishMeeting)
    await press(pilot, "enter")  # Go back to "Our plan and next time"
    await settle(app, pilot)
    while meeting.conv.step.node_id != "person_agrees":
        await press(pilot, "f7" if meeting.conv.step.kind == "ask" else "enter")
        await settle(app, pilot)
    assert meeting.conv.step.value == "yes"
    return screen


async def test_asked_again_nothing_is_picked_and_the_yes_before_is_said(
    make_app, content: Any
) -> None:
    app = make_app(content=content)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await _asked_again(app, pilot)
        highlighted = screen._answer.query_one(OptionList).highlighted
        hint = widget_text(screen.query_one("#keys-hint"))
        lines = [str(o.prompt) for o in screen._answer.query_one(OptionList).options]
    assert highlighted is None
    assert hint == "Before: Yes. Arrow keys to choose again, then Enter."
    assert lines == ["Yes", "Mostly", "No"]  # no ✓ on the earlier answer


async def test_asked_again_an_arrow_then_enter_picks_the_first_line(make_app, content: Any) -> None:
    app = make_app(content=content)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await _asked_again(app, pilot)
        await press(pilot, "down", "enter")
        await settle(app, pilot)
        meeting = screen.meeting
        assert meeting.conv.step.node_id == "worker_agrees"
        assert meeting.conv.data["agreement"]["person_agrees"] == "yes"


async def test_asked_again_done_with_nothing_picked_records_nothing(make_app, content: Any) -> None:
    # ctrl+s gave what was highlighted: with nothing highlighted, it gave no answer at all.
    app = make_app(content=content)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await _asked_again(app, pilot)
        await press(pilot, "ctrl+s")
        await settle(app, pilot)
        meeting = screen.meeting
        assert meeting.conv.step.node_id == "person_agrees"
        assert meeting.conv.data["agreement"]["person_agrees"] == "yes"
        assert "Pick one first" in widget_text(screen.query_one("#answer-message"))


async def test_changing_the_agreement_save_with_nothing_picked_changes_nothing(
    make_app, content: Any
) -> None:
    node = content.topics["closing"].nodes["person_agrees"]
    tried: list[Any] = []

    def try_edit(value: Any, *args: Any, **kwargs: Any) -> None:
        tried.append(value)

    dialog = EditAnswer(SimpleNamespace(prompt=node.prompt), node, "yes", try_edit)
    app = make_app(content=content)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.push_screen(dialog)
        await settle(app, pilot)
        await press(pilot, "ctrl+s")
        await settle(app, pilot)
        still_open = app.screen is dialog
    assert tried == []
    assert still_open


async def test_the_change_dialog_says_the_agreement_answer_it_has_now(
    make_app, content: Any
) -> None:
    # Nothing is picked in it (a stray Save must not agree), and nothing said which answer
    # was being changed.
    node = content.topics["closing"].nodes["person_agrees"]
    dialog = EditAnswer(SimpleNamespace(prompt=node.prompt), node, "mostly", lambda *a, **k: None)
    app = make_app(content=content)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.push_screen(dialog)
        await settle(app, pilot)
        text = " ".join(screen_text(app).split())
    mostly = next(o.label for o in node.options if o.value == "mostly")
    assert f"Now: {mostly}." in text
