"""A whole solo practice session, headless: by the persona's own turns (the preview's way) and by
the trainee's moves (the app's way)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from training_support import Clock

from assistant.flows.loader import Content
from assistant.training import TrainingSession
from assistant.training.model import Persona
from assistant.training.moves import Move, is_persons_step
from assistant.training.store import load_practice, open_training_store, save_practice


def trainee_first_half(session: TrainingSession) -> None:
    """Rushes to goals, is turned down, then listens."""
    session.conversation.goto_topic("goals")
    while session.conversation.step.path != "goals.list":
        session.persona_turn()
    session.answer([{"what": "Would you try the day centre?"}])
    session.conversation.park()
    session.play_topic("getting_started")
    session.play_topic("what_matters")


def trainee_second_half(session: TrainingSession) -> None:
    """Explores concerns, suggests the allotment, lets Stan lead the rest."""
    session.play_topic("concerns")
    session.conversation.goto_topic("goals")  # resumes where it was parked
    session.answer([{"what": "What about the allotment?"}])
    while session.conversation.step.kind != "topics":
        if session.persona_turn() is None:
            session.skip()
    session.play_topic("closing")


def test_a_whole_solo_practice_session(content: Content, personas: dict[str, Persona]) -> None:
    session = TrainingSession(personas["stan"], content, seed=8, clock=Clock())
    assert session.banner.startswith("TRAINING — FICTIONAL PERSON · Stan")
    trainee_first_half(session)
    trainee_second_half(session)
    feedback = session.feedback()
    outcomes = [p.outcome for p in feedback.proposals]
    assert outcomes == ["refused", "accepted"]
    goals = session.conversation.data["goals"]["list"]
    # Suggested without asking for his ideas first: kept as the worker's, in the trainee's words.
    assert {k: goals[0][k] for k in ("id", "what", "idea_from")} == {
        "id": "allotment",
        "what": "What about the allotment?",
        "idea_from": "worker",
    }
    assert feedback.what_matters_first is True and feedback.concerns_first is True
    assert feedback.goals_complete == len(feedback.goals) >= 1
    assert feedback.proposed_by()["worker"] == 1
    assert "Our plan and next time" not in feedback.topics_not_started


def test_saving_and_resuming_midway_changes_nothing(
    tmp_path: Path, content: Content, personas: dict[str, Persona]
) -> None:
    straight = TrainingSession(personas["stan"], content, seed=8, clock=Clock())
    trainee_first_half(straight)
    trainee_second_half(straight)

    paused = TrainingSession(personas["stan"], content, seed=8, clock=Clock())
    trainee_first_half(paused)
    store = open_training_store(tmp_path)
    ids = save_practice(store, paused)
    resumed = load_practice(store, *ids, content=content, personas=personas, clock=Clock())
    trainee_second_half(resumed)
    assert resumed.to_state() == straight.to_state()


def test_training_imports_without_textual() -> None:
    code = (
        "import sys\n"
        "import assistant.training, assistant.training.feedback, assistant.training.store\n"
        "import assistant.training.render, assistant.cli.training\n"
        "print('textual' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def moves_through(session: TrainingSession, topic: str, *moves: Move) -> None:
    """Open ``topic`` and make ``moves`` in turn at the person's steps (then open questions,
    or moving on where an open question does not fit or they had nothing to say to it) until
    the topic list is back."""
    conv = session.conversation
    conv.goto_topic(topic)
    queue = list(moves)
    for _ in range(400):
        step = conv.step
        if step.kind == "topics":
            return
        if not is_persons_step(step):
            conv.skip(by="worker")
            continue
        fits = {m.kind for m in session.moves()}
        if queue:
            session.take_move(queue.pop(0))
        elif "open_question" in fits:
            seen = len(conv.log)
            session.take_move(Move("open_question"))
            if len(conv.log) == seen:  # the question stayed: nothing they could say to it
                session.take_move(Move("move_on"))
        else:
            session.take_move(Move("move_on"))
    raise AssertionError(f"{topic} did not finish")


def first_half_with_moves(session: TrainingSession) -> None:
    moves_through(
        session, "getting_started", Move("open_question"), Move("offer_keyboard"), Move("reflect")
    )
    moves_through(session, "what_matters", Move("reflect", words="The allotment matters?"))


def second_half_with_moves(session: TrainingSession) -> None:
    moves_through(session, "concerns", Move("closed_question"), Move("reflect"))
    moves_through(
        session,
        "goals",
        Move("propose", words="Don't bother with the allotment, go to a lunch club"),
        Move("invite_ideas", words="What would you like to work on?"),
    )


def test_a_whole_practice_by_moves_resumes_as_if_never_stopped(
    tmp_path: Path, content: Content, personas: dict[str, Persona]
) -> None:
    stan = personas["stan"]
    straight = TrainingSession(stan, content, seed=5, clock=Clock(), trainee="Sam", meeting=1)
    first_half_with_moves(straight)
    second_half_with_moves(straight)

    paused = TrainingSession(stan, content, seed=5, clock=Clock(), trainee="Sam", meeting=1)
    first_half_with_moves(paused)
    store = open_training_store(tmp_path)
    ids = save_practice(store, paused)
    resumed = load_practice(store, *ids, content=content, personas=personas, clock=Clock())
    second_half_with_moves(resumed)
    assert resumed.to_state() == straight.to_state()
    # What the moves did: the lunch club refused, his own allotment offered when asked.
    outcomes = [e["kind"] for e in straight.proposals]
    assert outcomes == ["refused"]
    offered = [e for e in straight.events if e["kind"] == "offered"]
    assert offered and "allotment" in offered[0]["ideas"]
    goals = straight.conversation.data["goals"]["list"]
    assert goals[0]["id"] == "allotment" and goals[0]["idea_from"] == "me"
