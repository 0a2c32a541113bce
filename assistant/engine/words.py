"""People's words as display text: safe for a terminal; dates and rating charts in words.

Everything a person typed is shown literally. These helpers only make it safe for a
terminal (very long pastes shortened for display; a character that would control the terminal
or hide text, such as Escape or a right-to-left override, is shown as its escape, ``\\u001b``,
so a worker can see that something odd was typed: :func:`assistant.safe_text.visible`). The
widgets wrap the result in ``Content(...)``, never in markup, so ``[/]`` or ``[@click=app.quit]``
stay text. Standard library only: Home uses these before any content is loaded (stored
answers in words are in :mod:`assistant.engine.answer_words`).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import Any

from assistant.dates import say_date
from assistant.safe_text import visible

# Longer answers are kept whole in the record; on screen we show this much and say so.
SHOWN_CHARS = 2000

SPEAKER_WORDS: dict[str, str] = {"person": "Person", "worker": "Worker", "both": "Together"}
SPEAKER_ORDER = ("person", "worker", "both")
ADDRESSED_WORDS: dict[str, str] = {
    "person": "To you",
    "worker": "To the worker",
    "both": "To you both",
}


def clean(text: Any) -> str:
    """Text safe to put on a terminal: newlines kept, tabs as spaces, other controls shown
    as escapes (``\\u001b``), lone surrogates as U+FFFD."""
    text = "" if text is None else str(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return visible(text)


def shown(text: Any, limit: int = SHOWN_CHARS) -> str:
    """``clean`` text, shortened for display when it is very long (the record keeps it all)."""
    text = clean(text)
    if len(text) <= limit:
        return text
    rest = len(text) - limit
    return f"{text[:limit]}… ({rest:,} more characters, all kept)"


def one_line(text: Any, width: int) -> str:
    """First line of ``text``, cut to ``width`` characters with an ellipsis."""
    first = clean(text).split("\n", 1)[0].strip()
    if width <= 1:
        return first[:width]
    return first if len(first) <= width else first[: width - 1] + "…"


def format_date(value: str, today: _dt.date | None = None) -> str:
    """``2026-12-15`` -> ``Tuesday 15 December`` (the year too when it is not this year);
    anything else unchanged."""
    return say_date(value, today) if value else ""


SPARK = "▁▂▃▄▅▆▇█"


def spark(values: Sequence[int | float], low: float = 1, high: float = 7) -> str:
    """A small chart of ratings over time, one block per rating."""
    span = max(high - low, 1)
    out = []
    for value in values:
        level = round((float(value) - low) / span * (len(SPARK) - 1))
        out.append(SPARK[max(0, min(len(SPARK) - 1, level))])
    return "".join(out)
