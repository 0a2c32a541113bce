"""Words kept from a closed window (typed but not given) come back in the box when the
meeting is carried on. Left normally after that, with the warning that those words are not
kept, they are let go: the session keeps no draft and the box starts empty next time. (The
draft stayed and came back at every resume, against the warning the pair relied on.)"""

from __future__ import annotations

from typing import Any

from test_closed_by_signal import _words_typed_then_window_closed
from ui_support import press, settle, widget_text

from assistant.records import CaseStore
from assistant.ui.screens.session import SessionScreen
from assistant.ui.widgets.confirm import Confirm


async def _resume(app: Any, pilot: Any) -> SessionScreen:
    await settle(app, pilot)
    app.screen.query_one("#people").focus()
    await press(pilot, "enter")  # Resume where we left off
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, SessionScreen) and screen.meeting.kind == "resumed"
    return screen


def _session_document(data_dir: Any, person: str, session: str) -> dict[str, Any]:
    with CaseStore(data_dir).read(person) as case:
        return next(s for s in case.sessions() if s["session_id"] == session)


async def _kept_by_a_closed_window(make_app: Any) -> tuple[str, str, str]:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        return await _words_typed_then_window_closed(app, pilot)


async def _box_next_time(make_app: Any) -> str:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _resume(app, pilot)
        return str(screen._answer.current())


async def test_leaving_after_the_warning_lets_the_words_typed_go(make_app, data_dir) -> None:
    person, session, typed = await _kept_by_a_closed_window(make_app)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _resume(app, pilot)
        assert screen._answer.current() == typed  # the draft, back in the box
        await press(pilot, "escape")
        assert isinstance(app.screen, Confirm)
        question = widget_text(app.screen.query_one("#confirm-question"))
        assert "What you typed is not saved yet" in question
        await pilot.click("#confirm-yes")  # Leave
        await settle(app, pilot)
        assert not isinstance(app.screen, SessionScreen | Confirm)
    assert "draft" not in _session_document(data_dir, person, session)
    assert await _box_next_time(make_app) != typed


async def test_leaving_with_the_box_emptied_lets_the_words_typed_go(make_app, data_dir) -> None:
    person, session, typed = await _kept_by_a_closed_window(make_app)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _resume(app, pilot)
        screen.query_one("#answer-input").value = ""
        await press(pilot, "escape")
        assert "Everything is saved" in widget_text(app.screen.query_one("#confirm-question"))
        await pilot.click("#confirm-yes")  # Leave
        await settle(app, pilot)
    assert "draft" not in _session_document(data_dir, person, session)
    assert await _box_next_time(make_app) != typed


async def test_quitting_after_the_warning_lets_the_words_typed_go(make_app, data_dir) -> None:
    person, session, typed = await _kept_by_a_closed_window(make_app)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _resume(app, pilot)
        await press(pilot, "ctrl+q")
        assert isinstance(app.screen, Confirm)
        await pilot.click("#confirm-yes")  # Quit
        await settle(app, pilot)
    assert "draft" not in _session_document(data_dir, person, session)
    assert await _box_next_time(make_app) != typed
