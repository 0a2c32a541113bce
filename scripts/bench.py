#!/usr/bin/env python3
"""Benchmarks: prints figures, or one JSON object with ``--json``.

Each area keeps its benchmarks in ``scripts/bench_<area>.py`` with a function
``run(quick: bool) -> dict[str, float]``. Targets live in the issues, not here, and
never in the test suite.

    python scripts/bench.py            # all figures
    python scripts/bench.py --quick    # under a minute on 2 cores
    python scripts/bench.py --json     # one JSON object
    python scripts/bench.py --only engine
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
AREAS = ("engine", "records", "export", "app", "directory")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--only", choices=AREAS, action="append", help="run only these areas")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(HERE.parent))
    results: dict[str, object] = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "quick": args.quick,
    }
    for area in args.only or AREAS:
        module_path = HERE / f"bench_{area}.py"
        if not module_path.exists():
            continue
        module = importlib.import_module(f"bench_{area}")
        figures = module.run(quick=args.quick)
        results.update(figures)
        if not args.json:
            for name, value in figures.items():
                print(
                    f"{name:45s} {value:10.3f}"
                    if isinstance(value, float)
                    else f"{name:45s} {value}"
                )
    if args.json:
        print(json.dumps(results, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
