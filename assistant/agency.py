"""The agency's settings: who the organisation and worker are, and where to turn for help.

One YAML file the agency edits (``agency.yaml`` in the content pack), checked by
``cpi-assistant validate``. The shipped one is a clearly marked fictional example
(``example: true``): every screen and export that shows it says so, so made-up numbers are
never mistaken for real ones. Nothing here is hard-coded in the app.

A plan keeps a copy of these details as they were when it was made (``Plan.agency``), so a
printed plan always shows the numbers the person was given.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field

from assistant.fields import Email, Line, ShortLine, StrictModel

__all__ = [
    "EXAMPLE_LINE",
    "EXAMPLE_NOTICE",
    "NO_AGENCY_NOTICE",
    "Agency",
    "AgencyContact",
    "ContactBlock",
    "Worker",
    "contact_blocks",
    "contact_lines",
    "describe_contact",
]


class AgencyContact(StrictModel):
    """A number (or other way) to get help: a team's out-of-hours line, a crisis line."""

    name: ShortLine = Field(description="Who answers, e.g. 'Crisis team' or 'Samaritans'.")
    phone: ShortLine | None = Field(None, description="The number as it should be dialled.")
    text: ShortLine | None = Field(None, description="A number to text, if there is one.")
    email: Email | None = None
    when: ShortLine | None = Field(None, description="When it is open, e.g. 'Any time'.")
    note: Line | None = Field(None, description="One plain sentence on when to use it.")


class Worker(StrictModel):
    """The worker using this laptop: shown on the plan as the person's contact."""

    name: ShortLine | None = None
    role: ShortLine | None = Field(None, description="e.g. 'Community support worker'.")
    phone: ShortLine | None = None
    email: Email | None = None


class Agency(StrictModel):
    """The agency settings file (``agency.yaml``), and the copy a plan keeps of it."""

    example: bool = Field(
        False,
        description="True only in the shipped fictional example: screens and exports then say "
        "the details are made up. Remove it (or set false) when you put in your own details.",
    )
    organisation: ShortLine
    team: ShortLine | None = None
    address: Line | None = None
    worker: Worker = Field(default_factory=Worker)
    reach_us: Line | None = Field(
        None,
        description="How the person reaches their worker, in plain words, e.g. 'Ring the team "
        "office on weekdays, 9am to 5pm, and ask for your worker.'",
    )
    office_hours: ShortLine | None = None
    out_of_hours: list[AgencyContact] = Field(
        default_factory=list, description="Who to call when the team is closed."
    )
    crisis: list[AgencyContact] = Field(
        default_factory=list, description="Who to call in a crisis, day or night."
    )


# ------------------------------------------------------------------------ the wording
#
# One wording for every place that hands the agency's details to the person (the plan's
# exports, the pause-for-safety dialog, `cpi-assistant agency`), so they never disagree.

#: Shown to the worker (Home, `cpi-assistant agency`) while the fictional example is in use.
EXAMPLE_NOTICE = (
    "The agency details are a made-up example. Put your own in agency.yaml before real use."
)
#: Shown to the worker where the details would be, when no agency file is set up.
NO_AGENCY_NOTICE = (
    "No agency details are set, so no worker, out-of-hours or crisis numbers can be shown. "
    "Put them in agency.yaml in the content folder, or point CPI_AGENCY_FILE at your "
    "agency's own file (see docs/agency.md)."
)
#: The first thing handed to the person when the details are the fictional example.
EXAMPLE_LINE = "These details are a made-up example. The numbers do not work."


@dataclass(frozen=True)
class ContactBlock:
    """One group of the agency's details, as a plan or a dialog shows it.

    ``heading`` is a short plain label ("Your worker", "In a crisis, day or night");
    ``lines`` are whole, plain sentences or phrases, each shown on its own line. Both are the
    agency's text: show them as data (never as markup or a template; escape them in HTML).
    """

    heading: str
    lines: tuple[str, ...]


