"""Progress over time: every practice in the training store, by trainee, scored per principle.

For a trainer: each trainee's practices, oldest first, with the rubric's 0-2 score for each CPI
principle (``assistant.training.rubric``), and per principle the trend from the first practice
to the latest ("Inviting ideas first: 0 -> 2, better") and, once there are four or more, the
last three practices' average against the first three's. Solo and paired practices make
separate trends, and only finished practices in which something was done count in them.
Exported as Markdown, HTML (all text escaped), CSV (one row a practice) or JSON.

Plain Python, no UI. A practice that cannot be opened again (its persona is no longer
installed, or it was saved by a newer app) is listed under ``skipped`` with the reason, never
silently dropped.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from assistant.safe_text import spreadsheet_cell
from assistant.training.render import POLICY_META, WATERMARK, h, md
from assistant.training.rubric import MAX_SCORE, score
from assistant.training.session import TrainingError, TrainingSession
from assistant.training.store import PracticeInfo, list_practices, load_practice

if TYPE_CHECKING:
    from assistant.flows.loader import Content
    from assistant.records import CaseStore
    from assistant.training.model import Persona

FORMAT = "cpi-training-progress"
VERSION = 2  # 2: trends per mode ("mode"), "left_out_of_trends" per practice
FORMATS: tuple[str, ...] = ("md", "html", "csv", "json")
NO_NAME = "(no name given)"
#: Why a practice is left out of the trends (the CSV's and JSON's ``left_out_of_trends``).
LEFT_PART_WAY = "not finished"
NOTHING_DONE = "nothing done"
#: Solo and paired practices are scored on different footings (in paired role-play a
#: colleague answers, with no moves and no warmth): their trends are kept apart.
MODE_WORDS = {"solo": "Solo practice", "paired": "Paired role-play"}


@dataclass(frozen=True)
class PrincipleScore:
    """One principle's score in one practice."""

    id: str
    label: str  # plain words, e.g. "Inviting ideas first"
    score: int
    best: int = MAX_SCORE


#: Scores a practice: its principles in the rubric's order.
Scorer = Callable[[TrainingSession], Sequence[PrincipleScore]]


def rubric_scores(session: TrainingSession) -> list[PrincipleScore]:
    """The rubric's 0-2 score for each principle of one practice (``rubric.score``)."""
    rubric = score(
        session.conversation, session.events, mode=session.mode, name=session.persona.name
    )
    return [
        PrincipleScore(p.principle.id, p.principle.title, p.score, MAX_SCORE)
        for p in rubric.principles
    ]


@dataclass(frozen=True)
class PracticeScore:
    """One practice and its scores."""

    practice: PracticeInfo
    persona_name: str
    scores: tuple[PrincipleScore, ...]

    @property
    def total(self) -> int:
        return sum(s.score for s in self.scores)

    @property
    def best_total(self) -> int:
        return sum(s.best for s in self.scores)

    def score_of(self, principle: str) -> int | None:
        return next((s.score for s in self.scores if s.id == principle), None)

    @property
    def left_out(self) -> str:
        """Why the practice is left out of the trends ("" when it counts): one left part way
        never reached the later topics, and one ended with nothing done scores zeros; either
        would read as the trainee getting worse."""
        if not self.practice.is_finished:
            return LEFT_PART_WAY
        return NOTHING_DONE if self.practice.is_empty else ""


@dataclass(frozen=True)
class Trend:
    """How one principle (or the total: ``id`` "total") went for one trainee."""

    id: str
    label: str
    first: int
    latest: int
    count: int  # practices scored on it
    first_three: float | None  # averages, only with four or more practices
    last_three: float | None
    mode: str = "solo"  # solo and paired practices make separate trends

    @property
    def direction(self) -> str:
        """ "better", "worse" or "the same" (latest against first)."""
        if self.latest > self.first:
            return "better"
        return "worse" if self.latest < self.first else "the same"

    @property
    def words(self) -> str:
        """The trend in plain words, e.g. "Inviting ideas first: 0 -> 2, better"."""
        return f"{self.label}: {self.change}"

    @property
    def change(self) -> str:
        """The trend without the label, e.g. "0 -> 2, better"."""
        if self.count < 2:
            return f"{self.latest} (one practice so far)"
        text = f"{self.first} -> {self.latest}, {self.direction}"
        if self.first_three is not None and self.last_three is not None:
            text += (
                f" (the last three average {_avg(self.last_three)}, "
                f"the first three {_avg(self.first_three)})"
            )
        return text

    def to_json(self) -> dict[str, Any]:
        return {
            "principle": self.id,
            "mode": self.mode,
            "label": self.label,
            "first": self.first,
            "latest": self.latest,
            "practices": self.count,
            "direction": self.direction,
            "first_three": self.first_three,
            "last_three": self.last_three,
            "words": self.words,
        }


