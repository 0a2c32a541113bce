"""PDF through headless Chromium, when it is installed (nothing to install in Python).

Chromium prints the same standalone HTML export the user can open in a browser, so the PDF
and the web page never differ. The page it prints is written to an owner-only scratch folder
(assistant/scratch.py), never the system temp folder.

Each page's header and footer (whose plan, which version, agreed or draft, who the copy is
for, "Page x of y") are the page's own CSS page margin boxes (``@page { @top-left ... }`` in
plan.html.j2), which Chromium draws since version 131; Chromium's own header and footer (the
file's address and the time) are turned off. Characters no installed font can draw are
written as their names before printing (:func:`readable_glyphs`), so a PDF never shows
empty boxes where a person's words were.
"""

from __future__ import annotations

import bisect
import functools
import os
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

from assistant.scratch import scratch_dir, short_scratch_dir, sweep_stale, write_private

# Chromium's headless shell (Debian: chromium-headless-shell; Google: chrome-headless-shell)
# prints with the same Blink in about half the time (a 15-page plan: ~0.6 s of CPU instead of
# ~1.1 s; issue 18), but is only used where no full browser is installed: pdftotext reads the
# draft watermark into a sentence of its PDFs, so it is not yet the default (docs/export.md).
BROWSERS = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chromium-headless-shell",
    "chrome-headless-shell",
)
MISSING_MESSAGE = (
    "PDF needs Chromium: install it (Debian/Ubuntu: `apt-get install chromium`) or export "
    "HTML and print it from a browser. Nothing was exported."
)
_FLAGS = (
    "--headless",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--no-pdf-header-footer",
    # A crash report is a copy of the process's memory and environment: the decrypted plan,
    # and CPI_PASSPHRASE if it was set. None is written (and the folder is ours, below).
    "--disable-breakpad",
    "--disable-crash-reporter",
)
# What Chromium may see of our environment on Linux and the BSDs: enough to find itself, its
# fonts (the same ones fc-list told readable_glyphs about) and the language, and nothing else
# (never CPI_PASSPHRASE). Its config, crash and temp folders are set inside the scratch folder,
# so whatever it writes there is removed with the page.
_ENV_KEPT = (
    "PATH",
    "HOME",
    "LANG",
    "LANGUAGE",
    "TZ",
    "XDG_DATA_HOME",
    "XDG_DATA_DIRS",
    "FONTCONFIG_FILE",
    "FONTCONFIG_PATH",
    "FONTCONFIG_SYSROOT",
)
# The page is the decrypted plan, and an agency template (or a directory entry it shows) could
# name a remote picture or style sheet: the print must not reach the network, or a template
# could send the plan's existence, or more, to a server. Every host name resolves to nothing,
# every request (by name or by address, loopback included, web sockets too) goes to a proxy at
# a port on which nothing listens, and WebRTC may not go round the proxy. (Scripts and loads
# from outside the page are also stopped by the page's own policy: PRINT_POLICY below.)
NO_NETWORK_FLAGS = (
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
    "--dns-prefetch-disable",
    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
)
# The page is printed under a Content-Security-Policy of its own, first in the page (before
# anything an agency template writes): no script runs (a person's words printed with |safe, or
# an onerror= in them, would otherwise run in the browser that holds the plan; an alert() hung
# the print until the timeout), and nothing is loaded from outside the page, not even a file
# beside it (an <iframe src="file:///..."> would print that file). Chromium's own switch for
# scripts (--blink-settings=scriptEnabled=false) cannot be used: its headless print then makes
# no PDF. A policy the template sets as well can only narrow this one.
PRINT_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "form-action 'none'"
)
POLICY_META = f'<meta http-equiv="Content-Security-Policy" content="{PRINT_POLICY}">'
_DOCTYPE = re.compile(r"\A\ufeff?\s*(?:<!doctype[^>]*>)?", re.IGNORECASE)


