#!/usr/bin/env python3
"""Outcomes benchmarks: the team summary (``cpi-assistant outcomes``) over 1,000 people.

Figures (milliseconds unless named otherwise):

* ``outcomes_summary_ms_1000``: ``team_outcomes.summarise`` of a records folder holding 1,000
  people, each with three meetings (three sessions, three plan versions whose measures differ
  from person to person: ONS4 answers, connection counts, goal attainment, referrals), as the
  command runs it: open the store, list everyone, summarise (median of several runs).
* ``outcomes_list_people_ms_1000``: opening the same store and listing everyone, interleaved
  with the summary (the same-run baseline); ``outcomes_summary_ratio_to_list`` is the summary
  over it.
* ``outcomes_summary_first_run_ms_1000``: the first summary of a folder whose list of people
  has no measures digests yet (records written before the digests were kept): every record is
  read once and its digest kept, so later runs are fast. Run once.
* ``outcomes_summary_after_100_changed_ms_1000``: one summary after 100 of the 1,000 case
  files changed since their digests were made (as after a month of meetings: a record saved
  after its last plan version, or the app stopped before writing the list of people): those
  100 records are read again, once. Run once.
* ``outcomes_index_kb_1000``: the list of people's size with the digests in it.

The plan versions are the demo's review plan (played through the shipped content) with
generated measures; each person's case file is written as the records write it, the first
through the public API. The digests the summary reads are made by the same code that makes
them when the app saves a plan version.

    python scripts/bench_outcomes.py [--quick]
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_records import no_fsync, play_demo, realistic_state

from assistant.plans.model import plan_from_json
from assistant.plans.team_outcomes import summarise
from assistant.records import CaseStore, init_store
from assistant.records.atomic import write_atomic

PEOPLE = 1000
MEETINGS = 3
ONS = ("satisfied", "worthwhile", "happy", "anxious")
REFERRAL_STEPS = ("planned", "sent", "replied", "started")


def _wellbeing(rng: random.Random) -> dict[str, int | None]:
    # Some questions left unanswered ("not today"), as people do.
    return {k: (rng.randint(0, 10) if rng.random() > 0.15 else None) for k in ONS}


def _connections(rng: random.Random, meeting: int) -> dict[str, Any]:
    people = rng.randint(1, 6) + meeting
    return {
        "circles": {"1": rng.randint(0, people), "2": 0, "3": 0},
        "people": people,
        "support_kinds": rng.randint(0, 5),
        "domains": rng.randint(0, 4),
        "activities_started": rng.randint(0, meeting),
        "activities_kept_up": rng.randint(0, 1),
    }


def person_plans(base: dict[str, Any], rng: random.Random, start: dt.date) -> list[dict[str, Any]]:
    """A person's three plan versions (as saved), each carrying the earlier ones' measures."""
    days = [(start + dt.timedelta(days=30 * n)).isoformat() for n in range(MEETINGS)]
    goal_ids = [f"g{n}" for n in range(rng.randint(1, 3))]
    history: list[dict[str, Any]] = []
    plans = []
    for n, day in enumerate(days):
        attainment = {g: rng.randint(-2, 2) for g in goal_ids} if n else {}
        wellbeing, connections = _wellbeing(rng), _connections(rng, n)
        plan = copy.deepcopy(base)
        plan["number"], plan["created"] = n + 1, f"{day}T10:00:00+00:00"
        plan["measures"] = {
            "date": day,
            "wellbeing": wellbeing,
            "connections": connections,
            "history": copy.deepcopy(history),
        }
        plan["goals"] = [
            {"id": g, "what": "See my sister more often", "attainment": attainment.get(g)}
            for g in goal_ids
        ]
        steps = REFERRAL_STEPS[: rng.randint(1, len(REFERRAL_STEPS))]
        referral_history = [
            {"status": s, "date": (dt.date.fromisoformat(days[0]) + dt.timedelta(days=9 * i))}
            for i, s in enumerate(steps)
        ]
        referral_history = [{**p, "date": p["date"].isoformat()} for p in referral_history]
        plan["referrals"] = [
            {
                "id": "r1",
                "to": "Brackenford walking group",
                "status": {"code": steps[-1], "label": steps[-1]},
                "status_on": referral_history[-1]["date"],
                "history": referral_history,
            }
        ]
        plans.append(plan)
        history.append(
            {
                "plan_version": n + 1,
                "date": day,
                "wellbeing": wellbeing,
                "connections": connections,
                "attainment": attainment,
            }
        )
    return plans


def build(root: Path, people: int) -> CaseStore:
    """``people`` people with three meetings each. The first is made through the public API
    (its list entry gets its digest as the app makes it); the others are copies of its case
    file with their own name and plans, listed without a digest (setup only)."""
    rng = random.Random(people)
    _, review = play_demo()
    base = review.plan
    store, _ = init_store(root)
    first = store.create_person("Person 0", reference="R00000")
    start = dt.date(2026, 1, 5)
    with no_fsync(), store.open(first) as case:
        for n, plan in enumerate(person_plans(base, rng, start)):
            state = realistic_state(rng, 30)
            case.save_session(f"m{n}", state, [dict(e) for e in state["log"][:30]])
            case.add_plan_version(plan, agreed=True, session_id=f"m{n}", by="both")
    plan_from_json(case.plan_versions()[-1]["plan"])  # the generated plans are real plans
    tables = store._codec.loads("case", store.case_path(first).read_bytes())["tables"]
    created = tables["person"]["1"]["created"]
    plan_keys = sorted(tables["plans"], key=lambda k: tables["plans"][k]["version"])
    entries = {}
    with no_fsync():
        for i in range(1, people):
            person_id = store.folder.new_id()
            name, reference = f"Person {i}", f"R{i:05d}"
            tables["person"]["1"] = {
                "id": person_id,
                "display_name": name,
                "reference": reference,
                "created": created,
            }
            day = start + dt.timedelta(days=rng.randint(0, 200))
            for key, plan in zip(plan_keys, person_plans(base, rng, day), strict=True):
                tables["plans"][key] = {**tables["plans"][key], "plan": plan}
            write_atomic(store.case_path(person_id), store.case_files.encode(person_id, tables))
            entries[person_id] = {
                "display_name": name,
                "reference": reference,
                "created": created,
                "sessions": MEETINGS,
                "updated": created,
            }
        store.index.update(lambda doc: doc["people"].update(entries))
    return CaseStore(root)


def run(quick: bool) -> dict[str, float]:
    """The outcomes figures (about half a minute of setup: 1,000 case files)."""
    runs = 5 if quick else 11
    with tempfile.TemporaryDirectory(prefix="cpi-bench-") as tmp:
        root = Path(tmp) / "records"
        build(root, PEOPLE)
        started = time.perf_counter()
        first = summarise(CaseStore(root))
        first_ms = (time.perf_counter() - started) * 1000
        assert first.people == PEOPLE and first.with_two == PEOPLE, first
        summary_ms: list[float] = []
        list_ms: list[float] = []
        ratios: list[float] = []
        for _ in range(runs):
            started = time.perf_counter()
            listed = CaseStore(root).list_people()
            list_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            summary = summarise(CaseStore(root))
            summary_ms.append((time.perf_counter() - started) * 1000)
            assert len(listed) == summary.people == PEOPLE
            ratios.append(summary_ms[-1] / list_ms[-1])
        # 100 case files changed after their digests were made (their times moved on).
        for person in listed[:100]:
            path = CaseStore(root).case_path(person.id)
            stat = path.stat()
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        started = time.perf_counter()
        summarise(CaseStore(root))
        changed_ms = (time.perf_counter() - started) * 1000
        index_kb = (root / "index.json").stat().st_size / 1000
    return {
        "outcomes_summary_ms_1000": statistics.median(summary_ms),
        "outcomes_list_people_ms_1000": statistics.median(list_ms),
        "outcomes_summary_ratio_to_list": statistics.median(ratios),
        "outcomes_summary_first_run_ms_1000": first_ms,
        "outcomes_summary_after_100_changed_ms_1000": changed_ms,
        "outcomes_index_kb_1000": index_kb,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args(argv)
    for name, value in run(args.quick).items():
        print(f"{name:45s} {value:10.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
