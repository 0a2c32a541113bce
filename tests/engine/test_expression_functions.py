"""What content expressions can call (assistant/engine/functions.py)."""

from __future__ import annotations

import datetime as dt

from assistant.engine.conversation import Conversation
from assistant.engine.functions import ExpressionFunctions
from assistant.engine.state import ConversationState
from assistant.flows.expressions import evaluate


def fixed_clock() -> dt.datetime:
    return dt.datetime(2027, 3, 1, 10, 0, tzinfo=dt.UTC)


def test_today_and_in_days_follow_the_conversations_clock() -> None:
    functions = ExpressionFunctions(ConversationState(), fixed_clock, {})
    assert functions.today() == "2027-03-01"
    assert functions.in_days(7) == "2027-03-08"


def test_in_days_on_a_weekday_moves_a_weekend_day_to_the_monday() -> None:
    functions = ExpressionFunctions(ConversationState(), fixed_clock, {})  # Monday 1 March
    assert functions.in_days(5, weekday=True) == "2027-03-08"  # Saturday -> Monday
    assert functions.in_days(6, weekday=True) == "2027-03-08"  # Sunday -> Monday
    assert functions.in_days(4, weekday=True) == "2027-03-05"  # a Friday stays
    assert functions.in_days(6) == "2027-03-07"


def test_a_function_given_with_the_content_takes_the_place_of_the_engines_own() -> None:
    def opportunities(interests: object = "", limit: int = 8) -> list[dict[str, str]]:
        return [{"id": "choir", "name": "Choir"}]

    functions = ExpressionFunctions(
        ConversationState(), fixed_clock, {"opportunities": opportunities}
    )
    result = evaluate("opportunities('music')[0].name", functions.context())
    assert result == "Choir"


def test_answered_and_get_read_the_answers_so_far() -> None:
    functions = ExpressionFunctions(
        ConversationState({"name": "Ann", "notes": ""}), fixed_clock, {}
    )
    context = functions.context()
    assert evaluate("answered('name') and not answered('notes')", context) is True
    assert evaluate("get('missing', 'none yet')", context) == "none yet"


def test_the_conversation_offers_the_content_functions_by_name(sample_content) -> None:
    conv = Conversation(sample_content, clock=fixed_clock)
    assert conv.functions["today"]() == "2027-03-01"
