"""``cpi-assistant export-all --format html|txt``: the subject access export in words, for the
person to read, beside the JSON (which stays the whole record, for computers)."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
from pathlib import Path

import pytest
from records_support import PASSPHRASE

from assistant.cli import main
from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content
from assistant.marks import TRAINING_WATERMARK
from assistant.plans.autoplay import play_meeting
from assistant.plans.demo_data import demo_meetings
from assistant.plans.versions import agree_plan
from assistant.records import CaseStore, init_store

HOSTILE = '<script>alert(1)</script> {{ 7*7 }} [b]x[/b] & "quoted"'


def _record(
    store: CaseStore,
    content: Content,
    name: str = "Sam",
    worker: dict[str, str] | None = None,
    **answers: str,
) -> str:
    """A person with the demo's first meeting saved (``answers`` by store path over it; with
    ``worker``, the meeting's worker as the app records it) and its plan agreed."""
    (topics, given), _ = demo_meetings(dt.date(2027, 3, 1))
    conv = play_meeting(Conversation(content), topics, {**given, **answers})
    person = store.create_person(name)
    with store.open(person) as case:
        case.save_session("2027-03-01", conv.to_state(), conv.log, worker=worker)
        agree_plan(case, conv.data, conv.log, content=content)
    return person


def _export(store: CaseStore, person: str, fmt: str, target: Path) -> int:
    return main(
        ["export-all", person, "--format", fmt, "-o", str(target), "--data-dir", str(store.root)]
    )


def test_txt_lists_each_meeting_s_questions_and_answers_in_words_and_who_gave_them(
    store: CaseStore, content: Content, tmp_path: Path
) -> None:
    person = _record(store, content)
    target = tmp_path / "sam.txt"
    assert _export(store, person, "txt", target) == 0
    text = target.read_text(encoding="utf-8")
    assert "Meeting 1: " in text
    assert "What matters to me" in text.split("Topics: ", 1)[1].split("\n", 1)[0]
    assert (
        "  Q: What matters most to you right now?\n"
        "  A: My brother Dan, and getting back to playing music. (given by you)"
    ) in text
    assert "  A: Yes (given by you)" in text  # consent to keep a record, in words, not `true`


@pytest.mark.parametrize("fmt", ["txt", "html"])
def test_a_practice_s_readable_export_has_the_watermark_at_the_top_and_the_bottom(
    store: CaseStore, content: Content, tmp_path: Path, fmt: str
) -> None:
    # The txt had it at the top only, though the docs say "top and bottom".
    training = store.training_store()
    practice = _record(training, content, "Stan (fictional, solo practice)")
    target = tmp_path / f"stan.{fmt}"
    args = ["export-all", practice, "--training", "--format", fmt, "-o", str(target)]
    assert main([*args, "--data-dir", str(store.root)]) == 0
    lines = [line for line in target.read_text(encoding="utf-8").splitlines() if line.strip()]
    body = lines[lines.index("<body>") + 1 : lines.index("</body>")] if fmt == "html" else lines
    assert TRAINING_WATERMARK in body[0] and TRAINING_WATERMARK in body[-1]


def test_txt_has_each_plan_version_with_its_state_and_the_audit_trail(
    store: CaseStore, content: Content, tmp_path: Path
) -> None:
    person = _record(store, content)
    target = tmp_path / "sam.txt"
    assert _export(store, person, "txt", target) == 0
    text = target.read_text(encoding="utf-8")
    assert "PLAN VERSIONS (1)\n\nPlan version 1: Agreed in part together on" in text
    assert "RELATIONSHIP PLAN - Sam" in text  # the plan as `plan show` prints it
    audit = text.split("AUDIT TRAIL", 1)[1]
    assert "record created" in audit and "plan agreed" in audit


def test_the_engine_s_internals_are_left_to_the_json(
    store: CaseStore, content: Content, tmp_path: Path
) -> None:
    person = _record(store, content)
    target = tmp_path / "sam.txt"
    assert _export(store, person, "txt", target) == 0
    meetings = target.read_text(encoding="utf-8").split("AUDIT TRAIL", 1)[0]
    for internal in ('"history"', '"visits"', "goals.list.#", "content_hash"):
        assert internal not in meetings


