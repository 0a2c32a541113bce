"""The trainee's moves in solo practice and how the persona reacts (issue 17 §1 and §6):
no topic plays itself, memory across the meeting, the warmth cap per practice meeting,
private stays private, fallback lines that fit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from training_support import Clock, write_mini

from assistant.authoring.content import load_content
from assistant.flows.loader import Content
from assistant.training import TrainingError, TrainingSession
from assistant.training.feedback import compute_feedback
from assistant.training.model import Persona
from assistant.training.moves import MOVES, Move, is_persons_step, moves_for
from assistant.training.reading import explored
from assistant.training.responder import DEFAULT_LINES, IDEA_WORDS, warmth
from assistant.training.session import PRIVATE_NOTE


def solo(content: Content, persona: Persona, **kwargs: Any) -> TrainingSession:
    return TrainingSession(persona, content, seed=1, clock=Clock(), **kwargs)


def at_interests(content: Content, persona: Persona, **kwargs: Any) -> TrainingSession:
    """A solo session at `what_matters.interests` (past the say step)."""
    session = solo(content, persona, **kwargs)
    session.conversation.goto_topic("what_matters")
    session.conversation.proceed(by="worker")
    assert session.conversation.step.node_id == "interests"
    return session


def kinds(session: TrainingSession, since: int = 0) -> list[str]:
    return [e["kind"] for e in session.events[since:]]


def node(session: TrainingSession) -> str | None:
    return session.conversation.step.node_id


# ------------------------------------------------------------------------ the moves


def test_the_moves_have_keys_one_to_nine_in_order() -> None:
    assert [m.key for m in MOVES] == [str(n) for n in range(1, 10)]
    assert [m.kind for m in MOVES if m.needs_words] == ["propose", "answer_for"]


def test_which_moves_fit_which_step(mini: Content, tess: Persona) -> None:
    session = solo(mini, tess)
    conv = session.conversation
    assert session.moves() == ()  # the topic list: the trainee chooses where to go
    conv.goto_topic("what_matters")
    assert session.moves() == ()  # a say step: the trainee goes on with Enter
    conv.proceed(by="worker")
    asking = {m.kind for m in session.moves()}
    assert {"open_question", "closed_question", "answer_for"} <= asking
    assert {"propose", "invite_ideas"}.isdisjoint(asking)
    # Nothing said yet, so nothing to reflect back: move 2 comes once they have spoken.
    assert "reflect" not in asking
    session.take_move(Move("open_question"))
    assert "reflect" in {m.kind for m in session.moves()}
    conv.goto_topic("goals")
    listing = {m.kind for m in moves_for(conv.step)}
    assert {"propose", "invite_ideas"} <= listing
    # Asking openly for a goal is asking for their ideas; typing one in is suggesting it.
    assert {"open_question", "reflect", "closed_question", "answer_for"}.isdisjoint(listing)


def test_a_step_for_the_worker_takes_no_moves(mini: Content, tess: Persona) -> None:
    session = solo(mini, tess)
    conv = session.conversation
    conv.goto_topic("community")
    conv.choose("go_on", by="worker")
    conv.answer("a walk", by="worker")
    conv.answer("yes", by="worker")
    assert node(session) == "worker_view" and not is_persons_step(conv.step)
    with pytest.raises(TrainingError):
        session.take_move(Move("open_question"))


def test_no_topic_plays_itself(mini: Content, tess: Persona) -> None:
    session = solo(mini, tess)
    session.conversation.goto_topic("what_matters")
    assert node(session) == "intro"
    assert session.events == []
    assert not [e for e in session.conversation.log if e["action"] == "answered"]
    session.conversation.proceed(by="worker")
    for expected in ("hopes", "mood"):
        session.take_move(Move("open_question"))
        assert node(session) == expected  # one step per move, never more


def test_an_open_question_is_answered_from_the_tier_for_the_warmth(
    mini: Content, tess: Persona
) -> None:
    session = at_interests(mini, tess)
    turn = session.take_move(Move("open_question", words="What do you enjoy doing?"))
    assert (turn.reaction, turn.words) == ("answered", "Not much.")
    assert session.conversation.data["about"]["interests"] == "Not much."
    assert kinds(session) == ["move", "persona"]  # half a step: not a whole one yet
    move, persona = session.events
    assert move["words"] == "What do you enjoy doing?" and turn.moment == 0
    assert (persona["tier"], persona["words"]) == ("guarded", "Not much.")
    session.take_move(Move("open_question"))  # hopes: the second half step
    warmth = session.events[-1]
    assert (warmth["before"], warmth["after"], warmth["why"]) == (0, 1, "explored")


def test_a_reflection_warms_them_first_and_they_say_so(mini: Content, tess: Persona) -> None:
    session = at_interests(mini, tess)
    session.take_move(Move("open_question"))
    turn = session.take_move(Move("reflect", words="You said not much. What are you hoping?"))
    assert any(turn.words.startswith(heard) for heard in DEFAULT_LINES["heard"])
    # Half a step for the first answer, the reflection and the answer it drew.
    assert (turn.warmth_before, turn.warmth_after) == (0, 1)
    assert session.events[-1]["why"] == "reflected"


def test_a_reflection_before_they_have_said_anything_is_refused_plainly(
    mini: Content, tess: Persona
) -> None:
    # Tester's report: move 2 at the first question was taken, and the feedback credited
    # "You reflected back what Stan said" though nothing had been said.
    session = at_interests(mini, tess)
    assert not session.has_spoken
    assert "reflect" not in {m.kind for m in session.moves()}
    log = list(session.conversation.log)
    with pytest.raises(TrainingError, match="has not said anything yet"):
        session.take_move(Move("reflect"))
    assert session.events == [] and session.conversation.log == log  # no trace
    session.take_move(Move("open_question"))
    assert session.has_spoken
    turn = session.take_move(Move("reflect"))
    assert turn.reaction == "answered"


def test_a_closed_question_gets_the_short_answer_and_no_warmth(
    mini: Content, tess_data: dict[str, Any]
) -> None:
    tess_data["warmth"]["start"] = 2  # warm from the start: an open question gets more
    persona = Persona.model_validate(tess_data)
    opening, closing = at_interests(mini, persona), at_interests(mini, persona)
    opened = [opening.take_move(Move("open_question")) for _ in range(2)]
    closed = [closing.take_move(Move("closed_question")) for _ in range(2)]
    assert opened[0].words == "Swimming and painting." and opened[-1].warmth_after == 3
    assert closed[0].words == "Not much." and closing.warmth == 2


def test_side_moves_keep_the_step_and_warm_them_once(mini: Content, tess: Persona) -> None:
    session = at_interests(mini, tess)
    first = session.take_move(Move("offer_keyboard"))
    again = session.take_move(Move("offer_keyboard"))
    record = session.take_move(Move("explain_record"))
    assert node(session) == "interests"
    assert [t.reaction for t in (first, again, record)] == ["side"] * 3
    # Half a step each, once each.
    assert (first.warmth_after, again.warmth_after, record.warmth_after) == (0, 0, 1)
    assert first.words in DEFAULT_LINES["keyboard"]  # Tess does not take the keyboard
    keyboard = next(e for e in session.events if e["kind"] == "keyboard")
    assert keyboard["taken"] is False
    assert session.keyboard_offered and session.record_explained


def test_a_persona_who_takes_the_keyboard_says_so(mini: Content, tess_data: dict) -> None:
    tess_data["keyboard"] = {"takes": True}
    tess_data["voice"]["keyboard"] = ["Give it here."]
    session = at_interests(mini, Persona.model_validate(tess_data))
    turn = session.take_move(Move("offer_keyboard"))
    assert turn.words == "Give it here." and session.events[-1]["taken"] is True


def test_inviting_ideas_gets_their_own_ideas_stored_as_theirs(
    mini: Content, tess_data: dict
) -> None:
    tess_data["warmth"]["ready_after"] = []  # ready from the start
    session = solo(mini, Persona.model_validate(tess_data))
    session.conversation.goto_topic("goals")
    turn = session.take_move(Move("invite_ideas", words="What would you like to work on?"))
    assert turn.reaction == "answered"
    stored = session.conversation.data["goals"]["list"]
    # Only what she would share at this warmth: painting is for later.
    assert [(g["id"], g["idea_from"]) for g in stored] == [("swim", "me")]
    offered = next(e for e in session.events if e["kind"] == "offered")
    assert offered["ideas"] == ["swim"]
    assert session.conversation.log[-1]["by"] == "person"


def test_inviting_ideas_too_early_leaves_the_step_for_a_suggestion(
    mini: Content, tess_data: dict
) -> None:
    tess_data["goals"][0]["share_at"] = 3
    session = solo(mini, Persona.model_validate(tess_data))
    session.conversation.goto_topic("goals")
    turn = session.take_move(Move("invite_ideas"))
    assert turn.reaction == "not_today" and turn.words in DEFAULT_LINES["nothing_yet"]
    assert node(session) == "list" and "goals" not in session.conversation.data
    assert session.events[-1]["kind"] == "offered" and session.events[-1]["ideas"] == []


def test_a_refused_idea_proposed_again_is_refused_again_and_cools_them_again(
    mini: Content, tess: Persona
) -> None:
    session = solo(mini, tess, meeting=1)
    session.conversation.goto_topic("goals")
    first = session.take_move(Move("propose", words="How about bingo on Fridays?"))
    again = session.take_move(Move("propose", words="Bingo, though?"))
    assert (first.reaction, again.reaction) == ("refused", "refused")
    refusals = [e for e in session.events if e["kind"] == "refused"]
    assert refusals[-1]["reason"] == "repeat"
    assert again.warmth_after == again.warmth_before - 2 or again.warmth_after == 0
    assert "goals" not in session.conversation.data


def test_answering_for_them_goes_in_as_the_workers_and_cools_them(
    mini: Content, tess_data: dict
) -> None:
    tess_data["warmth"]["start"] = 1
    session = solo(mini, Persona.model_validate(tess_data))
    session.conversation.goto_topic("community")
    session.conversation.choose("go_on", by="worker")
    assert session.conversation.step.speaker == "person"  # the person's question
    turn = session.take_move(Move("answer_for", words="She'd like to swim."))
    assert (turn.reaction, turn.words) == ("talked_over", "I can speak for myself.")
    assert session.conversation.data["community"]["try"] == "She'd like to swim."
    assert session.conversation.log[-1]["by"] == "worker"
    assert (turn.warmth_before, turn.warmth_after) == (1, 0)
    assert kinds(session, turn.moment) == ["move", "talked_over", "warmth"]


def test_writing_a_step_meant_for_both_is_not_talking_over(mini: Content, tess: Persona) -> None:
    session = at_interests(mini, tess)  # the mini steps are for both of them
    turn = session.take_move(Move("answer_for", words="Swimming"))
    assert turn.reaction == "answered" and "talked_over" not in kinds(session)
    assert session.conversation.log[-1]["by"] == "worker"


def test_answering_for_them_needs_the_answer(mini: Content, tess: Persona) -> None:
    session = at_interests(mini, tess)
    with pytest.raises(Exception, match="Please write"):
        session.take_move(Move("answer_for"))
    assert session.events == []  # nothing happened: no trace


def test_moving_on_is_the_worker_leaving_the_question(mini: Content, tess: Persona) -> None:
    session = at_interests(mini, tess)
    turn = session.take_move(Move("move_on"))
    assert turn.reaction == "skipped" and node(session) == "hopes"
    assert session.conversation.log[-1]["by"] == "worker"
    assert session.events[-1] == {**session.events[-1], "kind": "skipped", "by": "worker"}


def test_a_move_that_does_not_fit_leaves_no_trace(mini: Content, tess: Persona) -> None:
    session = at_interests(mini, tess)
    with pytest.raises(TrainingError, match="does not fit"):
        session.take_move(Move("propose", words="Swimming"))
    assert session.events == [] and node(session) == "interests"


def test_paired_role_play_has_no_moves(mini: Content, tess: Persona) -> None:
    session = solo(mini, tess, mode="paired")
    session.conversation.goto_topic("what_matters")
    session.conversation.proceed()
    assert session.moves() == ()
    with pytest.raises(TrainingError):
        session.take_move(Move("open_question"))


def test_each_move_is_timed_when_it_happens(mini: Content, tess: Persona) -> None:
    clock = Clock()
    session = TrainingSession(tess, mini, seed=1, clock=clock)
    session.conversation.goto_topic("what_matters")
    session.conversation.proceed(by="worker")
    clock.at(30)
    session.take_move(Move("open_question"))
    clock.at(95)
    session.take_move(Move("open_question"))
    moves = [e["at"] for e in session.events if e["kind"] == "move"]
    assert moves == [clock.at(30)().isoformat(), clock.at(95)().isoformat()]


# ------------------------------------------------------------------ warmth per meeting


def good_practice(session: TrainingSession, topic: str, stop: str | None = None) -> None:
    """The trainee asks openly, then reflects, at each of the person's steps of ``topic``."""
    conv = session.conversation
    conv.goto_topic(topic)
    for _ in range(300):
        step = conv.step
        if step.kind == "topics" or (stop and step.path == stop):
            return
        if not is_persons_step(step):
            conv.skip(by="worker")
            continue
        seen = len(conv.log)
        fitting = {m.kind for m in session.moves()}
        # A list of ideas takes no reflection: they are asked for theirs. Nothing said yet
        # is nothing to reflect back: ask openly first.
        move = next(k for k in ("reflect", "open_question", "invite_ideas") if k in fitting)
        session.take_move(Move(move))
        if len(conv.log) == seen:  # nothing they could say to it: the trainee leaves it
            session.take_move(Move("move_on"))
    raise AssertionError(f"{topic} did not finish")


