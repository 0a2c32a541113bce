"""Flows reach the community directory through `opportunities()` and `opportunity()`."""

from __future__ import annotations

import shutil

import pytest

from assistant.authoring.content import load_content
from assistant.engine.conversation import Conversation
from assistant.locations import content_dir
from tests.conftest import SAMPLE


@pytest.fixture
def with_directory(pick_content) -> Conversation:
    root = pick_content("opportunities(get('about.likes', ''), 3)")
    conv = Conversation(load_content(root))
    conv.goto_topic("pick")
    return conv


def test_options_come_from_the_directory_matched_to_interests(with_directory) -> None:
    with_directory.answer("painting")
    assert "Open Door Art Group" in " ".join(label for _, label in with_directory.step.options)


def test_a_computed_option_can_be_chosen_and_looked_up(with_directory) -> None:
    with_directory.answer("painting")
    first = with_directory.step.options[0][0]
    with_directory.answer([first])
    assert with_directory.step.text.endswith(";") and len(with_directory.step.text) > 1


def test_a_value_outside_the_computed_options_is_refused(with_directory) -> None:
    from assistant.engine.answers import AnswerError

    with_directory.answer("painting")
    with pytest.raises(AnswerError):
        with_directory.answer(["not_in_the_directory"])


def test_without_a_directory_there_are_no_opportunities(sample_content) -> None:
    assert Conversation(load_content(SAMPLE)).functions["opportunities"]("music") == []


def _options_for(write_topics, root_files, expression: str, answer: str) -> list[tuple[str, str]]:
    """The options a multi-choice step computes with ``expression`` after ``answer``."""
    root = write_topics(
        pick=f"""
        id: pick
        title: Pick
        description: Choose something to try from the local directory.
        nodes:
          - {{id: can, kind: ask, type: text, prompt: "What can you do?", store: about.can}}
          - id: choose
            kind: ask
            type: multi_choice
            prompt: "Any of these?"
            store: plan.tries
            options_from: "{expression}"
          - {{id: fin, kind: end}}
        """
    )
    if root_files:
        shutil.copytree(content_dir() / "directory", root / "directory")
    conv = Conversation(load_content(root))
    conv.goto_topic("pick")
    conv.answer(answer)
    return list(conv.step.options)


def test_flows_can_pass_strengths(write_topics) -> None:
    options = _options_for(
        write_topics, True, "opportunities('', 8, strengths=get('about.can'))", "I can fix bikes"
    )
    assert [value for value, _ in options] == ["brackenford_repair_cafe", "brackenford_mens_shed"]


def test_option_labels_are_human_names(write_topics) -> None:
    options = _options_for(
        write_topics, True, "opportunities('', 8, strengths=get('about.can'))", "I can fix bikes"
    )
    assert options[0][1] == "Brackenford Repair Café (Last Saturday of each month, 10am to 1pm)"


def test_an_option_for_a_group_the_person_may_not_fit_says_check_this_fits(write_topics) -> None:
    # The gender is not recorded: the Men's Shed is offered, and its option says who it is for.
    asked = "opportunities('', 8, strengths=get('about.can'))"
    options = dict(_options_for(write_topics, True, asked, "I can fix bikes"))
    assert options["brackenford_mens_shed"] == (
        "Brackenford Men's Shed (Mondays and Wednesdays, 10am to 3pm). "
        "Check this fits: for men aged 18 and over"
    )
    assert "Check" not in options["brackenford_repair_cafe"]


def test_flows_can_pass_an_age_to_leave_out_entries_the_person_is_outside_of(
    write_topics,
) -> None:
    options = _options_for(
        write_topics, True, "opportunities(get('about.can'), 20, age=46)", "music"
    )
    values = [value for value, _ in options]
    assert "northfield_jam_room" not in values and "sing_for_joy_choir" in values


def test_flows_can_pass_a_date_of_birth_and_gender(write_topics) -> None:
    options = _options_for(
        write_topics,
        True,
        "opportunities('', 8, other=get('about.can'), born='1990-06-01', gender='woman')",
        "I can fix bikes",
    )
    assert [value for value, _ in options] == ["brackenford_repair_cafe"]


def test_without_a_directory_the_new_arguments_are_accepted_too(sample_content) -> None:
    functions = Conversation(load_content(SAMPLE)).functions
    assert functions["opportunities"]("music", 8, strengths="I can fix bikes", age=30) == []
