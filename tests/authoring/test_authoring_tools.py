"""Playthroughs, explore, graphs, schemas and the command line around them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.authoring import schemas as schema
from assistant.authoring.content import load_content
from assistant.authoring.explore import as_playthrough, explore
from assistant.authoring.graph import to_dot, to_mermaid
from assistant.authoring.playthrough import run_playthrough
from assistant.cli import main
from assistant.engine import answers
from assistant.locations import content_dir, schema_dir
from tests.conftest import SAMPLE

SAMPLE_PLAYTHROUGHS = sorted((SAMPLE / "playthroughs").glob("*.yaml"))


@pytest.mark.parametrize("path", SAMPLE_PLAYTHROUGHS, ids=lambda p: p.stem)
def test_sample_playthrough_passes(path: Path) -> None:
    result = run_playthrough(path)
    assert result.failures == []


def test_failing_playthrough_names_the_step_line_and_shows_a_diff(tmp_path: Path) -> None:
    source = (SAMPLE / "playthroughs" / "welcome_consent.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        source.replace("about: {name: Sam}", "about: {name: Samuel}").replace(
            "name: Welcome", f"content: {SAMPLE}\nname: Welcome"
        ),
        encoding="utf-8",
    )
    failure = run_playthrough(broken).failures[0]
    assert "expected 'Samuel', found 'Sam'" in failure and "-  name: Samuel" in failure


def test_failing_expectation_reports_the_step_line(tmp_path: Path) -> None:
    broken = tmp_path / "p.yaml"
    broken.write_text(
        f"name: x\ncontent: {SAMPLE}\nsteps:\n  - go: welcome\n  - expect_text: Goodbye\n",
        encoding="utf-8",
    )
    assert run_playthrough(broken).failures[0].startswith(f"{broken}:5:")


def test_play_command_exits_non_zero_on_failure(tmp_path: Path, capsys) -> None:
    broken = tmp_path / "p.yaml"
    broken.write_text(f"name: x\ncontent: {SAMPLE}\nsteps:\n  - go: nowhere\n", encoding="utf-8")
    assert main(["play", str(broken)]) == 1
    assert "0 passed, 1 failed" in capsys.readouterr().out


def test_malformed_playthrough_is_a_lint_error(tmp_path: Path) -> None:
    from assistant.authoring.lint import lint_paths

    folder = tmp_path / "playthroughs"
    folder.mkdir()
    (folder / "p.yaml").write_text("name: x\nsteps:\n  - jump: 3\n", encoding="utf-8")
    assert [p.code for p in lint_paths([folder])] == ["E400"]


def test_a_playthrough_with_a_blank_name_still_runs_and_validate_warns(
    tmp_path: Path, capsys
) -> None:
    folder = tmp_path / "playthroughs"
    folder.mkdir()
    path = folder / "p.yaml"
    path.write_text(f'name: ""\ncontent: {SAMPLE}\nsteps:\n  - go: welcome\n', encoding="utf-8")
    assert run_playthrough(path).ok
    assert main(["validate", str(folder)]) == 0
    assert "p.yaml:1:7: W307 warning: the name is blank" in capsys.readouterr().out


@pytest.mark.slow
def test_explore_finds_nothing_wrong_in_the_sample(sample_content) -> None:
    assert explore(sample_content, seed=7, runs=60) == []


@pytest.mark.slow
def test_explore_finds_a_template_error_and_prints_a_reproducing_playthrough(
    write_topics, tmp_path: Path
) -> None:
    root = write_topics(
        t="""
        id: t
        title: T
        description: The text names an answer that may be skipped.
        nodes:
          - {id: a, kind: ask, type: text, prompt: "Name?", store: p.name}
          - {id: b, kind: say, text: "Hi {{ p.name }}"}
          - {id: c, kind: end}
        """
    )
    failures = explore(load_content(root), seed=3, runs=40)
    assert failures
    replay = tmp_path / "replay.yaml"
    replay.write_text(as_playthrough(failures[0], str(root)), encoding="utf-8")
    assert "p" in " ".join(run_playthrough(replay).failures)


def test_explore_command_prints_the_failing_walk(write_topics, capsys) -> None:
    root = write_topics(
        t="""
        id: t
        title: T
        description: x
        nodes:
          - {id: a, kind: ask, type: text, prompt: "Name?", store: p.name}
          - {id: b, kind: say, text: "Hi {{ p.name }}"}
          - {id: c, kind: end}
        """
    )
    assert main(["explore", "--content", str(root), "--runs", "40", "--seed", "3"]) == 1
    assert "steps:" in capsys.readouterr().out


def test_mermaid_graph_shows_menu_labels(sample_content) -> None:
    drawn = to_mermaid(sample_content.topic("wellbeing"))
    assert drawn.startswith("flowchart TD") and '|"Some tips"|' in drawn


def test_dot_graph_links_calls_to_their_topic(sample_content) -> None:
    assert '"tips" -> "topic:tips"' in to_dot(sample_content.topic("wellbeing"))


def test_graph_keeps_every_branch_condition_to_the_same_step() -> None:
    # The shipped `route` branch goes to `which_menu` on three different conditions.
    drawn = to_dot(load_content(content_dir()).topic("concerns"))
    (edge,) = [line for line in drawn.splitlines() if '"route" -> "which_menu"' in line]
    for field in ("hard", "might_help", "work_on"):
        assert f"selectattr('{field}', 'defined')" in edge
    assert edge.count(" or if ") == 2


LONELY = """\
id: lonely
title: Lonely
description: A step shown only sometimes.
nodes:
  - id: ask_it
    kind: ask
    type: text
    speaker: person
    prompt: "Anything?"
    store: lonely.words
  - id: lonely_note
    kind: say
    when: "answered('lonely.words')"
    text: "A note."
  - id: after
    kind: say
    text: "After."
  - id: done
    kind: end
