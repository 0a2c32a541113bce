"""The line that says who is answering (or changing an answer): the person, the worker or
both together, with F2 to change it. One drawing for the meeting screen and the edit dialog,
so the choice looks and reads the same wherever it is made."""

from __future__ import annotations

from textual.content import Content

from assistant.engine.words import SPEAKER_ORDER, clean


def next_speaker(by: str) -> str:
    """The speaker after ``by`` in the order F2 goes round."""
    place = SPEAKER_ORDER.index(by) if by in SPEAKER_ORDER else -1
    return SPEAKER_ORDER[(place + 1) % len(SPEAKER_ORDER)]


#: The most characters of a name on the line: with the rest it fits one row of an 80-column
#: screen's question area, so a long name never wraps it (the chosen mark went out of view).
NAME_ROOM = 24


def short_name(name: str, room: int = NAME_ROOM) -> str:
    """``name`` cut to ``room`` characters, with an ellipsis when it was cut."""
    name = clean(name)
    return name if len(name) <= room else name[: room - 1].rstrip() + "…"


def speaker_line(label: str, by: str, words: dict[str, str], note: str) -> Content:
    """``label`` then each speaker, the chosen one marked; the names are user text (the
    person's own name), so they are plain ``Content``, never markup."""
    parts = [Content(label)]
    for key in SPEAKER_ORDER:
        mark = "●" if by == key else "○"
        style = "bold reverse" if by == key else "$text-muted"
        parts.append(Content(f" {mark} ") + Content(short_name(words[key])).stylize(style))
    parts.append(Content(note).stylize("$text-muted"))
    return Content("").join(parts)
