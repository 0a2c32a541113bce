"""Changing the passphrase of an encrypted folder (`init --change-passphrase`): every file
re-encrypted with the new key, the old passphrase refused, crash-safe and resumable."""

from __future__ import annotations

import base64
import errno
import json
import os
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from records_support import PASSPHRASE, snapshot_dir

from assistant.records import (
    CaseStore,
    EncryptionError,
    RecordDamaged,
    RecordLocked,
    StoreUnavailable,
    WrongPassphrase,
    change_passphrase,
    crypto,
    init_store,
    is_encrypted_folder,
    rekey,
)
from assistant.records.atomic import backup_path
from assistant.records.paths import command_for, default_data_dir

pytestmark = pytest.mark.usefixtures("cheap_kdf")

NEW = "a new passphrase 2"
MEETINGS = ("2025-01-10", "2025-02-14", "2025-03-14")


def _meeting(case: Any, session: str) -> None:
    case.save_session(session, {"data": {"q": f"words of {session}"}}, [])
    version = case.add_plan_version({"goals": [f"goal of {session}"]}, session_id=session)
    case.audit("meeting_closed", session=session, plan_version=version, agreed=False)


@pytest.fixture
def filled(root: Path) -> dict[str, str]:
    """An encrypted folder with a person (three meetings, two archived, each saved twice so
    every file has a backup), a damaged copy, and a training record."""
    store, _ = init_store(root, PASSPHRASE)
    person = store.create_person("Samira Q", reference="REF-778")
    with store.open(person) as case:
        for session in MEETINGS:
            _meeting(case, session)
        case.archive_closed(keep={MEETINGS[-1]})
        case.save_session(MEETINGS[-1], {"data": {"q": "latest words"}}, [])
    # A readable damaged copy, as recovery sets them aside.
    store.damaged_dir.mkdir(mode=0o700, exist_ok=True)
    copy = store.damaged_dir / f"{person}.20250101T000000Z.abcdef.case"
    copy.write_bytes(store.case_path(person).read_bytes())
    trainee = store.training_store().create_person("Practice Pat")
    return {"person": person, "trainee": trainee}


def _old_params(root: Path) -> crypto.KdfParams:
    doc = crypto.read_keycheck(root)
    assert doc is not None
    return crypto.KdfParams(base64.b64decode(doc["salt"]), doc["log2_n"], doc["r"], doc["p"])


def _files_under(root: Path, params: crypto.KdfParams) -> list[str]:
    """Every file whose header names ``params`` (the key it was written with)."""
    return sorted(
        str(path.relative_to(root))
        for path in root.rglob("*")
        if path.is_file() and crypto.header_params(path.read_bytes()) == params
    )


def _everything_opens(root: Path, passphrase: str, ids: dict[str, str]) -> None:
    store = CaseStore(root, passphrase)
    assert [p.display_name for p in store.list_people()] == ["Samira Q"]
    case = store.read(ids["person"])
    assert case.archived_sessions == list(MEETINGS[:-1])
    assert [s["session_id"] for s in case.sessions()] == list(MEETINGS)
    assert case.load_session(MEETINGS[-1]) == {"data": {"q": "latest words"}}
    assert [v["plan"]["goals"] for v in case.plan_versions()] == [
        [f"goal of {s}"] for s in MEETINGS
    ]
    export = store.export_all(ids["person"])
    assert [d["readable"] for d in export["damaged_copies"]] == [True]
    training = store.training_store()
    assert [p.display_name for p in training.list_people()] == ["Practice Pat"]


def _crash_after(monkeypatch: pytest.MonkeyPatch, files: int) -> None:
    """The change is killed once ``files`` files were re-encrypted."""
    real = rekey.write_atomic
    done = []

    def write(path: Path, data: bytes, *, keep_backup: bool = False) -> None:
        if len(done) == files:
            raise KeyboardInterrupt  # stands in for a kill
        real(path, data, keep_backup=keep_backup)
        done.append(path)

    monkeypatch.setattr(rekey, "write_atomic", write)


def test_after_a_change_the_new_passphrase_opens_everything(
    root: Path, filled: dict[str, str]
) -> None:
    _, converted, _ = change_passphrase(root, PASSPHRASE, NEW)
    assert converted == len(_files_under(root, _old_params(root)))
    _everything_opens(root, NEW, filled)


def test_after_a_change_the_old_passphrase_is_refused(root: Path, filled: dict[str, str]) -> None:
    change_passphrase(root, PASSPHRASE, NEW)
    with pytest.raises(WrongPassphrase):
        CaseStore(root, PASSPHRASE)


