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

A person's history (issue 18), with real meetings played through the shipped content (the
demo's first meeting and review, undo history and all), each figure the median of several short
runs' p95s:

* ``save_p95_ms_first_meeting``: one answer saved in a person's first meeting (end of it: the
  largest that meeting's file gets).
* ``save_p95_ms_60_meetings``: the same in the 61st meeting of a person seen monthly for five
  years, with closed meetings archived as the app does (``Case.archive_closed``);
  ``save_ratio_60_vs_first`` is the second over the first, measured interleaved.
* ``save_p95_ms_60_meetings_unarchived``: the same person with nothing archived (for contrast).
* ``save_overhead_ratio``: ``save_p95_ms_60_meetings`` over a bare durable write (write, fsync,
  rename) of the same bytes in the same folder, interleaved with it (``bare_write_p95_ms``).
* ``case_file_kb_60_meetings``, ``archive_file_kb_60_meetings``: the two files' sizes.
* ``one_mb_answer_growth_mb``: how much a record grows when one answer of a meeting is 1 MB
  (the whole meeting played through the engine, plan version agreed), over the same meeting
  with the ordinary answer; ``save_p95_ms_after_1mb_answer``: a save in that meeting after.
* ``list_10000_cases_ms``: list 10,000 people (as Home does, ``file_times=False``; median).
* ``search_10000_cases_p95_ms``: ``records.index.PeopleSearch`` over those 10,000 index rows,
  built once, then p95 of each key of a few typed searches.

    python scripts/bench_records.py [--quick]
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import random
import statistics
import string
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


# -- a person's history (issue 18) ----------------------------------------------------------------

HISTORY_MEETINGS = 60
BIG_ANSWER = "about.good_week"  # a free-text answer of the first meeting (it reaches the plan)


@dataclasses.dataclass(frozen=True)
class Played:
    """One meeting as the app would have saved it: state text, log, plan, ratings."""

    state: str
    log: list[dict[str, Any]]
    plan: dict[str, Any]
    ratings: dict[str, Any]


def play_demo(big: str | None = None) -> tuple[Played, Played]:
    """The demo's first meeting and review, played through the shipped content and engine
    (``big`` replaces the first meeting's answer to ``BIG_ANSWER``)."""
    import datetime as dt

    from assistant import store_paths as sp
    from assistant.authoring.content import load_content
    from assistant.engine.conversation import Conversation
    from assistant.meetings.opening import next_meeting_data
    from assistant.plans.autoplay import play_meeting
    from assistant.plans.demo_data import demo_meetings
    from assistant.plans.from_session import build_plan

    content = load_content()
    (first_topics, first), (review_topics, review) = demo_meetings(dt.date.today())
    if big is not None:
        first = {**first, BIG_ANSWER: big}
    played = []
    data = None
    for topics, answers in ((first_topics, first), (review_topics, review)):
        conv = play_meeting(Conversation(content, data), topics, answers)
        plan = build_plan(conv.data, conv.log, content=content)
        ratings = sp.value_at(conv.data, sp.RATINGS)
        played.append(
            Played(conv.state_json(), list(conv.log), plan.to_json(), dict(ratings or {}))
        )
        data = next_meeting_data(conv.data, plan, {"display_name": "Sam"})
    return played[0], played[1]


def save_meeting(case: Case, session_id: str, meeting: Played) -> None:
    """A meeting's answers, agreed plan version, ratings and close, as the app saves them."""
    case.save_session(session_id, meeting.state, meeting.log)
    version = case.add_plan_version(meeting.plan, agreed=True, session_id=session_id, by="both")
    if meeting.ratings:
        case.add_ratings(meeting.ratings, session_id=session_id, by="both")
    case.audit("meeting_closed", session=session_id, plan_version=version, agreed=True)


def build_history(
    store: CaseStore, first: Played, review: Played, *, archive: bool, meetings: int
) -> str:
    """A person with ``meetings`` closed meetings (a first meeting, then monthly reviews).

    With ``archive``, closed meetings are archived as the app does at each close (here every
    tenth close, which leaves the same files: archiving takes every closed meeting but the
    last), then the next meeting is started.
    """
    person_id = store.create_person("Five years", reference=f"H-{archive}")
    with no_fsync(), store.open(person_id) as case:
        for n in range(1, meetings + 1):
            session_id = f"m{n:02d}"
            save_meeting(case, session_id, first if n == 1 else review)
            if archive and (n % 10 == 0 or n == meetings):
                case.archive_closed(keep={session_id})
        case.save_session(f"m{meetings + 1:02d}", review.state, review.log)
    return person_id


