"""Turning people's words and stored answers into display text (pure: no Textual here).

Everything a person typed is shown literally. These helpers only make it safe for a
terminal (control characters removed, very long pastes shortened for display) and say
stored values in plain words. The widgets wrap the result in ``Content(...)``, never in
markup, so ``[/]`` or ``[@click=app.quit]`` stay text.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

# Longer answers are kept whole in the record; on screen we show this much and say so.
SHOWN_CHARS = 2000

# C0 controls except newline, DEL, C1 controls: they move the cursor or change the terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

SPEAKER_WORDS: dict[str, str] = {"person": "Person", "worker": "Worker", "both": "Together"}
SPEAKER_ORDER = ("person", "worker", "both")
ADDRESSED_WORDS: dict[str, str] = {
    "person": "To you",
    "worker": "To the worker",
    "both": "To you both",
}


def clean(text: Any) -> str:
    """Text safe to put on a terminal: newlines kept, tabs as spaces, other controls gone."""
    text = "" if text is None else str(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return _CONTROL.sub("", text)


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


def format_date(value: str) -> str:
    """``2027-01-31`` -> ``Sun 31 Jan 2027``; anything else unchanged."""
    try:
        day = _dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return day.strftime("%a %d %b %Y").replace(" 0", " ")


def _labels(options: Iterable[Any]) -> dict[str, str]:
    labels: dict[str, str] = {}
    for option in options:
        if isinstance(option, tuple):
            labels[str(option[0])] = str(option[1])
        else:
            value = getattr(option, "value", option)
            labels[str(value)] = str(getattr(option, "text", value))
    return labels


def rating_words(value: Any, low: int, high: int, labels: Mapping[int, str] | None) -> str:
    word = (labels or {}).get(int(value)) if isinstance(value, int) else None
    base = f"{value} out of {high}" if low == 1 else f"{value} (from {low} to {high})"
    return f"{base}, {word}" if word else base


def value_words(value: Any, shape: Any = None, options: Sequence[Any] = ()) -> str:
    """A stored answer in plain words, using the question's options and labels if known."""
    kind = getattr(shape, "type", None)
    if value is None:
        return "(nothing)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    labels = _labels(options or getattr(shape, "options", ()) or ())
    if kind == "rating" and isinstance(value, int):
        low = int(shape.min) if shape.min is not None else 1
        high = int(shape.max) if shape.max is not None else 7
        return rating_words(value, low, high, shape.labels)
    if kind == "date":
        return format_date(value)
    if kind == "records" or (isinstance(value, list) and value and isinstance(value[0], dict)):
        names = [record_name(r, shape) for r in value if isinstance(r, dict)]
        if not names:
            return "nobody yet"
        return ", ".join(names)
    if isinstance(value, list):
        return ", ".join(labels.get(str(v), str(v)) for v in value) or "(none)"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return labels.get(str(value), str(value))


def record_name(record: Mapping[str, Any], shape: Any = None) -> str:
    """How one record (e.g. a person in the network) is named in lists."""
    template = getattr(shape, "item_label", None)
    if template:
        try:
            from assistant.flows.expressions import STATIC_GLOBALS, render

            text = render(template, {**STATIC_GLOBALS, "item": dict(record)})
            if text.strip():
                return text
        except Exception:
            # A broken label template must not hide the record: fall back to its fields.
            pass
    for key in ("name", "title", "label"):
        if record.get(key):
            return str(record[key])
    fields = getattr(shape, "fields", ()) or ()
    for field in fields:
        if record.get(field.name) not in (None, ""):
            return str(record[field.name])
    return "(no name)"


def record_details(record: Mapping[str, Any], fields: Sequence[Any]) -> str:
    """The other fields of a record, briefly, e.g. ``Family · Closest``."""
    parts = []
    for field in fields[1:]:
        value = record.get(field.name)
        if value in (None, "", []):
            continue
        kind = getattr(field, "type", "")
        word = (getattr(field, "labels", None) or {}).get(value) if kind == "rating" else None
        if word:
            parts.append(clean(word))
        elif kind == "rating":
            parts.append(f"{field.label} {value}")
        elif kind in ("choice", "multi_choice", "text", "long_text", "date"):
            parts.append(value_words(value, field))
        else:
            parts.append(f"{field.label}: {value_words(value, field)}")
    return " · ".join(parts)


SPARK = "▁▂▃▄▅▆▇█"


def spark(values: Sequence[int | float], low: float = 1, high: float = 7) -> str:
    """A small chart of ratings over time, one block per rating."""
    span = max(high - low, 1)
    out = []
    for value in values:
        level = round((float(value) - low) / span * (len(SPARK) - 1))
        out.append(SPARK[max(0, min(len(SPARK) - 1, level))])
    return "".join(out)
