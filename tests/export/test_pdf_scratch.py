"""The page a PDF is printed from (the decrypted plan) stays private and never stays behind
(issue 13 §3): an owner-only folder of this user's, not the shared temp folder; removed on
every path, and at the next start after the exporting process was killed with SIGKILL.

A stand-in "chromium" on PATH (a small shell script) plays the browser, so these run anywhere.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from assistant.export import pdf
from assistant.records import CaseStore
from assistant.scratch import scratch_root

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and signals")

SECRET = "my brother Tobias in Leeds"


def _fake_chromium(folder: Path, body: str) -> None:
    """Put a 'chromium' on PATH that runs ``body`` (sh) with the page's folder as $PWD."""
    folder.mkdir(exist_ok=True)
    script = folder / "chromium"
    script.write_text("#!/bin/sh\n" + textwrap.dedent(body))
    script.chmod(0o755)


@pytest.fixture
def browser_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "bin"
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    # Only the stand-in's name is looked for (an installed headless shell would come first).
    monkeypatch.setattr(pdf, "BROWSERS", ("chromium",))
    return folder


def _pdf_out_arg() -> str:
    # The stand-in writes a PDF where --print-to-pdf= says, and copies the page it was given.
    return """
    for arg in "$@"; do
      case "$arg" in --print-to-pdf=*) out="${arg#--print-to-pdf=}";; esac
    done
    """


def test_the_page_is_private_and_outside_the_shared_temp_folder(browser_dir: Path) -> None:
    seen = browser_dir.parent / "seen"
    _fake_chromium(
        browser_dir,
        _pdf_out_arg()
        + f"""
    stat -c '%a %n' "$PWD" "$PWD/plan.html" > {seen}
    printf '%%PDF-1.4 fake' > "$out"
    """,
    )
    assert pdf.html_to_pdf(f"<p>{SECRET}</p>").startswith(b"%PDF-")
    folder_mode, folder = seen.read_text().splitlines()[0].split(" ", 1)
    page_mode, _ = seen.read_text().splitlines()[1].split(" ", 1)
    assert (folder_mode, page_mode) == ("700", "600")
    assert Path(folder).parent == scratch_root()
    assert Path(folder).parent != Path(tempfile.gettempdir())  # not loose in the shared one
    assert scratch_root().stat().st_mode & 0o077 == 0


def test_nothing_is_left_after_a_pdf(browser_dir: Path) -> None:
    _fake_chromium(browser_dir, _pdf_out_arg() + "printf '%%PDF-1.4 fake' > \"$out\"\n")
    pdf.html_to_pdf(f"<p>{SECRET}</p>")
    assert list(scratch_root().iterdir()) == []


def test_nothing_is_left_when_chromium_fails(browser_dir: Path) -> None:
    _fake_chromium(browser_dir, "echo 'it broke' >&2\nexit 1\n")
    with pytest.raises(pdf.PdfFailed):
        pdf.html_to_pdf(f"<p>{SECRET}</p>")
    assert list(scratch_root().iterdir()) == []


def test_nothing_is_left_when_chromium_times_out(browser_dir: Path) -> None:
    _fake_chromium(browser_dir, "exec sleep 30\n")
    with pytest.raises(pdf.PdfFailed, match="did not finish"):
        pdf.html_to_pdf(f"<p>{SECRET}</p>", timeout=0.5)
    assert list(scratch_root().iterdir()) == []


