"""``mentions(text, names)``: a name found as whole words, never inside other words (review_
worker_action asks whether to add a lead to the directory unless it names a group in it)."""

from __future__ import annotations

import pytest

from assistant.flows.expressions import STATIC_GLOBALS, evaluate, mentions


@pytest.mark.parametrize("text", ["Start a chart", "Party in the park", "Smart phones"])
def test_a_name_inside_other_words_is_not_mentioned(text: str) -> None:
    assert not mentions(text, ["Art"])


@pytest.mark.parametrize("text", ["Find out when ART meets", "Art.", "Ask about (art) club"])
def test_a_name_as_a_word_is_mentioned_whatever_its_case(text: str) -> None:
    assert mentions(text, ["Art"])


def test_a_name_of_several_words_is_mentioned_across_any_spacing() -> None:
    assert mentions("Ring friends of  hollins\npark", ["Friends of Hollins Park"])


def test_each_of_a_list_of_texts_is_looked_in_on_its_own() -> None:
    # "...Hollins" ends one text and "Park..." starts the next: not one name.
    assert not mentions(["Friends of Hollins", "Park run"], ["Hollins Park"])
    assert mentions(["Something", "Call Hollins Park"], ["Hollins Park"])


def test_blank_names_and_missing_words_mention_nothing() -> None:
    assert not mentions(None, ["Art"])
    assert not mentions("Art", ["", "  ", None])


def test_content_expressions_can_call_it() -> None:
    context = {**STATIC_GLOBALS, "what": "Art group times"}
    assert evaluate("mentions(what, ['Art'])", context) is True
