"""The shipped personas: enough of them, different from each other, clean, and playable."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from training_support import Clock

from assistant.authoring.lint import lint_paths
from assistant.authoring.schemas import render
from assistant.flows.loader import Content
from assistant.locations import schema_dir
from assistant.training import TRAINING_QUESTIONS, TrainingSession, loader, persona_schema
from assistant.training.loader import personas_dir
from assistant.training.model import Persona

SHIPPED = sorted(p.stem for p in personas_dir().glob("*.yaml"))


def test_at_least_four_personas_ship(personas: dict[str, Persona]) -> None:
    assert len(personas) >= 4


def test_the_personas_differ_in_age_and_in_how_guarded_they_are(
    personas: dict[str, Persona],
) -> None:
    ages = [p.age for p in personas.values()]
    assert min(ages) < 25 and max(ages) > 60
    assert len({(p.warmth.start, p.warmth.open_at) for p in personas.values()}) >= 3
    assert len({tuple(p.warmth.ready_after) for p in personas.values()}) >= 2


def test_shipped_personas_have_no_lint_problems_at_all() -> None:
    assert [str(p) for p in lint_paths([personas_dir()])] == []


def test_the_committed_schema_matches_the_model() -> None:
    committed = json.loads((schema_dir() / "persona.schema.json").read_text(encoding="utf-8"))
    assert committed == json.loads(render(persona_schema()))


def test_every_persona_has_trainer_questions_for_known_training_questions(
    personas: dict[str, Persona],
) -> None:
    for persona in personas.values():
        assert persona.trainer.questions
        assert set(persona.trainer.questions) <= set(TRAINING_QUESTIONS)


def play_everything(persona: Persona, content: Content, seed: int) -> TrainingSession:
    session = TrainingSession(persona, content, seed=seed, clock=Clock())
    for topic in content.listed():
        session.play_topic(topic.id)
    return session


@pytest.mark.parametrize("persona_id", SHIPPED)
def test_a_solo_playthrough_finishes_every_topic(
    persona_id: str, personas: dict[str, Persona], content: Content
) -> None:
    session = play_everything(personas[persona_id], content, seed=11)
    assert {t.status for t in session.conversation.topics()} == {"done"}
    by_person = [e for e in session.conversation.log if e.get("by") == "person"]
    assert len(by_person) >= 40
    assert session.conversation.data["goals"]["list"], "the persona shares at least one goal"


@pytest.mark.parametrize("persona_id", SHIPPED)
def test_a_playthrough_is_the_same_for_the_same_seed(
    persona_id: str, personas: dict[str, Persona], content: Content
) -> None:
    first = play_everything(personas[persona_id], content, seed=5)
    again = play_everything(personas[persona_id], content, seed=5)
    assert first.to_state() == again.to_state()


def test_the_guide_names_every_persona_and_problem_code(personas: dict[str, Persona]) -> None:
    guide = (Path(__file__).parents[2] / "docs" / "training.md").read_text(encoding="utf-8")
    codes = set(re.findall(r'"(P\d{3})"', Path(loader.__file__).read_text(encoding="utf-8")))
    documented = set(re.findall(r"P\d{3}", guide))
    for low, high in re.findall(r"P(\d{3})–P(\d{3})", guide):
        documented |= {f"P{n}" for n in range(int(low), int(high) + 1)}
    assert codes - documented == set()
    assert all(f"`{persona_id}`" in guide for persona_id in personas)
