"""A well-run and a badly-run practice of every persona, through the trainee's moves.

Issue 17, "Done when": the two get clearly different rubric scores, each pointing at the
right moments. The scripts are data (scripted_support.play): (topic, [(step, move), ...]).
Every installed persona is played, so a new persona is checked as soon as it is added.
"""

from __future__ import annotations

import re

import pytest
from scripted_support import ANY, Played, Script, play
from training_support import Clock

from assistant.flows.loader import Content
from assistant.training.loader import load_personas
from assistant.training.moves import Move
from assistant.training.rubric import Rubric, score_session
from assistant.training.session import TrainingSession, shipped_content

OPEN = Move("open_question")
REFLECT = Move("reflect")
CLOSED = Move("closed_question", "You're all right, yeah?")
IMPOSED = "Go to a lunch club"

# Listens first, explains the record, asks for their ideas, raises moving on.
WELL_RUN: Script = [
    (
        "getting_started",
        [
            ("keyboard", Move("offer_keyboard")),
            ("consent_record", Move("explain_record")),
            ("consent_record", OPEN),
        ],
    ),
    (
        "what_matters",
        [
            ("interests", Move("open_question", "What do you enjoy, or used to?")),
            ("strengths", REFLECT),
            ("hopes", OPEN),
        ],
    ),
    ("concerns", [("list", OPEN), (ANY, REFLECT)]),
    ("resourceful_people", [("meaning", OPEN), (ANY, REFLECT)]),
    ("goals", [("list", Move("invite_ideas"))]),
    ("closing", [("moving_on_picture", OPEN)]),
]

# Straight to goals with an idea of their own, closed questions, answers typed over the
# person's head (the record question too), moving on left for now.
BADLY_RUN: Script = [
    ("goals", [("list", Move("propose", IMPOSED))]),
    (
        "what_matters",
        [
            ("interests", CLOSED),
            ("strengths", Move("answer_for", "Not much really")),
            ("hopes", Move("answer_for", "To get out more")),
        ],
    ),
    ("getting_started", [("consent_record", Move("answer_for", "Yes", True))]),
    ("closing", [("moving_on_picture", Move("move_on"))]),
]

PERSONAS = sorted(load_personas())


def practice(content: Content, persona_id: str, script: Script, usual: Move) -> Played:
    session = TrainingSession.start(persona_id, content=content, seed=7, clock=Clock())
    return play(session, script, usual)


@pytest.fixture(scope="module")
def shipped() -> Content:
    return shipped_content()


def refs(rubric: Rubric, principle: str) -> list[str]:
    found = rubric.by_id()[principle]
    return [m.ref for f in found.to_work_on for m in f.moments]


@pytest.mark.parametrize("persona_id", PERSONAS)
def test_well_and_badly_run_practices_score_clearly_apart(
    shipped: Content, persona_id: str
) -> None:
    well = score_session(practice(shipped, persona_id, WELL_RUN, OPEN).session)
    badly = score_session(practice(shipped, persona_id, BADLY_RUN, CLOSED).session)
    assert well.total >= 11, [(p.id, p.score) for p in well.principles]
    assert badly.total <= 5, [(p.id, p.score) for p in badly.principles]
    assert well.went_well() and not badly.by_id()["ideas_invited"].went_well


