"""Settings: theme, where the records are kept, and whether they are encrypted."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Select, Static

from assistant.settings import FolderProblem
from assistant.ui.screens.home import HomeScreen
from assistant.ui.themes import THEME_WORDS
from assistant.ui.widgets.answer_base import literal, option_text
from assistant.ui.widgets.dialog import ButtonRow, Dialog, DialogBody, DialogBottom, DialogTop

if TYPE_CHECKING:
    from assistant.ui.app import CpiApp


class SettingsScreen(Dialog[None]):
    app: CpiApp

    DEFAULT_CSS = """
    SettingsScreen .settings-row { height: auto; }
    SettingsScreen .settings-row > .row-label { width: 16; padding-top: 1; text-style: bold; }
    SettingsScreen .settings-row > Select, SettingsScreen .settings-row > Input { width: 1fr; }
    SettingsScreen .encryption-row { margin-top: 1; }
    SettingsScreen .encryption-row > .row-label { padding-top: 0; }
    SettingsScreen #encryption { width: 1fr; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]

    def compose(self) -> ComposeResult:
        app = self.app
        with Vertical(classes="dialog wide-dialog", id="settings"):
            with DialogTop():
                yield Static(Content("Settings"), classes="dialog-title")
            with DialogBody(id="settings-body"):
                # Label beside field where it reads well: the whole dialog fits 80x24.
                with Horizontal(classes="settings-row"):
                    yield Static(Content("Theme"), classes="row-label")
                    yield Select(
                        [(option_text(words), name) for name, words in THEME_WORDS.items()],
                        value=app.theme if app.theme in THEME_WORDS else Select.NULL,
                        allow_blank=False,
                        id="settings-theme",
                    )
                yield Static(Content("Records folder"), classes="field-label")
                with Horizontal(classes="settings-row"):
                    yield Input(str(app.data_dir), id="settings-folder")
                    yield Button(Content("Use this folder"), id="settings-use-folder")
                yield Static(Content(self._folder_note()).stylize("$text-muted"), id="folder-note")
                yield Input(
                    password=True,
                    placeholder="Passphrase of that folder",
                    id="settings-folder-passphrase",
                )
                yield Static(id="folder-message", classes="message")
                with Horizontal(classes="settings-row encryption-row"):
                    yield Static(Content("Encryption"), classes="row-label")
                    yield Static(Content(self._encryption_words()), id="encryption")
            with DialogBottom(), ButtonRow(classes="dialog-buttons"):
                yield Button(Content("Close"), id="settings-close", variant="primary")

    def _folder_note(self) -> str:
        set_by = self.app.data_dir_set_by
        if set_by:
            return (
                f"{set_by} chose this folder for this run. A folder chosen here is used "
                f"when the app starts without {set_by}."
            )
        return "Another folder (a shared or encrypted drive, say): type it and press Enter."

    def _encryption_words(self) -> str:
        store = self.app.store
        if store is not None and store.encrypted:
            return "On: the records are encrypted with a passphrase."
        return (
            "Off: the records are readable by anyone who can open this folder. To turn it "
            "on, close the app and run: cpi-assistant init --encrypt"
        )

    def on_mount(self) -> None:
        self.query_one("#settings-folder-passphrase").display = False
        self.query_one("#folder-message").display = False
        self.query_one("#settings-theme").focus(scroll_visible=False)  # the body opens at its top

    # -- the records folder ---------------------------------------------------------------

    @on(Input.Submitted, "#settings-folder")
    @on(Input.Submitted, "#settings-folder-passphrase")
    @on(Button.Pressed, "#settings-use-folder")
    def _use_folder(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        from assistant.ui.screens.session import SessionScreen

        if any(isinstance(screen, SessionScreen) for screen in self.app.screen_stack):
            self._folder_message("Finish or leave the meeting first, then change the folder.")
            return
        folder = self.query_one("#settings-folder", Input).value
        secret = self.query_one("#settings-folder-passphrase", Input)
        passphrase = secret.value if secret.display else None
        self._folder_message("Opening…")
        self._switch(folder, passphrase)

    @work(thread=True, exclusive=True, group="settings-folder")
    def _switch(self, folder: str, passphrase: str | None) -> None:
        problem = self.app.use_data_dir(folder, passphrase)
        self.app.call_from_thread(self._switched, problem)

    def _switched(self, problem: FolderProblem | None) -> None:
        if self not in self.app.screen_stack:  # closed while the folder was being opened
            if problem is None:
                self.app.notify(f"Records folder: {self.app.data_dir}", markup=False)
                if isinstance(self.app.screen, HomeScreen):
                    self.app.screen.reload()
            return
        secret = self.query_one("#settings-folder-passphrase", Input)
        secret.value = ""
        if problem is not None:
            if problem.needs_passphrase:
                secret.display = True
                secret.focus()
            self._folder_message(problem.message)
            return
        secret.display = False
        self.query_one("#settings-folder", Input).value = str(self.app.data_dir)
        self.query_one("#encryption", Static).update(Content(self._encryption_words()))
        self._folder_message(f"Now using {self.app.data_dir}.")
        self.app.notify(f"Records folder: {self.app.data_dir}", markup=False)

    def _folder_message(self, text: str) -> None:
        message = self.query_one("#folder-message", Static)
        message.display = bool(text)
        message.update(literal(text))

    @on(Select.Changed, "#settings-theme")
    def _theme(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.app.theme = event.value
            self.app.settings.theme = event.value
            self.app.save_settings()

    def action_close(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#settings-close")
    def _close(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)
