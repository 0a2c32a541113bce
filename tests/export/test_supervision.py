"""The worker's reflection (issue 16, training questions 4 and 11) and the supervision export.

The reflection is kept with its meeting in the case record, answer by answer; it is in no
copy of the plan (the person's, the team's or a named person's) and is not carried into the
next meeting; a supervision export has it, with the plan in brief and no contact details.
Erasing removes it; the subject-access export has it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.engine.conversation import Conversation
from assistant.export import pdf
from assistant.export.supervision import render_supervision
from assistant.flows.loader import Content
from assistant.meetings.history import history_of
from assistant.meetings.opening import open_meeting
from assistant.meetings.reflection import NoReflection, open_reflection, reflection_done
from assistant.meetings.supervision import supervision_context
from assistant.plans.autoplay import play_meeting
from assistant.plans.demo_data import demo_meetings
from assistant.plans.versions import agree_plan, versions
from assistant.records import CaseStore
from assistant.records import case as case_module
from tests.conftest import LATE_JUNE_EVENING

# In the reflection's answers: any of them in a copy of the plan came from the reflection.
BARRIER = "REFLBARRIER we had twenty minutes <script>alert(1)</script>"
FITS = "REFLFITS the care coordinator brings the goals to the CPA review"
SUPERVISION = "REFLSUPER ask about boundaries & lifts"
MARKERS = ("REFLBARRIER", "REFLFITS", "REFLSUPER")
# Contact details in the demo plan that a supervision export never shows.
CONTACT_DETAILS = ("Mobile, any evening", "Flat 2, next door", "Riverside Surgery", "Mrs Lee")


def cli(store: CaseStore, *args: str) -> subprocess.CompletedProcess[str]:
    """``cpi-assistant ARGS --data-dir ...`` as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args, "--data-dir", str(store.root)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def reflect(store: CaseStore, person_id: str, content: Content, *, finish: bool = True) -> None:
    """The worker's reflection on the latest meeting, every question answered."""
    with store.open(person_id) as case:
        meeting = open_reflection(case, content)
        assert meeting.proceed().done  # the opening words
        for value in (["time", "caseload"], BARRIER, ["care_plan"], FITS, SUPERVISION):
            outcome = meeting.answer(value)
            assert outcome.done, outcome.message
        if finish:
            assert meeting.proceed().done
            assert reflection_done(meeting)


def assert_no_markers_on_disk(store: CaseStore) -> None:
    """No file under the store holds any of the reflection's words."""
    raw = b"".join(p.read_bytes() for p in Path(store.root).rglob("*") if p.is_file())
    for marker in MARKERS:
        assert marker.encode() not in raw


@pytest.fixture
def person(store: CaseStore, content: Content) -> str:
    """Sam: a finished first meeting with an agreed plan shared with the care team."""
    person_id = store.create_person("Sam", reference="REF-1")
    (topics, answers), _ = demo_meetings(dt.date.today())
    # Shared with the care team, the GP and someone Sam named, so every kind of copy can be made.
    answers = {
        **answers,
        "agreement.share_with": ["care_team", "gp", "someone_else"],
        "agreement.share_who": "Ana",
    }
    meeting = play_meeting(Conversation(content), topics, answers)
    with store.open(person_id) as case:
        case.save_session("m1", meeting.to_state(), meeting.log)
        plan = agree_plan(case, meeting.data, meeting.log, content=content, session_id="m1")
        case.audit("meeting_closed", session="m1", plan_version=plan.number, agreed=True)
    return person_id


def test_no_reflection_before_a_meeting_is_finished(store: CaseStore, content: Content) -> None:
    person_id = store.create_person("Ali")
    with store.open(person_id) as case, pytest.raises(NoReflection):
        open_reflection(case, content)


def test_no_reflection_on_a_meeting_the_person_did_not_agree_to_record(
    store: CaseStore, content: Content
) -> None:
    person_id = store.create_person("Ali")
    conv = play_meeting(Conversation(content), ["getting_started"], {"consent.record": False})
    with store.open(person_id) as case:
        case.save_session("m1", conv.to_state(), conv.log)
        case.audit("meeting_closed", session="m1", plan_version=None, agreed=False)
        with pytest.raises(NoReflection, match="did not agree to keep a record"):
            open_reflection(case, content)


def test_each_reflection_answer_is_in_the_record_as_soon_as_it_is_given(
    store: CaseStore, person: str, content: Content
) -> None:
    with store.open(person) as case:
        meeting = open_reflection(case, content)
        meeting.proceed()
        meeting.answer(["time"])
        meeting.answer(BARRIER)
        # Read by another reader while the reflection is still open: already on disk.
        with store.read(person) as other:
            data = other.sessions()[-1]["state"]["data"]
    assert data["reflection"]["barriers_kind"] == ["time"]
    assert data["reflection"]["barriers"] == BARRIER
    assert data["reflection"]["date"] == dt.date.today().isoformat()


