"""Where the list of topics starts (Enter opens it): Looking back in a review; in a first
meeting, never Looking back, which has nothing to look back on yet."""

from __future__ import annotations

from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content
from assistant.meetings.meeting import Meeting
from assistant.plans.autoplay import play_meeting


def _before_looking_back(content: Content) -> list[str]:
    """Every topic listed above Looking back, in the list's order."""
    ids = [t.id for t in content.listed()]
    return ids[: ids.index("review")]


def test_a_first_meeting_with_every_topic_before_looking_back_done_starts_past_it(
    content: Content,
) -> None:
    conv = play_meeting(Conversation(content), _before_looking_back(content), {})
    assert {t.id: t.status for t in conv.topics()}["review"] == "not_started"
    meeting = Meeting(conv, None, "s1", kind="first", consent_required=False)
    assert meeting.start_topic() == "closing"


def test_a_first_meeting_starts_on_the_first_topic_not_done(content: Content) -> None:
    conv = play_meeting(Conversation(content), ["getting_started"], {})
    meeting = Meeting(conv, None, "s1", kind="first", consent_required=False)
    assert meeting.start_topic() == "what_matters"


def test_a_later_meeting_starts_on_looking_back(content: Content) -> None:
    data = {"previous": {"date": "2026-11-08"}}
    meeting = Meeting(Conversation(content, data), None, "s1", kind="review")
    assert meeting.start_topic() == "review"


def test_a_review_meeting_starts_past_looking_back_once_it_is_done(content: Content) -> None:
    # Enter on the list (e.g. just after closing the Finish dialog) opened Looking back
    # again, asking about what had been added since it was done.
    data = {"previous": {"date": "2026-11-08"}}
    conv = play_meeting(Conversation(content, data), ["review"], {})
    assert {t.id: t.status for t in conv.topics()}["review"] == "done"
    meeting = Meeting(conv, None, "s1", kind="review")
    assert meeting.start_topic() == "getting_started"  # the first topic not done
