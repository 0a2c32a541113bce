"""The export dialog asks whom the copy is for, offers only whom the person chose, and
records it (issue 13 §2)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from ui_support import press, settle, widget_text

from assistant.plans.versions import agree_plan
from assistant.records import CaseStore
from assistant.ui.screens.export import ExportScreen

SECRET = "SECRET-MUM [b]x[/b] {{ 7*7 }}"


def sharing_person(data_dir: Path, content: Any) -> str:
    """An agreed plan shared with the care team and Dan; Mum (a person in the network) and
    the words about her are kept private."""
    store = CaseStore(data_dir)
    person = store.create_person("Sam")
    data = {
        "about": {"name": "Sammy"},
        "consent": {"record": True},
        "network": {
            "people": [{"id": "p1", "name": "Jo", "circle": 1}, {"id": "p2", "name": SECRET}]
        },
        "agreement": {
            "person_agrees": "yes",
            "worker_agrees": "yes",
            "share_with": ["care_team", "family"],
            "share_who": "Dan",
            "keep_private": "SECRET-WORDS about Mum",
        },
        "sharing": {"private": ["item:p2"]},
    }
    with store.open(person) as case:
        agree_plan(case, data, content=content)
    return person


async def open_export(app: Any, pilot: Any) -> None:
    await settle(app, pilot)
    await press(pilot, "ctrl+o")
    assert isinstance(app.screen, ExportScreen)
    await settle(app, pilot)


async def test_only_the_people_chosen_are_offered_and_the_others_say_why(
    make_app, content, data_dir: Path
) -> None:
    sharing_person(data_dir, content)
    app = make_app(content=content)
    async with app.run_test(size=(120, 50)) as pilot:
        await open_export(app, pilot)
        offered = app.screen.query_one("#export-for")
        assert [value for _label, value in offered._options if value is not offered.NULL] == [
            "person",
            "team",
            "Dan",
            "supervision",  # the worker's own notes (issue 16), not a copy for anyone
        ]
        assert offered.value is offered.NULL  # always chosen on purpose
        assert "Sammy's own copy (everything)" in [str(label) for label, _ in offered._options]
        note = widget_text(app.screen.query_one("#export-for-note"))
        assert "Sammy's GP: not chosen." in note
        assert '"Our plan and next time" asks who may see the plan.' in note


async def test_the_topic_that_asks_is_named_by_its_title_in_the_content(
    make_app, content, data_dir: Path
) -> None:
    # The dialog said "Closing", a name the pair never saw: the topic is shown by its title.
    sharing_person(data_dir, content)
    closing = content.topics["closing"]
    retitled = replace(
        content,
        topics={
            **content.topics,
            "closing": replace(
                closing, topic=closing.topic.model_copy(update={"title": "Agreeing our plan"})
            ),
        },
    )
    app = make_app(content=retitled)
    async with app.run_test(size=(120, 50)) as pilot:
        await open_export(app, pilot)
        note = widget_text(app.screen.query_one("#export-for-note"))
        rules = widget_text(app.screen.query_one("#export-rules"))
    assert '"Agreeing our plan" asks who may see the plan.' in note
    assert 'Only the people the person chose in "Agreeing our plan" are offered' in rules
    assert "Closing" not in note + rules


async def test_a_draft_when_nothing_is_agreed_says_so_once(
    make_app, content, data_dir: Path
) -> None:
    from assistant.plans.from_session import build_plan
    from assistant.plans.versions import person_ref

    store = CaseStore(data_dir)
    person = store.create_person("Sam")
    with store.open(person) as case:
        plan = build_plan({"consent": {"record": True}}, content=content, number=1)
        plan = plan.model_copy(update={"person": person_ref(case)})
        case.add_plan_version(plan.to_json(), agreed=False, by="both")
    app = make_app(content=content)
    async with app.run_test(size=(120, 50)) as pilot:
        await open_export(app, pilot)
        state = widget_text(app.screen.query_one("#export-state"))
    assert state.count("agreed") == 1, state
    assert state.startswith("Draft: not agreed yet.")


async def test_export_needs_whom_it_is_for(make_app, content, data_dir, tmp_path) -> None:
    sharing_person(data_dir, content)
    out = tmp_path / "out"
    out.mkdir()
    app = make_app(content=content)
    async with app.run_test(size=(120, 50)) as pilot:
        await open_export(app, pilot)
        app.screen.query_one("#export-folder").value = str(out)
        await press(pilot, "ctrl+s")
        await settle(app, pilot)
        result = widget_text(app.screen.query_one("#export-result"))
    assert "Please choose who this copy is for." in result
    assert list(out.iterdir()) == []


async def test_a_copy_for_the_team_leaves_out_the_private_parts_and_is_recorded(
    make_app, content, data_dir, tmp_path
) -> None:
    person = sharing_person(data_dir, content)
    out = tmp_path / "out"
    out.mkdir()
    app = make_app(content=content)
    async with app.run_test(size=(120, 50)) as pilot:
        await open_export(app, pilot)
        formats = app.screen.query_one("#export-formats")
        formats.deselect_all()
        formats.select("txt")
        formats.select("json")
        app.screen.query_one("#export-folder").value = str(out)
        app.screen.query_one("#export-for").value = "team"
        await press(pilot, "ctrl+s")
        await settle(app, pilot)
        result = widget_text(app.screen.query_one("#export-result"))
    assert "A copy for the care team, leaving out what the person keeps private" in result
    files = sorted(p.name for p in out.iterdir())
    assert files == ["plan-v1-for-care-team.json", "plan-v1-for-care-team.txt"]
    for path in out.iterdir():
        data = path.read_bytes()
        assert b"SECRET" not in data and b"Jo" in data
    with CaseStore(data_dir).read(person) as case:
        exported = [e for e in case.audit_events() if e["kind"] == "exported"]
    assert {(e["audience"], e["withheld"]) for e in exported} == {("team", True)}


async def test_a_copy_for_the_team_reminds_the_worker_what_must_not_be_shared(
    make_app, content, data_dir, tmp_path
) -> None:
    sharing_person(data_dir, content)
    app = make_app(content=content)
    async with app.run_test(size=(120, 50)) as pilot:
        await open_export(app, pilot)
        formats = app.screen.query_one("#export-formats")
        formats.deselect_all()
        formats.select("txt")
        app.screen.query_one("#export-folder").value = str(tmp_path)
        app.screen.query_one("#export-for").value = "team"
        await press(pilot, "ctrl+s")
        await settle(app, pilot)
        result = widget_text(app.screen.query_one("#export-result"))
    assert (tmp_path / "plan-v1-for-care-team.txt").exists()
    assert "The person said what must not be shared (in their own copy)." in " ".join(
        result.split()
    )
    assert "SECRET-WORDS" not in result


async def test_the_persons_own_copy_has_everything(make_app, content, data_dir, tmp_path) -> None:
    sharing_person(data_dir, content)
    app = make_app(content=content)
    async with app.run_test(size=(120, 50)) as pilot:
        await open_export(app, pilot)
        formats = app.screen.query_one("#export-formats")
        formats.deselect_all()
        formats.select("txt")
        app.screen.query_one("#export-folder").value = str(tmp_path)
        app.screen.query_one("#export-for").value = "person"
        await press(pilot, "ctrl+s")
        await settle(app, pilot)
    text = (tmp_path / "plan-v1.txt").read_text("utf-8")
    assert SECRET in text and "SECRET-WORDS about Mum" in text


async def test_a_shared_copy_naming_a_private_person_is_held_until_export_again(
    make_app, content, data_dir, tmp_path
) -> None:
    # Walk fix F3: "Ann" is kept private but named in "A good week"; the worker is told where
    # before anything is written, and a second Export sends it as it is.
    store = CaseStore(data_dir)
    person = store.create_person("Kit")
    data = {
        "consent": {"record": True},
        "about": {"good_week": "Coffee with Ann [b]on[/b] Sunday."},
        "network": {"people": [{"id": "p1", "name": "Ann"}]},
        "agreement": {"person_agrees": "yes", "worker_agrees": "yes", "share_with": ["care_team"]},
        "sharing": {"private": ["item:p1"]},
    }
    with store.open(person) as case:
        agree_plan(case, data, content=content)
    out = tmp_path / "out"
    out.mkdir()
    app = make_app(content=content)
    async with app.run_test(size=(120, 50)) as pilot:
        await open_export(app, pilot)
        formats = app.screen.query_one("#export-formats")
        formats.deselect_all()
        formats.select("txt")
        app.screen.query_one("#export-folder").value = str(out)
        app.screen.query_one("#export-for").value = "team"
        await press(pilot, "ctrl+s")
        await settle(app, pilot)
        warned = widget_text(app.screen.query_one("#export-result"))
        written_before = list(out.iterdir())
        await press(pilot, "ctrl+s")
        await settle(app, pilot)
    assert "Ann is kept private but is named in: A good week." in warned
    assert "Press Export again to send it as it is." in warned
    assert written_before == []
    assert [p.name for p in out.iterdir()] == ["plan-v1-for-care-team.txt"]


async def test_sending_a_copy_as_it_is_after_the_warning_is_recorded_as_overriding_it(
    make_app, content, data_dir: Path, tmp_path: Path
) -> None:
    store = CaseStore(data_dir)
    person = store.create_person("Kit")
    data = {
        "consent": {"record": True},
        "about": {"good_week": "Coffee with Ann on Sunday."},
        "network": {"people": [{"id": "p1", "name": "Ann"}]},
        "agreement": {"person_agrees": "yes", "worker_agrees": "yes", "share_with": ["care_team"]},
        "sharing": {"private": ["item:p1"]},
    }
    with store.open(person) as case:
        agree_plan(case, data, content=content)
    out = tmp_path / "out"
    out.mkdir()
    app = make_app(content=content)
    async with app.run_test(size=(120, 50)) as pilot:
        await open_export(app, pilot)
        formats = app.screen.query_one("#export-formats")
        formats.deselect_all()
        formats.select("txt")
        app.screen.query_one("#export-folder").value = str(out)
        app.screen.query_one("#export-for").value = "team"
        await press(pilot, "ctrl+s")  # warned
        await settle(app, pilot)
        await press(pilot, "ctrl+s")  # sent as it is
        await settle(app, pilot)
    exported = [e for e in store.read(person).audit_events() if e["kind"] == "exported"]
    assert [e.get("include_named") for e in exported] == [True]


async def test_a_drafts_copies_outside_the_agency_wait_until_it_is_agreed(
    make_app, content, data_dir: Path
) -> None:
    # A draft's GP and named copies could be made on sharing choices nobody had agreed.
    from assistant.plans.from_session import build_plan
    from assistant.plans.versions import person_ref

    store = CaseStore(data_dir)
    person = store.create_person("Sam")
    data = {
        "about": {"name": "Sammy"},
        "consent": {"record": True},
        "agreement": {"share_with": ["care_team", "gp", "family"], "share_who": "Dan"},
    }
    with store.open(person) as case:
        plan = build_plan(data, content=content, number=1)
        plan = plan.model_copy(update={"person": person_ref(case)})
        case.add_plan_version(plan.to_json(), agreed=False, by="both")
    app = make_app(content=content)
    async with app.run_test(size=(120, 50)) as pilot:
        await open_export(app, pilot)
        offered = app.screen.query_one("#export-for")
        values = [value for _label, value in offered._options if value is not offered.NULL]
        assert "person" in values and "team" in values
        assert "gp" not in values and "Dan" not in values
        note = widget_text(app.screen.query_one("#export-for-note"))
        assert "Sammy's GP: waits until the plan is agreed (this version is a draft)." in note
