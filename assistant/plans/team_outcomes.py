"""The team's outcomes: change across everyone on record (``cpi-assistant outcomes``).

For a team's report to the people who fund it: how many people have measures, and for each
measure the median at the first and the latest meeting and the median change, with how many
people moved each way; goal attainment at the latest review; referrals by status and how long
their steps took. No names or ids unless asked (``names=True``: one row per person as well).

It reads the measures digest each entry of the list of people keeps
(:mod:`assistant.records.outcome_digest`), not the case files: 1,000 people are summarised in
well under a second. An entry written before digests were kept, or whose case file changed
after its digest was made, is read from its record once and its digest kept. Training records
are in a separate store and never counted; an erased person's entry is gone with their record.
docs/team-report.md says what each figure means.
"""

from __future__ import annotations

import csv
import io
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Final

from assistant.plans.outcomes import CIRCLE_LABELS, CONNECTION_LABELS, GAS_LABELS, ONS4
from assistant.plans.outcomes import REFERRAL_STATUSES as REFERRAL_LABELS
from assistant.records import CaseStore, RecordsError
from assistant.records.outcome_digest import (
    ANSWERED,
    ATTAINMENT,
    CONNECTION_COUNTS,
    CONNECTIONS,
    DAY,
    FILE_KEY,
    FIRST,
    INDEX_KEY,
    PLANNED,
    PRIVATE_PARTS,
    SENT,
    STATUS,
    WELLBEING,
    WELLBEING_ITEMS,
    digest_plan,
    is_current,
)
from assistant.safe_text import spreadsheet_cell
from assistant.text_width import cells, cut

SUMMARY_FORMAT: Final = "cpi-team-outcomes"
# The connection counts summarised, in the order shown (circle 1 is the closest people).
CONNECTION_KEYS: Final = CONNECTION_COUNTS
_CONNECTION_WORDS: Final = {**CONNECTION_LABELS, "circle:1": CIRCLE_LABELS["1"]}
GAS_MEANINGS: Final = GAS_LABELS
# What a named row shows in place of a figure the person keeps private.
KEPT_PRIVATE: Final = "kept private"


def _median(values: Sequence[float]) -> float | None:
    return float(statistics.median(values)) if values else None


@dataclass(frozen=True)
class MeasureChange:
    """One measure across people: first and latest meeting, and the change between them.

    ``answered``: people with the measure at one meeting or more; ``n``: people with it at two
    or more, whose first and latest values give the medians and the counts of change.
    ``improved`` counts a rise, or a fall where ``lower_is_better`` (anxious yesterday).
    """

    key: str
    label: str
    lower_is_better: bool
    answered: int
    n: int
    median_first: float | None
    median_latest: float | None
    median_change: float | None
    improved: int
    same: int
    worse: int


@dataclass(frozen=True)
class GasSummary:
    """Goal attainment (-2 ... +2) at each person's latest review that rated a goal."""

    people: int
    goals: int
    counts: dict[int, int]  # level -> goals at that level
    median: float | None


@dataclass(frozen=True)
class Interval:
    """How many days a step of a referral took: how many referrals took it, the median."""

    n: int
    median_days: float | None
    #: Referrals with both days, the later step dated before the earlier one (a slip of
    #: a date): left out of the median, and said so, never counted as "none yet".
    out_of_order: int = 0


@dataclass(frozen=True)
class ReferralSummary:
    """Referrals as they stand now, by status; and how long planned->sent and
    sent->replied (or started) took."""

    total: int
    people: int
    by_status: dict[str, int]
    planned_to_sent: Interval
    sent_to_answer: Interval


@dataclass(frozen=True)
class PersonRow:
    """One person's figures (only with ``names=True``).

    ``kept_private``: the parts (``wellbeing``, ``connections``, ``goals``, ``referrals``)
    the person keeps from their care team in their newest plan: the row leaves them out
    (empty, ``gas_median`` and ``referrals`` None) and says so; the totals still count them,
    without a name.
    """

    id: str
    name: str
    reference: str | None
    meetings_measured: int
    first_date: str | None
    latest_date: str | None
    first: dict[str, int]  # measure key -> value at the first meeting it was taken
    latest: dict[str, int]  # ... and at the latest
    times: dict[str, int]  # ... and at how many meetings it was taken (1: first is latest)
    gas_median: float | None
    referrals: int | None
    kept_private: tuple[str, ...] = ()


