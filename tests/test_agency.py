"""The agency settings (assistant/agency.py): the wording handed to the person, loading
``agency.yaml`` with every problem at file:line:col, its checks, and where the file is found."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from assistant.agency import (
    AGENCY_FILE,
    ENV_AGENCY_FILE,
    EXAMPLE_LINE,
    EXAMPLE_NOTICE,
    NO_AGENCY_NOTICE,
    Agency,
    AgencyContact,
    Worker,
    choice_lines,
    contact_blocks,
    contact_lines,
    describe_contact,
    is_dialable,
    is_drama_number,
    load_agency,
)
from assistant.authoring.content import load_content
from assistant.cli import main
from assistant.flows.loader import Content, display_name
from assistant.flows.problems import ContentError, Problem
from assistant.locations import content_dir
from assistant.plans.from_session import build_plan
from assistant.training.session import shipped_content
from tests.conftest import SAMPLE

ROOT = Path(__file__).resolve().parent.parent


def _agency(**changes: object) -> Agency:
    values: dict[str, object] = {
        "organisation": "Brackenford Community Connections",
        "team": "Riverside Team",
        "worker": Worker(name="Sam Okafor", role="Community support worker", phone="01632 960123"),
        "reach_us": "Ring the team office on weekdays and ask for Sam",
        "office_hours": "Monday to Friday, 9am to 5pm",
        "out_of_hours": [
            AgencyContact(name="Duty line", phone="01632 960999", when="5pm to 9am, weekends")
        ],
        "crisis": [
            AgencyContact(name="Crisis team", phone="0808 157 0123", when="any time"),
            AgencyContact(name="Text line", text="07700 900123", note="Text if you cannot talk"),
        ],
    }
    values.update(changes)
    return Agency.model_validate(values)


# ------------------------------------------------------------------------- the wording


def test_no_agency_gives_no_lines_and_a_notice_for_the_worker_says_where_to_set_them() -> None:
    assert (contact_blocks(None), contact_lines(None)) == ([], [])
    assert "agency.yaml" in NO_AGENCY_NOTICE
    assert "CPI_AGENCY_FILE" in NO_AGENCY_NOTICE


def test_the_blocks_come_in_the_order_the_person_needs_them() -> None:
    headings = [b.heading for b in contact_blocks(_agency())]
    assert headings == [
        "Your worker",
        "Your team",
        "When the team is closed",
        "In a crisis, day or night",
    ]


def test_the_made_up_example_says_so_first() -> None:
    lines = contact_lines(_agency(example=True))
    assert lines[0] == EXAMPLE_LINE


def test_real_details_do_not_say_they_are_made_up() -> None:
    assert EXAMPLE_LINE not in contact_lines(_agency())


def test_the_worker_is_one_line_of_sentences() -> None:
    (worker,) = [line for line in contact_lines(_agency()) if line.startswith("Your worker")]
    assert worker == (
        "Your worker: Sam Okafor, Community support worker. Phone 01632 960123. "
        "Ring the team office on weekdays and ask for Sam."
    )


def test_anyone_else_s_copy_names_the_worker_and_team_in_the_third_person() -> None:
    agency = _agency(reach_us="Ring the office and ask for your worker")
    lines = contact_lines(agency, yours=False)
    assert lines[:2] == [
        "The person's worker: Sam Okafor, Community support worker. Phone 01632 960123. "
        "The person is told: “Ring the office and ask for your worker.”",
        "The team: Riverside Team, Brackenford Community Connections. "
        "Open Monday to Friday, 9am to 5pm.",
    ]


def test_the_numbers_are_the_same_whoever_the_copy_is_for() -> None:
    numbers = ("When the team is closed", "In a crisis, day or night")
    yours, others = (
        [b for b in contact_blocks(_agency(), yours=yours) if b.heading in numbers]
        for yours in (True, False)
    )
    assert yours == others


def test_each_crisis_contact_has_a_line_of_its_own() -> None:
    crisis = [line for line in contact_lines(_agency()) if line.startswith("In a crisis")]
    assert crisis == [
        "In a crisis, day or night: Crisis team: phone 0808 157 0123 (any time).",
        "In a crisis, day or night: Text line: text 07700 900123. Text if you cannot talk.",
    ]


def test_a_contact_names_every_way_to_reach_it_and_when() -> None:
    contact = AgencyContact(
        name="Crisis team",
        phone="0808 157 0123",
        text="07700 900123",
        email="crisis@example.org",
        when="Any time",
        note="Ring if you feel unsafe.",
    )
    assert describe_contact(contact) == (
        "Crisis team: phone 0808 157 0123, text 07700 900123, email crisis@example.org "
        "(Any time). Ring if you feel unsafe."
    )


def test_only_an_organisation_gives_only_the_team_line() -> None:
    only = Agency(organisation="Brackenford Mind")
    assert contact_lines(only) == ["Your team: Brackenford Mind."]


@pytest.mark.parametrize("text", ["[b]Sam[/b]", "{{ 7*7 }}", "<script>x</script>"])
def test_the_agency_s_words_are_passed_on_as_written(text: str) -> None:
    lines = contact_lines(_agency(worker=Worker(name=text)))
    assert any(line.startswith(f"Your worker: {text}") for line in lines)


# ------------------------------------------------------------------------ the shipped file


def test_the_shipped_example_loads_clean_and_says_it_is_made_up() -> None:
    loaded = load_agency()
    assert loaded.path == content_dir() / AGENCY_FILE
    assert loaded.problems == ()
    assert loaded.agency is not None and loaded.agency.example


def test_the_shipped_example_has_out_of_hours_and_crisis_contacts() -> None:
    agency = load_agency().agency
    assert agency is not None
    assert agency.out_of_hours and agency.crisis


def test_every_number_in_the_shipped_example_is_one_kept_for_drama() -> None:
    agency = load_agency().agency
    assert agency is not None
    numbers = [agency.worker.phone] + [
        n for c in [*agency.out_of_hours, *agency.crisis] for n in (c.phone, c.text) if n
    ]
    assert numbers and all(is_drama_number(n) for n in numbers), numbers


def test_the_shipped_example_opens_with_a_comment_saying_it_is_made_up() -> None:
    text = (content_dir() / AGENCY_FILE).read_text(encoding="utf-8")
    assert "MADE-UP EXAMPLE" in text.split("example: true")[0]


def test_a_copy_of_the_example_is_warned_about_at_its_example_line(tmp_path: Path) -> None:
    copy = tmp_path / AGENCY_FILE
    shutil.copy(content_dir() / AGENCY_FILE, copy)
    line = _line_of(copy, "example: true")
    assert _codes(load_agency(path=copy).problems) == [(line, 1, "A201", "warning")]


def test_the_shipped_content_carries_the_example(content: Content) -> None:
    assert content.agency is not None and content.agency.example


def test_practice_sessions_show_the_same_details() -> None:
    assert shipped_content().agency == load_agency().agency


def test_a_plan_built_from_the_content_keeps_a_copy_of_the_details(content: Content) -> None:
    plan = build_plan({"about": {"name": "Sam"}}, content=content)
    assert plan.agency == content.agency


def test_an_installed_wheel_finds_the_shipped_agency_file(tmp_path: Path) -> None:
    # The wheel carries content/ as assistant/_content (pyproject's force-include): the same
    # layout, outside the source checkout, must load the example.
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    included = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert included["content"] == "assistant/_content"
    site = tmp_path / "site"
    shutil.copytree(ROOT / "assistant", site / "assistant", ignore=_no_caches)
    shutil.copytree(ROOT / "content", site / "assistant" / "_content", ignore=_no_caches)
    code = (
        "from assistant.agency import load_agency; loaded = load_agency(); "
        "print(loaded.path.relative_to(loaded.path.parents[2]), loaded.agency.example)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(site), "PYTHONSAFEPATH": "1"},
        timeout=60,
        check=False,
    )
    assert result.stdout.split() == ["assistant/_content/agency.yaml", "True"], result.stderr


def _no_caches(folder: str, names: list[str]) -> list[str]:
    return [n for n in names if n == "__pycache__"]


# ------------------------------------------------------------------------ finding the file


def test_no_agency_file_in_a_content_folder_is_no_details_and_no_problem(
    tmp_path: Path,
) -> None:
    content = load_content(_content_folder(tmp_path))
    assert (content.agency, content.agency_problems) == (None, ())


def test_an_agency_file_in_the_content_folder_is_used(tmp_path: Path) -> None:
    root = _content_folder(tmp_path)
    (root / AGENCY_FILE).write_text(REAL, encoding="utf-8")
    assert load_content(root).agency.organisation == "Riverside Mind"


def test_cpi_agency_file_points_at_the_agency_s_own_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = tmp_path / "ours.yaml"
    own.write_text(REAL, encoding="utf-8")
    monkeypatch.setenv(ENV_AGENCY_FILE, str(own))
    root = _content_folder(tmp_path)
    (root / AGENCY_FILE).write_text("organisation: Not this one\n", encoding="utf-8")
    assert load_content(root).agency.organisation == "Riverside Mind"


def test_a_missing_cpi_agency_file_stops_meetings_with_a_clear_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_AGENCY_FILE, str(tmp_path / "nope.yaml"))
    with pytest.raises(ContentError) as caught:
        load_content(_content_folder(tmp_path))
    (problem,) = caught.value.problems
    assert (problem.code, problem.line, problem.col) == ("A040", 1, 1)
    assert ENV_AGENCY_FILE in problem.message


def test_without_checks_a_broken_agency_file_leaves_no_details_and_keeps_its_problems(
    tmp_path: Path,
) -> None:
    root = _content_folder(tmp_path)
    (root / AGENCY_FILE).write_text("team: No organisation\n", encoding="utf-8")
    content = load_content(root, check=False)
    assert content.agency is None
    assert [p.code for p in content.agency_problems] == ["A102"]


def test_a_folder_is_refused_as_an_agency_file(tmp_path: Path) -> None:
    (problem,) = load_agency(path=tmp_path).problems
    assert problem.code == "A041"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / AGENCY_FILE
    os.mkfifo(fifo)
    (problem,) = load_agency(path=fifo).problems  # reading it would wait for a writer forever
    assert problem.code == "A041"


# ----------------------------------------------------------------------------- problems


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", [(1, 1, "A030")]),
        ("- organisation: X\n", [(1, 1, "A031")]),
        ("organisation: X\norganization: Y\n", [(2, 1, "A101")]),
        ("team: T\n", [(1, 1, "A102")]),
        ("organisation: X\nworker:\n  email: not-an-address\n", [(3, 10, "A106")]),
        ("organisation: X\nworker:\n  phone: 0163\n", [(3, 10, "A110")]),
        ("organisation: X\ncrisis: Crisis team\n", [(2, 9, "A100")]),
        ("organisation: X\nworker:\n\tname: Sam\n", [(3, 1, "E004")]),
        ("organisation: X\norganisation: Y\n", [(2, 1, "E012")]),
        ("organisation: [X\n", [(1, 15, "E020")]),
    ],
    ids=[
        "empty",
        "a list",
        "unknown key",
        "no organisation",
        "bad email",
        "unquoted number",
        "wrong type",
        "tab",
        "duplicate key",
        "syntax",
    ],
)
def test_each_error_is_placed_at_file_line_col(
    tmp_path: Path, text: str, expected: list[tuple[int, int, str]]
) -> None:
    path = tmp_path / AGENCY_FILE
    path.write_text(text, encoding="utf-8")
    loaded = load_agency(path=path)
    assert loaded.agency is None
    assert [(p.line, p.col, p.code) for p in loaded.errors] == expected
    assert all(str(p).startswith(f"{display_name(path)}:{p.line}:{p.col}: ") for p in loaded.errors)


def test_an_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    path = tmp_path / AGENCY_FILE
    path.write_text("organisation: X\norganization: Y\n", encoding="utf-8")
    (problem,) = load_agency(path=path).problems
    assert "did you mean `organisation`?" in problem.message


def test_an_unquoted_number_says_to_quote_it(tmp_path: Path) -> None:
    path = tmp_path / AGENCY_FILE
    path.write_text("organisation: X\nworker:\n  phone: 0163\n", encoding="utf-8")
    (problem,) = load_agency(path=path).problems
    assert "quotes" in problem.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("crisis: []\n", [("A202", "crisis")]),
        ("out_of_hours: []\n", [("A203", "out_of_hours")]),
        ("worker: {name: Sam}\nreach_us: null\n", [("A207", "worker")]),
        ("crisis:\n  - name: Crisis team\n", [("A206", "Crisis team")]),
        ("worker:\n  phone: 07700 900123\n", [("A205", "07700 900123")]),
        (
            "example: true\nout_of_hours:\n  - name: D\n    phone: 01632 960999\n"
            "crisis:\n  - name: C\n    phone: 0161 000 0000\n",
            [("A201", "example"), ("A208", "0161 000 0000")],
        ),
    ],
    ids=[
        "no crisis",
        "no out of hours",
        "no way to the worker",
        "no number",
        "drama number for the worker",
        "real number in example",
    ],
)
def test_each_warning_names_what_to_fix_at_its_line(
    tmp_path: Path, text: str, expected: list[tuple[str, str]]
) -> None:
    path = tmp_path / AGENCY_FILE
    path.write_text(_with_defaults(text), encoding="utf-8")
    loaded = load_agency(path=path)
    assert loaded.agency is not None  # warnings do not stop the details being used
    found = [(p.code, p.severity) for p in loaded.problems]
    assert found == [(code, "warning") for code, _ in expected]
    for problem, (_, named) in zip(loaded.problems, expected, strict=True):
        assert named in problem.message
        assert problem.line == _line_of(path, named)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("crisis:\n  - name: C\n    phone: 07700 900123\n", "07700 900123"),
        ("crisis:\n  - name: C\n    text: 07700 900124\n", "07700 900124"),
        ("out_of_hours:\n  - name: D\n    phone: 01632 960999\n", "01632 960999"),
    ],
    ids=["crisis phone", "crisis text", "out of hours"],
)
def test_a_drama_number_to_call_in_a_crisis_stops_real_details_being_used(
    tmp_path: Path, text: str, number: str
) -> None:
    """A crisis or out-of-hours number that reaches no one, unmarked, is never printed."""
    path = tmp_path / AGENCY_FILE
    path.write_text(_with_defaults(text), encoding="utf-8")
    loaded = load_agency(path=path)
    assert loaded.agency is None
    (problem,) = loaded.errors
    assert problem.code == "A205"
    assert number in problem.message
    assert "put in the real number" in problem.message
    assert "`example: true`" in problem.message
    assert problem.line == _line_of(path, number)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("crisis:\n  - name: C\n    phone: O3OO 123 4567\n", "O3OO 123 4567"),
        ("crisis:\n  - name: C\n    text: O77OO 123456\n", "O77OO 123456"),
        ("out_of_hours:\n  - name: D\n    phone: ring the office\n", "ring the office"),
        ("worker:\n  phone: ring Sam\n", "ring Sam"),
    ],
    ids=["crisis phone", "crisis text", "out of hours", "the worker's phone"],
)
def test_an_agency_number_that_cannot_be_dialled_stops_the_details_being_used(
    tmp_path: Path, text: str, number: str
) -> None:
    """No number a phone cannot dial is printed for the person, the worker's own included."""
    path = tmp_path / AGENCY_FILE
    path.write_text(_with_defaults(text), encoding="utf-8")
    loaded = load_agency(path=path)
    assert loaded.agency is None
    (problem,) = loaded.errors
    assert problem.code == "A204"
    assert number in problem.message
    assert "write it as it is dialled" in problem.message
    assert problem.line == _line_of(path, number)
    assert str(problem).startswith(f"{display_name(path)}:{problem.line}:{problem.col}: ")


