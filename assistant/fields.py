"""The strict base model and the field types every content and plan model shares.

A small shared module at the bottom of the layers (docs/architecture.md). Topics (flows), the
community directory, training personas, plans and playthroughs build their models from these,
so an id, a line of text, a date or an email address is checked the same way in every file,
and each kind of file's JSON Schema is made the same way (:func:`json_schema`).
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
    "Email",
    "Id",
    "IsoDate",
    "JsonValue",
    "Line",
    "Para",
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

# Words an author writes for people to read: surrounding spaces dropped, never empty.
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Para = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]

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


# Kept as text (plans are JSON; the engine stores dates as text), checked to be a real day.
IsoDate = Annotated[
    str,
    BeforeValidator(_iso_date),
    Field(
        description="A date, YYYY-MM-DD.",
        json_schema_extra={"format": "date", "pattern": f"^{_DATE.pattern}$"},
    ),
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
