"""The committed JSON Schema for directory files, and writing it after a model change."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.directory.model import directory_schema
from assistant.locations import schema_dir

SCHEMA_FILE = "directory.schema.json"


def schema_text() -> str:
    """The schema as committed: two-space indented JSON with a final newline."""
    return json.dumps(directory_schema(), indent=2, ensure_ascii=False) + "\n"


def write_schema(folder: Path | None = None) -> Path:
    """Write ``directory.schema.json`` into ``folder`` (default: the shipped schema folder)."""
    target = (folder or schema_dir()) / SCHEMA_FILE
    target.write_text(schema_text(), encoding="utf-8")
    return target
