"""Fixtures every test folder shares: the shipped content, the sample topic set, a way to write
small topic sets inline, a records folder and store of the test's own, and a test environment
free of the developer's own settings.

Each sub-folder's ``conftest.py`` keeps only what is local to it (the app factory and a still
cursor in ``ui/``, the demo meetings in ``plans/``, the demo plans in ``export/``, cheap
encryption in ``records/``, personas in ``training/``). Tests under ``tests/ui/`` are marked
``ui`` here.
"""

from __future__ import annotations

import gc
import os
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from assistant.authoring.content import load_content
from assistant.flows.loader import Content
from assistant.records import CaseStore

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
SAMPLE = FIXTURES / "sample"
UI_TESTS = TESTS / "ui"

#: Test knobs read by the tests themselves (not by the app), kept so a developer can reproduce
#: a run: ``CPI_CRASH_SEED`` picks the kill points of tests/records/test_kill.py.
KEPT_CPI_VARIABLES = frozenset({"CPI_CRASH_SEED"})


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test sees the developer's environment.

    Every ``CPI_*`` setting the app reads (``CPI_DATA_DIR``, ``CPI_PASSPHRASE``,
    ``CPI_TEMPLATES`` and any added later) is cleared, and the per-user data and config folders
    (platformdirs follows XDG on Linux) point into a fresh folder for each test, so nothing reads
    or writes the developer's own records or app settings, in this process or in a child
    process started with this environment. A test that needs one sets it itself.
    """
    for name in list(os.environ):
        if name.startswith("CPI_") and name not in KEPT_CPI_VARIABLES:
            monkeypatch.delenv(name)
    home = tmp_path_factory.mktemp("user-folders")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))  # scratch folders (PDF pages)
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))  # the crash log


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: two workers per core. A UI test spends much of its time waiting for
    Textual to go idle between keys, not on a core: with one worker per core, CI used about
    1.3 of its 2 cores (12 min 27 s of wall time for 15 min 34 s of CPU), and the UI tests
    took 8 min 45 s with four workers against 11 to 13 min with two. The cores are those
    this process may run on (a container's share, not the host's); PYTEST_XDIST_AUTO_NUM_WORKERS
    still wins, as with xdist's own count."""
    given = os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS")
    if given:
        return int(given)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return 2 * (cores or 1)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/ui/ drives the Textual app (Pilot, snapshots, a real terminal).

    The slow tests run first. A parallel run hands each worker a share of the tests in this
    order and lets an idle worker take from a busy one, but never part of a test: the
    whole meetings (up to 100 s each) came last in the order, so a run ended with one core
    finishing them while the other waited.
    """
    for item in items:
        if UI_TESTS in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.ui)
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)  # stable sort


def pytest_unconfigure(config: pytest.Config) -> None:
    """At the end of a run, one full sweep, then what is left is frozen.

    After this hook, pytest's unraisable-exception check sweeps the heap five times
    (``gc_collect_harder``) to report any finaliser that raises. A worker's heap holds what
    every test imported and kept: the five sweeps took ~6 s after test_three_meetings.py
    alone, longer on a loaded machine. xdist's transport (execnet) gives a worker 5 s to
    finish once the run is over, then sends it SIGINT: the KeyboardInterrupt landed in
    whatever Python code the sweeps were running, Hypothesis's gc callback, and was printed
    as "Exception ignored in ... gc_callback ... KeyboardInterrupt". One sweep here still
    runs the finalisers of what is garbage at the end (so pytest reports them), and pytest's
    five then look only at what is new.
    """
    gc.collect()
    gc.freeze()


#: 23:30 UTC on a June evening: already the next day (16 June) in London, on BST (UTC+1).
LATE_JUNE_EVENING = "2026-06-15T23:30:00+00:00"


@pytest.fixture
def in_london() -> Iterator[None]:
    """This computer's clock set to London time for the test, set back after (with a patch
    of its own: undoing the test's would also undo the per-test folders of ``_no_env``)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", "Europe/London")
        time.tzset()
        yield
    time.tzset()


@pytest.fixture(scope="session")
def content() -> Content:
    """The shipped content pack (``content/``, or the copy inside an installed wheel), loaded
    and checked once per test run. Treat it as read-only."""
    return load_content()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """This test's own records folder (not created yet)."""
    return tmp_path / "records"


@pytest.fixture
def store(data_dir: Path) -> CaseStore:
    """An empty case store in ``data_dir``."""
    return CaseStore(data_dir)


@pytest.fixture(scope="session")
def sample_content() -> Content:
    """The small topic set in tests/fixtures/sample."""
    return load_content(SAMPLE)


WriteTopics = Callable[..., Path]


@pytest.fixture
def write_topics(tmp_path: Path) -> WriteTopics:
    """Write ``name=yaml`` topic files into a fresh content folder; returns the folder."""

    def write(**files: str) -> Path:
        flows = tmp_path / "content" / "flows"
        flows.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            body = "# yaml-language-server: $schema=../schema/topic.schema.json\n"
            body += textwrap.dedent(text).lstrip("\n")
            (flows / f"{name}.yaml").write_text(body, encoding="utf-8")
        return tmp_path / "content"

    return write
