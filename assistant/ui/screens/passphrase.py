"""Asked once at start when the records folder is encrypted and no CPI_PASSPHRASE is set."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Static

from assistant.marks import TRAINING_WATERMARK
from assistant.records.errors import LOST_PASSPHRASE
from assistant.ui.widgets.answer_base import literal
from assistant.ui.widgets.keybar import KeyBar
from assistant.ui.widgets.training_banner import TrainingBanner

if TYPE_CHECKING:
    from assistant.ui.app import CpiApp


#: Said when the passphrase the app was given (CPI_PASSPHRASE) does not open the records.
WRONG_GIVEN_PASSPHRASE = (
    "The passphrase in CPI_PASSPHRASE does not open these records. Nothing was read or "
    "changed. Type the passphrase here."
)


#: From this try on, the message also says what to do when the passphrase is lost.
LOST_FROM_TRY = 3


def wrong_typed_passphrase(tries: int) -> str:
    """Said when a passphrase typed on this screen does not open the records; from the
    third try, with what to do when it is lost (the same try again gave no way on)."""
    said = (
        f"That passphrase did not open the records (try {tries}). Nothing was read or "
        "changed. Type it again."
    )
    if tries < LOST_FROM_TRY:
        return said
    return (
        f"{said}\n\n{LOST_PASSPHRASE} For other records, quit (Escape) and start the app "
        "with another folder: cpi-assistant --data-dir FOLDER."
    )


#: Said in training (``cpi-assistant train``): why a practice asks for the real records'
#: passphrase, and how to practise without it.
TRAINING_WHY = (
    "Practice is kept with these records, encrypted with the same passphrase, so it is "
    "asked for here (no real person's record is shown). Without it, practise in a folder "
    "of your own: quit (Escape), then cpi-assistant train --data-dir FOLDER."
)


class PassphraseScreen(Screen[None]):
    app: CpiApp

    DEFAULT_CSS = """
    PassphraseScreen #training-banner {
        dock: top;
        height: auto;
        border: heavy $warning;
        padding: 0 1;
        text-style: bold;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.quit", "Quit")]

    def __init__(self, message: str = "") -> None:
        super().__init__()
        self._message = message
        self._tries = 0  # passphrases typed here that did not open the records

    def compose(self) -> ComposeResult:
        training = self.app.training is not None
        if training:
            # Practice screens all carry the banner: this one comes first in `train`. Its
            # notices (a damaged settings file) are kept below it, as on every practice screen.
            banner = f"{TRAINING_WATERMARK} · practice"
            yield TrainingBanner(Content(banner), id="training-banner")
        with Vertical(classes="dialog", id="unlock"):
            yield Static(Content("The records are encrypted"), classes="dialog-title")
            if training:
                yield Static(Content(TRAINING_WHY), id="unlock-why")
            yield Static(literal(f"Records folder: {self.app.data_dir}"))
            yield Static(Content("Passphrase"), classes="field-label")
            yield Input(password=True, id="unlock-passphrase")
            yield Static(literal(self._message), id="unlock-message", classes="message")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value:
            self.query_one("#unlock-message", Static).update(
                Content("Type the passphrase, then press Enter.")
            )
            return
        self.query_one("#unlock-message", Static).update(Content("Checking…"))
        self._unlock(event.value)

    @work(thread=True, exclusive=True)
    def _unlock(self, passphrase: str) -> None:
        problem = self.app.open_store(passphrase)
        self.app.call_from_thread(self._done, problem)

    def _done(self, problem: str | None) -> None:
        self.query_one(Input).value = ""
        if problem:
            # Numbered, so each try reads as checked (the same words again looked as if
            # nothing had happened); a passphrase typed here never came from CPI_PASSPHRASE.
            self._tries += 1
            self.query_one("#unlock").set_class(self._tries >= LOST_FROM_TRY, "-lost")
            self.query_one("#unlock-message", Static).update(
                Content(wrong_typed_passphrase(self._tries))
            )
            return
        self.query_one("#unlock-message", Static).update(Content(""))
        self.app.show_home()
