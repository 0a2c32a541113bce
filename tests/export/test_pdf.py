"""PDF through headless Chromium, and the HTML export displayed in it (skipped without it)."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from assistant.export import pdf
from assistant.export.render import ExportError, render
from assistant.plans.model import Plan

needs_chromium = pytest.mark.skipif(pdf.find_chromium() is None, reason="Chromium not installed")


def _png_pixels(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and the decompressed scanlines of a PNG (enough to judge its content)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        chunk = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", chunk[:8])
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    return width, height, zlib.decompress(idat)


def test_without_chromium_the_message_says_how_to_get_it(
    plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "find_chromium", lambda: None)
    with pytest.raises(ExportError) as caught:
        render(plan, "pdf")
    message = str(caught.value)
    assert "PDF needs Chromium" in message
    assert "apt-get install chromium" in message
    assert "export HTML and print it from a browser" in message


def test_chromium_is_looked_for_under_its_usual_names(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(shutil, "which", lambda name: asked.append(name) or None)
    assert pdf.find_chromium() is None
    # The full browsers under their usual names, then the headless shells (issue 18).
    assert asked == [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
        "chromium-headless-shell",
        "chrome-headless-shell",
    ]


def test_a_headless_shell_is_used_only_without_a_full_browser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    installed = {"chromium": "/usr/bin/chromium", "chromium-headless-shell": "/usr/bin/shell"}
    monkeypatch.setattr(shutil, "which", installed.get)
    assert pdf.find_chromium() == "/usr/bin/chromium"
    del installed["chromium"]
    assert pdf.find_chromium() == "/usr/bin/shell"


@needs_chromium
def test_a_pdf_is_made(plan: Plan) -> None:
    data = render(plan, "pdf")
    assert data.startswith(b"%PDF-")
    assert len(data) > 10_000


@needs_chromium
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_the_pdf_holds_the_plans_words(plan: Plan, tmp_path: Path) -> None:
    target = tmp_path / "plan.pdf"
    target.write_bytes(render(plan, "pdf"))
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Relationship plan for Sam" in text
    assert "Go to the walking group" in text


@needs_chromium
def test_the_html_export_displays_in_a_browser(plan: Plan, tmp_path: Path) -> None:
    page = tmp_path / "plan.html"
    page.write_bytes(render(plan, "html"))
    shot = tmp_path / "plan.png"
    result = pdf.run_chromium(
        ["--hide-scrollbars", "--window-size=900,1400", f"--screenshot={shot}", page.as_uri()],
        timeout=60,
        cwd=tmp_path,
    )
    assert shot.is_file(), result.stderr
    width, height, pixels = _png_pixels(shot.read_bytes())
    assert (width, height) == (900, 1400)
    # A blank or error page is nearly all one colour; the plan has text, tables and drawings.
    dark = sum(1 for byte in pixels if byte < 128)
    assert dark > len(pixels) * 0.01
    assert len(set(pixels)) > 50


def _page_texts(path: Path) -> list[str]:
    """Each page's text, spaces and line breaks removed (the draft mark is printed at an
    angle, so its words come out on several lines)."""
    pages = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    return ["".join(page.split()) for page in pages if page.strip()]


@needs_chromium
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_every_page_of_a_draft_pdf_says_draft(draft_plan: Plan, tmp_path: Path) -> None:
    target = tmp_path / "draft.pdf"
    target.write_bytes(render(draft_plan, "pdf"))
    pages = _page_texts(target)
    assert len(pages) > 2
    assert all("DRAFT–NOTAGREEDYET" in page for page in pages)


@needs_chromium
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_no_page_of_an_agreed_pdf_says_draft(agreed_plan: Plan, tmp_path: Path) -> None:
    target = tmp_path / "agreed.pdf"
    target.write_bytes(render(agreed_plan, "pdf"))
    assert not any("DRAFT" in page for page in _page_texts(target))
