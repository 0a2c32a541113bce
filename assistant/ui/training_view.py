"""Lines for the practice screens, as Content (persona and answer text is never markup)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Container, Mapping
from typing import TYPE_CHECKING, Any

from textual.content import Content

from assistant.engine.words import one_line, shown
from assistant.training.replay import MOVE_WORDS
from assistant.training.timeline import Entry, Timeline

if TYPE_CHECKING:
    from assistant.training.model import Persona
    from assistant.training.store import PracticeInfo


def persona_line(persona: Persona) -> Content:
    """``Stan, 68 — lives alone since ...``: a chooser entry."""
    # Cut where the list is drawn (the list's CSS: an ellipsis at its width), not at a
    # fixed 90 characters that cut it short at 120 columns; 300 only bounds a runaway.
    summary = one_line(persona.summary, 300)
    return Content.assemble(
        (f"{shown(persona.name, 40)}, {persona.age}", "bold"), ("  —  ", ""), (summary, "")
    )


# Marks what the persona said. A plain one-cell character: the speaking-head emoji had no
# agreed width (one cell to Rich, two in most terminals), and each line pushed the side
# panel's border out and left stale rows on screen.
SAID_MARK = "»"


def said_line(who: str, words: str) -> Content:
    """``» Stan says: "..."``: what the persona said, marked as the persona speaking."""
    return Content.assemble(
        (f"{SAID_MARK} {shown(who, 40)} says: ", "bold"), (shown(words, 400), "")
    )


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
    """What the practice meeting number means for the trainee. It counts practices with
    this persona, not the person's story: Amira's briefing is a review with a worker of
    three years, and "This is a first meeting" beside it read as a contradiction."""
    if meeting <= 1:
        return f"This is your first practice meeting with {name}."
    return (
        f"This is practice meeting {meeting} with {name}: they may trust you a little more "
        "than at a first meeting."
    )


def _quoted(words: str) -> Content:
    return Content(f"\u201c{shown(words, 400)}\u201d")


def _value_text(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(t for t in (_value_text(v) for v in value) if t)
    if isinstance(value, dict):
        return str(value.get("what") or value.get("words") or value.get("name") or "")
    return "" if value is None or isinstance(value, bool) else str(value)


def move_line(data: Mapping[str, Any]) -> Content:
    """``▹ You suggested an idea: "Go to a lunch club"``: the trainee's move, with their words."""
    move = str(data.get("move", ""))
    said = MOVE_WORDS.get(move, move.replace("_", " "))
    words = str(data.get("words") or "") or _value_text(data.get("value"))
    line = Content.assemble(("▹ You ", "bold $text-primary"), (said, "$text-primary"))
    return line + Content(": ") + _quoted(words).stylize("italic") if words else line


def reaction_line(timeline: Timeline, entry: Entry, name: str, previous: Entry | None) -> Content:
    """What the persona (or the app) did in reply to a move, as one transcript line; an empty
    Content when there is nothing to show (warmth, a line the replay would not repeat)."""
    data = entry.data
    kind = entry.kind
    words = str(data.get("words") or "")
    if kind == "warmth":
        return Content("")  # warmth is for the feedback, not the trainee mid-practice
    if kind == "offered" and timeline.repeats(entry) is not None:
        return Content("")  # the persona's line just above says them already
    if kind == "skipped" and previous is not None and previous.data.get("move") == "move_on":
        return Content("")  # the move says it
    if kind == "kept_private" and timeline.repeats(entry) is not None:
        return Content.assemble((f"{SAID_MARK} ", ""), (shown(name, 40), "bold")) + Content(
            " asked for that to stay private."
        )
    agreed = "agreed" + (" (your idea, not theirs)" if data.get("idea_from") == "worker" else "")
    what = {
        "accepted": "said it is already on the list" if data.get("reason") == "listed" else agreed,
        "not_yet": "said not yet",
        "refused": "turned it down" + (" again" if data.get("reason") == "repeat" else ""),
        "keyboard": "took the keyboard" if data.get("taken") else "left the keyboard to you",
        "kept_private": "asked for that to stay private",
        "skipped": "",
    }.get(kind, "")
    if kind == "skipped":
        return Content("▹ You left this one for now.").stylize("$text-primary")
    if not words and not what:
        return Content("")
    head = Content.assemble((f"{SAID_MARK} ", ""), (shown(name, 40), "bold"))
    head += Content(f" {what}") if what else Content("")
    return head + Content(": ") + _quoted(words) if words else head + Content(".")


def practice_items(
    timeline: Timeline, entries: Mapping[int, Any], name: str, known: Container[str] = ()
) -> list[tuple[str, Any]]:
    """The practice's transcript in order: ``("e<seq>", transcript entry)`` for each answer
    still in force and ``("m<i>", Content)`` for each move and reaction worth a line
    (``("m<i>", None)`` for one in ``known``: already on screen, not drawn again).

    A persona line that only says the answer the next entry shows is left out (the answer
    shows it, by the persona's name)."""
    items: list[tuple[str, Any]] = []
    echoes: set[int] = set()
    for entry in timeline.entries:
        if entry.seq is None or entry.seq not in entries:
            continue
        cover = timeline.cover(entry)
        if cover is None or cover.kind != "persona" or cover.index is None:
            continue
        said = " ".join(str(cover.data.get("words") or "").split())
        if said == " ".join(_value_text(entries[entry.seq].value).split()):
            echoes.add(cover.index)
    previous: Entry | None = None
    for entry in timeline.entries:
        if entry.index is None:
            if entry.seq is not None and entry.seq in entries:
                items.append((f"e{entry.seq}", entries[entry.seq]))
            continue
        key = f"m{entry.index}"
        if key in known:
            items.append((key, None))
            previous = entry
            continue
        if entry.kind == "move":
            line = move_line(entry.data)
        elif entry.index in echoes:
            line = Content("")
        else:
            line = reaction_line(timeline, entry, name, previous)
        previous = entry
        if line.plain:
            items.append((key, line))
    return items