def with_print_policy(html: str) -> str:
    """``html`` with :data:`PRINT_POLICY` as its first element (after any doctype, so the page
    keeps its standards mode)."""
    start = _DOCTYPE.match(html)
    end = start.end() if start else 0
    return html[:end] + POLICY_META + html[end:]


# Chromium will not start its sandbox as root; elsewhere the sandbox confines the renderer that
# reads the page. Where it cannot start (some containers have no user namespaces), the print is
# tried again without it, once per process (docs/security.md).
_no_sandbox = False


def _sandbox_flags() -> tuple[str, ...]:
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    return ("--no-sandbox",) if as_root or _no_sandbox else ()


def _sandbox_would_not_start(result: subprocess.CompletedProcess[str]) -> bool:
    # Chromium says so on stderr ("No usable sandbox!", "...sandbox is not configured...").
    return not _sandbox_flags() and "sandbox" in (result.stderr or "").lower()


class PdfUnavailable(Exception):
    """No Chromium was found (the message says how to get one)."""


class PdfFailed(Exception):
    """Chromium ran but did not produce a PDF."""


def find_chromium() -> str | None:
    """The first Chromium-family browser on PATH (a full browser before a headless shell),
    or None."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium_env(work: Path, tmp: Path) -> dict[str, str]:
    """The environment Chromium runs in: a few variables of ours (``_ENV_KEPT``, the locale),
    with its config and cache folders inside ``work`` and its temp folder ``tmp`` (which must
    have a short path: Chromium makes a socket there). On Windows, where a program needs many
    system variables to start, ours minus every ``CPI_`` one, with its temp folder ``tmp``."""
    if os.name == "nt":
        env = {k: v for k, v in os.environ.items() if not k.upper().startswith("CPI_")}
        env["TEMP"] = env["TMP"] = str(tmp)
        return env
    env = {k: v for k, v in os.environ.items() if k in _ENV_KEPT or k.startswith("LC_")}
    env.update(
        XDG_CONFIG_HOME=str(work / "config"), XDG_CACHE_HOME=str(work / "cache"), TMPDIR=str(tmp)
    )
    return env


def run_chromium(args: list[str], *, timeout: float, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium with a throwaway profile (no network services, no sync) and only
    the environment it needs (:func:`chromium_env`)."""
    browser = find_chromium()
    if browser is None:
        raise PdfUnavailable(MISSING_MESSAGE)
    profile = cwd / "profile"
    started = time.monotonic()
    # Its temp folder (shared memory, with --disable-dev-shm-usage, and a socket) is its own
    # owner-only one, removed after: never loose in the shared temp folder.
    with short_scratch_dir("browser") as tmp:
        env = chromium_env(cwd, tmp)
        return _run(browser, args, profile, env, cwd, started, timeout)


def _run(
    browser: str,
    args: list[str],
    profile: Path,
    env: dict[str, str],
    cwd: Path,
    started: float,
    timeout: float,
) -> subprocess.CompletedProcess[str]:
    global _no_sandbox
    try:
        while True:
            flags = (*_FLAGS, *NO_NETWORK_FLAGS, *_sandbox_flags())
            command = [browser, *flags, f"--user-data-dir={profile}", *args]
            left = timeout - (time.monotonic() - started)
            result = subprocess.run(
                command,
                cwd=cwd,
                env=env,
                capture_output=True,
                timeout=left,
                check=False,
                text=True,
            )
            if result.returncode == 0 or not _sandbox_would_not_start(result):
                return result
            _no_sandbox = True  # this machine cannot run it: the same for every later print
    except subprocess.TimeoutExpired:
        raise PdfFailed(
            f"Chromium did not finish within {timeout:g} seconds. Nothing was exported; try "
            "again, or export HTML and print it from a browser."
        ) from None


# Characters below this are Latin, which every font the page names covers.
_CHECK_FROM = 0x300
_RANGE = re.compile(r"([0-9a-f]+)(?:-([0-9a-f]+))?")


