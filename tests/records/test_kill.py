"""SIGKILL a process mid-save, again and again: every file opens, no acknowledged answer is lost.

The quick count runs here; ``scripts/crash_test.py`` runs the same code for hundreds of kills.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest
from records_support import PASSPHRASE

from assistant.records import init_store

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "crash_test.py"
SEED = int(os.environ.get("CPI_CRASH_SEED", "20240611"))

pytestmark = pytest.mark.skipif(os.name != "posix", reason="needs SIGKILL")


def _crash_test() -> ModuleType:
    spec = importlib.util.spec_from_file_location("crash_test", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_acknowledged_answers_survive_repeated_sigkill(root: Path) -> None:
    init_store(root)
    report = _crash_test().run_kills(root, kills=20, seed=SEED)
    assert report.problems == []
    assert report.kills == 20 and report.acks > 0


@pytest.mark.usefixtures("cheap_kdf")
def test_encrypted_records_survive_repeated_sigkill(root: Path) -> None:
    init_store(root, PASSPHRASE)
    report = _crash_test().run_kills(root, kills=6, seed=SEED + 1, passphrase=PASSPHRASE)
    assert report.problems == []
    assert report.kills == 6 and report.acks > 0


def test_verification_notices_a_lost_answer(root: Path) -> None:
    # Proves the check above can fail: claim an answer was acknowledged that never was.
    crash_test = _crash_test()
    init_store(root)
    report = crash_test.run_kills(root, kills=1, seed=SEED)
    acked = {"p-0000000000": 1}
    assert report.problems == []
    assert crash_test.verify(root, acked, None) == [
        "acknowledged person p-0000000000 is not listed"
    ]
