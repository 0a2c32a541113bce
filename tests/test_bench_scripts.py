"""The benchmark scripts still run against today's code (no timing is checked here: figures
belong to scripts/bench.py). The engine benchmark replays explore's walks, so a new kind of
walk step must not break it."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import random
import sys
import types
from pathlib import Path

import pytest

from assistant.authoring.content import load_content
from assistant.plans.model import Plan, plan_from_json

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def test_the_engine_step_benchmark_replays_explore_walks() -> None:
    sys.path.insert(0, str(SCRIPTS))
    try:
        import bench_engine
    finally:
        sys.path.remove(str(SCRIPTS))
    assert bench_engine.engine_step_p95_ms(walks=10) > 0


def _scripts_module(name: str):
    sys.path.insert(0, str(SCRIPTS))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(SCRIPTS))


def test_repeat_reports_the_median_and_each_runs_figure(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bench = _scripts_module("bench")
    values = iter([(5.0, 1.2), (1.0, 1.6), (3.0, 1.4)])

    def run(quick: bool) -> dict[str, float]:
        took, ratio = next(values)
        return {"thing_ms": took, "thing_ratio": ratio}

    monkeypatch.setitem(sys.modules, "bench_directory", types.SimpleNamespace(run=run))
    assert bench.main(["--only", "directory", "--repeat", "3", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["thing_ms"] == 3.0 and out["thing_ms_runs"] == [5.0, 1.0, 3.0]
    # A ratio is the median of the same-run ratios, not a ratio of medians.
    assert out["thing_ratio"] == 1.4 and out["thing_ratio_runs"] == [1.2, 1.6, 1.4]
    assert out["repeat"] == 3 and "load_1min_before" in out and "load_1min_after" in out


def test_one_run_keeps_its_figures_as_they_are() -> None:
    bench = _scripts_module("bench")
    assert bench.combine([{"a_ms": 2.5, "label": "x"}]) == {"a_ms": 2.5, "label": "x"}


def test_the_160_topic_pack_loads_and_checks_cleanly(tmp_path: Path) -> None:
    bench_content = _scripts_module("bench_content")
    pack = bench_content.make_pack(tmp_path / "content")
    content = load_content(pack)
    assert len(content.topics) == 160
    assert {"goals", "goals_c1", "goal_steps_c1"} <= set(content.topics)


def test_the_outcomes_benchmark_s_generated_plans_are_real_plans() -> None:
    bench_outcomes = _scripts_module("bench_outcomes")
    base = Plan(created="2026-01-05T10:00:00+00:00").to_json()
    plans = bench_outcomes.person_plans(base, random.Random(1), dt.date(2026, 1, 5))
    read = [plan_from_json(plan) for plan in plans]
    assert [len(p.measures.history) for p in read] == [0, 1, 2]
