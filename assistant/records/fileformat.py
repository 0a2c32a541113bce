"""What a records file contains: a versioned JSON envelope, optionally encrypted.

Every file is ``{"format": "cpi-<kind>", "schema": N, ...}``. Older schemas are migrated forward
in memory when read (and written back in the new form at the next save); a file from a newer
version raises :class:`TooNew` and is never modified. Anything unreadable raises :class:`Damaged`
with a short reason, so the store can restore the last good copy.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from assistant.identifiers import (
    GENDERS,
    InvalidBirthDate,
    InvalidNhsNumber,
    birth_date,
    gender_from_text,
    nhs_number,
)
from assistant.records.crypto import Keyring, is_encrypted_bytes
from assistant.records.errors import RecordsError
from assistant.safe_text import invisible

# Current schema of each kind of file. Bump it and add a migration when the layout changes.
SCHEMAS: dict[str, int] = {"case": 1, "index": 1, "archive": 1}

# MIGRATIONS[kind][n] turns a schema-n document into a schema-(n+1) document.
Migration = Callable[[dict[str, Any]], dict[str, Any]]
MIGRATIONS: dict[str, dict[int, Migration]] = {"case": {}, "index": {}, "archive": {}}


def now() -> str:
    """Current UTC time, ISO 8601 with milliseconds, as records write it (sorts as text)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def iso_from_ns(ns: int) -> str:
    """A file time (nanoseconds since the epoch) in the same form as :func:`now`."""
    return datetime.fromtimestamp(ns / 1e9, UTC).isoformat(timespec="milliseconds")


class Damaged(Exception):
    """The bytes are not a readable file of the expected kind; ``str()`` says why, in words
    for the user. ``detail`` keeps what a parser said, if anything (for the audit trail,
    not the user: "Unterminated string starting at: line 1 column 4093 (char 4092)")."""

    def __init__(self, message: str, *, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


class TooNew(Exception):
    """Written by a newer version; ``schema`` is the file's version."""

    def __init__(self, schema: int) -> None:
        super().__init__(schema)
        self.schema = schema


class NeedsKey(Damaged):
    """The file is encrypted but no passphrase was given for this folder."""


class Codec:
    """Turns documents into file bytes and back, encrypting when a keyring is set."""

    def __init__(
        self,
        keyring: Keyring | None = None,
        *,
        accept_plain: bool = False,
        on_encrypted: Callable[[], None] | None = None,
    ) -> None:
        self.keyring = keyring
        # While a folder is being converted to encryption, plaintext files are still accepted.
        self.accept_plain = accept_plain or keyring is None
        # Called on meeting an encrypted file this codec cannot read (without a keyring, or
        # one the file was not written with), before it is taken for damage: it raises if the
        # folder was encrypted, or its passphrase changed, after it was opened.
        self.on_encrypted = on_encrypted

    def dumps(self, kind: str, body: dict[str, Any]) -> bytes:
        doc = {"format": f"cpi-{kind}", "schema": SCHEMAS[kind], **body}
        raw = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return self.seal(raw)

    def prefix(self, kind: str, **fields: Any) -> str:
        """The start of a document as :meth:`dumps` writes it, up to where more keys follow."""
        doc = {"format": f"cpi-{kind}", "schema": SCHEMAS[kind], **fields}
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))[:-1] + ","

    def seal(self, raw: bytes) -> bytes:
        """File bytes for serialised JSON: encrypted when the folder is."""
        return self.keyring.encrypt(raw) if self.keyring else raw

    def plaintext(self, data: bytes) -> bytes:
        if is_encrypted_bytes(data):
            if self.keyring is None:
                if self.on_encrypted is not None:
                    self.on_encrypted()
                raise NeedsKey("it is encrypted, but this data folder has no key-check file")
            try:
                return self.keyring.decrypt(data)
            except ValueError as exc:
                if self.on_encrypted is not None:
                    self.on_encrypted()
                raise Damaged(str(exc)) from None
        if not self.accept_plain:
            raise Damaged("it is not encrypted, though every file in this folder should be")
        return data

    def loads(self, kind: str, data: bytes) -> dict[str, Any]:
        """The document in ``data``, migrated to the current schema."""
        if not data:
            raise Damaged("the file is empty")
        raw = self.plaintext(data)
        try:
            doc = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise Damaged("the file contains binary data, not text") from None
        except ValueError as exc:
            raise Damaged("the file is cut short or garbled", detail=str(exc)) from None
        if not isinstance(doc, dict) or doc.get("format") != f"cpi-{kind}":
            raise Damaged(f"it is not a {kind} file of this app")
        schema = doc.get("schema")
        if not isinstance(schema, int) or schema < 1:
            raise Damaged("it has no valid schema version")
        if schema > SCHEMAS[kind]:
            raise TooNew(schema)
        while schema < SCHEMAS[kind]:
            doc = MIGRATIONS[kind][schema](doc)
            schema += 1
            doc["schema"] = schema
        return doc


