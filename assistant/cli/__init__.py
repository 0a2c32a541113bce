"""The ``cpi-assistant`` command line.

Each area registers its own subcommands (one module per area) so the parser stays thin.
With no subcommand the joint-session app starts (until it exists, the help is printed).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from assistant import __version__

# Modules that add subcommands: each has ``register(subparsers) -> None``.
COMMAND_MODULES = (
    "assistant.cli.authoring",
    "assistant.cli.records",
)


class UserError(Exception):
    """A problem the user can fix: printed as a message, never as a traceback."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cpi-assistant",
        description=(
            "Connecting People Assistant: a worker and a person, working as equals, "
            "build a plan for the person's relationships."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 0
    try:
        return int(handler(args) or 0)
    except UserError as exc:
        print(f"cpi-assistant: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("\ncpi-assistant: stopped. Everything already answered is saved.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
