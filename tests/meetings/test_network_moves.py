"""Moving a person to another circle (the map's edit, issue 15): one record changes, the
rest stay exactly as they were; the keys go through people closest circle first."""

from __future__ import annotations

import pytest

from assistant.meetings.network_layout import connections_from, in_map_order, with_circle

PEOPLE = [
    {"id": "1", "name": "Mum", "relationship": "family", "circle": 2, "feeling": "good"},
    {"id": "2", "name": "Jo", "relationship": "friend", "circle": 1},
    {"id": "3", "name": "Dr Patel", "relationship": "professional"},
]


def test_only_the_person_moved_changes() -> None:
    moved = with_circle(PEOPLE, "1", 3)
    assert moved == [{**PEOPLE[0], "circle": 3}, PEOPLE[1], PEOPLE[2]]
    assert PEOPLE[0]["circle"] == 2  # the list given is not changed


def test_someone_without_a_circle_can_be_given_one() -> None:
    assert with_circle(PEOPLE, "3", 3)[2]["circle"] == 3


def test_moving_someone_to_their_own_circle_changes_nothing() -> None:
    assert with_circle(PEOPLE, "2", 1) is None


def test_moving_someone_no_longer_listed_changes_nothing() -> None:
    assert with_circle(PEOPLE, "9", 1) is None


def test_there_are_only_three_circles() -> None:
    with pytest.raises(ValueError):
        with_circle(PEOPLE, "1", 4)


def test_each_person_on_the_map_knows_their_record() -> None:
    assert [p.ref for p in connections_from(PEOPLE)] == ["1", "2", "3"]


def test_keys_go_closest_circle_first() -> None:
    assert [p.name for p in in_map_order(connections_from(PEOPLE))] == ["Jo", "Mum", "Dr Patel"]
