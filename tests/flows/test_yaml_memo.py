"""A file read twice in one run is parsed once (issue 18), and nothing is shared between
the callers: each gets its own values, and other bytes are parsed afresh."""

from __future__ import annotations

import pytest

from assistant.flows import yamlsafe
from assistant.flows.yamlsafe import YamlProblem, load_yaml_bytes

TEXT = b"id: walk\nnodes:\n  - id: a\n    text: Hello\n  - id: b\n    when: '2 > 1'\n"


def test_the_same_bytes_give_the_same_values_and_places(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsafe, "_memo", yamlsafe.OrderedDict())
    first = load_yaml_bytes(TEXT, "one.yaml")
    second = load_yaml_bytes(TEXT, "two.yaml")
    assert second.data == first.data
    assert second.values == first.values and second.keys == first.keys
    assert second.where(("nodes", 1, "when")) == (6, 11)


def test_the_second_read_does_not_parse_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsafe, "_memo", yamlsafe.OrderedDict())
    load_yaml_bytes(TEXT, "one.yaml")
    calls = []
    monkeypatch.setattr(yamlsafe, "load_yaml_text", lambda *a: calls.append(a))
    load_yaml_bytes(TEXT, "one.yaml")
    assert calls == []


def test_a_caller_changing_its_values_changes_nobody_elses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(yamlsafe, "_memo", yamlsafe.OrderedDict())
    first = load_yaml_bytes(TEXT, "one.yaml")
    first.data["nodes"][0]["text"] = "Changed"
    first.values.clear()
    second = load_yaml_bytes(TEXT, "one.yaml")
    second.data["nodes"].append({"id": "c"})
    third = load_yaml_bytes(TEXT, "one.yaml")
    assert third.data["nodes"][0]["text"] == "Hello"
    assert len(third.data["nodes"]) == 2
    assert third.values[("id",)] == (1, 5)


def test_changed_bytes_are_parsed_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsafe, "_memo", yamlsafe.OrderedDict())
    load_yaml_bytes(TEXT, "one.yaml")
    changed = load_yaml_bytes(TEXT.replace(b"Hello", b"Goodbye"), "one.yaml")
    assert changed.data["nodes"][0]["text"] == "Goodbye"


def test_a_file_with_a_problem_says_so_each_time_under_its_own_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(yamlsafe, "_memo", yamlsafe.OrderedDict())
    broken = b"a: 1\na: 2\n"
    for name in ("one.yaml", "two.yaml"):
        with pytest.raises(YamlProblem) as caught:
            load_yaml_bytes(broken, name)
        assert (caught.value.problem.file, caught.value.problem.code) == (name, "E012")


def test_the_memo_keeps_a_bounded_number_of_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsafe, "_memo", yamlsafe.OrderedDict())
    monkeypatch.setattr(yamlsafe, "_MEMO_MAX_FILES", 3)
    for n in range(5):
        load_yaml_bytes(f"n: {n}\n".encode(), "n.yaml")
    assert len(yamlsafe._memo) == 3
