"""``cpi-assistant train``: role-play training with fictional personas.

Without the app it lists personas, prints role cards and trainer notes (Markdown or HTML,
watermarked), previews a persona in a headless solo session, turns a saved practice (a
training record id, or a file) into feedback, lists the practices in the training store and
reports each trainee's progress over time. With no such option it starts the app in training
mode (``--resume RECORD_ID`` carries on with a saved practice).

The role card, the trainer's notes and ``--preview`` show the persona's secrets: they are the
trainer's. A solo trainee sees only what a worker would know before meeting the person.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.cli import UserError
from assistant.cli.columns import name_in_row
from assistant.cli.records import data_dir, guard, report_recovery, unlocked_store

if TYPE_CHECKING:
    from assistant.flows.loader import Content
    from assistant.records import CaseStore
    from assistant.training.model import Persona
    from assistant.training.session import TrainingSession

# Exit codes (docs/training.md): 0 ok, 1 a problem, 2 a usage mistake (an unknown persona or
# practice, with a "did you mean"), 3 the app has no training screens; records problems keep
# the records commands' codes (4 locked, 5 passphrase, 6 not saved, 7 damaged).
EXIT_USAGE = 2
DOCUMENT_FORMATS = ("md", "html")
# The most steps `--preview` takes in one topic: far more than any topic needs, so a topic
# that never ends stops the preview with a message instead of running for ever.
PREVIEW_STEPS = 2000
PROGRESS_FORMATS = ("md", "html", "csv", "json")


#: The end of ``train --help``: what is not an option of its own.
EPILOG = (
    "Clearing practice data: each practice is one record in the training records. "
    "`cpi-assistant train --list-practices --trainee NAME` lists a trainee's practices "
    "with their record ids (t-...), and `cpi-assistant erase RECORD_ID --training --yes` "
    "erases one (both use the folder chosen in the app's Settings; give both the same "
    "--data-dir when you use one). Encrypted records: practice is "
    "kept in the training records inside the records folder, encrypted with the same "
    "passphrase, so it is asked for (or taken from CPI_PASSPHRASE); a trainee without it can "
    "practise with --data-dir pointing at a folder of their own. See docs/training.md."
)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``train`` to the ``cpi-assistant`` parser."""
    p = subparsers.add_parser(
        "train",
        help="role-play training with fictional personas (solo or paired)",
        description="Practise the Connecting People way of working with a fictional person. "
        "Solo: you are the worker and the app answers as the persona. Paired: a colleague "
        "plays the persona from its role card. Everything is marked TRAINING — FICTIONAL "
        "PERSON and kept apart from real records.",
        epilog=EPILOG,
    )
    p.add_argument("--persona", metavar="ID", help="which persona (see --list)")
    p.add_argument("--mode", choices=("solo", "paired"), help="solo (the default) or paired")
    p.add_argument("--seed", type=int, help="fix the persona's variation (for repeatable runs)")
    p.add_argument(
        "--trainee",
        metavar="NAME",
        help="who is practising (the app asks if not given); "
        "with --progress or --list-practices: only that trainee's practices",
    )
    p.add_argument(
        "--meeting",
        type=_meeting_number,
        metavar="N",
        help="the practice meeting number with this persona (default 1): a later meeting lets "
        "the persona open up further",
    )
    # One thing to do at a time: `--role-card --trainer-notes` printed the role card alone,
    # silently, and `--list --progress` the progress alone.
    what = p.add_mutually_exclusive_group()
    what.add_argument("--list", action="store_true", help="list the personas")
    what.add_argument(
        "--role-card",
        action="store_true",
        help="the role card of --persona (for the trainer, or the colleague playing the "
        "persona: it holds the persona's secrets)",
    )
    what.add_argument(
        "--trainer-notes",
        action="store_true",
        help="the trainer's notes of --persona (trainer only)",
    )
    what.add_argument(
        "--preview",
        action="store_true",
        help="for the trainer: a headless solo session in which the persona answers every topic, "
        "then feedback (it shows everything the persona can say; with --format html, the "
        "feedback only)",
    )
    what.add_argument(
        "--feedback",
        metavar="RECORD_ID|FILE",
        help="feedback for a saved practice: its training record id (see --list-practices), "
        "or a saved session file",
    )
    what.add_argument(
        "--list-practices",
        action="store_true",
        help="list the practices in the training records (newest last; --format json)",
    )
    what.add_argument(
        "--progress",
        action="store_true",
        help="each trainee's practices over time: scores per principle and trends "
        "(--format md, html, csv or json)",
    )
    what.add_argument(
        "--resume",
        metavar="RECORD_ID",
        help="carry on with an unfinished practice in the app (see --list-practices)",
    )
    p.add_argument(
        "--format",
        choices=PROGRESS_FORMATS,
        help="md (the default) or html for documents; also csv or json for --progress, json "
        "for --list-practices",
    )
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE")
    p.add_argument("--content", type=Path, metavar="DIR", help="content folder (default: built in)")
    p.add_argument(
        "--data-dir",
        metavar="DIR",
        help="records folder, as the app's (training records go inside, encrypted with its "
        "passphrase when it is encrypted: without the passphrase, give a folder of your own; "
        "default: $CPI_DATA_DIR, else the folder chosen in Settings, else your user data "
        "folder)",
    )
    p.set_defaults(handler=guard(cmd_train))


