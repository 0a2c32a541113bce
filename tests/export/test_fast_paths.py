"""The exports' quick ways give exactly what the slower, obvious ways give."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from assistant.export import svg
from assistant.export.escape import isolated, markdown_text, visible_controls
from assistant.export.render import json_bytes, render
from assistant.plans.model import Plan
from assistant.text_width import cells, char_cells

# markdown_text as it was written before its quick look: every value through every step.
_INLINE = re.compile(r"([\\`*_\[\]<>|~&#!])")
_LINE_START = re.compile(r"^([ \t]*)([-+=])")
_ORDERED = re.compile(r"^([ \t]*\d{1,9})([.)])")


def _markdown_every_step(value: object) -> str:
    text = visible_controls(str(value)).replace("\r\n", "\n").replace("\r", "\n")
    lines = []
    for line in text.split("\n"):
        line = _INLINE.sub(r"\\\1", line)
        line = _LINE_START.sub(r"\1\\\2", line)
        line = _ORDERED.sub(r"\1\\\2", line)
        lines.append(isolated(line))  # a line holding a bidi control, isolated
    return "\\\n".join(lines)


# Text with the characters that matter to Markdown far more often than chance would give:
# short runs of them alone (so "1." or "- " at a line's start turn up), and mixed with any.
_SPECIAL = "\\`*_[]<>|~&#!-+=.)0123456789 \t\n\r\x1b\x85\u202e"
_MARKDOWN_TEXT = st.one_of(
    st.text(st.sampled_from(_SPECIAL + "ab"), max_size=6),
    st.text(st.one_of(st.sampled_from(_SPECIAL), st.characters())),
)


@given(_MARKDOWN_TEXT)
@example("1. ordered")
@example("12) x")
@example("- dash")
@example("a\nb")
@example("Friendships")
def test_markdown_escaping_is_the_same_with_or_without_the_quick_look(text: str) -> None:
    assert markdown_text(text) == _markdown_every_step(text)


@given(st.text())
def test_width_of_a_line_is_the_same_for_ascii_and_otherwise(text: str) -> None:
    assert cells(text) == sum(char_cells(ch) for ch in text)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(st.characters(exclude_categories=["Cs"])),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(_JSON)
def test_json_is_written_as_the_standard_library_writes_it(data: Any) -> None:
    assert json_bytes(data) == (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


def test_a_hostile_plan_s_json_is_as_the_standard_library_writes_it(hostile: Plan) -> None:
    data = json.loads(render(hostile, "json"))
    assert (
        render(hostile, "json") == (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()
    )


def test_drawings_are_made_only_for_a_template_that_shows_them(
    plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[str] = []
    real = svg.network_map
    monkeypatch.setattr(svg, "network_map", lambda *a, **k: drawn.append("map") or real(*a, **k))
    render(plan, "easy")
    assert drawn == []
    html = render(plan, "html").decode()
    assert drawn == ["map"] and html.count("<svg") > len(plan.life_areas)
