"""The practice rubric: seven Connecting People principles, each scored 0 to 2 from what happened.

Every score is computed from the session's events (the trainee's moves and the persona's
reactions, design §3) and the answer log, never canned. Each principle says what 0, 1 and 2
look like (its benchmark), what went well and what to work on, and the moments that earned
the score (with the trainee's or the persona's words quoted), so a trainee can find each one
in the replay.

Solo practice is scored from the trainee's moves (an open question, a reflection, ...).
Paired role-play and sessions saved before moves existed have no moves: they are scored
from the answer log only, by who typed what (no persona reactions, no warmth).

Sources: the principles follow the Connecting People Intervention's model and its 12
training questions (see ``themes.py``). Counting the worker's moves and the reflections per
question figure are modelled on the Motivational Interviewing Treatment Integrity code (MITI
4.2.1), which counts behaviour codes; MITI 4 codes every question as one behaviour, so
splitting open from closed questions is this app's own. The scores are this app's own
teaching aid, not a validated fidelity measure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from assistant import store_paths as sp
from assistant.engine.conversation import Conversation
from assistant.flows import model as m
from assistant.training.reading import WRITTEN_TYPES, in_force, node_of
from assistant.training.timeline import PROPOSAL_KINDS, Entry, Timeline, is_private_note

MAX_SCORE = 2
OPEN_MOVES = ("open_question", "reflect")
# Listed topics each principle looks at.
WHAT_MATTERS = "what_matters"
CONCERNS = "concerns"
GOALS = "goals"
COMMUNITY_TOPICS = ("community", "resourceful_people")
PROPOSAL_STORES = (sp.GOALS_LIST, sp.COMMUNITY_LIST)
CONSENT_STORE = "consent.record"
QUOTE_LENGTH = 120
WORDED_TYPES = ("text", "long_text", "records")
# Answers that name someone or somewhere (a list of people, places, groups), as opposed to
# what the person thinks makes a good helper: only these show they "talked about places,
# groups or people".
NAMING_TYPES = ("records", "multi_choice")


@dataclass(frozen=True)
class Moment:
    """A moment that earned (or cost) a score: where it is and what was said."""

    ref: str  # "m12" / "s5": the replay's anchor
    label: str  # "moment 12" / "answer 5"
    quote: str  # the trainee's or the persona's words ('' when none)


@dataclass(frozen=True)
class Finding:
    """One line of feedback under a principle, with the moments it points at."""

    text: str
    good: bool
    moments: tuple[Moment, ...] = ()


@dataclass(frozen=True)
class Principle:
    """A principle's fixed parts: its name, benchmark and sources."""

    id: str
    title: str
    benchmark: tuple[str, str, str]  # what 0, 1 and 2 look like
    source: str


@dataclass(frozen=True)
class PrincipleScore:
    principle: Principle
    score: int
    findings: tuple[Finding, ...]

    @property
    def id(self) -> str:
        return self.principle.id

    @property
    def went_well(self) -> tuple[Finding, ...]:
        """The good findings, only when the principle scored above 0: "what went well" never
        praises under a score of 0 (the moves themselves are still counted under "Your
        moves")."""
        if self.score <= 0:
            return ()
        return tuple(f for f in self.findings if f.good)

    @property
    def to_work_on(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.good)


@dataclass(frozen=True)
class MoveCounts:
    """How often the trainee made each kind of move (solo practice).

    Modelled on MITI 4.2.1's behaviour counts; MITI 4 counts all questions as one code, so
    the split into open and closed questions is this app's own."""

    counts: Mapping[str, int] = field(default_factory=dict)

    def __getitem__(self, kind: str) -> int:
        return int(self.counts.get(kind, 0))

    @property
    def questions(self) -> int:
        return self["open_question"] + self["closed_question"] + self["invite_ideas"]

    @property
    def reflection_ratio(self) -> float | None:
        """Reflections per question (None when no questions were asked)."""
        return self["reflect"] / self.questions if self.questions else None


