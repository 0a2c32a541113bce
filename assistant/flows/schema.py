"""JSON Schema of topic files, generated from the models the loader uses.

The registry of every kind of content file's schema (topics, playthroughs, the directory,
personas, plans) sits above the packages that own those models: ``assistant.authoring.schemas``.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from assistant.flows.model import Topic


def model_schema(model: type[BaseModel], title: str) -> dict[str, Any]:
    """A model's JSON Schema (draft 2020-12) with a title."""
    schema = model.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = title
    return schema


def topic_schema() -> dict[str, Any]:
    return model_schema(Topic, "Connecting People Assistant topic (content/flows/*.yaml)")


def render(schema: dict[str, Any]) -> str:
    """A schema as the committed files write it (sorted keys, two-space indent)."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
