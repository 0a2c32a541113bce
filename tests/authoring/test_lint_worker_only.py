"""Worker-only topics (issue 16: the worker's reflection): kept out of the pair's topic list,
never run from the pair's topics, and naming real training questions."""

from __future__ import annotations

from assistant.authoring.lint import lint_paths

REFLECTION = """
id: reflect
title: Reflect
description: For the worker alone.
listed: {listed}
worker_only: true
nodes:
  - id: why
    kind: ask
    type: long_text
    speaker: worker
    prompt: "What got in the way?"
    store: reflection.why
    training_questions: [{question}]
  - id: done
    kind: end
"""
PAIR = """
id: pair
title: Pair
description: The pair's topic.
nodes:
  - id: hello
    kind: say
    text: "Hello"
  - id: then
    kind: call
    topic: reflect
  - id: done
    kind: end
"""


def found(write_topics, **files: str) -> list[tuple[str, str]]:
    return [(p.code, p.message) for p in lint_paths([write_topics(**files)])]


def test_a_worker_only_topic_with_a_known_training_question_is_clean(write_topics) -> None:
    text = REFLECTION.format(listed="false", question="barriers_to_practice")
    assert found(write_topics, reflect=text) == []


def test_an_unknown_training_question_is_named_with_a_suggestion(write_topics) -> None:
    text = REFLECTION.format(listed="false", question="barriers_to_practise")
    [(code, message)] = found(write_topics, reflect=text)
    assert code == "E229"
    assert "`barriers_to_practice`" in message


def test_a_worker_only_topic_must_stay_out_of_the_topic_list(write_topics) -> None:
    text = REFLECTION.format(listed="true", question="existing_practice")
    problems = found(write_topics, reflect=text)
    assert problems and "listed: false" in problems[0][1]


def test_a_pair_topic_may_not_run_a_worker_only_topic(write_topics) -> None:
    text = REFLECTION.format(listed="false", question="existing_practice")
    problems = found(write_topics, reflect=text, pair=PAIR)
    assert [code for code, _ in problems] == ["E230"]


def test_a_worker_only_topic_may_not_store_in_the_persons_answers(write_topics) -> None:
    """At about.what_matters the worker's reflection would overwrite the person's words."""
    text = REFLECTION.format(listed="false", question="existing_practice").replace(
        "store: reflection.why", "store: about.what_matters"
    )
    [(code, message)] = found(write_topics, reflect=text)
    assert code == "E232"
    assert "`reflection.`" in message and "`about.what_matters`" in message


def test_a_worker_only_topic_may_not_set_values_outside_its_reflection(write_topics) -> None:
    text = REFLECTION.format(listed="false", question="existing_practice").replace(
        "  - id: done\n",
        '  - id: when\n    kind: set\n    values:\n      goals.date: "today()"\n  - id: done\n',
    )
    assert [code for code, _ in found(write_topics, reflect=text)] == ["E232"]


def test_a_pair_topic_may_not_store_under_reflection(write_topics) -> None:
    pair = """
id: pair
title: Pair
description: The pair's topic.
nodes:
  - id: hello
    kind: ask
    type: text
    prompt: "What went well?"
    store: reflection.went_well
  - id: done
    kind: end
"""
    [(code, message)] = found(write_topics, pair=pair)
    assert code == "E232"
    assert "worker's own reflection" in message
