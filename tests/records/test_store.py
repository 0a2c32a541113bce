"""The store: creating, listing, finding, erasing and exporting records."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from records_support import engine_state, log_entry

from assistant.records import (
    AmbiguousPerson,
    CaseStore,
    RecordNotFound,
    RecordsError,
    open_store,
    resolve_data_dir,
)


def test_created_person_is_listed(store: CaseStore) -> None:
    person_id = store.create_person("Sam", reference="R-100")
    [summary] = store.list_people()
    assert (summary.id, summary.display_name, summary.reference) == (person_id, "Sam", "R-100")


def test_only_a_display_name_is_required(store: CaseStore) -> None:
    person_id = store.create_person("  J.  K. ")
    assert store.read(person_id).person == {
        "id": person_id,
        "display_name": "J. K.",
        "reference": None,
        "created": store.read(person_id).person["created"],
    }


def test_an_empty_display_name_is_refused(store: CaseStore) -> None:
    with pytest.raises(RecordsError, match="display name"):
        store.create_person("   ")


def test_a_reference_already_in_use_is_refused(store: CaseStore, person: str) -> None:
    with pytest.raises(RecordsError, match="already used"):
        store.create_person("Other", reference="r-100")


def test_search_matches_name_reference_or_id(store: CaseStore) -> None:
    sam = store.create_person("Sam", reference="R-1")
    alex = store.create_person("Alex", reference="X-2")
    assert [p.id for p in store.list_people("sa")] == [sam]
    assert [p.id for p in store.list_people("x-2")] == [alex]
    assert [p.id for p in store.list_people(alex[2:])] == [alex]


def test_people_are_sorted_by_name(store: CaseStore) -> None:
    for name in ("zoe", "Adam", "mo"):
        store.create_person(name)
    assert [p.display_name for p in store.list_people()] == ["Adam", "mo", "zoe"]


def test_session_count_is_listed(store: CaseStore, person: str) -> None:
    with store.open(person) as case:
        case.save_session("s1", engine_state(1))
        case.save_session("s2", engine_state(1))
    assert store.list_people()[0].sessions == 2


def test_updated_is_the_time_of_the_last_save_to_the_case_file(
    store: CaseStore, person: str
) -> None:
    listed_before = store.list_people()[0].updated
    os.utime(store.case_path(person), ns=(4_102_444_800_000_000_000,) * 2)  # 2100-01-01
    assert store.list_people()[0].updated == "2100-01-01T00:00:00.000+00:00"
    # Without the files' times (Home does not show them) it is the index's time, which is
    # never later than the file's.
    [quick] = store.list_people(file_times=False)
    assert quick.updated <= listed_before
    assert (quick.id, quick.display_name, quick.sessions) == (person, "Sam", 0)


def test_listing_without_file_times_still_finds_unlisted_and_missing_files(
    store: CaseStore, person: str
) -> None:
    other = store.create_person("Alex")
    store.case_path(other).unlink()
    store.index_path.write_bytes(store.index_path.read_bytes().replace(person.encode(), b"p-0"))
    fresh = CaseStore(store.root)
    assert [p.id for p in fresh.list_people(file_times=False)] == [person]
    assert any(other in notice.message for notice in fresh.recovered)


def test_find_by_id_reference_or_name(store: CaseStore, person: str) -> None:
    assert store.find(person).id == person
    assert store.find("r-100").id == person
    assert store.find("SAM").id == person


DECOMPOSED = "Rene\u0301e"  # é as e and a combining accent, as some keyboards and pastes give it
COMPOSED = "Ren\u00e9e"


def test_a_name_is_kept_with_its_accents_composed(store: CaseStore) -> None:
    person = store.create_person(DECOMPOSED)
    assert store.find(person).display_name == COMPOSED


@pytest.mark.parametrize(("kept", "typed"), [(DECOMPOSED, COMPOSED), (COMPOSED, DECOMPOSED)])
def test_find_takes_an_accent_however_it_was_typed(store: CaseStore, kept: str, typed: str) -> None:
    # "No records are called 'Renée' exactly ... It is part of: Renée": two names that look
    # the same, and no way to reach the person by name.
    person = store.create_person(kept)
    assert store.find(typed).id == person


def test_a_reference_typed_with_its_accent_apart_is_the_same_reference(
    store: CaseStore,
) -> None:
    # Both were taken, then find() called either form ambiguous.
    store.create_person("Sam", reference="R\u00c9F-1")
    with pytest.raises(RecordsError, match="already used"):
        store.create_person("Alex", reference="RE\u0301F-1")


def test_find_reports_every_candidate_when_ambiguous(store: CaseStore) -> None:
    first = store.create_person("Jo")
    second = store.create_person("Jo")
    with pytest.raises(AmbiguousPerson) as caught:
        store.find("jo")
    assert first in str(caught.value) and second in str(caught.value)


def test_find_unknown_person_says_how_to_list(store: CaseStore) -> None:
    with pytest.raises(RecordNotFound, match="cpi-assistant people"):
        store.find("nobody")


def test_part_of_a_name_names_who_it_could_mean_and_never_picks_one(store: CaseStore) -> None:
    # `people al` lists Alex Moor, but `details Alex` said only "No records match".
    # Erase and export act on what find returns: a part of a name is never taken as them.
    alex = store.create_person("Alex Moor")
    store.create_person("Sam Lee")
    with pytest.raises(RecordNotFound) as caught:
        store.find("Alex")
    said = str(caught.value)
    assert f"Alex Moor (id {alex})" in said and "Sam Lee" not in said
    assert "Use the whole name" in said


def test_ids_that_look_like_paths_are_refused(store: CaseStore) -> None:
    with pytest.raises(RecordNotFound):
        store.open("../../etc/passwd")


def test_saving_an_answer_does_not_rewrite_the_index(store: CaseStore, person: str) -> None:
    with store.open(person) as case:
        case.save_session("s1", engine_state(1))
        before = store.index_path.stat().st_ino
        for i in range(2, 6):
            case.save_session("s1", engine_state(i), [log_entry(i)])
        assert store.index_path.stat().st_ino == before


def test_case_file_written_without_its_index_entry_is_listed(store: CaseStore, person: str) -> None:
    store.index_path.unlink()
    store.index_path.with_name("index.json.bak").unlink(missing_ok=True)
    assert [p.id for p in CaseStore(store.root).list_people()] == [person]


def test_index_entry_without_a_case_file_is_dropped_with_a_notice(
    store: CaseStore, person: str
) -> None:
    store.case_path(person).unlink()
    fresh = CaseStore(store.root)
    assert fresh.list_people() == []
    assert person in fresh.recovered[0].message


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_folders_are_owner_only_and_files_too(store: CaseStore, person: str) -> None:
    with store.open(person) as case:
        case.save_session("s1", engine_state(1))
        case.save_session("s1", engine_state(2))
    for path in [store.root, *store.root.rglob("*")]:
        expected = 0o700 if path.is_dir() else 0o600
        assert (path, path.stat().st_mode & 0o777) == (path, expected)


def test_training_records_are_never_listed_with_real_cases(root: Path) -> None:
    real = open_store(root)
    training = open_store(root, training=True)
    training.create_person("Practice person")
    real.create_person("Real person")
    assert [p.display_name for p in real.list_people()] == ["Real person"]
    assert [p.display_name for p in training.list_people()] == ["Practice person"]


def test_data_dir_flag_beats_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CPI_DATA_DIR", str(tmp_path / "env"))
    assert resolve_data_dir(tmp_path / "flag") == tmp_path / "flag"
    assert resolve_data_dir(None) == tmp_path / "env"


def test_default_data_dir_is_the_platform_user_data_folder() -> None:
    import platformdirs

    expected = Path(platformdirs.user_data_dir("cpi-assistant", appauthor=False))
    assert resolve_data_dir(None) == expected


# -- erasure -------------------------------------------------------------------------------------


def _files_mentioning(root: Path, text: str) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and text.encode() in p.read_bytes()]


def test_erase_removes_every_file_holding_the_person(store: CaseStore, person: str) -> None:
    with store.open(person) as case:
        case.save_session("s1", engine_state(1))
        case.save_session("s1", engine_state(2))
    store.erase(person)
    assert _files_mentioning(store.root, "Sam") == []
    assert [p for p in store.root.rglob("*") if person in p.name] == []


def test_erase_removes_damaged_copies_too(store: CaseStore, person: str) -> None:
    with store.open(person) as case:
        case.save_session("s1", engine_state(1))
        case.save_session("s1", engine_state(2))
    store.case_path(person).write_bytes(b"garbage")
    store.open(person).close()  # moves the damaged file aside
    store.erase(person)
    assert list(store.damaged_dir.iterdir()) == []


def test_opening_a_record_erased_from_another_window_leaves_no_file_and_says_so(
    store: CaseStore, person: str
) -> None:
    CaseStore(store.root).erase(person)  # another window, or `cpi-assistant erase`
    with pytest.raises(RecordNotFound) as raised:
        store.open(person)
    assert "erased from another window" in str(raised.value)
    assert person not in str(raised.value)  # shown on the shared screen: no internal id
    assert [p for p in store.root.rglob("*") if person in p.name] == []


def test_erase_keeps_an_anonymous_event(store: CaseStore, person: str) -> None:
    store.erase(person)
    [event] = store.store_events()
    assert set(event) == {"at", "kind"}
    assert event["kind"] == "record_erased"


def test_erase_leaves_other_records_alone(store: CaseStore, person: str) -> None:
    other = store.create_person("Alex")
    store.erase(person)
    assert [p.id for p in store.list_people()] == [other]


def test_interrupted_erase_is_finished_at_the_next_listing(store: CaseStore, person: str) -> None:
    # A crash right after the erasure marker was written.
    (store.cases_dir / f"{person}.erasing").write_bytes(b"")
    assert CaseStore(store.root).list_people() == []
    assert not store.case_path(person).exists()


def test_erasing_an_unknown_record_is_refused(store: CaseStore) -> None:
    with pytest.raises(RecordNotFound):
        store.erase("p-0000000000")


# -- subject access ------------------------------------------------------------------------------


def test_export_all_holds_everything_about_the_person(store: CaseStore, person: str) -> None:
    with store.open(person) as case:
        case.save_session("s1", engine_state(2), [log_entry(0)])
        case.add_plan_version({"goals": ["phone Dad"]})
        case.add_ratings({"family": 3})
    data = store.export_all(person)
    assert data["person"]["display_name"] == "Sam"
    assert data["sessions"][0]["state"] == engine_state(2)
    assert data["plans"][0]["plan"] == {"goals": ["phone Dad"]}
    assert data["ratings"][0]["ratings"] == {"family": 3}
    assert "answer_given" in [e["kind"] for e in data["audit"]]
    assert data["index_entry"]["display_name"] == "Sam"


@pytest.mark.parametrize("training", [True, False])
def test_export_all_is_watermarked_only_for_training_records(tmp_path, training: bool) -> None:
    from assistant.records import open_store

    store = open_store(tmp_path, training=training)
    person = store.create_person("Someone")
    assert ("watermark" in store.export_all(person)) is training


def test_a_folder_that_can_be_written_in_is_said_so_and_left_as_it_was(tmp_path: Path) -> None:
    from assistant.records.paths import cannot_write

    assert cannot_write(tmp_path) is None
    assert list(tmp_path.iterdir()) == []  # the probe file is gone


@pytest.mark.skipif(not Path("/proc/1").is_dir(), reason="needs Linux's /proc")
def test_a_system_folder_nobody_may_write_in_is_said_so() -> None:
    from assistant.records.paths import cannot_write

    # /proc refuses new files even to root, as a read-only drive would.
    assert isinstance(cannot_write(Path("/proc/1")), OSError)
