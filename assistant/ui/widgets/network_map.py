"""The network map: the person's connections on three circles, with a legend and the same
map in words underneath (for anyone who finds the picture hard to read)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.app import ComposeResult, RenderResult
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from assistant.meetings.network_layout import (
    CIRCLE_WORDS,
    KINDS,
    ME,
    Connection,
    by_circle,
    layout,
    legend,
)

KIND_STYLES = {
    "family": "$text-accent",
    "partner": "$text-accent",
    "friend": "$text-success",
    "neighbour": "$text-success",
    "group": "$text-primary",
    "online": "$text-primary",
    "professional": "$text-secondary",
    "other": "$text-secondary",
}


def _style(key: str) -> str:
    if key.startswith("ring"):
        return "$text-muted"
    if key == "me":
        return "bold reverse"
    if key.startswith("symbol:"):
        return "bold " + KIND_STYLES.get(key[7:], "")
    if key.startswith("name:"):
        return KIND_STYLES.get(key[5:], "")
    return ""


class MapCanvas(Widget):
    """Draws the circles to fit whatever size it is given."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.people: list[Connection] = []
        self.me = ME

    def render(self) -> RenderResult:
        width, height = self.size
        picture = layout(self.people, width, height, self.me)
        if not picture.cells:
            return Content("")
        lines = []
        for row in range(picture.height):
            lines.append(
                Content.assemble(*[(text, _style(key)) for text, key in picture.runs(row)])
            )
        return Content("\n").join(lines)


class NetworkMap(Vertical):
    """Picture, legend, and the people per circle in words."""

    def compose(self) -> ComposeResult:
        yield Static(Content("My connections").stylize("bold"), classes="panel-title")
        yield MapCanvas(id="map-canvas")
        yield Static(id="map-legend")

    def show(self, people: Sequence[Connection], me: str = ME) -> None:
        canvas = self.query_one(MapCanvas)
        key = (tuple(people), me)
        if getattr(self, "_key", None) == key:
            return
        self._key = key
        canvas.people = list(people)
        canvas.me = me
        canvas.refresh()
        self.query_one("#map-legend", Static).update(self._legend(people))

    def _legend(self, people: Sequence[Connection]) -> Content:
        if not people:
            return Content(
                "No one on the map yet. People added in 'My connections' appear here."
            ).stylize("$text-muted")
        parts = [
            Content("  ").join(
                Content.assemble((sym, "bold " + KIND_STYLES.get(kind, "")), f" {word}")
                for kind, (sym, word) in _kinds_present(people)
            )
        ]
        for number, ring in by_circle(people):
            if not ring:
                continue
            names = ", ".join(
                p.name + (" (circle not chosen)" if p.placed_by_default else "") for p in ring
            )
            parts.append(
                Content.assemble((f"{number} {CIRCLE_WORDS[number]}: ", "bold"), Content(names))
            )
        return Content("\n").join(parts)


def _kinds_present(people: Sequence[Connection]) -> list[tuple[str, tuple[str, str]]]:
    present = {sym for sym, _ in legend(people)}
    return [(k, v) for k, v in KINDS.items() if v[0] in present]
