"""Regression probes for honest judging of proposals (issue 17, "Imposed ideas are accepted").

Each probe is one idea a trainee proposes to a shipped persona in solo practice, at a goal or
activity list, and asserts both how the persona takes it and what is (or is not) stored in
the plan. The word-level rules (whole words, negations) have their own small tests below.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from training_support import Clock

from assistant.flows.loader import Content
from assistant.training import TrainingSession
from assistant.training.judging import ALREADY_SAID_DEFAULT, mentions
from assistant.training.model import Persona
from assistant.training.moves import Move

GOALS = "goals.list"
ACTIVITIES = "community.list"


def walk_to(session: TrainingSession, path: str) -> None:
    """Open the list's topic and let the persona through the steps before it (bounded)."""
    session.conversation.goto_topic(path.split(".")[0])
    for _ in range(60):
        if session.conversation.step.path == path:
            return
        if session.persona_turn() is None:
            session.skip()  # a step for the worker only
    raise AssertionError(f"never reached {path}; stuck at {session.conversation.step.path}")


def listened(content: Content, persona: Persona) -> dict[str, Any]:
    """A saved practice in which the trainee has explored the persona's ready_after topics."""
    session = TrainingSession(persona, content, seed=7, clock=Clock())
    for topic in persona.warmth.ready_after:
        session.play_topic(topic)
    assert session.ready_for_proposals()
    return session.to_state()


_READY: dict[str, dict[str, Any]] = {}


def session_for(
    content: Content, personas: dict[str, Persona], persona_id: str, *, ready: bool
) -> TrainingSession:
    """A fresh practice with the persona, listened to first when ``ready``."""
    persona = personas[persona_id]
    if not ready:
        return TrainingSession(persona, content, seed=7, clock=Clock())
    if persona_id not in _READY:
        _READY[persona_id] = listened(content, persona)
    return TrainingSession.from_state(
        _READY[persona_id], content=content, personas=personas, clock=Clock()
    )


def stored(session: TrainingSession, path: str) -> list[dict[str, Any]]:
    current: Any = session.conversation.data
    for part in path.split("."):
        current = current.get(part, {}) if isinstance(current, dict) else {}
    return list(current) if isinstance(current, list) else []


@dataclass(frozen=True)
class Probe:
    persona: str
    text: str
    outcome: str  # accepted | not_yet | refused
    reason: str
    idea: str | None = None  # the persona's own idea stored (accepted) or matched (not yet)
    path: str = GOALS
    ready: bool = True


IMPOSED = [
    # Stan: the issue's probe, refusal first, even beside his own idea.
    Probe("stan", "Don't bother with the allotment, go to a lunch club", "refused", "turn_down"),
    Probe("stan", "Go to the day centre on Mondays", "refused", "turn_down"),
    Probe("stan", "A befriending service could visit you", "refused", "turn_down"),
    Probe("stan", "Move to Leeds to be nearer Kasia", "refused", "turn_down"),
    Probe("stan", "Chair yoga at the library for older people", "refused", "turn_down"),
    Probe("stan", "Forget the allotment for now", "refused", "negated"),
    Probe("stan", "Take on a new challenge", "refused", "pushback"),  # not "len"
    Probe("stan", "Get the allotment going again", "accepted", "imposed_accepted", "allotment"),
    Probe("stan", "Why not text Len from the depot?", "accepted", "imposed_accepted", "ring_len"),
    Probe(
        "stan",
        "Not a lunch club, I know. The allotment?",
        "accepted",
        "imposed_accepted",
        "allotment",
    ),
    Probe("stan", "Go back to the coffee after mass", "not_yet", "capped", "church_coffee"),
    Probe(
        "stan",
        "The work party at the community garden",
        "accepted",
        "imposed_accepted",
        "garden_party",
        ACTIVITIES,
    ),
    # Marcus: the issue's probe (his role card says he shuts his sister down).
    Probe("marcus", "make up with your sister Lorraine", "refused", "turn_down"),
    Probe("marcus", "Ring your sister this week", "refused", "turn_down"),
    Probe("marcus", "Play guitar in the music group at the hospital", "refused", "turn_down"),
    Probe("marcus", "Talk to your psychiatrist about your meds", "refused", "turn_down"),
    Probe("marcus", "There's a drop-in at the day centre", "refused", "turn_down"),
    Probe("marcus", "Try the open mic night", "accepted", "imposed_accepted", "play_with_people"),
    # Alex
    Probe("alex", "Start a full-time college course", "refused", "turn_down"),
    Probe("alex", "Spend less time gaming and make real friends", "refused", "turn_down"),
    Probe("alex", "Help out in a community kitchen", "refused", "pushback"),  # not "kit"
    Probe("alex", "Go to a board game night", "accepted", "imposed_accepted", "board_games"),
    # Jade
    Probe("jade", "Stop seeing the girls and finish your nails course", "refused", "turn_down"),
    Probe("jade", "A support group for young people", "refused", "turn_down"),
    Probe("jade", "Finish the nails course", "accepted", "imposed_accepted", "nails_course"),
    # Amira
    Probe("amira", "Let's meet every week instead", "refused", "turn_down"),
    Probe("amira", "A carer could visit you", "refused", "pushback"),  # not "car"
    Probe("amira", "Another assessment first", "refused", "turn_down"),
    Probe("amira", "Driving lessons", "accepted", "imposed_accepted", "driving"),
    # Too early: before the trainee has listened, the persona's own idea is "not yet".
    Probe("stan", "Sort out your allotment", "not_yet", "not_ready", "allotment", ready=False),
    Probe("marcus", "Find a jam session", "not_yet", "not_ready", "play_with_people", ready=False),
]


