"""Not today (F7) on a menu that asks "shall we...?" does what its own "Not today" option
does: it never goes on into what the person just said no to."""

from __future__ import annotations

import pytest

from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content
from assistant.flows.model import MenuNode
from assistant.plans.from_session import build_plan, data_for_next_meeting


def _menus_with_a_no(content: Content) -> list[tuple[str, str, str]]:
    """(topic, menu, where its last option goes) for every shipped menu whose last option
    says no for now ("Not today", "None today", "No, it's fine for now")."""
    found = []
    for topic_id, index in content.topics.items():
        for node in index.topic.nodes:
            if isinstance(node, MenuNode) and node.options:
                last = node.options[-1]
                if last.label.startswith(("Not today", "None today", "No, it")):
                    found.append((topic_id, node.id, last.goto))
    return found


def test_every_menu_with_a_no_option_has_f7_go_where_it_goes(content: Content) -> None:
    menus = _menus_with_a_no(content)
    assert len(menus) >= 9
    for topic_id, menu_id, goto in menus:
        node = content.topics[topic_id].nodes[menu_id]
        assert node.fallback == goto, (topic_id, menu_id)


@pytest.mark.parametrize("by", ["person", "worker"])
def test_not_today_on_the_reviews_ratings_question_goes_on_to_looking_back(
    content: Content, by: str
) -> None:
    first = {"about": {"name": "Sam"}, "agreement": {"date": "2026-11-03"}}
    conv = Conversation(content, data_for_next_meeting(first, build_plan(first)))
    conv.goto_topic("review")
    for _ in range(40):
        if conv.step.node_id == "ratings_menu":
            break
        if conv.step.kind == "say":
            conv.proceed(by=by)
        else:
            conv.skip(by=by)
    assert conv.step.node_id == "ratings_menu"
    conv.skip(by=by)
    assert conv.step.node_id == "network_changes"
