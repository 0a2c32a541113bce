"""How a persona answers the step on screen in solo practice, and how warm it is by now.

Lookup order for a question (first reply that fits the step's answer type wins):

1. the item's ``details`` when the step asks about one person, concern or goal of a list;
2. ``answers["topic.step"]``;
3. the persona's own list for the step's store (``network.people``, ``concerns.list``,
   ``goals.list``, ``community.list``);
4. ``by_tag`` for each of the step's tags, in the step's order;
5. ``by_type`` for the step's answer type;
6. a built-in default (a rating in the middle, said in words; otherwise a line from the
   persona's ``voice.fallback`` for the topic, or 'not today').

The trainee's move shapes the answer (``move=``): a closed question gets the guarded tier
only; inviting ideas gets only the persona's own list. Replies whose ``about`` names a subject
that is private by now are passed over for the next alternative, else the persona says the
subject's ``words`` and leaves the question. Before a record is explained, a persona whose
``consent.needs_explaining`` is true says no to a record.

Variation is seeded per step (seed, step, how often it was answered), not drawn from one
shared stream, so an undo followed by the same action gives the same answer.
"""

from __future__ import annotations

import datetime as _dt
import random
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from assistant import store_paths as sp
from assistant.engine.answers import AnswerError, coerce, is_empty, rating_range
from assistant.engine.conversation import Conversation, Step
from assistant.flows import model as m
from assistant.training.model import AnswerSet, Persona, Reply
from assistant.training.reading import (
    ADMIN_TOPICS,
    WRITTEN_TYPES,
    explores,
    in_force,
    node_of,
    parent_topics,
)

# "stay": the persona says something and the question stays on screen (nothing is stored).
Action = Literal["answer", "skip", "choose", "proceed", "stay"]

# Store path of a list answer -> the persona's own list that answers it.
LIST_SOURCES: dict[str, str] = {
    sp.NETWORK_PEOPLE: "network",
    sp.CONCERNS_LIST: "concerns",
    sp.GOALS_LIST: "goals",
    sp.COMMUNITY_LIST: "activities",
}
# Per-topic cap on warmth from exploring answers: breadth of listening counts, not volume.
EXPLORE_CAP_PER_TOPIC = 2
# The moves that let the person tell their own story: only answers to these warm them.
OPEN_MOVES = frozenset({"open_question", "reflect", "invite_ideas"})
# Answer types that do not explore (a number on a scale, a yes or no): no warmth.
UNEXPLORING_TYPES = frozenset({"rating", "yes_no"})
PENALTIES: dict[str, int] = {"refused": 2, "not_yet": 1, "talked_over": 1}
# Side moves that warm the persona, each once per meeting: offering the keyboard, explaining
# the record.
ONCE_BONUSES = ("keyboard", "record_explained")
_NUMBER_WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()  # noqa: SIM905
# Built-in lines for personas without their own (plain and neutral).
DEFAULT_LINES: dict[str, tuple[str, ...]] = {
    "heard": ("Yes. That's right.", "You were listening, then."),
    "keyboard_takes": ("Go on then, I'll have a go.", "All right. Show me where to type."),
    "keyboard": ("You do it. I'll watch what goes in.", "No, you type. I'll read it."),
    "record_explained": ("Right. So I can see it, and I can say no.", "OK. Thanks for saying."),
    "consent_yes": ("All right. Now I know what goes in it, you can write it down.",),
    "consent_no": ("Not until I know what goes in it and who reads it.",),
    "nothing_yet": ("I don't know yet.", "I haven't thought about it. Not yet."),
    "no_more": ("That's all I can think of for now.", "Nothing else. Not yet."),
    "fallback": ("I'm not sure what to say to that.",),
}
# The source of what a persona says when asked for a record before it was explained.
UNEXPLAINED = "consent:unexplained"
_RELATIVE = re.compile(r"^\+(\d{1,3})([dw])$")