def probe_id(probe: Probe) -> str:
    words = "-".join(probe.text.casefold().replace("'", "").split()[:6])
    return f"{probe.persona}-{probe.outcome}-{''.join(c for c in words if c.isalnum() or c == '-')}"


def test_at_least_twenty_imposed_probes_across_every_persona(personas) -> None:
    assert len(IMPOSED) >= 20
    assert {p.persona for p in IMPOSED} >= {"stan", "marcus", "alex", "jade", "amira"}


@pytest.mark.parametrize("probe", IMPOSED, ids=probe_id)
def test_an_imposed_idea_is_judged_honestly(content, personas, probe: Probe) -> None:
    session = session_for(content, personas, probe.persona, ready=probe.ready)
    walk_to(session, probe.path)
    before = stored(session, probe.path)
    reaction = session.answer([{"what": probe.text}])
    event = session.proposals[-1]
    assert (event["kind"], event["reason"]) == (probe.outcome, probe.reason)
    assert reaction.kind == probe.outcome
    assert event["proposal"] == probe.text
    assert event["invited"] is False
    assert event["idea"] == probe.idea
    after = stored(session, probe.path)
    if probe.outcome == "accepted":
        # Imposed and accepted: the worker's idea, in the trainee's own words.
        added = [r for r in after if r not in before]
        assert [(r["id"], r["what"], r["idea_from"]) for r in added] == [
            (probe.idea, probe.text, "worker")
        ]
        assert session.conversation.log[-1]["by"] == "worker"
    else:
        assert after == before


def test_invited_first_the_idea_is_agreed_together_in_the_persona_words(content, personas) -> None:
    session = session_for(content, personas, "stan", ready=True)
    walk_to(session, GOALS)
    step = session.conversation.step
    # What A's take_move records for "Ask for their ideas first" at this step.
    session._event("move", step.topic, step.node_id, move="invite_ideas", words="", value=None)
    reaction = session.answer([{"what": "The allotment, you said?"}])
    assert reaction.kind == "accepted"
    event = session.proposals[-1]
    assert (event["reason"], event["idea_from"], event["invited"]) == ("own_idea", "together", True)
    assert stored(session, GOALS) == [
        {"id": "allotment", "what": personas["stan"].goals[0].what, "idea_from": "together"}
    ]
    assert session.conversation.log[-1]["by"] == "both"


def test_invited_at_another_step_does_not_count(content, personas) -> None:
    session = session_for(content, personas, "stan", ready=True)
    walk_to(session, GOALS)
    session._event("move", "community", "list", move="invite_ideas", words="", value=None)
    session.answer([{"what": "The allotment"}])
    assert stored(session, GOALS)[0]["idea_from"] == "worker"


def test_an_idea_refused_again_is_a_repeat_and_cools_the_persona_again(content, personas) -> None:
    session = session_for(content, personas, "stan", ready=True)
    walk_to(session, GOALS)
    session.answer([{"what": "A lunch club"}])
    cooled = session.warmth
    reaction = session.answer([{"what": "What about the community lunch on Tuesdays?"}])
    event = session.proposals[-1]
    assert (reaction.kind, event["reason"]) == ("refused", "repeat")
    said = personas["stan"].voice.already_said or [ALREADY_SAID_DEFAULT]
    assert reaction.words in said
    assert session.warmth == max(0, cooled - 2)
    assert stored(session, GOALS) == []


def test_a_pushed_back_idea_said_again_in_more_words_is_a_repeat(content, personas) -> None:
    session = session_for(content, personas, "stan", ready=True)
    walk_to(session, GOALS)
    session.answer([{"what": "Knitting"}])
    session.answer([{"what": "Maybe a knitting group near you?"}])
    assert [p["reason"] for p in session.proposals] == ["pushback", "repeat"]


def test_a_new_refused_idea_is_not_a_repeat(content, personas) -> None:
    session = session_for(content, personas, "stan", ready=True)
    walk_to(session, GOALS)
    session.answer([{"what": "A lunch club"}])
    session.answer([{"what": "Chair yoga"}])
    assert [p["reason"] for p in session.proposals] == ["turn_down", "turn_down"]


