"""`cpi-assistant validate` checks the merged content: the shipped topics with a pack over
them, every problem naming the file it came from (the pack's or the shipped one's)."""

from __future__ import annotations

from pathlib import Path

import pytest
from layering_support import topic, write_pack

from assistant.cli import main
from assistant.content_pack.choice import ENV_CONTENT_PACK
from assistant.locations import content_dir

BROKEN = topic("allotments", "Plots").replace("kind: end", "kind: ned")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_without_a_pack_validate_checks_the_shipped_content_as_before(capsys) -> None:
    default = run(capsys)
    assert default == run(capsys, str(content_dir()))


def test_a_broken_pack_topic_is_named_with_its_file_and_line(tmp_path: Path, capsys) -> None:
    pack = write_pack(tmp_path / "pack", {"flows/allotments.yaml": BROKEN})
    code, out, _ = run(capsys, "--pack", str(pack))
    assert code == 1
    assert "pack/flows/allotments.yaml:9:5: E104 unknown step kind `ned`" in out


def test_a_pack_folder_given_as_a_path_is_checked_over_the_shipped_content(
    tmp_path: Path, capsys
) -> None:
    pack = write_pack(tmp_path / "pack", {"flows/allotments.yaml": BROKEN}, "name: E\nformat: 1\n")
    assert run(capsys, str(pack)) == run(capsys, "--pack", str(pack))


