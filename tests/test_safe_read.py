"""assistant/safe_read.py: regular files only, and never blocking on a named pipe (issue 13 §3).

The readers of records, settings and content all go through it; these tests run each kind of
"not a file" through the real commands in a child process, so a hang fails by the timeout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.safe_read import NotRegularFile, peek, read_regular

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample"

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


def _make(path: Path, kind: str) -> None:
    path.unlink(missing_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path.symlink_to(path.name)  # a symlink that points at itself


KINDS = [pytest.param("fifo", marks=needs_fifo), "folder", "loop"]


def test_a_regular_file_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 3_000_000)
    assert read_regular(path) == b"x" * 3_000_000


def test_a_limit_reads_no_more(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"abcdef")
    assert read_regular(path, 4) == b"abcd"


def test_a_symlink_to_a_regular_file_is_read(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_bytes(b"hello")
    (tmp_path / "link.txt").symlink_to("real.txt")
    assert read_regular(tmp_path / "link.txt") == b"hello"


@pytest.mark.parametrize("kind", KINDS)
def test_anything_else_is_refused_at_once(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "thing"
    _make(path, kind)
    with pytest.raises(NotRegularFile, match="not a regular file"):
        read_regular(path)
    assert peek(path, 8) is None


def test_a_missing_file_is_still_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_regular(tmp_path / "missing")


def _load_content(content: Path) -> subprocess.CompletedProcess[str]:
    """Load a content folder as the app does, in a child process (a hang fails by timeout)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CPI_")}
    code = (
        "import sys; from pathlib import Path\n"
        "from assistant.authoring.content import load_content\n"
        "from assistant.flows.problems import ContentError\n"
        "try:\n    load_content(Path(sys.argv[1]))\n"
        "except ContentError as exc:\n    print(exc)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(content)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize("kind", KINDS)
def test_a_topic_file_that_is_not_a_file_is_reported_without_blocking(
    tmp_path: Path, kind: str
) -> None:
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    _make(content / "flows" / "other.yaml", kind)
    result = _load_content(content)
    assert "Traceback" not in result.stderr, result.stderr
    assert "other.yaml" in result.stdout and "not a regular file" in result.stdout


@needs_fifo
def test_a_settings_file_that_is_a_pipe_gives_the_usual_settings(tmp_path: Path) -> None:
    from assistant.settings import load_settings

    path = tmp_path / "settings.json"
    os.mkfifo(path)
    loaded = load_settings(path)  # would block forever on a blocking open
    assert loaded.problem is not None and "not a regular file" in loaded.problem
