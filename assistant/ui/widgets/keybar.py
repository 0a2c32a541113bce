"""The bar of main keys at the bottom of a screen; each key can be clicked too.

Textual's ``Footer`` rebuilds itself whenever the focus moves, which here is every step of a
meeting (a new answer widget takes the focus); that alone cost tens of milliseconds per
prompt. The keys shown do not change within a screen, so this bar is drawn once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.binding import Binding
from textual.content import Content, Span
from textual.widgets import Static


def _shown(bindings: Iterable[Any]) -> list[Binding]:
    return [b for b in bindings if isinstance(b, Binding) and b.show]


class KeyBar(Static):
    """``F2 Who  F3 Guidance ...``: the screen's shown bindings, then the app's."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $panel;
        color: $text;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        link-style: none;
        link-style-hover: reverse;
        link-background-hover: $panel;
    }
    """

    def on_mount(self) -> None:
        screen_bindings = _shown(getattr(self.screen, "BINDINGS", []))
        app_bindings = _shown(getattr(self.app, "BINDINGS", []))
        parts: list[Content] = []
        for namespace, bindings in (("screen", screen_bindings), ("app", app_bindings)):
            for binding in bindings:
                key = binding.key_display or binding.key.split(",")[0]
                parts.append(_key(key, binding.description, f"{namespace}.{binding.action}"))
        parts.append(_key("^p", "More", "app.command_palette", last=True))
        self.update(Content("").join(parts))


def _key(key: str, words: str, action: str, *, last: bool = False) -> Content:
    """One key and its words, the key in bold accent, all of it clickable.

    Made from spans rather than markup: the bar is built while Home first appears, and parsing
    the markup took ~2 ms of that. (The text is ours, never a person's, either way.)
    """
    label = f" {key} "
    clickable = label + words
    return Content(
        clickable + ("" if last else " "),
        spans=[Span(0, len(clickable), f"@click={action}"), Span(0, len(label), "b $text-accent")],
    )
