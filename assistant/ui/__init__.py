"""The Textual user interface: the only package allowed to import ``textual``.

``run_app`` is what ``cpi-assistant`` (with no subcommand, or ``train`` for a practice) calls:
the app built by ``assistant.ui.app.make_app`` (the factory the tests and benchmarks use too)
with this user's settings file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from assistant.crashlog import crash_message, write_crash_log

if TYPE_CHECKING:
    from assistant.training.session import TrainingLaunch


def run_app(
    *,
    data_dir: str | Path | None = None,
    content_root: str | Path | None = None,
    theme: str | None = None,
    training: TrainingLaunch | None = None,
    passphrase: str | None = None,
) -> int:
    """Run the joint-session app in this terminal (``training``: straight into a practice,
    as ``cpi-assistant train`` does; ``passphrase``: one the command has already asked
    for, so the app does not ask again); returns an exit code."""
    from assistant.settings import settings_path
    from assistant.ui.app import make_app
    from assistant.ui.textual_internals import quiet_crashes

    # The factory reads this user's settings and picks the records folder before the app is
    # built (looked up here, at the call, so a harness can wrap ``make_app``).
    app = make_app(
        data_dir=data_dir,
        content_root=content_root,
        theme=theme,
        settings_path=settings_path(),
        training=training,
        passphrase=passphrase,
    )
    quiet_crashes(app, report_crash)
    app.run()
    return app.return_code or 0


def report_crash(error: Exception) -> str:
    """Log an unexpected error without personal data; the message to show instead."""
    log = write_crash_log(error, "app")
    return crash_message(error, log, what="The app")
