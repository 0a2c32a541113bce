"""`plan agree` of a plan its meeting saved as "Save, not agreed yet": the pair's choice is
not overridden; agreeing it later says who agreed, how and that it was after the meeting."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from plan_support import Meetings

from assistant.cli import main
from assistant.cli.records import EXIT_CANCELLED, EXIT_USAGE
from assistant.dates import local_day
from assistant.flows.loader import Content
from assistant.plans.from_session import build_plan
from assistant.plans.model import PlanState
from assistant.plans.state import long_day, state_easy_words, state_of, state_words
from assistant.plans.versions import agree_plan, versions
from assistant.records import CaseStore


@pytest.fixture
def saved_not_agreed(store: CaseStore, person: str, meetings: Meetings, content: Content) -> str:
    """A first meeting where both said yes in Closing, closed with "Save, not agreed yet"."""
    plan = build_plan(meetings.first.data, meetings.first.log, content=content, session="m1")
    with store.open(person) as case:
        case.save_session("m1", meetings.first.to_state(), meetings.first.log)
        version = case.add_plan_version(plan.to_json(), agreed=False, session_id="m1")
        case.audit("meeting_closed", session="m1", plan_version=version, agreed=False)
    return person


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(store: CaseStore, *args: str) -> int:
    return main([*args, "--data-dir", str(store.root)])


def _agreed_events(store: CaseStore, person: str) -> list[dict]:
    with store.open(person) as case:
        return [e for e in case.audit_events() if e["kind"] == "plan_agreed"]


def test_plan_agree_without_a_terminal_or_options_does_not_override_not_agreed(
    store: CaseStore,
    saved_not_agreed: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert run(store, "plan", "agree", saved_not_agreed) == EXIT_CANCELLED
    assert "saved as version 1, not agreed yet" in capsys.readouterr().err
    assert _agreed_events(store, saved_not_agreed) == []


def test_plan_agree_with_who_and_how_records_it_was_agreed_after_the_meeting(
    store: CaseStore, saved_not_agreed: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    args = ("plan", "agree", saved_not_agreed, "--agreed-by", "both", "--how", "phone")
    assert run(store, *args) == 0
    with store.open(saved_not_agreed) as case:
        draft = case.plan_versions()[0]
    [event] = _agreed_events(store, saved_not_agreed)
    assert (event["version"], event["by"], event["how"], event["after_meeting"]) == (
        2,
        "both",
        "phone",
        draft["at"],
    )


def test_plan_agree_at_a_terminal_asks_who_agreed_and_how(
    store: CaseStore,
    saved_not_agreed: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdin", _Terminal("yes\n4\n\n"))
    assert run(store, "plan", "agree", saved_not_agreed) == 0
    out = capsys.readouterr().out
    assert "Have Sam and the worker both agreed to this plan since the meeting?" in out
    assert [e["how"] for e in _agreed_events(store, saved_not_agreed)] == ["writing"]


def test_plan_agree_at_a_terminal_without_a_yes_agrees_nothing(
    store: CaseStore, saved_not_agreed: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", _Terminal("no\n"))
    assert run(store, "plan", "agree", saved_not_agreed) == EXIT_CANCELLED
    assert _agreed_events(store, saved_not_agreed) == []


def test_plan_agree_options_are_refused_for_a_meeting_that_did_not_save_a_draft(
    store: CaseStore, person: str, meetings: Meetings, capsys: pytest.CaptureFixture[str]
) -> None:
    # Otherwise the record would read "agreed together" for what was said to be later.
    with store.open(person) as case:
        case.save_session("m1", meetings.first.to_state(), meetings.first.log)
    assert run(store, "plan", "agree", person, "--agreed-by", "both", "--how", "video") == 1
    assert "--agreed-by, --how and --on are for a plan" in capsys.readouterr().err


def test_the_audit_trail_says_the_plan_was_agreed_after_the_meeting(
    store: CaseStore,
    saved_not_agreed: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    run(store, "plan", "agree", saved_not_agreed, "--agreed-by", "both", "--how", "video")
    capsys.readouterr()
    assert run(store, "audit", saved_not_agreed) == 0
    out = capsys.readouterr().out
    assert re.search(r"plan agreed after the meeting of \d{4}-\d\d-\d\d, on a video call", out)


def test_the_persons_copy_says_the_plan_was_agreed_after_the_meeting(
    store: CaseStore, saved_not_agreed: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    run(store, "plan", "agree", saved_not_agreed, "--agreed-by", "both", "--how", "phone")
    target = tmp_path / "plan.txt"
    args = ("export", saved_not_agreed, "--format", "txt", "--for", "person", "-o", str(target))
    assert run(store, *args) == 0
    text = " ".join(target.read_text(encoding="utf-8").split())  # lines wrapped at 80
    # (The demo's first meeting has a "mostly": agreed in part.)
    assert re.search(r"Agreed (in part )?on the phone on .+, after the meeting of .+, by you", text)


AGREED_LATER = {
    "version": 2,
    "at": "2026-12-09T10:00:00+00:00",
    "agreed": True,
    "agreed_after": "2026-12-07T15:00:00+00:00",
    "agreed_how": "phone",
}


def test_a_version_agreed_after_its_meeting_says_how_when_and_after_which_meeting() -> None:
    state = state_of(AGREED_LATER, "Priya Patel")
    assert state_words(state, "Sam") == (
        "Agreed on the phone on 9 December 2026, after the meeting of 7 December 2026, by "
        "Sam and Priya Patel, their worker."
    )


def test_the_easy_read_says_the_plan_was_agreed_after_the_meeting() -> None:
    state = state_of(AGREED_LATER, "Priya Patel")
    assert state_easy_words(state) == (
        "You and your worker, Priya Patel, agreed this plan on the phone on 9 December "
        "2026, after your meeting of 7 December 2026."
    )


def test_a_version_agreed_at_its_meeting_still_reads_together() -> None:
    state = PlanState(status="agreed", agreed_at="2026-12-07T15:00:00+00:00", agreed_by="both")
    assert state_words(state, "Sam") == "Agreed together on 7 December 2026 by Sam and the worker."


def test_plan_agree_of_a_meeting_agreed_already_adds_no_second_version(
    store: CaseStore,
    person: str,
    meetings: Meetings,
    content: Content,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A second agreed version would read "agreed on <today>" for what was agreed then.
    with store.open(person) as case:
        case.save_session("m1", meetings.first.to_state(), meetings.first.log)
        agree_plan(case, meetings.first.data, meetings.first.log, content=content, session_id="m1")
    assert run(store, "plan", "agree", person) == 1
    assert "agreed already: version 1" in capsys.readouterr().err
    assert len(_agreed_events(store, person)) == 1


def test_a_plan_agreed_after_its_meeting_keeps_saying_so_on_another_computer(
    store: CaseStore, saved_not_agreed: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    run(store, "plan", "agree", saved_not_agreed, "--agreed-by", "both", "--how", "writing")
    source = tmp_path / "plan.json"
    args = ("export", saved_not_agreed, "--format", "json", "--for", "person", "-o", str(source))
    assert run(store, *args) == 0
    other = CaseStore(tmp_path / "other-laptop")
    assert run(other, "import", str(source), "--new") == 0
    [summary] = other.list_people()
    case = other.read(summary.id)
    try:
        [copy] = versions(case)
    finally:
        case.close()
    meeting = json.loads(source.read_text("utf-8"))["state"]["agreed_after"]
    assert (copy.state.agreed_how, copy.state.agreed_after) == ("writing", meeting)


def _saved_without_a_yes(
    store: CaseStore, person: str, meetings: Meetings, content: Content, said: str | None
) -> str:
    """A first meeting where the person said ``said`` in Closing (None: "Not today"), closed
    with "Save, not agreed yet"."""
    state = meetings.first.to_state()
    if said is None:
        del state["data"]["agreement"]["person_agrees"]
    else:
        state["data"]["agreement"]["person_agrees"] = said
    plan = build_plan(state["data"], meetings.first.log, content=content, session="m1")
    with store.open(person) as case:
        case.save_session("m1", state, meetings.first.log)
        version = case.add_plan_version(plan.to_json(), agreed=False, session_id="m1")
        case.audit("meeting_closed", session="m1", plan_version=version, agreed=False)
    return person


def test_plan_agree_after_not_today_at_the_meeting_agrees_it_when_both_confirm(
    store: CaseStore,
    person: str,
    meetings: Meetings,
    content: Content,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _saved_without_a_yes(store, person, meetings, content, None)
    monkeypatch.setattr("sys.stdin", _Terminal("y\n2\n\n"))
    assert run(store, "plan", "agree", person) == 0
    assert [e["how"] for e in _agreed_events(store, person)] == ["phone"]


def test_a_plan_agreed_after_the_meeting_keeps_what_the_person_said_there(
    store: CaseStore,
    person: str,
    meetings: Meetings,
    content: Content,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _saved_without_a_yes(store, person, meetings, content, "no")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    args = ("plan", "agree", person, "--agreed-by", "both", "--how", "video")
    assert run(store, *args) == 0
    with store.open(person) as case:
        latest = versions(case)[-1]
    assert (latest.agreed, latest.plan.agreement.person_agrees.code) == (True, "no")


def test_plan_agree_says_first_that_the_person_said_no_at_the_meeting(
    store: CaseStore,
    person: str,
    meetings: Meetings,
    content: Content,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _saved_without_a_yes(store, person, meetings, content, "no")
    monkeypatch.setattr("sys.stdin", _Terminal("no\n"))
    run(store, "plan", "agree", person)
    assert "saved as version 1, not agreed yet: Sam said no to it." in capsys.readouterr().out


def test_a_plan_agreed_after_not_today_at_its_meeting_imports_as_agreed(
    store: CaseStore,
    person: str,
    meetings: Meetings,
    content: Content,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _saved_without_a_yes(store, person, meetings, content, None)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    run(store, "plan", "agree", person, "--agreed-by", "both", "--how", "writing")
    source = tmp_path / "plan.json"
    args = ("export", person, "--format", "json", "--for", "person", "-o", str(source))
    assert run(store, *args) == 0
    other = CaseStore(tmp_path / "other-laptop")
    assert run(other, "import", str(source), "--new") == 0
    [summary] = other.list_people()
    case = other.read(summary.id)
    try:
        [copy] = versions(case)
    finally:
        case.close()
    assert copy.agreed


def _back_dated(store: CaseStore, person: str, days: int) -> dt.date:
    """Move the draft's meeting ``days`` back, as if it was saved then; returns that day."""
    with store.open(person) as case:
        [doc] = case._plans.all()
        at = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
        case._plans.update({"at": at.isoformat()}, doc_ids=[doc.doc_id])
    return at.astimezone().date()


