"""The community directory of a pack over the shipped example: the example drops out as soon
as the pack has one entry of its own; tags merge by id, the pack's winning."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from layering_support import write_pack

from assistant.authoring.content import load_content
from assistant.directory import check_directory, directory_of, load_directory
from assistant.directory.functions import directory_trouble
from assistant.locations import content_dir

SHIPPED = content_dir() / "directory"
TODAY = date(2026, 12, 2)
AREA = """\
example_data: false
area:
  name: Eastgate
  neighbourhoods:
    - id: old_town
      name: Old Town
"""
ENTRY = """\
id: eastgate_allotments
name: Eastgate Allotment Society
kind: gardening
description: Grow food with others on shared plots. Tools and seeds are there to borrow.
tags: [{tag}]
area: old_town
when: Saturdays, 10am to 1pm
cost: Free.
free: true
access: The paths are gravel; there is a flat path to the shed.
bring_someone: true
contact:
  phone: 01632 960999
checked: 2026-11-20
"""


def pack_directory(tmp_path: Path, files: dict[str, str]) -> Path:
    pack = write_pack(tmp_path / "pack", {f"directory/{k}": v for k, v in files.items()})
    return pack / "directory"


def test_without_entries_of_its_own_the_shipped_example_stays(tmp_path: Path) -> None:
    folder = pack_directory(tmp_path, {"_area.yaml": AREA})
    directory = load_directory(SHIPPED, pack=folder)
    assert directory == load_directory(SHIPPED)
    assert directory.example_data and directory.notice


def test_one_entry_of_its_own_replaces_the_whole_example(tmp_path: Path) -> None:
    folder = pack_directory(
        tmp_path, {"_area.yaml": AREA, "eastgate_allotments.yaml": ENTRY.format(tag="gardening")}
    )
    directory, problems = check_directory(SHIPPED, pack=folder, today=TODAY)
    assert problems == []
    assert directory is not None
    assert [e.id for e in directory.entries] == ["eastgate_allotments"]
    assert (directory.example_data, directory.notice, directory.area.name) == (
        False,
        None,
        "Eastgate",
    )


def test_entries_of_its_own_without_an_area_file_is_an_error_naming_the_pack(
    tmp_path: Path,
) -> None:
    folder = pack_directory(tmp_path, {"eastgate_allotments.yaml": ENTRY.format(tag="gardening")})
    directory, problems = check_directory(SHIPPED, pack=folder, today=TODAY)
    assert directory is None
    assert [(p.code, p.file.endswith("pack/directory/_area.yaml")) for p in problems] == [
        ("D044", True)
    ]


def test_the_pack_may_add_tags_and_keeps_the_shipped_ones(tmp_path: Path) -> None:
    tags = "tags:\n  - id: allotments\n    label: Allotments\n    synonyms: [allotment, plot]\n"
    folder = pack_directory(
        tmp_path,
        {
            "_area.yaml": AREA,
            "_tags.yaml": tags,
            "eastgate_allotments.yaml": ENTRY.format(tag="allotments, gardening"),
        },
    )
    directory, problems = check_directory(SHIPPED, pack=folder, today=TODAY)
    assert problems == [] and directory is not None
    ids = [t.id for t in directory.tags]
    assert "allotments" in ids and "gardening" in ids


def test_a_pack_tag_with_a_shipped_id_replaces_its_label(tmp_path: Path) -> None:
    tags = "tags:\n  - id: gardening\n    label: Growing things\n"
    folder = pack_directory(
        tmp_path,
        {"_area.yaml": AREA, "_tags.yaml": tags, "e.yaml": ENTRY.format(tag="gardening")},
    )
    (folder / "e.yaml").rename(folder / "eastgate_allotments.yaml")
    directory = load_directory(SHIPPED, pack=folder)
    (gardening,) = [t for t in directory.tags if t.id == "gardening"]
    assert (gardening.label, gardening.synonyms) == ("Growing things", [])


def test_an_unknown_tag_in_a_pack_entry_names_the_pack_file_and_line(tmp_path: Path) -> None:
    folder = pack_directory(
        tmp_path, {"_area.yaml": AREA, "eastgate_allotments.yaml": ENTRY.format(tag="gardenin")}
    )
    _, problems = check_directory(SHIPPED, pack=folder, today=TODAY)
    (problem,) = problems
    assert problem.file.endswith("pack/directory/eastgate_allotments.yaml")
    assert (problem.line, problem.code) == (5, "D201")


def test_loaded_content_reads_the_packs_directory(tmp_path: Path) -> None:
    pack_directory(
        tmp_path, {"_area.yaml": AREA, "eastgate_allotments.yaml": ENTRY.format(tag="gardening")}
    )
    directory = directory_of(load_content(pack=tmp_path / "pack"))
    assert directory is not None
    assert [e.id for e in directory.entries] == ["eastgate_allotments"]


def test_loaded_content_without_a_pack_directory_keeps_the_example(tmp_path: Path) -> None:
    directory = directory_of(load_content(pack=write_pack(tmp_path / "pack")))
    assert directory is not None and directory.example_data


def _pack_with_one_broken_entry(tmp_path: Path) -> Path:
    """The tester's pack: two entries of its own, one file's YAML broken."""
    swim = ENTRY.format(tag="gardening").replace("eastgate_allotments", "eastgate_swim")
    return pack_directory(
        tmp_path,
        {
            "_area.yaml": AREA,
            "eastgate_allotments.yaml": ENTRY.format(tag="gardening"),
            "eastgate_swim.yaml": swim.replace("name: Eastgate", "name: [Eastgate"),
        },
    )


def test_one_broken_entry_file_leaves_out_that_entry_only(tmp_path: Path) -> None:
    _pack_with_one_broken_entry(tmp_path)
    directory = directory_of(load_content(pack=tmp_path / "pack"))
    assert directory is not None
    assert [e.id for e in directory.entries] == ["eastgate_allotments"]


def test_home_names_the_entry_left_out_in_one_line(tmp_path: Path) -> None:
    _pack_with_one_broken_entry(tmp_path)
    words = directory_trouble(load_content(pack=tmp_path / "pack"))
    assert words is not None and "\n" not in words
    assert words.startswith("One community directory entry is left out of meetings")
    assert "pack/directory/eastgate_swim.yaml line 2" in words  # the `[` never closed
    assert "cpi-assistant validate" in words


def test_validate_still_reports_the_broken_entry_as_an_error(tmp_path: Path) -> None:
    folder = _pack_with_one_broken_entry(tmp_path)
    directory, problems = check_directory(SHIPPED, pack=folder, today=TODAY)
    assert directory is None
    assert [p for p in problems if p.severity == "error"]
    assert all(p.file.endswith("eastgate_swim.yaml") for p in problems if p.severity == "error")


def test_a_broken_area_file_still_switches_the_directory_off(tmp_path: Path) -> None:
    folder = _pack_with_one_broken_entry(tmp_path)
    (folder / "_area.yaml").write_text("area: [\n", encoding="utf-8")
    content = load_content(pack=tmp_path / "pack")
    assert directory_of(content) is None
    words = directory_trouble(content)
    assert words is not None and words.startswith("The community directory cannot be read")


def test_a_referral_to_an_entry_left_out_says_its_file_cannot_be_read(tmp_path: Path) -> None:
    _pack_with_one_broken_entry(tmp_path)
    content = load_content(pack=tmp_path / "pack")
    (flag,) = content.functions["referral_checks"]("eastgate_swim")
    assert "cannot be read just now" in flag
    # On the shared screen, and kept nowhere: it names no file (Home names it for whoever
    # looks after the content).
    assert "eastgate_swim.yaml" not in flag and "/" not in flag
    assert "no longer in the directory" not in flag
