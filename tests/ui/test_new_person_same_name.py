"""A name someone on record already has: the New person and Change details dialogs ask
before saving (a second record made by mistake splits a person's meetings, and every command
by name then needs the id); two people may share a name, so yes saves it."""

from __future__ import annotations

from ui_support import settle, widget_text

from assistant.records import CaseStore
from assistant.ui.screens.home import HomeScreen
from assistant.ui.screens.new_person import NewPerson
from assistant.ui.screens.person_details import ChangeDetails
from assistant.ui.widgets.confirm import Confirm


async def test_a_name_already_recorded_is_asked_about_and_back_adds_nobody(
    make_app, data_dir
) -> None:
    CaseStore(data_dir).create_person("Alice Brown", "R1")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n", *"alice  brown", "ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, Confirm)
        question = widget_text(app.screen.query_one("#confirm-question"))
        assert "already recorded: Alice Brown (ref R1)" in " ".join(question.split())
        await pilot.press("escape")  # Back
        await settle(app, pilot)
        assert isinstance(app.screen, NewPerson)
    assert [p.reference for p in CaseStore(data_dir).list_people()] == ["R1"]


async def test_a_different_person_with_the_same_name_is_added_when_said(make_app, data_dir) -> None:
    CaseStore(data_dir).create_person("Alice Brown", "R1")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n", *"Alice Brown", "tab", *"R2", "ctrl+s")
        await settle(app, pilot)
        app.screen.query_one("#confirm-yes").press()
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
    people = CaseStore(data_dir).list_people()
    assert sorted(p.reference or "" for p in people) == ["R1", "R2"]


async def test_a_new_name_for_a_record_is_asked_about_when_someone_has_it(
    make_app, data_dir
) -> None:
    store = CaseStore(data_dir)
    store.create_person("Alice Brown", "R1")
    ellie = store.create_person("Ellie Fox", "R2")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(ChangeDetails(app.store.find(ellie)))
        await pilot.pause()
        app.screen.query_one("#person-name").value = "Alice Brown"
        app.screen.query_one("#person-add").press()
        await settle(app, pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("escape")
        await settle(app, pilot)
    assert store.find(ellie).display_name == "Ellie Fox"


async def test_other_details_of_a_record_sharing_a_name_are_saved_without_asking(
    make_app, data_dir
) -> None:
    store = CaseStore(data_dir)
    store.create_person("Alice Brown", "R1")
    second = store.create_person("Alice Brown", "R2")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(ChangeDetails(app.store.find(second)))
        await pilot.pause()
        app.screen.query_one("#person-ref").value = "R3"
        app.screen.query_one("#person-add").press()
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
    assert store.find(second).reference == "R3"
