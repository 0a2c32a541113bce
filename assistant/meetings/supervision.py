"""What a supervision export holds, from a person's case record (no Textual here).

A supervision export is for the worker and their supervisor, never for the person's copy or
anyone the person named: the plan's headings in brief (:func:`assistant.export.supervision.
plan_brief`: no contact details), the worker's reflections across meetings with their
dates, the intervention's themes each meeting touched (the tags of the steps answered in
the pair's topics), and which of the 12 training questions each reflection answered (the
`training_questions` of its steps). It lives here, above both the training data (themes,
questions) and the export layer (the plan brief, the templates).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from assistant import store_paths as sp
from assistant.dates import local_iso_day
from assistant.engine.answer_words import value_words
from assistant.export.supervision import plan_brief
from assistant.flows import model as m
from assistant.flows.loader import Content
from assistant.meetings.history import CaseRecord
from assistant.plans.model import Plan
from assistant.plans.private_names import masker
from assistant.plans.state import long_day
from assistant.plans.versions import PlanError, versions
from assistant.training.themes import THEMES, TRAINING_QUESTIONS

#: Log actions that say a step was answered (a change or a menu choice counts too).
_ANSWERED = ("answered", "changed", "chose")


class SupervisionCase(CaseRecord, Protocol):
    """What a supervision export reads of a case record (``assistant.records.Case``)."""

    @property
    def person(self) -> dict[str, Any]: ...


def _answered_steps(log: Sequence[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """(topic, step) of each answer still in force, oldest first (undone ones left out)."""
    undone = {e.get("of") for e in log if e.get("action") == "undone"}
    return [
        (str(e.get("topic")), str(e.get("node")))
        for e in log
        if e.get("action") in _ANSWERED and e.get("seq") not in undone
    ]


def _node(content: Content, topic: str, step: str) -> Any:
    index = content.topics.get(topic)
    return index.nodes.get(step) if index is not None else None


def meeting_themes(content: Content, log: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The themes a meeting touched: the tags of the steps answered in the pair's topics
    (worker-only topics left out), each with how many answers touched it, most first."""
    counts: Counter[str] = Counter()
    for topic, step in _answered_steps(log):
        index = content.topics.get(topic)
        if index is None or index.topic.worker_only:
            continue
        node = index.nodes.get(step)
        counts.update(getattr(node, "tags", ()) or ())
    return [
        {"theme": tag, "label": THEMES.get(tag, tag), "answers": n}
        for tag, n in sorted(counts.items(), key=lambda kv: (-kv[1], THEMES.get(kv[0], kv[0])))
    ]


def _asks(topic: m.Topic) -> list[m.AskNode]:
    return [n for n in topic.nodes if isinstance(n, m.AskNode)]


def meeting_reflection(
    content: Content, data: Mapping[str, Any], log: Sequence[Mapping[str, Any]]
) -> dict[str, Any] | None:
    """One meeting's reflection in words (None when nothing was answered): each question
    as it was asked, the answer in words, and the training questions answered."""
    worker_topics = [i.topic for i in content.topics.values() if i.topic.worker_only]
    asked = {
        str(e.get("path")): str(e.get("prompt") or "")
        for e in log
        if e.get("action") in _ANSWERED and e.get("path")
    }
    answers: list[dict[str, str]] = []
    questions: dict[str, None] = {}
    for topic in sorted(worker_topics, key=lambda t: (t.order, t.id)):
        for node in _asks(topic):
            value = sp.value_at(data, node.store)
            if value is None or value == "" or value == []:
                continue
            prompt = asked.get(node.store) or node.prompt
            answers.append({"question": prompt, "answer": value_words(value, node)})
            questions.update(dict.fromkeys(node.training_questions))
    if not answers:
        return None
    reflected = sp.value_at(data, f"{sp.REFLECTION}.date")
    return {
        "reflected_on": long_day(reflected) if isinstance(reflected, str) else "",
        "answers": answers,
        "training_questions": [
            {
                "id": q,
                "number": TRAINING_QUESTIONS[q].number,
                "question": TRAINING_QUESTIONS[q].question,
            }
            for q in sorted(questions, key=lambda q: TRAINING_QUESTIONS[q].number)
            if q in TRAINING_QUESTIONS
        ],
    }


def _latest_plan(case: CaseRecord) -> Plan | None:
    try:
        found = versions(case)
    except PlanError:
        return None  # a plan that cannot be read does not stop the reflections
    return found[-1].plan if found else None


def supervision_context(case: SupervisionCase, content: Content) -> dict[str, Any]:
    """Everything the supervision templates show, as plain data (people's words as values)."""
    meetings = []
    for number, session in enumerate(case.sessions(), start=1):
        state = session.get("state")
        if not isinstance(state, Mapping):
            continue
        data = state.get("data") if isinstance(state.get("data"), Mapping) else {}
        log = [e for e in state.get("log") or () if isinstance(e, Mapping)]
        meetings.append(
            {
                "number": number,
                "date": long_day(session.get("started")),
                "themes": meeting_themes(content, log),
                "reflection": meeting_reflection(content, data or {}, log),
            }
        )
    plan = _latest_plan(case)
    if plan is not None:
        # Nor is a person the person keeps private named in the worker's own words.
        mask = masker(plan)
        for mt in meetings:
            reflection = mt["reflection"]
            if isinstance(reflection, dict):
                for answer in reflection["answers"]:
                    answer["answer"] = mask(answer["answer"])
    name = case.person.get("display_name")
    starts = [s.get("started") for s in case.sessions()]
    latest = starts[-1] if starts and isinstance(starts[-1], str) else ""
    return {
        "person": name if isinstance(name, str) else "",
        "reference": case.person.get("reference") or "",
        # The latest meeting's day (YYYY-MM-DD), for the file's name.
        "latest_day": local_iso_day(latest),
        "plan": plan_brief(plan) if plan is not None else None,
        "meetings": meetings,
        "reflections": sum(1 for mt in meetings if mt["reflection"]),
    }
