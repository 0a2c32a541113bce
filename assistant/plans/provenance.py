"""Who proposed each part of a plan, read from the conversation's answer log.

Knows nothing about the content's store paths: it indexes every value the log ever set,
down to fields inside records (``goals.list.#g1.actions.#a1.what``), so the plan builder
can ask "who first gave this, and who changed it?" for any path.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

_SETTING = ("answered", "changed")
_BY = ("person", "worker", "both")
_ABSENT = object()


@dataclass(frozen=True)
class _Event:
    seq: int
    path: str
    by: str
    old: Any
    new: Any
    #: The app's suggested words, taken as offered (the log's ``suggested``).
    suggested: bool = False


def _flatten(prefix: str, value: Any, out: dict[str, Any]) -> None:
    """Leaf values by path; records in lists are addressed by ``#id`` like the engine does."""
    if isinstance(value, dict):
        if not value:
            out[prefix] = value
        for key, item in value.items():
            _flatten(f"{prefix}.{key}", item, out)
        return
    if isinstance(value, list) and value and all(isinstance(i, dict) and "id" in i for i in value):
        for item in value:
            record = f"{prefix}.#{item['id']}"
            out[record + ".id"] = item["id"]
            for key, field in item.items():
                if key != "id":
                    _flatten(f"{record}.{key}", field, out)
        return
    out[prefix] = value


@dataclass(frozen=True)
class Prior:
    """Provenance carried over from the previous plan version for one path."""

    proposed_by: str | None
    changed_by: tuple[str, ...] = ()
    #: Who agreed to the app's suggested words (``proposed_by`` is then None).
    agreed_by: str | None = None


class Provenance:
    """Index of an answer log: ``of(path)`` says who proposed and who changed that value."""

    def __init__(self, log: Iterable[Mapping[str, Any]]) -> None:
        entries = list(log)
        undone = {e.get("of") for e in entries if e.get("action") == "undone"}
        self._events: dict[str, list[_Event]] = {}
        for entry in entries:
            if entry.get("action") not in _SETTING or entry.get("seq") in undone:
                continue
            path = entry.get("path")
            by = entry.get("by")
            if not path or by not in _BY:
                continue
            new: dict[str, Any] = {}
            old: dict[str, Any] = {}
            _flatten(path, entry.get("value"), new)
            if entry.get("old") is not None:
                _flatten(path, entry.get("old"), old)
            for leaf, value in new.items():
                event = _Event(
                    int(entry.get("seq", 0)),
                    leaf,
                    by,
                    old.get(leaf, _ABSENT),
                    value,
                    entry.get("suggested") is True,
                )
                self._events.setdefault(leaf, []).append(event)
        # Paths in sorted order make "everything under this prefix" a cheap scan.
        self._paths = sorted(self._events)

    def _under(self, path: str) -> list[_Event]:
        found: list[_Event] = []
        # Leaves starting with ``path`` sit together in sorted order; keep exact or dotted ones.
        for leaf in self._paths[bisect.bisect_left(self._paths, path) :]:
            if not leaf.startswith(path):
                break
            if leaf == path or leaf[len(path)] == ".":
                found.extend(self._events[leaf])
        found.sort(key=lambda e: e.seq)
        return found

    def of(
        self, path: str, prior: Prior | None = None, changes_in: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        """``{"proposed_by", "changed_by"}`` for the value (or record) at ``path``, and
        ``agreed_by`` when its first words were the app's suggestion (the log's
        ``suggested``), taken as offered: ``proposed_by`` is then None.

        ``prior`` is what the previous plan version said about the same item: values carried
        over from an earlier meeting keep who proposed them there. ``changes_in`` names the
        record's fields whose replacement changes it (its own words, e.g. ``("what",)``);
        replacing any other field (a review's answers about it) does not. Empty: any field.
        """
        events = self._under(path)
        own = tuple(f"{path}.{field}" for field in changes_in)
        proposed = prior.proposed_by if prior else None
        changed = list(prior.changed_by) if prior else []
        agreed = prior.agreed_by if prior else None
        for number, event in enumerate(events):
            # A first answer (nothing there before) proposes; replacing a value changes it.
            is_change = event.old not in (_ABSENT, None) and event.old != event.new
            if own and not any(event.path == o or event.path.startswith(f"{o}.") for o in own):
                is_change = False
            first = proposed is None and agreed is None
            if prior is None and first and (number == 0 or not is_change):
                # The app's suggested words taken as offered: nobody in the meeting proposed
                # them; whoever gave the answer agreed to them.
                if event.suggested:
                    agreed = event.by
                else:
                    proposed = event.by
                continue
            if is_change and (not changed or changed[-1] != event.by):
                changed.append(event.by)
        found: dict[str, Any] = {"proposed_by": proposed, "changed_by": changed}
        if agreed is not None:
            found["agreed_by"] = agreed
        return found

    def started_from(self, path: str, value: Any) -> bool:
        """True when the first answer this log gave at ``path`` replaced ``value``: the
        meeting began with those words there (carried over from an earlier one) and edited
        them, rather than giving new words in place of none."""
        events = self._events.get(path)
        return events is not None and events[0].old == value

    def values(self, path: str) -> list[Any]:
        """Every value ``path`` held in this log, before and after each answer, in order."""
        found: list[Any] = []
        for event in self._events.get(path, []):
            found += [v for v in (event.old, event.new) if v is not _ABSENT and v is not None]
        return found

    def _last_giving(self, path: str) -> _Event | None:
        """The last answer that gave ``path`` a value it did not already hold (a list saved
        whole writes each record's fields again as they were: that gives nothing)."""
        for event in reversed(self._events.get(path, [])):
            if event.old is _ABSENT or event.old != event.new:
                return event
        return None

    def last_given(self, path: str) -> int | None:
        """The log's number (``seq``) of the last answer that gave ``path`` a value it did
        not already hold, None if none did."""
        event = self._last_giving(path)
        return event.seq if event is not None else None

    def given_by(self, path: str) -> str | None:
        """Who gave the value now in force at ``path``: the speaker of the last answer that
        gave it a value it did not already hold, None if none did. A list saved whole by
        another speaker, or a question answered again as it was, does not make the value
        theirs."""
        event = self._last_giving(path)
        return event.by if event is not None else None

    def last_replaced(self, path: str) -> int | None:
        """The log's number of the last answer that replaced the value at ``path`` with a
        different one (a first answer, or the same value again, replaces nothing)."""
        replaced = [
            e.seq
            for e in self._events.get(path, [])
            if e.old not in (_ABSENT, None) and e.old != e.new
        ]
        return replaced[-1] if replaced else None

    def seen(self, path: str) -> bool:
        """True when this meeting's log set anything at or under ``path``."""
        return bool(self._under(path))