@dataclass(frozen=True)
class Rubric:
    """The seven scores of one practice, in the order of :data:`PRINCIPLES`."""

    mode: str
    scored_from: str  # "moves" (solo) or "answers" (paired, or a session saved before moves)
    principles: tuple[PrincipleScore, ...]
    moves: MoveCounts

    @property
    def total(self) -> int:
        return sum(p.score for p in self.principles)

    @property
    def max_total(self) -> int:
        return MAX_SCORE * len(self.principles)

    def by_id(self) -> dict[str, PrincipleScore]:
        return {p.id: p for p in self.principles}

    def went_well(self) -> list[tuple[PrincipleScore, Finding]]:
        return [(p, f) for p in self.principles for f in p.went_well]

    def to_work_on(self) -> list[tuple[PrincipleScore, Finding]]:
        return [(p, f) for p in self.principles for f in p.to_work_on]


_CPI = "Connecting People training question"
PRINCIPLES: tuple[Principle, ...] = (
    Principle(
        "what_matters_first",
        "What matters, before goals",
        (
            "0: what matters to the person was not asked about.",
            "1: it was asked, but goals came first, or only one question before goals.",
            "2: two or more open questions or reflections about what matters, before any "
            "goal or idea was raised.",
        ),
        f"{_CPI} 1 (how should I view the person?): the whole person, their interests and "
        "hopes, comes before problems and tasks.",
    ),
    Principle(
        "own_words",
        "The person's own words",
        (
            "0: two or more answers typed over their head, or nothing in their words.",
            "1: one answer typed over their head.",
            "2: every answer theirs, none typed for them.",
        ),
        f"{_CPI} 10 (what environment works best?) and the model's co-production: whoever "
        "types, the words are the person's.",
    ),
    Principle(
        "ideas_invited",
        "Their ideas, before yours",
        (
            "0: their ideas were never asked for (yours only, or none at all).",
            "1: their ideas were asked for, but you also pushed ideas of your own first.",
            "2: their ideas were asked for before you suggested anything.",
        ),
        f"{_CPI} 5 (where is help most useful?) and 9 (helping the person overcome "
        "barriers): the person's own ideas come first.",
    ),
    Principle(
        "consent",
        "Consent to a record",
        (
            "0: the person was not asked, or you answered or skipped it for them.",
            "1: they were asked, but what is written down was not explained first (or it was "
            "explained but never asked).",
            "2: you explained what is written down and who sees it, then asked them.",
        ),
        f"{_CPI} 2 (how do I manage boundaries?) and the app's Getting started: the person "
        "decides whether a record is kept.",
    ),
    Principle(
        "barriers_explored",
        "What makes it hard",
        (
            "0: what makes relationships hard was not explored.",
            "1: explored once, with a closed question, or only after goals came up.",
            "2: two or more open questions or reflections about it, before goals.",
        ),
        f"{_CPI} 9 (how do I help the person overcome barriers?): barriers in the "
        "person's words, and their ideas about what might help.",
    ),
    Principle(
        "community_linked",
        "Looking outward",
        (
            # What is scored is the asking in those two topics: someone named elsewhere (a
            # goal's "Who else could help?") does not make "did not come up" true.
            "0: the questions in People who could help and Things to do and places to go "
            "were not asked.",
            "1: they were asked, but the person said nothing about groups, places or people "
            "yet (or only closed questions).",
            "2: you asked openly and the person talked about places, groups or people.",
        ),
        f"{_CPI} 3 (knowledge of the local community), 6 (trying something new) and 8 "
        "(linking someone to a new person): outward-facing work.",
    ),
    Principle(
        "moving_on",
        "Moving on",
        (
            "0: needing less help over time did not come up (or you left it for now).",
            "1: raised with a closed question, or answered for them.",
            "2: raised openly, so the person could say what life would look like then.",
        ),
        f"{_CPI} 7 (how do I help someone move on?): moving on is planned from the start.",
    ),
)
PRINCIPLE_BY_ID: dict[str, Principle] = {p.id: p for p in PRINCIPLES}


