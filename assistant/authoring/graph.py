"""Diagrams of a topic (Mermaid or Graphviz dot) for authors and reviewers."""

from __future__ import annotations

from assistant.authoring.lint import step_successors, step_targets
from assistant.flows import model as m
from assistant.flows.loader import TopicIndex


def _label(node: object) -> str:
    kind = getattr(node, "kind", "")
    text = getattr(node, "prompt", None) or getattr(node, "text", None) or ""
    text = " ".join(str(text).split())
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{node.id} ({kind})" + (f": {text}" if text else "")  # type: ignore[attr-defined]


def _edges(index: TopicIndex) -> list[tuple[str, str, str]]:
    """(from, to, label) for every move within the topic, plus calls to other topics."""
    edges: list[tuple[str, str, str]] = []
    for node in index.topic.nodes:
        labelled: dict[str, str] = {}
        if isinstance(node, m.MenuNode):
            for option in node.options:
                labelled.setdefault(option.goto, option.label)
            if node.fallback:
                labelled.setdefault(node.fallback, "when no option is left")
        if isinstance(node, m.BranchNode):
            for case in node.branches:
                labelled.setdefault(case.goto, f"if {case.if_}")
            if node.else_:
                labelled.setdefault(node.else_, "else")
        for _, target in step_targets(index, node):
            labelled.setdefault(target, "")
        for target in step_successors(index, node):
            labelled.setdefault(target, "when skipped" if node.when else "")
        for target, label in labelled.items():
            edges.append((node.id, target, label))
        if isinstance(node, (m.CallNode, m.RepeatNode)):
            verb = "call" if isinstance(node, m.CallNode) else f"for each {node.as_}"
            edges.append((node.id, f"topic:{node.topic}", verb))
    return edges


def _safe(text: str) -> str:
    return text.replace('"', "'").replace("\n", " ")


def to_mermaid(index: TopicIndex) -> str:
    lines = ["flowchart TD"]
    ids = {node.id: f"n{number}" for number, node in enumerate(index.topic.nodes)}
    for node in index.topic.nodes:
        shape = ("([", "])") if isinstance(node, m.EndNode) else ("[", "]")
        if isinstance(node, (m.BranchNode, m.MenuNode)):
            shape = ("{", "}")
        lines.append(f'    {ids[node.id]}{shape[0]}"{_safe(_label(node))}"{shape[1]}')
    for source, target, label in _edges(index):
        if target.startswith("topic:"):
            key = "t_" + target[6:]
            lines.append(f'    {key}[["topic {target[6:]}"]]')
            lines.append(f'    {ids[source]} -.->|"{_safe(label)}"| {key}')
        elif target in ids:
            arrow = f' -->|"{_safe(label)}"| ' if label else " --> "
            lines.append(f"    {ids[source]}{arrow}{ids[target]}")
    return "\n".join(lines) + "\n"


def to_dot(index: TopicIndex) -> str:
    lines = [f'digraph "{_safe(index.topic.id)}" {{', "  rankdir=TB;", "  node [shape=box];"]
    for node in index.topic.nodes:
        shape = "ellipse" if isinstance(node, m.EndNode) else "box"
        if isinstance(node, (m.BranchNode, m.MenuNode)):
            shape = "diamond"
        lines.append(f'  "{node.id}" [label="{_safe(_label(node))}", shape={shape}];')
    for source, target, label in _edges(index):
        style = ", style=dashed" if target.startswith("topic:") else ""
        lines.append(f'  "{source}" -> "{_safe(target)}" [label="{_safe(label)}"{style}];')
    lines.append("}")
    return "\n".join(lines) + "\n"