@dataclass(frozen=True)
class Response:
    """What the persona does at a step: answer, skip, choose, go on, or stay (say something
    and leave the question on screen); and what it says."""

    action: Action
    value: Any = None
    words: str = ""
    by: str = "person"
    source: str = ""  # where the reply came from, e.g. "answers:what_matters.hopes"
    tier: str = ""  # "guarded" or "open": the warmth tier the reply was chosen from
    about: tuple[str, ...] = ()  # private subjects this reply discloses
    keeps_private: tuple[str, ...] = ()  # subjects the persona asks not to be written down
    withheld: str | None = None  # a private subject the persona would not talk about here

    def apply(self, conversation: Conversation) -> None:
        """Carry out this response on the conversation."""
        if self.action == "stay":
            return
        if self.action == "proceed":
            conversation.proceed(by=self.by)
        elif self.action == "skip":
            conversation.skip(by=self.by)
        elif self.action == "choose":
            conversation.choose(str(self.value), by=self.by)
        else:
            conversation.answer(self.value, by=self.by)


# ------------------------------------------------------------------------------ warmth


def warmth(
    persona: Persona,
    conversation: Conversation,
    events: Iterable[Mapping[str, Any]] = (),
    *,
    cap: int | None = None,
) -> int:
    """The persona's warmth now: start, plus being listened to, minus being pushed, never
    above ``cap`` (the most it may reach in this practice meeting).

    Gains come in half steps, so a well-run first meeting warms over the meeting rather than
    in its first minutes: +1/2 for each answer the person gave to an OPEN move (asked openly,
    a reflection, their ideas invited; an answer with no move at all is the headless
    persona's own) at a step that explores their life: tagged person_centred or
    overcoming_barriers, a question asked in words or choices (not a rating, not a yes/no),
    outside the admin topics (``reading.ADMIN_TOPICS``: their name, who types, consent...),
    at most 2 per topic; +1/2 for a reflection of something they said (once per topic, at
    such a step); +1/2
    the first time the worker offers the keyboard and the first time the worker explains the
    record. Whole steps down: -2 for each of the worker's ideas turned down, -1 for each idea
    proposed too early, -1 each time the worker answered for the person. Everything is taken
    in the order it happened, so a gain blocked by the cap is not banked for later, and a loss
    never takes it below 0 (so the next good answer after a bad start shows). The warmth is
    the whole steps reached.
    """
    log = conversation.log
    events = list(events)
    content = conversation.content
    parents = parent_topics(content)
    undone = {e["of"] for e in log if e["action"] == "undone"}
    # The trainee's move that each answer followed (by the log's length when it was made).
    moved = {e.get("after_seq"): str(e.get("move")) for e in events if e.get("kind") == "move"}
    # (when, change in half steps): a log entry at index i comes at 2i+1; an event made when
    # the log had n entries comes at 2n, after those n entries and before the next one.
    timeline: list[tuple[int, int]] = []
    per_topic: dict[str, set[tuple[str, str]]] = {}
    for index, entry in enumerate(log):
        if entry["action"] not in ("answered", "changed") or entry.get("by") not in (
            "person",
            "both",
        ):
            continue
        if entry["seq"] in undone or moved.get(index, "open_question") not in OPEN_MOVES:
            continue
        if not _explores(content, parents, entry):
            continue
        found = per_topic.setdefault(parents.get(entry["topic"], entry["topic"]), set())
        key = (entry["node"], str(entry.get("path")))
        if key in found or len(found) >= EXPLORE_CAP_PER_TOPIC:
            continue
        found.add(key)
        timeline.append((2 * index + 1, 1))
    once: set[str] = set()
    reflected: set[str] = set()
    for event in events:
        kind = str(event.get("kind"))
        when = 2 * int(event.get("after_seq", len(log)))
        if kind in PENALTIES:
            timeline.append((when, -2 * PENALTIES[kind]))
        elif kind in ONCE_BONUSES and kind not in once:
            once.add(kind)
            timeline.append((when, 1))
        elif kind == "move" and event.get("move") == "reflect" and event.get("heard"):
            topic = str(parents.get(event.get("topic") or "", event.get("topic")))
            if topic not in reflected and _explores(content, parents, event):
                reflected.add(topic)
                timeline.append((when, 1))
    halves = 2 * persona.warmth.start
    for _, change in sorted(timeline, key=lambda item: item[0]):
        # Never below 0 at any step, so the next good answer shows at once.
        halves = max(0, halves + change)
        if cap is not None:
            halves = min(halves, 2 * cap)
    return halves // 2


