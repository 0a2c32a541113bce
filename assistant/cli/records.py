"""Record commands: ``init``, ``new``, ``people``, ``details``, ``audit``, ``erase``,
``export-all``.

Every command takes ``--data-dir DIR`` (else ``CPI_DATA_DIR``, else the per-user data folder).
For encrypted folders the passphrase comes from ``CPI_PASSPHRASE`` or a prompt.
The records package is imported inside the handlers so that ``cpi-assistant --help`` stays fast.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import os
import shlex
import sys
from collections.abc import Callable, Container, Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant import store_paths as sp
from assistant.cli import UserError
from assistant.cli.columns import table
from assistant.identifiers import (
    GENDER_LABELS,
    InvalidBirthDate,
    InvalidNhsNumber,
    birth_date,
    format_birth_date,
    format_nhs_number,
    gender_from_text,
    gender_words_shown,
    nhs_number,
    person_age,
)
from assistant.meetings.audit_words import person_by, person_notes, person_what
from assistant.plans.state import HOW_WORDS, long_day
from assistant.safe_text import hidden_characters

if TYPE_CHECKING:
    from assistant.meetings.answer_questions import AnswerQuestions
    from assistant.records import CaseStore, PersonSummary, RecordsError

# Exit codes, so scripts can tell problems apart.
EXIT_NOT_FOUND = 3
EXIT_LOCKED = 4
EXIT_PASSPHRASE = 5
EXIT_NOT_SAVED = 6
EXIT_DAMAGED = 7
EXIT_CANCELLED = 8
# A value given on the command line is not valid (as argparse's own usage errors).
EXIT_USAGE = 2


def data_dir_options() -> argparse.ArgumentParser:
    """The ``--data-dir`` option, as a parent parser for the commands that read records."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        help="records folder (default: $CPI_DATA_DIR, else your user data folder)",
    )
    return common


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the record commands to the ``cpi-assistant`` parser."""
    common = data_dir_options()
    area = argparse.ArgumentParser(add_help=False)
    area.add_argument("--training", action="store_true", help="use the separate training records")

    p = subparsers.add_parser(
        "init",
        parents=[common],
        help="create the records folder (optionally encrypted)",
        description="Create the records folder, owner-only. With --encrypt, set a passphrase "
        "and encrypt everything in it (existing records included). With --change-passphrase, "
        "give encrypted records a new passphrase (the current one from CPI_PASSPHRASE or a "
        "prompt, the new one from CPI_NEW_PASSPHRASE or a prompt) and re-encrypt every file; "
        "if it is interrupted, run it again with the same two passphrases to finish.",
    )
    how = p.add_mutually_exclusive_group()
    how.add_argument("--encrypt", action="store_true", help="encrypt the records with a passphrase")
    how.add_argument(
        "--change-passphrase",
        action="store_true",
        help="give encrypted records a new passphrase, re-encrypting every file",
    )
    p.set_defaults(handler=guard(cmd_init))

    identifiers = argparse.ArgumentParser(add_help=False)
    identifiers.add_argument(
        "--reference",
        metavar="REF",
        help="the agency's own reference for the person (local identifier)",
    )
    identifiers.add_argument(
        "--nhs-number",
        metavar="NUMBER",
        help="the person's NHS number, 10 digits (spaces are fine), checked with its check digit",
    )
    # Optional, never guessed: directory matching uses them to respect who a group is for.
    identifiers.add_argument(
        "--born",
        metavar="DATE",
        help="date of birth, e.g. 15/12/1980 or 1980-12-15 (optional)",
    )
    identifiers.add_argument(
        "--gender",
        metavar="GENDER",
        help="woman, man, non-binary, 'prefer not to say', or the person's own words (optional)",
    )

    p = subparsers.add_parser(
        "new",
        parents=[common, area, identifiers],
        help="start a record for someone (name; optional reference, NHS number, date of "
        "birth, gender)",
        description="Start a record for someone. NAME is what they choose to be called (a "
        "first name or initials is enough). A reference or NHS number already in another "
        "record is refused.",
    )
    p.add_argument("name", metavar="NAME", help="a first name, initials, anything they choose")
    p.add_argument("--json", action="store_true", help="print the new record's details as JSON")
    p.set_defaults(handler=guard(cmd_new))

    p = subparsers.add_parser(
        "details",
        parents=[common, area, identifiers],
        help="show or change a person's name, reference, NHS number, date of birth, gender",
        description="Show a person's details, or change them: --name, --reference, "
        "--nhs-number, --born, --gender (an empty value, e.g. --nhs-number '', takes that "
        "detail off the record). The change is kept in the audit trail.",
    )
    p.add_argument("person", metavar="PERSON", help="id, reference, NHS number or display name")
    p.add_argument("--name", metavar="NAME", help="a new name or initials")
    p.add_argument("--json", action="store_true", help="print the details as JSON")
    p.set_defaults(handler=guard(cmd_details))

    p = subparsers.add_parser(
        "people",
        parents=[common, area],
        help="list and search the people with records",
        description="List the people with records; SEARCH matches part of a name, id, "
        "reference or NHS number (spaces ignored in the last two).",
    )
    p.add_argument("search", nargs="?", metavar="SEARCH", help="text to look for")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.add_argument(
        "--check", action="store_true", help="read every record and repair what can be repaired"
    )
    p.set_defaults(handler=guard(cmd_people))

    p = subparsers.add_parser(
        "audit",
        parents=[common, area],
        help="show a record's audit trail",
        description="Show who answered or changed what and when, plans agreed and exports. "
        "Without PERSON, show events about the store itself (anonymous erasures).",
    )
    p.add_argument(
        "person", nargs="?", metavar="PERSON", help="id, reference, NHS number or display name"
    )
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(handler=guard(cmd_audit))

    p = subparsers.add_parser(
        "erase",
        parents=[common, area],
        help="erase everything held about a person",
        description="Remove a person's case file, its backups, damaged copies and index entry. "
        "An anonymous 'record erased' event is kept. This cannot be undone.",
    )
    p.add_argument("person", metavar="PERSON", help="id, reference, NHS number or display name")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(handler=guard(cmd_erase))

    p = subparsers.add_parser(
        "export-all",
        parents=[common, area],
        help="write everything held about a person as JSON, or in words (subject access)",
        description="Write everything held about a person as JSON, to FILE or standard output; "
        "--format html or txt writes the same record in words for the person to read (each "
        "meeting's questions and answers, each plan version, the audit trail). The export is "
        "recorded in the person's audit trail.",
    )
    p.add_argument("person", metavar="PERSON", help="id, reference, NHS number or display name")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (must not exist)")
    p.add_argument(
        "--format",
        choices=("json", "html", "txt"),
        default="json",
        help="json (default): the whole record, for computers; html or txt: in words, to read",
    )
    p.set_defaults(handler=guard(cmd_export_all))


# -- helpers ------------------------------------------------------------------------------------


def _exit_code(exc: RecordsError) -> int:
    from assistant import records as r

    codes: list[tuple[type[Exception], int]] = [
        (r.RecordNotFound, EXIT_NOT_FOUND),
        (r.AmbiguousPerson, EXIT_NOT_FOUND),
        (r.RecordLocked, EXIT_LOCKED),
        (r.PassphraseRequired, EXIT_PASSPHRASE),
        (r.WrongPassphrase, EXIT_PASSPHRASE),
        (r.SaveFailed, EXIT_NOT_SAVED),
        (r.StoreUnavailable, EXIT_NOT_SAVED),
        (r.RecordDamaged, EXIT_DAMAGED),
        (r.RecordTooNew, EXIT_DAMAGED),
    ]
    return next((code for kind, code in codes if isinstance(exc, kind)), 1)


def guard(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Turn records errors into user messages (no traceback) with a distinct exit code."""

    def run(args: argparse.Namespace) -> int:
        from assistant.records import RecordsError, SaveFailed

        try:
            return handler(args)
        except SaveFailed as exc:
            raise UserError(exc.for_command(), _exit_code(exc)) from exc
        except RecordsError as exc:
            raise UserError(str(exc), _exit_code(exc)) from exc

    run.__doc__ = handler.__doc__
    return run