def test_an_agency_number_not_dialable_names_the_part_and_the_forms_accepted(
    tmp_path: Path,
) -> None:
    # A204 said "digits, spaces and a leading + only" while a note in brackets and a second
    # number are accepted: an author told so would take off a note that was fine.
    path = tmp_path / AGENCY_FILE
    number = "0300 123 4567 (option 2) / call us"
    path.write_text(_with_defaults(f"crisis:\n  - name: C\n    phone: {number}\n"), "utf-8")
    (problem,) = load_agency(path=path).errors
    assert problem.code == "A204"
    assert problem.message.startswith(f"`call us` in `{number}` does not look like a phone")
    assert "leading + only" not in problem.message
    assert "a note in brackets after a number and a second number after `/` or `or`" in (
        problem.message
    )
    assert str(problem).startswith(f"{display_name(path)}:{_line_of(path, number)}:")


@pytest.mark.parametrize(
    "number",
    ["01632 960123", "+44 1632 960123", "(01632) 960123", "999", "116 123", "0161 496 0000 ext 12"],
)
def test_numbers_as_people_write_them_are_dialable(number: str) -> None:
    assert is_dialable(number)


@pytest.mark.parametrize("number", ["O1632 960123", "ring the office", "12", "01632 960123!"])
def test_words_and_typos_are_not_dialable(number: str) -> None:
    assert not is_dialable(number)


