"""No way in through the records folder (issue 13 §3): a deleted or edited key-check file,
damaged scrypt settings, well-formed files with the wrong types, and things that are not
files where files should be. Each is refused with a clear message, never a traceback, never a
hang, and never by falling back to plaintext."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from records_support import PASSPHRASE, engine_state, snapshot_dir

from assistant.plans.model import Plan
from assistant.plans.versions import person_ref, versions
from assistant.records import (
    CaseStore,
    EncryptionError,
    RecordsError,
    crypto,
    init_store,
    is_encrypted_folder,
)
from assistant.records.atomic import backup_path

pytestmark = pytest.mark.usefixtures("cheap_kdf")


@pytest.fixture
def encrypted(root: Path) -> CaseStore:
    store, _ = init_store(root, PASSPHRASE)
    person = store.create_person("Samira Q")
    with store.open(person) as case:
        case.save_session("s1", engine_state(1))
    return store


def _cli(
    root: Path, *argv: str, passphrase: str | None = PASSPHRASE
) -> subprocess.CompletedProcess[str]:
    """The real entry point in a child process (a hang fails the test through the timeout)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CPI_")}
    if passphrase:
        env["CPI_PASSPHRASE"] = passphrase
    command = [sys.executable, "-m", "assistant", *argv, "--data-dir", str(root)]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=60, env=env, stdin=subprocess.DEVNULL
    )


def _keycheck(root: Path) -> dict[str, Any]:
    return json.loads(crypto.keycheck_path(root).read_bytes())


def _write_keycheck(root: Path, doc: dict[str, Any], *, backup_too: bool = True) -> None:
    data = json.dumps(doc).encode()
    crypto.keycheck_path(root).write_bytes(data)
    if backup_too:
        backup_path(crypto.keycheck_path(root)).write_bytes(data)


def _delete_keycheck(root: Path) -> None:
    crypto.keycheck_path(root).unlink()
    backup_path(crypto.keycheck_path(root)).unlink(missing_ok=True)


def _plain_case(person_id: str, name: str) -> bytes:
    tables = {
        "person": {"1": {"id": person_id, "display_name": name}},
        "sessions": {},
        "plans": {},
        "ratings": {},
        "audit": {"1": {"at": "2025-01-01T00:00:00+00:00", "kind": "record_created"}},
    }
    doc = {"format": "cpi-case", "schema": 1, "person_id": person_id, "tables": tables}
    return json.dumps(doc).encode()


# -- 1. a missing key-check file -----------------------------------------------------------


def test_missing_keycheck_stops_with_a_clear_message(encrypted: CaseStore) -> None:
    root = encrypted.root
    _delete_keycheck(root)
    with pytest.raises(EncryptionError, match=r"key-check file .* missing") as caught:
        CaseStore(root)
    assert "Restore keycheck.json from a backup" in str(caught.value)
    assert "Nothing was read or changed" in str(caught.value)


def test_missing_keycheck_never_writes_a_plaintext_record(encrypted: CaseStore) -> None:
    root = encrypted.root
    _delete_keycheck(root)
    before = snapshot_dir(root)
    result = _cli(root, "people", passphrase=None)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and "keycheck.json" in result.stderr
    with pytest.raises(EncryptionError):
        CaseStore(root).create_person("Forged")
    assert snapshot_dir(root) == before


def test_missing_keycheck_and_index_are_still_noticed_from_the_case_files(
    encrypted: CaseStore,
) -> None:
    root = encrypted.root
    _delete_keycheck(root)
    for name in ("index.json", "index.json.bak"):
        (root / name).unlink(missing_ok=True)
    before = snapshot_dir(root)
    store = CaseStore(root)
    with pytest.raises(EncryptionError, match="missing"):
        store.create_person("Forged")
    assert store.list_people() == []
    assert "Restore keycheck.json" in store.recovered[0].message
    assert snapshot_dir(root) == before  # nothing written, in plaintext or otherwise


