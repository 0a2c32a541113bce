"""Encryption at rest: all files, backups and temps included; a wrong passphrase touches nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from records_support import PASSPHRASE, engine_state, log_entry, snapshot_dir

from assistant.records import (
    CaseStore,
    EncryptionError,
    PassphraseRequired,
    RecordLocked,
    WrongPassphrase,
    atomic,
    crypto,
    init_store,
)
from assistant.records.atomic import backup_path
from assistant.records.folder import StoreFolder

pytestmark = pytest.mark.usefixtures("cheap_kdf")

SECRET_ANSWER = "my brother Tobias in Leeds"


@pytest.fixture
def encrypted(root: Path) -> CaseStore:
    store, _ = init_store(root, PASSPHRASE)
    return store


def _fill(store: CaseStore) -> str:
    person = store.create_person("Samira Q", reference="REF-778")
    with store.open(person) as case:
        case.save_session("s1", {"answer": SECRET_ANSWER}, [log_entry(0)])
        case.save_session("s1", {"answer": SECRET_ANSWER + "!"}, [log_entry(1)])
    return person


def _plaintext_anywhere(root: Path, *needles: str) -> list[str]:
    return [
        f"{path.name}: {needle}"
        for path in root.rglob("*")
        if path.is_file()
        for needle in needles
        if needle.encode() in path.read_bytes()
    ]


def test_round_trip_reads_back_what_was_saved(encrypted: CaseStore) -> None:
    person = _fill(encrypted)
    reopened = CaseStore(encrypted.root, PASSPHRASE)
    assert reopened.read(person).load_session("s1") == {"answer": SECRET_ANSWER + "!"}
    assert [p.display_name for p in reopened.list_people()] == ["Samira Q"]


def test_no_file_holds_names_answers_or_the_passphrase_in_clear(encrypted: CaseStore) -> None:
    _fill(encrypted)
    assert backup_path(encrypted.case_path(encrypted.list_people()[0].id)).exists()
    assert _plaintext_anywhere(encrypted.root, "Samira", "REF-778", "Tobias", PASSPHRASE) == []


def test_temp_files_are_encrypted_too(
    encrypted: CaseStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[bytes] = []
    real = atomic._write_new_file

    def spy(path: Path, data: bytes, *mode: int) -> None:
        written.append(data)
        real(path, data, *mode)

    monkeypatch.setattr(atomic, "_write_new_file", spy)
    _fill(encrypted)
    assert written and all(data.startswith(crypto.MAGIC) for data in written)


def test_wrong_passphrase_is_refused_clearly(encrypted: CaseStore) -> None:
    _fill(encrypted)
    with pytest.raises(WrongPassphrase, match="does not open these records"):
        CaseStore(encrypted.root, "not the passphrase")


def test_wrong_passphrase_touches_nothing(encrypted: CaseStore) -> None:
    person = _fill(encrypted)
    atomic.temp_path(encrypted.case_path(person)).write_bytes(b"orphan")
    before = snapshot_dir(encrypted.root)
    with pytest.raises(WrongPassphrase):
        CaseStore(encrypted.root, "not the passphrase")
    assert snapshot_dir(encrypted.root) == before


def test_a_damaged_keycheck_file_is_put_back_from_its_backup_and_said(
    encrypted: CaseStore,
) -> None:
    # It opened from the backup in silence, the file left broken: one more damaged file and
    # no record would open; `people --check` said "no problems found".
    path = crypto.keycheck_path(encrypted.root)
    path.write_bytes(path.read_bytes()[:100])
    fresh = CaseStore(encrypted.root, PASSPHRASE)
    assert json.loads(path.read_bytes()) == json.loads(backup_path(path).read_bytes())
    assert any("key-check file" in n.message for n in fresh.recovered)


def test_a_wrong_passphrase_leaves_a_damaged_keycheck_file_as_it_is(
    encrypted: CaseStore,
) -> None:
    path = crypto.keycheck_path(encrypted.root)
    path.write_bytes(b"junk")
    with pytest.raises(WrongPassphrase):
        CaseStore(encrypted.root, "not the passphrase")
    assert path.read_bytes() == b"junk"


COMPOSED = "Zo\u00eb \u00fcn\u00efc\u00f8d\u00e9 pass"  # ë as one character each
DECOMPOSED = "Zoe\u0308 u\u0308ni\u0308c\u00f8de\u0301 pass"  # e and its accent apart


@pytest.mark.parametrize(("made", "typed"), [(COMPOSED, DECOMPOSED), (DECOMPOSED, COMPOSED)])
def test_the_same_visible_passphrase_opens_however_its_accents_were_typed(
    root: Path, made: str, typed: str
) -> None:
    # Typed with accents composed at init and decomposed later (another keyboard or input
    # method), it was "That passphrase does not open these records".
    store, _ = init_store(root, made)
    person = store.create_person("Sam")
    assert CaseStore(root, typed).list_people()[0].id == person


def test_a_folder_made_with_a_decomposed_passphrase_before_normalising_still_opens(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.records import crypto

    with monkeypatch.context() as old_version:  # the key from the passphrase as typed
        old_version.setattr(crypto, "same_passphrase", lambda passphrase: passphrase)
        store, _ = init_store(root, DECOMPOSED)
        person = store.create_person("Sam")
    assert CaseStore(root, DECOMPOSED).list_people()[0].id == person


def test_missing_passphrase_is_asked_for(encrypted: CaseStore) -> None:
    with pytest.raises(PassphraseRequired, match="CPI_PASSPHRASE"):
        CaseStore(encrypted.root)


def test_passphrase_for_a_plain_folder_is_refused(store: CaseStore) -> None:
    with pytest.raises(EncryptionError, match="not encrypted"):
        CaseStore(store.root, PASSPHRASE)


def test_tampered_ciphertext_is_detected_and_the_good_copy_restored(
    encrypted: CaseStore,
) -> None:
    person = _fill(encrypted)
    path = encrypted.case_path(person)
    data = bytearray(path.read_bytes())
    data[-20] ^= 0x01
    path.write_bytes(bytes(data))
    fresh = CaseStore(encrypted.root, PASSPHRASE)
    with fresh.open(person) as case:
        assert case.load_session("s1") == {"answer": SECRET_ANSWER}
    assert "changed or damaged" in fresh.recovered[0].message


def test_tampered_header_is_detected(encrypted: CaseStore) -> None:
    person = _fill(encrypted)
    path = encrypted.case_path(person)
    data = bytearray(path.read_bytes())
    data[len(crypto.MAGIC) + 17] ^= 0x01  # inside the authenticated header (log2 n)
    path.write_bytes(bytes(data))
    fresh = CaseStore(encrypted.root, PASSPHRASE)
    fresh.open(person).close()
    assert fresh.recovered


def test_plaintext_file_slipped_into_an_encrypted_folder_is_not_trusted(
    encrypted: CaseStore, root: Path, tmp_path: Path
) -> None:
    person = _fill(encrypted)
    plain = {"format": "cpi-case", "schema": 1, "person_id": person, "tables": {}}
    encrypted.case_path(person).write_bytes(json.dumps(plain).encode())
    fresh = CaseStore(root, PASSPHRASE)
    with fresh.open(person) as case:
        assert case.load_session("s1") == {"answer": SECRET_ANSWER}
    assert "not encrypted" in fresh.recovered[0].message


def test_init_encrypt_converts_existing_records(root: Path) -> None:
    plain = CaseStore(root)
    person = _fill(plain)
    _, converted = init_store(root, PASSPHRASE)
    assert converted >= 3  # case, its backup, index
    assert _plaintext_anywhere(root, "Samira", "Tobias") == []
    assert CaseStore(root, PASSPHRASE).read(person).load_session("s1") == {
        "answer": SECRET_ANSWER + "!"
    }


def test_interrupted_encryption_can_be_finished(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = _fill(CaseStore(root))
    calls = 0
    real = atomic.write_atomic

    def crash_after_two(path: Path, data: bytes, *, keep_backup: bool = False) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise KeyboardInterrupt  # stands in for a crash part-way through
        real(path, data, keep_backup=keep_backup)

    with monkeypatch.context() as patch:  # its own patch: cheap_kdf and the folders stay
        patch.setattr("assistant.records.setup.write_atomic", crash_after_two)
        with pytest.raises(KeyboardInterrupt):
            init_store(root, PASSPHRASE)
    # Half-converted folder still opens...
    assert CaseStore(root, PASSPHRASE).read(person).person["display_name"] == "Samira Q"
    # ...and running init again finishes the job.
    init_store(root, PASSPHRASE)
    assert _plaintext_anywhere(root, "Samira", "Tobias") == []


def _interrupt_encryption(root: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A plain folder with one person, then `init --encrypt` stopped part-way through."""
    person = _fill(CaseStore(root))
    calls = 0
    real = atomic.write_atomic

    def crash_after_two(path: Path, data: bytes, *, keep_backup: bool = False) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise KeyboardInterrupt  # stands in for a kill part-way through
        real(path, data, keep_backup=keep_backup)

    with monkeypatch.context() as patch:
        patch.setattr("assistant.records.setup.write_atomic", crash_after_two)
        with pytest.raises(KeyboardInterrupt):
            init_store(root, PASSPHRASE)
    return person


