"""An agency's export template cannot freeze an export or fill the memory either (issue 13,
section 5): it stops with an error naming the template, and nothing is exported."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.export.render import ExportError, render
from assistant.plans.model import Plan


def _agency(tmp_path: Path, text: str, name: str = "plan.md.j2") -> Path:
    folder = tmp_path / "agency"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_nested_loops_in_an_agency_template_stop_with_the_template_named(
    tmp_path: Path, plan: Plan
) -> None:
    folder = _agency(
        tmp_path,
        "# Plan\n{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}"
        "{% endfor %}\n",
    )
    with pytest.raises(ExportError, match=r"plan\.md\.j2.*range\(\) would count 100,000"):
        render(plan, "md", templates=folder)


def test_a_huge_string_in_an_agency_template_is_refused_with_its_line(
    tmp_path: Path, plan: Plan
) -> None:
    folder = _agency(tmp_path, "# Plan\n\n{{ 'x' * 3000000000 }}\n", name="plan.html.j2")
    with pytest.raises(ExportError, match=r"plan\.html\.j2, line 3.*more than 5,000,000"):
        render(plan, "html", templates=folder)


def test_joining_with_tilde_still_escapes_people_s_words_in_html(
    tmp_path: Path, plan: Plan
) -> None:
    # `~` is measured by the environment now; it must still escape as Jinja's own join does.
    folder = _agency(tmp_path, "<p>{{ '<b>' ~ name }}</p>\n", name="plan.html.j2")
    html = render(plan, "html", templates=folder).decode()
    assert "<p>&lt;b&gt;Sam</p>" in html
