"""Who the worker was at each meeting, and so for each plan version (no Textual here).

A team hands a person over by changing ``worker`` in its ``agency.yaml`` (a shared laptop,
a new worker). Each meeting keeps the worker's name (and team) from the agency details in
force when it started (``Case.save_session(worker=...)``), so the audit, the plan's versions
and a later review can say which worker it was. Meetings saved before that was recorded fall
back to the agency details their plan versions kept (``Plan.agency``); without either,
nothing is said (docs/records.md, "Who the worker was").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class MeetingWorker:
    """The worker at one meeting: their name, and their team when the agency details have one."""

    name: str
    team: str | None = None

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, **({"team": self.team} if self.team else {})}

    @classmethod
    def from_json(cls, value: Any) -> MeetingWorker | None:
        """From a session's ``worker`` (``{"name", "team"}``); None for anything else."""
        if not isinstance(value, Mapping):
            return None
        name, team = value.get("name"), value.get("team")
        if not isinstance(name, str) or not name.strip():
            return None
        return cls(name.strip(), team.strip() if isinstance(team, str) and team.strip() else None)

    @classmethod
    def of_agency(cls, agency: Any) -> MeetingWorker | None:
        """From the agency details (an ``assistant.agency.Agency`` or its JSON, as a plan keeps
        it); None when they name no worker."""
        if agency is None:
            return None
        if isinstance(agency, Mapping):
            return cls.from_json({**dict(agency.get("worker") or {}), "team": agency.get("team")})
        worker = getattr(agency, "worker", None)
        return cls.from_json({"name": getattr(worker, "name", None), "team": agency.team})


def _plan_agency(doc: Mapping[str, Any]) -> Any:
    plan = doc.get("plan")
    return plan.get("agency") if isinstance(plan, Mapping) else None


def recorded_workers(case: Any, only: Any = None) -> dict[str, MeetingWorker]:
    """The workers the record kept with its meetings, by session id (none for a record, or a
    stand-in, that keeps none)."""
    read = getattr(case, "session_workers", None)
    if read is None:
        return {}
    kept = read() if only is None else read(only)
    return {sid: w for sid, value in kept.items() if (w := MeetingWorker.from_json(value))}


def version_worker(
    doc: Mapping[str, Any], recorded: Mapping[str, MeetingWorker]
) -> MeetingWorker | None:
    """The worker of a plan version (a ``case.plan_versions()`` item): its meeting's, else
    the one in the agency details the version kept (versions saved before meetings kept it)."""
    session = doc.get("session")
    if isinstance(session, str) and session in recorded:
        return recorded[session]
    return MeetingWorker.of_agency(_plan_agency(doc))


def meeting_workers(case: Any) -> dict[str, MeetingWorker]:
    """Who the worker was at each of the record's meetings, by session id: as recorded when it
    started, else from the agency details a plan version of that meeting kept (its latest)."""
    kept = {}
    for doc in case.plan_versions():  # oldest first: a meeting's latest version decides
        session = doc.get("session")
        worker = MeetingWorker.of_agency(_plan_agency(doc))
        if isinstance(session, str) and worker is not None:
            kept[session] = worker
    return {**kept, **recorded_workers(case)}


def version_sessions(case: Any) -> dict[int, str]:
    """Each plan version's meeting (session id), by version number."""
    return {
        int(doc["version"]): str(doc["session"])
        for doc in case.plan_versions()
        if isinstance(doc.get("version"), int) and isinstance(doc.get("session"), str)
    }
