"""Settings: theme, where the records are kept, whether they are encrypted, and the agency's
content pack."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Select, Static

from assistant.content_pack.choice import ENV_CONTENT_PACK, pack_problem
from assistant.records.paths import ENV_DATA_DIR, command
from assistant.settings import FolderProblem
from assistant.ui.screens.home import HomeScreen
from assistant.ui.textual_internals import PickSelect
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
    SettingsScreen #pack-row > Button { margin-left: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]

    #: The folder last found not to be there (made if the worker asks for it again).
    _new_folder: str | None = None

    def compose(self) -> ComposeResult:
        app = self.app
        with Vertical(classes="dialog wide-dialog", id="settings"):
            with DialogTop():
                yield Static(Content("Settings"), classes="dialog-title")
            with DialogBody(id="settings-body"):
                # Label beside field where it reads well: the whole dialog fits 80x24.
                with Horizontal(classes="settings-row"):
                    yield Static(Content("Theme"), classes="row-label")
                    yield PickSelect(
                        [(option_text(words), name) for name, words in THEME_WORDS.items()],
                        value=app.theme if app.theme in THEME_WORDS else Select.NULL,
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
                yield Static(Content("Agency content pack"), classes="field-label")
                with Horizontal(classes="settings-row", id="pack-row"):
                    yield Input(
                        self._remembered_pack(),
                        placeholder="The folder of your agency's pack",
                        id="settings-pack",
                    )
                    yield Button(Content("Use this pack"), id="settings-use-pack")
                    yield Button(Content("Clear"), id="settings-clear-pack")
                yield Static(Content(self._pack_note()).stylize("$text-muted"), id="pack-note")
                yield Static(id="pack-message", classes="message")
            with DialogBottom(), ButtonRow(classes="dialog-buttons"):
                yield Button(Content("Close"), id="settings-close", variant="primary")

    def _folder_note(self) -> str:
        set_by = self.app.data_dir_set_by
        from_env = os.environ.get(ENV_DATA_DIR, "").strip()
        if set_by == ENV_DATA_DIR and from_env and Path(from_env).expanduser() != self.app.data_dir:
            # Chosen here after the variable chose the first: the variable still wins at the
            # next start (and for every command), which would split the people in two.
            return (
                f"Chosen here for now. {ENV_DATA_DIR} is set ({from_env}), so the app and "
                f"every command use that folder again from the next start, unless "
                f"{ENV_DATA_DIR} is removed."
            )
        if set_by:
            return (
                f"{set_by} chose this folder for this run. A folder chosen here is used "
                f"when the app starts without {set_by}."
            )
        return "Another folder (a shared or encrypted drive, say): type it and press Enter."

    def _encryption_words(self) -> str:
        store = self.app.store
        if store is not None and store.encryption_unfinished:
            return f"Not finished. {store.encryption_unfinished}"
        if store is not None and store.encrypted:
            return "On: the records are encrypted with a passphrase."
        # The folder is named when --data-dir or CPI_DATA_DIR chose it: the command alone
        # would encrypt another (the remembered or the default) folder.
        app = self.app
        folder = app.data_dir if app.data_dir_set_by else None
        return (
            "Off: the records are readable by anyone who can open this folder. To turn it "
            f"on, close the app and run: {command('init --encrypt', folder)}"
        )

    def _remembered_pack(self) -> str:
        """The pack remembered in Settings (not the one ``CPI_CONTENT_PACK`` chose for this
        run: Enter in the field would otherwise remember the variable's pack)."""
        return str(self.app.settings.content_pack or "")

    def _pack_note(self) -> str:
        app = self.app
        if app.content_pack is None:
            words = "None: the app uses the content it came with."
        else:
            name = app.content_pack_name or app.content_pack.name
            words = f"In use: {name}."
        if app.content_pack_set_by == ENV_CONTENT_PACK:
            words += (
                f" {ENV_CONTENT_PACK} chose it for this run; a pack chosen here is used when "
                f"the app starts without {ENV_CONTENT_PACK}."
            )
        return words + " A pack chosen here is checked first, and used from the next meeting."

    def on_mount(self) -> None:
        self.query_one("#settings-folder-passphrase").display = False
        self.query_one("#folder-message").display = False
        self.query_one("#pack-message").display = False
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
        # Asked again for the same folder after "There is no folder ...": make it.
        create = folder.strip() == self._new_folder
        self._folder_message("Opening…")
        self._switch(folder, passphrase, create)

    @work(thread=True, exclusive=True, group="settings-folder")
    def _switch(self, folder: str, passphrase: str | None, create: bool = False) -> None:
        problem = self.app.use_data_dir(folder, passphrase, create=create)
        self.app.call_from_thread(self._switched, problem, folder.strip())

    def _switched(self, problem: FolderProblem | None, folder: str = "") -> None:
        self._new_folder = folder if problem is not None and problem.new_folder else None
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
        self.query_one("#folder-note", Static).update(
            Content(self._folder_note()).stylize("$text-muted")
        )
        self._folder_message(f"Now using {self.app.data_dir}.")
        self.app.notify(f"Records folder: {self.app.data_dir}", markup=False)

    def _folder_message(self, text: str) -> None:
        message = self.query_one("#folder-message", Static)
        message.display = bool(text)
        message.update(literal(text))
        if text:
            self.call_after_refresh(message.scroll_visible, animate=False)

    # -- the agency's content pack -------------------------------------------------------

    @on(Input.Submitted, "#settings-pack")
    @on(Button.Pressed, "#settings-use-pack")
    @on(Button.Pressed, "#settings-clear-pack")
    def _use_pack(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        from assistant.ui.screens.session import SessionScreen

        if any(isinstance(screen, SessionScreen) for screen in self.app.screen_stack):
            self._pack_message("Finish or leave the meeting first, then change the pack.")
            return
        field = self.query_one("#settings-pack", Input)
        if isinstance(event, Button.Pressed) and event.button.id == "settings-clear-pack":
            field.value = ""
        text = field.value.strip()
        path = Path(text).expanduser() if text else None
        if path is not None and not path.is_absolute():
            self._pack_message("Please give the whole path of the pack's folder, from / (or ~).")
            return
        problem = pack_problem(path) if path is not None else None
        if problem:
            self._pack_message(f"{problem} Nothing was changed.")
            return
        self._pack_message("Checking the pack…")
        self._check_pack(path)

    @work(thread=True, exclusive=True, group="settings-pack")
    def _check_pack(self, path: Path | None) -> None:
        # Loading and checking the whole content takes a while: off the screen's thread.
        from assistant.agency import EXAMPLE_NOTICE
        from assistant.authoring.content import load_content
        from assistant.authoring.lint_layers import pack_errors
        from assistant.content_pack.manifest import read_manifest
        from assistant.flows.problems import ContentError

        app = self.app
        try:
            # The check validate runs (directory and templates too), then the content itself.
            errors = pack_errors(app.content_root, path) if path is not None else []
            if errors:
                raise ContentError(errors)
            content = load_content(app.content_root, pack=path)
        except ContentError as exc:
            problems = exc.problems
            shown = "\n".join(f"  {p}" for p in problems[:5])
            more = f"\n  …and {len(problems) - 5} more" if len(problems) > 5 else ""
            app.call_from_thread(
                self._pack_message,
                f"That pack has {len(problems)} problem(s), so it was not chosen and nothing "
                "changed. Whoever looks after it can see them all with: cpi-assistant validate "
                f"--strict {path}\n{shown}{more}",
            )
            return
        except OSError as exc:
            app.call_from_thread(
                self._pack_message, f"That pack could not be read: {exc.strerror or exc}."
            )
            return
        manifest = read_manifest(path) if path is not None else None
        name = manifest.pack.name if manifest is not None and manifest.pack else None
        if app.content_pack_set_by == ENV_CONTENT_PACK:
            # The variable beats the remembered choice while it is set: remember, keep content.
            app.settings.content_pack = path
            app.save_settings()
            app.call_from_thread(self._pack_remembered)
            return
        agency = content.agency
        notice = EXAMPLE_NOTICE if agency is not None and agency.example else None
        app.use_content_pack(path, content, name, notice)
        app.call_from_thread(self._pack_used)

    def _pack_remembered(self) -> None:
        """Said when a pack is chosen here while ``CPI_CONTENT_PACK`` chose this run's."""
        app = self.app
        from_env = os.environ.get(ENV_CONTENT_PACK, "").strip()
        words = (
            f"Remembered. While {ENV_CONTENT_PACK} is set ({from_env}), that pack is used."
            if app.settings.content_pack is not None
            else f"Forgotten. While {ENV_CONTENT_PACK} is set ({from_env}), that pack is used."
        )
        app.notify(words, markup=False)
        self._pack_message(words)

    def _pack_used(self) -> None:
        app = self.app
        if app.content_pack is None:
            words = "No pack now: the app uses the content it came with, from the next meeting."
        else:
            words = f"Now using {app.content_pack_name}, from the next meeting opened."
        app.notify(words, markup=False)
        for screen in app.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.show_notices()
        if self not in app.screen_stack:  # closed while the pack was being checked
            return
        self.query_one("#settings-pack", Input).value = self._remembered_pack()
        self.query_one("#pack-note", Static).update(
            Content(self._pack_note()).stylize("$text-muted")
        )
        self._pack_message(words)

    def _pack_message(self, text: str) -> None:
        if self not in self.app.screen_stack:  # closed while the pack was being checked
            return
        message = self.query_one("#pack-message", Static)
        message.display = bool(text)
        message.update(literal(text))
        if text:
            # The answer to Enter in the field: brought into view (it sat under the fold, so
            # a refused pack looked like nothing happening).
            self.call_after_refresh(message.scroll_visible, animate=False)

    @on(Select.Changed, "#settings-theme")
    def _theme(self, event: Select.Changed) -> None:
        # The selector reports its first value (the theme in use) as a change when the
        # screen opens: that is no choice, and opening Settings writes nothing (a --theme
        # for this run is not saved by opening them). Another value is one.
        if isinstance(event.value, str) and event.value != self.app.theme:
            self._use_theme(event.value)

    @on(PickSelect.Picked, "#settings-theme")
    def _theme_picked(self, event: PickSelect.Picked) -> None:
        # Picked from the list, the theme in use too: with --theme high-contrast and
        # Daylight saved, picking High contrast posts no Changed, and was never saved.
        self._use_theme(event.value)

    def _use_theme(self, theme: str) -> None:
        """Use ``theme`` now, and save it when the saved setting is another (compared with
        the saved one, not the one in use: they differ for a run given --theme)."""
        if theme != self.app.theme:
            self.app.theme = theme
        if theme != self.app.settings.theme:
            self.app.settings.theme = theme
            self.app.save_settings()

    def action_close(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#settings-close")
    def _close(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)