def test_after_a_change_no_file_is_left_under_the_old_key(
    root: Path, filled: dict[str, str]
) -> None:
    old = _old_params(root)
    before = _files_under(root, old)
    person, trainee = filled["person"], filled["trainee"]
    assert before == sorted(
        [
            *(
                f"cases/{person}.{kind}{bak}"
                for kind in ("case", "archive")
                for bak in ("", ".bak")
            ),
            f"damaged/{person}.20250101T000000Z.abcdef.case",
            "index.json",
            "index.json.bak",
            f"training/cases/{trainee}.case",
            "training/index.json",
        ]
    )
    change_passphrase(root, PASSPHRASE, NEW)
    assert _files_under(root, old) == []
    assert sorted(_files_under(root, _old_params(root))) == before


def test_after_a_change_the_keycheck_and_its_backup_keep_nothing_of_the_old_key(
    root: Path, filled: dict[str, str]
) -> None:
    old_salt = _old_params(root).salt.hex()
    change_passphrase(root, PASSPHRASE, NEW)
    for path in (crypto.keycheck_path(root), backup_path(crypto.keycheck_path(root))):
        doc = json.loads(path.read_bytes())
        assert (doc["state"], doc["schema"], "previous" in doc) == ("ready", 1, False)
        assert old_salt not in path.read_bytes().hex()


@pytest.mark.parametrize("files", [0, 1, 5])
def test_an_interrupted_change_is_finished_by_running_it_again(
    root: Path, filled: dict[str, str], monkeypatch: pytest.MonkeyPatch, files: int
) -> None:
    old = _old_params(root)
    with monkeypatch.context() as patch:  # its own patch: cheap_kdf and the folders stay
        _crash_after(patch, files)
        with pytest.raises(KeyboardInterrupt):
            change_passphrase(root, PASSPHRASE, NEW)
    _, converted, _ = change_passphrase(root, PASSPHRASE, NEW)
    assert converted > 0
    assert _files_under(root, old) == []
    _everything_opens(root, NEW, filled)


@pytest.mark.parametrize("passphrase", [PASSPHRASE, NEW, None])
def test_an_interrupted_change_is_refused_with_what_to_do(
    root: Path, filled: dict[str, str], monkeypatch: pytest.MonkeyPatch, passphrase: str | None
) -> None:
    _crash_after(monkeypatch, 3)
    with pytest.raises(KeyboardInterrupt):
        change_passphrase(root, PASSPHRASE, NEW)
    before = snapshot_dir(root)
    with pytest.raises(
        EncryptionError, match=r"interrupted.*init --change-passphrase --data-dir [^`]+. again"
    ):
        CaseStore(root, passphrase)
    assert snapshot_dir(root) == before


