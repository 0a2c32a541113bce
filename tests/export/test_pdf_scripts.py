"""The PDF print runs no script and loads nothing from outside the page (docs/security.md): an
agency template that prints a person's words with ``|safe`` must not let them run in the
browser that holds the decrypted plan."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from assistant.export import pdf

pytestmark = [
    pytest.mark.skipif(pdf.find_chromium() is None, reason="Chromium not installed"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed"),
]


def _text(pdf_bytes: bytes, folder: Path) -> str:
    out = folder / "printed.pdf"
    out.write_bytes(pdf_bytes)
    return subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_a_script_in_the_page_does_not_run_when_printed(tmp_path: Path) -> None:
    page = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
    <p id="words">What matters: my garden</p>
    <script>document.getElementById("words").textContent = "A script ran";</script>
    <img src="x" onerror="document.body.append('An onerror ran')" alt="">
    </body></html>"""
    text = _text(pdf.html_to_pdf(page, timeout=90), tmp_path)
    assert "What matters: my garden" in text
    assert "ran" not in text


def test_a_local_file_named_in_the_page_is_not_printed(tmp_path: Path) -> None:
    secret = tmp_path / "other-person.html"
    secret.write_text("<p>Another person's record</p>", encoding="utf-8")
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
    <p>Sam's plan</p><iframe src="{secret.as_uri()}"></iframe></body></html>"""
    text = _text(pdf.html_to_pdf(page, timeout=90), tmp_path)
    assert "Sam's plan" in text
    assert "Another person" not in text