def stan_to_goals(content: Content, stan: Persona, meeting: int) -> TrainingSession:
    session = TrainingSession(stan, content, seed=3, clock=Clock(), meeting=meeting)
    # A long meeting, well run: warm enough for what they share much later, if the cap allows.
    topics = ["getting_started", "what_matters", "concerns"]
    topics += ["connections", "resourceful_people", "community"]
    for topic in topics:
        good_practice(session, topic)
    good_practice(session, "goals", stop="goals.list")
    return session


def test_warmth_is_capped_per_practice_meeting(content: Content, personas: dict) -> None:
    stan = personas["stan"]
    first = stan_to_goals(content, stan, meeting=1)
    second = stan_to_goals(content, stan, meeting=2)
    assert first.warmth == first.warmth_cap == stan.warmth.start + stan.warmth.per_meeting
    assert first._uncapped() > first.warmth  # the cap held a gain back
    assert second.warmth_cap > first.warmth_cap
    assert any(e["kind"] == "warmth" and e["why"] == "capped" for e in first.events)


def test_much_later_means_a_later_practice_meeting(content: Content, personas: dict) -> None:
    stan = personas["stan"]
    church = next(g for g in stan.goals if g.id == "church_coffee")
    offered = {}
    for meeting in (1, 2):
        session = stan_to_goals(content, stan, meeting)
        assert session.conversation.step.path == "goals.list"
        session.take_move(Move("invite_ideas"))
        offered[meeting] = next(
            e for e in session.events if e["kind"] == "offered" and e["topic"] == "goals"
        )["ideas"]
    assert church.share_at > stan.warmth.start + stan.warmth.per_meeting
    assert church.id not in offered[1]
    assert church.id in offered[2]


