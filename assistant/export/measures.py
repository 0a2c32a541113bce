"""Outcome measures and referrals as every export shows them (issue 19).

Plain data for the templates and the FHIR bundle: the well-being answers (ONS4), goal
attainment, social connection counted from the meetings and the things to try kept up,
each across the meetings with its dates in words; the change in words from
:func:`assistant.plans.outcomes.change`; and each referral for the copy's audience (the
suggested wording in the person's own copy and the team's, the access-criteria flags in the
team's copy only).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any, Final

from assistant.dates import MONTHS, as_day, local_iso_day
from assistant.export.ideas import idea_label
from assistant.export.templates import long_date
from assistant.plans.model import Audience, Code, Plan, Referral
from assistant.plans.outcomes import (
    CIRCLE_LABELS,
    CONNECTION_LABELS,
    GAS_LABELS,
    ONS4,
    ONS4_SOURCE,
    OPPORTUNITY_STATUSES,
    REFERRAL_ROUTES,
    REFERRAL_STATUSES,
    ChangeItem,
    change,
)

ONS4_SCALE: Final = "0 means not at all, 10 means completely."
LOWER_BETTER: Final = "A lower number is better."
HIGHER_BETTER: Final = "A higher number is better."
GAS_SCALE: Final = (
    "Goal attainment, from −2 (no change from when the goal was made) through 0 (what the "
    "person hoped to see) to +2 (even better than that)."
)
# The same for the person's own copy, in plain words without the codes.
GAS_SCALE_YOURS: Final = (
    "How far each goal has come: from where you were when you made it, through what you "
    "hoped for by the review, to even better than that."
)

# The ONS4 questions for the easy read, as one short heading each (the official wording is
# in the full formats and docs/outcomes.md).
ONS4_EASY: Final = {
    "satisfied": "How happy you are with your life",
    "worthwhile": "How much the things you do feel worth doing",
    "happy": "How happy you felt yesterday",
    "anxious": "How worried you felt yesterday",
}

# Social connection, counted from each version (assistant.plans.outcomes.connection_counts):
# (field, words for the full formats (the sentences' words), words for the easy read).
CONNECTION_ROWS: Final = (
    ("people", CONNECTION_LABELS["people"], "People in your life"),
    ("circle_1", CIRCLE_LABELS["1"], "People closest to you"),
    ("circle_2", CIRCLE_LABELS["2"], "People a bit further away"),
    ("circle_3", CIRCLE_LABELS["3"], "People further away"),
    ("support_kinds", CONNECTION_LABELS["support_kinds"], "Kinds of help you get"),
    ("domains", CONNECTION_LABELS["domains"], "Kinds of help you know someone for"),
    ("activities_started", CONNECTION_LABELS["activities_started"], "Things you have tried"),
    ("activities_kept_up", CONNECTION_LABELS["activities_kept_up"], "Things you keep going to"),
)

REFERRAL_STATUS_EASY: Final = {
    "planned": "Not sent yet.",
    "sent": "Sent.",
    "replied": "They got back to you.",
    "started": "You have started.",
    "declined": "It did not go ahead.",
    "stopped": "It has stopped.",
}
ROUTE_EASY: Final = {
    "phone": "By phone.",
    "email": "By email.",
    "form": "By filling in a form.",
    "in_person": "By going there.",
    "self": "You get in touch yourself.",
    "other": "Another way.",
}
# The record's words when it names no one (no name for the person, no worker known); a
# copy for anyone but the person names them as its agreement line does (by_whom_words).
BY_WHOM_WORDS: Final = {
    "person": "The person",
    "worker": "The worker",
    "both": "The person and the worker together",
}
# The same in the person's own copy, spoken to them (as its actions' "Who:" is).
BY_WHOM_YOURS: Final = {
    "person": "You",
    "worker": "Your worker",
    "both": "You and your worker together",
}
BY_WHOM_EASY: Final = {
    "person": "You will do it.",
    "worker": "Your worker will do it.",
    "both": "You and your worker will do it together.",
}


def _when(day: str | None, version: int | None, shared: Collection[str] = ()) -> str:
    """A meeting's day in words (``4 March 2027``), else its version, else "now". A day two
    versions share (``shared``) names the version too: "5 December 2026, version 1"."""
    if day and as_day(day) is not None:
        if day in shared and version:
            return f"{long_date(day)}, version {version}"
        return long_date(day)
    return f"version {version}" if version else "now"


def _shared_days(pairs: Iterable[tuple[str | None, int | None]]) -> set[str]:
    """The days on which more than one version took measures (told apart by version)."""
    versions: dict[str, set[int | None]] = {}
    for day, version in pairs:
        if day:
            versions.setdefault(day, set()).add(version)
    return {day for day, found in versions.items() if len(found) > 1}


def _short_when(day: str | None) -> str | None:
    """``March 2027``: the easy read's month and year, or None without a day."""
    parsed = as_day(day) if day else None
    return f"{MONTHS[parsed.month - 1]} {parsed.year}" if parsed else None


