"""The bar of main keys at the bottom of a screen; each key can be clicked too.

Textual's ``Footer`` rebuilds itself whenever the focus moves, which here is every step of a
meeting (a new answer widget takes the focus); that alone cost tens of milliseconds per
prompt. The keys shown do not change within a screen, so this bar is built once per width
(a key whose action the screen turns off when the bar is built is not shown).

When the keys do not fit on one line (80 columns), keys leave the bar in the order the screen
gives (``KEY_BAR_DROP``), then from the right; the screen's ``KEY_BAR_KEEP`` keys (in a
meeting, the pause for safety), Hide, Help and "^p More" never leave: Help lists every key,
and More (the command palette) has every action, for the mouse too.

A dialog (a ``ModalScreen``) has a bar of its own over the one of the screen below, with the
dialog's keys only (Escape, ctrl+s...), Hide and Help: the keys of the screen below do
nothing while it is open.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from textual import events
from textual.binding import Binding
from textual.content import Content, Span
from textual.screen import ModalScreen
from textual.widgets import Static

#: Actions (with their namespace) that stay in the bar at any width. "^p More" (the command
#: palette) is the way to every action a key bar has no room for (leave, finish, export...):
#: with the mouse alone, the only way.
ALWAYS_KEPT = ("app.help", "app.privacy", "app.command_palette")


@dataclass(frozen=True)
class KeyItem:
    """One key in the bar: what is shown and the action a click runs."""

    key: str
    words: str
    action: str  # "screen.topics", "app.help", ...

    @property
    def width(self) -> int:
        """Cells taken, with the gap before the next key: `` F4 Topics ``."""
        return cell_len(f" {self.key} {self.words} ")


def _shown(bindings: Iterable[Any]) -> list[Binding]:
    return [b for b in bindings if isinstance(b, Binding) and b.show]


def key_label(binding: Binding) -> str:
    """The key as the bar shows it: its own ``key_display``, else the first of its keys,
    ``Esc`` for Escape and ``^s`` for ctrl+s (as ``^g`` and ``^p``)."""
    if binding.key_display:
        return binding.key_display
    key = binding.key.split(",")[0]
    if key == "escape":
        return "Esc"
    return f"^{key[len('ctrl+') :]}" if key.startswith("ctrl+") else key


def fit_keys(
    items: list[KeyItem], width: int, keep: Iterable[str] = (), drop: Iterable[str] = ()
) -> list[KeyItem]:
    """The keys that fit in ``width`` cells, in their order. Those named in ``drop`` leave
    first (in that order), then the others from the right; those in ``keep`` never leave."""
    kept = set(keep) | set(ALWAYS_KEPT)
    order = [a for a in drop if any(i.action == a for i in items)]
    order += [i.action for i in reversed(items) if i.action not in order]
    order = [a for a in order if a not in kept]
    shown = list(items)
    for action in order:
        if sum(i.width for i in shown) - 1 <= width:  # the last key needs no gap after it
            break
        shown = [i for i in shown if i.action != action]
    return shown


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

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._items: list[KeyItem] = []
        self._shown_items: list[KeyItem] = []
        self._width = -1

    def on_mount(self) -> None:
        # A key the screen turns off for good (check_action False: the practice's F10 is
        # "About them" solo and "Role card" paired; End only when ending) is left out.
        # In a dialog: its own keys, then Hide and Help (not one the dialog takes for itself,
        # as Help's F1 closes it), and not the command palette.
        screen = self.screen
        dialog = isinstance(screen, ModalScreen)
        screen_bindings = [
            b
            for b in _shown(getattr(screen, "BINDINGS", []))
            if screen.check_action(b.action, ()) is not False
        ]
        taken = {
            key
            for b in getattr(screen, "BINDINGS", [])
            if isinstance(b, Binding)
            for key in b.key.split(",")
        }
        app_bindings = [
            b
            for b in _shown(getattr(self.app, "BINDINGS", []))
            if not (dialog and taken & set(b.key.split(",")))
        ]
        words = getattr(screen, "key_words", None)  # a dialog may word its keys itself
        for namespace, bindings in (("screen", screen_bindings), ("app", app_bindings)):
            for binding in bindings:
                said = words(binding) if words and namespace == "screen" else None
                self._items.append(
                    KeyItem(
                        key_label(binding),
                        said or binding.description,
                        f"{namespace}.{binding.action}",
                    )
                )
        if not dialog:
            self._items.append(KeyItem("^p", "More", "app.command_palette"))
        self._show(self.size.width or self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self._show(event.size.width)

    @property
    def shown_keys(self) -> list[str]:
        """The keys on the bar now, as shown (``["F3", "^g", "F1"]``)."""
        return [item.key for item in self._shown_items]

    def _show(self, width: int) -> None:
        if width == self._width:
            return  # built once per width: nothing in it changes with the focus
        self._width = width
        screen = self.screen
        keep = [f"screen.{a}" for a in getattr(screen, "KEY_BAR_KEEP", ())]
        drop = [a if "." in a else f"screen.{a}" for a in getattr(screen, "KEY_BAR_DROP", ())]
        self._shown_items = fit_keys(self._items, width, keep, drop)
        last = len(self._shown_items) - 1
        parts = [_key(item, last=n == last) for n, item in enumerate(self._shown_items)]
        self.update(Content("").join(parts))


def _key(item: KeyItem, *, last: bool = False) -> Content:
    """One key and its words, the key in bold accent, all of it clickable.

    Made from spans rather than markup: the bar is built while Home first appears, and parsing
    the markup took ~2 ms of that. (The text is ours, never a person's, either way.)
    """
    label = f" {item.key} "
    clickable = label + item.words
    return Content(
        clickable + ("" if last else " "),
        spans=[
            Span(0, len(clickable), f"@click={item.action}"),
            Span(0, len(label), "b $text-accent"),
        ],
    )