# ------------------------------------------------------------------ private stays private


def private_tess(data: dict[str, Any]) -> Persona:
    data["private"] = [
        {
            "id": "near_drowning",
            "what": "She nearly drowned as a child.",
            "words": "I said I'd rather that wasn't written down.",
        }
    ]
    data["answers"]["what_matters.interests"] = {
        "value": "Swimming. The rest stays between us.",
        "keeps_private": ["near_drowning"],
    }
    data["answers"]["what_matters.hopes"] = {
        "value": "To get over nearly drowning.",
        "about": ["near_drowning"],
    }
    return Persona.model_validate(data)


def test_what_they_keep_private_is_never_stored(mini: Content, tess_data: dict) -> None:
    session = at_interests(mini, private_tess(tess_data))
    session.take_move(Move("open_question"))
    assert [e["subject"] for e in session.events if e["kind"] == "kept_private"] == [
        "near_drowning"
    ]
    # Said aloud on screen, but not written down, not even in the practice's own events.
    said = " ".join(str(e.get("words")) for e in session.events)
    assert "The rest stays between us" not in said and PRIVATE_NOTE in said
    turn = session.take_move(Move("open_question"))
    assert (turn.reaction, turn.words) == (
        "not_today",
        "I said I'd rather that wasn't written down.",
    )
    assert "hopes" not in session.conversation.data["about"]
    assert session.events[-1]["kind"] == "kept_private"


