"""A pack's own question keeping its answers where no plan reads them is named by validate
(K306): the answers stay with the meeting, but no plan, copy or export has them."""

from __future__ import annotations

from pathlib import Path

from layering_support import write_pack

from assistant.cli import main

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
