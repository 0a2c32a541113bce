"""The worker's actions and moving on in every format (issue 16): the person's own
copy and the care team's show what the worker promised to find out (co-production) and the
picture of needing us less; the team copy alone lists what the agency may add to its
directory; a copy for someone the person named leaves out what they kept private; the
person's words stay literal; FHIR has the worker's actions as the worker's tasks and the
moving-on words as a note."""

from __future__ import annotations

import json
from typing import Any

import pytest
from export_support import AGREED_STATE, HOSTILE, Page, seen_text, squash
from fhir.resources.R4B.bundle import Bundle

from assistant.export.fhir import plan_to_fhir
from assistant.export.render import render
from assistant.plans.model import (
    Audience,
    Code,
    Goal,
    MovingOn,
    Plan,
    PrivatePart,
    Review,
    Sharing,
    Words,
    WorkerAction,
    WorkerJourney,
)
from assistant.plans.sharing import copy_for

CREATED = "2026-01-05T10:00:00+00:00"
FORMATS = ("md", "txt", "html", "easy")
RING = WorkerAction(
    id="w1",
    what="Ring the allotment society",
    why="A community garden",
    by_when="2026-02-01",
    status=Code(code="done", label="Done"),
    found_out=Words(text="Open day on the first Saturday of the month."),
    add_to_directory=True,
    proposed_by="worker",
)
ASK = WorkerAction(id="w2", what="Ask Dev to meet Sam at the garden")
PICTURE = Words(text="Going to the garden on my own, and seeing Jo every week.")
DIRECTORY_HEADING = "For the agency's community directory"


