"""What the person asks of the worker starts the worker's list (walk fix F3): going along the
first time and what the worker could do for a goal; a goal's own actions for the worker stay with
their goal (offering them too put them in the plan and the review twice)."""

from __future__ import annotations

from typing import Any

from assistant.engine.conversation import Conversation
from assistant.engine.functions import worker_asks
from assistant.flows.loader import Content


def asked() -> dict[str, Any]:
    return {
        "community": {
            "list": [
                {"id": "a1", "what": "Otters swim club", "next_step": "try", "go_along": "worker"},
                {"id": "a2", "what": "Choir", "next_step": "try", "go_along": "someone_i_know"},
            ]
        },
        "goals": {
            "list": [
                {
                    "id": "g1",
                    "what": "Get fitter",
                    "worker_can": "Find a walking group",
                    "actions": [
                        {"id": "x1", "what": "Ring the leisure centre", "who": "worker"},
                        {"id": "x2", "what": "Walk on Sunday", "who": "person"},
                    ],
                }
            ]
        },
    }


def test_each_ask_of_the_worker_is_a_starting_entry_with_what_it_is_for() -> None:
    assert worker_asks(asked()) == [
        {
            "id": "asked-a1",
            "what": "Go along the first time: Otters swim club",
            "why": "Otters swim club",
        },
        {"id": "asked-g1", "what": "Find a walking group", "why": "Get fitter"},
    ]


def test_going_along_is_not_offered_once_the_thing_to_try_is_for_later() -> None:
    # "Yes, my worker" was given, then the next step changed to "Maybe later": the answer stays
    # stored, but going along is no longer asked, so the worker is not asked to go either.
    data = asked()
    data["community"]["list"][0]["next_step"] = "later"
    assert [a["id"] for a in worker_asks(data)] == ["asked-g1"]


def test_an_ask_already_in_the_list_is_not_offered_again() -> None:
    data = asked()
    data["worker_journey"] = {
        "actions": [
            {"id": "asked-a1", "what": "Go with Kit to the swim club"},
            {"id": "w9", "what": "find a walking group"},
        ]
    }
    assert worker_asks(data) == []


def test_the_worker_list_starts_with_what_the_person_asked(content: Content) -> None:
    conv = Conversation(content, asked())
    conv.goto_topic("worker_journey")
    conv.proceed()
    assert conv.step.node_id == "actions"
    assert [entry["what"] for entry in conv.step.value] == [
        "Go along the first time: Otters swim club",
        "Find a walking group",
    ]
    conv.answer(conv.step.value)
    assert [a["id"] for a in conv.data["worker_journey"]["actions"]] == [
        "asked-a1",
        "asked-g1",
    ]


def test_a_list_reached_again_names_the_new_asks_in_its_hint(content: Content) -> None:
    data = asked()
    data["worker_journey"] = {"actions": [{"id": "w1", "what": "Ring the allotment society"}]}
    conv = Conversation(content, data)
    conv.goto_topic("worker_journey")
    conv.proceed()
    assert [entry["id"] for entry in conv.step.value] == ["w1"]
    assert conv.step.hint == (
        "We also said I would: Go along the first time: Otters swim club; Find a walking group. "
        "I can add them to the list."
    )


def test_one_new_ask_in_the_hint_is_said_once_with_one_full_stop(content: Content) -> None:
    # The worker's own idea for a goal is not something the person asked for, its own full
    # stop is not doubled, and one thing is "it", not "them".
    data = asked()
    data["community"]["list"] = []
    data["goals"]["list"][0]["worker_can"] = "Come along and introduce Dee to the coordinator."
    data["worker_journey"] = {"actions": [{"id": "w1", "what": "Ring the allotment society"}]}
    conv = Conversation(content, data)
    conv.goto_topic("worker_journey")
    conv.proceed()
    assert conv.step.hint == (
        "We also said I would: Come along and introduce Dee to the coordinator. "
        "I can add it to the list."
    )


def test_what_the_worker_could_do_for_a_goal_done_or_let_go_is_not_offered() -> None:
    for closed in ("finished", "let_go"):
        data = asked()
        data["goals"]["list"][0]["next"] = closed
        assert [a["id"] for a in worker_asks(data)] == ["asked-a1"]


def test_the_first_hint_says_plainly_what_happens_to_what_was_asked(content: Content) -> None:
    # Read aloud, "I keep what I will do" said nothing the person could follow.
    conv = Conversation(content, asked())
    conv.goto_topic("worker_journey")
    conv.proceed()
    assert conv.step.hint == (
        "What we said I would do is on the list already. I will keep what I can do, and take "
        "off what I cannot."
    )
