"""'How things have changed': a plan's measures as charts across meetings (pure: no Textual).

Each chart is one measure (an ONS well-being question, one goal's attainment, one connection
count) with a row per meeting that has it (the date in words, the value in numbers and
words) and the plan's own sentence for the change (``assistant.plans.outcomes``), so the
screen reads as words as well as bars. A goal's review answers (how it is going, what next)
are said under its chart, or, for a goal with no levels to chart, in a line under the
goals' charts: each goal's words once. The app's
screen draws these (``assistant/ui/screens/changes.py``); nothing here decides how. Below
the charts, what was taken off a list (a goal, a person in My connections), in the words of
the person's own copy.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from assistant.dates import say_date
from assistant.export.ideas import idea_label
from assistant.plans.model import Goal, Plan
from assistant.plans.outcomes import (
    CIRCLE_LABELS,
    CONNECTION_LABELS,
    GAS_LABELS,
    ONS4,
    ChangeItem,
    MeasuresRow,
    change,
    series,
)
from assistant.plans.state import is_agreed

#: Said when no measure has been taken yet: what will appear, and when.
NOTHING_YET = (
    "Nothing to show yet. When you answer the questions in How life feels, set a goal with "
    "what you hope to see, or note people and things to try, they show here. After a review "
    "meeting you can see how they have changed."
)
#: Said above the charts while the plan has one meeting only.
ONE_MEETING = "This is the first time. After the next review you will see how things have changed."
#: Said when there were several meetings but none measured anything ({meetings}: how many).
NOTHING_MEASURED = (
    "Nothing measured yet: in these {meetings} meetings no well-being ratings or goal levels "
    "were given, and no people or things to try were written down to count."
)
#: Said above the charts of several meetings when each measure was given at one of them only.
EACH_ONCE = (
    "Each of these was given at one meeting only so far. When it is given again at a review "
    "you will see how it has changed."
)


def draft_note(plan: Plan) -> str | None:
    """Said above the charts of a saved plan that is a draft: the last row of each chart is
    its answers, which neither the person nor the worker has agreed yet. None otherwise."""
    if is_agreed(plan):
        return None
    which = f"version {plan.number}" if plan.number else "the latest plan"
    return f"The last row of each chart is from {which}, a draft: not agreed yet."


@dataclass(frozen=True)
class ChartRow:
    """One meeting's value of a measure; ``value`` None where it was not answered."""

    when: str
    value: int | None
    words: str
    latest: bool = False


@dataclass(frozen=True)
class MeasureChart:
    """One measure across meetings: ``low``..``high`` is the bar's scale. ``key`` names the
    measure as :class:`assistant.plans.outcomes.ChangeItem` does (never shown). ``said``:
    for a goal, its review answers in a line under the chart (``goal_said``), or empty."""

    key: tuple[str, str]
    title: str
    note: str
    low: int
    high: int
    rows: list[ChartRow]
    sentence: str = ""
    said: str = ""

    @property
    def answered(self) -> int:
        """How many meetings have a value for this measure."""
        return sum(1 for row in self.rows if row.value is not None)


@dataclass
class ChangeGroup:
    """Charts of one kind (well-being, goals, connections) under a heading; ``lines`` are
    said in words under the charts (each goal's review answers)."""

    key: str
    title: str
    intro: str
    charts: list[MeasureChart] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


def _when(date: str | None, number: int) -> str:
    """A meeting's date in words (``3 March 2027``), or ``Meeting 2`` when it has none."""
    return say_date(date, weekday=False, year=True) if date else f"Meeting {number}"


def _rows(
    values: Sequence[tuple[str | None, int | None, int | None]],
    words: Mapping[int, str] | None = None,
) -> list[ChartRow]:
    """Chart rows from ``(date, value, meeting)``, the last one marked latest; ``words`` says
    a value in words. ``meeting`` is the meeting's own number (its plan version; None: the
    row's place). Meetings on the same day are told apart by that number, not by the row's
    place in this chart, which leaves out meetings that did not measure it:
    ``2 December 2026 (meeting 3)``. The last row without a number, beside rows with one, is
    the meeting going on (its plan has no number until it is saved): ``(this meeting)``, not
    its place, which can be another row's number. The place is used only when no row has a
    number."""
    out = []
    last = len(values) - 1
    per_day = Counter(date for date, _, _ in values if date)
    numbered = any(meeting is not None for _, _, meeting in values)
    for place, (date, value, meeting) in enumerate(values):
        if value is None:
            said = "not answered"
        elif words is not None:
            said = words.get(value, str(value))
        else:
            said = str(value)
        if meeting is None and numbered and place == last:
            when = say_date(date, weekday=False, year=True) if date else "This meeting"
            which = "this meeting"
        else:
            number = meeting if meeting is not None else place + 1
            when, which = _when(date, number), f"meeting {number}"
        if date and per_day[date] > 1:
            when += f" ({which})"
        out.append(ChartRow(when, value, said, latest=place == last))
    return out