class SessionLike(Protocol):
    """What :func:`score_session` reads from a training session."""

    conversation: Conversation
    events: list[dict[str, Any]]
    mode: str


# ------------------------------------------------------------------------------ helpers


def _quote(text: object) -> str:
    words = " ".join(str(text or "").split())
    return words if len(words) <= QUOTE_LENGTH else words[: QUOTE_LENGTH - 1].rstrip() + "…"


def author(by: object, speaker: object) -> str | None:
    """Whose words an answer is, for every count of the person's own words: "person",
    "both" (agreed together) or "worker" (typed for them), or None at the worker's own steps
    (their question to answer, not the person's).

    The one rule for who wrote what: the rubric's own-words score, its 'typed for them'
    findings and the feedback's plan figures all read it, so they never disagree. The worker
    typing at a step the two answer together ("Whose idea was that?") is agreed together."""
    if speaker == "worker":
        return None
    who = str(by or "person")
    if who == "worker" and speaker == "both":
        return "both"
    return who if who in ("person", "both", "worker") else "person"


def written_by(conversation: Conversation) -> dict[str, int]:
    """Written answers still in force at the person's steps, counted by :func:`author`
    ("person", "both", "worker": typed for them).

    One count for the rubric's own-words finding and the feedback's plan figures, so the two
    never disagree: a text answer counts once, a list of records once per filled text field.
    """
    latest: dict[str, dict[str, Any]] = {}
    for event in in_force(conversation.log):
        if event.get("path"):
            latest[str(event["path"])] = event
    counts = {"person": 0, "both": 0, "worker": 0}
    for event in latest.values():
        if event["action"] not in ("answered", "changed"):
            continue
        node = node_of(conversation.content, event["topic"], event["node"])
        if not isinstance(node, m.AskNode):
            continue
        by = author(event.get("by", "person"), node.speaker or "person")
        if by is None:
            continue
        if node.type in WRITTEN_TYPES:
            counts[by] = counts.get(by, 0) + 1
        elif node.type == "records" and isinstance(event.get("value"), list):
            text_fields = [f.name for f in node.fields if f.type in WRITTEN_TYPES]
            for record in event["value"]:
                for name in text_fields:
                    if isinstance(record, dict) and str(record.get(name) or "").strip():
                        counts[by] = counts.get(by, 0) + 1
    return counts


