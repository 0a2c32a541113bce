#!/usr/bin/env python3
"""App benchmarks: ``run(quick) -> dict[str, float]`` (see scripts/bench.py).

* ``startup_ms``: from starting ``python`` to the first interactive screen (Home with the people
  list of a 1,000-person records folder), through the same entry point as ``cpi-assistant``
  (``assistant.cli.main``); median of several runs.
* ``textual_hello_startup_ms``: the same for a minimal Textual app, measured in the same run and
  interleaved, so the ratio ``startup_ratio`` compares like with like on this machine.

  Both run headless at 80x24 (as a terminal of that size would: without a size, headless
  Textual lays the first screen out at 80x25 and then again at 80x24), and both as installed
  code runs: with compiled bytecode (in a private cache folder, filled by a first untimed run),
  since this machine sets PYTHONDONTWRITEBYTECODE, which would otherwise make our modules be
  compiled again on every start while Textual's are not.
* ``step_render_p95_ms`` (and ``_p50_``): an answer submitted -> the frame with the next prompt
  drawn, the durable save included; timed inside the app (the answer given -> the frame laid
  out, drawn and handed to the terminal, in the same step: ``textual_internals.draw_now``), not
  with the test harness's waits. A whole first meeting of the shipped topics (every topic but
  the review), 1,000 people on record. The median of several runs' p95s (``_max`` the worst
  run's), each run a fresh interpreter.
* ``step_render_p95_ms_busy``: the same, while another process keeps one CPU core busy (started
  before the run, killed after it); runs alternate with the quiet ones.
* ``redraw_p95_ms`` and ``step_vs_redraw_ratio``: the same-run baseline. After each topic the
  session screen is redrawn whole (layout and every line, as Textual does for a resize) four
  times, timed the same way; the ratio is a run's step p95 over its redraw p95 (median over
  runs; ``_busy`` for the busy runs). About 1 means a step costs what redrawing the screen
  costs; it moves far less with the machine's load than the absolute figures.
* ``peak_rss_mb``: peak resident memory of the process that ran that whole meeting.
* ``meeting_open_ms``: Enter on a person on Home -> the frame with the meeting's first question
  drawn (the record opened, its history and plans read, the conversation built and the
  session screen composed), 1,000 people on record; timed inside the app (``app.open_times``,
  from the start of ``start_meeting`` to just after that frame), not with the harness's waits.
  Median over different people (``_max_`` the slowest), each opened once in one app, the first
  opening untimed (it loads the session screen's code and styles once per run).

* ``home_search_ms_per_key_10000`` (and ``_p95_``): 10,000 people on record; on Home, ``/`` and
  a search typed key by key (names and references, then each taken back with Backspace): from
  the search box's change handled to the frame with the list drawn (``app.search_times``),
  median of every key (and its p95).

Each measurement runs in a fresh interpreter (``python scripts/bench_app.py --child ...``).
"""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

HELLO = """
import sys
from textual.app import App
from textual.widgets import Static

class Hello(App):
    def compose(self):
        yield Static("Hello")

    def on_ready(self):
        print("READY", flush=True)
        self.exit()

Hello().run(headless=True, size=(80, 24))
"""

OURS = """
import sys
from textual.app import App

def ready(app):
    print("READY", flush=True)
    app.exit()

# The console script's own path (argument parsing, run_app, make_app), with two changes for
# measuring: headless at 80x24, and a hook that says when Home is ready.
run = App.run
App.run = lambda self, **kw: run(self, headless=True, size=(80, 24))
import assistant.ui.app as ui_app
make_app = ui_app.make_app
ui_app.make_app = lambda **kw: make_app(**kw, on_ready=ready)
from assistant.cli import main
main(["--data-dir", sys.argv[1]])
"""


@contextlib.contextmanager
def _busy_core() -> Iterator[None]:
    """Another process keeping one CPU core busy meanwhile (a loaded laptop)."""
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        yield
    finally:
        busy.kill()
        busy.wait()


