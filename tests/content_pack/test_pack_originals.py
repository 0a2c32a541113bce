"""``pack copy`` and ``pack changes``: a pack's copies of the app's own topics and templates,
and what an upgrade changed in the app's files since they were copied (validate's K060).

An upgrade is played by changing a copy of the shipped content (``base``), as the next
version of the app would change its own files."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from layering_support import topic, write_pack

from assistant.authoring.lint_layers import lint_layers
from assistant.cli import main
from assistant.content_pack.layers import ContentLayers
from assistant.content_pack.originals import ORIGINALS, RECORD
from assistant.locations import content_dir

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
OLD_PROMPT = 'prompt: "What makes this hard?"'
NEW_PROMPT = 'prompt: "What makes this hard for you, day to day?"'


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def base(tmp_path: Path) -> Path:
    """The app's content, as this version ships it (changed by a test to play an upgrade)."""
    folder = tmp_path / "app content"
    shutil.copytree(content_dir(), folder)
    return folder


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    return write_pack(tmp_path / "our pack")


def pack_cmd(capsys: pytest.CaptureFixture[str], base: Path, pack: Path, *argv: str):
    return run(capsys, "pack", *argv, "--pack", pack, "--content", base)


def upgrade(base: Path, relative: str, old: str, new: str) -> None:
    """The next version of the app changes ``old`` to ``new`` in its own file."""
    path = base / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def codes(base: Path, pack: Path) -> list[tuple[str, str]]:
    found = lint_layers(ContentLayers.chosen(base, pack))
    return [(Path(p.file).name, p.code) for p in found if p.code.startswith("K0")]


def test_copy_puts_the_apps_file_in_the_pack_and_keeps_it_as_it_was(
    capsys: pytest.CaptureFixture[str], base: Path, pack: Path
) -> None:
    code, out, _ = pack_cmd(capsys, base, pack, "copy", "concern_detail", "plan.md.j2")
    assert code == 0, out
    for relative in ("flows/concern_detail.yaml", "templates/plan.md.j2"):
        shipped = (base / relative).read_bytes()
        assert (pack / relative).read_bytes() == shipped
        assert (pack / ORIGINALS / relative).read_bytes() == shipped
    note = json.loads((pack / ORIGINALS / RECORD).read_text())["files"]
    assert sorted(note) == ["flows/concern_detail.yaml", "templates/plan.md.j2"]
    assert note["flows/concern_detail.yaml"]["name"] == "concern_detail"


def test_a_fresh_copy_is_as_the_app_has_it_and_validate_says_nothing(
    capsys: pytest.CaptureFixture[str], base: Path, pack: Path
) -> None:
    pack_cmd(capsys, base, pack, "copy", "concern_detail")
    code, out, _ = pack_cmd(capsys, base, pack, "changes")
    assert code == 0
    assert "concern_detail  the app's own is as it was when copied" in out
    # The originals folder is the pack's own, not a stray (K050).
    assert codes(base, pack) == []


def test_after_an_upgrade_validate_warns_at_the_packs_copy(
    capsys: pytest.CaptureFixture[str], base: Path, pack: Path
) -> None:
    pack_cmd(capsys, base, pack, "copy", "concern_detail")
    upgrade(base, "flows/concern_detail.yaml", OLD_PROMPT, NEW_PROMPT)
    assert codes(base, pack) == [("concern_detail.yaml", "K060")]


def test_changes_shows_only_what_the_app_changed_not_the_authors_edits(
    capsys: pytest.CaptureFixture[str], base: Path, pack: Path
) -> None:
    pack_cmd(capsys, base, pack, "copy", "concern_detail")
    mine = pack / "flows/concern_detail.yaml"
    mine.write_text(
        mine.read_text().replace("Has anything helped", "Has anything ever helped"), "utf-8"
    )
    upgrade(base, "flows/concern_detail.yaml", OLD_PROMPT, NEW_PROMPT)
    code, out, err = pack_cmd(capsys, base, pack, "changes", "concern_detail")
    assert code == 0
    assert f"-    {OLD_PROMPT}\n+    {NEW_PROMPT}\n" in out
    assert "ever helped" not in out
    assert "pack changes concern_detail --done" in err