def _signed(value: int) -> str:
    return f"+{value}" if value > 0 else str(value).replace("-", "−")


def _point(
    day: str | None, version: int | None, value: int, text: str | None = None, *, now: bool
) -> dict[str, Any]:
    return {
        "now": now,  # taken at this version's meeting (not an earlier one's)
        "date": day,
        "version": version,
        "when": _when(day, version),
        "month": _short_when(day),
        "value": value,
        "text": text if text is not None else str(value),
    }


def _connection_value(counts: dict[str, Any] | None, field: str) -> int | None:
    if not counts:
        return None
    if field.startswith("circle_"):
        # No circles at all: the network was not counted at that meeting (not nought).
        circles = counts.get("circles") or {}
        return int(circles.get(field.removeprefix("circle_"), 0)) if circles else None
    value = counts.get(field)
    return int(value) if value is not None else None


def measures_view(plan: Plan) -> dict[str, Any] | None:
    """The measures across the meetings, or None when there are none at all.

    ``wellbeing`` and ``connections`` are rows ``{id, label, easy_label, note, low, high,
    lower_is_better, points}``, each point ``{date, version, when, month, value, text}``,
    oldest first, this version's last; ``meetings`` the columns of a table (``when`` of each
    meeting with any measure) and each row's ``cells`` one value (or None) per column;
    ``goals`` each goal with attainment or levels: ``{id, what, levels, points}`` (levels as
    ``{value, words, label}`` in the person's words); ``tries`` the things to try with a
    status and its history; ``sentences`` the change in words
    (:func:`assistant.plans.outcomes.change`).
    """
    data = plan.to_json()
    yours = plan.audience is not None and plan.audience.kind == "person"
    measures = data.get("measures") or {}
    today = measures.get("date") or plan.agreement.date or local_iso_day(plan.created)
    history = measures.get("history") or []
    meetings: list[tuple[str | None, int | None]] = [
        (h.get("date"), h.get("plan_version")) for h in history
    ]
    last = {**measures, "date": today, "plan_version": plan.number}
    snapshots = [*history, last]
    meetings.append((today, plan.number))

    wellbeing = []
    for item in ONS4:
        points, cells = [], []
        for snap in snapshots:
            value = (snap.get("wellbeing") or {}).get(item.id)
            cells.append(value)
            if value is not None:
                points.append(
                    _point(snap.get("date"), snap.get("plan_version"), value, now=snap is last)
                )
        if points:
            wellbeing.append(
                {
                    "id": item.id,
                    "label": item.label,
                    "easy_label": ONS4_EASY.get(item.id, item.label),
                    "easy_lines": _easy_lines(points, item.lower_is_better, of=10),
                    "question": item.question,
                    "note": LOWER_BETTER if item.lower_is_better else HIGHER_BETTER,
                    "lower_is_better": item.lower_is_better,
                    "low": 0,
                    "high": 10,
                    "points": points,
                    "cells": cells,
                }
            )
    connections = []
    for field, label, easy in CONNECTION_ROWS:
        points, cells = [], []
        for snap in snapshots:
            value = _connection_value(snap.get("connections"), field)
            cells.append(value)
            if value is not None:
                points.append(
                    _point(snap.get("date"), snap.get("plan_version"), value, now=snap is last)
                )
        if points and any(p["value"] for p in points):
            connections.append(
                {
                    "id": field,
                    "label": label,
                    "easy_label": easy,
                    "easy_lines": _easy_lines(points, False),
                    "note": None,
                    "lower_is_better": False,
                    "low": 0,
                    "high": max(max(p["value"] for p in points), 1),
                    "points": points,
                    "cells": cells,
                }
            )
    # No earlier version and no earlier measures: this is the person's first meeting.
    first_meeting = plan.previous_number is None and not history
    goals = [
        g
        for g in (
            _goal_view(goal, plan.number, today, first_meeting=first_meeting)
            for goal in data["goals"]
        )
        if g
    ]
    tries = [t for t in (_try_view(o) for o in data["community"]["opportunities"]) if t]
    by_id = {str(g.get("id")): g for g in data["goals"] if isinstance(g, Mapping)}
    sentences = [
        _sentence(item, by_id, yours=yours)
        for item in change(plan).items
        # A count that was nothing at every meeting is not a change worth a line.
        if item.key[0] != "connections" or any(p.value for p in item.points)
    ]
    if not (wellbeing or connections or goals or tries):
        return None
    # Two versions on one day (agreed, then agreed again with a change) read as the same
    # meeting twice: those columns and points name their version.
    points = [p for row in (*wellbeing, *connections, *goals) for p in row["points"]]
    shared = _shared_days([*meetings, *((p["date"], p["version"]) for p in points)])
    for point in points:
        point["when"] = _when(point["date"], point["version"], shared)
    when = [_when(d, v, shared) for d, v in meetings]
    return {
        "date": today,
        "sentences": sentences,
        "wellbeing": wellbeing,
        "wellbeing_table": _table(wellbeing, when),
        "connections": connections,
        "connections_table": _table(connections, when),
        "goals": goals,
        "tries": tries,
        "source": ONS4_SOURCE,
        "scale": ONS4_SCALE,
        "gas_scale": GAS_SCALE,
        "gas_scale_yours": GAS_SCALE_YOURS,
        # A first meeting has nothing to compare yet: the person's own copy leaves the
        # section out then (the team's keeps it, as the record of the first measures).
        "first_meeting": first_meeting,
        "gas_labels": [
            {"value": v, "sign": _signed(v), "words": GAS_LABELS[v]} for v in GAS_LABELS
        ],
    }


