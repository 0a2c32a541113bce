"""Regression probes for honest judging of proposals (issue 17, "Imposed ideas are accepted").

Each probe is one idea a trainee proposes to a shipped persona in solo practice, at a goal or
activity list, and asserts both how the persona takes it and what is (or is not) stored in
the plan. The word-level rules (whole words, negations) have their own small tests below.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from training_support import Clock

from assistant.flows.loader import Content
from assistant.training import TrainingSession
from assistant.training.judging import (
    ALREADY_LISTED,
    ALREADY_SAID_DEFAULT,
    ALREADY_SAID_MINE,
    COLD_LINES,
    judge_each,
    mentions,
)
from assistant.training.model import Persona
from assistant.training.moves import Move
from assistant.training.session import PRIVATE_IDEA_NOTE

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
    """A saved practice in which the trainee has explored the persona's ready_after topics,
    and their people, so they are as warm as a first meeting allows (warmth rises by half
    steps)."""
    session = TrainingSession(persona, content, seed=7, clock=Clock())
    for topic in dict.fromkeys([*persona.warmth.ready_after, "connections", "life_areas"]):
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
    # (Not the community garden: the garden he chose from the directory is on his list by
    # then, and an idea already on the list is acknowledged, not added again.)
    Probe("stan", "Chess with Tomek", "accepted", "imposed_accepted", "chess", ACTIVITIES),
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
    # Review of issue 17, finding 1: a negative wording of their own idea is not agreed to.
    Probe("stan", "Spend less time at the allotment", "refused", "negated"),
    Probe("stan", "The allotment is too much for you right now", "refused", "negated"),
    Probe("stan", "Cut back on the pints with Len", "refused", "negated"),
    Probe("pauline", "You need some me-time away from Geoff", "refused", "turn_down"),
    Probe("pauline", "Let go of the bells for now", "refused", "negated"),
    Probe("pauline", "Visit Geoff less often", "refused", "turn_down"),
    Probe("kieran", "Keep away from Chloe", "refused", "negated"),
    Probe("kieran", "Less time at work", "refused", "negated"),
    Probe("marcus", "Take a break from the guitar", "refused", "negated"),
    Probe("marcus", "Cooking for people is too risky", "refused", "negated"),
    # ... and a positive one with "less" in it is still their idea.
    Probe(
        "stan",
        "Feel less lonely: get the allotment going",
        "accepted",
        "imposed_accepted",
        "allotment",
    ),
    # Finding 10: turn-downs in other words are the persona's own turn-down.
    Probe("stan", "Move in with your daughter", "refused", "turn_down"),
    Probe("stan", "Leeds would be better for you", "refused", "turn_down"),
    Probe("kieran", "Only go out with staff", "refused", "turn_down"),
    # Finding 2: what his role card says his mum must not know (Chloe not yet private).
    Probe("kieran", "Tell your mum about Chloe", "refused", "turn_down"),
    # Too early: before the trainee has listened, the persona's own idea is "not yet".
    Probe("stan", "Sort out your allotment", "not_yet", "not_ready", "allotment", ready=False),
    Probe("marcus", "Find a jam session", "not_yet", "not_ready", "play_with_people", ready=False),
    # His own thing to try (the role card lists it under the goals he would own) offered as
    # a goal: not turned down as the ward's idea; he says where it goes.
    Probe("stan", "Chess at the library", "not_yet", "other_list"),
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


@pytest.mark.parametrize(
    ("first", "second", "reasons"),
    [
        pytest.param(
            "Knitting",
            "Maybe a knitting group near you?",
            ["pushback", "repeat"],
            id="a_pushed_back_idea_said_again_in_more_words_is_a_repeat",
        ),
        pytest.param(
            "A lunch club",
            "Chair yoga",
            ["turn_down", "turn_down"],
            id="a_new_refused_idea_is_not_a_repeat",
        ),
    ],
)
def test_a_second_idea_is_a_repeat_only_if_it_says_the_first_again(
    content, personas, first: str, second: str, reasons: list[str]
) -> None:
    session = session_for(content, personas, "stan", ready=True)
    walk_to(session, GOALS)
    session.answer([{"what": first}])
    session.answer([{"what": second}])
    assert [p["reason"] for p in session.proposals] == reasons


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


# ------------------------------------------------------------------ negative wordings, swept

# How a trainee might rule one of the person's own ideas out (review finding 1): none of
# these proposes the idea, so none may be agreed to or written in the plan.
NEGATIVE_WORDINGS = [
    "Spend less time at the {w}",
    "Less {w}",
    "Cut back on the {w}",
    "Cut down on the {w}",
    "Keep away from {w}",
    "Stay away from the {w}",
    "Take a break from the {w}",
    "You need some time away from {w}",
    "Let go of the {w}",
    "Step back from the {w}",
    "Move on from the {w}",
    "Not so much {w}",
    "See less of {w}",
    "Fewer {w}",
    "Do the {w} less often",
    "The {w} is too much for you right now",
    "The {w} isn't a good idea",
    "The {w} is too risky",
    "Give the {w} a rest",
    "The {w} can wait",
    "Put the {w} on hold",
    "You can't keep doing the {w}",
]
# Wordings that do propose it, so the negations above are not heard where there are none.
POSITIVE_WORDINGS = [
    "Try the {w}",
    "How about {w}?",
    "Why not the {w}?",
    "Don't forget the {w}",
    "Don't give up the {w}",
    "Feel less lonely: the {w}",
    "Could you give the {w} a go?",
    "Not a day centre. The {w}?",
]
# Every shipped persona, each swept with both lists.
SHIPPED_PERSONAS = ["alex", "amira", "farah", "jade", "kieran", "marcus", "owen", "pauline", "stan"]
# Amira's "moving on" is itself about seeing the worker less; the wordings do not fit it.
_NOT_SWEPT = {("amira", "moving_on")}


def _own(persona: Persona) -> list[tuple[str, Any]]:
    return [(GOALS, i) for i in persona.goals] + [(ACTIVITIES, i) for i in persona.activities]


def _judged(persona: Persona, store: str, text: str) -> Any:
    first_cap = persona.warmth.start + persona.warmth.per_meeting
    return judge_each(
        persona,
        store,
        text,
        ready=True,
        invited=False,
        level=first_cap,
        refused_before=(),
        pick=lambda count, salt: 0,
    )[0]


def _swept(
    persona: Persona, wordings: list[str], swept: Callable[[Any], bool]
) -> Iterator[tuple[Any, str, Any]]:
    """Each own idea ``swept`` keeps, in each of the wordings: the idea, the words and how
    the persona judges them at a first meeting's warmth."""
    for store, idea in _own(persona):
        if not swept(idea):
            continue
        for wording in wordings:
            text = wording.format(w=idea.match[0])
            yield idea, text, _judged(persona, store, text)


