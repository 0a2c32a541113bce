"""The linter: each check fires on the mistake it is for, at the right line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.authoring.lint import lint_paths
from assistant.cli import main
from tests.conftest import SAMPLE

HEAD = """
id: t
title: T
description: A test topic.
nodes:
"""


def codes(root: Path) -> list[str]:
    return [p.code for p in lint_paths([root])]


def lint_one(write_topics, nodes: str, **more: str) -> list:
    root = write_topics(t=HEAD + nodes, **more)
    return lint_paths([root])


def test_the_sample_content_is_clean() -> None:
    assert lint_paths([SAMPLE]) == []


def test_unknown_key_has_a_did_you_mean(write_topics) -> None:
    found = lint_one(
        write_topics,
        """
  - id: a
    kind: say
    text: "Hi"
    gudiance: "x"
  - id: b
    kind: end
""",
    )
    assert [(p.code, p.line) for p in found] == [("E101", 10)]
    assert "did you mean `guidance`" in found[0].message


def test_unknown_kind_suggests_the_right_one(write_topics) -> None:
    found = lint_one(write_topics, "  - id: a\n    kind: sya\n    text: x\n")
    assert found[0].code == "E104" and "`say`" in found[0].message


def test_missing_required_key_is_named(write_topics) -> None:
    found = lint_one(write_topics, "  - id: a\n    kind: say\n  - id: b\n    kind: end\n")
    assert (found[0].code, "text" in found[0].message) == ("E102", True)


def test_unresolved_target_is_reported_with_suggestion(write_topics) -> None:
    found = lint_one(
        write_topics,
        """
  - id: a
    kind: say
    text: x
    next: fnish
  - id: finish
    kind: end
""",
    )
    assert found[0].code == "E202" and "did you mean `finish`" in found[0].message


def test_duplicate_step_ids_are_errors(write_topics) -> None:
    found = lint_one(write_topics, "  - {id: a, kind: say, text: x}\n  - {id: a, kind: end}\n")
    assert "E201" in [p.code for p in found]


def test_dead_end_is_reported(write_topics) -> None:
    found = lint_one(write_topics, "  - {id: a, kind: say, text: x}\n")
    assert [p.code for p in found] == ["E203"]


def test_unreachable_step_is_a_warning(write_topics) -> None:
    found = lint_one(
        write_topics,
        "  - {id: a, kind: end}\n  - {id: lost, kind: say, text: x, next: a}\n",
    )
    assert [(p.code, p.severity) for p in found] == [("W301", "warning")]


def test_undefined_variable_in_text_is_an_error(write_topics) -> None:
    found = lint_one(
        write_topics,
        """
  - id: a
    kind: ask
    type: text
    prompt: "Name?"
    store: about.name
  - id: b
    kind: say
    text: "Hi {{ abuot.name }}"
  - id: c
    kind: end
""",
    )
    assert [p.code for p in found] == ["E211"]
    assert "did you mean `about`" in found[0].message


def test_unknown_function_is_named(write_topics) -> None:
    found = lint_one(
        write_topics,
        "  - {id: a, kind: say, text: x, when: \"anwsered('x')\"}\n  - {id: b, kind: end}\n",
    )
    assert found[0].code == "E212" and "answered" in found[0].message


def test_template_syntax_error_is_reported(write_topics) -> None:
    found = lint_one(
        write_topics, '  - {id: a, kind: say, text: "Hi {{ name"}\n  - {id: b, kind: end}\n'
    )
    assert found[0].code == "E210"


def test_a_stray_word_in_text_says_to_close_the_braces(write_topics) -> None:
    found = lint_one(
        write_topics,
        '  - {id: a, kind: say, text: "{{ concern.words  hard?"}\n  - {id: b, kind: end}\n',
    )
    assert found[0].code == "E210"
    assert found[0].message.endswith("Check that each `{{ … }}` is closed with `}}`")


def test_a_single_equals_sign_in_a_condition_says_to_write_two(write_topics) -> None:
    found = lint_one(
        write_topics,
        "  - {id: a, kind: say, text: x, when: \"answer = 'yes'\"}\n  - {id: b, kind: end}\n",
    )
    assert (found[0].line, found[0].code) == (6, "E210")
    assert found[0].message.endswith("To compare, write == (two equals signs)")


def test_a_stray_equals_sign_after_a_comparison_says_to_write_two(write_topics) -> None:
    # Jinja says "unexpected '='" for `== =`: the message says what to do, as above.
    found = lint_one(
        write_topics,
        "  - {id: a, kind: say, text: x, when: \"answer == = 'yes'\"}\n  - {id: b, kind: end}\n",
    )
    assert (found[0].line, found[0].code) == (6, "E210")
    assert found[0].message == (
        "template error: unexpected '='. To compare, write == (two equals signs)"
    )


def test_unquoted_template_says_quote_it(write_topics) -> None:
    found = lint_one(write_topics, "  - id: a\n    kind: say\n    text: {{ x }}\n")
    assert found[0].code == "E010"


def test_once_only_menu_that_can_run_out_is_an_error_without_fallback(write_topics) -> None:
    found = lint_one(
        write_topics,
        """
  - id: a
    kind: say
    text: x
    next: m
  - id: m
    kind: menu
    prompt: Pick
    options:
      - {label: A, goto: a, once: true}
