"""The community directory in a meeting: what matching may use, and "add to things to try".

- :func:`profile_for` what the pair has said that directory matching may use (the person's
  interests, strengths, shared interests, things to try; age and gender from the person's
  details when they are recorded);
- :func:`directory_for` the directory the meeting's content was loaded with;
- :func:`idea_choices` the list's "whose idea" choices, asked when adding from the directory;
- :func:`with_person` the content a person's meeting runs on: ``person_age()`` and
  ``person_gender()`` read their details, for the community topic's matches;
- :func:`try_addition` what "add to things to try" adds (``Meeting.add_to_try`` adds it,
  saved before it returns, undone by going back).

No Textual here: the directory screen (``assistant.ui``) calls these.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from assistant import identifiers
from assistant import store_paths as sp
from assistant.directory import Directory, directory_of
from assistant.directory.browse import Profile
from assistant.directory.to_try import listed_at, try_record
from assistant.flows.loader import Content

if TYPE_CHECKING:
    from assistant.meetings.meeting import Meeting

# Where the content keeps what the person said that matching may use.
_INTERESTS = ("about.interests",)
_STRENGTHS = ("about.strengths", "resourceful.can_offer")
_OTHER = ("community.shared_interest", "community.try_new")

# The list's "whose idea" choices (community.yaml `list`); anything else is not stored.
IDEA_FROM = ("me", "worker", "together", "someone_else")


def _words(data: Any, paths: Iterable[str]) -> tuple[str, ...]:
    found = []
    for path in paths:
        value = sp.value_at(data, path)
        if isinstance(value, str) and value.strip():
            found.append(value)
    return tuple(found)


def with_person(content: Content, person: Mapping[str, Any]) -> Content:
    """The content with ``person_age()`` and ``person_gender()`` reading this person's details
    (their record's date of birth and gender, None when not recorded or not one matching may
    use), so the community topic's matches can respect who an entry is for."""

    def person_age() -> int | None:
        return identifiers.person_age(person, _dt.date.today())

    def person_gender() -> str | None:
        return identifiers.person_gender(person)

    functions = {**content.functions, "person_age": person_age, "person_gender": person_gender}
    return dataclasses.replace(content, functions=functions)


def profile_for(meeting: Meeting, today: _dt.date | None = None) -> Profile:
    """What the pair has said so far that matching may use (nothing is guessed).

    Interests are the person's words for what they enjoy or used to enjoy; strengths what
    they are good at and could help others with; ``other`` the people who share something
    with them, something new to try and the things already on the list that the pair typed
    (an entry added from the directory is not their words: counted, it would suggest itself
    "because you mentioned" its own name). Age and gender come from the person's details only
    when recorded (``born``, ``gender``); situations are left empty, as no answer records one.
    """
    data = meeting.conv.data
    listed = sp.value_at(data, sp.COMMUNITY_LIST)
    things = tuple(
        str(r["what"])
        for r in (listed if isinstance(listed, list) else [])
        if isinstance(r, dict)
        and not r.get(sp.TRY_DIRECTORY)
        and isinstance(r.get("what"), str)
        and r["what"].strip()
    )
    person = meeting.person
    return Profile(
        interests=_words(data, _INTERESTS),
        strengths=_words(data, _STRENGTHS),
        other=_words(data, _OTHER) + things,
        age=identifiers.person_age(person, today or _dt.date.today()),
        gender=identifiers.person_gender(person),
    )


def idea_choices(content: Content) -> list[tuple[str, str]]:
    """The "whose idea" choices of the list of things to try, (value, label) in the topic's
    own order and words, so adding from the directory asks the same question; empty when no
    topic's list has one."""
    for index in content.topics.values():
        for node in index.topic.nodes:
            if getattr(node, "store", None) != sp.COMMUNITY_LIST:
                continue
            for field in getattr(node, "fields", None) or ():
                if field.name == "idea_from" and field.options:
                    return [(c.value, c.label) for c in field.options if c.value in IDEA_FROM]
    return []


def directory_for(meeting: Meeting) -> Directory | None:
    """The community directory beside the meeting's content, or None (none, or unreadable)."""
    return directory_of(meeting.conv.content)


def try_addition(
    conv: Any, entry_id: str, idea_from: str = "together"
) -> tuple[dict[str, Any], dict[str, Any], str] | str:
    """What "add to things to try" would add for ``entry_id``: the new list entry, the
    details kept with it (the entry's id) and the entry's name; or why nothing is added (in
    words for the people at the screen).

    An entry already on the list (picked before, added before, or typed by its name) is not
    added again. :meth:`Meeting.add_to_try <assistant.meetings.meeting.Meeting.add_to_try>`
    adds it.
    """
    directory = directory_of(conv.content)
    if directory is None:
        return "There is no list of local groups to add from."
    try:
        entry = directory.entry(entry_id)
    except KeyError:
        return "That group is no longer in the list of local groups."
    listed = sp.value_at(conv.data, sp.COMMUNITY_LIST)
    if listed_at(listed if isinstance(listed, list) else [], entry) is not None:
        return f"{entry.name} is on the list of things to try already."
    record = try_record(entry, idea_from if idea_from in IDEA_FROM else None)
    details = {sp.TRY_DIRECTORY: record.pop(sp.TRY_DIRECTORY)}
    return record, details, entry.name
