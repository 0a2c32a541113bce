"""``python -m assistant.directory``: rewrite the directory JSON Schema after a model change."""

from __future__ import annotations

import sys

from assistant.directory.schema import write_schema

if __name__ == "__main__":
    print(f"wrote {write_schema()}", file=sys.stderr)