# What each field read back from a file must be, when it is there. A file is written only by
# this app, so anything else (a number as a display name, a string as a session's state) is
# damage or tampering: the file is treated as damaged, never half-used.
Spec = dict[str, tuple[tuple[type, ...], bool]]  # field -> (allowed types, required)
_TEXT: tuple[type, ...] = (str,)
_TEXT_OR_NONE: tuple[type, ...] = (str, type(None))
_OBJECT: tuple[type, ...] = (dict,)
CASE_FIELDS: dict[str, Spec] = {
    "person": {
        "id": (_TEXT, False),
        "display_name": (_TEXT, True),
        "reference": (_TEXT_OR_NONE, False),
        "nhs_number": (_TEXT_OR_NONE, False),
        "born": (_TEXT_OR_NONE, False),
        "gender": (_TEXT_OR_NONE, False),
        "gender_words": (_TEXT_OR_NONE, False),
        "created": (_TEXT, False),
        "consent_record": ((bool,), False),
        "consent_at": (_TEXT, False),
    },
    "sessions": {
        "session_id": (_TEXT, True),
        "state": (_OBJECT, True),
        "started": (_TEXT, False),
        "updated": (_TEXT, False),
        # Who the worker was when the meeting started ({"name", "team"}); none before.
        "worker": (_OBJECT, False),
        # Words typed in an answer box but not given when the app was closed ({"path",
        # "text", "at"}); taken off at the session's next save.
        "draft": (_OBJECT, False),
    },
    "plans": {
        "version": ((int,), True),
        "plan": (_OBJECT, True),
        "at": (_TEXT, False),
        "agreed": ((bool,), False),
        "agreed_at": (_TEXT, False),
        # Agreed after its meeting (`plan agree`): when the meeting saved it, and how.
        "agreed_after": (_TEXT, False),
        "agreed_how": (_TEXT_OR_NONE, False),
        "session": (_TEXT_OR_NONE, False),
    },
    "ratings": {
        "ratings": (_OBJECT, True),
        "at": (_TEXT, False),
        "session": (_TEXT_OR_NONE, False),
        "by": (_TEXT_OR_NONE, False),
    },
    "audit": {"kind": (_TEXT, True), "at": (_TEXT, False), "session": (_TEXT_OR_NONE, False)},
    # Long answers kept once (case.py, "Long answers"), referred to where they recur.
    "texts": {"text": (_TEXT, True), "session": (_TEXT_OR_NONE, False)},
    # One document: which sessions are in the archive file (records/archive.py), and the
    # document ids and plan version already used, so none is used twice.
    "archive": {
        "sessions": ((list,), True),
        "next_ids": (_OBJECT, False),
        "plan_version": ((int,), False),
        "texts": ((bool,), False),
        "last_started": (_TEXT, False),
        "archived_plan_max": ((int,), False),
        "archived_agreed": ((bool,), False),
    },
}
INDEX_ENTRY: Spec = {
    "display_name": (_TEXT, True),
    "reference": (_TEXT_OR_NONE, False),
    "nhs_number": (_TEXT_OR_NONE, False),
    "created": (_TEXT, False),
    "updated": (_TEXT, False),
    "sessions": ((int,), False),
}


