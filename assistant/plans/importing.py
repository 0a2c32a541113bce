"""Reading a plan JSON file back into a person's record (``cpi-assistant import``).

What it is for: moving a person's plan to another computer, or restoring the person's own
copy exported as JSON (``export --for person --format json``), or a version saved by this app.
What it promises:

- The file is checked against the plan format (the model behind
  ``content/schema/plan.schema.json``) before anything is written; a file that does not match
  is refused with what does not match (JSON pointer and line) and what to do.
- A plan from a newer app that this app cannot read in full is refused (a newer plan format,
  or a newer app's file with parts this app does not know). A newer app's file that matches
  this app's schema is imported: nothing in it is lost.
- A shared copy (made for the care team or a named person) is refused: parts the person
  keeps private may be missing from it. So is a file that reads as a whole plan but would
  lose them (a shared copy with its ``audience`` taken out): when the person's latest
  version keeps parts private and the file marks nothing private, or when a part the latest
  version marks private is gone or empty in the file. A training (watermarked) plan never
  goes into real records, and a real plan never into the training records.
- It is saved as the next version of the person's plan; nothing is replaced. It is agreed
  only if the file says it was agreed (its state) and both said yes in it (its agreement),
  and then keeps the day it was agreed; otherwise it is a draft. The ``plan_saved`` audit
  event, written with the version, says ``imported_from`` the file.
- The same plan imported twice is refused the second time (it is already a version).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel, ValidationError

from assistant.plans.demo_data import is_demo_plan
from assistant.plans.model import (
    APP_VERSION,
    PLAN_FORMAT,
    PLAN_SCHEMA_ID,
    PLAN_VERSION,
    PRIVATE_SECTIONS,
    TRAINING_WATERMARK,
    PersonRef,
    Plan,
    PlanFormatError,
    strip_file_keys,
)
from assistant.plans.versions import PlanVersion, person_ref, versions
from assistant.safe_read import NotRegularFile, read_regular

# A plan with many meetings' worth of words is well under 1 MB; 5 MB leaves room for any real
# plan and refuses, without reading it all, a file that cannot be one.
MAX_BYTES: Final = 5 * 1024 * 1024
# How many mismatches a refusal lists (the rest are counted).
MAX_PROBLEMS: Final = 8
EXPORT_HINT: Final = (
    "Export the plan again as the person's own copy (`cpi-assistant export PERSON --for person "
    "--format json -o plan.json`) and import that file."
)
NOTHING: Final = "Nothing was imported."


class ImportRefused(Exception):
    """The file cannot be imported; the message says why and what to do. Nothing changed."""


@dataclass(frozen=True)
class PlanFile:
    """A plan file read and checked, ready to be saved into a record."""

    plan: Plan
    app_version: str | None
    agreed: bool
    agreed_at: str | None
    # Agreed after its meeting, which saved it as not agreed yet: when that meeting saved it,
    # and how both agreed since (None when agreed at the meeting, or a draft).
    agreed_after: str | None
    agreed_how: str | None
    # Why it is saved as a draft (None when agreed, or when the file says draft).
    draft_because: str | None


@dataclass(frozen=True)
class Imported:
    """What :func:`import_plan` saved."""

    number: int
    agreed: bool


# -- reading ----------------------------------------------------------------------------------


def _version_key(text: str) -> tuple[int, ...]:
    """``0.10.2`` -> (0, 10, 2): the release numbers at the start of a version."""
    head = re.match(r"\s*v?(\d+(?:\.\d+)*)", text)
    return tuple(int(p) for p in head.group(1).split(".")) if head else ()


def newer_app(version: str | None) -> bool:
    """Whether ``version`` names a later release than this app."""
    return version is not None and _version_key(version) > _version_key(APP_VERSION)


def _line_of(data: bytes | str, offset: int) -> int:
    newline = b"\n" if isinstance(data, bytes) else "\n"
    return data.count(newline, 0, offset) + 1  # type: ignore[arg-type]


def _read_bytes(path: Path) -> bytes:
    try:
        raw = read_regular(path, MAX_BYTES + 1)
    except FileNotFoundError:
        raise ImportRefused(f"There is no file {path}. {NOTHING}") from None
    except NotRegularFile as exc:
        raise ImportRefused(
            f"{path} cannot be imported: {exc.strerror}. Give the plan's JSON file. {NOTHING}"
        ) from None
    except PermissionError:
        raise ImportRefused(
            f"{path} cannot be read: you do not have permission to open it. {NOTHING}"
        ) from None
    except OSError as exc:
        raise ImportRefused(
            f"{path} cannot be read: {exc.strerror or type(exc).__name__}. {NOTHING}"
        ) from None
    if len(raw) > MAX_BYTES:
        raise ImportRefused(
            f"{path} is larger than {MAX_BYTES // (1024 * 1024)} MB, far more than any plan, "
            f"so it is not a plan's JSON file. {NOTHING}"
        )
    return raw


def _no_constant(name: str) -> None:
    # NaN and Infinity are not JSON; Python's reader would take them.
    raise ValueError(f"{name} is not allowed in JSON")


def _parse(path: Path, raw: bytes) -> tuple[str, Any]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused(
            f"{path} is not UTF-8 text (line {_line_of(raw, exc.start)}, byte {exc.start + 1}), "
            f"so it is not a plan's JSON file. {NOTHING}"
        ) from None
    start = text.lstrip()[:5]
    if raw.startswith(b"%PDF") or start.startswith("<"):
        kind = "a PDF" if raw.startswith(b"%PDF") else "an HTML or easy-read page"
        raise ImportRefused(f"{path} is {kind}, not a plan's JSON file. {EXPORT_HINT} {NOTHING}")
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise ImportRefused(
            f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}). "
            f"Was it changed by hand? {EXPORT_HINT} {NOTHING}"
        ) from None
    except RecursionError:
        raise ImportRefused(
            f"{path} is nested far too deeply to be a plan's JSON file. {NOTHING}"
        ) from None
    except ValueError as exc:  # NaN/Infinity, a number with thousands of digits
        raise ImportRefused(f"{path} is not valid JSON for a plan: {exc}. {NOTHING}") from None
    return text, data


def _kind_of(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a piece of text"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    return "null"


def read_plan_file(path: Path) -> PlanFile:
    """Read and check a plan JSON file; :class:`ImportRefused` says what is wrong."""
    raw = _read_bytes(path)
    text, data = _parse(path, raw)
    if not isinstance(data, dict):
        raise ImportRefused(
            f"{path} holds {_kind_of(data)}, not a plan: a plan's JSON file is one object "
            f'that starts {{"$schema": "{PLAN_SCHEMA_ID}", ... {NOTHING}'
        )
    if data.get("format") != PLAN_FORMAT:
        if data.get("format") == "cpi-subject-access":
            raise ImportRefused(
                f"{path} is a copy of a whole record (export-all), not one plan. {EXPORT_HINT} "
                f"{NOTHING}"
            )
        if data.get("resourceType") == "Bundle":
            raise ImportRefused(
                f"{path} is a FHIR export. Import reads the plan's own JSON format, which "
                f"keeps everything in the plan. {EXPORT_HINT} {NOTHING}"
            )
        raise ImportRefused(
            f'{path} is not a relationship plan (it has no "format": "{PLAN_FORMAT}"). '
            f"{EXPORT_HINT} {NOTHING}"
        )
    app_version = data.get("app_version") if isinstance(data.get("app_version"), str) else None
    from_newer_app = newer_app(app_version)
    version = data.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > PLAN_VERSION:
        raise ImportRefused(
            f"{path} was saved by a newer version of the app"
            f"{f' ({app_version})' if app_version else ''} in plan format {version}; this app "
            f"({APP_VERSION}) reads format {PLAN_VERSION}. Update this app, then import it "
            f"again. {NOTHING}"
        )
    schema_id = data.get("$schema")
    if isinstance(schema_id, str) and schema_id != PLAN_SCHEMA_ID:
        raise ImportRefused(
            f"{path} says it follows the schema {schema_id!r}, not this app's "
            f"{PLAN_SCHEMA_ID!r}. {EXPORT_HINT} {NOTHING}"
        )
    try:
        plan = Plan.model_validate(strip_file_keys(data), strict=True)
    except (PlanFormatError, ValidationError) as exc:
        problems = _problems(exc, data, text) if isinstance(exc, ValidationError) else [f"  {exc}"]
        if from_newer_app:
            raise ImportRefused(
                f"{path} was saved by a newer version of the app ({app_version}) and holds "
                f"things this app ({APP_VERSION}) cannot keep:\n"
                + "\n".join(problems)
                + f"\nUpdate this app, then import it again. {NOTHING}"
            ) from None
        raise ImportRefused(
            f"{path} does not match the plan format (content/schema/plan.schema.json):\n"
            + "\n".join(problems)
            + f"\nWas it changed by hand? Fix these, or make a new copy. {EXPORT_HINT} {NOTHING}"
        ) from None
    _refuse_shared_copy(path, plan)
    return _with_state(plan, app_version)


def _refuse_shared_copy(path: Path, plan: Plan) -> None:
    audience = plan.audience
    if audience is None or (audience.kind == "person" and not audience.withheld):
        return
    whom = {"team": "the care team", "named": audience.name or "someone the person named"}.get(
        audience.kind, "someone else"
    )
    raise ImportRefused(
        f"{path} is a copy made for {whom}, not the whole plan: the parts the person keeps "
        f"private are left out of it, so importing it would lose them. {EXPORT_HINT} {NOTHING}"
    )


def _with_state(plan: Plan, app_version: str | None) -> PlanFile:
    state = plan.state
    agreed = False
    because: str | None = None
    if state is None:
        because = "the file does not say whether it was agreed"
    elif state.agreed and not state.agreed_after and not plan.agreement.both_agreed:
        # Agreed after its meeting: both agreed since, whatever Closing said then.
        because = (
            "the file says it was agreed, but its agreement does not show the person and the "
            "worker both saying yes"
        )
    elif state.agreed:
        agreed = True
    return PlanFile(
        plan=plan,
        app_version=app_version,
        agreed=agreed,
        agreed_at=(state.agreed_at or state.saved_at) if agreed and state else None,
        agreed_after=state.agreed_after if agreed and state else None,
        agreed_how=state.agreed_how if agreed and state else None,
        draft_because=because,
    )


# -- where a problem is ---------------------------------------------------------------------


_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def _skip(text: str, pos: int) -> int:
    match = _WS.match(text, pos)
    return match.end() if match else pos


def _child_start(text: str, pos: int, part: str | int) -> int | None:
    """Where the member ``part`` of the object or array starting at ``pos`` begins."""
    opening = text[pos]
    if (opening == "{") != isinstance(part, str) or opening not in "{[":
        return None
    closing = "}" if opening == "{" else "]"
    pos = _skip(text, pos + 1)
    found = None
    index = 0
    while text[pos] != closing:
        if opening == "{":
            key, pos = _DECODER.raw_decode(text, pos)
            pos = _skip(text, pos)
            pos = _skip(text, pos + 1)  # the colon
            if key == part:
                found = pos  # the last one wins, as for the JSON reader
        elif index == part:
            return pos
        pos = _skip(text, _DECODER.raw_decode(text, pos)[1])
        index += 1
        if text[pos] == ",":
            pos = _skip(text, pos + 1)
    return found


def line_of_path(text: str, path: tuple[str | int, ...]) -> int | None:
    """The line where the value at ``path`` (or the nearest enclosing one) starts in ``text``
    (JSON already known to be valid)."""
    try:
        pos = _skip(text, 1 if text.startswith("\ufeff") else 0)
        for part in path:
            child = _child_start(text, pos, part)
            if child is None:
                break
            pos = child
    except (ValueError, IndexError, RecursionError):
        return None
    return _line_of(text, pos)


def _pointer(path: tuple[str | int, ...]) -> str:
    """An RFC 6901 JSON pointer, each part cut short if very long."""
    parts = []
    for part in path:
        word = str(part)
        if len(word) > 60:
            word = word[:57] + "..."
        parts.append(word.replace("~", "~0").replace("/", "~1"))
    return "/" + "/".join(parts) if parts else "(the whole file)"


def _json_path(loc: tuple[str | int, ...], data: Any) -> tuple[str | int, ...]:
    """The error's location as a path through the data: pydantic adds the names of union
    members (``Words``, ``str``) that are not in the file; those are left out."""
    path: list[str | int] = []
    here = data
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(here, dict) and isinstance(part, str) and (part in here or last):
            path.append(part)
            here = here.get(part)
        elif isinstance(here, list) and isinstance(part, int) and 0 <= part < len(here):
            path.append(part)
            here = here[part]
    return tuple(path)


# Pydantic's words where they speak Python ("instance of", "dictionary"): the file is JSON.
_WORDS = {
    "missing": "is missing",
    "extra_forbidden": "is not part of a plan (a misspelt or unknown field)",
    "model_type": "should be an object ({...})",
    "model_attributes_type": "should be an object ({...})",
    "dict_type": "should be an object ({...})",
    "list_type": "should be a list ([...])",
    "string_type": "should be text",
    "int_type": "should be a whole number",
    "bool_type": "should be true or false",
}


def _problems(exc: ValidationError, data: Any, text: str) -> list[str]:
    """One line per mismatch (the first :data:`MAX_PROBLEMS`): where (JSON pointer, line)
    and what is wrong. Lines are looked up only for those shown: each look-up walks the file."""
    shown: list[tuple[tuple[str | int, ...], str]] = []
    more = 0
    for error in exc.errors(include_input=False, include_url=False):
        path = _json_path(tuple(error["loc"]), data)
        what = _WORDS.get(error["type"], error["msg"])
        if (path, what) in shown:
            continue  # the same place, failing each member of a union
        if len(shown) < MAX_PROBLEMS:
            shown.append((path, what))
        else:
            more += 1
    lines = []
    for path, what in shown:
        line = line_of_path(text, path)
        lines.append(f"  {_pointer(path)}{f' (line {line})' if line else ''}: {what}")
    if more:
        lines.append(f"  ... and {more} more")
    return lines


# -- saving -----------------------------------------------------------------------------------


def check_area(plan_file: PlanFile, *, training: bool, path: Path) -> None:
    """Refuse a training plan for real records and a real plan for the training records."""
    marked = plan_file.plan.watermark is not None
    plan = plan_file.plan
    if not marked and not training and is_demo_plan(plan.person.display_name, plan.session):
        raise ImportRefused(
            f"{path} is the demo's fictional person, with its training mark taken out of the "
            "file; it never goes into real records. Add --training to import it into the "
            f"training records. {NOTHING}"
        )
    if marked and not training:
        raise ImportRefused(
            f"{path} is a training plan of a fictional person ({TRAINING_WATERMARK}); it "
            "never goes into real records. Add --training to import it into the training "
            f"records. {NOTHING}"
        )
    if training and not marked:
        raise ImportRefused(
            f"{path} is a real person's plan; it never goes into the training records. Leave "
            f"out --training to import it into the real records. {NOTHING}"
        )


def _same_plan(a: Plan, b: Plan) -> bool:
    """The same plan, whatever its number, state or the record's name for the person."""
    ignore = {"number", "previous_number", "state", "audience", "person"}
    return a.model_dump(exclude=ignore) == b.model_dump(exclude=ignore)