def data_dir(args: argparse.Namespace) -> Path:
    """The records folder the app would use: --data-dir, else CPI_DATA_DIR, else the folder
    chosen in the app's Settings, else the user's data folder. A worker who moved the records
    in Settings finds the same people with every command (erase, export-all, init too)."""
    from assistant.records import resolve_data_dir
    from assistant.settings import load_settings, settings_path

    remembered = None if args.data_dir else load_settings(settings_path()).settings.data_dir
    return resolve_data_dir(args.data_dir, remembered)


def ask_passphrase(
    prompt: str, no_terminal: str, *, env: str | None = None, before: str = ""
) -> str:
    """A passphrase: from the environment variable ``env`` when it is set, else asked on the
    terminal with ``prompt`` (``before`` said first, on standard error). With no terminal to
    ask in, a :class:`UserError` (exit 5) says ``no_terminal``: why it is needed, that
    nothing was done, and what to do. Each command words its own."""
    given = os.environ.get(env) if env else None
    if given:
        return given
    if not sys.stdin.isatty():
        raise UserError(no_terminal, EXIT_PASSPHRASE)
    if before:
        print(before, file=sys.stderr)
    return getpass.getpass(prompt)


def _ask_passphrase(
    prompt: str, *, new: bool = False, changing: bool = False, finishing: bool = False
) -> str:
    """Ask on the terminal; with no terminal, say what to do (``new``: encrypting a folder,
    which is not encrypted yet; ``changing``: the new passphrase of an encrypted one;
    ``finishing``: the passphrase an interrupted encryption was started with)."""
    if finishing:
        no_terminal = (
            "Finishing the encryption needs the passphrase it was started with, and there "
            "is no terminal to ask for it in. Nothing was changed. Set CPI_PASSPHRASE to "
            "that passphrase, or run the command in a terminal to be asked."
        )
    elif changing:
        no_terminal = (
            "Changing the passphrase needs the new one, and there is no terminal to ask "
            "for it in. Nothing was changed. Set CPI_NEW_PASSPHRASE (at least 8 "
            "characters), or run the command in a terminal to be asked."
        )
    elif new:
        no_terminal = (
            "Encrypting the records needs a new passphrase, and there is no terminal to "
            "ask for it in. Nothing was changed. Set CPI_PASSPHRASE (at least 8 "
            "characters), or run the command in a terminal to be asked."
        )
    else:
        no_terminal = (
            "The records are encrypted and no passphrase was given. Nothing was read. "
            "Set CPI_PASSPHRASE, or run the command in a terminal to be asked."
        )
    return ask_passphrase(prompt, no_terminal)


def _passphrase(root: Path) -> str | None:
    """The passphrase for an encrypted folder (env var or prompt); None for a plain folder."""
    from assistant.records import ENV_PASSPHRASE, is_encrypted_folder

    if not is_encrypted_folder(root):
        return None
    return os.environ.get(ENV_PASSPHRASE) or _ask_passphrase("Passphrase for the records: ")


#: Passphrases typed on the terminal before a command stops, the last message saying what to
#: do when it is lost.
TYPED_TRIES = 3


def _lost_passphrase(tries: int) -> str:
    """The message when ``tries`` typed passphrases did not open the records."""
    from assistant.records.errors import LOST_PASSPHRASE

    return (
        f"That passphrase does not open these records (try {tries}). Nothing was read or "
        f"changed. {LOST_PASSPHRASE} To carry on with other work, use another records folder: "
        "--data-dir FOLDER with any command, or choose it in the app's Settings."
    )


