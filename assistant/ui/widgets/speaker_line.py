"""The line that says who is answering (or changing an answer): the person, the worker or
both together, with F2 to change it. One drawing for the meeting screen and the edit dialog,
so the choice looks and reads the same wherever it is made.

It looks like a row of radio buttons, and works as one with the mouse: a click on a name
picks that one (:class:`SpeakerLine.Chosen`); a click on the F2 hint goes on to the next, as
F2 does. (A click anywhere on it used to go on to the next: clicking the person's name with
the worker chosen chose Together.)"""

from __future__ import annotations

from typing import Any, NamedTuple

from rich.cells import cell_len
from textual import events
from textual.content import Content
from textual.message import Message

from assistant.engine.words import SPEAKER_ORDER, clean
from assistant.text_width import cells, cut
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
    """``name`` cut to ``room`` cells, with an ellipsis when it was cut: counted as the CLI's
    tables and the exports count them (a wide letter two cells, an accent typed on its own
    none, and kept on its letter)."""
    return cut(clean(name), room)


#: Where the F2 hint is on the line: a click there goes on to the next speaker.
NEXT = "next"


class Place(NamedTuple):
    """Cells ``start`` to ``end`` (not included) of the line: ``speaker`` (or :data:`NEXT`)."""

    start: int
    end: int
    speaker: str


def speaker_line_and_places(
    label: str,
    by: str,
    words: dict[str, str],
    note: str,
    *,
    width: int = 0,
    short_note: str | None = None,
) -> tuple[Content, list[Place]]:
    """``label`` then each speaker, the chosen one marked, then ``note`` (the F2 hint), and
    where on the line each speaker (and the hint) is; the names are user text (the person's
    own name), so they are plain ``Content``, never markup.

    Given the ``width`` it has, the line fits it by cutting the person's name (to no less
    than ``NAME_LEAST``), then by saying ``short_note`` instead of ``note``: the F2 hint at
    the end is never the part cut off (at 100x30 a 20-letter name pushed it out of view)."""
    name = words.get("person", "")
    room = NAME_ROOM
    if width > 0:
        others = sum(3 + cell_len(words[key]) for key in SPEAKER_ORDER if key != "person")
        fixed = cell_len(label) + others + 3
        room = min(NAME_ROOM, width - fixed - cell_len(note))
        if room < min(NAME_LEAST, cells(clean(name))) and short_note is not None:
            note = short_note
            room = min(NAME_ROOM, width - fixed - cell_len(note))
        room = max(room, NAME_LEAST)
    parts = [Content(label)]
    places: list[Place] = []
    at = parts[0].cell_length
    for key in SPEAKER_ORDER:
        mark = "●" if by == key else "○"
        style = "bold reverse" if by == key else "$text-muted"
        said = short_name(words[key], room) if key == "person" else clean(words[key])
        part = Content(f" {mark} ") + Content(said).stylize(style)
        places.append(Place(at, at + part.cell_length, key))
        at += part.cell_length
        parts.append(part)
    hint = Content(note).stylize("$text-muted")
    places.append(Place(at, at + hint.cell_length, NEXT))
    parts.append(hint)
    return Content("").join(parts), places


class SpeakerLine(KeptStatic):
    """The meeting's "Answering:" row (and the edit dialog's "Who is changing it:"), one line
    that fits its width: drawn again when the width changes (a resize, the panels beside
    it), not at each step. A click on a name says :class:`Chosen`."""

    DEFAULT_CSS = """
    SpeakerLine {
        height: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    class Chosen(Message):
        """A click on the line chose ``speaker`` (person, worker, both), or :data:`NEXT`
        (the F2 hint: the one after the one chosen now)."""

        def __init__(self, line: SpeakerLine, speaker: str) -> None:
            super().__init__()
            self.line = line
            self.speaker = speaker

        @property
        def control(self) -> SpeakerLine:
            return self.line

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._line: tuple[Any, ...] | None = None
        self._width = 0
        self._places: list[Place] = []

    def show_line(
        self, label: str, by: str, words: dict[str, str], note: str, short_note: str
    ) -> None:
        """Who answers, fitted to the row (before the first layout: to an 80-column one)."""
        self._line = (label, by, words, note, short_note)
        self._width = self.size.width
        self._draw()

    def show_text(self, text: Content) -> None:
        """Something else on the row ("Nothing to answer here ..."): a click chooses nothing."""
        self._line = None
        self._places = []
        self.update(text)

    def speaker_at(self, x: int) -> str | None:
        """Who is shown at cell ``x`` of the line (or :data:`NEXT`), or None."""
        return next((p.speaker for p in self._places if p.start <= x < p.end), None)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        chosen = self.speaker_at(offset.x) if offset is not None else None
        if chosen is not None:
            self.post_message(self.Chosen(self, chosen))

    def on_resize(self, event: events.Resize) -> None:
        if self._line is not None and event.size.width != self._width:
            self._width = event.size.width
            self._draw()

    def _draw(self) -> None:
        assert self._line is not None
        label, by, words, note, short_note = self._line
        line, self._places = speaker_line_and_places(
            label, by, words, note, width=self._width, short_note=short_note
        )
        self.update(line)
