"""Plan commands: ``plan list|show|agree|diff|directory-leads``, ``export``, ``import``, ``demo``.

The work is done by :mod:`assistant.plans` and :mod:`assistant.export` (the app's export
dialog calls the same functions); this module only parses arguments and prints. Imports are
made inside the handlers so that ``cpi-assistant --help`` stays fast.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.cli import UserError
from assistant.cli.columns import name_in_row
from assistant.cli.records import (
    EXIT_CANCELLED,
    EXIT_NOT_FOUND,
    EXIT_NOT_SAVED,
    EXIT_USAGE,
    find_person,
    guard,
    report_recovery,
    store_from_args,
)
from assistant.dates import local_iso_day

if TYPE_CHECKING:
    from assistant.plans.model import Plan
    from assistant.plans.versions import PlanVersion

FORMAT_NAMES = ("md", "html", "txt", "easy", "json", "fhir", "pdf")
ENV_TEMPLATES = "CPI_TEMPLATES"
EXIT_EXPORT = 9
# An export for someone the person did not agree to share with (or for nobody said).
EXIT_NOT_SHARED = 10
#: ``export --for supervision``: the worker's supervision notes, not a copy of the plan.
SUPERVISION = "supervision"
#: ``plan agree --how``: how a plan saved as not agreed at its meeting was agreed since, in
#: the order the question offers them (the record keeps them with "_": ``in_person``).
AGREED_HOW = ("in-person", "phone", "video", "writing")
#: A goal's review decisions (review_goal.yaml, ``next``) that close it.
GOALS_CLOSED = ("finished", "let_go")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``plan``, ``export``, ``import`` and ``demo`` to the ``cpi-assistant`` parser."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        help="records folder (default: $CPI_DATA_DIR, else your user data folder)",
    )
    common.add_argument("--training", action="store_true", help="use the separate training records")

    plan = subparsers.add_parser(
        "plan",
        help="agreed plans: list versions, show, agree, compare",
        description="Work with a person's agreed plan versions.",
    )
    plan_sub = plan.add_subparsers(dest="plan_command", metavar="ACTION", required=True)

    p = plan_sub.add_parser("list", parents=[common], help="list a person's plan versions")
    p.add_argument("person", metavar="PERSON", help="id, reference or display name")
    p.set_defaults(handler=guard(cmd_plan_list))

    p = plan_sub.add_parser(
        "show",
        parents=[common],
        help="print a plan version as text",
        description="Print a plan version as text, with its state (draft or agreed) at the top. "
        "VERSION or --version N chooses one; the default is the latest version.",
    )
    p.add_argument("person", metavar="PERSON", help="id, reference or display name")
    p.add_argument("number", nargs="?", type=int, metavar="VERSION", help="plan version")
    p.add_argument("--version", type=int, metavar="N", help="plan version (default: latest)")
    p.add_argument("--markdown", action="store_true", help="print Markdown instead of text")
    p.set_defaults(handler=guard(cmd_plan_show))

    p = plan_sub.add_parser(
        "agree",
        parents=[common],
        help="save the latest meeting's plan as a new agreed version",
        description="Build the plan from a saved meeting (the latest unless --session) and "
        "save it as the next agreed version. Both people must have said yes to it in the "
        "topic where the plan is agreed, and the plan must not have changed since. When "
        "the meeting saved its plan as not agreed yet, agreeing it now records that the "
        "person and the worker both agreed to it after the meeting, how and on which day: at "
        "a terminal you are asked; otherwise give --agreed-by both and --how (and --on when "
        "it was not today).",
    )
    p.add_argument("person", metavar="PERSON", help="id, reference or display name")
    p.add_argument("--session", metavar="ID", help="the meeting to use (default: the latest)")
    p.add_argument(
        "--agreed-by",
        choices=("both",),
        help="for a plan its meeting saved as not agreed yet: who has agreed to it since "
        "(both: the person and the worker; one alone cannot agree a plan)",
    )
    p.add_argument(
        "--how",
        choices=AGREED_HOW,
        help="for a plan its meeting saved as not agreed yet: how the person and the worker "
        "agreed to it since",
    )
    p.add_argument(
        "--on",
        metavar="DATE",
        help="for a plan its meeting saved as not agreed yet: the day the person and the "
        "worker agreed to it, when not today, e.g. 9/12/2026, 2026-12-09 or yesterday "
        "(not after today, nor before the meeting)",
    )
    p.set_defaults(handler=guard(cmd_plan_agree))

    p = plan_sub.add_parser(
        "directory-leads",
        parents=[common],
        help="what workers marked to add to the community directory",
        description="What workers found out and marked 'worth adding to our directory' "
        "(the worker's journey), from each person's latest plan version, for whoever keeps "
        "the community directory. Only from plans the person agreed to share with the care "
        "team (as 'export --for team'), and without what they keep private. No record's "
        "name is printed, but the worker's words are printed as written: write a lead as "
        "a group or contact ('Otters swim club, Tue 7pm'), not about the person.",
    )
    p.set_defaults(handler=guard(cmd_plan_directory_leads))

    p = plan_sub.add_parser("diff", parents=[common], help="show what changed between versions")
    p.add_argument("person", metavar="PERSON", help="id, reference or display name")
    p.add_argument("v1", type=int, metavar="V1", help="earlier version")
    p.add_argument("v2", type=int, metavar="V2", help="later version")
    p.add_argument(
        "--for",
        dest="for_whom",
        metavar="WHO",
        help="the changes as the copy for WHO shows them: person, team, gp, or a name the "
        "person gave when choosing who may see the plan (without it: everything in the "
        "record, for the worker)",
    )
    p.add_argument(
        "--include-named",
        action="store_true",
        help="with --for: show the changes even though a person kept private is named in "
        "other parts (as export --include-named)",
    )
    p.set_defaults(handler=guard(cmd_plan_diff))

    p = subparsers.add_parser(
        "export",
        parents=[common],
        help="export a plan (md, html, txt, easy, json, fhir, pdf)",
        description="Export a plan version: the latest agreed one unless VERSION (or --version) "
        "is given. A draft is exported only when asked for by number, and is marked as a draft "
        "on every page. Every export is for someone (--for): the person's own copy has "
        "everything; a copy for the care team, the GP or someone the person named is made only "
        "if the person chose them at a meeting, and leaves out the parts they keep private. Text "
        "formats go to standard output unless -o is given; PDF needs -o. Each export is "
        "recorded in the person's audit trail, with whom it was for.",
    )
    p.add_argument("person", metavar="PERSON", help="id, reference or display name")
    p.add_argument("number", nargs="?", type=int, metavar="VERSION", help="plan version")
    p.add_argument(
        "--for",
        dest="for_whom",
        metavar="WHO",
        help="whom the copy is for (needed): person (their own copy, everything), team (the "
        "care team), gp, or a name the person gave when choosing who may see the plan; or "
        "supervision (the worker's "
        "reflections and the plan in brief, for the worker and their supervisor: md, html, txt)",
    )
    p.add_argument(
        "--version", type=int, metavar="N", help="plan version (default: the latest agreed)"
    )
    p.add_argument(
        "--include-named",
        action="store_true",
        help="make a shared copy even though a person kept private is named in other parts "
        "(without it, such a copy is refused and the parts are listed: mark them private at "
        "a meeting, or check with the person first)",
    )
    p.add_argument("--format", required=True, choices=FORMAT_NAMES, help="output format")
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE (must not exist), or into a folder (an existing one, or a path "
        "ending in /) under a name like plan-v2.html",
    )
    p.add_argument(
        "--templates",
        metavar="DIR",
        help=f"the agency's own template folder, looked in first (default: ${ENV_TEMPLATES})",
    )
    p.add_argument(
        "--fhir-network",
        action="store_true",
        help="FHIR: include the people in the network as RelatedPerson resources",
    )
    p.set_defaults(handler=guard(cmd_export))

    p = subparsers.add_parser(
        "import",
        parents=[common],
        help="read a plan's JSON file back into a person's record",
        description="Read a plan's JSON file (the person's own copy, exported with --for "
        "person --format json) into the records: to move a person's plan to another "
        "computer, or to restore it. The file is checked against the plan format first. It "
        "becomes the next version of the person's plan (nothing is replaced): agreed if the "
        "file says it was agreed (keeping that date), otherwise a draft. A copy made for "
        "someone else, a plan from a newer app this one cannot read in full, or a training "
        "plan for real records (or a real one for --training) is refused. The audit trail "
        "records the file it came from.",
    )
    # The file comes first in the usage line: `--new` takes an optional name, so
    # `import --new plan.json` gives it the file; cmd_import sorts that out (_import_file).
    p.usage = (
        "cpi-assistant import FILE (--for PERSON | --new [NAME]) [--name-differs] "
        "[--data-dir DIR] [--training]"
    )
    p.add_argument("file", metavar="FILE", nargs="?", help="the plan's JSON file")
    whose = p.add_mutually_exclusive_group(required=True)
    whose.add_argument(
        "--for",
        dest="for_person",
        metavar="PERSON",
        help="add it as the next version of this person's plan (id, reference or name)",
    )
    whose.add_argument(
        "--new",
        nargs="?",
        const="",
        metavar="NAME",
        help="start a new record for it, under NAME (default: the name in the file)",
    )
    p.add_argument(
        "--name-differs",
        action="store_true",
        help="with --for: import even though the file names the person differently",
    )
    p.set_defaults(handler=guard(cmd_import))

    p = subparsers.add_parser(
        "demo",
        help="make a fictional demo person with two meetings and export every format",
        description="Create a fictional person in the training records, play a first meeting "
        "and a review through the real content, agree two plan versions and export every "
        "format into a folder, so you can see the whole path in one go.",
    )
    p.add_argument(
        "--data-dir",
        metavar="DIR",
        help="records folder (default: $CPI_DATA_DIR, else your user data folder)",
    )
    p.add_argument(
        "-o", "--output", metavar="DIR", default="cpi-demo", help="folder for the exports"
    )
    p.set_defaults(handler=guard(cmd_demo), training=True)


# -- helpers --------------------------------------------------------------------------------------


def _plan_error(exc: Exception) -> UserError:
    return UserError(str(exc), EXIT_NOT_FOUND)


def _content() -> Any:
    """The content, with the agency's pack in use (for the words of choices); None if it
    cannot be loaded."""
    from assistant.authoring.content import load_content
    from assistant.cli.pack import chosen_pack
    from assistant.flows.problems import ContentError

    try:
        return load_content(check=False, pack=chosen_pack())
    except ContentError:
        return None


def _agreeing_topic() -> str:
    """Where the plan is agreed (and who may see it chosen), by the title the app shows,
    from the content in use (a pack may retitle it); plain words when it cannot be loaded.
    Only for refusals: loading the content is not worth it on every run."""
    from assistant.plans.since_agreed import agreeing_topic

    return agreeing_topic(_content())


def _templates(args: argparse.Namespace) -> Path | None:
    folder = args.templates or os.environ.get(ENV_TEMPLATES)
    return Path(folder).expanduser() if folder else None


def _load(case: Any, version: int | None) -> Plan:
    from assistant.plans.versions import PlanError, load_version

    try:
        return load_version(case, version)
    except PlanError as exc:
        raise _plan_error(exc) from None


def _version_asked(args: argparse.Namespace) -> int | None:
    """The version given as ``VERSION`` or ``--version N`` (the same, if both)."""
    if args.number is not None and args.version is not None and args.number != args.version:
        raise UserError(
            f"Two different versions were asked for ({args.number} and --version "
            f"{args.version}), so nothing was done. Give one.",
            2,
        )
    return args.number if args.number is not None else args.version


def _into_folder(output: str | None) -> bool:
    """-o names a folder: an existing one, or a path ending in a slash."""
    if not output:
        return False
    ends = ("/", os.sep) if not os.altsep else ("/", os.sep, os.altsep)
    return output.endswith(ends) or Path(output).expanduser().is_dir()


# -- plan -----------------------------------------------------------------------------------------


def cmd_plan_list(args: argparse.Namespace) -> int:
    """List a person's plan versions."""
    from assistant.export.render import person_name
    from assistant.plans.state import agreed_in_part, state_words
    from assistant.plans.versions import PlanError, versions

    store = store_from_args(args)
    person = find_person(args, store, "plan list")
    case = store.read(person.id)
    try:
        found = versions(case)
    except PlanError as exc:
        raise _plan_error(exc) from None
    finally:
        case.close()
    report_recovery(store)
    if not found:
        print(f"No plan versions yet for {person.label()}.")
        return 0
    print(f"Plan versions for {person.label()}:")
    for v in found:
        # Goals finished or let go at a review stay in the plan's history, not in the count
        # of what is being worked on (they are said apart).
        closed = [g for g in v.plan.goals if g.next is not None and g.next.code in GOALS_CLOSED]
        open_goals = [g for g in v.plan.goals if g not in closed]
        actions = sum(len(g.actions) for g in open_goals)
        # The heading names them whole; a long name said whole on every row wrapped each.
        name = person_name(v.plan)
        name = name_in_row(name) if name else name
        words = state_words(v.state, name, agreed_in_part(v.plan.agreement))
        line = f"  {v.number:>3}  {words}  {len(open_goals)} goal(s), {actions} action(s)"
        if closed:
            line += f" ({len(closed)} more finished or let go)"
        if v.plan.worker_journey.actions:
            # The worker's side of the plan counts too (issue 16), apart from the goals'.
            line += f", {len(v.plan.worker_journey.actions)} for the worker to find out or do"
        print(line)
    return 0


