"""Searching the list of people key by key (Home's search): the same people as ``matches``."""

from __future__ import annotations

import pytest

from assistant.records import CaseStore
from assistant.records.index import PeopleSearch, PersonSummary, matches, search

PEOPLE = [
    PersonSummary("p-00000000a1", "Sam Jones", "R-100", "", "", 2, "9434765919"),
    PersonSummary("p-00000000b2", "ALEX", None, "", "", 0, None),
    PersonSummary("p-00000000c3", "Zoë Ng", "ref 943", "", "", 5, "4010232137"),
    PersonSummary("p-00000000d4", "Straße", "X-1", "", "", 1, None),
]


@pytest.mark.parametrize(
    "typed",
    ["", "  ", "s", "SAM", "sam j", "alex", "zoë", "strasse", "r-1", "943", "943 476", "943-476",
     "12", "401 023", "ref 9", "p-00000000c", "a1", "\0", "sam\0", "nobody", "zoe", "ZOE N",
     "r 1", "ref9", "x 1"],
)  # fmt: skip
def test_search_finds_what_matches_finds(typed: str) -> None:
    assert search(PEOPLE, typed) == [p for p in PEOPLE if matches(p, typed)]


def test_one_search_object_serves_every_key() -> None:
    searching = PeopleSearch(PEOPLE)
    assert searching.search("s") == [PEOPLE[0], PEOPLE[3]]
    assert searching.search("sa") == [PEOPLE[0]]
    assert searching.search("") == PEOPLE


def test_a_search_without_accents_finds_a_name_with_them() -> None:
    # Typed on a keyboard without ë, "zoe" found no one.
    assert search(PEOPLE, "zoe") == [PEOPLE[2]]
    assert search(PEOPLE, "ZOË") == [PEOPLE[2]]


def test_a_reference_typed_with_spaces_is_found() -> None:
    # "people 'r 0'" found no one, though the help says spaces are ignored.
    assert search(PEOPLE, "r -1") == [PEOPLE[0]]
    assert [p for p in PEOPLE if matches(p, "ref9")] == [PEOPLE[2]]


def test_listing_with_a_search_uses_it(store: CaseStore) -> None:
    store.create_person("Sam Jones", reference="R-100")
    store.create_person("Alex")
    assert [p.display_name for p in store.list_people("jones")] == ["Sam Jones"]