def test_plan_agree_on_a_day_records_that_day_as_the_day_agreed(
    store: CaseStore, saved_not_agreed: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting = _back_dated(store, saved_not_agreed, 5)
    on = meeting + dt.timedelta(days=2)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    args = ("--agreed-by", "both", "--how", "phone", "--on", on.strftime("%d/%m/%Y"))
    assert run(store, "plan", "agree", saved_not_agreed, *args) == 0
    with store.open(saved_not_agreed) as case:
        latest = versions(case)[-1]
    assert latest.state.agreed_at == on.isoformat()
    assert f"on the phone on {long_day(on.isoformat())}, after the meeting" in (
        state_words(latest.state, "Sam")
    )
    [event] = _agreed_events(store, saved_not_agreed)
    assert event["agreed_on"] == on.isoformat()


def test_the_audit_trail_says_the_day_a_plan_was_agreed_after_the_meeting(
    store: CaseStore,
    saved_not_agreed: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    meeting = _back_dated(store, saved_not_agreed, 3)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    on = (meeting + dt.timedelta(days=1)).isoformat()
    run(
        store,
        "plan",
        "agree",
        saved_not_agreed,
        "--agreed-by",
        "both",
        "--how",
        "video",
        "--on",
        on,
    )
    capsys.readouterr()
    assert run(store, "audit", saved_not_agreed) == 0
    assert f"after the meeting of {meeting.isoformat()}, on a video call on {on}" in (
        capsys.readouterr().out
    )


def test_the_fhir_care_plan_starts_on_the_day_it_was_agreed(
    store: CaseStore, saved_not_agreed: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting = _back_dated(store, saved_not_agreed, 4)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    on = (meeting + dt.timedelta(days=1)).isoformat()
    run(
        store,
        "plan",
        "agree",
        saved_not_agreed,
        "--agreed-by",
        "both",
        "--how",
        "phone",
        "--on",
        on,
    )
    target = tmp_path / "plan.json"
    args = ("export", saved_not_agreed, "--format", "fhir", "--for", "person", "-o", str(target))
    assert run(store, *args) == 0
    bundle = json.loads(target.read_text("utf-8"))
    care_plan = bundle["entry"][0]["resource"]  # the plan first (the hard-times plan later)
    assert (care_plan["resourceType"], care_plan["period"]["start"]) == ("CarePlan", on)


@pytest.mark.parametrize(
    ("days", "words"), [(1, "has not come yet"), (-1, "is before the meeting that made this plan")]
)
def test_plan_agree_refuses_a_day_to_come_or_before_the_meeting(
    store: CaseStore,
    saved_not_agreed: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    days: int,
    words: str,
) -> None:
    meeting = _back_dated(store, saved_not_agreed, 2)
    day = (dt.date.today() if days > 0 else meeting) + dt.timedelta(days=days)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    args = ("--agreed-by", "both", "--how", "phone", "--on", day.isoformat())
    assert run(store, "plan", "agree", saved_not_agreed, *args) == EXIT_USAGE
    assert words in capsys.readouterr().err
    assert _agreed_events(store, saved_not_agreed) == []


def test_plan_agree_refuses_an_on_that_is_not_a_date(
    store: CaseStore,
    saved_not_agreed: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    args = ("--agreed-by", "both", "--how", "phone", "--on", "the other day")
    assert run(store, "plan", "agree", saved_not_agreed, *args) == EXIT_USAGE
    assert "--on: that is not a date" in capsys.readouterr().err


def test_plan_agree_at_a_terminal_asks_the_day_and_asks_again_after_one_to_come(
    store: CaseStore,
    saved_not_agreed: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _back_dated(store, saved_not_agreed, 3)
    monkeypatch.setattr("sys.stdin", _Terminal("yes\n2\ntomorrow\nyesterday\n"))
    assert run(store, "plan", "agree", saved_not_agreed) == 0
    out = capsys.readouterr().out
    assert "On which day did you agree it? Press Enter for today" in out
    assert "has not come yet" in out
    yesterday = dt.date.today() - dt.timedelta(days=1)
    assert [e["agreed_on"] for e in _agreed_events(store, saved_not_agreed)] == [
        yesterday.isoformat()
    ]


def test_plan_agree_at_a_terminal_agrees_today_when_enter_is_pressed(
    store: CaseStore, saved_not_agreed: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", _Terminal("yes\n2\n\n"))
    assert run(store, "plan", "agree", saved_not_agreed) == 0
    with store.open(saved_not_agreed) as case:
        latest = versions(case)[-1]
    assert local_day(latest.state.agreed_at) == dt.date.today()


def test_plan_agree_on_is_refused_for_a_meeting_that_did_not_save_a_draft(
    store: CaseStore, person: str, meetings: Meetings, capsys: pytest.CaptureFixture[str]
) -> None:
    with store.open(person) as case:
        case.save_session("m1", meetings.first.to_state(), meetings.first.log)
    assert run(store, "plan", "agree", person, "--on", "yesterday") == 1
    assert "--on are for a plan its meeting saved as not agreed yet" in capsys.readouterr().err