def test_the_reflection_is_kept_with_its_meeting_not_in_a_new_one(
    store: CaseStore, person: str, content: Content
) -> None:
    reflect(store, person, content)
    with store.read(person) as case:
        sessions = case.sessions()
        events = [e["kind"] for e in case.audit_events()]
    assert [s["session_id"] for s in sessions] == ["m1"]
    assert events.count("meeting_closed") == 1


@pytest.mark.parametrize("who", ["person", "team", "gp", "Ana"])
@pytest.mark.parametrize("fmt", ["md", "html", "txt", "json", "fhir"])
def test_no_copy_of_the_plan_has_the_reflection(
    store: CaseStore, person: str, content: Content, who: str, fmt: str
) -> None:
    reflect(store, person, content)
    done = cli(store, "export", person, "--for", who, "--format", fmt)
    assert done.returncode == 0, done.stderr
    assert "Sam" in done.stdout or fmt in ("fhir", "json")
    for marker in MARKERS:
        assert marker not in done.stdout


def test_the_next_meeting_starts_without_the_reflection(
    store: CaseStore, content: Content, person: str
) -> None:
    reflect(store, person, content)
    with store.open(person) as case:
        # A later meeting: its data and its plan are made after the reflection.
        opened = open_meeting(case, content)
        meeting = opened.meeting
        meeting.conv.goto_topic("closing")
        data = meeting.conv.data
        plan = meeting.plan()
    assert "reflection" not in data  # not carried into the next meeting
    text = plan.model_dump_json()
    for marker in MARKERS:
        assert marker not in text


def test_the_supervision_export_has_the_reflection_and_the_plan_in_brief(
    store: CaseStore, person: str, content: Content
) -> None:
    reflect(store, person, content)
    done = cli(store, "export", person, "--for", "supervision", "--format", "md")
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert text.index("For supervision. Not for the person's file unless they have seen it.") < 200
    for marker in MARKERS:
        assert marker in text
    assert "Meeting 1" in text and "Reflection (" in text
    assert "4. How do I overcome barriers to working this way?" in text
    assert "11. How does this fit with existing practice?" in text
    assert "Themes touched: " in text and "Co-production" in text
    assert "My caseload, Not enough time" in text
    assert "See more of my brother Dan" in text  # a goal, in brief


@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
def test_the_supervision_export_shows_no_contact_details_or_private_parts(
    store: CaseStore, person: str, content: Content, fmt: str
) -> None:
    reflect(store, person, content)
    done = cli(store, "export", person, "--for", "supervision", "--format", fmt)
    assert done.returncode == 0, done.stderr
    for detail in CONTACT_DETAILS:
        assert detail not in done.stdout
    assert "Mum" not in done.stdout  # Sam keeps Mum private
    assert "kept private at the person's wish" in done.stdout


def test_the_supervision_web_page_escapes_the_workers_words(
    store: CaseStore, person: str, content: Content
) -> None:
    reflect(store, person, content)
    done = cli(store, "export", person, "--for", "supervision", "--format", "html")
    assert "<script>alert(1)" not in done.stdout
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in done.stdout
    assert "boundaries &amp; lifts" in done.stdout


def test_the_supervision_web_page_lets_no_script_run(
    store: CaseStore, person: str, content: Content
) -> None:
    reflect(store, person, content)
    done = cli(store, "export", person, "--for", "supervision", "--format", "html")
    policy = f'<meta http-equiv="Content-Security-Policy" content="{pdf.PRINT_POLICY}">'
    assert policy in done.stdout.split("<body", 1)[0]


