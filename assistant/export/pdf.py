"""PDF through headless Chromium, when it is installed (nothing to install in Python).

Chromium prints the same standalone HTML export the user can open in a browser, so the PDF
and the web page never differ. The page it prints is written to an owner-only scratch folder
(assistant/scratch.py), never the system temp folder.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from assistant.scratch import scratch_dir, sweep_stale, write_private

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
MISSING_MESSAGE = (
    "PDF needs Chromium: install it (Debian/Ubuntu: `apt-get install chromium`) or export "
    "HTML and print it from a browser. Nothing was exported."
)
_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--no-pdf-header-footer",
)


class PdfUnavailable(Exception):
    """No Chromium was found (the message says how to get one)."""


class PdfFailed(Exception):
    """Chromium ran but did not produce a PDF."""


def find_chromium() -> str | None:
    """The first Chromium-family browser on PATH, or None."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def run_chromium(args: list[str], *, timeout: float, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium with a throwaway profile (no network services, no sync)."""
    browser = find_chromium()
    if browser is None:
        raise PdfUnavailable(MISSING_MESSAGE)
    profile = cwd / "profile"
    command = [browser, *_FLAGS, f"--user-data-dir={profile}", *args]
    try:
        return subprocess.run(
            command, cwd=cwd, capture_output=True, timeout=timeout, check=False, text=True
        )
    except subprocess.TimeoutExpired:
        raise PdfFailed(
            f"Chromium did not finish within {timeout:g} seconds. Nothing was exported; try "
            "again, or export HTML and print it from a browser."
        ) from None


def html_to_pdf(html: str, *, timeout: float = 60.0) -> bytes:
    """Print ``html`` (a standalone page) to PDF bytes with headless Chromium."""
    if find_chromium() is None:
        raise PdfUnavailable(MISSING_MESSAGE)
    sweep_stale(legacy=True)
    # The page is the decrypted plan: an owner-only folder of this user's, never the shared
    # temp folder, removed on every path (and at the next start if this process is killed).
    with scratch_dir("pdf") as work:
        page = work / "plan.html"
        write_private(page, html.encode("utf-8"))
        out = work / "plan.pdf"
        result = run_chromium([f"--print-to-pdf={out}", page.as_uri()], timeout=timeout, cwd=work)
        if not out.is_file() or out.stat().st_size == 0:
            detail = (result.stderr or "").strip().splitlines()[-1:] or ["no output"]
            raise PdfFailed(
                f"Chromium did not make a PDF ({detail[0]}). Nothing was exported; export "
                "HTML and print it from a browser instead."
            )
        return out.read_bytes()
