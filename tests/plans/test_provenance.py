"""Who proposed and who changed a value, read from answer-log entries."""

from __future__ import annotations

from typing import Any

from assistant.plans.provenance import Prior, Provenance


def entry(seq: int, path: str, value: Any, by: str, old: Any = None, action: str = "answered"):
    return {"seq": seq, "action": action, "path": path, "value": value, "old": old, "by": by}


def test_the_first_answer_proposes() -> None:
    prov = Provenance([entry(1, "about.hopes", "x", "worker")])
    assert prov.of("about.hopes") == {"proposed_by": "worker", "changed_by": []}


def test_a_changed_entry_is_recorded_as_a_change() -> None:
    log = [
        entry(1, "a.b", "x", "person"),
        entry(2, "a.b", "y", "worker", old="x", action="changed"),
    ]
    assert Provenance(log).of("a.b") == {"proposed_by": "person", "changed_by": ["worker"]}


def test_answering_again_with_the_same_value_is_not_a_change() -> None:
    log = [entry(1, "a.b", "x", "person"), entry(2, "a.b", "x", "worker", old="x")]
    assert Provenance(log).of("a.b")["changed_by"] == []


def test_an_undone_entry_is_ignored() -> None:
    log = [entry(1, "a.b", "x", "worker"), {"seq": 2, "action": "undone", "of": 1, "by": "both"}]
    log.append(entry(3, "a.b", "x", "person"))
    assert Provenance(log).of("a.b")["proposed_by"] == "person"


def test_a_record_is_proposed_by_whoever_first_listed_it() -> None:
    first = [{"id": "p1", "name": "Jo"}]
    second = [*first, {"id": "p2", "name": "Dan"}]
    log = [
        entry(1, "net.people", first, "person"),
        entry(2, "net.people", second, "worker", old=first),
    ]
    prov = Provenance(log)
    assert prov.of("net.people.#p1")["proposed_by"] == "person"
    assert prov.of("net.people.#p2")["proposed_by"] == "worker"


def test_filling_in_a_new_detail_of_a_record_is_not_a_change() -> None:
    log = [
        entry(1, "net.people", [{"id": "p1", "name": "Jo"}], "person"),
        entry(2, "net.people.#p1.feeling", "good", "worker"),
    ]
    assert Provenance(log).of("net.people.#p1") == {"proposed_by": "person", "changed_by": []}


def test_editing_a_record_field_is_a_change_to_the_record() -> None:
    before = [{"id": "p1", "name": "Jo"}]
    after = [{"id": "p1", "name": "Joanne"}]
    log = [entry(1, "n.p", before, "person"), entry(2, "n.p", after, "worker", old=before)]
    assert Provenance(log).of("n.p.#p1")["changed_by"] == ["worker"]


def test_a_prefix_of_another_id_is_not_the_same_record() -> None:
    log = [entry(1, "n.p", [{"id": "a1", "x": 1}, {"id": "a10", "x": 2}], "worker")]
    log.append(entry(2, "n.p.#a10.x", 3, "person", old=2, action="changed"))
    assert Provenance(log).of("n.p.#a1")["changed_by"] == []


def test_an_earlier_versions_attribution_is_kept_when_untouched() -> None:
    prov = Provenance([])
    assert prov.of("goals.list.#g1", Prior("both", ("worker",))) == {
        "proposed_by": "both",
        "changed_by": ["worker"],
    }


def test_a_change_now_adds_to_the_earlier_attribution() -> None:
    log = [entry(1, "a.b", "new", "person", old="old")]
    assert Provenance(log).of("a.b", Prior("worker")) == {
        "proposed_by": "worker",
        "changed_by": ["person"],
    }


def test_only_the_named_fields_of_a_record_change_it() -> None:
    before = [{"id": "g1", "what": "Walk", "progress": "closer"}]
    after = [{"id": "g1", "what": "Walk", "progress": "reached"}]
    log = [entry(1, "n.g", before, "person"), entry(2, "n.g", after, "both", old=before)]
    assert Provenance(log).of("n.g.#g1", changes_in=("what",))["changed_by"] == []


def test_a_named_field_replaced_changes_the_record() -> None:
    log = [
        entry(1, "n.g", [{"id": "g1", "what": "Walk"}], "person"),
        entry(2, "n.g.#g1.what", "Run", "worker", old="Walk", action="changed"),
    ]
    assert Provenance(log).of("n.g.#g1", changes_in=("what",))["changed_by"] == ["worker"]
