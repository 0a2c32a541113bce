"""`validate` checks export templates (`*.j2`) as templates wherever it is given them: a
file, a folder of templates, or a content folder's templates/ (not only a pack's)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.cli import main

# `{% endiff %}` for `{% endif %}` on line 2, as a tester typed it in a copy of plan.txt.j2.
BROKEN = "{% set p = plan %}\nRELATIONSHIP PLAN{% if name %} - {{ name }}{% endiff %}\n"


def validate(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, str]:
    code = main(["validate", str(path)])
    return code, capsys.readouterr().out


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_template_given_alone_is_checked_as_a_template_at_the_tag(tmp_path: Path, capsys) -> None:
    template = write(tmp_path / "tpl2" / "plan.txt.j2", BROKEN)
    code, out = validate(capsys, template)
    assert code == 1 and "tpl2/plan.txt.j2:2:44: K301 the template is broken" in out


def test_a_template_given_alone_is_never_read_as_yaml(tmp_path: Path, capsys) -> None:
    template = write(tmp_path / "tpl2" / "plan.txt.j2", BROKEN)
    _, out = validate(capsys, template)
    assert "YAML" not in out


def test_a_broken_template_in_a_folder_of_templates_fails_validate(tmp_path: Path, capsys) -> None:
    write(tmp_path / "tpl2" / "plan.txt.j2", BROKEN)
    code, out = validate(capsys, tmp_path / "tpl2")
    assert code == 1 and "tpl2/plan.txt.j2:2:44: K301" in out


def test_a_broken_template_in_a_content_folder_s_templates_fails_validate(
    tmp_path: Path, capsys
) -> None:
    write(tmp_path / "content" / "templates" / "plan.txt.j2", BROKEN)
    code, out = validate(capsys, tmp_path / "content")
    assert code == 1 and "content/templates/plan.txt.j2:2:44: K301" in out


def test_a_template_that_parses_is_not_a_problem(tmp_path: Path, capsys) -> None:
    write(tmp_path / "tpl2" / "plan.txt.j2", "PLAN{% if name %} - {{ name }}{% endif %}\n")
    assert validate(capsys, tmp_path / "tpl2") == (0, "")


# An agency template that prints a person's words unescaped, three ways.
UNESCAPED = (
    "{% set p = plan %}\n"
    "<p>{{ p.about.what_matters.text|safe }}</p>\n"
    "{% autoescape false %}{{ p.about.name }}{% endautoescape %}\n"
    "<p>{{ Markup(p.about.name) }}</p>\n"
)


def test_each_way_a_template_turns_escaping_off_is_warned_of_where_it_is(
    tmp_path: Path, capsys
) -> None:
    write(tmp_path / "tpl2" / "plan.html.j2", UNESCAPED)
    code, out = validate(capsys, tmp_path / "tpl2")
    assert code == 0
    assert "tpl2/plan.html.j2:2:32: K307 warning: `|safe`: a person's words" in out
    assert "tpl2/plan.html.j2:3:4: K307 warning: turning autoescape off:" in out
    assert "tpl2/plan.html.j2:4:7: K307 warning: `Markup`:" in out


def test_autoescape_turned_on_is_not_warned_of(tmp_path: Path, capsys) -> None:
    write(tmp_path / "tpl2" / "plan.html.j2", "{% autoescape true %}{{ x }}{% endautoescape %}\n")
    assert validate(capsys, tmp_path / "tpl2") == (0, "")
