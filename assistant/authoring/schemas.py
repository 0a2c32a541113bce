"""Every kind of content file's JSON Schema, by its file name under content/schema/.

A registry above the packages whose models the schemas come from (flows, the directory,
training personas, plans), so none of them imports another for it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.authoring.playthrough import Playthrough
from assistant.directory import directory_schema
from assistant.flows.schema import model_schema, render, topic_schema
from assistant.plans.schema import plan_schema
from assistant.training import persona_schema

__all__ = ["playthrough_schema", "render", "schemas", "stale", "topic_schema", "write"]


def playthrough_schema() -> dict[str, Any]:
    return model_schema(Playthrough, "Connecting People Assistant playthrough")


def schemas() -> dict[str, Callable[[], dict[str, Any]]]:
    """File name under content/schema/ -> schema builder, for every kind of content file."""
    return {
        "topic.schema.json": topic_schema,
        "playthrough.schema.json": playthrough_schema,
        "directory.schema.json": directory_schema,
        "persona.schema.json": persona_schema,
        "plan.schema.json": plan_schema,
    }


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
    """Write every schema into ``folder``; returns the file names written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in schemas().items():
        (folder / name).write_text(render(build()), encoding="utf-8")
        written.append(name)
    return written