def wellbeing_charts(
    rows: list[MeasuresRow], items: dict[tuple[str, str], ChangeItem]
) -> list[MeasureChart]:
    """One chart per ONS question answered at least once: a row per meeting."""
    charts = []
    for ons in ONS4:
        item = items.get(("wellbeing", ons.id))
        if item is None:
            continue
        values = [
            (
                row.date,
                getattr(row.wellbeing, ons.id) if row.wellbeing is not None else None,
                row.plan_version,
            )
            for row in rows
        ]
        note = "0 is not at all, 10 is completely."
        if ons.lower_is_better:
            note += " A lower number is better here."
        said = {n: f"{n} out of 10" for n in range(11)}
        charts.append(
            MeasureChart(item.key, ons.label, note, 0, 10, _rows(values, said), item.sentence)
        )
    return charts


def _levels(goal: Goal) -> dict[int, str]:
    """-2..+2 in words: the scale's own, with the person's words where they gave them (-1
    names what was hoped for, +1 the even better they named)."""
    levels = goal.levels
    now, hoped, better = (levels.now, levels.expected, levels.better) if levels else (None,) * 3
    words = {
        value: f"{value:+d} {label}" if value else f"0 {label}"
        for value, label in GAS_LABELS.items()
    }
    for value, own in ((-2, now), (0, hoped), (2, better)):
        if own:
            words[value] += f': "{own}"'
    if hoped:
        words[-1] += f' ("{hoped}")'
    if better and "even better" in words[1]:
        words[1] = words[1].replace("even better", f'"{better}"')
    return words


def goal_charts(plan: Plan, items: dict[tuple[str, str], ChangeItem]) -> list[MeasureChart]:
    """One chart per goal looked at in a review at least once (attainment -2..+2)."""
    charts = []
    note = "From -2 (no change yet) through 0 (what we hoped for) to +2 (even better)."
    for goal in plan.goals:
        item = items.get(("attainment", goal.id))
        if item is None:
            continue
        values = [(p.date, p.value, p.plan_version) for p in item.points]
        rows = _rows(values, _levels(goal))
        # Its review answers go with its chart, not in a line of their own under the
        # charts, which said the goal's words a second time.
        answers = goal_answers(goal)
        said = f"At the review: {answers}" if answers else ""
        charts.append(
            MeasureChart(item.key, goal.what, note, -2, 2, rows, item.sentence, said=said)
        )
    return charts


#: What the person chose to do with a goal at its review (``Goal.next``), as said after the
#: progress in a goal's line; another code is said in its own label.
GOAL_NEXT_WORDS = {
    "keep": "keep going",
    "change": "changing it",
    "finished": "done",
    "let_go": "let go for now",
}


def goal_answers(goal: Goal) -> str:
    """A goal's answers at its review (progress and what next, ``Goal.progress`` and
    ``Goal.next``) in words, ``I've got there — done``; empty when it was not reviewed."""
    said = [goal.progress.label] if goal.progress is not None else []
    if goal.next is not None:
        said.append(GOAL_NEXT_WORDS.get(goal.next.code, goal.next.label))
    return " — ".join(said)


def goal_lines(plan: Plan, charted: Collection[str] = ()) -> list[str]:
    """One line per goal looked at in a review, from the person's answers there:
    ``Go back to the choir: I've got there — done``, so a review without levels to chart
    (attainment is asked only then) still says how each goal went. A goal in ``charted``
    (its id) is left out: its chart says its answers. Goals finished or let go stay on the
    list with their answers; those marked private are said too, as their charts are: the
    screen is the pair's own."""
    lines = []
    for goal in plan.goals:
        answers = goal_answers(goal)
        if answers and goal.id not in charted:
            lines.append(f"{goal.what}: {answers}")
    return lines


def connection_charts(
    rows: list[MeasuresRow], items: dict[tuple[str, str], ChangeItem]
) -> list[MeasureChart]:
    """One chart per connection count that was ever above nought."""
    charts = []
    note = "Counted from what we wrote down at each meeting."
    names = [*CONNECTION_LABELS][:1] + [f"circle:{c}" for c in CIRCLE_LABELS]
    names += [*CONNECTION_LABELS][1:]
    for name in names:
        item = items.get(("connections", name))
        if item is None or not any(p.value for p in item.points):
            continue
        values = [(p.date, p.value, p.plan_version) for p in item.points]
        high = max(item.high, 5)  # one person is not a full bar
        charts.append(
            MeasureChart(item.key, item.label, note, 0, high, _rows(values), item.sentence)
        )
    return charts