class _Reader:
    """Reads the timeline the way every principle needs it."""

    def __init__(self, timeline: Timeline, mode: str, name: str) -> None:
        self.t = timeline
        self.mode = mode
        self.name = name
        self.by_moves = timeline.has_moves and mode == "solo"

    # Moments ------------------------------------------------------------------------------

    def moment(self, entry: Entry, quote: str | None = None) -> Moment:
        """A moment as the replay shows it (a log entry's covering event stands for it)."""
        shown = self.t.shown(entry)
        if quote is None:
            # The persona's own words for its answer (never a stored option id).
            said = str(shown.data.get("words") or "") if shown.kind == "persona" else ""
            quote = "" if is_private_note(said) else (said or self.words(entry))
        # A note standing for words kept off the record is never quoted as evidence.
        return Moment(shown.ref, shown.label, "" if is_private_note(quote) else _quote(quote))

    def moments(
        self, entries: Sequence[Entry], most: int = 2, quote: str | None = None
    ) -> tuple[Moment, ...]:
        """The first ``most`` of ``entries`` as moments: a finding points at a few, not all."""
        return tuple(self.moment(e, quote) for e in entries[:most])

    def words(self, entry: Entry) -> str:
        """The words that best show a moment: the trainee's, else the persona's reply."""
        data = entry.data
        if entry.kind == "move":
            own = str(data.get("words") or "")
            return own or self.t.said_after(entry) or self.t.prompt(entry)
        if entry.kind in PROPOSAL_KINDS:
            return str(data.get("proposal") or data.get("words") or "")
        if entry.seq is not None:
            return self.t.answer_words(entry) or str(data.get("prompt") or "")
        return str(data.get("words") or "")

    # Asking ----------------------------------------------------------------------------

    def asks(self, topics: Iterable[str], *, open_only: bool = False) -> list[Entry]:
        """The trainee asking at the person's steps in these listed topics.

        Solo with moves: open questions and reflections (and closed questions unless
        ``open_only``). Otherwise: the person's own answers and 'not today's there (a
        question was asked, and we cannot tell how).
        """
        wanted = set(topics)
        if self.by_moves:
            kinds = OPEN_MOVES if open_only else (*OPEN_MOVES, "closed_question")
            return [e for e in self.t.moves() if e.topic in wanted and e.data.get("move") in kinds]
        return [
            e
            for e in self.t.log_entries()
            if e.topic in wanted
            and e.data.get("by", "person") in ("person", "both")
            and e.data["action"] in ("answered", "changed", "skipped")
        ]

    def planning(self) -> Entry | None:
        """The first moment goals or ideas came up: a move at a Goals step, a proposal, or
        (without moves) the first answer in Goals."""
        for entry in self.t.entries:
            if entry.kind in PROPOSAL_KINDS:
                return entry
            if entry.topic != GOALS:
                continue
            if entry.kind == "move" and entry.data.get("move") != "move_on":
                return entry
            if not self.by_moves and entry.seq is not None and entry.data["action"] != "skipped":
                return entry
        return None

    def typed_for_them(self) -> list[Entry]:
        """Answers the worker typed at the person's steps (:func:`author`: "worker"), their
        ideas and goals included: the same rule as the feedback's 'the worker's words'."""
        return [
            e
            for e in self.t.answers(by=("worker",))
            if author("worker", self.t.speaker(e)) == "worker"
        ]

    def talked_over(self) -> list[Entry]:
        """Answers the trainee typed for the person: solo, each ``talked_over`` event (the
        persona's reaction stands for it), and any other answer typed for them (an idea of
        the trainee's written in, in the trainee's words)."""
        typed = self.typed_for_them()
        if self.mode != "solo":
            return typed
        events = self.t.of_kind("talked_over")
        reacted = {
            (e.data.get("topic"), e.data.get("node"), int(e.data.get("after_seq", 0) or 0))
            for e in events
        }
        others = [
            e
            for e in typed
            if not any(
                (e.data.get("topic"), e.data.get("node"), after) in reacted
                for after in (int(e.seq or 0) - 1, int(e.seq or 0))
            )
        ]
        return sorted([*events, *others], key=lambda e: e.order)

    def before(self, entries: list[Entry], mark: Entry | None) -> list[Entry]:
        return entries if mark is None else [e for e in entries if e.order < mark.order]


# ------------------------------------------------------------------------------ principles


def _exploring(
    r: _Reader,
    principle: str,
    topics: tuple[str, ...],
    what: str,
) -> PrincipleScore:
    """what_matters_first and barriers_explored: open asking in a topic, before goals."""
    plan = r.planning()
    open_asks = r.asks(topics, open_only=True)
    asks = r.asks(topics)
    early = r.before(open_asks, plan)
    findings: list[Finding] = []
    if early:
        findings.append(
            Finding(
                f"You asked openly about {what}"
                + (" before goals came up" if plan is not None else "")
                + f" ({len(early)} time{'s' if len(early) != 1 else ''}).",
                True,
                r.moments(early, 3),
            )
        )
    if len(early) >= 2:
        score = 2
    elif asks:
        score = 1
    else:
        score = 0
    if plan is not None and not r.before(asks, plan):
        findings.append(
            Finding(
                f"Order: goals came up before you explored {what}"
                + (" (you came to it later)." if asks else " (and it never came up)."),
                False,
                (r.moment(plan), *r.moments(asks, 1)),
            )
        )
    elif plan is not None and len(early) == 1:
        findings.append(
            Finding(
                f"Only one open question about {what} before goals came up.",
                False,
                (r.moment(early[0]), r.moment(plan)),
            )
        )
    elif not asks:
        findings.append(Finding(f"You did not explore {what}.", False))
    closed = [e for e in asks if e not in open_asks]
    if r.by_moves and closed:
        findings.append(
            Finding(
                f"{len(closed)} closed question(s) about {what}: a yes/no gets a short answer.",
                False,
                r.moments(closed, 3),
            )
        )
    if score == 1 and plan is None and len(early) < 2 and not closed:
        findings.append(Finding(f"Ask about {what} more than once, openly.", False))
    return PrincipleScore(PRINCIPLE_BY_ID[principle], score, tuple(findings))


