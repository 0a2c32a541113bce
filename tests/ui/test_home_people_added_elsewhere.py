"""Someone added from another window or the command line (`cpi-assistant new 'Zed
Refresh'`) while Home is open: the search found no one ("No one matches that search.")
until Home was left and shown again. Home now reads the people again when the index file
changed, and only then."""

from __future__ import annotations

from ui_support import add_person, press, screen_text, settle

from assistant.records import CaseStore


async def test_the_search_finds_someone_added_elsewhere(make_app, data_dir) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        add_person(app, "Sam")
        await pilot.pause()
        CaseStore(data_dir).create_person("Zed Refresh")  # another process, as the CLI does
        await press(pilot, "slash", *"Zed")
        await settle(app, pilot)
        assert "Zed Refresh" in screen_text(app)
        assert "No one matches that search." not in screen_text(app)


async def test_the_people_are_not_read_again_at_each_key_when_nothing_changed(
    make_app, monkeypatch
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        add_person(app, "Sam")
        await pilot.pause()
        reads = []
        listed = app.store.list_people
        monkeypatch.setattr(
            app.store, "list_people", lambda *a, **k: reads.append(1) or listed(*a, **k)
        )
        await press(pilot, "slash", *"Sam")
        await settle(app, pilot)
        assert reads == []
        assert "Sam" in screen_text(app)


async def test_home_does_not_look_for_people_while_a_meeting_is_open(make_app) -> None:
    # Its look every two seconds only found Home not current there, and could wake in the
    # middle of a step's frame; it starts again when Home is shown.
    from ui_support import open_meeting

    from assistant.ui.screens.home import HomeScreen

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        home = app.screen
        assert isinstance(home, HomeScreen) and home._index_check is not None
        await open_meeting(app, pilot)
        assert not home._index_check._active.is_set()
        app.pop_screen()
        await settle(app, pilot)
        assert app.screen is home and home._index_check._active.is_set()
