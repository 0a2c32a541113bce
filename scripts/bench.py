#!/usr/bin/env python3
"""Benchmarks: prints figures, or one JSON object with ``--json``.

Each area keeps its benchmarks in ``scripts/bench_<area>.py`` with a function
``run(quick: bool) -> dict[str, float]``. Targets live in the issues, not here, and
never in the test suite.

    python scripts/bench.py            # all figures
    python scripts/bench.py --quick    # under a minute on 2 cores
    python scripts/bench.py --json     # one JSON object
    python scripts/bench.py --only engine
    python scripts/bench.py --quick --repeat 5 --json   # medians of 5 runs of each area

Absolute times swing 2-4x between runs on a busy machine, so each area also reports ratios
to a baseline measured in the same run (``*_ratio``: start-up over Textual's hello world, a
save over a bare durable write of the same bytes, a step over Textual redrawing the screen...).
With ``--repeat N`` each area runs N times, one after another; every figure is the median of
its N values (a ratio: the median of the N same-run ratios, never a ratio of medians), and
``<name>_runs`` keeps the N values in run order. The machine's load is reported beside them
(``load_1min_before``, ``load_1min_after``, ``cpus``): figures from a loaded machine say so.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
AREAS = ("engine", "records", "export", "app", "directory", "content", "outcomes")


def _load() -> float | None:
    """The 1-minute load average (None where the system does not say)."""
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        return None


def combine(runs: list[dict[str, object]]) -> dict[str, object]:
    """One figure per name from several runs of an area: the median of the numbers, with
    ``<name>_runs`` listing each run's value when there was more than one run. A name missing
    from some runs (e.g. PDF where Chromium is absent) takes the median of those it has."""
    names: list[str] = []
    for figures in runs:
        names.extend(n for n in figures if n not in names)
    combined: dict[str, object] = {}
    for name in names:
        values = [figures[name] for figures in runs if name in figures]
        numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
        if len(numbers) != len(values):
            combined[name] = values[-1]  # not a number (a label): the last run's
            continue
        combined[name] = float(statistics.median(numbers)) if len(runs) > 1 else values[0]
        if len(runs) > 1:
            combined[f"{name}_runs"] = [round(float(v), 4) for v in numbers]
    return combined


def _line(name: str, value: object, runs: object) -> str:
    shown = f"{value:10.3f}" if isinstance(value, float) else f"{value!s:>10}"
    if isinstance(runs, list) and runs:
        spread = f"  (median of {len(runs)}: {min(runs):.3f} to {max(runs):.3f})"
        return f"{name:45s} {shown}{spread}"
    return f"{name:45s} {shown}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--only", choices=AREAS, action="append", help="run only these areas")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        metavar="N",
        help="run each area N times and report medians (and each run's figures as <name>_runs)",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be 1 or more")

    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(HERE.parent))
    results: dict[str, object] = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "quick": args.quick,
        "repeat": args.repeat,
        "load_1min_before": _load(),
    }
    started = time.perf_counter()
    for area in args.only or AREAS:
        module_path = HERE / f"bench_{area}.py"
        if not module_path.exists():
            continue
        module = importlib.import_module(f"bench_{area}")
        runs = [module.run(quick=args.quick) for _ in range(args.repeat)]
        figures = combine(runs)
        results.update(figures)
        if not args.json:
            for name, value in figures.items():
                if not name.endswith("_runs"):
                    print(_line(name, value, figures.get(f"{name}_runs")), flush=True)
    results["load_1min_after"] = _load()
    results["bench_seconds"] = round(time.perf_counter() - started, 1)
    if args.json:
        print(json.dumps(results, indent=2, sort_keys=True))
    else:
        print(
            f"load (1 min) {results['load_1min_before']} before, {results['load_1min_after']} "
            f"after, on {results['cpus']} CPUs; {results['bench_seconds']} s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
