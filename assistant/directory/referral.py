"""Referrals to a directory entry: how to get in touch, what to check, what to say.

Plain Python (no Textual), used by the referral expression functions
(:mod:`assistant.directory.functions`) and by anything else that records a referral:

- :func:`routes_for` the entry's referral routes, in its preferred order;
- :func:`route_options` those routes as choice options, with the number or address in words;
- :func:`route_detail` the number, address or link to use for one route;
- :func:`checks` what the worker should check before referring (who the entry is for, the
  entry's own criteria): flags, never a block;
- :func:`message` a plain, polite suggested wording to send (the app never sends it);
- :func:`signed_by` that wording from today's worker after a handover;
- :func:`referral_options` the entries this meeting could refer to.

The people's names go into the message as plain text (one line each, control characters
dropped); nothing here is a template, so a name like ``{{ 7*7 }}`` stays exactly that.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from assistant import store_paths as sp
from assistant.directory.browse import is_service
from assistant.directory.model import (
    GENDERS,
    ROUTES,
    SITUATIONS,
    Directory,
    DirectoryEntry,
)
from assistant.safe_text import typed
from assistant.sentences import full_stop

# Route codes in the order a route list without the entry's own is offered.
ROUTE_CODES: tuple[str, ...] = tuple(ROUTES)
SELF, OTHER = "self", "other"
# Who sends a referral (the referral record's `by_whom`): the worker writes for these.
BY_WORKER = ("worker", "both")
# A person's gender on record, in words for a flag ("the person's record says they are a man").
_PERSON_GENDER = {"woman": "a woman", "man": "a man", "non_binary": "non-binary"}

GONE_FLAG = (
    "This group is no longer in the directory: check it is still running before getting in touch."
)


#: The worker's flag for an entry left out for now because its file has a mistake: it has
#: not gone, its details just cannot be read until the file is fixed. It names no file (it
#: is on the shared screen; Home names the file for whoever looks after the content), and it
#: is not kept with the referral (:data:`KEPT_FLAGS` leaves it out): it stops being true when
#: the file is fixed.
UNREADABLE_FLAG = (
    "The directory's details for this group cannot be read just now (a mistake in its file, "
    "which whoever looks after the content can fix): check them before getting in touch."
)


#: How that flag starts, in its words now and as first saved (which named the file to fix).
_UNREADABLE_START = "The directory's details for this group cannot be read just now"


def kept_flags(flags: Any) -> list[str]:
    """The flags kept with a referral: all but the one for details that cannot be read just
    now, which says nothing about the group."""
    if not isinstance(flags, list):
        return []
    return [f for f in flags if isinstance(f, str) and f and not f.startswith(_UNREADABLE_START)]


def unreadable_name(entry_id: str) -> str:
    """A name for an entry whose file cannot be read just now (its id in words)."""
    return entry_id.replace("_", " ").strip().capitalize()


def routes_for(entry: DirectoryEntry) -> tuple[str, ...]:
    """The ways to refer to ``entry``, preferred first.

    Its own ``referral.routes`` (with ``self`` added last when ``self_referral`` is true and
    it is not listed); without a ``referral`` block, from its contact details (phone, then
    email) and the person getting in touch themselves.
    """
    referral = entry.referral
    if referral is None:
        found = [
            code
            for code, have in (("phone", entry.contact.phone), ("email", entry.contact.email))
            if have
        ]
        return (*found, SELF)
    routes: list[str] = list(referral.routes)
    if referral.self_referral and SELF not in routes:
        routes.append(SELF)
    return tuple(routes)


def route_detail(entry: DirectoryEntry | None, route: str | None) -> str:
    """The number, address or link to use for ``route`` ('' when there is none): the phone
    number, the email address, the referral form (else the website), the venue, or for the
    person getting in touch themselves the first of phone, email and website."""
    if entry is None:
        return ""
    contact = entry.contact
    form = entry.referral.form if entry.referral is not None else None
    detail = {
        "phone": contact.phone,
        "email": contact.email,
        "form": form or contact.web,
        "in_person": entry.venue,
        SELF: contact.phone or contact.email or contact.web,
    }.get(str(route))
    return detail or ""


def _route_label(entry: DirectoryEntry, route: str) -> str:
    contact = entry.contact
    if route == "phone" and contact.phone:
        return f"Phone {contact.phone}"
    if route == "email" and contact.email:
        return f"Email {contact.email}"
    if route == "in_person" and entry.venue:
        return f"In person: {entry.venue}"
    if route == SELF and entry.referral is not None and entry.referral.self_referral is False:
        # Offered all the same (without consent it is the only way): the pair should know.
        return f"{ROUTES[SELF]} (it usually needs a worker to ask)"
    return ROUTES[route]


def route_options(entry: DirectoryEntry | None, consent: Any = None) -> list[dict[str, str]]:
    """The routes as choice options (``value``: the route code, ``label``: plain words).

    The entry's routes then "Another way"; every route for an unknown entry (the person's
    own idea, or an entry no longer in the directory). Without the person's consent to share
    their details (``consent`` ``no``) only their getting in touch themselves is offered.
    """
    if consent == "no":
        label = _route_label(entry, SELF) if entry is not None else ROUTES[SELF]
        return [{"value": SELF, "label": label}]
    if entry is None:
        return [{"value": code, "label": label} for code, label in ROUTES.items()]
    codes = [*routes_for(entry)]
    if OTHER not in codes:
        codes.append(OTHER)
    return [{"value": code, "label": _route_label(entry, code)} for code in codes]


def _known_age(age: Any) -> int | None:
    if isinstance(age, bool):
        return None
    if isinstance(age, int):
        return age
    if isinstance(age, str) and age.strip().isdigit():
        return int(age.strip())
    return None


def _ages_words(entry: DirectoryEntry) -> str:
    ages = entry.for_ages
    assert ages is not None
    if ages.min is not None and ages.max is not None:
        return f"ages {ages.min} to {ages.max}"
    if ages.min is not None:
        return f"ages {ages.min} and over"
    return f"ages up to {ages.max}"


def _texts(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Iterable) and not isinstance(value, Mapping):
        return tuple(v for v in value if isinstance(v, str))
    return ()


def checks(
    entry: DirectoryEntry, age: Any = None, gender: Any = None, situations: Any = None
) -> list[str]:
    """What the worker should check before referring the person to ``entry``, in plain words.

    ``age`` and ``gender`` are as the person's record gives them (None: not recorded);
    ``situations`` the ones known (``carer``, ...; a situation is never recorded as absent).
    Someone known to be outside who the entry is for gets a flag saying so; someone whose
    age or gender is not on record, a flag saying it is not on record; each of the entry's
    own criteria, its line as written. No flag starts with "Check": every place that shows
    them already calls them things to check ("For the worker to check: ..."), and the word
    came out twice. The flags are for the worker: they never stop a referral.
    """
    flags: list[str] = []
    if entry.for_ages is not None:
        known = _known_age(age)
        ages = entry.for_ages
        if known is None:
            flags.append(
                f"{entry.name} is for {_ages_words(entry)}, and the person's age is not on record."
            )
        elif (ages.min is not None and known < ages.min) or (
            ages.max is not None and known > ages.max
        ):
            flags.append(
                f"{entry.name} is for {_ages_words(entry)}; the person's age on record is {known}."
            )
    if entry.for_genders:
        who = " and ".join(GENDERS[g] for g in entry.for_genders)
        if gender not in _PERSON_GENDER:
            flags.append(f"{entry.name} is for {who}, and the person's gender is not on record.")
        elif gender not in entry.for_genders:
            flags.append(
                f"{entry.name} is for {who}; the person's record says they are "
                f"{_PERSON_GENDER[str(gender)]}."
            )
    if entry.for_situations and not set(_texts(situations)).intersection(entry.for_situations):
        who = " or ".join(SITUATIONS[s] for s in entry.for_situations)
        flags.append(f"{entry.name} is for {who}.")
    if entry.referral is not None:
        flags.extend(line.strip() for line in entry.referral.criteria if line.strip())
    return flags


def _one_line(value: Any) -> str:
    """A name as one line of plain text: control characters dropped, spaces and line breaks
    run together ('' for nothing, never the word None)."""
    if not isinstance(value, str):
        return ""
    return " ".join(typed(value).split())


def message(
    entry: DirectoryEntry | None,
    person_name: Any = None,
    worker_name: Any = None,
    shared: Any = None,
    *,
    by_whom: Any = None,
    to: Any = None,
    organisation: Any = None,
) -> str:
    """A suggested wording for getting in touch, in plain text (a few short lines).

    Written by the worker "with the person's agreement" when ``by_whom`` is ``worker`` or
    ``both``; otherwise in the person's own voice. ``shared`` (what the person agreed to
    share, in their words) is included when given. ``to`` names where it goes when there is
    no entry (the person's own idea). Missing names are left out, never shown as "None".
    The pair read and change it before it is sent; the app never sends anything.
    """
    place = entry.name if entry is not None else _one_line(to) or "your group"
    person = _one_line(person_name)
    worker = _one_line(worker_name)
    org = _one_line(organisation)
    words = typed(shared).strip() if isinstance(shared, str) else ""
    # A service is asked for support; a group is joined; somewhere not in the directory is
    # asked about.
    if entry is None:
        wants = f"would like to find out more about {place}"
    elif is_service(entry):
        wants = f"would like some support from {place}"
    else:
        wants = f"would like to join {place}"
    lines = ["Hello,", ""]
    if by_whom in BY_WORKER:
        intro = f"My name is {worker}" if worker else "I am a support worker"
        if worker and org:
            intro += f" and I work at {org}"
        elif org:
            intro += f" at {org}"
        about = person or "someone I work with"
        agreed = f"{person}'s" if person else "their"
        lines.append(f"{intro}. I am writing with {agreed} agreement, because {about} {wants}.")
        if words:
            lines.append(f"They are happy for me to share this: {full_stop(words)}")
        lines += ["", "Please could you let us know what happens next?", "", "Thank you,"]
        lines.append(worker or "(your name)")
    else:
        intro = f"My name is {person}. " if person else ""
        lines.append(f"{intro}I {wants}.")
        if words:
            lines.append(full_stop(words))
        lines += ["", "Please could you let me know how to get started?", "", "Thank you,"]
        lines.append(person or "(your name)")
    return "\n".join(lines)


def signed_by(text: Any, earlier: Any, now: Any) -> Any:
    """``text`` (a suggested wording, as :func:`message` writes it and the pair may have
    changed it) from ``now``, today's worker, rather than ``earlier``, the worker it was
    written by: "My name is <earlier>" and a last line that is their name alone (the
    signature) name ``now``. Nothing else changes (the words are the pair's); anything that
    is not text, or without both names, is given back as it is."""
    before, after = _one_line(earlier), _one_line(now)
    if not isinstance(text, str) or not before or not after or before == after:
        return text
    lines = text.split("\n")
    intro = f"My name is {before}"
    for number, line in enumerate(lines):
        at = line.find(intro)
        end = at + len(intro)
        # Only the whole name: "My name is Jo" is not the start of "My name is Joanne".
        if at >= 0 and (end == len(line) or not line[end].isalnum()):
            lines[number] = f"{line[:at]}My name is {after}{line[end:]}"
    last = max((n for n, line in enumerate(lines) if line.strip()), default=None)
    if last is not None and lines[last].strip() == before:
        lines[last] = lines[last].replace(before, after)
    return "\n".join(lines)


def _entry_ids(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, Sequence):
        return [v for v in value if isinstance(v, str) and v]
    return []


def referral_options(
    directory: Directory, picks: Any = None, things: Any = None
) -> list[dict[str, str]]:
    """The entries this meeting could refer to, as options (``value``: entry id, ``label``:
    its name): the directory picks (``community.from_directory``), then the things to try
    that came from the directory (their records' entry id), each once; entries no longer in
    the directory are left out (one whose file cannot be read just now is kept, named as
    :func:`with_referrals` names its referral). The flow adds its own "somewhere else"."""
    ids = _entry_ids(picks)
    for record in things if isinstance(things, Sequence) and not isinstance(things, str) else ():
        if isinstance(record, Mapping):
            ids += _entry_ids(record.get(sp.TRY_DIRECTORY))
    options: list[dict[str, str]] = []
    seen: set[str] = set()
    for entry_id in ids:
        if entry_id in seen:
            continue
        seen.add(entry_id)
        try:
            entry = directory.entry(entry_id)
        except KeyError:
            # One whose file cannot be read just now is still offered: it has not gone.
            if directory.unreadable_file(entry_id) is not None:
                options.append({"value": entry_id, "label": unreadable_name(entry_id)})
            continue
        options.append({"value": entry.id, "label": entry.name})
    return options


# A referral record's id for a directory entry: the same entry gets the same id (then _2, ...
# for a new referral after an earlier one ended), so playthroughs and later plan versions
# know it as the same referral.
REFERRAL_PREFIX = "ref_"
# Statuses after which picking the entry again starts a new referral.
ENDED = ("declined", "stopped")


def with_referrals(directory: Directory, records: Any, picks: Any) -> list[dict[str, Any]]:
    """The referrals list with one new record per picked entry, in the order picked:
    ``{"id", "entry": <entry id>, "to": <its name>}``.

    An entry with a referral in the list that has not ended (declined or stopped) is not
    added again (that record is kept as it is); ids no longer in the directory are left out
    (not one whose file cannot be read just now: it has not gone).
    """
    found = (
        [dict(r) for r in records if isinstance(r, Mapping)] if isinstance(records, list) else []
    )
    ids = {str(r.get("id")) for r in found}
    for entry_id in dict.fromkeys(_entry_ids(picks)):
        try:
            name = directory.entry(entry_id).name
        except KeyError:
            # One whose file cannot be read just now has not gone: the referral is kept.
            if directory.unreadable_file(entry_id) is None:
                continue
            name = unreadable_name(entry_id)
        if any(r.get("entry") == entry_id and r.get("status") not in ENDED for r in found):
            continue
        new_id, number = f"{REFERRAL_PREFIX}{entry_id}", 1
        while new_id in ids:
            number += 1
            new_id = f"{REFERRAL_PREFIX}{entry_id}_{number}"
        ids.add(new_id)
        found.append({"id": new_id, "entry": entry_id, "to": name})
    return found
