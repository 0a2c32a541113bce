"""Home: the people list, search, a new person, settings, help, first run."""

from __future__ import annotations

import gc

import pytest
from textual.content import Content
from textual.filter import ANSIToTruecolor
from textual.widgets import OptionList
from ui_support import add_person, double_click, post_click, press, screen_text, settle

from assistant.ui.screens.home import HomeScreen, ListLine
from assistant.ui.screens.new_person import NewPerson
from assistant.ui.widgets.confirm import Confirm


async def test_first_run_explains_what_to_do(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        text = screen_text(app)
        assert "No one is recorded here yet." in text
        actions = app.screen.focused
        assert actions.id == "actions"
        assert actions.highlighted_option.id == "new-person"


async def test_new_person_by_keys_is_saved_and_listed(make_app, data_dir) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        assert isinstance(app.screen, NewPerson)
        await pilot.press(*"Jo", "tab", *"R12", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Jo" in screen_text(app)
    from assistant.records import CaseStore

    [person] = CaseStore(data_dir).list_people()
    assert (person.display_name, person.reference) == ("Jo", "R12")


async def test_a_blank_name_is_asked_for_kindly(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n", "enter")
        await pilot.pause()
        assert isinstance(app.screen, NewPerson)
        assert "Please type a name or initials." in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_search_filters_the_list(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for name in ("Alex", "Sam", "Samira"):
            add_person(app, name)
        await pilot.press("slash", *"sam")
        await pilot.pause()
        text = screen_text(app)
        assert "Sam" in text and "Samira" in text and "Alex" not in text


async def test_a_search_key_that_keeps_the_same_person_keeps_their_actions(make_app) -> None:
    # The next letter of a name left the same one person listed and blanked their details
    # and actions: Enter then started a new meeting, never offering to resume one.
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for name in ("Alex", "Sam"):
            add_person(app, name)
        await settle(app, pilot)
        await pilot.press("slash", "s")
        await settle(app, pilot)
        assert "Start our first meeting" in screen_text(app)
        await pilot.press("a")
        await settle(app, pilot)
        text = screen_text(app)
        assert "Start our first meeting" in text and "Change their details" in text


async def test_search_ignores_accents_and_says_when_no_one_matches(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for name in ("Zoë", "Sam"):
            add_person(app, name)
        await pilot.press("slash", *"zoe")
        await settle(app, pilot)
        text = screen_text(app)
        assert "Zoë" in text and "Sam" not in text
        await pilot.press(*"xq")
        await settle(app, pilot)
        assert "No one matches that search." in screen_text(app)


async def test_the_person_panel_shows_their_meetings(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        add_person(app, "Sam")
        await settle(app, pilot)
        text = screen_text(app)
        assert "No meetings yet." in text
        assert "Start our first meeting" in text


async def test_help_lists_the_keys_and_closes_with_escape(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        text = screen_text(app)
        assert "F9 or ctrl+b" in text and "Park this topic" in text
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_settings_changes_the_theme_and_shows_the_folder(make_app, tmp_path) -> None:
    app = make_app(settings_path=tmp_path / "app.json")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        add_person(app, "Sam")
        await pilot.press("s")
        await pilot.pause()
        text = screen_text(app)
        assert "Encryption" in text and "Off" in text
        select = app.screen.query_one("#settings-theme")
        select.value = "cpi-high-contrast"
        await pilot.pause()
        assert app.theme == "cpi-high-contrast"
        await pilot.press("escape")
    assert '"cpi-high-contrast"' in (tmp_path / "app.json").read_text()


async def test_theme_option_and_high_contrast_theme(make_app) -> None:
    app = make_app(theme="high-contrast")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "cpi-high-contrast"


@pytest.mark.parametrize(
    ("option", "theme", "mode"),
    [
        ("calm", "cpi-calm", "-dark-mode"),
        ("daylight", "cpi-daylight", "-light-mode"),
        ("high-contrast", "cpi-high-contrast", "-dark-mode"),
    ],
)
async def test_the_chosen_theme_is_in_place_from_the_first_frame(
    make_app, option, theme, mode
) -> None:
    app = make_app(theme=option)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.has_class(f"-theme-{theme}", mode)
        assert app.stylesheet._variables == app.get_css_variables()
        expected = app.get_theme(theme).background
        assert app.screen.styles.background.hex.lower() == expected.lower()
        # ANSI colours are mapped with the palette for a light or a dark background.
        [truecolor] = [f for f in app._filters if isinstance(f, ANSIToTruecolor)]
        assert truecolor._terminal_theme is app.ansi_theme


async def test_the_garbage_collector_gets_everything_back_once_home_is_up(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert gc.get_freeze_count() == 0


@pytest.mark.parametrize(
    "text", ["Sam", "x" * 33, "x" * 34, "x" * 40, "two\nlines", "emoji 👩‍👩‍👧 🎉", "word " * 12, ""]
)
@pytest.mark.parametrize("rules", [{}, {"line_pad": 1}, {"text_wrap": "nowrap"}])
def test_a_list_line_is_as_high_as_the_same_text_wrapped(text, rules) -> None:
    for width in (1, 5, 34, 35, 36, 80):
        parts = ((text, "bold"), (" · 2 meetings", "$text-muted"))
        assert ListLine.assemble(*parts).get_height(rules, width) == Content.assemble(
            *parts
        ).get_height(rules, width)


async def test_an_unknown_theme_falls_back_to_calm(make_app) -> None:
    app = make_app(theme="no-such-theme")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "cpi-calm"


async def test_command_palette_offers_the_main_actions(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("New person", "Hide the screen", "Settings", "Help: keys", "Quit"):
            assert title in titles


async def test_a_record_read_after_home_lost_its_list_is_let_go(make_app) -> None:
    """The record is read in a thread; on a loaded machine it can finish while the app is
    closing and Home's widgets are gone. Its result is dropped, not a crash."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        add_person(app, "Robin")
        await settle(app, pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        person = home.selected
        history = home._history
        await home.query_one("#people").remove()
        home._history_loaded(person, history)
        home._history_failed(person, "the record could not be read")
        assert not home.query("#people")


async def test_each_key_typed_in_the_search_is_drawn_and_timed(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for name in ("Alex", "Sam", "Samira"):
            add_person(app, name)
        await pilot.press("slash", *"sami")
        await pilot.pause()
        assert len(app.search_times) == 4  # one frame drawn per key, in that key's turn
        assert "Samira" in screen_text(app) and "Alex" not in screen_text(app)


async def test_a_key_that_keeps_the_same_people_keeps_the_list_and_the_highlight(
    make_app,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for name in ("Alex", "Sam", "Samira"):
            add_person(app, name)
        await pilot.press("slash", *"sa")
        people = app.screen.query_one("#people", OptionList)
        people.highlighted = 1  # the second of Sam and Samira
        before = list(people.options)
        chosen = app.screen.selected_id
        await pilot.press("m")  # still Sam and Samira
        await pilot.pause()
        assert list(people.options) == before and people.options[0] is before[0]
        assert app.screen.selected_id == chosen
        await pilot.press("i")  # Samira alone: a new list, its first line highlighted
        await pilot.pause()
        assert [o.id for o in people.options] == [chosen] and people.highlighted == 0


async def test_no_export_is_offered_before_there_is_a_plan(make_app, content, data_dir) -> None:
    # With a meeting left unfinished and no plan, "Export the plan" opened a dialog that
    # could only say there is no plan to export yet.
    from assistant.engine.conversation import Conversation
    from assistant.meetings.meeting import Meeting
    from assistant.plans.autoplay import play_meeting
    from assistant.records import CaseStore

    store = CaseStore(data_dir)
    person = store.create_person("Sam")
    with store.open(person) as case:
        answers = {"about.name": "Sammy", "consent.record": True}
        conv = play_meeting(Conversation(content), ["getting_started"], answers)
        Meeting(conv, case, "first").save()
    app = make_app(content=content)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        text = screen_text(app)
        assert "Resume where we left off" in text
        assert "Export the plan" not in text


async def test_resuming_a_meeting_finished_in_another_window_says_so_and_offers_a_new_one(
    make_app, content, data_dir
) -> None:
    # "Resume where we left off", after the meeting was finished in another window, silently
    # started a new meeting.
    from assistant.engine.conversation import Conversation
    from assistant.meetings.meeting import Meeting
    from assistant.meetings.opening import open_meeting
    from assistant.plans.autoplay import play_meeting
    from assistant.records import CaseStore

    store = CaseStore(data_dir)
    person = store.create_person("Sam")
    with store.open(person) as case:
        answers = {"about.name": "Sammy", "consent.record": True}
        conv = play_meeting(Conversation(content), ["getting_started"], answers)
        Meeting(conv, case, "first").save()
    app = make_app(content=content)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert "Resume where we left off" in screen_text(app)
        with CaseStore(data_dir).open(person) as case:  # the other window finishes it
            open_meeting(case, content, resume=True).meeting.finish(agreed=False)
        home = app.screen
        await press(pilot, "r")
        await settle(app, pilot)
        assert isinstance(app.screen, Confirm)
        assert "finished in another window" in " ".join(screen_text(app).split())
        with CaseStore(data_dir).read(person) as case:
            assert len(case.sessions()) == 1  # no new meeting started meanwhile
        await press(pilot, "escape")
        await settle(app, pilot)
        assert app.screen is home
        assert "Resume where we left off" not in screen_text(app)


async def test_r_with_no_meeting_to_carry_on_says_so_and_opens_nothing(make_app) -> None:
    # `r` on a new person said "That meeting was finished in another window".
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        add_person(app, "Robin")
        await settle(app, pilot)
        home = app.screen
        await press(pilot, "r")
        await settle(app, pilot)
        assert app.screen is home
        said = " ".join(n.message for n in app._notifications)
        assert "no meeting to carry on" in said
        assert "another window" not in " ".join(screen_text(app).split())


async def test_a_record_that_cannot_be_opened_offers_no_meeting(make_app) -> None:
    # Its file and backup damaged: Home said "Reading the record…" above the error for good,
    # and offered "Start our first meeting", which could only fail.
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        person = add_person(app, "Robin")
        path = app.store.case_path(person)
        for copy in (path, path.with_name(path.name + ".bak")):
            copy.write_bytes(b"junk")
        app.screen.reload(keep=person)
        await settle(app, pilot)
        await app.workers.wait_for_complete()
        await settle(app, pilot)
        words = screen_text(app)
        assert "cannot be opened" in words and "Reading the record" not in words
        actions = [str(o.prompt) for o in app.screen.query_one("#actions", OptionList).options]
        assert not [a for a in actions if "meeting" in a or "Export" in a]
        assert "+ New person" in actions


# -- the mouse: one click picks a person, a double click or the action opens ---------------------


def _line_of(app, text: str) -> tuple[int, int]:
    """The screen cell of the first line showing ``text``."""
    for y, line in enumerate(screen_text(app).split("\n")):
        x = line.find(text)
        if x >= 0:
            return x + 1, y
    raise AssertionError(f"{text!r} is not on screen")


async def _two_people(app, pilot) -> None:
    add_person(app, "Ann")
    add_person(app, "Mo")
    await settle(app, pilot)


async def test_one_click_on_a_person_picks_them_and_opens_nothing(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _two_people(app, pilot)
        await post_click(app, pilot, *_line_of(app, "Mo  no meetings"))
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.selected.display_name == "Mo"
        assert "+ Start our first meeting" in screen_text(app)  # their actions, to click


async def test_a_double_click_on_a_person_opens_their_meeting(make_app) -> None:
    from assistant.ui.screens.session import SessionScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _two_people(app, pilot)
        await double_click(app, pilot, *_line_of(app, "Mo  no meetings"))
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.person_name == "Mo"


async def test_a_person_picked_by_a_click_has_their_meeting_one_click_away(make_app) -> None:
    from assistant.ui.screens.session import SessionScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _two_people(app, pilot)
        await post_click(app, pilot, *_line_of(app, "Mo  no meetings"))
        await post_click(app, pilot, *_line_of(app, "+ Start our first meeting"))
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.person_name == "Mo"
