"""'Our plan so far' says when the plan changed after both said yes, in one plain line, so
the pair notice before they finish (the Finish dialog says it too)."""

from __future__ import annotations

from typing import Any

from ui_support import both_said_yes, open_meeting, settle, widget_text

from assistant.ui.widgets.panels import PlanPanel

WALKS = "brackenford_wellbeing_walks"


async def agreed_meeting(app: Any, pilot: Any) -> Any:
    """The session screen with a meeting where both said yes in 'Our plan and next time'."""
    screen = await open_meeting(app, pilot)
    meeting = screen.meeting
    both_said_yes(meeting)
    return screen


def panel_text(app: Any) -> str:
    return " ".join(widget_text(app.screen.query_one(PlanPanel).query_one("#plan-body")).split())


async def test_the_plan_panel_says_what_changed_since_both_said_yes(make_app, content: Any) -> None:
    app = make_app(content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = await agreed_meeting(app, pilot)
        screen._refresh_panels()
        await settle(app, pilot)
        before = panel_text(app)
        assert screen.meeting.add_to_try(WALKS, idea_from="worker").done
        screen._refresh_panels()  # as after an answer
        await settle(app, pilot)
        after = panel_text(app)
    assert "Changed since" not in before
    assert after.startswith(
        "Changed since you both said yes: Things to do and places to go: thing to try "
        '"Brackenford Wellbeing Walks" was added.'
    )


async def test_the_change_is_worked_out_when_the_hidden_plan_panel_is_shown(
    make_app, content: Any
) -> None:
    app = make_app(content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = await agreed_meeting(app, pilot)
        screen.action_panels()  # the map beside the conversation
        screen.action_panels()  # no panel
        assert screen.meeting.add_to_try(WALKS, idea_from="worker").done
        screen._refresh_panels()
        await settle(app, pilot)
        hidden = panel_text(app)
        screen.action_panels()  # the plan again
        await settle(app, pilot)
        shown = panel_text(app)
    assert "Changed since" not in hidden  # not worked out while nobody can see it
    assert shown.startswith("Changed since you both said yes:")


async def test_answers_in_a_burst_work_out_the_change_once(make_app, content: Any) -> None:
    # Each working out builds the plan as it was at the yes (~15 ms): after every answer of
    # a burst, the keys typed next waited for it.
    app = make_app(content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = await agreed_meeting(app, pilot)
        await settle(app, pilot)
        meeting = screen.meeting
        worked_out = []
        real = meeting.changes_since_agreed

        def counted() -> list[str]:
            worked_out.append(1)
            return real()

        meeting.changes_since_agreed = counted
        assert meeting.add_to_try(WALKS, idea_from="worker").done
        screen._refresh_panels()  # as after an answer
        screen._refresh_panels()  # and after the next one, typed before the first was shown
        await settle(app, pilot)
        text = panel_text(app)
    assert len(worked_out) == 1
    assert text.startswith("Changed since you both said yes:")