def cmd_plan_show(args: argparse.Namespace) -> int:
    """Print a plan version as plain text (or Markdown), its state at the top."""
    from assistant.export.render import ExportError, render
    from assistant.plans.versions import PlanError, latest_agreed, version_to_export, versions

    number = _version_asked(args)
    store = store_from_args(args)
    person = find_person(args, store, "plan show")
    case = store.read(person.id)
    try:
        found = versions(case)
        # Shown: the version asked for, else the latest (a draft is marked as one).
        latest = found[-1].number if found else None
        chosen = version_to_export(found, number if number is not None else latest, doing="show")
    except PlanError as exc:
        raise _plan_error(exc) from None
    finally:
        case.close()
    report_recovery(store)
    try:
        # As text, not bytes: a plan shown is output like any other (cli.terminal_safe).
        shown = render(
            chosen.plan,
            "md" if args.markdown else "txt",
            agency=_agency_for(chosen.plan, "md" if args.markdown else "txt"),
        )
        sys.stdout.write(shown.decode("utf-8"))
    except ExportError as exc:
        raise UserError(str(exc), EXIT_EXPORT) from None
    sys.stdout.flush()
    agreed = latest_agreed(found)
    if number is None and not chosen.agreed:
        if agreed is not None:
            hint = f"the latest agreed version is {agreed.number}"
        else:
            hint = "no version has been agreed yet"
        print(f"cpi-assistant: note: version {chosen.number} is a draft; {hint}.", file=sys.stderr)
    return 0