# ---------------------------------------------------------------------------------- helpers


def _personas(args: argparse.Namespace) -> dict[str, Persona]:
    from assistant.cli.pack import the_choice
    from assistant.training.loader import usable_content_personas

    # The chosen agency pack's personas replace or add to the content folder's; the app
    # started with --content takes its personas the same way. As in the app, a broken file
    # leaves out its persona, not every one; the problems are named on stderr.
    personas, problems = usable_content_personas(args.content, the_choice().path)
    if problems:
        print(
            "Some persona files have problems, so those personas are left out "
            "(cpi-assistant validate lists them all):",
            file=sys.stderr,
        )
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
    if not personas:
        raise UserError("there are no personas in the content folder.")
    return personas


def _persona(args: argparse.Namespace, personas: dict[str, Persona]) -> Persona:
    from assistant.flows.problems import did_you_mean

    if not args.persona:
        raise UserError(f"say which persona with --persona ID (one of: {', '.join(personas)}).", 2)
    if args.persona not in personas:
        raise UserError(
            f"there is no persona `{args.persona}`{did_you_mean(args.persona, personas)}; "
            f"use one of: {', '.join(personas)}.",
            2,
        )
    return personas[args.persona]


def _content(args: argparse.Namespace) -> Content:
    from assistant.authoring.content import load_content
    from assistant.cli.pack import chosen_pack
    from assistant.flows.problems import ContentError

    try:
        return load_content(args.content, pack=chosen_pack())
    except ContentError as exc:
        raise UserError(
            f"the content has problems; fix them first (cpi-assistant validate):\n{exc}"
        ) from None


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        reason = exc.strerror or exc
        raise UserError(f"cannot write {output}: {reason}. Nothing was written.") from None
    print(f"written: {output}", file=sys.stderr)


# --------------------------------------------------------------------------------- commands


def cmd_train(args: argparse.Namespace) -> int:
    from assistant.training import render

    _check_options(args)
    if args.feedback:
        return _feedback(args)
    if args.list_practices:
        return _list_practices(args)
    if args.progress:
        return _progress(args)
    if args.resume:
        return _resume(args)
    personas = _personas(args)
    if args.list:
        for persona in personas.values():
            print(f"{persona.id:<10} {persona.name}, {persona.age}: {persona.summary}")
        return 0
    if args.role_card or args.trainer_notes:
        persona = _persona(args, personas)
        if args.role_card:
            make = render.role_card_html if args.format == "html" else render.role_card_markdown
        else:
            make = (
                render.trainer_notes_html
                if args.format == "html"
                else render.trainer_notes_markdown
            )
        _emit(make(persona), args.output)
        return 0
    if args.preview:
        return _preview(args, _persona(args, personas))
    if args.persona:
        _persona(args, personas)  # a typo is reported before the app starts
    return _start_app(args)


def _check_options(args: argparse.Namespace) -> None:
    """Refuse a format that does not fit what was asked for (before anything is read)."""
    if args.format in (None, *DOCUMENT_FORMATS) or args.progress:
        return
    if args.format == "json" and args.list_practices:
        return
    raise UserError(
        f"--format {args.format} is only for --progress"
        + (" and --list-practices" if args.format == "json" else "")
        + "; use md or html here.",
        EXIT_USAGE,
    )


def _training_store(args: argparse.Namespace) -> CaseStore:
    """The training store, with the passphrase when the records are encrypted (from
    CPI_PASSPHRASE or asked for, as the records commands do)."""
    return _unlocked_training_store(args)[0]


