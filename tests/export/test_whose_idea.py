"""Whose idea each plan item was is kept apart from who does it, and every export and the
finish preview say the same as the record (the demo's review plan, version 2)."""

from __future__ import annotations

from typing import Any

import pytest
from export_support import Page, squash

from assistant.export.fhir import plan_to_fhir
from assistant.export.measures import referral_rows
from assistant.export.render import render
from assistant.meetings.plan_view import plan_sections
from assistant.plans.model import Audience, Code, Plan, Referral

WORKERS = "My worker's idea"
MINE = "My idea"
TOGETHER = "We thought of it together"
# The same, as a copy someone else reads says them: "my" would read as the reader's own.
THE_WORKERS = "The worker's idea"
THE_PERSONS = "The person's idea"
BOTH = "The person and the worker together"
FOR_OTHERS = {WORKERS: THE_WORKERS, MINE: THE_PERSONS, TOGETHER: BOTH}

# (what the item says, whose idea the record says it was), as the demo meeting made them.
ACTION = ("Come along to the first walk", WORKERS)  # done by Jo, the worker's idea
WAY_PAST = ("Text my worker", MINE)
CONCERN_IDEA = ("Asking about a bus pass at the advice centre.", WORKERS)
HELPER = ("Priya", WORKERS)
TO_TRY = ("Wellbeing walks, Tuesday mornings", WORKERS)
GOAL = ("Go to the walking group", TOGETHER)
ITEMS = [ACTION, WAY_PAST, CONCERN_IDEA, HELPER, TO_TRY, GOAL]


def _for(plan: Plan, kind: str, name: str | None = None) -> Plan:
    return plan.model_copy(update={"audience": Audience(kind=kind, name=name)})


def _text(plan: Plan, fmt: str) -> str:
    raw = render(plan, fmt).decode()
    return squash(Page(raw).joined if fmt in ("html", "easy") else raw)


def _says(text: str, item: str, idea: str, window: int = 160) -> bool:
    """``idea`` is written right after ``item`` (within a short stretch of text), at one of
    the places the item is mentioned."""
    start = text.find(item)
    while start >= 0:
        if idea in text[start : start + len(item) + window]:
            return True
        start = text.find(item, start + 1)
    return False


def test_the_record_keeps_whose_idea_apart_from_who_does_it(plan: Plan) -> None:
    action = next(a for g in plan.goals for a in g.actions if a.what == ACTION[0])
    assert action.idea_from is not None and action.idea_from.label == WORKERS
    assert action.who is not None and action.who.kind == "other"


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
@pytest.mark.parametrize("item", ITEMS, ids=lambda i: i[0][:12])
def test_the_person_s_own_copy_says_whose_idea_in_their_words(
    plan: Plan, fmt: str, item: tuple[str, str]
) -> None:
    assert _says(_text(_for(plan, "person"), fmt), *item)


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
@pytest.mark.parametrize("item", ITEMS, ids=lambda i: i[0][:12])
def test_the_team_s_copy_says_whose_idea_in_the_third_person(
    plan: Plan, fmt: str, item: tuple[str, str]
) -> None:
    what, idea = item
    assert _says(_text(_for(plan, "team"), fmt), what, FOR_OTHERS[idea])


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
@pytest.mark.parametrize("audience", [("team", None), ("named", "GP"), ("named", "Dan")])
def test_no_copy_for_someone_else_says_my_idea(
    plan: Plan, fmt: str, audience: tuple[str, str | None]
) -> None:
    text = _text(_for(plan, *audience), fmt)
    assert THE_WORKERS in text
    assert not any(words in text for words in (MINE, WORKERS, TOGETHER))


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_full_exports_say_whose_idea_the_directory_picks_were(plan: Plan, fmt: str) -> None:
    name = plan.community.from_directory[0].label
    assert _says(_text(_for(plan, "person"), fmt), name, TOGETHER, window=400)
    assert _says(_text(_for(plan, "team"), fmt), name, BOTH, window=400)


@pytest.mark.parametrize(
    ("item", "words"),
    [
        (ACTION, "This was your worker's idea."),
        (WAY_PAST, "This was your idea."),
        (TO_TRY, "This was your worker's idea."),
        (GOAL, "You and your worker thought of this together."),
    ],
    ids=["action", "way past", "to try", "goal"],
)
def test_easy_read_says_whose_idea_in_easy_words(
    plan: Plan, item: tuple[str, str], words: str
) -> None:
    assert _says(_text(plan, "easy"), item[0], words)


def _notes(resource: dict[str, Any]) -> list[str]:
    return [n["text"] for n in resource.get("note", [])]


def test_fhir_says_whose_idea_goals_actions_ways_past_and_things_to_try_were(
    plan: Plan,
) -> None:
    resources = [e["resource"] for e in plan_to_fhir(plan.to_json())["entry"]]
    goal = next(
        r for r in resources if r["resourceType"] == "Goal" and r["description"]["text"] == GOAL[0]
    )
    notes = _notes(goal)
    # A records system is read by others: never "My idea".
    assert f"Whose idea: {BOTH}" in notes
    assert f"Action “{ACTION[0]}”: {THE_WORKERS}" in notes
    assert any(WAY_PAST[0] in n and f"({THE_PERSONS})" in n for n in notes)
    careplan = resources[0]
    tries = [a["detail"]["description"] for a in careplan["activity"] if "detail" in a]
    assert any(TO_TRY[0] in t and THE_WORKERS in t for t in tries)


def test_json_keeps_whose_idea_for_every_kind_of_item(plan: Plan) -> None:
    data = plan.to_json()
    goal = next(g for g in data["goals"] if g["what"] == GOAL[0])
    assert {a["what"]: a["idea_from"]["label"] for a in goal["actions"]}[ACTION[0]] == WORKERS
    assert goal["barriers"][0]["way_past_from"]["label"] == MINE
    money = next(c for c in data["concerns"] if c["kind"]["code"] == "money")
    assert money["might_help_from"]["label"] == WORKERS
    helpers = {p["who"]: p for d in data["resourceful"]["domains"] for p in d["people"]}
    assert helpers[HELPER[0]]["idea_from"]["label"] == WORKERS
    assert data["community"]["from_directory_idea_from"]["label"] == TOGETHER


@pytest.mark.parametrize(
    "item", [ACTION, WAY_PAST, CONCERN_IDEA, HELPER, TO_TRY, GOAL], ids=lambda i: i[0][:12]
)
def test_the_finish_preview_says_whose_idea_each_item_was(
    plan: Plan, item: tuple[str, str]
) -> None:
    # In brackets after the item, as part of its line: "(my worker's idea)".
    lines = [i.answer.casefold() for s in plan_sections(plan) for i in s.items]
    what, idea = item
    assert any(_says(line, what.casefold(), f"({idea.casefold()})") for line in lines), item


def test_a_referral_s_whose_idea_is_said_for_the_copy_s_reader() -> None:
    referral = Referral(id="r1", to="The walking group", idea_from=Code(code="me", label=MINE))
    [team] = referral_rows([referral], Audience(kind="team"))
    [yours] = referral_rows([referral], Audience(kind="person"), yours=True)
    assert (team["idea_from"], yours["idea_from"]) == (THE_PERSONS, MINE)
