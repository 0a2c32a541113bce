"""One key scheme for the whole app (docs/app.md, "Keys"): the same key means the same thing
on every screen, and no screen takes a key the app, Textual, text fields, terminals or
browsers keep for themselves."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.widgets import Input, TextArea

import assistant.ui
from assistant.ui.screens.help import KEYS

DOCS_APP = Path(__file__).resolve().parents[2] / "docs" / "app.md"

# Keys nobody in the app may bind, and why.
KEPT_ELSEWHERE = {
    App.COMMAND_PALETTE_BINDING: "Textual's command palette (all actions)",
    "tab": "moving between parts of the screen",
    "shift+tab": "moving between parts of the screen",
    "ctrl+n": "browsers keep it (new window) under textual serve",
    "ctrl+t": "browsers keep it (new tab) under textual serve",
    "f11": "full screen in terminals and browsers",
    "f12": "browsers' developer tools",
    **{key: "Textual quits or copies" for b in App.BINDINGS for key in b.key.split(",")},
}
# What a text field does with a ctrl key: a screen's key must not mean something else there.
TEXT_FIELD_KEYS = {
    key: f"{cls.__name__}: {b.action}"
    for cls in (Input, TextArea)
    for b in cls.BINDINGS
    for key in b.key.split(",")
    if key.startswith("ctrl+")
}

# The scheme: each key and the actions that carry its one meaning.
SCHEME = {
    "f1": {"help", "dismiss"},  # help, and closing help again
    "question_mark": {"help", "dismiss"},
    "f9": {"privacy"},
    "ctrl+b": {"privacy"},
    "f2": {"cycle_speaker", "toggle_mode"},  # who answers (as the person, in practice)
    "f3": {"toggle_guidance"},
    "f4": {"topics"},
    "f5": {"panels"},
    "f6": {"park"},
    "f7": {"skip"},
    "f8": {"back"},
    # the practice's role card (named "Role card" when paired), and closing it again
    "f10": {"role_card", "paired_role_card", "close"},
    "ctrl+g": {"pause_for_safety", "close"},  # pause for safety, and carrying on again
    # the main thing of this form or question (ending a practice, in its feedback)
    "ctrl+s": {"done", "save", "export", "begin", "add", "end"},
    "ctrl+r": {"retry_save"},
    "ctrl+f": {"finish"},
    "ctrl+o": {"export", "trainer"},  # export (in practice, from the trainer's view)
    "ctrl+l": {"changes"},  # how things have changed (issue 19)
    # Escape always goes back: closes, cancels, leaves, says no.
    "escape": {
        "close",
        "back",
        "cancel",
        "leave",
        "keep",
        "dismiss",
        "app.quit",
        "answer(False)",
        "empty(False)",
    },
}


def _ui_classes() -> list[type]:
    """Every class in assistant.ui that declares its own BINDINGS."""
    found = []
    for module_info in pkgutil.walk_packages(assistant.ui.__path__, "assistant.ui."):
        module = importlib.import_module(module_info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and "BINDINGS" in vars(cls):
                found.append(cls)
    return found


def _bindings() -> list[tuple[str, str, str]]:
    """(class, key, action) for every binding declared in assistant.ui."""
    return [
        (cls.__qualname__, key, binding.action)
        for cls in _ui_classes()
        for binding in vars(cls)["BINDINGS"]
        if isinstance(binding, Binding)
        for key in binding.key.split(",")
    ]


def test_the_walk_finds_every_screen() -> None:
    names = {name for name, _, _ in _bindings()}
    assert {"CpiApp", "HomeScreen", "SessionScreen", "PracticeScreen", "PersonaChooser"} <= names
    assert {"RoleCardScreen", "RoleCardView", "FeedbackScreen", "HelpScreen"} <= names
    assert {"PracticeStart", "ReferralView"} <= names


def test_no_screen_takes_a_key_kept_elsewhere() -> None:
    taken = [
        f"{name}: {key} ({KEPT_ELSEWHERE[key]})"
        for name, key, _ in _bindings()
        if key in KEPT_ELSEWHERE
    ]
    assert taken == []


def test_no_key_means_one_thing_here_and_another_in_a_text_field() -> None:
    clashes = [
        f"{name}: {key} is {action} here, {TEXT_FIELD_KEYS[key]} in a text field"
        for name, key, action in _bindings()
        if key in TEXT_FIELD_KEYS
    ]
    assert clashes == []


def test_the_same_key_means_the_same_thing_everywhere() -> None:
    other = [
        f"{name}: {key} does {action}"
        for name, key, action in _bindings()
        if key in SCHEME and action not in SCHEME[key]
    ]
    assert other == []


def test_the_command_palette_still_opens_everywhere() -> None:
    # Nothing binds its key; the app keeps the palette on (the key bar's "^p More").
    assert all(key != App.COMMAND_PALETTE_BINDING for _, key, _ in _bindings())
    from assistant.ui.app import CpiApp

    assert CpiApp.ENABLE_COMMAND_PALETTE


def _named_keys(words: str) -> set[str]:
    """``F9 or ctrl+b`` -> {"f9", "ctrl+b"}: the F-keys and ctrl keys a line names."""
    return {k.lower() for k in re.findall(r"\b(F\d+|ctrl\+[a-z])\b", words, re.IGNORECASE)}


def _bound_keys() -> set[str]:
    return {key for _, key, _ in _bindings()} | set(KEPT_ELSEWHERE) - {"f11", "f12"}


def test_every_key_in_the_docs_key_table_is_bound() -> None:
    text = DOCS_APP.read_text(encoding="utf-8")
    section = text.split("\n## Keys\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")][1:]
    named = {key for row in rows for key in _named_keys(row.split("|")[1])}
    assert {"f2", "f8", "ctrl+s", "ctrl+o"} <= named  # the table was read
    assert sorted(named - _bound_keys()) == []


def test_every_key_in_the_help_screen_is_bound() -> None:
    named = {key for _, keys in KEYS for shown, _ in keys for key in _named_keys(shown)}
    assert {"f10", "ctrl+o"} <= named  # the practice's keys are in help
    assert sorted(named - _bound_keys()) == []
