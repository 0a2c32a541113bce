"""The export dialog refuses a plan copy while the chosen content pack cannot be used: it
would show the app's made-up example agency details and crisis numbers."""

from __future__ import annotations

from test_export_for import open_export, sharing_person
from ui_support import press, settle, widget_text


async def _export_txt(app, pilot, folder) -> None:
    await open_export(app, pilot)
    formats = app.screen.query_one("#export-formats")
    formats.deselect_all()
    formats.select("txt")
    app.screen.query_one("#export-folder").value = str(folder)
    app.screen.query_one("#export-for").value = "person"
    await press(pilot, "ctrl+s")
    await settle(app, pilot)


async def test_no_copy_while_the_chosen_pack_cannot_be_used(
    make_app, content, data_dir, tmp_path
) -> None:
    sharing_person(data_dir, content)
    out = tmp_path / "out"
    out.mkdir()
    app = make_app(content=content, content_pack=tmp_path / "unmounted share")
    async with app.run_test(size=(120, 50)) as pilot:
        await _export_txt(app, pilot, out)
        said = widget_text(app.screen.query_one("#export-result"))
        assert "is not there" in said and "Nothing was exported" in said
    assert list(out.iterdir()) == []


async def test_a_copy_is_made_without_a_chosen_pack(make_app, content, data_dir, tmp_path) -> None:
    sharing_person(data_dir, content)
    app = make_app(content=content)
    async with app.run_test(size=(120, 50)) as pilot:
        await _export_txt(app, pilot, tmp_path)
    assert (tmp_path / "plan-v1.txt").exists()
