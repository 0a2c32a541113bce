#!/usr/bin/env python3
"""Kill test: SIGKILL a process that is saving answers, many times, and check nothing was lost.

A child process saves answers one at a time (new people, new sessions and plain answers), printing
``ack PERSON N`` after each save returns. The parent reads the acks, kills the child with SIGKILL
at a random moment (seeded), then checks that every file opens without needing repair and that
every acknowledged answer, with its audit event, is there. Then it starts a new child on the same
folder and does it again.

    python scripts/crash_test.py                  # 500 kills (a few minutes)
    python scripts/crash_test.py --kills 50 --seed 7 --encrypt
    python scripts/crash_test.py --keep DIR       # keep the data folder for inspection

The quick version runs in the test suite (tests/records/test_kill.py) with the same code.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parent.parent))

ANSWERS_PER_SESSION = 7
SESSIONS_PER_PERSON = 3
PASSPHRASE_ENV = "CPI_PASSPHRASE"


# -- the child: answers for ever ----------------------------------------------------------------


def answer_forever(root: Path) -> None:
    """Save answers as fast as possible, acknowledging each one once it is durable."""
    from assistant.records import CaseStore, RecordLocked

    store = CaseStore(root, os.environ.get(PASSPHRASE_ENV) or None)
    print("ready", flush=True)
    while True:
        people = store.list_people()
        person_id = next(
            (p.id for p in people if p.sessions < SESSIONS_PER_PERSON), None
        ) or store.create_person(f"Person {len(people) + 1}")
        try:
            case = store.open(person_id)
        except RecordLocked:
            continue
        with case:
            sessions = case.sessions()
            session_id = sessions[-1]["session_id"] if sessions else "s1"
            state = case.load_session(session_id) or {"answers": []}
            if len(state["answers"]) >= ANSWERS_PER_SESSION:
                session_id = f"s{len(sessions) + 1}"
                state = {"answers": []}
            earlier = sum(
                len(s["state"]["answers"]) for s in sessions if s["session_id"] != session_id
            )
            while len(state["answers"]) < ANSWERS_PER_SESSION:
                value = f"{person_id}/{session_id}/{len(state['answers'])}"
                state["answers"].append(value)
                event = {"action": "answered", "path": "answers", "value": value, "by": "person"}
                case.save_session(session_id, state, [event])
                print(f"ack {person_id} {earlier + len(state['answers'])}", flush=True)


# -- the parent: kill, then verify --------------------------------------------------------------


@dataclass
class Report:
    kills: int = 0
    acks: int = 0
    people: int = 0
    problems: list[str] = field(default_factory=list)


def verify(root: Path, acked: dict[str, int], passphrase: str | None) -> list[str]:
    """Everything that is wrong with the folder after a kill (empty if all is well)."""
    from assistant.records import CaseStore, RecordsError

    problems: list[str] = []
    try:
        store = CaseStore(root, passphrase)
        people = {p.id: p for p in store.list_people()}
    except RecordsError as exc:
        return [f"the store does not open: {exc}"]
    problems += [f"needed repair: {n.message}" for n in store.recovered]
    problems += [f"acknowledged person {pid} is not listed" for pid in acked if pid not in people]
    for pid in people:
        try:
            case = store.read(pid)
        except RecordsError as exc:
            problems.append(f"{pid} does not open: {exc}")
            continue
        answers: list[str] = []
        for session in case.sessions():
            values = session["state"]["answers"]
            expected = [f"{pid}/{session['session_id']}/{k}" for k in range(len(values))]
            if values != expected:
                problems.append(f"{pid} {session['session_id']}: answers out of order: {values}")
            answers += values
        if len(answers) < acked.get(pid, 0):
            problems.append(f"{pid}: {acked[pid]} answers acknowledged, {len(answers)} on disk")
        events = [e for e in case.audit_events() if e["kind"] == "answer_given"]
        if len(events) != len(answers):
            problems.append(f"{pid}: {len(answers)} answers but {len(events)} audit events")
    leftovers = [p.name for p in store.cases_dir.glob(".*.tmp")]
    if leftovers:
        problems.append(f"temp files left after start-up: {leftovers}")
    return problems


def _record(line: str, acked: dict[str, int]) -> bool:
    parts = line.split()
    if len(parts) == 3 and parts[0] == "ack":
        acked[parts[1]] = max(acked.get(parts[1], 0), int(parts[2]))
        return True
    return False


def run_kills(
    root: Path,
    kills: int,
    seed: int,
    passphrase: str | None = None,
    max_acks: int = 40,
    progress: bool = False,
) -> Report:
    """Kill a saving child ``kills`` times at seeded random moments, verifying after each."""
    rng = random.Random(seed)
    acked: dict[str, int] = {}
    report = Report()
    env = dict(os.environ)
    env.pop(PASSPHRASE_ENV, None)
    if passphrase:
        env[PASSPHRASE_ENV] = passphrase  # not on the command line, where `ps` would show it
    for round_no in range(1, kills + 1):
        proc = subprocess.Popen(
            [sys.executable, str(HERE), "--child", str(root)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert proc.stdout is not None
        try:
            ready = proc.stdout.readline().strip()
            if ready != "ready":
                report.problems.append(f"round {round_no}: child did not start ({ready!r})")
                break
            wanted = rng.randint(0, max_acks)
            seen = 0
            while seen < wanted and _record(proc.stdout.readline(), acked):
                seen += 1
            # Land the kill at a random point inside the next save, not just between saves.
            if rng.random() < 0.7:
                time.sleep(rng.random() * 0.004)
            proc.send_signal(signal.SIGKILL)
        finally:
            if proc.poll() is None:
                proc.kill()
            # Acks printed before the kill were acknowledged too: they must be on disk.
            for line in proc.stdout:
                report.acks += _record(line, acked)
            proc.stdout.close()
            proc.wait()
        report.acks += seen
        report.kills += 1
        problems = verify(root, acked, passphrase)
        if problems:
            report.problems += [f"seed {seed}, round {round_no}: {p}" for p in problems]
            break
        if progress and round_no % 25 == 0:
            print(f"  {round_no} kills, {report.acks} acknowledged answers, all present")
    report.people = len(acked)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=500)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--encrypt", action="store_true", help="run on an encrypted folder")
    parser.add_argument("--keep", metavar="DIR", help="use (and keep) this data folder")
    parser.add_argument("--child", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        answer_forever(Path(args.child))
        return 0

    from assistant.records import init_store

    with tempfile.TemporaryDirectory(prefix="cpi-crash-") as tmp:
        root = Path(args.keep) if args.keep else Path(tmp) / "data"
        passphrase = "crash test passphrase" if args.encrypt else None
        init_store(root, passphrase)
        print(f"Killing a saving process {args.kills} times (seed {args.seed}) in {root}")
        started = time.perf_counter()
        report = run_kills(root, args.kills, args.seed, passphrase, progress=True)
        took = time.perf_counter() - started
    print(
        f"{report.kills} kills, {report.acks} acknowledged answers for {report.people} people, "
        f"{took:.0f} s."
    )
    if report.problems:
        print("PROBLEMS:", *report.problems, sep="\n  ")
        return 1
    print("Every file opened without repair and every acknowledged answer was there.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
