"""Lines for the practice screens, as Content (persona and answer text is never markup)."""

from __future__ import annotations

from typing import Any

from textual.content import Content

from assistant.meetings.words import one_line, shown


def persona_line(persona: Any) -> Content:
    """``Stan, 68 — lives alone since ...``: a chooser entry."""
    summary = one_line(getattr(persona, "summary", "") or "", 90)
    return Content.assemble(
        (f"{shown(persona.name, 40)}, {persona.age}", "bold"), ("  —  ", ""), (summary, "")
    )


def said_line(who: str, words: str) -> Content:
    """``Stan says: "..."``: what the persona said, marked as the persona speaking."""
    return Content.assemble((f"🗣 {shown(who, 40)} says: ", "bold"), (shown(words, 400), ""))
