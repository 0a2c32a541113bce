"""The export dialog prints today's agency numbers and tells the worker when the plan was
made with others (issue 13 §1): a crisis line the agency has since replaced is never handed
to the person without a word."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from ui_support import press, settle, widget_text

from assistant.agency import AgencyContact
from assistant.export.views import TODAYS_NUMBERS_NOTE
from assistant.plans.versions import agree_plan
from assistant.records import CaseStore
from assistant.ui.screens.export import ExportScreen

AGREED = {
    "about": {"name": "Sammy"},
    "consent": {"record": True},
    "agreement": {"person_agrees": "yes", "worker_agrees": "yes"},
}


def agreed_with_shipped_agency(data_dir: Path, content: Any) -> None:
    store = CaseStore(data_dir)
    with store.open(store.create_person("Sam")) as case:
        plan = agree_plan(case, AGREED, content=content)
    assert plan.agency == content.agency  # the plan keeps the details it was made with


async def export_txt(app: Any, pilot: Any, folder: Path) -> str:
    await settle(app, pilot)
    await press(pilot, "ctrl+o")
    assert isinstance(app.screen, ExportScreen)
    await settle(app, pilot)
    formats = app.screen.query_one("#export-formats")
    formats.deselect_all()
    formats.select("txt")
    app.screen.query_one("#export-folder").value = str(folder)
    app.screen.query_one("#export-for").value = "person"
    await press(pilot, "ctrl+s")
    await settle(app, pilot)
    return widget_text(app.screen.query_one("#export-result"))


async def test_a_replaced_crisis_line_is_not_printed_and_the_worker_is_told(
    make_app, content, data_dir: Path, tmp_path: Path
) -> None:
    agreed_with_shipped_agency(data_dir, content)
    new_line = AgencyContact(name="New crisis line", phone="0161 000 0000", when="any time")
    today = content.agency.model_copy(update={"crisis": [new_line]})
    app = make_app(content=dataclasses.replace(content, agency=today))
    async with app.run_test(size=(120, 50)) as pilot:
        result = await export_txt(app, pilot, tmp_path)
    assert TODAYS_NUMBERS_NOTE in " ".join(result.split())
    text = " ".join((tmp_path / "plan-v1.txt").read_text("utf-8").split())
    assert "New crisis line: phone 0161 000 0000 (any time)." in text
    assert content.agency.crisis[0].phone not in text


async def test_the_same_numbers_as_the_plan_s_need_no_word(
    make_app, content, data_dir: Path, tmp_path: Path
) -> None:
    agreed_with_shipped_agency(data_dir, content)
    app = make_app(content=content)
    async with app.run_test(size=(120, 50)) as pilot:
        result = await export_txt(app, pilot, tmp_path)
    assert "plan-v1.txt" in result
    assert TODAYS_NUMBERS_NOTE not in " ".join(result.split())


async def test_an_agency_file_with_errors_is_said_and_the_copy_still_made(
    make_app, content, data_dir: Path, tmp_path: Path, monkeypatch: Any
) -> None:
    # The topics do not load over a broken agency file (meetings cannot start), and the
    # dialog used to fall back to the plan's saved details without a word, as the command
    # no longer does.
    agreed_with_shipped_agency(data_dir, content)
    own = tmp_path / "agency.yaml"
    own.write_text(f"worker:\n  name: {'J' * 210}\n", encoding="utf-8")
    monkeypatch.setenv("CPI_AGENCY_FILE", str(own))
    folder = tmp_path / "out"
    folder.mkdir()
    app = make_app(content=None)
    async with app.run_test(size=(120, 50)) as pilot:
        await app.wait_for_content()
        result = " ".join((await export_txt(app, pilot, folder)).split())
    assert "plan-v1.txt" in result
    assert (
        f"The agency details in {own} (set by CPI_AGENCY_FILE) have errors, so meetings cannot "
        "start until they are fixed, and this copy uses the agency details saved with plan "
        "version 1 (as they were when it was made), which may not be today's numbers. Fix "
        "them, then run `cpi-assistant agency` to check them."
    ) in result
    assert content.agency.crisis[0].phone in (folder / "plan-v1.txt").read_text("utf-8")
