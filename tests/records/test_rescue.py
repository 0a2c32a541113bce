"""Rescue copies (records/rescue.py): put back only over the file they were made from."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest
from records_support import PASSPHRASE, engine_state, log_entry

from assistant.cli import main
from assistant.records import CaseStore, SaveFailed, atomic, init_store, rekey, rescue
from assistant.records.rescue import default_folder, put_back_rescued, write_rescue


def _disk_full(patch: pytest.MonkeyPatch) -> None:
    """Case files cannot be written while ``patch`` holds (a full disk)."""
    real = os.replace

    def failing(src: Any, dst: Any, *a: Any, **k: Any) -> Any:
        if ".case" in str(dst):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(src, dst, *a, **k)

    patch.setattr(atomic.os, "replace", failing)


def _rescued(store: CaseStore, person: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A save that fails, kept in a rescue copy, and the record let go (the app ending)."""
    case = store.open(person)
    case.save_session("s1", engine_state(1))
    with monkeypatch.context() as patch:
        _disk_full(patch)
        with pytest.raises(SaveFailed):
            case.save_session("s1", engine_state(2))
        write_rescue(case, folder, store.root)
    case.give_up()


def test_a_rescue_copy_goes_back_into_an_unchanged_record(
    store: CaseStore, person: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "rescued"
    _rescued(store, person, folder, monkeypatch)
    [said] = put_back_rescued(CaseStore(store.root), folder)
    assert "now back in the record" in said
    assert CaseStore(store.root).read(person).load_session("s1") == engine_state(2)
    assert list(folder.iterdir()) == []


def test_the_people_list_follows_a_record_put_back(
    store: CaseStore, person: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "rescued"
    case = store.open(person)
    with monkeypatch.context() as patch:
        _disk_full(patch)
        with pytest.raises(SaveFailed):
            case.save_session("s1", engine_state(1))  # the first meeting: not saved
        write_rescue(case, folder, store.root)
    case.give_up()
    again = CaseStore(store.root)
    [before] = [p for p in again.list_people() if p.id == person]
    put_back_rescued(again, folder)
    [after] = [p for p in CaseStore(store.root).list_people() if p.id == person]
    assert (before.sessions, after.sessions) == (0, 1)


def _rescued_then_saved(
    store: CaseStore, person: str, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> str:
    """A rescue copy, then the record saved again (opened and carried on): what the next
    start says about the copy."""
    _rescued(store, person, folder, monkeypatch)
    with store.open(person) as case:
        case.save_session("s1", engine_state(3))
    [said] = put_back_rescued(CaseStore(store.root), folder)
    return said


def test_a_rescue_copy_is_not_put_over_a_record_saved_since(
    store: CaseStore, person: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "rescued"
    said = _rescued_then_saved(store, person, folder, monkeypatch)
    assert "not in the record yet" in said and "saved again since" in said
    assert CaseStore(store.root).read(person).load_session("s1") == engine_state(3)
    assert len(list(folder.glob("*.rescued"))) == 1


def test_a_copy_made_while_the_file_could_not_be_read_goes_back_once_it_can(
    store: CaseStore, person: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A drive gone: the file cannot be read when the copy is made; the copy is made over the
    # version the meeting last wrote, and goes back when the drive is back unchanged.
    folder = tmp_path / "rescued"
    real_read = rescue.read_regular

    def gone(path: Any, *a: Any, **k: Any) -> Any:
        if str(path).endswith(".case"):
            raise OSError(errno.ENXIO, "No such device or address")
        return real_read(path, *a, **k)

    with monkeypatch.context() as patch:
        patch.setattr(rescue, "read_regular", gone)
        _rescued(store, person, folder, monkeypatch)
    [said] = put_back_rescued(CaseStore(store.root), folder)
    assert "now back in the record" in said
    assert CaseStore(store.root).read(person).load_session("s1") == engine_state(2)


def test_a_copy_never_makes_a_record_whose_file_is_gone(
    store: CaseStore, person: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "rescued"
    _rescued(store, person, folder, monkeypatch)
    path = store.case_path(person)
    path.unlink()
    [said] = put_back_rescued(CaseStore(store.root), folder)
    assert "cannot be found or read" in said
    assert not path.exists()


def test_a_copy_the_record_moved_on_from_says_it_cannot_go_back_by_itself(
    store: CaseStore, person: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said = _rescued_then_saved(store, person, tmp_path / "rescued", monkeypatch)
    assert "cannot go back by itself" in said and "tries again" not in said


def test_erasing_a_person_erases_their_rescue_copies(
    store: CaseStore,
    person: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = default_folder()  # the user's state folder (a temporary one in the tests)
    _rescued(store, person, folder, monkeypatch)
    assert list(folder.glob("*.rescued"))
    assert main(["erase", person, "--yes", "--data-dir", str(store.root)]) == 0
    assert "Also erased 1 rescue copy" in capsys.readouterr().out
    assert list(folder.iterdir()) == []


def test_opening_a_record_reads_its_file_once(
    store: CaseStore, person: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The digest a rescue copy is made over comes from the bytes read to load the record,
    # not from a second read of the file (a 500 KB record read twice at every meeting open).
    from assistant import safe_read

    path = str(store.case_path(person))
    opened: list[str] = []
    real = safe_read.os.open

    def counting(file: Any, *a: Any, **k: Any) -> Any:
        if str(file) == path:
            opened.append(path)
        return real(file, *a, **k)

    with monkeypatch.context() as patch:
        patch.setattr(safe_read.os, "open", counting)
        case = store.open(person)
    case.close()
    assert len(opened) == 1


def test_the_digest_kept_is_of_the_file_on_disk_after_a_repair(
    store: CaseStore, person: str
) -> None:
    with store.open(person) as case:
        case.save_session("s1", engine_state(1))  # a last good copy to repair from
    path = store.case_path(person)
    path.write_bytes(b"{garbled")
    case = store.open(person)
    case.close()
    assert store.recovered and case.on_disk == atomic.digest(path.read_bytes())


# -- cpi-assistant rescue list | show | discard -----------------------------------------------


def _waiting(
    store: CaseStore,
    person: str,
    monkeypatch: pytest.MonkeyPatch,
    records: Path | None = None,
    asked: str = "",
) -> Path:
    """In the user's state folder (as the app keeps them): a rescue copy holding an answer
    ("answer 2") the record does not have. ``records``: the records folder the copy names
    (``store``'s own unless it is the practice area of another); ``asked``: the question the
    answer was given to, kept in its event as the engine keeps it (none: an older event)."""
    case = store.open(person)
    case.save_session("s1", engine_state(1), [log_entry(1)])
    with monkeypatch.context() as patch:
        _disk_full(patch)
        with pytest.raises(SaveFailed):
            entry = {**log_entry(2), **({"prompt": asked} if asked else {})}
            case.save_session("s1", engine_state(2), [entry])
        copy = write_rescue(case, default_folder(), records or store.root)
    case.give_up()
    return copy


def _stranded(
    store: CaseStore,
    person: str,
    monkeypatch: pytest.MonkeyPatch,
    records: Path | None = None,
    asked: str = "",
) -> Path:
    """As :func:`_waiting`, then the record saved again since (so the copy stays)."""
    copy = _waiting(store, person, monkeypatch, records, asked)
    with store.open(person) as again:
        again.update_person(reference="R-200")
    return copy


def _rescue(store: CaseStore, *words: str) -> int:
    return main(["rescue", *words, "--data-dir", str(store.root)])


def test_rescue_list_says_whose_when_why_and_where(
    store: CaseStore, person: str, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    copy = _stranded(store, person, monkeypatch)
    assert _rescue(store, "list") == 0
    out = capsys.readouterr().out
    assert copy.name.removesuffix(".rescued") in out
    assert f"Sam (id {person})" in out
    assert "when the app was closed" in out
    assert "saved again since" in out
    assert str(copy) in out


def test_rescue_show_gives_the_answers_the_record_does_not_have(
    store: CaseStore, person: str, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    copy = _stranded(store, person, monkeypatch)
    assert _rescue(store, "show", copy.name) == 0
    out = capsys.readouterr().out
    assert '"answer 2"' in out
    assert '"answer 1"' not in out  # in the record already
    assert "In the copy but not in the record now (1)" in out


def test_rescue_show_names_each_answer_by_the_question_asked(
    store: CaseStore, person: str, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    copy = _stranded(store, person, monkeypatch, asked="Who do you see most weeks?")
    assert _rescue(store, "show", copy.name) == 0
    out = capsys.readouterr().out
    assert 'answer given  “Who do you see most weeks?” [family/q2]  "answer 2"' in out


def test_rescue_show_says_when_the_topics_no_longer_have_the_question(
    store: CaseStore, person: str, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    copy = _stranded(store, person, monkeypatch)  # an older event, a question since removed
    assert _rescue(store, "show", copy.name) == 0
    out = capsys.readouterr().out
    assert "“a question the app no longer asks (its topics have changed since)” [family/q2]" in out


def test_rescue_show_finds_the_copy_by_the_person(
    store: CaseStore, person: str, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    _stranded(store, person, monkeypatch)
    assert _rescue(store, "show", "R-200") == 0
    assert '"answer 2"' in capsys.readouterr().out


@pytest.mark.usefixtures("cheap_kdf")
def test_rescue_show_of_encrypted_records_needs_the_passphrase(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    init_store(data_dir, "correct horse")
    store = CaseStore(data_dir, "correct horse")
    copy = _stranded(store, store.create_person("Sam"), monkeypatch)
    assert b"answer 2" not in copy.read_bytes()
    assert _rescue(store, "show", copy.name) == 5  # no passphrase, no terminal to ask in
    assert "answer 2" not in capsys.readouterr().out
    monkeypatch.setenv("CPI_PASSPHRASE", "correct horse")
    assert _rescue(store, "show", copy.name) == 0
    assert '"answer 2"' in capsys.readouterr().out


def test_rescue_show_out_writes_an_owner_only_file_and_never_over_another(
    store: CaseStore, person: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: Any
) -> None:
    copy = _stranded(store, person, monkeypatch)
    out = tmp_path / "to check.txt"
    assert _rescue(store, "show", copy.name, "--out", str(out)) == 0
    assert "answer 2" in out.read_text() and "answer 2" not in capsys.readouterr().out
    assert out.stat().st_mode & 0o777 == 0o600
    assert _rescue(store, "show", copy.name, "--out", str(out)) == 1
    assert "already exists" in capsys.readouterr().err


def test_rescue_discard_erases_the_copy_once_confirmed(
    store: CaseStore, person: str, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    copy = _stranded(store, person, monkeypatch)
    assert _rescue(store, "discard", copy.name) == 8  # no terminal to confirm in: kept
    assert copy.exists()
    assert _rescue(store, "discard", copy.name, "--yes") == 0
    assert "Erased the rescue copy" in capsys.readouterr().out
    assert list(default_folder().iterdir()) == []
    assert CaseStore(store.root).read(person).person["reference"] == "R-200"


def test_rescue_of_a_copy_not_there_says_how_to_list_them(store: CaseStore, capsys: Any) -> None:
    assert _rescue(store, "show", "p-0000000000-20250101-000000") == 3
    assert "rescue list" in capsys.readouterr().err


def test_a_record_opened_with_a_copy_kept_aside_is_told_what_to_do(
    store: CaseStore, person: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = _stranded(store, person, monkeypatch)
    said = rescue.waiting_notice(CaseStore(store.root), default_folder(), person)
    assert said is not None
    assert str(copy) in said and "check with the person" in said
    assert f"rescue show {copy.name.removesuffix('.rescued')}" in said
    assert rescue.waiting_notice(CaseStore(store.root), default_folder(), "p-0000000000") is None


def test_a_copy_that_does_not_open_with_the_records_key_is_not_said_to_go_back_at_start(
    store: CaseStore, person: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As after `init --change-passphrase`: the copy is under another key (here: damaged).
    # Restarting the app cannot put it back, so the worker is not told to.
    copy = _waiting(store, person, monkeypatch)
    copy.write_bytes(b"not a case file")
    said = rescue.waiting_notice(CaseStore(store.root), default_folder(), person)
    assert said is not None
    assert "does not open with these records' passphrase" in said
    assert "start the app again" not in said and "check with the person" in said


def test_rescue_show_finds_a_practice_copy_by_the_persons_name(
    store: CaseStore, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    practice = store.training_store()
    _stranded(practice, practice.create_person("Robin Practice"), monkeypatch, store.root)
    assert _rescue(store, "show", "Robin Practice") == 0
    assert '"answer 2"' in capsys.readouterr().out


# -- rescue copies and `init --change-passphrase` ---------------------------------------------

NEW = "a new passphrase 2"


@pytest.mark.usefixtures("cheap_kdf")
def test_changing_the_passphrase_says_it_re_encrypted_the_rescue_copies(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    init_store(data_dir, "correct horse")
    store = CaseStore(data_dir, "correct horse")
    copy = _waiting(store, store.create_person("Sam"), monkeypatch)
    monkeypatch.setenv("CPI_PASSPHRASE", "correct horse")
    monkeypatch.setenv("CPI_NEW_PASSPHRASE", NEW)
    assert main(["init", "--change-passphrase", "--data-dir", str(data_dir)]) == 0
    assert "The 1 rescue copy of answers the app could not save" in capsys.readouterr().out
    monkeypatch.setenv("CPI_PASSPHRASE", NEW)
    assert _rescue(store, "show", copy.name) == 0
    assert '"answer 2"' in capsys.readouterr().out


def _under_an_earlier_key(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> tuple[CaseStore, Path]:
    """A copy made before a change of passphrase that left it under the old key (as versions
    before December 2026 did: here its folder is not the one the change was told of)."""
    init_store(data_dir, "correct horse")
    store = CaseStore(data_dir, "correct horse")
    copy = _stranded(store, store.create_person("Sam"), monkeypatch)
    rekey.change_passphrase(data_dir, "correct horse", NEW, rescue_folder=tmp_path / "other")
    return CaseStore(data_dir, NEW), copy


@pytest.mark.usefixtures("cheap_kdf")
def test_rescue_show_opens_a_copy_made_before_a_change_with_the_passphrase_then(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: Any
) -> None:
    store, copy = _under_an_earlier_key(data_dir, monkeypatch, tmp_path)
    monkeypatch.setenv("CPI_PASSPHRASE", NEW)
    assert _rescue(store, "show", copy.name) == 5  # no terminal to ask for the one then
    assert "CPI_OLD_PASSPHRASE" in capsys.readouterr().err
    monkeypatch.setenv("CPI_OLD_PASSPHRASE", "wrong horse")
    assert _rescue(store, "show", copy.name) == 5
    assert "the passphrase given does not open it" in capsys.readouterr().err
    monkeypatch.setenv("CPI_OLD_PASSPHRASE", "correct horse")
    assert _rescue(store, "show", copy.name) == 0
    assert '"answer 2"' in capsys.readouterr().out


@pytest.mark.usefixtures("cheap_kdf")
def test_the_notice_of_a_copy_made_before_a_change_says_its_command_asks_the_passphrase_then(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    store, copy = _under_an_earlier_key(data_dir, monkeypatch, tmp_path)
    said = rescue.waiting_notice(store, default_folder(), store.list_people()[0].id)
    assert said is not None and str(copy) in said
    assert "made before the passphrase was changed" in said
    assert "asks for the passphrase the records had when the copy was made" in said


# -- the person's subject access export ------------------------------------------------------


@pytest.mark.parametrize("fmt", ("json", "txt"))
def test_the_subject_access_export_gives_what_a_rescue_copy_holds(
    store: CaseStore, person: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fmt: str
) -> None:
    # Erase removed the copies, so the store knew of them; the person's copy left them out.
    copy = _stranded(store, person, monkeypatch)
    target = tmp_path / f"sam.{fmt}"
    args = ["export-all", person, "--format", fmt, "-o", str(target)]
    assert main([*args, "--data-dir", str(store.root)]) == 0
    seen = target.read_text(encoding="utf-8")
    assert "answer 2" in seen
    assert str(copy) in seen


def test_the_json_lists_the_rescue_copy_s_files_with_the_record_s(
    store: CaseStore, person: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = _stranded(store, person, monkeypatch)
    data = CaseStore(store.root).export_all(person, rescued=default_folder())
    [held] = data["rescue_copies"]
    assert held["readable"] and held["content"]["sessions"]
    assert str(copy) in data["files"]


@pytest.mark.usefixtures("cheap_kdf")
def test_an_encrypted_rescue_copy_is_read_for_the_export_with_the_folder_s_key(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    init_store(data_dir, PASSPHRASE)
    store = CaseStore(data_dir, PASSPHRASE)
    person = store.create_person("Sam")
    copy = _stranded(store, person, monkeypatch)
    assert b"answer 2" not in copy.read_bytes()  # encrypted on disk, as the record is
    [held] = CaseStore(data_dir, PASSPHRASE).export_all(person, rescued=default_folder())[
        "rescue_copies"
    ]
    assert [e["value"] for e in held["not_in_record"] if e.get("value")] == ["answer 2"]
