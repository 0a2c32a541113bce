"""Outcome measures: what they are, what a plan version counts, and how things have changed.

Plain Python (no Textual): the app's change screen, the exports and the team summary read
the same numbers and the same sentences from here (docs/outcomes.md describes each measure,
its source and licence).

- :data:`ONS4`: the ONS personal well-being questions, in their official wording (0-10;
  for ``anxious`` a lower number is better).
- :data:`GAS_LABELS`: goal attainment scaling, -2 ... +2, in general words (each goal also
  has the person's own words for -2, 0 and +2: :class:`~assistant.plans.model.GoalLevels`).
- :func:`connection_counts`: social connection counted from one plan version.
- :func:`series`: every version's measures, oldest first (the plan's history, then now).
- :func:`change`: first-to-latest for each measure, as numbers and as a plain sentence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from assistant.dates import MONTHS, as_day, local_iso_day
from assistant.plans.model import (
    ConnectionCounts,
    Goal,
    Measures,
    Plan,
    WellbeingScores,
)
from assistant.plans.network_shape import NO_SUPPORT


@dataclass(frozen=True)
class Ons4Item:
    """One ONS personal well-being question."""

    id: str  # where the answer is kept: wellbeing.ID, WellbeingScores.ID
    question: str  # the official wording, kept exactly
    label: str  # a short name for charts and sentences
    lower_is_better: bool = False


# The ONS personal well-being questions (ONS4), Office for National Statistics; free to use
# under the Open Government Licence v3.0. The wording must not change (results are only
# comparable with the national figures when asked exactly so).
ONS4: Final[tuple[Ons4Item, ...]] = (
    Ons4Item(
        "satisfied", "Overall, how satisfied are you with your life nowadays?", "Life satisfaction"
    ),
    Ons4Item(
        "worthwhile",
        "Overall, to what extent do you feel that the things you do in your life are worthwhile?",
        "Things I do are worthwhile",
    ),
    Ons4Item("happy", "Overall, how happy did you feel yesterday?", "Happy yesterday"),
    Ons4Item(
        "anxious",
        "Overall, how anxious did you feel yesterday?",
        "Anxious yesterday",
        lower_is_better=True,
    ),
)
ONS4_SOURCE: Final = (
    "The ONS personal well-being questions (ONS4), Office for National Statistics; free to "
    "use under the Open Government Licence v3.0."
)
ONS4_SCALE: Final = "0 = Not at all, 10 = Completely"

# Goal attainment scaling (after Kiresuk & Sherman 1968), in general words. The review's
# options show the person's own words for -2, 0 and +2 where the goal has them.
GAS_LABELS: Final[Mapping[int, str]] = {
    -2: "No change from how things were",
    -1: "A bit better than then, not yet what was hoped",
    0: "What was hoped for",
    1: "More than hoped, not as far as even better",
    2: "Even better than hoped",
}
# The review's answer codes (review_goal.yaml `attainment`) -> the scale.
ATTAINMENT_CODES: Final[Mapping[str, int]] = {
    "minus_2": -2,
    "minus_1": -1,
    "zero": 0,
    "plus_1": 1,
    "plus_2": 2,
}

# A thing to try at a review (status codes), and which count as started / kept up.
OPPORTUNITY_STATUSES: Final[Mapping[str, str]] = {
    "not_yet": "Not yet",
    "tried": "Been once or twice",
    "going": "Keeps going",
    "stopped": "Stopped going",
}
STARTED: Final = frozenset({"tried", "going", "stopped"})
KEPT_UP: Final = frozenset({"going"})

# A referral's status codes and plain words (used when the content gives none).
REFERRAL_STATUSES: Final[Mapping[str, str]] = {
    "planned": "Planned",
    "sent": "Sent",
    "replied": "They replied",
    "started": "Started",
    "declined": "Turned down",
    "stopped": "Stopped",
}
REFERRAL_ROUTES: Final[Mapping[str, str]] = {
    "phone": "By phone",
    "email": "By email",
    "form": "A form",
    "in_person": "In person",
    "self": "The person gets in touch themselves",
    "other": "Another way",
}

# Connection counts: key -> words for charts and sentences, in the order they are shown.
CONNECTION_LABELS: Final[Mapping[str, str]] = {
    "people": "People in my network",
    "support_kinds": "Kinds of support from them",
    "domains": "Kinds of help I know someone for",
    "activities_started": "Things to try started",
    "activities_kept_up": "Things to try kept up",
}
CIRCLE_LABELS: Final[Mapping[str, str]] = {
    "1": "People in circle 1 (closest)",
    "2": "People in circle 2",
    "3": "People in circle 3",
}


def connection_counts(plan: Plan, before: ConnectionCounts | None = None) -> ConnectionCounts:
    """Social connection counted from ``plan``: people per circle, people, kinds of support,
    resourceful-people domains with someone in them, things to try started and kept up.

    "Started" counts a thing to try whose status is, or ever was, tried, going or stopped;
    "kept up" one whose status is going now. A count whose part of the plan is empty is
    None (not talked about yet), unless ``before`` (the last version's counts) counted it:
    then it is a real nought (everyone taken off the network, say). An empty network the
    pair answered "No one right now" (``plan.none_right_now``) is a real nought too: the
    person's own answer that there is no one, where "Not today" leaves it not counted.
    Kinds of support are counted once someone's help was talked about, not with the
    network alone.
    """
    people = plan.network.people
    network = (
        bool(people)
        or "network" in (plan.none_right_now or ())
        or (before is not None and before.people is not None)
    )
    circles = {key: 0 for key in CIRCLE_LABELS}
    for person in people:
        if person.circle is not None:
            circles[str(person.circle)] += 1
    said = {code.code for person in people for code in person.support}
    # "Nothing at the moment" answers the question but is no kind of support: someone who
    # gives nothing counts 0 kinds.
    support = said - {NO_SUPPORT}
    # What each person helps with is its own question ("say a bit more about each person?"):
    # a network drawn without it has no kinds of support counted, not nought.
    support_asked = bool(said) or (before is not None and before.support_kinds is not None)
    resourceful = bool(plan.resourceful.domains) or (
        before is not None and before.domains is not None
    )
    domains = sum(1 for d in plan.resourceful.domains if d.people)
    tries = plan.community.opportunities
    things = bool(tries) or (before is not None and before.activities_started is not None)
    started = kept_up = 0
    for opportunity in tries:
        now = opportunity.status.code if opportunity.status is not None else None
        ever = {p.status for p in opportunity.status_history} | ({now} if now else set())
        started += bool(ever & STARTED)
        kept_up += now in KEPT_UP
    return ConnectionCounts(
        circles=circles if network else {},
        people=len(people) if network else None,
        support_kinds=len(support) if support_asked else None,
        domains=domains if resourceful else None,
        activities_started=started if things else None,
        activities_kept_up=kept_up if things else None,
    )


@dataclass(frozen=True)
class MeasuresRow:
    """One plan version's measures (a point of :func:`series`)."""

    plan_version: int | None
    date: str | None
    wellbeing: WellbeingScores | None
    connections: ConnectionCounts | None
    attainment: Mapping[str, int] = field(default_factory=dict)
    now: bool = False  # the plan's own version (the latest)


def _attainment_now(goals: list[Goal]) -> dict[str, int]:
    return {g.id: g.attainment for g in goals if g.attainment is not None}


def series(plan: Plan) -> list[MeasuresRow]:
    """Every version's measures, oldest first: the plan's history, then this version's."""
    rows = [
        MeasuresRow(p.plan_version, p.date, p.wellbeing, p.connections, dict(p.attainment))
        for p in plan.measures.history
    ]
    measures: Measures = plan.measures
    rows.append(
        MeasuresRow(
            plan.number,
            measures.date or plan.agreement.date or local_iso_day(plan.created),
            measures.wellbeing,
            measures.connections,
            _attainment_now(plan.goals),
            now=True,
        )
    )
    return rows


@dataclass(frozen=True)
class Point:
    """One value of one measure, and when (``now``: this plan version's)."""

    value: int
    date: str | None
    plan_version: int | None
    now: bool = False


@dataclass(frozen=True)
class ChangeItem:
    """One measure over time: its points (oldest first), first-to-latest, and a sentence.

    ``key`` names the measure: ``("wellbeing", ITEM)``, ``("connections", KEY)``,
    ``("connections", "circle:N")`` or ``("attainment", GOAL_ID)``.
    """

    key: tuple[str, str]
    label: str
    points: tuple[Point, ...]
    lower_is_better: bool = False
    low: int = 0  # the scale's ends, for charts (counts: 0 .. the largest count)
    high: int = 10
    as_of: str | None = None  # the plan version's own date (a single point's year is said
    # only when it is not this one's)

    @property
    def first(self) -> Point:
        return self.points[0]

    @property
    def latest(self) -> Point:
        return self.points[-1]

    @property
    def first_when(self) -> str:
        """When the first point was taken, as the sentence says it ("in March")."""
        return _when(self.first, self.latest)

    @property
    def difference(self) -> int | None:
        """Latest minus first; None with a single point."""
        if len(self.points) < 2:
            return None
        return self.latest.value - self.first.value

    @property
    def better(self) -> bool | None:
        """Whether things went the good way (None: no change, or a single point)."""
        diff = self.difference
        if not diff:
            return None
        return diff < 0 if self.lower_is_better else diff > 0

    @property
    def sentence(self) -> str:
        """The change in plain words: "Life satisfaction: 4 in March, 6 now (up 2)."."""
        first, latest = self.first, self.latest
        shown = self.shown
        if len(self.points) < 2:
            reference = Point(latest.value, self.as_of, None)
            # Told by its day in this version's month, as the two-point sentences are.
            when = _when(latest, reference)
            return f"{self.label}: {shown(latest.value)} {when}."
        diff = latest.value - first.value
        moved = "no change" if diff == 0 else f"{'up' if diff > 0 else 'down'} {abs(diff)}"
        if self.lower_is_better:
            moved = f"lower is better: {moved}"
        return (
            f"{self.label}: {shown(first.value)} {_when(first, latest)}, "
            f"{shown(latest.value)} {_when(latest, first)} ({moved})."
        )

    def shown(self, value: int) -> str:
        """A value as written in sentences (attainment with its sign: −1, 0, +2; a true minus
        sign, as the charts and tables write it)."""
        if self.key[0] == "attainment" and value > 0:
            return f"+{value}"
        if self.key[0] == "attainment" and value < 0:
            return f"−{-value}"
        return str(value)


def _when(point: Point, other: Point | None) -> str:
    """When a point was taken, in words: "now", "in March", "on 4 March" (when the other
    point is the same month) with the year when the two differ in year."""
    if point.now:
        return "now"
    day = as_day(point.date) if point.date else None
    if day is None:
        return f"at plan version {point.plan_version}" if point.plan_version else "before"
    other_day = as_day(other.date) if other is not None and other.date else None
    year = f" {day.year}" if other_day is None or other_day.year != day.year else ""
    if other_day is not None and (other_day.year, other_day.month) == (day.year, day.month):
        return f"on {day.day} {MONTHS[day.month - 1]}{year}"
    return f"in {MONTHS[day.month - 1]}{year}"


@dataclass(frozen=True)
class Change:
    """Every measure's change over time (:func:`change`), in the order they are shown:
    well-being, goal attainment, then connection counts."""

    items: tuple[ChangeItem, ...]

    def sentences(self) -> list[str]:
        """Each measure's sentence, in order."""
        return [item.sentence for item in self.items]

    def item(self, key: tuple[str, str]) -> ChangeItem | None:
        """The measure named ``key``, or None when it has no value yet."""
        return next((i for i in self.items if i.key == key), None)


def change(plan: Plan) -> Change:
    """First-to-latest for each measure with at least one value (see :class:`ChangeItem`)."""
    rows = series(plan)
    as_of = rows[-1].date
    items: list[ChangeItem] = []
    for ons in ONS4:
        points = tuple(
            Point(v, r.date, r.plan_version, r.now)
            for r in rows
            if r.wellbeing is not None and (v := getattr(r.wellbeing, ons.id)) is not None
        )
        if points:
            items.append(
                ChangeItem(
                    ("wellbeing", ons.id), ons.label, points, ons.lower_is_better, as_of=as_of
                )
            )
    for goal in plan.goals:
        points = tuple(Point(p.value, p.date, p.plan_version) for p in goal.attainment_history)
        if goal.attainment is not None:
            now = rows[-1]
            points += (Point(goal.attainment, now.date, now.plan_version, True),)
        if points:
            items.append(
                ChangeItem(("attainment", goal.id), goal.what, points, low=-2, high=2, as_of=as_of)
            )
    counted = [r for r in rows if r.connections is not None]
    keys = [(k, label) for k, label in CONNECTION_LABELS.items()]
    keys += [(f"circle:{k}", label) for k, label in CIRCLE_LABELS.items()]
    for key, label in keys:
        points = tuple(
            Point(value, r.date, r.plan_version, r.now)
            for r in counted
            if r.connections is not None and (value := _count(r.connections, key)) is not None
        )
        # A count never above nought says nothing ("0 in March, 0 now"): left out.
        if any(p.value for p in points):
            top = max(p.value for p in points)
            items.append(
                ChangeItem(("connections", key), label, points, high=max(top, 1), as_of=as_of)
            )
    return Change(tuple(items))


def _count(counts: ConnectionCounts, key: str) -> int | None:
    """One count (None: not counted at that meeting)."""
    if key.startswith("circle:"):
        if counts.people is None:
            return None
        return counts.circles.get(key.removeprefix("circle:"), 0)
    value = getattr(counts, key)
    assert value is None or isinstance(value, int)
    return value
