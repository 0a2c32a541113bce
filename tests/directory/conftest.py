"""Shared fixtures for the community directory tests."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.locations import content_dir

PICK_TOPIC = """
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
    options_from: "OPTIONS_FROM"
  - id: show
    kind: say
    text: "{% for id in get('plan.tries', []) %}{{ opportunity(id).name }};{% endfor %}"
  - {id: fin, kind: end}
"""


@pytest.fixture
def pick_content(write_topics) -> Callable[[str], Path]:
    """A content folder with the shipped directory and a "pick" topic: what the person enjoys,
    then a choice whose options come from ``options_from``, then the names of those chosen."""

    def make(options_from: str) -> Path:
        root = write_topics(pick=PICK_TOPIC.replace("OPTIONS_FROM", options_from))
        shutil.copytree(content_dir() / "directory", root / "directory")
        return root

    return make
