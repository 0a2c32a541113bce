"""The agency's choices for the meetings (issue 16): agency.yaml `ratings: treatment_aspects`,
checked like the rest of the file and shown to the worker by `cpi-assistant agency`."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.agency import choice_lines, load_agency
from assistant.cli import main

FILE = """
organisation: Riverside Mind
crisis:
  - {name: Crisis team, phone: "0808 196 3779"}
out_of_hours:
  - {name: Duty line, phone: "0300 123 1234"}
reach_us: Ring the office.
"""


def _file(tmp_path: Path, more: str = "") -> Path:
    path = tmp_path / "agency.yaml"
    path.write_text(FILE + more, encoding="utf-8")
    return path


def test_the_treatment_questions_are_off_unless_chosen(tmp_path: Path) -> None:
    agency = load_agency(path=_file(tmp_path)).agency
    assert agency is not None and agency.ratings.treatment_aspects is False


def test_the_shipped_example_leaves_them_off() -> None:
    agency = load_agency().agency
    assert agency is not None and agency.ratings.treatment_aspects is False


def test_an_agency_can_choose_them(tmp_path: Path) -> None:
    path = _file(tmp_path, "ratings:\n  treatment_aspects: true\n")
    agency = load_agency(path=path).agency
    assert agency is not None and agency.ratings.treatment_aspects is True


def test_a_misspelt_choice_is_an_error_at_its_line(tmp_path: Path) -> None:
    loaded = load_agency(path=_file(tmp_path, "ratings:\n  treatment_aspect: true\n"))
    assert loaded.agency is None
    assert [(p.code, p.line) for p in loaded.errors] == [("A101", 9)]  # the misspelt key


def test_the_agency_command_tells_the_worker_the_choice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(tmp_path, "ratings:\n  treatment_aspects: true\n")
    assert main(["agency", str(path)]) == 0
    out = capsys.readouterr().out
    agency = load_agency(path=path).agency
    assert agency is not None
    assert choice_lines(agency)[0] in out
    assert "three treatment questions (medication" in out
