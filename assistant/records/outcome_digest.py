"""A plan version's outcome measures in a few numbers, kept in the list of people.

``cpi-assistant outcomes`` summarises change across everyone on record. Reading each person's
case file for it is far too slow for a real caseload (1,000 people with three meetings each
hold ~700 MB of case files; reading them takes most of a minute), so each entry of the list of
people keeps a small digest of the newest plan version's measures, made when the version is
saved (``PeopleIndex.refresh_entry``). It is derived data like the rest of the index: rebuilt
from the case file, and gone with the entry when a record is erased.

The digest holds numbers, codes and dates only, never anyone's words, as short lists rather
than named fields (an agency's list of 10,000 people is read whole to show Home): ``points``,
one a meeting, oldest first, each ``[day, wellbeing, connections, attainment]`` (wellbeing:
the four ONS answers in :data:`WELLBEING_ITEMS` order, None where not answered; connections:
the counts in :data:`CONNECTION_COUNTS` order; attainment: the goals' -2..2 values), and
``referrals``, each ``[status, first day, day planned, day sent, day replied or started]``;
``private``: which of the parts a named row shows the person keeps from their care team
(:data:`PRIVATE_PARTS`: a section marked private, or an item of it); ``from``: the plan
version it was made from (its number and when it was made).

A point is a meeting: points of different meetings stay apart even on one day (three
meetings on a day are three), and only a draft and the version agreed from it at the same
meeting (plans built on their own draft, before ``plans.versions.built_on``) are merged, item
by item, so an answer skipped in one keeps the other's. The meeting of a version comes from
the record (``session_of``), asked only for neighbouring points of the same day.

A point of an erased meeting goes: the newest version's history still names it (it was copied
forward when the later versions were made), so :func:`digest_plan` leaves out the points whose
``plan_version`` was erased (``Case.erased_plan_versions``, kept in the case file: no archive
read), referral steps included. Next to the digest the entry keeps
:data:`FILE_KEY`, the case file's size and time when the digest was made from it; a case file
that has changed since (a crash between saving a plan version and writing the list of people)
is read again by the next summary (``team_outcomes``).

This module walks the plan as plain JSON (the records layer sits below ``assistant.plans``),
so it names the plan's fields itself: ``measures`` (``date``, ``wellbeing``, ``connections``,
``history``), each goal's ``attainment`` and each referral's ``status``, ``status_on`` and
``history`` (docs/plan-model.md).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Collection, Mapping
from typing import Any, Final, TypeAlias

# Bumped when the digest's shape changes: an entry with another version is made again.
# 6: meetings on the same day are points of their own (only one meeting's versions merge).
DIGEST_VERSION: Final = 6
# The key of an index entry that holds the digest (None: the newest version has no plan).
INDEX_KEY: Final = "measures"
# The key of an index entry that holds [mtime_ns, size] of the case file the digest was made
# from or last found right against (size too: some file systems keep whole seconds only).
FILE_KEY: Final = "measures_file"
WELLBEING_ITEMS: Final = ("satisfied", "worthwhile", "happy", "anxious")
CONNECTION_COUNTS: Final = (
    "people",
    "support_kinds",
    "domains",
    "activities_started",
    "activities_kept_up",
    "circle:1",  # people in the closest circle (as assistant.plans.outcomes keys circles)
)
# The parts of a person's row in the team summary, and the plan sections (PRIVATE_SECTIONS)
# whose being kept private keeps each part out of the row, as a shared copy leaves it out
# (assistant.plans.sharing: connection counts go with the sections they are counted from).
PRIVATE_PARTS: Final = {
    "wellbeing": ("measures",),
    "connections": ("measures", "network", "resourceful", "community"),
    "goals": ("goals", "review"),
    "referrals": ("referrals",),
}
# Where each part is in a point, and in a referral.
DAY, WELLBEING, CONNECTIONS, ATTAINMENT = range(4)
STATUS, FIRST, PLANNED, SENT, ANSWERED = range(5)
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# The meeting (session id) a plan version of the record was saved from, None when unknown.
SessionOf: TypeAlias = Callable[[int], str | None]


def _day(value: Any) -> str | None:
    """A YYYY-MM-DD day from a date or a timestamp; None for anything else."""
    if isinstance(value, str) and _DAY.match(value):
        return value[:10]
    return None


def _number(value: Any, low: int, high: int) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
        return value
    return None


def _code(value: Any) -> str | None:
    """A choice's code: stored as ``{"code": ..., "label": ...}`` or as the bare code."""
    if isinstance(value, Mapping):
        value = value.get("code")
    return value if isinstance(value, str) else None