def test_done_takes_the_apps_file_now_as_the_original(
    capsys: pytest.CaptureFixture[str], base: Path, pack: Path
) -> None:
    pack_cmd(capsys, base, pack, "copy", "concern_detail")
    upgrade(base, "flows/concern_detail.yaml", OLD_PROMPT, NEW_PROMPT)
    assert pack_cmd(capsys, base, pack, "changes", "concern_detail", "--done")[0] == 0
    assert codes(base, pack) == []
    assert NEW_PROMPT in (pack / ORIGINALS / "flows/concern_detail.yaml").read_text()


def test_a_copy_made_by_hand_is_listed_and_compared_with_the_apps_own(
    capsys: pytest.CaptureFixture[str], base: Path, pack: Path
) -> None:
    # Copied with cp before `pack copy` existed, under another file name.
    text = (base / "flows/concern_detail.yaml").read_text()
    (pack / "flows").mkdir()
    (pack / "flows/our_concerns.yaml").write_text(text.replace("Has anything", "Has owt"))
    _, out, _ = pack_cmd(capsys, base, pack, "changes")
    assert "concern_detail  copied by hand" in out
    _, out, err = pack_cmd(capsys, base, pack, "changes", "concern_detail")
    assert '-    prompt: "Has anything' in out and '+    prompt: "Has owt' in out
    assert "copied by hand" in err
    pack_cmd(capsys, base, pack, "changes", "concern_detail", "--done")
    _, out, _ = pack_cmd(capsys, base, pack, "changes")
    assert "concern_detail  the app's own is as it was when copied" in out


def test_a_file_the_app_no_longer_has_is_said_and_done_makes_it_the_packs_own(
    capsys: pytest.CaptureFixture[str], base: Path, pack: Path
) -> None:
    pack_cmd(capsys, base, pack, "copy", "plan.md.j2")
    (base / "templates/plan.md.j2").unlink()
    assert codes(base, pack) == [("plan.md.j2", "K060")]
    pack_cmd(capsys, base, pack, "changes", "plan.md.j2", "--done")
    assert codes(base, pack) == []
    assert not (pack / ORIGINALS / "templates/plan.md.j2").exists()
    assert (pack / "templates/plan.md.j2").exists()


def test_copy_never_writes_over_the_packs_own_topic(
    capsys: pytest.CaptureFixture[str], base: Path, pack: Path
) -> None:
    own = topic("concern_detail", "Our own take")
    (pack / "flows").mkdir()
    (pack / "flows/ours.yaml").write_text(own)
    code, _, err = pack_cmd(capsys, base, pack, "copy", "concern_detail")
    assert code == 2
    assert "already has topic concern_detail" in err
    assert (pack / "flows/ours.yaml").read_text() == own
    assert not (pack / "flows/concern_detail.yaml").exists()


def test_an_unknown_name_is_refused_with_the_nearest_one(
    capsys: pytest.CaptureFixture[str], base: Path, pack: Path
) -> None:
    code, _, err = pack_cmd(capsys, base, pack, "copy", "conern_detail")
    assert code == 2
    assert "Did you mean concern_detail?" in err
    assert not (pack / ORIGINALS).exists()


def test_with_no_pack_chosen_copy_says_how_to_make_one(
    capsys: pytest.CaptureFixture[str], base: Path
) -> None:
    code, _, err = run(capsys, "pack", "copy", "goals", "--content", base)
    assert code == 2
    assert "no content pack is chosen" in err


def test_a_note_pointing_outside_the_pack_is_ignored(
    capsys: pytest.CaptureFixture[str], base: Path, pack: Path
) -> None:
    (pack / ORIGINALS).mkdir()
    note = {"format": 1, "files": {"flows/../../x.yaml": {"sha256": "0", "name": "x"}}}
    (pack / ORIGINALS / RECORD).write_text(json.dumps(note))
    _, out, _ = pack_cmd(capsys, base, pack, "changes")
    assert "no copies" in out


