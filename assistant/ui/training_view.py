"""Lines for the practice screens, as Content (persona and answer text is never markup)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from assistant.meetings.words import one_line, shown

if TYPE_CHECKING:
    from assistant.training.model import Persona


def persona_line(persona: Persona) -> Content:
    """``Stan, 68 — lives alone since ...``: a chooser entry."""
    summary = one_line(persona.summary, 90)
    return Content.assemble(
        (f"{shown(persona.name, 40)}, {persona.age}", "bold"), ("  —  ", ""), (summary, "")
    )


def said_line(who: str, words: str) -> Content:
    """``Stan says: "..."``: what the persona said, marked as the persona speaking."""
    return Content.assemble((f"🗣 {shown(who, 40)} says: ", "bold"), (shown(words, 400), ""))