def bare_durable_write(folder: Path, data: bytes) -> float:
    """The least a durable save can cost: write a temp file, fsync it, rename it into place."""
    tmp, target = folder / ".bare-write.tmp", folder / "bare-write"
    started = time.perf_counter()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, target)
    return (time.perf_counter() - started) * 1000


def _answer_save(case: Case, session_id: str, base: str, i: int) -> float:
    """One more answer in an open meeting: the state changes a little, one audit event."""
    state = f'{base[:-1]},"bench":"answer number {i}"}}'
    event = {"action": "answered", "path": "bench", "value": f"answer number {i}", "by": "person"}
    started = time.perf_counter()
    case.save_session(session_id, state, [event])
    return (time.perf_counter() - started) * 1000


def measure_history(root: Path, quick: bool) -> dict[str, float]:
    """Saves in a first meeting vs in the 61st, and against a bare durable write."""
    first, review = play_demo()
    store = CaseStore(root)
    newcomer = store.create_person("First meeting")
    with store.open(newcomer) as case:
        case.save_session("m01", first.state, first.log)
    sixty = build_history(store, first, review, archive=True, meetings=HISTORY_MEETINGS)
    flat = build_history(store, first, review, archive=False, meetings=HISTORY_MEETINGS)
    if hasattr(os, "sync"):
        os.sync()
    current = f"m{HISTORY_MEETINGS + 1:02d}"
    rounds, saves = (3, 30) if quick else (7, 60)
    figures: dict[str, list[float]] = {k: [] for k in ("first", "sixty", "bare", "flat")}
    medians: list[float] = []
    with store.open(newcomer) as a, store.open(sixty) as b, store.open(flat) as c:
        data = b"x" * store.case_path(sixty).stat().st_size
        _answer_save(a, "m01", first.state, -1)  # the first save after opening encodes all
        _answer_save(b, current, review.state, -1)
        _answer_save(c, current, review.state, -1)
        for r in range(rounds):
            taken: dict[str, list[float]] = {k: [] for k in figures}
            for i in range(saves):
                taken["first"].append(_answer_save(a, "m01", first.state, i))
                taken["sixty"].append(_answer_save(b, current, review.state, i))
                taken["bare"].append(bare_durable_write(store.cases_dir, data))
                if i % 6 == r % 6:  # the unarchived file is slow: a few samples a round
                    taken["flat"].append(_answer_save(c, current, review.state, i))
            for key, samples in taken.items():
                figures[key].append(p95(samples) if len(samples) > 1 else samples[0])
            medians.append(statistics.median(taken["sixty"]))
    hot = store.case_path(sixty).stat().st_size / 1000
    archive = store.archive_file(sixty).path.stat().st_size / 1000
    first_ms, sixty_ms = statistics.median(figures["first"]), statistics.median(figures["sixty"])
    bare_ms = statistics.median(figures["bare"])
    return {
        "save_p95_ms_first_meeting": first_ms,
        "save_p95_ms_60_meetings": sixty_ms,
        "save_ratio_60_vs_first": statistics.median(
            s / f for s, f in zip(figures["sixty"], figures["first"], strict=True)
        ),
        "save_p50_ms_60_meetings": statistics.median(medians),
        "save_p95_ms_60_meetings_unarchived": statistics.median(figures["flat"]),
        "bare_write_p95_ms": bare_ms,
        "save_overhead_ratio": statistics.median(
            s / w for s, w in zip(figures["sixty"], figures["bare"], strict=True)
        ),
        "case_file_kb_60_meetings": hot,
        "archive_file_kb_60_meetings": archive,
        "case_file_kb_60_meetings_unarchived": store.case_path(flat).stat().st_size / 1000,
    }


