"""Any file an author (or a stray binary) provides becomes data or a located problem."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.flows.yamlsafe import MAX_BYTES, YamlProblem, load_yaml_bytes, load_yaml_text


def problem(text: str):
    with pytest.raises(YamlProblem) as caught:
        load_yaml_text(text, "t.yaml")
    return caught.value.problem


def test_values_keep_their_line_and_column() -> None:
    located = load_yaml_text("a: 1\nb:\n  - x\n  - y\n", "t.yaml")
    assert located.values[("b", 1)] == (4, 5)


def test_keys_keep_their_own_position() -> None:
    located = load_yaml_text("top:\n  child: 1\n", "t.yaml")
    assert located.keys[("top", "child")] == (2, 3)


def test_tab_indentation_is_named_with_its_column() -> None:
    found = problem("a:\n  b: 1\n \tc: 2\n")
    assert (found.line, found.col, found.code) == (3, 2, "E004")


def test_duplicate_key_points_at_the_second_and_names_the_first() -> None:
    found = problem("id: a\ntitle: x\nid: b\n")
    assert (found.line, found.code) == (3, "E012")
    assert "line 1" in found.message


def test_unquoted_template_says_quote_it() -> None:
    found = problem("text: {{ name }}\n")
    assert found.code == "E010"
    assert "Quote" in found.message


def test_unquoted_template_inside_a_line_hints_at_quoting() -> None:
    found = problem("text: {{ name }} is here\n")
    assert "quote" in found.message.lower()


def test_aliases_are_refused() -> None:
    assert problem("a: &x [1, 2]\nb: *x\n").code == "E014"


def test_alias_bomb_is_refused_quickly() -> None:
    bomb = 'a: &a ["lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b]\n'
    assert problem(bomb).code == "E014"


def test_deep_nesting_is_refused() -> None:
    assert problem("[" * 5000 + "]" * 5000).code == "E016"


def test_binary_input_is_named_as_binary() -> None:
    with pytest.raises(YamlProblem) as caught:
        load_yaml_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "t.yaml")
    assert "binary" in caught.value.problem.message


def test_huge_input_is_refused_before_parsing() -> None:
    with pytest.raises(YamlProblem) as caught:
        load_yaml_bytes(b"a: b\n" * (MAX_BYTES // 5 + 10), "t.yaml")
    assert caught.value.problem.code == "E001"


def test_empty_file_is_none() -> None:
    assert load_yaml_text("", "t.yaml").data is None


def test_yes_and_no_stay_words() -> None:
    assert load_yaml_text("options: [Yes, No, true]\n", "t.yaml").data == {
        "options": ["Yes", "No", True]
    }


def test_dates_are_kept_as_text() -> None:
    assert load_yaml_text("d: 2027-01-31\n", "t.yaml").data == {"d": "2027-01-31"}


def test_python_tags_are_refused() -> None:
    assert problem("x: !!python/object/apply:os.system ['true']\n").code == "E015"


def test_a_date_that_does_not_exist_says_so_in_plain_words() -> None:
    found = problem("checked: 2026-02-30\n")
    assert (found.code, found.line, found.col) == ("E015", 1, 10)
    assert found.message.startswith("`2026-02-30` is not a real date")
    assert "YYYY-MM-DD" in found.message


def test_a_line_indented_unlike_the_one_above_says_to_check_the_indentation() -> None:
    found = problem("name: Walks\n  kind: walking\n")
    assert found.code == "E020" and "check this line's indentation" in found.message


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("nodes:\n  - id: x\n    kind: ask\n      prompt: hi\n", 4),  # deeper than its group
        ("a:\n  b: 1\n c: 2\n", 3),  # less deep than its group
        ("nodes:\n  - id: x\n    kind: ask\n  prompt: hi\n", 4),  # out of its list item
        ('a:\n  b: "x" y\n', 2),  # words after the closing quote
    ],
)
def test_a_line_out_of_line_with_its_group_says_to_check_the_indentation(
    text: str, line: int
) -> None:
    found = problem(text)
    assert (found.code, found.line) == ("E020", line)
    assert "check this line's indentation" in found.message


@pytest.mark.parametrize("text", ["name: [oops\nkind: arts\n", "name: {oops\nkind: arts\n"])
def test_a_list_or_mapping_never_closed_says_to_close_or_quote_it(text: str) -> None:
    found = problem(text)
    assert found.code == "E020" and "close it, or put the whole value in quotes" in found.message
    assert "indentation" not in found.message


@pytest.mark.parametrize(
    "text",
    [
        'id: choir\nname: "unterminated\nkind: arts\nnote: x\n',  # runs to the end
        "id: choir\nname: 'unterminated\nkind: arts\n",
        'id: choir\nname: "unterminated\n---\nkind: arts\n',  # runs to a `---`
        'id: choir\nname: "unterminated\nkind: "arts"\n',  # closed by the next quote
    ],
)
def test_a_quote_never_closed_is_placed_at_the_opening_quote(text: str) -> None:
    found = problem(text)
    assert (found.code, found.line, found.col) == ("E020", 2, 7)
    assert "a quote opened here is" in found.message and "add the closing quote" in found.message


@pytest.mark.parametrize(
    ("text", "opener"), [("a: 1\nname: [oops\nkind: arts\n", "["), ("a: 1\nname: {oops\n", "{")]
)
def test_a_list_or_mapping_never_closed_is_placed_at_its_opening_bracket(
    text: str, opener: str
) -> None:
    found = problem(text)
    assert (found.code, found.line, found.col) == ("E020", 2, 7)
    assert f"a `{opener}` opened here is never closed" in found.message


def test_second_document_is_refused() -> None:
    assert problem("a: 1\n---\nb: 2\n").code == "E017"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_any_bytes_give_data_or_a_located_problem(raw: bytes) -> None:
    try:
        load_yaml_bytes(raw, "fuzz.yaml")
    except YamlProblem as exc:
        assert exc.problem.line >= 1 and exc.problem.col >= 1


_yamlish = st.lists(
    st.sampled_from([*"ab: -[]{}&*!|>'\"#\n\t\\%@`,?", "{{", "}}", "  ", "\n  ", "- "]),
    max_size=150,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(_yamlish)
def test_any_yaml_like_text_gives_data_or_a_located_problem(text: str) -> None:
    try:
        load_yaml_text(text, "fuzz.yaml")
    except YamlProblem as exc:
        assert exc.problem.file == "fuzz.yaml"
