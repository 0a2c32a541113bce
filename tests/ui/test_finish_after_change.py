"""The Finish dialog for a plan changed after both said yes in Closing: it says what
changed, offers no "We both agree this plan", and one Enter goes back to agree it again."""

from __future__ import annotations

from typing import Any

from ui_support import both_said_yes, open_meeting, settle, widget_text

from assistant.ui.screens.finish import FinishMeeting


async def test_finish_says_the_plan_changed_after_both_said_yes(make_app, content: Any) -> None:
    app = make_app(content=content)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        screen = await open_meeting(app, pilot)
        meeting = screen.meeting
        both_said_yes(meeting)
        assert meeting.add_to_try("brackenford_wellbeing_walks", idea_from="worker").done
        screen.action_finish()  # ctrl+f
        await settle(app, pilot)
        assert isinstance(app.screen, FinishMeeting)
        note = " ".join(widget_text(app.screen.query_one("#finish-note")).split())
        focused = app.focused.id if app.focused else None
        agree_offered = bool(app.screen.query("#finish-agreed"))
        await pilot.press("enter")
        await settle(app, pilot)
    assert note.startswith("The plan changed after you both said yes in 'Our plan and next time'")
    assert 'thing to try "Brackenford Wellbeing Walks" was added' in note
    assert not agree_offered
    assert focused == "finish-closing"
    assert meeting.conv.current_topic == "closing"  # asked again, not saved as agreed
    assert meeting.case.plan_versions() == []