def _wellbeing(value: Any) -> list[int | None] | None:
    if not isinstance(value, Mapping):
        return None
    items = [_number(value.get(k), 0, 10) for k in WELLBEING_ITEMS]
    return items if any(v is not None for v in items) else None


def _connections(value: Any) -> list[int | None] | None:
    if not isinstance(value, Mapping):
        return None
    circles = value.get("circles")
    circles = circles if isinstance(circles, Mapping) else {}
    counts = [
        _number(
            circles.get(k[len("circle:") :]) if k.startswith("circle:") else value.get(k), 0, 10**6
        )
        for k in CONNECTION_COUNTS
    ]
    return counts if any(v is not None for v in counts) else None


def _by_goal(value: Any) -> dict[str, int]:
    """A version's goal attainment by goal id (-2..2 only)."""
    if not isinstance(value, Mapping):
        return {}
    found = {str(k): _number(v, -2, 2) for k, v in value.items()}
    return {k: v for k, v in found.items() if v is not None}


def _point(date: Any, wellbeing: Any, connections: Any, attainment: Any) -> list[Any]:
    """[day, wellbeing, connections, attainment by goal id] (a list of values once merged)."""
    return [_day(date), _wellbeing(wellbeing), _connections(connections), _by_goal(attainment)]


def _kept(point: Any, erased: Collection[int]) -> bool:
    """Whether a history point (a mapping) is kept: not of a plan version erased with its
    meeting (``Case.erased_plan_versions``, the numbers the record keeps of them; an
    imported plan's history, numbered in its own copy, stays). A point without a number
    is kept."""
    if not isinstance(point, Mapping):
        return False
    return point.get("plan_version") not in erased


def _either(earlier: list[Any] | None, later: list[Any] | None) -> list[Any] | None:
    """Item by item: the later version's answer, else the earlier one's."""
    if earlier is None or later is None:
        return later if earlier is None else earlier
    return [e if v is None else v for e, v in zip(earlier, later, strict=True)]


def _merged(earlier: list[Any], later: list[Any]) -> list[Any]:
    """One meeting's draft point and its later version's, as one point, item by item (a
    question skipped in one keeps the other's answer; the later one stands where both
    answered)."""
    return [
        later[DAY] or earlier[DAY],
        _either(earlier[WELLBEING], later[WELLBEING]),
        _either(earlier[CONNECTIONS], later[CONNECTIONS]),
        {**earlier[ATTAINMENT], **later[ATTAINMENT]},
    ]


def _points(
    plan: Mapping[str, Any], erased: Collection[int], session_of: SessionOf | None
) -> list[list[Any]]:
    """Each meeting's measures, oldest first: the history, then this version's own."""
    measures = plan.get("measures")
    measures = measures if isinstance(measures, Mapping) else {}
    history = measures.get("history")
    # (plan version, [day, wellbeing, connections, attainment by goal id]) while merging.
    points = [
        (
            p.get("plan_version"),
            _point(p.get("date"), p.get("wellbeing"), p.get("connections"), p.get("attainment")),
        )
        for p in (history if isinstance(history, list) else [])
        if _kept(p, erased)
    ]
    goals = plan.get("goals")
    now = {
        str(g.get("id")): g.get("attainment")
        for g in (goals if isinstance(goals, list) else [])
        if isinstance(g, Mapping)
    }
    agreement = plan.get("agreement")
    agreed_on = agreement.get("date") if isinstance(agreement, Mapping) else None
    # As assistant.plans.outcomes.series dates this version's measures.
    date = measures.get("date") or agreed_on or plan.get("created")
    own = _point(date, measures.get("wellbeing"), measures.get("connections"), now)
    points.append((plan.get("number"), own))
    # Each point is one plan version. Two versions of ONE meeting (a draft saved at its close,
    # then the agreed plan built on that draft, as plans were before versions.built_on) are
    # that meeting's measures once, merged item by item. Other meetings stay apart even on
    # the same day. The meeting of a version is looked up only for neighbours of the same
    # day (a draft and its agreed version are saved at the same close): no archive read
    # for everyone else.
    kept: list[tuple[Any, list[Any]]] = []
    for version, point in points:
        if kept and session_of is not None and _one_meeting(kept[-1], (version, point), session_of):
            kept[-1] = (version, _merged(kept[-1][1], point))
        else:
            kept.append((version, point))
    found = [[*p[:ATTAINMENT], list(p[ATTAINMENT].values())] for _, p in kept]
    return [p for p in found if any(p[DAY + 1 :])]


def _one_meeting(
    earlier: tuple[Any, list[Any]], later: tuple[Any, list[Any]], session_of: SessionOf
) -> bool:
    """Whether two neighbouring points are versions saved from the same meeting."""
    (first, a), (second, b) = earlier, later
    if a[DAY] is None or a[DAY] != b[DAY]:
        return False
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in (first, second)):
        return False
    session = session_of(first)
    return session is not None and session == session_of(second)


