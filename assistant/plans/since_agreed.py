"""Whether the plan changed after both said yes to it in Closing (no Textual).

A yes is for the plan as it was when it was given. A new or changed answer after the
earlier of the two yeses that reaches the plan (a thing to try added from the directory, a
goal reworded) was never agreed by whoever said yes first, so the plan cannot be saved as
agreed until both say yes again. What Closing asks after the yes (the review date and who
reviews it, who may see the plan, who took part) is about the agreement, not the plan the
pair said yes to, and an answer given again as it was changes nothing: neither counts.

The plan as it was is rebuilt from the meeting's undo history, whose every write (an
answer's, and a ``set`` step's that logs nothing, e.g. a directory pick carried onto the
referrals list) keeps the value it replaced: each write since the yes is put back. When the
history no longer reaches back to the yes (it holds the last 500 actions, and is dropped
when the content changed), the answer log is used: each answer given since has its old
value logged beside it. The two plans are compared section by section
(:func:`assistant.plans.diff.diff_plans`).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final

from assistant import store_paths as sp
from assistant.engine import datapaths as dp
from assistant.engine.state import Transaction
from assistant.plans.diff import SECTIONS, Change, diff_plans
from assistant.plans.model import Plan

#: Log actions that give an answer (its value and, beside it, the one it replaced).
_GIVING: Final = ("answered", "changed")
#: Plan sections about the agreement itself, asked after the yes in Closing.
_ABOUT_AGREEING: Final = frozenset(
    SECTIONS[key] for key in ("agreement", "sharing", "participation")
)
_MEASURES: Final = SECTIONS["measures"]
#: Said when the answers changed since the yes cannot be put back to compare (an entry
#: from an older record without the old value): the change is not named, but it counts.
SOME_ANSWERS: Final = "some answers were changed"
#: How many changes are named before "and N more".
_NAMED: Final = 3
#: Where the plan is agreed, in words, when the content has no such topic to name.
AGREEING_UNNAMED: Final = "the topic where you agree the plan"


def agreeing_topic(content: Any) -> str:
    """The topic where the pair agree the plan, as the screen names it: its title from the
    loaded content in quotes ("'Our plan and next time'"; an agency's pack may retitle it),
    or plain words when the content has no such topic (or none could be loaded)."""
    topics = getattr(content, "topics", None) or {}
    index = topics.get(sp.AGREEING_TOPIC)
    title = getattr(getattr(index, "topic", None), "title", None)
    return f"'{title}'" if title else AGREEING_UNNAMED


def _in_force(log: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The log without undone entries (nor the entries saying so)."""
    entries = list(log)
    undone = {e.get("of") for e in entries if e.get("action") == "undone"}
    return [e for e in entries if e.get("action") != "undone" and e.get("seq") not in undone]


def agreed_at(log: Iterable[Mapping[str, Any]]) -> int | None:
    """The log position (``seq``) of the earlier of the two yeses (or mostly) now in force in
    Closing; None when either is not a yes or the log does not hold it (answers carried in,
    not given in this meeting)."""
    entries = _in_force(log)
    found = []
    for path in (sp.PERSON_AGREES, sp.WORKER_AGREES):
        given = next(
            (e for e in reversed(entries) if e.get("path") == path and e.get("action") in _GIVING),
            None,
        )
        if given is None or not sp.agrees(given.get("value")) or not given.get("seq"):
            return None
        found.append(int(given["seq"]))
    return min(found)


def _from_history(
    data: Mapping[str, Any], seq: int, history: Sequence[Transaction]
) -> dict[str, Any] | None:
    """The answers as they were once the action that logged ``seq`` was done: every write
    to the answers since put back, newest first. None when the history does not hold that
    action (it was trimmed, or dropped with a change of content)."""
    at = next((n for n, tx in enumerate(history) if seq in tx.seqs), None)
    if at is None:
        return None
    tree = {"data": copy.deepcopy(dict(data))}
    for tx in reversed(history[at + 1 :]):
        for path, old, _new in reversed(tx.diffs):
            if path and path[0] == "data":
                try:
                    dp.put(tree, path, old)
                except dp.PathConflict as exc:
                    raise ValueError(str(exc)) from None
    return tree["data"]


def data_when_agreed(
    data: Mapping[str, Any],
    log: Iterable[Mapping[str, Any]],
    history: Sequence[Transaction] | None = None,
) -> dict[str, Any] | None:
    """The answers as they were when both had said yes, or None when there is no yes in the
    log (or, going by the log alone, no answer was given since). ``history``: the meeting's
    undo history, which holds every write (see the module's note). Raises ``ValueError``
    when what was written since cannot be put back."""
    entries = _in_force(log)
    seq = agreed_at(entries)
    if seq is None:
        return None
    if history:
        then = _from_history(data, seq, history)
        if then is not None:
            return then
    since = [
        e
        for e in entries
        if int(e.get("seq") or 0) > seq and e.get("action") in _GIVING and e.get("path")
    ]
    if not since:
        return None
    then = copy.deepcopy(dict(data))
    for entry in reversed(since):
        if "old" not in entry:
            raise ValueError("an answer's earlier value is not in the log")
        old = entry["old"]
        try:
            dp.put(then, dp.split(str(entry["path"])), dp.MISSING if old is None else old)
        except dp.PathConflict as exc:
            raise ValueError(str(exc)) from None
    return then


def _words(change: Change) -> str:
    """One change in a few words, its section first: 'Things to do and places to go: thing
    to try "Riverside Walking Group" was added'."""
    place = change.where[0] if change.where else "The plan"
    if len(change.where) > 1:
        place = f"{place}: {' › '.join(change.where[1:])}"
    if change.kind == "added":
        return f"{place} was added"
    if change.kind == "removed":
        return f"{place} was taken off"
    return f"{place} was changed"


def changes_since_agreed(
    data: Mapping[str, Any],
    log: Iterable[Mapping[str, Any]],
    build: Callable[[Mapping[str, Any]], Plan],
    history: Sequence[Transaction] | None = None,
) -> list[str]:
    """What in the plan changed after both said yes in Closing, a few words each (at most
    three named, then "and N more"); [] when the plan is as they agreed it, or nobody said
    yes in this meeting's log. ``build`` builds the plan from a meeting's answers;
    ``history``: the meeting's undo history (:func:`data_when_agreed`)."""
    entries = _in_force(log)
    try:
        then = data_when_agreed(data, entries, history)
    except ValueError:  # what was written since could not be put back
        return [SOME_ANSWERS]
    if then is None:
        return []
    now = build(data)  # a plan that cannot be built now is not hidden as "changed"
    try:
        before = build(then)
    except ValueError:  # the answers as they were do not make a plan
        return [SOME_ANSWERS]
    changes = diff_plans(before, now)
    changes = [c for c in changes if not c.where or c.where[0] not in _ABOUT_AGREEING]
    # The measures are worked out from other answers (things to try kept up, ratings): said
    # only when nothing else changed, so the change itself is named, not its counts.
    named = [c for c in changes if not c.where or c.where[0] != _MEASURES] or changes
    words = list(dict.fromkeys(_words(c) for c in named))
    if len(words) > _NAMED:
        return [*words[:_NAMED], f"{len(words) - _NAMED} more"]
    return words


def said_changes(changes: list[str]) -> str:
    """The changes as one clause: "Things to try: X was added and Goals: Y was changed"."""
    if len(changes) <= 1:
        return "".join(changes)
    return f"{'; '.join(changes[:-1])} and {changes[-1]}"


def changed_since_line(changes: list[str]) -> str:
    """One short line for the plan so far, so the pair notice before they finish:
    "Changed since you both said yes: Goals: ... was changed." ("" when nothing changed)."""
    return f"Changed since you both said yes: {said_changes(changes)}." if changes else ""