def test_a_private_subject_is_told_when_not_kept_private(mini: Content, tess_data: dict) -> None:
    persona = private_tess(tess_data)
    session = at_interests(mini, persona)
    session.take_move(Move("move_on"))  # interests left: nothing was asked to stay private
    turn = session.take_move(Move("open_question"))
    assert turn.words == "To get over nearly drowning."
    assert session.conversation.data["about"]["hopes"] == "To get over nearly drowning."


def consenting_tess(data: dict[str, Any]) -> Persona:
    data["consent"] = {
        "needs_explaining": True,
        "refuses_without": ["Not till I know who reads it."],
    }
    return private_tess(data)


def to_consent(session: TrainingSession, *, explain: bool) -> None:
    conv = session.conversation
    conv.goto_topic("getting_started")
    while conv.step.path != "consent.record":
        step = conv.step
        if step.kind in ("say", "end") or not is_persons_step(step):
            conv.skip(by="worker")
        elif explain and step.node_id == "how_we_work":
            session.take_move(Move("explain_record"))
        else:
            session.take_move(
                Move("answer_for", value="Tess") if step.node_id == "name" else Move("move_on")
            )
    if explain:
        session.take_move(Move("explain_record"))


def test_a_record_is_agreed_only_once_it_is_explained(content: Content, tess_data: dict) -> None:
    persona = consenting_tess(tess_data)
    asked = TrainingSession(persona, content, seed=1, clock=Clock())
    to_consent(asked, explain=False)
    told = TrainingSession(persona, content, seed=1, clock=Clock())
    to_consent(told, explain=True)
    agreed = told.take_move(Move("open_question"))
    assert told.conversation.data["consent"]["record"] is True
    assert agreed.words in DEFAULT_LINES["consent_yes"]
    assert asked.conversation.step.path == "consent.record"


