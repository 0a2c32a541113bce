"""Feedback at the end of a practice session, computed from what happened (never canned).

:func:`compute_feedback` is a pure function of the conversation (its log with timestamps, its
data and visits), the content's tags and the session's events (the trainee's moves and the
persona's reactions, each with its own time). Feedback is the rubric (``rubric.py``: seven
principles scored 0 to 2, with the moments that earned them), the annotated replay
(``replay.py``), the figures below and reflection questions.

Time on a topic is the sum of the gaps between the moments on the timeline (log entries and
events), each gap counted to the listed topic of the moment that ends it (reading a 'say'
step is not logged, so it counts towards the next moment). A sub-flow's moments count under
the listed topic that ran it at the time (the 1 to 7 ratings under What matters, not under
Looking back when that was never opened). Time counts only while practising: each gap counts
at most :data:`MAX_GAP_SECONDS` (10 minutes), so a practice saved one evening and carried on
the next day does not count the night.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from assistant import store_paths as sp
from assistant.engine.conversation import Conversation
from assistant.flows import model as m
from assistant.text_fold import fold
from assistant.training.judging import names, words
from assistant.training.model import Persona, TrainerQuestion, question_words
from assistant.training.reading import (
    in_force,
    node_of,
    parse_time,
)
from assistant.training.render import WATERMARK, feedback_html, feedback_markdown
from assistant.training.replay import ReplayLine, replay
from assistant.training.responder import warmth, warmth_cap
from assistant.training.rubric import Rubric, score, written_by
from assistant.training.themes import THEMES, TRAINING_QUESTIONS
from assistant.training.timeline import Entry, Timeline

_IDEA_FROM = {
    "me": "person",
    "worker": "worker",
    "together": "together",
    "someone_else": "someone else",
}
_BY_WORDS = {"person": "person", "worker": "worker", "both": "together"}
MAX_REFLECTIONS = 3
MIN_REFLECTIONS = 2
# Asked when the session missed little: how the person is seen, and trying something new.
FALLBACK_QUESTIONS = ("view_person", "try_new")
# The most one gap between two moments counts as practice time: longer and the trainee was
# away (a break, or the practice was saved and carried on later).
MAX_GAP_SECONDS = 10 * 60


@dataclass(frozen=True)
class TopicTime:
    id: str
    title: str
    status: str
    seconds: int
    answers: int
    skipped: int


@dataclass(frozen=True)
class PlanItem:
    """A goal, a thing to try, or an action, and who proposed it."""

    kind: str  # goal | activity | action
    text: str
    proposed_by: str  # person | worker | together | someone else
    owner: str | None = None  # actions: who will do it
    by_when: str | None = None


@dataclass(frozen=True)
class GoalCheck:
    text: str
    actions: int
    has_owner: bool
    has_date: bool

    @property
    def complete(self) -> bool:
        """At least one action has both someone to do it and a date."""
        return self.has_owner and self.has_date


@dataclass(frozen=True)
class SkippedStep:
    topic: str
    prompt: str
    by: str
    # The person's skip: "not_today" (they said so, or a paired practice), "nothing" (the
    # persona had nothing to say to that question), "private" (it would have named something
    # they keep private).
    why: str = "not_today"


@dataclass(frozen=True)
class ProposalResult:
    text: str
    outcome: str  # accepted | not_yet | refused
    words: str
    ref: str = ""  # the moment in the replay ("m12")
    idea_from: str = ""  # accepted: "worker" (imposed, taken up) or "together"/"me"
    what: str = ""  # the idea it was judged as (one proposal can name several)
    move: int | None = None  # the trainee's move that made it: one proposal, one move


@dataclass(frozen=True)
class Reflection:
    question_id: str
    number: int
    question: str
    reason: str
    prompt: str


@dataclass(frozen=True)
class Feedback:
    """Figures about one practice session, and questions chosen for what was missed."""

    persona_name: str
    mode: str
    total_seconds: int
    topics: tuple[TopicTime, ...]
    themes_covered: Mapping[str, int]
    themes_missed: tuple[str, ...]
    plan_items: tuple[PlanItem, ...]
    written_by: Mapping[str, int]
    goals: tuple[GoalCheck, ...]
    what_matters_first: bool | None
    concerns_first: bool | None
    skipped: tuple[SkippedStep, ...]
    proposals: tuple[ProposalResult, ...]
    reflections: tuple[Reflection, ...]
    warmth_start: int | None = None
    warmth_end: int | None = None
    watermark: str = field(default=WATERMARK)
    rubric: Rubric | None = None
    replay: tuple[ReplayLine, ...] = ()
    trainee: str = ""
    meeting: int | None = None

    @property
    def topics_not_started(self) -> tuple[str, ...]:
        return tuple(t.title for t in self.topics if t.status == "not_started")

    @property
    def own_words_share(self) -> float | None:
        """Share of written answers in the person's own words (None when nothing was written)."""
        total = sum(self.written_by.values())
        return self.written_by.get("person", 0) / total if total else None

    @property
    def goals_complete(self) -> int:
        return sum(1 for g in self.goals if g.complete)

    def proposed_by(self) -> dict[str, int]:
        """How many plan items (goals and things to try) each side proposed."""
        counts: dict[str, int] = {}
        for item in self.plan_items:
            if item.kind != "action":
                counts[item.proposed_by] = counts.get(item.proposed_by, 0) + 1
        return counts

    def to_markdown(self) -> str:
        return feedback_markdown(self)

    def to_html(self) -> str:
        return feedback_html(self)


