"""Opening a meeting from Home: a slow opening shows a sign on Home, timed by the app."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from textual.widgets import Static
from ui_support import add_person, settle

from assistant.ui import app as app_module
from assistant.ui.screens.session import SessionScreen


async def test_a_slow_opening_shows_a_loading_sign_on_home_until_the_meeting_is_open(
    make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "OPENING_NOTICE_S", 0.001)  # "slow" almost at once
    go_on = asyncio.Event()
    real = app_module.CpiApp._start_meeting

    async def held(self: Any, *args: Any, **kwargs: Any) -> None:
        await go_on.wait()  # the record is still opening until the test says so
        await real(self, *args, **kwargs)

    monkeypatch.setattr(app_module.CpiApp, "_start_meeting", held)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        add_person(app)
        home = app.screen
        home.query_one("#people").focus()
        await pilot.press("enter")
        actions, note = home.query_one("#actions"), home.query_one("#opening-note", Static)
        for _ in range(20):
            await pilot.pause()
            if actions.loading:
                break
        assert actions.loading
        assert note.display and "Opening Sam's record…" in str(note.render())
        go_on.set()
        await settle(app, pilot)
        assert isinstance(app.screen, SessionScreen)
        assert not actions.loading and not note.display


async def test_the_sign_timer_firing_late_leaves_home_clear(
    make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a busy machine the sign's timer can go off after the meeting has opened (its
    callback already queued when the timer was stopped): Home must not keep the sign."""
    late: list[Any] = []
    real_set_timer = app_module.CpiApp.set_timer

    def keep_callback(self: Any, delay: float, callback: Any = None, **kw: Any) -> Any:
        if callback == self._opening_notice:
            late.append(callback)  # not run by the timer: the test runs it late, below
            return real_set_timer(self, 3600, lambda: None)
        return real_set_timer(self, delay, callback, **kw)

    monkeypatch.setattr(app_module.CpiApp, "set_timer", keep_callback)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        add_person(app)
        home = app.screen
        home.query_one("#people").focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SessionScreen) and late
        late[0]()  # the timer's callback, run after the meeting is open
        await pilot.pause()
        assert not home.query_one("#actions").loading
        assert not home.query_one("#opening-note").display


async def test_opening_a_meeting_is_timed_to_its_first_frame(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        add_person(app)
        app.screen.query_one("#people").focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SessionScreen)
        assert len(app.open_times) == 1 and app.open_times[0] > 0
        assert app.open_started is None


async def test_a_second_start_while_the_meeting_opens_does_nothing(
    make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A double click on "+ Start our first meeting", or a click then Enter: the second
    # found the record open "in another window" and said so over the meeting that opened.
    from assistant.ui.screens.problem import ProblemScreen

    go_on = asyncio.Event()
    real = app_module.CpiApp._start_meeting

    async def held(self: Any, *args: Any, **kwargs: Any) -> None:
        await real(self, *args, **kwargs)  # the record is open, its meeting on screen...
        await go_on.wait()  # ...and the opening not over until the test says so

    monkeypatch.setattr(app_module.CpiApp, "_start_meeting", held)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        person = add_person(app)
        app.start_meeting(person, resume=False)
        for _ in range(50):
            await pilot.pause()
            if isinstance(app.screen, SessionScreen):
                break
        app.start_meeting(person, resume=False)
        go_on.set()
        await settle(app, pilot)
        assert isinstance(app.screen, SessionScreen)
        assert not [s for s in app.screen_stack if isinstance(s, ProblemScreen)]


async def test_a_start_with_a_meeting_open_does_nothing(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        person = add_person(app)
        app.start_meeting(person, resume=False)
        await settle(app, pilot)
        meeting = app.screen
        app.start_meeting(person, resume=False)  # a click on Home that came late
        await settle(app, pilot)
        assert app.screen is meeting
