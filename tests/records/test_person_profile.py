"""A person's optional date of birth and gender in the records (issue 15): stored checked,
changed with an audit event, read back from older records without them, refused when
tampered with, in the subject access export and gone after an erasure."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from records_support import engine_state

from assistant.records import CaseStore, RecordsError


def _case_doc(store: CaseStore, person: str) -> dict[str, Any]:
    return json.loads(store.case_path(person).read_bytes())


def _tamper_person(store: CaseStore, person_id: str, **fields: Any) -> None:
    doc = _case_doc(store, person_id)
    doc["tables"]["person"]["1"].update(fields)
    store.case_path(person_id).write_bytes(json.dumps(doc).encode())


def test_a_new_record_keeps_the_date_of_birth_as_iso_and_the_gender(store: CaseStore) -> None:
    sam = store.create_person("Sam", born="15/12/1980", gender="non_binary")
    with store.read(sam) as case:
        person = case.person
    assert (person["born"], person["gender"]) == ("1980-12-15", "non_binary")
    assert "gender_words" not in person


def test_a_gender_in_the_persons_own_words_is_kept_as_one_clean_line(store: CaseStore) -> None:
    sam = store.create_person("Sam", gender="own_words", gender_words="  gender\x1b[31mqueer \n x")
    with store.read(sam) as case:
        assert (case.person["gender"], case.person["gender_words"]) == (
            "own_words",
            "gender[31mqueer x",
        )


def test_own_words_with_nothing_in_them_are_refused_and_nothing_is_created(
    store: CaseStore,
) -> None:
    with pytest.raises(RecordsError, match="type the words the person uses"):
        store.create_person("Sam", gender="own_words", gender_words=" \u200b ")
    assert store.list_people() == []


def test_a_date_of_birth_in_the_future_is_refused_and_nothing_is_created(store: CaseStore) -> None:
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    with pytest.raises(RecordsError, match=r"cannot be in the future\..*Nothing was saved"):
        store.create_person("Sam", born=tomorrow)
    assert store.list_people() == []


def test_a_record_without_them_has_neither(store: CaseStore) -> None:
    sam = store.create_person("Sam")
    with store.read(sam) as case:
        assert not {"born", "gender", "gender_words"} & case.person.keys()


def test_changing_them_is_audited_with_old_and_new_values(store: CaseStore) -> None:
    sam = store.create_person("Sam", born="1980-12-15")
    with store.open(sam) as case:
        case.update_person(born="16/12/1980", gender="woman")
        case.update_person(gender="own_words", gender_words="femme")
        events = [e for e in case.audit_events() if e["kind"] == "person_details_changed"]
        person = case.person
    assert events[0]["born"] == {"old": "1980-12-15", "new": "1980-12-16"}
    assert events[0]["gender"] == {"old": None, "new": "woman"}
    assert events[1]["gender_words"] == {"old": None, "new": "femme"}
    assert (person["gender"], person["gender_words"]) == ("own_words", "femme")


def test_empty_values_take_them_off_the_record(store: CaseStore) -> None:
    sam = store.create_person("Sam", born="1980-12-15", gender="own_words", gender_words="femme")
    with store.open(sam) as case:
        case.update_person(born="", gender="")
        person = case.person
    assert (person["born"], person["gender"], person["gender_words"]) == (None, None, None)


def test_a_refused_change_changes_nothing(store: CaseStore) -> None:
    sam = store.create_person("Sam", born="1980-12-15", gender="man")
    with store.open(sam) as case:
        with pytest.raises(RecordsError, match="There is no 30 February"):
            case.update_person(born="30/02/1990", gender="woman")
        assert (case.person["born"], case.person["gender"]) == ("1980-12-15", "man")


def test_an_older_record_without_them_still_opens_and_can_be_given_them(
    store: CaseStore,
) -> None:
    sam = store.create_person("Sam")
    doc = _case_doc(store, sam)
    # As issue 14's version wrote it: no date of birth or gender keys at all.
    doc["tables"]["person"]["1"] = {"id": sam, "display_name": "Sam", "reference": None}
    store.case_path(sam).write_bytes(json.dumps(doc).encode())
    fresh = CaseStore(store.root)
    with fresh.open(sam) as case:
        case.update_person(born="1/2/1990")
        assert case.person["born"] == "1990-02-01"
    assert fresh.recovered == []


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("born", "15/12/1980", "a date of birth that is not a date"),
        ("born", "1980-02-30", "a date of birth that is not a date"),
        ("gender", "robot", "a gender that is not one of the choices"),
        ("gender", ["woman"], "a gender of the wrong type"),
    ],
)
def test_a_tampered_date_of_birth_or_gender_is_damage_and_the_last_good_copy_is_used(
    store: CaseStore, field: str, value: Any, says: str
) -> None:
    sam = store.create_person("Sam", born="1980-12-15", gender="man")
    with store.open(sam) as case:
        case.save_session("s1", engine_state(1))  # the last good copy has them too
    _tamper_person(store, sam, **{field: value})
    fresh = CaseStore(store.root)
    with fresh.open(sam) as case:
        assert (case.person["born"], case.person["gender"]) == ("1980-12-15", "man")
    assert says in fresh.recovered[0].message
    assert not isinstance(value, str) or value not in fresh.recovered[0].message


def test_own_words_stored_with_hidden_characters_are_cleaned_when_read(store: CaseStore) -> None:
    sam = store.create_person("Sam", gender="own_words", gender_words="femme")
    _tamper_person(store, sam, gender_words="fem\u202eme\x1b[2J")
    with CaseStore(store.root).read(sam) as case:
        assert case.person["gender_words"] == "femme[2J"


def test_the_subject_access_export_holds_them(store: CaseStore) -> None:
    sam = store.create_person("Sam", born="15/12/1980", gender="own_words", gender_words="femme")
    data = store.export_all(sam)
    assert data["person"]["born"] == "1980-12-15"
    assert data["person"]["gender_words"] == "femme"


def test_erasing_the_record_leaves_neither_anywhere_in_the_folder(store: CaseStore) -> None:
    sam = store.create_person("Sam", born="15/12/1980", gender="own_words", gender_words="femme")
    with store.open(sam) as case:
        case.save_session("s1", engine_state(1))
    store.erase(sam)
    leftovers = [
        path
        for path in Path(store.root).rglob("*")
        if path.is_file() and (b"1980-12-15" in path.read_bytes() or b"femme" in path.read_bytes())
    ]
    assert leftovers == []


def test_a_value_taken_off_stays_in_the_audit_trail_until_the_record_is_erased(
    store: CaseStore,
) -> None:
    # As a removed NHS number does (docs/records.md, "Taken off is not forgotten").
    sam = store.create_person("Sam", born="15/12/1980", gender="own_words", gender_words="femme")
    with store.open(sam) as case:
        case.update_person(born="", gender="")
    data = store.export_all(sam)
    assert (data["person"]["born"], data["person"]["gender_words"]) == (None, None)
    [change] = [e for e in data["audit"] if e["kind"] == "person_details_changed"]
    assert (change["born"]["old"], change["gender_words"]["old"]) == ("1980-12-15", "femme")
    store.erase(sam)
    files = [p for p in Path(store.root).rglob("*") if p.is_file()]
    assert not [p for p in files if b"femme" in p.read_bytes()]


def test_the_list_of_people_does_not_hold_them(store: CaseStore) -> None:
    # Kept in the case file only: the index lists who is recorded, not their details.
    store.create_person("Sam", born="15/12/1980", gender="woman")
    index = json.loads((Path(store.root) / "index.json").read_bytes())
    [entry] = index["people"].values()
    assert not {"born", "gender"} & entry.keys()
