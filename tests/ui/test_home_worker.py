"""Home's "Last meeting" line names the worker of that meeting when the record knows it
(docs/records.md, "Who the worker was"): after a handover, whose meeting it was."""

from __future__ import annotations

from ui_support import settle, widget_text

from assistant.agency import Agency, Worker
from assistant.plans.model import Plan
from assistant.records import CaseStore


async def _details(make_app) -> str:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        return widget_text(app.screen.query_one("#person-details"))


async def test_home_names_the_worker_of_the_last_meeting(make_app, data_dir) -> None:
    store = CaseStore(data_dir)
    with store.open(store.create_person("Sam")) as case:
        case.save_session("s1", {}, worker={"name": "Priya Patel", "team": "Riverside Team"})
    assert "(not finished, with Priya Patel)" in await _details(make_app)


async def test_home_names_an_older_meetings_worker_from_its_plan_version(
    make_app, data_dir
) -> None:
    store = CaseStore(data_dir)
    agency = Agency(organisation="Brackenford Mind", worker=Worker(name="Priya Patel"))
    plan = Plan(created="2026-12-06T10:00:00+00:00", agency=agency).to_json()
    with store.open(store.create_person("Sam")) as case:
        case.save_session("s1", {})  # saved before meetings kept their worker
        case.add_plan_version(plan, agreed=True, session_id="s1")
        case.audit("meeting_closed", session="s1", plan_version=1, agreed=True)
    assert "(finished, with Priya Patel)" in await _details(make_app)


async def test_a_worker_name_that_looks_like_markup_is_shown_as_written(make_app, data_dir) -> None:
    store = CaseStore(data_dir)
    with store.open(store.create_person("Sam")) as case:
        case.save_session("s1", {}, worker={"name": "[b]Priya[/b] [/"})
    assert "with [b]Priya[/b] [/)" in await _details(make_app)


async def test_home_says_no_worker_when_the_record_does_not_know_one(make_app, data_dir) -> None:
    store = CaseStore(data_dir)
    with store.open(store.create_person("Sam")) as case:
        case.save_session("s1", {})
    details = await _details(make_app)
    assert "(not finished)" in details and ", with " not in details
