"""The person's own copy ("This copy is for you.") speaks to them in plain words; the care
team's copy keeps the record's wording ("said by the person", the goal levels' codes)."""

from __future__ import annotations

import datetime as dt

import pytest
from export_support import TODAY, render, seen_text

from assistant.export.templates import attribution, day_date
from assistant.plans.model import Audience, Plan

TEXT_FORMATS = ("md", "html", "txt")


def _for(plan: Plan, kind: str) -> Plan:
    return plan.model_copy(update={"audience": Audience(kind=kind)})


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_the_person_s_copy_says_who_said_each_answer_to_them(plan: Plan, fmt: str) -> None:
    seen = seen_text(_for(plan, "person"), fmt)
    assert "said by" not in seen.casefold()
    for words in ("you said", "your worker said", "we said together"):
        assert words in seen.casefold(), words


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_the_team_s_copy_keeps_the_record_s_said_by(plan: Plan, fmt: str) -> None:
    seen = seen_text(_for(plan, "team"), fmt)
    assert "said by the person" in seen and "said by both together" in seen


def test_changes_are_said_to_the_person_too() -> None:
    item = {"proposed_by": "worker", "changed_by": ["person", "both"]}
    assert attribution(item, to_person=True) == (
        "your worker said; changed by you, then you and your worker"
    )
    assert attribution(item) == "said by the worker; changed by the person, then both together"


def test_words_the_app_suggested_are_said_to_be_its_suggestion_agreed_by_whoever_took_them() -> (
    None
):
    # `proposed_by` is null for them (nobody proposed them): they read as nobody's at all.
    item = {"proposed_by": None, "changed_by": [], "agreed_by": "person"}
    assert attribution(item, to_person=True) == "suggested by the app; you agreed"
    assert attribution(item) == "suggested by the app, agreed by the person"


@pytest.mark.parametrize("fmt", ("md", "html"))
def test_the_person_s_copy_ends_saying_their_words_are_kept(plan: Plan, fmt: str) -> None:
    seen = seen_text(_for(plan, "person"), fmt)
    assert "Your words are kept exactly as you said them." in seen
    assert "The person's words" not in seen


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_the_person_s_copy_names_goal_levels_in_plain_words(plan: Plan, fmt: str) -> None:
    seen = seen_text(_for(plan, "person"), fmt)
    assert "Where you are now:" in seen
    assert "What you hoped for by the review:" in seen
    assert "Even better:" in seen
    for code in ("(−2)", "(0)", "(+2)", "Goal attainment, from −2"):
        assert code not in seen, code


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_the_team_s_copy_keeps_the_goal_levels_codes(plan: Plan, fmt: str) -> None:
    seen = seen_text(_for(plan, "team"), fmt)
    assert "Now (−2):" in seen and "Even better (+2):" in seen
    assert "Goal attainment, from −2" in seen


def test_the_person_s_plain_text_gives_an_action_as_short_labelled_lines(plan: Plan) -> None:
    # "Call Dan (said by both together) | whose idea: My idea | who: Sam | by: ..." read as
    # a case record's row.
    lines = render(_for(plan, "person"), "txt").decode().splitlines()
    first = lines.index("    - Text Dan about lunch (we said together)")
    assert lines[first + 1 : first + 4] == [
        "      Whose idea: My idea",
        "      Who: You",
        # The demo's action is for a week after its meeting (assistant/plans/demo_data.py).
        f"      By: {day_date((TODAY + dt.timedelta(days=7)).isoformat())}",
    ]
    assert not [line for line in lines if " | " in line]


