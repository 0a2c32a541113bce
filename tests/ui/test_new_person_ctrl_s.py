"""ctrl+s in the New person dialog adds the person (walk finding 13): ctrl+s does the main
thing of every form (docs/app.md), here from a field Enter would not reach first."""

from __future__ import annotations

from textual.widgets import Select
from ui_support import settle

from assistant.records import CaseStore
from assistant.ui.screens.home import HomeScreen
from assistant.ui.screens.new_person import NewPerson


async def test_ctrl_s_adds_the_person_with_every_letter_typed_before_it(make_app, data_dir) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        assert isinstance(app.screen, NewPerson)
        await pilot.press(*"Jo", "tab", *"R12", "ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
    [person] = CaseStore(data_dir).list_people()
    assert (person.display_name, person.reference) == ("Jo", "R12")


async def test_ctrl_s_on_the_gender_list_adds_the_person(make_app, data_dir) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n", *"Jo")
        app.screen.query_one("#person-gender", Select).focus()
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
    assert [p.display_name for p in CaseStore(data_dir).list_people()] == ["Jo"]


async def test_ctrl_s_with_no_name_adds_nobody_and_says_why(make_app, data_dir) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n", "ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, NewPerson)
    assert CaseStore(data_dir).list_people() == []