@pytest.mark.parametrize(
    "number", ["01632 960000", "01632 960999", "+44 7700 900123", "0808 157 0000", "020 7946 0123"]
)
def test_ofcom_drama_numbers_are_known(number: str) -> None:
    assert is_drama_number(number)


@pytest.mark.parametrize("number", ["01632 961000", "07700 901000", "999", "0161 496 00001"])
def test_other_numbers_are_not_drama_numbers(number: str) -> None:
    assert not is_drama_number(number)


# ------------------------------------------------------------------ validate and the command


def test_validate_reports_an_agency_file_s_problems_with_file_line_col(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / AGENCY_FILE
    path.write_text("organisation: X\norganization: Y\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{display_name(path)}:2:1: A101 unknown key `organization`" in out


def test_validate_finds_an_agency_file_by_what_it_holds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "riverside.yaml"
    path.write_text("organisation: X\ncrisis: []\n", encoding="utf-8")
    assert main(["validate", "--strict", str(path)]) == 1
    assert "A202" in capsys.readouterr().out


def test_validate_checks_the_file_cpi_agency_file_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    own = tmp_path / "ours.yaml"
    own.write_text("organisation: X\nworker:\n  phone: 0163\n", encoding="utf-8")
    monkeypatch.setenv(ENV_AGENCY_FILE, str(own))
    assert main(["validate", "--quiet"]) == 1
    assert "A110" in capsys.readouterr().out


def test_validate_checks_cpi_agency_file_s_file_even_when_it_is_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    own = tmp_path / "ours.yaml"
    own.write_text("", encoding="utf-8")
    monkeypatch.setenv(ENV_AGENCY_FILE, str(own))
    assert main(["validate", str(own)]) == 1
    assert "A030" in capsys.readouterr().out


def test_the_agency_command_prints_what_the_person_will_be_given(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["agency"]) == 0
    out = capsys.readouterr().out
    agency = load_agency().agency
    assert all(line in out for line in contact_lines(agency))
    assert EXAMPLE_NOTICE in out


def test_the_agency_command_also_prints_the_worker_as_other_copies_name_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["agency"]) == 0
    out = capsys.readouterr().out
    assert "  The person's worker: Jordan Okafor, Community support worker." in out
    assert "  The team: Riverside Team," in out


def test_the_agency_command_checks_a_named_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ours.yaml"
    path.write_text(REAL, encoding="utf-8")
    assert main(["agency", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Your team: Riverside Mind." in out
    assert EXAMPLE_NOTICE not in out


def test_the_agency_command_fails_on_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ours.yaml"
    path.write_text("team: T\n", encoding="utf-8")
    assert main(["agency", str(path)]) == 1
    assert "A102" in capsys.readouterr().err


def test_the_agency_command_fails_when_there_is_no_agency_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["agency", "--content", str(_content_folder(tmp_path))]) == 1
    assert NO_AGENCY_NOTICE in capsys.readouterr().err


def test_the_agency_command_says_which_variable_chose_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    own = tmp_path / "ours.yaml"
    own.write_text(REAL, encoding="utf-8")
    monkeypatch.setenv(ENV_AGENCY_FILE, str(own))
    assert main(["agency"]) == 0
    assert f"(set by {ENV_AGENCY_FILE})" in capsys.readouterr().out


# ------------------------------------------------------------------------------ helpers

REAL = """\
organisation: Riverside Mind
reach_us: Ring the office and ask for your worker.
out_of_hours:
  - name: Duty line
    phone: 0161 000 0001
crisis:
  - name: Crisis team
    phone: 0161 000 0000
"""


def _content_folder(tmp_path: Path) -> Path:
    """A content folder of the sample topics, with no agency file."""
    root = tmp_path / "content"
    shutil.copytree(SAMPLE / "flows", root / "flows")
    return root


def _with_defaults(text: str) -> str:
    """``text`` plus whatever it leaves out of a complete, warning-free agency file."""
    given = {line.split(":")[0] for line in text.splitlines() if line and line[0] != " "}
    defaults = {
        "organisation": "organisation: Riverside Mind\n",
        "reach_us": "reach_us: Ring the office.\n",
        "out_of_hours": "out_of_hours:\n  - name: Duty line\n    phone: 0161 000 0001\n",
        "crisis": "crisis:\n  - name: Crisis team\n    phone: 0161 000 0000\n",
    }
    return text + "".join(v for k, v in defaults.items() if k not in given)


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(
        n for n, line in enumerate(lines, start=1) if text in line and not line.startswith("#")
    )


def _codes(problems: tuple[Problem, ...]) -> list[tuple[int, int, str, str]]:
    return [(p.line, p.col, p.code, p.severity) for p in problems]


# The agency's choices for the meetings (issue 16): agency.yaml `ratings: treatment_aspects`,
# checked like the rest of the file and shown to the worker by `cpi-assistant agency`.
CHOICES_FILE = """
organisation: Riverside Mind
crisis:
  - {name: Crisis team, phone: "0808 196 3779"}
out_of_hours:
  - {name: Duty line, phone: "0300 123 1234"}
reach_us: Ring the office.
"""


def _choices_file(tmp_path: Path, more: str = "") -> Path:
    path = tmp_path / "agency.yaml"
    path.write_text(CHOICES_FILE + more, encoding="utf-8")
    return path


def test_the_treatment_questions_are_off_unless_chosen(tmp_path: Path) -> None:
    agency = load_agency(path=_choices_file(tmp_path)).agency
    assert agency is not None and agency.ratings.treatment_aspects is False


def test_the_shipped_example_leaves_them_off() -> None:
    agency = load_agency().agency
    assert agency is not None and agency.ratings.treatment_aspects is False


def test_an_agency_can_choose_them(tmp_path: Path) -> None:
    path = _choices_file(tmp_path, "ratings:\n  treatment_aspects: true\n")
    agency = load_agency(path=path).agency
    assert agency is not None and agency.ratings.treatment_aspects is True


def test_a_misspelt_choice_is_an_error_at_its_line(tmp_path: Path) -> None:
    loaded = load_agency(path=_choices_file(tmp_path, "ratings:\n  treatment_aspect: true\n"))
    assert loaded.agency is None
    assert [(p.code, p.line) for p in loaded.errors] == [("A101", 9)]  # the misspelt key


def test_a_choice_that_is_not_true_or_false_says_so_in_plain_words(tmp_path: Path) -> None:
    path = _choices_file(tmp_path, "ratings:\n  treatment_aspects: yes please\n")
    loaded = load_agency(path=path)
    assert loaded.agency is None
    assert [(p.code, p.line, p.message) for p in loaded.errors] == [
        ("A100", 9, "`ratings.treatment_aspects` must be true or false; got 'yes please'")
    ]


def test_the_agency_command_tells_the_worker_the_choice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _choices_file(tmp_path, "ratings:\n  treatment_aspects: true\n")
    assert main(["agency", str(path)]) == 0
    out = capsys.readouterr().out
    agency = load_agency(path=path).agency
    assert agency is not None
    assert choice_lines(agency)[0] in out
    assert "three treatment questions (medication" in out