@pytest.mark.parametrize("persona_id", SHIPPED_PERSONAS)
def test_no_negative_wording_of_an_own_idea_is_agreed_or_stored(
    personas: dict[str, Persona], persona_id: str
) -> None:
    persona = personas[persona_id]
    agreed = []
    swept = _swept(persona, NEGATIVE_WORDINGS, lambda idea: (persona_id, idea.id) not in _NOT_SWEPT)
    for _idea, text, judgement in swept:
        if judgement.outcome == "accepted" or judgement.what:
            agreed.append((text, judgement.reason, judgement.what))
    assert agreed == []


@pytest.mark.parametrize("persona_id", SHIPPED_PERSONAS)
def test_a_positive_wording_of_an_own_idea_is_still_agreed_in_the_trainees_words(
    personas: dict[str, Persona], persona_id: str
) -> None:
    persona = personas[persona_id]
    wrong = []

    def swept(idea: Any) -> bool:
        # Not an idea they also turn down: only ever their own in their own time (Marcus's
        # sister).
        return not any(mentions(idea.what, t.match) for t in persona.turns_down)

    for idea, text, judgement in _swept(persona, POSITIVE_WORDINGS, swept):
        if (judgement.outcome, judgement.idea_id, judgement.what) != (
            ("accepted", idea.id, text)
            if idea.share_at <= persona.warmth.start + persona.warmth.per_meeting
            else ("not_yet", idea.id, "")
        ):
            wrong.append((text, judgement.outcome, judgement.reason, judgement.idea_id))
    assert wrong == []


