"""Agency templates: looked up first, sandboxed, and errors name the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.export.render import ExportError, render
from assistant.export.templates import long_date, shipped_templates, short_date
from assistant.plans.model import Plan


def _agency(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "agency"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_an_agency_template_replaces_the_shipped_one(tmp_path: Path, agreed_plan: Plan) -> None:
    folder = _agency(tmp_path, "plan.md.j2", "Our plan for {{ name }}\n")
    # Without agency details: made-up example details would add their mark (see below).
    plan = agreed_plan.model_copy(update={"agency": None})
    assert render(plan, "md", templates=folder) == b"Our plan for Sam\n"


@pytest.mark.parametrize("fmt", ["md", "txt", "html", "easy"])
def test_an_agency_template_cannot_leave_out_the_draft_mark(
    tmp_path: Path, draft_plan: Plan, fmt: str
) -> None:
    name = {"md": "plan.md.j2", "txt": "plan.txt.j2", "html": "plan.html.j2"}
    folder = _agency(tmp_path, name.get(fmt, "plan.easy.html.j2"), "<body>Our plan</body>\n")
    text = render(draft_plan, fmt, templates=folder).decode()
    assert text.count("draft" if fmt == "easy" else "DRAFT") >= 2


def test_formats_the_agency_does_not_override_use_the_shipped_templates(
    tmp_path: Path, plan: Plan
) -> None:
    folder = _agency(tmp_path, "plan.md.j2", "x")
    assert render(plan, "txt", templates=folder) == render(plan, "txt")


def test_an_agency_template_can_reuse_parts_of_the_shipped_one(
    tmp_path: Path, agreed_plan: Plan
) -> None:
    plan = agreed_plan
    # ChoiceLoader: the agency folder can include or extend files from the shipped folder.
    folder = _agency(tmp_path, "plan.txt.j2", "AGENCY HEADER\n{% include 'base-plan.txt.j2' %}")
    (folder / "base-plan.txt.j2").write_text(
        (shipped_templates() / "plan.txt.j2").read_text("utf-8"), encoding="utf-8"
    )
    text = render(plan, "txt", templates=folder).decode()
    assert text.startswith("AGENCY HEADER\nRELATIONSHIP PLAN - Sam")


def test_a_syntax_error_names_the_template_and_line(tmp_path: Path, plan: Plan) -> None:
    folder = _agency(tmp_path, "plan.html.j2", "<p>fine</p>\n{% if %}\n")
    with pytest.raises(ExportError, match=r"plan\.html\.j2, line 2"):
        render(plan, "html", templates=folder)


def test_an_unknown_name_names_the_template_and_line(tmp_path: Path, plan: Plan) -> None:
    folder = _agency(tmp_path, "plan.md.j2", "one\ntwo\n{{ plann.about }}\n")
    with pytest.raises(ExportError, match=r"plan\.md\.j2, line 3.*'plann' is undefined"):
        render(plan, "md", templates=folder)


def test_a_missing_include_names_the_template_and_line_that_includes_it(
    tmp_path: Path, plan: Plan
) -> None:
    folder = _agency(tmp_path, "plan.md.j2", "one\nTwo {% include 'nope.j2' %}\n")
    with pytest.raises(ExportError, match=r"plan\.md\.j2, line 2 .*include 'nope\.j2'"):
        render(plan, "md", templates=folder)


def test_agency_templates_run_in_a_sandbox(tmp_path: Path, plan: Plan) -> None:
    folder = _agency(tmp_path, "plan.txt.j2", "{{ ''.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(ExportError, match="unsafe"):
        render(plan, "txt", templates=folder)


def test_agency_templates_cannot_change_the_plan(tmp_path: Path, plan: Plan) -> None:
    folder = _agency(tmp_path, "plan.txt.j2", "{{ plan.goals.clear() }}")
    with pytest.raises(ExportError):
        render(plan, "txt", templates=folder)
    assert plan.goals


def test_agency_html_templates_escape_too(tmp_path: Path, hostile: Plan) -> None:
    folder = _agency(tmp_path, "plan.html.j2", "<p>{{ plan.about.hopes.text }}</p>")
    html = render(hostile, "html", templates=folder).decode()
    assert "<script>" not in html
    assert "&lt;/script&gt;&lt;script&gt;" in html


def test_a_missing_agency_folder_is_a_clear_error(tmp_path: Path, plan: Plan) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        render(plan, "md", templates=tmp_path / "nowhere")


def test_dates_are_written_the_uk_way() -> None:
    assert (long_date("2026-12-04"), short_date("2026-12-04")) == ("4 December 2026", "04/12/2026")