def test_before_the_record_is_explained_the_question_stays_open(
    content: Content, tess_data: dict
) -> None:
    """Finding 3: "Not till I know who reads it" is a question, not a no. Nothing is stored,
    the question stays, explaining the record is still a move, and after it they say yes."""
    session = TrainingSession(consenting_tess(tess_data), content, seed=1, clock=Clock())
    to_consent(session, explain=False)
    conv = session.conversation
    for move in ("open_question", "closed_question"):
        turn = session.take_move(Move(move))
        assert (turn.reaction, turn.words) == ("not_today", "Not till I know who reads it.")
        assert conv.step.path == "consent.record"
        assert "record" not in conv.data.get("consent", {})
    # Until it is explained they keep their private things to themselves...
    assert session.private == {"near_drowning"}
    assert "explain_record" in {m.kind for m in session.moves()}
    session.take_move(Move("explain_record"))
    assert session.take_move(Move("open_question")).reaction == "answered"
    assert conv.data["consent"]["record"] is True
    assert session.private == frozenset()  # ...and it was not a "no": nothing stays locked


def refusing_tess(data: dict[str, Any]) -> Persona:
    """Tess as someone who does not want a record, explained or not."""
    data["answers"]["getting_started.consent_record"] = {"value": False, "words": "No. No record."}
    return private_tess(data)


def test_a_persona_who_truly_refuses_a_record_still_says_no(
    content: Content, tess_data: dict
) -> None:
    session = TrainingSession(refusing_tess(tess_data), content, seed=1, clock=Clock())
    to_consent(session, explain=True)
    turn = session.take_move(Move("open_question"))
    assert (turn.reaction, turn.words) == ("answered", "No. No record.")
    assert session.conversation.data["consent"]["record"] is False


def test_after_a_record_is_refused_every_private_subject_stays_private(
    content: Content, tess_data: dict
) -> None:
    session = TrainingSession(refusing_tess(tess_data), content, seed=1, clock=Clock())
    to_consent(session, explain=False)
    session.take_move(Move("open_question"))  # no record
    assert session.private == {"near_drowning"}
    conv = session.conversation
    conv.park()
    conv.goto_topic("what_matters")
    while conv.step.node_id != "hopes":
        step = conv.step
        if is_persons_step(step):
            session.take_move(Move("move_on"))
        else:
            conv.skip(by="worker")
    turn = session.take_move(Move("open_question"))
    assert turn.words == "I said I'd rather that wasn't written down."
    assert "hopes" not in conv.data.get("about", {})


# ------------------------------------------------------------------ fallback lines


def test_a_rating_is_said_in_words(mini: Content, tess: Persona) -> None:
    session = at_interests(mini, tess)
    session.take_move(Move("move_on"))
    session.take_move(Move("move_on"))
    assert node(session) == "mood"
    turn = session.take_move(Move("open_question"))
    assert turn.words == "I'd say five."
    assert session.conversation.data["ratings"]["mood"] == 5


def test_a_topic_fallback_line_fits_the_topic(mini: Content, tess_data: dict) -> None:
    del tess_data["by_tag"]["goal_setting"]
    tess_data["by_type"] = {}
    tess_data["voice"]["fallback"] = {"what_matters": ["Hard to say, that. Ask me another."]}
    session = at_interests(mini, Persona.model_validate(tess_data))
    session.take_move(Move("move_on"))
    turn = session.take_move(Move("open_question"))  # hopes: nothing written for it
    assert (turn.reaction, turn.words) == ("not_today", "Hard to say, that. Ask me another.")


