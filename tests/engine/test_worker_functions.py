"""`worker_name()` and `earlier_worker()`: today's worker from the agency's settings, and the
last meeting's worker (`previous.worker`) when it is someone else (a handover)."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.agency import Agency, Worker
from assistant.engine.functions import ExpressionFunctions
from assistant.engine.state import ConversationState


def _clock() -> dt.datetime:
    return dt.datetime(2027, 3, 1, 10, 0, tzinfo=dt.UTC)


def functions(today: str | None, before: str | None = None) -> ExpressionFunctions:
    agency = Agency(organisation="Org", worker=Worker(name=today))
    data = {"previous": {"worker": before}} if before is not None else {}
    return ExpressionFunctions(ConversationState(data), _clock, {}, agency)


def test_worker_name_is_todays_worker_from_the_agency_settings() -> None:
    assert functions("Tom Baker").worker_name() == "Tom Baker"


def test_worker_name_is_empty_without_agency_settings() -> None:
    assert ExpressionFunctions(ConversationState(), _clock, {}).worker_name() == ""


def test_earlier_worker_names_last_times_worker_after_a_handover() -> None:
    assert functions("Tom Baker", "Priya Patel").earlier_worker() == "Priya Patel"


@pytest.mark.parametrize(
    ("today", "before"),
    [("Priya Patel", "priya  patel"), ("Tom Baker", None), (None, "Priya Patel")],
)
def test_earlier_worker_is_empty_unless_a_known_worker_changed(
    today: str | None, before: str | None
) -> None:
    assert functions(today, before).earlier_worker() == ""
