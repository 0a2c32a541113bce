"""Progress over time: practices in the training store by trainee, scored per principle."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import pytest
from training_support import Clock

from assistant.export import pdf
from assistant.flows.loader import Content
from assistant.records import CaseStore
from assistant.training import Move, TrainingSession
from assistant.training.model import Persona
from assistant.training.progress import (
    PracticeScore,
    PrincipleScore,
    Progress,
    progress,
    progress_from_store,
)
from assistant.training.render import WATERMARK
from assistant.training.rubric import PRINCIPLE_BY_ID, PRINCIPLES
from assistant.training.session import Mode
from assistant.training.store import (
    MEETING_AT_LEAST,
    PracticeInfo,
    list_practices,
    next_practice_meeting,
    open_training_store,
    save_practice,
)

# A stand-in for the rubric, so these tests check the grouping and the trends on their own:
# each practice is given the scores its seed names (the rubric's own tests check scoring).
PLANNED: dict[int, tuple[int, int]] = {}


def planned_scores(session: TrainingSession) -> list[PrincipleScore]:
    ideas, consent = PLANNED[session.seed]
    return [
        PrincipleScore("ideas_invited", "Inviting ideas first", ideas),
        PrincipleScore("consent", "Consent & the record", consent),
    ]


def practise(
    store: CaseStore,
    content: Content,
    persona: Persona,
    *,
    trainee: str,
    at: int,
    scores: tuple[int, int],
    finished: bool = True,
    mode: Mode = "solo",
    done: int = 1,
) -> tuple[str, str]:
    """A practice with ``done`` moves (solo) or answers (paired) in it, in What matters
    (0: opened, then ended with nothing done)."""
    seed = len(PLANNED) + 100
    PLANNED[seed] = scores
    session = TrainingSession(
        persona, content, seed=seed, clock=Clock().at(at), trainee=trainee, mode=mode
    )
    conv = session.conversation
    if done:
        conv.goto_topic("what_matters")
    while done:
        if conv.step.kind == "say":
            conv.proceed()  # words of the worker's: no move, no answer
        elif mode == "solo":
            session.take_move(Move("open_question"))
            done -= 1
        else:
            session.answer("The allotment.", by="person")
            done -= 1
    return save_practice(store, session, finished=finished)


@pytest.fixture
def store(tmp_path: Path, content: Content, personas: dict[str, Persona]) -> CaseStore:
    """Sam: four practices (ideas 0, 1, 1, 2); Priya: two (consent 2 then 1)."""
    PLANNED.clear()
    training = open_training_store(tmp_path)
    stan, jade = personas["stan"], personas["jade"]
    practise(training, content, stan, trainee="Sam", at=300, scores=(1, 1))
    practise(training, content, jade, trainee="Priya", at=200, scores=(2, 2))
    practise(training, content, stan, trainee="Sam", at=100, scores=(0, 1))
    practise(training, content, jade, trainee="sam ", at=400, scores=(1, 1))
    practise(training, content, stan, trainee="Priya", at=500, scores=(2, 1))
    practise(training, content, jade, trainee="Sam", at=600, scores=(2, 2), finished=False)
    return training


def test_practices_are_listed_oldest_first_with_their_trainee(store: CaseStore) -> None:
    listed = list_practices(store)
    assert [p.started[11:19] for p in listed] == [
        "10:01:40",
        "10:03:20",
        "10:05:00",
        "10:06:40",
        "10:08:20",
        "10:10:00",
    ]
    assert [p.trainee for p in listed][:2] == ["Sam", "Priya"]
    assert [p.persona_id for p in listed][:2] == ["stan", "jade"]
    assert [p.is_finished for p in listed] == [True] * 5 + [False]


def test_one_trainees_practices_ignore_case_and_spaces(store: CaseStore) -> None:
    assert len(list_practices(store, "SAM")) == 4
    assert len(list_practices(store, "priya")) == 2
    assert list_practices(store, "Nobody") == []


def test_progress_groups_by_trainee_oldest_first(store: CaseStore, content: Content) -> None:
    report = progress_from_store(store, content=content, scorer=planned_scores)
    assert [t.trainee for t in report.trainees] == ["Priya", "Sam"]
    sam = report.trainees[1]
    assert [p.score_of("ideas_invited") for p in sam.practices] == [0, 1, 1, 2]
    assert [p.total for p in sam.practices] == [1, 2, 2, 4]


def test_trends_go_from_the_first_practice_to_the_latest(
    store: CaseStore, content: Content, personas: dict[str, Persona]
) -> None:
    # Sam's fourth finished practice (the one at 600 was left part way: not in the trends).
    practise(store, content, personas["stan"], trainee="Sam", at=700, scores=(2, 2))
    sam = progress_from_store(store, content=content, trainee="Sam", scorer=planned_scores)
    trends = {t.id: t for t in sam.trainees[0].trends}
    assert trends["ideas_invited"].words.startswith("Inviting ideas first: 0 -> 2, better")
    assert trends["consent"].direction == "better"
    # Four practices: the last three (1, 1, 2) against the first three (0, 1, 1).
    assert trends["ideas_invited"].last_three == pytest.approx(4 / 3)
    assert trends["ideas_invited"].first_three == pytest.approx(2 / 3)
    priya = progress_from_store(store, content=content, trainee="Priya", scorer=planned_scores)
    consent = next(t for t in priya.trainees[0].trends if t.id == "consent")
    assert consent.words == "Consent & the record: 2 -> 1, worse"
    assert consent.first_three is None  # too few practices to compare threes


def test_a_practice_left_part_way_is_listed_but_left_out_of_the_trends(
    store: CaseStore, content: Content, personas: dict[str, Persona]
) -> None:
    # Left part way, it never reached the later topics: its zeros read as getting worse.
    practise(store, content, personas["stan"], trainee="Sam", at=700, scores=(0, 0), finished=False)
    sam = progress_from_store(store, content=content, trainee="Sam", scorer=planned_scores)
    trainee = sam.trainees[0]
    assert len(trainee.practices) == 5
    trends = {t.id: t for t in trainee.trends}
    assert trends["ideas_invited"].words == "Inviting ideas first: 0 -> 1, better"
    assert trends["total"].count == 3
    assert "5 practices (2 not finished, left out of the trends)" in sam.to_markdown()


def test_no_trend_until_a_practice_is_finished(
    tmp_path: Path, content: Content, personas: dict[str, Persona]
) -> None:
    training = open_training_store(tmp_path)
    PLANNED.clear()
    practise(
        training, content, personas["stan"], trainee="Ann", at=100, scores=(1, 1), finished=False
    )
    report = progress_from_store(training, content=content, scorer=planned_scores)
    assert report.trainees[0].trends == ()
    assert "none finished yet" in report.to_markdown()


def test_csv_has_one_row_a_practice_and_a_column_a_principle(
    store: CaseStore, content: Content
) -> None:
    text = progress_from_store(store, content=content, scorer=planned_scores).to_csv()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 6
    assert list(rows[0])[-4:] == ["ideas_invited", "consent", "total", "best_total"]
    sam_rows = [r for r in rows if r["trainee"].strip().casefold() == "sam"]
    assert [r["ideas_invited"] for r in sam_rows] == ["0", "1", "1", "2"]
    assert [r["finished"] == "" for r in sam_rows] == [False, False, False, True]


def test_json_holds_trainees_practices_and_trends(store: CaseStore, content: Content) -> None:
    data = json.loads(progress_from_store(store, content=content, scorer=planned_scores).to_json())
    assert data["format"] == "cpi-training-progress"
    assert data["watermark"] == WATERMARK
    assert [p["id"] for p in data["principles"]] == ["ideas_invited", "consent"]
    priya = data["trainees"][0]
    assert [p["scores"] for p in priya["practices"]] == [
        {"ideas_invited": 2, "consent": 2},
        {"ideas_invited": 2, "consent": 1},
    ]
    assert {t["principle"]: t["direction"] for t in priya["trends"]} == {
        "ideas_invited": "the same",
        "consent": "worse",
        "total": "worse",
    }


def test_a_hostile_trainee_name_is_data_in_every_format(
    tmp_path: Path, content: Content, personas: dict[str, Persona]
) -> None:
    PLANNED.clear()
    store = open_training_store(tmp_path)
    name = "=HYPERLINK(1) <script>alert(1)</script> [bold]x[/]"
    practise(store, content, personas["stan"], trainee=name, at=0, scores=(1, 2))
    report = progress_from_store(store, content=content, scorer=planned_scores)
    page = report.to_html()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count(WATERMARK) >= 2
    assert "<script>" not in report.to_markdown()
    rows = list(csv.DictReader(io.StringIO(report.to_csv())))
    assert rows[0]["trainee"] == "'" + name  # never a formula in a spreadsheet
    assert json.loads(report.to_json())["trainees"][0]["trainee"] == name


def test_a_practice_that_cannot_be_opened_is_named_not_dropped(
    store: CaseStore, content: Content, personas: dict[str, Persona]
) -> None:
    without_jade = {k: v for k, v in personas.items() if k != "jade"}
    report = progress_from_store(
        store, content=content, personas=without_jade, scorer=planned_scores
    )
    assert sum(len(t.practices) for t in report.trainees) == 3
    assert len(report.skipped) == 3
    assert all("Jade" in line and "no longer installed" in line for line in report.skipped)
    assert "Not scored" in report.to_markdown()


def test_an_empty_training_store_says_so(tmp_path: Path, content: Content) -> None:
    report = progress_from_store(
        open_training_store(tmp_path), content=content, scorer=planned_scores
    )
    assert report.trainees == []
    assert "No practices in the training records yet." in report.to_markdown()


def test_no_practices_by_the_trainee_asked_for_names_them(
    store: CaseStore, content: Content
) -> None:
    # The store has practices, just none by this trainee: say so, not "no practices yet".
    report = progress_from_store(store, content=content, trainee=" nobody ", scorer=planned_scores)
    assert report.trainees == []
    assert "No practices by nobody in the training records yet." in report.to_markdown()
    assert "<p>No practices by nobody in the training records yet.</p>" in report.to_html()
    assert "No practices in the training records yet." not in report.to_markdown()


def _wide_report() -> Progress:
    """Two trainees with long names, every principle of the rubric as a column."""
    scored = []
    for n, (trainee, finished) in enumerate(
        [("Samantha Featherstonehaugh", True), ("Samantha Featherstonehaugh", False), ("Pri", True)]
    ):
        info = PracticeInfo(
            f"r{n}",
            f"s{n}",
            trainee,
            "pauline",
            "Pauline (fictional, solo practice)",
            "solo",
            n + 10,
            f"2099-03-0{n + 1}T10:00:00",
            f"2099-03-0{n + 1}T11:00:00",
            f"2099-03-0{n + 1}T11:00:00" if finished else None,
        )
        scores = tuple(PrincipleScore(p.id, p.title, n % 3) for p in PRINCIPLES)
        scored.append(PracticeScore(info, "Pauline Okonkwo-Smith", scores))
    return progress(scored)


# Injected into the page: every visible element whose right edge passes the window, and every
# scrolling box whose content is wider than it (a table cut off at the right).
_MEASURE = """<script>
const width = document.documentElement.clientWidth, cut = [];
for (const el of document.querySelectorAll('body *')) {
  const head = el.closest('thead');
  if (head && getComputedStyle(head).position === 'absolute') continue;  // read by screen readers
  const box = el.getBoundingClientRect();
  const name = el.tagName + ' ' + el.textContent.trim().slice(0, 30);
  if (box.right > width + 0.5 || box.left < -0.5) cut.push(name);
  const scrolls = getComputedStyle(el).overflowX !== 'visible';
  if (scrolls && el.scrollWidth > el.clientWidth + 1) cut.push('scrolls: ' + name);
}
const out = JSON.stringify({width, cut});
document.body.insertAdjacentHTML('beforeend', '<pre id="cut">' + out + '</pre>');
</script>"""


@pytest.mark.skipif(pdf.find_chromium() is None, reason="Chromium not installed")
@pytest.mark.parametrize("width", [1000, 600])
def test_the_html_report_fits_the_window_with_nothing_cut_off(tmp_path: Path, width: int) -> None:
    page = tmp_path / "progress.html"
    # The page's own policy lets no script run (test_training_html_policy.py): the measuring
    # one is the test's, so the page is measured without it (the layout is the same).
    policy = r'<meta http-equiv="Content-Security-Policy"[^>]*>'
    html_text = re.sub(policy, "", _wide_report().to_html())
    page.write_text(html_text.replace("</body>", _MEASURE + "</body>"), "utf-8")
    result = pdf.run_chromium(
        ["--dump-dom", f"--window-size={width},900", page.as_uri()], timeout=60, cwd=tmp_path
    )
    # The last match: the script's own text holds the marker too.
    found = re.findall(r'<pre id="cut">(\{.*?)</pre>', result.stdout)
    assert found, result.stderr[-500:]
    measured = json.loads(html.unescape(found[-1]))
    assert measured["width"] > width - 40  # the window was that wide (less a scroll bar)
    assert measured["cut"] == []


def test_the_rubric_scores_each_practice_and_the_trend_shows_the_change(
    tmp_path: Path, content: Content, personas: dict[str, Persona]
) -> None:
    """With the real rubric: Sam first jumps straight to goals, then explores what matters
    and what makes it hard before goals; the report shows both principles going up."""
    store = open_training_store(tmp_path)
    hurried = TrainingSession(personas["stan"], content, seed=1, clock=Clock().at(0), trainee="Sam")
    hurried.play_topic("goals")
    save_practice(store, hurried, finished=True)
    careful = TrainingSession(
        personas["stan"], content, seed=1, clock=Clock().at(3600), trainee="Sam"
    )
    for topic in ("what_matters", "concerns", "goals"):
        careful.play_topic(topic)
    save_practice(store, careful, finished=True)

    report = progress_from_store(store, content=content, personas=personas)
    assert [pid for pid, _ in report.principles] == [p.id for p in PRINCIPLES]
    trends = {t.id: t for t in report.trainees[0].trends}
    for principle in ("what_matters_first", "barriers_explored"):
        assert trends[principle].first < trends[principle].latest, principle
        assert trends[principle].words.startswith(
            f"{PRINCIPLE_BY_ID[principle].title}: {trends[principle].first} -> "
        )
    first, latest = report.trainees[0].practices
    assert first.total < latest.total
    assert latest.best_total == 2 * len(PRINCIPLES)


def test_every_csv_row_carries_the_training_watermark(store: CaseStore, content: Content) -> None:
    text = progress_from_store(store, content=content, scorer=planned_scores).to_csv()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and {r["watermark"] for r in rows} == {WATERMARK}


def test_what_was_done_in_a_practice_is_counted_when_it_is_listed(
    tmp_path: Path, content: Content, personas: dict[str, Persona]
) -> None:
    training = open_training_store(tmp_path)
    PLANNED.clear()
    stan = personas["stan"]
    practise(training, content, stan, trainee="Pat", at=100, scores=(1, 1))
    practise(training, content, stan, trainee="Pat", at=200, scores=(1, 1), mode="paired")
    practise(training, content, stan, trainee="Pat", at=300, scores=(0, 0), done=0)
    solo, paired, empty = list_practices(training)
    assert (solo.moves, solo.answers, solo.is_empty) == (1, 1, False)
    assert (paired.moves, paired.answers, paired.is_empty) == (0, 1, False)
    assert (empty.moves, empty.answers, empty.is_empty) == (0, 0, True)


@pytest.fixture
def pat(tmp_path: Path, content: Content, personas: dict[str, Persona]) -> CaseStore:
    """The tester's Pat Lee: a finished paired practice with Pauline (3 in all), then a solo
    practice with her ended with nothing done (0)."""
    PLANNED.clear()
    training = open_training_store(tmp_path)
    pauline = personas["pauline"]
    practise(training, content, pauline, trainee="Pat Lee", at=100, scores=(1, 2), mode="paired")
    practise(training, content, pauline, trainee="Pat Lee", at=200, scores=(0, 0), done=0)
    return training


def test_a_practice_ended_with_nothing_done_is_left_out_of_the_trends(
    pat: CaseStore, content: Content
) -> None:
    report = progress_from_store(pat, content=content, scorer=planned_scores)
    trainee = report.trainees[0]
    assert len(trainee.practices) == 2  # still listed
    total = next(t for t in trainee.trends if t.id == "total")
    assert (total.count, total.change) == (1, "3 (one practice so far)")
    assert "2 practices (1 ended with nothing done, left out of the trends)" in (
        report.to_markdown()
    )


def test_solo_and_paired_practices_make_separate_trends(
    pat: CaseStore, content: Content, personas: dict[str, Persona]
) -> None:
    # A solo practice with something done, scoring less than the paired one.
    practise(pat, content, personas["pauline"], trainee="Pat Lee", at=300, scores=(0, 1))
    trainee = progress_from_store(pat, content=content, scorer=planned_scores).trainees[0]
    totals = {t.mode: t.change for t in trainee.trends if t.id == "total"}
    assert totals == {"solo": "1 (one practice so far)", "paired": "3 (one practice so far)"}


def test_every_format_says_which_practices_the_trends_leave_out_and_why(
    pat: CaseStore, content: Content, personas: dict[str, Persona]
) -> None:
    practise(pat, content, personas["pauline"], trainee="Pat Lee", at=300, scores=(0, 1))
    report = progress_from_store(pat, content=content, scorer=planned_scores)
    markdown, page = report.to_markdown(), report.to_html()
    assert "Solo practice (1 practice):" in markdown
    assert "Paired role-play (1 practice):" in markdown
    assert "(nothing done)" in markdown  # the practice's row in the table
    assert "<p>Paired role-play (1 practice):</p>" in page
    assert "1 ended with nothing done, left out of the trends" in page
    rows = list(csv.DictReader(io.StringIO(report.to_csv())))
    assert [(r["mode"], r["left_out_of_trends"]) for r in rows] == [
        ("paired", ""),
        ("solo", "nothing done"),
        ("solo", ""),
    ]
    data = json.loads(report.to_json())
    assert data["version"] == 2
    practices = data["trainees"][0]["practices"]
    assert [p["left_out_of_trends"] for p in practices] == [None, "nothing done", None]
    assert {
        (t["mode"], t["words"]) for t in data["trainees"][0]["trends"] if t["principle"] == "total"
    } == {
        ("paired", "All principles (total): 3 (one practice so far)"),
        ("solo", "All principles (total): 1 (one practice so far)"),
    }


def test_a_paired_role_play_is_not_a_meeting_with_the_simulated_persona(
    tmp_path: Path, content: Content, personas: dict[str, Persona]
) -> None:
    # Pat's paired practice with Pauline: a colleague played her, the app's Pauline never
    # met Pat, so Pat's next solo practice with her is still a first meeting.
    training = open_training_store(tmp_path)
    pauline = personas["pauline"]
    practise(
        training, content, pauline, trainee="Pat", at=100, scores=(1, 2), mode="paired", done=3
    )
    practices = list_practices(training, "Pat")
    assert next_practice_meeting(practices, "pauline", "solo") == 1
    assert next_practice_meeting(practices, "pauline", "paired") == 2


def test_a_practice_ended_after_a_move_or_two_does_not_open_the_persona_up(
    tmp_path: Path, content: Content, personas: dict[str, Persona]
) -> None:
    training = open_training_store(tmp_path)
    stan = personas["stan"]
    for done in range(MEETING_AT_LEAST):  # 0, 1 and 2 moves, each finished
        practise(training, content, stan, trainee="Pat", at=done * 100, scores=(0, 0), done=done)
    assert next_practice_meeting(list_practices(training), "stan", "solo") == 1
    practise(training, content, stan, trainee="Pat", at=900, scores=(1, 1), done=MEETING_AT_LEAST)
    assert next_practice_meeting(list_practices(training), "stan", "solo") == 2


def test_an_unfinished_practice_or_another_personas_is_not_a_meeting_with_this_one(
    tmp_path: Path, content: Content, personas: dict[str, Persona]
) -> None:
    training = open_training_store(tmp_path)
    practise(
        training,
        content,
        personas["stan"],
        trainee="Pat",
        at=0,
        scores=(1, 1),
        done=3,
        finished=False,
    )
    practise(training, content, personas["jade"], trainee="Pat", at=100, scores=(1, 1), done=3)
    assert next_practice_meeting(list_practices(training), "stan", "solo") == 1
    assert next_practice_meeting(list_practices(training), "jade", "solo") == 2