def _ask(question: str) -> str:
    # Printed, not given to input(): on a terminal input() writes its prompt itself, past
    # the filter that shows a name's control characters as escapes (cli.terminal_safe).
    print(question, end="", flush=True)
    return input("").strip().casefold()


def _agreed_since(args: argparse.Namespace, said: str, name: str) -> str | None:
    """How the person and the worker agreed, since the meeting, to a plan it saved as not
    agreed (``said`` says so): from --agreed-by and --how, else asked at a terminal; None
    when the worker at the terminal does not confirm. Without a terminal, refuses."""
    from assistant.plans.state import HOW_WORDS

    if args.agreed_by and args.how:
        return str(args.how).replace("-", "_")
    if not sys.stdin.isatty():
        raise UserError(
            f"{said} Nothing was agreed: the person and the worker chose not to agree it "
            "then. If both have agreed to it since, say so and how, e.g. "
            f"--agreed-by both --how phone (--how {'|'.join(AGREED_HOW)}); or run the "
            "command in a terminal to be asked.",
            EXIT_CANCELLED,
        )
    print(said)
    print(
        f"Agreeing it now records that {name} and the worker both agreed to it after the "
        "meeting, and how."
    )
    if not args.agreed_by:
        answer = _ask(
            f"Have {name} and the worker both agreed to this plan since the meeting? "
            "Type 'yes' if so: "
        )
        if answer not in ("yes", "y"):
            return None
    if args.how:
        return str(args.how).replace("-", "_")
    codes = [code.replace("-", "_") for code in AGREED_HOW]
    offered = ", ".join(f"{n} {HOW_WORDS[code]}" for n, code in enumerate(codes, 1))
    answer = _ask(f"How did you agree it? Type {offered}: ")
    if answer.isdigit() and 1 <= int(answer) <= len(codes):
        return codes[int(answer) - 1]
    return None