def _explores(content: Any, parents: dict[str, str], at: Mapping[str, Any]) -> bool:
    """Whether an answer (or a reflection) at this step is the person opening up: not an
    admin step (a name, who types, consent), not a number on a scale, not a yes or no."""
    if not explores(content, parents, at.get("topic"), at.get("node")):
        return False
    found = node_of(content, at.get("topic"), at.get("node"))
    return getattr(found, "type", None) not in UNEXPLORING_TYPES


def warmth_cap(persona: Persona, meeting: int) -> int:
    """The most warmth can reach in practice meeting ``meeting`` (1 for a first practice)."""
    return persona.warmth.start + persona.warmth.per_meeting * max(1, meeting)


def number_words(number: int) -> str:
    """A small whole number as a word ("five"), larger ones as digits."""
    return _NUMBER_WORDS[number] if 0 <= number < len(_NUMBER_WORDS) else str(number)


def line(persona: Persona, kind: str, rng: random.Random) -> str:
    """One of the persona's lines of ``kind`` (a ``voice`` field), or a built-in plain one."""
    found = getattr(persona.voice, kind, None)
    own = list(found) if isinstance(found, list) else []  # `fallback` is by topic: not here
    if kind == "keyboard" and not own and persona.keyboard.takes:
        kind = "keyboard_takes"
    return rng.choice(own or list(DEFAULT_LINES.get(kind, DEFAULT_LINES["fallback"])))


# --------------------------------------------------------------------------- responding


def step_key(step: Step) -> str:
    return f"{step.topic}.{step.node_id}"


def step_rng(seed: int | str, step: Step, conversation: Conversation) -> random.Random:
    """A generator for this step only (string seeds are hashed stably by ``random``)."""
    times = sum(
        1
        for e in conversation.log
        if e.get("node") == step.node_id and e.get("path") == step.path and e.get("topic")
    )
    return random.Random(f"{seed}|{step_key(step)}|{step.path}|{times}")


def resolve_dates(value: Any, today: _dt.date) -> Any:
    """``+14d`` / ``+2w`` become ISO dates after ``today`` (also inside lists and records)."""
    if isinstance(value, str):
        found = _RELATIVE.match(value.strip())
        if found:
            amount, unit = int(found.group(1)), found.group(2)
            return (today + _dt.timedelta(days=amount * (7 if unit == "w" else 1))).isoformat()
        return value
    if isinstance(value, list):
        return [resolve_dates(v, today) for v in value]
    if isinstance(value, dict):
        return {k: resolve_dates(v, today) for k, v in value.items()}
    return value


def _list_item(persona: Persona, path: str | None) -> tuple[Any, str] | None:
    """(persona's item, field) when ``path`` is e.g. ``network.people.#dave.feeling``."""
    if not path:
        return None
    segments = path.split(".")
    for position, segment in enumerate(segments):
        if segment.startswith("#"):
            source = LIST_SOURCES.get(".".join(segments[:position]))
            field = ".".join(segments[position + 1 :])
            if source is None or not field:
                return None
            for item in getattr(persona, source):
                if item.id == segment[1:]:
                    return item, field
            return None
    return None


