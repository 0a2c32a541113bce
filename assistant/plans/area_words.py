"""What a life area without a rating this time says in its place: one set of words for every
copy of the plan and for the plan preview on the screen, so the pair read the same thing.

An area is listed without a rating when the person left it for today ("Not today"), when it
was left for another day at the last meeting and not talked about since, when a version
before listed it and it was not talked about this time, or when it was talked about (picked,
or "more help?") without a rating. Saying only "not rated this time" for all of them reads as
if it was forgotten. The GP's copy and one for someone the person named never say an area
was left (:func:`assistant.plans.sharing.copy_for`): they keep the neutral words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.plans.model import Audience, LifeArea

#: A copy for the GP or someone the person named: never says an area was left.
NOT_RATED = "not rated this time"
NOT_TALKED_ABOUT = "not talked about this time"
LEFT_LAST_TIME = "left for another day at the last meeting; not talked about this time"

EASY_LEFT_TODAY = "You left this for today. That is OK."
EASY_LEFT_LAST_TIME = "You left this for another day last time. We did not talk about it this time."
EASY_NOT_TALKED_ABOUT = "We did not talk about this this time."
EASY_NOT_SAID = "You did not say this time."


def _shared_outside(audience: Audience | None) -> bool:
    return audience is not None and audience.kind == "named"


def _talked_about(area: LifeArea) -> bool:
    return area.left_today or area.more_help is not None or area.focus


def not_rated_words(area: LifeArea, audience: Audience | None) -> str | None:
    """The words in place of ``area``'s rating in a copy for ``audience`` (None: the worker's
    view, as the care team's); None when it has a rating. The person's own copy says "not
    today" for one they left for today."""
    if area.value is not None:
        return None
    if _shared_outside(audience):
        return NOT_RATED
    if area.left_today:
        yours = audience is not None and audience.kind == "person"
        return "not today" if yours else "not rated (left for today)"
    if area.left_last_time:
        return LEFT_LAST_TIME
    return NOT_RATED if _talked_about(area) else NOT_TALKED_ABOUT


def easy_not_rated_words(area: LifeArea, audience: Audience | None) -> str | None:
    """The same for the easy read, spoken to the person."""
    if area.value is not None:
        return None
    if _shared_outside(audience):
        return EASY_NOT_SAID
    if area.left_today:
        return EASY_LEFT_TODAY
    if area.left_last_time:
        return EASY_LEFT_LAST_TIME
    return EASY_NOT_SAID if _talked_about(area) else EASY_NOT_TALKED_ABOUT
