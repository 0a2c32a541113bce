"""Every ``#id`` in the app's style sheets names an id that some widget in ``assistant/ui``
is given: a rule left behind when its widget was renamed or removed styles nothing, and the
next person to read it looks for a widget that is not there (``#finish-plan`` was one)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import assistant.ui

UI = Path(assistant.ui.__file__).parent
#: An f-string id with fewer fixed letters than this (``f"e{seq}"``) would match almost
#: any id: it is not counted, so a stale rule cannot hide behind it.
FEWEST_FIXED = 3


def given_ids() -> tuple[set[str], list[re.Pattern[str]]]:
    """The ids widgets are given in ``assistant/ui`` (``id="..."``, ``.id = "..."``), and
    the shapes of those made with an f-string (``id=f"map-{topic.id}"``)."""
    exact: set[str] = set()
    shapes: list[re.Pattern[str]] = []
    for path in UI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            named_id = (isinstance(node, ast.keyword) and node.arg == "id") or (
                isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Attribute) and t.attr == "id" for t in node.targets)
            )
            if not named_id:
                continue
            value = node.value  # type: ignore[attr-defined]
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                exact.add(value.value)
            elif isinstance(value, ast.JoinedStr):
                fixed = [v.value for v in value.values if isinstance(v, ast.Constant)]
                if sum(len(str(part)) for part in fixed) >= FEWEST_FIXED:
                    shapes.append(
                        re.compile(
                            "".join(
                                re.escape(str(v.value)) if isinstance(v, ast.Constant) else ".+"
                                for v in value.values
                            )
                        )
                    )
    return exact, shapes


def id_selectors(path: Path) -> set[str]:
    """The ids named in the selectors of a style sheet (not in comments or values)."""
    text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    return {
        name
        for selector in re.findall(r"([^{}]+)\{", text)
        for name in re.findall(r"#([A-Za-z_][\w-]*)", selector)
    }


def test_the_style_sheets_are_found() -> None:
    sheets = sorted(path.name for path in UI.rglob("*.tcss"))
    assert "app.tcss" in sheets and "session.tcss" in sheets


def test_every_id_in_the_style_sheets_is_given_to_a_widget() -> None:
    exact, shapes = given_ids()
    stale = sorted(
        f"{path.relative_to(UI)}: #{name}"
        for path in UI.rglob("*.tcss")
        for name in id_selectors(path)
        if name not in exact and not any(shape.fullmatch(name) for shape in shapes)
    )
    assert stale == []