def _own_words(r: _Reader) -> PrincipleScore:
    over = r.talked_over()
    theirs = r.t.answers(by=("person", "both"))
    if len(over) >= 2 or not theirs:
        score = 0
    elif over:
        score = 1
    else:
        score = 2
    # The same count as the feedback's plan figures ("3 of 5 written answers").
    written = written_by(r.t.conversation)
    total = sum(written.values())
    own, together = written.get("person", 0), written.get("both", 0)
    # Quote what they said in words (not a yes/no or a choice).
    worded = [e for e in theirs if getattr(r.t.node(e), "type", "") in WORDED_TYPES]
    quoted = r.moments(worded or theirs)
    if total:
        counted = f"{own} of {total} written answers in {r.name}'s own words" + (
            f", {together} agreed together" if together else ""
        )
    else:
        counted = f"{len(theirs)} answer(s) given by {r.name} (nothing written in words yet)"
    # Each answer typed over their head, as the moment the trainee typed it (their move).
    typed_over = [_typed_over(r, entry) for entry in over]
    findings: list[Finding] = []
    if theirs and score > 0:
        findings.append(Finding(f"{counted}.", True, quoted))
    elif theirs and total and own + together < total:
        # Scored 0: the answers that were theirs are not something that went well, and the
        # line points at the written answers that are not in their words.
        written_over = [moment for entry, moment in typed_over if _written(r, entry)]
        findings.append(
            Finding(
                f"Only {counted}.",
                False,
                tuple(written_over or [moment for _, moment in typed_over])[:3],
            )
        )
    for kind, text in (
        ("reflect", "You reflected back what {name} said."),
        ("offer_keyboard", "You offered {name} the keyboard."),
    ):
        found = [e for e in r.t.moves() if e.data.get("move") == kind]
        if found:
            findings.append(Finding(text.format(name=r.name), True, r.moments(found, 3)))
    for entry, moment in typed_over:
        prompt = r.t.prompt(entry)
        idea = r.t.store(entry) in PROPOSAL_STORES
        findings.append(
            Finding(
                (
                    "Written in your words, not theirs"
                    if idea
                    else "You answered for them, over their head"
                )
                + (f": {prompt}" if prompt else "."),
                False,
                (moment,),
            )
        )
    if not theirs:
        findings.append(Finding(f"Nothing is written in {r.name}'s own words yet.", False))
    return PrincipleScore(PRINCIPLE_BY_ID["own_words"], score, tuple(findings))


def _typed_over(r: _Reader, entry: Entry) -> tuple[Entry, Moment]:
    """An answer typed over their head, as what the trainee did (the ``answer_for`` move
    when there was one) and the moment quoting what they typed."""
    typed = r.t.answer_words(entry)
    move = _move_before(r, entry) if entry.is_event else None
    if move is not None:
        typed = typed or str(move.data.get("words") or r.t.answer_words(move))
        entry = move  # point at what the trainee did
    return entry, r.moment(entry, typed)


def _written(r: _Reader, entry: Entry) -> bool:
    """Whether the step is one :func:`written_by` counts: an answer in words, or a list of
    records with a text field (a yes/no or a choice is not a written answer)."""
    node = r.t.node(entry)
    if not isinstance(node, m.AskNode):
        return False
    if node.type in WRITTEN_TYPES:
        return True
    return node.type == "records" and any(f.type in WRITTEN_TYPES for f in node.fields)


