"""Fixtures for the app tests: a fresh app per test on a temp records folder, no cursor blink."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assistant.flows.loader import Content

SIZE = (80, 24)
WIDE = (120, 40)


#: How often Textual's test driver looks, between the keys of one ``Pilot.press``, whether
#: the app has gone idle (its own is every 20 ms). It waits for two such looks after each key,
#: and the tests' own ``Pilot.pause`` after that a third (unchanged here, at 20 ms: long
#: enough for the screen's 60 Hz refresh, which some tests wait for). A test typing 200 keys
#: slept 12 s or more whatever the machine's speed, with the cores idle: about two thirds of
#: a UI test's time. The test of idleness is Textual's (the app used under a twentieth of the
#: wait's CPU time); it is only asked more often.
KEY_IDLE_LOOK = 1 / 200


async def _quick_wait_for_idle(min_sleep: float = 0, max_sleep: float = 1) -> None:
    """``textual._wait.wait_for_idle``, looking every ``KEY_IDLE_LOOK`` seconds."""
    start = time.monotonic()
    while True:
        cpu = time.process_time()
        await asyncio.sleep(KEY_IDLE_LOOK)
        cpu_elapsed = time.process_time() - cpu
        elapsed = time.monotonic() - start
        if elapsed >= max_sleep:
            return
        if elapsed > min_sleep and cpu_elapsed < KEY_IDLE_LOOK / 20:
            return


@pytest.fixture(autouse=True)
def quick_key_idle_looks(monkeypatch: pytest.MonkeyPatch) -> None:
    """``Pilot.press`` looks for an idle app between keys every ``KEY_IDLE_LOOK`` seconds."""
    import textual.app

    monkeypatch.setattr(textual.app, "wait_for_idle", _quick_wait_for_idle)


@pytest.fixture(autouse=True)
def young_sweep_at_meeting_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """A meeting's start sweeps only the young generations before freezing what is left.

    The app's full sweep there (``QuietCollector.start_meeting``) walks the whole heap: a few
    tens of milliseconds in the app, but 0.5-0.8 s in a test worker, whose heap holds all that
    earlier tests imported and kept (~400,000 objects). Measured on tests/ui/test_session.py,
    about a fifth of its CPU time. What is frozen is handed back when the meeting ends, as in
    the app; the full sweep itself is tested in test_textual_internals.py.
    """
    from assistant.ui.textual_internals import COLLECTOR

    monkeypatch.setattr(COLLECTOR, "start_generation", 1)


@pytest.fixture(autouse=True)
def no_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """A still cursor: snapshots and screen text do not depend on when they are taken."""
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(Input, "cursor_blink", False)
    monkeypatch.setattr(TextArea, "cursor_blink", False)


MakeApp = Callable[..., Any]


@pytest.fixture
def make_app(data_dir: Path, sample_content: Content) -> MakeApp:
    """``make_app(content=..., **options)``: the real app on a temp folder (sample topics)."""
    from assistant.ui.app import make_app as factory

    def make(**options: Any) -> Any:
        options.setdefault("data_dir", data_dir)
        options.setdefault("content", sample_content)
        return factory(**options)

    return make