def test_the_chosen_pack_is_checked_when_no_path_is_given(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = write_pack(tmp_path / "pack", {"flows/allotments.yaml": BROKEN})
    monkeypatch.setenv(ENV_CONTENT_PACK, str(pack))
    code, out, _ = run(capsys)
    assert code == 1 and "pack/flows/allotments.yaml:9:5: E104" in out


def test_a_chosen_pack_that_cannot_be_used_fails_validate_saying_why(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_CONTENT_PACK, str(tmp_path / "gone"))
    code, _, err = run(capsys)
    assert code == 1
    assert "gone is not there" in err and "Traceback" not in err


def test_a_pack_topic_that_goes_to_a_missing_topic_names_the_pack_file(
    tmp_path: Path, capsys
) -> None:
    calling = topic("allotments", "Plots").replace(
        "  - id: done\n", "  - id: more\n    kind: call\n    topic: no_such_topic\n  - id: done\n"
    )
    pack = write_pack(tmp_path / "pack", {"flows/allotments.yaml": calling})
    code, out, _ = run(capsys, "--pack", str(pack))
    assert code == 1
    assert any(
        "pack/flows/allotments.yaml:" in line and "no_such_topic" in line
        for line in out.splitlines()
    )


def test_switch_off_problems_name_pack_yaml(tmp_path: Path, capsys) -> None:
    pack = write_pack(tmp_path / "pack", manifest="name: E\nformat: 1\nswitch_off: [nope]\n")
    code, out, _ = run(capsys, "--strict", "--pack", str(pack))
    assert code == 1 and "pack/pack.yaml:3:14: K201 warning" in out


def test_a_broken_pack_template_is_named_at_its_line(tmp_path: Path, capsys) -> None:
    pack = write_pack(tmp_path / "pack", {"templates/plan.md.j2": "Hello\n{% if %}\n"})
    code, out, _ = run(capsys, "--pack", str(pack))
    assert code == 1 and "pack/templates/plan.md.j2:2:1: K301" in out


def test_a_broken_template_s_advice_shows_the_tags_as_written(tmp_path: Path, capsys) -> None:
    pack = write_pack(tmp_path / "pack", {"templates/plan.md.j2": "Hello\n{{ name }_\n"})
    _, out, _ = run(capsys, "--pack", str(pack))
    assert "each `{% ... %}` and `{{ ... }}` is closed" in out
    assert "{{%" not in out


def test_a_template_no_export_uses_is_a_warning(tmp_path: Path, capsys) -> None:
    pack = write_pack(tmp_path / "pack", {"templates/plan.markdown.j2": "Hello\n"})
    _, out, _ = run(capsys, "--pack", str(pack))
    assert "pack/templates/plan.markdown.j2:1:1: K302 warning:" in out


def test_a_misspelt_folder_in_the_pack_is_a_warning(tmp_path: Path, capsys) -> None:
    pack = write_pack(tmp_path / "pack", {"flow/allotments.yaml": topic("allotments", "Plots")})
    _, out, _ = run(capsys, "--pack", str(pack))
    assert "pack/flow:1:1: K050 warning: the app does not read `flow`" in out


def test_a_clean_pack_passes(tmp_path: Path, capsys) -> None:
    pack = write_pack(tmp_path / "pack", {"flows/allotments.yaml": topic("allotments", "Plots")})
    assert run(capsys, "--pack", str(pack))[0] == 0


def test_pack_and_paths_together_are_a_usage_error(tmp_path: Path, capsys) -> None:
    pack = write_pack(tmp_path / "pack")
    assert run(capsys, "--pack", str(pack), str(content_dir()))[0] == 2


def test_a_file_inside_a_pack_is_checked_against_the_merged_content(tmp_path: Path, capsys) -> None:
    # The pack topic runs a shipped sub-flow: alone, its folder would not have it.
    calling = topic("allotments", "Plots").replace(
        "  - id: done\n", "  - id: more\n    kind: call\n    topic: life_areas\n  - id: done\n"
    )
    pack = write_pack(
        tmp_path / "pack",
        {"flows/allotments.yaml": calling, "flows/other.yaml": BROKEN.replace("allotments", "x")},
    )
    code, out, _ = run(capsys, str(pack / "flows" / "allotments.yaml"))
    assert (code, out) == (0, "")


def test_switching_off_the_plan_for_hard_times_is_a_warning_at_its_line(
    tmp_path: Path, capsys
) -> None:
    # review runs hard_times, so it goes too (else K203).
    manifest = "name: E\nformat: 1\nswitch_off: [review, hard_times]\n"
    code, out, _ = run(capsys, "--pack", str(write_pack(tmp_path / "pack", manifest=manifest)))
    assert "pack/pack.yaml:3:22: K204 warning: switching off `hard_times`" in out
    assert code == 0


def test_switching_off_closing_is_a_warning_at_its_line(tmp_path: Path, capsys) -> None:
    manifest = "name: E\nformat: 1\nswitch_off:\n  - closing\n"
    code, out, _ = run(capsys, "--pack", str(write_pack(tmp_path / "pack", manifest=manifest)))
    assert "pack/pack.yaml:4:5: K205 warning: switching off `closing`" in out
    assert code == 0


def test_an_error_switch_off_causes_in_a_shipped_file_is_said_at_switch_off(
    tmp_path: Path, capsys
) -> None:
    # `review` reads goals.list, which only `goals` stores: the shipped review.yaml is not
    # the author's to change, so the problem is named at pack.yaml's switch_off line.
    pack = write_pack(tmp_path / "pack", manifest="name: E\nformat: 1\nswitch_off: [goals]\n")
    code, out, _ = run(capsys, "--pack", str(pack))
    assert code == 1
    lines = [line for line in out.splitlines() if " E223 " in line]
    assert lines and all(line.startswith(str(pack / "pack.yaml") + ":3:14:") for line in lines)
    assert any("breaks the shipped topic `review`" in line for line in lines)


def test_an_unclosed_template_block_is_named_where_it_opened(tmp_path: Path, capsys) -> None:
    source = "# Plan\n{% if x %}\nA\n{% for a in b %}{% endfor %}\nB\n"
    pack = write_pack(tmp_path / "pack", {"templates/plan.md.j2": source})
    code, out, _ = run(capsys, "--pack", str(pack))
    (line,) = [line for line in out.splitlines() if " K301 " in line]
    assert code == 1 and "pack/templates/plan.md.j2:2:1: K301" in line
    assert "`{% if %}` opened here is never closed" in line and ".." not in line


def _shipped_template(name: str, *, line: int, insert: str) -> str:
    """The shipped template ``name`` with ``insert`` as its line ``line``."""
    lines = (content_dir() / "templates" / name).read_text(encoding="utf-8").splitlines()
    lines.insert(line - 1, insert)
    return "\n".join(lines) + "\n"


def test_copies_of_the_shipped_templates_pass_the_trial_render(tmp_path: Path, capsys) -> None:
    shipped = content_dir() / "templates"
    files = {f"templates/{p.name}": p.read_text(encoding="utf-8") for p in shipped.glob("*.j2")}
    code, out, _ = run(capsys, "--pack", str(write_pack(tmp_path / "pack", files)))
    assert " K303 " not in out and code == 0


def test_a_misspelt_name_in_a_pack_template_is_named_at_its_line(tmp_path: Path, capsys) -> None:
    source = _shipped_template("plan.md.j2", line=12, insert="Team: {{ agency_nam }}")
    pack = write_pack(tmp_path / "pack", {"templates/plan.md.j2": source})
    code, out, _ = run(capsys, "--pack", str(pack))
    (line,) = [line for line in out.splitlines() if " K303 " in line]
    assert code == 1 and "pack/templates/plan.md.j2:12:1: K303" in line
    assert "'agency_nam' is undefined" in line


def test_a_field_the_agency_does_not_have_is_named_with_the_fields_it_has(
    tmp_path: Path, capsys
) -> None:
    # Jinja's own words were "'dict object' has no attribute 'worker_name'".
    source = _shipped_template("plan.md.j2", line=12, insert="By {{ agency.worker_name }}")
    pack = write_pack(tmp_path / "pack", {"templates/plan.md.j2": source})
    code, out, _ = run(capsys, "--pack", str(pack))
    (line,) = [line for line in out.splitlines() if " K303 " in line]
    assert code == 1
    assert "`agency` has no field `worker_name`; it has: blocks, call_line, crisis" in line
    assert "organisation" in line and "dict object" not in line


def test_a_template_that_fails_on_a_first_meeting_with_only_a_name_is_named(
    tmp_path: Path, capsys
) -> None:
    # Fine on the demo's full plans; fails on the first export of a plan with no goals.
    source = _shipped_template("plan.md.j2", line=12, insert="Goal: {{ plan.goals[0].what }}")
    pack = write_pack(tmp_path / "pack", {"templates/plan.md.j2": source})
    code, out, _ = run(capsys, "--pack", str(pack))
    (line,) = [line for line in out.splitlines() if " K303 " in line]
    assert code == 1 and "pack/templates/plan.md.j2:12:1: K303" in line
    assert "a first meeting with only a name" in line


# Typos on lines only a plan with a reference, an NHS number or a date of birth reaches: the
# demo's plans have none of them.
@pytest.mark.parametrize(
    ("shipped", "typo"),
    [
        ("Reference: {{ p.person.reference }}", "Reference: {{ p.person.refrence }}"),
        ("{{ p.person.born|long_date }}", "{{ p.person.born|longdate }}"),
        ("{{ n[6:] }}", "{{ n[6:] }}{{ nn.x }}"),
    ],
)
def test_a_typo_on_a_line_only_some_plans_reach_is_named_at_its_line(
    tmp_path: Path, capsys, shipped: str, typo: str
) -> None:
    source = (content_dir() / "templates" / "plan.md.j2").read_text(encoding="utf-8")
    at = source[: source.index(shipped)].count("\n") + 1
    pack = write_pack(tmp_path / "pack", {"templates/plan.md.j2": source.replace(shipped, typo)})
    code, out, _ = run(capsys, "--pack", str(pack))
    (line,) = [line for line in out.splitlines() if " K303 " in line]
    assert code == 1 and f"pack/templates/plan.md.j2:{at}:1: K303" in line
    assert "a plan with everything filled in" in line


def test_a_missing_include_is_named_where_it_is_with_the_files_there(
    tmp_path: Path, capsys
) -> None:
    source = _shipped_template("plan.md.j2", line=12, insert="Our part: {% include 'plan.md.j' %}")
    pack = write_pack(tmp_path / "pack", {"templates/plan.md.j2": source})
    code, out, _ = run(capsys, "--pack", str(pack))
    (line,) = [line for line in out.splitlines() if " K303 " in line]
    assert code == 1
    assert "pack/templates/plan.md.j2:12:11: K303 `{% include 'plan.md.j' %}` names a " in line
    assert f"{tmp_path / 'pack' / 'templates'}, {content_dir() / 'templates'}" in line
    assert "did you mean plan.md.j2" in line
    assert "Nothing was exported" not in line


@pytest.mark.parametrize("source", ["", "   \n", "{# our copy, to do #}\n"])
def test_a_template_that_gives_nothing_is_an_error(tmp_path: Path, capsys, source: str) -> None:
    pack = write_pack(tmp_path / "pack", {"templates/plan.html.j2": source})
    code, out, _ = run(capsys, "--pack", str(pack))
    (line,) = [line for line in out.splitlines() if " K305 " in line]
    assert code == 1 and "pack/templates/plan.html.j2:1:1: K305" in line
    assert "every copy would be blank" in line


def test_a_supervision_template_is_tried_on_the_demo_too(tmp_path: Path, capsys) -> None:
    source = _shipped_template("supervision.txt.j2", line=5, insert="{{ plan.nothing.here }}")
    pack = write_pack(tmp_path / "pack", {"templates/supervision.txt.j2": source})
    code, out, _ = run(capsys, "--pack", str(pack))
    assert code == 1
    assert "pack/templates/supervision.txt.j2:5:1: K303 this line fails with the demo's " in out


def test_a_pack_template_not_in_utf8_is_named_where_it_stops_being_utf8(
    tmp_path: Path, capsys
) -> None:
    pack = write_pack(tmp_path / "pack", {})
    (pack / "templates").mkdir()
    (pack / "templates" / "plan.md.j2").write_bytes(b"# Plan\nOur caf\xe9\n")
    code, out, _ = run(capsys, "--pack", str(pack))
    assert code == 1
    assert "pack/templates/plan.md.j2:2:8: K301 this is not UTF-8 text. Save it as UTF-8." in out


def test_a_broken_tag_says_what_to_check(tmp_path: Path, capsys) -> None:
    pack = write_pack(tmp_path / "pack", {"templates/plan.md.j2": "A\n{% if x %\nB\n{% endif %}\n"})
    _, out, _ = run(capsys, "--pack", str(pack))
    (line,) = [line for line in out.splitlines() if " K301 " in line]
    assert "here or on the line before" in line and "is closed" in line


def test_templates_that_cannot_be_tried_are_a_warning_not_a_crash(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A missing agency file (its own error) stops the demo from being played.
    monkeypatch.setenv("CPI_AGENCY_FILE", str(tmp_path / "gone.yaml"))
    source = (content_dir() / "templates" / "plan.md.j2").read_text(encoding="utf-8")
    pack = write_pack(tmp_path / "pack", {"templates/plan.md.j2": source})
    code, out, err = run(capsys, "--pack", str(pack))
    assert code == 1 and "Traceback" not in out + err
    assert " K304 warning: the templates could not be tried on the demo's plans" in out
