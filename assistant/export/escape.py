"""Making people's words safe in each output format while showing them exactly as typed."""

from __future__ import annotations

import re
import textwrap
import unicodedata

# Control characters (except tab and newline) would make a terminal or a viewer act on them
# (ANSI escapes, a bell); shown as their visible Unicode "control picture" instead.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_C1 = re.compile(r"[\x80-\x9f]")
_ANY_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # either, in one look


def visible_controls(text: str) -> str:
    """Replace control characters with visible symbols (``\\x1b`` -> ``␛``); keeps \\n, \\t."""
    if not _ANY_CONTROL.search(text):  # nearly every value: one look, no change
        return text
    text = _CONTROLS.sub(
        lambda m: chr(0x2400 + ord(m.group()) if m.group() != "\x7f" else 0x2421), text
    )
    return _C1.sub("\ufffd", text)


# Characters with a meaning anywhere in a CommonMark line: escaped with a backslash, which
# CommonMark allows before any ASCII punctuation and shows as the character itself.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~&#!])")
# Characters that start a block (list, heading underline, quote) only at the start of a line.
_MD_LINE_START = re.compile(r"^([ \t]*)([-+=])")
_MD_ORDERED = re.compile(r"^([ \t]*\d{1,9})([.)])")


# Anything markdown_text would change: a character it escapes, one that may start a block
# (a digit for "1."), a line break or a control character. Most values (labels, names, short
# answers) hold none and are returned in one look.
_MD_ANY = re.compile(r"[\\`*_\[\]<>|~&#!\-+=0-9\n\r\x00-\x08\x0b-\x1f\x7f-\x9f]")


def markdown_text(value: object) -> str:
    """Escape a value so CommonMark renders it literally, line breaks kept as hard breaks."""
    text = str(value)
    if not _MD_ANY.search(text):
        return text
    text = visible_controls(text).replace("\r\n", "\n").replace("\r", "\n")
    lines = []
    for line in text.split("\n"):
        line = _MD_INLINE.sub(r"\\\1", line)
        line = _MD_LINE_START.sub(r"\1\\\2", line)
        line = _MD_ORDERED.sub(r"\1\\\2", line)
        lines.append(line)
    # A backslash at the end of a line is a hard line break; an empty line would end the
    # paragraph (and the list item) instead, so it becomes a lone hard break.
    return "\\\n".join(lines)


def plain_text(value: object) -> str:
    """A value for plain text: exactly as typed, with control characters made visible."""
    return visible_controls(str(value)).replace("\r\n", "\n").replace("\r", "\n")


def _width(text: str) -> int:
    # East Asian wide characters take two columns; good enough for wrapping case notes.
    if text.isascii():  # most lines: one column a character, counted in C
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


_BULLET = re.compile(r"^(\s*)([-*•]\s+|\d+[.)]\s+)?")


def wrap_text(text: str, width: int = 78) -> str:
    """Wrap every line to ``width``, continuing under the text after a bullet.

    Words are never split or changed; a word longer than the line stays whole.
    """
    out: list[str] = []
    for line in text.split("\n"):
        if _width(line) <= width:
            out.append(line.rstrip())
            continue
        match = _BULLET.match(line)
        lead = match.group(1) if match else ""
        marker = match.group(2) or "" if match else ""
        hang = " " * (len(lead) + len(marker))
        out.extend(
            textwrap.wrap(
                line,
                width=width,
                initial_indent="",
                subsequent_indent=hang,
                break_long_words=False,
                break_on_hyphens=False,
                replace_whitespace=False,
                drop_whitespace=True,
            )
            or [""]
        )
    return "\n".join(out)
