"""Markdown and HTML for everything training exports: feedback, role cards, trainer notes.

Every document carries the watermark at the top and the bottom. What people typed is data:
escaped for Markdown and HTML, never used as a template (``{{ 7*7 }}`` stays as typed).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from assistant.plans.model import TRAINING_WATERMARK as WATERMARK  # one wording everywhere
from assistant.training.themes import THEMES, TRAINING_QUESTIONS

if TYPE_CHECKING:
    from assistant.training.feedback import Feedback
    from assistant.training.model import Persona


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")
_CSS = (
    "body{font-family:sans-serif;max-width:46em;margin:2em auto;line-height:1.5;color:#111}"
    ".watermark{border:3px solid #000;padding:.4em .8em;font-weight:bold;text-align:center;"
    "letter-spacing:.05em}table{border-collapse:collapse}td,th{border:1px solid #666;"
    "padding:.2em .5em;text-align:left;vertical-align:top}"
)


def md(text: object) -> str:
    """Text someone typed, safe inside Markdown (one line, special characters escaped)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def h(text: object) -> str:
    return html.escape(str(text), quote=True)


def duration(seconds: int) -> str:
    minutes, secs = divmod(max(0, int(seconds)), 60)
    if minutes and secs:
        return f"{minutes} min {secs} s"
    return f"{minutes} min" if minutes else f"{secs} s"


def _yes_no(value: bool | None) -> str:
    return "no goals set" if value is None else ("yes" if value else "no")


def _md_doc(title: str, body: Iterable[str]) -> str:
    lines = [
        f"# {title}",
        "",
        f"> **{WATERMARK}.** Made up for training. Not a record of a real person.",
        "",
        *body,
        "",
        "---",
        f"**{WATERMARK}**",
        "",
    ]
    return "\n".join(lines)


def _html_doc(title: str, body: Iterable[str]) -> str:
    banner = (
        f'<p class="watermark" role="note">{h(WATERMARK)}. Made up for training. '
        "Not a record of a real person.</p>"
    )
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f"<title>{h(WATERMARK)}: {h(title)}</title>",
            f"<style>{_CSS}</style>",
            "</head>",
            "<body>",
            banner,
            f"<h1>{h(title)}</h1>",
            *body,
            banner,
            "</body>",
            "</html>",
            "",
        ]
    )


def _html_list(items: Iterable[str]) -> str:
    rows = "".join(f"<li>{item}</li>" for item in items)
    return f"<ul>{rows}</ul>" if rows else "<p>None.</p>"


