"""What a meeting reads from the answers: consent, the name, the network, last time's ratings."""

from __future__ import annotations

from typing import Any

from assistant.flows.loader import Content
from assistant.meetings.paths import (
    answer_at,
    consent_given,
    consent_topic,
    mostly_said,
    name_of,
    network_people,
    network_question,
    person_agreement_given_by_worker,
    previous_rating,
)
from assistant.store_paths import NETWORK_PEOPLE


def test_consent_is_a_yes_and_nothing_else() -> None:
    assert consent_given({"consent": {"record": True}})
    assert not consent_given({"consent": {"record": "yes"}})
    assert not consent_given({})


def test_the_name_is_the_words_given_without_spaces_round_them() -> None:
    assert name_of({"about": {"name": "  Sam "}}) == "Sam"
    assert name_of({"about": {"name": "   "}}) is None
    assert name_of({"about": "Sam"}) is None


def test_the_content_says_where_consent_and_the_network_are_asked(
    sample_content: Content,
) -> None:
    assert consent_topic(sample_content) == "Welcome"
    question = network_question(sample_content)
    assert question is not None and question.store == NETWORK_PEOPLE


def test_the_people_in_the_network_are_a_list_or_nobody() -> None:
    people = [{"name": "Dave"}]
    assert network_people({"network": {"people": people}}) == people
    assert network_people({"network": {"people": "Dave"}}) == []
    assert network_people({}) == []


def test_last_times_rating_is_a_whole_number_or_none() -> None:
    data = {"previous": {"ratings": {"friendships": 3, "family": "3"}}}
    assert previous_rating(data, "friendships") == 3
    assert previous_rating(data, "family") is None
    assert previous_rating({}, "friendships") is None


def test_an_answer_is_found_by_its_path_or_is_none() -> None:
    data = {"network": {"people": [{"id": "d1", "name": "Dave"}]}}
    assert answer_at(data, "network.people.#d1.name") == "Dave"
    assert answer_at(data, "about.name") is None


def _agreed(seq: int, by: str, action: str = "answered") -> dict[str, Any]:
    return {"seq": seq, "action": action, "path": "agreement.person_agrees", "by": by}


def test_the_persons_agreement_given_with_the_worker_answering_is_the_workers() -> None:
    assert person_agreement_given_by_worker([_agreed(1, "worker")])
    assert not person_agreement_given_by_worker([_agreed(1, "person")])
    assert not person_agreement_given_by_worker([_agreed(1, "both")])
    assert not person_agreement_given_by_worker([])


def test_the_latest_answer_counts_and_an_undone_one_does_not() -> None:
    # Given by the worker, then changed by the person: the person's word.
    assert not person_agreement_given_by_worker(
        [_agreed(1, "worker"), _agreed(2, "person", "changed")]
    )
    # Given by the person, then again by the worker and undone: still the person's.
    undone = {"seq": 3, "action": "undone", "of": 2, "by": "both"}
    assert not person_agreement_given_by_worker(
        [_agreed(1, "person"), _agreed(2, "worker"), undone]
    )


def _mostly_by(*said: tuple[str, str]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(answers, log) with "Mostly" given to each (question, who gave it) in ``said``."""
    paths = {"person": "agreement.person_agrees", "worker": "agreement.worker_agrees"}
    agreement = {"person_agrees": "yes", "worker_agrees": "yes"}
    log = []
    for seq, (whose, by) in enumerate(said, start=1):
        agreement[f"{whose}_agrees"] = "mostly"
        log.append({"seq": seq, "action": "chose", "path": paths[whose], "by": by})
    return {"agreement": agreement}, log


def test_the_persons_own_mostly_is_theirs() -> None:
    assert mostly_said(*_mostly_by(("person", "person"))) == "You agreed most of this plan"


def test_a_mostly_the_worker_gave_for_the_person_says_the_worker_said_it() -> None:
    said = mostly_said(*_mostly_by(("person", "worker")))
    assert said == "Your worker said you agreed most of this plan"


def test_the_workers_own_mostly_is_the_workers() -> None:
    said = mostly_said(*_mostly_by(("worker", "worker")))
    assert said == "Your worker agreed most of this plan"


def test_both_saying_mostly_themselves_names_them_both() -> None:
    said = mostly_said(*_mostly_by(("person", "person"), ("worker", "worker")))
    assert said == "You and your worker agreed most of this plan"


def test_nobody_saying_mostly_says_nothing() -> None:
    assert mostly_said(*_mostly_by()) == ""
