"""The app's crash path (issue 13 §3): an unexpected error shows a short message naming the
log, never Textual's traceback with local variables; the log has no personal data.

run_app is run for real (headless), so what it prints at exit is what a worker would see.
"""

from __future__ import annotations

import functools
from typing import Any

import pytest
from textual.app import App

import assistant.ui.app as ui_app
from assistant.crashlog import log_dir
from assistant.ui import run_app

SECRET = "my brother Tobias in Leeds"


def _crash(app: Any) -> None:
    words = SECRET  # a local variable, as Textual's traceback would have shown
    raise ValueError(f"unexpected value {words!r}")


@pytest.fixture
def crashing_app(make_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """run_app builds an app that fails as soon as it is ready, and runs it headless."""

    def factory(**options: Any) -> Any:
        app = make_app(on_ready=_crash)
        app.run = functools.partial(App.run, app, headless=True)
        return app

    monkeypatch.setattr(ui_app, "make_app", factory)


@pytest.mark.usefixtures("crashing_app")
def test_the_app_shows_a_short_message_not_a_traceback(
    capfd: pytest.CaptureFixture[str],
) -> None:
    code = run_app()
    out, err = capfd.readouterr()
    assert code == 1
    assert "unexpected problem inside the app (ValueError)" in out + err
    assert "Traceback" not in out + err and "Tobias" not in out + err
    # The message wraps to the terminal width, which may split the long path anywhere.
    assert "crash.log" in (out + err).replace("\n", "")


@pytest.mark.usefixtures("crashing_app")
def test_the_apps_crash_log_has_no_personal_data(capfd: pytest.CaptureFixture[str]) -> None:
    run_app()
    text = (log_dir() / "crash.log").read_text()
    assert "builtins.ValueError" in text and " in _crash" in text
    assert "Tobias" not in text