def test_missing_keycheck_is_not_replaced_by_a_new_key(encrypted: CaseStore) -> None:
    root = encrypted.root
    _delete_keycheck(root)
    with pytest.raises(EncryptionError, match="missing"):
        init_store(root, "another passphrase")
    assert not crypto.keycheck_path(root).exists()


def test_a_folder_with_a_missing_keycheck_asks_for_no_passphrase(encrypted: CaseStore) -> None:
    _delete_keycheck(encrypted.root)
    assert is_encrypted_folder(encrypted.root) is False  # opening it explains what is wrong


# -- 2. the folder's state is authenticated with the key -----------------------------------


def test_state_edited_to_encrypting_is_refused(encrypted: CaseStore) -> None:
    root = encrypted.root
    person = encrypted.list_people()[0].id
    doc = _keycheck(root)
    _write_keycheck(root, {**doc, "state": "encrypting"})
    encrypted.case_path(person).write_bytes(_plain_case(person, "Forged"))
    with pytest.raises(EncryptionError, match=r"damaged .*state was changed"):
        CaseStore(root, PASSPHRASE)


def test_state_without_its_mac_cannot_make_plaintext_accepted(encrypted: CaseStore) -> None:
    root = encrypted.root
    doc = _keycheck(root)
    del doc["state_mac"]
    _write_keycheck(root, {**doc, "state": "encrypting"})
    with pytest.raises(EncryptionError, match="cannot be checked"):
        CaseStore(root, PASSPHRASE)


def test_forged_plaintext_audit_is_not_accepted_in_a_ready_folder(encrypted: CaseStore) -> None:
    person = encrypted.list_people()[0].id
    encrypted.case_path(person).write_bytes(_plain_case(person, "Forged"))
    fresh = CaseStore(encrypted.root, PASSPHRASE)
    with fresh.open(person) as case:
        assert case.person["display_name"] == "Samira Q"
    assert "not encrypted" in fresh.recovered[0].message


def test_a_stripped_mac_is_not_taken_for_an_older_version(encrypted: CaseStore) -> None:
    root = encrypted.root
    doc = _keycheck(root)
    del doc["state_mac"]
    _write_keycheck(root, {**doc, "state": "encrypting"}, backup_too=False)
    with pytest.raises(EncryptionError, match="state was changed"):
        init_store(root, PASSPHRASE)  # even `init --encrypt` does not finish a forged state


def test_a_folder_from_before_the_mac_opens_and_gets_one(encrypted: CaseStore) -> None:
    root = encrypted.root
    doc = _keycheck(root)
    del doc["state_mac"]
    _write_keycheck(root, doc)
    reopened = CaseStore(root, PASSPHRASE)
    assert [p.display_name for p in reopened.list_people()] == ["Samira Q"]
    assert "state_mac" in _keycheck(root)


def test_finished_encryption_leaves_no_encrypting_copy_to_put_back(root: Path) -> None:
    init_store(root, PASSPHRASE)
    backup = json.loads(backup_path(crypto.keycheck_path(root)).read_bytes())
    assert backup["state"] == "ready"


def test_training_store_checks_the_state_too(encrypted: CaseStore) -> None:
    root = encrypted.root
    doc = _keycheck(root)
    _write_keycheck(root, {**doc, "state": "encrypting"})
    with pytest.raises(EncryptionError, match="damaged"):
        CaseStore(root, training=True, keyring=encrypted.keyring)


# -- 3. damaged scrypt settings -------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        {"log2_n": 40},
        {"log2_n": 30},
        {"r": 2**20},
        {"p": 10**6},
        {"log2_n": "15"},
        {"log2_n": True},
        {"log2_n": None},
        {"salt": base64.b64encode(b"short").decode()},
        {"salt": "not base64 !!"},
        {"salt": 7},
        {"check": ["x"]},
        {"check": "A" * 10**6},
        {"state": ["ready"]},
        {"state": "anything"},
        {"schema": "1"},
    ],
    ids=repr,
)
def test_damaged_scrypt_settings_are_reported_as_a_damaged_keycheck(
    encrypted: CaseStore, change: dict[str, Any]
) -> None:
    root = encrypted.root
    _write_keycheck(root, {**_keycheck(root), **change})
    with pytest.raises(EncryptionError, match=r"key-check file .* is damaged"):
        CaseStore(root, PASSPHRASE)


