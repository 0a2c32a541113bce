"""At a review, "Our plan and next time" offers last time's answers to who looks at the plan
with the person and whether they want their own copy, filled in to keep or change, as it shows
who may see the plan; they are only offered, so nothing is in the plan until given again."""

from __future__ import annotations

from plan_support import play

from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content
from assistant.plans.from_session import build_plan, data_for_next_meeting

CREATED = "2026-01-05T10:00:00+00:00"
FIRST = {
    "agreement.review_by": "someone_else",
    "agreement.review_by_who": "My care coordinator, Jo",
    "agreement.copy": "paper",
}


def _review_at(content: Content, node: str, review_by: str = "") -> Conversation:
    """A review meeting's Closing, every step before ``node`` passed by (``review_by``: the
    first meeting's reviewer changed to it at the end)."""
    conv = play(content, ["closing"], dict(FIRST))
    if review_by:
        conv.edit("agreement.review_by", review_by, by="person")
    plan1 = build_plan(conv.data, conv.log, content=content, created=CREATED)
    review = Conversation(content, data_for_next_meeting(conv.data, plan1, content=content))
    review.goto_topic("closing")
    while review.step.node_id != node:
        step = review.step
        if step.kind == "say":
            review.proceed(by=step.speaker)
        elif step.node_id == "review_by":
            review.answer(step.value, by=step.speaker)  # kept as filled in
        else:
            review.skip(by=step.speaker)
    return review


def test_a_review_offers_last_times_reviewer(content: Content) -> None:
    step = _review_at(content, "review_by").step
    assert (step.value, step.suggested) == ("someone_else", True)


def test_a_review_offers_last_times_name_for_who_reviews_it(content: Content) -> None:
    step = _review_at(content, "review_by_who").step
    assert (step.value, step.suggested) == ("My care coordinator, Jo", True)


def test_a_review_offers_last_times_answer_about_the_persons_own_copy(content: Content) -> None:
    step = _review_at(content, "copy").step
    assert (step.value, step.suggested) == ("paper", True)


def test_an_answer_only_offered_is_not_in_the_plan(content: Content) -> None:
    review = _review_at(content, "copy")
    review.skip(by="person")
    plan = build_plan(review.data, review.log, content=content, created=CREATED)
    assert plan.sharing.copy_for_person is None


def test_a_name_dropped_for_my_worker_is_not_offered_again(content: Content) -> None:
    review = _review_at(content, "review_by", review_by="worker")
    review.answer("someone_else", by="person")
    assert (review.step.node_id, review.step.value) == ("review_by_who", None)


def test_today_s_answer_given_is_not_hinted_as_last_time_s(content: Content) -> None:
    # "Filled in as you said last time" stayed under today's own answer, shown again.
    review = _review_at(content, "review_by_who")
    review.answer("Sam, my sister", by="person")
    review.goto_topic("closing", again=True)  # the topic opened again, its answers kept
    while review.step.node_id != "review_by_who":
        step = review.step
        if step.kind == "say":
            review.proceed(by=step.speaker)
        elif step.value is not None:
            review.answer(step.value, by=step.speaker)
        else:
            review.skip(by=step.speaker)
    assert (review.step.node_id, review.step.value) == ("review_by_who", "Sam, my sister")
    assert "last time" not in review.step.hint