def store_from_args(args: argparse.Namespace) -> CaseStore:
    return unlocked_store(args)[0]


def unlocked_store(args: argparse.Namespace) -> tuple[CaseStore, str | None]:
    """The records folder opened, and the passphrase it took (None for a plain folder), for
    a command that goes on to start the app on it without asking again."""
    from assistant.records import ENV_PASSPHRASE, CaseStore, WrongPassphrase

    root = data_dir(args)
    passphrase = _passphrase(root)
    given = passphrase is not None and os.environ.get(ENV_PASSPHRASE) == passphrase
    tries = 1
    while True:
        try:
            store = CaseStore(root, passphrase, training=getattr(args, "training", False))
            break
        except WrongPassphrase as exc:
            if passphrase is None:
                raise
            if given:
                # Named only when it is where the passphrase came from.
                raise UserError(
                    f"{exc} The passphrase was taken from CPI_PASSPHRASE: check it, or unset "
                    "it to be asked.",
                    EXIT_PASSPHRASE,
                ) from exc
            if tries >= TYPED_TRIES:
                raise UserError(_lost_passphrase(tries), EXIT_PASSPHRASE) from exc
        # Typed on the terminal: asked again (as sudo does), so that after a few tries the
        # command can say what to do when the passphrase is lost.
        print(
            f"That passphrase does not open these records (try {tries}). Nothing was read or "
            "changed. Type it again.",
            file=sys.stderr,
        )
        passphrase = _ask_passphrase("Passphrase for the records: ")
        tries += 1
    if store.encryption_unfinished:
        # Every command says it: the records open, but some are still in plain text.
        print(f"cpi-assistant: warning: {store.encryption_unfinished}", file=sys.stderr)
    return store, passphrase


def report_recovery(store: CaseStore) -> None:
    for notice in store.recovered:
        print(f"cpi-assistant: note: {notice.message}", file=sys.stderr)


def _confirm(question: str) -> bool:
    if not sys.stdin.isatty():
        raise UserError(
            "Erasing needs confirmation, and there is no terminal to ask in. Nothing was "
            "erased. Add --yes to erase without asking.",
            EXIT_CANCELLED,
        )
    # Printed, not given to input(): on a terminal input() writes its prompt itself, past
    # the filter that shows a name's control characters as escapes (cli.terminal_safe).
    print(question, end="", flush=True)
    return input("").strip().casefold() in ("yes", "y")


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


# -- commands -----------------------------------------------------------------------------------


def _long_enough(passphrase: str, *, changing: bool = False) -> str:
    """Refuse a new passphrase the records would not take (too short), with exit 2 (a value
    given is not valid), before it is typed again or anything is done."""
    from assistant.records.crypto import MIN_PASSPHRASE, same_passphrase

    if len(same_passphrase(passphrase)) < MIN_PASSPHRASE:
        which = "new passphrase" if changing else "passphrase"
        raise UserError(
            f"The {which} must be at least {MIN_PASSPHRASE} characters. Nothing was changed. "
            "Run the command again with a longer one.",
            EXIT_USAGE,
        )
    return passphrase


def _new_passphrase(*, changing: bool = False) -> str:
    """A new passphrase, asked twice (the two must match); a short one is refused at once."""
    ask = "New passphrase for the records: "
    passphrase = _long_enough(_ask_passphrase(ask, new=True, changing=changing), changing=changing)
    if _ask_passphrase("Type it again: ", new=True, changing=changing) != passphrase:
        raise UserError(
            "The two passphrases were different. Nothing was changed; try again.",
            EXIT_PASSPHRASE,
        )
    return passphrase


def _change_passphrase(root: Path) -> int:
    """``init --change-passphrase``: the current passphrase, then the new one, then the work."""
    from assistant.records import ENV_NEW_PASSPHRASE, ENV_PASSPHRASE, change_passphrase
    from assistant.records.paths import command_for
    from assistant.records.rescue import default_folder

    current = os.environ.get(ENV_PASSPHRASE) or _ask_passphrase(
        "Current passphrase for the records: "
    )
    new = _long_enough(
        os.environ.get(ENV_NEW_PASSPHRASE) or _new_passphrase(changing=True), changing=True
    )
    store, converted, rescued = change_passphrase(root, current, new)
    report_recovery(store)
    print(f"The passphrase of the records in {root} was changed ({converted} files re-encrypted).")
    if rescued:
        copies = "rescue copy" if rescued == 1 else "rescue copies"
        print(
            f"The {rescued} {copies} of answers the app could not save (kept in "
            f"{default_folder()}) {'was' if rescued == 1 else 'were'} re-encrypted too: the "
            f"new passphrase opens {'it' if rescued == 1 else 'them'} "
            f"(`{command_for('rescue list', root)}`)."
        )
    print(
        "Only the new passphrase opens them now. Copies made before (backups of the folder, "
        "records copied elsewhere) still open with the old one: keep them as safe as the "
        "records, or destroy them. Exported plans are not encrypted at all. Rescue copies "
        "kept by other user accounts on this computer (each keeps its own) still need the "
        "old passphrase: `cpi-assistant rescue show` asks for it."
    )
    print(
        "Keep the new passphrase safe: it is not stored anywhere, and without it the records "
        "cannot be read."
    )
    return 0


def _encrypting_unfinished(root: Path) -> bool:
    """Whether the key-check file says `init --encrypt` has not finished (read without the
    passphrase, only to say so: opening the records checks the state with the key)."""
    from assistant.records import RecordsError
    from assistant.records.crypto import read_keycheck

    try:
        doc = read_keycheck(root)
    except (RecordsError, OSError):
        return False
    return doc is not None and doc.get("state") == "encrypting"


