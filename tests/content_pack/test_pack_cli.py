"""``cpi-assistant pack``: make a pack, choose it once (remembered), see what it changes, forget
it; and the commands that load content use the chosen pack. Run through the real entry point
(``assistant.cli.main``), with this test's own settings folder (tests/conftest.py)."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.content_pack.choice import ENV_CONTENT_PACK
from assistant.content_pack.manifest import read_manifest
from assistant.directory.model import KINDS
from assistant.locations import content_dir
from assistant.settings import settings_path

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
HOSTILE = 'Ünïty [b]bold[/b] "team"'


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _codes(out: str) -> list[str]:
    """The problem codes validate printed (``file:line:col: CODE ...``), in order."""
    return re.findall(r":\d+:\d+: ([A-Z]\d{3}) ", out)


def _remembered() -> object:
    path = settings_path()
    return json.loads(path.read_text()).get("content_pack") if path.exists() else None


@pytest.fixture
def pack(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "our pack"
    assert run(capsys, "pack", "new", folder, "--name", HOSTILE)[0] == 0
    return folder


def _use_samples(pack: Path) -> None:
    """Use the pack's two commented samples, as its README says."""
    shutil.copy(pack / "flows/example_topic.yaml.sample", pack / "flows/our_welcome.yaml")
    playthroughs = pack / "playthroughs"
    shutil.copy(playthroughs / "our_welcome.yaml.sample", playthroughs / "our_welcome.yaml")
    directory = pack / "directory"
    shutil.copy(directory / "example_entry.yaml.sample", directory / "riverside_walking_group.yaml")


# -- new ------------------------------------------------------------------------------------


def test_a_new_pack_has_no_errors_and_only_says_to_fill_in_the_agency(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "validate", "--strict", pack)
    # The one warning is the to-do: the agency details are still the made-up example.
    assert _codes(out) == ["A201"]
    assert out.startswith(str(pack / "agency.yaml"))
    assert code == 1


