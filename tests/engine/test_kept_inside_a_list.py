"""At a review, an answer inside a goal carried from the last meeting and saved again as it
was is kept, not newly said, even after the goals list was saved whole earlier in the meeting:
saving the list again writes each goal's answers as they were, and that writes none of them."""

from __future__ import annotations

from typing import Any

from assistant.engine import datapaths as dp
from assistant.engine.conversation import Conversation
from assistant.engine.state import ConversationState
from assistant.flows.loader import Content

WORKER_CAN = "Come along the first time."
GOAL = {"id": "g1", "what": "Walk more", "idea_from": "me", "worker_can": WORKER_CAN}


def _at_worker_can(content: Content, saved_list: list[dict[str, Any]]) -> Conversation:
    """A review: Goals and actions, the goals list saved again, "All of them", and each goal
    step passed as it came back pre-filled, up to "What could your worker do?"."""
    seed = {
        "about": {"name": "Sam"},
        "previous": {"date": "2025-03-03", "goals": ["g1"]},
        "goals": {"list": [dict(GOAL)]},
    }
    conv = Conversation(content, seed)
    conv.goto_topic("goals")
    while conv.step.node_id != "list":
        conv.proceed(by="both")
    conv.answer(saved_list, by="person")
    conv.choose("All of them", by="both")
    while conv.step.node_id != "worker_can":
        if conv.step.kind != "ask":
            conv.proceed(by="both")
        elif conv.step.value is None:
            conv.skip(by="both")
        else:
            conv.answer(conv.step.value, by="both")
    assert conv.step.value == WORKER_CAN
    return conv


def test_an_answer_in_a_goal_saved_unchanged_after_the_list_was_saved_is_kept(
    content: Content,
) -> None:
    conv = _at_worker_can(content, [{"id": "g1", "what": "Walk more", "idea_from": "me"}])
    conv.answer(WORKER_CAN, by="both")
    assert (conv.log[-1]["path"], conv.log[-1].get("kept")) == ("goals.list.#g1.worker_can", True)


def test_it_is_kept_when_the_list_save_reworded_the_goal(content: Content) -> None:
    conv = _at_worker_can(content, [{"id": "g1", "what": "Walk every day", "idea_from": "me"}])
    conv.answer(WORKER_CAN, by="both")
    assert conv.log[-1].get("kept") is True


def test_an_answer_in_a_goal_changed_after_the_list_was_saved_is_newly_said(
    content: Content,
) -> None:
    conv = _at_worker_can(content, [{"id": "g1", "what": "Walk more", "idea_from": "me"}])
    conv.answer("Ring me the day before.", by="both")
    assert not conv.log[-1].get("kept")


def _written_whole(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> ConversationState:
    state = ConversationState({"goals": {"list": before}})
    state.run("answer", lambda: state.write(("data", "goals", "list"), after))
    return state


def test_a_list_written_whole_with_an_answer_as_it_was_did_not_write_that_answer() -> None:
    state = _written_whole([dict(GOAL)], [{**GOAL, "what": "Walk every day"}])
    assert not state.written_before(dp.split("goals.list.#g1.worker_can"))
    assert state.written_before(dp.split("goals.list.#g1.what"))


def test_a_list_written_whole_with_an_answer_changed_wrote_that_answer() -> None:
    state = _written_whole([dict(GOAL)], [{**GOAL, "worker_can": "Ring me."}])
    assert state.written_before(dp.split("goals.list.#g1.worker_can"))


def test_a_list_written_whole_with_a_new_entry_wrote_its_answers() -> None:
    state = _written_whole([dict(GOAL)], [dict(GOAL), {**GOAL, "id": "g2"}])
    assert state.written_before(dp.split("goals.list.#g2.worker_can"))