def test_an_interrupted_change_is_not_finished_by_init_encrypt(
    root: Path, filled: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _crash_after(monkeypatch, 3)
    with pytest.raises(KeyboardInterrupt):
        change_passphrase(root, PASSPHRASE, NEW)
    before = snapshot_dir(root)
    with pytest.raises(EncryptionError, match="interrupted"):
        init_store(root, PASSPHRASE)
    assert snapshot_dir(root) == before


def test_an_interrupted_change_asks_no_passphrase_to_open(
    root: Path, filled: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _crash_after(monkeypatch, 3)
    with pytest.raises(KeyboardInterrupt):
        change_passphrase(root, PASSPHRASE, NEW)
    assert is_encrypted_folder(root) is False  # opening it says what to do instead


@pytest.mark.parametrize(("current", "new"), [("wrong wrong 1", NEW), (PASSPHRASE, "other new 3")])
def test_finishing_needs_the_same_two_passphrases(
    root: Path, filled: dict[str, str], monkeypatch: pytest.MonkeyPatch, current: str, new: str
) -> None:
    with monkeypatch.context() as patch:  # its own patch: cheap_kdf and the folders stay
        _crash_after(patch, 3)
        with pytest.raises(KeyboardInterrupt):
            change_passphrase(root, PASSPHRASE, NEW)
    before = snapshot_dir(root)
    with pytest.raises(WrongPassphrase, match="same current and new passphrases"):
        change_passphrase(root, current, new)
    assert snapshot_dir(root) == before


def test_a_failed_write_says_to_run_it_again(
    root: Path, filled: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(path: Path, data: bytes, *, keep_backup: bool = False) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(rekey, "write_atomic", full)
    with pytest.raises(StoreUnavailable, match=r"disk is full.*not finished.*same current"):
        change_passphrase(root, PASSPHRASE, NEW)


def test_a_wrong_current_passphrase_touches_nothing(root: Path, filled: dict[str, str]) -> None:
    before = snapshot_dir(root)
    with pytest.raises(WrongPassphrase):
        change_passphrase(root, "wrong wrong wrong", NEW)
    assert snapshot_dir(root) == before
    _everything_opens(root, PASSPHRASE, filled)


def test_a_record_open_elsewhere_changes_nothing(root: Path, filled: dict[str, str]) -> None:
    other_window = CaseStore(root, PASSPHRASE)
    before = snapshot_dir(root)
    with (
        other_window.open(filled["person"]),
        pytest.raises(RecordLocked, match=r"Samira Q.*passphrase was not changed"),
    ):
        change_passphrase(root, PASSPHRASE, NEW)
    assert snapshot_dir(root) == before
    _everything_opens(root, PASSPHRASE, filled)


def test_a_training_record_open_elsewhere_changes_nothing(
    root: Path, filled: dict[str, str]
) -> None:
    training = CaseStore(root, PASSPHRASE, training=True)
    before = snapshot_dir(root)
    with training.open(filled["trainee"]), pytest.raises(RecordLocked, match="Practice Pat"):
        change_passphrase(root, PASSPHRASE, NEW)
    assert snapshot_dir(root) == before


def test_a_file_no_key_opens_stops_the_change_before_anything_is_written(
    root: Path, filled: dict[str, str]
) -> None:
    store = CaseStore(root, PASSPHRASE)
    bad = store.damaged_dir / f"{filled['person']}.20250102T000000Z.123456.case"
    data = bytearray(store.case_path(filled["person"]).read_bytes())
    data[-1] ^= 1
    bad.write_bytes(bytes(data))
    before = snapshot_dir(root)
    with pytest.raises(RecordDamaged, match=r"damaged/.*\.123456\.case.*Nothing was changed"):
        change_passphrase(root, PASSPHRASE, NEW)
    assert snapshot_dir(root) == before


@pytest.mark.parametrize("new", ["short", PASSPHRASE, "correct horse battery"])
def test_a_new_passphrase_too_short_or_the_same_is_refused(
    root: Path, filled: dict[str, str], new: str
) -> None:
    before = snapshot_dir(root)
    with pytest.raises(EncryptionError, match="Nothing was changed"):
        change_passphrase(root, PASSPHRASE, new)
    assert snapshot_dir(root) == before


def test_a_plain_folder_has_no_passphrase_to_change(root: Path) -> None:
    CaseStore(root).create_person("Sam")
    before = snapshot_dir(root)
    with pytest.raises(EncryptionError, match=r"not encrypted.*init --encrypt"):
        change_passphrase(root, PASSPHRASE, NEW)
    assert snapshot_dir(root) == before


def test_a_command_in_a_message_names_the_folder_it_is_for(tmp_path: Path) -> None:
    # "run `cpi-assistant init --encrypt`" alone would encrypt another (the default) folder.
    root = tmp_path / "team records"
    CaseStore(root).create_person("Sam")
    with pytest.raises(EncryptionError) as caught:
        change_passphrase(root, PASSPHRASE, NEW)
    assert f"`cpi-assistant init --encrypt --data-dir '{root}'`" in str(caught.value)


def test_a_command_for_the_default_folder_needs_no_data_dir() -> None:
    root = default_data_dir()  # the per-user folder (the tests point it at a temp folder)
    assert command_for("init --encrypt", root) == "cpi-assistant init --encrypt"


@pytest.mark.parametrize(
    "new",
    [
        "cafe\u0301 ünïcödé",  # decomposed: the same passphrase as typed composed
        "[bold]{{ x }}%s\\n\"'\x1b[31m",  # markup, a template, escapes: only characters
        "🔐 парол 密码 ٣",
    ],
)
def test_unicode_and_hostile_passphrases_are_passphrases(
    root: Path, filled: dict[str, str], new: str
) -> None:
    change_passphrase(root, PASSPHRASE, new)
    _everything_opens(root, unicodedata.normalize("NFC", new), filled)
    _everything_opens(root, unicodedata.normalize("NFD", new), filled)


def test_a_window_opened_before_the_change_refuses_to_write_with_the_old_key(
    root: Path, filled: dict[str, str]
) -> None:
    stale = CaseStore(root, PASSPHRASE)
    change_passphrase(root, PASSPHRASE, NEW)
    before = snapshot_dir(root)
    with pytest.raises(EncryptionError, match=r"passphrase .* was changed after this window"):
        stale.create_person("Alex")
    with pytest.raises(EncryptionError, match=r"passphrase .* was changed after this window"):
        stale.open(filled["person"])
    assert snapshot_dir(root) == before


def test_a_window_opened_before_the_change_does_not_take_the_files_for_damage(
    root: Path, filled: dict[str, str]
) -> None:
    stale = CaseStore(root, PASSPHRASE)
    change_passphrase(root, PASSPHRASE, NEW)
    before = snapshot_dir(root)
    with pytest.raises(EncryptionError, match="was changed after this window"):
        stale.list_people()
    assert snapshot_dir(root) == before
    assert stale.recovered == []


def test_a_changing_state_written_without_the_passphrase_is_damage(
    root: Path, filled: dict[str, str]
) -> None:
    """Someone who can write to the folder edits the state to "changing" (with the folder's
    own settings as the "previous" ones): its MAC, made with a key they do not have, fails."""
    path = crypto.keycheck_path(root)
    doc = json.loads(path.read_bytes())
    previous = {k: doc[k] for k in ("salt", "log2_n", "r", "p", "check")}
    forged = {**doc, "schema": 2, "state": "changing", "previous": previous}
    for place in (path, backup_path(path)):
        place.write_text(json.dumps(forged))
    before = snapshot_dir(root)
    with pytest.raises(EncryptionError, match="state was changed without the passphrase"):
        change_passphrase(root, PASSPHRASE, PASSPHRASE)
    assert snapshot_dir(root) == before


def test_a_command_for_the_default_folder_names_it_when_settings_remember_another(
    tmp_path: Path,
) -> None:
    # The records are in the default folder (given with --data-dir, say), but Settings
    # remembers another: a bare `cpi-assistant init --encrypt` would encrypt that one.
    from assistant.settings import UserSettings, save_settings, settings_path

    save_settings(settings_path(), UserSettings(data_dir=tmp_path / "team records"))
    root = default_data_dir()
    assert command_for("init --encrypt", root) == f"cpi-assistant init --encrypt --data-dir {root}"


def test_a_command_for_the_default_folder_names_it_when_cpi_data_dir_is_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = default_data_dir()
    monkeypatch.setenv("CPI_DATA_DIR", str(tmp_path / "team records"))
    assert command_for("init --encrypt", root) == f"cpi-assistant init --encrypt --data-dir {root}"


# -- rescue copies (answers a closing app could not save) -------------------------------------


def _rescue_copy(root: Path, person: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A rescue copy of ``person``'s record, as the app writes one when it is closed while
    saving fails (in the user's state folder, under the records' key), holding words the
    record does not have."""
    from assistant.records import SaveFailed, atomic
    from assistant.records.rescue import default_folder, write_rescue

    real = os.replace

    def disk_full(src: Any, dst: Any, *a: Any, **k: Any) -> Any:
        if ".case" in str(dst):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(src, dst, *a, **k)

    case = CaseStore(root, PASSPHRASE).open(person)
    with monkeypatch.context() as patch:
        patch.setattr(atomic.os, "replace", disk_full)
        with pytest.raises(SaveFailed):
            case.save_session(MEETINGS[-1], {"data": {"q": "words not saved"}}, [])
        copy = write_rescue(case, default_folder(), root)
    case.give_up()
    return copy


def test_a_change_gives_the_rescue_copies_the_new_key_so_they_still_go_back(
    root: Path, filled: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.records.rescue import default_folder, put_back_rescued

    copy = _rescue_copy(root, filled["person"], monkeypatch)
    _, _, rescued = change_passphrase(root, PASSPHRASE, NEW)
    assert rescued == 1
    assert crypto.header_params(copy.read_bytes()) == _old_params(root)
    store = CaseStore(root, NEW)
    said = put_back_rescued(store, default_folder())
    assert len(said) == 1 and "now back in the record" in said[0]
    assert store.read(filled["person"]).load_session(MEETINGS[-1]) == {
        "data": {"q": "words not saved"}
    }


@pytest.mark.parametrize("files", [0, 2, 4, None])  # None: killed at the copy's turn
def test_an_interrupted_change_gives_the_rescue_copies_the_new_key_when_finished(
    root: Path, filled: dict[str, str], monkeypatch: pytest.MonkeyPatch, files: int | None
) -> None:
    from assistant.records.rescue import default_folder, put_back_rescued

    copy = _rescue_copy(root, filled["person"], monkeypatch)
    with monkeypatch.context() as patch:
        _crash_after(patch, len(_files_under(root, _old_params(root))) if files is None else files)
        with pytest.raises(KeyboardInterrupt):
            change_passphrase(root, PASSPHRASE, NEW)
    assert change_passphrase(root, PASSPHRASE, NEW)[2] == 1
    assert crypto.header_params(copy.read_bytes()) == _old_params(root)
    said = put_back_rescued(CaseStore(root, NEW), default_folder())
    assert len(said) == 1 and "now back in the record" in said[0]


def test_a_change_that_could_not_rekey_a_rescue_copy_is_refused_before_anything_changes(
    root: Path, filled: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = _rescue_copy(root, filled["person"], monkeypatch)
    before = snapshot_dir(root)
    monkeypatch.setattr(rekey.os, "access", lambda *a, **k: False)  # its folder read-only
    with pytest.raises(StoreUnavailable, match=r"rescue copies.*Nothing was changed") as refused:
        change_passphrase(root, PASSPHRASE, NEW)
    assert str(copy.parent) in str(refused.value)
    assert snapshot_dir(root) == before
    CaseStore(root, PASSPHRASE)  # the current passphrase still opens the records
