#!/usr/bin/env python3
"""Records benchmarks: how long one answer takes to become durable, and listing people.

Figures (milliseconds unless named otherwise):

* ``save_p95_ms_10_cases`` / ``save_p95_ms_1000_cases``: one answer saved durably (engine state
  plus its audit event, fsync'd, with backup) in a store holding 10 vs 1,000 people with
  realistic sessions. The two are measured interleaved, so machine noise hits both alike.
* ``save_ratio_1000_vs_10``: the second over the first (saves must not slow as agencies grow).
* ``naive_tinydb_save_p95_ms_1000_cases``: the same save with all 1,000 people in one file with
  TinyDB's default ``JSONStorage``; ``naive_speedup`` is how many times slower that is.
* ``save_p95_ms_1000_cases_encrypted``: as above, AES-GCM encrypted.
* ``list_1000_cases_ms``: open the store and list everyone (median of several runs).
* ``save_p50_ms_*``: medians, for reading the tails on a busy machine.
* ``case_file_kb``: size of one realistic case file.

    python scripts/bench_records.py [--quick]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.records import Case, CaseStore, init_store

PASSPHRASE = "benchmark passphrase"
WORDS = [
    "my",
    "sister",
    "lives",
    "nearby",
    "and",
    "we",
    "talk",
    "on",
    "sundays",
    "but",
    "I",
    "would",
    "like",
    "to",
    "see",
    "her",
    "more",
    "often",
    "the",
    "choir",
    "meets",
    "on",
    "thursdays",
    "at",
    "the",
    "library",
    "I",
    "used",
    "to",
    "go",
    "with",
    "a",
    "friend",
    "from",
    "work",
]


def _text(rng: random.Random, low: int = 4, high: int = 18) -> str:
    return " ".join(rng.choices(WORDS, k=rng.randint(low, high)))


def realistic_state(rng: random.Random, answers: int = 40) -> dict[str, Any]:
    """An engine state about the size of a real joint session (~15 KB)."""
    topics = ["family", "friends", "neighbours", "groups", "work", "faith", "online", "pets"]
    data = {f"{rng.choice(topics)}.q{i}": _text(rng) for i in range(answers)}
    log = [
        {
            "at": f"2025-02-14T10:{i // 60:02d}:{i % 60:02d}+00:00",
            "by": rng.choice(["person", "worker", "both"]),
            "action": "answered" if i < answers else "changed",
            "topic": rng.choice(topics),
            "node": f"n{i}",
            "path": f"q{i % answers}",
            "value": _text(rng, 2, 8),
            "old": None,
        }
        for i in range(int(answers * 1.5))
    ]
    return {
        "format": "cpi-conversation",
        "version": 1,
        "content_hash": "sha256:" + "ab" * 32,
        "data": data,
        "topics": {
            t: {"status": rng.choice(["done", "in_progress", "not_started"])} for t in topics
        },
        "log": log,
    }


def fill_case(case: Case, rng: random.Random) -> None:
    """Two sessions, a plan, ratings and their audit events: a person a few months in."""
    for session_id, answers in (("2025-01-10", 30), ("2025-02-14", 40)):
        state = realistic_state(rng, answers)
        events = [dict(e) for e in state["log"][:answers]]
        case.save_session(session_id, state, events)
    plan = {"goals": [_text(rng) for _ in range(5)], "steps": [_text(rng) for _ in range(10)]}
    case.add_plan_version(plan, agreed=True, by="both")
    case.add_ratings({t: rng.randint(1, 5) for t in ("family", "friends", "groups")})


@contextlib.contextmanager
def no_fsync() -> Iterator[None]:
    """Setup only: building 1,000 cases durably would take minutes and measures nothing."""
    real = os.fsync
    os.fsync = lambda fd: None
    try:
        yield
    finally:
        os.fsync = real


def build_store(
    root: Path, people: int, passphrase: str | None = None
) -> tuple[CaseStore, list[str]]:
    """A store with ``people`` realistic cases; returns it and up to 10 ids to save answers to.

    One case is built through the public API; the others are copies of its file under new ids
    and names, written in one go (setup only: 1,000 durable creations would take a minute and
    measure nothing this benchmark reports).
    """
    from assistant.records.atomic import write_atomic

    store, _ = init_store(root, passphrase)
    first = store.create_person("Person 0", reference="R00000")
    with store.open(first) as case:
        fill_case(case, random.Random(people))
    tables = store._codec.loads("case", store.case_path(first).read_bytes())["tables"]
    created = tables["person"]["1"]["created"]
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
            write_atomic(store.case_path(person_id), store.case_files.encode(person_id, tables))
            entries[person_id] = {
                "display_name": name,
                "reference": reference,
                "created": created,
                "sessions": len(tables["sessions"]),
                "updated": created,
            }
        store.index.update(lambda doc: doc["people"].update(entries))
    if hasattr(os, "sync"):
        # Flush the setup's unsynced files now, or the first timed fsyncs would pay for them.
        os.sync()
    ids = [first, *entries][:: max(1, people // 10)][:10]
    return CaseStore(root, keyring=store.keyring), ids


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def _one_answer(case: Case, state: dict[str, Any], i: int) -> float:
    """Give (or change) one answer in the open session; time until it is durable."""
    key = sorted(state["data"])[i % len(state["data"])]
    old, value = state["data"][key], f"answer number {i}"
    state["data"][key] = value
    event = {"by": "person", "action": "changed", "path": key, "value": value, "old": old}
    started = time.perf_counter()
    case.save_session("2025-02-14", state, [event])
    return (time.perf_counter() - started) * 1000


def measure_saves(stores: list[tuple[CaseStore, list[str]]], saves: int) -> list[list[float]]:
    """Time single-answer saves, interleaved across the stores so noise is shared fairly.

    Each store has several records open (as several app windows would), and answers go to
    them in turn, so no single file grows unrealistically during the run.
    """
    opened = [[store.open(pid) for pid in ids] for store, ids in stores]
    try:
        states = [[case.load_session("2025-02-14") or {} for case in cases] for cases in opened]
        samples: list[list[float]] = [[] for _ in stores]
        # The first save after opening encodes the whole file once; later ones only what changed.
        warm_up = max(len(cases) for cases in opened)
        for i in range(saves + warm_up):
            order = list(range(len(stores)))
            if i % 2:
                order.reverse()
            for k in order:
                j = i % len(opened[k])
                took = _one_answer(opened[k][j], states[k][j], i)
                if i >= warm_up:
                    samples[k].append(took)
        return samples
    finally:
        for cases in opened:
            for case in cases:
                case.close()


def measure_naive(root: Path, people: int, saves: int) -> tuple[float, float]:
    """The same save, all people in one TinyDB JSONStorage file. Returns (p95 ms, file MB)."""
    from tinydb import TinyDB

    path = root / "naive.json"
    scratch = CaseStore(root / "scratch")
    person_id = scratch.create_person("template")
    with no_fsync(), scratch.open(person_id) as case:
        fill_case(case, random.Random(people))
        template = json.dumps(case.snapshot())
    docs = {}
    for i in range(people):
        doc = json.loads(template)
        doc["person"]["display_name"] = f"Person {i}"
        docs[str(i + 1)] = doc
    # What TinyDB itself would have written, without waiting for 1,000 inserts.
    root.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"cases": docs}))
    size_mb = path.stat().st_size / 1e6
    db = TinyDB(path)  # default JSONStorage: rewrites and fsyncs the whole file on every write
    table = db.table("cases")
    target = people // 2
    doc = table.get(doc_id=target)
    assert doc is not None
    sessions, audit = doc["sessions"], doc["audit"]
    samples = []
    for i in range(saves):
        value = f"answer number {i}"
        sessions[-1]["state"]["data"][f"extra.q{i}"] = value
        audit.append({"kind": "answer_given", "path": f"q{i}", "value": value})
        started = time.perf_counter()
        table.update({"sessions": sessions, "audit": audit}, doc_ids=[target])
        samples.append((time.perf_counter() - started) * 1000)
    db.close()
    return (p95(samples) if len(samples) >= 2 else samples[0]), size_mb


def measure_list(root: Path, passphrase: str | None, runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        people = CaseStore(root, passphrase).list_people()
        samples.append((time.perf_counter() - started) * 1000)
        assert len(people) == 1000
    return statistics.median(samples)


def run(quick: bool) -> dict[str, float]:
    """All the records figures. ``quick`` keeps the total well under 30 s."""
    saves = 100 if quick else 500
    naive_saves = 3 if quick else 15
    with tempfile.TemporaryDirectory(prefix="cpi-bench-") as tmp:
        base = Path(tmp)
        small = build_store(base / "ten", 10)
        large = build_store(base / "thousand", 1000)
        case_kb = large[0].case_path(large[1][0]).stat().st_size / 1000
        ten, thousand = measure_saves([small, large], saves)
        list_ms = measure_list(base / "thousand", None, 3 if quick else 7)
        naive_ms, naive_mb = measure_naive(base / "naive", 1000, naive_saves)
        encrypted = build_store(base / "encrypted", 1000, PASSPHRASE)
        [encrypted_ms] = measure_saves([encrypted], saves)
    ours_10, ours_1000 = p95(ten), p95(thousand)
    return {
        "save_p95_ms_10_cases": ours_10,
        "save_p95_ms_1000_cases": ours_1000,
        "save_ratio_1000_vs_10": ours_1000 / ours_10,
        "naive_tinydb_save_p95_ms_1000_cases": naive_ms,
        "naive_speedup": naive_ms / ours_1000,
        "save_p95_ms_1000_cases_encrypted": p95(encrypted_ms),
        # Medians show the typical save when a busy machine makes the tail noisy.
        "save_p50_ms_1000_cases": statistics.median(thousand),
        "save_p50_ms_1000_cases_encrypted": statistics.median(encrypted_ms),
        "list_1000_cases_ms": list_ms,
        "case_file_kb": case_kb,
        "naive_file_mb": naive_mb,
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
