"""A web-page copy runs no script and loads nothing from outside itself when opened in a
browser (docs/security.md): its own Content-Security-Policy, the same one the PDF print uses."""

from __future__ import annotations

import re

import pytest

from assistant.export import pdf
from assistant.export.render import render
from assistant.plans.model import Plan

_POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


@pytest.mark.parametrize("fmt", ["html", "easy"])
def test_a_web_page_copy_carries_the_print_policy_before_its_body(plan: Plan, fmt: str) -> None:
    page = render(plan, fmt).decode()
    policy = _POLICY.search(page)
    assert policy is not None
    assert policy.group(1) == pdf.PRINT_POLICY
    assert policy.start() < page.index("<style>") < page.index("<body")