def cmd_init(args: argparse.Namespace) -> int:
    """Create the records folder; with --encrypt set a passphrase and encrypt everything; with
    --change-passphrase give encrypted records a new one."""
    from assistant.records import ENV_PASSPHRASE, init_store, is_encrypted_folder
    from assistant.records.folder import encrypting_interrupted

    root = data_dir(args)
    if args.change_passphrase:
        return _change_passphrase(root)
    passphrase = None
    if args.encrypt:
        if _encrypting_unfinished(root):
            # Finishing an interrupted run: the passphrase is already set, asked once.
            passphrase = os.environ.get(ENV_PASSPHRASE) or _ask_passphrase(
                "Passphrase for the records (the one encrypting was started with): ",
                finishing=True,
            )
        else:
            passphrase = _long_enough(os.environ.get(ENV_PASSPHRASE) or _new_passphrase())
    elif is_encrypted_folder(root):
        if _encrypting_unfinished(root):
            raise UserError(encrypting_interrupted(root))
        print(f"The records folder {root} is ready (encrypted).")
        return 0
    store, converted = init_store(root, passphrase)
    report_recovery(store)
    if args.encrypt:
        print(f"The records in {root} are now encrypted.")
        if converted:
            print(
                f"{converted} existing files were encrypted. Copies written before may still be "
                "recoverable from the disk's free space; full-disk encryption protects those."
            )
        print(
            "Keep the passphrase safe: it is not stored anywhere, and without it the records "
            "cannot be read."
        )
    else:
        print(f"The records folder {root} is ready (not encrypted).")
    return 0


def _people_table(people: list[PersonSummary]) -> str:
    # The NHS number column only when someone listed has one: most lists stay as narrow.
    nhs = any(p.nhs_number for p in people)
    rows = [
        ("NAME", "REFERENCE", *(("NHS NUMBER",) if nhs else ()), "SESSIONS", "UPDATED (UTC)", "ID")
    ]
    for p in people:
        updated = p.updated[:16].replace("T", " ")
        number = (format_nhs_number(p.nhs_number) if p.nhs_number else "-",) if nhs else ()
        rows.append((p.display_name, p.reference or "-", *number, str(p.sessions), updated, p.id))
    # A long name is cut to fit the terminal (the id stays whole: commands take it).
    return table(rows, cut_column=0)


def cmd_people(args: argparse.Namespace) -> int:
    """List and search the people with records."""
    store = store_from_args(args)
    problems = store.verify_all() if args.check else []
    people = store.list_people(args.search)
    report_recovery(store)
    unrepaired = [p for p in problems if not p.repaired]
    for problem in unrepaired:
        if problem not in store.recovered:  # those are said as notes already
            print(f"cpi-assistant: problem: {problem.message}", file=sys.stderr)
    if args.json:
        _print_json([p.to_json() for p in people])
    elif people:
        print(_people_table(people))
    elif args.search:
        print(f"No records match '{args.search}'.")
    else:
        kind = "training records" if store.training else "records"
        print(f"No {kind} yet in {store.area}.")
    if args.check and not args.json:
        found = f"{len(problems)} problem(s) found" if problems else "no problems found"
        print(f"Checked every record: {found}.", file=sys.stderr)
    return EXIT_DAMAGED if unrepaired else 0


def _nhs_number_arg(value: str | None) -> str | None:
    """``--nhs-number`` as stored: None when not given, "" to clear, else 10 checked digits.

    Checked before any record is opened, so a mistyped number changes nothing; the message
    says which check failed and repeats nothing from the records.
    """
    if value is None or not value.strip():
        return value if value is None else ""
    try:
        return nhs_number(value)
    except InvalidNhsNumber as exc:
        raise UserError(f"--nhs-number: {exc} Nothing was saved.", EXIT_USAGE) from None


def _born_arg(value: str | None) -> str | None:
    """``--born`` as stored: None when not given, "" to clear, else the ISO date (checked
    before any record is opened, so a mistyped date changes nothing)."""
    if value is None or not value.strip():
        return value if value is None else ""
    try:
        return birth_date(value, date.today()).isoformat()
    except InvalidBirthDate as exc:
        raise UserError(f"--born: {exc} Nothing was saved.", EXIT_USAGE) from None


def _gender_arg(value: str | None) -> tuple[str | None, str | None]:
    """``--gender`` as ``(gender, own words)``: None when not given, "" to clear."""
    if value is None:
        return None, None
    gender, words = gender_from_text(value)
    return (gender or ""), words


def _details_json(person_id: str, person: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": person_id,
        "display_name": person.get("display_name"),
        "reference": person.get("reference"),
        "nhs_number": person.get("nhs_number"),
        "born": person.get("born"),
        "gender": person.get("gender"),
        "gender_words": person.get("gender_words"),
        "created": person.get("created"),
    }


def _details_lines(person_id: str, person: dict[str, Any]) -> list[str]:
    """The person's details as `details` shows them, a line each."""
    number = person.get("nhs_number")
    born = person.get("born")
    age = person_age(person, date.today())
    gender = gender_words_shown(person.get("gender"), person.get("gender_words"))
    if person.get("gender") == "own_words":
        gender = f"{gender} ({GENDER_LABELS['own_words'].lower()})"
    return [
        f"Name:        {person.get('display_name')}",
        f"Reference:   {person.get('reference') or '-'}",
        f"NHS number:  {format_nhs_number(number) if number else '-'}",
        f"Born:        {f'{format_birth_date(born)} (age {age})' if born else '-'}",
        f"Gender:      {gender or '-'}",
        f"Id:          {person_id}",
        f"Created:     {str(person.get('created', ''))[:16].replace('T', ' ')} (UTC)",
    ]


def _print_details(person_id: str, person: dict[str, Any]) -> None:
    for line in _details_lines(person_id, person):
        print(line)