@pytest.mark.parametrize("missing", ["salt", "log2_n", "r", "p", "check"])
def test_a_missing_keycheck_field_is_reported_as_damage(encrypted: CaseStore, missing: str) -> None:
    root = encrypted.root
    doc = _keycheck(root)
    del doc[missing]
    _write_keycheck(root, doc)
    with pytest.raises(EncryptionError, match="is damaged"):
        CaseStore(root, PASSPHRASE)


def test_damaged_scrypt_settings_give_a_message_not_a_traceback(encrypted: CaseStore) -> None:
    root = encrypted.root
    _write_keycheck(root, {**_keycheck(root), "log2_n": 40, "r": 2**20})
    result = _cli(root, "people")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and "is damaged" in result.stderr


def test_a_damaged_keycheck_falls_back_to_its_good_backup(encrypted: CaseStore) -> None:
    root = encrypted.root
    good = _keycheck(root)
    _write_keycheck(root, {**good, "log2_n": 40}, backup_too=False)
    backup_path(crypto.keycheck_path(root)).write_bytes(json.dumps(good).encode())
    assert [p.display_name for p in CaseStore(root, PASSPHRASE).list_people()] == ["Samira Q"]


# -- 4. well-formed JSON with the wrong types ------------------------------------------------


def _case_doc(store: CaseStore, person: str) -> dict[str, Any]:
    return json.loads(store.case_path(person).read_bytes())


@pytest.mark.parametrize(
    ("table", "field", "value"),
    [
        ("person", "display_name", 42),
        ("person", "reference", ["R"]),
        ("sessions", "state", "not a state"),
        ("sessions", "session_id", 7),
        ("audit", "kind", {"x": 1}),
    ],
)
def test_a_case_file_with_a_wrong_type_is_treated_as_damaged(
    store: CaseStore, table: str, field: str, value: Any
) -> None:
    sam = store.create_person("Sam")
    alex = store.create_person("Alex")
    with store.open(sam) as case:
        case.save_session("s1", engine_state(1))
        case.save_session("s1", engine_state(2))
    doc = _case_doc(store, sam)
    first = next(iter(doc["tables"][table]))
    doc["tables"][table][first][field] = value
    store.case_path(sam).write_bytes(json.dumps(doc).encode())
    fresh = CaseStore(store.root)
    with fresh.open(sam) as case:  # the last good copy is put back
        assert case.person["display_name"] == "Sam"
    assert "wrong type" in fresh.recovered[0].message
    assert str(value) not in fresh.recovered[0].message or isinstance(value, int)
    assert [p.id for p in fresh.list_people()] == [alex, sam]


@pytest.mark.parametrize(
    "tables",
    [
        {"person": ["a list"]},
        {"person": {"1": "text"}},
        {"audit": {"first": {"kind": "x"}}},
        {"sessions": {"1": {"session_id": "s", "state": [1, 2]}}},
    ],
    ids=repr,
)
def test_a_case_file_of_the_wrong_shape_is_treated_as_damaged(
    store: CaseStore, tables: dict[str, Any]
) -> None:
    sam = store.create_person("Sam")
    doc = _case_doc(store, sam)
    doc["tables"].update(tables)
    store.case_path(sam).write_bytes(json.dumps(doc).encode())
    fresh = CaseStore(store.root)
    with pytest.raises(RecordsError, match="cannot be opened"):
        fresh.open(sam)


