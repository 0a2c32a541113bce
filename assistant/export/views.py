"""Words every export format shares: the plan for hard times, the agency's contacts, and who a
copy is for.

Built here once, as plain data, so Markdown, HTML, plain text, easy read and FHIR say the same
thing in the same words. Everything is built from fields by joining strings: people's and the
agency's words are values, never templates, and each format escapes them its own way.
Nothing is ever made up: a contact without a number says only what the settings say.
"""

from __future__ import annotations

import re
from typing import Any, Final

from assistant.agency import (
    ENV_AGENCY_FILE,
    EXAMPLE_LINE,
    Agency,
    AgencyContact,
    AgencyFile,
    ContactBlock,
    contact_blocks,
    contact_lines,
    describe_contact,
)
from assistant.dates import local_iso_day
from assistant.export.ideas import idea_label
from assistant.export.templates import long_date
from assistant.plans.from_session import REVIEWER_MY_WORKER
from assistant.plans.model import (
    Audience,
    Community,
    Contacts,
    DirectoryPick,
    HardTimes,
    Participation,
    Plan,
)
from assistant.sentences import full_stop

__all__ = [
    "CONTACTS_PARTS",
    "EXAMPLE_MARK",
    "HARD_TIMES_PARTS",
    "TODAYS_NUMBERS_NOTE",
    "WITHHELD_EASY",
    "WITHHELD_NOTE",
    "WITHHELD_NOT_REVIEWED",
    "agency_changed",
    "agency_view",
    "audience_view",
    "broken_agency_words",
    "contacts_view",
    "directory_view",
    "easy_reviewer",
    "emptied_view",
    "hard_times_view",
    "participation_view",
    "plan_agency",
    "unreviewed_words",
]

# The plan for hard times, in the order a person would read it: (field, label in the
# plan's own voice, words for the easy read).
HARD_TIMES_PARTS: Final = (
    ("early_signs", "Signs that things are getting hard", "You may notice these signs first:"),
    ("what_helps", "What helps me", "What helps you:"),
    ("what_does_not_help", "What does not help", "What does not help you:"),
    ("contact_day", "Who to contact in the day", "Who you can contact in the day:"),
    (
        "contact_night",
        "Who to contact at night or at weekends",
        "Who you can contact at night or at the weekend:",
    ),
    ("others_do", "What I would like others to do", "What you would like other people to do:"),
)

# On every copy that shows the shipped example settings, so nobody calls a made-up number
# (the agency module's words, as the app's dialogs show them).
EXAMPLE_MARK: Final = EXAMPLE_LINE

# A shared copy says that something was left out, never what.
WITHHELD_NOTE: Final = "Some parts are kept private at the person's wish."
WITHHELD_EASY: Final = "Some parts are not in this copy. You wanted them kept private."
# And every empty part of such a copy says the same, whether it was kept private or simply
# not talked about: words for one part only would tell which part is private, and "nothing
# in this copy" under a topic never talked about reads as "kept back".
WITHHELD_EMPTY: Final = "nothing here: not talked about yet, or kept private"
WITHHELD_NO_ONE: Final = "no one named yet, or kept private"
# What was said at a review (how each action went, whether a goal is done) goes with a
# private Looking back: where a review may have been held, a status such a copy lacks reads
# this, never "not reviewed yet", which would be false of an action done or let go.
WITHHELD_NOT_REVIEWED: Final = "not reviewed yet, or kept private"


# Told to the worker (never printed on the copy) when the plan kept other agency details.
TODAYS_NUMBERS_NOTE: Final = (
    "The contact numbers printed are today's; the plan was made with different ones."
)


def broken_agency_words(loaded: AgencyFile, plan: Plan) -> str:
    """Told to the worker when the agency file has errors and a readable copy of ``plan`` is
    made all the same: which file, and which details the copy used (the plan's own, or
    none). ``cpi-assistant export`` and the app's Export dialog say it; starts in lower case
    for the command's "warning: " (a dialog capitalises it)."""
    chosen = f" (set by {ENV_AGENCY_FILE})" if loaded.set_by == ENV_AGENCY_FILE else ""
    version = f"plan version {plan.number}" if plan.number else "the plan"
    if plan.agency is not None:
        used = (
            f"this copy uses the agency details saved with {version} (as they were when it "
            "was made), which may not be today's numbers"
        )
    else:
        used = (
            f"this copy has no agency details: {version} kept none, so it gives no worker, "
            "out-of-hours or crisis numbers"
        )
    return (
        f"the agency details in {loaded.path}{chosen} have errors, so meetings cannot start "
        f"until they are fixed, and {used}. Fix them, then run `cpi-assistant agency` to "
        "check them."
    )