def _move_before(r: _Reader, entry: Entry) -> Entry | None:
    """The trainee's move that led to an event (e.g. the answer_for before talked_over)."""
    position = r.t.entries.index(entry)
    for earlier in reversed(r.t.entries[:position]):
        if earlier.kind == "move":
            same = (earlier.data.get("topic"), earlier.data.get("node")) == (
                entry.data.get("topic"),
                entry.data.get("node"),
            )
            return earlier if same else None  # typed without a move: the event stands
    return None


def _invites(r: _Reader) -> list[Entry]:
    if r.by_moves:
        return [
            e
            for e in r.t.moves()
            if r.t.store(e) in PROPOSAL_STORES
            and e.data.get("move") in ("invite_ideas", "open_question", "reflect")
        ]
    # Without moves: the person wrote in ideas of their own. A goal or thing to try marked
    # as the worker's idea is not theirs, whoever typed it, so it shows no asking.
    return [
        e
        for e in r.t.answers(by=("person",))
        if r.t.store(e) in PROPOSAL_STORES and _their_ideas(e) != []
    ]


def _their_ideas(entry: Entry) -> list[str] | None:
    """The goals or things to try in an answer that are not marked as the worker's idea
    (their words), or None when the answer is not a list of them."""
    value = entry.data.get("value")
    if not isinstance(value, list):
        return None
    return [
        str(item.get("what") or "")
        for item in value
        if isinstance(item, dict) and item.get("idea_from") != "worker"
    ]


def _was_invited(r: _Reader, proposal: Entry, invites: list[Entry]) -> bool:
    if "invited" in proposal.data:
        return bool(proposal.data["invited"])
    return any(
        i.order < proposal.order and i.data.get("node") == proposal.data.get("node")
        for i in invites
    )


_OUTCOME = {
    "accepted": "{name} went along with it, as your idea",
    "not_yet": "{name} said not yet",
    "refused": "{name} turned it down",
}


def _imposed_items(r: _Reader) -> list[tuple[Entry, dict[str, Any]]]:
    """Paired/older sessions: goals and things to try typed by the worker as their own idea."""
    found = []
    for entry in r.t.answers(by=("worker", "person", "both")):
        if r.t.store(entry) not in PROPOSAL_STORES or not isinstance(entry.data.get("value"), list):
            continue
        for item in entry.data["value"]:
            if not isinstance(item, dict):
                continue
            worker = item.get("idea_from") == "worker" or (
                entry.data.get("by") == "worker" and item.get("idea_from") in (None, "")
            )
            if worker:
                found.append((entry, item))
    return found


