"""The flow format: one YAML file per topic, validated by these models.

The same models produce the committed JSON Schema (``content/schema/topic.schema.json``,
:func:`topic_schema`), so what an author's editor suggests and what the loader accepts never
drift apart. The base model and the field types shared with the other formats (ids, who
speaks) are in :mod:`assistant.fields`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import Field, JsonValue, StringConstraints, model_validator

from assistant.fields import NAME, Id, StrictModel, Who, json_schema

StorePath = Annotated[
    str,
    StringConstraints(pattern=rf"^{NAME}(\.{NAME})*$", max_length=200),
    Field(
        description="Where the answer is kept, as dotted names, e.g. `about.interests`. "
        "Inside a repeated sub-flow, start with the loop name, e.g. `person.feeling`."
    ),
]
Expr = Annotated[
    str,
    Field(
        description="A Jinja2 expression (no braces), e.g. `answered('about.name')`.",
        max_length=2000,
    ),
]
Text = Annotated[
    str,
    Field(
        description="Text shown on screen. May use Jinja2 `{{ ... }}`; quote the whole value.",
        max_length=20000,
    ),
]
Tag = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$", max_length=64)]

AnswerType = Literal[
    "text",
    "long_text",
    "choice",
    "multi_choice",
    "rating",
    "number",
    "yes_no",
    "date",
    "records",
]
FieldType = Literal[
    "text", "long_text", "choice", "multi_choice", "rating", "number", "yes_no", "date"
]


class Choice(StrictModel):
    """One option of a choice or multiple-choice answer."""

    value: str = Field(description="What is stored when this option is picked.")
    label: str | None = Field(None, description="What is shown; defaults to the value.")
    said: str | None = Field(
        None,
        description="The words the answer is kept in when this option is picked (the "
        "conversation so far, the record), when the label holds more than the answer: a "
        "directory entry's name, without when it is on or a note to check it fits. Defaults "
        "to the label.",
    )
    alone: bool = Field(
        False,
        description="For `multi_choice`: only ever picked on its own (e.g. 'Nothing at the "
        "moment'). Ticking it unticks the others, ticking another unticks it, and an answer "
        "with it and anything else is refused.",
    )

    @model_validator(mode="before")
    @classmethod
    def _from_plain(cls, data: object) -> object:
        # Authors may write `options: [Yes, No]`.
        if isinstance(data, (str, int, float, bool)):
            return {"value": str(data)}
        return data

    @property
    def text(self) -> str:
        return self.label if self.label is not None else self.value


class Rule(StrictModel):
    """Refuse an answer when `if` is true, showing `message` (the answer is `answer`)."""

    if_: Expr = Field(alias="if", description="Refuse the answer when this is true.")
    message: str = Field(description="Shown when the answer is refused; say how to put it right.")


class _AnswerShape(StrictModel):
    """What every typed answer (an ask, or one field of a record) can say about itself."""

    type: AnswerType
    options: list[Choice] = Field(
        default_factory=list, description="For `choice` and `multi_choice`."
    )
    min: float | None = Field(None, description="Lowest number or rating (rating default 1).")
    max: float | None = Field(
        None,
        description="Highest number or rating (rating default 7); for `multi_choice`, the "
        "most options that may be ticked (e.g. 3: 'pick up to 3').",
    )
    labels: dict[int, str] = Field(
        default_factory=dict, description="For `rating`: words for some or all points."
    )
    required: bool = Field(False, description="An empty answer is refused (skipping still works).")
    past: bool = Field(
        False,
        description="For `date`: asks when something happened. A date without a year, or a "
        "weekday alone, is the last such day (4/12 said on 6 December is this year's), and a "
        "day still to come is refused.",
    )
    default: JsonValue = Field(None, description="Suggested answer when nothing is stored yet.")
    validate_: list[Rule] = Field(default_factory=list, alias="validate")


class ShownWhen(StrictModel):
    """When a field of an entry is shown: while another `choice` field of the same entry
    has one of the values in `is` (e.g. "If someone else, who" while "Who will do it" is
    "Someone else")."""

    field: Id = Field(description="The name of another `choice` field of the same entry.")
    is_: list[str] = Field(
        alias="is",
        min_length=1,
        description="The option values (not labels) of that field for which this one is shown.",
    )


class RecordField(_AnswerShape):
    """One field of each record in a `records` answer (e.g. a person in the network)."""

    type: FieldType
    name: Id = Field(description="Key of the field inside each record.")
    label: str = Field(description="Shown beside the field.")
    shown_when: ShownWhen | None = Field(
        None,
        description="Show this field only while another choice of the same entry has one of "
        "the given values; its words are kept only then. A field an entry already holds "
        "words in (saved before) is always shown, so no words are lost.",
    )

    def shown(self, entry: Mapping[str, Any], earlier: Mapping[str, Any] | None = None) -> bool:
        """Whether this field is shown for an entry with these values (``earlier``: the
        entry as saved before, whose words in this field keep it shown)."""
        if self.shown_when is None:
            return True
        if earlier is not None and _has_words(earlier.get(self.name)):
            return True
        return entry.get(self.shown_when.field) in self.shown_when.is_


def _has_words(value: object) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple, dict)):
        return bool(value)
    return value is not None


class _NodeBase(StrictModel):
    id: Id
    when: Expr | None = Field(None, description="Skip this step when the expression is false.")
    next: Id | None = Field(
        None, description="Step to go to afterwards; defaults to the following step."
    )
    speaker: Who = Field(
        "both", description="Who the text is addressed to: person, worker or both."
    )
    guidance: str | None = Field(
        None, description="Notes for the worker only; shown in the guidance panel."
    )
    tags: list[Tag] = Field(
        default_factory=list, description="Themes of the intervention this step touches."
    )
    training_questions: list[Id] = Field(
        default_factory=list,
        description="Which of the 12 training questions (docs/training.md ids, e.g. "
        "`barriers_to_practice`) this step serves. In a worker-only topic, a supervision export "
        "lists the ones answered; anywhere, the fidelity table in docs/authors-guide.md names "
        "the step.",
    )


class SayNode(_NodeBase):
    """Show some text; the conversation goes on when it is acknowledged."""

    kind: Literal["say"]
    text: Text


class AskNode(_NodeBase, _AnswerShape):
    """Ask for one typed answer and keep it at `store`."""

    kind: Literal["ask"]
    prompt: Text
    store: StorePath
    hint: str | None = Field(None, description="A short line under the question for the person.")
    can_skip: bool = Field(
        True, description="Offer 'not today'. Leave on unless there is a reason."
    )
    empty_answer: str | None = Field(
        None,
        min_length=1,
        max_length=80,
        description="For `text`/`long_text`: the answer an empty box gives, for a question "
        "whose hint says to leave it empty when it does not apply (Enter on it goes on and "
        "keeps these words, e.g. 'No one else, only the two of us'), where it would be refused.",
    )
    pick_on_purpose: bool = Field(
        False,
        description="For `choice`: no option is ready for Enter until an arrow key picks "
        "one, so a stray Enter records nothing (for answers that must be given on purpose, "
        "like agreeing the plan).",
    )
    in_plan: bool = Field(
        True,
        description="False for a question whose answer is for the conversation only: kept "
        "with the meeting (and in export-all), in no plan or copy. An agency pack's question "
        "kept under a root of its own says so, or validate warns (K306).",
    )
    fields: list[RecordField] = Field(
        default_factory=list, description="For `records`: the fields of each record."
    )
    options_from: Expr | None = Field(
        None,
        description="For `choice`/`multi_choice`: an expression giving the options, e.g. "
        "`opportunities(get('about.interests'))` (a list of values or {value, label}).",
    )
    item_label: Text | None = Field(
        None,
        description="For `records`: how one record is listed, e.g. `'{{ item.name }}'`.",
    )
    item_name: str | None = Field(
        None,
        max_length=60,
        description="For `records`: what one entry is, as in 'Add a concern': `concern` (the "
        "app puts 'a' or 'an' in front) or words that need none, e.g. `someone`, `something "
        "to try`. Without it, a list of people says 'someone', any other 'an entry'.",
    )
    default_from: Expr | None = Field(
        None,
        description="A suggested answer computed when the question is shown and nothing is "
        "stored yet, e.g. `in_days(28)` for a date four weeks on (instead of `default`).",
    )


class MenuOption(StrictModel):
    """One way on from a menu."""

    id: Id | None = Field(None, description="Stable name; defaults to the `goto` target.")
    label: Text
    goto: Id
    when: Expr | None = Field(None, description="Offer the option only when this is true.")
    once: bool = Field(False, description="Offer the option only until it has been chosen.")

    @property
    def key(self) -> str:
        return self.id or self.goto


class MenuNode(_NodeBase):
    """Offer options that lead to different steps."""

    kind: Literal["menu"]
    prompt: Text
    options: list[MenuOption] = Field(min_length=1)
    fallback: Id | None = Field(
        None, description="Where to go when no option is available (all once-only used up)."
    )


class SetNode(_NodeBase):
    """Keep computed values, e.g. `values: {plan.started: 'today()'}`."""

    kind: Literal["set"]
    values: dict[StorePath, Expr] = Field(min_length=1)
    text: Text | None = Field(
        None,
        description="Words for the conversation when this step changes an answer already "
        "given (e.g. a referral re-signed after a handover): the change is then kept as one "
        "made by `speaker`, shown in the conversation and the audit trail with these words. "
        "Without it, the step works its values out silently.",
    )


class BranchCase(StrictModel):
    if_: Expr = Field(alias="if")
    goto: Id


class BranchNode(_NodeBase):
    """Route by conditions: the first `branches` entry is `if`, later ones `elif`."""

    kind: Literal["branch"]
    branches: list[BranchCase] = Field(min_length=1)
    else_: Id | None = Field(
        None, alias="else", description="Where to go when no condition holds; default `next`."
    )


class CallNode(_NodeBase):
    """Run another topic from its start, then come back to `next`."""

    kind: Literal["call"]
    topic: Id


class RepeatNode(_NodeBase):
    """Run a sub-flow once for each record of a list, e.g. each person in the network."""

    kind: Literal["repeat"]
    over: StorePath = Field(description="A `records` answer to go through.")
    as_: Id = Field(alias="as", description="Name of the current record inside the sub-flow.")
    topic: Id = Field(description="The sub-flow to run for each record.")
    where: Expr | None = Field(
        None, description="Only records for which this is true (the record is the `as` name)."
    )


class EndNode(_NodeBase):
    """Finish the topic (optionally with a closing line)."""

    kind: Literal["end"]
    text: Text | None = None


Node = Annotated[
    SayNode | AskNode | MenuNode | SetNode | BranchNode | CallNode | RepeatNode | EndNode,
    Field(discriminator="kind"),
]
NODE_KINDS = ("say", "ask", "menu", "set", "branch", "call", "repeat", "end")
INTERACTIVE_KINDS = frozenset({"say", "ask", "menu"})


class Topic(StrictModel):
    """A topic: a flow of steps that can be entered in any order."""

    id: Id
    # Up to 80 characters, kept as written. A blank title has always loaded (a topic must
    # not stop opening over it); `validate` warns about it (W306).
    title: str = Field(max_length=80, description="Shown in the topic list.")
    description: str = Field(max_length=500, description="One or two plain sentences.")
    tags: list[Tag] = Field(default_factory=list)
    order: int = Field(100, description="Position in the topic list (lower comes first).")
    listed: bool = Field(
        True, description="Show in the topic list. Sub-flows used by `call`/`repeat` say false."
    )
    worker_only: bool = Field(
        False,
        description="For the worker alone, after the meeting (e.g. the worker's reflection): "
        "never in the pair's topic list (say `listed: false`), opened from Home; its answers "
        "stay out of every copy of the plan and go to supervision exports.",
    )
    entry: Id | None = Field(None, description="First step; defaults to the first in `nodes`.")
    nodes: list[Node] = Field(min_length=1)

    @model_validator(mode="after")
    def _worker_only_unlisted(self) -> Topic:
        # The pair's topic list is on the shared screen: a worker-only topic must not be in it.
        if self.worker_only and self.listed:
            raise ValueError(
                "a worker-only topic is not for the pair's topic list: add `listed: false`"
            )
        return self

    @property
    def entry_id(self) -> str:
        return self.entry or self.nodes[0].id


def topic_schema() -> dict[str, JsonValue]:
    """The JSON Schema of topic files (``content/schema/topic.schema.json``)."""
    return json_schema(Topic, "Connecting People Assistant topic (content/flows/*.yaml)")
