"""Markdown and HTML for everything training exports: feedback, role cards, trainer notes.

Every document carries the watermark at the top and the bottom. What people typed is data:
escaped for Markdown and HTML, never used as a template (``{{ 7*7 }}`` stays as typed).
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING

from assistant.plans.model import TRAINING_WATERMARK as WATERMARK  # one wording everywhere
from assistant.training.model import question_words
from assistant.training.themes import THEMES, TRAINING_QUESTIONS
from assistant.training.timeline import moment_label

if TYPE_CHECKING:
    from assistant.training.feedback import Feedback, ProposalResult, SkippedStep
    from assistant.training.model import Persona


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")
_CSS = (
    "body{font-family:sans-serif;max-width:46em;margin:2em auto;line-height:1.5;color:#111}"
    ".watermark{border:3px solid #000;padding:.4em .8em;font-weight:bold;text-align:center;"
    "letter-spacing:.05em}table{border-collapse:collapse}td,th{border:1px solid #666;"
    "padding:.2em .5em;text-align:left;vertical-align:top}"
)


# Every training web page (feedback, role cards, trainer notes, the progress report) runs no
# script and loads nothing from outside itself when opened in a browser: the same policy as
# the export's web-page copies and PDF print (assistant.export.pdf.PRINT_POLICY; training
# may not import export, and tests/training/test_training_html_policy.py keeps them equal).
PAGE_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "form-action 'none'"
)
#: The policy as a page's first element after the charset.
POLICY_META = f'<meta http-equiv="Content-Security-Policy" content="{PAGE_POLICY}">'


def md(text: object) -> str:
    """Text someone typed, safe inside Markdown (one line, special characters escaped)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def h(text: object) -> str:
    return html.escape(str(text), quote=True)