""",
    )
    assert [p.code for p in found] == ["E205"]


def test_a_menu_whose_not_today_does_what_an_option_does_is_a_warning(write_topics) -> None:
    # "Shall we do the ratings?" with "Not today" as an option, but F7 went on to the
    # ratings written next: the opposite of what the person said.
    menu = """
  - id: m
    kind: menu
    prompt: Shall we do the ratings?
    options:
      - {label: "Yes, let's do them", goto: rate}
      - {label: Not today, goto: done}
  - id: rate
    kind: say
    text: The ratings
  - id: done
    kind: end
"""
    found = lint_one(write_topics, menu)
    assert [(p.code, p.severity) for p in found] == [("W311", "warning")]
    assert "`rate`" in found[0].message and '"Yes, let\'s do them"' in found[0].message
    given = menu.replace("    prompt: Shall", "    fallback: done\n    prompt: Shall")
    assert lint_one(write_topics, given) == []


def test_once_only_menu_that_falls_through_is_a_warning(write_topics) -> None:
    found = lint_one(
        write_topics,
        """
  - id: m
    kind: menu
    prompt: Pick
    options:
      - {label: A, goto: a, once: true}
  - id: a
    kind: say
    text: x
    next: m
""",
    )
    assert [(p.code, p.severity) for p in found] == [("W305", "warning")]


def test_store_path_under_an_answer_conflicts(write_topics) -> None:
    found = lint_one(
        write_topics,
        """
  - {id: a, kind: ask, type: text, prompt: x, store: about}
  - {id: b, kind: ask, type: text, prompt: y, store: about.name}
  - {id: c, kind: end}
""",
    )
    assert [p.code for p in found] == ["E222"]


def test_store_under_a_reserved_name_is_an_error(write_topics) -> None:
    found = lint_one(
        write_topics,
        "  - {id: a, kind: ask, type: text, prompt: x, store: get.x}\n  - {id: c, kind: end}\n",
    )
    assert [p.code for p in found] == ["E220"]


def test_call_to_a_missing_topic_is_reported(write_topics) -> None:
    found = lint_one(
        write_topics, "  - {id: a, kind: call, topic: nowhere}\n  - {id: b, kind: end}\n"
    )
    assert [p.code for p in found] == ["E202"]


def test_repeat_over_a_non_records_answer_is_reported(write_topics) -> None:
    found = lint_one(
        write_topics,
        """
  - {id: a, kind: ask, type: text, prompt: x, store: net.people}
  - {id: r, kind: repeat, over: net.people, as: person, topic: sub}
  - {id: c, kind: end}
""",
        sub="""
        id: sub
        title: Sub
        description: Sub-flow.
        listed: false
        nodes:
          - {id: s, kind: end}
        """,
    )
    assert [p.code for p in found] == ["E223"]


PEOPLE_AND_EACH = """
  - id: people
    kind: ask
    type: records
    prompt: Who?
    store: net.people
    fields:
      - {name: name, label: Name, type: text}
      - {name: kind, label: Relationship, type: text}
  - id: r
    kind: repeat
    over: net.people
    as: person
    topic: sub
    where: "person.knid != 'professional'"
  - {id: c, kind: end}
