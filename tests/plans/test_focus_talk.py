"""What was said about the areas picked after the ratings (issue 16 walk fixes): kept in the
plan beside the ratings, in its exports, private with them, and belonging to its meeting."""

from __future__ import annotations

from assistant.export.render import render_text
from assistant.plans.from_session import RATINGS_FOCUS_TALK, build_plan, data_for_next_meeting
from assistant.plans.model import PrivatePart
from assistant.plans.sharing import shared_copy

CREATED = "2026-02-02T10:00:00+00:00"
WORDS = "I miss having people to text. Maybe the walking group."
DATA = {
    "ratings": {"friendships": 2},
    "ratings_focus": ["friendships"],
    RATINGS_FOCUS_TALK: WORDS,
    "agreement": {"share_with": ["care_team"]},
}


def test_the_talk_is_in_the_plan_in_the_persons_words() -> None:
    plan = build_plan(DATA, created=CREATED)
    assert plan.focus_talk is not None and plan.focus_talk.text == WORDS


def test_the_talk_belongs_to_its_meeting() -> None:
    first = build_plan(DATA, created=CREATED)
    seed = data_for_next_meeting(DATA, first)
    assert RATINGS_FOCUS_TALK not in seed
    assert build_plan(seed, previous=first, created=CREATED).focus_talk is None


def test_a_team_copy_leaves_it_out_when_the_ratings_are_private() -> None:
    plan = build_plan(DATA, created=CREATED)
    assert shared_copy(plan, "team").focus_talk is not None
    private = plan.model_copy(
        update={
            "sharing": plan.sharing.model_copy(
                update={
                    "private": [PrivatePart(kind="section", code="life_areas", label="The ratings")]
                }
            )
        }
    )
    assert shared_copy(private, "team").focus_talk is None


def test_the_exports_show_it_beside_the_ratings() -> None:
    plan = build_plan(DATA, created=CREATED)
    for fmt in ("md", "txt", "html"):
        text = render_text(plan, fmt)
        ratings = text.index("1 to 7") if fmt != "txt" else text.index("1 TO 7")
        assert text.index("What we talked about") > ratings, fmt
        assert "I miss having people to text." in text, fmt
