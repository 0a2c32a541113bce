"""The audit trail's notes in words for the person's own copy (assistant.meetings.audit_words)."""

from __future__ import annotations

from assistant.meetings.audit_words import person_notes


def _exported(**details: object) -> list[str]:
    return person_notes(
        "exported",
        {"format": "txt", "plan_version": 3, "plan_state": "agreed", **details},
        {},
    )


def test_a_copy_for_the_gp_is_said_to_be_for_your_gp() -> None:
    assert _exported(audience="named", audience_name="GP") == [
        "plan version 3 (agreed) as a text file for your GP"
    ]


def test_a_copy_for_someone_the_person_named_quotes_their_name() -> None:
    assert _exported(audience="named", audience_name="Aunt Jo") == [
        "plan version 3 (agreed) as a text file for \u201cAunt Jo\u201d"
    ]
