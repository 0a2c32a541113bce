"""Text that is safe to show on a terminal: no character in it can control the terminal.

A person's name or answer is data. Written to a terminal as it is, an Escape character starts
a command: ``ESC [2J`` clears the screen, ``ESC ]52;c;...`` puts text on the clipboard, a BEL
rings, a bidi override (U+202E) makes the rest of the line read backwards, and a lone
surrogate (half of a character, possible in JSON) cannot be encoded at all. Everything here
is plain Python (bottom layer) so the app, the CLI and the meetings' wording share one list.

What counts as *unsafe* (:data:`UNSAFE`):

* the C0 controls U+0000-U+001F (newline and tab only where a text may have several lines),
  DEL U+007F and the C1 controls U+0080-U+009F (U+009B is a one-byte CSI to some terminals);
* the bidi controls U+061C, U+200E, U+200F, U+202A-U+202E and U+2066-U+2069;
* the other invisible format characters that can hide text: U+180E, U+200B, U+2060-U+2064,
  U+206A-U+206F, U+FEFF, U+FFF9-U+FFFB, U+1BCA0-U+1BCA3, U+1D173-U+1D17A, U+E0001 and the tag
  characters U+E0020-U+E007F (except inside an emoji flag such as Scotland's, which is kept);
* the line and paragraph separators U+2028 and U+2029 (shown as escapes too: a newline in
  their place would break a JSON string; typed or pasted text gets a newline instead).

Kept as typed: every letter, mark, emoji and space, and the format characters that writing
needs: the zero-width joiner and non-joiner (U+200C, U+200D: emoji families, Indic and Persian
scripts), the soft hyphen and the visible number signs of Arabic and other scripts.

Two ways to make text safe, for two places:

* :func:`visible` (what people read: names, answers, CLI output) shows each unsafe character
  as its escape in JSON and Python, a backslash, ``u`` and four hex digits: ESC is shown as
  ``\\u001b``, a right-to-left override as ``\\u202e`` (a character beyond U+FFFF as its two
  UTF-16 halves, ``\\udb40\\udc67``). A worker can see that something odd was typed and say
  what it was, and JSON stays valid and exact: inside a JSON string the visible form *is* the
  escape of the same character. Lone surrogates become U+FFFD (the replacement character).
* :func:`invisible` (the app's last line of defence, just before a line goes to the terminal)
  removes unsafe characters instead: they take no cell on screen, so removing them keeps the
  layout Textual already worked out. Lone surrogates become U+FFFD (one cell, as before).

And one for what comes in: :func:`typed` is what is kept of text pasted into the app (the
only way a control character can be typed): the control characters (C0 but newline and tab,
DEL, C1) are dropped, a carriage return becomes a newline, lone surrogates become U+FFFD;
every other character is kept as the person's words (bidi marks included: some languages are
written with them), and shown visibly wherever the words are shown. :func:`typed_one_line`
is the same for a one-line box (a name): each line break, tab or other character that
separates words is one space there.

All are fast for ordinary text (one ``str.isprintable`` call) and use one precomputed
``str.translate`` table otherwise.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterable
from typing import BinaryIO, TextIO

#: Ranges (first, last) of the characters that are never written to a terminal as they are.
UNSAFE: tuple[tuple[int, int], ...] = (
    (0x0000, 0x001F),  # C0 controls (newline and tab: see LINE_BREAKS)
    (0x007F, 0x009F),  # DEL and the C1 controls
    (0x061C, 0x061C),  # Arabic letter mark (bidi)
    (0x180E, 0x180E),  # Mongolian vowel separator (invisible)
    (0x200B, 0x200B),  # zero-width space
    (0x200E, 0x200F),  # left-to-right and right-to-left marks (bidi)
    (0x2028, 0x2029),  # line and paragraph separators
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2060, 0x2064),  # word joiner and invisible operators
    (0x2066, 0x2069),  # bidi isolates
    (0x206A, 0x206F),  # deprecated format characters
    (0xFEFF, 0xFEFF),  # zero-width no-break space (byte order mark)
    (0xFFF9, 0xFFFB),  # interlinear annotation (hides text)
    (0x1BCA0, 0x1BCA3),  # shorthand format controls
    (0x1D173, 0x1D17A),  # musical format controls
    (0xE0001, 0xE0001),  # language tag
    (0xE0020, 0xE007F),  # tag characters (invisible ASCII)
)
#: Lone surrogates: half a character, which no terminal or file encoding accepts.
SURROGATES = (0xD800, 0xDFFF)
#: Kept where a text may have several lines (answers, CLI output); shown in one-line texts.
LINE_BREAKS = "\n\t"
#: The replacement character a lone surrogate becomes.
REPLACEMENT = "\ufffd"

# An emoji subdivision flag (Scotland, Wales, England): a black flag, tags, a cancel tag.
_FLAG = re.compile("\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f")
_TAGS = re.compile("[\U000e0020-\U000e007f]")


def _codes() -> Iterable[int]:
    for first, last in UNSAFE:
        yield from range(first, last + 1)


def escape_form(code: int) -> str:
    """The visible form of one character: ``\\u001b``; beyond U+FFFF its UTF-16 halves."""
    if code > 0xFFFF:
        high, low = divmod(code - 0x10000, 0x400)
        return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"
    return f"\\u{code:04x}"


def _table(*, remove: bool, keep: str) -> dict[int, str | None]:
    table: dict[int, str | None] = {
        code: (None if remove else escape_form(code)) for code in _codes()
    }
    table.update(dict.fromkeys(range(SURROGATES[0], SURROGATES[1] + 1), REPLACEMENT))
    for char in keep:
        del table[ord(char)]
    return table


_VISIBLE = _table(remove=False, keep=LINE_BREAKS)
_TYPED: dict[int, str | None] = {
    **dict.fromkeys([*range(0x00, 0x20), *range(0x7F, 0xA0)]),
    **dict.fromkeys(range(SURROGATES[0], SURROGATES[1] + 1), REPLACEMENT),
}
for _kept in LINE_BREAKS:
    del _TYPED[ord(_kept)]
# A line or paragraph separator typed or pasted in is a line break (the words keep their lines).
_TYPED[0x2028] = _TYPED[0x2029] = "\n"
_VISIBLE_ONE_LINE = _table(remove=False, keep="")
_INVISIBLE = _table(remove=True, keep="")


def _translate(text: str, table: dict[int, str | None]) -> str:
    if "\U0001f3f4" in text and _TAGS.search(text):
        # Keep emoji flags whole; make the text between them safe.
        parts, end = [], 0
        for match in _FLAG.finditer(text):
            parts += [text[end : match.start()].translate(table), match.group()]
            end = match.end()
        parts.append(text[end:].translate(table))
        return "".join(parts)
    return text.translate(table)


def visible(text: str, *, one_line: bool = False) -> str:
    """``text`` with every unsafe character shown as ``\\u001b`` (see the module docstring).

    Newline and tab are kept unless ``one_line`` (a name, a table cell), where they are shown
    too. Lone surrogates become U+FFFD.
    """
    if text.isprintable():  # nearly every text: no control, format or surrogate character
        return text
    return _translate(text, _VISIBLE_ONE_LINE if one_line else _VISIBLE)


def invisible(text: str) -> str:
    """``text`` with every unsafe character removed (newline and tab too), for a screen line.

    Unsafe characters take no cell on a terminal, so the line keeps its width; lone
    surrogates become U+FFFD, which takes the one cell they were given.
    """
    if text.isprintable():
        return text
    return _translate(text, _INVISIBLE)


def typed(text: str) -> str:
    """What is kept of text pasted or typed in: control characters dropped (newline and tab
    kept, a carriage return made a newline), lone surrogates as U+FFFD, the rest as it is."""
    if text.isprintable():
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_TYPED)


#: What separates words or lines (Python's whitespace controls: newline, carriage return,
#: tab, vertical tab, form feed, the information separators U+001C-U+001F, NEL, the line and
#: paragraph separators), with the spaces beside it: in a one-line text, one space.
_SEPARATOR = "\t\n\v\f\r\x1c-\x1f\x85\u2028\u2029"
_BREAK = re.compile(f"\\s*[{_SEPARATOR}]\\s*")


def typed_one_line(text: str, *, before: str = "", after: str = "") -> str:
    """What is kept of text pasted or typed into a one-line box (a name, a one-line answer):
    as :func:`typed`, but each line break, tab or other character that separates words,
    with the spaces beside it, is one space (dropped, they joined the words either side:
    "Sam", a newline, "Jones" read "SamJones"). At the start or the end of the text, a break
    is one space only when it stands between the text and words already in the box
    (``before`` and ``after`` are the box's words either side of where the text goes: "hello"
    and a pasted "\nworld" read "helloworld"); next to a space there, or with nothing there,
    it is none. Spaces elsewhere are kept as typed."""
    if text.isprintable():
        return text
    joins_before = bool(before) and not before[-1].isspace()
    joins_after = bool(after) and not after[0].isspace()

    def space(match: re.Match[str]) -> str:
        at_start, at_end = match.start() == 0, match.end() == len(text)
        if (at_start and joins_before) or (at_end and joins_after):
            return " "
        return "" if at_start or at_end else " "

    return typed(_BREAK.sub(space, text))


def is_safe(text: str, *, one_line: bool = False) -> bool:
    """Whether ``text`` holds no unsafe character (newline and tab allowed unless one_line)."""
    return visible(text, one_line=one_line) == text


def unsafe_characters(text: str) -> list[str]:
    """The unsafe characters in ``text``, each once, in their visible form (for messages)."""
    found: dict[str, None] = {}
    for char in text:
        shown = visible(char, one_line=True)
        if shown != char:
            found[shown] = None
    return list(found)


def hidden_characters(what: str, text: str) -> str | None:
    """Why a name or reference cannot be taken as typed, or None when it can.

    ``what`` starts the sentence ("The name"). Spaces, newlines and tabs are not counted
    (names are made one line anyway); the characters found are named as escapes.
    """
    found = unsafe_characters(" ".join(text.split()))
    if not found:
        return None
    return (
        f"{what} has hidden characters that can change how the screen shows text "
        f"({', '.join(found[:5])})."
    )


# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(text: str) -> str:
    """A text cell for a CSV file that a spreadsheet shows as text, never runs as a formula:
    one starting with = + - @ (or a tab or carriage return) gets a leading apostrophe."""
    return "'" + text if text[:1] in FORMULA_STARTS else text


class SafeWriter(io.TextIOBase):
    """A text stream that writes :func:`visible` text (newlines and tabs kept) to another one.

    For a command's standard output and error: nothing printed can control the terminal, and
    JSON printed through it stays valid and exact (see :func:`visible`). ``buffer`` is the
    underlying stream's, for commands that write bytes (exports to ``-``); text written here is
    flushed first, so the two keep their order.
    """

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream
        self._bytes: SafeBytes | None = None

    def write(self, text: str) -> int:
        safe = visible(text)
        try:
            self.stream.write(safe)
        except UnicodeEncodeError:
            # A terminal that cannot show some letter (an ASCII-only locale): a "?" for it.
            encoding = self.stream.encoding or "ascii"
            self.stream.write(safe.encode(encoding, "replace").decode(encoding))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self.stream.encoding

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return self.stream.errors

    @property
    def buffer(self) -> BinaryIO | SafeBytes:
        """The binary stream under this one; what was written as text is flushed first.

        On a terminal, bytes are made safe too (:class:`SafeBytes`: read as UTF-8 and written
        :func:`visible`). Elsewhere (a pipe, a file) they go through exactly as written: an
        export to ``-`` is the same file as one written to disk, and a PDF stays a PDF.
        """
        self.stream.flush()
        raw = self.stream.buffer
        if not self.stream.isatty():
            return raw
        if self._bytes is None:  # one, so a character split between writes is put together
            self._bytes = SafeBytes(raw)
        return self._bytes


class SafeBytes(io.RawIOBase):
    """A binary stream for a terminal: UTF-8 bytes written :func:`visible`, newlines kept.

    A character split between two writes is put together first; bytes that are not UTF-8
    are shown as U+FFFD.
    """

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__()
        self.raw = raw
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        text = self._decoder.decode(bytes(data))
        self.raw.write(visible(text).encode("utf-8"))
        return len(data)

    def flush(self) -> None:
        self.raw.flush()

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.raw.fileno()


__all__ = [
    "LINE_BREAKS",
    "REPLACEMENT",
    "SURROGATES",
    "UNSAFE",
    "SafeBytes",
    "SafeWriter",
    "escape_form",
    "hidden_characters",
    "invisible",
    "is_safe",
    "typed",
    "unsafe_characters",
    "visible",
]