def _agreed_on_arg(text: str, today: _dt.date) -> _dt.date:
    """The day ``--on`` (or the question at a terminal) names, read as a day gone by."""
    from assistant.dates import DateNotRead, read_date

    try:
        return read_date(text, today, past=True).day
    except DateNotRead:
        raise UserError(
            "--on: that is not a date. Give the day the plan was agreed, e.g. "
            f"{today.day}/{today.month}/{today.year}, {today.isoformat()} or yesterday. "
            "Nothing was agreed.",
            EXIT_USAGE,
        ) from None


def _agreed_on(draft: PlanVersion, args: argparse.Namespace, today: _dt.date) -> _dt.date | None:
    """The day both agreed a plan its meeting saved as not agreed yet: from --on, else asked
    at a terminal (Enter for today, asked again after a day that cannot be); None for today."""
    from assistant.dates import DateNotRead, read_date, say_date
    from assistant.plans.versions import PlanError, check_agreed_on

    if args.on is not None:
        day = _agreed_on_arg(args.on, today)
        try:
            check_agreed_on(draft, day, today)
        except PlanError as exc:
            raise UserError(f"--on: {exc}", EXIT_USAGE) from None
        return day
    if not sys.stdin.isatty() or (args.agreed_by and args.how):
        return None  # all given as options: agreed today, as before --on
    shown = say_date(today, weekday=False, year=True)
    while True:
        answer = _ask(
            f"On which day did you agree it? Press Enter for today ({shown}), or type the "
            "day, e.g. yesterday or 9/12/2026: "
        )
        if not answer:
            return None
        try:
            day = read_date(answer, today, past=True).day
            check_agreed_on(draft, day, today)
        except DateNotRead:
            print("That is not a date I can read. Try again, e.g. yesterday or 9/12/2026.")
        except PlanError as exc:
            print(str(exc).removesuffix(" Nothing was agreed.") + " Try again.")
        else:
            return None if day == today else day


def cmd_plan_agree(args: argparse.Namespace) -> int:
    """Save the plan from the latest (or a named) meeting as the next agreed version."""
    from assistant.plans.state import HOW_WORDS, long_day
    from assistant.plans.versions import (
        PlanError,
        agree_from_session,
        latest_session,
        not_agreed_words,
        refuse_if_agreed,
        saved_not_agreed,
    )

    store = store_from_args(args)
    person = find_person(args, store, "plan agree")
    content = _content()
    if content is None:
        # Without it, answers whose question no longer applies (a name beside an unticked
        # choice) and the words of choices cannot be told: an agreed version is kept for good.
        raise UserError(
            "the content (the chosen pack over the app's own) could not be loaded, so no plan "
            "was agreed: which answers still stand is worked out from it. See why with "
            "`cpi-assistant pack show` or `cpi-assistant validate`, fix it, then agree again."
        )
    # Whether the meeting saved its plan as not agreed yet is read first, and asked about
    # before the record is opened for writing: the app is not kept out while the worker
    # answers.
    with contextlib.closing(store.read(person.id)) as case:
        try:
            session_id, _ = latest_session(case, args.session)
            refuse_if_agreed(case, session_id)
            draft = saved_not_agreed(case, session_id)
        except PlanError as exc:
            # Nothing to agree (no meeting, or agreed already): "1 other problem", not 6,
            # which says the folder could not be saved or read.
            raise UserError(str(exc)) from None
    how = None
    on = None
    today = _dt.date.today()
    if draft is not None:
        if args.on is not None:  # a mistyped day is refused before anything is asked
            on = _agreed_on(draft, args, today)
        said = not_agreed_words(draft, person.display_name)
        how = _agreed_since(args, said, person.display_name)
        if how is None:
            print("Nothing was agreed. The plan stays as it was saved, not agreed yet.")
            return EXIT_CANCELLED
        if args.on is None:
            on = _agreed_on(draft, args, today)
    elif args.agreed_by or args.how or args.on is not None:
        raise UserError(
            "--agreed-by, --how and --on are for a plan its meeting saved as not agreed yet; "
            "this meeting did not, so nothing was agreed. Run the command without them."
        )
    with store.open(person.id) as case:
        try:
            plan = agree_from_session(
                case,
                content=content,
                session_id=session_id,
                agreed_how=how,
                agreed_on=on,
                today=today,
            )
        except PlanError as exc:
            # Not agreed where agreeing is asked (or changed since), or saved as not agreed
            # since it was asked about.
            raise UserError(str(exc)) from None
    report_recovery(store)
    if draft is not None and how is not None:
        day = long_day(draft.saved_at)
        when = f" on {long_day(on.isoformat())}" if on is not None else ""
        print(
            f"Agreed plan version {plan.number} for {person.label()}, {HOW_WORDS[how]}{when}, "
            f"after the meeting{f' of {day}' if day else ''}, by both."
        )
    else:
        print(f"Agreed plan version {plan.number} for {person.label()}.")
    return 0


