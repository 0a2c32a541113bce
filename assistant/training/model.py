"""The persona format: one YAML file per fictional person in ``content/personas/``.

The same models produce the committed JSON Schema (``content/schema/persona.schema.json``).
Answers can be written briefly (a plain value, or a list of alternatives) or in full
(``guarded:``/``open:`` tiers of replies); the schema accepts both spellings.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, JsonValue, StringConstraints, model_validator

from assistant.fields import NAME, Circle, Id, Line, Para, StrictModel, json_schema
from assistant.flows.model import AnswerType, Tag

StepKey = Annotated[
    str,
    StringConstraints(pattern=rf"^{NAME}\.{NAME}$", max_length=130),
    Field(description="A step as `topic.step`, e.g. `what_matters.interests`."),
]
# A word or phrase that means an idea when a worker proposes it (matched anywhere in it).
MatchWords = Annotated[str, StringConstraints(min_length=2, max_length=60)]


class Reply(StrictModel):
    """One way the persona answers: a value, or 'not today', with the words they say."""

    value: JsonValue = Field(
        None,
        description="The answer: text, an option value, a number, true/false, a list, or a "
        "date such as `+14d` (14 days after the session's date).",
    )
    skip: bool = Field(False, description="Say 'not today' to this question.")
    words: str | None = Field(
        None, description="What the persona says aloud; defaults to the answer itself."
    )
    about: list[Id] = Field(
        default_factory=list,
        description="Private subjects this reply discloses (ids in `private`): once one is "
        "kept private, or a record is refused, the persona gives another reply instead.",
    )
    keeps_private: list[Id] = Field(
        default_factory=list,
        description="Private subjects (ids in `private`) the persona asks not to be written "
        "down with this reply, e.g. at `getting_started.not_recorded`.",
    )

    @model_validator(mode="before")
    @classmethod
    def _from_plain(cls, data: object) -> object:
        if isinstance(data, dict):
            return data
        return {"value": data}

    @model_validator(mode="after")
    def _something(self) -> Reply:
        if self.skip and self.value is not None:
            raise ValueError("a reply has either `value` or `skip: true`, not both")
        if not self.skip and self.value is None and not self.words:
            raise ValueError("give `value`, `skip: true` or `words`")
        return self


_REPLY_KEYS = frozenset({"value", "skip", "words", "about", "keeps_private"})


def _alternatives(data: object) -> object:
    """A list means alternatives, except a list of records (mappings that are not replies),
    which is one answer: a `records` step's whole list."""
    if not isinstance(data, list):
        return [data]
    if data and all(isinstance(d, dict) and not set(d) <= _REPLY_KEYS for d in data):
        return [{"value": data}]
    return data


class AnswerSet(StrictModel):
    """Alternatives for one step; `guarded` while the persona is wary, `open` once warm.

    A plain value or list means the same alternatives at every warmth. A list is a choice
    of alternatives; write a list answer (several options, records) as `{value: [...]}`.
    """

    guarded: list[Reply] = Field(
        default_factory=list, description="Replies while warmth is below `warmth.open_at`."
    )
    open: list[Reply] = Field(
        default_factory=list, description="Fuller replies once warmth reaches `warmth.open_at`."
    )

    @model_validator(mode="before")
    @classmethod
    def _from_plain(cls, data: object) -> object:
        if isinstance(data, dict) and data and set(data) <= {"guarded", "open"}:
            return {tier: _alternatives(value) for tier, value in data.items()}
        return {"open": _alternatives(data)}

    @model_validator(mode="after")
    def _not_empty(self) -> AnswerSet:
        if not self.guarded and not self.open:
            raise ValueError("give at least one reply")
        return self

    def replies(self, warm: bool) -> list[Reply]:
        """The tier for this warmth, or the other tier when only one is written."""
        if warm:
            return self.open or self.guarded
        return self.guarded or self.open


Details = Annotated[
    dict[Id, AnswerSet],
    Field(
        description="Answers for the questions asked about this item in a sub-flow, keyed by "
        "the stored field's name (e.g. `feeling`, `best_case`)."
    ),
]
ShareAt = Annotated[
    int,
    Field(
        ge=0,
        le=20,
        description="The warmth at which the persona mentions this unprompted (0: straight away).",
    ),
]


class Connection(StrictModel):
    """Someone in the persona's life."""

    id: Id
    name: Line = Field(description="A first name or initials, as the persona would say it.")
    relationship: Id = Field(description="An option of the connections list, e.g. `family`.")
    circle: Circle
    about: Para = Field(description="For the role card: who they are and how it feels.")
    share_at: ShareAt = 0
    discloses: list[Id] = Field(
        default_factory=list,
        description="Private subjects (ids in `private`) this item discloses: once one is "
        "kept private, or a record is refused, the persona leaves the item off its list.",
    )
    details: Details = Field(default_factory=dict)