def test_chromium_never_sees_the_passphrase(
    browser_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CPI_PASSPHRASE", "correct horse battery")
    seen = browser_dir.parent / "env"
    _fake_chromium(browser_dir, _pdf_out_arg() + f"env > {seen}\nprintf '%%PDF-1.4' > \"$out\"\n")
    pdf.html_to_pdf(f"<p>{SECRET}</p>")
    env = seen.read_text()
    assert "correct horse battery" not in env and "CPI_" not in env
    assert "PATH=" in env  # what it needs to run is still there


def test_what_chromium_writes_to_its_config_and_temp_folders_goes_with_the_page(
    browser_dir: Path,
) -> None:
    # Chromium's crash database lives in $XDG_CONFIG_HOME/chromium, inside the page's folder;
    # its shared memory and socket in $TMPDIR, an owner-only folder of its own with a short
    # path (a socket's path is at most about 104 bytes). Both are removed after.
    seen = browser_dir.parent / "where"
    _fake_chromium(
        browser_dir,
        _pdf_out_arg()
        + f"""
    mkdir -p "$XDG_CONFIG_HOME/chromium/Crash Reports/pending"
    cp plan.html "$XDG_CONFIG_HOME/chromium/Crash Reports/pending/x.dmp"
    cp plan.html "$TMPDIR/.org.chromium.Chromium.x"
    echo "$XDG_CONFIG_HOME $XDG_CACHE_HOME $PWD $TMPDIR" > {seen}
    stat -c '%a' "$TMPDIR" >> {seen}
    printf '%%PDF-1.4' > "$out"
    """,
    )
    pdf.html_to_pdf(f"<p>{SECRET}</p>")
    config, cache, page_folder, tmp, tmp_mode = seen.read_text().split()
    assert Path(config).parent == Path(cache).parent == Path(page_folder)
    assert tmp_mode == "700" and len(tmp) <= 60
    assert list(scratch_root().iterdir()) == [] and not Path(tmp).exists()


def test_chromium_is_told_to_write_no_crash_reports(browser_dir: Path) -> None:
    seen = browser_dir.parent / "args"
    _fake_chromium(
        browser_dir, _pdf_out_arg() + f'echo "$@" > {seen}\nprintf \'%%PDF-1.4\' > "$out"\n'
    )
    pdf.html_to_pdf(f"<p>{SECRET}</p>")
    args = seen.read_text().split()
    assert "--disable-breakpad" in args and "--disable-crash-reporter" in args


_CHILD = """
import sys
from assistant.export import pdf
pdf.BROWSERS = ("chromium",)  # the stand-in on PATH, not a headless shell installed
pdf.html_to_pdf(sys.argv[1], timeout=120)
"""


def _killed_while_printing(browser_dir: Path, tmp_path: Path, where: str) -> Path:
    """Run an export in a child process whose stand-in browser says ``where`` (a shell
    expression: its folder, its temp folder) once it runs, then kill the export with SIGKILL
    (its process group: the browser too). Returns the folder it said."""
    ready = tmp_path / "ready"
    os.mkfifo(ready)
    _fake_chromium(browser_dir, f'echo "{where}" > {ready}\nexec sleep 120\n')
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, f"<p>{SECRET}</p>"],
        start_new_session=True,  # its own process group: the browser is killed with it
    )
    try:
        with open(ready) as pipe:  # blocks until the page exists and the browser runs
            folder = Path(pipe.readline().strip())
        os.killpg(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
    return folder


def test_a_page_left_by_a_killed_export_goes_at_the_next_start(
    browser_dir: Path, tmp_path: Path
) -> None:
    folder = _killed_while_printing(browser_dir, tmp_path, "$PWD")
    assert SECRET in (folder / "plan.html").read_text()  # the kill left it behind...
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    CaseStore(tmp_path / "records")  # ...and the next start (opening the records) removes it
    assert not folder.exists()


def test_a_scratch_folder_in_use_is_not_swept(browser_dir: Path, tmp_path: Path) -> None:
    ready = tmp_path / "ready"
    os.mkfifo(ready)
    go_on = tmp_path / "go-on"
    os.mkfifo(go_on)
    _fake_chromium(
        browser_dir,
        _pdf_out_arg() + f'echo "$PWD" > {ready}\nread x < {go_on}\nprintf \'%%PDF\' > "$out"\n',
    )
    child = subprocess.Popen([sys.executable, "-c", _CHILD, "<p>x</p>"])
    try:
        with open(ready) as pipe:
            folder = Path(pipe.readline().strip())
        CaseStore(tmp_path / "records")  # another window starts while the export runs
        assert (folder / "plan.html").exists()
        with open(go_on, "w") as pipe:
            pipe.write("go\n")
        assert child.wait(timeout=60) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert not folder.exists()


def test_chromiums_temp_folder_left_by_a_killed_export_goes_at_the_next_export(
    browser_dir: Path, tmp_path: Path
) -> None:
    left = _killed_while_printing(browser_dir, tmp_path, "$TMPDIR")
    assert left.is_dir()  # the kill left it behind...
    _fake_chromium(browser_dir, _pdf_out_arg() + "printf '%%PDF-1.4' > \"$out\"\n")
    pdf.html_to_pdf("<p>x</p>")  # ...and the next export removes it
    assert not left.exists()