def cmd_plan_directory_leads(args: argparse.Namespace) -> int:
    """List the worker's actions marked for the community directory, across every record."""
    from assistant.export.templates import long_date
    from assistant.plans.model import Audience
    from assistant.plans.sharing import is_allowed, without_private
    from assistant.plans.versions import PlanError, versions

    store = store_from_args(args)
    leads: list[str] = []
    unreadable: list[str] = []
    not_shared = 0
    for person in store.list_people(file_times=False):
        case = store.read(person.id)
        try:
            found = versions(case)
        except PlanError:
            unreadable.append(person.id)  # said below: one must not hide the others' leads
            continue
        finally:
            case.close()
        if not found:
            continue
        latest = found[-1]
        if not latest.plan.worker_journey.for_directory:
            continue
        if not is_allowed(latest.plan, Audience(kind="team")):
            # This list is read by other staff: a plan the person did not agree to share
            # with the care team gives no leads, as 'export --for team' gives no copy.
            not_shared += 1
            continue
        # The person's private marks hold here too.
        plan = without_private(latest.plan)
        when = plan.agreement.date or local_iso_day(plan.created)
        for task in plan.worker_journey.for_directory:
            line = f"  - {task.what}"
            if task.found_out is not None:
                line += f": {task.found_out.text}"
            status = f"{task.status.label}, " if task.status is not None else ""
            leads.append(f"{line} ({status}plan of {long_date(when)})")
    report_recovery(store)
    if not leads:
        print("Nothing marked to add to the community directory yet.")
    else:
        print(f"Worth adding to the community directory ({len(leads)}):")
        for line in leads:
            print(line)
    if not_shared:
        print(
            f"Left out: leads in {not_shared} plan(s) the person did not agree to share "
            "with the care team."
        )
    if unreadable:
        print(
            f"Could not read the plans of {len(unreadable)} record(s): "
            f"{', '.join(unreadable)}. 'cpi-assistant plan list ID' says why."
        )
    return 0


def cmd_plan_diff(args: argparse.Namespace) -> int:
    """Show what changed between two plan versions, each with its state."""
    from assistant.export.render import person_name
    from assistant.plans.diff import format_diff
    from assistant.plans.state import plan_state_words

    store = store_from_args(args)
    person = find_person(args, store, "plan diff")
    case = store.read(person.id)
    try:
        old = _load(case, args.v1)
        new = _load(case, args.v2)
    finally:
        case.close()
    whole: Plan | None = None  # the later version as a whole, for a reader's copies
    if args.for_whom is not None:
        if args.for_whom.strip().casefold() == SUPERVISION:
            raise UserError(
                "The changes are not made for supervision: use --for person, team, gp or a "
                "name the person gave, or leave --for out for everything.",
                2,
            )
        # Both versions as that reader's copies showed them, each leaving out what the person
        # kept private then: a part shared since is added, a part made private since is no
        # longer in the copy, never with its words (format_diff's withheld_from). Whether the
        # reader may have a copy at all is the person's choice now (the later version's).
        now = max(old, new, key=lambda p: p.number or 0).sharing
        chosen = {"share_with": now.share_with, "share_who": now.share_who}
        copies = []
        for plan in (old, new):
            plan = plan.model_copy(update={"sharing": plan.sharing.model_copy(update=chosen)})
            copy = _copy_for(plan, args.for_whom, done=_NOTHING_SHOWN)
            _check_private_names(plan, copy, args.include_named, done=_NOTHING_SHOWN)
            copies.append((plan, copy))
        (_, old), (whole, new) = copies
    else:
        print(
            "cpi-assistant: everything in the record, with what the person keeps private; "
            "--for team (or person, gp, a name) gives the changes as that copy shows them.",
            file=sys.stderr,
        )
    states = [f"Version {p.number}: {plan_state_words(p, person_name(p))}" for p in (old, new)]
    sys.stdout.write(format_diff(old, new, heading=states, withheld_from=whole))
    return 0


# -- export ---------------------------------------------------------------------------------------


def _agency_for(plan: Plan, fmt: str) -> Any:
    """Today's agency settings (None without a usable agency file), which a readable copy
    prints in place of the plan's own (:func:`assistant.export.views.plan_agency`); when
    they differ from the plan's, the worker is told so on stderr (not for JSON, which is the
    version as saved)."""
    from assistant.agency import load_agency
    from assistant.cli.pack import pack_for_export
    from assistant.export.views import TODAYS_NUMBERS_NOTE, agency_changed, broken_agency_words

    loaded = load_agency(pack=pack_for_export())
    current = loaded.agency
    if fmt != "json" and loaded.errors:
        # The copy is still made (the plan kept its own details), but never silently: the
        # worker may think it carries today's numbers.
        for problem in loaded.errors:
            print(problem, file=sys.stderr)
        print(f"cpi-assistant: warning: {broken_agency_words(loaded, plan)}", file=sys.stderr)
    elif fmt != "json" and agency_changed(plan, current):
        print(f"cpi-assistant: note: {TODAYS_NUMBERS_NOTE}", file=sys.stderr)
    return current


