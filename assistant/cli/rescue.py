"""Rescue copies: ``cpi-assistant rescue list|show|discard``.

When the app is closed by its terminal or told to end while saving fails, it keeps what it
could not save in a rescue copy in the user's state folder (``assistant/records/rescue.py``)
and puts it back at the next start, unless the record was saved again since (or cannot be
read yet). These commands list the copies kept, show the answers in one for checking with
the person (decrypted on screen only; in a file only with ``--out``, made owner-only) and
discard one once it is checked.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.cli import UserError
from assistant.cli.records import (
    EXIT_CANCELLED,
    EXIT_NOT_FOUND,
    EXIT_NOT_SAVED,
    EXIT_PASSPHRASE,
    _answer_questions,
    _confirm,
    _describe,
    _undone_answers,
    ask_passphrase,
    data_dir_options,
    guard,
    report_recovery,
    store_from_args,
)

if TYPE_CHECKING:
    from assistant.records import CaseStore
    from assistant.records.rescue import Rescued


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``rescue`` and its actions to the ``cpi-assistant`` parser."""
    common = data_dir_options()
    rescue = subparsers.add_parser(
        "rescue",
        help="answers kept in rescue copies when the app was closed while saving failed",
        description="When the app is closed (its window, or told to end) while saving fails, "
        "what could not be saved is kept in a rescue copy and put back at the next start. A "
        "copy that cannot go back (the record was saved again since) is kept: list the "
        "copies, show the answers in one to check them with the person, then discard it.",
    )
    sub = rescue.add_subparsers(dest="rescue_command", metavar="ACTION", required=True)

    p = sub.add_parser(
        "list",
        parents=[common],
        help="the rescue copies kept for these records: whose, when, why, where",
    )
    p.set_defaults(handler=guard(cmd_rescue_list))

    p = sub.add_parser(
        "show",
        parents=[common],
        help="the answers in a copy that the record does not have",
        description="Show the answers (and other changes) in a rescue copy that the record "
        "does not hold now, to check them with the person. Shown on screen only, unless "
        "--out is given.",
    )
    p.add_argument("copy", metavar="COPY", help="the copy's name (rescue list), or PERSON")
    p.add_argument(
        "-o",
        "--out",
        metavar="FILE",
        help="write them to FILE as plain text (owner-only, never over another file)",
    )
    p.set_defaults(handler=guard(cmd_rescue_show))

    p = sub.add_parser(
        "discard",
        parents=[common],
        help="erase a rescue copy once its answers are checked",
        description="Erase a rescue copy (and its note), as erase erases a record's files. "
        "Asks first; --yes for scripts. This cannot be undone.",
    )
    p.add_argument("copy", metavar="COPY", help="the copy's name (rescue list), or PERSON")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(handler=guard(cmd_rescue_discard))


def _copies(store: CaseStore) -> list[Rescued]:
    from assistant.records.rescue import default_folder, rescued_for

    return rescued_for(default_folder(), store.root)


def _area(store: CaseStore, rescued: Rescued) -> CaseStore:
    return store.training_store() if rescued.training else store


def _label(store: CaseStore, rescued: Rescued) -> str:
    """ "the record for Sam (id p-...)", for the middle of a sentence."""
    label = _area(store, rescued).index.label(rescued.person_id)
    return label[:1].lower() + label[1:]


def _command(store: CaseStore, words: str) -> str:
    """The command for these records (naming the folder unless a bare command finds it)."""
    from assistant.records.paths import command_for

    return command_for(words, store.root)


def _find_copy(store: CaseStore, given: str) -> Rescued:
    """The copy named (as listed, or its file), or the one copy of a person's record."""
    from assistant.records import RecordNotFound
    from assistant.records.rescue import RESCUE_SUFFIX

    copies = _copies(store)
    name = Path(given.strip()).name.removesuffix(RESCUE_SUFFIX)
    for rescued in copies:
        if rescued.name == name:
            return rescued
    person, training = None, False
    for area in (store, store.training_store()):  # `rescue list` shows practice copies too
        try:
            person = area.find(given)
        except RecordNotFound:
            continue
        training = area is not store
        break
    theirs = [
        r
        for r in copies
        if person is not None and r.person_id == person.id and r.training == training
    ]
    if len(theirs) == 1:
        return theirs[0]
    if theirs:
        names = ", ".join(r.name for r in theirs)
        raise UserError(
            f"There are {len(theirs)} rescue copies of {person.label() if person else given}: "
            f"{names}. Give the name of one.",
            EXIT_NOT_FOUND,
        )
    raise UserError(
        f"There is no rescue copy {given!r} for the records in {store.root}. "
        f"`{_command(store, 'rescue list')}` lists them.",
        EXIT_NOT_FOUND,
    )


