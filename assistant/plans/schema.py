"""The committed JSON Schema for saved plans and JSON exports (``content/schema/plan.schema.json``).

Regenerate after changing :mod:`assistant.plans.model`::

    python -m assistant.plans.schema
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from assistant.locations import schema_dir

SCHEMA_FILE = "plan.schema.json"


def plan_schema() -> dict[str, Any]:
    """The schema pydantic generates from :class:`~assistant.plans.model.Plan`."""
    from assistant.plans.model import Plan

    schema = Plan.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Connecting People Assistant relationship plan (format cpi-plan)"
    return schema


def schema_text() -> str:
    """The schema as committed: sorted keys, two-space indent, final newline."""
    return json.dumps(plan_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schema(folder: Path | None = None) -> Path:
    target = (folder or schema_dir()) / SCHEMA_FILE
    target.write_text(schema_text(), encoding="utf-8")
    return target


def is_stale(folder: Path | None = None) -> bool:
    try:
        committed = json.loads(((folder or schema_dir()) / SCHEMA_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return True
    return committed != json.loads(schema_text())


if __name__ == "__main__":
    print(f"wrote {write_schema()}", file=sys.stderr)