# ------------------------------------------------------------------ private stays private


@dataclass(frozen=True)
class PrivateProbe:
    persona: str
    subject: str
    text: str


PRIVATE_PROBES = [
    # Review finding 2: her own visiting goal's words, about what she keeps private.
    PrivateProbe("pauline", "not_visiting", "A plan for the days you can't face visiting Geoff"),
    PrivateProbe("kieran", "chloe", "Ask your girlfriend to the cinema"),
    PrivateProbe("kieran", "chloe", "Tell your mum about Chloe"),
    PrivateProbe("stan", "ward_tears", "Tell Len how you cried on the ward"),
    PrivateProbe("marcus", "lorraine", "Ring your sister Lorraine"),
    PrivateProbe("jade", "d", "Block your ex and finish the nails course"),
]


@pytest.mark.parametrize("probe", PRIVATE_PROBES, ids=lambda p: f"{p.persona}-{p.subject}")
def test_a_proposal_naming_a_kept_subject_is_refused_in_its_words_and_not_kept(
    content, personas, probe: PrivateProbe
) -> None:
    session = session_for(content, personas, probe.persona, ready=True)
    walk_to(session, GOALS)
    step = session.conversation.step
    # What A's responder records when the persona asks for it to stay off the record.
    session._event("kept_private", step.topic, step.node_id, subject=probe.subject, words="")
    before = stored(session, GOALS)
    turn = session.take_move(Move("propose", probe.text))
    subject = next(p for p in personas[probe.persona].private if p.id == probe.subject)
    assert (turn.reaction, turn.words) == ("refused", subject.words)
    assert session.proposals[-1]["reason"] == "private"
    assert stored(session, GOALS) == before
    # Not in the practice's own record either: the move and the proposal keep a note.
    kept = json.dumps(session.events[turn.moment :])
    assert probe.text not in kept
    assert session.proposals[-1]["proposal"] == PRIVATE_IDEA_NOTE
    # The note is not an idea they turned down: a later idea is not "said again" by it.
    session.take_move(Move("propose", "Something you could keep"))
    assert session.proposals[-1]["reason"] == "pushback"


# ------------------------------------------------------------------ memory of the meeting


def _refuse(session: TrainingSession, *ideas: str) -> None:
    for idea in ideas:
        assert session.take_move(Move("propose", idea)).reaction == "refused"


def test_an_idea_on_their_list_is_acknowledged_after_being_pushed_never_not_yet(
    content, personas
) -> None:
    """Review finding 9: Stan, pushed, said "not yet" to the garden already on his list."""
    session = session_for(content, personas, "stan", ready=True)
    walk_to(session, ACTIVITIES)
    before = stored(session, ACTIVITIES)
    assert "Riverside Community Garden" in [r["what"] for r in before]
    _refuse(session, "A lunch club for you", "Try chair yoga", "A befriending service")
    turn = session.take_move(Move("propose", "Riverside Community Garden"))
    assert (turn.reaction, turn.words) in [("accepted", w) for w in ALREADY_LISTED]
    assert session.proposals[-1]["reason"] == "listed"
    assert turn.warmth_after == turn.warmth_before
    assert stored(session, ACTIVITIES) == before  # nothing added twice