def test_html_escapes_hostile_words_and_shows_them_as_typed(
    store: CaseStore, content: Content, tmp_path: Path
) -> None:
    person = _record(store, content, name=HOSTILE, **{"about.what_matters": HOSTILE})
    target = tmp_path / "sam.html"
    assert _export(store, person, "html", target) == 0
    page = target.read_text(encoding="utf-8")
    assert "<script>" not in page
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} [b]x[/b] &amp; &quot;quoted&quot;"
    assert f"<dd><bdi>{escaped}</bdi>" in page  # the answer, as typed
    assert f"<h1>Everything held about <bdi>{escaped}</bdi></h1>" in page
    # Never a template: wherever the words appear, "{{ 7*7 }}" is as typed, never 49. (Not
    # "49" anywhere: a person's id or a time of day may hold it.)
    assert page.count("alert(1)") == page.count("alert(1)&lt;/script&gt; {{ 7*7 }}") > 0


def test_a_readable_export_is_owner_only_and_audited_as_subject_access(
    store: CaseStore, content: Content, tmp_path: Path
) -> None:
    person = _record(store, content)
    target = tmp_path / "sam.html"
    assert _export(store, person, "html", target) == 0
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o600
    event = store.read(person).audit_events()[-1]
    assert (event["kind"], event["format"], event["purpose"], event["destination"]) == (
        "exported",
        "html",
        "subject access",
        str(target.resolve()),
    )