class Concern(StrictModel):
    """Something that makes relationships hard for the persona."""

    id: Id
    kind: Id = Field(description="An option of the concerns list, e.g. `confidence`, `trust`.")
    words: Line = Field(description="The concern in the persona's own words.")
    about: Para | None = Field(None, description="For the role card: where this comes from.")
    share_at: ShareAt = 0
    discloses: list[Id] = Field(
        default_factory=list,
        description="Private subjects (ids in `private`) this item discloses: once one is "
        "kept private, or a record is refused, the persona leaves the item off its list.",
    )
    details: Details = Field(default_factory=dict)


class OwnedIdea(StrictModel):
    """A goal or activity the persona would own, in their words."""

    id: Id
    what: Line = Field(description="The goal in the persona's own words.")
    match: list[MatchWords] = Field(
        min_length=1,
        description="Words or phrases that mean this idea when the worker proposes it "
        "(matched case-insensitively anywhere in the proposal).",
    )
    agree: list[Line] = Field(
        default_factory=list, description="What the persona says when agreeing to it."
    )
    share_at: ShareAt = 0
    discloses: list[Id] = Field(
        default_factory=list,
        description="Private subjects (ids in `private`) this item discloses: once one is "
        "kept private, or a record is refused, the persona leaves the item off its list.",
    )
    record: dict[Id, JsonValue] = Field(
        default_factory=dict,
        description="Other fields of the list entry, e.g. `{where: near}` for an activity.",
    )
    details: Details = Field(default_factory=dict)


class TurnDown(StrictModel):
    """An idea the persona turns down when a worker imposes it."""

    idea: Line = Field(description="For the role card: the idea a worker might push.")
    match: list[MatchWords] = Field(
        min_length=1, description="Words or phrases that mean this idea in a proposal."
    )
    words: list[Line] = Field(min_length=1, description="What the persona says to it.")


class Warmth(StrictModel):
    """How quickly the persona opens up (see docs/training.md, 'Warmth')."""

    start: int = Field(0, ge=0, le=20, description="Warmth at the start of a session.")
    open_at: int = Field(
        3, ge=1, le=20, description="From this warmth the persona gives its fuller answers."
    )
    ready_after: list[Id] = Field(
        default_factory=lambda: ["what_matters", "concerns"],
        description="Topics the worker must have explored (an answer from the person in each) "
        "before the persona agrees to an idea the worker proposes.",
    )
    per_meeting: int = Field(
        3,
        ge=1,
        le=20,
        description="The most warmth can rise in one practice meeting: it never goes above "
        "`start + per_meeting * meeting`, so what is shared 'much later' (a high `share_at`) "
        "only comes in a later practice meeting.",
    )


class Voice(StrictModel):
    """Lines the persona uses in reply to the worker."""

    pushback: list[Line] = Field(min_length=1, description="Turning down a worker's idea.")
    not_yet: list[Line] = Field(
        min_length=1,
        description="When the worker proposes something the persona does want, too early.",
    )
    agree: list[Line] = Field(min_length=1, description="Agreeing to an idea (a default).")
    not_today: list[Line] = Field(min_length=1, description="Declining to answer a question.")
    talked_over: list[Line] = Field(
        default_factory=list, description="When the worker answers a question for them."
    )
    heard: list[Line] = Field(
        default_factory=list,
        description="When the worker reflects back what they said (before their answer).",
    )
    keyboard: list[Line] = Field(
        default_factory=list, description="When the worker offers them the keyboard."
    )
    record_explained: list[Line] = Field(
        default_factory=list,
        description="When the worker explains what is written down and who sees it.",
    )
    already_said: list[Line] = Field(
        default_factory=list, description="When the worker suggests an idea they turned down."
    )
    fallback: dict[Id, list[Line]] = Field(
        default_factory=dict,
        description="Lines that fit a topic (keyed by topic id) for a question the persona "
        "has no answer for, instead of the neutral built-in line.",
    )


class Consent(StrictModel):
    """How the persona takes being asked to keep a record."""

    needs_explaining: bool = Field(
        False,
        description="True: they agree to a record only once the worker has explained what "
        "is written down and who sees it; until then they say no.",
    )
    refuses_without: list[Line] = Field(
        default_factory=list,
        description="What they say when asked for a record before it was explained.",
    )


class PrivateSubject(StrictModel):
    """Something the persona may talk about but wants kept out of the record."""

    id: Id
    what: Line = Field(description="For the role card: what it is.")
    words: Line = Field(
        description="What they say when asked about it again once it is private, e.g. "
        "\"I said I'd rather that wasn't written down.\""
    )
    match: list[MatchWords] = Field(
        default_factory=list,
        description="Words or phrases that name it in a worker's proposal: once it is kept "
        "private, a proposal naming it is refused in `words` and nothing is written down.",
    )


