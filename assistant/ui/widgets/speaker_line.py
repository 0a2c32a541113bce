"""The line that says who is answering (or changing an answer): the person, the worker or
both together, with F2 to change it. One drawing for the meeting screen and the edit dialog,
so the choice looks and reads the same wherever it is made."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from textual import events
from textual.content import Content

from assistant.engine.words import SPEAKER_ORDER, clean
from assistant.ui.widgets.answer_base import KeptStatic


def next_speaker(by: str) -> str:
    """The speaker after ``by`` in the order F2 goes round."""
    place = SPEAKER_ORDER.index(by) if by in SPEAKER_ORDER else -1
    return SPEAKER_ORDER[(place + 1) % len(SPEAKER_ORDER)]


#: The most characters of a name on the line: with the rest it fits one row of an 80-column
#: screen's question area, so a long name never wraps it (the chosen mark went out of view).
NAME_ROOM = 24
#: The fewest cells a name is cut to so that the rest of the line (the F2 hint) fits.
NAME_LEAST = 6


def short_name(name: str, room: int = NAME_ROOM) -> str:
    """``name`` cut to ``room`` cells, with an ellipsis when it was cut."""
    name = clean(name)
    if cell_len(name) <= room:
        return name
    cut = name[: room - 1]
    while cut and cell_len(cut) > room - 1:  # wide letters take two cells each
        cut = cut[:-1]
    return cut.rstrip() + "…"


def speaker_line(
    label: str,
    by: str,
    words: dict[str, str],
    note: str,
    *,
    width: int = 0,
    short_note: str | None = None,
) -> Content:
    """``label`` then each speaker, the chosen one marked, then ``note`` (the F2 hint); the
    names are user text (the person's own name), so they are plain ``Content``, never markup.

    Given the ``width`` it has, the line fits it by cutting the person's name (to no less
    than ``NAME_LEAST``), then by saying ``short_note`` instead of ``note``: the F2 hint at
    the end is never the part cut off (at 100x30 a 20-letter name pushed it out of view)."""
    name = words.get("person", "")
    room = NAME_ROOM
    if width > 0:
        others = sum(3 + cell_len(words[key]) for key in SPEAKER_ORDER if key != "person")
        fixed = cell_len(label) + others + 3
        room = min(NAME_ROOM, width - fixed - cell_len(note))
        if room < min(NAME_LEAST, cell_len(clean(name))) and short_note is not None:
            note = short_note
            room = min(NAME_ROOM, width - fixed - cell_len(note))
        room = max(room, NAME_LEAST)
    parts = [Content(label)]
    for key in SPEAKER_ORDER:
        mark = "●" if by == key else "○"
        style = "bold reverse" if by == key else "$text-muted"
        said = short_name(words[key], room) if key == "person" else clean(words[key])
        parts.append(Content(f" {mark} ") + Content(said).stylize(style))
    parts.append(Content(note).stylize("$text-muted"))
    return Content("").join(parts)


class SpeakerLine(KeptStatic):
    """The meeting's "Answering:" row, one line that fits its width: drawn again when the
    width changes (a resize, the panels beside it), not at each step."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._line: tuple[Any, ...] | None = None
        self._width = 0

    def show_line(
        self, label: str, by: str, words: dict[str, str], note: str, short_note: str
    ) -> None:
        """Who answers, fitted to the row (before the first layout: to an 80-column one)."""
        self._line = (label, by, words, note, short_note)
        self._width = self.size.width
        self._draw()

    def show_text(self, text: Content) -> None:
        """Something else on the row ("Nothing to answer here ...")."""
        self._line = None
        self.update(text)

    def on_resize(self, event: events.Resize) -> None:
        if self._line is not None and event.size.width != self._width:
            self._width = event.size.width
            self._draw()

    def _draw(self) -> None:
        assert self._line is not None
        label, by, words, note, short_note = self._line
        line = speaker_line(label, by, words, note, width=self._width, short_note=short_note)
        self.update(line)