def plan_agency(plan: Plan, current: Agency | None = None) -> Agency | None:
    """The agency details a readable copy (and FHIR, made now) shows: the ``current``
    settings when given, else the plan's own copy (as they were when it was made), else none
    (never invented).

    Today's first: the worker's, out-of-hours and crisis numbers are the agency's lines, not
    something the person agreed to, and a crisis number the agency has since replaced must
    not be handed to someone who may need it tonight. JSON stays the version as saved.
    """
    return current if current is not None else plan.agency


def agency_changed(plan: Plan, current: Agency | None) -> bool:
    """True when a copy printed with the ``current`` settings shows other contact details
    than the plan kept when it was made (tell the worker :data:`TODAYS_NUMBERS_NOTE`)."""
    if plan.agency is None or current is None:
        return False
    return contact_lines(plan.agency) != contact_lines(current)


def hard_times_view(hard_times: HardTimes | None) -> list[dict[str, Any]]:
    """The parts of the plan for hard times the person gave, in reading order.

    Each is ``{field, label, easy, words}`` where ``words`` is the plan's ``Words`` as JSON data
    (``text`` and who said it). Empty when nothing was said, so formats leave the section out.
    """
    if hard_times is None or hard_times.empty:
        return []
    parts = []
    for field, label, easy in HARD_TIMES_PARTS:
        words = getattr(hard_times, field)
        if words is not None:
            parts.append(
                {
                    "field": field,
                    "label": label,
                    "easy": easy,
                    "words": words.model_dump(mode="json"),
                }
            )
    return parts


# How to reach me, in reading order: (field, label in the plan's own voice, easy read words).
CONTACTS_PARTS: Final = (
    ("how_to_contact", "How I like to be contacted", "How you like people to get in touch:"),
    ("communication", "What helps me understand and be understood", "What helps you:"),
)
# Whether a personal contact may be called in an emergency: the person's answer, in words.
EMERGENCY_WORDS: Final = {
    True: ("May be contacted in an emergency", "We can call them if there is an emergency."),
    False: ("Not to be contacted in an emergency", "We will not call them in an emergency."),
}
# Who typed (getting_started.yaml `keyboard`): the content's labels look ahead ("We will take
# turns"), a plan looks back.
_AT_KEYBOARD: Final = {"person": "Me", "worker": "My worker", "together": "We took turns"}


def contacts_view(contacts: Contacts) -> dict[str, Any] | None:
    """How to reach the person and their contacts, or None when nothing was said.

    ``parts`` as :func:`hard_times_view` gives them; ``personal`` and ``professional`` as
    plain data with every line already in words (``details``: relationship or role, how to
    reach them, the emergency answer), so each format only lays them out.
    """
    if contacts.empty:
        return None
    parts = [
        {"field": field, "label": label, "easy": easy, "words": words.model_dump(mode="json")}
        for field, label, easy in CONTACTS_PARTS
        if (words := getattr(contacts, field)) is not None
    ]
    personal = []
    for c in contacts.personal:
        emergency = EMERGENCY_WORDS.get(c.emergency) if c.emergency is not None else None
        personal.append(
            {
                "id": c.id,
                "name": c.name,
                "relationship": c.relationship.label if c.relationship else None,
                "how_to_reach": c.how_to_reach,
                "emergency": emergency[0] if emergency else None,
                "emergency_easy": emergency[1] if emergency else None,
                "details": [
                    d
                    for d in (
                        c.relationship.label if c.relationship else None,
                        c.how_to_reach,
                        emergency[0] if emergency else None,
                    )
                    if d
                ],
            }
        )
    professional = [
        {
            "id": c.id,
            "name": c.name,
            "role": c.role,
            "how_to_reach": c.how_to_reach,
            "details": [d for d in (c.role, c.how_to_reach) if d],
        }
        for c in contacts.professional
    ]
    return {"parts": parts, "personal": personal, "professional": professional}


def earlier_reviews(plan: Plan) -> dict[str, str]:
    """Each goal whose review view (how it is going, what next) was given at an earlier
    meeting than this version's, by id: that day in words ("3 December 2026"). A goal not
    looked at this time keeps its last review's view, which must not read as this one's."""
    day = plan.measures.date or local_iso_day(plan.created)
    return {
        g.id: long_date(g.reviewed_on)
        for g in plan.goals
        if g.reviewed_on is not None and g.reviewed_on != day
    }


