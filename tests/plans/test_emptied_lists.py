"""A list the person emptied on purpose: the plan says so (Plan.emptied_lists), so copies
read "nothing on this list now", as the conversation and the subject access copy do, not
"nothing written down"."""

from __future__ import annotations

from plan_support import play

from assistant.engine.conversation import Conversation
from assistant.export.render import render
from assistant.flows.loader import Content
from assistant.plans.from_session import build_plan, data_for_next_meeting
from assistant.plans.sharing import shared_copy

CREATED = "2026-01-05T10:00:00+00:00"
CONCERN = {"id": "c1", "kind": "confidence", "words": "Walking in on my own"}


def _emptied(content: Content) -> Conversation:
    conv = play(content, ["concerns"], {"concerns.list": [CONCERN]})
    conv.edit("concerns.list", [])
    return conv


def _text(conv: Conversation, content: Content) -> str:
    plan = build_plan(conv.data, conv.log, content=content, created=CREATED)
    return " ".join(render(shared_copy(plan, "person"), "txt").decode("utf-8").split())


def test_a_list_emptied_at_this_meeting_says_so_in_the_plan(content: Content) -> None:
    conv = _emptied(content)
    plan = build_plan(conv.data, conv.log, content=content, created=CREATED)
    assert plan.emptied_lists == ["concerns"]
    assert "(emptied: nothing on this list now)" in _text(conv, content)


def test_a_list_never_filled_in_is_not_said_to_be_emptied(content: Content) -> None:
    conv = play(content, ["concerns"], {"concerns.list": []})
    plan = build_plan(conv.data, conv.log, content=content, created=CREATED)
    assert plan.emptied_lists == []


def test_an_emptied_list_stays_emptied_at_the_next_meeting_until_answered(
    content: Content,
) -> None:
    conv = _emptied(content)
    plan1 = build_plan(conv.data, conv.log, content=content, created=CREATED)
    later = play(content, [], {}, data_for_next_meeting(conv.data, plan1))
    plan2 = build_plan(later.data, later.log, plan1, content=content, created=CREATED)
    assert plan2.emptied_lists == ["concerns"]


def test_a_shared_copy_does_not_say_a_private_sections_list_was_emptied(
    content: Content,
) -> None:
    conv = play(
        content,
        ["concerns", "closing"],
        {
            "concerns.list": [CONCERN],
            "agreement.share_with": ["care_team"],
            "sharing.private": ["section:concerns"],
        },
    )
    conv.edit("concerns.list", [])
    plan = build_plan(conv.data, conv.log, content=content, created=CREATED)
    assert shared_copy(plan, "team").emptied_lists == []
