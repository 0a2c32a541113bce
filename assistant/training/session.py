"""A practice session: the ordinary conversation engine, a persona, and what happened.

Solo practice: the trainee is the worker. At each of the person's steps the trainee makes a
move (:meth:`TrainingSession.take_move`: ask openly, reflect, offer the keyboard, suggest an
idea, answer for them...) and the persona reacts to that move only, with memory of the whole
meeting (all of it derived from ``events`` and the log, so it survives saving and resuming).
:meth:`TrainingSession.persona_turn` (the persona answers on its own) is kept for the headless
preview and tests. Anything the trainee types is the worker's own answer
(``by="worker"``). An idea the trainee suggests for the person's goals or things to try is
judged honestly by :func:`assistant.training.judging.judge_each` (docs/training.md, "Proposals:
how they are judged"): accepted, "not yet" or turned down, and only what is accepted goes into
the plan, in the trainee's own words when it was imposed.

Paired role-play: the app never answers; a second trainee plays the persona from the role
card, and answers are recorded as usual (``by="person"`` unless said otherwise).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import random
import secrets
from collections.abc import Callable, Collection, Container, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from assistant import store_paths as sp
from assistant.agency import with_agency
from assistant.directory.functions import with_directory
from assistant.engine.answers import AnswerError
from assistant.engine.conversation import Conversation, FlowError, Step
from assistant.flows.loader import Content, load_content
from assistant.training.feedback import Feedback, compute_feedback
from assistant.training.judging import Judgement, judge_each, own_ideas
from assistant.training.loader import get_persona, load_personas, pack_personas, personas_dir
from assistant.training.model import OwnedIdea, Persona
from assistant.training.moves import (
    MOVE_INFO,
    PROPOSAL_STORES,
    Move,
    MoveInfo,
    Turn,
    is_proposal_step,
    moves_for,
)
from assistant.training.reading import explored, node_of, parent_topics
from assistant.training.render import WATERMARK
from assistant.training.responder import (
    DEFAULT_LINES,
    UNEXPLAINED,
    Response,
    fallback,
    line,
    respond,
    responses,
    step_rng,
    warmth,
    warmth_cap,
    words_for,
)

Mode = Literal["solo", "paired"]
MODES: tuple[str, ...] = ("solo", "paired")
STATE_FORMAT = "cpi-training-session"
STATE_VERSION = 1
# Why warmth changed after a move of each kind (the ``warmth`` event's ``why``).
_WHY: dict[str, str] = {
    "open_question": "explored",
    "reflect": "reflected",
    "closed_question": "explored",
    "invite_ideas": "explored",
    "offer_keyboard": "keyboard",
    "explain_record": "record",
    "answer_for": "talked_over",
}
_REACTION_WHY = {"refused": "refused", "not_yet": "not_yet", "talked_over": "talked_over"}
# How far below its start the trainee's pushing must take a persona to leave it cold.
COLD_DROP = 2
# What the practice keeps of words that name something the persona keeps off the record.
PRIVATE_NOTE = "(Said what they would rather not have written down. It is not kept here.)"
# ...and of a proposal that names it.
PRIVATE_IDEA_NOTE = "(Suggested something they asked to keep off the record. It is not kept here.)"
_MAX_SEED = 2**31
# How often a meeting the persona says it was heard before answering a reflection.
HEARD_LINES_PER_MEETING = 2


class TrainingError(Exception):
    """Something a training session cannot do (the message says what to do instead)."""


@dataclass(frozen=True)
class Reaction:
    """What the persona said to something the trainee did.

    ``kind``: accepted (an idea the persona owns, after exploring), not_yet (owns it, but
    proposed before the trainee listened), refused (not theirs), talked_over (the trainee
    answered a question meant for the person), noted (the trainee's own answer to a worker
    step, or any answer in paired mode).
    """

    kind: str
    words: str
    accepted: bool
    topic: str | None = None
    node: str | None = None


@dataclass(frozen=True)
class TrainingLaunch:
    """What ``cpi-assistant train`` asks the app for: ``make_app(training=TrainingLaunch(...))``.

    ``persona_id`` None: let the trainee choose a persona. ``seed`` None: a fresh one.
    ``trainee``: who is practising ("" = ask). ``meeting``: the practice meeting number with
    this persona (1 = a first meeting). ``resume``: (record id, session id) of a saved practice
    in the training store to carry on with (``train --resume``).
    """

    persona_id: str | None = None
    mode: Mode = "solo"
    seed: int | None = None
    trainee: str = ""
    meeting: int = 1
    resume: tuple[str, str] | None = None


def shipped_content() -> Content:
    """The shipped topics with the community directory's functions and the agency's details
    (so practice shows the numbers a real meeting would), for practice sessions started
    without content of their own.

    The linter does not run here (training sits below the authoring tools; the shipped content
    is checked by the test suite and by ``cpi-assistant validate``).
    """
    return with_agency(with_directory(load_content()))


def with_persona(content: Content, persona: Persona) -> Content:
    """The content with ``person_age()`` giving the persona's age, as a person's record gives
    theirs in a meeting, so practice leaves out directory entries for other ages (Marcus, 46,
    is not offered a jam room for 18 to 35). Gender stays unknown: pronouns are not one."""

    def person_age() -> int:
        return persona.age

    return dataclasses.replace(content, functions={**content.functions, "person_age": person_age})


def _personas_folders(content: Content | None) -> tuple[Path | None, Path | None]:
    """Where a session on ``content`` finds a persona by id, as the command line and the app
    do: the personas folder beside its flows (``content.root``), with its agency pack's over
    it. Content without a personas folder of its own (a test's few topics) has the shipped
    personas."""
    folder = personas_dir(content.root) if content is not None else None
    pack = pack_personas(content.pack) if content is not None else None
    return (folder if folder is not None and folder.is_dir() else None), pack


def _now() -> _dt.datetime:
    return _dt.datetime.now(_dt.UTC).astimezone()


class TrainingSession:
    """One practice session with a fictional persona. No UI here; the app drives it."""

    def __init__(
        self,
        persona: Persona,
        content: Content,
        *,
        mode: Mode = "solo",
        seed: int | None = None,
        clock: Callable[[], _dt.datetime] = _now,
        conversation: Conversation | None = None,
        events: list[dict[str, Any]] | None = None,
        started: str | None = None,
        trainee: str = "",
        meeting: int = 1,
    ) -> None:
        if mode not in MODES:
            raise TrainingError(f"The mode must be one of {', '.join(MODES)}, not {mode!r}.")
        if not isinstance(meeting, int) or meeting < 1:
            raise TrainingError(f"The practice meeting number must be 1 or more, not {meeting!r}.")
        #: Who is practising (a name or initials; "" when not given).
        self.trainee = trainee.strip()
        #: Which practice meeting with this persona (1 for a first): sets the warmth cap.
        self.meeting = meeting
        self.persona = persona
        content = with_persona(content, persona)
        self.content = content
        self.mode: Mode = mode
        self.seed = seed if seed is not None else secrets.randbelow(_MAX_SEED)
        self.clock = clock
        # A later practice meeting starts as a real later meeting does (``previous``; here
        # with no earlier answers: the first meeting was not played in this session), so
        # Looking back is there to practise. A first one has nothing to look back on yet.
        later = sp.with_value({}, sp.PREVIOUS_RATINGS, {}) if meeting > 1 else None
        self.conversation = conversation or Conversation(content, later, clock=clock)
        self.events: list[dict[str, Any]] = list(events or [])
        self.started = started or clock().isoformat(timespec="seconds")
        # How much of the log is already in a saved record's audit trail (see store.py).
        self.saved_upto = 0

    # ------------------------------------------------------------------ starting

    @classmethod
    def start(
        cls,
        persona: Persona | str,
        *,
        content: Content | None = None,
        mode: Mode = "solo",
        seed: int | None = None,
        clock: Callable[[], _dt.datetime] = _now,
        trainee: str = "",
        meeting: int = 1,
    ) -> TrainingSession:
        """A new session with a persona (or its id: one of the content's personas, see
        ``loader.content_personas``) on the shipped content by default."""
        if isinstance(persona, str):
            folder, pack = _personas_folders(content)
            persona = get_persona(persona, folder, pack=pack)
        return cls(
            persona,
            content or shipped_content(),
            mode=mode,
            seed=seed,
            clock=clock,
            trainee=trainee,
            meeting=meeting,
        )

    # ------------------------------------------------------------------ reading

    @property
    def banner(self) -> str:
        """The line the session screen shows at all times in training mode."""
        what = "solo practice" if self.mode == "solo" else "paired role-play"
        return f"{WATERMARK} · {self.persona.name}, {self.persona.age} · {what}"

    @property
    def warmth(self) -> int:
        """How warm the persona is now (never above :attr:`warmth_cap`)."""
        return warmth(self.persona, self.conversation, self.events, cap=self.warmth_cap)

    @property
    def warmth_cap(self) -> int:
        """The most warmth can reach in this practice meeting."""
        return warmth_cap(self.persona, self.meeting)

    @property
    def private(self) -> frozenset[str]:
        """Subjects the persona keeps out of the record by now: those it said to keep private,
        and all of its private subjects once it has said no to a record, or once it has said
        it wants the record explained first (``consent.needs_explaining``) and it has not been
        explained yet."""
        kept = {str(e["subject"]) for e in self.events if e["kind"] == "kept_private"}
        consent = self.conversation.data.get(sp.CONSENT, {})
        record = consent.get("record") if isinstance(consent, dict) else None
        waiting = not self.record_explained and any(
            e["kind"] == "persona" and e.get("source") == UNEXPLAINED for e in self.events
        )
        if record is False or (waiting and record is not True):
            kept |= {p.id for p in self.persona.private}
        return frozenset(kept)

    @property
    def record_explained(self) -> bool:
        """True once the trainee has explained what is written down and who sees it."""
        return any(e["kind"] == "record_explained" for e in self.events)

    @property
    def keyboard_offered(self) -> bool:
        """True once the trainee has offered the person the keyboard."""
        return any(e["kind"] == "keyboard" for e in self.events)

    @property
    def has_spoken(self) -> bool:
        """True once the persona has said something in this meeting: before that there is
        nothing to reflect back (move 2 is not offered)."""
        return any(e["kind"] == "persona" and e.get("words") for e in self.events)

    @property
    def is_warm(self) -> bool:
        """True once the persona gives its fuller answers."""
        return self.warmth >= self.persona.warmth.open_at

    def ready_for_proposals(self) -> bool:
        """True once every topic in the persona's ``ready_after`` has been explored."""
        return all(explored(self.conversation, t) for t in self.persona.warmth.ready_after)

    @property
    def proposals(self) -> list[dict[str, Any]]:
        """The trainee's proposals and how the persona took them, oldest first."""
        return [e for e in self.events if e["kind"] in ("accepted", "not_yet", "refused")]

    def persona_answers_here(self) -> bool:
        """True when, in solo mode, the current step is the persona's to answer."""
        return self.mode == "solo" and self.preview() is not None

    def preview(self) -> Response | None:
        """What the persona would do at the current step (nothing is changed)."""
        if self.mode != "solo":
            return None
        return respond(
            self.persona,
            self.conversation,
            seed=self.seed,
            level=self.warmth,
            private=self.private,
            explained=self.record_explained,
        )

    def moves(self) -> tuple[MoveInfo, ...]:
        """The moves that fit the step on screen; () when none do: paired role-play, the
        topic list, a step for the worker or one that only says something."""
        if self.mode != "solo":
            return ()
        return moves_for(self.conversation.step, self.content, heard=self.has_spoken)

    # ------------------------------------------------------------------ acting

    def persona_turn(self) -> Response | None:
        """Solo: the persona answers the current step on its own (the headless preview and
        tests; the app answers a person's step only through :meth:`take_move`). None when it
        is not the persona's turn."""
        if self.mode != "solo":
            return None
        step = self.conversation.step
        before, uncapped = self.warmth, self._uncapped()
        response = self._persona_answers(None, headless=True)
        if response is not None:
            self._warmth_event(step, None, "answered", before, self.warmth, uncapped)
        return response

    def _persona_answers(
        self, move: str | None, prefix: str = "", *, headless: bool = False
    ) -> Response | None:
        """The persona answers the current step (shaped by ``move``); its events follow.

        ``headless``: no trainee will put the question another way (the preview), so where
        the persona would leave the question on screen it leaves it for another time instead
        (None when the question cannot be left)."""
        step = self.conversation.step
        response = None
        for candidate in responses(
            self.persona,
            self.conversation,
            seed=self.seed,
            level=self.warmth,
            move=move,
            private=self.private,
            explained=self.record_explained,
        ):
            if headless and candidate.action == "stay":
                if not step.can_skip:
                    continue
                candidate = dataclasses.replace(candidate, action="skip")
            try:
                candidate.apply(self.conversation)
            except AnswerError:
                continue  # refused by a content rule: the engine undid it; try the next one
            response = candidate
            break
        if response is None:
            return None
        words = " ".join(w for w in (prefix, response.words) if w)
        # Said aloud, but what they asked to keep off the record is not written down: not
        # even in the practice's own events (the feedback and replay quote those).
        kept = PRIVATE_NOTE if response.keeps_private else words
        if response.action != "proceed" or words:
            self._event(
                "persona",
                step.topic,
                step.node_id,
                words=kept,
                action=response.action,
                source=response.source,
                tier=response.tier or ("open" if self.is_warm else "guarded"),
                about=list(response.about),
                move=move,
            )
        if response.withheld is not None:
            self._event(
                "kept_private",
                step.topic,
                step.node_id,
                subject=response.withheld,
                words=response.words,
            )
        for subject in response.keeps_private:
            self._event("kept_private", step.topic, step.node_id, subject=subject, words=kept)
        if prefix:
            response = dataclasses.replace(response, words=words)
        return response

    # ------------------------------------------------------------------ moves

    def take_move(self, move: Move) -> Turn:
        """Solo: the trainee's move at the person's step on screen, and the persona's reaction.

        Leaves a ``move`` event first, then what the persona did (``persona``,
        ``accepted``/``not_yet``/``refused``, ``offered``, ``talked_over``, ``keyboard``,
        ``record_explained``, ``kept_private``, ``skipped``) and a ``warmth`` event when the
        warmth changed or a gain was held back by the meeting's cap. The conversation goes at
        most one step on. Raises ``TrainingError`` for a move that does not fit the step and
        ``AnswerError`` for words the step cannot take (nothing is changed then).
        """
        if self.mode != "solo":
            raise TrainingError(
                "Moves are for solo practice. In paired role-play, type the answers."
            )
        step = self.conversation.step
        if move.kind == "answer_for" and is_proposal_step(step):
            # Typing an idea into their list of goals or things to try is suggesting it.
            move = Move("propose", move.words, move.value)
        info = MOVE_INFO.get(move.kind)
        if info is None:
            raise TrainingError(f"There is no move called {move.kind!r}.")
        if move.kind == "reflect" and not self.has_spoken and info in moves_for(step, self.content):
            # Said plainly: the move fits the question, but nothing has been said to reflect.
            raise TrainingError(
                f"{self.persona.name} has not said anything yet, so there is nothing to "
                "reflect back. Ask it openly first."
            )
        if info not in moves_for(step, self.content, heard=self.has_spoken):
            raise TrainingError(f"“{info.label}” does not fit here.")
        if info.needs_words and move.value is None and not move.words.strip():
            raise AnswerError(
                "Please write the idea you would like to suggest."
                if move.kind == "propose"
                else "Please write the answer you are giving for them."
            )
        before = self.warmth
        uncapped_before = self._uncapped()
        moment = len(self.events)
        heard = move.kind == "reflect" and self.has_spoken
        # The first reflection in a topic warms them (and they say so); later ones do not.
        parents = parent_topics(self.content)
        here = parents.get(step.topic or "", step.topic)
        first_reflection = heard and not any(
            e["kind"] == "move"
            and e.get("move") == "reflect"
            and e.get("heard")
            and parents.get(e.get("topic") or "", e.get("topic")) == here
            for e in self.events
        )
        said = self._heard_line() if first_reflection else ""
        self._event(
            "move",
            step.topic,
            step.node_id,
            move=move.kind,
            words=move.words,
            value=move.value,
            **({"heard": True} if heard else {}),
            **({"heard_line": said} if said else {}),
        )
        logged = len(self.conversation.log)
        try:
            reaction, words = self._react(move, said)
        except (AnswerError, TrainingError, FlowError):
            del self.events[moment:]  # the engine undid it: the move leaves no trace
            raise
        # Which log entries the move made (the persona's answer): Back undoing them takes
        # the move back too (take_back).
        seqs = [e["seq"] for e in self.conversation.log[logged:] if "seq" in e]
        if seqs:
            self.events[moment]["seqs"] = seqs
        after = self.warmth
        self._warmth_event(step, move, reaction, before, after, uncapped_before)
        return Turn(move, reaction, words, before, after, moment)

    def take_back(self, undone: Container[Any]) -> bool:
        """Back undid the log entries ``undone``: the move that made them, and all that
        followed it, leave no trace (not in the transcript, the replay, the warmth or the
        scores; undone, it was never said in the meeting). True if a move was taken back."""
        for index, event in enumerate(self.events):
            if event["kind"] == "move" and any(seq in undone for seq in event.get("seqs", ())):
                del self.events[index:]
                return True
        return False

    def _heard_line(self) -> str:
        """What the persona says first when a reflection shows it was heard ("That's it
        exactly."): at most :data:`HEARD_LINES_PER_MEETING` times a meeting, never the same
        line twice (a line said at every topic stops sounding like them); "" when spent."""
        before = [str(e["heard_line"]) for e in self.events if e.get("heard_line")]
        if len(before) >= HEARD_LINES_PER_MEETING:
            return ""
        pool = [w for w in (self.persona.voice.heard or DEFAULT_LINES["heard"]) if w not in before]
        if not pool:
            return ""
        return random.Random(f"{self.seed}|heard|{len(self.events)}").choice(pool)

    def _react(self, move: Move, heard: str) -> tuple[str, str]:
        """Carry out ``move``: (reaction, what the persona said). ``heard``: the line they
        say first, as a reflection showed them they were heard ("" for none)."""
        step = self.conversation.step
        # Seeded by the moment, so a second offer of the keyboard may be put another way, and
        # a resumed practice says what the unbroken one would.
        rng = random.Random(f"{self.seed}|{step.topic}.{step.node_id}|{len(self.events)}")
        if move.kind == "propose":
            value = move.value if move.value is not None else move.words
            reaction = self._propose(value)
            return reaction.kind, reaction.words
        if move.kind == "answer_for":
            value = move.value if move.value is not None else move.words
            if step.kind == "menu":
                self.conversation.choose(str(value), by="worker")
            else:
                self.conversation.answer(value, by="worker")
            if step.speaker != "person":
                return "answered", ""  # a step for both of them: the worker may write it
            words = line(self.persona, "talked_over", rng) if self.persona.voice.talked_over else ""
            self._event("talked_over", step.topic, step.node_id, words=words, value=value)
            return "talked_over", words
        if move.kind == "move_on":
            self.conversation.skip(by="worker")
            self._event("skipped", step.topic, step.node_id, by="worker")
            return "skipped", ""
        if move.kind == "offer_keyboard":
            words = line(self.persona, "keyboard", rng)
            self._event(
                "keyboard", step.topic, step.node_id, taken=self.persona.keyboard.takes, words=words
            )
            return "side", words
        if move.kind == "explain_record":
            words = line(self.persona, "record_explained", rng)
            self._event("record_explained", step.topic, step.node_id, words=words)
            return "side", words
        prefix = heard
        if move.kind == "invite_ideas":
            return self._invited(prefix)
        response = self._persona_answers(move.kind, prefix)
        if response is None:
            # The engine took none of their answers: the one rule for nothing that fits
            # (responder.fallback): a line for the topic, and the question stays.
            said = fallback(self.persona, step, rng, self.content)
            words = " ".join(w for w in (prefix, said.words) if w)
            self._event(
                "persona", step.topic, step.node_id, words=words, action="stay", source=said.source
            )
            return "not_today", words
        # "stay": nothing fits, or they will not answer yet (a record not yet explained).
        answered = response.action not in ("skip", "stay")
        return ("answered" if answered else "not_today"), response.words

    def _invited(self, prefix: str) -> tuple[str, str]:
        """The trainee asked for the person's own ideas: they offer those they would share at
        this warmth and are not on the list yet (added to it as theirs, after what is there),
        or say they don't know yet (the step stays, so the trainee can suggest something or
        move on)."""
        step = self.conversation.step
        kept = self._listed(step.node.store)
        known = {r.get("id") for r in kept}
        if not self.ready_for_proposals() or self.cooled():
            # The same gates as a suggestion: before the worker has explored what matters
            # (the persona's ready_after), or once pushed cold, they have nothing to offer.
            words = " ".join(w for w in (prefix, self._nothing_yet(step)) if w)
            self._event("offered", step.topic, step.node_id, ideas=[], words=words)
            return "not_today", words
        offer = next(
            (
                r
                for r in responses(
                    self.persona,
                    self.conversation,
                    seed=self.seed,
                    level=self.warmth,
                    move="invite_ideas",
                    private=self.private,
                )
                if r.action == "answer"
                and any(isinstance(i, dict) and i.get("id") not in known for i in r.value)
            ),
            None,
        )
        rng = step_rng(self.seed, step, self.conversation)
        if offer is None:
            nothing = DEFAULT_LINES["nothing_yet"] if not kept else DEFAULT_LINES["no_more"]
            words = " ".join(w for w in (prefix, rng.choice(nothing)) if w)
            self._event("offered", step.topic, step.node_id, ideas=[], words=words)
            return "not_today", words
        new = [i for i in offer.value if isinstance(i, dict) and i.get("id") not in known]
        words = " ".join(w for w in (prefix, words_for(step, new)) if w)
        self.conversation.answer(kept + new, by="both" if kept else "person")
        self._event(
            "persona",
            step.topic,
            step.node_id,
            words=words,
            action="answer",
            source=offer.source,
            tier="open" if self.is_warm else "guarded",
            about=[],
            move="invite_ideas",
        )
        ideas = [str(i["id"]) for i in new if "id" in i]
        self._event("offered", step.topic, step.node_id, ideas=ideas, words=words)
        return "answered", words

    def _nothing_yet(self, step: Step) -> str:
        """What the persona says when asked for ideas it is not ready to give: its own
        "not yet" words for this step (a skip in its scripted answers) when it has them, else
        a plain "I don't know yet"; once pushed cold, its own "not today"."""
        rng = step_rng(self.seed, step, self.conversation)
        if self.cooled():
            return rng.choice(self.persona.voice.not_today)
        scripted = self.persona.answers.get(f"{step.topic}.{step.node_id}")
        own = [r.words for r in (scripted.guarded if scripted else []) if r.skip and r.words]
        return rng.choice(own or list(DEFAULT_LINES["nothing_yet"]))

    def _listed(self, store: str) -> list[dict[str, Any]]:
        """What the list at ``store`` holds now (copies), oldest first."""
        current: Any = self.conversation.data
        for part in store.split("."):
            current = current.get(part, {}) if isinstance(current, dict) else {}
        return (
            [dict(r) for r in current if isinstance(r, dict)] if isinstance(current, list) else []
        )

    def _uncapped(self) -> int:
        return warmth(self.persona, self.conversation, self.events)

    def _warmth_event(
        self, step: Step, move: Move | None, reaction: str, before: int, after: int, uncapped: int
    ) -> None:
        """A ``warmth`` event (at the move's step) when the move changed the warmth, or when
        it would have risen but this meeting's cap held it (why "capped")."""
        uncapped_before = uncapped
        gained = self._uncapped() - uncapped_before
        if gained > after - before and after >= self.warmth_cap:
            why = "capped"
        elif after != before:
            why = _REACTION_WHY.get(reaction) or _WHY.get(move.kind if move else "", "explored")
        else:
            return
        self._event("warmth", step.topic, step.node_id, before=before, after=after, why=why)

    def answer(self, value: Any, *, by: str | None = None) -> Reaction:
        """The trainee answers the current step.

        Solo: always the worker's answer. On a goal or activity list it is a proposal the
        persona may turn down (then nothing is stored). Paired: passed to the engine as
        given (``by`` defaults to "person": the other trainee is speaking as the persona).
        """
        step = self.conversation.step
        if self.mode == "paired":
            self.conversation.answer(value, by=by or "person")
            return Reaction("noted", "", True, step.topic, step.node_id)
        before, uncapped = self.warmth, self._uncapped()
        reaction = self._worker_answers(step, value)
        self._warmth_event(step, None, reaction.kind, before, self.warmth, uncapped)
        return reaction

    def _worker_answers(self, step: Step, value: Any) -> Reaction:
        if step.kind == "ask" and step.node.store in PROPOSAL_STORES:
            return self._propose(value)
        self.conversation.answer(value, by="worker")
        if step.kind == "ask" and step.speaker == "person":
            lines = self.persona.voice.talked_over
            words = lines[self._pick(len(lines), "talked_over")] if lines else ""
            self._event("talked_over", step.topic, step.node_id, words=words, value=value)
            return Reaction("talked_over", words, True, step.topic, step.node_id)
        return Reaction("noted", "", True, step.topic, step.node_id)

    def edit_refused(self, path: str) -> str | None:
        """Why the trainee may not change the earlier answer at ``path`` (None: they may).

        Solo: the answers to the person's questions come from the trainee's moves, and the
        persona reacted to each as it was made; changing one afterwards would put words in
        the persona's mouth they never reacted to (or rewrite what the trainee typed for them
        out of the persona's sight), and the rubric, the replay and the plan would then tell
        different stories. So the persona's words stay theirs: to try a question another way
        the trainee goes back to it (a rewind takes the move back with everything after it)
        and chooses another move, 8 to answer for them. Answers to the worker's own
        questions may be changed (as the worker's). Paired: as in a real meeting."""
        if self.mode != "solo":
            return None
        for entry in reversed(self.conversation.transcript()):
            if entry.path != path:
                continue
            node = node_of(self.content, entry.topic, entry.node)
            if getattr(node, "speaker", "both") == "worker":
                return None
            name = self.persona.name
            return (
                f"In solo practice the answers to {name}'s questions come from your moves, "
                f"so this one cannot be changed here: {name}'s words stay {name}'s. To try "
                "the question another way, go back to it (F8, Back) and choose a move: 8 "
                f"answers for {name}."
            )
        return None

    def edit(
        self, path: str, value: Any, *, by: str | None = None, correction: bool = False
    ) -> None:
        """Change an earlier answer. Solo: only one :meth:`edit_refused` allows, always as
        the worker's (the trainee is the worker; nobody else is there to change it); raises
        ``TrainingError`` for one it refuses. Paired: ``by`` as given (default "person").
        ``correction``: it corrects a mistake in the record (``Conversation.edit``)."""
        if self.mode != "solo":
            self.conversation.edit(path, value, by=by or "person", correction=correction)
            return
        refused = self.edit_refused(path)
        if refused is not None:
            raise TrainingError(refused)
        self.conversation.edit(path, value, by="worker", correction=correction)

    def skip(self) -> None:
        """The trainee moves past the current step ('not today' said by the worker in solo)."""
        self.conversation.skip(by="worker" if self.mode == "solo" else "person")

    # ------------------------------------------------------------------ proposals

    def _own_ideas(self, store: str) -> list[OwnedIdea]:
        return own_ideas(self.persona, store)

    def _propose(self, value: Any) -> Reaction:
        """The trainee proposes one idea or more for the goal or activity list on screen.

        Each is judged (see ``assistant.training.judging``); one naming several of the
        persona's own ideas is judged idea by idea. Each judgement leaves an event
        (``accepted`` / ``not_yet`` / ``refused``). Accepted ideas are stored in one answer:
        ``by="worker"`` when every one was imposed, else ``by="both"`` (worked out together
        after the trainee asked for the person's ideas first). An idea already on the list is
        acknowledged and not added again.
        """
        step = self.conversation.step
        store = step.node.store
        proposed = self._proposed_items(value)
        if not proposed:
            raise AnswerError("Please write the idea you would like to suggest.")
        names = {f.name for f in step.node.fields}
        kept = self._listed(store)
        accepted: list[dict[str, Any]] = []
        judgements: list[Judgement] = []
        # Judged against how the persona is now: several ideas said in one breath are heard
        # together, so one refusal does not cool the answer to the next.
        context = self._judging_context(step.topic, step.node_id)
        for text in proposed:
            for judgement in self._judge(store, text, **context):
                judgements.append(judgement)
                said = text
                if judgement.reason == "private":
                    # It names what they asked to keep off the record: not kept here either.
                    said = PRIVATE_IDEA_NOTE
                    self._forget_move_words(text)
                self._event(
                    judgement.outcome,
                    step.topic,
                    step.node_id,
                    words=judgement.words,
                    proposal=said,
                    store=store,
                    reason=judgement.reason,
                    idea=judgement.idea_id,
                    idea_from=judgement.idea_from,
                    invited=context["invited"],
                    what=judgement.what,
                )
                idea = next((i for i in self._own_ideas(store) if i.id == judgement.idea_id), None)
                # An idea already on the list is acknowledged, not added again (one they
                # said but is no longer on the list goes back on it, as theirs).
                again = judgement.reason == "listed" and (
                    idea is None or context["listed"].get(idea.id, {}).get("on_list") is not False
                )
                if (
                    judgement.accepted
                    and not again
                    and idea is not None
                    and all(r.get("id") != idea.id for r in kept + accepted)
                ):
                    record = {
                        **idea.record,
                        "id": idea.id,
                        "what": judgement.what,
                        "idea_from": judgement.idea_from,
                    }
                    accepted.append({k: v for k, v in record.items() if k in names or k == "id"})
        words = " ".join(dict.fromkeys(j.words for j in judgements if j.words))
        if accepted:
            together = any(r.get("idea_from") in ("together", "me") for r in accepted)
            self.conversation.answer(kept + accepted, by="both" if together else "worker")
            return Reaction("accepted", words, True, step.topic, step.node_id)
        kinds = [j.outcome for j in judgements]
        first = next((k for k in kinds if k == "not_yet"), kinds[0])
        # Only ideas already on the list: agreed, and nothing new to write down.
        return Reaction(first, words, first == "accepted", step.topic, step.node_id)

    def _forget_move_words(self, text: str) -> None:
        """The trainee's move that proposed ``text`` keeps a note instead of the words."""
        move = self.events[-1] if self.events else None
        if move is None or move.get("kind") != "move":
            return
        if text in str(move.get("words") or "") or text in str(move.get("value") or ""):
            move["words"] = PRIVATE_IDEA_NOTE
            move["value"] = None

    @staticmethod
    def _proposed_items(value: Any) -> list[str]:
        items = value if isinstance(value, list) else [value]
        texts = []
        for item in items:
            text = item.get("what") if isinstance(item, dict) else item
            if isinstance(text, str) and text.strip():
                texts.append(text.strip())
        return texts

    def _judging_context(self, topic: str | None, node: str | None) -> dict[str, Any]:
        """What the judging needs to know of the meeting so far (all from the events and the
        log, so a resumed practice judges as the unbroken one would)."""
        here = (topic, node)
        invited = any(
            e.get("kind") == "move"
            and e.get("move") == "invite_ideas"
            and (e.get("topic"), e.get("node")) == here
            for e in self.events
        )
        store = self.conversation.step.node.store
        # What they already have: the list as it stands, and the ideas they offered here.
        listed: dict[str, dict[str, Any]] = {
            str(r.get("id") or f"#{n}"): r for n, r in enumerate(self._listed(store))
        }
        ideas = {i.id: i for i in self._own_ideas(store)}
        for event in self.events:
            if event.get("kind") != "offered" or (event.get("topic"), event.get("node")) != here:
                continue
            for idea_id in event.get("ideas") or ():
                if idea_id in ideas and idea_id not in listed:
                    listed[idea_id] = {
                        "id": idea_id,
                        "what": ideas[idea_id].what,
                        "idea_from": "me",
                        "on_list": False,
                    }
        return {
            "ready": self.ready_for_proposals(),
            "invited": invited,
            "level": self.warmth,
            # (A proposal refused as private keeps a note, not words to compare with.)
            "refused_before": [
                str(e.get("proposal", ""))
                for e in self.events
                if e.get("kind") == "refused" and e.get("reason") != "private"
            ],
            "cap": self.warmth_cap,
            "private": self.private,
            "listed": listed,
            "cold": self.cooled(),
        }

    def cooled(self) -> bool:
        """True when the trainee's pushing (ideas turned down, answering for them) has left
        the persona cold: warmth at or below its start minus 2 (at 0 for a persona that
        starts below 2). A cold persona says "not today" to its own ideas too."""
        pushed = any(e.get("kind") in ("refused", "talked_over") for e in self.events)
        return pushed and self.warmth <= max(0, self.persona.warmth.start - COLD_DROP)

    def _judge(
        self,
        store: str,
        text: str,
        *,
        ready: bool,
        invited: bool = False,
        level: int,
        refused_before: Collection[str] = (),
        cap: int | None = None,
        private: Collection[str] = (),
        listed: Mapping[str, Mapping[str, Any]] | None = None,
        cold: bool = False,
    ) -> list[Judgement]:
        return judge_each(
            self.persona,
            store,
            text,
            ready=ready,
            invited=invited,
            level=level,
            refused_before=refused_before,
            pick=lambda count, salt: self._pick(count, salt, text),
            cap=cap,
            private=private,
            listed=listed,
            cold=cold,
        )

    def _pick(self, count: int, *salt: str) -> int:
        times = len(self.events)
        return random.Random(f"{self.seed}|{'|'.join(salt)}|{times}").randrange(count)

    def _event(self, kind: str, topic: str | None, node: str | None, **fields: Any) -> None:
        self.events.append(
            {
                "kind": kind,
                "at": self.clock().isoformat(timespec="seconds"),
                "after_seq": len(self.conversation.log),
                "topic": topic,
                "node": node,
                **fields,
            }
        )

    # ------------------------------------------------------------------ headless play

    def play_topic(self, topic_id: str, *, max_steps: int = 500) -> list[Response]:
        """Open a topic and let the persona answer until the topic list is back (solo)."""
        if self.mode != "solo":
            raise TrainingError("Only in solo practice does the app answer as the persona.")
        self.conversation.goto_topic(topic_id)
        played: list[Response] = []
        for _ in range(max_steps):
            if self.conversation.step.kind == "topics":
                return played
            response = self.persona_turn()
            if response is None:
                # A step for the worker only: the headless trainee moves on.
                self.skip()
                continue
            played.append(response)
        raise TrainingError(f"The topic {topic_id!r} did not finish in {max_steps} steps.")

    # ------------------------------------------------------------------ results

    def feedback(self) -> Feedback:
        """Feedback computed from everything that happened (see ``assistant.training.feedback``)."""
        return compute_feedback(
            self.conversation,
            persona=self.persona,
            events=self.events,
            started=self.started,
            mode=self.mode,
            trainee=self.trainee,
            meeting=self.meeting,
        )

    # ------------------------------------------------------------------ saving

    def to_state(self) -> dict[str, Any]:
        """The whole session as JSON data (watermarked: it is never a real person's record)."""
        return {
            "format": STATE_FORMAT,
            "version": STATE_VERSION,
            "watermark": WATERMARK,
            "persona": self.persona.id,
            "mode": self.mode,
            "seed": self.seed,
            "started": self.started,
            "trainee": self.trainee,
            "meeting": self.meeting,
            "events": [dict(e) for e in self.events],
            "conversation": self.conversation.to_state(),
        }

    @classmethod
    def from_state(
        cls,
        state: dict[str, Any],
        *,
        content: Content | None = None,
        personas: dict[str, Persona] | None = None,
        clock: Callable[[], _dt.datetime] = _now,
    ) -> TrainingSession:
        """Resume a saved practice session."""
        if not isinstance(state, dict) or state.get("format") != STATE_FORMAT:
            raise TrainingError("This is not a saved practice session.")
        if not isinstance(state.get("version"), int) or state["version"] > STATE_VERSION:
            raise TrainingError(
                "This practice session was saved by a newer version of the app. Update the "
                "app to open it; nothing has been changed."
            )
        if personas is None:
            folder, pack = _personas_folders(content)
            personas = load_personas(folder, pack=pack)
        persona = personas.get(str(state.get("persona")))
        if persona is None:
            raise TrainingError(
                f"The persona {state.get('persona')!r} of this session is no longer installed."
            )
        content = with_persona(content or shipped_content(), persona)
        conversation = Conversation.from_state(content, state["conversation"], clock=clock)
        return cls(
            persona,
            content,
            mode=state.get("mode", "solo"),
            seed=int(state.get("seed", 0)),
            clock=clock,
            conversation=conversation,
            events=list(state.get("events") or []),
            started=state.get("started"),
            trainee=str(state.get("trainee") or ""),
            meeting=int(state.get("meeting") or 1),
        )
