"""The dialogs: export, passphrase, and every dialog fitting the screen (title and buttons in
view at 80x24, 100x30 and 120x40, the body scrolling), add dialogs named for what they add,
the export folder remembered."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from textual.content import Content
from textual.widgets import Button, Static
from ui_support import (
    AREAS,
    FIRST_RATINGS,
    first_meeting_played,
    open_meeting,
    press,
    screen_text,
    settle,
    start_review_meeting,
    widget_text,
)

from assistant.engine.conversation import Conversation
from assistant.meetings.meeting import Meeting
from assistant.meetings.paths import agreement_of
from assistant.plans.autoplay import Said, play_meeting
from assistant.records import CaseStore, init_store, setup
from assistant.ui.screens import export as export_screen
from assistant.ui.screens.edit_answer import EditAnswer
from assistant.ui.screens.export import ExportScreen, default_folder, folder_to_remember
from assistant.ui.screens.finish import FinishMeeting
from assistant.ui.screens.home import HomeScreen
from assistant.ui.screens.passphrase import PassphraseScreen
from assistant.ui.screens.problem import ProblemScreen
from assistant.ui.widgets.confirm import Confirm
from assistant.ui.widgets.dialog import ButtonRow, DialogBody, DialogBottom, DialogTop
from assistant.ui.widgets.record_form import RecordForm, add_title, item_words


def agreed_person(data_dir: Path, content: Any) -> str:
    return first_meeting_played(data_dir, content)


async def test_export_writes_the_chosen_formats_and_notes_it_in_the_record(
    make_app, content, data_dir: Path, tmp_path: Path
) -> None:
    person = agreed_person(data_dir, content)
    out = tmp_path / "out"
    out.mkdir()
    app = make_app(content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await press(pilot, "ctrl+o")
        assert isinstance(app.screen, ExportScreen)
        await settle(app, pilot)
        assert "Version 1, agreed" in screen_text(app)
        formats = app.screen.query_one("#export-formats")
        formats.deselect_all()
        formats.select("txt")
        formats.select("json")
        app.screen.query_one("#export-folder").value = str(out)
        app.screen.query_one("#export-for").value = "person"
        await press(pilot, "ctrl+s")
        await settle(app, pilot)
        result = widget_text(app.screen.query_one("#export-result"))
        assert "plan-v1.txt" in result and "plan-v1.json" in result, result
        await press(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)
    assert "Sammy" in (out / "plan-v1.txt").read_text()
    with CaseStore(data_dir).read(person) as case:
        exported = [e for e in case.audit_events() if e["kind"] == "exported"]
    assert sorted(e["format"] for e in exported) == ["json", "txt"]


async def test_export_never_replaces_a_file(make_app, content, data_dir, tmp_path) -> None:
    agreed_person(data_dir, content)
    (tmp_path / "plan-v1.txt").write_text("mine")
    app = make_app(content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await press(pilot, "ctrl+o")
        await settle(app, pilot)
        formats = app.screen.query_one("#export-formats")
        formats.deselect_all()
        formats.select("txt")
        app.screen.query_one("#export-folder").value = str(tmp_path)
        app.screen.query_one("#export-for").value = "person"
        await press(pilot, "ctrl+s")
        await settle(app, pilot)
        assert "plan-v1-2.txt" in widget_text(app.screen.query_one("#export-result"))
    assert (tmp_path / "plan-v1.txt").read_text() == "mine"
    assert "Sammy" in (tmp_path / "plan-v1-2.txt").read_text()


def draft_after_agreed_person(data_dir: Path, content: Any) -> str:
    """Version 1 agreed, then version 2 saved "not agreed yet" (its Closing said yes)."""
    person = agreed_person(data_dir, content)
    with CaseStore(data_dir).open(person) as case:
        [first] = case.plan_versions()
        case.add_plan_version(first["plan"], agreed=False)
    return person


async def test_export_chooses_the_latest_agreed_version_and_says_so(
    make_app, content, data_dir: Path
) -> None:
    draft_after_agreed_person(data_dir, content)
    app = make_app(content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await press(pilot, "ctrl+o")
        await settle(app, pilot)
        assert app.screen.query_one("#export-version").value == 1
        state = widget_text(app.screen.query_one("#export-state"))
        assert state.startswith("Agreed together on ")
        assert "This is the latest agreed version." in state


async def test_exporting_a_draft_says_so_and_marks_every_file(
    make_app, content, data_dir: Path, tmp_path: Path
) -> None:
    person = draft_after_agreed_person(data_dir, content)
    app = make_app(content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await press(pilot, "ctrl+o")
        await settle(app, pilot)
        app.screen.query_one("#export-version").value = 2
        await settle(app, pilot)
        state = widget_text(app.screen.query_one("#export-state"))
        assert state.startswith("Draft: not agreed yet. Saved on ")
        assert "marked as a draft on every page" in state
        formats = app.screen.query_one("#export-formats")
        formats.deselect_all()
        formats.select("txt")
        app.screen.query_one("#export-folder").value = str(tmp_path)
        app.screen.query_one("#export-for").value = "person"
        await press(pilot, "ctrl+s")
        await settle(app, pilot)
    text = (tmp_path / "plan-v2-draft.txt").read_text("utf-8")
    assert text.startswith("*** DRAFT – NOT AGREED YET ***") and "Agreed together" not in text
    with CaseStore(data_dir).read(person) as case:
        [exported] = [e for e in case.audit_events() if e["kind"] == "exported"]
    assert (exported["plan_version"], exported["plan_state"]) == (2, "draft")


async def test_encrypted_records_ask_for_the_passphrase_first(make_app, data_dir) -> None:
    init_store(data_dir, "correct horse")
    CaseStore(data_dir, "correct horse").create_person("Sam")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PassphraseScreen)
        assert "Sam" not in screen_text(app)
        await press(pilot, *"wrong", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PassphraseScreen)
        assert "passphrase" in widget_text(app.screen.query_one("#unlock-message")).lower()
        await press(pilot, *"correct horse", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Sam" in screen_text(app)
        await press(pilot, "s")
        assert "On: the records are encrypted" in screen_text(app)


async def test_an_unfinished_encryption_is_on_home_and_settings_does_not_say_on(
    make_app, data_dir, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Opened with the passphrase, the app showed everybody, said nothing, and Settings said
    # "On" while half the records were still in plain text.
    for name in ("Sam", "Robin"):
        CaseStore(data_dir).create_person(name)
    real = setup.write_atomic
    written: list[Path] = []

    def stop_after_one(path: Path, data: bytes, **kwargs: Any) -> None:
        if written:
            raise KeyboardInterrupt  # stands in for a kill part-way through
        written.append(path)
        real(path, data, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(setup, "write_atomic", stop_after_one)
        with pytest.raises(KeyboardInterrupt):
            init_store(data_dir, "correct horse")
    app = make_app(passphrase="correct horse")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        notices = " ".join(widget_text(app.screen.query_one("#home-notices")).split())
        assert "Encrypting was interrupted: some records" in notices
        assert "cpi-assistant init --encrypt --data-dir" in notices
        await press(pilot, "s")
        words = " ".join(widget_text(app.screen.query_one("#encryption")).split())
        assert words.startswith("Not finished.") and "On:" not in words


async def test_each_wrong_passphrase_typed_is_numbered_and_names_no_variable(
    make_app, data_dir
) -> None:
    # Every wrong try read the same ("... check CPI_PASSPHRASE if you set it"), so a worker
    # could not tell the new try was checked, and was shown a variable they never set.
    init_store(data_dir, "correct horse")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        said = []
        for _ in range(2):
            await press(pilot, *"wrong", "enter")
            await settle(app, pilot)
            said.append(widget_text(app.screen.query_one("#unlock-message")))
        assert "did not open the records (try 1)" in said[0]
        assert "did not open the records (try 2)" in said[1]
        assert not any("CPI_PASSPHRASE" in words for words in said)


async def test_from_the_third_wrong_passphrase_the_screen_says_what_to_do_if_it_is_lost(
    make_app, data_dir
) -> None:
    # Each try only said "Type it again": a worker who had lost it had no way on.
    init_store(data_dir, "correct horse")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        said = []
        for _ in range(3):
            await press(pilot, *"wrong", "enter")
            await settle(app, pilot)
            said.append(" ".join(widget_text(app.screen.query_one("#unlock-message")).split()))
        assert [("no back door" in words) for words in said] == [False, False, True]
        assert "your agency" in said[2] and "--data-dir" in said[2]
        # All of it on screen at 80x24, not cut off at the dialog's foot.
        dialog = app.screen.query_one("#unlock")
        shown = app.screen.query_one("#unlock-message")
        assert shown.region.bottom <= dialog.content_region.bottom


async def test_a_wrong_given_passphrase_asks_for_the_right_one(make_app, data_dir) -> None:
    """A wrong CPI_PASSPHRASE opens the passphrase screen saying so, never an empty Home
    that reads as if the records had gone."""
    init_store(data_dir, "correct horse")
    CaseStore(data_dir, "correct horse").create_person("Sam")
    app = make_app(passphrase="wrong horse")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PassphraseScreen)
        message = widget_text(app.screen.query_one("#unlock-message"))
        assert "CPI_PASSPHRASE does not open these records" in message
        await press(pilot, *"correct horse", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Sam" in screen_text(app)


# -- Every dialog fits: title and buttons in view at 80x24, 100x30 and 120x40 (issue 15) ------

SIZES = pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40)], ids=str)


def assert_in_view(app: Any, widget: Any) -> None:
    """``widget`` is drawn whole inside the screen and inside its dialog's frame."""
    region = widget.region
    width, height = app.size
    assert region.width > 0 and region.height > 0, f"{widget} is not drawn"
    assert region.x >= 0 and region.y >= 0, f"{widget} at {region}"
    assert region.right <= width and region.bottom <= height, f"{widget} at {region}"
    frame = app.screen.query_one(".dialog").region
    assert frame.contains_region(region), f"{widget} at {region}, outside {frame}"


