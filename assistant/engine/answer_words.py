"""Stored answers in plain words, using each question's options and labels (no Textual).

A list of records (e.g. the people in the network) is named by the question's ``item_label``
template; the expression code that renders it (Jinja) loads with this module, which is why
these helpers are apart from :mod:`assistant.engine.words` (Home starts without Jinja).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from assistant import store_paths as sp
from assistant.engine import datapaths as dp
from assistant.engine.words import clean, format_date
from assistant.flows.expressions import ITEM_NAME, STATIC_GLOBALS, evaluate, record_view, render


def _labels(options: Iterable[Any]) -> dict[str, str]:
    labels: dict[str, str] = {}
    for option in options:
        if isinstance(option, tuple):
            labels[str(option[0])] = str(option[1])
        else:
            value = getattr(option, "value", option)
            labels[str(value)] = str(getattr(option, "text", value))
    return labels


def _loop_record(data: Any, store: str, path: str | None) -> dict[str, Any]:
    """The loop's name bound to the record an answer was stored in: ``goal.attainment``
    stored at ``goals.#g1.attainment`` is about ``goal`` = the record ``goals.#g1``."""
    name, *rest = dp.split(store) or ("",)
    segments = dp.split(path or "")
    if not rest or len(segments) <= len(rest) or segments[0] == name:
        return {}
    if list(segments[len(segments) - len(rest) :]) != rest:
        return {}
    record = dp.get(data, segments[: len(segments) - len(rest)])
    return {name: record_view(record)} if isinstance(record, Mapping) else {}


def options_now(conv: Any, node: Any, path: str | None = None) -> tuple[tuple[str, str], ...]:
    """The options a question with ``options_from`` would offer now, as (value, words) pairs
    (e.g. the people in the network by name, the parts of the plan): the words for answers
    stored as ids. ``path``, where the answer was stored, names the record of a loop's
    sub-flow (a goal's own levels); () when they cannot be worked out here."""
    source = getattr(node, "options_from", None)
    if not source:
        return ()
    bound = _loop_record(conv.data, str(getattr(node, "store", "") or ""), path)
    try:
        found = evaluate(source, {**conv.data, **STATIC_GLOBALS, **conv.functions, **bound})
    except Exception:
        # Only words for display: a failing expression leaves them unknown (shown humanised).
        return ()
    pairs = []
    for option in found if isinstance(found, list) else []:
        if isinstance(option, Mapping) and "value" in option:
            pairs.append((str(option["value"]), str(option.get("label", option["value"]))))
    return tuple(pairs)


def rating_words(value: Any, low: int, high: int, labels: Mapping[int, str] | None) -> str:
    word = (labels or {}).get(int(value)) if isinstance(value, int) else None
    base = f"{value} out of {high}" if low == 1 else f"{value} (from {low} to {high})"
    return f"{base}, {word}" if word else base


def computed_options(
    conv: Any, node: Any, path: str | None, labels: Mapping[str, Mapping[str, str]]
) -> tuple[tuple[str, str], ...]:
    """The words for the stored values of ``node``'s answer when its options are worked out
    as it is asked (``options_from``), so no one sees their ids; () for written options.
    ``labels`` (store -> value -> words, :func:`assistant.plans.from_session.
    labels_from_content`) names every directory entry for the directory's picks; other
    options are worked out as they would be offered now (:func:`options_now`)."""
    if not getattr(node, "options_from", None):
        return ()
    known = labels.get(str(getattr(node, "store", "") or ""))
    return tuple(known.items()) if known else options_now(conv, node, path)


def value_words(
    value: Any, shape: Any = None, options: Sequence[Any] = (), *, between: str = ", "
) -> str:
    """A stored answer in plain words, using the question's options and labels if known.

    ``between`` joins the items of a list (people, goals, ticked options); where items may
    hold commas themselves and be misread, a caller gives a mark no item is likely to hold."""
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
            # An empty list in its own words, as its editor says it ("No one added yet").
            return f"{none_word(shape)} added yet"
        return between.join(names)
    # Options worked out when the question was asked (``options_from``, e.g. community
    # directory entries) store ids: one whose words are not known is shown humanised, never
    # as the raw id.
    computed = bool(getattr(shape, "options_from", None))

    def word(v: Any) -> str:
        text = str(v)
        if text in labels:
            return labels[text]
        return humanise(text) if computed else text

    if isinstance(value, list):
        return between.join(word(v) for v in value) or "(none)"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return word(value)


#: What a list's entries are called (its ``item_name``) when they are people.
_PEOPLE_WORDS = frozenset({"someone", "somebody", "anyone", "anybody"})


