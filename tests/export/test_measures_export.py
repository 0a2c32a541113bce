"""Outcome measures in every export (issue 19): "How things have changed" in Markdown and
plain text (sentences and values across the meetings), HTML and PDF (an SVG chart per measure
beside a table), easy read (bars and short sentences), goal attainment with the person's
level words, and FHIR Observations (ONS4, goal attainment with its Goal, connection counts)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from export_support import HOSTILE, Page, squash
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from fhir_schema import schema_errors
from measures_support import for_audience, measured_plan

from assistant.engine.functions import PLAN_SECTIONS
from assistant.export import pdf
from assistant.export.fhir import OUTCOME_MEASURE_SYSTEM, outcome_measure_code_system
from assistant.export.render import render
from assistant.plans.model import Code, Measures, Plan, PrivatePart, Sharing
from assistant.plans.sharing import shared_copy

DOCS = Path(__file__).parents[2] / "docs" / "fhir"

ONS_SOURCE = "Office for National Statistics; free to use under the Open Government Licence v3.0"


def _text(plan: Plan, fmt: str) -> str:
    return render(plan, fmt).decode("utf-8")


def _section(text: str, start: str, end: str) -> str:
    begin = text.index(start)
    return text[begin : text.index(end, begin + len(start))]


def _bundle(plan: Plan) -> dict[str, Any]:
    bundle: dict[str, Any] = json.loads(render(plan, "fhir"))
    assert schema_errors(bundle) == []
    Bundle.model_validate(bundle)
    for entry in bundle["entry"]:
        get_fhir_model_class(entry["resource"]["resourceType"]).model_validate(entry["resource"])
    urls = {e["fullUrl"] for e in bundle["entry"]}
    refs = re.findall(r'"reference": "(urn:uuid:[^"]+)"', json.dumps(bundle))
    assert set(refs) <= urls  # every reference resolved inside the bundle
    return bundle


def _measures(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation"
        and e["resource"]["code"]["coding"][0]["system"] == OUTCOME_MEASURE_SYSTEM
    ]


def _code(observation: dict[str, Any]) -> str:
    code: str = observation["code"]["coding"][0]["code"]
    return code


def test_markdown_says_the_change_in_words_and_a_table_across_the_meetings() -> None:
    text = _section(_text(measured_plan(), "md"), "## How things have changed", "## Support")
    assert "- Life satisfaction: 3 in November 2026, 6 now (up 3)." in text
    assert "Anxious yesterday: 8 in November 2026, 4 now (lower is better: down 4)." in text
    assert "People in circle 3: 0 in November 2026, 1 now (up 1)." in text
    assert "| Question | 2 November 2026 | 10 January 2027 | 3 March 2027 |" in text
    assert "| Life satisfaction | 3 | 4 | 6 |" in text
    # Not answered at the first meeting: a dash, not a 0.
    assert "| Things I do are worthwhile | – | 5 | 7 |" in text
    assert "| Anxious yesterday (A lower number is better.) | 8 | 7 | 4 |" in text
    assert ONS_SOURCE in text
    assert "| People in my network | 3 | 4 | 6 |" in text
    assert (
        "**Walking group:** Keeps going (since 3 March 2027) (before: Been once or twice on "
        "10 January 2027)" in text
    )


def test_goal_attainment_is_shown_with_the_person_s_own_level_words() -> None:
    md = _text(measured_plan(), "md")
    assert "- Now (−2): I stay in most days" in md
    assert "- What I hope to see by the review (0): I go to the café once a week" in md
    assert "- Even better (+2): I meet a friend there" in md
    # The level's meaning is said with its number (a bare "0 now" told the person nothing).
    assert (
        "- Goal “Get out of the house more”: −1 in January, 0 now (up 1; what was hoped for)."
    ) in md
    change = _section(md, "### Goals", "### People")
    assert "10 January 2027: −1, A bit better than then, not yet what was hoped" in change
    assert "3 March 2027: 0, What was hoped for (“I go to the café once a week”)" in change
    txt = squash(_text(measured_plan(), "txt"))
    assert "Hoped for by the review (0): I go to the café once a week" in txt
    assert '"Get out of the house more": −1: A bit better than then' in txt


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_the_person_s_own_copy_says_a_goal_s_change_in_words_without_its_numbers(
    fmt: str,
) -> None:
    text = squash(_text(for_audience(measured_plan(), "person"), fmt))
    assert (
        "Goal “Get out of the house more”: in January, a bit better than then, not yet what "
        "was hoped; now, what was hoped for (further on than before)."
    ) in text
    assert "−1 in January" not in text and "up 1; what was hoped for" not in text


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_the_team_s_copy_keeps_a_goal_s_change_with_its_numbers(fmt: str) -> None:
    text = squash(_text(for_audience(measured_plan(), "team"), fmt))
    assert "Goal “Get out of the house more”: −1 in January, 0 now (up 1; what was hoped for)." in (
        text
    )


def _goal_update(plan: Plan, **changes: Any) -> Plan:
    return plan.model_copy(update={"goals": [plan.goals[0].model_copy(update=changes)]})


def test_a_goals_first_level_is_said_in_words_with_its_number() -> None:
    plan = measured_plan()
    history = [h.model_copy(update={"attainment": {}}) for h in plan.measures.history]
    plan = plan.model_copy(
        update={"measures": plan.measures.model_copy(update={"history": history})}
    )
    plan = _goal_update(plan, attainment=-1, attainment_history=[])
    txt = squash(_text(plan, "txt"))
    assert (
        "Goal “Get out of the house more”: −1 now (a bit better than then, not yet what was hoped)."
    ) in txt


@pytest.mark.parametrize("fmt", ["md", "txt", "html", "fhir"])
def test_plus_one_reads_not_as_far_as_the_person_s_even_better_words(fmt: str) -> None:
    # Design §1: +1 reads "More than you hoped, not as far as [their +2 words]".
    text = squash(_text(_goal_update(measured_plan(), attainment=1), fmt))
    assert "not as far as “I meet a friend there”" in text
    assert "not as far as even better" not in text


def test_plus_one_without_even_better_words_uses_the_general_words() -> None:
    plan = measured_plan()
    levels = plan.goals[0].levels.model_copy(update={"better": None})  # type: ignore[union-attr]
    text = _text(_goal_update(plan, attainment=1, levels=levels), "md")
    assert "+1, More than hoped, not as far as even better" in text


def _not_rated(plan: Plan) -> Plan:
    """``plan`` with its goal not rated at any review (levels only)."""
    plan = _goal_update(plan, attainment=None, attainment_history=[])
    history = [h.model_copy(update={"attainment": {}}) for h in plan.measures.history]
    return plan.model_copy(
        update={"measures": plan.measures.model_copy(update={"history": history})}
    )


def test_a_goal_not_rated_after_two_reviews_never_says_the_first_review_will_ask() -> None:
    # Walkthrough 12c: version 3 (after two reviews), the goal skipped or kept back.
    plan = _not_rated(measured_plan())
    for copy in (plan, for_audience(plan, "team")):
        assert "first review will ask" not in _text(copy, "html")
        assert "not looked at yet" not in _text(copy, "md")
        assert "not looked at yet" not in _text(copy, "txt")


def test_a_goal_at_the_first_meeting_says_the_first_review_will_ask() -> None:
    plan = _not_rated(measured_plan())
    first = plan.model_copy(
        update={
            "number": 1,
            "previous_number": None,
            "measures": plan.measures.model_copy(update={"history": []}),
        }
    )
    assert "Not looked at yet: the first review will ask." in _text(first, "html")
    assert "not looked at yet" in _text(first, "md")


def test_easy_read_gives_the_goal_s_hoped_for_level_in_the_person_s_words() -> None:
    html = _text(for_audience(measured_plan(), "person"), "easy")
    goals = squash(Page(_section(html, "<h2>Your goals</h2>", "<h2>")).joined)
    assert "By the next review, you hope to see: “I go to the café once a week”" in goals
    assert "Even better would be: “I meet a friend there”" in goals


def test_plain_text_gives_each_measure_with_its_dates() -> None:
    text = squash(_text(measured_plan(), "txt"))
    assert "HOW THINGS HAVE CHANGED" in text
    assert (
        "Anxious yesterday (A lower number is better.): 8 (2 November 2026), 7 (10 January "
        "2027), 4 (3 March 2027)" in text
    )
    assert "Things I do are worthwhile: 5 (10 January 2027), 7 (3 March 2027)" in text


def test_html_has_a_chart_per_measure_with_its_words_and_a_table_beside_it() -> None:
    html = _text(measured_plan(), "html")
    section = _section(html, 'id="h-changes"', "</section>")
    charts = re.findall(r'<svg[^>]*class="measures-chart".*?</svg>', section, re.S)
    # Four ONS4 items, one goal, eight connection counts (those with any count).
    assert len(charts) == 4 + 1 + 8
    anxious = next(c for c in charts if "Anxious yesterday:" in c)
    assert (
        "<title>Anxious yesterday: 2 Nov 2026: 8; 10 Jan 2027: 7; 3 Mar 2027: 4.</title>" in anxious
    )
    assert "<desc>A lower number is better.</desc>" in anxious
    assert 'role="img"' in anxious
    assert (
        '<tr><th scope="row">Life satisfaction</th><td>3</td><td>4</td><td>6</td></tr>' in section
    )
    assert ONS_SOURCE in squash(Page(section).joined)


def test_a_count_that_was_nothing_at_every_meeting_has_no_sentence() -> None:
    plan = measured_plan()
    counts = plan.measures.model_copy(
        update={
            "connections": plan.measures.connections.model_copy(update={"domains": 0}),  # type: ignore[union-attr]
            "history": [
                h.model_copy(
                    update={"connections": h.connections.model_copy(update={"domains": 0})}
                )  # type: ignore[union-attr]
                for h in plan.measures.history
            ],
        }
    )
    text = _text(plan.model_copy(update={"measures": counts}), "md")
    assert "Kinds of help I know someone for" not in text
    assert "People in my network: 3 in November 2026, 6 now (up 3)." in text


def test_a_plan_with_no_measures_has_no_change_section() -> None:
    plan = Plan(created="2027-03-03T10:00:00+00:00", goals=[], referrals=[])
    for fmt, heading in (
        ("md", "How things have changed"),
        ("txt", "HOW THINGS HAVE CHANGED"),
        ("html", "How things have changed"),
        ("easy", "How things are going"),
    ):
        assert heading not in _text(plan, fmt)


def test_easy_read_shows_bars_and_one_short_sentence_a_line() -> None:
    html = _text(for_audience(measured_plan(), "person"), "easy")
    section = _section(html, "<h2>How things are going</h2>", "<h2>")
    bars = re.findall(r'<svg[^>]*class="easy-bars"[^>]*>', section)
    assert bars and all('aria-hidden="true"' in b for b in bars)
    words = squash(Page(section).joined)
    assert "How worried you felt yesterday" in words
    worried = _section(section, "How worried you felt yesterday", '<div class="row">')
    lines = re.findall(r"<p>([^<]*)</p>", worried)
    assert lines == [
        "This time: 4 out of 10.",
        "In January 2027: 7 out of 10.",
        "For this one, a lower number is better.",
    ]
    assert "What was hoped for." in words
    assert "I go to the café once a week" in words


def test_easy_read_says_when_a_question_was_not_answered_this_time() -> None:
    plan = measured_plan()
    skipped = plan.measures.model_copy(
        update={"wellbeing": plan.measures.wellbeing.model_copy(update={"worthwhile": None})}  # type: ignore[union-attr]
    )
    html = _text(for_audience(plan.model_copy(update={"measures": skipped}), "person"), "easy")
    block = _section(html, "How much the things you do feel worth doing", "How happy you felt")
    assert re.findall(r"<p>([^<]*)</p>", block) == [
        "You did not say this time.",
        "In January 2027: 5 out of 10.",
    ]
    assert "Last time" in block and "This time" not in block


def test_hostile_goal_words_are_escaped_in_the_charts_and_tables() -> None:
    plan = measured_plan(goal=HOSTILE)
    html = _text(plan, "html")
    assert "<script>alert(1)" not in html
    section = _section(html, 'id="h-changes"', "</section>")
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in section
    assert "\x1b" not in html
    md = _text(plan, "md")
    assert "<script>" not in md


def test_fhir_has_an_observation_per_ons4_answer_at_each_meeting() -> None:
    bundle = _bundle(measured_plan())
    ons = [o for o in _measures(bundle) if _code(o).startswith("ons4-")]
    got = sorted((_code(o), o["effectiveDateTime"], o["valueInteger"]) for o in ons)
    assert ("ons4-anxious", "2026-11-02", 8) in got
    assert ("ons4-anxious", "2027-03-03", 4) in got
    assert ("ons4-worthwhile", "2027-01-10", 5) in got
    assert not any(c == "ons4-worthwhile" and d == "2026-11-02" for c, d, _ in got)
    assert len(got) == 3 + 4 + 4
    assert all(o["category"][0]["coding"][0]["code"] == "survey" for o in ons)
    # This version's answers support the plan.
    careplan = bundle["entry"][0]["resource"]
    supporting = {r["reference"] for r in careplan["supportingInfo"]}
    now = {e["fullUrl"] for e in bundle["entry"] if e["resource"] in ons}
    assert len(now & supporting) == 4


def test_an_earlier_meeting_s_observation_keeps_the_id_it_had_in_its_own_bundle() -> None:
    later = _bundle(measured_plan())
    now = measured_plan()
    first, second = now.measures.history
    # Version 2 as it was saved: its own measures, the first meeting's as its history.
    measures = Measures(
        date=second.date,
        wellbeing=second.wellbeing,
        connections=second.connections,
        history=[first],
    )
    earlier_plan = now.model_copy(update={"number": 2, "measures": measures})
    earlier = _bundle(earlier_plan)
    then = {(_code(o), o["effectiveDateTime"]): o["id"] for o in _measures(earlier)}
    again = {(_code(o), o["effectiveDateTime"]): o["id"] for o in _measures(later)}
    assert then[("ons4-satisfied", "2027-01-10")] == again[("ons4-satisfied", "2027-01-10")]
    assert then[("connections", "2027-01-10")] == again[("connections", "2027-01-10")]


def test_goal_attainment_observations_have_the_goal_as_their_focus() -> None:
    bundle = _bundle(measured_plan())
    [goal] = [e for e in bundle["entry"] if e["resource"]["resourceType"] == "Goal"]
    gas = [o for o in _measures(bundle) if _code(o) == "gas-attainment"]
    assert sorted((o["effectiveDateTime"], o["valueInteger"]) for o in gas) == [
        ("2027-01-10", -1),
        ("2027-03-03", 0),
    ]
    assert all(o["focus"][0]["reference"] == goal["fullUrl"] for o in gas)


def test_connection_counts_are_one_observation_per_meeting_with_a_component_each() -> None:
    bundle = _bundle(measured_plan())
    counts = [o for o in _measures(bundle) if _code(o) == "connections"]
    assert sorted(o["effectiveDateTime"] for o in counts) == [
        "2026-11-02",
        "2027-01-10",
        "2027-03-03",
    ]
    now = next(o for o in counts if o["effectiveDateTime"] == "2027-03-03")
    parts = {c["code"]["coding"][0]["code"]: c["valueInteger"] for c in now["component"]}
    assert parts["connections-people"] == 6
    assert parts["connections-circle-1"] == 2
    assert parts["connections-activities-kept-up"] == 1
    assert now["category"][0]["coding"][0]["code"] == "social-history"


def test_the_shipped_outcome_code_system_is_the_one_the_export_uses() -> None:
    path = DOCS / "CodeSystem-outcome-measure.json"
    shipped = json.loads(path.read_text(encoding="utf-8"))
    assert shipped == outcome_measure_code_system()
    assert schema_errors(shipped) == []
    get_fhir_model_class("CodeSystem").model_validate(shipped)
    codes = {c["code"] for c in shipped["concept"]}
    bundle = _bundle(measured_plan())
    used = {_code(o) for o in _measures(bundle)}
    used |= {
        c["code"]["coding"][0]["code"] for o in _measures(bundle) for c in o.get("component", [])
    }
    assert used <= codes


@pytest.mark.parametrize("fmt", ["md", "txt", "html", "easy", "fhir"])
def test_wellbeing_and_connections_kept_private_leave_no_trace_in_a_copy_for_the_team(
    fmt: str,
) -> None:
    plan = measured_plan().model_copy(
        update={
            "sharing": Sharing(
                share_with=[Code(code="care_team", label="My care team")],
                private=[PrivatePart(kind="section", code="measures", label="How things changed")],
            )
        }
    )
    copy = shared_copy(plan, "team")
    text = render(copy, fmt).decode("utf-8")
    # The well-being answers and the connection counts (goal attainment stays with the goal).
    for words in (
        "Life satisfaction",
        "How life feels",
        "How worried you felt yesterday",
        "People in my network",
        "People in your life",
        "ons4-",
        "connections-people",
    ):
        assert words not in text


def test_the_closing_option_for_the_measures_names_what_keeping_it_private_leaves_out() -> None:
    # Walkthrough 6: the option read "How life feels, and how things have changed", but the
    # team's copy still had "How things have changed" (goal attainment, things to try).
    label = next(words for code, words, _paths in PLAN_SECTIONS if code == "measures")
    plan = measured_plan().model_copy(
        update={
            "sharing": Sharing(
                share_with=[Code(code="care_team", label="My care team")],
                private=[PrivatePart(kind="section", code="measures", label=label)],
            )
        }
    )
    md = _text(shared_copy(plan, "team"), "md")
    headings = set(re.findall(r"^#+ (.+)$", md, re.M))
    # What the option names is left out of the copy...
    assert label.startswith("How life feels") and "How life feels" not in headings
    assert "counts of people and things to do" in label
    assert "People and things to do" not in headings
    # ...and it names nothing the copy still shows.
    assert not {h for h in headings if h.lower() in label.lower()}


@pytest.mark.skipif(pdf.find_chromium() is None, reason="Chromium not installed")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_the_pdf_prints_the_change_and_its_charts(tmp_path: Path) -> None:
    target = tmp_path / "plan.pdf"
    target.write_bytes(render(measured_plan(), "pdf"))
    text = squash(
        subprocess.run(
            ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
        ).stdout
    )
    assert "How things have changed" in text
    assert "Anxious yesterday: 8 in November 2026, 4 now (lower is better: down 4)." in text
    # The charts' own labels are drawn as text (dates under the bars).
    assert "10 Jan" in text


def test_two_versions_on_one_day_are_told_apart_by_version() -> None:
    # Version 3 agreed the same day as version 2: both columns read "10 January 2027".
    plan = measured_plan()
    measures = plan.measures.model_copy(update={"date": "2027-01-10"})
    plan = plan.model_copy(update={"measures": measures})
    md = _text(plan, "md")
    assert "| 2 November 2026 | 10 January 2027, version 2 | 10 January 2027, version 3 |" in md
    txt = squash(_text(plan, "txt"))
    assert "4 (10 January 2027, version 2), 6 (10 January 2027, version 3)" in txt
    assert "2 November 2026, version" not in md  # a day of its own needs no version
