"""A goal's review answers (how it is going, what next, its new words) stay credited to who
gave them when the goals list is saved whole later in the meeting by another speaker: that
save writes each goal's answers again as they were, and gives none of them."""

from __future__ import annotations

import copy
import re

from assistant.engine.conversation import Conversation
from assistant.export.render import render
from assistant.flows.loader import Content
from assistant.plans.from_session import build_plan, data_for_next_meeting
from assistant.plans.model import Plan

CREATED = "2026-02-02T10:00:00+00:00"
NEW_WORDS = "See Jo and her kids every week"
FIRST = {
    "about": {"name": "Sam"},
    "agreement": {"date": "2025-03-03"},
    "goals": {
        "list": [{"id": "g1", "what": "Get a bus pass"}, {"id": "g2", "what": "See Jo more often"}]
    },
}


def _review_then_list_saved_by_the_worker(content: Content) -> Plan:
    """Looking back answered by the person (the bus pass: about the same, let it go; Jo:
    "Change it" chosen together, the new words the person's), then Goals and actions: the
    worker adds a goal, saving the whole list with those answers as they were."""
    first = build_plan(FIRST, created=CREATED)
    conv = Conversation(content, data_for_next_meeting(copy.deepcopy(FIRST), first))
    conv.goto_topic("review")
    answers = {
        "goals.list.#g1.progress": ("same", "person"),
        "goals.list.#g1.next": ("let_go", "person"),
        "goals.list.#g2.progress": ("same", "person"),
        "goals.list.#g2.next": ("change", "both"),
        "goals.list.#g2.new_what": (NEW_WORDS, "person"),
    }
    while conv.step.node_id != "ratings_menu":
        step = conv.step
        if step.node_id == "which_goals":
            conv.answer(["g1", "g2"], by="person")
        elif step.kind == "say":
            conv.proceed(by="person")
        elif step.path in answers:
            value, by = answers.pop(step.path)
            conv.answer(value, by=by)
        else:
            conv.skip(by="person")
    assert not answers
    conv.goto_topic("goals")
    while conv.step.node_id != "list":
        conv.proceed(by="worker")
    saved = [*conv.step.value, {"what": "Join the walking group", "idea_from": "me"}]
    conv.answer(saved, by="worker")
    assert conv.log[-1]["path"] == "goals.list" and conv.log[-1]["by"] == "worker"
    return build_plan(conv.data, conv.log, first, content=content, created=CREATED)


def test_the_review_answers_stay_the_persons_after_the_worker_saves_the_list(
    content: Content,
) -> None:
    bus_pass = _review_then_list_saved_by_the_worker(content).goals[0]
    assert bus_pass.next is not None and bus_pass.next.code == "let_go"
    assert bus_pass.reviewed_by == "person"


def test_new_words_stay_the_persons_after_the_worker_saves_the_list(content: Content) -> None:
    jo = _review_then_list_saved_by_the_worker(content).goals[1]
    assert (jo.what, jo.changed_by) == (NEW_WORDS, ["person"])


def test_the_team_copy_says_the_person_gave_the_review(content: Content) -> None:
    plan = _review_then_list_saved_by_the_worker(content)
    raw = re.sub(r"<[^>]+>", "", render(plan, "md").decode())
    text = " ".join(raw.replace("**", "").split())
    assert "Next: Let it go for now. (said by the worker)" not in text
    assert "Next: Let it go for now. (said by the person)" in text
