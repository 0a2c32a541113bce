"""Role-play training: fictional personas, solo and paired practice, and feedback.

No UI here (and no Textual import). The app's entry points::

    session = TrainingSession.start("stan", mode="solo")   # or a Persona
    session.banner                                          # always on screen
    session.moves()                                         # the moves that fit this step
    turn = session.take_move(Move("open_question"))         # the trainee's move, the reaction
    reaction = session.answer(value)                        # the trainee's answer (worker steps)
    feedback = session.feedback()                           # .to_markdown() / .to_html()

See docs/training.md.
"""

from __future__ import annotations

from assistant.training.loader import (
    check_personas,
    get_persona,
    lint_persona_file,
    load_personas,
    personas_dir,
)
from assistant.training.model import Persona, persona_schema
from assistant.training.moves import MOVES, Move, MoveInfo, MoveKind, Turn, moves_for
from assistant.training.responder import Response, respond, warmth
from assistant.training.session import (
    MODES,
    WATERMARK,
    Reaction,
    TrainingError,
    TrainingLaunch,
    TrainingSession,
)
from assistant.training.themes import THEMES, TRAINING_QUESTIONS, TrainingQuestion

__all__ = [
    "MODES",
    "MOVES",
    "THEMES",
    "TRAINING_QUESTIONS",
    "WATERMARK",
    "Move",
    "MoveInfo",
    "MoveKind",
    "Persona",
    "Reaction",
    "Response",
    "TrainingError",
    "TrainingLaunch",
    "TrainingQuestion",
    "TrainingSession",
    "Turn",
    "check_personas",
    "get_persona",
    "lint_persona_file",
    "load_personas",
    "moves_for",
    "persona_schema",
    "personas_dir",
    "respond",
    "warmth",
]
