"""The New person and Change details dialogs' optional date of birth and gender (issue 15):
why they are asked, all in view at 80x24, saved as chosen, refused with a reason, never
required."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Input, Select, Static
from ui_support import screen_text, settle

from assistant.identifiers import age_on
from assistant.records import CaseStore, RecordsError
from assistant.ui.screens.home import HomeScreen
from assistant.ui.screens.new_person import WHY_ASKED, NewPerson
from assistant.ui.screens.person_details import NOT_READ, ChangeDetails


def _message(app) -> str:
    return str(app.screen.query_one("#person-message", Static).render())


def _all_in_view(app, height: int) -> None:
    """Every field, the title and the buttons are on the screen, none scrolled away."""
    screen = app.screen
    assert screen.query_one("#person-body").max_scroll_y == 0
    for selector in (
        "#person-title",
        "#person-name",
        "#person-nhs",
        "#person-why",
        "#person-born",
        "#person-gender",
        "#person-add",
        "#person-cancel",
    ):
        region = screen.query_one(selector).region
        assert region.height > 0 and region.y >= 0 and region.bottom <= height, selector


def _why_lines(app) -> list[str]:
    """The why line as drawn (it may wrap), checked to be the whole sentence."""
    why = app.screen.query_one("#person-why", Static)
    lines = [strip.text.strip() for strip in why.render_lines(why.region.reset_offset)]
    assert " ".join(line for line in lines if line) == WHY_ASKED
    return [line for line in lines if line]


async def _choose_gender(pilot, label: str) -> None:
    """Open the gender list (focused) and pick ``label`` by moving down to it."""
    select = pilot.app.screen.query_one("#person-gender", Select)
    assert pilot.app.screen.focused is select
    await pilot.press("enter")
    await pilot.pause()
    options = [str(prompt) for prompt, _ in select._options]
    for _ in range(options.index(label)):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_the_dialog_says_why_and_fits_with_the_own_words_field_shown(
    make_app, size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("n")
        assert isinstance(app.screen, NewPerson)
        shown = " ".join(screen_text(app).split())
        assert all(" ".join(line.split()) in shown for line in _why_lines(app))
        # It names the fields it is about (it sits under the numbers), and says plainly
        # where the date of birth goes besides the directory.
        said = " ".join(_why_lines(app))
        assert said.startswith("Optional: the date of birth and gender help the directory")
        assert "team's and GP's copies also show the date of birth" in said
        _all_in_view(app, size[1])
        assert not app.screen.query_one("#person-words-box").display
        app.screen.query_one("#person-gender", Select).value = "own_words"
        await pilot.pause()
        assert app.screen.query_one("#person-words-box").display
        _all_in_view(app, size[1])
        region = app.screen.query_one("#person-gender-words").region
        assert region.height > 0 and region.bottom <= size[1]


async def test_a_date_of_birth_and_gender_chosen_by_keys_are_saved(make_app, data_dir) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n", *"Jo", "tab", "tab", "tab", *"15/12/1980", "tab")
        await _choose_gender(pilot, "Non-binary")
        await pilot.press("tab", "enter")  # on to Add
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
    store = CaseStore(data_dir)
    [person] = store.list_people()
    with store.read(person.id) as case:
        assert (case.person["born"], case.person["gender"]) == ("1980-12-15", "non_binary")


async def test_in_their_own_words_goes_to_a_field_for_the_words(make_app, data_dir) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n", *"Jo", "tab", "tab", "tab", "tab")
        await _choose_gender(pilot, "In their own words")
        assert app.screen.focused is app.screen.query_one("#person-gender-words", Input)
        await pilot.press(*"[b]femme[/]", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
    store = CaseStore(data_dir)
    [person] = store.list_people()
    with store.read(person.id) as case:
        assert (case.person["gender"], case.person["gender_words"]) == ("own_words", "[b]femme[/]")
        assert "born" not in case.person


async def test_neither_is_needed(make_app, data_dir) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n", *"Jo", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
    store = CaseStore(data_dir)
    [person] = store.list_people()
    with store.read(person.id) as case:
        assert not {"born", "gender"} & case.person.keys()


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("31/02/1990", "There is no 31 February 1990"),
        ("1/1/2999", "cannot be in the future"),
        ("15/12/80", "year in full"),
    ],
)
async def test_a_date_of_birth_that_cannot_be_is_refused_and_nothing_is_added(
    make_app, data_dir, typed: str, says: str
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n", *"Jo", "tab", "tab", "tab", *typed, "enter")
        await pilot.pause()
        assert isinstance(app.screen, NewPerson)
        assert says in _message(app)
        assert app.screen.focused is app.screen.query_one("#person-born", Input)
        assert app.screen.query_one("#person-add").region.bottom <= 24
    assert CaseStore(data_dir).list_people() == []


async def test_a_mistyped_date_is_pointed_out_on_leaving_the_field(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n", *"Jo", "tab", "tab", "tab", *"30/02/1990")
        await pilot.pause()
        assert _message(app) == ""  # not while it is being typed
        await pilot.press("tab")
        await pilot.pause()
        assert "There is no 30 February 1990" in _message(app)
        assert app.screen.query_one("#person-born", Input).has_class("-invalid")
        # Corrected, the message goes.
        app.screen.query_one("#person-born", Input).value = "28/02/1990"
        await pilot.pause()
        assert _message(app) == ""


async def test_own_words_left_empty_are_asked_for(make_app, data_dir) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n", *"Jo")
        app.screen.query_one("#person-gender", Select).value = "own_words"
        await pilot.pause()
        app.screen.query_one("#person-add").press()
        await pilot.pause()
        assert "Please type the words the person uses" in _message(app)
    assert CaseStore(data_dir).list_people() == []


async def test_change_details_shows_and_changes_what_is_recorded(make_app, data_dir) -> None:
    store = CaseStore(data_dir)
    person_id = store.create_person(
        "Jo", born="1980-12-15", gender="own_words", gender_words="femme"
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        [summary] = app.store.list_people()
        app.push_screen(ChangeDetails(summary))
        await pilot.pause()
        screen = app.screen
        assert screen.query_one("#person-born", Input).value == "15 December 1980"
        assert screen.query_one("#person-gender", Select).value == "own_words"
        assert screen.query_one("#person-gender-words", Input).value == "femme"
        assert screen.focused is screen.query_one("#person-name", Input)
        _all_in_view(app, 24)
        screen.query_one("#person-born", Input).value = ""
        screen.query_one("#person-gender", Select).value = "woman"
        await pilot.pause()
        screen.query_one("#person-add").press()
        await settle(app, pilot)
        assert not isinstance(app.screen, ChangeDetails)
    with store.read(person_id) as case:
        person = case.person
    assert (person["born"], person["gender"], person["gender_words"]) == (None, "woman", None)


async def test_change_details_saved_unchanged_changes_nothing(make_app, data_dir) -> None:
    store = CaseStore(data_dir)
    person_id = store.create_person("Jo", born="1980-12-15", gender="man")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        [summary] = app.store.list_people()
        app.push_screen(ChangeDetails(summary))
        await pilot.pause()
        app.screen.query_one("#person-add").press()
        await settle(app, pilot)
    with store.read(person_id) as case:
        assert [e["kind"] for e in case.audit_events()] == ["record_created"]


async def test_own_words_with_hidden_characters_are_refused_and_nothing_is_added(
    make_app, data_dir
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n", *"Jo")
        app.screen.query_one("#person-gender", Select).value = "own_words"
        app.screen.query_one("#person-gender-words", Input).value = "fem\u202eme"
        await pilot.pause()
        app.screen.query_one("#person-add").press()
        await pilot.pause()
        assert isinstance(app.screen, NewPerson)
        assert "The gender has hidden characters" in _message(app)
        assert "\u202e" not in _message(app)
    assert CaseStore(data_dir).list_people() == []


async def test_a_good_date_is_read_back_in_words_with_the_age(make_app) -> None:
    # 5/3/1980 is the 5th of March (day first): said back, so a worker used to month-first
    # dates sees it, and a slip of the year shows as an unlikely age.
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n", *"Jo", "tab", "tab", "tab", *"5/3/1980", "tab")
        await pilot.pause()
        age = age_on(date(1980, 3, 5), date.today())
        assert _message(app) == f"Date of birth: 5 March 1980 (age {age})."
        # Typing again takes the reading away (it may no longer be right).
        app.screen.query_one("#person-born", Input).value = "5/3/198"
        await pilot.pause()
        assert _message(app) == ""


async def test_home_shows_the_date_of_birth_and_age_in_the_persons_panel(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        person_id = app.store.create_person("Jo", "R-7", "9434765919", born="15/12/1980")
        app.screen.reload(keep=person_id)
        await settle(app, pilot)
        age = age_on(date(1980, 12, 15), date.today())
        text = screen_text(app)
        assert f"Born 15 December 1980 (age {age})" in text
        assert "NHS number 943 476 5919" in text


async def test_home_shows_no_date_of_birth_line_when_none_is_recorded(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        person_id = app.store.create_person("Jo", "R-7")
        app.screen.reload(keep=person_id)
        await settle(app, pilot)
        assert "Reference R-7" in screen_text(app)
        assert "Born" not in screen_text(app)


async def test_change_details_keeps_what_it_could_not_read(make_app, data_dir) -> None:
    # The record cannot be read when the dialog opens: its date of birth and gender are not
    # offered as blanks (saving those cleared them); changing the name keeps them.
    store = CaseStore(data_dir)
    person_id = store.create_person("Jo", born="1980-12-15", gender="man")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        [summary] = app.store.list_people()

        def unreadable(*_args, **_kwargs):
            raise RecordsError("The record is busy.")

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(app.store, "read", unreadable)
            app.push_screen(ChangeDetails(summary))
            await pilot.pause()
        screen = app.screen
        assert not screen.query_one("#person-born").region.height
        assert not screen.query_one("#person-gender").region.height
        assert _message(app) == NOT_READ
        screen.query_one("#person-name", Input).value = "Jo B"
        screen.query_one("#person-add").press()
        await settle(app, pilot)
        assert not isinstance(app.screen, ChangeDetails)
    with store.read(person_id) as case:
        person = case.person
    assert (person["display_name"], person["born"], person["gender"]) == (
        "Jo B",
        "1980-12-15",
        "man",
    )


async def test_change_details_saves_only_what_was_changed(make_app, data_dir) -> None:
    store = CaseStore(data_dir)
    person_id = store.create_person("Jo", "R-1", born="1980-12-15", gender="man")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        [summary] = app.store.list_people()
        app.push_screen(ChangeDetails(summary))
        await pilot.pause()
        app.screen.query_one("#person-ref", Input).value = "R-2"
        app.screen.query_one("#person-add").press()
        await settle(app, pilot)
    with store.read(person_id) as case:
        change = case.audit_events()[-1]
    assert change["kind"] == "person_details_changed"
    assert set(change) - {"at", "kind"} == {"reference"}
