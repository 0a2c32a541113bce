"""Turning what someone typed or picked into a stored answer, or a kind message.

Text is kept exactly as typed (no trimming, no parsing): it is the person's own words. The one
exception is a character no file can hold (a lone surrogate, e.g. from a broken paste): it
becomes U+FFFD, the usual replacement mark, so the answer can still be saved.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as _dt
import json
import re
import secrets
from typing import Any

from assistant.dates import DateNotRead, read_date
from assistant.flows.model import AskNode, Choice, RecordField

YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}


class AnswerError(ValueError):
    """An answer that cannot be accepted; the message is shown to the people at the screen."""


class UnknownDetail(AnswerError):
    """An entry of a list carries details that neither the list's fields nor the stored entry
    know. The message is plain (it may reach the screen); ``names`` is for authors."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(
            "This entry has details that cannot be kept here, so nothing was changed. "
            "Please add the entry again."
        )
        self.names = names

    def for_authors(self) -> str:
        return f"unknown detail in a list entry: {', '.join(self.names)}"


def rating_range(shape: AskNode | RecordField) -> tuple[int, int]:
    low = int(shape.min) if shape.min is not None else 1
    high = int(shape.max) if shape.max is not None else 7
    return low, high


def is_empty(value: Any) -> bool:
    return (
        value is None
        or value == ""
        or value == []
        or (isinstance(value, str) and not value.strip())
    )


def same_answer(old: Any, new: Any) -> bool:
    """True when two answers are the same as saved (``True`` is not ``1``, nor ``1.0``)."""
    try:
        return json.dumps(old, sort_keys=True) == json.dumps(new, sort_keys=True)
    except (TypeError, ValueError):
        return False


def _option_value(options: list[Choice], given: Any) -> str:
    text = str(given)
    for option in options:
        if text == option.value:
            return option.value
    folded = text.strip().casefold()
    for option in options:
        if folded in (option.value.casefold(), option.text.casefold()):
            return option.value
    labels = ", ".join(option.text for option in options)
    raise AnswerError(f"Please pick one of: {labels}.")


_SURROGATE = re.compile("[\ud800-\udfff]")


# Blank lines (only spaces or tabs) at the start or the end of a long text.
_EDGE_BLANK_LINES = re.compile(r"\A(?:[ \t]*\r?\n)+|(?:\r?\n[ \t]*)+\Z")