@functools.lru_cache(maxsize=1)
def installed_coverage() -> tuple[tuple[int, ...], tuple[int, ...]] | None:
    """The characters the installed fonts can draw, as sorted (starts, ends) of ranges, from
    fontconfig (which Chromium uses on Linux); None where fontconfig cannot tell us."""
    # Chromium asks fontconfig on Linux and the BSDs only; on macOS and Windows a fontconfig
    # someone installed would not list the fonts Chromium uses.
    fc_list = shutil.which("fc-list")
    if fc_list is None or sys.platform in ("darwin", "win32", "cygwin"):
        return None
    try:
        listed = subprocess.run(
            [fc_list, "--format", "%{charset}\\n"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    ranges = sorted((int(low, 16), int(high or low, 16)) for low, high in _RANGE.findall(listed))
    merged: list[list[int]] = []
    for low, high in ranges:
        if merged and low <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    if not merged:
        return None
    return tuple(r[0] for r in merged), tuple(r[1] for r in merged)


def _covered(code: int, coverage: tuple[tuple[int, ...], tuple[int, ...]]) -> bool:
    starts, ends = coverage
    index = bisect.bisect_right(starts, code) - 1
    return index >= 0 and code <= ends[index]


def _readable(ch: str) -> str:
    # A symbol's name says what it was ("[grinning face]"); a letter of a script with no font
    # here has a name that helps nobody, so its code point is given instead.
    if unicodedata.category(ch).startswith("S"):
        name = unicodedata.name(ch, "")
        if name:
            return f"[{name.lower()}]"
    return f"[U+{ord(ch):04X}]"


def readable_glyphs(
    html: str, coverage: tuple[tuple[int, ...], tuple[int, ...]] | None = None
) -> str:
    """``html`` with each character no installed font can draw written as readable text.

    Marks, joiners and variation selectors are left alone (they draw nothing themselves).
    With no way to know the fonts (no fontconfig), the page is printed as it is.
    """
    coverage = coverage or installed_coverage()
    if coverage is None:
        return html
    missing = {
        ch
        for ch in set(html)
        if ord(ch) >= _CHECK_FROM
        and unicodedata.category(ch) not in ("Mn", "Me", "Cf", "Zs", "Zl", "Zp", "Cs", "Co")
        and not _covered(ord(ch), coverage)
    }
    if not missing:
        return html
    return "".join(_readable(ch) if ch in missing else ch for ch in html)


# One process instead of a browser, a zygote and a renderer: printing our own script-free
# page this way took a third less time on two busy cores. Chromium calls it unsupported, so
# a print that makes nothing is tried again the usual way.
_QUICK_FLAGS = ("--single-process", "--no-zygote")


def _made(out: Path) -> bool:
    return out.is_file() and out.stat().st_size > 0


def html_to_pdf(html: str, *, timeout: float = 60.0) -> bytes:
    """Print ``html`` (a standalone page) to PDF bytes with headless Chromium."""
    if find_chromium() is None:
        raise PdfUnavailable(MISSING_MESSAGE)
    sweep_stale(legacy=True)
    deadline = time.monotonic() + timeout
    # The page is the decrypted plan: an owner-only folder of this user's, never the shared
    # temp folder, removed on every path (and at the next start if this process is killed).
    with scratch_dir("pdf") as work:
        page = work / "plan.html"
        write_private(page, with_print_policy(readable_glyphs(html)).encode("utf-8"))
        out = work / "plan.pdf"
        args = [f"--print-to-pdf={out}", page.as_uri()]
        result = run_chromium([*_QUICK_FLAGS, *args], timeout=timeout, cwd=work)
        left = deadline - time.monotonic()
        if not _made(out) and left > 1:
            out.unlink(missing_ok=True)
            result = run_chromium(args, timeout=left, cwd=work)
        if not _made(out):
            detail = (result.stderr or "").strip().splitlines()[-1:] or ["no output"]
            raise PdfFailed(
                f"Chromium did not make a PDF ({detail[0]}). Nothing was exported; export "
                "HTML and print it from a browser instead."
            )
        return out.read_bytes()
