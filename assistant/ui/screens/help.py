"""The keys, in plain words."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Static

from assistant.ui.widgets.dialog import Dialog, DialogBody, DialogBottom, DialogTop

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Anywhere",
        [
            ("F1 or ?", "This help"),
            ("F9 or ctrl+b", "Hide the screen at once; press again to come back"),
            ("ctrl+p", "Search all actions"),
            ("Tab, shift+Tab", "Move between parts of the screen"),
            ("ctrl+q", "Quit (what is saved stays saved)"),
        ],
    ),
    (
        "In a meeting",
        [
            ("Enter", "Give the answer, pick the option, or go on"),
            ("ctrl+s", "Done (for long answers, lists and ticked choices)"),
            ("F2", "Who answers: the person, the worker, or together"),
            ("F3", "Show or hide the worker's guidance"),
            ("F4", "Topics: see them all and jump to any"),
            ("F5", "Our plan so far, the network map, or neither"),
            ("F6", "Park this topic: come back to it later, it keeps its place"),
            ("F7", "Not today: leave this question for another time"),
            ("F8", "Back: undo the last step exactly"),
            ("ctrl+g", "Pause for safety: what to do now, your agency's numbers"),
            ("Shift+Tab, Enter", "From the answer, go up to an earlier answer to change it"),
            ("F2 (changing)", "Who is changing that answer: it is credited to them"),
            ("ctrl+f", "Finish the meeting and agree the plan"),
            ("ctrl+o", "Export the plan"),
            ("ctrl+l", "How things have changed: well-being, goals, connections over time"),
            ("ctrl+\\", "Community directory: ideas from what they said, add to things to try"),
            ("ctrl+r", "Try saving again (if saving failed)"),
            (
                "Escape",
                "Leave the meeting (it is saved; resume it from the list); in the topics "
                "(F4) or while reading, back to the question",
            ),
        ],
    ),
    (
        "Lists (people, goals...)",
        [
            ("a", "Add to the list"),
            ("Enter", "Change the details"),
            ("Delete", "Take off the list"),
        ],
    ),
    (
        "Home",
        [
            ("/", "Search"),
            ("n", "New person"),
            ("Enter", "Resume where we left off, or start a meeting"),
            ("m", "Start a new meeting"),
            ("s", "Settings: theme, records folder, encryption"),
            ("p", "Practice with a fictional person (training)"),
            ("d", "Community directory (to browse)"),
            ("c", "How things have changed for the person picked"),
            ("e", "Change the details of the person picked"),
        ],
    ),
    (
        "Practice (training)",
        [
            ("F2", "Choosing a person: solo (the app answers) or paired (a colleague does)"),
            ("F10", "Choosing a person: for the trainer, the role card and notes (asks first)"),
            ("Enter", "Choosing a person: start with them, or carry on with a practice"),
            ("ctrl+s", "Before the practice: begin (paired: show the role card, hand back)"),
            ("1", "Solo, your move: ask the question openly"),
            ("2", "Solo, your move: reflect back what they said"),
            ("3", "Solo, your move: ask a yes/no or leading question"),
            ("4", "Solo, your move: offer them the keyboard"),
            ("5", "Solo, your move: explain what is written down and who sees it"),
            ("6", "Solo, your move: ask for their ideas first (goals, things to try)"),
            ("7", "Solo, your move: suggest an idea (type it in the box)"),
            ("8", "Solo, your move: answer for them (type it; it goes in as yours)"),
            ("9", "Solo, your move: leave this question for now (as F7)"),
            ("Tab", "Solo: to the words box (or just type); how you put it, Enter makes the move"),
            ("Escape", "Solo, answering for them (8): back to your moves"),
            ("F10", "In the practice: solo, what you know about them; paired, the role card"),
            ("ctrl+o", "Trainer's view: feedback so far, export it; F10 there for the notes"),
            ("ctrl+f or Escape", "See the feedback and end the practice"),
            ("ctrl+s", "In the feedback at the end: end the practice"),
        ],
    ),
]


#: Key names as the help writes them, for the keys a dialog binds.
_KEY_NAMES = {
    "escape": "Escape",
    "enter": "Enter",
    "space": "Space",
    "pageup": "Page Up",
    "pagedown": "Page Down",
    "question_mark": "?",
}


def _key_name(key: str) -> str:
    if key in _KEY_NAMES:
        return _KEY_NAMES[key]
    if key[:1] == "f" and key[1:].isdigit():
        return key.upper()
    return key


def dialog_keys(screen: Screen[Any]) -> list[tuple[str, str]]:
    """The keys a dialog binds, each with what it does (its binding's words), then how to move
    about in it: what F1 lists while that dialog is open."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    ours = [cls for cls in type(screen).__mro__ if cls.__module__.startswith("assistant.")]
    for cls in ours:  # the dialog's own keys first, then those every dialog has (not Textual's)
        for binding in cls.__dict__.get("BINDINGS", []):
            if not isinstance(binding, Binding) or not binding.description:
                continue
            keys = [key for key in binding.key.split(",") if key not in seen]
            if not keys or screen.check_action(binding.action, ()) is False:
                continue
            seen.update(keys)
            words = getattr(screen, "key_words", None)  # a dialog may word its keys itself
            said = words(binding) if words else binding.description
            rows.append((" or ".join(_key_name(key) for key in keys), said))
    rows.append(("Tab, shift+Tab", "Move between the fields and buttons"))
    rows.append(("Enter", "On a button: press it"))
    return rows


#: The heading of a dialog's keys in the help opened over it.
DIALOG_HEADING = "In this dialog"


class KeyRow(Horizontal):
    """One key and what it does; the words wrap in their own column."""

    DEFAULT_CSS = """
    KeyRow { height: auto; }
    KeyRow > .key { width: 19; padding-left: 1; text-style: bold; }
    KeyRow > .words { width: 1fr; }
    """


class HelpScreen(Dialog[None]):
    DEFAULT_CSS = """
    HelpScreen .heading { margin-top: 1; }
    HelpScreen #help-foot { height: 1; margin-top: 1; }
    HelpScreen #help-foot > Button { min-width: 9; }
    HelpScreen .heading:first-of-type { margin-top: 0; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q,question_mark", "dismiss", "Close"),
    ]

    def __init__(
        self, start_at: str | None = None, dialog: list[tuple[str, str]] | None = None
    ) -> None:
        super().__init__()
        #: The heading of the part shown first (a screen's own keys), or None: the top.
        self.start_at = start_at
        #: Opened over a dialog: its keys (``dialog_keys``), listed with the keys that work
        #: anywhere, instead of every screen's.
        self.parts = KEYS if dialog is None else [(DIALOG_HEADING, dialog), KEYS[0]]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide-dialog", id="help"):
            with DialogTop():
                yield Static(Content("Keys"), classes="dialog-title")
            # The keys scroll (arrows, Page Up, Page Down); Close stays in view.
            with DialogBody(id="help-body"):
                for index, (title, keys) in enumerate(self.parts):
                    yield Static(
                        Content(title).stylize("bold $text-primary"),
                        classes="heading",
                        id=f"help-part-{index}",
                    )
                    for key, words in keys:
                        with KeyRow():
                            yield Static(Content(key), classes="key")
                            yield Static(Content(words), classes="words")
            # One line, not a row of tall buttons: the keys get the room (80x24).
            with DialogBottom(), Horizontal(id="help-foot"):
                yield Button(Content("Close"), id="help-close", variant="primary", compact=True)
                yield Static(
                    Content("  Escape or F1 closes. Arrows and Page Down scroll.").stylize(
                        "$text-muted"
                    )
                )

    def on_mount(self) -> None:
        # Once laid out: the keys take the focus when they scroll (the arrows then scroll
        # them), else Close does.
        self.call_after_refresh(self._first_focus)

    def _first_focus(self) -> None:
        body = self.query_one("#help-body", DialogBody)
        (body if body.allow_focus() else self.query_one("#help-close")).focus()
        titles = [title for title, _ in self.parts]
        if self.start_at in titles:
            heading = self.query_one(f"#help-part-{titles.index(self.start_at)}")
            body.scroll_to_widget(heading, top=True, animate=False)

    @on(Button.Pressed, "#help-close")
    def _close(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