def _plan(*tasks: WorkerAction, picture: Words | None = PICTURE, **sharing: object) -> Plan:
    return Plan(
        created=CREATED,
        state=AGREED_STATE,
        worker_journey=WorkerJourney(actions=list(tasks)),
        moving_on=MovingOn(picture=picture),
        sharing=Sharing.model_validate(
            {"share_with": [{"code": "care_team", "label": "My care team"}], **sharing}
        ),
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_persons_copy_shows_what_the_worker_will_find_out_and_moving_on(fmt: str) -> None:
    plan = copy_for(_plan(RING, ASK), Audience(kind="person"))
    text = seen_text(plan, fmt)
    assert "Ring the allotment society" in text
    assert "Ask Dev to meet Sam at the garden" in text
    assert "Open day on the first Saturday of the month." in text
    assert squash(PICTURE.text) in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_says_what_a_workers_action_is_for(fmt: str) -> None:
    text = seen_text(copy_for(_plan(RING), Audience(kind="person")), fmt)
    assert "A community garden" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_moving_on_has_one_heading_in_every_format(fmt: str) -> None:
    text = seen_text(copy_for(_plan(ASK), Audience(kind="person")), fmt).casefold()
    assert "need the service less" in text
    assert "need us less" not in text


@pytest.mark.parametrize("fmt", ("md", "txt", "html"))
def test_the_persons_copy_has_no_list_for_the_agencys_directory(fmt: str) -> None:
    text = seen_text(copy_for(_plan(RING), Audience(kind="person")), fmt)
    assert DIRECTORY_HEADING not in text


@pytest.mark.parametrize("fmt", ("md", "txt", "html"))
def test_the_team_copy_lists_what_to_add_to_the_directory(fmt: str) -> None:
    text = seen_text(copy_for(_plan(RING, ASK), Audience(kind="team")), fmt)
    assert "what my worker will find out or do" in text.casefold()
    after = text.split(DIRECTORY_HEADING, 1)[1]
    assert "Ring the allotment society: Open day on the first Saturday of the month." in after
    assert "Ask Dev" not in after


@pytest.mark.parametrize("fmt", ("md", "txt", "html"))
def test_without_anything_marked_for_the_directory_the_team_copy_has_no_such_list(
    fmt: str,
) -> None:
    text = seen_text(copy_for(_plan(ASK), Audience(kind="team")), fmt)
    assert DIRECTORY_HEADING not in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_named_copy_leaves_out_a_workers_action_kept_private(fmt: str) -> None:
    private = [PrivatePart(kind="item", code="w1", label="My worker will: Ring")]
    plan = _plan(RING, ASK, private=private)
    plan = plan.model_copy(
        update={
            "sharing": plan.sharing.model_copy(
                update={
                    "share_with": [Code(code="family", label="Family or a carer")],
                    "share_who": Words(text="Jo"),
                }
            )
        }
    )
    copy = copy_for(plan, Audience(kind="named", name="Jo"))
    text = seen_text(copy, fmt)
    assert "Ring the allotment society" not in text
    assert "Ask Dev to meet Sam at the garden" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_copy_with_moving_on_kept_private_does_not_show_it(fmt: str) -> None:
    private = [PrivatePart(kind="section", code="moving_on", label="When I need the service less")]
    copy = copy_for(_plan(ASK, private=private), Audience(kind="team"))
    assert squash(PICTURE.text) not in seen_text(copy, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_nothing_said_shows_no_empty_sections(fmt: str) -> None:
    text = seen_text(_plan(picture=None), fmt).casefold()
    assert "find out or do" not in text
    assert "need the service less" not in text
    assert "need us less" not in text


@pytest.mark.parametrize("fmt", ("html", "easy"))
def test_hostile_words_stay_literal_in_html(fmt: str) -> None:
    hostile = WorkerAction(id="w3", what=HOSTILE, why=HOSTILE)
    raw = render(_plan(hostile, picture=Words(text=HOSTILE)), fmt).decode()
    assert "<script>alert(1)</script>" not in raw
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert "{{ 7*7 }}" in Page(raw).joined


SWIM = Goal(id="g1", what="Go swimming again")
LEISURE = WorkerAction(id="w4", what="Ring the leisure centre", why="Go swimming again.")


def _swim_plan(private: PrivatePart) -> Plan:
    return (
        _plan(LEISURE, picture=None)
        .model_copy(update={"goals": [SWIM]})
        .model_copy(
            update={
                "sharing": _plan(private=[private]).sharing,
            }
        )
    )


@pytest.mark.parametrize(
    "private",
    (
        PrivatePart(kind="item", code="g1", label="Goal: Go swimming again"),
        PrivatePart(kind="section", code="goals", label="My goals"),
    ),
    ids=("goal", "section"),
)
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_workers_action_for_a_private_goal_is_left_out_with_it(
    fmt: str, private: PrivatePart
) -> None:
    # What the worker will do for a goal tells of the goal ("Ring the leisure centre").
    text = seen_text(copy_for(_swim_plan(private), Audience(kind="team")), fmt)
    assert "leisure centre" not in text
    assert "swimming" not in text.casefold()


def test_fhir_leaves_out_a_workers_action_for_a_private_goal() -> None:
    private = PrivatePart(kind="item", code="g1", label="Goal: Go swimming again")
    copy = copy_for(_swim_plan(private), Audience(kind="team"))
    bundle = json.dumps(plan_to_fhir(copy.to_json())).casefold()
    assert "swimming" not in bundle and "leisure centre" not in bundle


@pytest.mark.parametrize("fmt", FORMATS)
def test_what_an_action_is_for_stays_when_its_goal_is_shared(fmt: str) -> None:
    plan = _swim_plan(PrivatePart(kind="section", code="network", label="My people"))
    assert "swimming" in seen_text(copy_for(plan, Audience(kind="team")), fmt).casefold()


@pytest.mark.parametrize("fmt", FORMATS)
def test_moving_on_kept_private_takes_what_was_said_of_it_at_the_review(fmt: str) -> None:
    private = [PrivatePart(kind="section", code="moving_on", label="When I need the service less")]
    review = Review(
        reviewed_on="2026-01-05",
        keep=Words(text="Seeing Jo."),
        moving_on=Code(code="less_often", label="Meet less often"),
        moving_on_help=Words(text="Knowing I can ring if it goes wrong."),
    )
    plan = _plan(ASK, private=private).model_copy(update={"review": review})
    text = seen_text(copy_for(plan, Audience(kind="team")), fmt)
    assert "Meet less often" not in text
    assert "Knowing I can ring" not in text
    assert "feel ready" not in text.casefold()


def _fhir(plan: Plan) -> dict[str, Any]:
    resource: dict[str, Any] = plan_to_fhir(plan.to_json())["entry"][0]["resource"]
    return resource


def test_fhir_has_each_workers_action_as_the_workers_task_with_its_review() -> None:
    careplan = _fhir(_plan(RING, ASK))
    Bundle.model_validate(plan_to_fhir(_plan(RING, ASK).to_json()))
    tasks = [a for a in careplan["activity"] if "find out or do" in a["detail"]["description"]]
    assert [t["detail"]["description"] for t in tasks] == [
        "The worker will find out or do: Ring the allotment society (for: A community garden)",
        "The worker will find out or do: Ask Dev to meet Sam at the garden",
    ]
    assert [t["detail"]["status"] for t in tasks] == ["completed", "not-started"]
    assert tasks[0]["progress"] == [{"text": "Open day on the first Saturday of the month."}]
    assert tasks[0]["detail"]["scheduledPeriod"] == {"end": "2026-02-01"}


def test_fhir_keeps_the_moving_on_words_as_a_note() -> None:
    notes = [n["text"] for n in _fhir(_plan())["note"]]
    assert f"When the person needs the service less, life would look like: {PICTURE.text}" in notes