"""


@pytest.mark.parametrize(
    ("draw", "edge"),
    [
        (to_dot, '"lonely_note" -> "after" [label="when shown or when skipped"]'),
        (to_mermaid, 'n1 -->|"when shown or when skipped"| n2'),
    ],
    ids=["dot", "mermaid"],
)
def test_graph_of_a_step_with_when_shows_where_it_goes_shown_and_skipped(
    tmp_path: Path, draw, edge: str
) -> None:
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "lonely.yaml").write_text(LONELY, encoding="utf-8")
    assert edge in draw(load_content(tmp_path, check=False).topic("lonely"))


def test_graph_of_unknown_topic_is_a_usage_error(capsys) -> None:
    assert main(["graph", "no_such_topic_here", "--content", str(SAMPLE)]) == 2


def test_committed_schemas_match_the_models() -> None:
    assert schema.stale(schema_dir()) == []


def test_topic_schema_lists_every_node_kind() -> None:
    text = json.dumps(schema.topic_schema())
    assert all(f'"{kind}"' in text for kind in ("say", "ask", "menu", "repeat", "call", "end"))


def test_every_shipped_yaml_file_carries_the_schema_modeline() -> None:
    files = [p for p in content_dir().rglob("*.yaml")]
    missing = [
        str(p)
        for p in files
        if not p.read_text(encoding="utf-8").startswith("# yaml-language-server")
    ]
    assert missing == []


def test_python_dash_m_prints_help() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "assistant", "--help"], capture_output=True, text=True, check=True
    )
    assert "validate" in out.stdout


@pytest.mark.slow
def test_explore_answers_computed_options(write_topics) -> None:
    root = write_topics(
        t="""
        id: t
        title: T
        description: Options computed from an earlier answer.
        nodes:
          - id: likes
            kind: ask
            type: multi_choice
            prompt: Likes?
            store: a.likes
            options: [tea, cake]
          - id: pick
            kind: ask
            type: choice
            prompt: Pick one
            store: a.pick
            options_from: "get('a.likes', [])"
          - {id: fin, kind: end}
        """
    )
    assert explore(load_content(root), seed=1, runs=40) == []


def test_explore_can_start_from_earlier_answers(write_topics, tmp_path: Path, capsys) -> None:
    root = write_topics(
        t="""
        id: t
        title: T
        description: Needs a name from an earlier meeting.
        nodes:
          - {id: hi, kind: say, text: "Hello again {{ about.name }}"}
          - {id: name, kind: ask, type: text, prompt: "Name?", store: about.name}
          - {id: fin, kind: end}
        """
    )
    data = tmp_path / "earlier.yaml"
    data.write_text("about: {name: Sam}\n", encoding="utf-8")
    args = ["explore", "--content", str(root), "--runs", "10"]
    assert (main(args), main([*args, "--data", str(data)])) == (1, 0)


def _refuse_details_beyond_the_fields(monkeypatch) -> None:
    """Put back the old bug: a list entry may only hold its fields (earlier ignored)."""
    original = answers.coerce_record

    def old_refusal(fields, given, today=None, earlier=None):
        return original(fields, given, today, None)

    monkeypatch.setattr(answers, "coerce_record", old_refusal)


def test_explore_finds_a_pre_filled_list_that_cannot_be_kept_as_it_is(
    sample_content, monkeypatch
) -> None:
    _refuse_details_beyond_the_fields(monkeypatch)
    failures = explore(sample_content, seed=7, runs=60)
    assert any("keeping the pre-filled answer as it is" in (w.error or "") for w in failures)


@pytest.mark.slow
def test_explore_names_the_unknown_details_for_the_author(sample_content, monkeypatch) -> None:
    _refuse_details_beyond_the_fields(monkeypatch)
    failures = explore(sample_content, seed=7, runs=60)
    kept = next(w for w in failures if "pre-filled" in (w.error or ""))
    assert "feeling" in (kept.error or "")


def test_explore_walks_into_a_later_meeting_seeded_from_the_first(write_topics) -> None:
    root = write_topics(
        t="""
        id: t
        title: T
        description: A line only a later meeting reaches, with a typo in it.
        nodes:
          - id: again
            kind: say
            when: "get('previous', none) is not none"
            text: "Last time: {{ get('previous.ratings') + 1 }}"
          - {id: name, kind: ask, type: text, prompt: "Name?", store: about.name}
          - {id: fin, kind: end}
        """
    )
    content = load_content(root)
    found = explore(content, seed=1, runs=5)
    assert (explore(content, seed=1, runs=5, meetings=1), found[0].meeting) == ([], 2)


def test_a_later_meeting_failure_replays_from_what_that_meeting_started_with(
    write_topics, tmp_path: Path
) -> None:
    root = write_topics(
        t="""
        id: t
        title: T
        description: A line only a later meeting reaches, with a typo in it.
        nodes:
          - id: again
            kind: say
            when: "get('previous', none) is not none"
            text: "Last time: {{ get('previous.ratings') + 1 }}"
          - {id: name, kind: ask, type: text, prompt: "Name?", store: about.name}
          - {id: fin, kind: end}
        """
    )
    (failure, *_) = explore(load_content(root), seed=1, runs=5)
    replay = tmp_path / "replay.yaml"
    replay.write_text(as_playthrough(failure, str(root)), encoding="utf-8")
    assert "again" in " ".join(run_playthrough(replay).failures)


def test_explore_finds_the_review_meeting_list_bug_in_the_shipped_content(monkeypatch) -> None:
    _refuse_details_beyond_the_fields(monkeypatch)
    failures = explore(load_content(content_dir()), seed=1, runs=20)
    in_review = [w for w in failures if w.meeting == 2 and "pre-filled" in (w.error or "")]
    assert in_review


def test_explore_command_walks_the_number_of_meetings_asked_for(capsys) -> None:
    assert main(["explore", "--runs", "3", "--meetings", "3"]) == 0
    assert "3 random walks of 3 meeting(s)" in capsys.readouterr().out


def test_explore_command_refuses_zero_meetings(capsys) -> None:
    assert main(["explore", "--meetings", "0"]) == 2
    assert "--meetings" in capsys.readouterr().err


def test_a_misspelt_step_names_the_key_and_the_nearest_one(tmp_path: Path) -> None:
    from assistant.authoring.lint import lint_paths

    folder = tmp_path / "playthroughs"
    folder.mkdir()
    (folder / "p.yaml").write_text("name: x\nsteps:\n  - continue\n  - answr: 3\n")
    [problem] = lint_paths([folder])
    assert (problem.code, problem.line) == ("E400", 4)
    assert problem.message.startswith("step 2: unknown key `answr` (did you mean `answer`?)")


def test_an_empty_playthrough_says_to_write_one_or_delete_it(tmp_path: Path) -> None:
    from assistant.authoring.lint import lint_paths

    folder = tmp_path / "playthroughs"
    folder.mkdir()
    (folder / "p.yaml").write_text("")
    [problem] = lint_paths([folder])
    assert problem.code == "E400" and "the file is empty" in problem.message