def _item_ids(plan: Plan) -> set[str]:
    """The ids of every item a person can mark private (see ``PrivatePart``)."""
    ids = {p.id for p in plan.network.people} | {c.id for c in plan.concerns}
    ids |= {p.id for d in plan.resourceful.domains for p in d.people}
    ids |= {o.id for o in plan.community.opportunities}
    ids |= {g.id for g in plan.goals} | {a.id for g in plan.goals for a in g.actions}
    ids |= {c.id for c in plan.contacts.personal} | {c.id for c in plan.contacts.professional}
    ids |= {a.id for a in plan.worker_journey.actions}
    return ids


def _empty(value: object) -> bool:
    """A section with nothing in it (None, an empty list, or a part with only defaults)."""
    if value is None or value == []:
        return True
    return isinstance(value, BaseModel) and value == type(value)()


def _lost_private(latest: Plan, plan: Plan) -> int:
    """How many parts ``latest`` keeps private that ``plan`` has lost (gone, or empty)."""
    had, has = _item_ids(latest), _item_ids(plan)
    lost = 0
    for part in latest.sharing.private:
        if part.kind == "section" and part.code in PRIVATE_SECTIONS:
            mine = getattr(latest, part.code)
            if not _empty(mine) and _empty(getattr(plan, part.code)):
                lost += 1
        elif part.kind == "item" and part.code in had and part.code not in has:
            lost += 1
    return lost