def test_a_repeat_survives_saving_and_resuming(content, personas) -> None:
    session = session_for(content, personas, "stan", ready=True)
    walk_to(session, GOALS)
    session.answer([{"what": "The day centre"}])
    resumed = TrainingSession.from_state(
        session.to_state(), content=content, personas=personas, clock=Clock()
    )
    resumed.answer([{"what": "Just try the day centre once"}])
    assert resumed.proposals[-1]["reason"] == "repeat"


# ------------------------------------------------------------------ through the trainee's moves

ISSUE_PROBES = [
    Probe("stan", "Don't bother with the allotment, go to a lunch club", "refused", "turn_down"),
    Probe("marcus", "make up with your sister Lorraine", "refused", "turn_down"),
]


@pytest.mark.parametrize("probe", ISSUE_PROBES, ids=probe_id)
def test_the_issue_probes_are_refused_through_the_propose_move(
    content, personas, probe: Probe
) -> None:
    session = session_for(content, personas, probe.persona, ready=True)
    walk_to(session, GOALS)
    turn = session.take_move(Move("propose", probe.text))
    assert turn.reaction == "refused"
    assert turn.words in [w for t in personas[probe.persona].turns_down for w in t.words]
    assert turn.warmth_after == max(0, turn.warmth_before - 2)
    assert session.events[turn.moment]["kind"] == "move"
    assert session.proposals[-1]["reason"] == "turn_down"
    assert stored(session, GOALS) == []
    assert session.conversation.step.path == GOALS  # the list is still open


def test_typing_into_their_list_is_a_proposal_kept_as_the_workers(content, personas) -> None:
    session = session_for(content, personas, "stan", ready=True)
    walk_to(session, GOALS)
    turn = session.take_move(Move("answer_for", "Get the allotment going"))
    assert turn.reaction == "accepted"
    assert stored(session, GOALS) == [
        {"id": "allotment", "what": "Get the allotment going", "idea_from": "worker"}
    ]


# ------------------------------------------------------------------ words and negations


@pytest.mark.parametrize(
    ("text", "phrase", "proposes"),
    [
        ("Take on a new challenge", "len", False),
        ("Could you lend a hand?", "len", False),
        ("Text Len", "len", True),
        ("Start something new", "art", False),
        ("Your art", "art", True),
        ("A carer could come", "car", False),
        ("Buy a car", "car", True),
        ("Help in the kitchen", "kit", False),
        ("Sell your drawings", "drawing", True),
        ("Selling your art", "sell", True),
        ("A translation course", "translat", True),
        ("Befriending", "befriend", True),
        ("The drop-in", "drop in", True),
        ("Allotments", "allotment", True),
        ("Your worker could come", "work", False),
        ("Working again", "work", True),
        ("A hospitality course", "hospital", False),
        ("Translators wanted", "translat", True),
    ],
    ids=lambda v: str(v),
)
def test_match_words_are_whole_words(text: str, phrase: str, proposes: bool) -> None:
    assert mentions(text, [phrase]) is proposes


@pytest.mark.parametrize(
    ("text", "proposes"),
    [
        ("Don't bother with the allotment", False),
        ("Not the allotment", False),
        ("No allotment this year", False),
        ("Instead of the allotment, rest", False),
        ("Rather than the allotment", False),
        ("Stop going to the allotment", False),
        ("Forget about the allotment", False),
        ("Never mind the allotment", False),
        ("Give up the allotment", False),
        ("Don't bother with the allotment, go to a lunch club", False),
        ("Why not try the allotment?", True),
        ("Don't forget the allotment", True),
        ("Don't you miss the allotment?", True),
        ("Not just the allotment", True),
        ("Stop moping and get the allotment going", True),
        ("No rush, but the allotment?", True),
        ("Not today. The allotment, maybe", True),
    ],
    ids=lambda v: str(v),
)
def test_a_negated_idea_is_not_proposed(text: str, proposes: bool) -> None:
    assert mentions(text, ["allotment"]) is proposes


def test_an_own_idea_about_a_private_subject_is_not_written_down(content, personas) -> None:
    data = personas["stan"].model_dump()
    data["private"] = [
        {"id": "ward", "what": "His time on the ward", "words": "I said that stays between us."}
    ]
    for goal in data["goals"]:
        if goal["id"] == "ring_len":
            goal["discloses"] = ["ward"]  # Len would ask where he has been
    stan = Persona.model_validate(data)
    session = TrainingSession.from_state(
        session_for(content, personas, "stan", ready=True).to_state(),
        content=content,
        personas={**personas, "stan": stan},
        clock=Clock(),
    )
    walk_to(session, GOALS)
    step = session.conversation.step
    session._event("kept_private", step.topic, step.node_id, subject="ward", words="")
    reaction = session.answer([{"what": "Text Len from the depot"}])
    assert (reaction.kind, reaction.words) == ("refused", "I said that stays between us.")
    assert session.proposals[-1]["reason"] == "private"
    assert stored(session, GOALS) == []
