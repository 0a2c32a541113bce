"""DIALOG+ borrowed accurately (issue 16): 'pick up to three' (a multi_choice's `max`), the
rated areas offered to pick from (`rated_options`) and the agency's choices
(`agency_choice`)."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.agency import Agency
from assistant.engine.answers import AnswerError, coerce
from assistant.engine.functions import ExpressionFunctions
from assistant.engine.state import ConversationState
from assistant.flows.expressions import evaluate, rated_options
from assistant.flows.model import AskNode

OPTIONS = ["a", "b", "c", "d"]


def _pick(**extra: object) -> AskNode:
    return AskNode(
        id="q", kind="ask", type="multi_choice", prompt="?", store="x", options=OPTIONS, **extra
    )


def _clock() -> dt.datetime:
    return dt.datetime(2027, 3, 1, 10, 0, tzinfo=dt.UTC)


def test_a_multi_choice_with_max_takes_up_to_that_many() -> None:
    assert coerce(_pick(max=3), ["c", "a", "b"]) == ["a", "b", "c"]


def test_a_multi_choice_with_max_refuses_one_more_saying_how_to_put_it_right() -> None:
    with pytest.raises(AnswerError) as refused:
        coerce(_pick(max=3), OPTIONS)
    assert str(refused.value) == "Please pick up to 3. You picked 4: untick one first."


def test_the_same_option_twice_counts_once_against_max() -> None:
    assert coerce(_pick(max=2), ["a", "a", "b"]) == ["a", "b"]


def test_a_multi_choice_without_max_takes_any_number() -> None:
    assert coerce(_pick(), OPTIONS) == OPTIONS


def test_rated_options_put_more_help_first_then_the_lowest_ratings_then_the_unrated() -> None:
    areas = [["home", "Where I live"], ["work", "Work"], ["fun", "Free time"], ["pals", "Pals"]]
    options = rated_options(areas, {"home": 2, "work": 6, "pals": 4}, {"work": True})
    assert options == [
        {"value": "work", "label": "Work (you said 6, and you would like more help)"},
        {"value": "home", "label": "Where I live (you said 2)"},
        {"value": "pals", "label": "Pals (you said 4)"},
        {"value": "fun", "label": "Free time"},
    ]


def test_agency_choice_is_off_without_agency_settings() -> None:
    functions = ExpressionFunctions(ConversationState(), _clock, {})
    assert evaluate("agency_choice('ratings.treatment_aspects')", functions.context()) is False


@pytest.mark.parametrize("chosen", [True, False])
def test_agency_choice_reads_the_agency_settings(chosen: bool) -> None:
    agency = Agency(organisation="Org", ratings={"treatment_aspects": chosen})
    functions = ExpressionFunctions(ConversationState(), _clock, {}, agency)
    assert evaluate("agency_choice('ratings.treatment_aspects')", functions.context()) is chosen


def test_agency_choice_of_a_name_the_settings_do_not_have_is_off() -> None:
    agency = Agency(organisation="Org", ratings={"treatment_aspects": True})
    functions = ExpressionFunctions(ConversationState(), _clock, {}, agency)
    assert functions.agency_choice("ratings.no_such_choice") is False
    assert functions.agency_choice("organisation") is False  # a value, not a choice