"""

ONE_PERSON = """
        id: sub
        title: Sub
        description: One person.
        listed: false
        nodes:
          - {id: feel, kind: ask, type: text, prompt: "And {{ person.name }}?",
             store: person.feeling}
          - {id: s, kind: say, text: "{{ person.feeling }}, {{ person.feeling_before }}"}
          - {id: out, kind: end}
        """


def test_a_repeated_record_field_no_step_declares_is_named_with_its_line(write_topics) -> None:
    found = lint_one(write_topics, PEOPLE_AND_EACH, sub=ONE_PERSON)
    assert [(p.code, p.line) for p in found] == [("W313", 20)]
    assert "`person.knid`" in found[0].message
    assert "did you mean `kind`" in found[0].message


def test_record_fields_declared_stored_or_kept_by_the_app_are_not_problems(
    write_topics,
) -> None:
    fixed = PEOPLE_AND_EACH.replace("person.knid", "person.kind")
    assert lint_one(write_topics, fixed, sub=ONE_PERSON) == []


ACTIONS = """
  - id: actions
    kind: ask
    type: records
    prompt: What will we do?
    store: actions
    item_label: "{{ item.what }}, by {{ item.whoo or 'either of us' }}"
    fields:
      - {name: what, label: What, type: text}
      - {name: who, label: Who, type: text}
      - name: when
        label: By when
        type: text
        validate:
          - {if: "item.hwo and answer == item.who", message: Say when.}
  - {id: c, kind: end}
"""


def test_a_misspelt_detail_of_item_in_a_label_or_a_rule_is_named(write_topics) -> None:
    # An unanswered detail reads as nothing there (as in a repeat): only the linter sees a typo.
    found = lint_one(write_topics, ACTIONS)
    assert [(p.code, p.line) for p in found] == [("W313", 12), ("W313", 20)]
    assert "`item.whoo`" in found[0].message and "did you mean `who`" in found[0].message
    assert "`item.hwo`" in found[1].message and "store it" not in found[1].message


def test_the_details_of_item_a_question_declares_are_not_problems(write_topics) -> None:
    fixed = ACTIONS.replace("item.whoo", "item.who").replace("item.hwo", "item.who")
    assert lint_one(write_topics, fixed) == []


LOOPED = """
  - id: people
    kind: ask
    type: records
    prompt: Who?
    store: net.people
    fields:
      - {name: name, label: Name, type: text}
      - {name: kind, label: Relationship, type: text}
  - id: back
    kind: say
    text: "{% for p in get('net.people') | sort(attribute='name') %}{{ p.knid }}{% endfor %}"
  - {id: c, kind: end}
"""


def test_a_misspelt_detail_of_an_entry_in_a_for_loop_over_a_list_is_named(write_topics) -> None:
    # Unanswered details read as nothing in the loop too, so only the linter sees the typo.
    found = lint_one(write_topics, LOOPED)
    assert [(p.code, p.line) for p in found] == [("W313", 17)]
    assert "`p.knid`" in found[0].message and "did you mean `kind`" in found[0].message
    assert "store it" not in found[0].message


def test_the_details_of_an_entry_in_a_for_loop_are_not_problems(write_topics) -> None:
    assert lint_one(write_topics, LOOPED.replace("p.knid", "p.kind")) == []


def _reading(text: str) -> str:
    """LOOPED's list, then a step that reads its entries with ``text``."""
    loop = "{% for p in get('net.people') | sort(attribute='name') %}{{ p.knid }}{% endfor %}"
    return LOOPED.replace(f'text: "{loop}"', f'text: "{text}"')


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("{{ net.people[0].knid }}", "net.people[0].knid"),
        ("{{ get('net.people')[0].knid }}", "net.people[0].knid"),
        ("{{ net.people[0]['knid'] }}", "net.people[0].knid"),
        ("{{ net.people | map(attribute='knid') | join(', ') }}", "net.people[].knid"),
        ("{{ net.people | selectattr('knid') | list | length }}", "net.people[].knid"),
    ],
)
def test_a_misspelt_detail_of_an_entry_read_outside_a_for_loop_is_named(
    write_topics, text: str, written: str
) -> None:
    found = lint_one(write_topics, _reading(text))
    assert [(p.code, p.line) for p in found] == [("W313", 17)]
    assert f"`{written}`" in found[0].message and "did you mean `kind`" in found[0].message


@pytest.mark.parametrize(
    "text",
    [
        "{{ net.people[0].kind }}",
        "{{ get('net.people')[-1]['name'] }}",
        "{{ net.people[0].get('knid') }}",
        "{{ net.people | map(attribute='kind') | join(', ') }}",
    ],
)
def test_the_details_of_an_entry_read_outside_a_for_loop_are_not_problems(
    write_topics, text: str
) -> None:
    assert lint_one(write_topics, _reading(text)) == []


