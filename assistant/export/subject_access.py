"""The readable companion of a subject access export: everything in words (txt or html).

The subject access export (``cpi-assistant export-all``) is the record as JSON: complete and
machine-readable, but mostly the conversation engine's own bookkeeping (undo steps, visits,
internal keys), which a person cannot read. This is the same record for the person to read:
their details, each meeting (its date, its topics, every question as it was asked with the
answer in words and who gave it), each plan version (its state, then the plan as ``plan
show`` prints it) and the audit trail as ``cpi-assistant audit`` describes it. What goes in
is built by ``assistant.meetings.subject_access`` (plain data); here it is only laid out.
Every piece of text is data: shown as typed, control characters made visible, and in HTML
escaped.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Final

from assistant.export.escape import plain_text

#: The formats of the readable companion (``export-all --format``; JSON is the record itself).
READABLE_FORMATS: Final = ("html", "txt")
#: At the top of every readable subject access export.
READABLE_NOTICE: Final = (
    "This is everything the Connecting People Assistant holds about you, in words. The same "
    "record, complete and for computers to read, is the subject access JSON file."
)


@dataclass(frozen=True)
class Answer:
    """One question as it was asked and its answer in words; ``by``: who gave it, in words."""

    question: str
    answer: str
    by: str = ""
    note: str = ""


@dataclass(frozen=True)
class MeetingWords:
    """One meeting: its number and date, the topics taken, every answer in order."""

    number: int
    date: str
    topics: list[str]
    answers: list[Answer]


@dataclass(frozen=True)
class PlanWords:
    """One plan version: its number, its state in words, and the plan as text."""

    number: int
    state: str
    text: str


@dataclass
class SubjectAccessWords:
    """Everything held about a person, in words (see the module's docstring)."""

    name: str
    exported: str
    details: list[str]
    meetings: list[MeetingWords] = field(default_factory=list)
    plans: list[PlanWords] = field(default_factory=list)
    plans_note: str = ""
    audit: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)
    training: str = ""


def _t(value: object) -> str:
    return plain_text(value)


def _indented(text: str, by: str = "    ") -> str:
    """Several lines of words under their item, every line indented alike."""
    return "\n".join(by + line if line else line for line in _t(text).split("\n"))


def render_subject_access_text(words: SubjectAccessWords) -> str:
    """The readable subject access export as plain text."""
    out: list[str] = []
    if words.training:
        out += [_t(words.training), ""]
    out += [f"Everything held about {_t(words.name)}", "", READABLE_NOTICE, "", _t(words.exported)]
    out += ["", "YOUR DETAILS", ""] + [_t(line) for line in words.details]
    out += ["", f"MEETINGS ({len(words.meetings)})"]
    if not words.meetings:
        out += ["", "No meetings are recorded."]
    for meeting in words.meetings:
        out += ["", f"Meeting {meeting.number}: {_t(meeting.date)}"]
        if meeting.topics:
            out.append("Topics: " + ", ".join(_t(t) for t in meeting.topics))
        if not meeting.answers:
            out.append("No answers were recorded.")
        for answer in meeting.answers:
            out.append(f"  Q: {_t(answer.question)}")
            said = _indented(answer.answer, "     ").lstrip()
            by = f" ({_t(answer.by)})" if answer.by else ""
            out.append(f"  A: {said}{by}")
            if answer.note:
                out.append(f"     {_t(answer.note)}")
    out += ["", f"PLAN VERSIONS ({len(words.plans)})"]
    if words.plans_note:
        out += ["", _t(words.plans_note)]
    for plan in words.plans:
        out += ["", f"Plan version {plan.number}: {_t(plan.state)}", "", _indented(plan.text)]
    out += ["", "AUDIT TRAIL (everything done with the record, oldest first)", ""]
    out += [f"  {_t(line)}" for line in words.audit] or ["  (no events)"]
    if words.other:
        out += ["", "ALSO HELD", ""] + [_t(line) for line in words.other]
    if words.training:  # at the bottom too: the last page printed says it as the first does
        out += ["", _t(words.training)]
    return "\n".join(out).rstrip() + "\n"


def _h(value: object) -> str:
    """Typed words in HTML: escaped, controls visible, isolated for right-to-left text."""
    return f"<bdi>{html.escape(_t(value), quote=True)}</bdi>"


_STYLE: Final = """
body { font-family: system-ui, sans-serif; max-width: 50em; margin: 2em auto; padding: 0 1em;
       color: #000; background: #fff; line-height: 1.5; }
h1, h2, h3 { line-height: 1.25; }
dt { font-weight: bold; margin-top: 0.75em; }
dd { margin-left: 1.5em; white-space: pre-wrap; }
pre { white-space: pre-wrap; border-left: 3px solid #444; padding-left: 1em; }
.by, .note { color: #333; }
"""


def render_subject_access_html(words: SubjectAccessWords) -> str:
    """The readable subject access export as one standalone HTML page (everything escaped)."""
    title = f"Everything held about {_t(words.name)}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title, quote=True)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
    ]
    if words.training:
        out.append(f"<p><strong>{_h(words.training)}</strong></p>")
    out += [
        f"<h1>Everything held about {_h(words.name)}</h1>",
        f"<p>{html.escape(READABLE_NOTICE)}</p>",
        f"<p>{_h(words.exported)}</p>",
        "<h2>Your details</h2>",
        "<ul>",
        *(f"<li>{_h(line)}</li>" for line in words.details),
        "</ul>",
        f"<h2>Meetings ({len(words.meetings)})</h2>",
    ]
    if not words.meetings:
        out.append("<p>No meetings are recorded.</p>")
    for meeting in words.meetings:
        out.append(f"<h3>Meeting {meeting.number}: {_h(meeting.date)}</h3>")
        if meeting.topics:
            out.append("<p>Topics: " + ", ".join(_h(t) for t in meeting.topics) + "</p>")
        if not meeting.answers:
            out.append("<p>No answers were recorded.</p>")
            continue
        out.append("<dl>")
        for answer in meeting.answers:
            by = f' <span class="by">({_h(answer.by)})</span>' if answer.by else ""
            note = f' <span class="note">{_h(answer.note)}</span>' if answer.note else ""
            out += [f"<dt>{_h(answer.question)}</dt>", f"<dd>{_h(answer.answer)}{by}{note}</dd>"]
        out.append("</dl>")
    out.append(f"<h2>Plan versions ({len(words.plans)})</h2>")
    if words.plans_note:
        out.append(f"<p>{_h(words.plans_note)}</p>")
    for plan in words.plans:
        out += [
            f"<h3>Plan version {plan.number}: {_h(plan.state)}</h3>",
            f"<pre>{html.escape(_t(plan.text), quote=True)}</pre>",
        ]
    out += ["<h2>Audit trail</h2>", "<p>Everything done with the record, oldest first.</p>"]
    out += ["<ul>", *(f"<li>{_h(line)}</li>" for line in words.audit), "</ul>"]
    if words.other:
        out += ["<h2>Also held</h2>", "<ul>", *(f"<li>{_h(line)}</li>" for line in words.other)]
        out.append("</ul>")
    if words.training:
        out.append(f"<p><strong>{_h(words.training)}</strong></p>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def render_subject_access(words: SubjectAccessWords, fmt: str) -> str:
    """The readable export in ``fmt`` (one of :data:`READABLE_FORMATS`)."""
    if fmt == "html":
        return render_subject_access_html(words)
    if fmt == "txt":
        return render_subject_access_text(words)
    raise ValueError(f"no readable subject access format {fmt!r}")