def _sentence(item: ChangeItem, goals: Mapping[str, Any], *, yours: bool = False) -> str:
    """The change's sentence; a goal's says it is a goal (its label is the goal's words) and
    what its level now means ("−1 now" alone told the person nothing):
    'Goal “Walk”: −1 now (a bit better than then, not yet what was hoped).' In the person's
    own copy (``yours``) a goal's levels are said in words alone, as the rest of that copy
    says them: 'Goal “Walk”: in January, a bit better than then, not yet what was hoped;
    now, what was hoped for (further on than before).'"""
    if item.key[0] != "attainment" or not item.sentence.startswith(f"{item.label}:"):
        return item.sentence
    goal = goals.get(str(item.key[1])) or {}

    def meaning(value: int) -> str:
        words = gas_words(value, goal.get("levels"))
        return words[0].lower() + words[1:]

    if yours:
        return _goal_sentence_in_words(item, meaning)
    sentence = item.sentence.removeprefix(f"{item.label}:")
    latest = meaning(item.latest.value)
    if sentence.endswith(")."):  # "(up 2)." -> "(up 2; more than hoped)."
        sentence = f"{sentence[:-2]}; {latest})."
    else:
        sentence = f"{sentence.removesuffix('.')} ({latest})."
    return f"Goal “{item.label}”:" + sentence


def _goal_sentence_in_words(item: ChangeItem, meaning: Callable[[int], str]) -> str:
    """A goal's change in the person's own copy: each level in words, no codes."""
    latest = meaning(item.latest.value)
    if item.difference is None:
        return f"Goal “{item.label}”: now, {latest}."
    moved = (
        "no change"
        if item.difference == 0
        else "further on than before"
        if item.difference > 0
        else "not as far on as before"
    )
    return (
        f"Goal “{item.label}”: {item.first_when}, {meaning(item.first.value)}; "
        f"now, {latest} ({moved})."
    )


def _easy_lines(
    points: list[dict[str, Any]], lower_is_better: bool, of: int | None = None
) -> list[str]:
    """One short sentence a line for the easy read: this time (or that it was not asked),
    then the time before, and which way is better when it is the other way round."""
    out = f" out of {of}" if of else ""
    latest = points[-1]
    if latest["now"]:
        lines = [f"This time: {latest['value']}{out}."]
        before = points[-2] if len(points) > 1 else None
    else:
        lines = ["You did not say this time."]
        before = latest
    if before is not None:
        lines.append(
            f"In {before['month']}: {before['value']}{out}."
            if before["month"]
            else f"Last time: {before['value']}{out}."
        )
    if lower_is_better:
        lines.append("For this one, a lower number is better.")
    return lines


def _table(rows: list[dict[str, Any]], when: list[str]) -> dict[str, Any]:
    """``rows`` as a table: a column per meeting at which any of them was taken, and each
    row's ``values`` ("–" where that one was not)."""
    used = [i for i in range(len(when)) if any(r["cells"][i] is not None for r in rows)]
    return {
        "columns": [when[i] for i in used],
        "rows": [
            {
                "label": r["label"],
                # Only the one to read the other way round says so in a table.
                "note": r["note"] if r["lower_is_better"] else None,
                "shown": ["–" if r["cells"][i] is None else str(r["cells"][i]) for i in used],
            }
            for r in rows
        ],
    }


