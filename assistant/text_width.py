"""How many terminal cells text takes: the one count for the CLI's tables (the team report's
too), the text copy's wrapping and the drawings' label widths; and text cut to fit.

A wide letter (CJK) or an emoji takes two cells; a mark that sits on the letter before it
(an accent typed as its own character, U+0301), an emoji's skin tone, a joiner or another
invisible format character (a bidi control) takes none; everything else one (the soft
hyphen too, as terminals draw it). Grapheme clusters are not joined up beyond that (a family
emoji built with joiners counts each person), which is as most terminals draw them.
"""

from __future__ import annotations

import unicodedata

# Categories of characters drawn on (or between) the one before: nonspacing and enclosing
# marks, and format characters (zero-width joiner, bidi controls).
_NO_CELL = frozenset({"Mn", "Me", "Cf"})


def char_cells(ch: str) -> int:
    """The cells one character takes: 0, 1 or 2."""
    if ch < "\u0300":  # Latin-1 and Latin Extended (the soft hyphen too, as terminals draw it)
        return 1
    if unicodedata.category(ch) in _NO_CELL or "\U0001f3fb" <= ch <= "\U0001f3ff":
        return 0  # the skin tones (Sk, but wide alone) colour the emoji before them
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def cells(text: str) -> int:
    """How many terminal cells ``text`` takes."""
    if text.isascii():  # most text: one cell a character, counted in C
        return len(text)
    return sum(char_cells(ch) for ch in text)


def cut(text: str, room: int) -> str:
    """``text`` in at most ``room`` cells, ending in "…" when it was cut."""
    if cells(text) <= room:
        return text
    # The room left for "…", filled by cells, not characters; a mark that takes no cell
    # stays with the letter it sits on (José never becomes "Jose…").
    return _head(text, room - 1).rstrip() + "…"


def _head(text: str, room: int) -> str:
    """The longest start of ``text`` within ``room`` cells, marks kept on their letters."""
    end = 0
    for index, ch in enumerate(text):
        taken = char_cells(ch)
        if taken > room:
            break
        room -= taken
        end = index + 1
    return text[:end]


def _tail(text: str, room: int) -> str:
    """The longest end of ``text`` within ``room`` cells that starts on a letter (never on a
    mark that belongs to the letter before it)."""
    start = len(text)
    taken = 0
    for index in range(len(text) - 1, -1, -1):
        taken += char_cells(text[index])
        if taken > room:
            break
        if char_cells(text[index]) or index == 0:
            start = index
    return text[start:]


def cut_middle(text: str, room: int) -> str:
    """``text`` in at most ``room`` cells, its middle given up for "…" when it was cut: for a
    folder's path, whose start and last folder both tell which one it is."""
    if cells(text) <= room:
        return text
    if room <= 1:
        return "…"[:room]
    tail_room = (room - 1) // 2
    return _head(text, room - 1 - tail_room) + "…" + _tail(text, tail_room)


def cut_path(path: str, room: int) -> str:
    """A folder's ``path`` in at most ``room`` cells: its last folder kept whole where it fits
    ("/home/sam/…/records"), else its middle given up (:func:`cut_middle`)."""
    if cells(path) <= room:
        return path
    sep = max(path.rfind("/"), path.rfind("\\"))
    last = path[sep:] if sep > 0 else ""
    if last and cells(last) + 2 <= room:
        return _head(path, room - cells(last) - 1) + "…" + last
    return cut_middle(path, room)
