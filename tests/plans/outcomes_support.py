"""Hand-built records for the team outcomes tests: plan versions whose measures are known,
made through the real plan model and saved through the real records."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.plans.model import (
    Code,
    ConnectionCounts,
    Goal,
    Measures,
    MeasuresPoint,
    Plan,
    Referral,
    StatusPoint,
    WellbeingScores,
)
from assistant.records import CaseStore


@dataclass(frozen=True)
class Meeting:
    """One meeting's measures: its day, ONS4 answers, a network size, goal attainment."""

    day: str
    wellbeing: Mapping[str, int] = field(default_factory=dict)
    people: int | None = None
    attainment: Mapping[str, int] = field(default_factory=dict)


def _scores(meeting: Meeting) -> WellbeingScores | None:
    return WellbeingScores(**meeting.wellbeing) if meeting.wellbeing else None


def _counts(meeting: Meeting) -> ConnectionCounts | None:
    if meeting.people is None:
        return None
    return ConnectionCounts(circles={"1": 1}, people=meeting.people)


def referral(rid: str, steps: Sequence[tuple[str, str]], to: str = "Walking group") -> Referral:
    """A referral whose statuses were ``steps`` ((status, day), oldest first)."""
    status, day = steps[-1]
    return Referral(
        id=rid,
        to=to,
        status=Code(code=status, label=status),
        status_on=day,
        history=[StatusPoint(status=s, date=d) for s, d in steps],
    )


def plan_json(meetings: Sequence[Meeting], referrals: Sequence[Referral] = ()) -> dict[str, Any]:
    """The latest plan version after ``meetings`` (oldest first): its own measures and the
    earlier meetings' as history, as the plan carries them."""
    *before, now = meetings
    history = [
        MeasuresPoint(
            plan_version=n,
            date=m.day,
            wellbeing=_scores(m),
            connections=_counts(m),
            attainment=dict(m.attainment),
        )
        for n, m in enumerate(before, start=1)
    ]
    measures = Measures(
        date=now.day, wellbeing=_scores(now), connections=_counts(now), history=history
    )
    goals = [Goal(id=gid, what="A goal", attainment=v) for gid, v in now.attainment.items()]
    plan = Plan(
        created=f"{now.day}T10:00:00+00:00",
        number=len(meetings),
        measures=measures,
        goals=goals,
        referrals=list(referrals),
    )
    return plan.to_json()


def add_person(
    store: CaseStore,
    name: str,
    meetings: Sequence[Meeting],
    referrals: Sequence[Referral] = (),
    reference: str | None = None,
) -> str:
    """A record whose latest plan version holds ``meetings``' measures."""
    person_id = store.create_person(name, reference=reference)
    with store.open(person_id) as case:
        case.add_plan_version(plan_json(meetings, referrals), agreed=True, by="both")
    return person_id