def test_a_directory_choice_is_said_by_its_name(content: Content, personas: dict) -> None:
    data = personas["stan"].model_dump(exclude_unset=True)
    data["answers"]["community.directory_matches"] = {"value": ["riverside_community_garden"]}
    session = TrainingSession(Persona.model_validate(data), content, seed=3, clock=Clock())
    conv = session.conversation
    conv.goto_topic("what_matters")
    conv.proceed(by="worker")
    conv.answer("Gardening, growing vegetables", by="both")
    conv.goto_topic("community")
    while conv.step.node_id != "directory_matches":
        conv.skip(by="worker")
    turn = session.take_move(Move("open_question"))
    assert turn.words == "Riverside Community Garden."
    assert conv.data["community"]["from_directory"] == ["riverside_community_garden"]


# ------------------------------------------------------------------ saving and resuming


def test_trainee_meeting_and_memory_survive_saving(mini: Content, tess_data: dict) -> None:
    persona = private_tess(tess_data)
    session = at_interests(mini, persona, trainee="Sam K", meeting=2)
    session.take_move(Move("offer_keyboard"))
    session.take_move(Move("open_question"))
    state = session.to_state()
    resumed = TrainingSession.from_state(state, content=mini, personas={"tess": persona})
    assert (resumed.trainee, resumed.meeting) == ("Sam K", 2)
    assert resumed.events == session.events
    assert (resumed.warmth, resumed.private) == (session.warmth, session.private)
    assert resumed.keyboard_offered
    # Remembered after resuming: the subject kept private stays private.
    assert resumed.take_move(Move("open_question")).words.startswith("I said")


def test_inviting_ideas_again_adds_new_ones_and_keeps_the_list(
    mini: Content, tess_data: dict
) -> None:
    tess_data["goals"][1]["share_at"] = 1  # painting, once a little warmer
    tess_data["warmth"]["ready_after"] = []  # ready from the start
    session = solo(mini, Persona.model_validate(tess_data))
    conv = session.conversation
    conv.goto_topic("goals")
    session.take_move(Move("invite_ideas"))  # swimming
    while conv.step.kind != "topics":  # through swimming's own steps to the end of Goals
        session.take_move(Move("move_on")) if is_persons_step(conv.step) else conv.proceed()
    conv.goto_topic("what_matters")
    conv.proceed(by="worker")
    session.take_move(Move("open_question"))
    session.take_move(Move("open_question"))  # warmth 1: painting can come up now
    conv.park()
    conv.goto_topic("goals")  # Goals again: the list holds swimming
    assert conv.step.path == "goals.list"
    turn = session.take_move(Move("invite_ideas"))
    assert [g["id"] for g in conv.data["goals"]["list"]] == ["swim", "paint"]
    assert session.events[-1]["ideas"] == ["paint"] and turn.reaction == "answered"
    while conv.step.kind != "topics":
        session.take_move(Move("move_on")) if is_persons_step(conv.step) else conv.proceed()
    conv.goto_topic("goals")
    again = session.take_move(Move("invite_ideas"))  # nothing new to offer
    assert (again.reaction, again.words in DEFAULT_LINES["no_more"]) == ("not_today", True)
    assert conv.step.path == "goals.list"
    assert [g["id"] for g in conv.data["goals"]["list"]] == ["swim", "paint"]


def test_feedback_without_warmth_events_keeps_the_meetings_cap(
    mini: Content, tess_data: dict
) -> None:
    """A session saved before warmth events: its end warmth is worked out from the log and
    the side moves, and still never above what the practice meeting allows."""
    tess_data["warmth"]["per_meeting"] = 1
    persona = Persona.model_validate(tess_data)
    session = at_interests(mini, persona)
    session.take_move(Move("offer_keyboard"))
    session.take_move(Move("explain_record"))
    session.take_move(Move("open_question"))
    session.take_move(Move("reflect"))
    old = [e for e in session.events if e["kind"] != "warmth"]
    assert warmth(persona, session.conversation, old) > session.warmth_cap
    feedback = compute_feedback(
        session.conversation, persona=persona, events=old, meeting=session.meeting
    )
    assert feedback.warmth_end == session.warmth_cap


# ------------------------------------------------------------------ leaving a menu

PICK_ONLY = """
id: pick_only
title: Pick one
description: A menu that goes on only by picking.
order: 50
nodes:
  - id: intro
    kind: say
    text: One thing to pick.
    next: pick
  - id: done
    kind: end
  - id: pick
    kind: menu
    speaker: person
    prompt: Which one would you like?
    options:
      - {id: this, label: This one, goto: done}
      - {id: that, label: That one, goto: done}
    tags: [person_centred]
"""


