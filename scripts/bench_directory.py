"""Directory benchmarks over a generated 5,000-entry directory (issue 18).

- ``directory_match_ms_5000``: p95 of one ``suggest(..., limit=8)`` call, what the meeting and
  ``opportunities()`` ask for when what the person said changes (issue 18 target: 20 ms);
- ``directory_match_all_ms_5000``: p95 of ``suggest()`` ranking every matching entry;
- ``directory_browse_ms_5000``: p95 of ``browse()`` with a profile and no filter: all 5,000
  entries, matched ones first (the directory view opened on a huge directory);
- ``directory_search_ms_5000``: p95 of ``browse()`` with a search word and a filter (what the
  directory view does per key typed);
- ``directory_index_ms_5000``: the first use, which reads every entry's words once.

The entries are the shipped ones copied with new ids, names, areas and tags (seeded), so the
words and tag spread are realistic.
"""

from __future__ import annotations

import random
import statistics
import time

from assistant.directory import Directory, Filters, Profile, browse, load_directory, suggest

SIZE = 5000
PROFILES = (
    Profile(interests=("I used to love fishing, and music",), strengths=("I can fix bikes",)),
    Profile(interests=("painting, football and cooking",), age=46, gender="man"),
    Profile(interests=("I hear voices", "meeting people"), other=("allotment",)),
    Profile(interests=("walking my dog",), strengths=("good with computers",), age=30),
    Profile(other=("I care for my mum", "I'm behind with my rent")),
)
SEARCHES = (
    Filters(text="walk"),
    Filters(text="music", free_only=True),
    Filters(text="repair cafe"),
    Filters(text="knitt", day="tuesday"),
)


def generated(size: int = SIZE, seed: int = 18) -> Directory:
    """A directory of ``size`` entries made from the shipped ones (seeded)."""
    shipped = load_directory()
    rng = random.Random(seed)
    tags = [t.id for t in shipped.tags]
    areas = list(shipped.area_ids())
    entries = []
    for n in range(size):
        base = shipped.entries[n % len(shipped.entries)]
        extra = rng.sample(tags, k=rng.randint(0, 2))
        area = base.area if base.area == "online" else rng.choice([*areas[:-2], "all_areas"])
        entries.append(
            base.model_copy(
                update={
                    "id": f"{base.id}_{n}",
                    "name": f"{base.name} {n}",
                    "tags": list(dict.fromkeys([*base.tags, *extra])),
                    "area": area,
                }
            )
        )
    return shipped.model_copy(update={"entries": tuple(entries)})


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[94] if len(samples) >= 20 else max(samples)


def _timed(call: object, *args: object, **kwargs: object) -> float:
    start = time.perf_counter_ns()
    call(*args, **kwargs)  # type: ignore[operator]
    return (time.perf_counter_ns() - start) / 1e6


def run(quick: bool = False) -> dict[str, float]:
    directory = generated()
    index_ms = _timed(suggest, directory, PROFILES[0])
    rounds = 5 if quick else 20
    few = [_timed(suggest, directory, p, limit=8) for _ in range(rounds) for p in PROFILES]
    every = [_timed(suggest, directory, p) for _ in range(rounds) for p in PROFILES]
    opened = [_timed(browse, directory, Filters(), p) for _ in range(rounds) for p in PROFILES]
    searches = [_timed(browse, directory, f, PROFILES[1]) for _ in range(rounds) for f in SEARCHES]
    return {
        "directory_match_ms_5000": _p95(few),
        "directory_match_all_ms_5000": _p95(every),
        "directory_browse_ms_5000": _p95(opened),
        "directory_search_ms_5000": _p95(searches),
        "directory_index_ms_5000": index_ms,
    }
