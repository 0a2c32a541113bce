"""On a small screen, after a copy for the care team was exported, the message above the
buttons took rows from the dialog's body, which could end just under "Not offered:": a
heading with nothing under it (before, the GP and the family lines were listed; 80x24 with
a longer message, 80x28 here with the reminder of what must not be shared). The heading now
shares its line with the first thing not offered, so it never stands alone."""

from __future__ import annotations

from test_export_for import open_export, sharing_person
from ui_support import press, screen_text, settle


async def test_no_not_offered_heading_alone_after_an_export(
    make_app, content, data_dir, tmp_path, monkeypatch
) -> None:
    sharing_person(data_dir, content)
    (tmp_path / "out").mkdir()
    monkeypatch.chdir(tmp_path)
    app = make_app(content=content)
    async with app.run_test(size=(80, 28)) as pilot:
        await open_export(app, pilot)
        formats = app.screen.query_one("#export-formats")
        formats.deselect_all()
        formats.select("txt")
        app.screen.query_one("#export-folder").value = "out"  # a short folder, one line
        app.screen.query_one("#export-for").focus()
        await press(pilot, "enter", "down", "down", "enter")  # The care team
        await settle(app, pilot)
        assert app.screen.query_one("#export-for").value == "team"
        await press(pilot, "ctrl+s")
        await settle(app, pilot)
        lines = [line.strip(" │") for line in screen_text(app).splitlines()]
        assert "A copy for the care team, leaving out what the person keeps private:" in lines
        assert "Not offered: Sammy's GP: not chosen." in lines
        assert "Not offered:" not in lines
