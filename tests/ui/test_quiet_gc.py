"""When the garbage collector runs during a meeting (assistant/ui/quiet_gc.py)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from ui_support import open_meeting

from assistant.ui import quiet_gc
from assistant.ui.quiet_gc import QuietCollector


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def sweeps(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The generations collected, instead of collecting (and gc left as it was found)."""
    calls: list[int] = []
    monkeypatch.setattr(quiet_gc.gc, "collect", lambda generation=2: calls.append(generation))
    was_enabled = gc.isenabled()
    yield calls
    if was_enabled:
        gc.enable()


def test_holding_turns_automatic_collection_off_until_the_last_release(sweeps) -> None:
    collector = QuietCollector(clock=Clock())
    collector.hold()
    collector.hold()
    collector.release()
    assert not gc.isenabled()
    collector.release()
    assert gc.isenabled()


def test_what_was_frozen_for_a_meeting_is_handed_back_when_it_ends(sweeps) -> None:
    collector = QuietCollector(clock=Clock())
    collector.start_meeting()
    collector.hold()
    frozen = gc.get_freeze_count()
    collector.release()
    assert (frozen > 0, gc.get_freeze_count()) == (True, 0)


def test_a_settled_step_collects_only_the_young_generations(sweeps) -> None:
    collector = QuietCollector(clock=Clock())
    collector.hold()
    collector.step_done()
    collector.release()
    assert sweeps == [1]


def test_no_full_sweep_while_steps_keep_coming(sweeps) -> None:
    clock = Clock()
    collector = QuietCollector(idle_seconds=1.0, clock=clock)
    collector.hold()
    collector.step_done()
    clock.now += 0.5
    assert collector.tick() is False
    collector.release()
    assert sweeps == [1]


def test_one_full_sweep_once_the_meeting_has_been_quiet(sweeps) -> None:
    clock = Clock()
    collector = QuietCollector(idle_seconds=1.0, clock=clock)
    collector.hold()
    collector.step_done()
    clock.now += 1.5
    first, second = collector.tick(), collector.tick()
    collector.release()
    assert (first, second, sweeps) == (True, False, [1, 2])


def test_nothing_is_swept_by_ticks_outside_a_meeting(sweeps) -> None:
    clock = Clock()
    collector = QuietCollector(idle_seconds=1.0, clock=clock)
    collector.step_done()
    clock.now += 5
    assert (collector.tick(), sweeps) == (False, [])


async def test_a_meeting_on_screen_holds_the_collector_and_leaving_releases_it(
    make_app,
) -> None:
    was_enabled = gc.isenabled()
    app = make_app()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await open_meeting(app, pilot)
            during = gc.isenabled()
            app.pop_screen()
            await pilot.pause()
            after = gc.isenabled()
    finally:
        if was_enabled:
            gc.enable()
    assert (during, after) == (False, was_enabled)