def _unlocked_training_store(args: argparse.Namespace) -> tuple[CaseStore, str | None]:
    """The training store and the passphrase it took (None: the records are not encrypted)."""
    where = argparse.Namespace(data_dir=str(data_dir(args)), training=True)
    store, passphrase = unlocked_store(where)
    report_recovery(store)
    return store, passphrase


def _meeting_number(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(
            f"the meeting number must be a whole number from 1 up, not {text!r}"
        )
    return number


def _preview(args: argparse.Namespace, persona: Persona) -> int:
    from assistant.engine.conversation import FlowError
    from assistant.training.render import WATERMARK, md
    from assistant.training.session import TrainingSession

    session = TrainingSession(
        persona, _content(args), mode="solo", seed=1 if args.seed is None else args.seed
    )
    lines = [f"# {WATERMARK}: a headless solo session with {md(persona.name)}", ""]
    for topic in session.content.listed():
        lines += [f"## {md(topic.title)}", ""]
        try:
            lines += _preview_topic(session, topic.id, persona.name)
        except FlowError as exc:
            raise UserError(f"the preview stopped in the topic `{topic.id}`: {exc}") from None
        lines.append("")
    feedback = session.feedback()
    text = "\n".join(lines) + "\n" + feedback.to_markdown()
    if args.format == "html":
        text = feedback.to_html()
    _emit(text, args.output)
    return 0


def _preview_topic(session: TrainingSession, topic_id: str, name: str) -> list[str]:
    """The persona's answers in one topic, as lines; a FlowError when the topic goes on
    past PREVIEW_STEPS steps (a loop that never ends) or its content breaks."""
    from assistant.engine.conversation import FlowError
    from assistant.training.render import md

    lines: list[str] = []
    session.conversation.goto_topic(topic_id)
    for _ in range(PREVIEW_STEPS):
        step = session.conversation.step
        if step.kind == "topics":
            return lines
        response = session.persona_turn()
        if response is None:
            session.skip()  # a question for the worker: the preview leaves it
            continue
        if step.kind in ("ask", "menu"):
            said = response.words or "(not today)"
            lines.append(f"- *{md(step.text)}* {md(name)}: {md(said)}")
    raise FlowError(
        f"the topic did not finish in {PREVIEW_STEPS} steps: does it loop for ever? "
        "Run `cpi-assistant validate` and `cpi-assistant explore` on the content"
    )


def _feedback(args: argparse.Namespace) -> int:
    """Feedback for a practice: a training record id, or a saved session file."""
    from assistant.training.session import TrainingError

    ref = str(args.feedback)
    path = Path(ref).expanduser()
    if path.exists() or _looks_like_a_file(ref):
        session = _session_from_file(args, path)
    else:
        info, session = _practice(args, ref)
        print(f"feedback for {info.name}, record {info.record_id}", file=sys.stderr)
    try:
        feedback = session.feedback()
    except TrainingError as exc:
        raise UserError(f"{ref}: {exc}", EXIT_USAGE) from None
    _emit(feedback.to_html() if args.format == "html" else feedback.to_markdown(), args.output)
    return 0


def _looks_like_a_file(ref: str) -> bool:
    return "/" in ref or "\\" in ref or ref.endswith(".json")


def _session_from_file(args: argparse.Namespace, path: Path) -> Any:
    from assistant.training.session import TrainingError, TrainingSession

    try:
        state: Any = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}.", EXIT_USAGE) from None
    except ValueError:
        raise UserError(f"{path} is not a saved practice session (not JSON).", EXIT_USAGE) from None
    try:
        return TrainingSession.from_state(state, content=_content(args), personas=_personas(args))
    except TrainingError as exc:
        raise UserError(f"{path}: {exc}", EXIT_USAGE) from None


def _practice(args: argparse.Namespace, ref: str) -> tuple[Any, Any]:
    """(PracticeInfo, TrainingSession) of a practice in the training store, by record id."""
    from assistant.training.session import TrainingError
    from assistant.training.store import load_practice_by_record

    store = _training_store(args)
    try:
        return load_practice_by_record(store, ref, content=_content(args), personas=_personas(args))
    except TrainingError as exc:
        raise UserError(str(exc), EXIT_USAGE) from None


