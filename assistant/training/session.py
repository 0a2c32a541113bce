"""A practice session: the ordinary conversation engine, a persona, and what happened.

Solo practice: the trainee is the worker. The persona answers each step through
:meth:`TrainingSession.persona_turn`; anything the trainee enters is the worker's own answer
(``by="worker"``). When the trainee proposes a goal or an activity for the person, the persona
agrees only if it is an idea the persona owns *and* the trainee has explored the topics in the
persona's ``warmth.ready_after`` (what matters and concerns, by default). Otherwise the
persona turns it down in its own words, nothing is stored, and its warmth drops.

Paired role-play: the app never answers; a second trainee plays the persona from the role
card, and answers are recorded as usual (``by="person"`` unless said otherwise).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from assistant import store_paths as sp
from assistant.agency import with_agency
from assistant.directory.functions import with_directory
from assistant.engine.answers import AnswerError
from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content, load_content
from assistant.training.feedback import Feedback, compute_feedback
from assistant.training.loader import get_persona, load_personas, pack_personas
from assistant.training.model import OwnedIdea, Persona
from assistant.training.reading import explored
from assistant.training.render import WATERMARK
from assistant.training.responder import LIST_SOURCES, Response, respond, responses, warmth

Mode = Literal["solo", "paired"]
MODES: tuple[str, ...] = ("solo", "paired")
STATE_FORMAT = "cpi-training-session"
STATE_VERSION = 1
# Store paths where the worker "proposes" something for the person (a goal, a thing to try).
PROPOSAL_STORES: tuple[str, ...] = (sp.GOALS_LIST, sp.COMMUNITY_LIST)
_MAX_SEED = 2**31


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


def _now() -> _dt.datetime:
    return _dt.datetime.now(_dt.UTC).astimezone()


def _match(text: str, phrases: list[str]) -> bool:
    folded = " ".join(text.casefold().split())
    return any(p.casefold() in folded for p in phrases)


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
    ) -> None:
        if mode not in MODES:
            raise TrainingError(f"The mode must be one of {', '.join(MODES)}, not {mode!r}.")
        self.persona = persona
        content = with_persona(content, persona)
        self.content = content
        self.mode: Mode = mode
        self.seed = seed if seed is not None else secrets.randbelow(_MAX_SEED)
        self.clock = clock
        self.conversation = conversation or Conversation(content, clock=clock)
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
    ) -> TrainingSession:
        """A new session with a persona (or its id: the content's agency pack's personas
        first) on the shipped content by default."""
        if isinstance(persona, str):
            persona = get_persona(persona, pack=pack_personas(content.pack if content else None))
        return cls(persona, content or shipped_content(), mode=mode, seed=seed, clock=clock)

    # ------------------------------------------------------------------ reading

    @property
    def banner(self) -> str:
        """The line the session screen shows at all times in training mode."""
        what = "solo practice" if self.mode == "solo" else "paired role-play"
        return f"{WATERMARK} · {self.persona.name}, {self.persona.age} · {what}"

    @property
    def warmth(self) -> int:
        return warmth(self.persona, self.conversation, self.events)

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
        return respond(self.persona, self.conversation, seed=self.seed, level=self.warmth)

    # ------------------------------------------------------------------ acting

    def persona_turn(self) -> Response | None:
        """Solo: the persona answers the current step. None when it is not the persona's turn."""
        if self.mode != "solo":
            return None
        step = self.conversation.step
        response = None
        for candidate in responses(
            self.persona, self.conversation, seed=self.seed, level=self.warmth
        ):
            try:
                candidate.apply(self.conversation)
            except AnswerError:
                continue  # refused by a content rule: the engine undid it; try the next one
            response = candidate
            break
        if response is None:
            return None
        if response.action != "proceed" or response.words:
            self._event(
                "persona",
                step.topic,
                step.node_id,
                words=response.words,
                action=response.action,
                source=response.source,
            )
        return response

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
        if step.kind == "ask" and step.node.store in PROPOSAL_STORES:
            return self._propose(value)
        self.conversation.answer(value, by="worker")
        if step.kind == "ask" and step.speaker == "person":
            lines = self.persona.voice.talked_over
            words = lines[self._pick(len(lines), "talked_over")] if lines else ""
            self._event("talked_over", step.topic, step.node_id, words=words)
            return Reaction("talked_over", words, True, step.topic, step.node_id)
        return Reaction("noted", "", True, step.topic, step.node_id)

    def skip(self) -> None:
        """The trainee moves past the current step ('not today' said by the worker in solo)."""
        self.conversation.skip(by="worker" if self.mode == "solo" else "person")

    # ------------------------------------------------------------------ proposals

    def _own_ideas(self, store: str) -> list[OwnedIdea]:
        return list(getattr(self.persona, LIST_SOURCES[store]))

    def _propose(self, value: Any) -> Reaction:
        step = self.conversation.step
        store = step.node.store
        proposed = self._proposed_items(value)
        if not proposed:
            raise AnswerError("Please write the idea you would like to suggest.")
        ready = self.ready_for_proposals()
        names = {f.name for f in step.node.fields}
        current = self.conversation.data
        for part in store.split("."):
            current = current.get(part, {}) if isinstance(current, dict) else {}
        kept: list[dict[str, Any]] = [dict(r) for r in current] if isinstance(current, list) else []
        accepted: list[dict[str, Any]] = []
        said: list[str] = []
        kinds: list[str] = []
        for text in proposed:
            kind, words, idea = self._judge(store, text, ready)
            kinds.append(kind)
            said.append(words)
            self._event(kind, step.topic, step.node_id, words=words, proposal=text, store=store)
            if idea is not None and all(r.get("id") != idea.id for r in kept + accepted):
                record = {"id": idea.id, "what": idea.what, "idea_from": "together", **idea.record}
                accepted.append({k: v for k, v in record.items() if k in names or k == "id"})
        words = " ".join(w for w in said if w)
        if accepted:
            # Agreed together: the idea was the worker's, the words are the person's.
            self.conversation.answer(kept + accepted, by="both")
            return Reaction("accepted", words, True, step.topic, step.node_id)
        first = next((k for k in kinds if k == "not_yet"), kinds[0])
        return Reaction(first, words, False, step.topic, step.node_id)

    @staticmethod
    def _proposed_items(value: Any) -> list[str]:
        items = value if isinstance(value, list) else [value]
        texts = []
        for item in items:
            text = item.get("what") if isinstance(item, dict) else item
            if isinstance(text, str) and text.strip():
                texts.append(text.strip())
        return texts

    def _judge(self, store: str, text: str, ready: bool) -> tuple[str, str, OwnedIdea | None]:
        voice = self.persona.voice
        own = next((i for i in self._own_ideas(store) if _match(text, i.match)), None)
        if own is not None:
            if ready:
                lines = own.agree or voice.agree
                return "accepted", lines[self._pick(len(lines), "agree", text)], own
            return "not_yet", voice.not_yet[self._pick(len(voice.not_yet), "not_yet", text)], None
        for turn_down in self.persona.turns_down:
            if _match(text, turn_down.match):
                pick = self._pick(len(turn_down.words), "turn_down", text)
                return "refused", turn_down.words[pick], None
        return "refused", voice.pushback[self._pick(len(voice.pushback), "pushback", text)], None

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
            personas = load_personas(pack=pack_personas(content.pack if content else None))
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
        )