def one_mb_answer(root: Path, saves: int = 20) -> dict[str, float]:
    """How much a 1 MB answer adds to a record, and what a save costs afterwards (the engine's
    state text still holds the answer three times; the record keeps it once)."""
    rng = random.Random(1)
    big = ""
    while len(big.encode("utf-8")) < 1_000_000:
        big += _text(rng) + (".\n" if rng.random() < 0.2 else ". ")
    big = big.encode("utf-8")[:1_000_000].decode("utf-8", "ignore")
    sizes = []
    store = CaseStore(root)
    for answer in (None, big):
        first, _ = play_demo(answer)
        person_id = store.create_person(f"Person {len(sizes)}")
        with no_fsync(), store.open(person_id) as case:
            save_meeting(case, "m01", first)
        sizes.append(store.case_path(person_id).stat().st_size)
    with store.open(person_id) as case:
        _answer_save(case, "m01", first.state, -1)
        samples = [_answer_save(case, "m01", first.state, i) for i in range(saves)]
    return {
        "one_mb_answer_growth_mb": (sizes[1] - sizes[0]) / 1e6,
        "save_p95_ms_after_1mb_answer": p95(samples),
    }


# -- 10,000 people ---------------------------------------------------------------------------------

FIRST_NAMES = [
    "Sam", "Alex", "Jo", "Priya", "Dan", "Mo", "Aisha", "Tom", "Kate", "Ravi", "Lena", "Chris",
    "Femi", "Grace", "Olu", "Zoe", "Ian", "Mei", "Tariq", "Ruth", "Wes", "Nina", "Bea", "Kofi",
]  # fmt: skip


def build_many(root: Path, people: int) -> CaseStore:
    """A store listing ``people`` people: an index entry and a small case file each (setup:
    listing reads the index and the folder's names, never the case files)."""
    from assistant.records.atomic import write_atomic

    store, _ = init_store(root)
    rng = random.Random(people)
    created = "2025-01-10T10:00:00.000+00:00"
    entries = {}
    with no_fsync():
        for i in range(people):
            person_id = store.folder.new_id()
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(string.ascii_uppercase)}."
            reference = f"R{i:05d}"
            person = {"id": person_id, "display_name": name, "reference": reference}
            tables = {"person": {"1": {**person, "created": created}}}
            store.case_path(person_id).write_bytes(store.case_files.encode(person_id, tables))
            entries[person_id] = {
                "display_name": name,
                "reference": reference,
                "created": created,
                "sessions": rng.randint(0, 60),
                "updated": created,
            }
        store.index.update(lambda doc: doc["people"].update(entries))
        write_atomic(store.index_path, store.index_path.read_bytes())  # fsync'd as in use
    return store


def measure_many(root: Path, quick: bool, people: int = 10_000) -> dict[str, float]:
    """List 10,000 people as Home does, and search them key by key."""
    from assistant.records.index import PeopleSearch

    build_many(root, people)
    runs = 5 if quick else 11
    listed: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        found = CaseStore(root).list_people(file_times=False)
        listed.append((time.perf_counter() - started) * 1000)
        assert len(found) == people
    keys: list[float] = []
    searching = PeopleSearch(found)  # once per list, as Home holds it
    for typed in ("Priya R", "R0421", "kofi", "zo", "943 476"):
        for n in range(1, len(typed) + 1):
            started = time.perf_counter()
            searching.search(typed[:n])
            keys.append((time.perf_counter() - started) * 1000)
    return {
        "list_10000_cases_ms": statistics.median(listed),
        "search_10000_cases_p95_ms": p95(keys),
    }


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
        history = measure_history(base / "history", quick)
        big = one_mb_answer(base / "big")
        many = measure_many(base / "many", quick)
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
        **history,
        **big,
        **many,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument(
        "--only", choices=("history", "many"), help="only a person's history, or 10,000 people"
    )
    args = parser.parse_args(argv)
    if args.only:
        with tempfile.TemporaryDirectory(prefix="cpi-bench-") as tmp:
            if args.only == "history":
                figures = measure_history(Path(tmp) / "h", args.quick)
                figures.update(one_mb_answer(Path(tmp) / "big"))
            else:
                figures = measure_many(Path(tmp) / "m", args.quick)
    else:
        figures = run(args.quick)
    for name, value in figures.items():
        print(f"{name:45s} {value:10.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
