"""A person's wish to be kept private outlasts their removal from the people list: the record
keeps their name (Sharing.kept_names), the names check still looks for it, and the mark is
offered as "NAME (no longer on the list)" so it can be taken off on purpose."""

from __future__ import annotations

import copy

from plan_support import play

from assistant.engine.conversation import Conversation
from assistant.engine.functions import plan_parts
from assistant.export.render import render
from assistant.flows.loader import Content
from assistant.plans.from_session import build_plan, data_for_next_meeting
from assistant.plans.model import PrivatePart
from assistant.plans.private_names import private_names_found
from assistant.plans.sharing import shared_copy

CREATED = "2026-01-05T10:00:00+00:00"
MARIA = {"id": "p1", "name": "Maria", "relationship": "friend", "circle": 1}
JO = {"id": "p2", "name": "Jo", "relationship": "friend", "circle": 1}
ANSWERS = {
    "network.people": [MARIA, JO],
    "agreement.share_with": ["care_team"],
    "sharing.private": ["item:p1"],
    "agreement.others_present": "Maria came too",
}


def _maria_taken_off(content: Content) -> Conversation:
    """Maria added and marked private, then taken off the list; "Also there" names her."""
    conv = play(content, ["connections", "closing"], ANSWERS)
    conv.edit("network.people", [JO])
    return conv


def test_a_person_taken_off_the_list_is_still_looked_for_in_shared_copies(
    content: Content,
) -> None:
    conv = _maria_taken_off(content)
    plan = build_plan(conv.data, conv.log, content=content, created=CREATED)
    found = private_names_found(plan)
    assert [(p.name, p.where) for p in found] == [("Maria", "Also there")]


def test_their_mark_is_offered_as_no_longer_on_the_list(content: Content) -> None:
    conv = _maria_taken_off(content)
    offered = {o["value"]: o["label"] for o in plan_parts(conv.data)}
    assert offered["item:p1"] == "Someone in my life: Maria (no longer on the list)"
    plan = build_plan(conv.data, conv.log, content=content, created=CREATED)
    assert plan.sharing.private == [
        PrivatePart(
            kind="item", code="p1", label="Someone in my life: Maria (no longer on the list)"
        )
    ]
    assert [(k.name, k.marked) for k in plan.sharing.kept_names] == [
        ("Maria", conv.clock().date().isoformat())
    ]


def test_the_kept_name_is_carried_to_the_next_meeting(content: Content) -> None:
    conv = _maria_taken_off(content)
    plan1 = build_plan(conv.data, conv.log, content=content, created=CREATED)
    later = play(content, [], {}, data_for_next_meeting(conv.data, plan1))
    plan2 = build_plan(later.data, later.log, plan1, content=content, created=CREATED)
    assert [k.name for k in plan2.sharing.kept_names] == ["Maria"]


def test_taking_the_mark_off_forgets_the_name(content: Content) -> None:
    conv = _maria_taken_off(content)
    conv.edit("sharing.private", ["nothing"])
    plan = build_plan(conv.data, conv.log, content=content, created=CREATED)
    assert (plan.sharing.kept_names, private_names_found(plan)) == ([], [])


def test_a_shared_copy_leaves_the_kept_name_out(content: Content) -> None:
    conv = _maria_taken_off(content)
    conv.edit("agreement.others_present", "Only us")
    plan = build_plan(conv.data, conv.log, content=content, created=CREATED)
    copy = shared_copy(plan, "team")
    assert "Maria" not in copy.model_dump_json()


def test_the_persons_own_copy_lists_the_mark_as_no_longer_on_the_list(content: Content) -> None:
    # As the subject access copy and `plan show` print each plan version.
    conv = _maria_taken_off(content)
    plan = build_plan(conv.data, conv.log, content=content, created=CREATED)
    text = " ".join(render(shared_copy(plan, "person"), "txt").decode("utf-8").split())
    assert "Someone in my life: Maria (no longer on the list)" in text