def _html_table(head: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    top = "".join(f"<th>{h(c)}</th>" for c in head)
    body = "".join("<tr>" + "".join(f"<td>{h(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{top}</tr></thead><tbody>{body}</tbody></table>"


# ------------------------------------------------------------------------------ feedback


def _feedback_sections(fb: Feedback) -> list[tuple[str, list[str], list[list[str]] | None]]:
    """(heading, lines of plain text, optional table rows) shared by both formats."""
    mode = "Solo practice" if fb.mode == "solo" else "Paired role-play"
    intro = [f"{fb.persona_name} · {mode} · {duration(fb.total_seconds)} in all"]
    if fb.warmth_start is not None and fb.warmth_end is not None:
        intro.append(
            f"{fb.persona_name}'s warmth went from {fb.warmth_start} to {fb.warmth_end} "
            "(it rises as you explore, and drops when ideas are pushed)."
        )
    topics = [
        [t.title, t.status.replace("_", " "), duration(t.seconds), str(t.answers), str(t.skipped)]
        for t in fb.topics
    ]
    themes = [
        "Covered: "
        + (", ".join(f"{THEMES.get(t, t)} ({n})" for t, n in fb.themes_covered.items()) or "none"),
        "Not touched: " + (", ".join(THEMES.get(t, t) for t in fb.themes_missed) or "none"),
    ]
    share = fb.own_words_share
    written = sum(fb.written_by.values())
    plan_lines = [
        "Proposed by: "
        + (", ".join(f"{who} {n}" for who, n in fb.proposed_by().items()) or "nothing yet"),
        (
            f"Written answers in the person's own words: {fb.written_by.get('person', 0)} of "
            f"{written} ({round(share * 100)}%); agreed together: {fb.written_by.get('both', 0)}; "
            f"the worker's words: {fb.written_by.get('worker', 0)}."
            if share is not None
            else "No written answers yet."
        ),
    ]
    plan_rows = [
        [i.kind, i.text, i.proposed_by, i.owner or "", i.by_when or ""] for i in fb.plan_items
    ]
    goal_lines = [
        f"{g.text}: {'has' if g.has_owner else 'no'} owner, {'has' if g.has_date else 'no'} date"
        f" ({g.actions} action(s))"
        for g in fb.goals
    ] + [f"Goals with an owner and a date: {fb.goals_complete} of {len(fb.goals)}"]
    order = [
        f"What matters explored before goals were set: {_yes_no(fb.what_matters_first)}",
        f"Concerns explored before goals were set: {_yes_no(fb.concerns_first)}",
    ]
    outcome = {"accepted": "agreed", "not_yet": "not yet", "refused": "turned down"}
    proposals = [
        f'"{p.text}": {outcome.get(p.outcome, p.outcome)}. "{p.words}"' for p in fb.proposals
    ] or ["You did not propose any goals or activities yourself."]
    skipped = [
        f"{s.topic}: {s.prompt} ("
        + ("skipped by you" if s.by == "worker" else f"{fb.persona_name} said not today")
        + ")"
        for s in fb.skipped
    ] or ["Nothing skipped."]
    reflections = [
        f"Training question {r.number}, {r.question} {r.reason} {r.prompt}" for r in fb.reflections
    ]
    not_opened = list(fb.topics_not_started)
    return [
        ("", intro, None),
        ("Topics and time", [f"Not opened: {', '.join(not_opened)}"] if not_opened else [], topics),
        ("Themes", themes, None),
        ("The plan: who proposed what", plan_lines, plan_rows),
        ("Goals: an owner and a date", goal_lines, None),
        ("Listening before planning", order, None),
        ("Your proposals", proposals, None),
        ("Steps skipped", skipped, None),
        ("Questions to reflect on", reflections, None),
    ]


_TABLE_HEADS = {
    "Topics and time": ["Topic", "Status", "Time", "Answers", "Skipped"],
    "The plan: who proposed what": ["Kind", "Item", "Proposed by", "Who does it", "By when"],
}


def feedback_markdown(fb: Feedback) -> str:
    body: list[str] = []
    for heading, lines, rows in _feedback_sections(fb):
        if heading:
            body += [f"## {heading}", ""]
        if heading == "Questions to reflect on":
            for n, r in enumerate(fb.reflections, start=1):
                body.append(
                    f"{n}. **{md(r.prompt)}** (training question {r.number}: {md(r.question)}) "
                    f"Why: {md(r.reason)}"
                )
        elif heading:
            body += [f"- {md(line)}" for line in lines]
        else:
            body += [line for text in lines for line in (md(text), "")][:-1]
        if rows:
            head = _TABLE_HEADS[heading]
            if lines:
                body.append("")
            body += [
                "| " + " | ".join(head) + " |",
                "|" + "---|" * len(head),
                *("| " + " | ".join(md(c) for c in row) + " |" for row in rows),
            ]
        body.append("")
    return _md_doc(f"Practice feedback: {md(fb.persona_name)}", body)


def feedback_html(fb: Feedback) -> str:
    body: list[str] = []
    for heading, lines, rows in _feedback_sections(fb):
        if heading:
            body.append(f"<h2>{h(heading)}</h2>")
        if heading == "Questions to reflect on":
            body.append(
                "<ol>"
                + "".join(
                    f"<li><strong>{h(r.prompt)}</strong> (training question {r.number}: "
                    f"{h(r.question)}) Why: {h(r.reason)}</li>"
                    for r in fb.reflections
                )
                + "</ol>"
            )
        elif heading:
            body.append(_html_list(h(line) for line in lines) if lines else "")
        else:
            body += [f"<p>{h(line)}</p>" for line in lines]
        if rows:
            body.append(_html_table(_TABLE_HEADS[heading], rows))
    return _html_doc(f"Practice feedback: {fb.persona_name}", body)


# ------------------------------------------------------------------------------ role card


def _role_card_sections(p: Persona) -> list[tuple[str, list[str]]]:
    card = p.role_card
    people = [
        f"{c.name} ({c.relationship}, circle {c.circle}): {c.about}"
        + ("" if c.share_at == 0 else " [mention only once you feel listened to]")
        for c in p.network
    ]
    concerns = [
        f"{c.words}"
        + (f" {c.about}" if c.about else "")
        + ("" if c.share_at == 0 else " [only once you trust the worker]")
        for c in p.concerns
    ]
    owned = [f"{g.what}" + ("" if g.share_at == 0 else " [not at first]") for g in p.goals]
    owned += [f"To try: {a.what}" for a in p.activities]
    return [
        ("Who you are", [card.who_you_are]),
        ("How you come across", [card.how_you_come_across]),
        ("What matters to you", list(p.what_matters)),
        ("The people in your life", people or ["Hardly anyone, right now."]),
        ("What makes relationships hard", concerns or ["Nothing you would say at first."]),
        ("Goals you would own (if the worker listens first)", owned),
        (
            "Ideas you turn down if they are pushed on you",
            [f"{t.idea}: \u201c{t.words[0]}\u201d" for t in p.turns_down],
        ),
        ("At the start", [card.at_the_start]),
        ("As you warm up", [card.as_you_warm_up]),
        ("If the worker pushes", [card.if_pushed]),
        ("Tips for playing the part", list(card.tips)),
    ]


def role_card_markdown(persona: Persona) -> str:
    """The role card for a trainee playing the persona (paired role-play)."""
    body = [f"**{md(persona.name)}**, {persona.age}, {md(persona.pronouns)}: {md(persona.summary)}"]
    for heading, lines in _role_card_sections(persona):
        if len(lines) == 1:
            body += ["", f"## {heading}", "", md(lines[0])]
        elif lines:
            body += ["", f"## {heading}", "", *(f"- {md(line)}" for line in lines)]
    return _md_doc(f"Role card: {md(persona.name)}", body)


def role_card_html(persona: Persona) -> str:
    body = [
        f"<p><strong>{h(persona.name)}</strong>, {persona.age}, {h(persona.pronouns)}: "
        f"{h(persona.summary)}</p>"
    ]
    for heading, lines in _role_card_sections(persona):
        if len(lines) == 1:
            body += [f"<h2>{h(heading)}</h2>", f"<p>{h(lines[0])}</p>"]
        elif lines:
            body += [f"<h2>{h(heading)}</h2>", _html_list(h(line) for line in lines)]
    return _html_doc(f"Role card: {persona.name}", body)


# --------------------------------------------------------------------------- trainer notes


def _trainer_sections(p: Persona) -> list[tuple[str, list[str]]]:
    sections = [
        ("About this persona", [p.summary, p.backstory]),
        ("What this persona is good for", list(p.trainer.notes)),
        ("Watch for", list(p.trainer.watch_for)),
        (
            "How the persona behaves in solo practice",
            [
                f"Warmth starts at {p.warmth.start}; fuller answers from {p.warmth.open_at}.",
                "Agrees to an idea the worker proposes only when it is one of its own goals "
                "and these topics have been explored first: "
                + ", ".join(p.warmth.ready_after)
                + ".",
                "Goals it owns: " + "; ".join(g.what for g in p.goals),
                "Ideas it turns down: " + "; ".join(t.idea for t in p.turns_down),
            ],
        ),
    ]
    for question in TRAINING_QUESTIONS.values():
        own = list(p.trainer.questions.get(question.id, []))
        sections.append(
            (
                f"Training question {question.number}: {question.question}",
                [question.facilitator_notes, *own, *question.reflections],
            )
        )
    return sections


def trainer_notes_markdown(persona: Persona) -> str:
    """The facilitator's notes and reflection questions, keyed to the 12 training questions."""
    body: list[str] = []
    for heading, lines in _trainer_sections(persona):
        if lines:
            body += [f"## {md(heading)}", "", *(f"- {md(line)}" for line in lines), ""]
    return _md_doc(f"Trainer's notes: {md(persona.name)}", body)


def trainer_notes_html(persona: Persona) -> str:
    body: list[str] = []
    for heading, lines in _trainer_sections(persona):
        if lines:
            body += [f"<h2>{h(heading)}</h2>", _html_list(h(line) for line in lines)]
    return _html_doc(f"Trainer's notes: {persona.name}", body)