def test_leave_this_one_is_not_offered_on_a_menu_that_cannot_be_left(
    tmp_path: Path, tess: Persona
) -> None:
    root = write_mini(tmp_path)
    (root / "flows" / "pick_only.yaml").write_text(PICK_ONLY, encoding="utf-8")
    content = load_content(root)
    session = solo(content, tess)
    conv = session.conversation
    conv.goto_topic("pick_only")
    conv.proceed(by="worker")
    assert conv.step.node_id == "pick"
    assert "move_on" not in {m.kind for m in session.moves()}
    assert "move_on" not in {m.kind for m in moves_for(conv.step, content)}
    with pytest.raises(TrainingError):
        session.take_move(Move("move_on"))
    conv.goto_topic("community")  # a menu with a step after it: leaving it goes on
    assert "move_on" in {m.kind for m in session.moves()}
    session.take_move(Move("move_on"))
    assert node(session) == "try"


# ------------------------------------------------------------------ whose idea, and choices


def to_might_help(session: TrainingSession) -> None:
    """Open Concerns and answer openly (leaving what stays) up to "What might help?"."""
    conv = session.conversation
    conv.goto_topic("concerns")
    for _ in range(60):
        step = conv.step
        if step.node_id == "might_help":
            return
        if not is_persons_step(step):
            conv.skip(by="worker")
            continue
        seen = len(conv.log)
        session.take_move(Move("open_question"))
        if len(conv.log) == seen:
            session.take_move(Move("move_on"))
    raise AssertionError("no 'What might help?' step")


@pytest.mark.parametrize(
    ("first", "said", "stored"),
    [
        (Move("open_question"), IDEA_WORDS["me"], "me"),
        (Move("answer_for", words="A lift to the library."), IDEA_WORDS["worker"], "worker"),
    ],
)
def test_whose_idea_was_that_is_answered_from_what_happened(
    content: Content, personas: dict, first: Move, said: tuple[str, ...], stored: str
) -> None:
    """Finding 9: "Whose idea was that?" is answered from who said what might help, not
    with a line about the topic."""
    session = TrainingSession(personas["stan"], content, seed=3, clock=Clock())
    to_might_help(session)
    session.take_move(first)
    assert node(session) == "might_help_from"
    turn = session.take_move(Move("open_question"))
    # Said to the worker ("You did."), never the form's label ("My worker's idea.").
    assert turn.reaction == "answered" and turn.words in said
    concern = next(c for c in session.conversation.data["concerns"]["list"] if "might_help" in c)
    assert concern["might_help_from"] == stored


def test_a_topic_line_never_stands_in_for_a_choice(mini: Content, tess_data: dict) -> None:
    """Finding 9: a topic's small talk ("That's fine by me.") is not an answer to a choice
    ("Shall we go together?"): the plain line, and the question stays."""
    tess_data["by_type"] = {}
    del tess_data["answers"]["community.go"]
    tess_data["voice"]["fallback"] = {"community": ["That's fine by me."]}
    session = solo(mini, Persona.model_validate(tess_data))
    conv = session.conversation
    conv.goto_topic("community")
    conv.choose("go_on", by="worker")
    session.take_move(Move("move_on"))
    assert node(session) == "go"
    turn = session.take_move(Move("open_question"))
    assert (turn.reaction, turn.words) == ("not_today", DEFAULT_LINES["fallback"][0])
    assert node(session) == "go"


# ------------------------------------------------------- walkthrough findings 3, 5, 11


def test_asking_for_their_ideas_before_they_are_ready_offers_nothing(
    mini: Content, tess: Persona
) -> None:
    """Finding 3: asked for ideas straight away (What matters and Concerns not explored),
    Stan offered his allotment at warmth 0. Ideas follow the gates of a suggestion."""
    session = solo(mini, tess)
    assert not session.ready_for_proposals()
    session.conversation.goto_topic("goals")
    turn = session.take_move(Move("invite_ideas"))
    assert turn.reaction == "not_today" and turn.words in DEFAULT_LINES["nothing_yet"]
    assert "goals" not in session.conversation.data
    assert session.events[-1]["kind"] == "offered" and session.events[-1]["ideas"] == []


def test_a_persona_pushed_cold_offers_no_ideas(mini: Content, tess_data: dict) -> None:
    tess_data["warmth"]["ready_after"] = []  # ready, but pushed
    session = solo(mini, Persona.model_validate(tess_data))
    session.conversation.goto_topic("goals")
    assert session.take_move(Move("propose", "Bingo")).reaction == "refused"
    assert session.cooled()
    turn = session.take_move(Move("invite_ideas"))
    assert turn.reaction == "not_today" and turn.words in session.persona.voice.not_today
    assert "goals" not in session.conversation.data