def gas_words(value: int, levels: dict[str, Any] | None) -> str:
    """A goal attainment level in words: the general words, but +1 names the goal's own +2
    words when it has them ("More than hoped, not as far as “I meet a friend there”"), as
    the review asked it (design §1)."""
    better = (levels or {}).get("better")
    if value == 1 and better:
        return f"More than hoped, not as far as “{better}”"
    return GAS_LABELS[value]


def _goal_view(
    goal: dict[str, Any], number: int | None, today: str, *, first_meeting: bool
) -> dict[str, Any] | None:
    """A goal's attainment across the reviews, or None when there is nothing to show.

    A goal with levels but no attainment yet is shown only at the first meeting (where
    "the first review will ask" is true): after a review it was skipped, made at this
    review, or kept back from this copy, and the copy must not guess which."""
    levels_data = goal.get("levels") or {}
    levels = [
        {"value": value, "sign": _signed(value), "label": GAS_LABELS[value], "words": words}
        for value, key in ((-2, "now"), (0, "expected"), (2, "better"))
        if (words := levels_data.get(key))
    ]
    points = [
        _point(
            h.get("date"),
            h.get("plan_version"),
            h["value"],
            gas_words(h["value"], levels_data),
            now=False,
        )
        for h in goal.get("attainment_history") or []
    ]
    if goal.get("attainment") is not None:
        value = goal["attainment"]
        points.append(_point(today, number, value, gas_words(value, levels_data), now=True))
    if not points and not (levels and first_meeting):
        return None
    for p in points:
        p["sign"] = _signed(p["value"])
        own = next((lv["words"] for lv in levels if lv["value"] == p["value"]), None)
        p["own_words"] = own
    return {"id": goal["id"], "what": goal["what"], "levels": levels, "points": points}


def _try_view(item: dict[str, Any]) -> dict[str, Any] | None:
    status = item.get("status")
    earlier = list(item.get("status_history") or [])
    since = None
    if status and earlier and earlier[-1]["status"] == status["code"]:
        # The history ends with the status as it is now (grown only by a change): its day
        # is since when; the points before it are what came before.
        since = earlier.pop().get("date")
    history = [
        {
            "words": OPPORTUNITY_STATUSES.get(h["status"], h["status"]),
            "when": long_date(h["date"]) if h.get("date") else None,
        }
        for h in earlier
    ]
    if status is None and not history:
        return None
    return {
        "id": item["id"],
        "what": item["what"],
        "status": status["label"] if status else None,
        "code": status["code"] if status else None,
        "since": long_date(since) if since else None,
        "history": history,
    }


# The longest suggested wording the easy read shows in full: a line or two. A longer one
# (a whole email, as referral_message suggests) is too much to read there; the easy read
# says where it is instead.
EASY_MESSAGE_MAX: Final = 140
EASY_MESSAGE_ELSEWHERE: Final = "There are words ready to send. They are in your full plan."


def _easy_message(text: str) -> str | None:
    """The suggested wording as the easy read shows it: in full when it is one short line,
    else None (the easy read then says it is in the full plan)."""
    text = text.strip()
    return text if len(text) <= EASY_MESSAGE_MAX and "\n" not in text else None


# Flags written before the directory stopped starting them with "Check" (a plan keeps them
# as they were): every export already introduces them as "For the worker to check", so
# the word is not said twice.
_OLD_FLAG_STARTS: Final = ("Check it fits: ", "Check: ")


def _flag_words(flag: str) -> str:
    """An access-criteria flag as the exports show it, after "For the worker to check:"."""
    for start in _OLD_FLAG_STARTS:
        if flag.startswith(start) and flag[len(start) :].strip():
            rest = flag[len(start) :].strip()
            return rest[0].upper() + rest[1:]
    return flag


def _can_see_message(audience: Audience | None) -> bool:
    return audience is None or audience.kind in ("person", "team")


def by_whom_words(code: str, person: str | None = None, worker: str | None = None) -> str | None:
    """Who gets in touch, in a copy for anyone but the person: named as the copy's agreement
    line names them ("Sam and their worker, Priya Patel, together", "The worker, Priya
    Patel"), else in the record's words ("The person and the worker together"). ``worker``:
    the worker of the version's meeting (a handover must not make it read as today's). None
    for a code this does not know."""
    if code not in BY_WHOM_WORDS:
        return None
    who = person or BY_WHOM_WORDS["person"]
    if code == "person":
        return who
    if code == "worker":
        return f"The worker, {worker}" if worker else BY_WHOM_WORDS["worker"]
    return (
        f"{who} and their worker, {worker}, together"
        if worker
        else f"{who} and the worker together"
    )