def test_choice_without_options_is_reported(write_topics) -> None:
    found = lint_one(
        write_topics,
        "  - {id: a, kind: ask, type: choice, prompt: x, store: a.b}\n  - {id: c, kind: end}\n",
    )
    assert [p.code for p in found] == ["E226"]


def test_missing_modeline_is_a_warning(tmp_path: Path) -> None:
    flows = tmp_path / "flows"
    flows.mkdir()
    (flows / "t.yaml").write_text(HEAD + "  - {id: a, kind: end}\n", encoding="utf-8")
    assert codes(tmp_path) == ["W303"]


def test_a_blank_title_still_loads_and_validate_warns_at_its_line(write_topics, capsys) -> None:
    # A blank title has always loaded (the topic opens); the author is told where it is.
    root = write_topics(t=HEAD.replace("title: T", 'title: "  "') + "  - {id: a, kind: end}\n")
    assert main(["validate", str(root)]) == 0
    out = capsys.readouterr().out
    assert "t.yaml:3:8: W306 warning: the title is blank" in out


def test_duplicate_topic_ids_across_files_are_errors(write_topics) -> None:
    root = write_topics(
        one=HEAD + "  - {id: a, kind: end}\n", two=HEAD + "  - {id: a, kind: end}\n"
    )
    assert "E200" in codes(root)


def test_problems_print_as_file_line_col_code(write_topics) -> None:
    found = lint_one(write_topics, "  - {id: a, kind: say, text: x}\n")
    assert str(found[0]).split(": ")[0].endswith("t.yaml:6:10")


def test_validate_exits_0_when_clean(capsys) -> None:
    assert main(["validate", str(SAMPLE)]) == 0


def test_validate_exits_1_on_errors(write_topics, capsys) -> None:
    root = write_topics(t=HEAD + "  - {id: a, kind: say, text: x}\n")
    assert main(["validate", str(root)]) == 1
    assert "E203" in capsys.readouterr().out


def test_validate_exits_2_on_a_missing_path(tmp_path: Path, capsys) -> None:
    assert main(["validate", str(tmp_path / "nope")]) == 2


def test_strict_turns_warnings_into_failure(tmp_path: Path, capsys) -> None:
    flows = tmp_path / "flows"
    flows.mkdir()
    (flows / "t.yaml").write_text(HEAD + "  - {id: a, kind: end}\n", encoding="utf-8")
    assert (main(["validate", str(tmp_path)]), main(["validate", "--strict", str(tmp_path)])) == (
        0,
        1,
    )


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\x01\x02binary\xff", b"- just\n- a list\n", b"id: [unclosed", b"nodes: 3\n"],
)
def test_odd_files_give_problems_not_tracebacks(tmp_path: Path, content: bytes) -> None:
    flows = tmp_path / "flows"
    flows.mkdir()
    (flows / "odd.yaml").write_bytes(content)
    found = lint_paths([tmp_path])
    assert found and all(p.file.endswith("odd.yaml") for p in found)


