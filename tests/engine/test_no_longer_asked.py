"""Stored answers whose question no longer applies: every step that stores them has a `when`
that is false for the answers as they are now (the plan leaves them out; they stay stored)."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.engine.conversation import Conversation
from assistant.engine.no_longer_asked import no_longer_asked, without
from assistant.flows.loader import Content, load_content

TRIPS = """
id: trips
title: Trips
description: Places to go.
nodes:
  - id: go
    kind: ask
    type: yes_no
    prompt: "Would you like to go out more?"
    store: trips.go
  - id: where
    kind: ask
    type: text
    when: "get('trips.go') == true"
    prompt: "Where to?"
    store: trips.where
  - id: places
    kind: ask
    type: records
    prompt: "Which places?"
    store: trips.places
    fields:
      - {name: name, label: Name, type: text}
  - id: each
    kind: repeat
    over: trips.places
    as: place
    topic: place_steps
  - id: company
    kind: call
    when: "get('trips.go') == true"
    topic: company_steps
  - id: name
    kind: ask
    type: text
    when: "not answered('trips.name')"
    prompt: "What shall we call you?"
    store: trips.name
  - id: fin
    kind: end
"""
PLACE_STEPS = """
id: place_steps
title: One place
description: One place to go.
listed: false
nodes:
  - id: how
    kind: ask
    type: choice
    prompt: "How will you get to {{ place.name }}?"
    store: place.how
    options: [bus, lift]
  - id: who_drives
    kind: ask
    type: text
    when: "place.get('how') == 'lift'"
    prompt: "Who gives you a lift?"
    store: place.driver
  - id: fin
    kind: end
"""
COMPANY_STEPS = """
id: company_steps
title: Company
description: Going with someone.
listed: false
nodes:
  - id: alone
    kind: ask
    type: yes_no
    prompt: "Would you go alone?"
    store: trips.alone
  - id: with_whom
    kind: ask
    type: text
    when: "get('trips.alone') == false"
    prompt: "Who with?"
    store: trips.with_whom
  - id: fin
    kind: end