@pytest.mark.parametrize(
    ("field", "value"),
    [("display_name", 42), ("sessions", "three"), ("reference", 5), ("updated", None)],
)
def test_an_index_with_a_wrong_type_is_rebuilt(store: CaseStore, field: str, value: Any) -> None:
    sam = store.create_person("Sam")
    alex = store.create_person("Alex")
    doc = json.loads(store.index_path.read_bytes())
    doc["people"][sam][field] = value
    store.index_path.write_bytes(json.dumps(doc).encode())
    fresh = CaseStore(store.root)
    people = fresh.list_people()
    assert [(p.id, p.display_name) for p in people] == [(alex, "Alex"), (sam, "Sam")]
    assert "was damaged" in fresh.recovered[0].message


def test_an_index_whose_events_are_not_a_list_is_rebuilt(store: CaseStore) -> None:
    store.create_person("Sam")
    doc = json.loads(store.index_path.read_bytes())
    doc["events"] = "erased"
    store.index_path.write_bytes(json.dumps(doc).encode())
    fresh = CaseStore(store.root)
    assert fresh.store_events() == []
    assert [p.display_name for p in fresh.list_people()] == ["Sam"]


def test_a_number_as_a_display_name_does_not_stop_people_for_everyone(store: CaseStore) -> None:
    sam = store.create_person("Sam")
    store.create_person("Alex")
    doc = json.loads(store.index_path.read_bytes())
    doc["people"][sam]["display_name"] = 1234567
    store.index_path.write_bytes(json.dumps(doc).encode())
    result = _cli(store.root, "people", passphrase=None)
    assert result.returncode == 0, result.stderr
    assert "Alex" in result.stdout and "Sam" in result.stdout
    assert "Traceback" not in result.stderr and "1234567" not in result.stderr


# -- 4b. values of the right type that this app never writes -------------------------------

# Not 10 digits, an Escape inside, a wrong check digit, spaces (never stored), one digit ten times.
BAD_NHS_NUMBERS = ["123", "943476591\x1b", "9434765918", "943 476 5919", "0000000000"]


def _with_agreed_plan(store: CaseStore, name: str, nhs: str | None = None) -> str:
    person_id = store.create_person(name, nhs_number=nhs)
    with store.open(person_id) as case:
        plan = Plan(created="2026-02-02T10:00:00+00:00", person=person_ref(case))
        case.add_plan_version(plan.to_json(), agreed=True, by="both")
        case.save_session("s1", engine_state(1))  # the last good copy holds the plan too
    return person_id


def _tamper_person(store: CaseStore, person_id: str, **fields: Any) -> None:
    doc = _case_doc(store, person_id)
    doc["tables"]["person"]["1"].update(fields)
    store.case_path(person_id).write_bytes(json.dumps(doc).encode())


@pytest.mark.parametrize("value", BAD_NHS_NUMBERS, ids=repr)
def test_a_case_file_with_an_invalid_nhs_number_is_treated_as_damaged(
    store: CaseStore, value: str
) -> None:
    sam = _with_agreed_plan(store, "Sam", "943 476 5919")
    _tamper_person(store, sam, nhs_number=value)
    fresh = CaseStore(store.root)
    with fresh.open(sam) as case:  # the last good copy is put back
        [version] = versions(case)  # naming the person in the plan no longer fails
    assert version.plan.person.nhs_number == "9434765919"
    message = fresh.recovered[0].message
    assert "an NHS number that is not a valid one" in message
    assert "\x1b" not in message


def test_an_invalid_nhs_number_gives_no_crash_when_a_plan_is_shown(store: CaseStore) -> None:
    sam = _with_agreed_plan(store, "Sam", "943 476 5919")
    _tamper_person(store, sam, nhs_number="123")
    result = _cli(store.root, "plan", "show", sam, passphrase=None)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "unexpected problem" not in result.stderr
    assert "was damaged" in result.stderr and "943 476 5919" in result.stdout


