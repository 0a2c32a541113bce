"""Where a content pack's own questions keep their answers, against what a plan reads.

A plan (``assistant.plans.from_session``) holds only the parts the app knows: the paths the
shipped topics store answers at. A question an agency adds under a root of its own
(``eastgate.pet``) is kept with the meeting, and in the subject-access export, but is in no
plan, copy or export: an author who expects to see it there is told so by ``validate``
(K306), once for each root, at the first step that stores there. A question asked for the
conversation only says ``in_plan: false``. Keeping it at a path a shipped question asks
would replace that question's answer, so the warning never suggests reusing one.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from assistant.flows import model as m
from assistant.flows.loader import Content, TopicIndex
from assistant.flows.problems import Problem


def loop_paths(content: Content, *, each: str = "") -> dict[str, dict[str, str]]:
    """topic id -> {loop name: the records path it runs over}. A sub-flow run by ``repeat``
    stores into one record of a list through its loop name (``goal.progress``); nested
    repeats are followed to the list they come from (to a fixpoint). ``each`` marks a
    record of a list in the paths (``"[]"``: ``goals.list[].actions``)."""
    loops: dict[str, dict[str, str]] = {}
    changed = True
    while changed:
        changed = False
        for index in content.topics.values():
            outer = loops.get(index.topic.id, {})
            for node in index.topic.nodes:
                if not isinstance(node, m.RepeatNode):
                    continue
                head, _, rest = node.over.partition(".")
                over = f"{outer[head]}{each}.{rest}" if head in outer else node.over
                inner = loops.setdefault(node.topic, {})
                if inner.get(node.as_) != over:
                    inner[node.as_] = over
                    changed = True
    return loops


def stores(index: TopicIndex, loops: dict[str, dict[str, str]]) -> Iterable[tuple[str, str]]:
    """(step id, the data root it stores at) for each step of a topic that stores answers."""
    mine = loops.get(index.topic.id, {})
    for node in index.topic.nodes:
        paths = []
        if isinstance(node, m.AskNode) and node.in_plan:  # `in_plan: false`: said to stay out
            paths.append(node.store)
        if isinstance(node, m.SetNode):
            paths.extend(node.values)
        for path in paths:
            head = path.partition(".")[0]
            yield node.id, mine.get(head, path).partition(".")[0]


def roots_no_plan_reads(base: Content, merged: Content, pack: Path) -> list[Problem]:
    """K306 (warning) for each root a pack's own topics store at that no shipped topic does."""
    base_loops, loops = loop_paths(base), loop_paths(merged)
    known = {root for index in base.topics.values() for _, root in stores(index, base_loops)}
    pack_dir = pack.resolve()
    problems: list[Problem] = []
    told: set[str] = set()
    for index in merged.topics.values():
        if not _inside(index.file, pack_dir):
            continue
        for node_id, root in stores(index, loops):
            if root in known or root in told:
                continue
            told.add(root)
            line, col = index.where(node_id, "store")
            problems.append(
                Problem(
                    index.file,
                    line,
                    col,
                    "K306",
                    f"answers kept under `{root}.` are in no plan, copy or export: a plan holds "
                    "only the parts the app knows (docs/plan-model.md). They stay with the "
                    "meeting, and in `export-all`. If the question is for the conversation "
                    "only, say `in_plan: false`; a path another question asks would replace "
                    "its answer",
                    "warning",
                )
            )
    return problems


def _inside(file: str, folder: Path) -> bool:
    try:
        Path(file).resolve().relative_to(folder)
    except ValueError:
        return False
    return True
