"""Helpers shared by the records tests (plain functions; fixtures live in conftest.py)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

PASSPHRASE = "correct horse battery"


def engine_state(answers: int) -> dict[str, Any]:
    """A conversation state shaped like the engine's ``to_state()``."""
    return {
        "format": "cpi-conversation",
        "version": 1,
        "content_hash": "abc123",
        "data": {f"q{i}": f"answer {i}" for i in range(answers)},
        "topics": {"family": {"status": "in_progress"}},
        "log": [],
    }


def log_entry(i: int, action: str = "answered", old: Any = None) -> dict[str, Any]:
    return {
        "at": f"2025-01-01T10:00:{i % 60:02d}+00:00",
        "by": "person",
        "action": action,
        "topic": "family",
        "node": f"n{i}",
        "path": f"q{i}",
        "value": f"answer {i}",
        "old": old,
    }


def snapshot_dir(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with a hash of its bytes: proves nothing was touched."""
    result = {}
    for dirpath, _, files in os.walk(folder):
        for name in files:
            path = Path(dirpath) / name
            result[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return result