@pytest.mark.parametrize("value", BAD_NHS_NUMBERS, ids=repr)
def test_an_index_with_an_invalid_nhs_number_is_rebuilt(store: CaseStore, value: str) -> None:
    sam = store.create_person("Sam", nhs_number="9434765919")
    doc = json.loads(store.index_path.read_bytes())
    doc["people"][sam]["nhs_number"] = value
    store.index_path.write_bytes(json.dumps(doc).encode())
    fresh = CaseStore(store.root)
    [person] = fresh.list_people()
    assert person.nhs_number == "9434765919"  # rebuilt from the case file
    assert "was damaged" in fresh.recovered[0].message


def test_hidden_characters_in_a_stored_name_and_reference_are_taken_out_on_reading(
    store: CaseStore,
) -> None:
    # Older versions stored names as typed: the record still opens, its name made safe as
    # names are made safe on saving (never shown with Escape or a bidi override in it).
    sam = store.create_person("Sam", reference="R-1")
    _tamper_person(store, sam, display_name="\u202eSam\x1b]52;c;eA==\x07", reference="R-1\x1b")
    doc = json.loads(store.index_path.read_bytes())
    doc["people"][sam].update(display_name="Sam\x1b[2J", reference="\u202eR-1")
    store.index_path.write_bytes(json.dumps(doc).encode())
    fresh = CaseStore(store.root)
    [listed] = fresh.list_people()
    assert (listed.display_name, listed.reference) == ("Sam[2J", "R-1")
    with fresh.open(sam) as case:
        assert (case.person["display_name"], case.person["reference"]) == ("Sam]52;c;eA==", "R-1")
    assert fresh.recovered == []  # cleaned, not treated as damage


def test_a_reference_is_saved_without_hidden_characters(store: CaseStore) -> None:
    sam = store.create_person("Sam", reference="R-1\x1b[2J")
    with store.open(sam) as case:
        assert case.person["reference"] == "R-1[2J"
        case.update_person(reference="\u202eR-2\x07")
        assert case.person["reference"] == "R-2"


def test_a_stored_name_with_nothing_visible_is_treated_as_damaged(store: CaseStore) -> None:
    sam = store.create_person("Sam")
    with store.open(sam) as case:
        case.save_session("s1", engine_state(1))
    _tamper_person(store, sam, display_name="\x1b\u202e ")
    fresh = CaseStore(store.root)
    with fresh.open(sam) as case:
        assert case.person["display_name"] == "Sam"
    assert "empty display_name" in fresh.recovered[0].message


# -- 5. things that are not files where files should be --------------------------------------


needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


def _not_a_file(path: Path, kind: str) -> None:
    path.unlink(missing_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:  # a symlink that points at itself
        path.symlink_to(path.name)


KINDS = [pytest.param("fifo", marks=needs_fifo), "folder", "loop"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_case_file_that_is_not_a_file_is_set_aside_without_blocking(
    store: CaseStore, kind: str
) -> None:
    sam = store.create_person("Sam")
    with store.open(sam) as case:
        case.save_session("s1", engine_state(1))
    _not_a_file(store.case_path(sam), kind)
    result = _cli(store.root, "people", "--check", passphrase=None)
    assert "Traceback" not in result.stderr
    assert "not a regular file" in result.stderr
    assert "Sam" in result.stdout


@pytest.mark.parametrize("kind", KINDS)
def test_an_index_that_is_not_a_file_is_rebuilt_without_blocking(
    store: CaseStore, kind: str
) -> None:
    store.create_person("Sam")
    _not_a_file(store.index_path, kind)
    result = _cli(store.root, "people", passphrase=None)
    assert result.returncode == 0, result.stderr
    assert "Sam" in result.stdout and "not a regular file" in result.stderr


@pytest.mark.parametrize("kind", KINDS)
def test_a_keycheck_that_is_not_a_file_is_reported_without_blocking(
    encrypted: CaseStore, kind: str
) -> None:
    root = encrypted.root
    _not_a_file(crypto.keycheck_path(root), kind)
    _not_a_file(backup_path(crypto.keycheck_path(root)), kind)
    result = _cli(root, "people")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and "not a regular file" in result.stderr
