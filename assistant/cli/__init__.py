"""The ``cpi-assistant`` command line.

Each area registers its own subcommands (one module per area) so the parser stays thin.
With no subcommand the joint-session app starts (``--data-dir``, ``--content`` and
``--theme`` apply to it); Textual is imported only then, so the other commands stay fast.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from assistant import __version__
from assistant.crashlog import crash_message, write_crash_log
from assistant.safe_text import SafeWriter

# Modules that add subcommands: each has ``register(subparsers) -> None``.
COMMAND_MODULES = (
    "assistant.cli.authoring",
    "assistant.cli.records",
    "assistant.cli.rescue",
    "assistant.cli.training",
    "assistant.cli.plans",
    "assistant.cli.pack",
    "assistant.cli.outcomes",
)


class UserError(Exception):
    """A problem the user can fix: printed as a message, never as a traceback."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


# The app's own options; each takes a value.
APP_OPTIONS = ("--data-dir", "--content", "--theme")
# Exit status when the reader of our output went away (``| head``): 128 + SIGPIPE, as a
# command killed by the broken pipe would give.
EXIT_BROKEN_PIPE = 141
# Exit status after an unexpected error inside the app (EX_SOFTWARE in sysexits.h).
EXIT_INTERNAL_ERROR = 70


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The whole parser; ``commands=False`` leaves out the subcommands (for starting the app:
    building them costs ~40 ms of start-up for nothing)."""
    parser = argparse.ArgumentParser(
        prog="cpi-assistant",
        description=(
            "Connecting People Assistant: a worker and a person, working as equals, "
            "build a plan for the person's relationships."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    # dest names differ from the subcommands' own --data-dir: argparse would otherwise let a
    # subcommand's default overwrite the value given before it.
    app = parser.add_argument_group("the app (no COMMAND)")
    app.add_argument(
        "--data-dir",
        dest="app_data_dir",
        metavar="DIR",
        help="records folder (default: $CPI_DATA_DIR, else your user data folder)",
    )
    app.add_argument(
        "--content", dest="app_content", metavar="DIR", help="content folder (topics) to use"
    )
    app.add_argument(
        "--theme",
        dest="app_theme",
        metavar="NAME",
        help="calm, daylight or high-contrast (default: the one chosen in Settings)",
    )
    if not commands:
        return parser
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


def starts_the_app(argv: Sequence[str]) -> bool:
    """True when ``argv`` holds only the app's own options (no command, no help)."""
    words = iter(argv)
    for word in words:
        name, has_value, _ = word.partition("=")
        if name not in APP_OPTIONS:
            return False  # a command, --help, --version or a mistake: the full parser says
        if not has_value and next(words, None) is None:
            return False  # an option without its value: the full parser explains
    return True


def command_name(args: argparse.Namespace) -> str:
    """``plan show``, ``people``, ...: the command as typed, for messages."""
    words = [getattr(args, "command", None)]
    words += [v for k, v in vars(args).items() if k.endswith("_command") and k != "command"]
    return " ".join(str(w) for w in words if w)


def _same_folder(a: str | Path, b: str | Path) -> bool:
    return Path(a).expanduser().resolve() == Path(b).expanduser().resolve()


def apply_app_options(args: argparse.Namespace) -> None:
    """Use ``--data-dir``/``--content`` given before a command, as if given after it.

    argparse keeps them apart (``app_*``); silently dropping them would read or write the
    default records folder instead of the one asked for. A command that has no such option,
    or the same option given twice with different values, is refused with a message.
    """
    name = command_name(args)
    given = {
        "--data-dir": (args.app_data_dir, "data_dir", str),
        "--content": (args.app_content, "content", Path),
        "--theme": (args.app_theme, None, str),
    }
    for option, (value, dest, kind) in given.items():
        if value is None:
            continue
        if dest is None or not hasattr(args, dest):
            raise UserError(
                f"{option} is not an option of `cpi-assistant {name}`, so nothing was done. "
                f"See `cpi-assistant {name} --help`.",
                2,
            )
        own = getattr(args, dest)
        if own is None:
            setattr(args, dest, kind(value))
        elif not _same_folder(own, value):
            raise UserError(
                f"{option} was given twice with different folders ({value} and {own}), so "
                "nothing was done. Give it once.",
                2,
            )


def _quiet_broken_pipe() -> None:
    """The reader closed our output (``| head``): stop without a traceback.

    Python would try to flush standard output again at exit and print another error, so
    it is pointed at the null device first (as the Python docs advise for SIGPIPE).
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def terminal_safe(run: Callable[[Sequence[str] | None], int]) -> Callable[..., int]:
    """Run a command with its output made safe for a terminal (issue 13).

    Whatever a command prints (names, answers, audit trails, errors) goes through
    :class:`assistant.safe_text.SafeWriter`: a character that would control the terminal
    (Escape, BEL, a bidi override) is shown as its escape (``\\u001b``), newlines and tabs
    are kept, a lone surrogate or a letter the terminal's encoding lacks is replaced. JSON
    stays valid and exact (the escape is JSON's own). Bytes written to ``sys.stdout.buffer``
    (``plan show``, ``export -o -``) are made safe when they go to a terminal and pass
    exactly as written to a pipe or a file. The app draws through Textual, which writes to
    the terminal itself (guarded in ``assistant.ui.textual_internals``).
    """

    @functools.wraps(run)
    def safe_main(argv: Sequence[str] | None = None) -> int:
        out, err = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = SafeWriter(out), SafeWriter(err)
        try:
            return run(argv)
        finally:
            sys.stdout, sys.stderr = out, err

    return safe_main


@terminal_safe
def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(commands=not starts_the_app(argv))
    try:
        args = parser.parse_args(argv)
        handler = getattr(args, "handler", None)
        if handler is None:
            from assistant.ui import run_app

            return run_app(
                data_dir=args.app_data_dir, content_root=args.app_content, theme=args.app_theme
            )
        apply_app_options(args)
        # As typed: a message can suggest the same command with one thing changed.
        args.given_argv = argv
        code = int(handler(args) or 0)
        # Flushed here, inside the guard: output still buffered at exit would otherwise
        # meet a closed pipe after main() and print a traceback-like error.
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        _quiet_broken_pipe()
        return EXIT_BROKEN_PIPE
    except UserError as exc:
        print(f"cpi-assistant: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("\ncpi-assistant: stopped. Everything already answered is saved.", file=sys.stderr)
        return 130
    except Exception as exc:
        # Anything unexpected. A traceback can quote someone's words (an exception's message,
        # a value): the user sees a short message; the log holds the type and frames only.
        log = write_crash_log(exc, "command line")
        print(f"cpi-assistant: {crash_message(exc, log, what='The command')}", file=sys.stderr)
        return EXIT_INTERNAL_ERROR


if __name__ == "__main__":
    raise SystemExit(main())