def assert_dialog_fits(app: Any, title: str) -> list[Button]:
    """The dialog's title says ``title`` and its buttons are in view and reachable by Tab;
    returns the buttons."""
    heading = app.screen.query_one(DialogTop)
    assert_in_view(app, heading)
    assert title in widget_text(heading.query_one(Static))
    assert title in screen_text(app)
    buttons = [b for b in app.screen.query(DialogBottom).first().query(Button) if b.display]
    assert buttons, "no buttons"
    chain = app.screen.focus_chain
    for button in buttons:
        assert_in_view(app, button)
        assert str(button.label) in screen_text(app)
        assert button in chain, f"{button} cannot be reached with Tab"
    return buttons


def _ids(buttons: list[Button]) -> list[str | None]:
    return [b.id for b in buttons]


def played_meeting(case: Any, content: Any, person_agrees: Any = "yes") -> Any:
    """A first meeting with several topics answered (a long plan), not finished yet."""
    answers: dict[str, Any] = {
        "about.name": "Sammy",
        "consent.record": True,
        "agreement.person_agrees": person_agrees,
        "agreement.worker_agrees": "yes",
        "agreement.next_meeting": "2099-12-31",
        "agreement.share_with": ["nobody"],
    }
    answers.update({f"ratings.{a}": int(r) for a, r in zip(AREAS, FIRST_RATINGS, strict=True)})
    conv = play_meeting(
        Conversation(content), ["getting_started", "what_matters", "closing"], answers
    )
    return Meeting(conv, case, "first")


