"""The demo's fictional person, Sam: a first meeting and a review played into a case record.

``cpi-assistant demo`` shows the app with it, and ``validate`` tries an agency's export
templates on its plans (:mod:`assistant.authoring.template_trial`), so both use one Sam.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content
from assistant.meetings.opening import next_meeting_data
from assistant.plans.autoplay import play_meeting
from assistant.plans.demo_data import DEMO_SESSIONS, demo_meetings
from assistant.plans.model import Plan
from assistant.plans.versions import agree_plan


def play_demo(case: Any, content: Content, today: _dt.date) -> tuple[Plan, Plan]:
    """Play the first meeting and the review into ``case`` (an open case record), each saved
    as a meeting and agreed as a plan version; the two plans, as saved."""
    (first_topics, first), (review_topics, review) = demo_meetings(today)
    conv = play_meeting(Conversation(content), first_topics, first)
    case.save_session(DEMO_SESSIONS[0], conv.to_state(), conv.log)
    plan1 = agree_plan(case, conv.data, conv.log, content=content, session_id=DEMO_SESSIONS[0])
    conv2 = play_meeting(
        Conversation(content, next_meeting_data(conv.data, plan1, content=content, log=conv.log)),
        review_topics,
        review,
    )
    case.save_session(DEMO_SESSIONS[1], conv2.to_state(), conv2.log)
    plan2 = agree_plan(case, conv2.data, conv2.log, content=content, session_id=DEMO_SESSIONS[1])
    return plan1, plan2