def test_the_team_s_plain_text_keeps_an_action_on_one_line(plan: Plan) -> None:
    # Wrapped to the page's width as a paragraph is, but one item: no labelled lines.
    text = " ".join(render(_for(plan, "team"), "txt").decode().split())
    assert "- Text Dan about lunch (said by both together) | whose idea: The person's idea |" in (
        text
    )


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_the_person_s_copy_credits_the_ons_questions_at_the_end(plan: Plan, fmt: str) -> None:
    # The Open Government Licence asks for the source to be named: it stays, in small print
    # at the end, not in the middle of the person's answers.
    seen = seen_text(_for(plan, "person"), fmt)
    source = "free to use under the Open Government Licence v3.0"
    assert seen.count(source) == 1
    assert seen.index(source) > seen.casefold().rindex("agreement")


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_the_team_s_copy_credits_the_ons_questions_beside_them(plan: Plan, fmt: str) -> None:
    seen = seen_text(_for(plan, "team"), fmt)
    source = "free to use under the Open Government Licence v3.0"
    assert seen.casefold().index("how things have changed") < seen.index(source)
    assert seen.index(source) < seen.casefold().rindex("agreement")


@pytest.mark.parametrize(
    ("fmt", "heading"),
    [*((f, "how things have changed") for f in TEXT_FORMATS), ("easy", "how things are going")],
)
def test_a_first_meeting_s_own_copy_has_nothing_to_compare_yet(
    plans: tuple[Plan, Plan], fmt: str, heading: str
) -> None:
    first, review = plans
    assert heading not in seen_text(_for(first, "person"), fmt).casefold()
    assert "free to use under the Open Government Licence" not in seen_text(
        _for(first, "person"), fmt
    )
    assert heading in seen_text(_for(review, "person"), fmt).casefold()


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_a_first_meeting_s_team_copy_keeps_the_first_measures(
    plans: tuple[Plan, Plan], fmt: str
) -> None:
    assert "how things have changed" in seen_text(_for(plans[0], "team"), fmt).casefold()


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_the_person_s_copy_says_who_gets_in_touch_with_a_group_to_them(
    plan: Plan, fmt: str
) -> None:
    seen = seen_text(_for(plan, "person"), fmt)
    assert "You and your worker together" in seen
    assert "You agree to share your details" in seen
    assert "The person and the worker together" not in seen
    assert "share their details" not in seen


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_the_team_s_copy_keeps_the_record_s_words_for_who_gets_in_touch(
    plan: Plan, fmt: str
) -> None:
    seen = seen_text(_for(plan, "team"), fmt)
    # Named as the record names them (no worker is known for this plan).
    assert "Sam and the worker together" in seen
    assert "Agrees to share their details" in seen


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_the_person_s_copy_says_who_agrees_to_them(plans: tuple[Plan, Plan], fmt: str) -> None:
    # The first plan: Sam mostly agrees and says what he does not.
    seen = seen_text(_for(plans[0], "person"), fmt)
    assert "You agree" in seen and "Your worker" in seen
    assert "Not agreed, in your own words" in seen or "Not agreed (your words)" in seen
    for record_words in ("Sam agrees", "The worker", "person's own words", "person's words"):
        assert record_words not in seen, record_words


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_the_team_s_copy_names_the_person_who_agrees(plans: tuple[Plan, Plan], fmt: str) -> None:
    seen = seen_text(_for(plans[0], "team"), fmt)
    assert "Sam agrees" in seen and "The worker" in seen


@pytest.mark.parametrize("fmt", ("md", "html"))
def test_the_person_s_copy_calls_their_copy_their_own(plan: Plan, fmt: str) -> None:
    assert "Your own copy: Yes, on paper" in seen_text(_for(plan, "person"), fmt)
    assert "Sam's own copy: Yes, on paper" in seen_text(_for(plan, "team"), fmt)


def test_the_person_s_markdown_says_what_their_worker_found_out(plan: Plan) -> None:
    seen = seen_text(_for(plan, "person"), "md")
    assert "What your worker found out:" in seen
    assert "What the worker found out:" not in seen


def test_the_easy_read_never_names_the_person_as_someone_else(plan: Plan) -> None:
    # A guard: the easy read is always spoken to the person ("You could", "Your worker").
    seen = seen_text(_for(plan, "person"), "easy")
    for record_words in ("Sam could", "the person", "The person", "Sam agrees", "their details"):
        assert record_words not in seen, record_words
