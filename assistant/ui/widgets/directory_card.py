"""How a community directory entry looks in the app: a line in the list and a readable card.

The words come from ``assistant.directory`` (``card``, ``Suggestion``): names, tag labels and
area names, never ids. Everything an agency or a person wrote is data here: it becomes
``Content`` through :func:`literal`, so ``[b]`` or ``{{ x }}`` in an entry is shown as typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Checkbox

from assistant.text_width import cut
from assistant.ui.widgets.answer_base import literal

if TYPE_CHECKING:
    from assistant.directory.browse import Card, Suggestion

#: Marks that stand for a word as well as a colour (colour alone is never the only sign).
SUGGESTED = "★"
ADDED = "✓"
STALE = "⚠"
NOT_FOR = "✗"


class Tick(Checkbox):
    """A check box whose tick is a mark (✓), not only a colour."""

    def render(self) -> Content:
        self.BUTTON_INNER = "✓" if self.value else " "
        return super().render()


def checked_month(card: Card) -> str | None:
    """``March 2026`` from the card's ``checked March 2026``."""
    if not card.last_checked:
        return None
    return card.last_checked.removeprefix("checked ").strip()


def stale_words(card: Card) -> str:
    """The worker's flag on an entry past its checked date."""
    month = checked_month(card)
    if month:
        return f"Details last checked {month}: check they are still right."
    return "No one has noted when these details were checked: check they are still right."


def fit_words(suggestion: Suggestion) -> str | None:
    """Whether the entry is for this person, as a sentence to read together."""
    if suggestion.fit == "fits":
        return None
    if suggestion.fit_note:
        return suggestion.fit_note
    return "Check this fits." if suggestion.fit == "check" else "It may not be for them."


def entry_line(
    suggestion: Suggestion,
    *,
    added: bool = False,
    suggested: bool = False,
    fit: bool = True,
    width: int = 60,
) -> Content:
    """One entry in the list: its name, then a short line of when, or why it was suggested.

    ``fit``: mark whether it fits the person (not when browsing with no one in mind)."""
    entry = suggestion.entry
    marks = []
    if added:
        marks.append(f"{ADDED} added")
    if fit and suggestion.fit == "not_for":
        marks.append(f"{NOT_FOR} not for them")
    elif fit and suggestion.fit == "check":
        marks.append("? check it fits")
    head = literal(entry.name, "bold")
    if suggested:
        head = Content(f"{SUGGESTED} ").stylize("$text-accent") + head
    if marks:
        head += Content("  " + " · ".join(marks)).stylize("$text-muted")
    detail = suggestion.reasons[0] if suggested and suggestion.reasons else entry.when
    return Content("\n").join([head, literal("  " + _cut(detail, width - 2), "$text-muted")])


def _cut(text: str, width: int) -> str:
    """``text`` on one line in ``width`` cells (a wide letter takes two, an accent typed on
    its own none: the CLI's and the exports' count), ending in "…" when it was cut."""
    return cut(" ".join(text.split()), width)


def card_content(card: Card, suggestion: Suggestion | None = None) -> Content:
    """The whole card: name and kind, why it was suggested and whether it fits, then what,
    when, where, cost, access, who it is for, contact, first visit tips and last checked."""
    parts: list[Content] = [literal(card.title, "bold")]
    if card.kind:
        parts.append(literal(_capital(card.kind), "$text-muted"))
    if card.stale:
        parts.append(
            Content(f"{STALE} For the worker: ").stylize("bold $text-warning")
            + literal(stale_words(card), "$text-warning")
        )
    if suggestion is not None:
        for reason in suggestion.reasons:
            parts.append(
                Content(f"{SUGGESTED} ").stylize("$text-accent") + literal(_sentence(reason))
            )
        fit = fit_words(suggestion)
        if fit:
            mark = NOT_FOR if suggestion.fit == "not_for" else "?"
            parts.append(
                Content(f"{mark} ").stylize("bold $text-warning") + literal(fit, "$text-warning")
            )
    parts.append(Content(""))
    parts.append(literal(card.what))
    rows = [
        ("When", card.when),
        ("Where", card.where),
        ("Cost", card.cost),
        ("Access", card.access),
        ("Who it is for", card.who_for or ""),
        ("Interests", ", ".join(card.interests)),
    ]
    for label, value in rows:
        if value:
            parts.append(_row(label, value))
    if card.bring_someone:
        parts.append(_row("Bring someone", "You can bring someone with you."))
    if card.contact:
        parts.append(_row("Contact", card.contact[0]))
        parts.extend(literal("  " + line) for line in card.contact[1:])
    if card.first_visit:
        parts.append(Content("First visit").stylize("bold"))
        parts.extend(literal(f"  • {tip}") for tip in card.first_visit)
    checked = checked_month(card) or "not noted"
    parts.append(_row("Last checked", checked, style="$text-muted"))
    return Content("\n").join(parts)


def _row(label: str, value: str, style: str = "") -> Content:
    return Content(f"{label}: ").stylize("bold") + literal(value, style)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence(text: str) -> str:
    """``because you said you enjoy fishing`` as a sentence of its own."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."