@pytest.mark.parametrize("persona_id", PERSONAS)
def test_the_badly_run_findings_point_at_the_right_moments(
    shipped: Content, persona_id: str
) -> None:
    played = practice(shipped, persona_id, BADLY_RUN, CLOSED)
    session = played.session
    rubric = score_session(session)
    proposed = played.moment("list", "propose")
    judged = next(
        i
        for i, e in enumerate(session.events)
        if e["kind"] in ("accepted", "not_yet", "refused") and e.get("proposal") == IMPOSED
    )
    # Their ideas: the finding quotes the imposed idea at the persona's judgement of it.
    ideas = rubric.by_id()["ideas_invited"]
    assert ideas.score == 0
    pushed = next(f for f in ideas.to_work_on if f.moments)
    assert (pushed.moments[0].ref, pushed.moments[0].quote) == (f"m{judged}", IMPOSED)
    # Order: goals came up (the proposal) before what matters.
    order = next(
        f for f in rubric.by_id()["what_matters_first"].to_work_on if f.text.startswith("Order")
    )
    assert order.moments[0].ref == f"m{proposed}"
    # Typed over their head: each answer_for move, quoted.
    over = [(m.ref, m.quote) for f in rubric.by_id()["own_words"].to_work_on for m in f.moments]
    assert (f"m{played.moment('strengths', 'answer_for')}", "Not much really") in over
    assert (f"m{played.moment('hopes', 'answer_for')}", "To get out more") in over
    assert f"m{played.moment('consent_record', 'answer_for')}" in refs(rubric, "consent")
    assert refs(rubric, "moving_on") == [f"m{played.moment('moving_on_picture', 'move_on')}"]


@pytest.mark.parametrize("persona_id", PERSONAS)
def test_the_well_run_findings_point_at_the_right_moments(
    shipped: Content, persona_id: str
) -> None:
    played = practice(shipped, persona_id, WELL_RUN, OPEN)
    rubric = score_session(played.session)
    good = {p.id: [m.ref for f in p.went_well for m in f.moments] for p in rubric.principles}
    assert f"m{played.moment('interests', 'open_question')}" in good["what_matters_first"]
    assert f"m{played.moment('consent_record', 'explain_record')}" in good["consent"]
    assert f"m{played.moment('moving_on_picture', 'open_question')}" in good["moving_on"]
    quotes = [m.quote for f in rubric.by_id()["what_matters_first"].went_well for m in f.moments]
    assert "What do you enjoy, or used to?" in quotes


def test_feedback_of_a_badly_run_practice_links_every_finding_to_the_replay(
    shipped: Content,
) -> None:
    session = practice(shipped, "stan", BADLY_RUN, CLOSED).session
    page = session.feedback().to_html()
    links = set(re.findall(r'href="#(m\d+|s\d+)"', page))
    anchors = set(re.findall(r'id="(m\d+|s\d+)"', page))
    assert links and links <= anchors
    text = session.feedback().to_markdown()
    assert "Order: goals came up before you explored what matters to them" in text
    assert "Stan turned it down" in text or "Stan said not yet" in text


def test_the_own_words_finding_agrees_with_its_score_and_the_plan(shipped: Content) -> None:
    # The badly-run practice types two answers over Stan's head: own words scores 0, so
    # "answers in Stan's own words" is not something that went well, and its count is the
    # plan's ("3 of 5 written answers"), not a count of its own.
    fb = practice(shipped, "stan", BADLY_RUN, CLOSED).session.feedback()
    assert fb.rubric is not None
    own = fb.rubric.by_id()["own_words"]
    assert own.score == 0
    assert not [f.text for f in own.went_well if "own words" in f.text]
    person, written = fb.written_by["person"], sum(fb.written_by.values())
    assert 0 < person < written
    counted = f"{person} of {written} written answers in Stan's own words"
    assert f"Only {counted}." in [f.text for f in own.to_work_on]
    text = fb.to_markdown()
    assert f"Written answers in the person's own words: {person} of {written} " in text
    went_well = text.split("## What went well", 1)[1].split("## Your scores", 1)[0]
    assert "own words" not in went_well


def test_the_own_words_finding_counts_the_plans_written_answers_when_it_went_well(
    shipped: Content,
) -> None:
    fb = practice(shipped, "stan", WELL_RUN, OPEN).session.feedback()
    assert fb.rubric is not None
    own = fb.rubric.by_id()["own_words"]
    assert own.score == 2
    written = sum(fb.written_by.values())
    assert f"{written} of {written} written answers in Stan's own words." in [
        f.text for f in own.went_well
    ]
