"""A meeting paused in a topic whose questions the content has since put in another order:
a question moved before where it stood, so never reached, is asked when the meeting goes on."""

from __future__ import annotations

from assistant.authoring.content import load_content
from assistant.engine.conversation import Conversation

ASK = """
  - id: {id}
    kind: ask
    type: text
    prompt: "{id}?"
    store: closing.{id}
"""


def _topic(*order: str) -> str:
    body = "".join(ASK.format(id=node) for node in order)
    return f"id: closing\ntitle: Our plan and next time\ndescription: Test.\nnodes:{body}"


def _topic_text(*order: str) -> str:
    return _topic(*order) + "  - id: fin\n    kind: end\n"


OLD = ("agree", "share", "copy", "others", "took_part")
NEW = ("agree", "others", "share", "copy", "took_part")


def _paused_at_copy(write_topics) -> dict:
    """Closing gone through in the old order as far as `copy`, then the meeting paused."""
    conv = Conversation(load_content(write_topics(closing=_topic_text(*OLD))))
    conv.goto_topic("closing")
    conv.answer("Yes")
    conv.answer("The team")
    assert conv.step.node_id == "copy"
    return conv.to_state()


def test_a_question_moved_before_where_the_meeting_stopped_is_asked_on_resume(
    write_topics,
) -> None:
    state = _paused_at_copy(write_topics)
    resumed = Conversation.from_state(load_content(write_topics(closing=_topic_text(*NEW))), state)
    assert resumed.step.node_id == "others"


def test_the_questions_after_it_come_again_filled_in(write_topics) -> None:
    state = _paused_at_copy(write_topics)
    resumed = Conversation.from_state(load_content(write_topics(closing=_topic_text(*NEW))), state)
    resumed.answer("Mum")
    assert (resumed.step.node_id, resumed.step.value) == ("share", "The team")


def test_the_people_are_told_in_plain_words_and_the_author_by_id(write_topics) -> None:
    state = _paused_at_copy(write_topics)
    resumed = Conversation.from_state(load_content(write_topics(closing=_topic_text(*NEW))), state)
    (shown,) = resumed.warnings
    assert shown.startswith("'Our plan and next time': some questions have moved")
    assert "others" not in shown
    assert "closing.others" in resumed.content_changes[0]


def test_a_question_skipped_before_the_pause_is_not_asked_again(write_topics) -> None:
    conv = Conversation(load_content(write_topics(closing=_topic_text(*NEW))))
    conv.goto_topic("closing")
    conv.answer("Yes")
    conv.skip()
    conv.answer("The team")
    state = conv.to_state()
    changed = _topic_text(*NEW).replace("description: Test.", "description: Reworded.")
    resumed = Conversation.from_state(load_content(write_topics(closing=changed)), state)
    assert (resumed.step.node_id, resumed.warnings) == ("copy", [])
