"""The privacy screen: everything blanked at once; the same key (or the passphrase) brings
it back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Static

if TYPE_CHECKING:
    from assistant.ui.app import CpiApp


class PrivacyScreen(Screen[None]):
    """Covers every other screen. Nothing of the meeting is drawn while it is up."""

    app: CpiApp

    def __init__(self, needs_passphrase: bool) -> None:
        super().__init__()
        self.needs_passphrase = needs_passphrase

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            if self.needs_passphrase:
                yield Static(
                    Content("Screen hidden. Type the passphrase to come back."), id="privacy-text"
                )
                yield Input(password=True, id="privacy-passphrase")
                yield Static(id="privacy-message")
            else:
                yield Static(
                    Content("Screen hidden. Press F9 or ctrl+b to come back."), id="privacy-text"
                )

    def on_mount(self) -> None:
        if self.needs_passphrase:
            self.query_one(Input).focus()

    @on(Input.Submitted, "#privacy-passphrase")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._check(event.value)

    @work(thread=True, exclusive=True)
    def _check(self, passphrase: str) -> None:
        # The key check is deliberately slow (scrypt): keep the screen responsive.
        ok = self.app.check_passphrase(passphrase)
        self.app.call_from_thread(self._checked, ok)

    def _checked(self, ok: bool) -> None:
        if ok:
            self.dismiss(None)
            return
        entry = self.query_one(Input)
        entry.value = ""
        self.query_one("#privacy-message", Static).update(
            Content("That passphrase did not match. Please try again.")
        )
