"""The keys, in plain words."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Anywhere",
        [
            ("F1 or ?", "This help"),
            ("F9 or ctrl+b", "Hide the screen at once (someone walks in); again to come back"),
            ("ctrl+p", "Search all actions"),
            ("Tab, shift+Tab", "Move between parts of the screen"),
            ("ctrl+q", "Quit (everything answered is already saved)"),
        ],
    ),
    (
        "In a meeting",
        [
            ("Enter", "Give the answer, pick the option, or go on"),
            ("ctrl+s", "Done (for long answers, lists and ticked choices)"),
            ("F2", "Who is answering: the person, the worker, or together"),
            ("F3", "Show or hide the worker's guidance"),
            ("F4", "Topics: see them all and jump to any"),
            ("F5", "Our plan so far, or the network map"),
            ("F6", "Park this topic: come back to it later, it keeps its place"),
            ("F7", "Not today: leave this question for another time"),
            ("F8", "Back: undo the last step exactly"),
            ("ctrl+g", "Pause for safety: what to do now, your agency's numbers"),
            ("Shift+Tab, Enter", "From the answer, go up to an earlier answer to change it"),
            ("ctrl+f", "Finish the meeting and agree the plan"),
            ("ctrl+o", "Export the plan"),
            ("ctrl+r", "Try saving again (if saving failed)"),
            ("Escape", "Leave the meeting (it is saved; resume it from the list)"),
        ],
    ),
    (
        "Lists of people",
        [("a", "Add someone"), ("Enter", "Change their details"), ("Delete", "Take off the list")],
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
        ],
    ),
    (
        "Practice (training)",
        [
            ("F2", "Choosing a person: solo (the app answers) or paired (a colleague does)"),
            ("ctrl+s", "On the role card: begin the practice"),
            ("F10", "The person's role card (F10 or Escape to go back)"),
            ("ctrl+l", "Solo: let the person answer this question"),
            ("ctrl+o", "Trainer's view: feedback so far, notes, export the feedback"),
            ("ctrl+f or Escape", "See the feedback and end the practice"),
        ],
    ),
]


def help_text() -> Content:
    parts: list[Content] = []
    for title, keys in KEYS:
        parts.append(Content(title).stylize("bold $text-primary"))
        for key, words in keys:
            parts.append(Content.assemble((f"  {key:<18}", "bold"), words))
        parts.append(Content(""))
    return Content("\n").join(parts)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q,question_mark", "dismiss", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide-dialog", id="help"):
            yield Static(Content("Keys"), classes="dialog-title")
            yield Static(help_text())
            yield Static(Content("Press Escape to close.").stylize("$text-muted"))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
