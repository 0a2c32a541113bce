"""Diagrams of a topic (Mermaid or Graphviz dot) for authors and reviewers."""

from __future__ import annotations

from assistant.flows import model as m
from assistant.flows.loader import TopicIndex


def _label(node: object) -> str:
    kind = getattr(node, "kind", "")
    text = getattr(node, "prompt", None) or getattr(node, "text", None) or ""
    text = " ".join(str(text).split())
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{node.id} ({kind})" + (f": {text}" if text else "")  # type: ignore[attr-defined]


def _moves(index: TopicIndex, node: object) -> list[tuple[str | None, str]]:
    """(to, condition) for each way the walk can leave ``node`` within the topic, as the
    engine moves (assistant.engine.walk): a move with no condition is ``""``."""
    onward = index.next_of(node)
    moves: list[tuple[str | None, str]] = []
    if isinstance(node, m.MenuNode):
        moves += [(option.goto, option.label) for option in node.options]
        if node.fallback or all(option.once or option.when for option in node.options):
            moves.append((node.fallback or onward, "when no option is left"))
    elif isinstance(node, m.BranchNode):
        moves += [(case.goto, f"if {case.if_}") for case in node.branches]
        moves.append((node.else_ or onward, "else"))
    elif not isinstance(node, m.EndNode):
        moves.append((onward, "when shown" if node.when else ""))  # type: ignore[attr-defined]
    if node.when:  # type: ignore[attr-defined]
        moves.append((onward, "when skipped"))
    return moves


def _edges(index: TopicIndex) -> list[tuple[str, str, str]]:
    """(from, to, label) for every move within the topic, plus calls to other topics. Two
    moves to the same step are one edge, with every condition joined by "or"."""
    edges: list[tuple[str, str, str]] = []
    for node in index.topic.nodes:
        labelled: dict[str, list[str]] = {}
        for target, condition in _moves(index, node):
            if target is None:
                continue
            conditions = labelled.setdefault(target, [])
            if condition not in conditions:
                conditions.append(condition)
        for target, conditions in labelled.items():
            edges.append((node.id, target, " or ".join(c for c in conditions if c)))
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
