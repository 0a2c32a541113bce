"""Stored answers in plain words, using each question's options and labels (no Textual).

A list of records (e.g. the people in the network) is named by the question's ``item_label``
template; the expression code that renders it (Jinja) loads with this module, which is why
these helpers are apart from :mod:`assistant.meetings.words` (Home starts without Jinja).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from assistant.flows.expressions import STATIC_GLOBALS, render
from assistant.meetings.words import clean, format_date


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
