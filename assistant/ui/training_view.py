"""Lines for the practice screens, as Content (persona and answer text is never markup)."""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

from textual.content import Content

from assistant.meetings.words import one_line, shown

if TYPE_CHECKING:
    from assistant.training.model import Persona
    from assistant.training.store import PracticeInfo


def persona_line(persona: Persona) -> Content:
    """``Stan, 68 — lives alone since ...``: a chooser entry."""
    summary = one_line(persona.summary, 90)
    return Content.assemble(
        (f"{shown(persona.name, 40)}, {persona.age}", "bold"), ("  —  ", ""), (summary, "")
    )


def said_line(who: str, words: str) -> Content:
    """``Stan says: "..."``: what the persona said, marked as the persona speaking."""
    return Content.assemble((f"🗣 {shown(who, 40)} says: ", "bold"), (shown(words, 400), ""))


def referral_text(persona: Persona) -> str:
    """What a worker would know before meeting the persona (its referral; else the one-line
    summary): never the role card's secrets."""
    referral = (getattr(persona, "referral", None) or "").strip()
    if referral:
        return referral
    return f"{persona.name}, {persona.age}, {persona.pronouns}. {persona.summary}"


def when(iso: str) -> str:
    """``2 Dec 09:14`` for an ISO time ("" when it is not one)."""
    try:
        moment = _dt.datetime.fromisoformat(iso)
    except ValueError:
        return ""
    return f"{moment.day} {moment:%b %H:%M}"


def resume_line(info: PracticeInfo, persona: Persona) -> Content:
    """``↻ Carry on with Stan (solo), started 2 Dec 09:14``: a practice not finished yet."""
    started = when(info.started)
    meeting = f", practice meeting {info.meeting}" if info.meeting > 1 else ""
    return Content.assemble(
        ("↻ Carry on with ", "bold"),
        (shown(persona.name, 40), "bold"),
        (f" ({info.mode}{meeting})", ""),
        (f", started {started}" if started else "", "$text-muted"),
    )


def practice_meeting_words(meeting: int, name: str) -> str:
    """What the practice meeting number means for the trainee."""
    if meeting <= 1:
        return f"This is a first meeting with {name}."
    return (
        f"This is practice meeting {meeting} with {name}: they may trust you a little more "
        "than at a first meeting."
    )