@posix_only
def test_copies_and_originals_are_readable_by_everyone_who_uses_the_app(
    capsys: pytest.CaptureFixture[str], base: Path, pack: Path
) -> None:
    old = os.umask(0o022)
    try:
        pack_cmd(capsys, base, pack, "copy", "goals")
    finally:
        os.umask(old)
    for path in (pack / "flows/goals.yaml", pack / ORIGINALS / "flows/goals.yaml"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_one_refusal_among_several_names_copies_none_of_them(
    capsys: pytest.CaptureFixture[str], base: Path, pack: Path
) -> None:
    pack_cmd(capsys, base, pack, "copy", "plan.md.j2")
    code, _, err = pack_cmd(capsys, base, pack, "copy", "goals", "plan.md.j2")
    assert code == 2 and "nothing was copied" in err
    assert not (pack / "flows/goals.yaml").exists()


def test_a_topic_named_by_its_id_and_its_file_is_copied_once(
    capsys: pytest.CaptureFixture[str], base: Path, pack: Path
) -> None:
    code, out, _ = pack_cmd(capsys, base, pack, "copy", "goals", "goals.yaml")
    assert code == 0
    assert out.count("Copied the app's topic goals") == 1


def test_done_in_a_pack_that_cannot_be_written_says_so_plainly(
    capsys: pytest.CaptureFixture[str], base: Path, pack: Path
) -> None:
    pack_cmd(capsys, base, pack, "copy", "goals")
    record = pack / ORIGINALS / RECORD
    record.unlink()
    record.mkdir()  # cannot be written over, as on a read-only share
    code, _, err = pack_cmd(capsys, base, pack, "changes", "goals", "--done")
    assert code == 1
    assert "could not note flows/goals.yaml as brought up to date" in err


def test_a_copy_made_before_the_policy_line_is_told_to_add_it_and_where(
    capsys: pytest.CaptureFixture[str], base: Path, pack: Path
) -> None:
    # As a pack that copied plan.html.j2 before 307991ff: the app's own gained the
    # Content-Security-Policy line since. K060 said only "has changed since it was copied".
    policy = next(
        row
        for row in (base / "templates/plan.html.j2").read_text().splitlines()
        if "Content-Security-Policy" in row
    )
    upgrade(base, "templates/plan.html.j2", policy + "\n", "")
    pack_cmd(capsys, base, pack, "copy", "plan.html.j2")
    charset_row = '<meta charset="utf-8">\n'
    upgrade(base, "templates/plan.html.j2", charset_row, f"{charset_row}{policy}\n")
    (problem,) = [p for p in lint_layers(ContentLayers.chosen(base, pack)) if p.code == "K060"]
    copy = (pack / "templates/plan.html.j2").read_text().splitlines()
    charset = copy.index('<meta charset="utf-8">') + 1
    assert (Path(problem.file).name, problem.line) == ("plan.html.j2", charset + 1)
    assert "a Content-Security-Policy line that stops any script running" in problem.message
    assert f'Add this line after `<meta charset="utf-8">` (your line {charset}): {policy}' in (
        problem.message
    )
    assert "pack changes plan.html.j2" in problem.message  # the rest of the change is still said


def without_policy_line(text: str) -> str:
    return "".join(
        row for row in text.splitlines(keepends=True) if "Content-Security-Policy" not in row
    )


@pytest.mark.parametrize("name", ["plan.html.j2", "plan.easy.html.j2", "supervision.html.j2"])
def test_a_web_page_template_copied_by_hand_without_the_policy_line_is_told_to_add_it(
    base: Path, pack: Path, name: str
) -> None:
    # Copied by hand (no `pack copy`, so no note of when): an old copy passed from agency to
    # agency, its policy line never there.
    shipped = (base / "templates" / name).read_text(encoding="utf-8")
    (pack / "templates").mkdir(exist_ok=True)
    (pack / "templates" / name).write_text(without_policy_line(shipped), encoding="utf-8")
    (problem,) = [p for p in lint_layers(ContentLayers.chosen(base, pack)) if p.code == "K060"]
    charset = without_policy_line(shipped).splitlines().index('<meta charset="utf-8">') + 1
    assert (Path(problem.file).name, problem.line) == (name, charset + 1)
    assert "a Content-Security-Policy line that stops any script running" in problem.message
    assert "pack changes" not in problem.message  # nothing else to bring in: no note of when


def test_a_copy_whose_policy_line_was_taken_out_is_told_to_add_it_back(
    capsys: pytest.CaptureFixture[str], base: Path, pack: Path
) -> None:
    pack_cmd(capsys, base, pack, "copy", "plan.html.j2")
    copy = pack / "templates/plan.html.j2"
    copy.write_text(without_policy_line(copy.read_text(encoding="utf-8")), encoding="utf-8")
    assert codes(base, pack) == [("plan.html.j2", "K060")]


def test_a_web_page_template_copied_by_hand_with_the_policy_line_gets_no_k060(
    base: Path, pack: Path
) -> None:
    (pack / "templates").mkdir(exist_ok=True)
    shutil.copy(base / "templates/plan.html.j2", pack / "templates/plan.html.j2")
    assert codes(base, pack) == []