@SIZES
async def test_finish_with_a_long_plan_shows_its_title_and_agree_buttons(
    make_app, content, data_dir: Path, size: tuple[int, int]
) -> None:
    store = CaseStore(data_dir)
    person = store.create_person("Sam")
    app = make_app(content=content)
    with store.open(person) as case:
        meeting = played_meeting(case, content)
        async with app.run_test(size=size) as pilot:
            await settle(app, pilot)
            app.push_screen(FinishMeeting(meeting, "Sammy"))
            await settle(app, pilot)
            buttons = assert_dialog_fits(app, "Finish the meeting")
            assert _ids(buttons) == ["finish-agreed", "finish-keep", "finish-draft"]
            assert app.focused is not None and app.focused.id == "finish-agreed"
            body = app.screen.query_one(DialogBody)
            if size == (80, 24):
                assert body.max_scroll_y > 0  # the plan is longer than the room: it scrolls
                await press(pilot, "pagedown")
                assert body.scroll_y > 0
                assert app.focused.id == "finish-agreed"  # reading on moved no focus


async def test_a_tab_from_agree_lands_on_keep_talking_not_on_the_draft(
    make_app, content, data_dir: Path
) -> None:
    agreed_person(data_dir, content)
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_review_meeting(app, pilot)
        # Both said yes at Closing in this meeting (a review starts with nothing agreed).
        app.screen.meeting.conv.data["agreement"] = {"person_agrees": "yes", "worker_agrees": "yes"}
        await press(pilot, "ctrl+f")
        await settle(app, pilot)
        assert app.focused is not None and app.focused.id == "finish-agreed"
        await press(pilot, "tab")
        assert app.focused.id == "finish-keep"


SAVES = ("finish-agreed", "finish-draft")


async def test_a_shift_tab_from_agree_does_not_land_on_the_draft(
    make_app, content, data_dir: Path
) -> None:
    agreed_person(data_dir, content)
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_review_meeting(app, pilot)
        # Both said yes at Closing in this meeting (a review starts with nothing agreed).
        app.screen.meeting.conv.data["agreement"] = {"person_agrees": "yes", "worker_agrees": "yes"}
        await press(pilot, "ctrl+f")
        await settle(app, pilot)
        assert app.focused is not None and app.focused.id == "finish-agreed"
        await press(pilot, "shift+tab")
        assert app.focused is not None and app.focused.id not in SAVES


async def test_before_closing_finish_offers_the_way_to_agree_not_an_agreement_it_refuses(
    make_app, content: Any
) -> None:
    # "We both agree this plan" was offered, and pressing it said the meeting was not finished.
    app = make_app(content=content)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = await open_meeting(app, pilot)
        screen.meeting.conv.data["consent"] = {"record": True}
        await press(pilot, "ctrl+f")
        await settle(app, pilot)
        assert isinstance(app.screen, FinishMeeting)
        note = widget_text(app.screen.query_one("#finish-note"))
        assert "You have not been asked yet whether you agree this plan" in note
        assert "Our plan and next time" in note
        assert not app.screen.query("#finish-agreed")
        app.screen.query_one("#finish-closing", Button).press()
        await settle(app, pilot)
        assert app.screen is screen
        step = screen.meeting.conv.step
        assert step.topic == "closing"


