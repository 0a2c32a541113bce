"""Where a content pack's own questions keep their answers, against what a plan reads.

A plan (``assistant.plans.from_session``) holds only the parts the app knows: the paths the
shipped topics store answers at. A question an agency adds under a root of its own
(``eastgate.pet``) is kept with the meeting, and in the subject-access export, but is in no
plan, copy or export: an author who expects to see it there is told so by ``validate``
(K306), once for each root, at the first step that stores there; and so is a new path under
a root the plan reads (``about.pet``): the plan reads fixed paths there, the ones the shipped
topics keep answers at. A question asked for the conversation only says ``in_plan: false``.
Keeping it at a path a shipped question asks would replace that question's answer, so the
warning never suggests reusing one.
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


def stored_paths(
    index: TopicIndex, loops: dict[str, dict[str, str]]
) -> Iterable[tuple[str, str, str, tuple[str | int, ...]]]:
    """(step id, the path as written, the whole path, where it is written in the step) for
    each answer a topic keeps for the plan: a loop name is followed to the list it runs over
    (``concern.who_knows`` -> ``concerns.list[].who_knows``, with ``loops`` from
    :func:`loop_paths` with ``each="[]"``), and each field of a ``records`` answer is a path
    of its own (``concerns.list[].words``). ``in_plan: false`` answers are left out."""
    mine = loops.get(index.topic.id, {})

    def whole(path: str) -> str:
        head, _, rest = path.partition(".")
        return f"{mine[head]}[].{rest}" if head in mine and rest else mine.get(head, path)

    for node in index.topic.nodes:
        if isinstance(node, m.AskNode) and node.in_plan:  # `in_plan: false`: said to stay out
            path = whole(node.store)
            yield node.id, node.store, path, ("store",)
            if node.type == "records":
                for n, record_field in enumerate(node.fields):
                    yield (
                        node.id,
                        f"{node.store}[].{record_field.name}",
                        f"{path}[].{record_field.name}",
                        ("fields", n, "name"),
                    )
        if isinstance(node, m.SetNode):
            for written in node.values:
                yield node.id, written, whole(written), ("values", written)


def roots_no_plan_reads(base: Content, merged: Content, pack: Path) -> list[Problem]:
    """K306 (warning) for each path a pack's own topics keep answers at that no shipped topic
    does: once for a root no shipped topic uses (``eastgate.``), and once for each new path
    under a root that one does (``about.pet``, ``concern.who_knows``). The plan is built
    from fixed paths under each root it reads (``about.hopes``, ``concerns.list[].hard``),
    the paths the shipped topics keep answers at, so a new one under a known root is in no
    plan either."""
    base_loops, loops = loop_paths(base, each="[]"), loop_paths(merged, each="[]")
    known = {
        path for index in base.topics.values() for *_, path, _ in stored_paths(index, base_loops)
    }
    known_roots = {path.partition(".")[0].partition("[")[0] for path in known}
    pack_dir = pack.resolve()
    problems: list[Problem] = []
    told: set[str] = set()
    for index in merged.topics.values():
        # A worker-only topic's answers are in no plan by design, and supervision exports
        # show every one of them (assistant.meetings.supervision).
        if not _inside(index.file, pack_dir) or index.topic.worker_only:
            continue
        for node_id, written, path, keys in stored_paths(index, loops):
            root = path.partition(".")[0].partition("[")[0]
            if root not in known_roots:
                if root in told:
                    continue
                told.add(root)
                where = f"under `{root}.` are in no plan, copy or export: a plan holds"
            elif path in known or path in told:
                continue
            else:
                told.add(path)
                shown = f"`{written}`" + (f" (`{path}`)" if path != written else "")
                where = (
                    f"at {shown} are in no plan, copy or export: under `{root}.` a plan "
                    "reads only the paths the app's own questions keep there, and holds"
                )
            line, col = index.where(node_id, *keys)
            problems.append(
                Problem(
                    index.file,
                    line,
                    col,
                    "K306",
                    f"answers kept {where} "
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
