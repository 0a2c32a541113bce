"""The plan, export and demo commands, run through ``cpi-assistant``'s main()."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from plan_support import Meetings

from assistant.cli import main
from assistant.export import pdf
from assistant.flows.loader import Content
from assistant.plans.versions import agree_plan
from assistant.records import CaseStore


@pytest.fixture
def agreed(store: CaseStore, person: str, meetings: Meetings, content: Content) -> str:
    with store.open(person) as case:
        agree_plan(case, meetings.first.data, meetings.first.log, content=content)
        agree_plan(case, meetings.review.data, meetings.review.log, content=content)
    return person


def run(store: CaseStore, *args: str) -> int:
    return main([*args, "--data-dir", str(store.root)])


def test_plan_diff_prints_what_changed(
    store: CaseStore, agreed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(store, "plan", "diff", agreed, "1", "2") == 0
    out = capsys.readouterr().out
    assert "Changes from version 1 to version 2:" in out
    assert "Friendships › rating: 2 → 3" in out


def test_plan_list_shows_each_version(
    store: CaseStore, agreed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(store, "plan", "list", "Sam") == 0
    lines = [line.split() for line in capsys.readouterr().out.splitlines()[1:]]
    assert [line[0] for line in lines] == ["1", "2"]


def test_plan_agree_saves_the_latest_meeting(
    store: CaseStore, person: str, meetings: Meetings, capsys: pytest.CaptureFixture[str]
) -> None:
    with store.open(person) as case:
        case.save_session("m1", meetings.first.to_state(), meetings.first.log)
    assert run(store, "plan", "agree", person) == 0
    assert "Agreed plan version 1" in capsys.readouterr().out


def test_export_writes_the_file_and_records_it(
    store: CaseStore, agreed: str, tmp_path: Path
) -> None:
    target = tmp_path / "plan.md"
    assert run(store, "export", agreed, "--format", "md", "--version", "1", "-o", str(target)) == 0
    assert target.read_text("utf-8").startswith("# Relationship plan for Sam")
    with store.open(agreed) as case:
        exported = [e for e in case.audit_events() if e["kind"] == "exported"]
    assert exported[-1]["format"] == "md"
    assert exported[-1]["plan_version"] == 1
    assert exported[-1]["destination"] == str(target.resolve())


def test_export_to_standard_output_is_recorded_too(
    store: CaseStore, agreed: str, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert run(store, "export", agreed, "--format", "json") == 0
    assert json.loads(capsysbinary.readouterr().out)["number"] == 2
    with store.open(agreed) as case:
        [exported] = [e for e in case.audit_events() if e["kind"] == "exported"]
    assert exported["destination"] == "standard output"


def test_export_never_replaces_a_file(
    store: CaseStore, agreed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "plan.txt"
    target.write_text("keep me")
    assert run(store, "export", agreed, "--format", "txt", "-o", str(target)) == 1
    assert "already exists" in capsys.readouterr().err
    assert target.read_text() == "keep me"


def test_export_of_a_missing_version_is_a_clear_error(
    store: CaseStore, agreed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(store, "export", agreed, "--format", "md", "--version", "9") == 3
    assert "There is no plan version 9" in capsys.readouterr().err


def test_pdf_without_chromium_says_how_to_get_it(
    store: CaseStore,
    agreed: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(pdf, "find_chromium", lambda: None)
    target = tmp_path / "plan.pdf"
    assert run(store, "export", agreed, "--format", "pdf", "-o", str(target)) != 0
    err = capsys.readouterr().err
    assert "PDF needs Chromium" in err
    assert "apt-get install chromium" in err
    assert "Traceback" not in err
    assert not target.exists()


def test_pdf_needs_an_output_file(
    store: CaseStore, agreed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(store, "export", agreed, "--format", "pdf") == 1
    assert "add -o plan.pdf" in capsys.readouterr().err


def test_an_agency_template_folder_is_used_first(
    store: CaseStore, agreed: str, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    folder = tmp_path / "agency"
    folder.mkdir()
    (folder / "plan.txt.j2").write_text("Agency plan for {{ name }}\n")
    assert run(store, "export", agreed, "--format", "txt", "--templates", str(folder)) == 0
    assert capsysbinary.readouterr().out == b"Agency plan for Sam\n"


def test_demo_makes_two_versions_and_every_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(pdf, "find_chromium", lambda: None)  # PDF is tested on its own
    out = tmp_path / "demo"
    assert main(["demo", "--data-dir", str(tmp_path / "data"), "-o", str(out)]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "changes-v1-to-v2.txt",
        "plan-v1.html",
        "plan-v2-easy-read.html",
        "plan-v2.fhir.json",
        "plan-v2.html",
        "plan-v2.json",
        "plan-v2.md",
        "plan-v2.txt",
    ]
    assert "Skipped PDF: PDF needs Chromium" in capsys.readouterr().err


def test_demo_person_is_in_the_training_records(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    main(["demo", "--data-dir", str(tmp_path / "data"), "-o", str(out)])
    store = CaseStore(tmp_path / "data", training=True)
    [person] = store.list_people()
    assert "fictional" in person.display_name
    assert CaseStore(tmp_path / "data").list_people() == []


def test_demo_refuses_a_folder_with_files_in_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "x").write_text("x")
    assert main(["demo", "--data-dir", str(tmp_path / "d"), "-o", str(tmp_path / "busy")]) == 1
    assert "not an empty folder" in capsys.readouterr().err
