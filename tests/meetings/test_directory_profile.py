"""What directory matching may use (issue 15): an entry added from the directory is not the
person's words, so it never suggests itself "because you mentioned" its own name."""

from __future__ import annotations

from assistant.directory import directory_of
from assistant.directory.browse import suggest
from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content
from assistant.meetings.directory import idea_choices, profile_for
from assistant.meetings.meeting import Meeting
from assistant.records import CaseStore

REPAIR = "brackenford_repair_cafe"


def _meeting(store: CaseStore, content: Content) -> Meeting:
    case = store.open(store.create_person("Sam"))
    return Meeting(
        Conversation(content, {"community": {"list": [{"id": "t1", "what": "Park run"}]}}),
        case,
        "s1",
        person=case.person,
        consent_required=False,
    )


def test_an_entry_added_from_the_directory_is_not_the_persons_words(
    store: CaseStore, content: Content
) -> None:
    directory = directory_of(content)
    assert directory is not None
    meeting = _meeting(store, content)
    assert meeting.add_to_try(REPAIR, idea_from="me").done
    profile = profile_for(meeting)
    # The typed thing to try still counts; the added entry's name does not.
    assert profile.other == ("Park run",)
    name = directory.entry(REPAIR).name.lower()
    for pick in suggest(directory, profile):
        assert not any(name in reason.lower() for reason in pick.reasons)


def test_adding_from_the_directory_asks_the_lists_own_whose_idea_choices(
    content: Content,
) -> None:
    assert idea_choices(content) == [
        ("me", "My idea"),
        ("worker", "My worker's idea"),
        ("together", "We thought of it together"),
        ("someone_else", "Someone else's idea"),
    ]
