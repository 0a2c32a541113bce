"""The list editor's words name what is being added: people are 'someone', other lists
say what one entry is (a goal is not 'someone')."""

from __future__ import annotations

from typing import Any

from assistant.ui.widgets.record_form import add_title


def test_adding_to_the_people_list_says_someone(content: Any) -> None:
    people = next(
        n
        for n in content.topic("connections").nodes.values()
        if getattr(n, "store", None) == "network.people"
    )
    assert add_title(people) == "Add someone"


def test_adding_a_goal_names_the_goal_not_someone(content: Any) -> None:
    goals = next(
        n
        for n in content.topic("goals").nodes.values()
        if getattr(n, "store", None) == "goals.list"
    )
    assert add_title(goals) == "Add a goal"