def test_the_supervision_export_is_in_the_audit_trail(
    store: CaseStore, person: str, content: Content, tmp_path: Path
) -> None:
    reflect(store, person, content)
    out = tmp_path / "notes.txt"
    done = cli(store, "export", person, "--for", "supervision", "--format", "txt", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert BARRIER.split()[0] in out.read_text(encoding="utf-8")
    with store.read(person) as case:
        exported = [e for e in case.audit_events() if e["kind"] == "exported"]
    assert exported[-1]["audience"] == "supervision"
    assert exported[-1]["destination"] == str(out.resolve())


def test_a_supervision_export_is_not_made_as_a_pdf_or_json(
    store: CaseStore, person: str, content: Content
) -> None:
    done = cli(store, "export", person, "--for", "supervision", "--format", "json")
    assert done.returncode == 2
    assert "md, html, txt" in done.stderr
    assert done.stdout == ""


def test_erasing_the_meeting_removes_its_reflection(
    store: CaseStore, person: str, content: Content
) -> None:
    reflect(store, person, content)
    with store.open(person) as case:
        case.erase_session("m1", reason="asked by the person")
    assert_no_markers_on_disk(store)


def test_erasing_the_record_removes_the_reflection(
    store: CaseStore, person: str, content: Content
) -> None:
    reflect(store, person, content)
    done = cli(store, "erase", person, "--yes")
    assert done.returncode == 0, done.stderr
    assert_no_markers_on_disk(store)


def test_the_subject_access_export_has_the_reflection(
    store: CaseStore, person: str, content: Content
) -> None:
    reflect(store, person, content)
    done = cli(store, "export-all", person)
    assert done.returncode == 0, done.stderr
    everything = json.loads(done.stdout)
    text = json.dumps(everything)
    for marker in MARKERS:
        assert marker in text


def test_an_agencys_own_supervision_template_is_used(
    store: CaseStore, person: str, content: Content, tmp_path: Path
) -> None:
    reflect(store, person, content)
    own = tmp_path / "templates"
    own.mkdir()
    (own / "supervision.txt.j2").write_text(
        "OURS {{ notice }} {{ reflections }}\n"
        "{% for mt in meetings %}{{ mt.reflection.answers[1].answer }}{% endfor %}\n",
        encoding="utf-8",
    )
    done = cli(
        store, "export", person, "--for", "supervision", "--format", "txt", "--templates", str(own)
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("OURS For supervision.")
    assert "REFLBARRIER" in done.stdout


def test_home_still_dates_the_meeting_by_when_it_was_finished_after_a_reflection(
    store: CaseStore, person: str, content: Content
) -> None:
    reflect(store, person, content)
    with store.read(person) as case:
        history = history_of(case)
        [closed] = [e for e in case.audit_events() if e["kind"] == "meeting_closed"]
        updated = case.sessions()[-1]["updated"]
    assert updated > closed["at"]  # the reflection was saved after the meeting closed
    assert history.last_updated == closed["at"]
    assert not history.open_session


def test_the_reflection_adds_no_themes_to_the_meeting_it_is_on(
    store: CaseStore, person: str, content: Content
) -> None:
    with store.read(person) as case:
        before = supervision_context(case, content)["meetings"][0]["themes"]
    reflect(store, person, content)
    with store.read(person) as case:
        after = supervision_context(case, content)["meetings"][0]
    assert after["themes"] == before  # the worker's own answers are not the meeting's work
    assert after["reflection"] is not None


def test_coming_back_to_a_reflection_keeps_the_day_it_was_first_written(
    store: CaseStore, person: str, content: Content
) -> None:
    reflect(store, person, content)  # every question answered, today
    with store.open(person) as case:
        # As if written days ago: the stored day is an earlier one.
        session = case.sessions()[-1]
        state = session["state"]
        state["data"]["reflection"]["date"] = "2026-01-05"
        case.save_session(session["session_id"], state, state["log"])
    with store.open(person) as case:
        again = open_reflection(case, content)
        again.proceed()  # past the opening words again, to change an answer
        outcome = again.answer(["setting"])
        assert outcome.done, outcome.message
    with store.read(person) as case:
        data = case.sessions()[-1]["state"]["data"]
    assert data["reflection"]["barriers_kind"] == ["setting"]
    assert data["reflection"]["date"] == "2026-01-05"


def test_supervision_notes_in_a_folder_are_named_like_plan_exports(
    store: CaseStore, person: str, content: Content, tmp_path: Path
) -> None:
    """No name or reference of the person; the plan version and the latest meeting's day, so
    two people's notes in one folder are told apart as their plans are."""
    reflect(store, person, content)
    with store.read(person) as case:
        day = case.sessions()[-1]["started"][:10]
    folder = tmp_path / "notes"
    for _ in range(2):
        done = cli(
            store, "export", person, "--for", "supervision", "--format", "md", "-o", f"{folder}/"
        )
        assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in folder.iterdir()) == [
        f"supervision-plan-v1-{day}-2.md",
        f"supervision-plan-v1-{day}.md",
    ]


# Words typed over several lines, one starting like a bullet, one with a right-to-left
# override (U+202E) that would turn the text after it around if not isolated.
MULTILINE = "TYPED first line\n- not a bullet\nlast \u202eRLO"


def hand_made_context() -> dict:
    """A supervision context (as ``supervision_context`` makes it) whose people's words are
    all :data:`MULTILINE`."""
    words = MULTILINE
    action = {"what": words, "who": "the person", "by_when": None, "status": None}
    return {
        "person": "Sam",
        "reference": "",
        "latest_day": "2026-12-01",
        "reflections": 1,
        "plan": {
            "number": 1,
            "state": "agreed",
            "state_words": "Agreed.",
            "what_matters": words,
            "more_help": [],
            "network_people": 0,
            "network_circles": [],
            "concerns": 0,
            "to_try": [words, words],
            "goals": [{"what": words, "first_step": words, "status": None, "actions": [action]}],
            "worker_actions": [{"what": words, "by_when": None, "status": None}],
            "hard_times": False,
            "next_meeting": None,
            "private_parts": False,
        },
        "meetings": [
            {
                "number": 1,
                "date": "1 December 2026",
                "themes": [],
                "reflection": {
                    "reflected_on": "2 December 2026",
                    "answers": [{"question": "What happened?", "answer": words}],
                    "training_questions": [],
                },
            }
        ],
    }


def test_supervision_txt_indents_the_lines_after_the_first_of_typed_words() -> None:
    text = render_supervision(hand_made_context(), "txt").decode()
    lines = text.splitlines()
    followers = [lines[i + 1] for i, line in enumerate(lines) if line.endswith("TYPED first line")]
    assert len(followers) == 8  # what matters, 2 to try, goal, step, action, worker's, reflection
    for line in followers:
        assert line.startswith("  ") and line.strip() == "- not a bullet", line
    assert not any(line.startswith("- not a bullet") for line in lines)


def test_supervision_md_puts_a_blank_line_before_the_workers_actions() -> None:
    text = render_supervision(hand_made_context(), "md").decode()
    before = text.split("### The worker's actions")[0]
    assert before.endswith("\n\n")
    assert "\n\\- not a bullet" not in text  # continuation lines stay in their list item


def test_supervision_html_isolates_each_piece_of_typed_words_in_bdi() -> None:
    page = render_supervision(hand_made_context(), "html").decode()
    inline = re.findall(r"<bdi>[^<]*\u202e[^<]*</bdi>", page)
    block = re.findall(r'<dd class="said" dir="auto">[^<]*\u202e[^<]*</dd>', page)
    # what matters, 2 things to try (each its own), goal, step, action, worker's; reflection
    assert (len(inline), len(block)) == (7, 1)
    assert page.count("\u202e") == 8  # none outside those


def test_supervision_notes_list_the_workers_own_actions(
    store: CaseStore, person: str, content: Content
) -> None:
    with store.read(person) as case:
        context = supervision_context(case, content)
        plan = versions(case)[-1].plan
    wanted = [a.what for a in plan.worker_journey.actions]
    assert wanted  # the demo's first meeting: the worker writes down what to find out
    # The worker's own list first; then the goals' actions for the worker (walk fix F3).
    listed = [a["what"] for a in context["plan"]["worker_actions"]]
    assert listed[: len(wanted)] == wanted
    assert all("(an action for the goal " in what for what in listed[len(wanted) :])
    text = render_supervision(context, "md").decode()
    assert "### The worker's actions" in text


def test_the_notes_mask_a_private_persons_name_in_the_reflection_too(
    store: CaseStore, content: Content
) -> None:
    # Walk fix F3: Ann is kept private; the worker's reflection names her.
    person_id = store.create_person("Kit")
    data = {
        "consent": {"record": True},
        "network": {"people": [{"id": "p1", "name": "Ann"}]},
        "agreement": {"person_agrees": "yes", "worker_agrees": "yes", "share_with": ["nobody"]},
        "sharing": {"private": ["item:p1"]},
    }
    conv = Conversation(content, data)
    with store.open(person_id) as case:
        case.save_session("m1", conv.to_state(), conv.log)
        plan = agree_plan(case, conv.data, conv.log, content=content, session_id="m1")
        case.audit("meeting_closed", session="m1", plan_version=plan.number, agreed=True)
        meeting = open_reflection(case, content)
        assert meeting.proceed().done
        assert meeting.answer(["time"]).done
        assert meeting.answer("Ann rang Kit twice, so we stopped early.").done
        context = supervision_context(case, content)
    [said] = [
        a["answer"]
        for mt in context["meetings"]
        for a in (mt["reflection"] or {"answers": []})["answers"]
        if "rang" in a["answer"]
    ]
    assert said == "[a person kept private] rang Kit twice, so we stopped early."


@pytest.mark.usefixtures("in_london")
def test_the_latest_meeting_is_dated_by_the_local_day(
    store: CaseStore, content: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Saved at 23:30 UTC on a June evening: the 16th in London, as Home dates it.
    monkeypatch.setattr(case_module, "now", lambda: LATE_JUNE_EVENING)
    person = store.create_person("Sam")
    with store.open(person) as case:
        case.save_session("s1", {})
    with store.read(person) as case:
        assert supervision_context(case, content)["latest_day"] == "2026-06-16"
