"""Subcommands for content authors: validate, play, explore, graph, agency, schema."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.content_pack.choice import PACK_FILE
from assistant.locations import content_dir, schema_dir

if TYPE_CHECKING:
    from assistant.content_pack.layers import ContentLayers


def register(subparsers: argparse._SubParsersAction) -> None:
    validate = subparsers.add_parser(
        "validate",
        help="check content files (flows, directory, playthroughs, agency.yaml, templates) "
        "and report file:line:col",
        description="Lint content. Exit 0 when clean, 1 with errors, 2 for a usage problem.",
    )
    validate.add_argument(
        "paths",
        nargs="*",
        type=Path,
        help="files or folders (default: content with the chosen content pack over it, and "
        "the agency file CPI_AGENCY_FILE names); a content pack's folder is checked laid over "
        "the shipped content",
    )
    validate.add_argument(
        "--pack",
        type=Path,
        metavar="DIR",
        help="check this agency content pack laid over the shipped content (as the app "
        "would run it), not the chosen one",
    )
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors")
    validate.add_argument("--quiet", action="store_true", help="print problems only")
    validate.set_defaults(handler=cmd_validate)

    play = subparsers.add_parser("play", help="run playthrough files headlessly")
    play.add_argument("files", nargs="+", type=Path, help="playthrough files or folders")
    play.add_argument(
        "--content", type=Path, help="content folder (default: the folder above each file)"
    )
    play.set_defaults(handler=cmd_play)

    explore = subparsers.add_parser(
        "explore", help="random walks through the content that fail on dead ends or errors"
    )
    explore.add_argument("--seed", type=int, default=1)
    explore.add_argument("--runs", type=int, default=200)
    explore.add_argument("--steps", type=int, default=80, help="steps per meeting")
    explore.add_argument(
        "--meetings",
        type=int,
        default=2,
        help="meetings per walk: each after the first starts from what the one before saved "
        "(default 2: a first meeting, then a review)",
    )
    explore.add_argument("--content", type=Path, help="content folder (default: built in)")
    explore.add_argument(
        "--data",
        type=Path,
        help="start from these answers: a YAML mapping, or a playthrough's `data:` "
        "(e.g. a review meeting's earlier session)",
    )
    explore.set_defaults(handler=cmd_explore)

    graph = subparsers.add_parser("graph", help="draw a topic as Mermaid or Graphviz dot")
    graph.add_argument("topic", help="topic id")
    graph.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
    graph.add_argument("--content", type=Path, help="content folder (default: built in)")
    graph.set_defaults(handler=cmd_graph)

    agency = subparsers.add_parser(
        "agency",
        help="show the agency details the app will hand out, and check their file",
        description="Print the agency details (worker, team, out-of-hours and crisis "
        "contacts) exactly as plans and the app give them to the person, from CPI_AGENCY_FILE "
        "or agency.yaml in the content folder. Exit 0 when they can be used, 1 when the file "
        "has errors or there is no agency file.",
    )
    agency.add_argument("file", nargs="?", type=Path, help="an agency file to check instead")
    agency.add_argument("--content", type=Path, help="content folder (default: built in)")
    agency.set_defaults(handler=cmd_agency)

    schema = subparsers.add_parser(
        "schema", help="write or check the JSON Schemas in content/schema/"
    )
    schema.add_argument("--check", action="store_true", help="exit 1 if a schema is stale")
    schema.add_argument("--dir", type=Path, help="schema folder (default: content/schema)")
    schema.set_defaults(handler=cmd_schema)


def _usage(message: str) -> int:
    print(f"cpi-assistant: {message}", file=sys.stderr)
    return 2


def cmd_validate(args: argparse.Namespace) -> int:
    from assistant.authoring.lint import lint_paths
    from assistant.authoring.lint_layers import lint_layers
    from assistant.content_pack.layers import ContentLayers

    notes: list[str] = []
    if args.pack is not None:
        if args.paths:
            return _usage("give either --pack DIR or files and folders to check, not both")
        problems = lint_layers(ContentLayers(content_dir(), args.pack), _own_agency_file())
    elif args.paths:
        missing = [str(p) for p in args.paths if not p.exists()]
        if missing:
            return _usage(f"no such file or folder: {', '.join(missing)}")
        # A pack, or a file or folder in one, is checked as the app would run it: laid over
        # the shipped content (only the problems of what was given are shown).
        in_packs = {p: _pack_of(p) for p in args.paths}
        others = [p for p, pack in in_packs.items() if pack is None]
        problems = lint_paths(others) if others else []
        for path, pack in in_packs.items():
            if pack is not None:
                found = lint_layers(ContentLayers(content_dir(), pack))
                problems += found if path == pack else [p for p in found if _within(p.file, path)]
        problems = sorted(set(problems))
    else:
        layers, note = _chosen_layers()
        notes += [note] if note else []
        problems = lint_layers(layers, _own_agency_file())
    for problem in problems:
        print(problem)
    for note in notes:
        print(f"cpi-assistant: {note}", file=sys.stderr)
    errors = [p for p in problems if p.severity == "error"]
    warnings = len(problems) - len(errors)
    failed = bool(errors) or bool(notes) or (args.strict and warnings > 0)
    if not args.quiet:
        verdict = "failed" if failed else "ok"
        print(
            # A chosen pack that cannot be used is an error too (the app would run without it).
            f"{verdict}: {len(errors) + len(notes)} error(s), {warnings} warning(s)"
            + (" (--strict: warnings count as errors)" if args.strict and warnings else ""),
            file=sys.stderr,
        )
    return 1 if failed else 0


def _pack_of(path: Path) -> Path | None:
    """The content pack ``path`` is, or is in (``pack.yaml`` in it or up to two folders
    above: ``pack/flows/welcome.yaml``), or None."""
    from assistant.content_pack.manifest import PACK_FILE

    start = path if path.is_dir() else path.parent
    for folder in (start, *list(start.parents)[:2]):
        if (folder / PACK_FILE).is_file():
            return folder
    return None


def _within(file: str, path: Path) -> bool:
    """Whether a problem's file is ``path`` or inside it."""
    where, given = Path(file).resolve(), path.resolve()
    return where == given or given in where.parents