def test_the_samples_are_valid_once_used(pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _use_samples(pack)
    _, out, err = run(capsys, "validate", "--strict", pack)
    assert _codes(out) == ["A201"], out + err


def test_the_packs_playthroughs_play_over_the_shipped_content(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Not chosen: a pack's own playthroughs run on the content the app would run with it.
    _use_samples(pack)
    code, out, _ = run(capsys, "play", pack / "playthroughs")
    assert code == 0 and "1 passed, 0 failed" in out


def test_validate_names_a_playthrough_step_that_opens_no_topic_at_its_line(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _use_samples(pack)
    played = pack / "playthroughs" / "our_welcome.yaml"
    text = played.read_text(encoding="utf-8").replace("- go: our_welcome", "- go: concerns_x")
    played.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  - go: concerns_x") + 1
    code, out, _ = run(capsys, "validate", pack)
    assert f"{played}:{line}:9: E401 step 2 opens the topic `concerns_x`" in out
    assert code == 1


def test_a_playthrough_of_a_switched_off_topic_is_named(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _use_samples(pack)
    manifest = pack / "pack.yaml"
    manifest.write_text(
        manifest.read_text().replace("switch_off: []", "switch_off: [resourceful_people]")
    )
    played = pack / "playthroughs" / "our_welcome.yaml"
    text = played.read_text(encoding="utf-8").replace(
        "- go: our_welcome", "- go: resourceful_people"
    )
    played.write_text(text, encoding="utf-8")
    _, out, _ = run(capsys, "validate", pack)
    assert "E401 step 2 opens the topic `resourceful_people`" in out


def test_a_new_pack_keeps_the_example_agency_marked_as_an_example(pack: Path) -> None:
    text = (pack / "agency.yaml").read_text(encoding="utf-8")
    assert "\nexample: true\n" in text
    assert "delete the line `example: true`" in text


def test_the_name_is_kept_exactly_however_odd(pack: Path) -> None:
    assert read_manifest(pack).pack.name == HOSTILE


@pytest.mark.parametrize("where", ["content", "package"])
def test_a_pack_is_never_made_inside_the_app(
    where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    top = content_dir() if where == "content" else Path(main.__code__.co_filename).parents[1]
    target = top / "flows" / "agency-pack-test"
    code, _, err = run(capsys, "pack", "new", target)
    assert code == 2 and "inside the app's own files" in err
    assert not target.exists()


def test_force_on_a_finished_pack_does_not_ask_to_fill_in_the_agency(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    agency = pack / "agency.yaml"
    agency.write_text(agency.read_text().replace("example: true\n", ""))
    (pack / "README.md").unlink()
    code, out, _ = run(capsys, "pack", "new", pack, "--force")
    assert code == 0 and "kept  agency.yaml" in out
    assert "example: true" not in out and "  1. Add your own directory entries" in out


def test_validate_counts_a_chosen_pack_that_is_missing_as_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    monkeypatch.setenv(ENV_CONTENT_PACK, str(tmp_path / "gone"))
    code, _, err = run(capsys, "validate", "--strict")
    assert code == 1 and "failed: 1 error(s)" in err


def test_a_new_packs_schema_lines_point_inside_the_pack(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Relative to each file, at the pack's own copy: they still work when the app moves.
    files = [*pack.rglob("*.yaml"), *pack.rglob("*.sample")]
    lines = {p: p.read_text().splitlines()[0] for p in files}
    marked = {p: line for p, line in lines.items() if "$schema=" in line}
    assert len(marked) >= 4  # agency, area, the entry, topic and playthrough samples
    for path, first in marked.items():
        target = first.split("$schema=", 1)[1]
        assert not Path(target).is_absolute(), path
        assert (path.parent / target).resolve().is_file(), path


def test_a_folder_with_files_is_refused_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("ours")
    code, _, err = run(capsys, "pack", "new", tmp_path)
    assert code == 2 and "not empty" in err and "--force" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_force_adds_the_missing_files_and_changes_none_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "README.md").write_text("Our own notes.")
    code, out, _ = run(capsys, "pack", "new", tmp_path, "--force")
    assert code == 0 and "kept  README.md" in out
    assert (tmp_path / "README.md").read_text() == "Our own notes."
    assert (tmp_path / "pack.yaml").is_file()


@posix_only
def test_nothing_made_is_writable_by_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = os.umask(0)
    try:
        assert run(capsys, "pack", "new", tmp_path / "p")[0] == 0
    finally:
        os.umask(old)
    modes = [p.stat().st_mode for p in (tmp_path / "p").rglob("*")]
    assert modes and not any(mode & stat.S_IWOTH for mode in modes)


# -- use, show, forget --------------------------------------------------------------------------


def test_use_remembers_the_pack_and_show_says_what_it_changes(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _use_samples(pack)
    manifest = pack / "pack.yaml"
    manifest.write_text(
        manifest.read_text().replace("switch_off: []", "switch_off: [resourceful_people]")
    )
    shutil.copy(content_dir() / "templates/plan.md.j2", pack / "templates/plan.md.j2")
    code, out, _ = run(capsys, "pack", "use", pack)
    assert code == 0 and str(pack) in out
    assert _remembered() == str(pack)
    code, out, _ = run(capsys, "pack", "show")
    assert code == 0
    assert f"Content pack: {HOSTILE}" in out
    assert "chosen by:  Settings" in out
    assert "topics added:         our_welcome" in out
    assert "topics switched off:  resourceful_people" in out
    assert "1 entry of its own" in out
    assert "templates overridden: plan.md.j2" in out
    assert "the pack's agency.yaml (still the made-up example" in out


def _problem_lines(text: str) -> list[str]:
    """The ``file:line:col: CODE ...`` lines in ``text``."""
    return [line for line in text.splitlines() if re.search(r":\d+:\d+: [A-Z]\d{3} ", line)]


def test_use_lists_the_warnings_validate_finds_and_still_chooses_the_pack(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A new pack warns that its agency details are still the example (A201).
    _, validated, _ = run(capsys, "validate", pack)
    code, _, err = run(capsys, "pack", "use", pack)
    assert _problem_lines(validated) and _problem_lines(err) == _problem_lines(validated)
    assert code == 0 and _remembered() == str(pack)


def test_show_lists_the_warnings_validate_finds(
    pack: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    monkeypatch.setenv(ENV_CONTENT_PACK, str(pack))
    _, validated, _ = run(capsys, "validate", pack)
    code, _, err = run(capsys, "pack", "show")
    assert _problem_lines(validated) and _problem_lines(err) == _problem_lines(validated)
    assert code == 0


def test_a_broken_pack_is_refused_naming_its_file(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (pack / "flows" / "ours.yaml").write_text("id: ours\ntitle: Ours\nnodes: 3\n")
    code, _, err = run(capsys, "pack", "use", pack)
    assert code == 1
    assert str(pack / "flows" / "ours.yaml") in err and "not chosen" in err
    assert _remembered() is None


def test_a_pack_with_a_broken_directory_entry_is_refused_at_its_line(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The topics load fine; only the check validate runs reads the pack's directory.
    entry = pack / "directory" / "walks.yaml"
    entry.write_text("id: walks\nname: Walks\ntags: [a, b\n")
    code, _, err = run(capsys, "pack", "use", pack)
    assert code == 1 and f"{entry}:" in err and "not chosen" in err
    assert _remembered() is None


def test_a_pack_with_a_broken_template_is_refused_at_its_line(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = pack / "templates" / "plan.md.j2"
    template.write_text("# Plan\n{% if x %}\nno end\n")
    code, _, err = run(capsys, "pack", "use", pack)
    assert code == 1 and f"{template}:" in err and "K301" in err
    assert _remembered() is None


def test_show_counts_the_errors_validate_finds(
    pack: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    (pack / "directory" / "walks.yaml").write_text("id: walks\nname: Walks\ntags: [a, b\n")
    (pack / "templates" / "plan.md.j2").write_text("{% if x %}\n")
    monkeypatch.setenv(ENV_CONTENT_PACK, str(pack))
    _, out, _ = run(capsys, "validate", pack)
    errors = sum(
        1
        for line in out.splitlines()
        if re.search(r":\d+:\d+: [A-Z]\d{3} ", line) and "warning" not in line
    )
    _, _, err = run(capsys, "pack", "show")
    assert f"The pack has {errors} error(s)" in err


def test_show_fails_when_the_chosen_pack_has_errors(
    pack: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    (pack / "flows" / "ours.yaml").write_text("id: ours\ntitle: Ours\nnodes: 3\n")
    monkeypatch.setenv(ENV_CONTENT_PACK, str(pack))  # `use` would refuse it
    code, out, err = run(capsys, "pack", "show")
    assert code == 1 and f"Content pack: {HOSTILE}" in out
    assert "error(s). Fix them before it is used: a broken topic" in err


def test_use_of_a_folder_that_is_not_there_is_a_usage_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "pack", "use", tmp_path / "nowhere")
    assert code == 2 and "no folder" in err
    assert _remembered() is None


def test_use_of_a_folder_that_is_not_a_pack_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "pack", "use", tmp_path)
    assert code == 1 and "pack.yaml" in err


def test_the_environment_beats_the_remembered_pack(
    pack: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    assert run(capsys, "pack", "use", pack)[0] == 0
    other = tmp_path / "other"
    assert run(capsys, "pack", "new", other, "--name", "Other team")[0] == 0
    monkeypatch.setenv(ENV_CONTENT_PACK, str(other))
    code, out, _ = run(capsys, "pack", "show")
    assert code == 0
    assert "Content pack: Other team" in out and f"chosen by:  {ENV_CONTENT_PACK}" in out


def test_use_while_the_environment_chose_a_pack_says_it_is_only_remembered(
    pack: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    other = tmp_path / "other"
    assert run(capsys, "pack", "new", other, "--name", "Other team")[0] == 0
    monkeypatch.setenv(ENV_CONTENT_PACK, str(other))
    code, out, _ = run(capsys, "pack", "use", pack)
    assert code == 0 and _remembered() == str(pack)
    assert "will now use" not in out
    assert f"Remembered the content pack {pack}. While {ENV_CONTENT_PACK} is set" in out


def test_forget_goes_back_to_the_apps_content_and_keeps_the_folder(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "pack", "use", pack)[0] == 0
    code, out, _ = run(capsys, "pack", "forget")
    assert code == 0 and "Forgot" in out
    assert _remembered() is None and (pack / "pack.yaml").is_file()
    assert "No content pack is chosen" in run(capsys, "pack", "show")[1]


def test_a_remembered_pack_that_is_gone_is_said_and_commands_go_on(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "pack", "use", pack)[0] == 0
    shutil.rmtree(pack)
    code, _, err = run(capsys, "pack", "show")
    assert code == 1 and "is not there" in err
    code, out, err = run(capsys, "graph", "closing")
    assert code == 0 and out.startswith("flowchart")
    assert err.count("is not there") == 1


# -- the other commands use the chosen pack -------------------------------------------------------


def test_commands_that_load_content_use_the_chosen_pack(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _use_samples(pack)
    assert run(capsys, "graph", "our_welcome")[0] == 2  # not without the pack
    assert run(capsys, "pack", "use", pack)[0] == 0
    code, out, _ = run(capsys, "graph", "our_welcome")
    assert code == 0 and "What would you like from our service?" in out


def test_agency_shows_the_packs_agency_details(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    agency = pack / "agency.yaml"
    agency.write_text(agency.read_text().replace("Riverside Team", "Ünïty Team"))
    assert run(capsys, "pack", "use", pack)[0] == 0
    code, out, _ = run(capsys, "agency")
    assert code == 0 and "Ünïty Team" in out and str(agency) in out


def test_templates_lists_the_apps_and_marks_the_packs_own(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(content_dir() / "templates/plan.txt.j2", pack / "templates/plan.txt.j2")
    assert run(capsys, "pack", "use", pack)[0] == 0
    code, out, _ = run(capsys, "pack", "templates")
    lines = {Path(line.split()[0]).name: line for line in out.splitlines()[1:]}
    assert code == 0 and "plan.md.j2" in lines
    assert "your pack has its own" in lines["plan.txt.j2"]
    assert "your pack has its own" not in lines["plan.md.j2"]


def test_the_example_entry_names_every_kind_where_it_asks_for_one(pack: Path) -> None:
    # It sent authors to _tags.yaml, which has no kinds.
    sample = (pack / "directory/example_entry.yaml.sample").read_text(encoding="utf-8")
    said = " ".join(line.lstrip("# ") for line in sample.splitlines() if line.startswith("#"))
    assert "_tags.yaml in the app" not in sample
    assert [k for k in KINDS if k not in said] == []


def test_explore_refuses_a_broken_directory_as_play_refuses_broken_topics(
    pack: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every walk "crashed" with the directory's ContentError, reported as a walk's failure.
    (pack / "directory" / "bad.yaml").write_text("id: bad\nname: [oops\n", encoding="utf-8")
    monkeypatch.setenv("CPI_CONTENT_PACK", str(pack))
    code, out, err = run(capsys, "explore", "--runs", "2")
    assert code != 0 and "crash" not in out + err
    assert "the content has problems; fix them first" in err and "bad.yaml:" in err
