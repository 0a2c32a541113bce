"""Jinja2 environments for the export templates, with an agency's own folder looked up first.

Agency templates are user-editable files, so every template runs in Jinja's immutable
sandbox, bounded in time and size (``assistant.flows.sandbox``), with ``StrictUndefined``.
People's words only ever enter as values: they are never compiled, so an answer of
``{{ 7*7 }}`` is shown as typed. Each output kind escapes values its own way (``finalize``):
HTML by autoescape, Markdown with backslashes, plain text by making control characters
visible.
"""

from __future__ import annotations

import difflib
import re
import traceback
import unicodedata
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    pass_context,
)
from jinja2.loaders import split_template_path
from jinja2.runtime import Context
from markupsafe import Markup

from assistant.dates import local_day, say_date
from assistant.export.escape import markdown_text, plain_text, visible_controls
from assistant.export.pdf import POLICY_META, with_print_policy
from assistant.flows.sandbox import EXPORT_LIMITS, BoundedEnvironment
from assistant.locations import content_dir
from assistant.safe_read import NotRegularFile, not_utf8_at, read_regular
from assistant.sentences import full_stop, quoted

Kind = Literal["html", "md", "txt"]


class TemplateProblem(Exception):
    """A template that cannot be read or run; the message names the file and line.

    ``file`` and ``line`` say where, when known (for ``validate``); ``reason`` is Jinja's
    own words for what went wrong, without the advice around them."""

    def __init__(
        self, message: str, file: str | None = None, line: int | None = None, reason: str = ""
    ) -> None:
        super().__init__(message)
        self.file = file
        self.line = line
        self.reason = reason


class TemplateMissing(TemplateProblem):
    """A template another one brings in (``{% include %}``, ``{% extends %}``, ``{% import
    %}``) is in none of the folders looked in. ``column`` is where its tag opens (1 when it
    cannot be found); ``reason`` is the advice alone, for ``validate``."""

    def __init__(
        self, message: str, file: str | None, line: int | None, reason: str, column: int
    ) -> None:
        super().__init__(message, file, line, reason)
        self.column = column


def shipped_templates() -> Path:
    return content_dir() / "templates"


def _finalizer(kind: Kind) -> Callable[[Any], Any]:
    # Every environment autoescapes; for Markdown and plain text the "escaping" is done here
    # and the result marked safe, so macros compose without escaping anything twice.
    def finalize(value: Any) -> Any:
        if value is None:
            return ""  # an optional answer not given reads as blank, not "None"
        if isinstance(value, Markup):
            return value
        if kind == "md":
            return Markup(markdown_text(value))
        if kind == "txt":
            return Markup(plain_text(value))
        return visible_controls(value) if isinstance(value, str) else value

    return finalize


def long_date(value: Any) -> str:
    """``2026-12-04`` -> ``4 December 2026``: when something was done (anything else is shown
    as given). A document is read later, so its dates always have their year."""
    if not value:
        return ""
    # A time stamp is UTC in the record: the day is the one it was here, as on screen.
    return say_date(local_day(value) or value, weekday=False, year=True)


def day_date(value: Any) -> str:
    """``2026-12-04`` -> ``Friday 4 December 2026``: a day to meet or to act by, with its name
    (as the screens say it), and its year (the document is read later)."""
    if not value:
        return ""
    return say_date(local_day(value) or value, year=True)


def short_date(value: Any) -> str:
    """``2026-12-04`` -> ``04/12/2026`` (UK order). The shipped templates write dates in
    words; this stays for agencies' own templates that use it."""
    if not value:
        return ""
    day = local_day(value)
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if day else str(value)


def css_string(value: Any) -> Markup:
    """``value`` as a quoted CSS string, for ``content:`` in a page's header or footer.

    Every ASCII character but letters and digits, and every control or format character, is
    written as a six-digit escape, so no word can end the string, the rule or the ``<style>``
    element (``</style>`` is ``\\00003c\\00002fstyle...``); control characters are first made
    visible, as everywhere else in the HTML. Other letters and symbols stay as they are, so
    the PDF export can still find the ones no font draws (``assistant.export.pdf``).
    """
    text = visible_controls("" if value is None else str(value))
    escaped = "".join(
        ch
        if (ch.isascii() and ch.isalnum())
        or (not ch.isascii() and not unicodedata.category(ch).startswith(("C", "Z")))
        else f"\\{ord(ch):06x}"
        for ch in text
    )
    return Markup(f'"{escaped}"')


