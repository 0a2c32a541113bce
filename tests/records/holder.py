"""Child process for the locking tests: opens one record and holds it until told to stop.

    python holder.py DATA_DIR PERSON_ID

Prints ``open`` once the record is open (or ``locked: MESSAGE`` if it could not be), then
waits for a line on stdin before closing. Killing it instead tests that locks die with it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from assistant.records import CaseStore, RecordLocked


def main() -> None:
    store = CaseStore(Path(sys.argv[1]))
    try:
        case = store.open(sys.argv[2])
    except RecordLocked as exc:
        print(f"locked: {exc}", flush=True)
        return
    print("open", flush=True)
    sys.stdin.readline()
    case.save_session("from-holder", {"saved": True})
    case.close()
    print("closed", flush=True)


if __name__ == "__main__":
    main()