def _render(
    plan: Plan,
    fmt: str,
    templates: Path | None,
    fhir_network: bool = False,
    person_id: str | None = None,
) -> bytes:
    from assistant.cli.pack import chosen_layers
    from assistant.export.render import ExportError, render

    try:
        return render(
            plan,
            fmt,
            templates=templates,
            include_network=fhir_network,
            agency=_agency_for(plan, fmt),
            person_id=person_id,
            layers=chosen_layers(),
        )
    except ExportError as exc:
        raise UserError(str(exc), EXIT_EXPORT) from None


_NOTHING_EXPORTED = "Nothing was exported."
_NOTHING_SHOWN = "No changes were shown."


def _copy_for(plan: Plan, for_whom: str | None, *, done: str = _NOTHING_EXPORTED) -> Plan:
    """The copy of ``plan`` for ``--for``, or a UserError saying whom the person agreed to."""
    from assistant.plans.sharing import (
        SharingRefused,
        agreed_words,
        audience_for,
        shared_copy,
        waits_for_agreement,
    )

    if for_whom is None or not for_whom.strip():
        raise UserError(
            "Say whom the copy is for with --for: person (their own copy, everything), team, "
            f"gp, or a name the person gave. The person agreed to: {agreed_words(plan)}. "
            f"{done}",
            EXIT_NOT_SHARED,
        )
    try:
        return shared_copy(plan, for_whom)
    except SharingRefused as exc:
        try:
            draft = waits_for_agreement(plan, audience_for(plan, for_whom)) is not None
        except SharingRefused:
            draft = False
        where = (
            "Agree the plan together first (in a meeting, or `plan agree`)"
            if draft
            else f"The person makes these choices in {_agreeing_topic()}"
        )
        raise UserError(
            f"{exc} {done} {where}; for their own copy, use --for person.",
            EXIT_NOT_SHARED,
        ) from None


def _check_private_names(
    plan: Plan, copy: Plan, include_named: bool, *, done: str = _NOTHING_EXPORTED
) -> bool:
    """Refuse a shared copy that still names someone the person keeps private (their name in
    a good week, a goal, an action...), listing where; with ``--include-named`` make it and
    say so on stderr. Never silently: a care coordinator checks before sending. Returns
    whether the warning was overridden (for the audit trail)."""
    from assistant.plans.private_names import private_names_found, warning_words

    if copy.audience is None or copy.audience.kind == "person":
        return False
    found = private_names_found(plan, copy.audience)
    if not found:
        return False
    words = warning_words(found)
    if include_named:
        print(f"cpi-assistant: warning: {words} The copy names them there.", file=sys.stderr)
        return True
    raise UserError(
        f"{words} {done} Mark those parts private in {_agreeing_topic()} (the person decides), "
        "or add "
        "--include-named to make the copy as it is.",
        EXIT_NOT_SHARED,
    )


def cmd_export(args: argparse.Namespace) -> int:
    """Export a plan version (the latest agreed by default) and record it in the audit trail."""
    from assistant.export.render import (
        FORMATS,
        ExportError,
        audit_export,
        free_path,
        person_name,
        suggested_name,
        write_export,
    )
    from assistant.plans.sharing import audience_words, file_name, must_not_share_notice
    from assistant.plans.state import agreed_in_part, state_words
    from assistant.plans.versions import PlanError, newer_drafts, version_to_export, versions

    if (args.for_whom or "").strip().casefold() == SUPERVISION:
        return _export_supervision(args)
    number = _version_asked(args)
    folder = Path(args.output).expanduser() if _into_folder(args.output) else None
    output = Path(args.output).expanduser() if args.output and folder is None else None
    if args.format == "pdf" and output is None and folder is None:
        raise UserError(
            "A PDF needs a file to go into: add -o plan.pdf, or -o FOLDER/ (nothing was exported)."
        )
    if output is not None and output.exists():
        raise UserError(
            f"{output} already exists, so nothing was written (an export never replaces another "
            "file). Choose a new file name."
        )
    store = store_from_args(args)
    person = find_person(args, store, "export")
    with store.open(person.id) as case:
        try:
            found = versions(case)
            chosen = version_to_export(found, number)
        except PlanError as exc:
            raise _plan_error(exc) from None
        plan = _copy_for(chosen.plan, args.for_whom)
        overridden = _check_private_names(chosen.plan, plan, args.include_named)
        data = _render(plan, args.format, _templates(args), args.fhir_network, person.id)
        if folder is not None:
            _make_folder(folder)
            name = suggested_name(plan, args.format)
            output = free_path(folder, file_name(name, FORMATS[args.format].suffix, plan.audience))
        if output is None:
            try:
                sys.stdout.buffer.write(data)
                sys.stdout.flush()
            except BrokenPipeError:
                # The reader stopped early (| head): part of the plan went out; say so.
                audit_export(
                    case,
                    plan,
                    args.format,
                    "standard output (closed early)",
                    include_named=overridden,
                )
                raise
            destination = "standard output"
        else:
            try:
                write_export(data, output)
            except ExportError as exc:
                raise UserError(str(exc), EXIT_NOT_SAVED) from None
            destination = str(output.resolve())
        audit_export(case, plan, args.format, destination, include_named=overridden)
    report_recovery(store)
    which = "asked for" if number is not None else "the latest agreed version"
    assert plan.audience is not None  # _copy_for always sets it
    withheld = " Some parts were left out, as the person asked." if plan.audience.withheld else ""
    # Read by the worker at the terminal: the person by name, even for the person's own copy
    # (whose words, "by you and ..., your worker", speak to the person).
    print(
        f"Exported plan version {plan.number} ({which}) of {person.label()}, for "
        f"{audience_words(plan.audience)}"
        f"{f' to {output}' if output is not None else ''} ({args.format}). "
        f"{state_words(plan.state, person_name(plan), agreed_in_part(plan.agreement))}"
        f"{withheld}",
        file=sys.stderr,
    )
    notice = must_not_share_notice(chosen.plan, plan.audience)
    if notice:
        print(
            f"cpi-assistant: note: {notice} `cpi-assistant plan show {person.id} "
            f"{plan.number}` shows them.",
            file=sys.stderr,
        )
    later = newer_drafts(found, chosen)
    if later and number is None:
        numbers = ", ".join(str(v.number) for v in later)
        print(
            f"cpi-assistant: note: there is a newer draft, not agreed (version {numbers}); "
            f"add --version {later[-1].number} to export it, marked as a draft.",
            file=sys.stderr,
        )
    return 0


