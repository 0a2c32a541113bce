"""Content at scale (issue 18): a pack ten times today's, about 160 topics.

The pack is a bench fixture, never shipped: the shipped content folder copied, with each
topic copied again under new ids (``goals_c3``, calling ``goal_steps_c3``) until there are
``TOPICS`` topic files. Each copy is a whole set of the shipped topics (so every ``topic:``
a copy calls is in the same copy); the last, partial set takes only topics whose calls it
also holds.

- ``startup_ms_160_topics``: from starting ``python`` to Home drawn with that content
  (``cpi-assistant --content DIR``), 1,000 people on record, the median of several runs;
  ``startup_ratio_160_topics`` over Textual's hello world measured in the same run,
  interleaved (as ``startup_ratio`` in bench_app.py, whose helpers this uses).
- ``content_ready_ms_160_topics``: the same start, until the topics are loaded and checked
  (a meeting can open): the app loads them off the first screen, so this is what a worker
  waits for at most before the first meeting.
- ``lint_160_topics_ms``: ``cpi-assistant validate`` over the whole folder (every topic,
  playthrough, the directory, personas, agency), in a fresh interpreter; the median of runs.
  ``lint_160_topics_cpu_ms`` is the CPU time of the same (steadier on a busy machine), and
  ``lint_ratio_160_vs_shipped`` its wall time over validating the shipped content folder,
  interleaved (``lint_shipped_ms``).
- ``startup_ratio_160_vs_shipped``: start-up with the pack over start-up with the shipped
  content (``--content content``), interleaved: what the pack's size alone costs.
- ``content_load_ms_160_topics``: ``load_content`` (read, check, link) in a fresh interpreter.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CONTENT = ROOT / "content"
TOPICS = 160

_ID = re.compile(r"^id: (\w+)\s*$", re.M)
_CALLS = re.compile(r"^(\s+topic: )(\w+)\s*$", re.M)
_TITLE = re.compile(r"^title: (.+)$", re.M)


def _shipped() -> dict[str, tuple[Path, str, set[str]]]:
    """Each shipped topic id -> (its file, its text, the topics it calls)."""
    found: dict[str, tuple[Path, str, set[str]]] = {}
    for path in sorted((CONTENT / "flows").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        match = _ID.search(text)
        assert match, path
        found[match.group(1)] = (path, text, {m.group(2) for m in _CALLS.finditer(text)})
    return found


def _families(shipped: dict[str, tuple[Path, str, set[str]]]) -> list[set[str]]:
    """The topics in groups linked by calls (either way), smallest first."""
    families: list[set[str]] = []
    for topic_id, (_, _, calls) in shipped.items():
        family = {topic_id} | (calls & set(shipped))
        for joined in [f for f in families if f & family]:
            families.remove(joined)
            family |= joined
        families.append(family)
    return sorted(families, key=lambda f: (len(f), sorted(f)))


def _copy(text: str, ids: set[str], n: int) -> str:
    """``text`` with its own id, the topics it calls and its title made copy ``n``'s."""
    text = _ID.sub(lambda m: f"id: {m.group(1)}_c{n}", text, count=1)
    text = _CALLS.sub(
        lambda m: f"{m.group(1)}{m.group(2)}_c{n}" if m.group(2) in ids else m.group(0), text
    )
    return _TITLE.sub(lambda m: f"title: {m.group(1)} ({n})", text, count=1)


def make_pack(dest: Path, topics: int = TOPICS) -> Path:
    """The shipped content folder at ``dest`` with ``topics`` topic files in all."""
    shutil.copytree(CONTENT, dest)
    shipped = _shipped()
    ids = set(shipped)
    flows = dest / "flows"
    count, n = len(shipped), 0
    while count < topics:
        n += 1
        left = topics - count
        chosen = set(ids)
        if left < len(ids):
            # A partial set: whole families (a topic with the topics it calls and those that
            # call it), so no sub-flow is copied without its caller, nor a caller without it.
            chosen = set()
            for family in _families(shipped):
                if len(chosen) + len(family) <= left:
                    chosen |= family
            if not chosen:
                break
        for topic_id in sorted(chosen):
            path, text, _ = shipped[topic_id]
            copied = _copy(text, ids, n)
            (flows / f"{path.stem}_c{n}.yaml").write_text(copied, encoding="utf-8")
        count += len(chosen)
    return dest


def _fresh_ms(code: str, *args: str, line: int = -1) -> float:
    """What ``code`` prints (a time in ms; its last line, or ``line``), in a fresh
    interpreter."""
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return float(out.stdout.strip().splitlines()[line])