def test_earlier_counts_are_left_out_of_a_shared_copy_once_a_private_person_is_taken_off(
    content: Content,
) -> None:
    # Maria was counted at the first meeting: "2 people" there beside "1 now" would tell the
    # team there was someone kept private, and that they have gone.
    first = play(content, ["connections", "closing"], ANSWERS)
    plan1 = build_plan(first.data, first.log, content=content, created=CREATED)
    later = play(content, [], {}, data_for_next_meeting(first.data, plan1))
    later.edit("network.people", [JO])
    plan2 = build_plan(later.data, later.log, plan1, content=content, created=CREATED)
    assert [p.connections.people for p in plan2.measures.history if p.connections] == [2]
    copy = shared_copy(plan2, "team")
    assert [p.connections for p in copy.measures.history] == [None]


def test_a_record_saved_before_names_were_kept_keeps_the_name_of_the_person_taken_off(
    content: Content,
) -> None:
    # A meeting saved before the names were kept has the mark but no name: taking Maria off
    # as the first thing after it is opened again must not lose her.
    first = play(content, ["connections", "closing"], ANSWERS)
    older = copy.deepcopy(first.data)
    del older["sharing"]["marked_people"]
    conv = Conversation(content, older)
    conv.edit("network.people", [JO])
    plan = build_plan(conv.data, conv.log, content=content, created=CREATED)
    assert [k.name for k in plan.sharing.kept_names] == ["Maria"]


SECTION_MARKED = {**ANSWERS, "sharing.private": ["section:network"]}


def test_a_person_kept_private_with_their_section_is_looked_for_once_taken_off(
    content: Content,
) -> None:
    # Private when taken off (all of "My connections" was), so private until unmarked.
    conv = play(content, ["connections", "closing"], SECTION_MARKED)
    conv.edit("network.people", [JO])
    plan = build_plan(conv.data, conv.log, content=content, created=CREATED)
    assert [(p.name, p.where) for p in private_names_found(plan)] == [("Maria", "Also there")]


def test_a_person_taken_off_a_private_section_is_offered_ticked_as_no_longer_on_the_list(
    content: Content,
) -> None:
    conv = play(content, ["connections", "closing"], SECTION_MARKED)
    conv.edit("network.people", [JO])
    offered = {o["value"]: o["label"] for o in plan_parts(conv.data)}
    assert offered["item:p1"] == "Someone in my life: Maria (no longer on the list)"
    assert conv.data["sharing"]["private"] == ["section:network", "item:p1"]


def test_taking_a_person_off_a_private_section_is_undone_with_their_mark(
    content: Content,
) -> None:
    conv = play(content, ["connections", "closing"], SECTION_MARKED)
    before = copy.deepcopy(conv.data["sharing"])
    conv.edit("network.people", [JO])
    assert conv.back()
    assert conv.data["sharing"] == before


def _review(content: Content, answers: dict[str, object]) -> Conversation:
    """Closing at the meeting after one where "Also there: Maria came too" was marked
    private (the marks on this meeting's answers are asked afresh)."""
    first = play(content, ["closing"], {**ANSWERS, "sharing.private": ["item:others_present"]})
    plan1 = build_plan(first.data, first.log, content=content, created=CREATED)
    data = data_for_next_meeting(first.data, plan1, content=content)
    return play(content, ["closing"], answers, data)


def test_the_same_words_typed_again_at_a_review_come_with_their_mark_ticked(
    content: Content,
) -> None:
    review = _review(content, {"agreement.others_present": "Maria came too"})
    assert review.data["sharing"]["private"] == ["item:others_present"]


def test_other_words_at_a_review_are_not_marked(content: Content) -> None:
    review = _review(content, {"agreement.others_present": "Maria came today"})
    assert "item:others_present" not in review.data.get("sharing", {}).get("private", [])


def test_a_mark_ticked_again_and_taken_off_stays_off(content: Content) -> None:
    answers = {"agreement.others_present": "Maria came too", "sharing.private": ["nothing"]}
    review = _review(content, answers)
    review.edit("agreement.others_present", "Maria came too")
    assert review.data["sharing"]["private"] == ["nothing"]