def _child_figures(flag: str, records: Path, *args: str) -> dict:
    """Run this script again as a child (``--child`` or ``--open-child``): its figures."""
    out = subprocess.run(
        [sys.executable, str(Path(__file__)), flag, str(records), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _time_to_ready(code: str, *args: str, pycache: Path | None = None) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == "READY":
            elapsed = (time.perf_counter() - started) * 1000
            break
    else:
        raise RuntimeError("the app did not start")
    proc.wait(timeout=30)
    return elapsed


def build_records(root: Path, people: int = 1000) -> None:
    from bench_records import build_store

    build_store(root, people)


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def run(quick: bool) -> dict[str, float]:
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(ROOT))
    runs = 3 if quick else 9
    with tempfile.TemporaryDirectory() as tmp:
        records, pycache = Path(tmp) / "records", Path(tmp) / "pycache"
        build_records(records)
        # Untimed first runs: warm the OS file cache, and compile the bytecode.
        _time_to_ready(HELLO, pycache=pycache)
        _time_to_ready(OURS, str(records), pycache=pycache)
        hello, ours = [], []
        for _ in range(runs):
            hello.append(_time_to_ready(HELLO, pycache=pycache))
            ours.append(_time_to_ready(OURS, str(records), pycache=pycache))
        quiet, busy = [], []
        for n in range(3 if quick else 5):
            quiet.append(_child_figures("--child", records, f"Bench Person {2 * n}"))
            with _busy_core():
                busy.append(_child_figures("--child", records, f"Bench Person {2 * n + 1}"))
        opening = _child_figures("--open-child", records)
        many = Path(tmp) / "many"
        build_records(many, 10_000)
        searching = _child_figures("--search-child", many)
    startup, hello_ms = statistics.median(ours), statistics.median(hello)
    session = quiet[0]

    def median(runs: list[dict[str, Any]], key: str) -> float:
        return statistics.median(run[key] for run in runs)

    return {
        "startup_ms": startup,
        "textual_hello_startup_ms": hello_ms,
        "startup_ratio": startup / hello_ms,
        "step_render_p95_ms": median(quiet, "p95"),
        "step_render_p95_ms_max": max(run["p95"] for run in quiet),
        "step_render_p50_ms": median(quiet, "p50"),
        "step_settled_p95_ms": median(quiet, "settled_p95"),
        "step_render_p95_ms_busy": median(busy, "p95"),
        "step_render_p95_ms_busy_max": max(run["p95"] for run in busy),
        "redraw_p95_ms": median(quiet, "redraw_p95"),
        "step_vs_redraw_ratio": statistics.median(r["p95"] / r["redraw_p95"] for r in quiet),
        "step_vs_redraw_ratio_busy": statistics.median(r["p95"] / r["redraw_p95"] for r in busy),
        "step_runs": float(len(quiet) + len(busy)),
        "steps_timed": float(session["steps"]),
        "topics_done": float(session["topics_done"]),
        "peak_rss_mb": max(run["rss_mb"] for run in quiet),
        "meeting_open_ms": statistics.median(opening),
        "meeting_open_max_ms": max(opening),
        "home_search_ms_per_key_10000": statistics.median(searching),
        "home_search_p95_ms_per_key_10000": p95(searching),
    }


# -- the child: opening meetings from Home ------------------------------------------------------


def _people_with_two_meetings(records: Path, count: int) -> list[str]:
    """Setup (not timed): people with a real first meeting and a review, both plans agreed and
    both meetings closed, added to the 1,000 on record. Opening one starts a review meeting:
    the heaviest opening (history, plan versions, last time's answers as the seed)."""
    import datetime as dt

    from assistant.authoring.content import load_content
    from assistant.engine.conversation import Conversation
    from assistant.meetings.opening import next_meeting_data
    from assistant.plans.autoplay import play_meeting
    from assistant.plans.demo_data import demo_meetings
    from assistant.plans.versions import agree_plan
    from assistant.records import CaseStore

    content = load_content()
    store = CaseStore(records)
    (first_topics, first), (review_topics, review) = demo_meetings(dt.date.today())
    ids = []
    for i in range(count):
        person_id = store.create_person(f"Review {i}")
        with store.open(person_id) as case:
            conv = play_meeting(Conversation(content), first_topics, first)
            case.save_session("m1", conv.to_state(), conv.log)
            plan = agree_plan(case, conv.data, conv.log, content=content, session_id="m1")
            case.audit("meeting_closed", session="m1", plan_version=plan.number, agreed=True)
            seed = next_meeting_data(conv.data, plan, case.person)
            conv2 = play_meeting(Conversation(content, seed), review_topics, review)
            case.save_session("m2", conv2.to_state(), conv2.log)
            plan2 = agree_plan(case, conv2.data, conv2.log, content=content, session_id="m2")
            case.audit("meeting_closed", session="m2", plan_version=plan2.number, agreed=True)
        ids.append(person_id)
    return ids


async def _openings(records: Path, times: int) -> list[float]:
    from assistant.ui.app import make_app
    from assistant.ui.screens.session import SessionScreen

    chosen = _people_with_two_meetings(records, times + 1)
    app = make_app(data_dir=records)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        home = app.screen
        for person_id in chosen:
            home.reload(keep=person_id)
            home.query_one("#people").focus()
            await pilot.pause()
            await app.workers.wait_for_complete()  # Home has read the person's history
            await pilot.press("enter")
            for _ in range(200):
                await pilot.pause()
                await app.workers.wait_for_complete()
                if isinstance(app.screen, SessionScreen) and app.open_times:
                    break
            screen = app.screen
            assert isinstance(screen, SessionScreen), type(screen)
            app._release(screen)  # leave without the "leave?" dialog (not timed)
            app.pop_screen()
            await pilot.pause()
        measured = list(app.open_times)
    return measured[1:]  # the first opening loads the session screen's code and styles


def open_child(records: Path, times: int = 9) -> None:
    import asyncio

    print(json.dumps(asyncio.run(_openings(records, times))))


# -- the child: Home's search, key by key ---------------------------------------------------------

SEARCHES = ("Person 9876", "R04321", "person 55", "zz")


async def _searching(records: Path) -> list[float]:
    from assistant.ui.app import make_app

    app = make_app(data_dir=records)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("slash")
        for text in SEARCHES:
            for key in text:
                await pilot.press("space" if key == " " else key)
            await pilot.press(*["backspace"] * len(text))
        await pilot.pause()
        return list(app.search_times)


def search_child(records: Path) -> None:
    import asyncio

    print(json.dumps(asyncio.run(_searching(records))))


# -- the child: one whole first meeting, driven by keys -----------------------------------------


def _keys_for(step: Any) -> list[str]:
    if step.kind in ("say", "end", "menu"):
        return ["enter"]
    kind = step.answer_type
    if step.node_id == "consent_record":
        return ["y"]
    if kind == "rating":
        return ["4"]
    if kind == "yes_no":
        return ["n"]
    if kind == "long_text":
        return [*"Walking, music and my sister", "ctrl+s"]
    if kind == "text":
        return [*"Sam", "enter"]
    if kind == "number":
        return ["3", "enter"]
    if kind == "date":
        return [*"31/12/2099", "enter"]
    if kind == "choice":
        # A choice made on purpose (agreeing the plan) has nothing ready for Enter, even
        # when asked again.
        on_purpose = getattr(step.node, "pick_on_purpose", False)
        return ["down", "enter"] if on_purpose else ["enter"]
    if kind == "multi_choice":
        return ["space", "ctrl+s"]
    if kind == "records" and step.path == "network.people":
        person = ["a", *"Jo", "tab", "enter", "down", "enter", "tab", "enter", "down", "enter"]
        return [*person, "ctrl+s", *person, "ctrl+s", "ctrl+s"]
    if kind == "records":
        # None today: Not today (Done on an empty list asks first, in a dialog).
        return ["f7"]
    return ["f7"]


def _redraw_ms(screen: Any) -> float:
    """The baseline: the session screen laid out and drawn whole, as Textual does after a
    resize, timed as a step is (to the frame handed to the terminal)."""
    from assistant.ui.textual_internals import draw_now

    started = time.perf_counter()
    screen.refresh(layout=True)
    for widget in screen.walk_children():
        widget.refresh(layout=True)
    draw_now(screen)
    return (time.perf_counter() - started) * 1000


async def _meeting(records: Path, name: str = "Bench Person") -> dict[str, float]:

    from assistant.records import CaseStore
    from assistant.ui.app import make_app
    from assistant.ui.screens.session import SessionScreen

    CaseStore(records).create_person(name)
    app = make_app(data_dir=records)
    redraws: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("slash", *name, "enter", "enter")
        for _ in range(100):
            await pilot.pause()
            await app.workers.wait_for_complete()
            if isinstance(app.screen, SessionScreen):
                break
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        topics = [
            "getting_started",
            "what_matters",
            "connections",
            "concerns",
            "resourceful_people",
            "community",
            "goals",
            "closing",
        ]
        for topic in topics:
            ids = [t.id for t in screen.meeting.conv.topics()]
            await pilot.press("home", *["down"] * ids.index(topic), "enter")
            await pilot.pause()
            for _ in range(300):
                step = screen.meeting.conv.step
                if step.kind == "topics" or not isinstance(app.screen, SessionScreen):
                    break
                for key in _keys_for(step):
                    await pilot.press(key)
                    await pilot.pause()
            while not isinstance(app.screen, SessionScreen):
                await pilot.press("escape")  # e.g. the offer to finish: keep talking
                await pilot.pause()
            for _ in range(4):  # the same-run baseline, between topics
                await pilot.pause()
                redraws.append(_redraw_ms(screen))
        done = [t.id for t in screen.meeting.conv.topics() if t.status == "done"]
        times, settled = list(app.step_times), list(app.settle_times)
    rss_kb = _peak_rss_kb()
    return {
        "redraw_p95": p95(redraws),
        "p95": p95(times),
        "p50": statistics.median(times),
        "settled_p95": p95(settled),
        "steps": len(times),
        "topics_done": len(done),
        "rss_mb": rss_kb / 1024,
    }


def _peak_rss_kb() -> float:
    """This process's own peak resident memory, in KB.

    Linux keeps ``ru_maxrss`` across fork and exec, so a child started by a big parent (the
    records benchmarks reach ~430 MB) would report the parent's peak; ``VmHWM`` belongs to
    this process's own address space.
    """
    import resource

    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return float(line.split()[1])
    except OSError:
        pass
    return float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def child(records: Path, name: str) -> None:
    import asyncio

    result = asyncio.run(_meeting(records, name))
    print(json.dumps(result))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        sys.path.insert(0, str(ROOT))
        child(Path(sys.argv[2]), sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "--search-child":
        sys.path.insert(0, str(ROOT))
        search_child(Path(sys.argv[2]))
    elif len(sys.argv) == 3 and sys.argv[1] == "--open-child":
        sys.path.insert(0, str(ROOT))
        open_child(Path(sys.argv[2]))
    else:
        for name, value in run(quick="--quick" in sys.argv).items():
            print(f"{name:30s} {value:10.2f}")
