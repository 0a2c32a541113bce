"""Topics of an agency's content pack laid over the base: replace, add, switch off."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from layering_support import SAMPLE, topic, write_pack

from assistant.authoring.content import load_content
from assistant.cli import main
from assistant.content_pack.layers import ContentLayers, read_layers
from assistant.flows.loader import content_hash, read_content, topic_files
from assistant.flows.problems import ContentError


def codes(layers: ContentLayers) -> list[str]:
    return [p.code for p in read_layers(layers)[1]]


def test_without_a_pack_the_content_is_the_base_as_before() -> None:
    content = load_content(SAMPLE)
    assert content.pack is None
    assert content.topics.keys() == read_content(SAMPLE)[0].topics.keys()
    assert content.hash == content_hash(topic_files(SAMPLE))


def test_a_pack_topic_with_a_shipped_id_replaces_it(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "pack", {"flows/welcome.yaml": topic("welcome", "Our welcome")})
    content = load_content(SAMPLE, pack=pack)
    assert content.topics["welcome"].topic.title == "Our welcome"
    assert content.topics["welcome"].file.endswith("pack/flows/welcome.yaml")


def test_a_pack_topic_with_a_new_id_is_added_beside_the_shipped_ones(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "pack", {"flows/allotments.yaml": topic("allotments", "Plots")})
    content = load_content(SAMPLE, pack=pack)
    assert set(content.topics) == set(read_content(SAMPLE)[0].topics) | {"allotments"}


def test_a_replaced_sub_flow_is_the_one_the_calling_topic_runs(tmp_path: Path) -> None:
    # wellbeing calls tips: the pack's tips is the one in the merged content.
    pack = write_pack(
        tmp_path / "pack", {"flows/tips.yaml": topic("tips", "Our tips", listed=False)}
    )
    content = load_content(SAMPLE, pack=pack)
    assert content.topics["tips"].topic.title == "Our tips"
    assert "wellbeing" in content.topics


def test_switch_off_removes_a_shipped_topic(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "pack", manifest="name: E\nformat: 1\nswitch_off: [welcome]\n")
    content = load_content(SAMPLE, pack=pack)
    assert "welcome" not in content.topics
    assert "network" in content.topics


def test_switching_off_an_unknown_topic_names_pack_yaml_and_the_line(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "pack", manifest="name: E\nformat: 1\nswitch_off:\n  - welcom\n")
    (problem,) = [p for p in read_layers(ContentLayers(SAMPLE, pack))[1] if p.code == "K201"]
    assert (problem.file.endswith("pack/pack.yaml"), problem.line, problem.severity) == (
        True,
        4,
        "warning",
    )
    assert "did you mean `welcome`" in problem.message


def test_switching_off_a_topic_an_upgrade_retired_still_loads(tmp_path: Path) -> None:
    # The app's new content no longer has `welcome`: what the pack switched off is gone
    # anyway, so meetings still start (a warning for the pack's author, not an error).
    base = tmp_path / "upgraded"
    shutil.copytree(SAMPLE, base)
    (base / "flows" / "welcome.yaml").unlink()
    pack = write_pack(tmp_path / "pack", manifest="name: E\nformat: 1\nswitch_off: [welcome]\n")
    content = load_content(base, pack=pack)
    assert "network" in content.topics
    (problem,) = [p for p in read_layers(ContentLayers(base, pack))[1] if p.code == "K201"]
    assert problem.severity == "warning" and "retired" in problem.message


def test_switching_off_a_sub_flow_still_run_by_another_topic_is_an_error(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "pack", manifest="name: E\nformat: 1\nswitch_off: [tips]\n")
    (problem,) = [p for p in read_layers(ContentLayers(SAMPLE, pack))[1] if p.code == "K203"]
    assert (problem.line, problem.col) == (3, 14)
    assert "`wellbeing`" in problem.message


def test_switching_off_the_sub_flow_and_its_caller_together_is_allowed(tmp_path: Path) -> None:
    manifest = "name: E\nformat: 1\nswitch_off: [tips, wellbeing]\n"
    pack = write_pack(tmp_path / "pack", manifest=manifest)
    content = load_content(SAMPLE, pack=pack)
    assert not {"tips", "wellbeing"} & set(content.topics)


def test_a_sub_flow_only_a_switched_off_topic_ran_goes_with_it(tmp_path: Path) -> None:
    # network runs person_detail (listed: false): nothing else could run it.
    pack = write_pack(tmp_path / "pack", manifest="name: E\nformat: 1\nswitch_off: [network]\n")
    content = load_content(SAMPLE, pack=pack)
    assert not {"network", "person_detail"} & set(content.topics)


def test_a_pack_topic_still_running_a_switched_off_topic_is_named(tmp_path: Path) -> None:
    calling = topic("allotments", "Plots").replace(
        "  - id: done\n", "  - id: more\n    kind: call\n    topic: welcome\n  - id: done\n"
    )
    pack = write_pack(
        tmp_path / "pack",
        {"flows/allotments.yaml": calling},
        manifest="name: E\nformat: 1\nswitch_off: [welcome]\n",
    )
    (problem,) = [p for p in read_layers(ContentLayers(SAMPLE, pack))[1] if p.code == "K203"]
    assert "`allotments`" in problem.message and "pack/flows/allotments.yaml" in problem.message


def test_switching_off_a_topic_the_pack_itself_gives_is_an_error(tmp_path: Path) -> None:
    pack = write_pack(
        tmp_path / "pack",
        {"flows/welcome.yaml": topic("welcome", "Ours")},
        manifest="name: E\nformat: 1\nswitch_off: [welcome]\n",
    )
    assert codes(ContentLayers(SAMPLE, pack)) == ["K202"]


def test_two_pack_topics_with_one_id_are_an_error_naming_both_files(tmp_path: Path) -> None:
    pack = write_pack(
        tmp_path / "pack",
        {"flows/a.yaml": topic("extra", "A"), "flows/b.yaml": topic("extra", "B")},
    )
    (problem,) = read_layers(ContentLayers(SAMPLE, pack))[1]
    assert problem.code == "E200"
    assert problem.file.endswith("pack/flows/b.yaml") and "pack/flows/a.yaml" in problem.message


def test_a_broken_pack_topic_is_reported_at_its_own_file_and_line(tmp_path: Path) -> None:
    broken = topic("extra", "Extra").replace("kind: end", "kind: ned")
    pack = write_pack(tmp_path / "pack", {"flows/extra.yaml": broken})
    with pytest.raises(ContentError) as caught:
        load_content(SAMPLE, pack=pack)
    (problem,) = caught.value.problems
    assert problem.file.endswith("pack/flows/extra.yaml")
    assert (problem.line, problem.code) == (9, "E104")  # the step `done`


def test_the_hash_changes_with_the_pack_so_saved_meetings_notice(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "pack", {"flows/extra.yaml": topic("extra", "Extra")})
    first = load_content(SAMPLE, pack=pack).hash
    (pack / "flows" / "extra.yaml").write_text(topic("extra", "Changed"), encoding="utf-8")
    assert len({load_content(SAMPLE).hash, first, load_content(SAMPLE, pack=pack).hash}) == 3


def test_an_empty_pack_leaves_the_topics_as_they_are(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "pack")
    content = load_content(SAMPLE, pack=pack)
    assert content.pack == pack
    assert {k: v.file for k, v in content.topics.items()} == {
        k: v.file for k, v in load_content(SAMPLE).topics.items()
    }


def test_a_pack_given_as_the_content_folder_is_laid_over_the_shipped_content(
    tmp_path: Path,
) -> None:
    pack = write_pack(tmp_path / "pack", {"flows/allotments.yaml": topic("allotments", "Plots")})
    content = load_content(pack)
    assert content.pack == pack
    assert set(content.topics) == set(load_content().topics) | {"allotments"}


def test_a_pack_playthrough_plays_against_the_merged_content(tmp_path: Path, capsys) -> None:
    pack = write_pack(
        tmp_path / "pack",
        {
            "flows/allotments.yaml": topic("allotments", "Plots", say="Our plots are open."),
            "playthroughs/allotments.yaml": (
                "name: Our allotments topic\nsteps:\n  - go: allotments\n"
                '  - expect_text: "Our plots are open."\n  - continue\n'
                "expect_status:\n  allotments: done\n"
            ),
        },
    )
    assert main(["play", str(pack / "playthroughs")]) == 0
    assert "1 passed, 0 failed" in capsys.readouterr().out
