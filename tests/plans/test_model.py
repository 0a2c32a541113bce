"""The plan format: lossless JSON, versioned, with a committed JSON Schema."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
from plan_support import Meetings

from assistant import __version__
from assistant.authoring.schemas import render, write
from assistant.cli import main
from assistant.locations import schema_dir
from assistant.plans.model import (
    PLAN_SCHEMA_ID,
    PLAN_VERSION,
    Plan,
    PlanFormatError,
    plan_from_json,
    plan_schema,
)

SCHEMA_FILE = "plan.schema.json"


def test_json_round_trip_is_lossless(meetings: Meetings) -> None:
    data = json.loads(json.dumps(meetings.plan2.to_json()))
    assert plan_from_json(data) == meetings.plan2


def test_a_plan_says_its_format_and_version(meetings: Meetings) -> None:
    data = meetings.plan1.to_json()
    assert (data["format"], data["version"]) == ("cpi-plan", PLAN_VERSION)


def test_a_plan_from_a_newer_app_is_refused_with_a_clear_message(meetings: Meetings) -> None:
    data = dict(meetings.plan1.to_json(), version=PLAN_VERSION + 1)
    with pytest.raises(PlanFormatError, match="newer version of the app"):
        plan_from_json(data)


def test_something_that_is_not_a_plan_is_refused() -> None:
    with pytest.raises(PlanFormatError, match="not a saved relationship plan"):
        plan_from_json({"format": "something-else"})


def test_unknown_keys_are_refused(meetings: Meetings) -> None:
    data = dict(meetings.plan1.to_json(), surprise=True)
    with pytest.raises(PlanFormatError):
        plan_from_json(data)


def test_a_plan_cannot_be_changed_once_built(meetings: Meetings) -> None:
    with pytest.raises(ValueError):
        meetings.plan1.goals[0].what = "something else"  # type: ignore[misc]


def test_committed_schema_is_up_to_date() -> None:
    committed = json.loads((schema_dir() / SCHEMA_FILE).read_text("utf-8"))
    assert committed == plan_schema(), "run: cpi-assistant schema"


def test_the_schema_writer_writes_the_plan_schema(tmp_path) -> None:
    assert SCHEMA_FILE in write(tmp_path)
    assert (tmp_path / SCHEMA_FILE).read_text("utf-8") == render(plan_schema())


def test_real_plans_validate_against_the_schema(meetings: Meetings) -> None:
    validator = jsonschema.Draft202012Validator(plan_schema())
    for plan in (meetings.plan1, meetings.plan2):
        validator.validate(plan.to_json())


def test_the_schema_rejects_a_rating_out_of_range(meetings: Meetings) -> None:
    data = meetings.plan1.to_json()
    data["life_areas"][0]["value"] = 9
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, plan_schema())


def test_an_empty_plan_is_valid() -> None:
    plan = Plan(created="2026-01-01T00:00:00+00:00")
    assert plan_from_json(plan.to_json()) == plan


def test_plan_json_starts_with_its_schema_and_the_app_version(meetings: Meetings) -> None:
    data = meetings.plan1.to_json()
    assert list(data)[:2] == ["$schema", "app_version"]
    assert (data["$schema"], data["app_version"]) == (PLAN_SCHEMA_ID, __version__)


def test_the_schema_has_the_id_plans_name() -> None:
    assert plan_schema()["$id"] == PLAN_SCHEMA_ID
    committed = json.loads((schema_dir() / SCHEMA_FILE).read_text("utf-8"))
    assert committed["$id"] == PLAN_SCHEMA_ID


def test_a_plan_saved_before_schema_and_app_version_still_reads(meetings: Meetings) -> None:
    data = meetings.plan2.to_json()
    del data["$schema"], data["app_version"]
    assert plan_from_json(data) == meetings.plan2


def test_a_plan_from_another_app_version_reads_the_same(meetings: Meetings) -> None:
    data = dict(meetings.plan2.to_json(), app_version="0.0.1")
    assert plan_from_json(data) == meetings.plan2


def test_schema_and_app_version_must_be_text(meetings: Meetings) -> None:
    for key in ("$schema", "app_version"):
        with pytest.raises(PlanFormatError, match=f"`{re.escape(key)}` must be text"):
            plan_from_json(dict(meetings.plan1.to_json(), **{key: 2}))


def test_the_schema_refuses_a_schema_that_is_not_text(meetings: Meetings) -> None:
    data = dict(meetings.plan1.to_json(), app_version=1)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, plan_schema())


def test_schema_check_reports_a_plan_schema_without_its_id(tmp_path) -> None:
    write(tmp_path)
    schema = json.loads((tmp_path / SCHEMA_FILE).read_text("utf-8"))
    del schema["$id"]
    (tmp_path / SCHEMA_FILE).write_text(render(schema), "utf-8")
    assert main(["schema", "--check", "--dir", str(tmp_path)]) == 1
