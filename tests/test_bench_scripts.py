"""The benchmark scripts still run against today's code (no timing is checked here: figures
belong to scripts/bench.py). The engine benchmark replays explore's walks, so a new kind of
walk step must not break it."""

from __future__ import annotations

import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def test_the_engine_step_benchmark_replays_explore_walks() -> None:
    sys.path.insert(0, str(SCRIPTS))
    try:
        import bench_engine
    finally:
        sys.path.remove(str(SCRIPTS))
    assert bench_engine.engine_step_p95_ms(walks=10) > 0