@dataclass(frozen=True)
class TeamSummary:
    """Everything ``cpi-assistant outcomes`` reports (see :func:`summarise`)."""

    since: str | None
    people: int  # on record
    with_measure: int  # with any measure at one meeting or more
    with_two: int  # at two meetings or more
    wellbeing: tuple[MeasureChange, ...]
    connections: tuple[MeasureChange, ...]
    gas: GasSummary
    referrals: ReferralSummary
    rows: tuple[PersonRow, ...] = field(default_factory=tuple)
    unreadable: int = 0  # records that could not be read (damaged): left out, and said

    def to_json(self) -> dict[str, Any]:
        """Plain JSON data (``people_rows`` only when names were asked for)."""
        data: dict[str, Any] = {"format": SUMMARY_FORMAT, "version": 1}
        data.update(asdict(self))
        data["gas"]["counts"] = {str(k): v for k, v in self.gas.counts.items()}
        data["gas"]["labels"] = {str(k): v for k, v in GAS_MEANINGS.items()}
        data["people_rows"] = data.pop("rows")
        if not self.rows:
            del data["people_rows"]
        return data

    def csv_rows(self) -> list[list[str]]:
        """One figure a row: section, measure, figure, value (a "long" table any spreadsheet
        pivots). Text cells are guarded against formulas; numbers stay numbers."""
        rows = [["section", "measure", "figure", "value"]]

        def add(section: str, measure: str, figure: str, value: object) -> None:
            rows.append([section, spreadsheet_cell(measure), figure, _cell(value)])

        add("people", "people", "on_record", self.people)
        add("people", "people", "with_a_measure", self.with_measure)
        add("people", "people", "with_two_or_more", self.with_two)
        add("people", "people", "unreadable", self.unreadable)
        if self.since:
            add("people", "people", "since", self.since)
        for section, items in (("wellbeing", self.wellbeing), ("connections", self.connections)):
            for item in items:
                for figure in (
                    "answered",
                    "n",
                    "median_first",
                    "median_latest",
                    "median_change",
                    "improved",
                    "same",
                    "worse",
                ):
                    add(section, item.key, figure, getattr(item, figure))
        add("goal_attainment", "goals", "people", self.gas.people)
        add("goal_attainment", "goals", "goals", self.gas.goals)
        for level, count in self.gas.counts.items():
            add("goal_attainment", "goals", f"level_{level:+d}", count)
        add("goal_attainment", "goals", "median", self.gas.median)
        ref = self.referrals
        add("referrals", "referrals", "total", ref.total)
        add("referrals", "referrals", "people", ref.people)
        for status, count in ref.by_status.items():
            add("referrals", "referrals", f"status_{status}", count)
        for name, interval in (
            ("planned_to_sent", ref.planned_to_sent),
            ("sent_to_answer", ref.sent_to_answer),
        ):
            add("referrals", name, "n", interval.n)
            add("referrals", name, "median_days", interval.median_days)
            add("referrals", name, "dates_out_of_order", interval.out_of_order)
        for row in self.rows:
            who = f"{row.name} ({row.reference or '-'}, id {row.id})"
            add("person", who, "meetings_measured", row.meetings_measured)
            add("person", who, "first_date", row.first_date)
            add("person", who, "latest_date", row.latest_date)
            for key, value in row.first.items():
                add("person", who, f"{key}_first", value)
            for key, value in row.latest.items():
                add("person", who, f"{key}_latest", value)
            add("person", who, "goal_attainment_median", row.gas_median)
            add("person", who, "referrals", row.referrals)
            if row.kept_private:
                add("person", who, "kept_private", " ".join(row.kept_private))
        return rows

    def to_csv(self) -> str:
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(self.csv_rows())
        return out.getvalue()

    def lines(self, width: int | None = None) -> list[str]:
        """The summary as plain text for a terminal (a table per section, readable words).

        ``width``: the terminal's, in cells; the table of people then cuts a long name
        with "…" to fit, as the CLI's other tables do (None: nothing is cut)."""
        out = [
            "Outcomes across everyone on record"
            + (f", meetings from {self.since} on" if self.since else ""),
            "",
            f"People on record: {self.people}. With a measure at one meeting or more: "
            f"{self.with_measure}. At two or more (so change can be seen): {self.with_two}.",
            # `people` counts the meetings held in this app; a plan brought in with
            # `import` carries the measures of meetings held before it.
            "Meetings here are those in each plan's measures, meetings before an import "
            "included; `people` counts only the meetings held in this app.",
            *(
                [
                    f"{self.unreadable} record(s) could not be read and are left out; "
                    "`cpi-assistant people --check` says which."
                ]
                if self.unreadable
                else []
            ),
            "Not a validated evaluation: small numbers, no comparison group (docs/team-report.md).",
            "",
            "How life feels (ONS personal well-being, 0 to 10; for anxious, lower is better)",
            *_change_table(self.wellbeing),
            "",
            "Connections (counted from each meeting's plan)",
            *_change_table(self.connections),
            "",
            "Goal attainment at the latest review (-2 to +2; 0 is what was hoped for)",
        ]
        gas = self.gas
        if gas.goals:
            out.append(f"  {gas.goals} goal(s) of {gas.people} people; median {_num(gas.median)}.")
            out += [
                f"  {_signed(level):>2}  {GAS_MEANINGS[level]}: {gas.counts.get(level, 0)}"
                for level in sorted(GAS_MEANINGS)
            ]
        else:
            out.append("  No goals rated at a review yet.")
        ref = self.referrals
        out += ["", "Referrals (as they stand now)"]
        if ref.total:
            out.append(f"  {ref.total} referral(s) for {ref.people} people.")
            out += [
                f"  {REFERRAL_LABELS.get(status, status)}: {count}"
                for status, count in ref.by_status.items()
            ]
            out.append(f"  From planned to sent: {_days(ref.planned_to_sent)}.")
            out.append(f"  From sent to a reply or a start: {_days(ref.sent_to_answer)}.")
        else:
            out.append("  No referrals recorded.")
        if self.rows:
            out += ["", "One row per person (names shown because --names was given)"]
            out += _people_table(self.rows, width)
            # Only under a table that shows the mark: it has no connection columns, so a row
            # keeping only its connections private shows no mark (the CSV has them).
            if any(_shown_private(row) for row in self.rows):
                out.append(
                    f"  {KEPT_PRIVATE}: the person keeps this from their care team. "
                    "It is counted in the figures above, without their name."
                )
        return out


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int):
        return str(value)
    return spreadsheet_cell(str(value))


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _signed(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:+g}" if value else "0"  # no change reads 0, not +0


