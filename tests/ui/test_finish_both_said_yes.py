"""The Finish dialog after both said yes: saving the plan as not agreed yet is asked first,
and with a private person still named the marking button is reached before the buttons
that save. Keep talking had the focus, a Tab went past "Mark those parts private too" to
"Save, not agreed yet", and Enter saved the agreed plan as a draft."""

from __future__ import annotations

from typing import Any

from ui_support import finish_naming_a_private_person, open_meeting, press, settle

from assistant.ui.screens.finish import FinishMeeting
from assistant.ui.widgets.confirm import Confirm


async def test_saving_as_not_agreed_after_both_said_yes_asks_first(make_app, content: Any) -> None:
    app = make_app(content=content)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = await open_meeting(app, pilot)
        screen.meeting.conv.data["consent"] = {"record": True}
        screen.meeting.conv.data["agreement"] = {"person_agrees": "yes", "worker_agrees": "yes"}
        app.push_screen(FinishMeeting(screen.meeting, "Sam"))
        await settle(app, pilot)
        app.screen.query_one("#finish-draft").focus()
        await press(pilot, "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, Confirm)
        assert "Both of you said yes" in str(app.screen.question)
        await press(pilot, "enter")  # the safe answer: Go back
        await settle(app, pilot)
        assert isinstance(app.screen, FinishMeeting)


async def test_saving_as_not_agreed_after_a_mostly_does_not_say_both_said_yes(
    make_app, content: Any
) -> None:
    app = make_app(content=content)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = await open_meeting(app, pilot)
        screen.meeting.conv.data["consent"] = {"record": True}
        screen.meeting.conv.data["agreement"] = {
            "person_agrees": "mostly",
            "person_not_agreed": "Not the part about my sister",
            "worker_agrees": "yes",
        }
        app.push_screen(FinishMeeting(screen.meeting, "Sam"))
        await settle(app, pilot)
        app.screen.query_one("#finish-draft").focus()
        await press(pilot, "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, Confirm)
        assert str(app.screen.question).startswith("You agreed most of this plan. Save it")


async def test_with_a_private_name_the_marking_button_comes_before_the_saving_buttons(
    make_app, content: Any
) -> None:
    app = make_app(content=content)
    async with app.run_test(size=(100, 40)) as pilot:
        await finish_naming_a_private_person(app, pilot)
        order = [app.focused.id if app.focused else None]
        await press(pilot, "tab")
        order.append(app.focused.id if app.focused else None)
    assert order == ["finish-mark-private", "finish-keep"]