def test_a_readable_export_never_writes_over_a_file(
    store: CaseStore, content: Content, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    person = _record(store, content)
    target = tmp_path / "exists.html"
    target.write_text("keep me")
    assert _export(store, person, "html", target) == 1
    assert "already exists" in capsys.readouterr().err
    assert target.read_text() == "keep me"


def test_an_encrypted_record_needs_the_passphrase_for_a_readable_export_too(
    tmp_path: Path, content: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, _ = init_store(tmp_path / "data", PASSPHRASE)
    person = _record(store, content)
    monkeypatch.delenv("CPI_PASSPHRASE", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no terminal to ask on
    target = tmp_path / "sam.txt"
    assert _export(store, person, "txt", target) == 5
    assert not target.exists()


def test_json_stays_the_default_and_the_whole_record(
    store: CaseStore, content: Content, capsys: pytest.CaptureFixture[str]
) -> None:
    person = _record(store, content)
    assert main(["export-all", person, "--data-dir", str(store.root)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "cpi-subject-access" and "history" in data["sessions"][0]["state"]


def test_the_audit_trail_names_answers_by_their_questions_not_where_they_are_stored(
    store: CaseStore, content: Content, tmp_path: Path
) -> None:
    person = _record(store, content)
    target = tmp_path / "sam.txt"
    assert _export(store, person, "txt", target) == 0
    audit = target.read_text(encoding="utf-8").split("AUDIT TRAIL", 1)[1]
    assert (
        "answer given  “What matters most to you right now?”  My brother Dan, and getting back "
        "to playing music."
    ) in audit
    assert "“Is it OK to keep a record of what we talk about?”  Yes" in audit  # not `true`
    for internal in ("about.what_matters", "what_matters/", "consent.record", "seq="):
        assert internal not in audit


def test_an_answer_corrected_at_the_person_s_request_says_corrected(
    store: CaseStore, content: Content, tmp_path: Path
) -> None:
    (topics, given), _ = demo_meetings(dt.date(2027, 3, 1))
    conv = play_meeting(Conversation(content), topics, given)
    conv.edit("about.what_matters", "My sister Dee.", by="worker", correction=True)
    person = store.create_person("Sam")
    with store.open(person) as case:
        case.save_session("2027-03-01", conv.to_state(), conv.log)
    target = tmp_path / "sam.txt"
    assert _export(store, person, "txt", target) == 0
    meetings, audit = target.read_text(encoding="utf-8").split("AUDIT TRAIL", 1)
    assert (
        "Corrected from: My brother Dan, and getting back to playing music. (that was a "
        "mistake in the record)."
    ) in meetings
    assert (
        "answer corrected  “What matters most to you right now?”  My brother Dan, and getting "
        "back to playing music. → My sister Dee."
    ) in audit


def test_a_changed_answer_is_given_once_in_the_audit_part(
    store: CaseStore, content: Content, tmp_path: Path
) -> None:
    # The new words were given again after "old → new", in the record's own notation
    # (`(value="My sister Dee.", ...)`).
    (topics, given), _ = demo_meetings(dt.date(2027, 3, 1))
    conv = play_meeting(Conversation(content), topics, given)
    conv.edit("about.what_matters", "My sister Dee.", by="worker")
    person = store.create_person("Sam")
    with store.open(person) as case:
        case.save_session("2027-03-01", conv.to_state(), conv.log)
    target = tmp_path / "sam.txt"
    assert _export(store, person, "txt", target) == 0
    audit = target.read_text(encoding="utf-8").split("AUDIT TRAIL", 1)[1]
    [line] = [line for line in audit.splitlines() if "answer changed" in line]
    assert line.count("My sister Dee.") == 1
    assert "value=" not in line


def test_the_audit_part_names_the_worker_of_each_meeting(
    store: CaseStore, content: Content, tmp_path: Path
) -> None:
    # As `cpi-assistant audit` does: "by worker" alone does not say which worker it was.
    person = _record(store, content, worker={"name": "Priya Patel"})
    target = tmp_path / "sam.txt"
    assert _export(store, person, "txt", target) == 0
    audit = target.read_text(encoding="utf-8").split("AUDIT TRAIL", 1)[1]
    assert "by the worker (Priya Patel)" in audit


def test_the_audit_part_speaks_to_the_person_as_the_answers_do(
    store: CaseStore, content: Content, tmp_path: Path
) -> None:
    # The person's copy said "by person" and "by both (the person and Priya Patel)": the
    # record's own notation. Then "by Zoë", beside its own "your details changed" and "for
    # you": the person's copy spoke of them in the third person and to them at once.
    person = _record(store, content, name="Zoë", worker={"name": "Priya Patel"})
    target = tmp_path / "zoe.txt"
    assert _export(store, person, "txt", target) == 0
    audit = target.read_text(encoding="utf-8").split("AUDIT TRAIL", 1)[1]
    assert "  by you\n" in audit
    assert "by you and the worker (Priya Patel) together" in audit
    assert "by Zoë" not in audit
    assert "by person" not in audit and "by both" not in audit


def test_the_meetings_and_plan_versions_speak_to_the_person(
    store: CaseStore, content: Content, tmp_path: Path
) -> None:
    # Its meetings said "given by Zoë", its plan versions "by Zoë and ..., their worker" and
    # "(said by the person)", in a copy that begins "everything ... holds about you".
    person = _record(store, content, name="Zoë")
    target = tmp_path / "zoe.txt"
    assert _export(store, person, "txt", target) == 0
    text = target.read_text(encoding="utf-8").split("AUDIT TRAIL", 1)[0]
    assert "(given by you)" in text and "(given by you and the worker together)" in text
    assert "(you said)" in text
    [state] = [line for line in text.splitlines() if line.startswith("Plan version 1: ")]
    assert " by you and " in state and "your worker" in state
    for third_person in ("by Zoë", "said by the person", "their worker"):
        assert third_person not in text


def test_the_meetings_name_the_worker_as_the_rest_of_the_copy_does(
    store: CaseStore, content: Content, tmp_path: Path
) -> None:
    # The meetings said "given by you and the worker together" while the audit trail of the
    # same copy said "by you and the worker (Priya Patel) together".
    person = _record(store, content, worker={"name": "Priya Patel"})
    target = tmp_path / "sam.txt"
    assert _export(store, person, "txt", target) == 0
    meetings = target.read_text(encoding="utf-8").split("AUDIT TRAIL", 1)[0]
    assert "(given by you and the worker (Priya Patel) together)" in meetings
    assert "(given by you and the worker together)" not in meetings


def test_a_copy_sent_despite_the_warning_says_you_keep_them_private(
    store: CaseStore, content: Content, tmp_path: Path
) -> None:
    person = _record(store, content)
    with store.open(person) as case:
        case.audit("exported", format="html", audience="team", include_named=True)
    target = tmp_path / "sam.txt"
    assert _export(store, person, "txt", target) == 0
    audit = target.read_text(encoding="utf-8").split("AUDIT TRAIL", 1)[1]
    assert "naming someone you keep private (the warning was overridden)" in audit


def test_the_record_keepers_audit_still_says_who_as_the_record_does(
    store: CaseStore, content: Content, capsys: pytest.CaptureFixture[str]
) -> None:
    person = _record(store, content, name="Zoë")
    assert main(["audit", person, "--data-dir", str(store.root)]) == 0
    trail = capsys.readouterr().out
    assert "by person" in trail and "by you" not in trail


@pytest.mark.parametrize("fmt", ("txt", "html"))
def test_words_typed_but_not_given_are_in_the_readable_copy_too(
    store: CaseStore, content: Content, tmp_path: Path, fmt: str
) -> None:
    # Kept in the record (to be put back in their box), so held about the person: the JSON
    # had them, the copy in words did not.
    person = _record(store, content)
    with store.open(person) as case:
        case.keep_draft("2027-03-01", {"path": "about.strengths", "text": HOSTILE})
    target = tmp_path / f"sam.{fmt}"
    assert _export(store, person, fmt, target) == 0
    seen = target.read_text(encoding="utf-8")
    assert "Words typed in meeting 1 but not given when the app was closed" in seen
    if fmt == "txt":
        assert HOSTILE in seen
    else:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in seen and "<script>" not in seen


def test_the_audit_part_says_each_note_in_words_never_as_stored(
    store: CaseStore, content: Content, tmp_path: Path
) -> None:
    # The person reads their copy: `(session="2027-03-01")`, `(version=1)` and an export's
    # `format="html", plan_version=1, ...` were the record's own notation, ids included.
    person = _record(store, content)
    with store.open(person) as case:
        case.audit(
            "exported",
            format="html",
            destination="/tmp/plan.html",
            plan_version=1,
            plan_state="agreed",
            audience="team",
            audience_name=None,
            withheld=True,
        )
    target = tmp_path / "sam.txt"
    assert _export(store, person, "txt", target) == 0
    audit = target.read_text(encoding="utf-8").split("AUDIT TRAIL", 1)[1]
    assert "=" not in audit and "2027-03-01" not in audit  # no notation, no session id
    [line] = [line for line in audit.splitlines() if "“What matters most to you" in line]
    assert line.endswith("getting back to playing music.  at meeting 1  by you")
    assert "plan agreed  plan version 1  by you and the worker together" in audit
    assert (
        "exported  plan version 1 (agreed) as a web page for the care team  with parts left "
        "out at your wish  to “/tmp/plan.html”"
    ) in audit


def test_the_audit_part_says_a_list_saved_whole_as_what_changed(
    store: CaseStore, content: Content, tmp_path: Path
) -> None:
    # "A, B, C  by the worker" credited the person's own goals to the worker who added C.
    person = _record(store, content)
    old = [{"id": "g1", "title": "Meet up with an old friend"}]
    with store.open(person) as case:
        case.audit(
            "answer_changed",
            prompt="Your goals",
            path="goals.list",
            old=old,
            value=[*old, {"id": "g3", "title": "Find a volunteering role"}],
            by="worker",
        )
    target = tmp_path / "sam.txt"
    assert _export(store, person, "txt", target) == 0
    audit = target.read_text(encoding="utf-8").split("AUDIT TRAIL", 1)[1]
    [line] = [line for line in audit.splitlines() if "“Your goals”" in line]
    assert "Added: Find a volunteering role." in line and "old friend" not in line