def test_an_unfinished_encryption_is_said_until_it_is_finished(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # It opened with the passphrase and said nothing, with half the files in plain text.
    root = tmp_path / "team records"
    _interrupt_encryption(root, monkeypatch)
    said = CaseStore(root, PASSPHRASE).encryption_unfinished
    assert said is not None
    assert "Encrypting was interrupted: some records" in said
    assert f"`cpi-assistant init --encrypt --data-dir '{root}'` again" in said
    init_store(root, PASSPHRASE)
    assert CaseStore(root, PASSPHRASE).encryption_unfinished is None


def test_every_command_says_encrypting_was_interrupted_and_init_finishes_it(
    root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from assistant.cli import main

    _interrupt_encryption(root, monkeypatch)
    monkeypatch.setenv("CPI_PASSPHRASE", PASSPHRASE)
    for command in (["people"], ["audit", "Samira Q"], ["init"]):
        main([*command, "--data-dir", str(root)])
        err = " ".join(capsys.readouterr().err.split())
        assert "Encrypting was interrupted: some records" in err, command
    assert main(["init", "--encrypt", "--data-dir", str(root)]) == 0
    assert _plaintext_anywhere(root, "Samira", "Tobias") == []
    capsys.readouterr()
    assert main(["people", "--data-dir", str(root)]) == 0
    out, err = capsys.readouterr()
    assert "Samira Q" in out and "interrupted" not in err


def test_finishing_an_encryption_with_no_terminal_asks_for_the_passphrase_it_began_with(
    root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # It said "needs a new passphrase (at least 8 characters)": the passphrase is set already.
    from assistant.cli import main

    _interrupt_encryption(root, monkeypatch)
    monkeypatch.delenv("CPI_PASSPHRASE", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["init", "--encrypt", "--data-dir", str(root)]) != 0
    err = " ".join(capsys.readouterr().err.split())
    assert "the passphrase it was started with" in err and "new passphrase" not in err


def test_encrypting_twice_is_refused(encrypted: CaseStore) -> None:
    with pytest.raises(EncryptionError, match="already encrypted"):
        init_store(encrypted.root, PASSPHRASE)


def test_short_passphrase_is_refused(root: Path) -> None:
    with pytest.raises(EncryptionError, match="at least"):
        init_store(root, "short")


def test_keycheck_records_scrypt_and_aes_gcm_without_the_passphrase(
    encrypted: CaseStore,
) -> None:
    doc = json.loads(crypto.keycheck_path(encrypted.root).read_bytes())
    assert (doc["kdf"], doc["cipher"]) == ("scrypt", "AES-256-GCM")
    assert PASSPHRASE not in json.dumps(doc)


def test_training_store_shares_the_key(encrypted: CaseStore) -> None:
    training = encrypted.training_store()
    person = training.create_person("Practice")
    with training.open(person) as case:
        case.save_session("s1", engine_state(1))
    assert _plaintext_anywhere(encrypted.root, "Practice", "answer 0") == []
    assert CaseStore(encrypted.root, PASSPHRASE, training=True).list_people()[0].id == person


# -- a store opened before `init --encrypt` ran (the app left open on Home) ----------------


def _encrypted_under(root: Path) -> CaseStore:
    """A plain folder with one person, opened as the app opens it, that has written once;
    then `init --encrypt` turns encryption on while that store is still open."""
    stale = CaseStore(root)
    stale.create_person("First Added")
    init_store(root, PASSPHRASE)
    return stale


def test_a_store_opened_before_encryption_refuses_to_add_someone(root: Path) -> None:
    stale = _encrypted_under(root)
    with pytest.raises(EncryptionError, match="were encrypted after this window opened"):
        stale.create_person("Second Added")


def test_a_store_opened_before_encryption_writes_no_plaintext_and_sets_nothing_aside(
    root: Path,
) -> None:
    stale = _encrypted_under(root)
    with pytest.raises(EncryptionError):
        stale.create_person("Second Added")
    assert _plaintext_anywhere(root, "Second Added", "First Added") == []
    assert not (root / "damaged").exists()


@pytest.mark.parametrize("when", ["after the lock", "after the write"])
def test_encryption_starting_while_someone_is_added_leaves_no_plaintext_record(
    root: Path, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    # `init --encrypt` ran between the check and the write: the new person's file was left in
    # plaintext in the encrypted folder, unlisted and unreachable, and adding them "worked".
    stale = CaseStore(root)
    stale.create_person("First Added")
    if when == "after the lock":
        real_lock = StoreFolder.lock_record

        def lock_then_encrypt(self: StoreFolder, *args: Any) -> Any:
            lock = real_lock(self, *args)
            init_store(root, PASSPHRASE)
            return lock

        monkeypatch.setattr(StoreFolder, "lock_record", lock_then_encrypt)
    else:
        real_update = stale.index.update

        def encrypt_then_update(*args: Any, **kwargs: Any) -> Any:
            init_store(root, PASSPHRASE)
            return real_update(*args, **kwargs)

        monkeypatch.setattr(stale.index, "update", encrypt_then_update)
    with pytest.raises(EncryptionError, match="were encrypted after this window opened"):
        stale.create_person("Second Added")
    assert _plaintext_anywhere(root, "Second Added") == []
    fresh = CaseStore(root, PASSPHRASE)
    assert [p.display_name for p in fresh.list_people()] == ["First Added"]
    assert fresh.recovered == []


def test_records_encrypted_under_an_open_store_still_open_with_the_passphrase(
    root: Path,
) -> None:
    stale = _encrypted_under(root)
    with pytest.raises(EncryptionError):
        stale.create_person("Second Added")
    names = [p.display_name for p in CaseStore(root, PASSPHRASE).list_people()]
    assert names == ["First Added"]


def test_a_store_opened_before_encryption_does_not_take_the_list_for_damaged(
    root: Path,
) -> None:
    stale = _encrypted_under(root)
    with pytest.raises(EncryptionError, match="open it again with the passphrase"):
        stale.list_people()
    assert stale.recovered == []
    assert not (root / "damaged").exists()


def test_a_store_opened_before_encryption_refuses_to_open_a_record(root: Path) -> None:
    stale = CaseStore(root)
    person = stale.create_person("First Added")
    init_store(root, PASSPHRASE)
    with pytest.raises(EncryptionError, match="were encrypted after this window opened"):
        stale.open(person)


def test_a_store_that_never_wrote_says_the_folder_was_encrypted_not_that_keycheck_is_missing(
    root: Path,
) -> None:
    CaseStore(root).create_person("First Added")
    stale = CaseStore(root)  # opened, nothing written yet
    init_store(root, PASSPHRASE)
    with pytest.raises(EncryptionError) as caught:
        stale.create_person("Second Added")
    assert "were encrypted after this window opened" in str(caught.value)
    assert "missing" not in str(caught.value)


# -- `init --encrypt` refused because a record is open in another window -------------------


def test_encryption_refused_for_an_open_record_sets_no_passphrase(root: Path) -> None:
    store = CaseStore(root)
    person = store.create_person("Sam")
    with store.open(person), pytest.raises(RecordLocked, match="Nothing was changed"):
        init_store(root, PASSPHRASE)
    assert not crypto.keycheck_path(root).exists()
    assert not backup_path(crypto.keycheck_path(root)).exists()


def test_after_a_refused_encryption_the_folder_opens_without_a_passphrase(root: Path) -> None:
    store = CaseStore(root)
    person = store.create_person("Sam")
    with store.open(person), pytest.raises(RecordLocked):
        init_store(root, PASSPHRASE)
    assert [p.display_name for p in CaseStore(root).list_people()] == ["Sam"]


def test_after_a_refused_encryption_another_passphrase_can_be_chosen(root: Path) -> None:
    store = CaseStore(root)
    person = store.create_person("Sam")
    with store.open(person), pytest.raises(RecordLocked):
        init_store(root, PASSPHRASE)
    init_store(root, "another pass 9")
    assert CaseStore(root, "another pass 9").read(person).person["display_name"] == "Sam"


def test_finishing_an_interrupted_encryption_refused_says_the_passphrase_is_set(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = _fill(CaseStore(root))

    def crash(path: Path, data: bytes, *, keep_backup: bool = False) -> None:
        raise KeyboardInterrupt  # stands in for a crash before the first file is converted

    with monkeypatch.context() as patch:  # its own patch: cheap_kdf and the folders stay
        patch.setattr("assistant.records.setup.write_atomic", crash)
        with pytest.raises(KeyboardInterrupt):
            init_store(root, PASSPHRASE)
    with (
        CaseStore(root, PASSPHRASE).open(person),
        pytest.raises(RecordLocked, match="The passphrase is already set: use the same one"),
    ):
        init_store(root, PASSPHRASE)