def _own_list(
    persona: Persona, node: m.AskNode, level: int, hidden: frozenset[str] = frozenset()
) -> list[dict[str, Any]] | None:
    """The records of the persona's list for this store, as far as they would share now
    (never an item that discloses a subject private by now)."""
    source = LIST_SOURCES.get(node.store)
    if source is None or node.type != "records":
        return None
    names = {f.name for f in node.fields}
    records = []
    for item in getattr(persona, source):
        if item.share_at > level or not hidden.isdisjoint(item.discloses):
            continue
        if source == "network":
            full = {"name": item.name, "relationship": item.relationship, "circle": item.circle}
        elif source == "concerns":
            full = {"kind": item.kind, "words": item.words}
        else:
            full = {"what": item.what, "idea_from": "me", **item.record}
        records.append({"id": item.id, **{k: v for k, v in full.items() if k in names}})
    return records


def _options(step: Step) -> list[m.Choice]:
    return [m.Choice(value=v, label=label) for v, label in step.options]


def _fits(step: Step, value: Any) -> Any:
    """The stored form of ``value`` for this step, or raise ``AnswerError``."""
    node = step.node
    stored = coerce(node, value, _options(step) if node.options_from else None)
    if is_empty(stored) and node.type != "records":
        raise AnswerError("empty")
    if node.required and is_empty(stored):
        raise AnswerError("required")
    return stored


def _with_ids(node: m.AskNode, value: Any) -> Any:
    """Give list entries stable ids (the engine would draw random ones)."""
    if node.type != "records" or not isinstance(value, list):
        return value
    names = {f.name for f in node.fields}
    out = []
    for number, item in enumerate(value, start=1):
        if isinstance(item, dict):
            item = {k: v for k, v in item.items() if k in names or k == "id"}
            item.setdefault("id", f"{node.id}_{number}")
        out.append(item)
    return out


def _ordinal(day: int) -> str:
    if day in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _said(label: str) -> str:
    """An option's label as a person would say it: without the details in brackets (a
    directory entry's label carries its times), e.g. "Riverside Community Garden"."""
    return label.split(" (", 1)[0].strip() or label


def words_for(step: Step, stored: Any) -> str:
    """What the persona says when it has no scripted words: the answer in plain speech."""
    node = step.node
    labels = dict(step.options)
    if node.type in ("text", "long_text"):
        return str(stored)
    if node.type == "choice":
        return _said(labels.get(stored, str(stored)))
    if node.type == "multi_choice":
        said = [_said(labels.get(v, str(v))).rstrip(".") for v in stored]
        if not said:
            return "None of those."
        if not node.options_from:
            # Written options are common words ("Advice or information"): mid-sentence they
            # start small. Worked-out options (directory entries, people) keep their names.
            said = said[:1] + [t[:1].lower() + t[1:] for t in said[1:]]
        return (", ".join(said[:-1]) + " and " + said[-1] if len(said) > 1 else said[0]) + "."
    if node.type == "yes_no":
        return "Yes." if stored else "No."
    if node.type == "rating":
        # Said as a person would say it, never a bare number.
        return f"I'd say {number_words(int(stored))}."
    if node.type == "date":
        try:
            day = _dt.date.fromisoformat(str(stored))
        except ValueError:
            return str(stored)
        return f"{day:%A} the {day.day}{_ordinal(day.day)} of {day:%B}?"
    if node.type == "records":
        shown = []
        for record in stored:
            text = next(
                (record[f.name] for f in node.fields if f.type == "text" and f.name in record),
                None,
            )
            if text:
                shown.append(str(text))
        return "; ".join(t.rstrip(".") for t in shown) if shown else "No one, right now."
    return str(stored)


def _choose(rng: random.Random, replies: Sequence[Reply]) -> Reply | None:
    return rng.choice(list(replies)) if replies else None


