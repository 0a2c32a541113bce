"""Every piece of content that Jinja reads: texts with ``{{ }}`` and bare expressions.

The linter checks each one; the app compiles them ahead of time while people are reading,
so that no step waits for Jinja to compile the text it shows (a few milliseconds each).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from assistant.flows import model as m
from assistant.flows.expressions import ANSWER_NAME, ITEM_NAME
from assistant.flows.loader import Content

TEXT_FIELDS = ("text", "prompt", "guidance", "item_label", "hint")


def jinja_sources(node: Any) -> Iterator[tuple[tuple[Any, ...], str, bool, set[str]]]:
    """(location keys, source, is_expression, extra names) for everything Jinja reads."""
    if node.when:
        yield ("when",), node.when, True, set()
    for key in TEXT_FIELDS:
        value = getattr(node, key, None)
        if isinstance(value, str):
            yield (key,), value, False, ({ITEM_NAME} if key == "item_label" else set())
    if isinstance(node, m.MenuNode):
        for number, option in enumerate(node.options):
            yield ("options", number, "label"), option.label, False, set()
            if option.when:
                yield ("options", number, "when"), option.when, True, set()
    if isinstance(node, m.SetNode):
        for target, expr in node.values.items():
            yield ("values", target), expr, True, set()
    if isinstance(node, m.BranchNode):
        for number, case in enumerate(node.branches):
            yield ("branches", number, "if"), case.if_, True, set()
    if isinstance(node, m.RepeatNode) and node.where:
        yield ("where",), node.where, True, {node.as_}
    if isinstance(node, m.AskNode):
        if node.options_from:
            yield ("options_from",), node.options_from, True, set()
        if node.default_from:
            yield ("default_from",), node.default_from, True, set()
        for number, rule in enumerate(node.validate_):
            yield ("validate", number, "if"), rule.if_, True, {ANSWER_NAME}
        for f_number, fld in enumerate(node.fields):
            for number, rule in enumerate(fld.validate_):
                keys = ("fields", f_number, "validate", number, "if")
                yield keys, rule.if_, True, {ANSWER_NAME, ITEM_NAME}


def content_sources(content: Content) -> Iterator[tuple[str, bool]]:
    """(source, is_expression) for everything Jinja reads in the content, each once, in
    topic and step order (so the first topics' texts come first)."""
    seen: set[tuple[str, bool]] = set()
    for index in content.topics.values():
        for node in index.nodes.values():
            for _keys, source, is_expression, _extra in jinja_sources(node):
                key = (source, is_expression)
                if key not in seen:
                    seen.add(key)
                    yield key