def storable_text(text: str) -> str:
    """``text`` with any lone surrogate (which UTF-8 cannot encode) replaced by U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def parse_date(given: Any, today: _dt.date | None = None, *, past: bool = False) -> str:
    """ISO ``YYYY-MM-DD`` from what was typed: ``15/12/2026`` (UK order), ISO, ``15 December``,
    ``Friday``, ``next week``, ``in 2 weeks``... (:func:`assistant.dates.read_date`), counted
    from ``today`` (the conversation's own date). With ``past`` (when something happened),
    ``4/12`` is the last 4 December and a day still to come is refused."""
    today = today or _dt.date.today()
    if isinstance(given, _dt.datetime):
        day = given.date()
    elif isinstance(given, _dt.date):
        day = given
    else:
        try:
            day = read_date(str(given), today, past=past).day
        except DateNotRead as exc:
            raise AnswerError(str(exc)) from None
    if past and day > today:
        raise AnswerError(
            "That day is still to come. When did it happen? Today, 'last Friday' or a date "
            "like 4/12 all work."
        )
    return day.isoformat()


def _number(shape: AskNode | RecordField, given: Any) -> int | float:
    if isinstance(given, bool):
        raise AnswerError("Please give a number.")
    if isinstance(given, (int, float)):
        value: int | float = given
    else:
        text = str(given).strip().replace(",", "")
        try:
            value = int(text)
        except ValueError:
            try:
                value = float(text)
            except ValueError:
                raise AnswerError("Please give a number, like 3.") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise AnswerError("Please give an ordinary number.")
    if shape.min is not None and value < shape.min:
        raise AnswerError(f"Please give a number of at least {shape.min:g}.")
    if shape.max is not None and value > shape.max:
        raise AnswerError(f"Please give a number no more than {shape.max:g}.")
    return value


def coerce(
    shape: AskNode | RecordField,
    given: Any,
    options: list[Choice] | None = None,
    today: _dt.date | None = None,
    earlier: Any = None,
) -> Any:
    """The value to store for ``given``, or ``AnswerError``. ``None`` means 'left empty'.

    ``options`` replaces the written options (for an ask with ``options_from``); ``today``
    is the conversation's own date (so 'today' and 'tomorrow' follow its clock); ``earlier``
    is what is stored now (for ``records``: entries keep the details other steps added).
    """
    kind = shape.type
    choices = shape.options if options is None else options
    if given is None or (isinstance(given, str) and given == "" and kind != "records"):
        return None
    if kind in ("text", "long_text"):
        if not isinstance(given, str):
            raise AnswerError("Please type an answer.")
        if kind == "long_text":
            # Enter pressed in an empty box, or after the last line, is not part of the
            # answer (an export showed it as blank lines before "music"); breaks inside stay.
            given = _EDGE_BLANK_LINES.sub("", given)
            if given == "":
                return None
        return storable_text(given)
    if kind == "choice":
        return _option_value(choices, given)
    if kind == "multi_choice":
        items = given if isinstance(given, (list, tuple, set)) else [given]
        chosen = [_option_value(choices, item) for item in items]
        order = [o.value for o in choices]
        picked = sorted(set(chosen), key=order.index)
        alone = next((o for o in choices if o.alone and o.value in picked), None)
        if alone is not None and len(picked) > 1:
            raise AnswerError(
                f"You picked '{alone.text}' and something else. Please pick one or the other."
            )
        if shape.max is not None and len(picked) > shape.max:
            # `max` on a multi_choice is how many may be ticked (e.g. up to 3 areas today).
            most = int(shape.max)
            raise AnswerError(
                f"Please pick up to {most}. You picked {len(picked)}: untick "
                f"{'one' if len(picked) - most == 1 else len(picked) - most} first."
            )
        return picked
    if kind == "rating":
        low, high = rating_range(shape)
        try:
            value = int(str(given).strip()) if not isinstance(given, int) else given
        except ValueError:
            raise AnswerError(f"Please pick a number from {low} to {high}.") from None
        if isinstance(value, bool) or not low <= value <= high:
            raise AnswerError(f"Please pick a number from {low} to {high}.")
        return value
    if kind == "number":
        return _number(shape, given)
    if kind == "yes_no":
        if isinstance(given, bool):
            return given
        folded = str(given).strip().casefold()
        if folded in YES:
            return True
        if folded in NO:
            return False
        raise AnswerError("Please answer yes or no.")
    if kind == "date":
        return parse_date(given, today, past=shape.past)
    if kind == "records":
        assert isinstance(shape, AskNode)
        return coerce_records(shape, given, today, earlier)
    raise AnswerError(f"Unknown answer type {kind}.")


def new_record_id() -> str:
    return secrets.token_hex(4)


def coerce_record(
    fields: list[RecordField],
    given: Any,
    today: _dt.date | None = None,
    earlier: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One record (e.g. one person in the network), with every field checked.

    ``earlier`` is the stored entry with the same id, if any. Details that other steps stored
    into it (e.g. how the person feels about someone, a goal's actions) are not fields of
    this list, so they are kept from ``earlier`` whatever ``given`` says about them: editing
    the list never loses them and cannot change them behind those steps' backs.
    """
    if not isinstance(given, dict):
        raise AnswerError("Each entry needs its details filled in.")
    known = {f.name for f in fields}
    kept = {k: v for k, v in (earlier or {}).items() if k not in known and k != "id"}
    unknown = sorted(set(given) - known - set(kept) - {"id"})
    if unknown:
        # The message is plain words; the names travel on the exception, for authors only.
        raise UnknownDetail(unknown)
    record: dict[str, Any] = {"id": str(given.get("id") or new_record_id())}
    # A field hidden by its `shown_when` (the choice it follows has another value, and the
    # entry as saved before held nothing in it) is not part of the entry: the dialog did not
    # show it, so its words are not kept (RecordField.shown, docs/content-format.md).
    shown = [f for f in fields if f.shown(_chosen(fields, given), earlier)]
    for field in shown:
        try:
            value = coerce(field, given.get(field.name), today=today)
        except AnswerError as exc:
            raise AnswerError(f"{field.label}: {exc}") from None
        if field.required and is_empty(value):
            raise AnswerError(f"{field.label}: please fill this in.")
        if value is not None:
            record[field.name] = value
    record.update(copy.deepcopy(kept))
    return record


def _chosen(fields: list[RecordField], given: dict[str, Any]) -> dict[str, Any]:
    """``given`` with each choice a `shown_when` follows read as its option's value (a
    playthrough may give the label, "Someone else"); one that is not an option stays as
    given, and its own check says so."""
    chosen = dict(given)
    followed = {f.shown_when.field for f in fields if f.shown_when is not None}
    for field in fields:
        if field.name in followed and field.type == "choice" and given.get(field.name):
            with contextlib.suppress(AnswerError):
                chosen[field.name] = _option_value(field.options, given[field.name])
    return chosen


def coerce_records(
    shape: AskNode,
    given: Any,
    today: _dt.date | None = None,
    earlier: Any = None,
) -> list[dict[str, Any]]:
    """A whole list, entry by entry; ``earlier`` is the list as stored before (if any)."""
    if not isinstance(given, (list, tuple)):
        raise AnswerError("Please add the entries as a list.")
    before = {
        str(r["id"]): r
        for r in (earlier if isinstance(earlier, list) else [])
        if isinstance(r, dict) and r.get("id") is not None
    }
    records = []
    for item in given:
        entry_id = item.get("id") if isinstance(item, dict) else None
        previous = before.get(str(entry_id)) if entry_id is not None else None
        records.append(coerce_record(shape.fields, item, today, previous))
    ids = [r["id"] for r in records]
    if len(set(ids)) != len(ids):
        raise AnswerError("Two entries are the same. Please take one of them off the list.")
    return records
