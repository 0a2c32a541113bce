"""Flows reach the community directory through `opportunities()` and `opportunity()`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.authoring.content import load_content
from assistant.engine.conversation import Conversation
from assistant.locations import content_dir
from tests.conftest import SAMPLE


@pytest.fixture
def with_directory(tmp_path: Path, write_topics) -> Conversation:
    root = write_topics(
        pick="""
        id: pick
        title: Pick
        description: Choose something to try from the local directory.
        nodes:
          - {id: likes, kind: ask, type: text, prompt: "What do you enjoy?", store: about.likes}
          - id: choose
            kind: ask
            type: multi_choice
            prompt: "Any of these?"
            store: plan.tries
            options_from: "opportunities(get('about.likes', ''), 3)"
          - id: show
            kind: say
            text: "{% for id in get('plan.tries', []) %}{{ opportunity(id).name }};{% endfor %}"
          - {id: fin, kind: end}
        """
    )
    shutil.copytree(content_dir() / "directory", root / "directory")
    conv = Conversation(load_content(root))
    conv.goto_topic("pick")
    return conv


def test_options_come_from_the_directory_matched_to_interests(with_directory) -> None:
    with_directory.answer("painting")
    assert "Open Door Art Group" in " ".join(label for _, label in with_directory.step.options)


def test_a_computed_option_can_be_chosen_and_looked_up(with_directory) -> None:
    with_directory.answer("painting")
    first = with_directory.step.options[0][0]
    with_directory.answer([first])
    assert with_directory.step.text.endswith(";") and len(with_directory.step.text) > 1


def test_a_value_outside_the_computed_options_is_refused(with_directory) -> None:
    from assistant.engine.answers import AnswerError

    with_directory.answer("painting")
    with pytest.raises(AnswerError):
        with_directory.answer(["not_in_the_directory"])


def test_without_a_directory_there_are_no_opportunities(sample_content) -> None:
    assert Conversation(load_content(SAMPLE)).functions["opportunities"]("music") == []