def _export_supervision(args: argparse.Namespace) -> int:
    """``export PERSON --for supervision``: the worker's reflections across meetings and the
    plan in brief, for the worker and their supervisor (never a copy of the plan for the
    person or anyone they named). Recorded in the audit trail as any export is."""
    from assistant.content_pack.layers import ContentLayers
    from assistant.export.render import ExportError, free_path, write_export
    from assistant.export.supervision import (
        SUPERVISION_FORMATS,
        SupervisionError,
        audit_supervision,
        render_supervision,
        supervision_file_name,
    )
    from assistant.meetings.supervision import supervision_context

    if args.format not in SUPERVISION_FORMATS:
        raise UserError(
            f"A supervision export comes as {', '.join(SUPERVISION_FORMATS)} (--format), not "
            f"{args.format}. Nothing was exported.",
            2,
        )
    if args.number is not None or args.version is not None:
        raise UserError(
            "A supervision export covers every meeting and the latest plan version, so it "
            "takes no VERSION. Nothing was exported.",
            2,
        )
    folder = Path(args.output).expanduser() if _into_folder(args.output) else None
    output = Path(args.output).expanduser() if args.output and folder is None else None
    if output is not None and output.exists():
        raise UserError(
            f"{output} already exists, so nothing was written (an export never replaces another "
            "file). Choose a new file name."
        )
    content = _content()
    if content is None:
        raise UserError(
            "The topics cannot be loaded (cpi-assistant validate says why), so the "
            "reflections cannot be read. Nothing was exported.",
            EXIT_EXPORT,
        )
    store = store_from_args(args)
    person = find_person(args, store, "export")
    with store.open(person.id) as case:
        context = supervision_context(case, content)
        try:
            data = render_supervision(
                context, args.format, _templates(args), ContentLayers.of(content)
            )
        except SupervisionError as exc:
            raise UserError(str(exc), EXIT_EXPORT) from None
        if folder is not None:
            _make_folder(folder)
            output = free_path(folder, supervision_file_name(context, args.format))
        if output is None:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            destination = "standard output"
        else:
            try:
                write_export(data, output)
            except ExportError as exc:
                raise UserError(str(exc), EXIT_NOT_SAVED) from None
            destination = str(output.resolve())
        audit_supervision(case, context, args.format, destination)
    report_recovery(store)
    print(
        f"Exported supervision notes for {person.label()}"
        f"{f' to {output}' if output is not None else ''} ({args.format}): "
        f"{context['reflections']} reflection(s) over {len(context['meetings'])} meeting(s). "
        "For supervision: not for the person's file unless they have seen it.",
        file=sys.stderr,
    )
    return 0


# -- import ---------------------------------------------------------------------------------------


def _refuse_known_person(store: Any, reference: str | None, nhs_number: str | None) -> None:
    """``--new`` for someone these records already hold (by reference or NHS number): say
    to add the plan to their record instead."""
    for known in store.list_people(file_times=False):
        same_ref = (
            bool(reference)
            and (known.reference or "").casefold() == (reference or "").strip().casefold()
        )
        if same_ref or (nhs_number is not None and known.nhs_number == nhs_number):
            raise UserError(
                f"{known.label()} already has this plan's "
                f"{'reference' if same_ref else 'NHS number'} in these records. To add the plan "
                f"to their record, use --for {known.id}. Nothing was imported.",
                EXIT_NOT_SAVED,
            )


def _import_file(args: argparse.Namespace) -> Path:
    """The plan file to import. ``--new`` takes an optional name, so in
    ``import --new plan.json`` it took the file: an existing file given there with no other
    is the file (the name then comes from it). Anything else unclear is explained."""
    new = Path(args.new).expanduser() if args.new else None
    if args.file is None:
        if new is not None and new.is_file():
            args.new = ""
            return new
        raise UserError(
            "say which plan file to import: cpi-assistant import FILE --new [NAME] (or "
            "--for PERSON); the file comes first. Nothing was imported.",
            2,
        )
    source = Path(args.file).expanduser()
    if new is not None and new.is_file() and not source.is_file():
        raise UserError(
            f"`{args.new}` is a file, but --new takes the person's name: write "
            f"cpi-assistant import {shlex.quote(args.new)} --new {shlex.quote(args.file)}. "
            "Nothing was imported.",
            2,
        )
    return source


