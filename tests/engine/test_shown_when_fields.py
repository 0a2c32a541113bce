"""An entry keeps a `shown_when` field's words only while the field is shown: its choice has
one of the values, or the entry as saved before held words there (never lose a word)."""

from __future__ import annotations

from assistant.engine.answers import coerce_record
from assistant.flows.model import RecordField

FIELDS = [
    RecordField.model_validate({"name": "what", "label": "What", "type": "text"}),
    RecordField.model_validate(
        {
            "name": "who",
            "label": "Who will do it",
            "type": "choice",
            "options": [
                {"value": "me", "label": "Me"},
                {"value": "someone_else", "label": "Someone else"},
            ],
        }
    ),
    RecordField.model_validate(
        {
            "name": "who_else",
            "label": "If someone else, who",
            "type": "text",
            "required": True,
            "shown_when": {"field": "who", "is": ["someone_else"]},
        }
    ),
]


def test_words_in_a_hidden_field_are_not_kept() -> None:
    entry = coerce_record(FIELDS, {"what": "Ring", "who": "me", "who_else": "Jo"})
    assert "who_else" not in entry


def test_a_hidden_required_field_is_not_asked_for() -> None:
    entry = coerce_record(FIELDS, {"what": "Ring", "who": "me"})
    assert entry["who"] == "me"


def test_words_in_a_shown_field_are_kept_when_the_choice_is_given_by_its_label() -> None:
    entry = coerce_record(FIELDS, {"what": "Ring", "who": "Someone else", "who_else": "Jo"})
    assert entry["who_else"] == "Jo"


def test_words_the_entry_held_before_are_kept_whatever_the_choice() -> None:
    earlier = {"id": "a1", "what": "Ring", "who": "me", "who_else": "Jo"}
    entry = coerce_record(FIELDS, dict(earlier), earlier=earlier)
    assert entry["who_else"] == "Jo"