LINT = """
import sys, time
start, cpu = time.perf_counter(), time.process_time()
from assistant.cli import main
code = main(["validate", sys.argv[1]])
assert code == 0, code
print((time.process_time() - cpu) * 1000)
print((time.perf_counter() - start) * 1000)
"""

LOAD = """
import sys, time
from pathlib import Path
from assistant.authoring.content import load_content
start = time.perf_counter()
content = load_content(Path(sys.argv[1]))
assert len(content.topics) >= 150, len(content.topics)
print((time.perf_counter() - start) * 1000)
"""

# The app started as cpi-assistant --content DIR is, with a hook that says when Home is ready
# (READY) and when the topics are loaded (LOADED), headless at 80x24 as in bench_app.py.
OURS = """
import sys
from textual.app import App

def ready(app):
    print("READY", flush=True)
    def loaded():
        if app.topic_content is not None or app.content_problem is not None:
            print("LOADED", flush=True)
            app.exit()
        else:
            app.set_timer(0.005, loaded)
    loaded()

run = App.run
App.run = lambda self, **kw: run(self, headless=True, size=(80, 24))
import assistant.ui.app as ui_app
make_app = ui_app.make_app
ui_app.make_app = lambda **kw: make_app(**kw, on_ready=ready)
from assistant.cli import main
main(["--data-dir", sys.argv[1], "--content", sys.argv[2]])
"""


def _times_to(code: str, *args: str, pycache: Path) -> tuple[float, float]:
    """From starting python to READY, and to LOADED, in ms."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONPYCACHEPREFIX": str(pycache)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
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
    marks: dict[str, float] = {}
    for line in proc.stdout:
        marks[line.strip()] = (time.perf_counter() - started) * 1000
        if "LOADED" in marks:
            break
    proc.wait(timeout=60)
    if "READY" not in marks or "LOADED" not in marks:
        raise RuntimeError("the app did not start with the generated content")
    return marks["READY"], marks["LOADED"]


def run(quick: bool) -> dict[str, float]:
    sys.path.insert(0, str(HERE))
    from bench_app import HELLO, _time_to_ready, build_records

    runs = 3 if quick else 9
    with tempfile.TemporaryDirectory() as tmp:
        pack = make_pack(Path(tmp) / "content")
        count = len(list((pack / "flows").glob("*.yaml")))
        records, pycache = Path(tmp) / "records", Path(tmp) / "pycache"
        build_records(records)
        lint, lint_cpu, lint_shipped = [], [], []
        for _ in range(runs):
            lint_shipped.append(_fresh_ms(LINT, str(CONTENT)))
            lint.append(_fresh_ms(LINT, str(pack)))
            lint_cpu.append(_fresh_ms(LINT, str(pack), line=-2))
        load = [_fresh_ms(LOAD, str(pack)) for _ in range(runs)]
        # Untimed first runs: the OS file cache, and the bytecode compiled.
        _time_to_ready(HELLO, pycache=pycache)
        _times_to(OURS, str(records), str(pack), pycache=pycache)
        hello, ready, loaded, shipped = [], [], [], []
        for _ in range(runs):
            hello.append(_time_to_ready(HELLO, pycache=pycache))
            home, topics = _times_to(OURS, str(records), str(pack), pycache=pycache)
            ready.append(home)
            loaded.append(topics)
            shipped.append(_times_to(OURS, str(records), str(CONTENT), pycache=pycache)[0])
    startup, hello_ms = statistics.median(ready), statistics.median(hello)
    return {
        "topics_in_pack": float(count),
        "lint_160_topics_ms": statistics.median(lint),
        "lint_160_topics_cpu_ms": statistics.median(lint_cpu),
        "lint_shipped_ms": statistics.median(lint_shipped),
        "lint_ratio_160_vs_shipped": statistics.median(lint) / statistics.median(lint_shipped),
        "content_load_ms_160_topics": statistics.median(load),
        "startup_ms_160_topics": startup,
        "content_ready_ms_160_topics": statistics.median(loaded),
        "textual_hello_startup_ms_content_run": hello_ms,
        "startup_ratio_160_topics": startup / hello_ms,
        "startup_ratio_160_vs_shipped": startup / statistics.median(shipped),
    }


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--make":
        print(make_pack(Path(sys.argv[2])))
    else:
        for name, value in run(quick="--quick" in sys.argv).items():
            print(f"{name:40s} {value:10.1f}")
