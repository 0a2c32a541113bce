"""The review's "Which goals would you like to look at today?" guidance says what is listed:
goals still open in the plan from last time, agreed or still a draft (docs/plan-model.md:
a later meeting builds on the newest version, draft or not)."""

from __future__ import annotations

from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content
from assistant.meetings.opening import next_meeting_data
from assistant.plans.from_session import build_plan
from assistant.plans.model import PlanState

FIRST_MEETING = {
    "about": {"name": "Sam"},
    "goals": {"list": [{"id": "g1", "what": "See Dan"}, {"id": "g2", "what": "Sleep better"}]},
}


def test_the_goals_guidance_says_goals_from_a_draft_plan_are_listed_too(
    content: Content,
) -> None:
    draft = build_plan(FIRST_MEETING, [], content=content, number=1)
    draft = draft.model_copy(update={"state": PlanState(status="draft")})
    conv = Conversation(content, next_meeting_data(FIRST_MEETING, draft, content=content))
    conv.goto_topic("review")
    for _ in range(50):
        step = conv.step
        if step.node_id == "which_goals":
            break
        if step.kind == "menu":
            conv.choose(step.options[0][0])
        elif step.kind in ("say", "end"):
            conv.proceed()
        else:
            conv.skip()
    else:
        raise AssertionError("the review did not ask which goals to look at")
    assert [label for _, label in step.options][:2] == ["See Dan", "Sleep better"]
    assert "still a draft" in step.guidance
