"""Render a plan in each export format. UI-free: the CLI and the app's export dialog call this."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape as html_escape
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pydantic_core import PydanticSerializationError, to_json

from assistant import __version__
from assistant.agency import Agency
from assistant.content_pack.layers import ContentLayers
from assistant.dates import local_iso_day
from assistant.export.escape import isolated
from assistant.export.ideas import ideas_for_others
from assistant.export.measures import measures_view, referrals_view
from assistant.export.pictograms import CREDIT as PICTURE_CREDIT
from assistant.export.pictograms import CREDIT_URL as PICTURE_CREDIT_URL
from assistant.export.pictograms import PictureSet
from assistant.export.views import (
    EXAMPLE_MARK,
    agency_view,
    audience_view,
    contacts_view,
    directory_view,
    earlier_reviews,
    easy_reviewer,
    emptied_view,
    hard_times_view,
    numbered_goals,
    participation_view,
    plan_agency,
    taken_off_view,
    try_cards,
    unreviewed_words,
)
from assistant.plans.area_words import easy_not_rated_words, not_rated_words
from assistant.plans.model import Plan
from assistant.plans.network_shape import shape_view
from assistant.plans.sharing import referrals_for
from assistant.plans.state import (
    DRAFT_MARK,
    DRAFT_NOTE,
    EASY_DRAFT_MARK,
    agreed_in_part,
    plan_state_words,
    state_easy_words,
    state_label,
    state_or_draft,
    version_label,
)
from assistant.records.atomic import fsync_dir, temp_path, write_atomic, write_new


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


def json_bytes(data: Any) -> bytes:
    """``data`` as indented UTF-8 JSON and a newline: what ``json.dumps(data, indent=2,
    ensure_ascii=False)`` writes, made by pydantic's serialiser (Python's own encoder runs in
    pure Python when indenting, and took nine tenths of a JSON export). The same text for
    everything plans and FHIR bundles hold (no floats: ``1e-07`` would be written ``1e-7``)."""
    try:
        return to_json(data, indent=2) + b"\n"
    except PydanticSerializationError:
        # Text UTF-8 cannot hold (a lone surrogate): the standard library's error, as before.
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


def person_name(plan: Plan) -> str | None:
    if plan.about.name is not None:
        return plan.about.name.text
    return plan.person.display_name


class Drawing:
    """An SVG drawing for a template, drawn (once) when the template shows it.

    Shown through ``__html__`` as markup, like :class:`markupsafe.Markup`: the drawing code
    escapes every word it puts in (assistant.export.svg).
    """

    __slots__ = ("_draw", "_markup")

    def __init__(self, draw: Callable[[], str]) -> None:
        self._draw = draw
        self._markup: Markup | None = None

    def __html__(self) -> Markup:
        if self._markup is None:
            self._markup = Markup(self._draw())
        return self._markup

    def __str__(self) -> str:
        return str(self.__html__())


# Every template format isolates whole values only (plain_text and markdown_text in txt and
# md; <bdi> and dir="auto" round values in HTML): a name inside one of the app's sentences
# is isolated itself (first strong isolate ... pop directional isolate, which browsers
# honour as they do <bdi>).
_NAMES_ISOLATED = frozenset({"txt", "md", "html", "easy"})


def _names_isolated(plan: Plan, name: str | None) -> tuple[Plan, str | None]:
    """``plan`` and the person's ``name`` with each name the app builds its own sentences
    around ("by Sam and the worker", "Sam agrees", "This copy is for Jo") isolated when it
    holds a bidi control (:func:`assistant.export.escape.isolated`): an override left open
    in a name turned the rest of the sentence back to front, as the whole sentence is one
    value. Every other name is returned as it is, so ordinary copies stay the same."""
    update: dict[str, Any] = {}
    if plan.state is not None and plan.state.worker:
        worker = isolated(plan.state.worker)
        if worker != plan.state.worker:
            update["state"] = plan.state.model_copy(update={"worker": worker})
    if plan.audience is not None and plan.audience.name:
        named = isolated(plan.audience.name)
        if named != plan.audience.name:
            update["audience"] = plan.audience.model_copy(update={"name": named})
    return (plan.model_copy(update=update) if update else plan), (isolated(name) if name else name)


def template_context(plan: Plan, fmt: str, agency: Agency | None = None) -> dict[str, Any]:
    """What every export template gets: the plan as plain data plus a few prepared views.

    ``agency`` (the current agency settings) is shown when given, else the agency details
    the plan kept (see :func:`assistant.export.views.plan_agency`).
    """
    data = plan.to_json()
    yours = plan.audience is not None and plan.audience.kind == "person"
    if not yours:
        # "My idea" in a copy someone else reads would read as theirs (assistant.export.ideas).
        data = ideas_for_others(data)
    # The goals in the order every copy of this version numbers them ("Goal 2").
    data["goals"] = numbered_goals(plan, data["goals"])
    people = data["network"]["people"]
    name = whole = person_name(plan)
    if fmt in _NAMES_ISOLATED:
        plan, name = _names_isolated(plan, name)
    state = state_or_draft(plan)
    context: dict[str, Any] = {
        "plan": data,
        "format": fmt,
        "name": name,
        # From the record, never from the Closing answers: see assistant.plans.state.
        "agreed": state.agreed,
        "state": {
            "status": state.status,
            "label": state_label(state),
            "words": plan_state_words(plan, name),
            "easy_words": state_easy_words(plan.state, agreed_in_part(plan.agreement)),
            "agreed_at": state.agreed_at,
            "saved_at": state.saved_at,
            # The top of every printed page: "Version 2, agreed in part 5 December 2026".
            "version_line": version_label(plan.number, plan.state, agreed_in_part(plan.agreement)),
            "replaced_by": state.replaced_by,
            # The worker of the version's meeting, when known (plans/workers.py).
            "worker": state.worker,
        },
        "circles": {str(c): [p for p in people if p.get("circle") == c] for c in (1, 2, 3)},
        "no_circle": [p for p in people if p.get("circle") is None],
        # The network's shape (GENIE): the shipped templates print it on the team's copy only.
        "network_shape": shape_view(data),
        "gaps": [d["domain"]["label"] for d in data["resourceful"]["domains"] if d["gap"]],
        # Every area the plan lists: one offered earlier and not rated since stays in sight.
        # In the words the plan preview on the screen uses too (plans.area_words).
        "rated": [
            {
                **a,
                "not_rated": not_rated_words(area, plan.audience),
                "easy_not_rated": easy_not_rated_words(area, plan.audience),
            }
            for a, area in zip(data["life_areas"], plan.life_areas, strict=True)
        ],
        "hard_times": hard_times_view(plan.hard_times),
        "contacts": contacts_view(plan.contacts),
        "participation": participation_view(plan),
        "easy_reviewer": easy_reviewer(plan),
        # Goals whose review view is an earlier meeting's: "At the review on 3 December…".
        "earlier_reviews": earlier_reviews(plan),
        # Goals and people taken off their list at a meeting (what this copy may show).
        "taken_off": taken_off_view(plan),
        "directory": directory_view(plan.community),
        "try_cards": try_cards(plan.community),
        "agency": agency_view(plan_agency(plan, agency), yours=yours),
        "audience": audience_view(plan.audience),
        # An action's or goal's missing review status where it may be kept private.
        "unreviewed": unreviewed_words(plan.audience, plan.previous_number),
        # The lists emptied on purpose the copy may say so of (none with parts left out).
        "emptied": emptied_view(plan),
        "app": {"name": "Connecting People Assistant", "version": __version__},
        # Outcome measures across the meetings and referrals, for this copy's audience.
        "measures": measures_view(plan),
        "referrals": referrals_view(plan, name),
    }
    if TEMPLATE_KIND.get(fmt) == "html":
        from assistant.export import svg

        # Escaped inside svg.py; Markup so autoescape leaves the markup alone. Drawn when a
        # template first shows them (the shipped easy read shows none).
        # A label of its own, not in a sentence: the drawing isolates its own text.
        centre = whole or "Me"
        context["network_svg"] = Drawing(lambda: svg.network_map(data, centre_label=centre))
        context["marker_key"] = [dict(k, svg=Markup(k["svg"])) for k in svg.marker_key()]
        context["rating_charts"] = {
            # Dated as the ratings before it are (assistant.plans.from_session).
            a["area"]: Drawing(
                functools.partial(
                    svg.ratings_chart,
                    a,
                    plan.number,
                    plan.agreement.date or local_iso_day(plan.created),
                )
            )
            for a in data["life_areas"]
        }
        # The easy read's pictures: a pictogram beside each idea (one symbol per picture in
        # a sprite printed last), a calmer map and a scale of faces per rating.
        pictures = PictureSet()
        context["picture"] = pictures.picture
        context["picture_sprite"] = Drawing(pictures.sprite)
        context["picture_credit"] = {"text": PICTURE_CREDIT, "url": PICTURE_CREDIT_URL}
        context["easy_map"] = Drawing(
            functools.partial(svg.easy_network_map, people, whole or "You")
        )
        context["easy_ratings"] = [_easy_rating(a) for a in context["rated"]]
        if context["measures"] is not None:
            _draw_measures(context["measures"])
    return context


def _draw_measures(view: dict[str, Any]) -> None:
    """A chart beside each measure's table (``svg``) and the easy read's bars (``easy_svg``),
    drawn when a template shows them."""
    from assistant.export import svg

    for row in view["wellbeing"] + view["connections"]:
        row["svg"] = Drawing(
            functools.partial(
                svg.measures_chart,
                row["label"],
                row["points"],
                low=row["low"],
                high=row["high"],
                note=row["note"],
            )
        )
        row["easy_svg"] = Drawing(functools.partial(svg.easy_bars, row["points"], row["high"]))
    for goal in view["goals"]:
        goal["svg"] = Drawing(
            functools.partial(
                svg.measures_chart,
                f"Goal attainment: {goal['what']}",
                goal["points"],
                low=-2,
                high=2,
                note=view["gas_scale"],
                baseline=0,
            )
        )


def _easy_rating(area: dict[str, Any]) -> dict[str, Any]:
    """One life area for the easy read: the rating now, the last one before it (``then``,
    with its date when known) and the scale of faces showing both."""
    history = area.get("history") or []
    last = history[-1] if history else None
    now = area.get("value")
    then = last["value"] if last else None
    from assistant.export import svg

    return {
        "label": area["label"],
        "now": now,
        # Who gave this rating (the ``easy_said`` filter words it: "Your worker said").
        "by": {key: area.get(key) for key in ("proposed_by", "agreed_by", "changed_by")},
        "then": then,
        "then_date": last.get("date") if last else None,
        "left_today": bool(area.get("left_today")),
        # What it says in place of a rating: left for today, at the last meeting, or not
        # talked about this time (plans.area_words).
        "not_rated": area.get("easy_not_rated"),
        "focus": bool(area.get("focus")),
        "faces": Drawing(functools.partial(svg.rating_faces, now, then)),
    }


def render_text(
    plan: Plan,
    fmt: str,
    *,
    templates: Path | None = None,
    agency: Agency | None = None,
    layers: ContentLayers | None = None,
) -> str:
    """A template-based format (md, html, txt, easy) as text: templates from ``templates``
    first, then from the content ``layers`` (an agency pack's, then the base content's;
    default: the shipped templates)."""
    from assistant.export.escape import wrap_text
    from assistant.export.templates import TemplateProblem, render_template

    spec = FORMATS[fmt]
    assert spec.template is not None
    try:
        text = render_template(
            TEMPLATE_KIND[fmt],  # type: ignore[arg-type]
            spec.template,
            template_context(plan, fmt, agency),
            templates,
            layers.templates() if layers is not None else None,
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
    agency: Agency | None = None,
    person_id: str | None = None,
    layers: ContentLayers | None = None,
) -> bytes:
    """The plan in format ``fmt`` (a key of :data:`FORMATS`) as bytes, ready to write.

    ``agency``: the current agency settings, shown in every format but JSON (the version
    exactly as saved) in place of the details the plan kept when it was made, so the numbers
    printed are ones that work today (:func:`assistant.export.views.plan_agency`). Without
    either, no contact details are shown: none are ever made up.

    ``person_id``: the records' id for the person, from which the FHIR bundle's ids are
    derived (so every version of one person's plan can name the one it replaces).

    ``layers``: the content in use (``ContentLayers.of(content)``), whose template folders
    (an agency pack's first) are looked in after ``templates``; default: the shipped ones.
    """
    if fmt not in FORMATS:
        raise ExportError(f"Unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}.")
    # Every export says draft or agreed: a plan that is not a saved version is a draft.
    plan = plan.model_copy(update={"state": state_or_draft(plan)})
    if fmt == "json":
        # The copy's audience decides what of each referral it holds, as in every format.
        if plan.audience is not None:
            plan = referrals_for(plan, plan.audience)
        return json_bytes(plan.to_json())
    if fmt == "fhir":
        from assistant.export.fhir import plan_to_fhir

        bundle = plan_to_fhir(
            plan.to_json(),
            include_network=include_network,
            agency=plan_agency(plan, agency),
            person_id=person_id,
        )
        return json_bytes(bundle)
    if fmt == "pdf":
        from assistant.export.pdf import PdfFailed, PdfUnavailable, html_to_pdf

        html = render_text(plan, "html", templates=templates, agency=agency, layers=layers)
        html = _marked(html, "html", plan, agency)
        try:
            return html_to_pdf(html, timeout=pdf_timeout)
        except (PdfUnavailable, PdfFailed) as exc:
            raise ExportError(str(exc)) from None
    text = render_text(plan, fmt, templates=templates, agency=agency, layers=layers)
    return _marked(text, fmt, plan, agency).encode("utf-8")


_BODY_OPEN = re.compile(r"<body[^>]*>", re.IGNORECASE)
_BODY_CLOSE = re.compile(r"</body\s*>", re.IGNORECASE)
_HEAD_CLOSE = re.compile(r"</head\s*>", re.IGNORECASE)


def _marked(text: str, fmt: str, plan: Plan, agency: Agency | None = None) -> str:
    """The example mark, the draft mark, then the training watermark, outermost."""
    text = _example_marked(text, fmt, plan_agency(plan, agency))
    return _watermarked(_draft_marked(text, fmt, plan), fmt, plan)


def _example_marked(text: str, fmt: str, agency: Agency | None) -> str:
    """Made-up contact details say so on every copy, even from an agency's own template.

    The shipped templates print the mark beside the contacts; a template that does not gets
    it at the top, so nobody mistakes the example's numbers for real ones.
    """
    if agency is None or not agency.example:
        return text
    if EXAMPLE_MARK in text or EXAMPLE_MARK in " ".join(text.split()):  # txt lines may split it
        return text
    if fmt in ("html", "easy"):
        banner = (
            '<p class="example-mark" role="note" style="border:3px solid #000;padding:.4em .8em;'
            f'font-weight:bold;text-align:center">{html_escape(EXAMPLE_MARK)}</p>'
        )
        return _around_body(text, banner, "")
    if fmt == "md":
        return f"> **{EXAMPLE_MARK}**\n\n{text}"
    return f"*** {EXAMPLE_MARK} ***\n\n{text}"


def _around_body(text: str, top: str, bottom: str) -> str:
    """``top`` just inside <body>, ``bottom`` just before </body> (around it all if none)."""
    opened = _BODY_OPEN.search(text)
    closed = next(reversed(list(_BODY_CLOSE.finditer(text))), None)
    if opened is None or closed is None or closed.start() < opened.end():
        return top + text + bottom
    return (
        text[: opened.end()]
        + top
        + text[opened.end() : closed.start()]
        + bottom
        + text[closed.start() :]
    )


# On screen the top banner stays in view while scrolling; on paper (and in a PDF) a faint
# mark is printed across every page, since a banner would only be on the first and last.
_DRAFT_CSS = (
    "<style>"
    ".draft-mark{border:3px dashed #7a2e00;padding:.4em .8em;font-weight:bold;"
    "text-align:center;background:#fff7f0;color:#5a2100;margin:.5em 0}"
    ".draft-mark.top{position:sticky;top:0;z-index:10}"
    ".draft-page{display:none}"
    "@media print{.draft-mark.top{position:static}"
    ".draft-page{display:block;position:fixed;top:45%;left:0;right:0;text-align:center;"
    "font-size:30pt;font-weight:bold;white-space:nowrap;color:rgba(122,46,0,.16);transform:rotate(-30deg);"
    "pointer-events:none;z-index:1000}}"
    "</style>"
)


def _draft_marked(text: str, fmt: str, plan: Plan) -> str:
    """Mark a draft as a draft at the top, at the bottom and, on paper, on every page.

    Done here, after the template, so an agency's own template cannot leave it out.
    """
    if state_or_draft(plan).agreed:
        return text
    if fmt in ("html", "easy"):
        words = html_escape(EASY_DRAFT_MARK if fmt == "easy" else f"{DRAFT_MARK}. {DRAFT_NOTE}")
        top = (
            f'<p class="draft-mark top" role="note">{words}</p>'
            f'<div class="draft-page" aria-hidden="true">{html_escape(DRAFT_MARK)}</div>'
        )
        head_end = _HEAD_CLOSE.search(text)
        if head_end is not None:
            text = text[: head_end.start()] + _DRAFT_CSS + text[head_end.start() :]
        else:
            top = _DRAFT_CSS + top  # an agency page without <head>: still styled
        return _around_body(text, top, f'<p class="draft-mark" role="note">{words}</p>')
    if fmt == "md":
        return f"> **{DRAFT_MARK}.** {DRAFT_NOTE}\n\n{text.rstrip()}\n\n> **{DRAFT_MARK}.**\n"
    return f"*** {DRAFT_MARK} ***\n{DRAFT_NOTE}\n\n{text.rstrip()}\n\n*** {DRAFT_MARK} ***\n"


# The training mark in the middle of every printed page's header (a page margin box, beside
# the template's own: whose plan on the left, which version on the right).
_TRAINING_PAGE_CSS = (
    '<style>@page{@top-center{content:MARK;font:bold 9pt Arial,"Noto Sans","DejaVu Sans",'
    "sans-serif;color:#000;vertical-align:bottom;padding-bottom:3mm}}</style>"
)


def _css_string(text: str) -> str:
    """``text`` as a quoted CSS string: all but letters and digits escaped (as
    ``export.templates.css_string`` does; that module loads Jinja, which this one does not)."""
    return '"' + "".join(ch if ch.isalnum() else f"\\{ord(ch):06x}" for ch in text) + '"'


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
        # On paper (and in a PDF) the banners are on the first and last page only: each page
        # between says it too, in its header, so no single page passes for a real plan.
        page = _TRAINING_PAGE_CSS.replace("MARK", _css_string(mark))
        head_end = _HEAD_CLOSE.search(text)
        if head_end is not None:
            text = text[: head_end.start()] + page + text[head_end.start() :]
        else:
            banner = page + banner  # an agency page without <head>: still on every page
        return _around_body(text, banner, banner)
    if fmt == "md":
        return f"> **{mark}.** {note}\n\n{text.rstrip()}\n\n> **{mark}.**\n"
    return f"*** {mark} ***\n{note}\n\n{text.rstrip()}\n\n*** {mark} ***\n"


def suggested_name(plan: Plan, fmt: str) -> str:
    """A file name like ``plan-v2.html``, or ``plan-v3-draft.html`` for a draft (no personal
    details in file names)."""
    version = f"-v{plan.number}" if plan.number else ""
    draft = "" if state_or_draft(plan).agreed else "-draft"
    easy = "-easy-read" if fmt == "easy" else ""
    return f"plan{version}{draft}{easy}{FORMATS[fmt].suffix}"


def free_path(folder: Path, name: str) -> Path:
    """``folder/name``, or ``name`` with ``-2``, ``-3``... when taken (never replaces a file)."""
    path = folder / name
    suffix = next((s for s in (".fhir.json",) if name.endswith(s)), Path(name).suffix)
    stem = name[: len(name) - len(suffix)] if suffix else name
    number = 2
    while path.exists() or path.is_symlink():
        path = folder / f"{stem}-{number}{suffix}"
        number += 1
    return path


def write_export(data: bytes, path: Path, *, overwrite: bool = False) -> Path:
    """Write an export durably, all or nothing; never replaces a file unless ``overwrite``."""
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


def audit_export(
    case: Any, plan: Plan, fmt: str, destination: str, *, include_named: bool = False
) -> None:
    """Record the export in the person's audit trail (what, which version and its state,
    for whom, where to).

    ``include_named``: the worker was warned that this shared copy names someone the person
    keeps private and sent it as it is (``--include-named``, or Export pressed again in the
    app): recorded as ``include_named: true`` (absent otherwise).

    ``plan`` is the copy exported (``assistant.plans.sharing.copy_for``): its audience says
    for whom (``person``, ``team`` or ``named`` with the name) and whether parts were left
    out at the person's wish (``withheld``, never which). A plan without an audience is
    recorded as ``unknown``, so an export made without asking for whom stands out.
    """
    audience = plan.audience
    case.audit(
        "exported",
        format=fmt,
        destination=destination,
        plan_version=plan.number,
        plan_state=state_label(plan.state),
        audience=audience.kind if audience is not None else "unknown",
        audience_name=audience.name if audience is not None else None,
        withheld=audience.withheld if audience is not None else None,
        **({"include_named": True} if include_named else {}),
    )
