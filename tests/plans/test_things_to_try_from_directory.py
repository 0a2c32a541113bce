"""Things to try that came from the community directory (issue 15): kept private, a shared copy
names neither the thing nor the group among the picks; built from the answers, each keeps
the entry's details, also for an older plan and an entry gone from the directory."""

from __future__ import annotations

from assistant.export.render import render
from assistant.flows.loader import Content
from assistant.plans.from_session import build_plan
from assistant.plans.model import (
    Code,
    Community,
    DirectoryPick,
    Opportunity,
    Plan,
    PrivatePart,
    Sharing,
)
from assistant.plans.sharing import without_private

CREATED = "2026-01-05T10:00:00+00:00"
JAM = DirectoryPick(code="jam", label="Jam Room")
WALKS = DirectoryPick(code="walks", label="Wellbeing Walks")


def _plan(private: list[PrivatePart]) -> Plan:
    return Plan(
        created=CREATED,
        community=Community(
            from_directory=[JAM, WALKS],
            opportunities=[
                Opportunity(id="dir_jam", what="Jam Room", directory=JAM),
                Opportunity(id="dir_walks", what="Wellbeing Walks", directory=WALKS),
            ],
        ),
        sharing=Sharing(private=private, share_with=[Code(code="team", label="My care team")]),
    )


def test_a_private_thing_to_try_takes_its_pick_out_of_a_shared_copy() -> None:
    plan = _plan([PrivatePart(kind="item", code="dir_jam", label="Jam Room")])
    shared = without_private(plan)
    assert [o.id for o in shared.community.opportunities] == ["dir_walks"]
    assert [p.code for p in shared.community.from_directory] == ["walks"]
    for fmt in ("md", "txt", "html", "easy", "json", "fhir"):
        assert b"Jam Room" not in render(shared, fmt), fmt
    # The person's own copy keeps everything.
    assert b"Jam Room" in render(plan, "md")


def test_nothing_private_keeps_every_pick() -> None:
    shared = without_private(_plan([]))
    assert [p.code for p in shared.community.from_directory] == ["jam", "walks"]


def test_answers_give_each_thing_to_try_its_entry(content: Content) -> None:
    data = {
        "community": {
            "from_directory": ["northfield_jam_room"],
            "list": [
                {
                    "id": "dir_northfield_jam_room",
                    "what": "Jam nights",
                    "directory": "northfield_jam_room",
                },
                {"id": "t1", "what": "Pottery"},
                {"id": "t2", "what": "Old group", "directory": "no_longer_there"},
            ],
        }
    }
    plan = build_plan(data, content=content, created=CREATED)
    jam, pottery, old = plan.community.opportunities
    assert jam.directory is not None and jam.directory.label == "Northfield Jam Room"
    assert jam.directory.details is not None and jam.what == "Jam nights"
    assert pottery.directory is None
    assert old.directory is not None and old.directory.removed
    assert old.directory.label == "Old group"  # named by the list's words, not its id
    # Built again with no directory, a later version keeps the last version's copy.
    again = build_plan(data, previous=plan, created=CREATED)
    assert again.community.opportunities[0].directory == jam.directory
