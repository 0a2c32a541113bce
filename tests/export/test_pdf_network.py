"""The PDF print of the decrypted plan reaches no network (issue 13 §3, docs/security.md): an
agency template naming a remote picture or style sheet makes no request, and Chromium's
sandbox is turned off only where it cannot run (as root, or when it will not start)."""

from __future__ import annotations

import http.server
import os
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from assistant.export import pdf

pytestmark = pytest.mark.skipif(os.name != "posix", reason="a stand-in browser in sh")


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:  # the name http.server calls
        self.seen.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: object) -> None:  # keep the test output quiet
        pass


@pytest.fixture
def server() -> Iterator[tuple[int, list[str]]]:
    """An HTTP server on loopback that records every request it gets."""
    seen: list[str] = []
    handler = type("Handler", (_Recorder,), {"seen": seen})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd.server_address[1], seen
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.skipif(pdf.find_chromium() is None, reason="Chromium not installed")
def test_a_page_naming_remote_resources_makes_no_request(server: tuple[int, list[str]]) -> None:
    port, seen = server
    page = f"""<!DOCTYPE html><html><head>
    <link rel="stylesheet" href="http://127.0.0.1:{port}/by-address.css">
    <link rel="stylesheet" href="http://localhost:{port}/by-name.css">
    <style>body {{ background: url("http://127.0.0.1:{port}/in-css.png"); }}</style>
    </head><body><p>Sam's plan</p>
    <img src="http://127.0.0.1:{port}/picture.png" alt="">
    <img src="http://example.invalid/far-away.png" alt="">
    <iframe src="http://127.0.0.1:{port}/frame"></iframe>
    <script>
      fetch("http://127.0.0.1:{port}/script");
      new WebSocket("ws://127.0.0.1:{port}/socket");
    </script>
    </body></html>"""
    assert pdf.html_to_pdf(page, timeout=90).startswith(b"%PDF-")
    assert seen == []


def _recording_browser(folder: Path, log: Path, body: str = "") -> None:
    """A stand-in 'chromium' on PATH: writes its arguments to ``log``, one a line, then runs
    ``body`` (sh), then makes a PDF where --print-to-pdf= says."""
    folder.mkdir(exist_ok=True)
    script = folder / "chromium"
    script.write_text(
        "#!/bin/sh\n"
        + textwrap.dedent(
            f"""
            printf '%s\\n' "$@" >> {log}
            echo --- >> {log}
            {body}
            for arg in "$@"; do
              case "$arg" in --print-to-pdf=*) out="${{arg#--print-to-pdf=}}";; esac
            done
            printf '%%PDF-1.4 fake' > "$out"
            """
        )
    )
    script.chmod(0o755)


@pytest.fixture
def browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The stand-in's argument log; each run's arguments end with a '---' line."""
    folder = tmp_path / "bin"
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    # Only the stand-in's name is looked for (an installed headless shell would come first).
    monkeypatch.setattr(pdf, "BROWSERS", ("chromium",))
    monkeypatch.setattr(pdf, "_no_sandbox", False)  # what an earlier test found stays there
    return tmp_path / "argv.log"


def _runs(log: Path) -> list[list[str]]:
    return [run.strip("\n").split("\n") for run in log.read_text().split("---\n") if run.strip()]


@pytest.mark.parametrize("euid", [0, 1000])
def test_every_print_blocks_the_network_and_keeps_the_sandbox_unless_root(
    browser: Path, monkeypatch: pytest.MonkeyPatch, euid: int
) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: euid)
    _recording_browser(browser.parent / "bin", browser)
    pdf.html_to_pdf("<p>Sam's plan</p>")
    [argv] = _runs(browser)
    assert "--host-resolver-rules=MAP * ~NOTFOUND" in argv
    assert "--proxy-server=http://127.0.0.1:9" in argv
    assert "--proxy-bypass-list=<-loopback>" in argv  # loopback goes to the dead proxy too
    assert ("--no-sandbox" in argv) == (euid == 0)


def test_where_the_sandbox_cannot_start_the_print_runs_without_it(
    browser: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    refuse = """
    case " $* " in
      *" --no-sandbox "*) ;;
      *) echo "FATAL: No usable sandbox! You are probably running on Ubuntu 23.10+" >&2
         exit 1;;
    esac
    """
    _recording_browser(browser.parent / "bin", browser, refuse)
    assert pdf.html_to_pdf("<p>Sam's plan</p>").startswith(b"%PDF-")
    first, second = _runs(browser)
    assert "--no-sandbox" not in first and "--no-sandbox" in second
    pdf.html_to_pdf("<p>Sam's plan</p>")  # the next print does not try the sandbox again
    assert "--no-sandbox" in _runs(browser)[2]


def test_another_failure_is_not_taken_for_the_sandbox(
    browser: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    _recording_browser(browser.parent / "bin", browser, "echo 'it broke' >&2; exit 1")
    with pytest.raises(pdf.PdfFailed):
        pdf.html_to_pdf("<p>Sam's plan</p>")
    assert all("--no-sandbox" not in argv for argv in _runs(browser))
