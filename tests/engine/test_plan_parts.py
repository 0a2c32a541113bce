"""plan_parts(): the parts of the plan so far, offered in Closing to keep private."""

from __future__ import annotations

from assistant.engine.functions import plan_parts


def test_only_sections_with_something_in_them_are_offered() -> None:
    data = {
        "about": {"name": ""},
        "hard_times": {"early_signs": "I stop eating"},
        "goals": {"list": []},
        "ratings": {"friendships": 3},
    }
    assert [o["value"] for o in plan_parts(data)] == [
        "section:life_areas",
        "section:hard_times",
    ]


def test_items_are_offered_by_id_in_the_persons_words() -> None:
    data = {
        "network": {"people": [{"id": "p1", "name": "Mum"}, {"id": "p2", "name": " "}]},
        "concerns": {"list": [{"id": "c1", "kind": "money"}]},
        "resourceful": {"advice": [{"id": "r1", "who": "Mr K"}]},
        "community": {"list": [{"id": "o1", "what": "Choir"}]},
        "goals": {"list": [{"id": "g1", "what": "Sing", "actions": [{"id": "a1", "what": "Ask"}]}]},
    }
    items = [(o["value"], o["label"]) for o in plan_parts(data) if o["value"].startswith("item:")]
    assert items == [
        ("item:p1", "Someone in my life: Mum"),
        ("item:c1", "What makes it hard: number 1"),  # a code is never shown
        ("item:r1", "Could help: Mr K"),
        ("item:o1", "To try: Choir"),
        ("item:g1", "Goal: Sing"),
        ("item:a1", "Action: Ask"),
    ]


def test_an_empty_meeting_has_no_parts() -> None:
    assert plan_parts({}) == []


def test_measures_are_offered_when_the_four_questions_were_skipped() -> None:
    """Walkthrough finding 5: the version still carries earlier answers, history and counts."""
    later = {"previous": {"date": "2026-11-02", "wellbeing": {"happy": 6}}}
    counted = {"network": {"people": [{"id": "p1", "name": "Mum"}]}}
    for data in (later, {"previous": {"date": "2026-11-02"}}, counted):
        assert "section:measures" in [o["value"] for o in plan_parts(data)]
