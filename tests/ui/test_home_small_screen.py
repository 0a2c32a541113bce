"""Home on the smallest screen (80x24) with everything a record can show: every action stays
within reach, and each has a key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import OptionList
from ui_support import first_meeting_played, press, screen_text, settle

from assistant.ui.screens.home import HomeScreen
from assistant.ui.screens.person_details import ChangeDetails

FULL_RECORD = {
    "name": "Samantha Josephine Okonkwo-Smith",
    "reference": "AB-123456",
    "nhs_number": "943 476 5919",
    "born": "1980-12-15",
}


def _full_record_app(make_app: Any, content: Any, data_dir: Path) -> Any:
    """The app over a record with everything Home can show, and an agreed plan."""
    first_meeting_played(data_dir, content, **FULL_RECORD)
    return make_app(content=content)


async def test_every_action_is_on_screen_with_a_full_record_at_80x24(
    make_app, content: Any, data_dir: Path
) -> None:
    # The list of actions ran below the key bar: Settings and the directory were off screen.
    assert content.agency.example  # the made-up agency notice takes four rows too
    app = _full_record_app(make_app, content, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        actions = app.screen.query_one("#actions", OptionList)
        assert actions.option_count >= 8
        assert actions.region.bottom <= app.size.height - 1  # above the key bar
        actions.focus()
        await press(pilot, "end")
        await settle(app, pilot)
        assert "⚙ Settings" in screen_text(app)
        assert "Plan agreed" in screen_text(app)  # the details keep their last line


async def test_the_details_keep_their_blank_lines_when_there_is_room(
    make_app, content: Any, data_dir: Path
) -> None:
    app = _full_record_app(make_app, content, data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert not app.screen.query_one("#person-details").has_class("-compact")


async def test_e_changes_the_persons_details_from_home(
    make_app, content: Any, data_dir: Path
) -> None:
    app = _full_record_app(make_app, content, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        await press(pilot, "e")
        await settle(app, pilot)
        assert isinstance(app.screen, ChangeDetails)


async def test_a_long_records_folder_keeps_its_last_folder_in_view_at_80x24(
    make_app, tmp_path: Path
) -> None:
    """The path gives up its middle: cut at its end it read as another, real folder."""
    folder = tmp_path / "a_folder_name_long_enough_to_need_cutting" / "agency_records"
    folder.mkdir(parents=True)
    app = make_app(data_dir=folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.content_pack_name = "Hostile Agency"
        app.screen.show_notices()
        await settle(app, pilot)
        top = screen_text(app).splitlines()[0].rstrip()
        assert (
            top.startswith(" Connecting People Assistant"),
            top.endswith("…/agency_records"),
            "Hostile Agency" in top,
        ) == (True, True, True)


async def test_a_very_long_name_takes_one_line_of_the_list_and_leaves_the_actions_in_view(
    make_app, data_dir: Path
) -> None:
    """A 300-character name filled ten rows of the list, pushing the people after it out of
    sight, and the details beside it pushed Settings off the screen."""
    from assistant.records import CaseStore

    store = CaseStore(data_dir)
    store.create_person("W" * 300)
    store.create_person("Zed Zane")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        text = screen_text(app)
        name_rows = [row for row in text.splitlines() if row.startswith(" │ WWWW")]
        assert (len(name_rows), "Zed Zane" in text, "Settings" in text) == (1, True, True)


async def test_each_persons_line_is_one_row_keeping_the_meeting_count_at_80x24(
    make_app, content: Any, data_dir: Path
) -> None:
    """A line too long for the list wrapped onto a second row, or was cut mid-word with no
    "…" ("Dev Patel  ref R3 · no meetings ye"): the meeting count was lost."""
    from assistant.records import CaseStore

    store = CaseStore(data_dir)
    store.create_person("Zebediah Quillfeather", reference="ZQ1")
    store.create_person("Dev Patel", reference="R3")
    app = make_app(content=content)  # its made-up agency notice leaves the list narrower
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        box = app.screen.query_one("#people", OptionList).content_region
        lines = screen_text(app).splitlines()[box.y : box.bottom]
        rows = [line[box.x : box.right].strip() for line in lines]
        rows = [row for row in rows if row]
        assert (len(rows), all(row.endswith("no meetings yet") for row in rows)) == (2, True)
        assert rows[1].startswith("Zebediah Quill") and "…" in rows[1]