def _ideas_invited(r: _Reader) -> PrincipleScore:
    invites = _invites(r)
    findings: list[Finding] = []
    imposed: list[Entry] = []
    if r.by_moves or r.mode == "solo":
        # An idea already on their list (or said by them) is acknowledged, not imposed or
        # shaped together: it counts neither way.
        proposals = [p for p in r.t.of_kind(*PROPOSAL_KINDS) if p.data.get("reason") != "listed"]
        imposed = [p for p in proposals if not _was_invited(r, p, invites)]
        together = [p for p in proposals if p.kind == "accepted" and p not in imposed]
    else:
        proposals, together = [], []
    offered = r.t.of_kind("offered")
    if invites:
        if r.by_moves:
            shown = r.moments(offered or invites)
        else:
            # Quote their own ideas only, not one of the worker's written in beside them.
            shown = tuple(
                r.moment(e, "; ".join(w for w in _their_ideas(e) or [] if w) or None)
                for e in invites[:2]
            )
        findings.append(Finding(f"You asked for {r.name}'s own ideas.", True, shown))
    if together:
        findings.append(
            Finding(
                "An idea you shaped together after asking for theirs.", True, r.moments(together)
            )
        )
    for outcome in ("accepted", "not_yet", "refused"):
        pushed = [p for p in imposed if p.kind == outcome]
        if pushed:
            findings.append(
                Finding(
                    "You suggested an idea before asking for theirs: "
                    + _OUTCOME[outcome].format(name=r.name)
                    + f" ({len(pushed)}).",
                    False,
                    r.moments(pushed, 3),
                )
            )
    repeats = [p for p in proposals if p.data.get("reason") == "repeat"]
    if repeats:
        findings.append(
            Finding("You suggested again an idea they had turned down.", False, r.moments(repeats))
        )
    if not r.by_moves and r.mode != "solo":
        for entry, item in _imposed_items(r):
            imposed.append(entry)
            findings.append(
                Finding(
                    "Written in as the worker's idea, not theirs.",
                    False,
                    (r.moment(entry, str(item.get("what", ""))),),
                )
            )
    if not invites and not imposed:
        findings.append(Finding("Goals and things to try were not reached.", False))
    elif not invites:
        findings.append(Finding(f"You never asked for {r.name}'s own ideas.", False))
    score = 0 if not invites else (1 if imposed else 2)
    return PrincipleScore(PRINCIPLE_BY_ID["ideas_invited"], score, tuple(findings))


def _consent(r: _Reader) -> PrincipleScore:
    asked = [
        e
        for e in r.t.log_entries()
        if e.data.get("path") == CONSENT_STORE and e.data.get("by", "person") in ("person", "both")
    ]
    over = [
        e
        for e in r.t.log_entries()
        if e.data.get("path") == CONSENT_STORE and e.data.get("by") == "worker"
    ]
    if r.by_moves:
        explained = [e for e in r.t.moves() if e.data.get("move") == "explain_record"]
        if asked:
            explained = [e for e in explained if e.order < asked[0].order]
    else:
        visits = r.t.conversation.to_state().get("visits", {})
        explained = []
        if visits.get("getting_started.record_uses"):
            explained = [e for e in asked[:1]]  # read out just before they were asked
    findings: list[Finding] = []
    if explained:
        findings.append(
            Finding(
                "You explained what is written down and who sees it.",
                True,
                tuple(r.moment(e) for e in explained[:1] if e.is_event),
            )
        )
    if asked:
        findings.append(
            Finding(
                f"{r.name} was asked whether a record may be kept.",
                True,
                (r.moment(asked[0], r.t.answer_words(asked[0]) or "Not today"),),
            )
        )
    for entry in over:
        findings.append(
            Finding(
                "You answered or skipped the record question for them.",
                False,
                (r.moment(entry),),
            )
        )
    if over or (not asked and not explained):
        score = 0
    elif asked and explained:
        score = 2
    else:
        score = 1
    if not asked and not over:
        findings.append(Finding(f"{r.name} was never asked about keeping a record.", False))
    elif asked and not explained:
        findings.append(
            Finding("Explain what is written down and who sees it before asking.", False)
        )
    kept = r.t.of_kind("kept_private")
    if kept:
        findings.append(
            Finding(
                f"{r.name} kept something private, and you respected it.",
                True,
                # Where it happened, never what it was.
                r.moments(kept, quote=""),
            )
        )
    return PrincipleScore(PRINCIPLE_BY_ID["consent"], score, tuple(findings))


def _community(r: _Reader) -> PrincipleScore:
    asks = r.asks(COMMUNITY_TOPICS)
    open_asks = r.asks(COMMUNITY_TOPICS, open_only=True)
    # Answers naming people, places or groups (not "what makes a good helper").
    said = [
        e
        for e in r.t.answers(by=("person", "both"))
        if e.topic in COMMUNITY_TOPICS
        and r.t.speaker(e) != "worker"
        and getattr(r.t.node(e), "type", "") in NAMING_TYPES
        and e.data.get("value")
    ]
    findings: list[Finding] = []
    if open_asks and said:
        findings.append(
            Finding(
                f"{r.name} talked about places, groups or people who could help.",
                True,
                r.moments(said),
            )
        )
        score = 2
    elif asks:
        score = 1
        findings.append(
            Finding(
                f"You raised it, but {r.name} said nothing about it yet"
                if not said
                else "Only closed questions about it",
                False,
                r.moments(asks),
            )
        )
    else:
        score = 0
        findings.append(
            Finding(
                "You did not ask the questions in People who could help or Things to do and "
                "places to go, about local groups, places and people who could help.",
                False,
            )
        )
    return PrincipleScore(PRINCIPLE_BY_ID["community_linked"], score, tuple(findings))