def _refuse_hidden_characters(args: argparse.Namespace, nothing_done: str) -> None:
    """A name or reference holding characters that control the terminal or hide text (a
    pasted Escape, a right-to-left override) is refused, as in the app (issue 13)."""
    checked = (
        ("The name", args.name),
        ("The reference", args.reference),
        ("The gender", args.gender),
    )
    for what, text in checked:
        problem = hidden_characters(what, text or "")
        if problem:
            raise UserError(f"{problem} {nothing_done}; type it again without them.", 2)


def cmd_new(args: argparse.Namespace) -> int:
    """Start a record for someone."""
    number = _nhs_number_arg(args.nhs_number)
    born = _born_arg(args.born)
    _refuse_hidden_characters(args, "Nothing was created")
    gender, words = _gender_arg(args.gender)
    store = store_from_args(args)
    person_id = store.create_person(
        args.name,
        args.reference,
        number or None,
        born=born or None,
        gender=gender or None,
        gender_words=words,
    )
    report_recovery(store)
    with contextlib.closing(store.read(person_id)) as case:
        person = case.person
    if args.json:
        _print_json(_details_json(person_id, person))
    else:
        print(f"Started a record for {person.get('display_name')} (id {person_id}).")
    _same_name_note(store, str(person.get("display_name", "")), person_id)
    return 0


def _same_name_note(store: CaseStore, name: str, person_id: str, *, new: bool = True) -> None:
    """Two people may share a name; said on standard error, since every command that takes a
    name then stops and asks for the id (and a second record made by mistake is found now)."""
    others = store.same_name(name, but=person_id)
    if not others:
        return
    named = "; ".join(p.label() for p in others)
    mistake = (
        f" If it is the same person, `cpi-assistant erase {person_id}` takes the new record away."
        if new
        else ""
    )
    print(
        f"Note: {named} has the same name. Both records are kept; to tell them apart, "
        f"commands need the id ({person_id} for this one) or a reference.{mistake}",
        file=sys.stderr,
    )


def cmd_details(args: argparse.Namespace) -> int:
    """Show a person's details, or change their name, reference, NHS number, date of birth
    or gender."""
    number = _nhs_number_arg(args.nhs_number)
    born = _born_arg(args.born)
    _refuse_hidden_characters(args, "Nothing was changed")
    gender, words = _gender_arg(args.gender)
    store = store_from_args(args)
    found = find_person(args, store, "details")
    given = (args.name, args.reference, number, born, gender)
    changing = any(value is not None for value in given)
    if changing:
        reference = args.reference.strip() if args.reference is not None else None
        store.check_unused(
            reference=reference or None, nhs_number=number or None, person_id=found.id
        )
        with store.open(found.id) as case:
            before = case.person
            case.update_person(
                display_name=args.name,
                reference=reference,
                nhs_number=number,
                born=born,
                gender=gender,
                gender_words=words,
            )
            person = case.person
    else:
        with contextlib.closing(store.read(found.id)) as case:
            person = before = case.person
    report_recovery(store)
    if args.json:
        _print_json(_details_json(found.id, person))
        return 0
    if changing:
        print("Changed the details." if person != before else "Nothing changed: same details.")
    _print_details(found.id, person)
    if args.name is not None and person.get("display_name") != before.get("display_name"):
        _same_name_note(store, str(person.get("display_name", "")), found.id, new=False)
    return 0