def _sentence(text: str) -> str:
    """Text that ends like a sentence (the agency may or may not have put a full stop)."""
    text = text.strip()
    return text if text[-1:] in ".!?" else f"{text}."


def describe_contact(contact: AgencyContact) -> str:
    """One contact as one plain line: name, how to reach it, when, and its note.

    E.g. "Crisis team: phone 0808 157 0123, text 07700 900123 (any time). Ring if you feel
    unsafe."
    """
    ways = [
        f"{label} {value}"
        for label, value in (
            ("phone", contact.phone),
            ("text", contact.text),
            ("email", contact.email),
        )
        if value
    ]
    line = contact.name + (f": {', '.join(ways)}" if ways else "")
    if contact.when:
        line += f" ({contact.when})"
    line = _sentence(line)
    if contact.note:
        line += " " + _sentence(contact.note)
    return line


def contact_blocks(agency: Agency | None) -> list[ContactBlock]:
    """The agency's details for the person, grouped, in the order to show them.

    In order, each only when there is something in it: "Made-up example" (only for the
    fictional example: :data:`EXAMPLE_LINE`, always first so a printed copy cannot be
    mistaken for real), "Your worker" (name and role, phone, email, then how to reach them),
    "Your team" (team and organisation, address, opening hours), "When the team is closed"
    (one line per out-of-hours contact), "In a crisis, day or night" (one line per crisis
    contact).

    ``None`` (no agency file) gives ``[]``: then tell the worker :data:`NO_AGENCY_NOTICE`;
    it is not for the person's copy.
    """
    if agency is None:
        return []
    blocks: list[ContactBlock] = []
    if agency.example:
        blocks.append(ContactBlock("Made-up example", (EXAMPLE_LINE,)))
    worker = agency.worker
    who = ", ".join(part for part in (worker.name, worker.role) if part)
    mine = [
        who,
        f"Phone {worker.phone}" if worker.phone else "",
        f"Email {worker.email}" if worker.email else "",
        _sentence(agency.reach_us) if agency.reach_us else "",
    ]
    if any(mine):
        blocks.append(ContactBlock("Your worker", tuple(line for line in mine if line)))
    team = [
        ", ".join(part for part in (agency.team, agency.organisation) if part),
        agency.address or "",
        f"Open {agency.office_hours}" if agency.office_hours else "",
    ]
    blocks.append(ContactBlock("Your team", tuple(line for line in team if line)))
    if agency.out_of_hours:
        blocks.append(
            ContactBlock(
                "When the team is closed",
                tuple(describe_contact(c) for c in agency.out_of_hours),
            )
        )
    if agency.crisis:
        blocks.append(
            ContactBlock(
                "In a crisis, day or night", tuple(describe_contact(c) for c in agency.crisis)
            )
        )
    return blocks


def contact_lines(agency: Agency | None) -> list[str]:
    """The agency's details as plain lines, each saying what it is, for places without
    headings (a dialog, plain text).

    The flat form of :func:`contact_blocks` (same order, same words): the made-up example's
    line first, as it is; then "Your worker: ..." and "Your team: ..." as one line each (their
    lines joined as sentences); then one line per contact, "When the team is closed: ..." and
    "In a crisis, day or night: ...". E.g. "Your worker: Sam Okafor, Community support worker.
    Phone 01632 960123." and "In a crisis, day or night: Crisis team: phone 0808 157 0123
    (any time)."

    ``None`` (no agency file) gives ``[]``: then tell the worker :data:`NO_AGENCY_NOTICE`.
    """
    lines: list[str] = []
    for block in contact_blocks(agency):
        if block.lines == (EXAMPLE_LINE,):
            lines.append(EXAMPLE_LINE)
        elif block.heading in _ONE_LINE_EACH:
            lines.extend(f"{block.heading}: {line}" for line in block.lines)
        else:
            lines.append(f"{block.heading}: " + " ".join(_sentence(line) for line in block.lines))
    return lines


# Blocks whose lines are separate contacts, each kept on a line of its own.
_ONE_LINE_EACH = frozenset({"When the team is closed", "In a crisis, day or night"})
