"""Entries chosen from the community directory carry their details into the plan (issue 14):
a copy as they were when the version was made, kept when the directory changes later."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from plan_support import Meetings

from assistant.directory import Directory, directory_of
from assistant.flows.loader import Content
from assistant.locations import schema_dir
from assistant.meetings.meeting import Meeting
from assistant.plans.from_session import build_plan, labels_from_content
from assistant.plans.model import DirectoryPick, Plan, plan_from_json

LATER = "2026-03-02T10:00:00+00:00"


@pytest.fixture(scope="module")
def directory(content: Content) -> Directory:
    found = directory_of(content)
    assert found is not None
    return found


def _review(meetings: Meetings, directory: Directory) -> Plan:
    """The review's plan, built over ``directory`` instead of the content's own."""
    return build_plan(
        meetings.review.data,
        meetings.review.log,
        meetings.plan1,
        labels=labels_from_content(meetings.review.content),
        directory=directory,
        number=2,
        created=LATER,
    )


def _without(directory: Directory, entry_id: str) -> Directory:
    return directory.model_copy(
        update={"entries": tuple(e for e in directory.entries if e.id != entry_id)}
    )


def test_a_pick_carries_the_entrys_details(meetings: Meetings, directory: Directory) -> None:
    picks = meetings.plan1.community.from_directory
    assert picks
    for pick in picks:
        entry = directory.entry(pick.code)
        d = pick.details
        assert d is not None
        assert pick.label == entry.name
        assert (d.what, d.when, d.venue, d.cost) == (
            entry.description,
            entry.when,
            entry.venue,
            entry.cost,
        )
        assert d.area == directory.area_name(entry.area)
        assert (d.access, d.who_for, d.bring_someone) == (
            entry.access,
            entry.who_for,
            entry.bring_someone,
        )
        assert d.contact is not None and d.contact.phone == entry.contact.phone
        assert not pick.removed


def test_the_meeting_plan_carries_the_details_too(meetings: Meetings, directory: Directory) -> None:
    plan = Meeting(meetings.first, None, "s1").plan()
    pick = plan.community.from_directory[0]
    assert pick.label == directory.entry(pick.code).name  # the name, never the raw id
    assert pick.details is not None and pick.details.when == directory.entry(pick.code).when


def test_a_later_version_copies_the_details_as_they_are_then(
    meetings: Meetings, directory: Directory
) -> None:
    code = meetings.plan1.community.from_directory[0].code
    old_cost = directory.entry(code).cost
    changed = directory.entry(code).model_copy(update={"cost": "£3 a session now."})
    updated = directory.model_copy(
        update={"entries": tuple(changed if e.id == code else e for e in directory.entries)}
    )
    plan2 = _review(meetings, updated)
    new = next(p for p in plan2.community.from_directory if p.code == code)
    kept = next(p for p in meetings.plan1.community.from_directory if p.code == code)
    assert new.details is not None and new.details.cost == "£3 a session now."
    assert kept.details is not None and kept.details.cost == old_cost


def test_an_entry_gone_from_the_directory_keeps_its_name_without_details(
    meetings: Meetings, directory: Directory
) -> None:
    first = meetings.plan1.community.from_directory[0]
    plan2 = _review(meetings, _without(directory, first.code))
    gone = next(p for p in plan2.community.from_directory if p.code == first.code)
    assert gone.removed
    assert gone.label == first.label
    assert gone.details is None
    # The earlier version keeps what the person was given.
    stored = plan_from_json(json.loads(json.dumps(meetings.plan1.to_json())))
    assert stored.community.from_directory[0].details == first.details


def test_an_entry_whose_file_cannot_be_read_keeps_the_last_versions_copy(
    meetings: Meetings, directory: Directory
) -> None:
    first = meetings.plan1.community.from_directory[0]
    unreadable = _without(directory, first.code).model_copy(
        update={"unreadable": {first.code: f"content/directory/{first.code}.yaml"}}
    )
    plan2 = _review(meetings, unreadable)
    kept = next(p for p in plan2.community.from_directory if p.code == first.code)
    assert kept == first


def test_without_a_directory_the_last_versions_copy_is_kept(meetings: Meetings) -> None:
    plan2 = build_plan(meetings.review.data, meetings.review.log, meetings.plan1, created=LATER)
    assert plan2.community.from_directory == meetings.plan1.community.from_directory


def _old_style(plan: Plan) -> dict[str, Any]:
    """The plan as an app before issue 14 saved it: directory picks as code and label."""
    data = plan.to_json()
    data["community"]["from_directory"] = [
        {"code": p.code, "label": p.label} for p in plan.community.from_directory
    ]
    return data


def test_a_plan_saved_with_code_and_label_only_still_reads(meetings: Meetings) -> None:
    plan = plan_from_json(_old_style(meetings.plan1))
    picks = plan.community.from_directory
    assert [(p.code, p.label) for p in picks] == [
        (p.code, p.label) for p in meetings.plan1.community.from_directory
    ]
    assert all(isinstance(p, DirectoryPick) and p.details is None for p in picks)
    assert not any(p.removed for p in picks)


@pytest.mark.parametrize("old", [True, False], ids=["code and label", "with details"])
def test_the_committed_schema_accepts_old_and_new_picks(meetings: Meetings, old: bool) -> None:
    schema = json.loads((schema_dir() / "plan.schema.json").read_text(encoding="utf-8"))
    data = _old_style(meetings.plan1) if old else meetings.plan1.to_json()
    jsonschema.Draft202012Validator(schema).validate(data)


def test_the_schema_refuses_a_pick_with_unknown_details(meetings: Meetings) -> None:
    data = meetings.plan1.to_json()
    data["community"]["from_directory"][0]["details"]["price"] = "£1"
    with pytest.raises(ValueError, match="price"):
        plan_from_json(data)
