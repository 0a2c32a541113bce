"""Settings: theme, where the records are kept, and whether they are encrypted."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Select, Static

from assistant.ui.themes import THEME_WORDS
from assistant.ui.widgets.answers import literal, option_text

if TYPE_CHECKING:
    from assistant.ui.app import CpiApp


class SettingsScreen(ModalScreen[None]):
    app: CpiApp

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]

    def compose(self) -> ComposeResult:
        app = self.app
        with VerticalScroll(can_focus=False, classes="dialog wide-dialog", id="settings"):
            yield Static(Content("Settings"), classes="dialog-title")
            yield Static(Content("Theme"), classes="field-label")
            yield Select(
                [(option_text(words), name) for name, words in THEME_WORDS.items()],
                value=app.theme if app.theme in THEME_WORDS else Select.NULL,
                allow_blank=False,
                id="settings-theme",
            )
            yield Static(Content("Records folder"), classes="field-label")
            yield Static(literal(str(app.data_dir)))
            yield Static(
                Content(
                    "To use another folder, start the app with --data-dir FOLDER, or set "
                    "CPI_DATA_DIR."
                ).stylize("$text-muted")
            )
            yield Static(Content("Encryption"), classes="field-label")
            yield Static(Content(self._encryption_words()))
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content("Close"), id="settings-close", variant="primary")

    def _encryption_words(self) -> str:
        store = self.app.store
        if store is not None and store.encrypted:
            return "On: the records are encrypted with a passphrase."
        return (
            "Off: the records are readable by anyone who can open this folder. To turn it "
            "on, close the app and run: cpi-assistant init --encrypt"
        )

    def on_mount(self) -> None:
        self.query_one("#settings-theme").focus()

    @on(Select.Changed, "#settings-theme")
    def _theme(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.app.theme = event.value
            self.app.settings["theme"] = event.value
            self.app.save_settings()

    def action_close(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#settings-close")
    def _close(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)
