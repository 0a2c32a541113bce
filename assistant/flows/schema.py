"""JSON Schemas for content files, generated from the models the loaders use."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel


def _model_schema(model: type[BaseModel], title: str) -> dict[str, Any]:
    schema = model.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = title
    return schema


def topic_schema() -> dict[str, Any]:
    from assistant.flows.model import Topic

    return _model_schema(Topic, "Connecting People Assistant topic (content/flows/*.yaml)")


def playthrough_schema() -> dict[str, Any]:
    from assistant.authoring.playthrough import Playthrough

    return _model_schema(Playthrough, "Connecting People Assistant playthrough")


def schemas() -> dict[str, Callable[[], dict[str, Any]]]:
    """File name under content/schema/ -> schema builder, for every kind of content file."""
    from assistant.directory import directory_schema
    from assistant.plans.schema import plan_schema
    from assistant.training import persona_schema

    return {
        "topic.schema.json": topic_schema,
        "playthrough.schema.json": playthrough_schema,
        "directory.schema.json": directory_schema,
        "persona.schema.json": persona_schema,
        "plan.schema.json": plan_schema,
    }


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def stale(folder: Path) -> list[str]:
    """Names of committed schema files that differ from what the models generate."""
    out = []
    for name, build in schemas().items():
        path = folder / name
        try:
            committed = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            committed = None
        if committed != json.loads(render(build())):
            out.append(name)
    return out


def write(folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in schemas().items():
        (folder / name).write_text(render(build()), encoding="utf-8")
        written.append(name)
    return written