def cmd_import(args: argparse.Namespace) -> int:
    """Read a plan's JSON file into a person's record as their plan's next version."""
    from assistant.plans.importing import ImportRefused, check_area, import_plan, read_plan_file

    source = _import_file(args)
    store = store_from_args(args)
    try:
        plan_file = read_plan_file(source)
        check_area(plan_file, training=store.training, path=source)
    except ImportRefused as exc:
        raise UserError(str(exc), EXIT_NOT_SAVED) from None
    if args.for_person is not None:
        person = store.find(args.for_person)
        person_id, label = person.id, person.label()
    else:
        name = (args.new or "").strip() or (plan_file.plan.person.display_name or "").strip()
        if not name:
            raise UserError(
                "The file does not say the person's name; give one with --new NAME. Nothing "
                "was imported.",
                2,
            )
        who = plan_file.plan.person
        _refuse_known_person(store, who.reference, who.nhs_number)
        person_id = store.create_person(
            name,
            reference=who.reference,
            nhs_number=who.nhs_number,
            born=who.born,
        )
        label = f"{store.find(person_id).label()}, a new record"
    with store.open(person_id) as case:
        try:
            # A new record is named from the file (cleaned of control characters): no check.
            fresh = args.for_person is None
            done = import_plan(case, plan_file, source, name_differs=args.name_differs or fresh)
        except ImportRefused as exc:
            raise UserError(str(exc), EXIT_NOT_SAVED) from None
    report_recovery(store)
    if done.agreed:
        state = "agreed, as the file says"
    else:
        why = f": {plan_file.draft_because}" if plan_file.draft_because else ""
        state = f"a draft{why}"
    print(f"Imported {source} as plan version {done.number} of {label}, {state}.")
    return 0


# -- demo -----------------------------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    """A fictional person, two meetings, two agreed plans, every export format."""
    from assistant.authoring.content import load_content
    from assistant.export.render import FORMATS, ExportError, audit_export, write_export
    from assistant.meetings.demo import play_demo
    from assistant.plans.demo_data import DEMO_NAME
    from assistant.plans.diff import format_diff
    from assistant.plans.model import Audience
    from assistant.plans.sharing import copy_for

    out = Path(args.output).expanduser()
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise UserError(
            f"{out} already exists and is not an empty folder, so nothing was made. "
            "Choose another folder with -o."
        )
    content = load_content()
    store = store_from_args(args)
    person_id = store.create_person(DEMO_NAME)
    written: list[Path] = []
    from assistant.private_dirs import make_private_dirs

    make_private_dirs(out)
    with store.open(person_id) as case:
        plan1, plan2 = play_demo(case, content, _dt.date.today())
        # The person's own copies (everything), and one for the care team, whom Sam chose:
        # it leaves out what Sam keeps private.
        own1, own2 = (
            copy_for(plan1, Audience(kind="person")),
            copy_for(plan2, Audience(kind="person")),
        )
        team = copy_for(plan2, Audience(kind="team"))
        jobs = [
            (own1, "html", ""),
            *((own2, fmt, "") for fmt in FORMATS),
            (team, "html", "-for-care-team"),
        ]
        for plan, fmt, tail in jobs:
            name = f"plan-v{plan.number}{'-easy-read' if fmt == 'easy' else ''}{tail}"
            target = out / f"{name}{FORMATS[fmt].suffix}"
            try:
                data = _render(plan, fmt, None)
            except UserError as exc:
                if fmt != "pdf":
                    raise
                print(f"Skipped PDF: {exc}", file=sys.stderr)
                continue
            try:
                write_export(data, target)
            except ExportError as exc:
                raise UserError(str(exc), EXIT_NOT_SAVED) from None
            audit_export(case, plan, fmt, str(target.resolve()))
            written.append(target)
        changes = out / "changes-v1-to-v2.txt"
        write_export(format_diff(own1, own2).encode(), changes)
        written.append(changes)
    report_recovery(store)
    data_dir = f" --data-dir {args.data_dir}" if args.data_dir else ""
    print(f"Made a fictional person, '{DEMO_NAME}', id {person_id}, in the training")
    print("records, with two meetings: a first plan (version 1) and a review (version 2).")
    print(f"Exports in {out}:")
    for path in written:
        print(f"  {path.name}")
    print("Try next:")
    print(f"  cpi-assistant plan diff {person_id} 1 2 --training{data_dir}")
    print(f"  cpi-assistant export {person_id} --for person --format txt --training{data_dir}")
    print(f"  cpi-assistant export {person_id} --for team --format txt --training{data_dir}")
    print(f"  cpi-assistant audit {person_id} --training{data_dir}")
    return 0


def _make_folder(folder: Path) -> None:
    """Make the folder an export is written into (owner-only), or say why not."""
    from assistant.private_dirs import make_private_dirs

    try:
        make_private_dirs(folder)
    except OSError as exc:
        raise UserError(
            f"Could not make the folder {folder}: {exc.strerror or exc}. Nothing was "
            "exported; choose another place with -o.",
            EXIT_NOT_SAVED,
        ) from None