def _describe(
    event: dict[str, Any],
    workers: Mapping[str, str] | None = None,
    *,
    questions: AnswerQuestions | None = None,
    for_person: bool = False,
    undone: Mapping[tuple[Any, Any], Mapping[str, Any]] | None = None,
    held: Container[tuple[Any, Any]] = (),
    meetings: Mapping[str, int] | None = None,
) -> str:
    """One readable line for an audit event. ``workers``: the worker's name by session id, and
    by plan version (``"v2"``), so an event given by the worker or by both says which worker
    ("by worker (Priya Patel)"); the stored event is not changed. ``questions``: an answer is
    named by its question as it was asked, with where it is stored in brackets (``[topic/
    path]``) for the record's keepers; ``for_person`` (the person's own copy) leaves that and
    the engine's bookkeeping out, gives the answers in words and every other note in words
    too (``meetings``: each meeting's number by session id, as that copy numbers them), never
    as stored (``session="…"``: ids and field names mean nothing to the person), and says who
    did each thing to the person ("by you", "by you and the worker (Priya Patel) together":
    :func:`assistant.meetings.audit_words.person_by`). ``held``:
    the answers (by
    session and number, :func:`_held_until_consent`) given before the person agreed to keeping
    a record, written after it, which say so (they read out of order by time otherwise)."""
    at = str(event.get("at", ""))[:19].replace("T", " ")
    kind = str(event.get("kind", "event"))
    if kind == "answer_undone" and undone is not None:
        # An undo keeps only the number of the answer it took back (``of``): named by that
        # answer's question, not as "a question the app no longer asks".
        target = undone.get((event.get("session"), event.get("of")))
        if target is not None:
            named = {k: target[k] for k in ("topic", "node", "path", "prompt") if target.get(k)}
            event = {**event, **named}
    details = {k: v for k, v in event.items() if k not in ("at", "kind") and v is not None}
    what = person_what(kind) if for_person else kind.replace("_", " ")
    if kind == "plan_agreed" and details.get("after_meeting"):
        # Its meeting saved it as not agreed yet; both agreed to it since (`plan agree`).
        stamp = str(details.pop("after_meeting"))
        # In words for the person, as the copies of the plan say it; as stored for its keepers.
        meeting = long_day(stamp) if for_person else stamp[:10]
        how = details.pop("how", None)
        how_words = f", {HOW_WORDS[how]}" if how in HOW_WORDS else ""
        # The day they agreed it, when not the day it was recorded (`plan agree --on`).
        on = str(details.pop("agreed_on", "") or "")
        on_words = (long_day(on) if for_person else on[:10]) if on else ""
        if on_words:
            how_words = f"{how_words or ','} on {on_words}"
        what = f"plan agreed after the meeting of {meeting}{how_words}"
    if kind == "answer_changed" and details.get("reason") == "correction":
        # The person asked for a mistake in their record to be put right (rectification).
        what = "answer corrected"
        details.pop("reason")
    where = details.pop("path", None) or details.pop("node", None)
    details.pop("node", None)
    parts = [f"{at}  {what}"]
    answer = questions is not None and kind.startswith("answer_")  # given, changed, skipped
    if answer and questions is not None:
        details.pop("prompt", None)
        place = f"{details.pop('topic', '')}/{where}".strip("/")
        asked = f"\u201c{questions.question(event)}\u201d"
        parts.append(asked if for_person or not place else f"{asked} [{place}]")
    elif where:
        parts.append(f"{details.pop('topic', '')}/{where}".lstrip("/"))
    if kind == "answer_kept":
        details.pop("old", None)  # the same answer as before: the words once are enough
    if answer and for_person and questions is not None:
        for internal in ("seq", "labels", "of"):
            details.pop(internal, None)
        if kind == "answer_changed" or ("old" in details and "value" in details):
            details.pop("old", None)
            details.pop("value", None)  # in words after the arrow: once is enough
            # A list saved whole says what changed, never crediting others' items to them.
            change = questions.change(event)
            parts.append(
                change or f"{questions.answer(event, 'old')} \u2192 {questions.answer(event)}"
            )
        elif details.pop("value", None) is not None:
            parts.append(questions.answer(event))
    elif kind == "answer_changed" or ("old" in details and "value" in details):
        old = json.dumps(details.pop("old", None), ensure_ascii=False)
        new = json.dumps(details.pop("value", None), ensure_ascii=False)
        parts.append(f"{old} → {new}")
    elif "value" in details:
        parts.append(json.dumps(details.pop("value"), ensure_ascii=False))
    by = details.pop("by", None)
    # The app's suggestion (a referral's drafted wording) taken as offered: agreed by them,
    # not their words (the log's ``suggested``).
    suggested = details.pop("suggested", None) is True
    # A shared copy sent although the worker was warned it names someone the person keeps
    # private (`export --include-named`, or Export pressed again in the app).
    overridden = kind == "exported" and details.pop("include_named", None) is True
    if for_person:
        parts += person_notes(kind, details, meetings or {})
    elif rest := ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in details.items()):
        parts.append(f"({rest})")
    if overridden:
        whose = "you keep" if for_person else "the person keeps"
        parts.append(f"sent as it is, naming someone {whose} private (the warning was overridden)")
    if by:
        worker = _event_worker(event, workers or {})
        if for_person:
            # Spoken to the person, as the rest of their copy is ("by you").
            by = person_by(by, worker) or str(by)
        elif worker and by == "worker":
            by = f"worker ({worker})"
        elif worker and by == "both":
            by = f"both (the person and {worker})"
        parts.append(f"suggested by the app, agreed by {by}" if suggested else f"by {by}")
    if (event.get("session"), event.get("seq")) in held:
        parts.append("(held until consent was given)")
    return "  ".join(parts)


def _when(value: Any) -> datetime | None:
    try:
        at = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return at if at.tzinfo is not None else None


def _held_until_consent(events: Iterable[Mapping[str, Any]]) -> set[tuple[Any, Any]]:
    """The answers (by session and number) that were held in the window until the person
    agreed to keeping a record: the meeting writes them just after its ``consent_given``
    event, with the times they were given, so they come after it in the trail but are
    earlier (docs/app.md, "Saving, consent and meetings")."""
    consented: dict[Any, datetime] = {}
    held: set[tuple[Any, Any]] = set()
    for event in events:
        session = event.get("session")
        at = _when(event.get("at"))
        if event.get("kind") == "consent_given" and at is not None:
            # To the second, as the engine times answers: the yes itself (given in that
            # second, written just after) is not one that was held.
            consented[session] = at.replace(microsecond=0)
        elif (
            event.get("seq") is not None
            and session in consented
            and at is not None
            and at < consented[session]
            # The yes itself: given just before the consent is noted, so in a second
            # before it when the two fall either side of one; it was never held.
            and event.get("path") != sp.CONSENT_RECORD
        ):
            held.add((session, event.get("seq")))
    return held


def _undone_answers(events: Iterable[Mapping[str, Any]]) -> dict[tuple[Any, Any], Any]:
    """The answer events an undo can name (``_describe``'s ``undone``), by session and
    number."""
    return {
        (e.get("session"), e.get("seq")): e
        for e in events
        if str(e.get("kind", "")).startswith("answer_") and e.get("seq") is not None
    }


def _event_worker(event: Mapping[str, Any], workers: Mapping[str, str]) -> str | None:
    """The worker of the meeting an audit event belongs to: its session, or its plan
    version's meeting (plan events name a version, not a session)."""
    session, version = event.get("session"), event.get("version")
    if isinstance(session, str) and session in workers:
        return workers[session]
    if isinstance(version, int) and not isinstance(version, bool):
        return workers.get(f"v{version}")
    return None


def _audit_workers(case: Any) -> dict[str, str]:
    """Who the worker was at each meeting (docs/records.md, "Who the worker was"), by session
    id and by plan version ("v2"); a record that cannot say gives what it can."""
    from assistant.plans.workers import meeting_workers, version_sessions

    found = {sid: worker.name for sid, worker in meeting_workers(case).items()}
    for number, session in version_sessions(case).items():
        if session in found:
            found[f"v{number}"] = found[session]
    return found