def _of_people(shape: Any) -> bool:
    """Whether a list's entries are people: its ``item_name`` says so ("someone"), or without
    one its store is a list of people (``network.people``). One rule for every place that
    says what an empty list holds (the editor, the conversation, the copies)."""
    name = " ".join(str(getattr(shape, "item_name", None) or "").split()).lower()
    if name:
        return name in _PEOPLE_WORDS
    return "people" in str(getattr(shape, "store", "") or "")


def none_word(shape: Any) -> str:
    """What an empty list holds, to start a sentence: "No one" for a list of people (its
    entries are "someone"), else "Nothing"."""
    return "No one" if _of_people(shape) else "Nothing"


def emptied(value: Any, old: Any) -> bool:
    """Whether an answer took every entry off a list that had some (``old``: what it held
    before, as the answer log keeps it)."""
    return value == [] and isinstance(old, list) and bool(old)


def now_empty_words(shape: Any) -> str:
    """What a list emptied on purpose holds now: "nothing on this list now" ("no one" for
    people); "Nothing added yet" would read as if nothing had ever been said."""
    return f"{none_word(shape).lower()} on this list now"


def emptied_words(shape: Any) -> str:
    """A list emptied on purpose, in words: "Emptied: nothing on this list now"."""
    return f"Emptied: {now_empty_words(shape)}"


def humanise(code: str) -> str:
    """A stored code as words, for when its label is not known: ``jam_room`` -> ``Jam room``."""
    return code.replace("_", " ").strip().capitalize()


def _goal_words(goal: Any) -> Any:
    """``goal_words`` for a list's item labels (which see no conversation): a goal record's
    words now (:func:`assistant.store_paths.goal_words`); '' when it has none."""
    words = sp.goal_words(goal) if isinstance(goal, Mapping) else None
    return "" if words is None else words


def record_name(record: Mapping[str, Any], shape: Any = None) -> str:
    """How one record (e.g. a person in the network) is named in lists."""
    template = getattr(shape, "item_label", None)
    if template:
        try:
            names = {**STATIC_GLOBALS, "goal_words": _goal_words, ITEM_NAME: record_view(record)}
            text = render(template, names)
            if text.strip():
                return _choice_label(text, record, shape)
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


def _choice_label(text: str, record: Mapping[str, Any], shape: Any) -> str:
    """A label that came out as a choice field's stored value (``money``: an internal
    value, never for the screen) is shown as that option's label (``Money``). Words the
    person typed are kept as typed, even when they are the same as a stored value."""
    fields = getattr(shape, "fields", ()) or ()
    if any(
        getattr(f, "type", "") in ("text", "long_text") and record.get(f.name) == text
        for f in fields
    ):
        return text
    for field in fields:
        if getattr(field, "type", "") == "choice" and str(record.get(field.name)) == text:
            label = _labels(getattr(field, "options", ()) or ()).get(text)
            if label:
                return label
    return text


def _already_shown(words: str, kind: str, shown: str) -> bool:
    """True when the name already shows these words: the same words, or (for typed text) words
    the name quotes within it, as in an ``item_label`` that joins two fields."""
    words, shown = " ".join(words.split()).casefold(), " ".join(shown.split()).casefold()
    if kind in ("text", "long_text"):
        return bool(words) and words in shown
    return words == shown


def record_details(
    record: Mapping[str, Any], fields: Sequence[Any], shown: str | None = None
) -> str:
    """The other fields of a record, briefly, e.g. ``Family · Closest``.

    ``shown``: the record's name as listed (:func:`record_name`). Every field the name
    already shows is left out, whichever field it is (a concern is named by the person's
    words, its second field), so nothing is shown twice. Without it, the first field is
    taken to be the name."""
    parts = []
    for field in fields if shown is not None else fields[1:]:
        value = record.get(field.name)
        if value in (None, "", []):
            continue
        kind = getattr(field, "type", "")
        if shown is not None and _already_shown(value_words(value, field), kind, shown):
            continue
        word = (getattr(field, "labels", None) or {}).get(value) if kind == "rating" else None
        if word:
            parts.append(clean(word))
        elif kind == "rating":
            parts.append(f"{field.label} {value}")
        elif kind in ("choice", "multi_choice", "text", "long_text", "date"):
            parts.append(value_words(value, field))
        else:
            parts.append(labelled(field.label, value_words(value, field)))
    return " · ".join(parts)


def labelled(label: str, words: str) -> str:
    """A label and its answer on one line: "Name: Mo", and "Worth adding?: Yes" never (a
    label that is a question ends in its own mark, so only a space joins them)."""
    label = label.rstrip()
    return f"{label} {words}" if label.endswith(("?", ":")) else f"{label}: {words}"