_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=30,
)
_topicish = st.fixed_dictionaries(
    {
        "id": st.sampled_from(["t", "T", "", "x y"]),
        "nodes": st.lists(
            st.dictionaries(
                st.sampled_from(
                    ["id", "kind", "text", "next", "prompt", "store", "type", "options"]
                ),
                _values | st.sampled_from(["say", "ask", "end", "menu", "a", "b", "{{ x }}"]),
                max_size=6,
            ),
            max_size=5,
        ),
    },
    optional={"title": _values, "description": _values, "entry": _values},
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_topicish)
def test_any_structure_gives_problems_not_crashes(tmp_path_factory, data) -> None:
    import yaml

    root = tmp_path_factory.mktemp("fuzz")
    (root / "flows").mkdir()
    (root / "flows" / "f.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    for problem in lint_paths([root]):
        assert problem.line >= 1


def test_nested_sub_flows_see_outer_loop_names(write_topics) -> None:
    root = write_topics(
        t=HEAD
        + """
  - id: goals
    kind: ask
    type: records
    prompt: Goals
    store: plan.goals
    fields: [{name: what, label: What, type: text}]
  - {id: each_goal, kind: repeat, over: plan.goals, as: goal, topic: per_goal}
  - {id: fin, kind: end}
""",
        per_goal="""
        id: per_goal
        title: Per goal
        description: Each goal's actions.
        listed: false
        nodes:
          - id: actions
            kind: ask
            type: records
            prompt: "Actions for {{ goal.what }}"
            store: goal.actions
            fields: [{name: what, label: What, type: text}]
          - {id: each_action, kind: repeat, over: goal.actions, as: action, topic: per_action}
          - {id: out, kind: end}
        """,
        per_action="""
        id: per_action
        title: Per action
        description: One action.
        listed: false
        nodes:
          - {id: status, kind: say, text: "{{ action.what }} for {{ goal.what }}"}
          - {id: out, kind: end}
        """,
    )
    assert [p for p in lint_paths([root]) if p.code == "E211"] == []


def test_namespace_can_be_called_in_text(write_topics) -> None:
    found = lint_one(
        write_topics,
        '  - {id: a, kind: say, text: "{% set ns = namespace(n=0) %}{{ ns.n }}"}\n'
        "  - {id: b, kind: end}\n",
    )
    assert found == []


def test_a_plan_for_hard_times_without_the_two_safety_ratings_is_a_warning(write_topics) -> None:
    hard_times = HEAD.replace("id: t", "id: hard_times") + "  - {id: a, kind: end}\n"
    rating = (
        HEAD.replace("id: t", "id: life")
        + "  - {id: r, kind: ask, type: rating, prompt: x, store: ratings.safety, min: 1, max: 7}\n"
        + "  - {id: e, kind: end}\n"
    )
    found = lint_paths([write_topics(hard_times=hard_times, life=rating)])
    assert [(p.code, p.severity) for p in found] == [("W308", "warning")]
    assert "`ratings.mental_health`" in found[0].message
    assert "`ratings.safety`" not in found[0].message


@pytest.mark.parametrize(
    ("when", "said"),
    [
        ("topic_status('t2') == 'done'", "there is no topic `t2`"),
        ("visited('t.pett')", "`pett` is not a step of `t` (did you mean `pet`?)"),
        ("visited('pett')", "`pett` is not a step of `t` (did you mean `pet`?)"),
    ],
)
def test_a_topic_or_step_named_in_a_condition_must_be_there(
    write_topics, when: str, said: str
) -> None:
    # A typo made the condition quietly always false, and validate said nothing.
    found = lint_one(
        write_topics,
        f"""
  - id: pet
    kind: ask
    type: text
    prompt: Pet?
    store: t.pet
  - id: name
    kind: ask
    type: text
    prompt: Name?
    store: t.name
    when: "{when}"
  - id: done
    kind: end
""",
    )
    assert [p.code for p in found] == ["E215"]
    assert said in found[0].message


def test_topics_and_steps_that_are_there_are_not_named(write_topics) -> None:
    found = lint_one(
        write_topics,
        """
  - id: pet
    kind: ask
    type: text
    prompt: Pet?
    store: t.pet
  - id: name
    kind: ask
    type: text
    prompt: Name?
    store: t.name
    when: "topic_status('t') != 'done' and visited('t.pet') and visited('pet')"
  - id: done
    kind: end
""",
    )
    assert found == []


TWO_NAMES = PEOPLE_AND_EACH.replace("person.knid", "person.kind").replace(
    "  - {id: c, kind: end}",
    "  - {id: r2, kind: repeat, over: net.people, as: friend, topic: sub2}\n  - {id: c, kind: end}",
)

OTHER_NAME = """
        id: sub2
        title: Sub 2
        description: One friend.
        listed: false
        nodes:
          - {id: s, kind: say, text: "{{ friend.feeling }}"}
          - {id: out, kind: end}
        """


def test_a_detail_stored_under_another_loop_name_over_the_same_list_is_known(
    write_topics,
) -> None:
    """`sub` stores `person.feeling`; `sub2` goes over the same list as `friend` and reads
    `friend.feeling`: one list, so one set of details."""
    assert lint_one(write_topics, TWO_NAMES, sub=ONE_PERSON, sub2=OTHER_NAME) == []


def test_a_misspelt_detail_is_a_warning_so_the_content_still_loads(write_topics) -> None:
    found = lint_one(write_topics, PEOPLE_AND_EACH, sub=ONE_PERSON)
    assert [p.severity for p in found] == ["warning"]
