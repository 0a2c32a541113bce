"""Content an export reads that is not a regular file (issue 13 §3): a named pipe, a folder or
a symlink loop where an agency template or an easy-read picture should be is refused with a
message naming it, without blocking. A blocked export would never return, so each export runs
in a thread the test waits for with a time limit (and unblocks, to fail, if it hangs)."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.export import pictograms
from assistant.export.render import ExportError, render
from assistant.plans.model import Plan

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")

LIMIT = 30.0  # seconds: far more than an export takes; only a hang gets near it


def _outcome(call: Callable[[], Any], fifo: Path) -> BaseException | None:
    """What ``call`` raised (None if it returned), failing the test if it blocks."""
    found: list[BaseException | None] = []

    def run() -> None:
        try:
            call()
            found.append(None)
        except BaseException as exc:  # handed back to the test, which checks it
            found.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(LIMIT)
    if worker.is_alive():
        # Unblock the reader (a writer that opens and closes gives it end-of-file) so the
        # thread ends, then fail: the export was waiting on the pipe.
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(LIMIT)
        pytest.fail(f"the export blocked on the named pipe {fifo.name}")
    return found[0]


def _not_a_file(path: Path, kind: str) -> None:
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:  # a symlink that points at itself
        path.symlink_to(path.name)


@pytest.mark.parametrize("kind", ["fifo", "folder", "loop"])
def test_an_agency_template_that_is_not_a_file_is_refused_without_blocking(
    tmp_path: Path, agreed_plan: Plan, kind: str
) -> None:
    folder = tmp_path / "agency"
    folder.mkdir()
    template = folder / "plan.html.j2"
    _not_a_file(template, kind)
    error = _outcome(lambda: render(agreed_plan, "html", templates=folder), template)
    # Refused, not quietly replaced by the shipped template: the agency meant to use its own.
    assert isinstance(error, ExportError)
    assert str(template) in str(error) and "not a regular file" in str(error)
    assert "Nothing was exported" in str(error)


def test_a_template_included_by_an_agency_template_is_read_the_same_way(
    tmp_path: Path, agreed_plan: Plan
) -> None:
    folder = tmp_path / "agency"
    folder.mkdir()
    (folder / "plan.txt.j2").write_text("{% include 'part.txt.j2' %}\n", encoding="utf-8")
    part = folder / "part.txt.j2"
    os.mkfifo(part)
    error = _outcome(lambda: render(agreed_plan, "txt", templates=folder), part)
    assert isinstance(error, ExportError) and "a named pipe" in str(error)


@pytest.fixture
def pictures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the shipped pictures the export reads instead (read once per process, so
    the cache is emptied before and after)."""
    folder = tmp_path / "openmoji"
    shutil.copytree(pictograms._folder(), folder)
    monkeypatch.setattr(pictograms, "_folder", lambda: str(folder))
    pictograms.symbol.cache_clear()
    yield folder
    pictograms.symbol.cache_clear()


def test_an_easy_read_picture_that_is_a_named_pipe_does_not_block(
    pictures: Path, agreed_plan: Plan
) -> None:
    picture = pictures / f"{pictograms.PICTOGRAMS['plan']}.svg"  # on every easy read
    picture.unlink()
    os.mkfifo(picture)
    error = _outcome(lambda: render(agreed_plan, "easy"), picture)
    assert isinstance(error, ExportError)
    assert str(picture) in str(error) and "a named pipe" in str(error)


def test_the_easy_read_still_has_its_pictures(pictures: Path, agreed_plan: Plan) -> None:
    html = render(agreed_plan, "easy").decode("utf-8")
    assert '<symbol id="pic-plan"' in html