def cmd_audit(args: argparse.Namespace) -> int:
    """Show a record's audit trail (or, without PERSON, the store's own events)."""
    store = store_from_args(args)
    workers: dict[str, str] = {}
    if args.person is None:
        events = store.store_events()
        title = f"Events for the records folder {store.area} (erasures are anonymous):"
    else:
        person = find_person(args, store, "audit")
        case = store.read(person.id)
        try:
            events = case.audit_events()
            workers = {} if args.json else _audit_workers(case)
        finally:
            case.close()
        title = f"Audit trail for {person.label()}:"
    report_recovery(store)
    if args.json:
        _print_json(events)
        return 0
    questions = _answer_questions()
    print(title)
    undone = _undone_answers(events)
    held = _held_until_consent(events)
    for event in events:
        print("  " + _describe(event, workers, questions=questions, undone=undone, held=held))
    if not events:
        print("  (no events)")
    return 0


def cmd_erase(args: argparse.Namespace) -> int:
    """Erase a person's record after confirmation."""
    from assistant.records import RecordNotFound
    from assistant.records.folder import ID_RE

    store = store_from_args(args)
    given = args.person.strip()
    # An erasure that did not finish (its files may be gone already): finish it.
    if ID_RE.match(given) and store.folder.erasing_path(given).exists():
        return _erase_leftovers(store, given, ask=False)
    try:
        person = store.find(args.person)
    except RecordNotFound:
        # Not listed, but an id may still have files (damaged copies set aside): erasing by
        # id reaches those too. Whether it has any is looked at before asking: "Type 'yes'",
        # then "there is no record", asked for nothing.
        if not ID_RE.match(given):
            raise
        if not store.has_files(given):
            raise RecordNotFound(_not_here(args, store, given)) from None
        return _erase_leftovers(store, given, ask=not args.yes)
    # Copies handed out are outside the records: erasing cannot reach them, and the audit
    # trail that lists them goes with the record. Said first, so they can be followed up.
    exported = _exported_copies(store, person.id)
    if exported is None:
        print(
            "This record cannot be read, so the copies exported from it cannot be listed. "
            "Erasing does not reach exported copies: check where plans were exported for "
            "this person (the export folders, the team's records) and follow them up yourself."
        )
    elif exported:
        print(
            f"{len(exported)} cop{'y was' if len(exported) == 1 else 'ies were'} exported from "
            "this record. Erasing does not reach them; follow them up yourself:"
        )
        for line in exported:
            print(f"  {line}")
    if not args.yes:
        question = (
            f"Erase everything held about {person.label()}: {person.sessions} session(s), "
            "plans, ratings and audit trail, with all backups? This cannot be undone. "
            "Type 'yes' to erase: "
        )
        if not _confirm(question):
            print("Nothing was erased.")
            return EXIT_CANCELLED
    store.erase(person.id)
    report_recovery(store)
    print(f"Erased the record {person.id}. An anonymous 'record erased' event was kept.")
    _erase_rescued(store, person.id)
    return 0


def _erase_rescued(store: CaseStore, person_id: str) -> None:
    """Rescue copies of the record (answers a closing app could not save) go with it."""
    from assistant.records.rescue import default_folder, discard_rescued

    gone = discard_rescued(default_folder(), store.root, person_id, training=store.training)
    if gone:
        print(
            f"Also erased {gone} rescue cop{'y' if gone == 1 else 'ies'} of answers that "
            "could not be saved when the app was closed."
        )


#: For each command that takes a person: what it says it did not do when the record is in
#: the other area, and how its command line is introduced (see :func:`find_person`).
_DOING: dict[str, tuple[str, str]] = {
    "erase": ("erased", "To erase it"),
    "export": ("exported", "To export it"),
    "export-all": ("exported", "To export everything held in it"),
    "audit": ("shown", "To see its audit trail"),
    "details": ("shown or changed", "To see its details"),
    "plan list": ("shown", "To list its plan versions"),
    "plan show": ("shown", "To show its plan"),
    "plan agree": ("changed", "To agree its plan"),
    "plan diff": ("shown", "To compare its plan versions"),
}


def find_person(args: argparse.Namespace, store: CaseStore, command: str) -> PersonSummary:
    """``store.find(args.person)``. An id that is not here but is in the other area (a
    practice asked for without --training, or a real record with it) is said as such, with
    the command that reaches it, the same words for every command (:func:`_not_here`)."""
    from assistant.records import RecordNotFound
    from assistant.records.folder import ID_RE

    try:
        return store.find(args.person)
    except RecordNotFound:
        given = args.person.strip()
        if ID_RE.match(given) and store.has_files(given, other_area=True):
            raise RecordNotFound(_not_here(args, store, given, command)) from None
        raise


def _not_here(
    args: argparse.Namespace, store: CaseStore, record_id: str, command: str = "erase"
) -> str:
    """There is no record ``record_id`` here; when it is in the other area (a practice in the
    training records, or a real record asked for with --training), say so and the command
    (``command``'s, see :data:`_DOING`) that reaches it there."""
    if not store.has_files(record_id, other_area=True):
        if store.training:
            return (
                f"There is no practice with the record id {record_id}. "
                "`cpi-assistant train --list-practices` lists the practices and their ids."
            )
        return f"There is no record with id {record_id}."
    done, how = _DOING[command]
    typed = getattr(args, "given_argv", None)
    if typed:
        # The command as it was typed, with --training taken off or added: every other
        # argument (the versions to compare, a format, a folder) kept, so it runs as given.
        again = [a for a in typed if a != "--training"]
        if store.training:
            # A real record is erased only after its confirmation, never from a suggestion.
            again = [a for a in again if not (command == "erase" and a == "--yes")]
        else:
            at = again.index(record_id) + 1 if record_id in again else len(again)
            yes = command == "erase" and "--yes" not in again
            again[at:at] = ["--training", *(["--yes"] if yes else [])]
        suggested = shlex.join(again)
    else:
        folder = [*(["--data-dir", args.data_dir] if args.data_dir else [])]
        if command == "export":  # what it needs to run as given: whom for, and the format
            given = (("--for", getattr(args, "for_whom", None)), ("--format", args.format))
            folder = [x for flag, v in given if v for x in (flag, v)] + folder
        training = (
            [] if store.training else ["--training", *(["--yes"] if command == "erase" else [])]
        )
        suggested = shlex.join([command, record_id, *training, *folder])
    if store.training:
        whole = " (with everything held about the person)" if command == "erase" else ""
        return (
            f"There is no training record with id {record_id}: it is a real person's record, "
            f"not a practice. Nothing was {done}. {how}{whole}: cpi-assistant {suggested}"
        )
    return (
        f"There is no person's record with id {record_id}: it is a practice in the training "
        f"records. Nothing was {done}. {how}: cpi-assistant {suggested}"
    )


