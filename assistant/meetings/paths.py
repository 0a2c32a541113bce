"""Where a meeting's answers are stored, and what they mean to the meeting (no Textual).

The content decides which questions are asked; a few stored answers also change how the
meeting itself behaves: whether a record may be kept (``consent.record``), the name to show
(``about.name``), the people on the network map (``network.people``), the agreement to the
plan in Closing (``agreement.*``) and last time's ratings (``previous.ratings``). Those paths
are known here only; the meeting, the screens and the tools ask these functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assistant.engine import datapaths as dp
from assistant.flows.loader import Content
from assistant.flows.model import AskNode

CONSENT_PATH = "consent.record"
NAME_PATH = "about.name"
NETWORK_PATH = "network.people"
CLOSING_TOPIC = "closing"  # where the plan is agreed: finishing is offered after it


def _ask_storing(content: Content, path: str) -> tuple[str, AskNode] | None:
    """(topic title, question) of the first question that stores ``path``."""
    for index in content.topics.values():
        for node in index.nodes.values():
            if isinstance(node, AskNode) and node.store == path:
                return index.topic.title, node
    return None


def needs_consent(content: Content) -> bool:
    """True when the content asks the person whether a record may be kept."""
    return _ask_storing(content, CONSENT_PATH) is not None


def consent_topic(content: Content) -> str | None:
    """The title of the topic that asks ``consent.record`` (e.g. Getting started)."""
    found = _ask_storing(content, CONSENT_PATH)
    return found[0] if found else None


def consent_given(data: Mapping[str, Any]) -> bool:
    """True when the person said yes to keeping a record."""
    consent = data.get("consent")
    return isinstance(consent, Mapping) and consent.get("record") is True


def name_of(data: Mapping[str, Any]) -> str | None:
    """The name the person asked to be called (``about.name``), or None."""
    about = data.get("about")
    name = about.get("name") if isinstance(about, Mapping) else None
    return name.strip() if isinstance(name, str) and name.strip() else None


def with_name(data: Mapping[str, Any], name: str) -> dict[str, Any]:
    """``data`` with ``about.name`` set (the rest of ``about`` kept)."""
    about = data.get("about")
    return {**data, "about": {**(about if isinstance(about, Mapping) else {}), "name": name}}


def agreement_of(data: Mapping[str, Any]) -> bool | None:
    """True when both said yes (or mostly) to the plan in Closing, False if either said no
    or has not said yet, None when neither was asked."""
    agreement = data.get("agreement")
    if not isinstance(agreement, Mapping):
        return None
    person, worker = agreement.get("person_agrees"), agreement.get("worker_agrees")
    if person is None and worker is None:
        return None
    agreeing = ("yes", "mostly", True)
    return person in agreeing and worker in agreeing


def network_question(content: Content) -> AskNode | None:
    """The question that lists the people in the network (its fields name each person)."""
    found = _ask_storing(content, NETWORK_PATH)
    return found[1] if found else None


def network_people(data: Mapping[str, Any]) -> list[Any]:
    """The people in the network as answered so far (records), or []."""
    network = data.get("network")
    people = network.get("people") if isinstance(network, Mapping) else None
    return people if isinstance(people, list) else []


def previous_rating(data: Mapping[str, Any], name: str) -> int | None:
    """Last meeting's rating of one life area, as a later meeting starts with it."""
    previous = data.get("previous")
    if not isinstance(previous, Mapping):
        return None
    old = (previous.get("ratings") or {}).get(name)
    return old if isinstance(old, int) else None


def answer_at(data: Mapping[str, Any], path: str) -> Any:
    """The answer stored at a dotted ``path`` (records by ``#id``), or None."""
    value = dp.get(data, dp.split(path))
    return None if value is dp.MISSING else value