def _refuse_lost_private(source: Path, latest: PlanVersion, plan: Plan) -> None:
    """Refuse a file that would lose what the person keeps private: a shared copy with its
    ``audience`` taken out reads as a whole plan, but it has neither the private parts nor
    the marks, and as the next version it would drop both from every later plan."""
    kept = latest.plan.sharing
    marks = plan.sharing
    if (kept.private or kept.keep_private) and not (marks.private or marks.keep_private):
        why = (
            f"the person's latest plan (version {latest.number}) keeps parts private, and this "
            "file marks nothing private"
        )
    elif lost := _lost_private(latest.plan, plan):
        parts = "a part" if lost == 1 else f"{lost} parts"
        why = (
            f"{parts} of the plan that the person keeps private (version {latest.number}) "
            "are missing or empty in this file"
        )
    else:
        return
    raise ImportRefused(
        f"{source} cannot be the person's whole plan: {why}. It may be a copy made for someone "
        "else with its `audience` taken out; importing it would lose the private parts, and "
        f"their marks, from every later plan. {EXPORT_HINT} If the person has chosen to share "
        f"everything now, mark that at a meeting first. {NOTHING}"
    )


def _names_differ(mine: PersonRef, theirs: PersonRef) -> str | None:
    """Why the file's person may not be the record's (None when nothing says so): the NHS
    number decides when both have one, else the reference, else the name."""
    if mine.nhs_number and theirs.nhs_number:
        if mine.nhs_number != theirs.nhs_number:
            return "another NHS number"
        return None
    if mine.reference and theirs.reference:
        if mine.reference.strip().casefold() != theirs.reference.strip().casefold():
            return f"reference {theirs.reference!r}, not {mine.reference!r}"
        return None
    if (
        mine.display_name
        and theirs.display_name
        and mine.display_name.strip().casefold() != theirs.display_name.strip().casefold()
    ):
        return f"{theirs.display_name!r}, not {mine.display_name!r}"
    return None


