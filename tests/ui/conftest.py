"""Fixtures for the app tests: a fresh app per test on a temp records folder, no cursor blink."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assistant.flows.loader import Content

SIZE = (80, 24)
WIDE = (120, 40)


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