async def test_when_closing_was_not_reached_keep_talking_has_the_focus(
    make_app, content: Any
) -> None:
    """Nobody agreed anything: Enter must not save the plan as agreed (nor as a draft)."""
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = await open_meeting(app, pilot)
        screen.meeting.conv.data["consent"] = {"record": True}
        app.push_screen(FinishMeeting(screen.meeting, "Sam"))
        await settle(app, pilot)
        buttons = assert_dialog_fits(app, "Finish the meeting")
        assert _ids(buttons) == ["finish-keep", "finish-closing", "finish-draft"]
        assert [b.id for b in buttons if b.variant == "primary"] == []
        assert app.focused is not None and app.focused.id == "finish-keep"
        await press(pilot, "shift+tab")
        assert app.focused is not None and app.focused.id not in SAVES
        await press(pilot, "tab")
        assert app.focused is not None and app.focused.id == "finish-keep"
        await press(pilot, "enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, FinishMeeting)
        assert agreement_of(screen.meeting.conv.data) is None  # nothing was saved as agreed


async def test_when_closing_was_not_agreed_saving_a_draft_comes_first(
    make_app, content: Any
) -> None:
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = await open_meeting(app, pilot)
        screen.meeting.conv.data["consent"] = {"record": True}
        screen.meeting.conv.data["agreement"] = {"person_agrees": "no", "worker_agrees": "yes"}
        app.push_screen(FinishMeeting(screen.meeting, "Sam"))
        await settle(app, pilot)
        buttons = assert_dialog_fits(app, "Finish the meeting")
        assert _ids(buttons) == ["finish-draft", "finish-keep", "finish-agreed"]
        assert app.focused is not None and app.focused.id == "finish-draft"
        await press(pilot, "tab")
        assert app.focused.id == "finish-keep"
        await press(pilot, "shift+tab")
        await press(pilot, "shift+tab")
        assert app.focused is not None and app.focused.id not in SAVES  # not on agree
        assert [b.id for b in buttons if b.variant == "primary"] == ["finish-draft"]


@SIZES
async def test_export_shows_its_title_and_the_export_button(
    make_app, content, data_dir: Path, size: tuple[int, int]
) -> None:
    agreed_person(data_dir, content)
    app = make_app(content=content)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await press(pilot, "ctrl+o")
        await settle(app, pilot)
        buttons = assert_dialog_fits(app, "Export the plan")
        assert _ids(buttons) == ["export-go", "export-close"]
        # Whom the copy is for is still to be chosen: the focus starts there, with the plan
        # chosen above it in view.
        assert app.focused is not None and app.focused.id == "export-for"
        body = app.screen.query_one(DialogBody)
        first = body.query(".field-label").first()
        assert widget_text(first) == "Which plan"
        assert body.region.contains_region(first.region), (first.region, body.region)


async def test_export_in_a_first_meeting_starts_at_whom_the_copy_is_for(make_app) -> None:
    # With no version saved yet (only the plan as it stands), the focus went to the formats
    # and the body opened scrolled past "Which plan" and "Who is this copy for?".
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meeting(app, pilot)
        await press(pilot, "ctrl+o")
        await settle(app, pilot)
        assert app.focused is not None and app.focused.id == "export-for"
        body = app.screen.query_one(DialogBody)
        first = body.query(".field-label").first()
        assert widget_text(first) == "Which plan"
        assert body.region.contains_region(first.region), (first.region, body.region)


async def test_what_the_export_did_is_shown_beside_the_buttons(
    make_app, content, data_dir: Path, tmp_path: Path
) -> None:
    agreed_person(data_dir, content)
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(pilot, "ctrl+o")
        await settle(app, pilot)
        formats = app.screen.query_one("#export-formats")
        formats.deselect_all()
        formats.select("txt")
        app.screen.query_one("#export-folder").value = str(tmp_path)
        app.screen.query_one("#export-for").value = "person"
        await press(pilot, "ctrl+s")
        await settle(app, pilot)
        result = app.screen.query_one("#export-result")
        assert_in_view(app, result)
        assert "plan-v1.txt" in widget_text(result)
        assert widget_text(result).startswith("The person's own copy:")
        assert_in_view(app, app.screen.query_one("#export-go"))


async def _export_txt(app: Any, pilot: Any, folder: Path) -> None:
    await settle(app, pilot)
    await press(pilot, "ctrl+o")
    await settle(app, pilot)
    formats = app.screen.query_one("#export-formats")
    formats.deselect_all()
    formats.select("txt")
    app.screen.query_one("#export-folder").value = str(folder)
    app.screen.query_one("#export-for").value = "person"
    await press(pilot, "ctrl+s")
    await settle(app, pilot)


async def test_the_export_folder_is_remembered_across_a_restart(
    make_app, content, data_dir: Path, tmp_path: Path
) -> None:
    agreed_person(data_dir, content)
    out = tmp_path / "exports"
    out.mkdir()
    settings = tmp_path / "config" / "app.json"
    app = make_app(content=content, settings_path=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await _export_txt(app, pilot, out)
        assert (out / "plan-v1.txt").is_file()
    assert json.loads(settings.read_text())["export_dir"] == str(out.resolve())
    again = make_app(content=content, settings_path=settings)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(again, pilot)
        await press(pilot, "ctrl+o")
        await settle(again, pilot)
        assert again.screen.query_one("#export-folder").value == str(out.resolve())


async def test_a_remembered_export_folder_that_is_gone_is_not_offered(
    make_app, content, data_dir: Path, tmp_path: Path
) -> None:
    agreed_person(data_dir, content)
    settings = tmp_path / "app.json"
    settings.write_text(json.dumps({"export_dir": str(tmp_path / "unplugged-stick")}))
    app = make_app(content=content, settings_path=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(pilot, "ctrl+o")
        await settle(app, pilot)
        assert app.screen.query_one("#export-folder").value == str(default_folder())


async def test_a_failed_export_does_not_change_the_remembered_folder(
    make_app, content, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Folder A is remembered; an export to an existing folder B then fails (the disk is
    full, as written by the export's own writer): A is still the remembered folder."""
    agreed_person(data_dir, content)
    settings = tmp_path / "app.json"
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    app = make_app(content=content, settings_path=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await _export_txt(app, pilot, first)
        assert (first / "plan-v1.txt").is_file()
        await press(pilot, "escape")

        def full(*_: Any, **__: Any) -> Any:
            raise export_screen.ExportError("The disk is full.")

        monkeypatch.setattr(export_screen, "write_export", full)
        await _export_txt(app, pilot, second)
        assert "The disk is full" in screen_text(app)
        assert list(second.iterdir()) == []
    assert json.loads(settings.read_text())["export_dir"] == str(first.resolve())


def test_a_folder_naming_someone_is_remembered_as_its_nearest_parent(tmp_path: Path) -> None:
    people = [
        SimpleNamespace(display_name="Sam Jones", reference="AB12", nhs_number=None),
        SimpleNamespace(display_name="Priya", reference=None, nhs_number="9434765919"),
    ]
    clients = tmp_path / "Clients"
    assert folder_to_remember(clients / "Sam Jones" / "plans", people) == clients
    assert folder_to_remember(clients / "sam_jones", people) == clients
    assert folder_to_remember(clients / "Jones", people) == clients  # a surname alone
    assert folder_to_remember(clients / "case-ab12", people) == clients  # the reference
    assert folder_to_remember(clients / "PRIYA exports", people) == clients
    assert folder_to_remember(clients / "943 476 5919", people) == clients  # NHS number
    assert folder_to_remember(clients / "Team plans", people) == clients / "Team plans"
    assert folder_to_remember(clients, []) == clients


async def test_an_export_to_a_folder_naming_the_person_keeps_only_its_parent(
    make_app, content, data_dir: Path, tmp_path: Path
) -> None:
    """The settings file is not encrypted and the folder is offered for the next person."""
    agreed_person(data_dir, content)  # Sam (Sammy since the first meeting)
    settings = tmp_path / "app.json"
    clients = tmp_path / "Clients"
    theirs = clients / "Sammy plans"
    theirs.mkdir(parents=True)
    app = make_app(content=content, settings_path=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await _export_txt(app, pilot, theirs)
        assert (theirs / "plan-v1.txt").is_file()  # the export itself goes where asked
    kept = json.loads(settings.read_text())["export_dir"]
    assert kept == str(clients.resolve())
    assert "sam" not in settings.read_text().casefold()


async def test_a_remembered_folder_naming_someone_is_not_offered(
    make_app, content, data_dir: Path, tmp_path: Path
) -> None:
    """A folder kept by an older version that names someone is offered as its parent."""
    agreed_person(data_dir, content)
    clients = tmp_path / "Clients"
    (clients / "Sam").mkdir(parents=True)
    settings = tmp_path / "app.json"
    settings.write_text(json.dumps({"export_dir": str(clients / "Sam")}))
    app = make_app(content=content, settings_path=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(pilot, "ctrl+o")
        await settle(app, pilot)
        assert app.screen.query_one("#export-folder").value == str(clients)


def _records_questions(content: Any) -> list[Any]:
    return [
        node
        for topic in content.topics.values()
        for node in topic.nodes.values()
        if getattr(node, "type", None) == "records"
    ]


async def test_every_add_dialog_in_the_content_shows_its_title_and_save(
    make_app, content: Any
) -> None:
    questions = _records_questions(content)
    assert len(questions) >= 8
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for node in questions:
            app.push_screen(RecordForm(node, None))
            await settle(app, pilot)
            buttons = assert_dialog_fits(app, add_title(node))
            assert _ids(buttons) == ["form-save", "form-cancel"]
            # The body opens at its top: the first field's label is seen with its field.
            body = app.screen.query_one(DialogBody)
            label = body.query(".field-label").first()
            assert body.region.contains_region(label.region), (label.region, body.region)
            await press(pilot, "escape")


async def test_a_change_dialog_shows_its_title_and_save(make_app, content: Any) -> None:
    [goals] = [n for n in _records_questions(content) if n.store == "goals.list"]
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.push_screen(RecordForm(goals, {"id": "g1", "what": "Go swimming"}))
        await settle(app, pilot)
        assert_dialog_fits(app, "Change details")
        assert app.screen.query_one("#field-what").value == "Go swimming"


def test_add_dialogs_say_what_they_add(content: Any) -> None:
    titles = {n.store: add_title(n) for n in _records_questions(content)}
    assert titles["network.people"] == "Add someone"
    assert titles["concerns.list"] == "Add a concern"
    assert titles["goals.list"] == "Add a goal"
    assert titles["goal.actions"] == "Add an action"
    assert titles["community.list"] == "Add something to try"
    assert titles["contacts.personal"] == "Add someone"


@pytest.mark.parametrize(
    ("store", "item_name", "words"),
    [
        ("goals.list", "goal", "a goal"),
        ("goal.actions", "action", "an action"),
        ("ideas.list", "something to try", "something to try"),
        ("courses.list", "a university course", "a university course"),
        ("network.people", None, "someone"),
        ("notes.list", None, "an entry"),
        ("notes.list", "  ", "an entry"),
        # By the first sound, not the first letter.
        ("times.list", "hour to keep free", "an hour to keep free"),
        ("helpers.list", "user of the service", "a user of the service"),
        ("events.list", "one-off event", "a one-off event"),
        ("chats.list", "honest chat", "an honest chat"),
        ("courses.list", "university course", "a university course"),
        ("trips.list", "European trip", "a European trip"),
        ("ideas.list", "unusual idea", "an unusual idea"),
        ("items.list", "umbrella", "an umbrella"),
        ("tasks.list", "onerous task", "an onerous task"),
        # The referrals' own: "Add a somewhere to get in touch with".
        ("referrals.list", "somewhere to get in touch with", "somewhere to get in touch with"),
        ("helpers.list", "somebody to ask", "somebody to ask"),
    ],
)
def test_an_entry_is_named_with_the_right_article(
    store: str, item_name: str | None, words: str
) -> None:
    shape = SimpleNamespace(store=store, item_name=item_name, fields=[])
    assert item_words(shape) == words


async def test_an_empty_list_says_what_to_add(make_app, content: Any) -> None:
    [concerns] = [n for n in _records_questions(content) if n.store == "concerns.list"]
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.push_screen(EditAnswer(SimpleNamespace(prompt=concerns.prompt), concerns, [], _ok))
        await settle(app, pilot)
        empty = widget_text(app.screen.query_one("#records-empty"))
        assert empty == "Nothing added yet. Press a (or Add) to add a concern."


def _ok(_value: Any, _by: str) -> None:
    return None


def _one_question_of_each_type(content: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for topic in content.topics.values():
        for node in topic.nodes.values():
            kind = getattr(node, "type", None)
            if kind and kind not in found and not getattr(node, "options_from", None):
                found[kind] = node
    return found


async def test_the_edit_dialog_shows_the_question_and_save_for_every_kind_of_answer(
    make_app, content: Any
) -> None:
    questions = _one_question_of_each_type(content)
    assert {"text", "long_text", "choice", "multi_choice", "rating", "records"} <= set(questions)
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for kind, node in questions.items():
            prompt = f"The question about {kind}, in its own words"
            app.push_screen(EditAnswer(SimpleNamespace(prompt=prompt), node, None, _ok))
            await settle(app, pilot)
            buttons = assert_dialog_fits(app, "Change an earlier answer")
            assert_in_view(app, app.screen.query_one("#edit-question"))
            assert prompt in screen_text(app), kind
            assert _ids(buttons) == ["edit-save", "edit-cancel"], kind
            await press(pilot, "escape")


async def test_a_long_question_being_changed_leaves_room_for_the_answer_and_save(
    make_app, content: Any
) -> None:
    node = _one_question_of_each_type(content)["text"]
    prompt = "Is this the question? " + "It goes on and on, as a long question can. " * 14
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.push_screen(EditAnswer(SimpleNamespace(prompt=prompt), node, "Sam", _ok))
        await settle(app, pilot)
        assert_dialog_fits(app, "Change an earlier answer")
        assert "Is this the question?" in screen_text(app)
        assert_in_view(app, app.screen.query_one(DialogBody).query("Input").first())
        assert app.screen.query_one("#edit-question-box").region.height <= 8


async def test_enter_on_ticks_when_changing_an_answer_saves_the_change(
    make_app, content: Any
) -> None:
    node = _one_question_of_each_type(content)["multi_choice"]
    first, second = (o.value for o in node.options[:2])
    given: list[Any] = []

    def keep(value: Any, _by: str) -> None:
        given.append(value)

    app = make_app(content=content)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.push_screen(EditAnswer(SimpleNamespace(prompt=node.prompt), node, [first], keep))
        await settle(app, pilot)
        await press(pilot, "down", "space", "enter")  # tick the second, then Enter
        await settle(app, pilot)
    [saved] = given  # Enter saved the change once, with the new tick in it
    assert second in saved


async def test_changing_an_answer_asked_for_each_goal_names_the_goal(
    make_app, content: Any
) -> None:
    node = _one_question_of_each_type(content)["text"]
    prompt = "What would you like to do with this goal now?"
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        entry = SimpleNamespace(prompt=prompt)
        app.push_screen(EditAnswer(entry, node, "Sam", _ok, about="See [b]Dave[/b] on Sunday"))
        await settle(app, pilot)
        assert "About: See [b]Dave[/b] on Sunday" in screen_text(app)  # words, not markup


@SIZES
async def test_help_shows_its_title_and_close(make_app, size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await press(pilot, "f1")
        assert_dialog_fits(app, "Keys")


async def test_the_arrows_scroll_the_keys_in_help(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(pilot, "f1")
        await settle(app, pilot)
        body = app.screen.query_one(DialogBody)
        assert app.focused is body
        await press(pilot, "down", "down")
        assert body.scroll_y > 0
        await press(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)


@SIZES
async def test_settings_shows_its_title_and_close(make_app, tmp_path, size) -> None:
    app = make_app(settings_path=tmp_path / "app.json")
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await press(pilot, "s")
        assert_dialog_fits(app, "Settings")


@SIZES
async def test_pause_for_safety_shows_its_title_and_buttons(make_app, content, size) -> None:
    app = make_app(content=content)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await open_meeting(app, pilot)
        await press(pilot, "ctrl+g")
        await settle(app, pilot)
        buttons = assert_dialog_fits(app, "Pause for safety")
        assert _ids(buttons) == ["safety-go", "safety-carry"]


async def test_pause_for_safety_shows_every_number_at_once_at_80x24(make_app, content) -> None:
    """A worker in a crisis needs the numbers at once: every crisis and out-of-hours line
    is in view without scrolling, before what to do now."""
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await open_meeting(app, pilot)
        await press(pilot, "ctrl+g")
        await settle(app, pilot)
        body = app.screen.query_one(DialogBody).region
        numbers = list(app.screen.query(".safety-numbers"))
        assert len(numbers) >= 2  # the crisis lines and the out-of-hours numbers
        for block in numbers:
            assert body.contains_region(block.region), f"{widget_text(block)!r} is out of view"
        steps = app.screen.query_one("#safety-steps")
        assert steps.region.y > max(block.region.bottom for block in numbers) - 1


async def test_pause_for_safety_shows_the_focused_default_as_the_main_button(
    make_app, content
) -> None:
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await open_meeting(app, pilot)
        await press(pilot, "ctrl+g")
        await settle(app, pilot)
        primary = [b.id for b in app.screen.query(Button) if b.variant == "primary"]
        assert app.focused is not None and primary == [app.focused.id] == ["safety-carry"]


LONG = " ".join(["A long message that goes on and on, as messages about files can."] * 60)


@SIZES
async def test_a_long_problem_scrolls_and_its_close_button_stays(make_app, size) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        app.push_screen(ProblemScreen("The topic files have problems", LONG))
        await settle(app, pilot)
        assert_dialog_fits(app, "The topic files have problems")
        if size == (80, 24):
            assert app.screen.query_one(DialogBody).max_scroll_y > 0
        await press(pilot, "enter")
        assert isinstance(app.screen, HomeScreen)


@SIZES
async def test_a_long_question_to_confirm_keeps_both_answers_in_view(make_app, size) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        app.push_screen(Confirm(Content(LONG), yes="Erase today's answers", no="Keep them"))
        await settle(app, pilot)
        for button in app.screen.query(Button):
            assert_in_view(app, button)


async def test_buttons_too_wide_for_one_row_wrap_and_stay_in_view(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        yes, no = "Yes, erase every answer given today", "No, keep everything that was saved"
        app.push_screen(Confirm(Content("Erase?"), yes=yes, no=no))
        await settle(app, pilot)
        row = app.screen.query_one(ButtonRow)
        assert row.wrapped
        for button in app.screen.query(Button):
            assert_in_view(app, button)
            assert str(button.label) in screen_text(app)


async def test_buttons_that_fit_stay_on_one_row(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.push_screen(Confirm(Content("Erase?"), yes="Erase", no="Keep"))
        await settle(app, pilot)
        assert not app.screen.query_one(ButtonRow).wrapped
        yes, no = app.screen.query(Button)
        assert yes.region.y == no.region.y


async def test_the_passphrase_screen_fits_80x24(make_app, data_dir) -> None:
    init_store(data_dir, "correct horse")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PassphraseScreen)
        for selector in (".dialog-title", "#unlock-passphrase"):
            region = app.screen.query_one(selector).region
            assert region.height > 0 and region.bottom <= 24 and region.right <= 80


DOUBLED_EDGES = ("╭╭", "╮╮", "╰╰", "╯╯", "││")


@SIZES
@pytest.mark.parametrize("key", ["n", "f1", "s"], ids=["new person", "help", "settings"])
async def test_no_frame_of_the_screen_below_shows_beside_a_dialog(
    make_app, tmp_path, size, key
) -> None:
    # At 80x24 a dialog 95% wide left a column either side, where Home's own frames showed
    # through beside the dialog's as doubled corners.
    app = make_app(settings_path=tmp_path / "app.json")
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await press(pilot, key)
        await settle(app, pilot)
        assert not isinstance(app.screen, HomeScreen)
        text = screen_text(app)
        assert not [edge for edge in DOUBLED_EDGES if edge in text], text


async def _finish_note(make_app, content, data_dir: Path, person_agrees: Any) -> str:
    store = CaseStore(data_dir)
    person = store.create_person("Sam")
    app = make_app(content=content)
    with store.open(person) as case:
        meeting = played_meeting(case, content, person_agrees)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            app.push_screen(FinishMeeting(meeting, "Sammy"))
            await settle(app, pilot)
            return widget_text(app.screen.query_one("#finish-note"))


async def test_finish_does_not_call_the_workers_answer_the_persons_agreement(
    make_app, content, data_dir: Path
) -> None:
    # "Do you agree?" answered with the worker answering (F2) read "You both said yes".
    text = await _finish_note(make_app, content, data_dir, Said("yes", "worker"))
    assert "You both said yes" not in text
    assert "given with the worker answering" in text


async def test_finish_leads_to_keep_talking_when_the_persons_yes_was_the_workers_word(
    make_app, content, data_dir: Path
) -> None:
    # "We both agree" was focused and first, so one Enter recorded an agreement on the
    # strength of the worker's word alone.
    store = CaseStore(data_dir)
    person = store.create_person("Sam")
    app = make_app(content=content)
    with store.open(person) as case:
        meeting = played_meeting(case, content, Said("yes", "worker"))
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            app.push_screen(FinishMeeting(meeting, "Sammy"))
            await settle(app, pilot)
            buttons = list(app.screen.query_one("#finish-buttons").query(Button))
            assert _ids(buttons) == ["finish-keep", "finish-agreed", "finish-draft"]
            assert app.focused is not None and app.focused.id == "finish-keep"
            assert "F2 until Sammy is changing it" in widget_text(
                app.screen.query_one("#finish-note")
            )


async def test_finish_says_a_mostly_is_most_of_the_plan(make_app, content, data_dir) -> None:
    text = await _finish_note(make_app, content, data_dir, "mostly")
    assert "You both said yes" not in text
    assert "You agreed most of this plan" in text


async def test_finish_says_both_said_yes_when_they_did(make_app, content, data_dir) -> None:
    text = await _finish_note(make_app, content, data_dir, Said("yes", "person"))
    assert "You both said yes to this plan" in text


async def test_the_arrow_keys_move_between_a_dialogs_buttons(make_app) -> None:
    # Leave / Stay: Left did nothing, so Enter pressed Stay while the hint promised arrows.
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.push_screen(Confirm(Content("Leave?"), yes="Leave", no="Stay"))
        await settle(app, pilot)
        assert app.focused is not None and app.focused.id == "confirm-no"
        await press(pilot, "left")
        assert app.focused.id == "confirm-yes"
        await press(pilot, "left")  # the first button: stays there
        assert app.focused.id == "confirm-yes"
        await press(pilot, "right")
        assert app.focused.id == "confirm-no"


async def test_a_change_only_the_worker_can_make_says_so_and_f2_keeps_it_theirs(
    make_app, content: Any
) -> None:
    # Solo practice: the trainee (the worker) is the only one who can change an answer.
    node = _one_question_of_each_type(content)["text"]
    made: list[str] = []

    def keep(_value: Any, by: str) -> None:
        made.append(by)

    entry = SimpleNamespace(prompt=node.prompt)
    speakers = {"person": "Stan", "worker": "Worker", "both": "Together"}
    dialog = EditAnswer(entry, node, "Sam", keep, by="worker", speakers=speakers, who_fixed=True)
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.push_screen(dialog)
        await settle(app, pilot)
        await press(pilot, "f2")
        line = widget_text(dialog.query_one("#edit-speaker"))
        assert "Worker" in line and "Stan" not in line and "F2" not in line
        await press(pilot, "ctrl+s")
        assert made == ["worker"]


async def test_the_correction_choice_shows_its_tick_as_a_mark_not_only_a_colour(
    make_app, content: Any
) -> None:
    [concerns] = [n for n in _records_questions(content) if n.store == "concerns.list"]
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.push_screen(EditAnswer(SimpleNamespace(prompt=concerns.prompt), concerns, [], _ok))
        await settle(app, pilot)
        box = app.screen.query_one("#edit-correction")
        before = str(box.render())
        await pilot.click("#edit-correction")
        await settle(app, pilot)
        after = str(box.render())
    assert "X" not in before and "X" in after
    assert "This corrects a mistake in the record" in after


async def test_a_yes_no_dialog_says_what_enter_does_now(make_app) -> None:
    # "Take Maria off the list?": Enter kept her (the focus is on Keep), but only the
    # highlight said so. The line under the buttons names the button Enter presses.
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        question = Content("Take Maria off the list?")
        app.push_screen(Confirm(question, yes="Take off", no="Keep"))
        await settle(app, pilot)
        assert "Enter: Keep" in screen_text(app)
        await press(pilot, "left")
        assert "Enter: Take off" in screen_text(app)


async def test_enter_on_a_long_question_s_scrolling_body_does_what_the_line_says() -> None:
    # The reviewer: at 80x24 a long question scrolls and Tab reaches its body; the line
    # still said "Enter: Take off" (or Keep) while Enter there did nothing at all.
    from textual.app import App

    answers: list[bool | None] = []
    long = Content("Take Maria off the list? " + "Maria is still named in many places. " * 40)

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(Confirm(long, yes="Take off", no="Keep"), answers.append)

    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, "left")  # onto "Take off": the line says so
        assert "Enter: Take off" in screen_text(app)
        for _ in range(3):
            if isinstance(app.focused, DialogBody):
                break
            await press(pilot, "tab")
        assert isinstance(app.focused, DialogBody)
        assert "Enter: Keep" in screen_text(app)
        await press(pilot, "enter")
        assert answers == [False]