_BY_WORDS = {"person": "the person", "worker": "the worker", "both": "both together"}
# The person's own copy speaks to them: "you said", not "said by the person".
_SAID_TO_YOU = {"person": "you said", "worker": "your worker said", "both": "we said together"}
_CHANGED_TO_YOU = {"person": "you", "worker": "your worker", "both": "you and your worker"}
_AGREED_TO_YOU = {
    "person": "you agreed",
    "worker": "your worker agreed",
    "both": "we agreed together",
}


def attribution(item: Any, *, to_person: bool = False) -> str:
    """ "said by the worker; changed by the person" for an item, or ``""`` when unknown.
    For one answer's speaker alone (a goal's ``reviewed_by``), "said by the worker".

    ``to_person`` words it for the person's own copy: "your worker said; changed by you",
    "you said", "we said together".

    This is who gave the answer, not whose idea it was (``idea_from``, shown separately):
    "proposed" beside "My worker's idea" would contradict it.
    """
    if isinstance(item, str) and item:
        return _said(item, to_person)
    if not isinstance(item, dict):
        return ""
    parts = []
    if item.get("proposed_by"):
        parts.append(_said(item["proposed_by"], to_person))
    elif item.get("agreed_by"):
        # The app's suggested words taken as offered: nobody said them, someone agreed.
        agreed = item["agreed_by"]
        if to_person:
            parts.append(f"suggested by the app; {_AGREED_TO_YOU.get(agreed, agreed)}")
        else:
            parts.append(f"suggested by the app, agreed by {_BY_WORDS.get(agreed, agreed)}")
    words = _CHANGED_TO_YOU if to_person else _BY_WORDS
    changed = [words.get(b, b) for b in item.get("changed_by") or []]
    if changed:
        parts.append("changed by " + ", then ".join(changed))
    return "; ".join(parts)


_EASY_WHO = {"person": "You", "worker": "Your worker", "both": "You and your worker"}


def easy_said(item: Any) -> str:
    """Who said an answer, to start an easy-read sentence: "You said", "Your worker said",
    "You and your worker said" (both gave the words, or one changed the other's), "You
    agreed" (the app's words taken); "We wrote down" when the record does not say who."""
    if not isinstance(item, dict):
        return "We wrote down"
    first = item.get("proposed_by") or item.get("agreed_by")
    people = {first, *(item.get("changed_by") or [])} - {None}
    if "both" in people or {"person", "worker"} <= people:
        who = "both"
    elif len(people) == 1:
        who = next(iter(people))
    else:
        return "We wrote down"
    if who not in _EASY_WHO:
        return "We wrote down"
    verb = "said" if item.get("proposed_by") else "agreed"
    return f"{_EASY_WHO[who]} {verb}"


def _said(who: str, to_person: bool) -> str:
    if to_person:
        return _SAID_TO_YOU.get(who, f"said by {who}")
    return f"said by {_BY_WORDS.get(who, who)}"


@pass_context
def _by_filter(context: Context, item: Any) -> str:
    """The ``by`` filter: :func:`attribution`, spoken to the person in their own copy (the
    render's ``audience`` is theirs)."""
    audience = context.get("audience")
    to_person = isinstance(audience, Mapping) and audience.get("kind") == "person"
    return attribution(item, to_person=to_person)


def who_words(who: Any, person: str | None = None, *, easy: bool = False) -> str:
    """Who does an action, in words for the worker's document or the person's easy read."""
    if not isinstance(who, dict):
        return "not decided yet" if not easy else "We will decide who"
    kind: str = who.get("kind") or ""
    if kind == "other":
        return who.get("name") or ("Someone else" if not easy else "Someone you know")
    if easy:
        return {"person": "You", "worker": "Your worker", "both": "You and your worker"}[kind]
    name = person or "The person"
    return {"person": name, "worker": "The worker", "both": f"{name} and the worker"}[kind]