def import_plan(
    case: Any,
    plan_file: PlanFile,
    source: Path,
    *,
    name_differs: bool = False,
    by: str = "worker",
) -> Imported:
    """Save ``plan_file`` as the next version of the plan in ``case``; never replaces one.

    Refuses (:class:`ImportRefused`) a plan for the other records area, one the record already
    holds, or (unless ``name_differs``) one whose person has another reference or name.
    """
    training = bool(getattr(case, "training", False))
    check_area(plan_file, training=training, path=source)
    record = person_ref(case)
    plan = plan_file.plan
    found = versions(case)
    for version in found:
        if _same_plan(version.plan, plan):
            raise ImportRefused(
                f"{source} is already version {version.number} of this plan. {NOTHING}"
            )
    if found:
        _refuse_lost_private(source, found[-1], plan)
    differs = _names_differ(record, plan.person)
    if differs and not name_differs:
        raise ImportRefused(
            f"{source} is the plan of {differs} (the record's). Check that it is this "
            "person's plan; if the name changed, add --name-differs. To start a new record "
            f"from it, use --new. {NOTHING}"
        )
    previous = found[-1].number if found else None
    saved = plan.model_copy(
        update={
            # The record says who this is; the number and state are the record's too.
            "person": record,
            "number": (previous or 0) + 1,
            "previous_number": previous,
            "state": None,
            "audience": None,
        }
    )
    note: dict[str, Any] = {"imported_from": str(source.resolve())}
    if plan_file.app_version:
        note["file_app_version"] = plan_file.app_version
    number = case.add_plan_version(
        saved.to_json(),
        agreed=plan_file.agreed,
        agreed_at=plan_file.agreed_at,
        agreed_after=plan_file.agreed_after,
        agreed_how=plan_file.agreed_how,
        # An agreed plan was agreed by both (the app never records one side alone).
        by="both" if plan_file.agreed else by,
        note=note,
    )
    return Imported(number=number, agreed=plan_file.agreed)
