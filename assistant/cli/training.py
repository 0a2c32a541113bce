"""``cpi-assistant train``: role-play training with fictional personas.

Without the app it lists personas, prints role cards and trainer notes (Markdown or HTML,
watermarked), previews a persona in a headless solo session, and turns a saved practice
session into feedback. With no such option it starts the app in training mode.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.cli import UserError

if TYPE_CHECKING:
    from assistant.flows.loader import Content
    from assistant.training.model import Persona


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``train`` to the ``cpi-assistant`` parser."""
    p = subparsers.add_parser(
        "train",
        help="role-play training with fictional personas (solo or paired)",
        description="Practise the Connecting People way of working with a fictional person. "
        "Solo: you are the worker and the app answers as the persona. Paired: a colleague "
        "plays the persona from its role card. Everything is marked TRAINING — FICTIONAL "
        "PERSON and kept apart from real records.",
    )
    p.add_argument("--persona", metavar="ID", help="which persona (see --list)")
    p.add_argument("--mode", choices=("solo", "paired"), default="solo")
    p.add_argument("--seed", type=int, help="fix the persona's variation (for repeatable runs)")
    p.add_argument("--list", action="store_true", help="list the personas")
    p.add_argument("--role-card", action="store_true", help="the role card of --persona")
    p.add_argument("--trainer-notes", action="store_true", help="the trainer's notes of --persona")
    p.add_argument(
        "--preview",
        action="store_true",
        help="a headless solo session: the persona answers every topic, then feedback "
        "(with --format html, the feedback only)",
    )
    p.add_argument(
        "--feedback", type=Path, metavar="FILE", help="feedback for a saved practice session"
    )
    p.add_argument("--format", choices=("md", "html"), default="md", help="for printed documents")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE")
    p.add_argument("--content", type=Path, metavar="DIR", help="content folder (default: built in)")
    p.add_argument("--data-dir", metavar="DIR", help="records folder (training records go inside)")
    p.set_defaults(handler=cmd_train)


# ---------------------------------------------------------------------------------- helpers


def _personas(args: argparse.Namespace) -> dict[str, Persona]:
    from assistant.cli.pack import the_choice
    from assistant.flows.problems import ContentError
    from assistant.training.loader import load_personas, pack_personas, personas_dir

    try:
        # The chosen agency pack's personas replace or add to the content folder's.
        personas = load_personas(
            personas_dir(args.content) if args.content else None,
            pack=pack_personas(the_choice().path),
        )
    except ContentError as exc:
        raise UserError(
            f"the personas have problems; fix them first (cpi-assistant validate):\n{exc}"
        ) from None
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

    if args.feedback:
        return _feedback_file(args)
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


def _preview(args: argparse.Namespace, persona: Persona) -> int:
    from assistant.training.render import WATERMARK, md
    from assistant.training.session import TrainingSession

    session = TrainingSession(
        persona, _content(args), mode="solo", seed=1 if args.seed is None else args.seed
    )
    lines = [f"# {WATERMARK}: a headless solo session with {md(persona.name)}", ""]
    for topic in session.content.listed():
        lines += [f"## {md(topic.title)}", ""]
        session.conversation.goto_topic(topic.id)
        while session.conversation.step.kind != "topics":
            step = session.conversation.step
            response = session.persona_turn()
            if response is None:
                session.skip()  # a question for the worker: the preview leaves it
                continue
            if step.kind in ("ask", "menu"):
                said = response.words or "(not today)"
                lines.append(f"- *{md(step.text)}* {md(persona.name)}: {md(said)}")
        lines.append("")
    feedback = session.feedback()
    text = "\n".join(lines) + "\n" + feedback.to_markdown()
    if args.format == "html":
        text = feedback.to_html()
    _emit(text, args.output)
    return 0


def _feedback_file(args: argparse.Namespace) -> int:
    from assistant.training.session import TrainingError, TrainingSession

    try:
        state: Any = json.loads(args.feedback.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UserError(f"cannot read {args.feedback}: {exc.strerror or exc}.", 2) from None
    except ValueError:
        raise UserError(f"{args.feedback} is not a saved practice session (not JSON).", 2) from None
    try:
        session = TrainingSession.from_state(
            state, content=_content(args), personas=_personas(args)
        )
    except TrainingError as exc:
        raise UserError(f"{args.feedback}: {exc}", 2) from None
    feedback = session.feedback()
    _emit(feedback.to_html() if args.format == "html" else feedback.to_markdown(), args.output)
    return 0


def _start_app(args: argparse.Namespace) -> int:
    """Start the app in training mode: the same app, settings and records folder as a
    practice started from Home (the practice store is kept apart from real records)."""
    from assistant.training.session import TrainingLaunch
    from assistant.ui import run_app

    launch = TrainingLaunch(persona_id=args.persona, mode=args.mode, seed=args.seed)
    return run_app(
        data_dir=args.data_dir,
        content_root=args.content,
        training=launch,
    )