class RegularFileLoader(BaseLoader):
    """Templates from one folder, read only if each is a regular file (never blocking).

    Jinja's ``FileSystemLoader`` opens a template with plain ``open()``: a named pipe called
    ``plan.html.j2`` in an agency folder would hang the export. Here a missing file lets the
    next folder be tried (the shipped templates); something that is there but cannot be used
    (a pipe, a folder, unreadable, not UTF-8) stops the export with a message naming it.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        path = self.folder.joinpath(*split_template_path(template))  # no ".." out of it
        try:
            data = read_regular(path)
        except FileNotFoundError:
            raise TemplateNotFound(template) from None
        except NotRegularFile as exc:
            raise TemplateProblem(
                f"The export template {path} cannot be used: {exc.strerror}. Nothing was "
                "exported. Put a template file there, or remove it to use the shipped one."
            ) from None
        except OSError as exc:
            raise TemplateProblem(
                f"The export template {path} could not be read ({exc.strerror or exc}). "
                "Nothing was exported."
            ) from None
        try:
            # A leading byte order mark (some Windows editors save one) is not the text.
            source = data.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            line, col = not_utf8_at(data, exc.start)
            raise TemplateProblem(
                f"The export template {path} is not UTF-8 text (line {line}, column {col}). "
                "Nothing was exported. Save it as UTF-8, or remove it to use the shipped one.",
                str(path),
                line,
                "not UTF-8 text",
            ) from None
        mtime = _mtime(path)
        # As FileSystemLoader: a template edited on disk is read again (stat never blocks).
        return source, str(path), lambda: _mtime(path) == mtime


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


def _make(kind: Kind, folders: tuple[Path, ...]) -> BoundedEnvironment:
    # Bounded as well as sandboxed: an agency template cannot freeze an export either.
    env = BoundedEnvironment(
        limits=EXPORT_LIMITS,
        loader=ChoiceLoader([RegularFileLoader(f) for f in folders]),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=_finalizer(kind),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        long_date=long_date,
        day_date=day_date,
        short_date=short_date,
        by=_by_filter,
        easy_said=easy_said,
        who=who_words,
        css_string=css_string,
        # The person's words in the template's sentences: one full stop, quoted once.
        full_stop=full_stop,
        quoted=quoted,
    )
    return env


@lru_cache(maxsize=32)
def environment(
    kind: Kind, agency: str | None = None, content: tuple[str, ...] | None = None
) -> BoundedEnvironment:
    """The environment for one output kind: ``agency`` folder first, then the content's
    template folders (an agency pack's, then the base content's; default: the shipped one)."""
    folders = (Path(agency),) if agency else ()
    below = tuple(Path(f) for f in content) if content else (shipped_templates(),)
    return _make(kind, (*folders, *below))


# Jinja's words for a missing field: "'dict object' has no attribute 'worker_name'".
_NO_ATTRIBUTE = re.compile(r"^'[\w. ]+' has no attribute '(?P<field>[^']+)'$")


def _no_such_field(message: str, line: str, context: Mapping[str, Any]) -> str | None:
    """Jinja's "'dict object' has no attribute 'x'" in an author's words: which name has no
    field ``x`` on that line, and the fields it does have (``agency`` has no field
    ``worker_name``; it has: crisis, name, ...). None when it cannot be told."""
    found = _NO_ATTRIBUTE.match(message)
    if found is None:
        return None
    field = found.group("field")
    owner = re.search(rf"\b([A-Za-z_][\w.]*)\.{re.escape(field)}\b", line)
    if owner is None:
        return None
    value: Any = context
    for part in owner.group(1).split("."):
        value = value.get(part) if isinstance(value, Mapping) else getattr(value, part, None)
    words = f"`{owner.group(1)}` has no field `{field}`"
    if isinstance(value, Mapping) and value:
        words += f"; it has: {', '.join(sorted(str(k) for k in value))}"
    return words


def _source_line(file: str | None, line: int | None) -> str:
    """The template's line ``line`` (empty when it cannot be read)."""
    if not file or not line:
        return ""
    try:
        lines = read_regular(Path(file)).decode("utf-8", "replace").splitlines()
    except OSError:
        return ""
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _where(exc: BaseException) -> tuple[str | None, int | None]:
    """The template file and line an error came from (Jinja puts them in the traceback)."""
    if isinstance(exc, TemplateSyntaxError):
        return exc.filename or exc.name, exc.lineno
    found: tuple[str | None, int | None] = (None, None)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith((".j2", ".html", ".md", ".txt")):
            found = (frame.filename, frame.lineno)
    return found