def change_view(plan: Plan) -> list[ChangeGroup]:
    """The plan's measures as groups of charts; only groups with something to show."""
    rows = series(plan)
    items = {item.key: item for item in change(plan).items}
    groups = [
        ChangeGroup(
            "wellbeing",
            "How life feels",
            "The ONS personal well-being questions, each answered from 0 to 10.",
            wellbeing_charts(rows, items),
        ),
        _goals_group(plan, items),
        ChangeGroup(
            "connections",
            "My connections",
            "Counted from the people, help and things to try we wrote down.",
            connection_charts(rows, items),
        ),
    ]
    return [group for group in groups if group.charts or group.lines]


def _goals_group(plan: Plan, items: dict[tuple[str, str], ChangeItem]) -> ChangeGroup:
    """How far my goals have come: the attainment charts (each with its goal's review
    answers), then the review answers of goals with no chart, in words; without charts its
    intro says what the lines are."""
    charts = goal_charts(plan, items)
    lines = goal_lines(plan, charted={chart.key[1] for chart in charts})
    intro = (
        "Looked at in each review, from -2 (no change yet) to +2 (even better than hoped)."
        if charts
        else "How each goal is going and what to do with it now, as said in a review."
    )
    return ChangeGroup("goals", "How far my goals have come", intro, charts, lines=lines)


def first_time_only(groups: Sequence[ChangeGroup]) -> bool:
    """Whether every measure has one meeting's value only (nothing to compare yet)."""
    return all(chart.answered <= 1 for group in groups for chart in group.charts)


def meetings_in(plan: Plan) -> int:
    """How many meetings the plan's measures cover: its earlier versions and its own."""
    return len(series(plan))


def opening_line(
    plan: Plan, groups: Sequence[ChangeGroup], referrals: Sequence[str]
) -> tuple[str, str] | None:
    """The line said above the charts, if any, as ``(kind, words)``: ``nothing`` to show,
    the ``first-time``, ``nothing-measured`` in several meetings, or each measure given
    ``once-each`` so far. The first time only when there really is one meeting: several
    meetings with nothing to chart (only goals and referrals, say) are not."""
    meetings = meetings_in(plan)
    # Goals' review answers in words are not measures: only charts count here.
    charted = [group for group in groups if group.charts]
    if meetings <= 1:
        if not groups and not referrals:
            return "nothing", NOTHING_YET
        return "first-time", ONE_MEETING
    if not charted:
        return "nothing-measured", NOTHING_MEASURED.format(meetings=meetings)
    if first_time_only(groups):
        return "once-each", EACH_ONCE
    return None


#: A referral's status codes in words, as they read in a line of what happened.
REFERRAL_STEPS = {
    "planned": "planned",
    "sent": "sent",
    "replied": "they replied",
    "started": "started",
    "declined": "turned down",
    "stopped": "stopped",
}


def referral_lines(plan: Plan) -> list[str]:
    """Each referral and what happened, in order: ``Walking group: planned 1 March 2027,
    sent 3 March 2027, started 31 March 2027.``"""
    lines = []
    for referral in plan.referrals:
        steps = [(p.status, p.date) for p in referral.history]
        if referral.status is not None:
            now = (referral.status.code, referral.status_on)
            if not steps or steps[-1] != now:
                steps.append(now)
        said = [
            f"{REFERRAL_STEPS.get(code, code)}"
            + (f" {say_date(date, weekday=False, year=True)}" if date else "")
            for code, date in steps
        ]
        lines.append(f"{referral.to}: {', '.join(said)}." if said else f"{referral.to}.")
    return lines


#: The heading of the goals and people taken off their list, as the copies have it.
TAKEN_OFF_TITLE = "Taken off the list"


def taken_off_lines(plan: Plan) -> list[str]:
    """Each goal or person taken off their list at a meeting (``Plan.taken_off``), oldest
    first, in the words of the person's own copy (docs/export.md, "What was taken off a
    list"): ``Goal taken off on 7 December 2026: “Walk more” (my worker's idea)``,
    ``Taken off My connections on 7 December 2026: Dan``. Every line, those marked private
    too: this screen is the pair's own, as the person's copy is, and shows private goals'
    charts as well."""
    lines = []
    for t in plan.taken_off:
        when = f" on {say_date(t.on, weekday=False, year=True)}" if t.on else ""
        if t.kind == "goal":
            line = f"Goal taken off{when}: “{t.what}”"
        else:
            line = f"Taken off My connections{when}: {t.what}"
        idea = idea_label(t.idea_from, yours=True)
        if idea:
            line += f" ({idea[:1].lower() + idea[1:]})"
        lines.append(line)
    return lines