"""


@pytest.fixture(scope="module")
def trips(tmp_path_factory: pytest.TempPathFactory) -> Content:
    flows = tmp_path_factory.mktemp("content") / "flows"
    flows.mkdir()
    for name, text in (
        ("trips", TRIPS),
        ("place_steps", PLACE_STEPS),
        ("company_steps", COMPANY_STEPS),
    ):
        (flows / f"{name}.yaml").write_text(text, encoding="utf-8")
    return load_content(flows.parent)


def _gone(content: Content, **trips: Any) -> frozenset[str]:
    return no_longer_asked(content, {"trips": trips})


def test_an_answer_whose_when_holds_stays(trips: Content) -> None:
    assert _gone(trips, go=True, where="The coast") == frozenset()


def test_an_answer_whose_when_turned_false_goes(trips: Content) -> None:
    assert _gone(trips, go=False, where="The coast") == {"trips.where"}


def test_an_answer_whose_when_is_true_again_stays(trips: Content) -> None:
    conv = Conversation(trips)
    conv.goto_topic("trips")
    conv.answer(True)
    conv.answer("The coast")
    conv.edit("trips.go", False)
    assert no_longer_asked(trips, conv.data) == {"trips.where"}
    conv.edit("trips.go", True)
    assert no_longer_asked(trips, conv.data) == frozenset()
    assert conv.data["trips"]["where"] == "The coast"  # never changed, only left out


def test_a_when_inside_a_repeat_is_worked_out_for_each_record(trips: Content) -> None:
    places = [
        {"id": "p1", "name": "Market", "how": "bus", "driver": "Jo"},
        {"id": "p2", "name": "Park", "how": "lift", "driver": "Kit"},
    ]
    assert _gone(trips, places=places) == {"trips.places.#p1.driver"}


def test_records_of_a_long_list_are_each_found_by_their_own_id(trips: Content) -> None:
    # Years of records: each record's answers are looked up by its id, not by its place.
    places = [
        {"id": f"p{i}", "name": f"Place {i}", "how": "lift", "driver": "Jo"} for i in range(60)
    ]
    places[41] = {**places[41], "how": "bus"}
    assert _gone(trips, places=places) == {"trips.places.#p41.driver"}


def test_the_first_of_two_records_with_one_id_is_the_one_read(trips: Content) -> None:
    # As every other reader of the answers finds a record (datapaths.get): the first.
    places = [
        {"id": "p1", "name": "Market", "how": "bus", "driver": "Jo"},
        {"id": "p1", "name": "Market", "how": "lift", "driver": "Kit"},
    ]
    assert _gone(trips, places=places) == {"trips.places.#p1.driver"}


def test_a_sub_flow_run_under_a_false_when_applies_no_more(trips: Content) -> None:
    # `company` runs only while the person wants to go out; "Who with?" has a when of its own.
    answers = {"alone": False, "with_whom": "My brother"}
    assert _gone(trips, go=True, **answers) == frozenset()
    assert _gone(trips, go=False, **answers) == {"trips.alone", "trips.with_whom"}


def test_an_answer_that_only_follows_one_left_out_goes_with_it(trips: Content) -> None:
    # "Who with?" follows "alone: no", which no longer applies itself.
    assert "trips.with_whom" in _gone(trips, go=False, alone=False, with_whom="My brother")


def test_a_question_asked_only_once_keeps_its_answer(trips: Content) -> None:
    # `when: "not answered('trips.name')"` is false once answered: that is not a reason.
    assert _gone(trips, name="Sam") == frozenset()


def test_a_store_any_of_whose_questions_applies_stays(content: Content) -> None:
    # A thing to try's "what would make it easier" is asked when it is to be tried, and at a
    # review when it was not tried yet (and not put off): either keeps it. Here no next step
    # was chosen, so only the review's question applies.
    record = {"id": "a1", "what": "Choir", "status": "not_yet"}
    data = {"community": {"list": [record | {"easier": "A friend"}]}}
    assert no_longer_asked(content, data) == frozenset()


def test_a_when_about_more_than_the_answers_never_takes_an_answer_out(content: Content) -> None:
    # The treatment aspects are asked when the agency chooses them: a setting, not an answer.
    data = {"ratings": {"medication": 5}}
    assert no_longer_asked(content, data) == frozenset()


def test_a_skipped_answer_counts_for_skipped(write_topics) -> None:
    root = write_topics(
        t="""
        id: t
        title: T
        description: T.
        nodes:
          - {id: a, kind: ask, type: text, prompt: "A?", store: t.a}
          - {id: b, kind: ask, type: text, prompt: "B?", store: t.b, when: "skipped('t.a')"}
          - {id: fin, kind: end}
        """
    )
    content = load_content(root)
    data = {"t": {"b": "Later"}}
    assert no_longer_asked(content, data) == {"t.b"}
    assert no_longer_asked(content, data, skipped=["t.a"]) == frozenset()


def test_conditions_that_flip_each_other_take_no_answer_out(write_topics) -> None:
    # Each is asked only while the other is not answered: left out together, both apply
    # again, and so on. Never settling, nothing goes (the rule is never to lose words).
    root = write_topics(
        t="""
        id: t
        title: T
        description: T.
        nodes:
          - {id: a, kind: ask, type: text, prompt: "A?", store: t.a, when: "not answered('t.b')"}
          - {id: b, kind: ask, type: text, prompt: "B?", store: t.b, when: "not answered('t.a')"}
          - {id: fin, kind: end}
        """
    )
    content = load_content(root)
    assert no_longer_asked(content, {"t": {"a": "One", "b": "Two"}}) == frozenset()


def test_leaving_answers_out_copies_only_what_leads_to_them() -> None:
    data = {"a": {"b": 1, "c": 2}, "l": [{"id": "x", "d": 3, "e": 4}], "z": {"y": 5}}
    kept = without(data, ["a.b", "l.#x.d"])
    assert kept == {"a": {"c": 2}, "l": [{"id": "x", "e": 4}], "z": {"y": 5}}
    assert data["a"] == {"b": 1, "c": 2} and data["l"][0]["d"] == 3
    assert kept["z"] is data["z"]