_BRINGS_IN = re.compile(r"\{%[-+]?\s*(include|extends|import|from)\b")


def _missing(missing: str, file: str, line: int | None, looked: list[str]) -> TemplateMissing:
    """The problem for ``missing``, brought in at ``file`` ``line``: which tag, where it
    opens, the folders looked in and any template there with a close name."""
    text = _source_line(file, line or 0)
    tags = [m for m in _BRINGS_IN.finditer(text) if missing in text[m.end() :]]
    tag = tags[0].group(1) if tags else "include"
    column = tags[0].start() + 1 if tags else 1
    there = sorted({p.name for folder in looked for p in Path(folder).glob("*.j2")})
    close = difflib.get_close_matches(missing, there, n=3, cutoff=0.5)
    advice = (
        f"`{{% {tag} '{missing}' %}}` names a template that is in none of the folders looked "
        f"in ({', '.join(looked)})"
        + (f"; did you mean {' or '.join(close)}?" if close else ".")
        + " Put the file in one of those folders, or correct the name"
    )
    return TemplateMissing(
        f"The export template {file}, line {line or 1} could not be used: {advice}. Nothing "
        "was exported.",
        file,
        line or 1,
        advice,
        column,
    )


# The shipped web pages carry the policy first in their head, after the charset (307991ff).
_HAS_POLICY = re.compile(
    r"\A\ufeff?\s*(?:<!doctype[^>]*>\s*)?(?:<html[^>]*>\s*)?(?:<head[^>]*>\s*)?"
    r"(?:<meta charset=[^>]*>\s*)?" + re.escape(POLICY_META),
    re.IGNORECASE,
)


def with_page_policy(html: str) -> str:
    """``html`` with the app's Content-Security-Policy at the top of its head, added when the
    template did not put it there (an agency's copy made before the policy line was added):
    opened in a browser, no script in it runs and nothing outside it loads. Added, not
    refused: the copy stays usable at the end of a meeting, and the policy only narrows what
    the page may do."""
    # A blank page has nothing to protect, and stays blank for validate's K305.
    return html if not html.strip() or _HAS_POLICY.match(html) else with_print_policy(html)


def render_template(
    kind: Kind,
    name: str,
    context: dict[str, Any],
    agency: Path | None,
    content: tuple[Path, ...] | None = None,
) -> str:
    """Render template ``name``; any problem becomes a :class:`TemplateProblem` with file:line.

    Looked for in ``agency`` (a folder given for this export), then in ``content``: the
    template folders of the content in use, an agency pack's first
    (``assistant.content_pack.layers.ContentLayers.templates``; default: the shipped ones).
    """
    if agency is not None and not Path(agency).is_dir():
        raise TemplateProblem(
            f"The agency template folder {agency} does not exist. Nothing was exported. "
            "Check the path, or leave out the option to use the shipped templates."
        )
    below = tuple(str(Path(f).resolve()) for f in content) if content else None
    env = environment(kind, str(Path(agency).resolve()) if agency else None, below)
    try:
        template = env.get_template(name)
        text = template.render(context)
        return with_page_policy(text) if kind == "html" else text
    except TemplateNotFound as exc:
        looked = [str(agency)] if agency else []
        looked += [str(f) for f in content] if content else [str(shipped_templates())]
        file, line = _where(exc)
        if file is not None and exc.name != name:
            raise _missing(str(exc.name), file, line, looked) from None
        raise TemplateProblem(
            f"The export template {exc.name} was not found (looked in "
            f"{', '.join(looked)}). Nothing was exported."
        ) from None
    except (TemplateError, TypeError, ValueError, AttributeError, KeyError) as exc:
        file, line = _where(exc)
        place = f"{file}, line {line}" if file else name
        message = getattr(exc, "message", None) or str(exc)
        message = _no_such_field(message, _source_line(file, line), context) or message
        raise TemplateProblem(
            f"The export template {place} could not be used: {message}. Nothing was exported. "
            "Fix the template, or remove it from the agency folder to use the shipped one.",
            file,
            line,
            message,
        ) from None
