"""Making people's words safe in each output format while showing them exactly as typed."""

from __future__ import annotations

import re

from assistant.text_width import cells

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


# The bidi controls (the list of assistant/safe_text.py): an override or embedding left open
# in a person's words (U+202E, arriving with an imported plan) turned the rest of its line,
# the app's own words too ("(Friend); in touch: ..."), back to front in a text copy.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_FSI, _PDI = "\u2068", "\u2069"
_ISOLATE_OPENERS = "\u2066\u2067\u2068"


def isolated(line: str) -> str:
    """One line of someone's words, as typed, isolated from the words around it (first
    strong isolate ... pop directional isolate, as HTML's ``<bdi>``) when it holds a bidi
    control: whatever it opens ends with it. A line without one is returned as it is, so
    ordinary copies stay byte for byte the same."""
    if not _BIDI.search(line):
        return line
    # A closing PDI of its own with nothing to close would end the isolate early, and an
    # isolate it opens would swallow the one put round it: one more of each balances them.
    opened = stray = 0
    for ch in line:
        if ch in _ISOLATE_OPENERS:
            opened += 1
        elif ch == _PDI:
            if opened:
                opened -= 1
            else:
                stray += 1
    words = line.lstrip(" \t")  # an indent stays outside, where it lines the words up
    return line[: len(line) - len(words)] + _FSI * (1 + stray) + words + _PDI * (1 + opened)


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
        return isolated(text)  # one line: a line break is in _MD_ANY
    text = visible_controls(text).replace("\r\n", "\n").replace("\r", "\n")
    lines = []
    for line in text.split("\n"):
        line = _MD_INLINE.sub(r"\\\1", line)
        line = _MD_LINE_START.sub(r"\1\\\2", line)
        line = _MD_ORDERED.sub(r"\1\\\2", line)
        # Each line isolated inside its hard break: the backslash must end the line.
        lines.append(isolated(line))
    # A backslash at the end of a line is a hard line break; an empty line would end the
    # paragraph (and the list item) instead, so it becomes a lone hard break.
    return "\\\n".join(lines)


def plain_text(value: object) -> str:
    """A value for plain text: exactly as typed, with control characters made visible, and
    each line that holds a bidi control isolated (:func:`isolated`)."""
    text = visible_controls(str(value)).replace("\r\n", "\n").replace("\r", "\n")
    if not _BIDI.search(text):
        return text
    return isolated_lines(text)


def isolated_lines(text: str) -> str:
    """``text`` with each line isolated on its own (:func:`isolated`): a line break ends an
    isolate, so one around several lines would not hold."""
    return "\n".join(isolated(line) for line in text.split("\n"))


_BULLET = re.compile(r"^(\s*)([-*•]\s+|\d+[.)]\s+)?")
# Where a line may break: runs of the whitespace textwrap breaks at (ASCII only), so ordinary
# copies wrap exactly as they did with textwrap.
_BREAKS = re.compile(r"([\t\n\x0b\x0c\r ]+)")


def _chunks(line: str) -> list[str]:
    """``line`` in words and the spaces between them, as textwrap splits it, except that a
    space inside an isolate (first strong isolate ... pop directional isolate round
    someone's words) is no place to break: the isolate is one word, so its opening and
    closing marks are always on the same line."""
    chunks: list[str] = []
    depth = 0
    for part in _BREAKS.split(line):
        if not part:
            continue
        if depth and chunks:
            chunks[-1] += part  # inside an isolate: part of the word before
        else:
            chunks.append(part)
        for ch in part:
            if ch in _ISOLATE_OPENERS:
                depth += 1
            elif ch == _PDI and depth:
                depth -= 1
    return chunks


def _wrapped(line: str, width: int, hang: str) -> list[str]:
    """One long line wrapped to ``width`` cells, as ``textwrap.wrap`` (words never split,
    whitespace dropped at the ends of lines, later lines indented by ``hang``) but measured
    in cells (assistant.text_width), not characters."""
    chunks = _chunks(line.expandtabs())
    chunks.reverse()
    lines: list[str] = []
    while chunks:
        indent = hang if lines else ""
        room = width - len(indent)
        if chunks[-1].strip() == "" and lines:
            del chunks[-1]
        current: list[str] = []
        used = 0
        while chunks and used + cells(chunks[-1]) <= room:
            used += cells(chunks[-1])
            current.append(chunks.pop())
        if chunks and not current and cells(chunks[-1]) > room:
            current.append(chunks.pop())  # a word longer than the line stays whole
        if current and current[-1].strip() == "":
            del current[-1]
        if current:
            lines.append(indent + "".join(current))
    return lines


def wrap_text(text: str, width: int = 78) -> str:
    """Wrap every line to ``width`` cells, continuing under the text after a bullet.

    Words are never split or changed; a word longer than the line stays whole, and so do
    someone's words isolated in the app's own (a long name may run past the line's end
    rather than leave its isolate's marks on two lines, the rest of the line turned round).
    """
    out: list[str] = []
    for line in text.split("\n"):
        if cells(line) <= width:
            out.append(line.rstrip())
            continue
        match = _BULLET.match(line)
        lead = match.group(1) if match else ""
        marker = match.group(2) or "" if match else ""
        hang = " " * (len(lead) + len(marker))
        out.extend(_wrapped(line, width, hang) or [""])
    return "\n".join(out)