def _first_on(history: list[tuple[str, str | None]], codes: tuple[str, ...]) -> str | None:
    return next((day for status, day in history if status in codes and day), None)


def _referral(item: Mapping[str, Any], erased: Collection[int]) -> list[str | None]:
    raw = item.get("history")
    history = [
        (_code(p.get("status")), _day(p.get("date")))
        for p in (raw if isinstance(raw, list) else [])
        if _kept(p, erased)
    ]
    status, day = _code(item.get("status")), _day(item.get("status_on"))
    if status and (not history or history[-1] != (status, day)):
        history.append((status, day))
    steps = [(s, d) for s, d in history if s is not None]
    days = [d for _, d in steps if d]
    return [
        status,
        days[0] if days else None,
        _first_on(steps, ("planned",)),
        _first_on(steps, ("sent",)),
        _first_on(steps, ("replied", "started")),
    ]


def _ids(items: Any) -> set[str]:
    return {
        i["id"]
        for i in (items if isinstance(items, list) else [])
        if isinstance(i, Mapping) and isinstance(i.get("id"), str)
    }


def _get(plan: Mapping[str, Any], section: str, key: str) -> Any:
    value = plan.get(section)
    return value.get(key) if isinstance(value, Mapping) else None


def _item_ids(plan: Mapping[str, Any]) -> dict[str, set[str]]:
    """The ids of the items each row part is made from: keeping one of them private keeps
    the part out of the row (a goal's level or a person counted would tell of it)."""
    domains = _get(plan, "resourceful", "domains")
    resourceful = [
        person
        for d in (domains if isinstance(domains, list) else [])
        if isinstance(d, Mapping) and isinstance(d.get("people"), list)
        for person in d["people"]
    ]
    return {
        "connections": _ids(_get(plan, "network", "people"))
        | _ids(resourceful)
        | _ids(_get(plan, "community", "opportunities")),
        "goals": _ids(plan.get("goals")),
        "referrals": _ids(plan.get("referrals")),
    }


def _private(plan: Mapping[str, Any]) -> list[str]:
    """The row parts (:data:`PRIVATE_PARTS`) the person keeps private in this version: a
    whole section, or one item of it, marked private."""
    sharing = plan.get("sharing")
    marks = sharing.get("private") if isinstance(sharing, Mapping) else None
    marks = [m for m in (marks if isinstance(marks, list) else []) if isinstance(m, Mapping)]
    sections = {m.get("code") for m in marks if m.get("kind") == "section"}
    items = {m.get("code") for m in marks if m.get("kind") == "item"}
    ids = _item_ids(plan) if items else {}
    return [
        part
        for part, codes in PRIVATE_PARTS.items()
        if sections.intersection(codes) or items.intersection(ids.get(part, ()))
    ]


def digest_plan(
    plan: Mapping[str, Any] | None,
    erased: Collection[int] = (),
    session_of: SessionOf | None = None,
) -> dict[str, Any] | None:
    """The digest of one plan version (its JSON), or None when there is no plan.

    ``erased``: the numbers of plan versions erased with their meeting
    (``Case.erased_plan_versions``): their points in the history (measures and referral
    steps) are left out, as ``plans.versions.without_erased`` leaves them out.
    ``session_of``: the meeting each of the record's plan versions was saved from
    (``Case.plan_session``), so a draft and the version agreed from it at the same meeting
    count once; without it every version's point counts.
    """
    if not isinstance(plan, Mapping):
        return None
    referrals = plan.get("referrals")
    created = plan.get("created")
    return {
        "v": DIGEST_VERSION,
        "from": [
            _number(plan.get("number"), 0, 10**9),
            created if isinstance(created, str) else None,
        ],
        "points": _points(plan, erased, session_of),
        "referrals": [
            _referral(r, erased)
            for r in (referrals if isinstance(referrals, list) else [])
            if isinstance(r, Mapping)
        ],
        "private": _private(plan),
    }


def is_current(entry: Mapping[str, Any]) -> bool:
    """Whether an index entry holds a digest this version made (None counts: no plan)."""
    if INDEX_KEY not in entry:
        return False
    digest = entry[INDEX_KEY]
    return digest is None or (isinstance(digest, Mapping) and digest.get("v") == DIGEST_VERSION)


def file_state(path: str | os.PathLike[str]) -> list[int] | None:
    """[mtime_ns, size] of a case file (:data:`FILE_KEY`), or None when it cannot be read."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return [stat.st_mtime_ns, stat.st_size]