def _list_practices(args: argparse.Namespace) -> int:
    from assistant.training.store import list_practices

    problems: list[str] = []
    practices = list_practices(_training_store(args), args.trainee, problems=problems)
    for line in problems:
        print(f"cpi-assistant: note: not listed: {line}", file=sys.stderr)
    if args.format == "json":
        _emit(
            json.dumps([p.to_json() for p in practices], ensure_ascii=False, indent=2) + "\n",
            args.output,
        )
        return 0
    if not practices:
        who = f" by {args.trainee.strip()}" if (args.trainee or "").strip() else ""
        _emit(f"No practices{who} in the training records yet.\n", args.output)
        return 0
    lines = []
    for p in practices:
        state = f"finished {_when(p.finished)}" if p.finished else "not finished"
        trainee = p.trainee or "(no name given)"
        if args.output is None:  # on a terminal, a long name cut: each row stays one line
            trainee = name_in_row(trainee)
        lines.append(
            f"{p.record_id}  {_when(p.started)}  {trainee}: {p.persona_id}, {p.mode}, "
            f"meeting {p.meeting}, {state}"
        )
    _emit("\n".join(lines) + "\n", args.output)
    return 0


def _when(iso: str | None) -> str:
    return (iso or "")[:16].replace("T", " ")


def _progress(args: argparse.Namespace) -> int:
    from assistant.training.progress import progress_from_store

    report = progress_from_store(
        _training_store(args),
        trainee=args.trainee,
        content=_content(args),
        personas=_personas(args),
    )
    for line in report.skipped:
        print(f"cpi-assistant: note: not scored: {line}", file=sys.stderr)
    _emit(report.render(args.format or "md"), args.output)
    return 0


def _resume(args: argparse.Namespace) -> int:
    """Carry on with a saved practice in the app."""
    from assistant.training.session import TrainingError
    from assistant.training.store import find_practice, hold_practice, same_trainee

    # Asked once: the app is given the passphrase that opened the practice.
    store, passphrase = _unlocked_training_store(args)
    try:
        info = find_practice(store, args.resume)
    except TrainingError as exc:
        raise UserError(str(exc), EXIT_USAGE) from None
    if info.finished:
        raise UserError(
            f"the practice {info.record_id} ({info.name}) was finished on "
            f"{_when(info.finished)}; start a new one instead (--persona {info.persona_id} "
            f"--meeting {info.meeting + 1} for a later meeting with the same person).",
            EXIT_USAGE,
        )
    clash = [
        f"--{name} {given}"
        for name, given, saved in (
            ("persona", args.persona, info.persona_id),
            ("mode", args.mode, info.mode),
            ("meeting", args.meeting, info.meeting),
        )
        if given is not None and given != saved
    ]
    # The practice stays credited to whoever started it: another name would be ignored.
    trainee = (args.trainee or "").strip()
    if trainee and not same_trainee(trainee, info.trainee):
        clash.append(f"--trainee {trainee}")
    if clash:
        whose = f"{info.trainee}'s" if info.trainee else "with no trainee's name"
        raise UserError(
            f"{', '.join(clash)} does not fit the practice {info.record_id}, which is "
            f"{info.persona_id}, {info.mode}, meeting {info.meeting}, {whose}. Leave "
            f"{'them' if len(clash) > 1 else 'it'} out to carry on.",
            EXIT_USAGE,
        )
    # Said here, before the app starts, when another window has the practice open (the refusal
    # a real record gives, exit code 4); the app takes the lock itself to open it.
    hold_practice(store, info.record_id).close()
    return _start_app(
        args,
        persona_id=info.persona_id,
        mode=info.mode,
        trainee=info.trainee,
        meeting=info.meeting,
        resume=(info.record_id, info.session_id),
        passphrase=passphrase,
    )


def _start_app(args: argparse.Namespace, **saved: Any) -> int:
    """Start the app in training mode: the same app, settings and records folder as a
    practice started from Home (the practice store is kept apart from real records).
    ``saved``: a practice to carry on with (its persona, mode, trainee, meeting, ids)."""
    from assistant.training.session import TrainingLaunch
    from assistant.ui import run_app

    launch = TrainingLaunch(
        persona_id=saved.get("persona_id", args.persona),
        mode=saved.get("mode", args.mode or "solo"),
        seed=args.seed,
        trainee=saved.get("trainee", (args.trainee or "").strip()),
        meeting=saved.get("meeting", args.meeting or 1),
        resume=saved.get("resume"),
    )
    return run_app(
        data_dir=args.data_dir,
        content_root=args.content,
        training=launch,
        passphrase=saved.get("passphrase"),
    )
