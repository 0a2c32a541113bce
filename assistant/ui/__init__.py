"""The Textual user interface: the only package allowed to import ``textual``.

``run_app`` is what ``cpi-assistant`` (with no subcommand) calls; ``assistant.ui.app.make_app``
builds the same app for tests and benchmarks.
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
    from assistant.ui.app import default_settings_path, make_app

    app = make_app(
        data_dir=data_dir,
        content_root=content_root,
        theme=theme,
        settings_path=default_settings_path(),
    )
    app.run()
    return app.return_code or 0
