"""The fidelity table in docs/authors-guide.md (issue 16): each theme and each of the 12
training questions -> the steps (`topic:step`) that serve it, checked against the content's
`tags:` and `training_questions:` so the table cannot drift from the flows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.flows.loader import Content
from assistant.training.themes import THEMES, TRAINING_QUESTIONS

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "authors-guide.md"
SECTION = "## The fidelity table: themes and training questions"
_CODE = re.compile(r"`([^`]+)`")


def _rows() -> tuple[dict[str, list[str]], dict[str, tuple[int, str, list[str]]]]:
    """The table's theme rows (tag -> steps) and question rows (id -> number, text, steps)."""
    text = GUIDE.read_text(encoding="utf-8")
    assert SECTION in text, f"{GUIDE.name} has no section {SECTION!r}"
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    themes: dict[str, list[str]] = {}
    questions: dict[str, tuple[int, str, list[str]]] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|") or set(cells[0]) <= {"-"} or cells[0] in ("Theme", "#"):
            continue
        if len(cells) == 3:
            (tag,) = _CODE.findall(cells[1])
            assert tag not in themes, f"two rows for the theme {tag}"
            themes[tag] = _CODE.findall(cells[2])
        elif len(cells) == 4:
            (qid,) = _CODE.findall(cells[2])
            assert qid not in questions, f"two rows for the training question {qid}"
            questions[qid] = (int(cells[0]), cells[1], _CODE.findall(cells[3]))
        else:
            pytest.fail(f"a row of the fidelity table that is neither kind: {line!r}")
    return themes, questions


THEME_ROWS, QUESTION_ROWS = _rows()


def _node(content: Content, step: str):
    topic, _, node_id = step.partition(":")
    index = content.topics.get(topic)
    assert index is not None, f"{step}: there is no topic {topic!r}"
    node = index.nodes.get(node_id)
    assert node is not None, f"{step}: topic {topic!r} has no step {node_id!r}"
    return node


def test_every_theme_has_a_row_and_no_row_is_not_a_theme() -> None:
    assert set(THEME_ROWS) == set(THEMES)


def test_every_training_question_has_a_row_with_its_number_and_words() -> None:
    assert set(QUESTION_ROWS) == set(TRAINING_QUESTIONS)
    for qid, (number, words, _) in QUESTION_ROWS.items():
        assert (number, words) == (TRAINING_QUESTIONS[qid].number, TRAINING_QUESTIONS[qid].question)


@pytest.mark.parametrize("tag", sorted(THEMES))
def test_each_theme_is_served_by_steps_that_carry_its_tag(content: Content, tag: str) -> None:
    steps = THEME_ROWS.get(tag, [])
    assert steps, f"no step serves the theme {tag}"
    missing = [s for s in steps if tag not in _node(content, s).tags]
    assert missing == [], f"these steps do not carry the tag {tag}"


@pytest.mark.parametrize("qid", sorted(TRAINING_QUESTIONS))
def test_each_training_question_is_served_by_exactly_the_steps_that_carry_it(
    content: Content, qid: str
) -> None:
    listed = QUESTION_ROWS.get(qid, (0, "", []))[2]
    assert listed, f"no step serves the training question {qid}"
    missing = [s for s in listed if qid not in _node(content, s).training_questions]
    assert missing == [], f"these steps do not carry training_questions: [{qid}]"
    carrying = {
        f"{topic}:{node.id}"
        for topic, index in content.topics.items()
        for node in index.topic.nodes
        if qid in node.training_questions
    }
    assert carrying - set(listed) == set(), f"steps serving {qid} missing from its row"
