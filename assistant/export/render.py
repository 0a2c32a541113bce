"""Render a plan in each export format. UI-free: the CLI and the app's export dialog call this."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import escape as html_escape
from pathlib import Path
from typing import Any

from markupsafe import Markup

from assistant.plans.model import Plan


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    suffix: str
    media_type: str
    template: str | None = None


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("md", "Markdown", ".md", "text/markdown", "plan.md.j2"),
        Format("html", "Web page (printable)", ".html", "text/html", "plan.html.j2"),
        Format("txt", "Plain text for case notes", ".txt", "text/plain", "plan.txt.j2"),
        Format("easy", "Easy read, for the person", ".html", "text/html", "plan.easy.html.j2"),
        Format("json", "JSON (complete, with a schema)", ".json", "application/json"),
        Format("fhir", "FHIR R4 Bundle", ".fhir.json", "application/fhir+json"),
        Format("pdf", "PDF (needs Chromium)", ".pdf", "application/pdf"),
    )
}
TEMPLATE_KIND = {"md": "md", "html": "html", "txt": "txt", "easy": "html"}
TEXT_WIDTH = 78
_EXTRA_BLANKS = re.compile(r"\n(?:[ \t]*\n){2,}")
_HEADING_AFTER_TEXT = re.compile(r"([^\n])\n(#{1,6} )")


class ExportError(Exception):
    """An export that could not be made; the message says why and what to do."""


def person_name(plan: Plan) -> str | None:
    if plan.about.name is not None:
        return plan.about.name.text
    return plan.person.display_name


def template_context(plan: Plan, fmt: str) -> dict[str, Any]:
    """What every export template gets: the plan as plain data plus a few prepared views."""
    from assistant import __version__

    data = plan.to_json()
    people = data["network"]["people"]
    context: dict[str, Any] = {
        "plan": data,
        "format": fmt,
        "name": person_name(plan),
        "agreed": plan.agreement.both_agreed,
        "circles": {str(c): [p for p in people if p.get("circle") == c] for c in (1, 2, 3)},
        "no_circle": [p for p in people if p.get("circle") is None],
        "gaps": [d["domain"]["label"] for d in data["resourceful"]["domains"] if d["gap"]],
        "rated": [a for a in data["life_areas"] if a["value"] is not None or a["history"]],
        "app": {"name": "Connecting People Assistant", "version": __version__},
    }
    if TEMPLATE_KIND.get(fmt) == "html":
        from assistant.export import svg

        # Drawn here, escaped inside svg.py; Markup so autoescape leaves the markup alone.
        context["network_svg"] = Markup(svg.network_map(data, centre_label=context["name"] or "Me"))
        context["marker_key"] = [dict(k, svg=Markup(k["svg"])) for k in svg.marker_key()]
        context["rating_charts"] = {
            a["area"]: Markup(svg.ratings_chart(a, plan.number)) for a in data["life_areas"]
        }
    return context


def render_text(plan: Plan, fmt: str, *, templates: Path | None = None) -> str:
    """A template-based format (md, html, txt, easy) as text."""
    from assistant.export.escape import wrap_text
    from assistant.export.templates import TemplateProblem, render_template

    spec = FORMATS[fmt]
    assert spec.template is not None
    try:
        text = render_template(
            TEMPLATE_KIND[fmt],  # type: ignore[arg-type]
            spec.template,
            template_context(plan, fmt),
            templates,
        )
    except TemplateProblem as exc:
        raise ExportError(str(exc)) from None
    if fmt in ("md", "txt"):
        # Optional parts leave blank lines behind; people's own blank lines never reach
        # here as runs of newlines (Markdown keeps them as hard breaks).
        text = _EXTRA_BLANKS.sub("\n\n", text)
    if fmt == "md":
        text = _HEADING_AFTER_TEXT.sub("\\1\n\n\\2", text)
    if fmt == "txt":
        text = wrap_text(text, TEXT_WIDTH)
    return text


def render(
    plan: Plan,
    fmt: str,
    *,
    templates: Path | None = None,
    include_network: bool = False,
    pdf_timeout: float = 60.0,
) -> bytes:
    """The plan in format ``fmt`` (a key of :data:`FORMATS`) as bytes, ready to write."""
    if fmt not in FORMATS:
        raise ExportError(f"Unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}.")
    if fmt == "json":
        return (json.dumps(plan.to_json(), indent=2, ensure_ascii=False) + "\n").encode()
    if fmt == "fhir":
        from assistant.export.fhir import plan_to_fhir

        bundle = plan_to_fhir(plan.to_json(), include_network=include_network)
        if plan.watermark:
            bundle["meta"] = {"tag": [{"code": "training", "display": plan.watermark}]}
        return (json.dumps(bundle, indent=2, ensure_ascii=False) + "\n").encode()
    if fmt == "pdf":
        from assistant.export.pdf import PdfFailed, PdfUnavailable, html_to_pdf

        html = _watermarked(render_text(plan, "html", templates=templates), "html", plan)
        try:
            return html_to_pdf(html, timeout=pdf_timeout)
        except (PdfUnavailable, PdfFailed) as exc:
            raise ExportError(str(exc)) from None
    text = render_text(plan, fmt, templates=templates)
    return _watermarked(text, fmt, plan).encode("utf-8")


_BODY_OPEN = re.compile(r"<body[^>]*>", re.IGNORECASE)
_BODY_CLOSE = re.compile(r"</body\s*>", re.IGNORECASE)


def _watermarked(text: str, fmt: str, plan: Plan) -> str:
    """Add the training watermark at the top and the bottom.

    Done here, after the template, so an agency's own template cannot leave it out.
    """
    mark = plan.watermark
    if not mark:
        return text
    note = "Made up for training. Not a record of a real person."
    if fmt in ("html", "easy"):
        banner = (
            '<p class="training-watermark" role="note" style="border:3px solid #000;'
            "padding:.4em .8em;font-weight:bold;text-align:center;background:#fff;"
            f'color:#000">{html_escape(mark)}. {note}</p>'
        )
        opened = _BODY_OPEN.search(text)
        closed = next(reversed(list(_BODY_CLOSE.finditer(text))), None)
        if opened is None or closed is None:
            return banner + text + banner
        return (
            text[: opened.end()]
            + banner
            + text[opened.end() : closed.start()]
            + banner
            + text[closed.start() :]
        )
    if fmt == "md":
        return f"> **{mark}.** {note}\n\n{text.rstrip()}\n\n> **{mark}.**\n"
    return f"*** {mark} ***\n{note}\n\n{text.rstrip()}\n\n*** {mark} ***\n"


def suggested_name(plan: Plan, fmt: str) -> str:
    """A file name like ``plan-v2.html`` (no personal details in file names)."""
    version = f"-v{plan.number}" if plan.number else ""
    easy = "-easy-read" if fmt == "easy" else ""
    return f"plan{version}{easy}{FORMATS[fmt].suffix}"


def write_export(data: bytes, path: Path, *, overwrite: bool = False) -> Path:
    """Write an export durably, all or nothing; never replaces a file unless ``overwrite``."""
    import contextlib
    import os

    from assistant.records.atomic import fsync_dir, temp_path, write_atomic, write_new

    path = Path(path).expanduser()
    try:
        if overwrite:
            write_atomic(path, data)
            return path
        if path.exists():
            raise FileExistsError(path)
        # Written in full under a temp name, then linked into place: a crash never leaves a
        # half-written export, and the link fails rather than replace a file made meanwhile.
        tmp = temp_path(path)
        write_new(tmp, data)
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:
            os.replace(tmp, path)  # no hard links here (e.g. FAT): checked above instead
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        fsync_dir(path.parent)
    except FileExistsError:
        raise ExportError(
            f"{path} already exists, so nothing was written (an export never replaces another "
            "file). Choose a new file name."
        ) from None
    except OSError as exc:
        raise ExportError(
            f"Could not write {path}: {exc.strerror or exc}. Nothing was exported; choose "
            "another place."
        ) from exc
    return path


def audit_export(case: Any, plan: Plan, fmt: str, destination: str) -> None:
    """Record the export in the person's audit trail (what, which version, where to)."""
    case.audit("exported", format=fmt, destination=destination, plan_version=plan.number)