def taken_off_view(plan: Plan) -> list[dict[str, Any]]:
    """The goals and people taken off their list at a meeting, as a copy says them:
    ``heading`` ("Goal taken off on 7 December 2026"), ``what`` (the goal's words or the
    name), ``idea`` (whose idea a goal was, for whoever reads the copy; ``idea_from`` its
    code, for the easy read's own words). The copy for
    someone else already has only what it may show (assistant.plans.sharing)."""
    yours = plan.audience is not None and plan.audience.kind == "person"
    out = []
    for t in plan.taken_off:
        when = f" on {long_date(t.on)}" if t.on else ""
        heading = f"Goal taken off{when}" if t.kind == "goal" else f"Taken off My connections{when}"
        idea = idea_label(t.idea_from, yours=yours)
        out.append(
            {
                "kind": t.kind,
                "heading": heading,
                "what": t.what,
                "idea": idea[:1].lower() + idea[1:] if idea else None,
                "idea_from": t.idea_from,
            }
        )
    return out


def numbered_goals(plan: Plan, goals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``goals`` (the plan's, as template data) in the order every copy numbers them: the
    goals a copy for someone else may show first, in the plan's order, then those the person
    keeps private (in their own copy only). So "Goal 2" is the same goal in the person's copy
    and the care team's, and no shared copy has a gap in its numbers, which would tell that
    a goal was left out (a copy says only that some parts are)."""
    if any(p.kind == "section" and p.code == "goals" for p in plan.sharing.private):
        return goals
    private = {p.code for p in plan.sharing.private if p.kind == "item"}
    return sorted(goals, key=lambda g: g.get("id") in private)


def easy_reviewer(plan: Plan) -> str | None:
    """Who will review the plan, as the easy read says it to the person ("your worker" when
    the settings named no worker), or None when nobody was named."""
    reviewer = plan.agreement.reviewer
    return "your worker" if reviewer == REVIEWER_MY_WORKER else reviewer


def participation_view(plan: Plan) -> list[dict[str, str]]:
    """Who reviews the plan and who took part in making it, as ``{label, text}`` rows in the
    plan's own voice (empty rows left out; an older plan without them shows none)."""
    part: Participation = plan.participation
    rows = []
    if plan.agreement.reviewer:
        rows.append({"label": "Who will review it with me", "text": plan.agreement.reviewer})
    if part.took_part is not None:
        rows.append({"label": "How I took part", "text": part.took_part.label})
    if part.at_keyboard is not None:
        typed = _AT_KEYBOARD.get(part.at_keyboard.code, part.at_keyboard.label)
        rows.append({"label": "Who typed", "text": typed})
    if part.others_present is not None:
        rows.append({"label": "Also there", "text": part.others_present.text})
    if part.what_helps is not None:
        rows.append({"label": "What helps me when we talk", "text": part.what_helps.text})
    return rows


# "Who to contact" in a copy: the crisis numbers first, as the app's Pause for safety shows
# them (someone reaching for the page in a crisis must not read past the office hours first);
# the made-up example's mark stays above everything. Other blocks keep contact_blocks' order.
_CONTACTS_FIRST = ("Made-up example", "In a crisis, day or night", "When the team is closed")


def _contact_order(block: ContactBlock) -> int:
    if block.heading in _CONTACTS_FIRST:
        return _CONTACTS_FIRST.index(block.heading)
    return len(_CONTACTS_FIRST)


def agency_view(agency: Agency | None, *, yours: bool = True) -> dict[str, Any] | None:
    """The agency's details as every format shows them, or None when there are none.

    ``blocks`` is :func:`assistant.agency.contact_blocks` (one wording with the app's
    dialogs): ``{heading, lines, example}``, the made-up example's block first (``example``
    true: show it so it cannot be missed), then the crisis and out-of-hours numbers, then the
    worker and the team (the Pause for safety's order: the numbers for a crisis come first),
    spoken to the person in their own copy (``yours``: "Your worker") and in the third person
    in anyone else's ("The person's worker", "The team").
    The easy read speaks to the person: ``worker_line`` ("Your worker is Sam Jones (Support
    worker)."), ``call_line`` ("You can call 0161 000 0000 or email ..."), ``team_line``,
    ``reach_us`` one sentence a line, and
    ``out_of_hours`` and ``crisis`` as ``{line, note}`` per contact (``line`` from
    :func:`assistant.agency.describe_contact`, ``note`` one sentence a line).
    """
    if agency is None:
        return None
    worker = agency.worker
    worker_line = None
    if worker.name:
        role = f" ({worker.role})" if worker.role else ""
        worker_line = f"Your worker is {worker.name}{role}."
    elif worker.role:
        worker_line = f"Your worker is your {worker.role}."
    ways = [
        f"{verb} {value}"
        for verb, value in (("call", worker.phone), ("email", worker.email))
        if value
    ]
    return {
        "example": agency.example,
        "example_mark": EXAMPLE_MARK if agency.example else None,
        "blocks": [
            {"heading": b.heading, "lines": list(b.lines), "example": b.lines == (EXAMPLE_LINE,)}
            for b in sorted(contact_blocks(agency, yours=yours), key=_contact_order)
        ],
        "organisation": agency.organisation,
        "team": agency.team,
        "team_line": ", ".join(part for part in (agency.team, agency.organisation) if part),
        "worker": worker.model_dump(mode="json"),
        "worker_line": worker_line,
        "call_line": f"You can {' or '.join(ways)}." if ways else None,
        "reach_us": _sentences(agency.reach_us),
        "office_hours": agency.office_hours,
        "out_of_hours": [_easy_contact(c) for c in agency.out_of_hours],
        "crisis": [_easy_contact(c) for c in agency.crisis],
        # The crisis contacts as "Who to contact" words them, for the person's own copy's
        # "If things get hard" box at the top.
        "crisis_lines": [describe_contact(c) for c in agency.crisis],
    }


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")


def _sentences(text: str | None) -> list[str]:
    """The agency's words one sentence a line, as easy read asks (never reworded)."""
    return _SENTENCE_END.split(text.strip()) if text else []


def _easy_contact(contact: AgencyContact) -> dict[str, Any]:
    """A contact for the easy read: how to reach it on one line, its note on lines after."""
    return {
        "line": describe_contact(contact.model_copy(update={"note": None})),
        "note": _sentences(contact.note),
    }


# Said of a pick whose entry had left the community directory when the version was made.
REMOVED_NOTE: Final = "No longer in the community directory."
REMOVED_EASY: Final = "This is not on the list of local groups any more. Ask your worker about it."


def directory_view(community: Community) -> list[dict[str, Any]]:
    """The entries chosen from the community directory, with their details, as every format
    shows them (the details as they were when the version was made: see ``DirectoryPick``).

    Each pick is ``{code, label, removed, removed_note, lines, easy, checked}``: ``lines`` the
    details for the full formats as ``{label, text}`` in reading order, ``easy`` the same
    for the easy read as ``{key, lines}`` (one short sentence or fact a line), ``checked`` the
    day the agency last checked them in words. A plan saved before details were kept, or an
    entry that had left the directory, gives the name alone (``lines`` empty).
    """
    carried = {o.directory.code for o in community.opportunities if o.directory is not None}
    # A pick carried into the things to try is shown there, with its details, not twice.
    return [_pick_view(pick) for pick in community.from_directory if pick.code not in carried]


def try_cards(community: Community) -> dict[str, dict[str, Any]]:
    """The directory entry each thing to try came from, by the thing's id, as
    :func:`directory_view` shows a pick (name, details, removed note, easy-read lines): every
    format shows a thing to try from the directory with its when, where, cost and contact."""
    return {
        o.id: _pick_view(o.directory) for o in community.opportunities if o.directory is not None
    }


def _pick_view(pick: DirectoryPick) -> dict[str, Any]:
    view: dict[str, Any] = {
        "code": pick.code,
        "label": pick.label,
        "removed": pick.removed,
        "removed_note": REMOVED_NOTE if pick.removed else None,
        "removed_easy": REMOVED_EASY if pick.removed else None,
        "lines": [],
        "easy": [],
        "checked": None,
    }
    d = pick.details
    if d is None:
        return view
    where = f"{d.venue} ({d.area})" if d.venue and d.area else d.venue or d.area
    if d.online:
        where = f"{where}; you can also take part online" if where else "Online"
    bring = None
    if d.bring_someone is not None:
        bring = (
            "Yes, a friend, worker or carer can come along the first time."
            if d.bring_someone
            else "No: newcomers go on their own (see the tips for a first visit)."
        )
    contact = None
    if d.contact is not None:
        c = d.contact
        contact = ", ".join(part for part in (c.name, c.phone, c.email, c.web) if part) or None
    checked = long_date(d.checked) if d.checked else None
    full = (
        ("What happens", d.what),
        ("When", d.when),
        ("Where", where),
        ("Cost", d.cost),
        ("Who it is for", d.who_for),
        ("Access", d.access),
        ("Bringing someone", bring),
        ("Tips for a first visit", " ".join(d.first_visit) or None),
        ("Contact", contact),
        ("Details last checked", checked),
    )
    view["lines"] = [{"label": label, "text": text} for label, text in full if text]
    easy_bring = None
    if d.bring_someone is not None:
        easy_bring = (
            "You can bring someone with you."
            if d.bring_someone
            else "You go on your own the first time."
        )
    easy_contact: list[str] = []
    if d.contact is not None:
        c = d.contact
        easy_contact = [
            f"{verb} {value}"
            for verb, value in (
                ("Ask for", c.name),
                ("Phone:", c.phone),
                ("Email:", c.email),
                ("Website:", c.web),
            )
            if value
        ]
    easy = (
        ("What it is", _sentences(d.what)),
        ("When", [d.when]),
        ("Where", [where] if where else []),
        ("Cost", [d.cost]),
        ("Who it is for", [d.who_for] if d.who_for else []),
        ("Getting there and getting in", _sentences(d.access)),
        ("With someone", [easy_bring] if easy_bring else []),
        ("Contact", easy_contact),
    )
    view["easy"] = [{"key": key, "lines": lines} for key, lines in easy if lines]
    view["checked"] = checked
    return view


# The lists a person can empty on purpose, by their section's code (Plan.emptied_lists).
EMPTIABLE_LISTS: Final = ("network", "concerns", "community", "goals", "referrals")


def emptied_view(plan: Plan) -> dict[str, bool]:
    """Which lists the copy says the person emptied on purpose ("Emptied: nothing on this
    list now"), by section code. None in a copy with parts left out: there every empty part
    says the one neutral sentence (``audience_view``'s ``empty``), as "emptied" under some
    parts only would set them apart from the ones kept private."""
    if plan.audience is not None and plan.audience.withheld:
        return dict.fromkeys(EMPTIABLE_LISTS, False)
    return {code: code in plan.emptied_lists for code in EMPTIABLE_LISTS}


def unreviewed_words(audience: Audience | None, previous_number: int | None) -> str | None:
    """What a copy says of an action or goal with no status from a review, when that may be
    kept private: :data:`WITHHELD_NOT_REVIEWED` in a copy with parts left out of a version
    that follows another (a review may have been held), else None ("not reviewed yet").

    Every such copy says it, whether Looking back is private or not: words only where it is
    would tell which part was kept back. A first version has had no review to keep back."""
    if audience is None or not audience.withheld or previous_number is None:
        return None
    return WITHHELD_NOT_REVIEWED


def audience_view(audience: Audience | None) -> dict[str, Any]:
    """Who a copy is for, in words, and whether parts were left out (never which).

    ``own`` is true for the person's own copy (and for a copy made for no one in particular,
    as before copies were made for someone): only then may it show what is kept private.
    ``empty`` (and ``empty_sentence``, ``no_one``): what every empty part of a copy with
    parts left out says, None when nothing was left out.
    """
    if audience is None:
        return {
            "kind": None,
            "own": True,
            "line": None,
            "easy_line": None,
            "withheld": None,
            "easy_withheld": None,
            "empty": None,
            "empty_sentence": None,
            "no_one": None,
        }
    if audience.kind == "person":
        line = easy = "This copy is for you."
    elif audience.kind == "team":
        line, easy = "This copy is for the care team.", "This copy is for your care team."
    elif audience.name and audience.name.strip().casefold() == "gp":
        line, easy = "This copy is for the person's GP.", "This copy is for your GP."
    else:
        who = audience.name or "someone the person chose"
        line = easy = full_stop(f"This copy is for {who}")
    withheld = audience.withheld
    return {
        "kind": audience.kind,
        "own": audience.kind == "person",
        "line": line,
        "easy_line": easy,
        "withheld": WITHHELD_NOTE if withheld else None,
        "easy_withheld": WITHHELD_EASY if withheld else None,
        # In place of a specific "not talked about yet" under any empty part (see above).
        "empty": WITHHELD_EMPTY if withheld else None,
        "empty_sentence": f"{WITHHELD_EMPTY.capitalize()}." if withheld else None,
        "no_one": WITHHELD_NO_ONE if withheld else None,
    }
