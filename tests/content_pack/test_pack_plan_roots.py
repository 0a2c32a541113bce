"""A pack's own question keeping its answers where no plan reads them is named by validate
(K306): the answers stay with the meeting, but no plan, copy or export has them."""

from __future__ import annotations

from pathlib import Path

from layering_support import write_pack

from assistant.cli import main
from assistant.locations import content_dir

PET = """\
id: our_pets
title: Pets
description: Whether the person has a pet.
tags: [person_centred]
order: 16
nodes:
  - id: pet
    kind: ask
    type: text
    speaker: person
    prompt: "Do you have a pet?"
    store: eastgate.pet
    tags: [person_centred]
  - id: pet_name
    kind: ask
    type: text
    speaker: person
    prompt: "What is their name?"
    store: eastgate.pet_name
    tags: [person_centred]
  - id: hopes
    kind: ask
    type: long_text
    speaker: person
    prompt: "What are you hoping for?"
    store: about.hopes
    tags: [person_centred]
  - id: done
    kind: end
"""


def _validate(capsys, pack: Path) -> list[str]:
    main(["validate", "--pack", str(pack)])
    return [line for line in capsys.readouterr().out.splitlines() if " K306 " in line]


def test_a_root_of_the_packs_own_is_named_once_at_its_first_step(tmp_path: Path, capsys) -> None:
    pack = write_pack(tmp_path / "pack", {"flows/our_pets.yaml": PET})
    (line,) = _validate(capsys, pack)
    assert "pack/flows/our_pets.yaml:12:12: K306 warning" in line  # the first `store:`
    assert "`eastgate.` are in no plan, copy or export" in line


def test_a_question_for_the_conversation_only_is_not_named(tmp_path: Path, capsys) -> None:
    said = PET.replace("    store: eastgate.pet\n", "    store: eastgate.pet\n    in_plan: false\n")
    said = said.replace(
        "    store: eastgate.pet_name\n", "    store: eastgate.pet_name\n    in_plan: false\n"
    )
    pack = write_pack(tmp_path / "pack", {"flows/our_pets.yaml": said})
    assert _validate(capsys, pack) == []


def test_a_question_kept_where_the_apps_topics_keep_it_is_not_named(tmp_path: Path, capsys) -> None:
    mine = PET.replace("eastgate.pet_name", "about.interests").replace(
        "eastgate.pet", "about.good_week"
    )
    pack = write_pack(tmp_path / "pack", {"flows/our_pets.yaml": mine})
    assert _validate(capsys, pack) == []


def test_a_new_path_under_a_root_the_plan_reads_is_named_at_its_step(
    tmp_path: Path, capsys
) -> None:
    # `about.` is read by every plan, but only at the paths the app's questions keep there.
    mine = PET.replace("eastgate.pet_name", "about.interests").replace("eastgate.pet", "about.pet")
    pack = write_pack(tmp_path / "pack", {"flows/our_pets.yaml": mine})
    (line,) = _validate(capsys, pack)
    assert "pack/flows/our_pets.yaml:12:12: K306 warning" in line
    assert "`about.pet` are in no plan, copy or export" in line


def test_a_new_question_in_a_packs_copy_of_a_repeated_sub_flow_is_named(
    tmp_path: Path, capsys
) -> None:
    shipped = (content_dir() / "flows" / "concern_detail.yaml").read_text(encoding="utf-8")
    question = (
        "  - id: who_knows\n    kind: ask\n    type: long_text\n    speaker: person\n"
        '    prompt: "Who else knows?"\n    store: concern.who_knows\n'
        "    tags: [person_centred]\n\n"
    )
    mine = shipped.replace("  - id: hard\n", question + "  - id: hard\n", 1)
    pack = write_pack(tmp_path / "pack", {"flows/concern_detail.yaml": mine})
    (line,) = _validate(capsys, pack)
    assert "`concern.who_knows` (`concerns.list[].who_knows`) are in no plan" in line


def test_a_packs_unchanged_copy_of_every_shipped_topic_is_not_named(tmp_path: Path, capsys) -> None:
    files = {
        f"flows/{path.name}": path.read_text(encoding="utf-8")
        for path in (content_dir() / "flows").glob("*.yaml")
    }
    pack = write_pack(tmp_path / "pack", files)
    assert _validate(capsys, pack) == []


def test_a_worker_only_topics_answers_are_not_named(tmp_path: Path, capsys) -> None:
    # Supervision exports show every answer of a worker-only topic.
    mine = PET.replace("order: 16\n", "order: 910\nlisted: false\nworker_only: true\n")
    mine = mine.replace("speaker: person", "speaker: worker")
    pack = write_pack(tmp_path / "pack", {"flows/our_pets.yaml": mine})
    assert _validate(capsys, pack) == []