def test_an_idea_they_offered_themselves_is_acknowledged_as_theirs(content, personas) -> None:
    """Offered, then taken off the list (the trainee went back): suggested again, it is
    still theirs ("I said that one already"), and goes back on the list once, as theirs."""
    session = session_for(content, personas, "stan", ready=True)
    walk_to(session, GOALS)
    assert session.take_move(Move("invite_ideas")).reaction == "answered"
    offered = stored(session, GOALS)
    assert offered and all(r["idea_from"] == "me" for r in offered)
    assert session.conversation.back()
    assert session.conversation.step.path == GOALS and stored(session, GOALS) == []
    turn = session.take_move(Move("propose", "Your allotment"))
    assert (turn.reaction, turn.words) in [("accepted", w) for w in ALREADY_SAID_MINE]
    assert session.proposals[-1]["reason"] == "listed"
    assert session.proposals[-1]["idea_from"] == "me"  # still theirs, not the worker's
    assert stored(session, GOALS) == [r for r in offered if r["id"] == "allotment"]


COLD_PROBES = [
    # Review finding 9: Marcus at warmth 0 after three refusals agreed to a jam session.
    (
        "marcus",
        "Find a jam session",
        ("Talk to your psychiatrist", "The day centre", "Ring Lorraine"),
    ),
    ("stan", "Get the allotment going", ("A lunch club", "Chair yoga", "A befriending service")),
    (
        "kieran",
        "Go into town on the bus on your own",
        ("A day centre", "Stay in more", "Move back home"),
    ),
]


@pytest.mark.parametrize(("persona_id", "own", "pushed"), COLD_PROBES, ids=lambda v: str(v)[:20])
def test_a_persona_made_cold_by_refusals_says_not_today_to_its_own_idea(
    content, personas, persona_id: str, own: str, pushed: tuple[str, ...]
) -> None:
    session = session_for(content, personas, persona_id, ready=True)
    walk_to(session, GOALS)
    _refuse(session, *pushed)
    assert session.cooled()
    turn = session.take_move(Move("propose", own))
    event = session.proposals[-1]
    assert (turn.reaction, event["reason"], turn.words) in [
        ("not_yet", "cold", w) for w in COLD_LINES
    ]
    assert stored(session, GOALS) == []


@pytest.mark.parametrize("persona_id", ["marcus", "stan", "kieran"])
def test_not_pushed_the_same_persona_is_not_cold(content, personas, persona_id: str) -> None:
    session = session_for(content, personas, persona_id, ready=True)
    walk_to(session, GOALS)
    assert not session.cooled()


# ------------------------------------------------------------------ two ideas in one breath

TWO_IDEA_PROBES = [
    # Review finding 10: only the first idea named was judged.
    (
        "stan",
        "Get the allotment going and ring Len from the depot",
        [("accepted", "allotment"), ("accepted", "ring_len")],
        [("allotment", "Get the allotment going"), ("ring_len", "Ring Len from the depot")],
    ),
    (
        "stan",
        "Get the allotment going, then go back to mass on Sundays",
        [("accepted", "allotment"), ("not_yet", "church_coffee")],
        [("allotment", "Get the allotment going")],
    ),
    (
        "pauline",
        "Book the minibus to see Geoff, and the history club",
        [("accepted", "see_geoff")],
        [("see_geoff", "Book the minibus to see Geoff, and the history club")],
    ),
]


@pytest.mark.parametrize(
    ("persona_id", "text", "judged", "kept"), TWO_IDEA_PROBES, ids=lambda v: str(v)[:30]
)
def test_each_own_idea_named_in_one_proposal_is_judged_and_what_is_agreed_is_stored(
    content,
    personas,
    persona_id: str,
    text: str,
    judged: list[tuple[str, str]],
    kept: list[tuple[str, str]],
) -> None:
    session = session_for(content, personas, persona_id, ready=True)
    walk_to(session, GOALS)
    session.take_move(Move("propose", text))
    assert [(e["kind"], e["idea"]) for e in session.proposals] == judged
    assert all(e["proposal"] == text for e in session.proposals)
    assert [(r["id"], r["what"], r["idea_from"]) for r in stored(session, GOALS)] == [
        (idea, what, "worker") for idea, what in kept
    ]