def _exported_copies(store: CaseStore, person_id: str) -> list[str] | None:
    """Each export in a record's audit trail, in words: when, what, for whom, where to; None
    when the record cannot be read (erasing still goes ahead, as asked)."""
    from assistant.records import RecordLocked, RecordsError

    try:
        with contextlib.closing(store.read(person_id)) as case:
            events = [e for e in case.audit_events() if e.get("kind") == "exported"]
    except RecordLocked:
        raise  # open elsewhere: erasing is refused for that, said as such
    except RecordsError:
        return None
    lines = []
    for event in events:
        # As `audit` shows them: JSON-quoted, so no typed control character reaches the
        # terminal.
        whom = event.get("audience_name") or event.get("audience") or event.get("purpose")
        line = f"{str(event.get('at', ''))[:16].replace('T', ' ')} UTC  {event.get('format')}"
        if whom:
            line += f" for {json.dumps(str(whom), ensure_ascii=False)}"
        where = event.get("destination")
        shown = json.dumps(str(where), ensure_ascii=False) if where else "(not recorded)"
        lines.append(f"{line}: {shown}")
    return lines


def _erase_leftovers(store: CaseStore, person_id: str, *, ask: bool) -> int:
    """Erase what is left of a record that is no longer listed (``RecordNotFound`` if none)."""
    question = (
        f"Record {person_id} is not listed, but copies of it may be left (damaged copies, or "
        "an erasure that did not finish). Erase them? This cannot be undone. "
        "Type 'yes' to erase: "
    )
    if ask and not _confirm(question):
        print("Nothing was erased.")
        return EXIT_CANCELLED
    store.erase(person_id)
    report_recovery(store)
    print(
        f"Erased what was left of the record {person_id} (damaged copies, or an erasure that "
        "had not finished). An anonymous 'record erased' event was kept."
    )
    _erase_rescued(store, person_id)
    return 0


def cmd_export_all(args: argparse.Namespace) -> int:
    """Write everything held about a person as JSON and record the export in the audit trail."""
    from assistant.records.atomic import write_new
    from assistant.records.rescue import default_folder

    store = store_from_args(args)
    person = find_person(args, store, "export-all")
    output = Path(args.output).expanduser() if args.output else None
    if output is not None and output.exists():
        raise UserError(
            f"{output} already exists, so nothing was written (an export is never written over "
            "another file). Choose a new file name.",
        )
    fmt = getattr(args, "format", "json")
    content = _readable_content() if fmt != "json" else None
    with store.open(person.id) as case:
        data = store.export_all(person.id, case, rescued=default_folder())
        if fmt == "json":
            text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        else:
            text = _readable(case, data, content, person.id, fmt)
        if output is None:
            sys.stdout.write(text)
            sys.stdout.flush()
            destination = "standard output"
        else:
            try:
                write_new(output, text.encode("utf-8"))
            except OSError as exc:
                raise UserError(
                    f"Could not write {output}: {exc.strerror or exc}. Nothing was exported; the "
                    "record is unchanged. Choose another place with -o.",
                    EXIT_NOT_SAVED,
                ) from exc
            destination = str(output.resolve())
        case.audit("exported", format=fmt, destination=destination, purpose="subject access")
    report_recovery(store)
    if output is not None:
        words = " in words" if fmt != "json" else ""
        print(f"Wrote everything held about {person.label()}{words} to {output}.", file=sys.stderr)
    return 0


def _answer_questions() -> AnswerQuestions:
    """The questions answers were given to, the topics loaded only for an event that did not
    keep its question."""
    from assistant.meetings.answer_questions import AnswerQuestions

    return AnswerQuestions(_readable_content)


def _readable_content() -> Any:
    """The topics (with the agency's pack), for answers in words; None when they cannot be
    loaded (the answers are then shown as stored, never refused)."""
    from assistant.authoring.content import load_content
    from assistant.cli.pack import chosen_pack
    from assistant.flows.problems import ContentError

    try:
        return load_content(check=False, pack=chosen_pack())
    except ContentError:
        return None


def _readable(case: Any, data: dict[str, Any], content: Any, person_id: str, fmt: str) -> str:
    """The subject access export in words (html or txt)."""
    from assistant.export.subject_access import render_subject_access
    from assistant.meetings.answer_questions import AnswerQuestions
    from assistant.meetings.subject_access import meeting_numbers, subject_access_words

    questions = AnswerQuestions.of(content)
    workers = _audit_workers(case)  # "by worker (Priya Patel)", as the audit command says
    undone = _undone_answers(case.audit_events())
    held = _held_until_consent(case.audit_events())
    meetings = meeting_numbers(data)  # "at meeting 2", as the copy numbers its meetings
    person = data.get("person") if isinstance(data.get("person"), dict) else {}
    words = subject_access_words(
        case,
        data,
        content,
        details=_details_lines(person_id, person or {}),
        describe=lambda event: _describe(
            event,
            workers,
            questions=questions,
            for_person=True,
            undone=undone,
            held=held,
            meetings=meetings,
        ),
    )
    return render_subject_access(words, fmt)
