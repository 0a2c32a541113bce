"""The strict base model and the field types every content and plan model shares."""

from __future__ import annotations

import datetime as dt
import inspect
from types import ModuleType

import pytest
from pydantic import BaseModel, RootModel, TypeAdapter, ValidationError

from assistant import fields
from assistant.authoring import playthrough
from assistant.directory import model as directory_model
from assistant.flows import model as flows_model
from assistant.plans import model as plans_model
from assistant.training import model as training_model

MODEL_MODULES = (flows_model, directory_model, training_model, plans_model, playthrough)


def _models(module: ModuleType) -> list[type[BaseModel]]:
    return [
        cls
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, BaseModel)
        and cls.__module__ == module.__name__
        and not issubclass(cls, RootModel)
    ]


@pytest.mark.parametrize("module", MODEL_MODULES, ids=lambda m: m.__name__)
def test_every_model_is_built_on_the_one_strict_base(module: ModuleType) -> None:
    models = _models(module)
    assert models
    assert [m.__name__ for m in models if not issubclass(m, fields.StrictModel)] == []


@pytest.mark.parametrize("module", MODEL_MODULES, ids=lambda m: m.__name__)
def test_every_model_refuses_unknown_keys_and_cannot_change(module: ModuleType) -> None:
    loose = [
        m.__name__
        for m in _models(module)
        if m.model_config.get("extra") != "forbid" or not m.model_config.get("frozen")
    ]
    assert loose == []


def test_a_typo_in_a_key_is_an_error() -> None:
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        flows_model.Choice.model_validate({"value": "yes", "lable": "Yes"})


@pytest.mark.parametrize("given", ["2025-03-14", dt.date(2025, 3, 14)])
def test_a_date_is_kept_as_yyyy_mm_dd_text(given: object) -> None:
    assert TypeAdapter(fields.IsoDate).validate_python(given) == "2025-03-14"


@pytest.mark.parametrize("given", ["2025-02-30", "14/03/2025", "20250314", "2025-03-14T10:00", 7])
def test_a_date_that_is_no_day_is_refused_with_how_to_write_one(given: object) -> None:
    with pytest.raises(ValidationError, match="write it as YYYY-MM-DD"):
        TypeAdapter(fields.IsoDate).validate_python(given)


@pytest.mark.parametrize("kind", [fields.Line, fields.Para, fields.Title])
def test_words_lose_outer_spaces_and_may_not_be_blank(kind: object) -> None:
    adapter = TypeAdapter(kind)
    assert adapter.validate_python("  Art Club ") == "Art Club"
    with pytest.raises(ValidationError):
        adapter.validate_python("   ")


def test_an_id_is_a_lower_case_name() -> None:
    adapter = TypeAdapter(fields.Id)
    assert adapter.validate_python("art_club2") == "art_club2"
    for bad in ("Art", "2art", "art-club", "a" * 65):
        with pytest.raises(ValidationError):
            adapter.validate_python(bad)


def test_who_is_the_same_three_everywhere() -> None:
    # A step's speaker, who gave an answer in a playthrough, who proposed a plan item.
    speaker = flows_model.SayNode.model_fields["speaker"].annotation
    proposed = plans_model.Attributed.model_fields["proposed_by"].annotation
    by = playthrough.PlayStep.model_fields["by"].annotation
    assert speaker is fields.Who
    assert proposed == fields.Who | None
    assert by == fields.Who | None


def test_a_schema_has_the_dialect_and_the_title() -> None:
    schema = fields.json_schema(flows_model.Choice, "A choice")
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "A choice"
    assert schema["additionalProperties"] is False


@pytest.mark.parametrize(
    ("kind", "limit"),
    [
        (fields.Title, 80),
        (fields.Line, 300),
        (fields.Para, 4000),
        (fields.ShortLine, 200),
        (fields.ShortPara, 1000),
    ],
)
def test_each_kind_of_words_keeps_its_own_length_limit(kind: object, limit: int) -> None:
    adapter = TypeAdapter(kind)
    assert adapter.validate_python("a" * limit) == "a" * limit
    with pytest.raises(ValidationError, match=f"at most {limit} characters"):
        adapter.validate_python("a" * (limit + 1))


def test_the_directory_keeps_its_shorter_limits_and_personas_their_longer_ones() -> None:
    directory_model.Contact(phone="1" * 200)
    with pytest.raises(ValidationError, match="at most 200 characters"):
        directory_model.Contact(phone="1" * 201)
    with pytest.raises(ValidationError, match="at most 1000 characters"):
        directory_model.Area.model_validate(
            {"name": "Brackenford", "description": "a" * 1001, "neighbourhoods": []}
        )
    person = {"id": "sam", "relationship": "family", "circle": 1, "about": "a" * 4000}
    training_model.Connection.model_validate({**person, "name": "a" * 300})
    with pytest.raises(ValidationError, match="at most 300 characters"):
        training_model.Connection.model_validate({**person, "name": "a" * 301})


def test_a_stored_plan_date_is_checked_for_its_shape_only() -> None:
    # Stored plans always kept dates as text of this shape; an older record must still open.
    adapter = TypeAdapter(fields.DateText)
    assert adapter.validate_python("2025-02-30") == "2025-02-30"
    with pytest.raises(ValidationError):
        adapter.validate_python("14/03/2025")


def test_a_blank_topic_title_and_playthrough_name_still_load() -> None:
    # As before the shared types; `validate` warns about them (W306, W307).
    assert flows_model.Topic.model_fields["title"].annotation is str
    assert playthrough.Playthrough.model_fields["name"].annotation is str