def _moving_on(r: _Reader) -> PrincipleScore:
    at_step = [e for e in r.t.entries if "moving_on" in r.t.tags(e)]
    findings: list[Finding] = []
    if r.by_moves:
        moves = [e for e in at_step if e.kind == "move"]
        opened = [e for e in moves if e.data.get("move") in OPEN_MOVES]
        closed = [e for e in moves if e.data.get("move") == "closed_question"]
        answered_for = [e for e in moves if e.data.get("move") == "answer_for"]
        left = [e for e in moves if e.data.get("move") == "move_on"]
    else:
        logs = [e for e in at_step if e.seq is not None]
        opened = [e for e in logs if e.data.get("by", "person") in ("person", "both")]
        closed = []
        answered_for = [
            e for e in logs if e.data.get("by") == "worker" and e.data["action"] != "skipped"
        ]
        left = [e for e in logs if e.data.get("by") == "worker" and e.data["action"] == "skipped"]
    if opened:
        score = 2
        findings.append(Finding("You raised moving on openly.", True, r.moments(opened)))
    elif closed or answered_for:
        score = 1
    else:
        score = 0
    if closed and not opened:
        findings.append(
            Finding("Moving on came up only as a closed question.", False, r.moments(closed))
        )
    if answered_for:
        findings.append(
            Finding("You answered the moving-on question for them.", False, r.moments(answered_for))
        )
    if left and not opened:
        findings.append(Finding("You left the moving-on question for now.", False, r.moments(left)))
    if not (opened or closed or answered_for or left):
        findings.append(Finding("Moving on (needing less help over time) did not come up.", False))
    return PrincipleScore(PRINCIPLE_BY_ID["moving_on"], score, tuple(findings))


# ------------------------------------------------------------------------------ scoring


def move_counts(events: Iterable[Mapping[str, Any]]) -> MoveCounts:
    counts: dict[str, int] = {}
    for event in events:
        if event.get("kind") == "move":
            kind = str(event.get("move", ""))
            counts[kind] = counts.get(kind, 0) + 1
    return MoveCounts(counts)


def score(
    conversation: Conversation,
    events: Iterable[Mapping[str, Any]] = (),
    *,
    mode: str = "solo",
    name: str = "the person",
    timeline: Timeline | None = None,
) -> Rubric:
    """The rubric for a practice from its conversation and events (see the module doc)."""
    timeline = timeline or Timeline(conversation, events)
    reader = _Reader(timeline, mode, name)
    scores = (
        _exploring(reader, "what_matters_first", (WHAT_MATTERS,), "what matters to them"),
        _own_words(reader),
        _ideas_invited(reader),
        _consent(reader),
        _exploring(reader, "barriers_explored", (CONCERNS,), "what makes it hard"),
        _community(reader),
        _moving_on(reader),
    )
    return Rubric(
        mode=mode,
        scored_from="moves" if reader.by_moves else "answers",
        principles=scores,
        moves=move_counts(timeline.events) if reader.by_moves else MoveCounts(),
    )


def score_session(session: SessionLike, *, name: str | None = None) -> Rubric:
    """The rubric for a training session (anything with conversation, events and mode)."""
    persona = getattr(session, "persona", None)
    return score(
        session.conversation,
        session.events,
        mode=session.mode,
        name=name or (persona.name if persona is not None else "the person"),
    )