def _chosen_layers() -> tuple[ContentLayers, str | None]:
    """The shipped content with the chosen content pack over it (``CPI_CONTENT_PACK``, else
    the one remembered in Settings), and why a chosen pack cannot be used (then validate
    fails: the app would run without it)."""
    from assistant.cli.pack import the_choice
    from assistant.content_pack.layers import ContentLayers

    choice = the_choice()
    return ContentLayers(content_dir(), choice.path), choice.problem


def _own_agency_file() -> list[Path]:
    """The agency's own file when CPI_AGENCY_FILE names one (the app would use it, so
    validate checks it)."""
    from assistant.agency import ENV_AGENCY_FILE

    own = os.environ.get(ENV_AGENCY_FILE, "").strip()
    return [Path(own).expanduser()] if own else []


def cmd_agency(args: argparse.Namespace) -> int:
    from assistant.agency import (
        ENV_AGENCY_FILE,
        EXAMPLE_NOTICE,
        NO_AGENCY_NOTICE,
        choice_lines,
        contact_lines,
        load_agency,
    )
    from assistant.cli.pack import chosen_pack

    loaded = load_agency(args.content, path=args.file, pack=chosen_pack())
    chosen = f" (set by {ENV_AGENCY_FILE})" if loaded.set_by == ENV_AGENCY_FILE else ""
    for problem in loaded.problems:
        print(problem, file=sys.stderr)
    if loaded.errors:
        print(
            f"{loaded.path}{chosen} has errors, so meetings cannot start until they are "
            "fixed. Fix them, then run `cpi-assistant agency` again.",
            file=sys.stderr,
        )
        return 1
    if loaded.agency is None:
        print(f"No agency file at {loaded.path}{chosen}.\n{NO_AGENCY_NOTICE}", file=sys.stderr)
        return 1
    print(f"Agency details from {loaded.path}{chosen}, as the person's own copy gives them:\n")
    yours = contact_lines(loaded.agency)
    for line in yours:
        print(f"  {line}")
    # The worker and the team in the third person; the numbers are the same on every copy.
    others = [line for line in contact_lines(loaded.agency, yours=False) if line not in yours]
    if others:
        print("\nOn copies for anyone else (the care team, a GP, someone the person names):\n")
        for line in others:
            print(f"  {line}")
    print("\nFor the worker:\n")
    for line in choice_lines(loaded.agency):
        print(f"  {line}")
    if loaded.agency.example:
        print(f"\n{EXAMPLE_NOTICE}")
    return 0