def test_a_well_run_first_meeting_warms_over_the_meeting(content: Content, personas: dict) -> None:
    """Finding 5: Stan was at his cap a minute in. Now the keyboard, the record and What
    matters leave him short of it, and Concerns takes him to his fuller answers."""
    stan = personas["stan"]
    session = TrainingSession(stan, content, seed=3, clock=Clock())
    conv = session.conversation
    conv.goto_topic("getting_started")
    while not is_persons_step(conv.step):
        conv.proceed(by="worker")
    session.take_move(Move("offer_keyboard"))
    session.take_move(Move("explain_record"))
    for topic in ("getting_started", "what_matters"):
        good_practice(session, topic)
    assert explored(conv, "what_matters")
    assert session.warmth < session.warmth_cap
    assert not [e for e in session.events if e["kind"] == "warmth" and e["why"] == "capped"]
    good_practice(session, "concerns")
    assert session.warmth >= stan.warmth.open_at


def test_ratings_and_closed_questions_do_not_warm_them(content: Content, personas: dict) -> None:
    stan = personas["stan"]
    session = TrainingSession(stan, content, seed=3, clock=Clock(), meeting=2)
    conv = session.conversation
    conv.goto_topic("what_matters")
    for _ in range(60):
        step = conv.step
        if step.kind == "topics":
            break
        if not is_persons_step(step):
            conv.skip(by="worker") if step.kind == "ask" else conv.proceed(by="worker")
        elif step.answer_type == "rating":
            session.take_move(Move("open_question"))
        elif "closed_question" in {m.kind for m in session.moves()}:
            session.take_move(Move("closed_question"))
        else:
            session.take_move(Move("move_on"))
    rated = [e for e in conv.log if e["action"] == "answered" and e["by"] == "person"]
    assert len(rated) >= 3
    assert session.warmth == stan.warmth.start


def test_they_say_they_were_heard_at_most_twice_a_meeting_never_the_same_way(
    content: Content, personas: dict
) -> None:
    """Finding 11: "Yes. That's it exactly." came at every topic's first reflection."""
    session = TrainingSession(personas["stan"], content, seed=3, clock=Clock())
    for topic in ("what_matters", "concerns", "connections", "resourceful_people"):
        good_practice(session, topic)
    said = [e["heard_line"] for e in session.events if e.get("heard_line")]
    first_reflections = {e["topic"] for e in session.events if e.get("heard")}
    assert len(first_reflections) >= 3
    assert 1 <= len(said) <= 2 and len(set(said)) == len(said)
    assert all(w in personas["stan"].voice.heard for w in said)
    spoken = [e["words"] for e in session.events if e["kind"] == "persona"]
    assert sum(w.startswith(said[0]) for w in spoken) == 1


# ------------------------------------------------ changing an earlier answer afterwards


def test_solo_the_personas_answer_cannot_be_changed_afterwards(
    mini: Content, tess: Persona
) -> None:
    session = at_interests(mini, tess)
    session.take_move(Move("open_question"))
    said = session.conversation.data["about"]["interests"]
    log = len(session.conversation.log)
    with pytest.raises(TrainingError, match="Tess's words stay Tess's"):
        session.edit("about.interests", "Whatever the worker says")
    assert session.conversation.data["about"]["interests"] == said
    assert len(session.conversation.log) == log


def test_solo_an_answer_typed_for_them_is_not_rewritten_afterwards_either(
    mini: Content, tess: Persona
) -> None:
    session = at_interests(mini, tess)
    session.take_move(Move("answer_for", words="Swimming"))
    assert session.edit_refused("about.interests") is not None


def test_solo_the_workers_own_answer_is_changed_as_the_workers(
    mini: Content, tess: Persona
) -> None:
    session = solo(mini, tess)
    session.conversation.goto_topic("community")
    session.conversation.choose("go_on", by="worker")
    session.take_move(Move("answer_for", words="Swimming"))
    session.take_move(Move("answer_for", value="yes"))
    assert node(session) == "worker_view"
    session.answer("Going well.")
    session.edit("worker.view", "Going well, slowly.", by="person")
    assert session.conversation.data["worker"]["view"] == "Going well, slowly."
    assert session.conversation.log[-1]["by"] == "worker"


def test_paired_the_persons_answer_is_changed_as_in_a_meeting(mini: Content, tess: Persona) -> None:
    session = solo(mini, tess, mode="paired")
    session.conversation.goto_topic("what_matters")
    session.conversation.proceed()
    session.answer("Knitting")
    assert session.edit_refused("about.interests") is None
    session.edit("about.interests", "Knitting and swimming")
    assert session.conversation.log[-1]["by"] == "person"