def _avg(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


@dataclass(frozen=True)
class TraineeProgress:
    """One trainee's practices, oldest first, and the trends."""

    trainee: str  # "" for practices started without a name
    practices: tuple[PracticeScore, ...]
    trends: tuple[Trend, ...]  # one per principle, then the total

    @property
    def shown_name(self) -> str:
        return self.trainee or NO_NAME

    def trends_by_mode(self) -> list[tuple[str, list[Trend]]]:
        """The trends in groups, one per mode ("Solo practice (2 practices)"), solo first."""
        groups: list[tuple[str, list[Trend]]] = []
        for mode in sorted({t.mode for t in self.trends}, key=_mode_order):
            trends = [t for t in self.trends if t.mode == mode]
            count = max(t.count for t in trends)
            groups.append((f"{_mode_words(mode)} ({_plural(count)})", trends))
        return groups


@dataclass
class Progress:
    """Every trainee's progress (sorted by name; practices without a name last)."""

    trainees: list[TraineeProgress]
    principles: list[tuple[str, str]]  # (id, label), in the rubric's order
    skipped: list[str] = field(default_factory=list)  # practices that could not be scored
    trainee: str = ""  # the trainee asked for (--trainee), "" for everyone

    @property
    def empty_words(self) -> str:
        """What an empty report says: none at all, or none by the trainee asked for."""
        who = " ".join(self.trainee.split())
        return (
            f"No practices by {who} in the training records yet."
            if who
            else ("No practices in the training records yet.")
        )

    # ----------------------------------------------------------------- exports

    def to_markdown(self) -> str:
        lines = [
            "# Practice progress",
            "",
            f"> **{WATERMARK}.** Practice with made-up people: not a record of anyone who "
            "uses services.",
            "",
        ]
        if not self.trainees:
            lines += [md(self.empty_words), ""]
        for t in self.trainees:
            lines += [f"## {md(t.shown_name)}", ""]
            lines += [md(_summary(t)), ""]
            for heading, trends in t.trends_by_mode():
                lines += [f"{md(heading)}:", ""]
                # The change is numbers and fixed words: only the label needs escaping.
                lines += [f"- {md(trend.label)}: {trend.change}" for trend in trends]
                lines.append("")
            lines += ["| " + " | ".join(self._head()) + " |"]
            lines.append("|" + "---|" * len(self._head()))
            for row in self._rows(t):
                lines.append("| " + " | ".join(md(cell) for cell in row) + " |")
            lines.append("")
        lines += self._skipped_md()
        lines += ["---", f"**{WATERMARK}**", ""]
        return "\n".join(lines)

    def to_html(self) -> str:
        body: list[str] = [
            f'<p class="watermark">{h(WATERMARK)}</p>',
            "<h1>Practice progress</h1>",
            "<p>Practice with made-up people: not a record of anyone who uses services.</p>",
        ]
        if not self.trainees:
            body.append(f"<p>{h(self.empty_words)}</p>")
        for t in self.trainees:
            body += [
                f"<h2>{h(t.shown_name)}</h2>",
                f"<p>{h(_summary(t))}</p>",
            ]
            for heading, trends in t.trends_by_mode():
                body += [
                    f"<p>{h(heading)}:</p>",
                    "<ul>" + "".join(f"<li>{h(trend.words)}</li>" for trend in trends) + "</ul>",
                ]
            body += [
                '<div class="wide"><table><thead><tr>'
                + "".join(f"<th>{h(cell)}</th>" for cell in self._head())
                + "</tr></thead><tbody>",
            ]
            head = self._head()
            for row in self._rows(t):
                # data-label: on a narrow screen each cell is shown on its own line, named.
                body.append(
                    "<tr>"
                    + "".join(
                        f'<td data-label="{h(label)}">{h(cell)}</td>'
                        for label, cell in zip(head, row, strict=True)
                    )
                    + "</tr>"
                )
            body.append("</tbody></table></div>")
        if self.skipped:
            body.append("<h2>Not scored</h2><ul>")
            body += [f"<li>{h(line)}</li>" for line in self.skipped]
            body.append("</ul>")
        body.append(f'<p class="watermark">{h(WATERMARK)}</p>')
        return (
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"{POLICY_META}<title>Practice progress ({h(WATERMARK)})</title><style>{_CSS}</style>"
            "</head><body>\n" + "\n".join(body) + "\n</body></html>\n"
        )

    def to_csv(self) -> str:
        """One row a practice, oldest first within each trainee; a column per principle."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        ids = [pid for pid, _ in self.principles]
        # The watermark in a column of every row: a CSV has no heading line for it, and a row
        # copied into another sheet still says it is about made-up people.
        writer.writerow(
            [
                "watermark",
                "trainee",
                "record_id",
                "session_id",
                "persona",
                "mode",
                "meeting",
                "started",
                "finished",
                "left_out_of_trends",
                *ids,
                "total",
                "best_total",
            ]
        )
        for t in self.trainees:
            for p in t.practices:
                info = p.practice
                scores = [p.score_of(pid) for pid in ids]
                writer.writerow(
                    [
                        WATERMARK,
                        _cell(t.trainee),
                        info.record_id,
                        info.session_id,
                        info.persona_id,
                        info.mode,
                        info.meeting,
                        info.started,
                        info.finished or "",
                        p.left_out,
                        *["" if s is None else s for s in scores],
                        p.total,
                        p.best_total,
                    ]
                )
        return out.getvalue()

    def to_json(self) -> str:
        data = {
            "format": FORMAT,
            "version": VERSION,
            "watermark": WATERMARK,
            "principles": [{"id": pid, "label": label} for pid, label in self.principles],
            "trainees": [
                {
                    "trainee": t.trainee,
                    "practices": [
                        {
                            **p.practice.to_json(),
                            "persona_name": p.persona_name,
                            "scores": {s.id: s.score for s in p.scores},
                            "total": p.total,
                            "best_total": p.best_total,
                            "left_out_of_trends": p.left_out or None,
                        }
                        for p in t.practices
                    ],
                    "trends": [trend.to_json() for trend in t.trends],
                }
                for t in self.trainees
            ],
            "skipped": list(self.skipped),
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    def render(self, fmt: str) -> str:
        """The export in one of :data:`FORMATS`."""
        makers = {
            "md": self.to_markdown,
            "html": self.to_html,
            "csv": self.to_csv,
            "json": self.to_json,
        }
        if fmt not in makers:
            raise ValueError(f"The format must be one of {', '.join(FORMATS)}, not {fmt!r}.")
        return makers[fmt]()

    # ----------------------------------------------------------------- helpers

    def _head(self) -> list[str]:
        labels = [label for _, label in self.principles]
        return ["Started", "Person", "Mode", "Meeting", *labels, "Total"]

    def _rows(self, t: TraineeProgress) -> Iterable[list[str]]:
        for p in t.practices:
            info = p.practice
            when = info.started[:16].replace("T", " ")
            if p.left_out:
                when += f" ({p.left_out})"
            scores = [p.score_of(pid) for pid, _ in self.principles]
            yield [
                when,
                p.persona_name,
                info.mode,
                str(info.meeting),
                *("-" if s is None else str(s) for s in scores),
                f"{p.total} of {p.best_total}",
            ]

    def _skipped_md(self) -> list[str]:
        if not self.skipped:
            return []
        return ["## Not scored", "", *(f"- {md(line)}" for line in self.skipped), ""]


# The table has a column per principle: it fills the page and its headings wrap; on a narrow
# screen (a phone, a half-width window) each practice becomes a block of named lines, and the
# wrapper scrolls sideways rather than cutting anything off if it is still too wide.
_CSS = (
    "body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;"
    "line-height:1.5;color:#111}"
    ".watermark{border:3px solid #000;padding:.4em .8em;font-weight:bold;text-align:center;"
    "letter-spacing:.05em}.wide{overflow-x:auto;padding:1px}"
    "table{border-collapse:collapse;width:100%;font-size:.95em}td,th{border:1px solid #666;"
    "padding:.2em .3em;text-align:left;vertical-align:top;overflow-wrap:break-word}"
    "@media (max-width:60em){table,thead,tbody,tr,td{display:block}"
    "thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}"
    "tr{border:1px solid #666;margin:0 0 .8em}td{border:none}"
    'td::before{content:attr(data-label) ": ";font-weight:bold}}'
)


def _plural(count: int) -> str:
    return "1 practice" if count == 1 else f"{count} practices"


def _mode_order(mode: str) -> tuple[int, str]:
    return (list(MODE_WORDS).index(mode) if mode in MODE_WORDS else len(MODE_WORDS), mode)


def _mode_words(mode: str) -> str:
    return MODE_WORDS.get(mode, f"{mode.capitalize()} practice")


def _summary(t: TraineeProgress) -> str:
    """The line above the trends: how many practices, and how many were left out of them
    (and why: not finished, or ended with nothing done)."""
    open_ = sum(1 for p in t.practices if p.left_out == LEFT_PART_WAY)
    empty = sum(1 for p in t.practices if p.left_out == NOTHING_DONE)
    text = _plural(len(t.practices))
    if open_ == len(t.practices):
        return f"{text}, none finished yet: how it went is shown once one is finished."
    why = [f"{open_} not finished"] if open_ else []
    why += [f"{empty} ended with nothing done"] if empty else []
    if why:
        text += f" ({', '.join(why)}, left out of the trends)"
    if open_ + empty == len(t.practices):
        return f"{text}: how it went is shown once one is finished with something done."
    apart = len({p.practice.mode for p in t.practices if not p.left_out}) > 1
    return f"{text}. How it went, first to latest{', solo and paired apart' if apart else ''}:"


def _cell(text: str) -> str:
    # A spreadsheet runs a cell starting with = + - @ as a formula: a name is data.
    return spreadsheet_cell(text)


def _trends(
    practices: Sequence[PracticeScore], principles: list[tuple[str, str]], mode: str
) -> list[Trend]:
    trends: list[Trend] = []
    series: list[tuple[str, str, list[int]]] = []
    for pid, label in principles:
        values = [s for s in (p.score_of(pid) for p in practices) if s is not None]
        series.append((pid, label, values))
    series.append(("total", "All principles (total)", [p.total for p in practices]))
    for pid, label, values in series:
        if not values:
            continue
        many = len(values) >= 4
        trends.append(
            Trend(
                id=pid,
                label=label,
                first=values[0],
                latest=values[-1],
                count=len(values),
                first_three=sum(values[:3]) / 3 if many else None,
                last_three=sum(values[-3:]) / 3 if many else None,
                mode=mode,
            )
        )
    return trends


def progress(
    scored: Iterable[PracticeScore], *, skipped: Iterable[str] = (), trainee: str = ""
) -> Progress:
    """Group scored practices by trainee (oldest first) and work out the trends.

    ``trainee``: the one trainee asked for, if any (an empty report names them)."""
    by_trainee: dict[str, list[PracticeScore]] = {}
    shown: dict[str, str] = {}
    principles: list[tuple[str, str]] = []
    for p in scored:
        key = " ".join(p.practice.trainee.casefold().split())
        by_trainee.setdefault(key, []).append(p)
        shown.setdefault(key, p.practice.trainee)
        for s in p.scores:
            if all(pid != s.id for pid, _ in principles):
                principles.append((s.id, s.label))
    trainees = []
    for key in sorted(by_trainee, key=lambda k: (k == "", k)):
        practices = sorted(by_trainee[key], key=lambda p: (p.practice.started, p.practice.updated))
        # Trends only from finished practices in which something was done: one left part
        # way never reached the later topics, one ended at once scored nothing, and either's
        # zeros read as the trainee getting worse. Solo and paired apart: a colleague's
        # answers in paired role-play are not the trainee's moves with the simulated person.
        counted = [p for p in practices if not p.left_out]
        trends: list[Trend] = []
        for mode in sorted({p.practice.mode for p in counted}, key=_mode_order):
            same = [p for p in counted if p.practice.mode == mode]
            trends += _trends(same, principles, mode)
        trainees.append(TraineeProgress(shown[key], tuple(practices), tuple(trends)))
    return Progress(trainees, principles, list(skipped), trainee)


def progress_from_store(
    store: CaseStore,
    *,
    trainee: str | None = None,
    content: Content | None = None,
    personas: dict[str, Persona] | None = None,
    scorer: Scorer = rubric_scores,
) -> Progress:
    """Every practice in the training store (or one trainee's), scored and grouped."""
    problems: list[str] = []
    scored: list[PracticeScore] = []
    for info in list_practices(store, trainee, problems=problems):
        try:
            session = load_practice(
                store, info.record_id, info.session_id, content=content, personas=personas
            )
        except TrainingError as exc:
            problems.append(f"{info.name} (record {info.record_id}): {exc}")
            continue
        scored.append(PracticeScore(info, session.persona.name, tuple(scorer(session))))
    return progress(scored, skipped=problems, trainee=(trainee or "").strip())
