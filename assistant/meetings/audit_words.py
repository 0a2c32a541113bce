"""The audit trail's notes in plain words, for the person's own copy (subject access).

``cpi-assistant audit`` is for the record's keepers: it shows each event's notes as stored
(``session="…"``, ``plan_version=2``), ids and field names included, which is what they
look for. The person reads their copy: there each note is said in words (the meeting by its
number, as the copy's meetings are numbered; an export by what it was and for whom), and
notes that mean nothing outside the app (ids, counts of stored documents, a parser's own
words) are left out. The subject access JSON file still holds every event whole.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assistant.identifiers import format_birth_date, format_nhs_number, gender_words_shown
from assistant.plans.sharing import GP_NAME

#: What an event is, where its stored kind does not read as words.
_WHAT = {
    "answer_chose": "answer chosen",
    "answer_skipped": "question left for now",
    "answer_kept": "answer kept as it was",
    "answer_undone": "answer taken back",
    "person_details_changed": "your details changed",
    "consent_given": "said yes to keeping a record",
    "consent_withdrawn": "said no to keeping a record",
    "session_erased": "meeting erased",
    "meetings_archived": "earlier meetings moved to the archive file",
    "recovered_from_backup": "record read from its backup copy",
    "content_changed": "the app's questions had changed since the last meeting",
}

_FORMATS = {
    "html": "a web page",
    "md": "a text file (Markdown)",
    "txt": "a text file",
    "easy": "an easy read page",
    "json": "a file for computers (JSON)",
    "fhir": "a file for health record systems (FHIR)",
    "pdf": "a PDF",
}

_AUDIENCES = {
    "person": "for you",
    "team": "for the care team",
    "unknown": "without saying who it was for",
}

_CONSENT = {
    "nothing": "nothing from that meeting had been saved",
    "kept": "what was saved before was kept",
    "erased": "what was saved in that meeting was erased",
}

_DETAILS = {
    "display_name": "name",
    "reference": "reference",
    "nhs_number": "NHS number",
    "born": "date of birth",
}


def _quoted(value: object) -> str:
    return f"\u201c{value}\u201d"


def _change(label: str, old: object, new: object) -> str:
    """``label: “old” → “new”``, "none" for a detail that was not given."""
    return f"{label}: {_quoted(old) if old else 'none'} \u2192 {_quoted(new) if new else 'none'}"


def _meeting(session: object, meetings: Mapping[str, int]) -> str:
    number = meetings.get(session) if isinstance(session, str) else None
    return f"at meeting {number}" if number is not None else ""


def _version(value: object) -> str:
    ok = isinstance(value, int) and not isinstance(value, bool)
    return f"plan version {value}" if ok else ""


def _export(details: Mapping[str, Any]) -> list[str]:
    fmt = details.get("format")
    what = _FORMATS.get(str(fmt), "a copy")
    if details.get("purpose") == "subject access":
        return [f"everything held about you, as {what}", *_where(details)]
    if details.get("audience") == "supervision":
        # What the worker's meetings touched on, for their supervisor: not the plan.
        return [f"a summary for the worker's supervision, as {what}", *_where(details)]
    version = _version(details.get("plan_version"))
    state = details.get("plan_state")
    plan = f"{version} ({state})" if version and isinstance(state, str) else version
    audience = details.get("audience")
    if audience == "named" and details.get("audience_name") == GP_NAME:
        # The GP is one of the copies the app offers, not a name the person gave.
        whom = "for your GP"
    elif audience == "named" and details.get("audience_name"):
        whom = f"for {_quoted(details['audience_name'])}"
    else:
        whom = _AUDIENCES.get(str(audience), "")
    parts = [" ".join(p for p in (f"{plan or 'your plan'} as {what}", whom) if p)]
    if details.get("withheld") is True:
        parts.append("with parts left out at your wish")
    return parts + _where(details)


def _where(details: Mapping[str, Any]) -> list[str]:
    destination = details.get("destination")
    return [f"to {_quoted(destination)}"] if destination else []


def _details_changed(details: Mapping[str, Any]) -> list[str]:
    parts = []
    for field, label in _DETAILS.items():
        change = details.get(field)
        if not isinstance(change, Mapping):
            continue
        old, new = change.get("old"), change.get("new")
        if field == "nhs_number":
            old, new = (format_nhs_number(v) if v else v for v in (old, new))
        elif field == "born":
            old, new = (format_birth_date(v) if v else v for v in (old, new))
        parts.append(_change(label, old, new))
    gender, words = details.get("gender"), details.get("gender_words")
    if isinstance(gender, Mapping) or isinstance(words, Mapping):
        gender = gender if isinstance(gender, Mapping) else {}
        words = words if isinstance(words, Mapping) else {}
        old = gender_words_shown(gender.get("old"), words.get("old"))
        new = gender_words_shown(gender.get("new"), words.get("new"))
        parts.append(_change("gender", old, new))
    return parts


def person_by(by: object, worker: str | None = None) -> str:
    """Who gave or did something, for the person's own copy, which speaks to them as the
    person's copy of a plan does: "you", "the worker (Priya Patel)", "you and the worker
    (Priya Patel) together" ("the worker" when the worker is not known); "" when the record
    does not say. The record's keepers read "by person" and "by both" (``audit``)."""
    the_worker = f"the worker ({worker})" if worker else "the worker"
    if by == "person":
        return "you"
    if by == "worker":
        return the_worker
    if by == "both":
        return f"you and {the_worker} together"
    return ""


def person_what(kind: str) -> str:
    """What an audit event of ``kind`` is, in words for the person."""
    return _WHAT.get(kind, kind.replace("_", " "))


def person_notes(kind: str, details: Mapping[str, Any], meetings: Mapping[str, int]) -> list[str]:
    """An audit event's notes in words for the person. ``details``: the event's notes (not
    its time or kind); ``meetings``: each meeting's number by session id, as the person's
    copy numbers its meetings. Notes with no meaning for the person are left out, never
    shown as stored."""
    parts: list[str] = []
    if kind == "exported":
        parts += _export(details)
    elif kind == "person_details_changed":
        parts += _details_changed(details)
    elif kind in ("plan_saved", "plan_agreed"):
        parts.append(_version(details.get("version")))
    elif kind == "meeting_closed":
        version = _version(details.get("plan_version"))
        if version:
            agreed = "agreed" if details.get("agreed") is True else "not agreed yet"
            parts.append(f"{version}, {agreed}")
    elif kind == "consent_withdrawn":
        parts.append(_CONSENT.get(str(details.get("saved_today")), ""))
    elif kind == "session_erased" and details.get("reason") == "consent_withdrawn":
        parts.append("after you said no to keeping a record")
    elif kind == "meetings_archived":
        sessions = details.get("sessions")
        numbers = sorted(
            meetings[s] for s in (sessions or ()) if isinstance(s, str) and s in meetings
        )
        if numbers:
            parts.append("meetings " + ", ".join(str(n) for n in numbers))
    elif kind == "recovered_from_backup":
        problem = details.get("problem")
        if problem:
            parts.append(str(problem))
        if details.get("kept_at"):
            parts.append(f"the damaged copy was kept at {_quoted(details['kept_at'])}")
    if kind not in ("meetings_archived",):
        parts.append(_meeting(details.get("session"), meetings))
    return [p for p in parts if p]
