"""An option that goes on its own (`alone: true`, e.g. "Nothing at the moment"): an answer
with it and anything else is refused, saying how to put it right; the step says which
options go alone, written or from `options_from`."""

from __future__ import annotations

import pytest

from assistant.authoring.content import load_content
from assistant.engine.answers import AnswerError, coerce
from assistant.engine.conversation import Conversation
from assistant.flows.model import AskNode, Choice

OPTIONS = [
    Choice(value="practical", label="Everyday things"),
    Choice(value="company", label="Company and fun"),
    Choice(value="nothing", label="Nothing at the moment", alone=True),
]


def _pick() -> AskNode:
    return AskNode(id="q", kind="ask", type="multi_choice", prompt="?", store="x", options=OPTIONS)


def test_an_option_that_goes_alone_is_taken_on_its_own() -> None:
    assert coerce(_pick(), ["nothing"]) == ["nothing"]


def test_the_other_options_are_taken_together() -> None:
    assert coerce(_pick(), ["company", "practical"]) == ["practical", "company"]


def test_an_option_that_goes_alone_with_another_is_refused_by_its_label() -> None:
    with pytest.raises(AnswerError) as refused:
        coerce(_pick(), ["company", "nothing"])
    assert str(refused.value) == (
        "You picked 'Nothing at the moment' and something else. Please pick one or the other."
    )


def test_options_from_can_say_an_option_goes_alone(write_topics) -> None:
    root = write_topics(
        t="""
        id: t
        title: T
        description: Who to share with.
        nodes:
          - id: who
            kind: ask
            type: multi_choice
            prompt: "Who?"
            store: share.who
            options_from: "[{'value': 'nobody', 'label': 'Nobody', 'alone': True}, 'Sam', 'Jo']"
          - {id: fin, kind: end}
        """
    )
    conv = Conversation(load_content(root))
    conv.goto_topic("t")
    assert conv.step.alone == ("nobody",)
    with pytest.raises(AnswerError):
        conv.answer(["nobody", "Sam"])
    conv.answer(["nobody"])
    assert conv.data["share"]["who"] == ["nobody"]


def test_an_option_picked_is_kept_in_its_said_words_not_its_whole_label(write_topics) -> None:
    """A label may hold what helps to choose (when a group meets, "Check this fits"): the
    conversation keeps the answer in the option's own words (``said``)."""
    root = write_topics(
        t="""
        id: t
        title: T
        description: Things near you.
        nodes:
          - id: pick
            kind: ask
            type: multi_choice
            prompt: "Which?"
            store: picks
            options_from: >-
              [{'value': 'walk', 'label': 'Walk (Mondays). Check this fits: for adults',
                'said': 'Walk'},
               {'value': 'jam', 'label': 'Jam room'}]
          - {id: fin, kind: end}
        """
    )
    conv = Conversation(load_content(root))
    conv.goto_topic("t")
    conv.answer(["walk", "jam"])
    assert dict(conv.transcript()[-1].labels) == {"walk": "Walk", "jam": "Jam room"}
