"""DIALOG+ praises good ratings as well as improvements (issue 16 review): the "more help?"
question after a rating starts with one short acknowledgement, never two."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from assistant.flows.expressions import STATIC_GLOBALS, render
from assistant.flows.loader import Content
from assistant.store_paths import value_at

AREAS = ["mental_health", "daytime", "friendships", "safety", "medication"]


def _help_prompt(content: Content, area: str) -> str:
    topic = content.topics["life_areas"].topic
    return next(n.prompt for n in topic.nodes if n.id == f"help_{area}")


def _said(prompt: str, rating: int, previous: int | None = None) -> str:
    data: dict[str, Any] = {"ratings": {"x": rating}}
    if previous is not None:
        data["previous"] = {"ratings": {"x": previous}}

    def get(path: str, default: Any = None) -> Any:
        return value_at(data, path.replace(path.split(".")[-1], "x"), default)

    def answered(path: str) -> bool:
        return get(path) is not None

    context: Mapping[str, Any] = {**data, **STATIC_GLOBALS, "get": get, "answered": answered}
    return render(prompt, context)


@pytest.mark.parametrize("area", AREAS)
@pytest.mark.parametrize("rating", [6, 7])
def test_a_6_or_7_at_a_first_meeting_is_acknowledged(
    content: Content, area: str, rating: int
) -> None:
    assert _said(_help_prompt(content, area), rating).startswith("That sounds good. Would you")


@pytest.mark.parametrize("area", AREAS)
def test_a_6_that_stayed_a_6_is_still_acknowledged(content: Content, area: str) -> None:
    assert _said(_help_prompt(content, area), 6, previous=6).startswith("That sounds good. ")


@pytest.mark.parametrize("area", AREAS)
def test_a_rise_to_7_is_praised_once_as_a_rise(content: Content, area: str) -> None:
    said = _said(_help_prompt(content, area), 7, previous=3)
    assert said.startswith("That's up from 3 last time. That's really good to hear. Would")
    assert "That sounds good" not in said


@pytest.mark.parametrize("area", AREAS)
def test_a_5_with_no_rise_gets_no_comment(content: Content, area: str) -> None:
    assert _said(_help_prompt(content, area), 5, previous=5).startswith("Would you like")


def test_the_focus_question_does_not_offer_none_as_an_answer(content: Content) -> None:
    # An empty tick list is saved as "Not today" (the app asks first), not as an answer:
    # "You can pick up to 3, or none" then asked "Nothing is ticked. Save ... Not today?".
    focus = next(n for n in content.topics["life_areas"].topic.nodes if n.id == "focus")
    assert focus.prompt.endswith("You can pick up to 3.")
    assert "none" not in focus.prompt.lower()