def _days(interval: Interval) -> str:
    said = (
        f"median {_num(interval.median_days)} days ({interval.n} referral(s))"
        if interval.n
        else "none yet"
    )
    if interval.out_of_order:
        said += (
            f"; {interval.out_of_order} left out, with the later step dated before the "
            "earlier one (check the dates in their records)"
        )
    return said


# A name is never cut shorter than this, however narrow the terminal (the row wraps then), as
# in the CLI's other tables (cli/columns.py).
_LEAST_NAME: Final = 12


def _table(rows: list[list[str]], width: int | None = None) -> list[str]:
    """``rows`` in columns, the first to the left, the others to the right; with ``width``
    the first column (the name) is cut to fit it, in cells (a 300-character name made the
    table 300 wide, every row wrapping over several lines)."""
    widths = [max(cells(row[i]) for row in rows) for i in range(len(rows[0]))]
    if width is not None:
        others = 2 + sum(widths[1:]) + 2 * (len(widths) - 1)
        widths[0] = min(widths[0], max(width - others, _LEAST_NAME))
        rows = [[cut(row[0], widths[0]), *row[1:]] for row in rows]

    def padded(cell: str, w: int, left: bool) -> str:
        room = " " * (w - cells(cell))
        return cell + room if left else room + cell

    return [
        "  "
        + "  ".join(
            padded(cell, w, i == 0) for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def _change_table(items: Sequence[MeasureChange]) -> list[str]:
    rows = [["", "people", "first", "latest", "change", "better", "same", "worse"]]
    for item in items:
        rows.append(
            [
                item.label + (" (lower is better)" if item.lower_is_better else ""),
                f"{item.n} of {item.answered}",
                _num(item.median_first),
                _num(item.median_latest),
                _signed(item.median_change),
                str(item.improved),
                str(item.same),
                str(item.worse),
            ]
        )
    return [
        *_table(rows),
        "  people: with it at two meetings or more, of those with it at one or more; "
        "first, latest and change are medians.",
    ]


def _people_table(rows: Sequence[PersonRow], width: int | None = None) -> list[str]:
    keys = [o.id for o in ONS4]
    table = [["NAME", "REFERENCE", "MEETINGS", "FIRST ON", "LATEST ON", *(k.upper() for k in keys)]]
    table[0] += ["GOALS (MEDIAN)", "REFERRALS", "ID"]
    for row in rows:
        changes = [_person_change(row, k) for k in keys]
        table.append(
            [
                row.name,
                row.reference or "-",
                str(row.meetings_measured),
                row.first_date or "-",
                row.latest_date or "-",
                *changes,
                KEPT_PRIVATE if "goals" in row.kept_private else _num(row.gas_median),
                KEPT_PRIVATE if row.referrals is None else str(row.referrals),
                row.id,
            ]
        )
    return _table(table, width)


def _shown_private(row: PersonRow) -> bool:
    """Whether :func:`_people_table` shows :data:`KEPT_PRIVATE` in ``row``."""
    return bool({"wellbeing", "goals"} & set(row.kept_private)) or row.referrals is None


def _person_change(row: PersonRow, key: str) -> str:
    """``4->7`` from the first meeting to the latest; one value alone when only one meeting
    took the measure (``7``, not ``7->7``, which would read as two meetings and no change)."""
    if "wellbeing" in row.kept_private:
        return KEPT_PRIVATE
    if key not in row.first:
        return "-"
    if row.times.get(key, 0) < 2:
        return str(row.latest[key])
    return f"{row.first[key]}->{row.latest[key]}"


# -- working it out --------------------------------------------------------------------------


def _since(value: str | None) -> str | None:
    if value is None:
        return None
    return date.fromisoformat(value).isoformat()  # ValueError for a bad date


def _in_range(day: Any, since: str | None) -> bool:
    return since is None or (isinstance(day, str) and day >= since)


def _values(points: Iterable[Sequence[Any]], part: int, item: int) -> list[int]:
    """One measure's values, oldest first, from the meetings that took it."""
    found = []
    for point in points:
        values = point[part]
        if isinstance(values, list) and item < len(values) and isinstance(values[item], int):
            found.append(values[item])
    return found


def _is_point(value: Any) -> bool:
    return isinstance(value, list) and len(value) == ATTAINMENT + 1


def _is_referral(value: Any) -> bool:
    return isinstance(value, list) and len(value) == ANSWERED + 1


def _change(
    key: str,
    label: str,
    lower_is_better: bool,
    series: Sequence[list[int]],
) -> MeasureChange:
    paired = [(s[0], s[-1]) for s in series if len(s) >= 2]
    diffs = [latest - first for first, latest in paired]
    better = [(-d if lower_is_better else d) for d in diffs]
    return MeasureChange(
        key=key,
        label=label,
        lower_is_better=lower_is_better,
        answered=sum(1 for s in series if s),
        n=len(paired),
        median_first=_median([f for f, _ in paired]),
        median_latest=_median([latest for _, latest in paired]),
        median_change=_median(diffs),
        improved=sum(1 for b in better if b > 0),
        same=sum(1 for b in better if b == 0),
        worse=sum(1 for b in better if b < 0),
    )


def _days_between(start: Any, end: Any) -> int | None:
    if not (isinstance(start, str) and isinstance(end, str)):
        return None
    try:
        return (date.fromisoformat(end) - date.fromisoformat(start)).days
    except ValueError:
        return None


def _digests(store: CaseStore) -> tuple[list[tuple[str, Mapping[str, Any], Any]], int]:
    """(person id, index entry, measures digest) for everyone on record, and how many records
    could not be read.

    A digest missing from the list of people, of an older shape, or older than its case file
    (the app stopped between saving a plan version and writing the list) is made from the
    record and kept there for next time: each changed record is read once.
    """
    people = store.list_people(file_times=False)  # repairs the list first (crash, erasure)
    entries = store.index.known
    states = store.index.case_file_states()  # one directory read: ~2 ms for 1,000 people
    found: list[tuple[str, Mapping[str, Any], Any]] = []
    made: dict[str, tuple[Any, list[int] | None]] = {}
    unreadable = 0
    for person in people:
        entry = entries.get(person.id) or {"display_name": person.display_name}
        state = states.get(person.id)
        if is_current(entry) and (state is None or entry.get(FILE_KEY) == state):
            digest = entry.get(INDEX_KEY)
        else:
            try:
                case = store.read(person.id)
                try:
                    _, plan = case.newest_plan()
                    digest = digest_plan(plan(), case.erased_plan_versions, case.plan_session)
                finally:
                    case.close()
            except RecordsError:
                unreadable += 1  # damaged beyond repair: said in the summary, not fatal
                continue
            made[person.id] = (digest, state)
        found.append((person.id, entry, digest))
    if made:
        store.index.remember_measures(made)
    return found, unreadable


def summarise(store: CaseStore, *, names: bool = False, since: str | None = None) -> TeamSummary:
    """The team summary of everyone on record in ``store``.

    ``since`` (YYYY-MM-DD): only meetings on or after that day count, and referrals first
    recorded on or after it. ``names``: add one row per person (names, references, ids).
    Raises ValueError for a ``since`` that is not a date, ``RecordsError`` for records that
    cannot be read (locked records are still read: reading needs no lock).
    """
    if store.training:
        raise RecordsError("Outcomes are summarised from real records only, not training ones.")
    since = _since(since)
    people, unreadable = _digests(store)
    wellbeing: dict[str, list[list[int]]] = {o.id: [] for o in ONS4}
    connections: dict[str, list[list[int]]] = {k: [] for k in CONNECTION_KEYS}
    gas_values: list[int] = []
    gas_people = 0
    statuses: dict[str, int] = {code: 0 for code in REFERRAL_LABELS}
    referral_people = 0
    to_sent: list[int] = []
    to_answer: list[int] = []
    sent_backwards: list[int] = []
    answer_backwards: list[int] = []
    with_measure = with_two = 0
    rows: list[PersonRow] = []
    for person_id, entry, digest in people:
        if not isinstance(digest, Mapping):
            continue
        points = [p for p in digest.get("points", []) if _is_point(p) and _in_range(p[DAY], since)]
        with_measure += bool(points)
        with_two += len(points) >= 2
        for i, key in enumerate(WELLBEING_ITEMS):
            wellbeing[key].append(_values(points, WELLBEING, i))
        for i, key in enumerate(CONNECTION_KEYS):
            connections[key].append(_values(points, CONNECTIONS, i))
        rated = [p[ATTAINMENT] for p in points if isinstance(p[ATTAINMENT], list) and p[ATTAINMENT]]
        if rated:
            gas_people += 1
            gas_values += [v for v in rated[-1] if isinstance(v, int)]
        referrals = [
            r for r in digest.get("referrals", []) if _is_referral(r) and _in_range(r[FIRST], since)
        ]
        referral_people += bool(referrals)
        for referral in referrals:
            status = referral[STATUS]
            if isinstance(status, str):
                statuses[status] = statuses.get(status, 0) + 1
            sent = _days_between(referral[PLANNED], referral[SENT])
            if sent is not None:
                (to_sent if sent >= 0 else sent_backwards).append(sent)
            answer = _days_between(referral[SENT], referral[ANSWERED])
            if answer is not None:
                (to_answer if answer >= 0 else answer_backwards).append(answer)
        if names and points:
            private = tuple(p for p in PRIVATE_PARTS if p in digest.get("private", ()))
            rows.append(_person_row(person_id, entry, points, rated, len(referrals), private))
    return TeamSummary(
        since=since,
        people=len(people) + unreadable,
        with_measure=with_measure,
        with_two=with_two,
        wellbeing=tuple(_change(o.id, o.label, o.lower_is_better, wellbeing[o.id]) for o in ONS4),
        connections=tuple(
            _change(k, _CONNECTION_WORDS[k], False, connections[k]) for k in CONNECTION_KEYS
        ),
        gas=GasSummary(
            people=gas_people,
            goals=len(gas_values),
            counts={level: gas_values.count(level) for level in sorted(GAS_MEANINGS)},
            median=_median(gas_values),
        ),
        referrals=ReferralSummary(
            total=sum(statuses.values()),
            people=referral_people,
            by_status={k: v for k, v in statuses.items() if v},
            planned_to_sent=Interval(len(to_sent), _median(to_sent), len(sent_backwards)),
            sent_to_answer=Interval(len(to_answer), _median(to_answer), len(answer_backwards)),
        ),
        rows=tuple(rows),
        unreadable=unreadable,
    )


def _person_row(
    person_id: str,
    entry: Mapping[str, Any],
    points: Sequence[Sequence[Any]],
    rated: Sequence[list[int]],
    referrals: int,
    private: tuple[str, ...],
) -> PersonRow:
    first: dict[str, int] = {}
    latest: dict[str, int] = {}
    times: dict[str, int] = {}
    for name, part, keys in (
        ("wellbeing", WELLBEING, WELLBEING_ITEMS),
        ("connections", CONNECTIONS, CONNECTION_KEYS),
    ):
        if name in private:
            continue
        for i, key in enumerate(keys):
            values = _values(points, part, i)
            if values:
                first[key], latest[key], times[key] = values[0], values[-1], len(values)
    reference = entry.get("reference")
    return PersonRow(
        id=person_id,
        name=str(entry.get("display_name") or person_id),
        reference=reference if isinstance(reference, str) else None,
        meetings_measured=len(points),
        first_date=points[0][DAY],
        latest_date=points[-1][DAY],
        first=first,
        latest=latest,
        times=times,
        gas_median=_median(rated[-1]) if rated and "goals" not in private else None,
        referrals=None if "referrals" in private else referrals,
        kept_private=private,
    )
