"""The Textual user interface: the only package allowed to import ``textual``.

``run_app`` is what ``cpi-assistant`` (with no subcommand) calls: the app built by
``assistant.ui.app.make_app`` (the factory the tests and benchmarks use too) with this user's
settings file.
"""

from __future__ import annotations

from pathlib import Path


def run_app(
    *,
    data_dir: str | Path | None = None,
    content_root: str | Path | None = None,
    theme: str | None = None,
) -> int:
    """Run the joint-session app in this terminal; returns an exit code."""
    from assistant.settings import settings_path
    from assistant.ui.app import make_app

    # The factory reads this user's settings and picks the records folder before the app is
    # built (looked up here, at the call, so a harness can wrap ``make_app``).
    app = make_app(
        data_dir=data_dir,
        content_root=content_root,
        theme=theme,
        settings_path=settings_path(),
    )
    app.run()
    return app.return_code or 0