def duration(seconds: int) -> str:
    """A time in plain words: "45 s", "12 min 5 s", "1 h 5 min" (from an hour on, whole
    minutes: seconds say nothing more there)."""
    minutes, secs = divmod(max(0, int(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    if minutes and secs:
        return f"{minutes} min {secs} s"
    return f"{minutes} min" if minutes else f"{secs} s"


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
            POLICY_META,
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

# A line of feedback: its plain text and the moments it points at (ref, label, quote).
Linked = tuple[str, tuple[tuple[str, str, str], ...]]
_OUTCOME_WORDS = {"accepted": "agreed", "not_yet": "not yet", "refused": "turned down"}


def _skip_words(step: SkippedStep, name: str) -> str:
    """Why a step was skipped, in words: only a real refusal reads 'said not today'."""
    if step.by == "worker":
        return "skipped by you"
    return {
        "nothing": f"{name} had nothing to say to that",
        "private": f"{name} kept something private, and you respected it",
    }.get(step.why, f"{name} said not today")


def _feedback_sections(fb: Feedback) -> list[tuple[str, list[str], list[list[str]] | None]]:
    """(heading, lines of plain text, optional table rows) shared by both formats."""
    mode = "Solo practice" if fb.mode == "solo" else "Paired role-play"
    intro = [f"{fb.persona_name} · {mode} · {duration(fb.total_seconds)} in all"]
    if fb.trainee or fb.meeting:
        who = [f"Trainee: {fb.trainee}"] if fb.trainee else []
        who += [f"practice meeting {fb.meeting}"] if fb.meeting else []
        intro.append(" · ".join(who))
    if fb.mode == "solo" and fb.warmth_start is not None and fb.warmth_end is not None:
        intro.append(
            f"{fb.persona_name}'s warmth went from {fb.warmth_start} to {fb.warmth_end} "
            "(it rises as you explore, and drops when ideas are pushed)."
        )
    elif fb.mode != "solo":
        intro.append(
            "Paired role-play: scored by who typed what (no simulated persona, no warmth)."
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
    skipped = [
        f"{s.topic}: {s.prompt} ({_skip_words(s, fb.persona_name)})" for s in fb.skipped
    ] or ["Nothing skipped."]
    not_opened = list(fb.topics_not_started)
    return [
        ("", intro, None),
        ("Topics and time", [f"Not opened: {', '.join(not_opened)}"] if not_opened else [], topics),
        ("Themes", themes, None),
        ("The plan: who proposed what", plan_lines, plan_rows),
        ("Goals: an owner and a date", goal_lines, None),
        ("Steps skipped", skipped, None),
    ]


_TABLE_HEADS = {
    "Topics and time": ["Topic", "Status", "Time", "Answers", "Skipped"],
    "The plan: who proposed what": ["Kind", "Item", "Proposed by", "Who does it", "By when"],
}


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _linked(text: str, moments: Iterable[object]) -> Linked:
    return (
        text,
        tuple(
            (str(getattr(m, "ref", "")), str(getattr(m, "label", "")), str(getattr(m, "quote", "")))
            for m in moments
        ),
    )


def _by_proposal(results: Iterable[ProposalResult]) -> list[list[ProposalResult]]:
    """The judgements of one proposal together (one naming two of the persona's ideas is
    judged idea by idea): grouped by the move that made it and its words."""
    groups: list[list[ProposalResult]] = []
    for result in results:
        last = groups[-1][-1] if groups else None
        same = (
            last is not None
            and result.move is not None
            and (last.move, last.text) == (result.move, result.text)
        )
        if same:
            groups[-1].append(result)
        else:
            groups.append([result])
    return groups


def _outcome(result: ProposalResult) -> str:
    return _OUTCOME_WORDS.get(result.outcome, result.outcome) + (
        " (as your idea)" if result.outcome == "accepted" and result.idea_from == "worker" else ""
    )


def _suggestion(group: list[ProposalResult], name: str) -> Linked:
    """One line per proposal: what was suggested, each idea's outcome, what they said."""
    first = group[0]
    if len(group) == 1:
        outcomes = _outcome(first)
    else:
        outcomes = "; ".join(
            (f"\u201c{r.what}\u201d " if r.what else "") + _outcome(r) for r in group
        )
    said = " ".join(dict.fromkeys(r.words for r in group if r.words))
    return (
        f"\u201c{first.text}\u201d: {outcomes}" + (f". {name}: \u201c{said}\u201d" if said else ""),
        tuple((r.ref, moment_label(r.ref), "") for r in group if r.ref),
    )


def _rubric_parts(fb: Feedback) -> list[tuple[str, list[Linked]]]:
    """The rubric as headed lists of linked lines: went well first, then to work on."""
    rubric = fb.rubric
    if rubric is None:
        return []
    scored = (
        "from your moves"
        if rubric.scored_from == "moves"
        else "from the answers, by who typed what"
    )
    scores: list[Linked] = [
        (f"In all: {rubric.total} of {rubric.max_total} (scored {scored}).", ()),
        *(
            (
                f"{p.principle.title}: {p.score} of 2. "
                + _sentence(p.principle.benchmark[p.score].split(": ", 1)[-1]),
                (),
            )
            for p in rubric.principles
        ),
    ]
    went_well = [
        _linked(f"{p.principle.title}: {f.text}", f.moments) for p, f in rubric.went_well()
    ] or [("Nothing yet: the scores below say what to try next time.", ())]
    to_work_on = [
        _linked(f"{p.principle.title}: {f.text}", f.moments) for p, f in rubric.to_work_on()
    ] or [("Nothing: every principle scored 2.", ())]
    parts = [
        ("What went well", went_well),
        ("Your scores", scores),
        ("To work on", to_work_on),
    ]
    if rubric.scored_from == "moves":
        c = rubric.moves
        ratio = c.reflection_ratio
        moves: list[Linked] = [
            (
                f"Open questions {c['open_question']}, closed questions {c['closed_question']}, "
                f"reflections {c['reflect']}, asked for their ideas {c['invite_ideas']}, "
                f"suggested ideas {c['propose']}, answered for them {c['answer_for']}, "
                f"left for now {c['move_on']}, offered the keyboard {c['offer_keyboard']}, "
                f"explained the record {c['explain_record']}.",
                (),
            ),
            (
                (
                    f"Reflections per question: {ratio:.1f}. "
                    if ratio is not None
                    else "No questions asked. "
                )
                + "Counted in the spirit of MITI 4.2.1, which counts a worker's behaviours (it "
                "does not split open from closed questions: that split is this app's); in "
                "motivational interviewing one reflection per question is 'fair' and two is "
                "'good'.",
                (),
            ),
        ]
        parts.append(("Your moves", moves))
    if fb.mode == "solo":
        proposals: list[Linked] = [
            _suggestion(group, fb.persona_name) for group in _by_proposal(fb.proposals)
        ] or [("You did not suggest any goals or things to try yourself.", ())]
        parts.append(("Your suggestions", proposals))
    benchmarks: list[Linked] = []
    for p in rubric.principles:
        benchmarks.append(
            (
                f"{p.principle.title} ({p.score} of 2): "
                + " ".join(p.principle.benchmark)
                + f" Source: {p.principle.source}",
                (),
            )
        )
    parts.append(("How each principle is scored", benchmarks))
    return parts


def _md_linked(item: Linked) -> str:
    text, moments = item
    refs = "; ".join(
        m_label + (f": \u201c{md(quote)}\u201d" if quote else "") for _, m_label, quote in moments
    )
    return md(text) + (f" ({refs})" if refs else "")


def _html_linked(item: Linked, shown: Collection[str] = ()) -> str:
    """A feedback line; each moment links to its replay line (when the replay shows it)."""
    text, moments = item
    refs = "; ".join(
        (f'<a href="#{h(ref)}">{h(m_label)}</a>' if ref in shown else h(m_label))
        + (f": \u201c{h(quote)}\u201d" if quote else "")
        for ref, m_label, quote in moments
    )
    return h(text) + (f" ({refs})" if refs else "")


def _md_replay(fb: Feedback) -> list[str]:
    """The replay, one paragraph per topic with a line per moment (a hard line break, ``\\``
    at the end): a list item per moment made the trainer's view's Markdown widget build three
    widgets a moment (about 30 s for a 600-moment practice on a busy machine; 1.3 s so)."""
    body: list[str] = []
    topic = None
    for line in fb.replay:
        if line.topic != topic:
            topic = line.topic
            if body:
                body[-1] = body[-1].removesuffix("\\")
            body += [*([""] if body else []), f"### {md(topic or 'The topic list')}", ""]
        when = f" · {line.at}" if line.at else ""
        body.append(f"**{line.label}**{when} · {md(line.who)}: {md(line.text)}\\")
    if body:
        body[-1] = body[-1].removesuffix("\\")
    return body or ["Nothing happened yet."]


def _html_replay(fb: Feedback) -> list[str]:
    body: list[str] = []
    topic = None
    items: list[str] = []

    def flush() -> None:
        if items:
            body.append('<ul class="replay">' + "".join(items) + "</ul>")
            items.clear()

    for line in fb.replay:
        if line.topic != topic:
            flush()
            topic = line.topic
            body.append(f"<h3>{h(topic or 'The topic list')}</h3>")
        when = f" <time>{h(line.at)}</time>" if line.at else ""
        items.append(
            f'<li id="{h(line.ref)}" class="{h(line.kind)}"><a href="#{h(line.ref)}">'
            f"{h(line.label)}</a>{when} · <strong>{h(line.who)}</strong>: {h(line.text)}</li>"
        )
    flush()
    return body or ["<p>Nothing happened yet.</p>"]


def feedback_markdown(fb: Feedback) -> str:
    body: list[str] = []
    sections = _feedback_sections(fb)
    intro = sections[0][1]
    body += [line for text in intro for line in (md(text), "")]
    for heading, items in _rubric_parts(fb):
        body += [f"## {heading}", "", *(f"- {_md_linked(item)}" for item in items), ""]
    for heading, lines, rows in sections[1:]:
        body += [f"## {heading}", ""]
        body += [f"- {md(line)}" for line in lines]
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
    body += ["## Questions to reflect on", ""]
    for n, r in enumerate(fb.reflections, start=1):
        body.append(
            f"{n}. **{md(r.prompt)}** (training question {r.number}: {md(r.question)}) "
            f"Why: {md(r.reason)}"
        )
    body += ["", "## Replay", "", *_md_replay(fb)]
    return _md_doc(f"Practice feedback: {md(fb.persona_name)}", body)


def feedback_html(fb: Feedback) -> str:
    body: list[str] = []
    sections = _feedback_sections(fb)
    shown = {line.ref for line in fb.replay}
    body += [f"<p>{h(line)}</p>" for line in sections[0][1]]
    for heading, items in _rubric_parts(fb):
        body.append(f"<h2>{h(heading)}</h2>")
        body.append(_html_list(_html_linked(item, shown) for item in items))
    for heading, lines, rows in sections[1:]:
        body.append(f"<h2>{h(heading)}</h2>")
        body.append(_html_list(h(line) for line in lines) if lines else "")
        if rows:
            body.append(_html_table(_TABLE_HEADS[heading], rows))
    body.append("<h2>Questions to reflect on</h2>")
    body.append(
        "<ol>"
        + "".join(
            f"<li><strong>{h(r.prompt)}</strong> (training question {r.number}: "
            f"{h(r.question)}) Why: {h(r.reason)}</li>"
            for r in fb.reflections
        )
        + "</ol>"
    )
    body += ["<h2>Replay</h2>", *_html_replay(fb)]
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
        own = [question_words(q) for q in p.trainer.questions.get(question.id, [])]
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
