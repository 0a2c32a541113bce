"""Plans of fictional training persons say so in every export format."""

from __future__ import annotations

import json

import pytest

from assistant.export.render import FORMATS, render
from assistant.plans.model import TRAINING_WATERMARK, Plan

TEXT_FORMATS = [f for f in FORMATS if f != "pdf"]


@pytest.fixture(scope="module")
def training_plan(plan: Plan) -> Plan:
    return plan.model_copy(update={"watermark": TRAINING_WATERMARK})


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_training_plan_exports_carry_the_watermark(training_plan: Plan, fmt: str) -> None:
    assert TRAINING_WATERMARK in render(training_plan, fmt).decode("utf-8")


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_real_plan_exports_carry_no_watermark(plan: Plan, fmt: str) -> None:
    assert TRAINING_WATERMARK not in render(plan, fmt).decode("utf-8")


@pytest.mark.parametrize("fmt", ["html", "easy"])
def test_html_watermark_is_inside_the_body_at_top_and_bottom(training_plan: Plan, fmt) -> None:
    page = render(training_plan, fmt).decode("utf-8")
    body = page[page.index("<body") : page.index("</body>")]
    assert body.count(TRAINING_WATERMARK) >= 2


def test_watermarked_json_still_reads_back_as_a_plan(training_plan: Plan) -> None:
    from assistant.plans.model import plan_from_json

    data = json.loads(render(training_plan, "json"))
    assert plan_from_json(data).watermark == TRAINING_WATERMARK


@pytest.mark.parametrize(("training", "expected"), [(True, TRAINING_WATERMARK), (False, None)])
def test_agreeing_sets_the_watermark_only_in_the_training_store(
    tmp_path, content, training: bool, expected: str | None
) -> None:
    from assistant.plans.versions import agree_plan
    from assistant.records import open_store

    store = open_store(tmp_path, training=training)
    person = store.create_person("Practice person")
    data = {"agreement": {"person_agrees": "yes", "worker_agrees": "yes"}}
    with store.open(person) as case:
        plan = agree_plan(case, data, [], content=content)
    assert plan.watermark == expected


@pytest.mark.parametrize("fmt", ["html", "easy"])
def test_html_watermark_is_in_every_printed_pages_header(training_plan: Plan, fmt) -> None:
    # Chromium prints a page margin box on every page (the banners are on the first and last).
    page = render(training_plan, fmt).decode("utf-8")
    head = page[: page.index("</head>")]
    assert "@page{@top-center{content:" in head
    assert "TRAINING\\000020\\002014\\000020FICTIONAL\\000020PERSON" in head