def _content(path: Path | None, pack: Path | None = None):
    """The content of ``path`` (default: the shipped one) with ``pack`` over it (default: the
    chosen pack); a ``UserError`` when it has problems."""
    from assistant.authoring.content import load_content
    from assistant.cli import UserError
    from assistant.cli.pack import chosen_pack
    from assistant.flows.problems import ContentError

    try:
        return load_content(path, pack=pack or chosen_pack())
    except ContentError as exc:
        raise UserError(
            f"the content has problems; fix them first (cpi-assistant validate):\n{exc}"
        ) from None


def cmd_play(args: argparse.Namespace) -> int:
    from assistant.authoring.playthrough import run_playthrough

    files: list[Path] = []
    for path in args.files:
        if path.is_dir():
            files.extend(sorted(path.glob("*.y*ml")))
        elif path.exists():
            files.append(path)
        else:
            return _usage(f"no such file: {path}")
    content = _content(args.content) if args.content else None
    failed = 0
    packs: dict[Path, Any] = {}
    for path in files:
        # A pack's own playthroughs (PACK/playthroughs/*.yaml) run on the content the app
        # would run with that pack: the shipped content (or --content) with the pack over it.
        pack = path.resolve().parent.parent
        if content is None and (pack / PACK_FILE).is_file():
            if pack not in packs:
                packs[pack] = _content(args.content, pack)
            result = run_playthrough(path, packs[pack])
        else:
            result = run_playthrough(path, content)
        if result.ok:
            print(f"ok    {path} ({result.steps_run} steps)")
        else:
            failed += 1
            print(f"FAIL  {path}")
            for failure in result.failures:
                print("  " + failure.replace("\n", "\n  "))
    print(f"{len(files) - failed} passed, {failed} failed")
    return 1 if failed else 0


def cmd_explore(args: argparse.Namespace) -> int:
    from assistant.authoring.explore import as_playthrough, explore
    from assistant.cli import UserError
    from assistant.directory.functions import directory_problems

    if args.runs < 1 or args.steps < 1 or args.meetings < 1:
        return _usage("--runs, --steps and --meetings must be at least 1")
    content = _content(args.content)
    # The walks use the directory: a broken one would be reported as every walk's "crash".
    problems = directory_problems(content)
    if problems:
        listed = "\n".join(str(p) for p in problems)
        raise UserError(
            f"the content has problems; fix them first (cpi-assistant validate):\n{listed}"
        )
    data = _starting_data(args.data) if args.data else None
    failures = explore(content, args.seed, args.runs, args.steps, data, args.meetings)
    if not failures:
        print(
            f"ok: {args.runs} random walks of {args.meetings} meeting(s), up to {args.steps} "
            "steps each, found no problem"
        )
        return 0
    first = failures[0]
    print(f"{len(failures)} of {args.runs} walks failed. The first, as a playthrough:\n")
    content_arg = str(args.content.resolve()) if args.content else None
    print(as_playthrough(first, content_arg, data))
    return 1


def _starting_data(path: Path) -> dict:
    from assistant.cli import UserError
    from assistant.flows.yamlsafe import YamlProblem, load_yaml_file

    try:
        data = load_yaml_file(path).data
    except YamlProblem as exc:
        raise UserError(str(exc.problem), 2) from None
    if isinstance(data, dict) and "steps" in data:
        data = data.get("data") or {}
    if not isinstance(data, dict):
        raise UserError(f"{path}: starting data must be a mapping of answers", 2)
    return data


def cmd_graph(args: argparse.Namespace) -> int:
    from assistant.authoring.graph import to_dot, to_mermaid
    from assistant.cli import UserError
    from assistant.flows.problems import did_you_mean

    content = _content(args.content)
    if args.topic not in content.topics:
        raise UserError(
            f"there is no topic `{args.topic}`{did_you_mean(args.topic, content.topics)}", 2
        )
    index = content.topics[args.topic]
    print(to_mermaid(index) if args.format == "mermaid" else to_dot(index), end="")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from assistant.authoring import schemas as schema

    folder = args.dir or schema_dir()
    if args.check:
        stale = schema.stale(folder)
        # The command that refreshes this folder: without the --dir it was given, the advice
        # would rewrite the app's own schemas, not the pack's.
        again = f" --dir {shlex.quote(str(args.dir))}" if args.dir else ""
        for name in stale:
            print(f"{folder / name}: out of date; run `cpi-assistant schema{again}`")
        return 1 if stale else 0
    for name in schema.write(folder):
        print(f"wrote {folder / name}")
    return 0