def _allowed(
    found: AnswerSet, warm: bool, private: frozenset[str]
) -> tuple[list[Reply], str, str | None]:
    """The replies of the tier for this warmth that disclose nothing private, the tier's
    name, and the private subject that ruled every reply out (None when some are left).

    When every reply of the tier names a private subject, the other tier is tried."""
    tier = "open" if (warm and found.open) or not found.guarded else "guarded"
    replies = found.replies(warm)
    allowed = [r for r in replies if private.isdisjoint(r.about)]
    if allowed or not replies:
        return allowed, tier, None
    other = found.guarded if tier == "open" else found.open
    others = [r for r in other if private.isdisjoint(r.about)]
    if others:
        return others, "guarded" if tier == "open" else "open", None
    return [], tier, next(s for r in replies for s in r.about if s in private)


def _generic_fits(step: Step, content: Any, source: str) -> bool:
    """Whether a generic line (``by_tag`` / ``by_type``) may answer this step.

    Those lines are said about a subject, not about one question: a tag line answers only a
    question asked in words (text / long_text) about the person's life, never an admin step
    (who else was here, how to reach them: ``reading.ADMIN_TOPICS``, unless the step is tagged
    as exploring the person, like the picture of moving on) and never a step about
    one person, concern or goal of a list (the line does not know which). A type line is
    keyed by its answer type; a written one is kept out of admin steps too ("I don't know."
    is not who else was in the room)."""
    written = step.answer_type in WRITTEN_TYPES
    parents = parent_topics(content)
    admin = parents.get(step.topic or "", step.topic) in ADMIN_TOPICS and not explores(
        content, parents, step.topic, step.node_id
    )
    if source == "tag":
        return written and not admin and "#" not in (step.path or "")
    return not (written and admin)


def _candidates(
    persona: Persona,
    step: Step,
    level: int,
    hidden: frozenset[str] = frozenset(),
    content: Any = None,
) -> Iterable[tuple[str, AnswerSet | list[dict[str, Any]]]]:
    """Every source that might answer the step, in lookup order (generic lines only where
    they fit the kind of question: :func:`_generic_fits`)."""
    found = _list_item(persona, step.path)
    if found is not None:
        item, field = found
        if field in item.details:
            yield f"details:{item.id}.{field}", item.details[field]
    key = step_key(step)
    if key in persona.answers:
        yield f"answers:{key}", persona.answers[key]
    if step.kind == "ask":
        own = _own_list(persona, step.node, level, hidden)
        if own is not None:
            yield f"list:{step.node.store}", own
    if content is None or _generic_fits(step, content, "tag"):
        for tag in step.tags:
            if tag in persona.by_tag:
                yield f"tag:{tag}", persona.by_tag[tag]
    answer_type = step.answer_type
    if content is not None and not _generic_fits(step, content, "type"):
        return
    if answer_type and answer_type in persona.by_type:
        yield f"type:{answer_type}", persona.by_type[answer_type]


def _not_today(persona: Persona, rng: random.Random, source: str = "default") -> Response:
    return Response("skip", words=rng.choice(persona.voice.not_today), source=source)


def fallback(persona: Persona, step: Step, rng: random.Random, content: Any) -> Response:
    """Nothing written fits this question (the one rule for it): the persona says a line that
    fits the topic (``voice.fallback``, by the step's topic or the topic it runs under), else
    a plain built-in one, and the question stays, for the trainee to put another way, answer
    for them or leave. A topic's lines are small talk about the topic, so they only stand in
    for a question asked in words (text); a choice, a yes/no or a date they would not answer
    gets the plain line."""
    topic = step.topic or ""
    lines: list[str] = []
    if step.answer_type in ("text", "long_text", None):
        lines = persona.voice.fallback.get(topic) or persona.voice.fallback.get(
            parent_topics(content).get(topic, topic), []
        )
    if lines:
        return Response("stay", words=rng.choice(lines), source=f"fallback:{topic}")
    return Response("stay", words=rng.choice(DEFAULT_LINES["fallback"]), source="default")


def _default(persona: Persona, step: Step, rng: random.Random, content: Any) -> Response:
    node = step.node
    if node.type == "rating":
        low, high = rating_range(node)
        value = (low + high) // 2
        return Response("answer", value, words_for(step, value), source="default")
    return fallback(persona, step, rng, content)


