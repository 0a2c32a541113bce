"""The records benchmark's new parts still run against today's code (no timing is checked
here: figures belong to scripts/bench.py)."""

from __future__ import annotations

import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def test_listing_and_searching_many_people_runs(tmp_path: Path) -> None:
    sys.path.insert(0, str(SCRIPTS))
    try:
        import bench_records
    finally:
        sys.path.remove(str(SCRIPTS))
    figures = bench_records.measure_many(tmp_path / "many", quick=True, people=30)
    assert set(figures) == {"list_10000_cases_ms", "search_10000_cases_p95_ms"}
    assert all(value > 0 for value in figures.values())
