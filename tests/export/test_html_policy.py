"""A web-page copy runs no script and loads nothing from outside itself when opened in a
browser (docs/security.md): its own Content-Security-Policy, the same one the PDF print uses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.export import pdf
from assistant.export.render import FORMATS, render
from assistant.locations import content_dir
from assistant.plans.model import Plan

_POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


@pytest.mark.parametrize("fmt", ["html", "easy"])
def test_a_web_page_copy_carries_the_print_policy_before_its_body(plan: Plan, fmt: str) -> None:
    page = render(plan, fmt).decode()
    policy = _POLICY.search(page)
    assert policy is not None
    assert policy.group(1) == pdf.PRINT_POLICY
    assert policy.start() < page.index("<style>") < page.index("<body")


@pytest.mark.parametrize("fmt", ["html", "easy"])
def test_the_shipped_pages_carry_the_policy_once(plan: Plan, fmt: str) -> None:
    # The app adds the policy only to a page whose template did not put it first in its head.
    assert len(_POLICY.findall(render(plan, fmt).decode())) == 1


@pytest.mark.parametrize("fmt", ["html", "easy"])
def test_an_agency_copy_without_the_policy_line_still_carries_it(
    plan: Plan, fmt: str, tmp_path: Path
) -> None:
    # A copy of the app's template made before 307991ff has no policy line: its page opened
    # in a browser would run a script a person's words printed with |safe let through.
    name = FORMATS[fmt].template
    assert name is not None
    shipped = (content_dir() / "templates" / name).read_text(encoding="utf-8")
    old = "\n".join(row for row in shipped.splitlines() if "Content-Security-Policy" not in row)
    (tmp_path / name).write_text(old, encoding="utf-8")
    page = render(plan, fmt, templates=tmp_path).decode()
    policy = _POLICY.search(page)
    assert policy is not None
    assert policy.group(1) == pdf.PRINT_POLICY
    assert policy.start() < page.index("<style>") < page.index("<body")
    assert page.lower().startswith("<!doctype html>")  # the page keeps its standards mode
