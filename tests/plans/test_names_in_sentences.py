"""Sentences about a plan that end with a name the person gave: one full stop, even when the
name ends with its own ("Sam J."), and names quoted once (issue 15, doubled punctuation)."""

from __future__ import annotations

from assistant.export.views import audience_view
from assistant.plans.model import Audience, PlanState
from assistant.plans.state import state_words

AGREED = PlanState(status="agreed", agreed_at="2027-03-03T10:00:00+00:00", agreed_by="person")


def test_agreed_by_a_name_that_ends_with_a_full_stop() -> None:
    assert state_words(AGREED, "Sam J.") == "Agreed on 3 March 2027 by Sam J."


def test_agreed_by_a_name_without_one_gets_one() -> None:
    assert state_words(AGREED, "Sam") == "Agreed on 3 March 2027 by Sam."


def test_a_copy_for_someone_whose_name_ends_with_a_full_stop() -> None:
    view = audience_view(Audience(kind="named", name="Dr J."))
    assert (view["line"], view["easy_line"]) == ("This copy is for Dr J.",) * 2