# ------------------------------------------------------------------------------ computing


def _seconds(a: _dt.datetime | None, b: _dt.datetime | None) -> int:
    if a is None or b is None:
        return 0
    return max(0, int((b - a).total_seconds()))


def _topic_times(timeline: Timeline, started: _dt.datetime | None) -> tuple[dict[str, int], int]:
    """Seconds per listed topic, and in all, from the times of the log and the events.

    Each gap between two moments counts at most :data:`MAX_GAP_SECONDS`: time counts only
    while practising, never the hours between saving a practice and carrying on."""
    seconds: dict[str, int] = {}
    total = 0
    previous = started
    for entry in timeline.entries:
        at = parse_time(str(entry.data.get("at", "")))
        if at is None:
            continue
        if previous is not None:
            gap = min(_seconds(previous, at), MAX_GAP_SECONDS)
            total += gap
            if entry.topic:
                seconds[entry.topic] = seconds.get(entry.topic, 0) + gap
        previous = max(previous, at) if previous is not None else at
    return seconds, total


def _latest_by_path(events: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    latest: dict[str, dict[str, Any]] = {}
    for event in events:
        if event.get("path"):
            latest[event["path"]] = event
    return latest


def _stored_by(latest: dict[str, dict[str, Any]], path: str) -> str:
    event = latest.get(path)
    return _BY_WORDS.get(event.get("by", "person"), "person") if event else "person"


def _plan(
    data: dict[str, Any], latest: dict[str, dict[str, Any]]
) -> tuple[list[PlanItem], list[GoalCheck]]:
    items: list[PlanItem] = []
    checks: list[GoalCheck] = []
    for kind, store in (("goal", sp.GOALS_LIST), ("activity", sp.COMMUNITY_LIST)):
        first, second = store.split(".")
        records = (data.get(first) or {}).get(second) or []
        for record in records if isinstance(records, list) else []:
            if not isinstance(record, dict):
                continue
            idea_from = record.get("idea_from")
            who = _IDEA_FROM.get(idea_from) if idea_from else _stored_by(latest, store)
            text = str(record.get("what", ""))
            items.append(PlanItem(kind, text, who or "person"))
            if kind != "goal":
                continue
            actions = [a for a in record.get("actions") or [] if isinstance(a, dict)]
            path = f"{store}.#{record.get('id')}.actions"
            for action in actions:
                items.append(
                    PlanItem(
                        "action",
                        str(action.get("what", "")),
                        _stored_by(latest, path),
                        action.get("who"),
                        action.get("by_when"),
                    )
                )
            checks.append(
                GoalCheck(
                    text,
                    len(actions),
                    any(a.get("who") for a in actions),
                    any(a.get("by_when") for a in actions),
                )
            )
    return items, checks


def _explored_before(
    events: list[dict[str, Any]], parents: dict[int, str], topic: str, goal_seq: int | None
) -> bool | None:
    if goal_seq is None:
        return None
    return any(
        e["seq"] < goal_seq
        and e["action"] in ("answered", "changed")
        and e.get("by") in ("person", "both")
        and parents.get(e["seq"]) == topic
        for e in events
    )


def _goal_seq(events: list[dict[str, Any]]) -> int | None:
    for event in events:
        stored = event["action"] in ("answered", "changed") and event.get("value")
        if event.get("path") == sp.GOALS_LIST and stored:
            return int(event["seq"])
    return None


def _covered(conversation: Conversation, events: list[dict[str, Any]]) -> dict[str, int]:
    """Themes of the steps the people actually engaged with, and how many steps each."""
    visits = conversation.to_state().get("visits", {})
    answered = {
        (e["topic"], e["node"]) for e in events if e["action"] in ("answered", "changed", "chose")
    }
    counts: dict[str, int] = {}
    for key, times in visits.items():
        if not times or "." not in key:
            continue
        topic, node_id = key.split(".", 1)
        node = node_of(conversation.content, topic, node_id)
        if node is None or isinstance(node, (m.SetNode, m.BranchNode, m.CallNode, m.RepeatNode)):
            continue
        if isinstance(node, m.AskNode) and (topic, node_id) not in answered:
            continue  # reached but skipped: not covered
        for tag in node.tags:
            counts[tag] = counts.get(tag, 0) + 1
    return counts


def _strings(value: Any) -> list[str]:
    """Every piece of text in an answer or an event's value (lists and records opened)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, Mapping):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in _strings(item)]
    return []


#: The parts of an event that hold what was said: the persona's words, the trainee's, the
#: ideas offered and what went into the plan.
_SAID_KEYS = ("words", "proposal", "what", "ideas", "value")


def came_up(
    conversation: Conversation, events: Iterable[Mapping[str, Any]], persona: Persona | None
) -> list[str]:
    """The words of what a trainee has heard about the persona by now: the referral (what a
    worker knows before meeting them), every answer in force and everything said in the
    practice's events, by either of them. A reflection question with ``needs`` is asked only
    when what it names is here, so the feedback never tells a trainee the persona's secrets."""
    parts: list[str] = []
    if persona is not None:
        parts.append(persona.referral or persona.summary)
    for entry in in_force(conversation.log):
        if entry.get("action") in ("answered", "changed"):
            parts += _strings(entry.get("value"))
    for event in events:
        for key in _SAID_KEYS:
            parts += _strings(event.get(key))
    found: list[str] = []
    for part in parts:
        found += [*words(part), ","]  # a phrase is never matched across two pieces
    return found


def _may_ask(question: str | TrainerQuestion, heard: list[str]) -> bool:
    """Whether everything ``question`` names has come up (a plain question names nothing
    secret)."""
    if isinstance(question, str):
        return True
    return all(
        any(names(heard, phrase) for phrase in ([need] if isinstance(need, str) else need))
        for need in question.needs
    )


def _reflections(
    fb_parts: dict[str, Any], persona: Persona | None, heard: list[str] | None = None
) -> tuple[Reflection, ...]:
    """Two or three training questions, chosen by what the session missed (in this order).
    Each in the persona's own words when it has a question for it whose ``needs`` came up
    (``heard``: :func:`came_up`), else in the standard words."""
    name = persona.name if persona else "the person"
    rules: list[tuple[bool, str, str]] = [
        (
            fb_parts["what_matters_first"] is False or fb_parts["goals_came_first"],
            "view_person",
            f"Goals were set before you had asked {name} what matters to them."
            if fb_parts["what_matters_first"] is False
            else f"Goals came up before you had asked {name} what matters to them.",
        ),
        (
            fb_parts["refused"] > 0,
            "where_to_help",
            f"{name} turned down {fb_parts['refused']} of your ideas.",
        ),
        (
            fb_parts["concerns_first"] is False or fb_parts["concerns_untouched"],
            "person_barriers",
            f"What makes relationships hard for {name} was not explored before goals"
            if fb_parts["concerns_first"] is False
            else f"You did not talk about what makes relationships hard for {name}.",
        ),
        (
            fb_parts["incomplete_goals"] > 0,
            "existing_practice",
            f"{fb_parts['incomplete_goals']} goal(s) have no action with both a who and a date.",
        ),
        (
            fb_parts["own_share"] is not None and fb_parts["own_share"] < 0.5,
            "boundaries",
            "Less than half of the written answers are in the person's own words.",
        ),
        (
            fb_parts["worker_actions"] > fb_parts["person_actions"],
            "boundaries",
            "You took on more of the actions than the person did.",
        ),
        (
            "outward_facing" in fb_parts["missed"],
            "community_knowledge",
            "The session did not look outward, to local groups and places.",
        ),
        (
            "new_networks" in fb_parts["missed"],
            "link_new_person",
            # The theme's steps were not explored: someone may still have been named
            # elsewhere (a goal's "Who else could help?"), so never "did not come up".
            "No question about new people or groups to meet was explored.",
        ),
        (
            "engagement_through_activities" in fb_parts["missed"],
            "try_new",
            "Activities and interests did not come up.",
        ),
        (
            fb_parts["worker_skips"] >= 3,
            "barriers_to_practice",
            f"You skipped {fb_parts['worker_skips']} questions.",
        ),
        (
            fb_parts["getting_started_untouched"],
            "environment",
            "You did not agree how to work together (Getting started).",
        ),
        (
            "moving_on" in fb_parts["missed"],
            "move_on",
            "Moving on (needing less help over time) did not come up.",
        ),
    ]
    chosen: list[Reflection] = []
    seen: set[str] = set()

    def add(question_id: str, reason: str) -> None:
        seen.add(question_id)
        question = TRAINING_QUESTIONS[question_id]
        own = [
            q
            for q in (persona.trainer.questions.get(question_id, []) if persona else [])
            if _may_ask(q, heard or [])
        ]
        prompt = question_words(own[0]) if own else question.reflections[0]
        chosen.append(Reflection(question_id, question.number, question.question, reason, prompt))

    if fb_parts["talked_over"]:
        # Typing over the person's head comes right after the order and pushed ideas.
        rules.insert(
            2,
            (
                True,
                "environment",
                f"You answered {fb_parts['talked_over']} question(s) for {name}, over their head.",
            ),
        )
    for fired, question_id, reason in rules:
        if fired and question_id not in seen and len(chosen) < MAX_REFLECTIONS:
            add(question_id, reason)
    for question_id in FALLBACK_QUESTIONS:
        if len(chosen) < MIN_REFLECTIONS and question_id not in seen:
            add(question_id, "Worth asking after every practice session.")
    return tuple(chosen)


# Where a persona's words came from when it had nothing to say to a question (responder:
# the one fallback rule, the built-in default, or an empty list of its own ideas).
_NOTHING_SOURCES = ("fallback", "default", "list:")


def _why_skipped(timeline: Timeline, entry: Entry | None, persona: Persona | None) -> str:
    """Why the person's side skipped a step: "private", "nothing" or "not_today".

    Only a persona that said it would not answer (one of its 'not today' lines, or a reply
    written to decline) "said not today"; a question it had nothing to say to (its lines did
    not fit) is not a refusal. Paired practice has no persona events: the person chose it."""
    if entry is None:
        return "not_today"
    around = timeline.covering(entry)
    if any(e.kind == "kept_private" for e in around):
        return "private"
    said = next((e for e in around if e.kind == "persona"), None)
    if said is None:
        return "not_today"
    words = str(said.data.get("words") or "")
    if persona is not None and words in persona.voice.not_today:
        return "not_today"
    source = str(said.data.get("source") or "")
    return "nothing" if not source or source.startswith(_NOTHING_SOURCES) else "not_today"


def _warmth_end(
    persona: Persona, conversation: Conversation, events: list[dict[str, Any]], meeting: int
) -> int:
    """Where warmth ended: the session's last warmth change (it knows the meeting's cap),
    else (a session saved before warmth events) computed from the log, within the same cap."""
    changes = [e for e in events if e.get("kind") == "warmth" and "after" in e]
    if changes:
        return int(changes[-1]["after"])
    return warmth(persona, conversation, events, cap=warmth_cap(persona, meeting))


def compute_feedback(
    conversation: Conversation,
    *,
    persona: Persona | None = None,
    events: Iterable[Mapping[str, Any]] = (),
    started: str | None = None,
    mode: str = "solo",
    trainee: str = "",
    meeting: int | None = None,
) -> Feedback:
    """Feedback for a practice session: the rubric, the replay, figures from the log and data,
    then reflections."""
    content = conversation.content
    session_events = [dict(e) for e in events]
    timeline = Timeline(conversation, session_events)
    parents = {e.seq: e.topic for e in timeline.entries if e.seq is not None}
    logged = {e.seq: e for e in timeline.entries if e.seq is not None}
    forced = in_force(conversation.log)
    latest = _latest_by_path(forced)
    seconds, total = _topic_times(timeline, parse_time(started) if started else None)
    name = persona.name if persona else "the person"

    answers: dict[str, int] = {}
    skip_counts: dict[str, int] = {}
    skipped: list[SkippedStep] = []
    titles = {t.id: t.title for t in content.listed()}
    for event in latest.values():
        parent = parents.get(event["seq"], event["topic"])
        if event["action"] == "skipped":
            skip_counts[parent] = skip_counts.get(parent, 0) + 1
            who = "worker" if event.get("by") == "worker" else "person"
            why = (
                "not_today"
                if who == "worker"
                else _why_skipped(
                    timeline, logged.get(event["seq"]), persona if mode == "solo" else None
                )
            )
            skipped.append(
                SkippedStep(titles.get(parent, parent), event.get("prompt", ""), who, why)
            )
        elif event["action"] in ("answered", "changed"):
            answers[parent] = answers.get(parent, 0) + 1
    topics = tuple(
        TopicTime(
            t.id,
            t.title,
            conversation.status(t.id),
            seconds.get(t.id, 0),
            answers.get(t.id, 0),
            skip_counts.get(t.id, 0),
        )
        for t in content.listed()
    )

    covered = _covered(conversation, forced)
    missed = tuple(tag for tag in THEMES if tag not in covered)
    items, goals = _plan(conversation.data, latest)
    written = written_by(conversation)
    goal_seq = _goal_seq(forced)
    what_first = _explored_before(forced, parents, "what_matters", goal_seq)
    concerns_first = _explored_before(forced, parents, "concerns", goal_seq)
    found: list[ProposalResult] = []
    move: int | None = None
    for i, e in enumerate(session_events):
        if e.get("kind") == "move":
            move = i
        elif e.get("kind") in ("accepted", "not_yet", "refused"):
            found.append(
                ProposalResult(
                    str(e.get("proposal", "")),
                    e["kind"],
                    str(e.get("words", "")),
                    f"m{i}",
                    str(e.get("idea_from") or ""),
                    str(e.get("what") or ""),
                    move,
                )
            )
    proposals = tuple(found)
    rubric = score(conversation, session_events, mode=mode, name=name, timeline=timeline)
    total_written = sum(written.values())
    parts = {
        "what_matters_first": what_first,
        # The rubric's order finding: goals raised (even with nothing agreed) before what
        # matters was asked about.
        "goals_came_first": any(
            f.text.startswith("Order:") for f in rubric.by_id()["what_matters_first"].to_work_on
        ),
        "concerns_first": concerns_first,
        "concerns_untouched": conversation.status("concerns") == "not_started"
        if "concerns" in content.topics
        else False,
        "refused": sum(1 for p in proposals if p.outcome == "refused"),
        "talked_over": sum(1 for e in session_events if e.get("kind") == "talked_over"),
        "incomplete_goals": sum(1 for g in goals if not g.complete),
        "own_share": written.get("person", 0) / total_written if total_written else None,
        "worker_actions": sum(1 for i in items if i.kind == "action" and i.owner == "worker"),
        "person_actions": sum(1 for i in items if i.kind == "action" and i.owner == "me"),
        "missed": missed,
        "worker_skips": sum(1 for s in skipped if s.by == "worker"),
        "getting_started_untouched": "getting_started" in content.topics
        and conversation.status("getting_started") == "not_started",
    }
    solo = mode == "solo" and persona is not None
    return Feedback(
        persona_name=name,
        mode=mode,
        total_seconds=total,
        topics=topics,
        themes_covered={tag: covered[tag] for tag in THEMES if tag in covered},
        themes_missed=missed,
        plan_items=tuple(items),
        written_by=written,
        goals=tuple(goals),
        what_matters_first=what_first,
        concerns_first=concerns_first,
        skipped=tuple(skipped),
        proposals=proposals,
        reflections=_reflections(parts, persona, came_up(conversation, session_events, persona)),
        # Paired role-play has no simulated persona, so no warmth figures.
        warmth_start=persona.warmth.start if solo and persona else None,
        warmth_end=_warmth_end(persona, conversation, session_events, meeting or 1)
        if solo and persona
        else None,
        rubric=rubric,
        replay=replay(conversation, session_events, name=name, mode=mode, timeline=timeline),
        trainee=trainee,
        meeting=meeting,
    )


#: The most characters of a trainee's name kept in a feedback file's name.
NAME_IN_FILE = 32


def name_for_file(name: str) -> str:
    """A trainee's name made safe as part of a file name: folded to one case without accents
    ("Zoë O'Neil" -> "zoe-o-neil"), letters and digits of any script kept, every run of other
    characters (spaces, slashes, dots, brackets, quotes, emoji, controls) one hyphen, at most
    :data:`NAME_IN_FILE` characters; "" when nothing of it is left. So it can never name
    another folder (``../x`` -> ``x``), hide a suffix or start with a dot or a dash."""
    kept = "".join(c if c.isalnum() else "-" for c in fold(name))
    return "-".join(part for part in kept.split("-") if part)[:NAME_IN_FILE].strip("-")


def feedback_file_stem(persona_id: str, trainee: str, started: str) -> str:
    """A practice's feedback file name without its suffix: the persona, the trainee (so the
    files of several trainees on one laptop say whose they are) and when it started, e.g.
    ``practice-stan-pat-lee-2026-12-06T113841``."""
    who = name_for_file(trainee)
    when = started[:19].replace(":", "")
    return "-".join(part for part in ("practice", persona_id, who, when) if part)
