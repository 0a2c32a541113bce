"""The directory benchmark (scripts/bench_directory.py) still builds its generated directory
and runs against today's code; no timing is checked here (figures belong to scripts/bench.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from assistant.directory import Profile, suggest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def test_the_generated_directory_has_distinct_entries_that_match() -> None:
    sys.path.insert(0, str(SCRIPTS))
    try:
        import bench_directory
    finally:
        sys.path.remove(str(SCRIPTS))
    directory = bench_directory.generated(size=300)
    assert len({e.id for e in directory.entries}) == 300
    assert suggest(directory, Profile(strengths=("I can fix bikes",)), limit=8)