class Keyboard(StrictModel):
    """Whether the persona takes the keyboard when it is offered."""

    takes: bool = Field(False, description="True: they type their own answers when offered.")


class RoleCard(StrictModel):
    """For a trainee playing the persona in paired role-play."""

    who_you_are: Para
    how_you_come_across: Para
    at_the_start: Para
    as_you_warm_up: Para
    if_pushed: Para
    tips: list[Line] = Field(default_factory=list)


class TrainerQuestion(StrictModel):
    """A persona's reflection question that names what only the persona can tell (a friend,
    a place, a plan): the feedback asks it only when each thing in ``needs`` came up."""

    ask: Line = Field(description="The question, as the feedback asks it.")
    needs: list[Line | list[Line]] = Field(
        min_length=1,
        description="What the question names that a solo trainee can learn only from the "
        "persona: each entry (one phrase, or a list of other words for the same thing) must "
        "have come up in the practice, said by either of them or in the referral, for the "
        "feedback to ask this question; otherwise it asks the standard prompt. Matched as "
        "whole words, as `match` words are.",
    )


class TrainerNotes(StrictModel):
    """For the facilitator: what the persona is good for, and questions to ask afterwards."""

    notes: list[Para] = Field(min_length=1, description="What this persona helps people practise.")
    watch_for: list[Line] = Field(
        default_factory=list, description="Things to notice while the trainee works."
    )
    questions: dict[Id, list[Line | TrainerQuestion]] = Field(
        default_factory=dict,
        description="Reflection questions keyed by training question id (see docs/training.md): "
        "plain text, or `ask` with `needs` when the question names something the persona "
        "keeps to themselves until it comes up in the practice.",
    )


class Persona(StrictModel):
    """A fictional person for role-play training."""

    id: Id = Field(description="Stable name; the file is called `<id>.yaml`.")
    name: Line = Field(description="The persona's first name (fictional).")
    age: int = Field(ge=16, le=110)
    pronouns: Line
    summary: Line = Field(description="One line for the list of personas.")
    backstory: Para
    what_matters: list[Line] = Field(min_length=1)
    network: list[Connection] = Field(default_factory=list)
    concerns: list[Concern] = Field(default_factory=list)
    goals: list[OwnedIdea] = Field(min_length=1, description="Goals the persona would own.")
    activities: list[OwnedIdea] = Field(
        default_factory=list, description="Things to try the persona would own."
    )
    turns_down: list[TurnDown] = Field(min_length=1)
    warmth: Warmth = Field(default_factory=Warmth)
    voice: Voice
    referral: Para | None = Field(
        None,
        description="What a worker would know before meeting them (a referral): shown to a "
        "solo trainee instead of the role card, so it holds no secrets.",
    )
    consent: Consent = Field(default_factory=Consent)
    private: list[PrivateSubject] = Field(
        default_factory=list, description="Subjects the persona may keep out of the record."
    )
    keyboard: Keyboard = Field(default_factory=Keyboard)
    answers: dict[StepKey, AnswerSet] = Field(
        default_factory=dict, description="Answers by step (`topic.step`); these win."
    )
    by_tag: dict[Tag, AnswerSet] = Field(
        default_factory=dict, description="Answers for any step carrying the tag."
    )
    by_type: dict[AnswerType, AnswerSet] = Field(
        default_factory=dict, description="Answers for any step of this answer type."
    )
    role_card: RoleCard
    trainer: TrainerNotes

    @model_validator(mode="after")
    def _unique_ids(self) -> Persona:
        for name in ("network", "concerns", "goals", "activities", "private"):
            seen: set[str] = set()
            for item in getattr(self, name):
                if item.id in seen:
                    raise ValueError(f"`{name}` lists the id `{item.id}` twice")
                seen.add(item.id)
        return self


def persona_schema() -> dict[str, JsonValue]:
    """The JSON Schema of persona files (``content/personas/*.yaml``)."""
    schema = json_schema(
        Persona, "Connecting People Assistant training persona (content/personas/*.yaml)"
    )
    # The short spellings `_from_plain` accepts: a plain value, or a list of alternatives.
    defs = schema["$defs"]
    assert isinstance(defs, dict)  # pydantic names every nested model under $defs
    defs["Reply"] = {"anyOf": [defs["Reply"], {"type": ["string", "number", "boolean", "array"]}]}
    defs["AnswerSet"] = {
        "anyOf": [
            defs["AnswerSet"],
            {"type": "array", "items": {"$ref": "#/$defs/Reply"}},
            {"$ref": "#/$defs/Reply"},
        ]
    }
    return schema


def question_words(question: str | TrainerQuestion) -> str:
    """The words of a persona's reflection question, plain or with ``needs``."""
    return question if isinstance(question, str) else question.ask
