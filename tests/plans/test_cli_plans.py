"""The plan, export and demo commands, run through ``cpi-assistant``'s main()."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from plan_support import Meetings

from assistant.agency import EXAMPLE_LINE
from assistant.cli import main
from assistant.export import pdf
from assistant.flows.loader import Content
from assistant.plans.from_session import build_plan
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


def test_plan_list_cuts_a_long_name_on_each_row_to_fit_a_terminal(
    store: CaseStore,
    meetings: Meetings,
    content: Content,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Each version's line said a 300-character name whole: every row wrapped over lines.
    person = store.create_person("W" * 300)
    data = {**meetings.first.data, "about": {**meetings.first.data["about"], "name": "W" * 300}}
    with store.open(person) as case:
        agree_plan(case, data, meetings.first.log, content=content)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setenv("COLUMNS", "80")
    assert run(store, "plan", "list", person) == 0
    heading, row = capsys.readouterr().out.splitlines()
    assert "W" * 300 in heading  # named whole once
    assert "W" * 25 not in row and "W…" in row


def test_plan_agree_saves_the_latest_meeting(
    store: CaseStore, person: str, meetings: Meetings, capsys: pytest.CaptureFixture[str]
) -> None:
    with store.open(person) as case:
        case.save_session("m1", meetings.first.to_state(), meetings.first.log)
    assert run(store, "plan", "agree", person) == 0
    assert "Agreed plan version 1" in capsys.readouterr().out


def test_plan_agree_with_content_that_cannot_be_loaded_agrees_nothing(
    store: CaseStore,
    person: str,
    meetings: Meetings,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Without content, answers whose question no longer applies cannot be told: an agreed
    # version (kept for good) could say "Who exactly: My sister" beside "My GP" only.
    pack = tmp_path / "pack"
    (pack / "flows").mkdir(parents=True)
    (pack / "pack.yaml").write_text("name: Broken\nformat: 1\n")
    (pack / "flows/bad.yaml").write_text("id: [unclosed\n")
    monkeypatch.setenv("CPI_CONTENT_PACK", str(pack))
    with store.open(person) as case:
        case.save_session("m1", meetings.first.to_state(), meetings.first.log)
    assert run(store, "plan", "agree", person) == 1
    assert "could not be loaded, so no plan was agreed" in capsys.readouterr().err
    with store.open(person) as case:
        assert case.plan_versions() == []


def test_plan_agree_with_nothing_to_agree_is_not_a_folder_problem(
    store: CaseStore, person: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Exit 6 says the folder could not be saved or read; nothing was wrong with it.
    assert run(store, "plan", "agree", person) == 1
    assert capsys.readouterr().err


def test_export_writes_the_file_and_records_it(
    store: CaseStore, agreed: str, tmp_path: Path
) -> None:
    target = tmp_path / "plan.md"
    assert (
        run(
            store,
            "export",
            agreed,
            "--format",
            "md",
            "--for",
            "person",
            "--version",
            "1",
            "-o",
            str(target),
        )
        == 0
    )
    assert target.read_text("utf-8").startswith("# Relationship plan for Sam")
    with store.open(agreed) as case:
        exported = [e for e in case.audit_events() if e["kind"] == "exported"]
    assert exported[-1]["format"] == "md"
    assert exported[-1]["plan_version"] == 1
    assert exported[-1]["destination"] == str(target.resolve())


def test_export_to_standard_output_is_recorded_too(
    store: CaseStore, agreed: str, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert run(store, "export", agreed, "--format", "json", "--for", "person") == 0
    assert json.loads(capsysbinary.readouterr().out)["number"] == 2
    with store.open(agreed) as case:
        [exported] = [e for e in case.audit_events() if e["kind"] == "exported"]
    assert exported["destination"] == "standard output"


def test_the_terminal_summary_of_the_persons_copy_names_the_person(
    store: CaseStore, agreed: str, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    # Read by the worker at the terminal: "by you and ..., your worker" would mean them.
    assert run(store, "export", agreed, "--format", "json", "--for", "person") == 0
    err = " ".join(capsysbinary.readouterr().err.decode().split())
    assert "by Sam and " in err and "you" not in err.casefold().split()


@pytest.mark.parametrize("fmt", ["txt", "md", "html", "easy"])
def test_an_old_version_exported_says_which_version_replaces_it(
    store: CaseStore, agreed: str, capsysbinary: pytest.CaptureFixture[bytes], fmt: str
) -> None:
    # Exported after version 2 was agreed, version 1 read as the plan in use.
    args = ("export", agreed, "--format", fmt, "--for", "person", "--version", "1")
    assert run(store, *args) == 0
    shown = " ".join(capsysbinary.readouterr().out.decode().split())
    said = "your newer plan is version 2" if fmt == "easy" else "replaced by version 2"
    assert said in shown.casefold()


def test_an_old_version_in_fhir_is_revoked_and_the_latest_active(
    store: CaseStore, agreed: str, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    statuses = []
    for version in ("1", "2"):
        args = ("export", agreed, "--format", "fhir", "--for", "team", "--version", version)
        assert run(store, *args) == 0
        bundle = json.loads(capsysbinary.readouterr().out)
        statuses += [
            e["resource"]["status"]
            for e in bundle["entry"]
            if e["resource"]["resourceType"] == "CarePlan" and "partOf" not in e["resource"]
        ]
    assert statuses == ["revoked", "active"]


def test_export_never_replaces_a_file(
    store: CaseStore, agreed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "plan.txt"
    target.write_text("keep me")
    assert (
        run(store, "export", agreed, "--format", "txt", "--for", "person", "-o", str(target)) == 1
    )
    assert "already exists" in capsys.readouterr().err
    assert target.read_text() == "keep me"


def test_export_of_a_missing_version_is_a_clear_error(
    store: CaseStore, agreed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(store, "export", agreed, "--format", "md", "--for", "person", "--version", "9") == 3
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
    assert (
        run(store, "export", agreed, "--format", "pdf", "--for", "person", "-o", str(target)) != 0
    )
    err = capsys.readouterr().err
    assert "PDF needs Chromium" in err
    assert "apt-get install chromium" in err
    assert "Traceback" not in err
    assert not target.exists()


def test_pdf_needs_an_output_file(
    store: CaseStore, agreed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(store, "export", agreed, "--format", "pdf", "--for", "person") == 1
    assert "add -o plan.pdf" in capsys.readouterr().err


def test_an_agency_template_folder_is_used_first(
    store: CaseStore, agreed: str, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    folder = tmp_path / "agency"
    folder.mkdir()
    (folder / "plan.txt.j2").write_text("Agency plan for {{ name }}\n")
    assert (
        run(
            store,
            "export",
            agreed,
            "--format",
            "txt",
            "--for",
            "person",
            "--templates",
            str(folder),
        )
        == 0
    )
    out = capsysbinary.readouterr().out
    # The shipped agency settings are the made-up example: its mark comes first on every copy.
    assert out == f"*** {EXAMPLE_LINE} ***\n\nAgency plan for Sam\n".encode()


def test_a_template_saved_with_a_byte_order_mark_exports_without_it(
    store: CaseStore, agreed: str, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    folder = tmp_path / "agency"
    folder.mkdir()
    (folder / "plan.txt.j2").write_bytes("\ufeffAgency plan for {{ name }}\n".encode())
    args = ["export", agreed, "--format", "txt", "--for", "person", "--templates", str(folder)]
    assert run(store, *args) == 0
    out = capsysbinary.readouterr().out
    assert out == f"*** {EXAMPLE_LINE} ***\n\nAgency plan for Sam\n".encode()


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
        "plan-v2-for-care-team.html",
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


# -- draft or agreed, said the same way everywhere ------------------------------------------------


@pytest.fixture
def draft_after_agreed(store: CaseStore, person: str, meetings: Meetings, content: Content) -> str:
    """Version 1 agreed; version 2 saved "not agreed yet" though both said yes in Closing."""
    with store.open(person) as case:
        first = agree_plan(case, meetings.first.data, meetings.first.log, content=content)
        review = build_plan(meetings.review.data, meetings.review.log, first, content=content)
        assert review.agreement.both_agreed
        case.add_plan_version(review.to_json(), agreed=False)
    return person


@pytest.fixture
def only_a_draft(store: CaseStore, person: str, meetings: Meetings, content: Content) -> str:
    with store.open(person) as case:
        plan = build_plan(meetings.first.data, meetings.first.log, content=content)
        case.add_plan_version(plan.to_json(), agreed=False)
    return person


def _exports(store: CaseStore, person: str) -> list[dict]:
    with store.open(person) as case:
        return [e for e in case.audit_events() if e["kind"] == "exported"]


def test_plan_list_says_draft_or_agreed_in_the_same_words(
    store: CaseStore, draft_after_agreed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(store, "plan", "list", "Sam") == 0
    lines = capsys.readouterr().out.splitlines()[1:]
    # The demo's first meeting: Sam said "Mostly".
    assert lines[0].split()[:5] == ["1", "Agreed", "in", "part", "together"]
    # The worker of its meeting, from the agency details the version kept (the example's).
    assert "by Sam and Jordan Okafor, their worker: what is not agreed is under" in lines[0]
    assert lines[1].split()[:5] == ["2", "Draft:", "not", "agreed", "yet."]


def test_plan_show_of_a_draft_says_draft_not_agreed(
    store: CaseStore, draft_after_agreed: str, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert run(store, "plan", "show", "Sam") == 0
    out, err = capsysbinary.readouterr()
    text = out.decode()
    assert text.startswith("*** DRAFT – NOT AGREED YET ***")
    assert "Version 2. Draft: not agreed yet. Saved on" in " ".join(text.split())
    assert "Agreed together" not in text
    assert b"the latest agreed version is 1" in err


def test_plan_show_with_no_plan_yet_says_there_is_nothing_to_show(
    store: CaseStore, person: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # It said "nothing to export" to someone who had asked to see the plan.
    assert run(store, "plan", "show", person) != 0
    err = capsys.readouterr().err
    assert "so there is nothing to show" in err and "export" not in err


def test_plan_show_takes_the_version_as_a_plain_number(
    store: CaseStore, draft_after_agreed: str, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert run(store, "plan", "show", "Sam", "1") == 0
    by_number = capsysbinary.readouterr().out
    assert run(store, "plan", "show", "Sam", "--version", "1") == 0
    assert capsysbinary.readouterr().out == by_number
    assert "Version 1. Agreed in part together on" in " ".join(by_number.decode().split())


def test_plan_show_refuses_two_different_versions(
    store: CaseStore, draft_after_agreed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(store, "plan", "show", "Sam", "1", "--version", "2") == 2
    out, err = capsys.readouterr()
    assert out == "" and "Two different versions" in err


def test_export_defaults_to_the_latest_agreed_version_and_says_so(
    store: CaseStore, draft_after_agreed: str, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert run(store, "export", "Sam", "--format", "json", "--for", "person") == 0
    out, err = capsysbinary.readouterr()
    data = json.loads(out)
    assert data["number"] == 1 and data["state"]["status"] == "agreed"
    assert b"Exported plan version 1 (the latest agreed version)" in err
    assert b"newer draft, not agreed (version 2); add --version 2" in err


def test_export_with_nothing_agreed_refuses_and_says_how_to_choose(
    store: CaseStore, only_a_draft: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(store, "export", "Sam", "--format", "txt", "--for", "person") == 3
    out, err = capsys.readouterr()
    assert out == ""
    assert "No version of this plan has been agreed yet" in err and "--version 1" in err
    assert _exports(store, only_a_draft) == []


def test_a_draft_asked_for_is_exported_marked_and_audited_as_a_draft(
    store: CaseStore, only_a_draft: str, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert run(store, "export", "Sam", "1", "--format", "md", "--for", "person") == 0
    text = capsysbinary.readouterr().out.decode()
    assert text.startswith("> **DRAFT – NOT AGREED YET.**")
    assert "Agreed together" not in text
    [exported] = _exports(store, only_a_draft)
    assert (exported["plan_version"], exported["plan_state"]) == (1, "draft")


def test_export_into_an_existing_folder_writes_a_named_file(
    store: CaseStore, agreed: str, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    assert (
        run(store, "export", agreed, "--format", "html", "--for", "person", "-o", str(folder)) == 0
    )
    assert [p.name for p in folder.iterdir()] == ["plan-v2.html"]
    assert _exports(store, agreed)[-1]["destination"] == str(folder / "plan-v2.html")


def test_export_into_a_folder_never_replaces_a_file(
    store: CaseStore, agreed: str, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "plan-v2.md").write_text("keep me")
    assert (
        run(store, "export", agreed, "--format", "md", "--for", "person", "-o", f"{folder}/") == 0
    )
    assert (folder / "plan-v2.md").read_text() == "keep me"
    assert (folder / "plan-v2-2.md").read_text("utf-8").startswith("# Relationship plan")


def test_export_to_a_new_path_ending_in_a_slash_makes_the_folder(
    store: CaseStore, agreed: str, tmp_path: Path
) -> None:
    folder = tmp_path / "new" / "exports"
    assert (
        run(store, "export", agreed, "1", "--format", "fhir", "--for", "person", "-o", f"{folder}/")
        == 0
    )
    assert [p.name for p in folder.iterdir()] == ["plan-v1.fhir.json"]


def test_a_folder_made_for_an_export_is_owner_only(
    store: CaseStore, agreed: str, tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    assert (
        run(store, "export", agreed, "1", "--format", "md", "--for", "person", "-o", f"{folder}/")
        == 0
    )
    assert folder.stat().st_mode & 0o777 == 0o700


def test_the_demo_exports_say_agreed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "find_chromium", lambda: None)
    out = tmp_path / "demo"
    assert main(["demo", "--data-dir", str(tmp_path / "data"), "-o", str(out)]) == 0
    text = " ".join((out / "plan-v2.txt").read_text("utf-8").split())
    assert "Version 2. Agreed together on" in text and "DRAFT" not in text


def test_plan_diff_says_which_version_is_a_draft(
    store: CaseStore, draft_after_agreed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(store, "plan", "diff", "Sam", "1", "2") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Version 1: Agreed in part together on ")
    assert lines[1].startswith("Version 2: Draft: not agreed yet. Saved on ")


# -- for whom (issue 13 §2) -------------------------------------------------------------------
# The demo person chose the care team and said "What I said about Mum." must not be shared
# (version 1); at the review (version 2) they chose the care team and the GP.


def test_export_without_for_says_whom_the_person_agreed_to(
    store: CaseStore, agreed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(store, "export", agreed, "--format", "txt") == 10
    err = capsys.readouterr().err
    assert "Say whom the copy is for with --for" in err
    assert "their own copy, the care team and their GP" in err
    with store.open(agreed) as case:
        assert not [e for e in case.audit_events() if e["kind"] == "exported"]


def test_export_for_someone_not_chosen_is_refused(
    store: CaseStore, agreed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(store, "export", agreed, "--format", "txt", "--for", "Dan") == 10
    captured = capsys.readouterr()
    assert 'did not agree to share the plan with "Dan"' in captured.err
    assert "Nothing was exported" in captured.err
    assert captured.out == ""


def test_export_for_the_team_leaves_out_the_private_words_and_audits_for_whom(
    store: CaseStore, agreed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(store, "export", agreed, "1", "--format", "txt", "--for", "team") == 0
    captured = capsys.readouterr()
    assert "What I said about Mum." not in captured.out
    assert "for the care team" in captured.err
    with store.open(agreed) as case:
        [event] = [e for e in case.audit_events() if e["kind"] == "exported"]
    assert (event["audience"], event["withheld"]) == ("team", True)
    assert run(store, "audit", agreed) == 0
    assert 'audience="team"' in capsys.readouterr().out


def test_a_copy_for_the_team_reminds_the_worker_what_must_not_be_shared_without_the_words(
    store: CaseStore, agreed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(store, "export", agreed, "1", "--format", "txt", "--for", "team") == 0
    captured = capsys.readouterr()
    assert "The person said what must not be shared (in their own copy)." in captured.err
    assert f"`cpi-assistant plan show {agreed} 1` shows them." in captured.err
    assert "What I said about Mum." not in captured.err + captured.out


def test_the_persons_own_copy_has_no_reminder_of_what_must_not_be_shared(
    store: CaseStore, agreed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(store, "export", agreed, "1", "--format", "txt", "--for", "person") == 0
    assert "must not be shared" not in capsys.readouterr().err


def test_export_for_the_person_has_their_private_words(
    store: CaseStore, agreed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(store, "export", agreed, "1", "--format", "txt", "--for", "person") == 0
    assert "What I said about Mum." in capsys.readouterr().out
    with store.open(agreed) as case:
        [event] = [e for e in case.audit_events() if e["kind"] == "exported"]
    assert (event["audience"], event["withheld"]) == ("person", False)


def test_export_for_the_gp_when_chosen(
    store: CaseStore, agreed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(store, "export", agreed, "--format", "md", "--for", "My GP") == 0
    with store.open(agreed) as case:
        [event] = [e for e in case.audit_events() if e["kind"] == "exported"]
    assert (event["audience"], event["audience_name"]) == ("named", "GP")


def test_a_plan_without_agency_details_shows_todays_settings(
    store: CaseStore,
    person: str,
    meetings: Meetings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    # A version agreed before plans kept the agency's details (no content, so none copied).
    with store.open(person) as case:
        assert agree_plan(case, meetings.first.data, meetings.first.log).agency is None
    own = tmp_path / "agency.yaml"
    own.write_text(
        "organisation: Hollins Lane Support Team\n"
        "crisis:\n  - name: Hollins crisis line\n    phone: 0161 000 0000\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("CPI_AGENCY_FILE", str(own))
    assert run(store, "export", person, "--format", "md", "--for", "person") == 0
    out = capsysbinary.readouterr().out.decode()
    assert "Hollins crisis line" in out
    assert "0161 000 0000" in out


# The agency replaced its crisis line after the plans were agreed (with the shipped example).
TODAYS_AGENCY = (
    "organisation: Hollins Lane Support Team\n"
    "crisis:\n  - name: Hollins crisis line\n    phone: 0161 000 0000\n"
)
TODAYS_NOTE = b"The contact numbers printed are today's; the plan was made with different ones."


@pytest.mark.parametrize(
    "command",
    [("export", "PERSON", "--format", "md", "--for", "person"), ("plan", "show", "PERSON")],
    ids=["export", "plan show"],
)
def test_a_readable_copy_prints_today_s_numbers_and_tells_the_worker(
    store: CaseStore,
    agreed: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
    command: tuple[str, ...],
) -> None:
    own = tmp_path / "agency.yaml"
    own.write_text(TODAYS_AGENCY, encoding="utf-8")
    monkeypatch.setenv("CPI_AGENCY_FILE", str(own))
    assert run(store, *(agreed if arg == "PERSON" else arg for arg in command)) == 0
    out, err = capsysbinary.readouterr()
    assert b"Hollins crisis line: phone 0161 000 0000." in out
    assert b"0808 157 0123" not in out  # the crisis line the plan was made with
    assert TODAYS_NOTE in err


def test_json_is_the_version_as_saved_and_needs_no_note(
    store: CaseStore,
    agreed: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    own = tmp_path / "agency.yaml"
    own.write_text(TODAYS_AGENCY, encoding="utf-8")
    monkeypatch.setenv("CPI_AGENCY_FILE", str(own))
    assert run(store, "export", agreed, "--format", "json", "--for", "person") == 0
    out, err = capsysbinary.readouterr()
    crisis = json.loads(out)["agency"]["crisis"]
    assert crisis[0]["phone"] == "0808 157 0123"
    assert TODAYS_NOTE not in err


def test_the_same_numbers_as_the_plan_s_need_no_note(
    store: CaseStore, agreed: str, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert run(store, "export", agreed, "--format", "md", "--for", "person") == 0
    out, err = capsysbinary.readouterr()
    assert b"0808 157 0123" in out
    assert TODAYS_NOTE not in err


@pytest.mark.parametrize("fmt", ["txt", "md", "html", "easy", "fhir"])
def test_an_agency_file_with_errors_is_said_and_the_copy_uses_the_plan_s_details(
    store: CaseStore,
    agreed: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
    fmt: str,
) -> None:
    # A worker's name over 200 characters: `cpi-assistant agency` reports it and meetings
    # are blocked, but the export was silent and printed the plan's own details.
    own = tmp_path / "agency.yaml"
    own.write_text(f"{TODAYS_AGENCY}worker:\n  name: {'J' * 210}\n", encoding="utf-8")
    monkeypatch.setenv("CPI_AGENCY_FILE", str(own))
    out_file = tmp_path / f"copy.{fmt}"
    assert (
        run(store, "export", agreed, "--for", "person", "--format", fmt, "-o", str(out_file)) == 0
    )
    err = capsysbinary.readouterr().err.decode()
    assert "agency.yaml:6:9: A100 `name` is too long: at most 200 characters" in err
    assert (
        f"warning: the agency details in {own} (set by CPI_AGENCY_FILE) have errors, so "
        "meetings cannot start until they are fixed, and this copy uses the agency details "
        "saved with plan version 2" in err
    )
    assert "0808 157 0123" in out_file.read_text(encoding="utf-8")  # the plan's crisis line


def _agree_with_worker_actions(
    store: CaseStore,
    content: Content,
    name: str,
    data: dict[str, object],
    share_with: tuple[str, ...] = ("care_team",),
) -> str:
    person = store.create_person(name)
    both = {
        "person_agrees": "yes",
        "worker_agrees": "yes",
        "date": "2026-03-03",
        "share_with": list(share_with),
    }
    with store.open(person) as case:
        agree_plan(case, {**data, "agreement": both}, [], content=content)
    return person


def test_plan_directory_leads_lists_what_workers_marked_without_names(
    store: CaseStore, content: Content, capsys: pytest.CaptureFixture[str]
) -> None:
    ring = {
        "id": "w1",
        "what": "Ring the allotment society",
        "status": "done",
        "found_out": "Open day on the first Saturday.",
        "add_to_directory": True,
    }
    kept = {"id": "w2", "what": "Ask Dev about the garden", "add_to_directory": True}
    unmarked = {"id": "w3", "what": "Find the bus times"}
    _agree_with_worker_actions(
        store, content, "Sam", {"worker_journey": {"actions": [ring, unmarked]}}
    )
    # Kept private by the person: not listed for other staff.
    _agree_with_worker_actions(
        store,
        content,
        "Jo",
        {"worker_journey": {"actions": [kept]}, "sharing": {"private": ["item:w2"]}},
    )
    assert run(store, "plan", "directory-leads") == 0
    out = capsys.readouterr().out
    assert "Worth adding to the community directory (1):" in out
    assert "- Ring the allotment society: Open day on the first Saturday. (Done, plan of " in out
    assert "Find the bus times" not in out
    assert "Ask Dev" not in out
    assert "Sam" not in out and "Jo" not in out


def test_plan_directory_leads_leaves_out_plans_not_shared_with_the_care_team(
    store: CaseStore, content: Content, capsys: pytest.CaptureFixture[str]
) -> None:
    swim = {"id": "w1", "what": "Otters swim club, Tue 7pm", "add_to_directory": True}
    person = _agree_with_worker_actions(
        store, content, "Sam", {"worker_journey": {"actions": [swim]}}, share_with=("gp",)
    )
    # The same rule as a copy for the team: refused for this plan.
    assert run(store, "export", person, "--format", "md", "--for", "team") != 0
    capsys.readouterr()
    assert run(store, "plan", "directory-leads") == 0
    out = capsys.readouterr().out
    assert "Otters" not in out
    assert "Nothing marked to add to the community directory yet." in out
    assert "Left out: leads in 1 plan(s) the person did not agree to share" in out


def test_plan_directory_leads_help_does_not_promise_no_names(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["plan", "directory-leads", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "(no names)" not in out
    assert "the worker's words are printed as written" in out


def test_plan_directory_leads_says_when_there_are_none(
    store: CaseStore, content: Content, capsys: pytest.CaptureFixture[str]
) -> None:
    unmarked = {"id": "w3", "what": "Find the bus times"}
    _agree_with_worker_actions(store, content, "Sam", {"worker_journey": {"actions": [unmarked]}})
    assert run(store, "plan", "directory-leads") == 0
    assert "Nothing marked to add to the community directory yet." in capsys.readouterr().out


# -- a person kept private but named elsewhere (walk fix F3) ------------------------------------


def _ann_kept_private(store: CaseStore, content: Content) -> str:
    return _agree_with_worker_actions(
        store,
        content,
        "Kit",
        {
            "network": {"people": [{"id": "p1", "name": "Ann"}]},
            "about": {"good_week": "Coffee with Ann on Sunday."},
            "sharing": {"private": ["item:p1"]},
        },
    )


def test_export_for_the_team_naming_a_private_person_is_refused_and_says_where(
    store: CaseStore, content: Content, capsys: pytest.CaptureFixture[str]
) -> None:
    person = _ann_kept_private(store, content)
    assert run(store, "export", person, "--format", "txt", "--for", "team") == 10
    captured = capsys.readouterr()
    assert "Ann is kept private but is named in: A good week." in captured.err
    assert "--include-named" in captured.err
    assert captured.out == ""
    with store.open(person) as case:
        assert not [e for e in case.audit_events() if e["kind"] == "exported"]


def test_export_with_include_named_makes_the_copy_and_warns(
    store: CaseStore, content: Content, capsys: pytest.CaptureFixture[str]
) -> None:
    person = _ann_kept_private(store, content)
    args = ("export", person, "--format", "txt", "--for", "team", "--include-named")
    assert run(store, *args) == 0
    captured = capsys.readouterr()
    assert "Coffee with Ann" in captured.out
    assert "warning: Ann is kept private but is named in: A good week." in captured.err


def test_export_with_include_named_is_recorded_as_overriding_the_warning(
    store: CaseStore, content: Content, capsys: pytest.CaptureFixture[str]
) -> None:
    person = _ann_kept_private(store, content)
    assert run(store, "export", person, "--format", "txt", "--for", "team", "--include-named") == 0
    with store.open(person) as case:
        exported = [e for e in case.audit_events() if e["kind"] == "exported"]
    assert [e.get("include_named") for e in exported] == [True]
    capsys.readouterr()
    assert run(store, "audit", person) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if "exported" in x)
    assert "naming someone the person keeps private (the warning was overridden)" in line


def test_an_export_with_no_warning_to_override_is_not_recorded_as_overriding(
    store: CaseStore, content: Content, capsys: pytest.CaptureFixture[str]
) -> None:
    person = _ann_kept_private(store, content)
    assert run(store, "export", person, "--format", "txt", "--for", "person") == 0
    with store.open(person) as case:
        exported = [e for e in case.audit_events() if e["kind"] == "exported"]
    assert len(exported) == 1 and "include_named" not in exported[0]


def test_a_drafts_copy_for_the_gp_is_refused_until_it_is_agreed(
    store: CaseStore, draft_after_agreed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Version 2, the draft, is shared with the GP in Closing; version 1 is not.
    assert run(store, "export", "Sam", "2", "--format", "txt", "--for", "gp") == 10
    captured = capsys.readouterr()
    assert "This plan is a draft, not agreed yet" in captured.err
    assert "Agree the plan together first" in captured.err
    assert "Closing topic" not in captured.err  # the GP was chosen: agreeing is what waits
    assert captured.out == ""
    assert _exports(store, draft_after_agreed) == []


def test_copies_for_different_readers_are_different_fhir_documents(
    store: CaseStore, agreed: str, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    # The person's full copy and the team's had one Bundle.identifier: a records system
    # could keep either as "the" document.
    found = {}
    for reader in ("person", "team", "person"):
        assert run(store, "export", agreed, "--format", "fhir", "--for", reader) == 0
        bundle = json.loads(capsysbinary.readouterr().out)
        found.setdefault(reader, set()).add(bundle["identifier"]["value"])
    assert len(found["person"]) == 1  # the same copy again: the same document
    assert found["person"] != found["team"]


# -- the changes as one reader's copy shows them ------------------------------------------------


def _private_goal_added(store: CaseStore, content: Content) -> str:
    """Version 1 with one goal; version 2 adds a goal the person keeps private."""
    walk = {"id": "g1", "what": "Go to the walking group"}
    secret = {"id": "g2", "what": "Tell my sister about the debt"}
    both = {"person_agrees": "yes", "worker_agrees": "yes", "share_with": ["care_team"]}
    person = store.create_person("Lin")
    with store.open(person) as case:
        agree_plan(case, {"goals": {"list": [walk]}, "agreement": both}, [], content=content)
        second = {
            "goals": {"list": [walk, secret]},
            "agreement": both,
            "sharing": {"private": ["item:g2"]},
        }
        agree_plan(case, second, [], content=content)
    return person


def test_plan_diff_for_the_team_leaves_out_a_private_change(
    store: CaseStore, content: Content, capsys: pytest.CaptureFixture[str]
) -> None:
    person = _private_goal_added(store, content)
    assert run(store, "plan", "diff", person, "1", "2", "--for", "team") == 0
    assert "Tell my sister" not in capsys.readouterr().out


def test_plan_diff_without_for_has_everything_and_says_so(
    store: CaseStore, content: Content, capsys: pytest.CaptureFixture[str]
) -> None:
    person = _private_goal_added(store, content)
    assert run(store, "plan", "diff", person, "1", "2") == 0
    captured = capsys.readouterr()
    assert '+ goal "Tell my sister about the debt"' in captured.out
    assert "with what the person keeps private" in captured.err


def test_plan_diff_for_the_team_does_not_show_a_goal_made_private_since(
    store: CaseStore, content: Content, capsys: pytest.CaptureFixture[str]
) -> None:
    # Shared in version 1, private in version 2: not "removed", and its words not printed.
    debt = {"id": "g2", "what": "Pay off the debt to my sister"}
    both = {"person_agrees": "yes", "worker_agrees": "yes", "share_with": ["care_team"]}
    person = store.create_person("Lin")
    with store.open(person) as case:
        agree_plan(case, {"goals": {"list": [debt]}, "agreement": both}, [], content=content)
        private = {"private": ["item:g2"]}
        agree_plan(
            case,
            {"goals": {"list": [debt]}, "agreement": both, "sharing": private},
            [],
            content=content,
        )
    assert run(store, "plan", "diff", person, "1", "2", "--for", "team") == 0
    out = capsys.readouterr().out
    assert "debt" not in out
    assert "- goal: no longer in this copy" in out


def test_plan_diff_for_the_team_shows_a_goal_shared_since_as_added(
    store: CaseStore, content: Content, capsys: pytest.CaptureFixture[str]
) -> None:
    # Private in version 1, shared in version 2: the team never saw it or its action, so
    # its action's status is not a change to them, the goal is new to their copy.
    text = {"id": "a1", "what": "Text Mum on Saturday"}
    mum = {"id": "g1", "what": "See Mum every Sunday", "actions": [text]}
    done = {**mum, "actions": [{**text, "status": "done"}]}
    both = {"person_agrees": "yes", "worker_agrees": "yes", "share_with": ["care_team"]}
    person = store.create_person("Lin")
    with store.open(person) as case:
        first = {"goals": {"list": [mum]}, "agreement": both, "sharing": {"private": ["item:g1"]}}
        agree_plan(case, first, [], content=content)
        second = {"goals": {"list": [done]}, "agreement": both, "sharing": {"private": []}}
        agree_plan(case, second, [], content=content)
    assert run(store, "plan", "diff", person, "1", "2", "--for", "team") == 0
    out = capsys.readouterr().out
    assert '+ goal "See Mum every Sunday"' in out
    assert "status" not in out


@pytest.mark.parametrize("reader", ["team", "gp"])
def test_plan_diff_for_a_reader_does_not_name_who_was_taken_off(
    store: CaseStore, content: Content, capsys: pytest.CaptureFixture[str], reader: str
) -> None:
    # The team's and the GP's copies of version 2 do not say Joan was taken off (only the
    # person's own copy does): the changes as those copies show them do not name her either.
    both = {"person_agrees": "yes", "worker_agrees": "yes", "share_with": ["care_team", "gp"]}
    joan = {"id": "p1", "name": "Joan from choir", "circle": 3}
    person = store.create_person("Lin")
    with store.open(person) as case:
        first = {"network": {"people": [joan]}, "agreement": both}
        agree_plan(case, first, [], content=content)
        agree_plan(case, {"network": {"people": []}, "agreement": both}, [], content=content)
    assert run(store, "plan", "diff", person, "1", "2", "--for", reader) == 0
    out = capsys.readouterr().out
    assert "Joan" not in out
    assert "- person: no longer in this copy" in out


def test_plan_diff_for_someone_not_chosen_is_refused(
    store: CaseStore, content: Content, capsys: pytest.CaptureFixture[str]
) -> None:
    person = _private_goal_added(store, content)
    assert run(store, "plan", "diff", person, "1", "2", "--for", "gp") == 10
    captured = capsys.readouterr()
    assert "did not agree to share the plan with" in captured.err
    assert captured.out == ""


def test_plan_list_counts_the_goals_worked_on_apart_from_those_closed(
    store: CaseStore, content: Content, capsys: pytest.CaptureFixture[str]
) -> None:
    goals = [
        {"id": "g1", "what": "Walk", "actions": [{"id": "a1", "what": "Find the group"}]},
        {"id": "g2", "what": "Choir", "next": "finished", "actions": [{"id": "a2", "what": "Go"}]},
        {"id": "g3", "what": "Texts", "next": "let_go"},
    ]
    person = _agree_with_worker_actions(store, content, "Lin", {"goals": {"list": goals}})
    assert run(store, "plan", "list", person) == 0
    line = capsys.readouterr().out.splitlines()[1]
    assert line.endswith("1 goal(s), 1 action(s) (2 more finished or let go)")


def test_plan_diff_to_a_draft_says_the_agreement_is_not_given_yet(
    store: CaseStore,
    person: str,
    meetings: Meetings,
    content: Content,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "the person agrees: Mostly → left blank" read as agreement taken back.
    with store.open(person) as case:
        first = agree_plan(case, meetings.first.data, meetings.first.log, content=content)
        data = {**meetings.review.data, "agreement": {}}
        review = build_plan(data, meetings.review.log, first, content=content)
        case.add_plan_version(review.to_json(), agreed=False)
    assert run(store, "plan", "diff", person, "1", "2") == 0
    out = capsys.readouterr().out
    assert "~ the person agrees: Mostly → not given: version 2 is a draft" in out
    assert "the person agrees: Mostly → left blank" not in out


def test_copies_for_two_named_people_in_one_folder_are_told_apart(
    store: CaseStore, content: Content, tmp_path: Path
) -> None:
    # Both were plan-v1-shared.txt (the second -2): no telling which was whose.
    person = store.create_person("Sam")
    agreement = {
        "person_agrees": "yes",
        "worker_agrees": "yes",
        "date": "2026-03-03",
        "share_with": ["family"],
        "share_who": "Ama and سارة",
    }
    with store.open(person) as case:
        agree_plan(case, {"agreement": agreement}, [], content=content)
    folder = tmp_path / "out"
    for who in ("Ama", "سارة"):
        args = ("export", person, "--format", "txt", "--for", who, "-o", f"{folder}/")
        assert run(store, *args) == 0
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 2
    for name in names:  # a code for each, never the name (file names hold no personal details)
        assert re.fullmatch(r"plan-v1-for-named-[0-9a-f]{6}\.txt", name), names
