"""``cpi-assistant validate`` over an agency's content pack laid on the base content.

The merged result is what the app runs, so that is what is checked: the topics as merged
(a pack topic replacing a shipped one is checked in its place, against every other topic),
``switch_off``, the directory the app would read (the pack's entries, or the example while
it has none), the personas of both layers, the agency file in use, the pack's playthroughs
and templates. Every problem names the file it came from, the pack's or the base's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from assistant.agency import load_agency
from assistant.authoring.lint import check_content, lint_paths
from assistant.authoring.plan_roots import roots_no_plan_reads
from assistant.authoring.playthrough import check_file, check_topics_opened
from assistant.authoring.template_check import check_template_file
from assistant.authoring.template_trial import try_templates
from assistant.content_pack.layers import ContentLayers, read_layers
from assistant.content_pack.manifest import Manifest
from assistant.content_pack.originals import ORIGINALS, changed_problems
from assistant.directory import check_directory
from assistant.flows.loader import Content, display_name, read_content
from assistant.flows.problems import Problem
from assistant.meetings.paths import CLOSING_TOPIC, HARD_TIMES_TOPIC
from assistant.training.loader import check_personas, persona_files

#: The folders and files a pack may hold (docs/content-format.md, "Layering").
PACK_PARTS = frozenset(
    {
        "pack.yaml",
        "agency.yaml",
        "directory",
        "flows",
        "templates",
        "personas",
        "playthroughs",
        # Editors' copies of the app's schemas (pack new writes them); never read by the app.
        "schema",
        # The app's own files as they were when copied into the pack (`pack copy`), so
        # `pack changes` can show what an upgrade changed in them; never read as content.
        ORIGINALS,
    }
)


def lint_layers(layers: ContentLayers, extra: Iterable[Path] = ()) -> list[Problem]:
    """Every problem of ``layers`` merged (``extra``: more files to lint, e.g. the agency
    file ``CPI_AGENCY_FILE`` names). Without a pack: the base folder, as ``lint_paths``."""
    if layers.pack is None:
        return lint_paths([layers.base, *extra])
    pack = layers.pack
    content, problems, manifest = read_layers(layers)
    if manifest is not None and any(p.code in ("K040", "K042") for p in manifest.problems):
        return sorted(set(problems))
    problems += _broken_by_switch_off(
        _unless_switched_off(check_content(content), manifest), layers, manifest
    )
    problems += _switched_off_parts(manifest)
    problems += roots_no_plan_reads(read_content(layers.base)[0], content, pack)
    problems += _directory(layers)
    problems += _personas(layers, content)
    problems += list(load_agency(layers.base, pack=pack).problems)
    problems += _playthroughs(layers, content)
    problems += _templates(layers)
    problems += _strays(pack)
    problems += changed_problems(layers.base, pack)
    # What the base holds besides what is merged above: its playthroughs, checked as ever.
    base_playthroughs = layers.base / "playthroughs"
    if base_playthroughs.is_dir():
        problems += lint_paths([base_playthroughs])
    extra = [p for p in extra if p.exists()]
    if extra:
        problems += lint_paths(extra)
    return sorted(set(problems))


def pack_problems(base: Path | None, pack: Path) -> list[Problem]:
    """Every problem of ``pack`` laid over ``base`` (default: the shipped content), errors
    and warnings: the same check ``validate`` runs (topics, directory, templates, agency,
    playthroughs), so choosing a pack (``pack use``, Settings) and ``pack show`` never
    accept what validate refuses, nor keep quiet about what it warns of."""
    return lint_layers(ContentLayers.chosen(base, pack))


def pack_errors(base: Path | None, pack: Path) -> list[Problem]:
    """The errors of ``pack`` laid over ``base``: :func:`pack_problems` without warnings."""
    return [p for p in pack_problems(base, pack) if p.severity == "error"]


#: Shipped topics the app itself leans on, and what switching one off takes away.
_LEANED_ON = {
    HARD_TIMES_TOPIC: (
        "K204",
        "switching off `hard_times` takes the plan for hard times out of every meeting: the "
        "pause for safety can then only show the crisis numbers. Keep it, or replace it in "
        "the pack's flows/ with your agency's own",
    ),
    CLOSING_TOPIC: (
        "K205",
        "switching off `closing` takes away the step where the plan is agreed, so the app "
        "never offers to finish a meeting unless another topic records the agreement. "
        "Replace it in the pack's flows/ instead",
    ),
}


def _switched_off_parts(manifest: Manifest | None) -> list[Problem]:
    """Warnings for switching off a topic the app leans on (it still runs without it)."""
    if manifest is None or manifest.pack is None:
        return []
    problems: list[Problem] = []
    for n, topic_id in enumerate(manifest.pack.switch_off):
        if topic_id in _LEANED_ON:
            code, message = _LEANED_ON[topic_id]
            line, col = manifest.where_switched_off(n)
            problems.append(Problem(manifest.name, line, col, code, message, "warning"))
    return problems


def _directory(layers: ContentLayers) -> list[Problem]:
    own, base = layers.directories()
    if not own.is_dir() and not base.is_dir():
        return []
    return check_directory(base, pack=own if own.is_dir() else None)[1]


def _unless_switched_off(problems: list[Problem], manifest: Manifest | None) -> list[Problem]:
    """Without "there is no topic `x`" for a switched-off ``x`` still run by a shipped topic:
    K203 says so at the line of pack.yaml that can be changed."""
    off = set(manifest.pack.switch_off) if manifest is not None and manifest.pack else set()
    return [
        p
        for p in problems
        if not (p.code == "E202" and any(p.message == f"there is no topic `{t}`" for t in off))
    ]


def _broken_by_switch_off(
    problems: list[Problem], layers: ContentLayers, manifest: Manifest | None
) -> list[Problem]:
    """An error in a shipped file that the shipped content alone does not have comes from
    ``switch_off`` (the author cannot edit that file): said at pack.yaml's switch_off line,
    with the shipped topic to switch off too."""
    off = list(manifest.pack.switch_off) if manifest is not None and manifest.pack else []
    if not off or layers.pack is None or manifest is None:
        return problems
    pack = layers.pack.resolve()

    def shipped(problem: Problem) -> bool:
        where = Path(problem.file).resolve()
        return problem.severity == "error" and pack not in where.parents

    if not any(shipped(p) for p in problems):
        return problems
    alone = set(check_content(read_layers(ContentLayers(layers.base))[0]))
    kept: list[Problem] = []
    for problem in problems:
        if not shipped(problem) or problem in alone:
            kept.append(problem)
            continue
        topic = Path(problem.file).stem
        n = next(
            (i for i, t in enumerate(off) if re.search(rf"\b{re.escape(t)}\b", problem.message)),
            0,
        )
        line, col = manifest.where_switched_off(n)
        kept.append(
            Problem(
                manifest.name,
                line,
                col,
                problem.code,
                f"switching off `{off[n]}` breaks the shipped topic `{topic}`, which you "
                f"cannot edit ({Path(problem.file).name}:{problem.line}: {problem.message}): "
                f"switch off `{topic}` too, or keep `{off[n]}`",
            )
        )
    return kept


def _personas(layers: ContentLayers, content: Content) -> list[Problem]:
    """The pack's personas against the merged topics; the base's as they are checked without
    a pack (their answers to a topic the pack switches off are simply not used)."""
    own, base = layers.personas()
    problems = lint_paths([base]) if base.is_dir() and persona_files(base) else []
    if own.is_dir() and persona_files(own):
        problems += check_personas(own, content=content)[1]
    return problems


def _playthroughs(layers: ContentLayers, content: Content) -> list[Problem]:
    """A pack's playthroughs must be well formed, and open only topics of the content they
    are played over (the pack laid over the base, as `play` runs them)."""
    assert layers.pack is not None
    folder = layers.pack / "playthroughs"
    if not folder.is_dir():
        return []
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.y*ml")):
        problems += check_file(path, display_name(path))
        problems += check_topics_opened(path, display_name(path), content.topics)
    return problems


def _templates(layers: ContentLayers) -> list[Problem]:
    """A pack's templates must parse, and then render the demo's plans (template_trial); a
    name the base does not have is never used."""
    assert layers.pack is not None
    folder, base = layers.pack / "templates", layers.base / "templates"
    if not folder.is_dir():
        return []
    known = sorted(p.name for p in base.glob("*.j2")) if base.is_dir() else []
    problems: list[Problem] = []
    # Only *.j2 files are templates: a README or a note beside them is not read.
    for path in sorted(folder.glob("*.j2")):
        name = display_name(path)
        if known and path.name not in known and not path.name.startswith("_"):
            problems.append(
                Problem(
                    name,
                    1,
                    1,
                    "K302",
                    f"no export uses a template called {path.name}, so this one is never "
                    f"used; name it as the one it replaces: {', '.join(known)}",
                    "warning",
                )
            )
            continue
        problems += check_template_file(path, name)
    if problems and any(p.code == "K301" for p in problems):
        return problems  # a template that does not parse cannot be tried: fix that first
    used = {p.name for p in folder.glob("*.j2") if not known or p.name in known}
    return problems + try_templates(layers, used)


def _strays(pack: Path) -> list[Problem]:
    """Files and folders at the top of a pack that nothing reads (often a misspelt name)."""
    problems: list[Problem] = []
    try:
        found = sorted(pack.iterdir())
    except OSError:  # unreadable: pack.yaml's own problem already says so
        return []
    for path in found:
        if path.name.startswith(".") or path.name in PACK_PARTS or path.suffix == ".md":
            continue
        problems.append(
            Problem(
                display_name(path),
                1,
                1,
                "K050",
                f"the app does not read `{path.name}` in a content pack; it reads "
                f"{', '.join(sorted(PACK_PARTS))}",
                "warning",
            )
        )
    return problems
