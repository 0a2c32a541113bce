"""What a person's record says about earlier meetings, for Home (no Textual here).

Kept apart from the meeting module so that Home can show it without loading the
conversation engine (which is slow to import and not needed until a meeting starts).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from assistant.plans.workers import MeetingWorker


@dataclass(frozen=True)
class History:
    """What a person's record says about earlier meetings, for Home and for reviews."""

    last_session: str | None
    last_state: dict[str, Any] | None
    last_updated: str
    open_session: bool
    agreed_plan: dict[str, Any] | None
    meetings: int
    ratings: list[dict[str, Any]]
    # The newest version, agreed or not (a draft saved after ``agreed_plan`` is worth showing).
    latest_plan: dict[str, Any] | None = None
    #: The last meeting's worker as the record kept it when it started, else as its plan
    #: version's agency details say; None when neither does (docs/records.md, "Who the
    #: worker was").
    last_worker: str | None = None

    @property
    def can_resume(self) -> bool:
        return self.open_session and self.last_state is not None

    @property
    def last_data(self) -> dict[str, Any]:
        if not self.last_state:
            return {}
        data = self.last_state.get("data")
        return data if isinstance(data, dict) else {}

    @property
    def last_log(self) -> list[dict[str, Any]]:
        """The last meeting's answer log (what was skipped counts for its conditions)."""
        log = self.last_state.get("log") if self.last_state else None
        return [e for e in log if isinstance(e, dict)] if isinstance(log, list) else []


class CaseRecord(Protocol):
    """What the history reads from a case record (``assistant.records.Case``)."""

    def sessions(self) -> list[dict[str, Any]]: ...

    def audit_events(self) -> list[dict[str, Any]]: ...

    def plan_versions(self) -> list[dict[str, Any]]: ...

    def ratings_history(self, name: str | None = None) -> list[dict[str, Any]]: ...

    # What the history needs without reading every meeting (closed ones may be archived).
    def latest_session(self) -> dict[str, Any] | None: ...

    def closed_at(self, session_id: str) -> str | None: ...

    def latest_plans(self) -> tuple[dict[str, Any] | None, dict[str, Any] | None]: ...

    @property
    def session_count(self) -> int: ...


def history_of(case: CaseRecord) -> History:
    """Read a case's latest session, plans and ratings.

    Only the latest meeting and plan versions are read, so a person with five years of
    meetings opens as quickly as one with two (earlier meetings are archived:
    docs/records.md, "Archived meetings").
    """
    last = case.latest_session()
    # When the meeting was finished: a worker's reflection saved into a finished meeting
    # later (meetings.reflection) moves its session's `updated`, not the meeting's day.
    finished = case.closed_at(last["session_id"]) if last else None
    agreed_plan, latest_plan = case.latest_plans()
    return History(
        last_session=last["session_id"] if last else None,
        last_state=last.get("state") if last else None,
        last_updated=(
            finished or ((last.get("updated") or last.get("started") or "") if last else "")
        ),
        open_session=bool(last and finished is None),
        agreed_plan=agreed_plan,
        meetings=case.session_count,
        ratings=case.ratings_history(),
        latest_plan=latest_plan,
        last_worker=_last_worker(last, latest_plan),
    )


def _last_worker(last: dict[str, Any] | None, latest_plan: dict[str, Any] | None) -> str | None:
    """The last meeting's worker as it kept it when it started, else (a meeting saved before
    that was kept) the one in the agency details of its plan version, if it is the latest."""
    if not last:
        return None
    worker = MeetingWorker.from_json(last.get("worker"))
    if worker is None and latest_plan and latest_plan.get("session") == last.get("session_id"):
        plan = latest_plan.get("plan")
        worker = MeetingWorker.of_agency(plan.get("agency") if isinstance(plan, dict) else None)
    return worker.name if worker else None
