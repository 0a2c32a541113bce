"""The persona linter: every problem named at file:line:col, checked against the flows."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml
from training_support import TESS, write_mini

from assistant.authoring.lint import lint_paths
from assistant.flows.problems import ContentError
from assistant.training.loader import check_personas, lint_persona_file, load_personas


@pytest.fixture
def mini_root(tmp_path: Path) -> Path:
    root = write_mini(tmp_path / "content")
    (root / "personas").mkdir()
    return root


def write(mini_root: Path, name: str, text: str) -> Path:
    path = mini_root / "personas" / f"{name}.yaml"
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def tess_yaml(**changes: object) -> str:
    # TESS's deliberately misfitting answer (for the responder tests) is left out here.
    answers = {k: v for k, v in TESS["answers"].items() if k != "what_matters.mood"}
    data = {**TESS, "answers": answers, **changes}
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def codes(problems: list) -> list[tuple[int, int, str, str]]:
    return [(p.line, p.col, p.code, p.severity) for p in problems]


def test_a_clean_persona_has_no_problems(mini_root: Path) -> None:
    path = write(mini_root, "tess", tess_yaml())
    assert lint_persona_file(path, "tess.yaml") == []


def test_an_unknown_key_is_placed_and_a_fix_suggested(mini_root: Path) -> None:
    path = write(mini_root, "tess", tess_yaml() + "backstroy: oops\n")
    (problem,) = lint_persona_file(path, "tess.yaml")
    last_line = len(path.read_text().splitlines())
    assert (problem.line, problem.col, problem.code) == (last_line, 1, "P101")
    assert "did you mean `backstory`" in problem.message


def test_an_unknown_tag_is_an_error(mini_root: Path) -> None:
    path = write(mini_root, "tess", tess_yaml(by_tag={"goal_seting": ["x"]}))
    (problem,) = lint_persona_file(path, "tess.yaml")
    assert (problem.code, problem.severity) == ("P203", "error")
    assert "did you mean `goal_setting`" in problem.message


def test_an_unknown_training_question_is_an_error(mini_root: Path) -> None:
    path = write(
        mini_root, "tess", tess_yaml(trainer={"notes": ["n"], "questions": {"vew": ["q"]}})
    )
    (problem,) = lint_persona_file(path, "tess.yaml")
    assert problem.code == "P204"


def test_an_answer_for_a_missing_step_is_a_warning_at_its_key(mini_root: Path) -> None:
    text = tess_yaml(answers={"what_matters.hopez": "Something"})
    path = write(mini_root, "tess", text)
    line = text.splitlines().index("  what_matters.hopez: Something") + 1
    (problem,) = lint_persona_file(path, "tess.yaml")
    assert codes([problem]) == [(line, 3, "P301", "warning")]
    assert "did you mean `what_matters.hopes`" in problem.message


def test_an_answer_that_cannot_fit_its_step_is_a_warning(mini_root: Path) -> None:
    answers = {"what_matters.mood": 9}  # a rating from 1 to 7
    path = write(mini_root, "tess", tess_yaml(answers=answers))
    (problem,) = lint_persona_file(path, "tess.yaml")
    assert (problem.code, problem.severity) == ("P302", "warning")


def test_a_list_entry_the_flows_would_refuse_is_a_warning(mini_root: Path) -> None:
    concerns = [{"id": "x", "kind": "weather", "words": "Rain."}]
    path = write(mini_root, "tess", tess_yaml(concerns=concerns))
    (problem,) = lint_persona_file(path, "tess.yaml")
    assert problem.code == "P304"


def test_a_list_entry_with_a_wrong_code_lists_the_codes_and_the_nearest(mini_root: Path) -> None:
    concerns = [{"id": "x", "kind": "confidense", "words": "Rain."}]
    text = tess_yaml(concerns=concerns)
    path = write(mini_root, "tess", text)
    (problem,) = lint_persona_file(path, "tess.yaml")
    line = text.splitlines().index("  kind: confidense") + 1
    assert codes([problem]) == [(line, 9, "P304", "warning")]
    assert problem.message == (
        "concerns `x`, `kind`: `confidense` is not one of this question's codes (did you mean "
        "`confidence`?); write one of: confidence, trust, money, other"
    )


def test_an_answer_with_a_wrong_code_names_the_nearest_code(mini_root: Path) -> None:
    path = write(mini_root, "tess", tess_yaml(answers={"community.go": "yess"}))
    (problem,) = lint_persona_file(path, "tess.yaml")
    assert (problem.code, problem.severity) == ("P302", "warning")
    assert "`yess` is not one of this question's codes (did you mean `yes`?)" in problem.message


def test_a_detail_with_a_wrong_code_for_its_choice_question_is_a_warning(
    mini_root: Path,
) -> None:
    detail = mini_root / "flows" / "concern_detail.yaml"
    detail.write_text(
        detail.read_text().replace(
            "type: long_text", "type: choice\n    options: [talking, time_out]"
        ),
        encoding="utf-8",
    )
    concerns = [{"id": "x", "kind": "trust", "words": "W.", "details": {"might_help": "talkin"}}]
    path = write(mini_root, "tess", tess_yaml(concerns=concerns))
    (problem,) = lint_persona_file(path, "tess.yaml")
    assert (problem.code, problem.severity) == ("P302", "warning")
    assert problem.message == (
        "concerns `x`, `might_help`: `talkin` is not one of this question's codes (did you "
        "mean `talking`?); write one of: talking, time_out"
    )


def test_details_no_sub_flow_asks_about_are_a_warning(mini_root: Path) -> None:
    concerns = [{"id": "x", "kind": "trust", "words": "W.", "details": {"might_hlp": "y"}}]
    path = write(mini_root, "tess", tess_yaml(concerns=concerns))
    (problem,) = lint_persona_file(path, "tess.yaml")
    assert problem.code == "P305"
    assert "did you mean `might_help`" in problem.message


def test_the_id_must_match_the_file_name(mini_root: Path) -> None:
    path = write(mini_root, "other", tess_yaml())
    assert [p.code for p in lint_persona_file(path, "other.yaml")] == ["P201"]


def test_a_colon_in_unquoted_text_gets_a_plain_hint(mini_root: Path) -> None:
    text = tess_yaml().replace("- Swimming", "- Swimming: in the sea", 1)
    path = write(mini_root, "tess", text)
    (problem,) = lint_persona_file(path, "tess.yaml")
    assert problem.code == "P109"
    assert "quotes" in problem.message


def test_two_files_with_one_id_are_reported(mini_root: Path) -> None:
    write(mini_root, "tess", tess_yaml())
    write(mini_root, "tess_copy", tess_yaml())
    _, problems = check_personas(mini_root / "personas")
    assert sorted(p.code for p in problems) == ["P201", "P202"]


def test_validate_checks_the_personas_folder(mini_root: Path) -> None:
    write(mini_root, "tess", tess_yaml(by_tag={"nonsense": ["x"]}))
    assert [p.code for p in lint_paths([mini_root / "personas"])] == ["P203"]


def test_loading_refuses_broken_personas_with_every_error(mini_root: Path) -> None:
    write(mini_root, "tess", tess_yaml(age=7, by_tag={"nonsense": ["x"]}))
    with pytest.raises(ContentError) as caught:
        load_personas(mini_root / "personas")
    assert sorted(p.code for p in caught.value.problems) == ["P100", "P203"]


def test_a_reply_about_a_subject_not_in_private_is_placed(mini_root: Path) -> None:
    private = [{"id": "drowning", "what": "Nearly drowned.", "words": "Not that."}]
    answers = {
        "what_matters.interests": {"value": "Swimming.", "keeps_private": ["drowning"]},
        "what_matters.hopes": {"value": "To swim.", "about": ["drownin"]},
    }
    text = tess_yaml(private=private, answers=answers)
    path = write(mini_root, "tess", text)
    (problem,) = lint_persona_file(path, "tess.yaml")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "drownin\n" in t + "\n")
    assert (problem.code, problem.severity, problem.line) == ("P205", "error", line)
    assert "did you mean `drowning`" in problem.message


def test_a_list_item_disclosing_an_unknown_subject_is_placed(mini_root: Path) -> None:
    concerns = [{"id": "x", "kind": "trust", "words": "W.", "discloses": ["voices"]}]
    path = write(mini_root, "tess", tess_yaml(concerns=concerns))
    (problem,) = lint_persona_file(path, "tess.yaml")
    assert problem.code == "P205" and "`voices`" in problem.message


def test_a_word_for_a_number_is_named_in_plain_words(mini_root: Path) -> None:
    path = write(mini_root, "tess", tess_yaml(age="forty"))
    (problem,) = lint_persona_file(path, "tess.yaml")
    assert problem.code == "P100"
    assert problem.message == "`age` must be a whole number, like 3; got `forty`"


def test_one_broken_pack_persona_leaves_the_others_usable(tmp_path: Path) -> None:
    from assistant.training.loader import usable_personas

    pack = tmp_path / "personas"
    pack.mkdir()
    (pack / "stan.yaml").write_text("id: stan\nname: Stan\nage: old\n", encoding="utf-8")
    with pytest.raises(ContentError):
        load_personas(pack=pack)
    personas, errors = usable_personas(pack=pack)
    assert "stan" in personas and personas["stan"].age != "old"  # the shipped Stan stays
    assert len(personas) == len(load_personas())
    assert errors and all(e.file.endswith("stan.yaml") for e in errors)


def test_a_number_out_of_range_is_named_in_plain_words_with_its_range(mini_root: Path) -> None:
    concerns = [{"id": "cash", "kind": "money", "words": "Money is tight.", "share_at": 25}]
    path = write(mini_root, "tess", tess_yaml(concerns=concerns))
    (problem,) = lint_persona_file(path, "tess.yaml")
    assert problem.code == "P100"
    assert problem.message == "`share_at` must be from 0 to 20; got `25`"


def test_a_wrong_code_in_a_list_entry_does_not_hide_its_details_problems(
    mini_root: Path,
) -> None:
    concerns = [{"id": "x", "kind": "confidense", "words": "W.", "details": {"might_hlp": "y"}}]
    path = write(mini_root, "tess", tess_yaml(concerns=concerns))
    assert [p.code for p in lint_persona_file(path, "tess.yaml")] == ["P304", "P305"]


def test_a_bad_value_in_one_list_entry_does_not_hide_the_files_other_problems(
    mini_root: Path,
) -> None:
    concerns = [
        {"id": "x", "kind": "trust", "words": "W.", "share_at": 25},
        {"id": "y", "kind": "confidense", "words": "W."},
    ]
    text = tess_yaml(concerns=concerns)
    path = write(mini_root, "tess", text)
    found = lint_persona_file(path, "tess.yaml")
    assert [p.code for p in found] == ["P100", "P304"]
    line = text.splitlines().index("  kind: confidense") + 1
    assert (found[1].line, found[1].col) == (line, 9)  # still its own line


def line_of(text: str, written: str) -> int:
    return next(n for n, t in enumerate(text.splitlines(), 1) if t.strip() == written)


def test_every_problem_in_a_list_entry_with_a_bad_value_is_reported_at_its_place(
    mini_root: Path,
) -> None:
    private = [{"id": "voices", "what": "Hears voices.", "words": "Not that."}]
    concerns = [
        {
            "id": "x",
            "kind": "confidense",
            "words": "W.",
            "share_at": 25,
            "discloses": ["voice"],
            "details": {"might_hlp": "y"},
        }
    ]
    text = tess_yaml(private=private, concerns=concerns)
    path = write(mini_root, "tess", text)
    found = sorted((p.code, p.line, p.col) for p in lint_persona_file(path, "tess.yaml"))
    assert found == [
        ("P100", line_of(text, "share_at: 25"), 13),
        ("P205", line_of(text, "- voice"), 5),
        ("P304", line_of(text, "kind: confidense"), 9),
        ("P305", line_of(text, "might_hlp: y"), 5),
    ]


def test_a_wrong_value_at_the_top_of_the_file_does_not_hide_the_rest(mini_root: Path) -> None:
    concerns = [{"id": "x", "kind": "confidense", "words": "W."}]
    text = tess_yaml(age="forty", by_tag={"nonsense": ["x"]}, concerns=concerns)
    path = write(mini_root, "tess", text)
    found = sorted(p.code for p in lint_persona_file(path, "tess.yaml"))
    assert found == ["P100", "P203", "P304"]


def test_a_missing_part_of_the_file_does_not_hide_the_rest(mini_root: Path) -> None:
    data = yaml.safe_load(tess_yaml(by_tag={"nonsense": ["x"]}))
    del data["trainer"], data["goals"]
    path = write(mini_root, "tess", yaml.safe_dump(data, sort_keys=False))
    found = [p.code for p in lint_persona_file(path, "tess.yaml")]
    assert sorted(found) == ["P102", "P102", "P203"]
