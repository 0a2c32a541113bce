"""The worker's journey and moving on in the plan (issue 16): what the worker will find out or
do is kept as the worker's actions (attributed, dated, reviewed with the goal actions'
statuses, history kept across versions), the picture of needing us less is kept and offered
back to the next meeting, and both can be kept private from shared copies."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assistant.cli import main
from assistant.engine.answer_words import record_name
from assistant.engine.conversation import Conversation
from assistant.engine.functions import plan_parts, worker_asks
from assistant.flows.loader import Content
from assistant.plans.diff import format_diff
from assistant.plans.from_session import build_plan, data_for_next_meeting
from assistant.plans.model import Audience, Code, PrivatePart, WorkerAction
from assistant.plans.sharing import copy_for
from assistant.plans.versions import agree_plan
from assistant.records import CaseStore

CREATED = "2026-02-02T10:00:00+00:00"
RING = {
    "id": "w1",
    "what": "Ring the allotment society",
    "why": "A community garden",
    "by_when": "2026-03-01",
    "add_to_directory": True,
}
ASK = {"id": "w2", "what": "Ask Dev to meet Sam at the garden"}
LABELS = {"task.status": {"done": "Done", "not_yet": "Not yet"}}


def _data(*tasks: dict[str, Any], picture: str | None = None, **more: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"worker_journey": {"actions": [dict(t) for t in tasks]}, **more}
    if picture is not None:
        data["moving_on"] = {"picture": picture}
    return data


def _log(path: str, value: Any, by: str, seq: int = 1) -> dict[str, Any]:
    return {"seq": seq, "action": "answered", "path": path, "value": value, "by": by}


def test_the_workers_actions_are_kept_with_what_why_when_and_the_directory_mark() -> None:
    plan = build_plan(_data(RING, ASK), created=CREATED)
    ring, ask = plan.worker_journey.actions
    assert (ring.what, ring.why, ring.by_when, ring.add_to_directory) == (
        "Ring the allotment society",
        "A community garden",
        "2026-03-01",
        True,
    )
    assert (ask.why, ask.by_when, ask.add_to_directory, ask.status) == (None, None, None, None)
    assert plan.worker_journey.for_directory == [ring]


def test_a_workers_action_is_attributed_to_whoever_typed_it() -> None:
    log = [_log("worker_journey.actions", [RING], "worker")]
    [ring] = build_plan(_data(RING), log, created=CREATED).worker_journey.actions
    assert ring.proposed_by == "worker"


def test_an_action_without_words_is_left_out() -> None:
    plan = build_plan(_data({"id": "w9", "what": "  "}, ASK), created=CREATED)
    assert [a.id for a in plan.worker_journey.actions] == ["w2"]


def test_the_review_keeps_the_status_and_what_was_found_out() -> None:
    first = build_plan(_data(RING, ASK), created=CREATED)
    reviewed = {**RING, "status": "done", "found_out": "Open day on the first Saturday."}
    later = build_plan(_data(reviewed, ASK), previous=first, labels=LABELS, created=CREATED)
    ring, ask = later.worker_journey.actions
    assert ring.status == Code(code="done", label="Done")
    assert ring.found_out is not None and ring.found_out.text == "Open day on the first Saturday."
    assert ask.status is None


def test_a_status_not_asked_again_keeps_the_last_reviews() -> None:
    done = {**RING, "status": "done"}
    first = build_plan(_data(done), labels=LABELS, created=CREATED)
    # The next meeting's records lost the status (e.g. an imported older record): the plan's
    # history still says it was done, as it does for goal actions.
    later = build_plan(_data(RING), previous=first, created=CREATED)
    assert later.worker_journey.actions[0].status == Code(code="done", label="Done")


def test_moving_on_is_kept_in_the_persons_words_and_attributed() -> None:
    words = "Going to the garden on my own."
    log = [_log("moving_on.picture", words, "person")]
    plan = build_plan(_data(picture=words), log, created=CREATED)
    assert plan.moving_on.picture is not None
    assert (plan.moving_on.picture.text, plan.moving_on.picture.proposed_by) == (words, "person")


def test_moving_on_changed_at_review_is_the_new_words_and_the_old_version_keeps_the_old() -> None:
    first = build_plan(_data(picture="On my own."), created=CREATED)
    later = build_plan(_data(picture="On my own, and a class."), previous=first, created=CREATED)
    assert first.moving_on.picture is not None and later.moving_on.picture is not None
    assert (first.moving_on.picture.text, later.moving_on.picture.text) == (
        "On my own.",
        "On my own, and a class.",
    )


def test_the_next_meeting_starts_with_last_times_moving_on_words_and_the_workers_actions() -> None:
    data = _data(RING, picture="On my own.")
    nxt = data_for_next_meeting(data)
    assert nxt["previous"]["moving_on"] == "On my own."
    assert nxt["moving_on"] == {"picture": "On my own."}
    assert nxt["worker_journey"] == data["worker_journey"]


def test_without_moving_on_words_the_next_meeting_has_none_to_read_back() -> None:
    assert "moving_on" not in data_for_next_meeting(_data(RING))["previous"]


def test_the_workers_actions_and_moving_on_can_be_marked_private() -> None:
    parts = plan_parts(_data(RING, picture="On my own."))
    values = {p["value"]: p["label"] for p in parts}
    assert values["section:worker_journey"] == "All of: What my worker will find out or do"
    assert values["section:moving_on"] == "All of: When I need the service less"
    assert values["item:w1"] == "My worker will: Ring the allotment society"


def _shared(data: dict[str, Any], private: list[str]) -> Any:
    marked = {**data, "sharing": {"private": private}, "agreement": {"share_with": ["care_team"]}}
    plan = build_plan(marked, created=CREATED)
    return copy_for(plan, Audience(kind="team"))


def test_a_shared_copy_leaves_out_a_private_workers_action_and_says_something_was_withheld() -> (
    None
):
    copy = _shared(_data(RING, ASK), ["item:w1"])
    assert [a.id for a in copy.worker_journey.actions] == ["w2"]
    assert copy.audience.withheld


def test_a_shared_copy_leaves_out_the_private_sections() -> None:
    copy = _shared(
        _data(RING, picture="On my own."), ["section:worker_journey", "section:moving_on"]
    )
    assert copy.worker_journey.actions == []
    assert copy.moving_on.picture is None


def test_keeping_looking_back_private_takes_how_the_workers_actions_went() -> None:
    reviewed = {**RING, "status": "done", "found_out": "Open day on Saturdays."}
    copy = _shared(_data(reviewed), ["section:review"])
    [ring] = copy.worker_journey.actions
    assert isinstance(ring, WorkerAction)
    assert (ring.what, ring.status, ring.found_out) == ("Ring the allotment society", None, None)


def test_nothing_private_shares_them_whole() -> None:
    copy = _shared(_data(RING, picture="On my own."), ["nothing"])
    assert [a.id for a in copy.worker_journey.actions] == ["w1"]
    assert copy.moving_on.picture is not None
    assert not copy.audience.withheld


def test_the_marks_name_the_workers_action_in_the_persons_copy() -> None:
    plan = build_plan({**_data(RING), "sharing": {"private": ["item:w1"]}}, created=CREATED)
    assert plan.sharing.private == [
        PrivatePart(kind="item", code="w1", label="My worker will: Ring the allotment society")
    ]


def test_what_changed_names_the_workers_actions_and_moving_on_in_words() -> None:
    first = build_plan(_data(RING, picture="On my own."), created=CREATED)
    reviewed = {**RING, "status": "done", "found_out": "Open day on Saturdays."}
    later = build_plan(
        _data(reviewed, ASK, picture="On my own, and a class."),
        previous=first,
        labels=LABELS,
        created=CREATED,
    )
    lines = format_diff(first, later)
    assert "What my worker will find out or do" in lines
    assert "what was found out" in lines
    assert "Ask Dev to meet Sam at the garden" in lines
    assert "When I need the service less" in lines
    assert "On my own. → On my own, and a class." in lines


def test_importing_a_file_that_lost_a_private_workers_action_is_refused(
    store: CaseStore, person: str, content: Content, tmp_path: Path, capsys: Any
) -> None:
    both = {"person_agrees": "yes", "worker_agrees": "yes", "date": "2026-03-03"}
    data = {**_data(RING, ASK), "agreement": both, "sharing": {"private": ["item:w1"]}}
    with store.open(person) as case:
        agree_plan(case, data, [], content=content)
    out = tmp_path / "own.json"
    root = ["--data-dir", str(store.root)]
    assert (
        main(["export", person, "--for", "person", "--format", "json", "-o", str(out), *root]) == 0
    )
    plan = json.loads(out.read_text("utf-8"))
    plan["worker_journey"]["actions"] = [
        a for a in plan["worker_journey"]["actions"] if a["id"] != "w1"
    ]
    out.write_text(json.dumps(plan), "utf-8")
    assert main(["import", str(out), "--for", person, *root]) != 0
    assert "a part of the plan that the person keeps private" in capsys.readouterr().err


def test_the_next_meeting_moves_what_was_found_out_beside_the_action_and_starts_empty() -> None:
    reviewed = {**RING, "status": "partly", "found_out": "Open day on Saturdays."}
    [task] = data_for_next_meeting(_data(reviewed))["worker_journey"]["actions"]
    assert "found_out" not in task
    assert task["found_out_before"] == "Open day on Saturdays."
    assert task["status"] == "partly"  # last time's status is still highlighted


def test_the_next_meeting_lists_only_the_open_workers_actions_for_the_review() -> None:
    done = {**RING, "status": "done"}
    dropped = {"id": "w3", "what": "Find the bus times", "status": "dropped"}
    nxt = data_for_next_meeting(_data(done, ASK, dropped))
    assert nxt["previous"]["worker_actions"] == ["w2"]


def _reviewed_twice(status_now: str | None) -> WorkerAction:
    """Reviewed as partly done with words, then at the next meeting given ``status_now``
    (None: not asked) and no new words."""
    said = {**RING, "status": "partly", "found_out": "Open day on Saturdays."}
    first = build_plan(_data(said), labels=LABELS, created=CREATED)
    [carried] = data_for_next_meeting(_data(said))["worker_journey"]["actions"]
    if status_now is not None:
        carried["status"] = status_now
    [task] = build_plan(
        _data(carried), previous=first, labels=LABELS, created=CREATED
    ).worker_journey.actions
    return task


def test_no_new_words_with_the_same_status_keep_last_times_words() -> None:
    task = _reviewed_twice(None)
    assert task.found_out is not None and task.found_out.text == "Open day on Saturdays."


def test_no_new_words_with_a_new_status_do_not_show_last_times_beside_it() -> None:
    task = _reviewed_twice("done")
    assert task.status == Code(code="done", label="Done")
    assert task.found_out is None  # last time's words stay in the earlier version


def test_new_words_replace_last_times() -> None:
    said = {**RING, "status": "partly", "found_out": "Open day on Saturdays."}
    first = build_plan(_data(said), created=CREATED)
    [carried] = data_for_next_meeting(_data(said))["worker_journey"]["actions"]
    carried.update(status="done", found_out="Went with Sam; he joined.")
    [task] = build_plan(_data(carried), previous=first, created=CREATED).worker_journey.actions
    assert task.found_out is not None and task.found_out.text == "Went with Sam; he joined."


def test_not_asked_about_the_directory_then_no_is_not_a_change() -> None:
    first = build_plan(_data(ASK), created=CREATED)
    later = build_plan(_data({**ASK, "add_to_directory": False}), previous=first, created=CREATED)
    assert "add to our directory" not in format_diff(first, later)


def test_a_yes_to_the_directory_taken_back_is_a_change() -> None:
    first = build_plan(_data(RING), created=CREATED)
    later = build_plan(_data({**RING, "add_to_directory": False}), previous=first, created=CREATED)
    assert "add to our directory?: yes → no" in format_diff(first, later)


def test_plan_list_counts_the_workers_actions(
    store: CaseStore, person: str, content: Content, capsys: Any
) -> None:
    both = {"person_agrees": "yes", "worker_agrees": "yes", "date": "2026-03-03"}
    with store.open(person) as case:
        agree_plan(case, {**_data(RING, ASK), "agreement": both}, [], content=content)
    assert main(["plan", "list", person, "--data-dir", str(store.root)]) == 0
    assert "2 for the worker to find out or do" in capsys.readouterr().out


def test_the_worker_speaking_to_the_person_is_headed_to_them_both(content: Content) -> None:
    # A say step's speaker is whom it is addressed to ("To the worker" is guidance-like).
    intros = [
        content.topics["worker_journey"].nodes["intro"],
        content.topics["review"].nodes["worker_actions_intro"],
    ]
    assert [n.speaker for n in intros] == ["both", "both"]


def test_a_done_action_taken_off_the_list_stays_in_the_plans_history() -> None:
    done = {**RING, "status": "done", "found_out": "Open day on Saturdays."}
    first = build_plan(_data(done, ASK), labels=LABELS, created=CREATED)
    later = build_plan(_data(), previous=first, labels=LABELS, created=CREATED)
    [ring] = later.worker_journey.actions  # the open one taken off is gone
    assert (ring.id, ring.status) == ("w1", Code(code="done", label="Done"))
    assert ring.found_out is not None and ring.found_out.text == "Open day on Saturdays."


def test_the_workers_list_shows_each_actions_status(content: Content) -> None:
    shape = content.topics["worker_journey"].nodes["actions"]
    names = [
        record_name({**RING, "status": status}, shape)
        for status in (None, "done", "partly", "not_yet", "dropped")
    ]
    assert names == [
        "Ring the allotment society",
        "Ring the allotment society (✓ done)",
        "Ring the allotment society (partly done)",
        "Ring the allotment society",
        "Ring the allotment society (let go)",
    ]


OUTDOORS = "Find a walking group or something outdoors"
GOAL_FOR_WORKER = {
    "about": {"name": "Sam"},
    "agreement": {"date": "2025-03-03"},
    "goals": {
        "list": [
            {"id": "g1", "what": OUTDOORS, "worker_can": "Find a group that welcomes beginners"}
        ]
    },
}


def _asked_for_the_goal(why: str | None = None) -> dict[str, Any]:
    """The first meeting's answers, with the worker's list as it starts: what the person asked
    the worker to do for the goal (its "what it is for" replaced by ``why`` if given)."""
    data = json.loads(json.dumps(GOAL_FOR_WORKER))
    [task] = worker_asks(data)
    if why is not None:
        task["why"] = why
    data["worker_journey"] = {"actions": [task]}
    return data


def _review(
    content: Content, data: dict[str, Any], last: Any, answers: dict[str, Any]
) -> tuple[dict[str, Any], Any]:
    """A review answering the steps in ``answers`` (each by the step's speaker) and skipping
    the rest, up to "What is working well"; its answers and plan."""
    conv = Conversation(content, data_for_next_meeting(data, last))
    conv.goto_topic("review")
    while conv.step.kind != "end" and conv.step.node_id != "keep":
        step = conv.step
        if step.kind == "say":
            conv.proceed(by=step.speaker)
        elif step.node_id in answers:
            conv.answer(answers[step.node_id], by=step.speaker)
        else:
            conv.skip(by=step.speaker)
    return conv.data, build_plan(conv.data, conv.log, last, content=content, created=CREATED)


REWORD = {"progress": "closer", "next": "change", "reword": "Go on the Saturday 5k walk"}


def test_a_workers_action_for_a_goal_names_the_goal_as_reworded(content: Content) -> None:
    data = _asked_for_the_goal()
    _, plan = _review(content, data, build_plan(data, created=CREATED), REWORD)
    assert plan.worker_journey.actions[0].why == "Go on the Saturday 5k walk"


def test_it_still_names_the_reworded_goal_at_the_next_review(content: Content) -> None:
    data = _asked_for_the_goal()
    data, plan = _review(content, data, build_plan(data, created=CREATED), REWORD)
    _, plan = _review(content, data, plan, {"progress": "closer", "next": "keep"})
    assert plan.worker_journey.actions[0].why == "Go on the Saturday 5k walk"


def test_what_the_worker_wrote_it_is_for_is_kept_when_the_goal_is_reworded(
    content: Content,
) -> None:
    data = _asked_for_the_goal(why="So Sam can meet people on Saturdays")
    _, plan = _review(content, data, build_plan(data, created=CREATED), REWORD)
    assert plan.worker_journey.actions[0].why == "So Sam can meet people on Saturdays"