# Who gave an answer -> whose idea it was, in the words of a "Whose idea was that?" step.
_IDEA_OF = {"person": "me", "worker": "worker", "both": "together"}
# ...and how the person says it to the worker (the options are labelled for the form).
IDEA_WORDS: dict[str, tuple[str, ...]] = {
    "me": ("Mine.", "It was my idea."),
    "worker": ("You did.", "Yours."),
    "together": ("We both did.", "Both of us, I'd say."),
}


def _whose_idea(step: Step, conversation: Conversation) -> Response | None:
    """A "Whose idea was that?" step (a choice stored as ``..._from`` or ``..._idea_from``
    next to the answer it asks about, with the options me/worker/together): the persona says
    what happened, from who gave that answer in this meeting (None when it was not given)."""
    node = step.node
    values = {value for value, _ in step.options}
    if node.type != "choice" or not {"me", "worker", "together"} <= values or not step.path:
        return None
    for suffix in ("_idea_from", "_from"):
        if step.path.endswith(suffix):
            about = step.path.removesuffix(suffix)
            break
    else:
        return None
    given = [
        e
        for e in in_force(conversation.log)
        if e.get("path") == about and e["action"] in ("answered", "changed")
    ]
    if not given:
        return None
    value = _IDEA_OF.get(str(given[-1].get("by")), "together")
    # Said to the worker, not the option's label read out ("My worker" is the form's view).
    words = random.Random(f"{step_key(step)}|{step.path}|{value}").choice(IDEA_WORDS[value])
    return Response("answer", value, words, source="log:idea_from")


def _consent(persona: Persona, step: Step, rng: random.Random, explained: bool) -> Response:
    """A persona who needs the record explained: yes once it was. Until then the question
    stays open (nothing is stored: not a 'no'): they say what they need to know (their
    ``consent.refuses_without`` words), so the trainee can explain and ask again."""
    scripted = persona.answers.get(step_key(step))
    replies = (scripted.guarded + scripted.open) if scripted else []
    said = [r.words for r in replies if r.value is explained and r.words]
    if explained:
        words = rng.choice(said or list(DEFAULT_LINES["consent_yes"]))
        return Response("answer", True, words, source="consent:explained", tier="open")
    lines = persona.consent.refuses_without or list(DEFAULT_LINES["consent_no"])
    return Response("stay", words=rng.choice(lines), source=UNEXPLAINED)


