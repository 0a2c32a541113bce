"""Pause for safety: calm guidance for the worker, the agency's numbers, and an offer (never
a push) of the plan for hard times. The words come from :mod:`assistant.meetings.safety`."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Button, Static

from assistant.meetings.safety import SafetyPause
from assistant.ui.widgets.dialog import ButtonRow, Dialog, DialogBody, DialogBottom, DialogTop


class SafetyDialog(Dialog[bool]):
    """Dismisses True to go to the plan for hard times, False to carry on where we were."""

    # The key that opened it closes it again (as F1 does help), and Escape carries on.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,ctrl+g", "close", "Carry on where we were"),
    ]
    DEFAULT_CSS = """
    SafetyDialog .safety-heading {
        text-style: bold;
        margin-top: 1;
    }
    SafetyDialog #safety-body > .safety-heading:first-child {
        margin-top: 0;  /* right under the title: no blank line to spare at 80x24 */
    }
    SafetyDialog #safety-why {
        margin-top: 1;
    }
    SafetyDialog .safety-example {
        color: $text-warning;
        text-style: bold;
    }
    SafetyDialog .safety-notice {
        color: $text-warning;
        margin-top: 1;
    }
    SafetyDialog .safety-quiet {
        color: $text-muted;
        margin-top: 1;
    }
    """

    def __init__(self, pause: SafetyPause) -> None:
        super().__init__()
        self.pause = pause

    def compose(self) -> ComposeResult:
        pause = self.pause
        with Vertical(classes="dialog wide-dialog", id="safety"):
            with DialogTop():
                yield Static(Content(pause.title), classes="dialog-title")
            # Long agency details scroll here; the buttons below always stay in view.
            with DialogBody(id="safety-body"):
                # The numbers first, under the title: a worker in a crisis needs them at
                # once, in view on the smallest screen (80x24); why the pause and what to do
                # now follow (they scroll).
                for block in pause.numbers:
                    if block.heading == "Made-up example":
                        # Made-up numbers must never be mistaken for real ones.
                        yield Static(
                            Content("\n").join(Content(line) for line in block.lines),
                            classes="safety-example safety-heading",
                        )
                        continue
                    yield Static(Content(block.heading), classes="safety-heading")
                    # The agency's own text: shown literally, never as markup.
                    yield Static(
                        Content("\n").join(Content(line) for line in block.lines),
                        classes="safety-numbers",
                    )
                yield Static(Content(pause.why), id="safety-why")
                yield Static(Content("What to do now"), classes="safety-heading")
                yield Static(
                    Content("\n").join(Content(f"• {line}") for line in pause.what_to_do),
                    id="safety-steps",
                )
                if pause.notice:
                    yield Static(Content(pause.notice), classes="safety-notice")
                yield Static(Content(pause.nothing_kept), classes="safety-quiet")
            with DialogBottom(), ButtonRow(classes="dialog-buttons"):
                if pause.can_go:
                    yield Button(Content("Go to the plan for hard times"), id="safety-go")
                # The default (focused, so Enter) is the one shown as the main button.
                yield Button(
                    Content("Carry on where we were"), id="safety-carry", variant="primary"
                )

    def on_mount(self) -> None:
        # Carrying on is where the focus starts: keys typed in a burst never open a topic.
        self.query_one("#safety-carry").focus()

    def action_close(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "safety-go")