def _fits(value: Any, kinds: tuple[type, ...]) -> bool:
    # bool is an int in Python, but never a count or a version number here.
    if isinstance(value, bool) and bool not in kinds:
        return False
    return isinstance(value, kinds)


def _is_stored_nhs_number(value: Any) -> bool:
    # Records store only a checked number as its 10 digits (clean_nhs_number): anything else
    # was not written by this app, and would fail later wherever a plan names the person.
    try:
        return nhs_number(value) == value
    except InvalidNhsNumber:
        return False


def _is_stored_birth_date(value: Any) -> bool:
    # Only the shape and a real day: the range (not in the future, at most 120 years ago)
    # was checked when it was typed, against that day's date.
    try:
        return date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


# Checks of a field's value beyond its type, by field name: (check, what is wrong).
VALUE_CHECKS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "nhs_number": (_is_stored_nhs_number, "an NHS number that is not a valid one"),
    "born": (_is_stored_birth_date, "a date of birth that is not a date"),
    "gender": (lambda value: value in GENDERS, "a gender that is not one of the choices"),
}


def check_doc(doc: Any, spec: Spec, what: str) -> None:
    """Raise :class:`Damaged` unless ``doc`` is an object whose fields fit ``spec``.

    The message names the field, never its value (it may be someone's words).
    """
    if not isinstance(doc, dict):
        raise Damaged(f"{what} is not a JSON object")
    for field, (kinds, required) in spec.items():
        if field not in doc:
            if required:
                raise Damaged(f"{what} has no {field}")
            continue
        value = doc[field]
        if not _fits(value, kinds):
            raise Damaged(f"{what} has a {field} of the wrong type")
        check = VALUE_CHECKS.get(field)
        if check is not None and value is not None and not check[0](value):
            raise Damaged(f"{what} has {check[1]}")


def one_line_name(text: str) -> str:
    """A name as records keep it: one line, single spaces, nothing that controls a terminal
    or hides or reorders text (:func:`assistant.safe_text.invisible`; lone surrogates become
    U+FFFD), accents composed (NFC: "é" typed as e and a combining accent, as some keyboards
    and pastes give it, is the same name as "é" typed as one letter). May be empty."""
    return unicodedata.normalize("NFC", " ".join(invisible(" ".join(text.split())).split()))


def clean_reference(text: str | None) -> str | None:
    """A reference number as records keep it (trimmed, no hidden characters, accents
    composed as names are), None for none."""
    if text is None:
        return None
    return unicodedata.normalize("NFC", invisible(text).strip()) or None


def _clean_names(doc: dict[str, Any], what: str) -> None:
    """Names and references read back, cleaned as they are on write.

    Older versions stored them without taking out control and bidi characters; such a name
    is made safe (the next save stores it so), not the whole record treated as damaged. A
    name with nothing visible left is damage: the app never stores an empty one.
    """
    name = doc.get("display_name")
    if isinstance(name, str):
        doc["display_name"] = one_line_name(name)
        if not doc["display_name"]:
            raise Damaged(f"{what} has an empty display_name")
    if isinstance(doc.get("reference"), str):
        doc["reference"] = clean_reference(doc["reference"])
    if isinstance(doc.get("gender_words"), str):
        doc["gender_words"] = one_line_name(doc["gender_words"]) or None


