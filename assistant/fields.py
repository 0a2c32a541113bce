"""The strict base model and the field types every content and plan model shares.

A small shared module at the bottom of the layers (docs/architecture.md). Topics (flows), the
community directory, training personas, plans and playthroughs build their models from these,
so an id, a line of text, a date or an email address is checked the same way in every file
(each kind of file keeping the limits and leniency it always had), and each kind of file's
JSON Schema is made the same way (:func:`json_schema`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, JsonValue, StringConstraints

__all__ = [
    "ID_PATTERN",
    "NAME",
    "Circle",
    "DateText",
    "Email",
    "Id",
    "IsoDate",
    "JsonValue",
    "Line",
    "Para",
    "ShortLine",
    "ShortPara",
    "StrictModel",
    "Title",
    "WebAddress",
    "Who",
    "json_schema",
]

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


class StrictModel(BaseModel):
    """The base of every model read from a file.

    Unknown keys are errors: a typo like ``gudiance:`` must not vanish silently, and a plan
    from a newer app is refused, not half-read. Frozen: a loaded topic or an agreed plan
    version never changes. A field with an alias (``if``, ``else``, ``as``) can also be given
    by its Python name when code builds a model.
    """

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


# One name as authors write ids, option values and stored keys; dotted paths and `topic.step`
# keys are made of these.
NAME = r"[a-z][a-z0-9_]*"
ID_PATTERN = f"^{NAME}$"
Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=64),
    Field(description="Lower-case letters, digits and underscores, starting with a letter."),
]


def _words(max_length: int) -> StringConstraints:
    """Words an author writes for people to read: surrounding spaces dropped, never empty,
    at most ``max_length`` characters (each kind of file keeps the limit it always had)."""
    return StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length)


# One family of types, told apart only by their length limits.
Title = Annotated[str, _words(80)]
# Training personas' lines and paragraphs.
Line = Annotated[str, _words(300)]
Para = Annotated[str, _words(4000)]
# The community directory's: shorter, as people read them in a list of many.
ShortLine = Annotated[str, _words(200)]
ShortPara = Annotated[str, _words(1000)]

Email = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[^@\s]+@[^@\s]+\.\S+$")]
WebAddress = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^https?://\S+$")]

# Who says, gives or agrees something in a meeting: a step's speaker, who gave an answer,
# who proposed or agreed a plan item.
Who = Literal["person", "worker", "both"]

# Closeness in the network map, in a plan and in a persona's network.
Circle = Annotated[int, Field(ge=1, le=3, description="1 is closest, 3 is further away.")]

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: object) -> object:
    """A calendar date as ``YYYY-MM-DD`` text (a ``date`` is written out the same way)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            pass  # e.g. 2025-02-30: the message below says how to write one
        else:
            return value
    raise ValueError(f"`{value}` is not a date; write it as YYYY-MM-DD, e.g. 2025-03-14")


# Kept as text (the engine stores dates as text), checked to be a real day: the directory's
# `checked:` (which always was). Stored plans use DateText below.
IsoDate = Annotated[
    str,
    BeforeValidator(_iso_date),
    Field(
        description="A date, YYYY-MM-DD.",
        json_schema_extra={"format": "date", "pattern": f"^{_DATE.pattern}$"},
    ),
]


# A date as stored plans have always written it: YYYY-MM-DD in shape, not checked to be a
# real day. Plans are records: one saved by an older app must still open, so a stored plan
# is never refused for a date like 2025-02-30 (a meeting checks a date when it is answered).
DateText = Annotated[
    str,
    Field(pattern=f"^{_DATE.pattern}$", description="A date, YYYY-MM-DD."),
]


def json_schema(model: type[BaseModel], title: str) -> dict[str, JsonValue]:
    """A model's JSON Schema (draft 2020-12, keys by alias, as authors write them) with a title.

    Every committed file in ``content/schema/`` is made by this; ``assistant.authoring.schemas``
    is the registry that names and writes them.
    """
    schema: dict[str, JsonValue] = model.model_json_schema(by_alias=True)
    schema["$schema"] = JSON_SCHEMA_DIALECT
    schema["title"] = title
    return schema
