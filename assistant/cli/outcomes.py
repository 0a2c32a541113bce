"""``cpi-assistant outcomes``: change across everyone on record, for reports to commissioners.

A plain-text table by default, ``--json`` or ``--csv`` for other tools. No names, references
or ids unless ``--names`` (then one row per person as well). Training records are never
counted. The records package is imported inside the handler so ``cpi-assistant --help`` stays
fast (tests/test_import_rules.py lists the CLI handlers' deferred imports).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from assistant.cli import UserError
from assistant.cli.columns import terminal_width
from assistant.cli.records import EXIT_USAGE, guard, report_recovery, store_from_args


def _day(value: str) -> str:
    """A YYYY-MM-DD day for --since (argparse shows the message for a bad one)."""
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{value}' is not a date; give it as YYYY-MM-DD, e.g. 2026-04-01"
        ) from None


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``outcomes`` to the ``cpi-assistant`` parser."""
    p = subparsers.add_parser(
        "outcomes",
        help="change across everyone on record (well-being, goals, connections, referrals)",
        description="Summarise outcome measures across everyone on record, for the team and "
        "the people who fund it: how many people have measures; for each ONS well-being "
        "question and each connection count the median at the first and the latest meeting, "
        "the median change and how many people moved each way (for anxious, lower is "
        "better); goal attainment at the latest review; referrals by status and how long "
        "they took. No names or ids unless --names. Training records are never counted. "
        "Small numbers, no comparison group: not a validated evaluation "
        "(docs/team-report.md).",
    )
    p.add_argument(
        "--data-dir",
        metavar="DIR",
        help="records folder (default: $CPI_DATA_DIR, else your user data folder)",
    )
    shape = p.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="print JSON")
    shape.add_argument(
        "--csv", action="store_true", help="print CSV: one figure a row (section, measure, ...)"
    )
    p.add_argument(
        "--names",
        action="store_true",
        help="add one row per person, with their name, reference and id (for the team only)",
    )
    p.add_argument(
        "--since",
        type=_day,
        metavar="YYYY-MM-DD",
        help="count only meetings on or after this day, and referrals first recorded from then",
    )
    p.set_defaults(handler=guard(cmd_outcomes))


def cmd_outcomes(args: argparse.Namespace) -> int:
    """Print the team's outcomes summary."""
    from assistant.plans.team_outcomes import summarise

    if args.since is not None and args.since > date.today().isoformat():
        raise UserError(
            f"--since {args.since} is in the future, so there is nothing to count yet.",
            EXIT_USAGE,
        )
    store = store_from_args(args)
    summary = summarise(store, names=args.names, since=args.since)
    report_recovery(store)
    if args.json:
        print(json.dumps(summary.to_json(), ensure_ascii=False, indent=2))
    elif args.csv:
        sys.stdout.write(summary.to_csv())
    elif not summary.people:
        print(f"No records yet in {store.area}, so there is nothing to summarise.")
    else:
        # A long name is cut to fit a terminal, as in `people`; whole in a file or a pipe.
        print("\n".join(summary.lines(terminal_width())))
    return 0