def cmd_rescue_list(args: argparse.Namespace) -> int:
    """List the rescue copies kept for this records folder."""
    from assistant.records.rescue import why_kept

    store = store_from_args(args)
    copies = _copies(store)
    report_recovery(store)
    if not copies:
        print(f"No rescue copies are kept for the records in {store.root}.")
        return 0
    print(
        f"Answers that could not be saved when the app was closed, kept in rescue copies, for "
        f"the records in {store.root}:"
    )
    for rescued in copies:
        why = why_kept(_area(store, rescued), rescued)
        kept = str(why) if why else "it goes back into the record at the app's next start"
        print()
        print(rescued.name)
        whose = _area(store, rescued).index.label(rescued.person_id)
        print(f"  Whose:  {whose}{' (training)' if rescued.training else ''}")
        print(f"  Made:   {rescued.at}, when the app was closed")
        print(f"  Kept:   {kept}")
        print(f"  Where:  {rescued.path}")
    print()
    print(
        f"`{_command(store, 'rescue show COPY')}` shows the answers in a copy to check with "
        f"the person; `{_command(store, 'rescue discard COPY')}` erases it once they are "
        "checked."
    )
    return 0


def _earlier_passphrase() -> str:
    """The passphrase the records had when a copy was made (before a change of passphrase):
    ``CPI_OLD_PASSPHRASE`` or asked."""
    from assistant.records.paths import ENV_OLD_PASSPHRASE

    why = (
        "This rescue copy was made before the records' passphrase was changed, so it opens "
        "only with the passphrase they had then"
    )
    return ask_passphrase(
        "Passphrase the records had when the copy was made: ",
        f"{why}, and there is no terminal to ask for it in. Nothing was shown. Set "
        f"{ENV_OLD_PASSPHRASE} to that passphrase, or run the command in a terminal to be asked.",
        env=ENV_OLD_PASSPHRASE,
        before=f"{why}.",
    )


def _shown(store: CaseStore, rescued: Rescued) -> str:
    """The copy's answers the record does not have, as text."""
    from assistant.records import RecordsError
    from assistant.records.rescue import EarlierKey, not_in_record

    try:
        try:
            events, compared = not_in_record(store, rescued)
        except EarlierKey:
            earlier = _earlier_passphrase()
            try:
                events, compared = not_in_record(store, rescued, earlier)
            except RecordsError as exc:
                raise UserError(
                    f"The rescue copy {rescued.path} cannot be shown: {exc}. It was left as it is.",
                    EXIT_PASSPHRASE,
                ) from exc
    except RecordsError as exc:
        raise UserError(
            f"The rescue copy {rescued.path} cannot be shown: {exc}. It was left as it is.",
            EXIT_NOT_FOUND,
        ) from exc
    lines = [
        f"Rescue copy {rescued.name} of {_label(store, rescued)}, made when the app was closed "
        f"on {rescued.at}.",
    ]
    if compared:
        lines.append(f"In the copy but not in the record now ({len(events)}):")
    else:
        lines.append(f"The record cannot be read now, so all of the copy is shown ({len(events)}):")
    questions = _answer_questions()
    undone = _undone_answers(events)
    lines += [f"  {_describe(event, questions=questions, undone=undone)}" for event in events]
    if not events:
        lines.append("  (nothing: the record has everything the copy holds)")
    lines.append(
        "Check these with the person and add what is missing in a meeting; then "
        f"`{_command(store, f'rescue discard {rescued.name}')}` erases the copy."
    )
    return "\n".join(lines) + "\n"


def cmd_rescue_show(args: argparse.Namespace) -> int:
    """Show the answers in a rescue copy that the record does not have."""
    from assistant.records.atomic import write_new

    store = store_from_args(args)
    rescued = _find_copy(store, args.copy)
    output = Path(args.out).expanduser() if args.out else None
    if output is not None and output.exists():
        raise UserError(
            f"{output} already exists, so nothing was written (never written over another "
            "file). Choose a new file name.",
        )
    text = _shown(store, rescued)
    report_recovery(store)
    if output is None:
        sys.stdout.write(text)
        return 0
    try:
        write_new(output, text.encode("utf-8"))  # owner-only (0600)
    except OSError as exc:
        raise UserError(
            f"Could not write {output}: {exc.strerror or exc}. Nothing was written; the copy "
            "is kept as it is. Choose another place with --out.",
            EXIT_NOT_SAVED,
        ) from exc
    print(
        f"Wrote the answers in the rescue copy to {output} (owner-only, not encrypted): erase "
        "it once they are checked.",
        file=sys.stderr,
    )
    return 0


def cmd_rescue_discard(args: argparse.Namespace) -> int:
    """Erase a rescue copy after confirmation."""
    from assistant.records.rescue import discard

    store = store_from_args(args)
    rescued = _find_copy(store, args.copy)
    report_recovery(store)
    if not args.yes:
        question = (
            f"Erase the rescue copy {rescued.name} of {_label(store, rescued)} (made when the "
            f"app was closed on {rescued.at})? Answers in it that are not in the record are "
            "lost. This cannot be undone. Type 'yes' to erase: "
        )
        if not _confirm(question):
            print("Nothing was erased.")
            return EXIT_CANCELLED
    try:
        discard(rescued)
    except OSError as exc:
        raise UserError(
            f"Could not erase {rescued.path}: {exc.strerror or exc}. Check the folder's "
            "permissions and try again.",
            EXIT_NOT_SAVED,
        ) from exc
    print(f"Erased the rescue copy {rescued.name}.")
    return 0
