"""Every kind of content file's JSON Schema, by its file name under ``content/schema/``.

The one registry and the one writer: ``cpi-assistant schema`` writes (``--check``: compares)
exactly what :func:`render` makes of each schema here, and a test checks that the committed
files are byte for byte what it writes. Each package builds its own model's schema with
:func:`assistant.fields.json_schema`; the registry sits above them (flows, the directory,
training personas, plans, playthroughs, the agency settings), so none of them imports another
for it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from pydantic import JsonValue

from assistant.agency import agency_schema
from assistant.authoring.playthrough import playthrough_schema
from assistant.directory import directory_schema
from assistant.flows.model import topic_schema
from assistant.plans.model import plan_schema
from assistant.training import persona_schema

__all__ = [
    "agency_schema",
    "directory_schema",
    "persona_schema",
    "plan_schema",
    "playthrough_schema",
    "render",
    "schemas",
    "stale",
    "topic_schema",
    "write",
]

Schema = dict[str, JsonValue]

# File name under content/schema/ -> the schema of that kind of file.
SCHEMAS: dict[str, Callable[[], Schema]] = {
    "topic.schema.json": topic_schema,
    "playthrough.schema.json": playthrough_schema,
    "directory.schema.json": directory_schema,
    "persona.schema.json": persona_schema,
    "plan.schema.json": plan_schema,
    "agency.schema.json": agency_schema,
}


def schemas() -> dict[str, Callable[[], Schema]]:
    """File name under content/schema/ -> schema builder, for every kind of content file."""
    return dict(SCHEMAS)


def render(schema: Schema) -> str:
    """A schema as the committed files are written: sorted keys, two-space indent, UTF-8
    text (not ``\\u`` escapes), a final newline."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def stale(folder: Path) -> list[str]:
    """Names of schema files in ``folder`` that differ, even in layout, from what
    :func:`write` would write there (a missing file is stale too)."""
    out = []
    for name, build in SCHEMAS.items():
        try:
            committed = (folder / name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            committed = None
        if committed != render(build()):
            out.append(name)
    return out


def write(folder: Path) -> list[str]:
    """Write every schema into ``folder``; returns the file names written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in SCHEMAS.items():
        (folder / name).write_text(render(build()), encoding="utf-8", newline="\n")
        written.append(name)
    return written