def responses(
    persona: Persona,
    conversation: Conversation,
    *,
    seed: int | str = 0,
    level: int | None = None,
    move: str | None = None,
    private: Collection[str] = (),
    explained: bool = False,
) -> Iterator[Response]:
    """Every response the persona could give here, best first (empty: not its turn).

    The engine has the last word (e.g. a content rule refusing a date), so the session
    applies the first one the engine accepts. ``move``: the trainee's move (a closed
    question gets the guarded tier; ``invite_ideas`` only the persona's own ideas);
    ``private``: subjects private by now; ``explained``: the record was explained.
    """
    step = conversation.step
    if step.kind == "topics" or step.speaker == "worker":
        return
    if level is None:
        level = warmth(persona, conversation)
    warm = level >= persona.warmth.open_at and move != "closed_question"
    hidden = frozenset(private)
    rng = step_rng(seed, step, conversation)
    # The engine checks dates against the real today(), so never resolve before it.
    today = max(conversation.clock().date(), _dt.date.today())

    if step.kind in ("say", "end"):
        for source, found in _candidates(persona, step, level, hidden, conversation.content):
            if isinstance(found, AnswerSet):
                allowed, tier, _ = _allowed(found, warm, hidden)
                reply = _choose(rng, allowed)
                if reply is not None and reply.words:
                    yield Response(
                        "proceed",
                        words=reply.words,
                        source=source,
                        tier=tier,
                        about=tuple(reply.about),
                        keeps_private=tuple(reply.keeps_private),
                    )
                    return
        yield Response("proceed", source="default")
        return

    if step.kind == "menu":
        keys = {k for k, _ in step.options} | {label for _, label in step.options}
        for source, found in _candidates(persona, step, level, hidden, conversation.content):
            if not isinstance(found, AnswerSet):
                continue
            allowed, tier, _ = _allowed(found, warm, hidden)
            reply = _choose(rng, allowed)
            if reply is None or reply.skip or str(reply.value) not in keys:
                continue
            label = dict(step.options).get(str(reply.value), str(reply.value))
            yield Response(
                "choose",
                str(reply.value),
                reply.words or label,
                source=source,
                tier=tier,
                about=tuple(reply.about),
                keeps_private=tuple(reply.keeps_private),
            )
        for key, label in step.options:
            yield Response("choose", key, label, source="default")
        return

    if (
        step.kind == "ask"
        and step.node.store == sp.CONSENT_RECORD
        and persona.consent.needs_explaining
    ):
        yield _consent(persona, step, rng, explained)
        return

    if step_key(step) not in persona.answers:
        # What happened in this meeting says whose idea it was better than any stock line.
        known = _whose_idea(step, conversation)
        if known is not None:
            yield known
    for source, found in _candidates(persona, step, level, hidden, conversation.content):
        if move == "invite_ideas" and not source.startswith("list:"):
            continue  # asked for their own ideas: only what they own
        if isinstance(found, list):
            if not found:
                continue  # nothing they would share yet: later sources may still answer
            try:
                stored = _fits(step, found)
            except AnswerError:
                continue
            yield Response("answer", stored, words_for(step, stored), source=source)
            continue
        allowed, tier, withheld = _allowed(found, warm, hidden)
        if withheld is not None:
            # Every reply would say something they asked to keep private.
            subject = next(p for p in persona.private if p.id == withheld)
            yield Response("skip", words=subject.words, source=source, tier=tier, withheld=withheld)
            return
        reply = _choose(rng, allowed)
        if reply is None:
            continue
        if reply.skip:
            words = reply.words or rng.choice(persona.voice.not_today)
            yield Response(
                "skip",
                words=words,
                source=source,
                tier=tier,
                about=tuple(reply.about),
                keeps_private=tuple(reply.keeps_private),
            )
            return
        if reply.value is None:
            continue
        value = _with_ids(step.node, resolve_dates(reply.value, today))
        try:
            stored = _fits(step, value)
        except AnswerError:
            continue  # written for another kind of step: try the next source
        yield Response(
            "answer",
            stored,
            reply.words or words_for(step, stored),
            source=source,
            tier=tier,
            about=tuple(reply.about),
            keeps_private=tuple(reply.keeps_private),
        )
    if step.kind == "ask" and LIST_SOURCES.get(step.node.store):
        # Their own list, but nothing they would share at this warmth.
        if move == "invite_ideas":
            words = rng.choice(DEFAULT_LINES["nothing_yet"])
            yield Response("skip", words=words, source=f"list:{step.node.store}")
            return
        yield _not_today(persona, rng, f"list:{step.node.store}")
        return
    yield _default(persona, step, rng, conversation.content)
    # (a middle rating the engine would not take): nothing fits, so the one rule for that.
    yield fallback(persona, step, rng, conversation.content)


def respond(
    persona: Persona,
    conversation: Conversation,
    *,
    seed: int | str = 0,
    level: int | None = None,
    move: str | None = None,
    private: Collection[str] = (),
    explained: bool = False,
) -> Response | None:
    """The persona's response to the current step, or None when it is not the persona's turn.

    Not the persona's turn: the topic list (the worker chooses where to go) and steps
    addressed to the worker only. ``level`` is the warmth (computed when not given); see
    :func:`responses` for ``move``, ``private`` and ``explained``.
    """
    return next(
        responses(
            persona,
            conversation,
            seed=seed,
            level=level,
            move=move,
            private=private,
            explained=explained,
        ),
        None,
    )
