"""The app on a tampered records folder (issue 13 §3), or one encrypted while it was open:
Home says what is wrong, never crashes, and the other people stay listed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input
from ui_support import first_meeting_played, press, screen_text, settle, widget_text

from assistant.records import CaseStore, crypto, init_store
from assistant.records.atomic import backup_path
from assistant.ui.screens.home import HomeScreen
from assistant.ui.screens.new_person import NewPerson
from assistant.ui.screens.problem import ProblemScreen
from assistant.ui.screens.session import SessionScreen

PASSPHRASE = "correct horse battery"


def _flat(app: object) -> str:
    """The screen's words on one line (boxes and wrapping taken out)."""
    return " ".join(screen_text(app).replace("│", " ").split())


@pytest.fixture
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crypto, "DEFAULT_PARAMS", (10, 8, 1))


async def test_a_missing_keycheck_is_explained_on_home(
    make_app, data_dir: Path, cheap_kdf: None
) -> None:
    store, _ = init_store(data_dir, PASSPHRASE)
    store.create_person("Sam")
    crypto.keycheck_path(data_dir).unlink()
    backup_path(crypto.keycheck_path(data_dir)).unlink(missing_ok=True)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "key-check file" in _flat(app)
        assert "are missing. Nothing was read or changed. Restore keycheck.json" in _flat(app)
    assert app.store is None  # nothing can be written to the folder


async def test_an_edited_state_is_explained_on_home(
    make_app, data_dir: Path, cheap_kdf: None
) -> None:
    init_store(data_dir, PASSPHRASE)
    path = crypto.keycheck_path(data_dir)
    doc = {**json.loads(path.read_bytes()), "state": "encrypting"}
    path.write_text(json.dumps(doc))
    app = make_app(passphrase=PASSPHRASE)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "is damaged (its state was changed without the passphrase)" in _flat(app)
    assert app.store is None


async def test_a_record_with_a_wrong_type_does_not_stop_home(make_app, data_dir: Path) -> None:
    store = CaseStore(data_dir)
    sam = store.create_person("Sam")
    store.create_person("Alex")
    doc = json.loads(store.index_path.read_bytes())
    doc["people"][sam]["display_name"] = 42
    store.index_path.write_bytes(json.dumps(doc).encode())
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Alex" in text and "Sam" in text


async def test_a_folder_encrypted_while_home_is_open_refuses_a_new_person_and_keeps_it_typed(
    make_app, data_dir: Path, cheap_kdf: None
) -> None:
    CaseStore(data_dir).create_person("First Added")
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        init_store(data_dir, PASSPHRASE)  # `cpi-assistant init --encrypt` in another shell
        await pilot.press("n", *"Second Added", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, NewPerson)
        assert app.screen.query_one("#person-name", Input).value == "Second Added"
        assert "were encrypted after this window opened them" in _flat(app)
    assert [p.display_name for p in CaseStore(data_dir, PASSPHRASE).list_people()] == [
        "First Added"
    ]


async def _home_encrypted_under_it(make_app: Any, data_dir: Path) -> str:
    """Home's words once the folder it shows was encrypted by another window and it reloads."""
    CaseStore(data_dir).create_person("First Added")
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        init_store(data_dir, PASSPHRASE)
        app.screen.reload()
        await pilot.pause()
        return _flat(app)


async def test_home_says_the_folder_was_encrypted_under_it_rather_than_listing_no_one(
    make_app, data_dir: Path, cheap_kdf: None
) -> None:
    text = await _home_encrypted_under_it(make_app, data_dir)
    assert "were encrypted after this window opened them" in text
    assert "was damaged" not in text


async def test_a_list_that_cannot_be_read_is_never_said_to_be_empty(
    make_app, data_dir: Path, cheap_kdf: None
) -> None:
    # Home said "No one is recorded here yet. Press n ... to add the person": a worker could
    # think the records lost, or add the person again.
    text = await _home_encrypted_under_it(make_app, data_dir)
    assert "No one is recorded here yet" not in text
    assert "cannot be listed in this window" in text


def _list_too_new(data_dir: Path) -> None:
    """Sam is recorded, but the list of people says a newer app wrote it: it cannot be read."""
    store = CaseStore(data_dir)
    store.create_person("Sam")
    doc = json.loads(store.index_path.read_bytes())
    store.index_path.write_text(json.dumps({**doc, "schema": 99}))


async def test_enter_on_a_list_that_cannot_be_read_opens_nothing_and_says_why(
    make_app, data_dir: Path
) -> None:
    # Enter opened "New person" (highlighted on the empty list): a worker who cannot see
    # their people would add Sam again.
    _list_too_new(data_dir)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert "cannot be listed in this window" in _flat(app)
        await press(pilot, "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        said = [n.message for n in app._notifications]
        # Why, and what to do: the problem's own words, as at the top of Home.
        assert any("cannot be listed" in m and "Update the app" in m for m in said)


async def test_new_person_still_opens_by_its_key_when_the_list_cannot_be_read(
    make_app, data_dir: Path
) -> None:
    _list_too_new(data_dir)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(pilot, "n")
        await settle(app, pilot)
        assert isinstance(app.screen, NewPerson)


async def test_a_record_restored_from_its_last_good_copy_is_said_in_full_until_closed(
    make_app, data_dir: Path, content: object
) -> None:
    # It was a toast cut to three lines ("... was damaged (the file is cut short or garbled
    # (Unterminated string"), gone after 20 seconds: where the damaged file went and what
    # to check with the person were never read.
    person = first_meeting_played(data_dir, content, name="Morwenna Pell")
    path = CaseStore(data_dir).case_path(person)
    path.write_bytes(path.read_bytes()[:5000])
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.screen.query_one("#actions").focus()
        await press(pilot, "enter")  # the record is read from its last good copy
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, ProblemScreen)  # a dialog: it stays until closed
        words = " ".join(widget_text(dialog.query_one("#problem-body Static")).split())
        assert words.startswith("The record for Morwenna Pell")
        assert "was damaged (the file is cut short or garbled). It was restored" in words
        assert "The damaged file was kept at" in words
        assert words.endswith("Please check the most recent answers with the person.")
        assert "Unterminated" not in words and "column" not in words
        assert dialog.query_one("#problem-body").max_scroll_y == 0  # all of it in view
        await press(pilot, "escape")
        await settle(app, pilot)
        # Then the meeting (here it offers to finish it, over the meeting itself).
        assert any(isinstance(s, SessionScreen) for s in app.screen_stack)
        assert not any(isinstance(s, ProblemScreen) for s in app.screen_stack)
