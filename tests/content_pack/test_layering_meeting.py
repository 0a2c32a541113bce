"""A meeting on a pack's topics: a content problem names the pack's file for its author."""

from __future__ import annotations

from pathlib import Path

from layering_support import TOPIC_HEAD, write_pack

from assistant.authoring.content import load_content
from assistant.engine.conversation import Conversation
from assistant.meetings.meeting import Meeting
from assistant.records import CaseStore

SUMS = (
    TOPIC_HEAD
    + """id: sums
title: Sums
description: Sums.
nodes:
  - id: n
    kind: ask
    type: number
    prompt: A number?
    store: sums.n
  - id: calc
    kind: set
    values:
      sums.r: "10 // sums.n"
  - id: done
    kind: end
"""
)


def test_a_problem_in_a_pack_topic_names_the_pack_and_its_file(
    tmp_path: Path, store: CaseStore
) -> None:
    pack = write_pack(tmp_path / "eastgate-pack", {"flows/sums.yaml": SUMS})
    case = store.open(store.create_person("Sam"))
    meeting = Meeting(
        Conversation(load_content(pack=pack)),
        case,
        "s1",
        person=case.person,
        consent_required=False,
    )
    meeting.goto_topic("sums")
    outcome = meeting.answer(0)
    assert outcome.problem
    assert outcome.detail.startswith("eastgate-pack/flows/sums.yaml:14:15: step `calc`")
