"""pack.yaml, and a pack folder that cannot be used: a clear problem naming it, no traceback."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from layering_support import SAMPLE, write_pack

from assistant.authoring.content import load_content
from assistant.cli import main
from assistant.content_pack.manifest import read_manifest
from assistant.flows.problems import ContentError


def only_problem(folder: Path) -> tuple[str, int, int, str]:
    (problem,) = read_manifest(folder).problems
    return problem.file, problem.line, problem.col, problem.code


def test_name_format_description_and_switch_off_are_read(tmp_path: Path) -> None:
    manifest = "name: Eastgate\nformat: 1\ndescription: Our team's pack.\nswitch_off: [tips]\n"
    pack = read_manifest(write_pack(tmp_path / "pack", manifest=manifest)).pack
    assert pack is not None
    assert (pack.name, pack.format, pack.description, pack.switch_off) == (
        "Eastgate",
        1,
        "Our team's pack.",
        ["tips"],
    )


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    file, *_, code = only_problem(tmp_path / "nowhere")
    assert (file.endswith("nowhere"), code) == (True, "K040")


def test_a_file_given_as_the_pack_is_named(tmp_path: Path) -> None:
    (tmp_path / "pack.txt").write_text("x", encoding="utf-8")
    (problem,) = read_manifest(tmp_path / "pack.txt").problems
    assert problem.code == "K040" and "not a folder" in problem.message


def test_a_folder_without_pack_yaml_is_not_a_pack(tmp_path: Path) -> None:
    (tmp_path / "pack").mkdir()
    file, *_, code = only_problem(tmp_path / "pack")
    assert (file.endswith("pack/pack.yaml"), code) == (True, "K041")


def test_an_empty_pack_yaml(tmp_path: Path) -> None:
    assert only_problem(write_pack(tmp_path / "p", manifest=""))[1:] == (1, 1, "K030")


def test_an_unknown_key_is_placed_at_its_line(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "p", manifest="name: E\nformat: 1\nswitch_of: [tips]\n")
    (problem,) = read_manifest(pack).problems
    assert (problem.line, problem.code) == (3, "K101")
    assert "did you mean `switch_off`" in problem.message


def test_a_newer_format_says_to_upgrade(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "p", manifest="name: E\nformat: 2\n")
    (problem,) = read_manifest(pack).problems
    assert (problem.line, problem.code) == (2, "K104") and "upgrade" in problem.message


def test_a_badly_written_id_in_switch_off_is_placed(tmp_path: Path) -> None:
    pack = write_pack(
        tmp_path / "p", manifest="name: E\nformat: 1\nswitch_off:\n  - Welcome Page\n"
    )
    assert only_problem(pack)[1:] == (4, 5, "K103")


def test_a_tab_in_pack_yaml_is_a_yaml_problem_naming_the_file(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "p", manifest="name: E\nformat: 1\nswitch_off:\n\t- tips\n")
    file, line, _, code = only_problem(pack)
    assert (file.endswith("p/pack.yaml"), line, code[0]) == (True, 4, "E")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_pack_yaml_is_named(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "p")
    (pack / "pack.yaml").chmod(0)
    try:
        file, *_, code = only_problem(pack)
    finally:
        (pack / "pack.yaml").chmod(0o644)
    assert (file.endswith("p/pack.yaml"), code) == (True, "E002")


def test_loading_content_with_a_missing_pack_raises_a_content_error_naming_it(
    tmp_path: Path,
) -> None:
    with pytest.raises(ContentError) as caught:
        load_content(SAMPLE, pack=tmp_path / "gone")
    assert [p.code for p in caught.value.problems] == ["K040"]
    assert "gone" in str(caught.value)


def test_validate_a_missing_pack_says_so_without_a_traceback(tmp_path: Path, capsys) -> None:
    assert main(["validate", "--pack", str(tmp_path / "gone")]) == 1
    out, err = capsys.readouterr()
    assert "gone:1:1: K040 there is no content pack folder here" in out
    assert "Traceback" not in out + err


def test_validate_a_broken_pack_yaml_names_its_line(tmp_path: Path, capsys) -> None:
    pack = write_pack(tmp_path / "p", manifest="name: E\nformat: 1\nswitch_of: [tips]\n")
    assert main(["validate", "--pack", str(pack)]) == 1
    assert "p/pack.yaml:3:1: K101 unknown key `switch_of`" in capsys.readouterr().out


def test_a_pack_yaml_that_is_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    # Reading a pipe would block the app's start; it is refused as not a file.
    pack = tmp_path / "p"
    pack.mkdir()
    os.mkfifo(pack / "pack.yaml")
    file, *_, code = only_problem(pack)
    assert (file.endswith("p/pack.yaml"), code) == (True, "E002")


def test_a_pack_folder_that_cannot_be_looked_into_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As a folder without search permission answers (tests may run as root, who has it).
    pack = write_pack(tmp_path / "p")
    real = Path.exists

    def refused(self: Path, *args: object, **kwargs: object) -> bool:
        if self.name == "pack.yaml":
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "exists", refused)
    (problem,) = read_manifest(pack).problems
    assert (problem.file.endswith("p"), problem.code) == (True, "K042")
    assert "Permission denied" in problem.message