def check_tables(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The TinyDB tables of a case document, checked for shape and field types."""
    tables = doc.get("tables")
    if not isinstance(tables, dict) or not all(isinstance(t, dict) for t in tables.values()):
        raise Damaged("its tables are missing or malformed")
    for name, table in tables.items():
        spec = CASE_FIELDS.get(name, {})
        for doc_id, item in table.items():
            # TinyDB's document ids are whole numbers.
            if not (doc_id.isascii() and doc_id.isdigit()):
                raise Damaged(f"its {name} table has a malformed document id")
            check_doc(item, spec, f"an entry of its {name} table")
            if name == "person":
                _clean_names(item, f"an entry of its {name} table")
    return tables


def _clean_text(value: Any) -> bool:
    """Text as :func:`one_line_name` leaves it (nothing to clean), or not text at all."""
    return (
        type(value) is str
        and value.isprintable()
        and value == value.strip()
        and "  " not in value
        and value != ""
        and unicodedata.is_normalized("NFC", value)
    )


def _as_written(entry: Any) -> bool:
    """Whether an index entry is exactly as this app writes it: the same answer as
    :func:`check_doc` with ``INDEX_ENTRY`` plus :func:`_clean_names` changing nothing, found
    with a few type tests. Anything else (False) goes through those two."""
    if type(entry) is not dict or not _clean_text(entry.get("display_name")):
        return False
    reference, nhs = entry.get("reference"), entry.get("nhs_number")
    if reference is not None and not _clean_text(reference):
        return False
    if nhs is not None and not (type(nhs) is str and _is_stored_nhs_number(nhs)):
        return False
    sessions = entry.get("sessions", 0)
    return (
        type(entry.get("created", "")) is str
        and type(entry.get("updated", "")) is str
        and type(sessions) is int
    )


def check_index(doc: dict[str, Any]) -> dict[str, Any]:
    """An index document, checked for shape and field types (``events`` defaults to [])."""
    people = doc.get("people")
    if not isinstance(people, dict):
        raise Damaged("it has no list of people")
    for entry in people.values():
        if _as_written(entry):
            continue  # the common case, checked quickly: 10,000 people are listed at once
        check_doc(entry, INDEX_ENTRY, "an entry of its list of people")
        _clean_names(entry, "an entry of its list of people")
    events = doc.setdefault("events", [])
    if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
        raise Damaged("its list of events is malformed")
    return doc


def clean_nhs_number(text: str | None) -> str | None:
    """An NHS number as stored (10 digits, no spaces), None for none (empty text).

    Raises :class:`RecordsError` with what is wrong with the digits (never other record
    data) when it fails the checks of :func:`assistant.identifiers.nhs_number`.
    """
    if text is None or not text.strip():
        return None
    try:
        return nhs_number(text)
    except InvalidNhsNumber as exc:
        raise RecordsError(f"{exc} Nothing was saved.") from None


def clean_born(text: str | None, today: date | None = None) -> str | None:
    """A date of birth as stored (``1980-12-15``), None for none (empty text).

    Typed as ``15/12/1980``, ISO or ``15 December 1980``; raises :class:`RecordsError` saying
    what is wrong (not a date, in the future, more than 120 years ago) and that nothing was
    saved. ``today``: the day it is checked against (today's date by default).
    """
    if text is None or not text.strip():
        return None
    try:
        return birth_date(text, today or date.today()).isoformat()
    except InvalidBirthDate as exc:
        raise RecordsError(f"Date of birth: {exc} Nothing was saved.") from None


def clean_gender(gender: str | None, words: str | None = None) -> tuple[str | None, str | None]:
    """``(gender, gender_words)`` as stored, from a choice (one of ``GENDERS``) and, for
    ``own_words``, the person's words (one line, nothing hidden).

    ``gender`` may also be typed words (``"non-binary"``, or the person's own): they are read
    as :func:`assistant.identifiers.gender_from_text` reads them. Empty gives ``(None, None)``.
    Own words with nothing visible in them are refused with :class:`RecordsError`.
    """
    if gender is None or not gender.strip():
        return None, None
    if gender not in GENDERS:
        gender, words = gender_from_text(one_line_name(gender))
    if gender != "own_words":
        return gender, None
    kept = one_line_name(words or "")
    if not kept:
        raise RecordsError(
            "Gender in their own words: please type the words the person uses, or choose "
            "another answer. Nothing was saved."
        )
    return gender, kept