def referrals_view(plan: Plan, person: str | None = None) -> list[dict[str, Any]]:
    """Each referral as the copy's audience may see it, in words (:func:`referral_rows`),
    spoken to the person in their own copy ("You and your worker together"), naming
    ``person`` and the version's worker in any other."""
    yours = plan.audience is not None and plan.audience.kind == "person"
    worker = plan.state.worker if plan.state is not None else None
    return referral_rows(plan.referrals, plan.audience, yours=yours, person=person, worker=worker)


def referral_rows(
    referrals: list[Referral],
    audience: Audience | None,
    *,
    yours: bool = False,
    person: str | None = None,
    worker: str | None = None,
) -> list[dict[str, Any]]:
    """Each referral as ``audience`` may see it, in words.

    ``{id, to, entry, idea_from, route, route_code, route_easy, route_detail, consent,
    consent_easy, shared, by_whom, by_whom_code, by_whom_easy, status, status_code,
    status_easy, status_on, history, message, message_easy, notes, flags}``: ``message``
    (the suggested wording) only in the person's own copy and the team's (``message_easy``
    the same when it is short enough for the easy read, else None and ``message_elsewhere``
    says where it is); ``flags`` (access criteria for the
    worker to check) only in the team's copy; ``shared`` never when the person said no;
    ``by_whom`` naming ``person`` and ``worker`` when given ("Sam and their worker, Priya
    Patel, together"; :func:`by_whom_words`), or spoken to the person when ``yours`` ("You
    and your worker together").
    """
    team = audience is not None and audience.kind == "team"
    message = _can_see_message(audience)
    return [
        _referral(r, message=message, flags=team, yours=yours, person=person, worker=worker)
        for r in referrals
    ]


def _who_gets_in_touch(
    by_whom: Code | None, *, yours: bool, person: str | None, worker: str | None
) -> str | None:
    if by_whom is None:
        return None
    if yours:
        return BY_WHOM_YOURS.get(by_whom.code, by_whom.label)
    return by_whom_words(by_whom.code, person, worker) or by_whom.label


def _referral(
    r: Referral,
    *,
    message: bool,
    flags: bool,
    yours: bool,
    person: str | None = None,
    worker: str | None = None,
) -> dict[str, Any]:
    route = r.route.code if r.route else None
    consent: str | None = None
    consent_easy: str | None = None
    if r.consent is True:
        consent = "Yes"
        consent_easy = "You said yes to sharing your details."
    elif r.consent is False:
        consent = "No (nothing is shared)"
        consent_easy = "You said no to sharing your details. Nothing is shared."
    status = r.status.code if r.status else None
    history = [
        {
            "code": h.status,
            "words": REFERRAL_STATUSES.get(h.status, h.status),
            "when": long_date(h.date) if h.date else None,
            "date": h.date,
        }
        for h in r.history
    ]
    shown = r.message.text if message and r.message else None
    easy_message = _easy_message(shown) if shown else None
    return {
        "id": r.id,
        "to": r.to,
        "entry": r.entry.label if r.entry else None,
        "idea_from": idea_label(r.idea_from, yours=yours),
        "route": REFERRAL_ROUTES.get(route, r.route.label) if r.route and route else None,
        "route_code": route,
        "route_easy": ROUTE_EASY.get(route) if route else None,
        "route_detail": r.route_detail,
        "consent": consent,
        "consent_easy": consent_easy,
        "shared": r.shared.text if r.shared and r.consent is not False else None,
        "by_whom": _who_gets_in_touch(r.by_whom, yours=yours, person=person, worker=worker),
        "by_whom_code": r.by_whom.code if r.by_whom else None,
        "by_whom_easy": BY_WHOM_EASY.get(r.by_whom.code) if r.by_whom else None,
        "status": r.status.label if r.status else None,
        "status_code": status,
        "status_easy": REFERRAL_STATUS_EASY.get(status) if status else None,
        "status_on": long_date(r.status_on) if r.status_on else None,
        "status_on_easy": (
            None
            if not r.status_on
            else f"You planned it on {long_date(r.status_on)}."
            if status == "planned"
            else f"That was on {long_date(r.status_on)}."
        ),
        "history": history,
        "message": shown,
        "message_easy": easy_message,
        "message_elsewhere": EASY_MESSAGE_ELSEWHERE if shown and easy_message is None else None,
        "notes": r.notes.text if r.notes else None,
        "flags": [_flag_words(f) for f in r.flags] if flags else [],
    }
