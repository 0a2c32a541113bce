"""What a meeting's stored answers mean to the meeting itself (no Textual).

The content decides which questions are asked; a few stored answers also change how the
meeting behaves: whether a record may be kept, the name to show, the people on the network
map, the agreement to the plan in Closing and last time's ratings. Where those answers are
stored is named in :mod:`assistant.store_paths`; the meeting, the screens and the tools ask
these functions what the answers mean.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from assistant import store_paths as sp
from assistant.engine import datapaths as dp
from assistant.flows.loader import Content
from assistant.flows.model import AskNode, Topic

CLOSING_TOPIC = sp.AGREEING_TOPIC  # where the plan is agreed: finishing is offered after it
HARD_TIMES_TOPIC = "hard_times"  # the plan for hard times: a pause for safety offers it
REVIEW_TOPIC = "review"  # Looking back: a later meeting starts on it, a first one never


def ask_storing(content: Content, path: str) -> tuple[Topic, AskNode] | None:
    """(topic, question) of the first question that stores ``path``."""
    for index in content.topics.values():
        for node in index.nodes.values():
            if isinstance(node, AskNode) and node.store == path:
                return index.topic, node
    return None


def needs_consent(content: Content) -> bool:
    """True when the content asks the person whether a record may be kept."""
    return ask_storing(content, sp.CONSENT_RECORD) is not None


def consent_topic(content: Content) -> str | None:
    """The title of the topic that asks ``consent.record`` (e.g. Getting started)."""
    found = ask_storing(content, sp.CONSENT_RECORD)
    return found[0].title if found else None


def consent_topic_id(content: Content) -> str | None:
    """The id of the topic that asks ``consent.record``."""
    found = ask_storing(content, sp.CONSENT_RECORD)
    return found[0].id if found else None


def consent_given(data: Mapping[str, Any]) -> bool:
    """True when the person said yes to keeping a record."""
    return sp.value_at(data, sp.CONSENT_RECORD) is True


def name_of(data: Mapping[str, Any]) -> str | None:
    """The name the person asked to be called, or None."""
    name = sp.value_at(data, sp.NAME)
    return name.strip() if isinstance(name, str) and name.strip() else None


def with_name(data: Mapping[str, Any], name: str) -> dict[str, Any]:
    """``data`` with the name set (the other answers kept)."""
    return sp.with_value(data, sp.NAME, name)


def with_name_from_record(data: Mapping[str, Any], name: str) -> dict[str, Any]:
    """``data`` with the record's name as the name, marked as only filled in from the record
    (:data:`~assistant.store_paths.NAME_FROM_RECORD`), not given by the person."""
    return sp.with_value(with_name(data, name), sp.NAME_FROM_RECORD, True)


def name_from_record(data: Mapping[str, Any], log: Iterable[Mapping[str, Any]] = ()) -> bool:
    """True when the name in ``data`` was only filled in from the record's name: marked so
    when it was, and not answered since in ``log`` (that meeting's answer log; undone answers
    aside): typed, changed or confirmed at the name question, it is the person's. A name
    without the mark (meetings saved before it was kept) counts as the person's: nothing
    tells a name they gave from one copied, and only theirs must never be overwritten."""
    if sp.value_at(data, sp.NAME_FROM_RECORD) is not True:
        return False
    entries = list(log)
    undone = {entry.get("of") for entry in entries if entry.get("action") == "undone"}
    return not any(
        entry.get("path") == sp.NAME
        and entry.get("action") in ("answered", "changed", "chose")
        and entry.get("seq") not in undone
        for entry in entries
    )


def agreement_of(data: Mapping[str, Any]) -> bool | None:
    """True when both said yes (or mostly) to the plan in Closing, False if either said no
    or has not said yet, None when neither was asked."""
    person = sp.value_at(data, sp.PERSON_AGREES)
    worker = sp.value_at(data, sp.WORKER_AGREES)
    if person is None and worker is None:
        return None
    return sp.agrees(person) and sp.agrees(worker)


def answered_by(log: Sequence[Mapping[str, Any]], path: str) -> str | None:
    """Who last answered ``path`` ("person", "worker" or "both", as F2 set it), or None when
    the log does not say. Undone answers do not count."""
    undone = {entry.get("of") for entry in log if entry.get("action") == "undone"}
    for entry in reversed(log):
        if entry.get("seq") in undone or entry.get("path") != path:
            continue
        if entry.get("action") in ("answered", "changed", "chose"):
            by = entry.get("by")
            return by if isinstance(by, str) else None
    return None


def person_agreement_given_by_worker(log: Sequence[Mapping[str, Any]]) -> bool:
    """True when the person's "Do you agree with this plan?" was last answered with the
    worker answering (F2): the worker's word, not the person's. Undone answers do not count."""
    return answered_by(log, sp.PERSON_AGREES) == "worker"


# Whose "Mostly" it is, spoken to the person (the Finish dialog speaks to them), and who
# said it for them when someone else was answering (F2).
_MOSTLY_WHOSE = {"person": "you", "worker": "your worker"}
_MOSTLY_SAYER = {"person": "You", "worker": "Your worker"}


def mostly_said(data: Mapping[str, Any], log: Sequence[Mapping[str, Any]]) -> str:
    """Who said "Mostly" to agreeing the plan, in words spoken to the person, without a
    full stop: "You agreed most of this plan", "Your worker agreed most of this plan", "You
    and your worker agreed most of this plan", or, when the worker answered the person's
    question (F2), "Your worker said you agreed most of this plan". '' when nobody said
    "Mostly"."""
    said: list[tuple[str, str]] = []  # (whose answer, who gave it)
    for whose, path in (("person", sp.PERSON_AGREES), ("worker", sp.WORKER_AGREES)):
        if sp.value_at(data, path) != "mostly":
            continue
        by = answered_by(log, path)
        # Answered together, or not known: their own answer, as the question's speaker.
        said.append((whose, by if by in _MOSTLY_SAYER else whose))
    if not said:
        return ""
    if all(whose == by for whose, by in said):
        people = " and ".join(_MOSTLY_WHOSE[whose] for whose, _ in said)
        return f"{people[:1].upper()}{people[1:]} agreed most of this plan"
    sayers = {by for _, by in said}
    if len(said) == 2 and len(sayers) == 1:
        return f"{_MOSTLY_SAYER[sayers.pop()]} said you both agreed most of this plan"
    clauses = [
        f"{_MOSTLY_SAYER[by]} said {_MOSTLY_WHOSE[whose]} agreed most of this plan"
        if whose != by
        else f"{_MOSTLY_SAYER[by]} agreed most of this plan"
        for whose, by in said
    ]
    return "; ".join(clauses[:1] + [c[:1].lower() + c[1:] for c in clauses[1:]])


def network_question(content: Content) -> AskNode | None:
    """The question that lists the people in the network (its fields name each person)."""
    found = ask_storing(content, sp.NETWORK_PEOPLE)
    return found[1] if found else None


def network_people(data: Mapping[str, Any]) -> list[Any]:
    """The people in the network as answered so far (records), or []."""
    people = sp.value_at(data, sp.NETWORK_PEOPLE)
    return people if isinstance(people, list) else []


def previous_rating(data: Mapping[str, Any], name: str) -> int | None:
    """Last meeting's rating of one life area, as a later meeting starts with it."""
    old = sp.value_at(data, f"{sp.PREVIOUS_RATINGS}.{name}")
    return old if isinstance(old, int) else None


def answer_at(data: Mapping[str, Any], path: str) -> Any:
    """The answer stored at a dotted ``path`` (records by ``#id``), or None."""
    value = dp.get(data, dp.split(path))
    return None if value is dp.MISSING else value
