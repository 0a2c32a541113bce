"""``cpi-assistant pack``: an agency's own content pack, made, chosen once, shown, forgotten.

The pack is a folder outside the app (docs/agency-pack.md) laid over the shipped content;
``CPI_CONTENT_PACK`` chooses one for a run and beats the one remembered in the app's settings
(``pack use``, or Settings in the app). Every command that loads content uses the chosen
pack (:func:`chosen_pack`).

Exit codes as the other commands: 0 done, 1 the pack has problems (or the disk said no),
2 a usage problem (no such folder, a folder the pack may not be made in).
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.content_pack.choice import (
    ENV_CONTENT_PACK,
    SET_IN_SETTINGS,
    PackChoice,
    choose_pack,
    pack_problem,
)
from assistant.locations import content_dir

if TYPE_CHECKING:
    from assistant.content_pack.layers import ContentLayers
    from assistant.content_pack.originals import Shipped
    from assistant.flows.problems import Problem
    from assistant.settings import UserSettings


def register(subparsers: argparse._SubParsersAction) -> None:
    pack = subparsers.add_parser(
        "pack",
        help="your agency's own content pack: make one, choose it, see what it changes",
        description="An agency's own content (its details, directory, templates, topics) in a "
        "folder of its own, laid over the app's content and kept across upgrades. See "
        "docs/agency-pack.md.",
    )
    commands = pack.add_subparsers(dest="pack_command", metavar="PACK_COMMAND", required=True)

    new = commands.add_parser(
        "new",
        help="make a new pack folder with commented starting files",
        description="Make a content pack in DIR (made if missing). DIR must be empty, or use "
        "--force to add the pack's missing files to it: a file already there is never "
        "changed. A pack is never made inside the app's own folders (an upgrade replaces "
        "them). Exit 0 when made, 1 when a file could not be written, 2 when refused.",
    )
    new.add_argument("dir", type=Path, metavar="DIR", help="the pack's folder")
    new.add_argument("--name", help="the pack's name (default: the folder's name)")
    new.add_argument(
        "--force", action="store_true", help="add the missing files to a folder that has some"
    )
    new.set_defaults(handler=cmd_new)

    use = commands.add_parser(
        "use",
        help="check a pack and remember it: the app and every command will use it",
        description="Check the pack laid over the app's content and, when it has no errors, "
        f"remember it in this user's settings. {ENV_CONTENT_PACK} still beats it when set. "
        "Exit 0 when remembered, 1 when the pack has errors (nothing is changed), 2 when DIR "
        "is not there.",
    )
    use.add_argument("dir", type=Path, metavar="DIR", help="the pack's folder")
    use.add_argument("--content", type=Path, help="content folder (default: built in)")
    use.set_defaults(handler=cmd_use)

    show = commands.add_parser(
        "show",
        help="which pack is in use, chosen how, and what it changes",
        description="Exit 0 when the chosen pack (or none) can be used, 1 when it cannot.",
    )
    show.add_argument("--content", type=Path, help="content folder (default: built in)")
    show.set_defaults(handler=cmd_show)

    forget = commands.add_parser(
        "forget", help="stop using the remembered pack (the app's own content again)"
    )
    forget.set_defaults(handler=cmd_forget)

    templates = commands.add_parser(
        "templates", help="list the app's export templates a pack can override, with paths"
    )
    templates.set_defaults(handler=cmd_templates)

    copy = commands.add_parser(
        "copy",
        help="copy one of the app's topics or templates into the pack, to change it there",
        description="Copy the app's own topic (by id, e.g. concern_detail) or export template "
        "(by file name, e.g. plan.md.j2) into the pack, to change it there. The app's file as "
        "it was is kept in the pack's originals/ folder, so after an upgrade `pack changes` "
        "shows what the app changed in it and validate warns (K060). A file already in the "
        "pack is never written over. Exit 0 when copied, 1 when the disk said no, 2 when "
        "refused (no such topic or template, no pack chosen, the pack has it already).",
    )
    copy.add_argument("names", nargs="+", metavar="NAME", help="a topic id or a template name")
    copy.add_argument("--pack", type=Path, help="the pack's folder (default: the chosen pack)")
    copy.add_argument("--content", type=Path, help="content folder (default: built in)")
    copy.set_defaults(handler=cmd_copy)

    changes = commands.add_parser(
        "changes",
        help="what the app changed in the topics and templates the pack copied",
        description="Without NAME: each topic and template the pack has its own copy of, and "
        "whether the app's own file changed since it was copied. With NAME: what changed, as "
        "a diff (for a file copied by hand, with no note of when: how the pack's copy differs "
        "from the app's own now). With --done: the app's own file now is taken as the "
        "original, once you have brought what you want into your copy. Exit 0, or 2 when "
        "refused.",
    )
    changes.add_argument("name", nargs="?", metavar="NAME", help="a topic id or template name")
    changes.add_argument(
        "--done",
        action="store_true",
        help="your copy has what you want of the app's changes: take the app's file now as "
        "its original",
    )
    changes.add_argument("--pack", type=Path, help="the pack's folder (default: the chosen pack)")
    changes.add_argument("--content", type=Path, help="content folder (default: built in)")
    changes.set_defaults(handler=cmd_changes)


# -- the choice, for every command ----------------------------------------------------------


def the_choice() -> PackChoice:
    """The pack chosen for this run (``CPI_CONTENT_PACK``, else this user's settings)."""
    from assistant.settings import load_settings, settings_path

    return choose_pack(load_settings(settings_path()).settings.content_pack)


#: Problems already said on each standard error stream (one per command run: ``main`` wraps
#: it anew), so a command that loads content more than once says a problem once.
_TOLD: weakref.WeakKeyDictionary[object, set[str]] = weakref.WeakKeyDictionary()


def chosen_pack() -> Path | None:
    """The pack every content-loading command lays over the content; a chosen pack that
    cannot be used is said (once) on standard error, and the command goes on without it."""
    choice = the_choice()
    told = _TOLD.setdefault(sys.stderr, set())
    if choice.problem and choice.problem not in told:
        told.add(choice.problem)
        print(f"cpi-assistant: {choice.problem}", file=sys.stderr)
    return choice.path


def pack_for_export() -> Path | None:
    """The chosen pack for an export that prints today's agency details; refuses (UserError)
    while a chosen pack cannot be used: the export would print the app's made-up example
    details (crisis numbers too) in place of the agency's own."""
    from assistant.cli import UserError

    choice = the_choice()
    if choice.problem:
        raise UserError(
            f"{choice.problem}\nNothing was exported: without the pack, the copy would print "
            "the app's made-up example details (crisis numbers too) instead of your agency's. "
            "Make the pack's folder available again, choose another with `cpi-assistant pack "
            "use DIR`, or, to export with the app's own content on purpose, `cpi-assistant "
            f"pack forget` (or unset {ENV_CONTENT_PACK} when it chose the pack).",
            1,
        )
    return choice.path


def chosen_layers() -> ContentLayers | None:
    """The shipped content with the chosen pack over it (None without a pack: the shipped
    content as before), for the pack's own export templates."""
    from assistant.content_pack.layers import ContentLayers

    pack = chosen_pack()
    return ContentLayers.chosen(None, pack) if pack is not None else None


# -- new --------------------------------------------------------------------------------------


def cmd_new(args: argparse.Namespace) -> int:
    from assistant.cli import UserError
    from assistant.content_pack.scaffold import ScaffoldRefused, new_pack

    try:
        done = new_pack(args.dir, args.name, force=args.force)
    except ScaffoldRefused as exc:
        raise UserError(str(exc), 2) from None
    except OSError as exc:
        raise UserError(
            f"the pack could not be written in {args.dir} ({exc.strerror or exc}). Files "
            "written before that are kept; run the command again with --force to finish.",
            1,
        ) from None
    folder = done.folder
    print(f"Made the content pack {folder}")
    for path in done.written:
        print(f"  wrote {path.relative_to(folder)}")
    for path in done.kept:
        print(f"  kept  {path.relative_to(folder)} (already there, not changed)")
    steps = [
        f"Add your own directory entries in {folder / 'directory'}.",
        f"Check it:  cpi-assistant validate --strict {_quoted(folder)}",
        f"Use it:    cpi-assistant pack use {_quoted(folder)}",
    ]
    if _still_the_example(folder / "agency.yaml"):
        steps.insert(0, f"Fill in {folder / 'agency.yaml'} and delete its `example: true` line.")
    print("\nNext:\n" + "\n".join(f"  {n}. {step}" for n, step in enumerate(steps, 1)))
    return 0


def _still_the_example(agency: Path) -> bool:
    """Whether the pack's agency file still has its ``example: true`` line (a kept, finished
    file has none: then there is nothing to fill in)."""
    try:
        text = agency.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return True
    return any(line.split("#")[0].strip() == "example: true" for line in text.splitlines())


def _quoted(path: Path) -> str:
    """A path as it can be typed back into a shell."""
    return shlex.quote(str(path))


# -- use, forget ----------------------------------------------------------------------------


def _print_warnings(warnings: list[Problem], folder: Path) -> None:
    """The pack's warnings as ``validate`` prints them, and that the pack is still used."""
    if not warnings:
        return
    for found in warnings:
        print(found, file=sys.stderr)
    print(
        f"cpi-assistant: the pack has {len(warnings)} warning(s) (listed above, each with its "
        "file and line): they do not stop it being used, but check them: "
        f"`cpi-assistant validate --strict {_quoted(folder)}` lists them again.",
        file=sys.stderr,
    )


def cmd_use(args: argparse.Namespace) -> int:
    from assistant.authoring.lint_layers import pack_problems
    from assistant.cli import UserError
    from assistant.settings import load_settings, settings_path

    folder = args.dir.expanduser().absolute()
    if not folder.exists():
        raise UserError(f"there is no folder {folder}; nothing was changed.", 2)
    problem = pack_problem(folder)
    if problem:
        raise UserError(f"{problem} Nothing was changed.", 1)
    # The check validate runs: the directory and templates too, not only the topics.
    problems = pack_problems(args.content, folder)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        for found in errors:
            print(found, file=sys.stderr)
        raise UserError(
            f"the pack {folder} has {len(errors)} error(s) (listed above, each with "
            "its file and line), so it was not chosen and nothing was changed. Fix them, check "
            f"with `cpi-assistant validate --strict {_quoted(folder)}`, then run this again.",
            1,
        )
    path = settings_path()
    loaded = load_settings(path)
    if loaded.problem:
        print(f"cpi-assistant: {loaded.problem}", file=sys.stderr)
    loaded.settings.content_pack = folder
    _save(path, loaded.settings)
    _print_warnings(problems, folder)
    from_env = os.environ.get(ENV_CONTENT_PACK, "").strip()
    if from_env:
        # The variable beats the remembered choice: saying "will now use" would be untrue.
        print(
            f"Remembered the content pack {folder}. While {ENV_CONTENT_PACK} is set "
            f"({from_env}), that pack is used."
        )
        return 0
    print(f"The app and every command will now use the content pack {folder}.")
    print(
        "An app already open takes it up when its Home screen is next shown or a meeting is "
        "next opened (a meeting open now keeps its content)."
    )
    return 0


def cmd_forget(args: argparse.Namespace) -> int:
    from assistant.settings import load_settings, settings_path

    path = settings_path()
    loaded = load_settings(path)
    was = loaded.settings.content_pack
    if was is None:
        print("No content pack was remembered: the app uses the content it came with.")
    else:
        loaded.settings.content_pack = None
        _save(path, loaded.settings)
        print(f"Forgot the content pack {was}: the app uses the content it came with.")
        print("The pack's folder is not changed or deleted.")
    _env_note(None)
    return 0


def _save(path: Path, settings: UserSettings) -> None:
    from assistant.cli import UserError
    from assistant.settings import save_settings

    try:
        save_settings(path, settings)
    except OSError as exc:
        raise UserError(
            f"the settings file {path} could not be written ({exc.strerror or exc}); "
            "nothing was changed.",
            1,
        ) from None


def _env_note(remembered: Path | None) -> None:
    from_env = os.environ.get(ENV_CONTENT_PACK, "").strip()
    if from_env:
        print(
            f"Note: {ENV_CONTENT_PACK} is set ({from_env}), and beats the remembered choice "
            "while it is set.",
            file=sys.stderr,
        )


# -- show -----------------------------------------------------------------------------------


def cmd_show(args: argparse.Namespace) -> int:
    choice = the_choice()
    base = args.content or content_dir()
    if choice.problem:
        print(f"cpi-assistant: {choice.problem}", file=sys.stderr)
        return 1
    if choice.path is None:
        print(f"No content pack is chosen: the app uses the content it came with ({base}).")
        print(
            "Make one with `cpi-assistant pack new DIR`, then choose it with "
            f"`cpi-assistant pack use DIR` (or in Settings, or with {ENV_CONTENT_PACK})."
        )
        return 0
    how = "Settings (remembered)" if choice.set_by == SET_IN_SETTINGS else choice.set_by
    summary = summarise(base, choice.path)
    print(f"Content pack: {summary.name}")
    print(f"  folder:     {choice.path}")
    print(f"  chosen by:  {how}")
    print(f"  laid over:  {base}")
    for line in summary.lines():
        print(f"  {line}")
    if summary.errors:
        print(
            f"\nThe pack has {summary.errors} error(s). Fix them before it is used: a broken "
            "topic or agency file stops meetings from starting, a broken template stops that "
            "export, and a broken directory file leaves the directory out. See "
            f"`cpi-assistant validate --strict {_quoted(choice.path)}`.",
            file=sys.stderr,
        )
        return 1
    _print_warnings(summary.warnings, choice.path)
    return 0


@dataclass
class PackSummary:
    """What a pack changes in the content it is laid over, for ``pack show``."""

    name: str
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    switched_off: list[str] = field(default_factory=list)
    entries: int = 0
    templates: list[str] = field(default_factory=list)
    agency: str = ""
    errors: int = 0
    #: Copies of the app's files whose original changed in the app since (``pack copy``).
    changed: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The summary in words, one line each."""
        none = "none"
        return [
            f"topics added:         {', '.join(self.added) or none}",
            f"topics replaced:      {', '.join(self.replaced) or none}",
            f"topics switched off:  {', '.join(self.switched_off) or none}",
            "directory:            "
            + (
                f"{self.entries} entr{'y' if self.entries == 1 else 'ies'} of its own "
                "(the example directory is not shown)"
                if self.entries
                else "none of its own yet (the app's example directory is shown)"
            ),
            f"templates overridden: {', '.join(self.templates) or none}",
            f"agency details:       {self.agency}",
        ] + (
            [
                f"changed in the app since copied: {', '.join(self.changed)} (see "
                "`cpi-assistant pack changes`)"
            ]
            if self.changed
            else []
        )


def summarise(base: Path, pack: Path) -> PackSummary:
    """What ``pack`` changes over the content in ``base``, and how many errors it has."""
    from assistant.agency import ENV_AGENCY_FILE, agency_path
    from assistant.authoring.content import load_content
    from assistant.authoring.lint_layers import pack_problems
    from assistant.content_pack.layers import ContentLayers, read_layers
    from assistant.content_pack.originals import copies
    from assistant.content_pack.scaffold import shipped_templates
    from assistant.directory.loader import entry_files
    from assistant.flows.loader import load_topic_files, read_content, topic_files

    _, _, manifest = read_layers(ContentLayers.chosen(base, pack))
    pack_file = manifest.pack if manifest is not None else None
    summary = PackSummary(pack_file.name if pack_file is not None else pack.name)
    shipped = set(read_content(base)[0].topics)
    files = topic_files(pack) if (pack / "flows").is_dir() else []
    own = sorted({i.topic.id for i in load_topic_files(files)[0]})
    summary.added = [t for t in own if t not in shipped]
    summary.replaced = [t for t in own if t in shipped]
    summary.switched_off = list(pack_file.switch_off) if pack_file is not None else []
    folder = pack / "directory"
    summary.entries = len(entry_files(folder)) if folder.is_dir() else 0
    names = {p.name for p in shipped_templates()} if base == content_dir() else set()
    names |= {p.name for p in (base / "templates").glob("*") if p.is_file()}
    summary.templates = sorted(
        p.name for p in (pack / "templates").glob("*") if p.is_file() and p.name in names
    )
    file, set_by = agency_path(base, pack=pack)
    if set_by == ENV_AGENCY_FILE:
        summary.agency = f"{file} ({ENV_AGENCY_FILE} beats the pack's)"
    elif file.parent == pack:
        summary.agency = "the pack's agency.yaml"
    else:
        summary.agency = f"none in the pack: the app's ({file})"
    summary.changed = [
        mine.shipped.name for mine in copies(base, pack) if mine.state in ("changed", "gone")
    ]
    # Counted by the check validate runs, so the two never disagree.
    problems = pack_problems(base, pack)
    summary.warnings = [p for p in problems if p.severity != "error"]
    summary.errors = len(problems) - len(summary.warnings)
    if not summary.errors:
        agency = load_content(base, pack=pack, check=False).agency
        if agency is not None and agency.example:
            summary.agency += " (still the made-up example: fill it in)"
    return summary


# -- templates ------------------------------------------------------------------------------


def cmd_templates(args: argparse.Namespace) -> int:
    from assistant.content_pack.scaffold import shipped_templates

    pack = chosen_pack()
    print("The app's export templates (copy one into your pack's templates/ to change it):")
    for path in shipped_templates():
        own = pack is not None and (pack / "templates" / path.name).is_file()
        print(f"  {path}" + ("   (your pack has its own)" if own else ""))
    return 0


# -- copying the app's files, and what the app changed in them since ----------------------------


def _pack_to_change(args: argparse.Namespace) -> Path:
    """``--pack``, else the chosen pack; refused when there is none or it cannot be used."""
    from assistant.cli import UserError

    if args.pack is not None:
        folder = args.pack.expanduser().absolute()
        problem = pack_problem(folder)
        if problem:
            raise UserError(f"{problem} Nothing was changed.", 2)
        return folder
    choice = the_choice()
    if choice.problem:
        raise UserError(f"{choice.problem} Nothing was changed.", 2)
    if choice.path is None:
        raise UserError(
            "no content pack is chosen, so there is nowhere to copy to. Make one with "
            "`cpi-assistant pack new DIR` and choose it with `cpi-assistant pack use DIR`, or "
            "name one with --pack DIR.",
            2,
        )
    return choice.path


def _shipped_or_refuse(base: Path, name: str, pack: Path | None = None) -> Shipped:
    """The app's file ``name`` means (or, with ``pack``, one the pack copied and the app no
    longer has); refused with the nearest name when there is none."""
    import difflib

    from assistant.cli import UserError
    from assistant.content_pack.originals import find_copied, find_shipped
    from assistant.flows.loader import read_content

    shipped = find_shipped(base, name)
    if shipped is None and pack is not None:
        shipped = find_copied(pack, name)
    if shipped is None:
        known = list(read_content(base)[0].topics)
        known += [p.name for p in (base / "templates").glob("*") if p.is_file()]
        close = difflib.get_close_matches(name, known, n=1)
        hint = f" Did you mean {close[0]}?" if close else ""
        raise UserError(
            f"the app has no topic or template called {name!r}.{hint} `cpi-assistant "
            "explore --list` lists the topics, `cpi-assistant pack templates` the templates.",
            2,
        )
    return shipped


def cmd_copy(args: argparse.Namespace) -> int:
    from assistant.cli import UserError
    from assistant.content_pack.originals import CopyRefused, check_copy, copy_into

    pack = _pack_to_change(args)
    base = args.content or content_dir()
    # Each file once (a topic's id and its file's name are the same file), and every refusal
    # before anything is copied: "nothing was copied" is then true.
    wanted = list(
        {s.relative: s for s in (_shipped_or_refuse(base, n) for n in args.names)}.values()
    )
    for shipped in wanted:
        try:
            check_copy(pack, shipped)
        except CopyRefused as exc:
            raise UserError(str(exc), 2) from exc
    for shipped in wanted:
        try:
            target = copy_into(base, pack, shipped)
        except CopyRefused as exc:
            raise UserError(str(exc), 2) from exc
        except OSError as exc:
            raise UserError(
                f"could not copy {shipped.relative} into {pack}: {exc.strerror or exc}.", 1
            ) from exc
        print(f"Copied the app's {shipped.kind} {shipped.name} to {target}.")
    print(
        "Change your copy there; the pack's copy is used in place of the app's. After an "
        "upgrade, `cpi-assistant pack changes` says whether the app changed its own."
    )
    return 0


_STATES = {
    "same": "the app's own is as it was when copied",
    "changed": "the app's own has CHANGED since it was copied",
    "gone": "the app no longer has its own",
    "unrecorded": "copied by hand: no note of when (compare it with NAME)",
}


def cmd_changes(args: argparse.Namespace) -> int:
    from assistant.cli import UserError
    from assistant.content_pack.originals import (
        bring_up_to_date,
        changes,
        copies,
        pack_copy,
        status,
    )

    pack = _pack_to_change(args)
    base = args.content or content_dir()
    if args.name is None:
        if args.done:
            raise UserError("--done needs the NAME of the topic or template.", 2)
        found = copies(base, pack)
        if not found:
            print(f"The pack {pack} has no copies of the app's topics or templates.")
            return 0
        width = max(len(s.shipped.name) for s in found)
        for mine in found:
            when = f" (copied: version {mine.copied.app}, {mine.copied.on})" if mine.copied else ""
            print(f"{mine.shipped.name:<{width}}  {_STATES[mine.state]}{when}")
        if any(s.state in ("changed", "gone", "unrecorded") for s in found):
            print("\nSee one with `cpi-assistant pack changes NAME`.")
        return 0
    shipped = _shipped_or_refuse(base, args.name, pack)
    mine = status(base, pack, shipped)
    if not pack_copy(pack, shipped).is_file():
        raise UserError(
            f"the pack has no copy of {shipped.relative}. Copy it with `cpi-assistant pack "
            f"copy {shipped.name}`.",
            2,
        )
    if args.done:
        try:
            after = bring_up_to_date(base, pack, shipped)
        except OSError as exc:
            raise UserError(
                f"could not note {shipped.relative} as brought up to date in {pack / 'originals'}"
                f": {exc.strerror or exc}. Nothing was changed; check the pack's folder can be "
                "written to, then run this again.",
                1,
            ) from exc
        if after.state == "gone":
            print(f"{shipped.relative} is now the pack's own: the app no longer has it.")
        else:
            print(
                f"Noted: your copy of {shipped.relative} has what you want of the app's own "
                "as it is now. `pack changes` shows the app's next changes from here."
            )
        return 0
    diff = changes(base, pack, shipped)
    if mine.state == "same":
        print(f"The app's own {shipped.relative} is as it was when you copied it.")
        return 0
    if mine.state == "gone":
        print(
            f"The app no longer has {shipped.relative}: your copy is the pack's own now. Run "
            f"`cpi-assistant pack changes {shipped.name} --done` to say so."
        )
        return 0
    sys.stdout.write(diff or f"Your copy of {shipped.relative} is the same as the app's own.\n")
    if mine.state == "changed":
        print(
            f"\nAbove: what the app changed in its own {shipped.relative} since you copied it. "
            f"Bring what you want into {pack_copy(pack, shipped)}, then run `cpi-assistant "
            f"pack changes {shipped.name} --done`.",
            file=sys.stderr,
        )
    elif diff:
        print(
            f"\nAbove: how your copy differs from the app's own {shipped.relative} now (it was "
            "copied by hand, so what the app changed since cannot be told apart from your "
            f"changes). Once your copy has what you want, run `cpi-assistant pack changes "
            f"{shipped.name} --done`: from then on, this shows only the app's changes.",
            file=sys.stderr,
        )
    return 0
