"""Child process for the kill tests: saves answers as fast as it can, acknowledging each.

    python answerer.py DATA_DIR [PASSPHRASE]

For ever: opens (or creates) people, saves one answer at a time and prints ``ack PERSON N``
after each save returns (N = answers durable for that person). Every few answers it starts a new
session or a new person, so index writes and new files are killed mid-way too.
"""

from __future__ import annotations

import sys
from pathlib import Path

from assistant.records import CaseStore, RecordLocked

ANSWERS_PER_SESSION = 7
SESSIONS_PER_PERSON = 3


def main() -> None:
    root = Path(sys.argv[1])
    passphrase = sys.argv[2] if len(sys.argv) > 2 else None
    store = CaseStore(root, passphrase)
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
            n = sum(len(s["state"]["answers"]) for s in sessions if s["session_id"] != session_id)
            while len(state["answers"]) < ANSWERS_PER_SESSION:
                value = f"{person_id}/{session_id}/{len(state['answers'])}"
                state["answers"].append(value)
                event = {"action": "answered", "path": "answers", "value": value, "by": "person"}
                case.save_session(session_id, state, [event])
                print(f"ack {person_id} {n + len(state['answers'])}", flush=True)


if __name__ == "__main__":
    main()
