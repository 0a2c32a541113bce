"""The agency's settings: who the organisation and worker are, and where to turn for help.

One YAML file the agency edits (``agency.yaml`` in the content pack), checked by
``cpi-assistant validate``. The shipped one is a clearly marked fictional example
(``example: true``): every screen and export that shows it says so, so made-up numbers are
never mistaken for real ones. Nothing here is hard-coded in the app.

A plan keeps a copy of these details as they were when it was made (``Plan.agency``), so a
printed plan always shows the numbers the person was given.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Field, JsonValue, ValidationError
from pydantic_core import ErrorDetails

from assistant.fields import Email, Line, ShortLine, StrictModel, json_schema
from assistant.flows.loader import Content, display_name
from assistant.flows.problems import Problem, Severity
from assistant.flows.validation import problem_from_error
from assistant.flows.yamlsafe import Located, YamlProblem, load_yaml_file
from assistant.locations import content_dir
from assistant.phone_numbers import is_dialable, is_drama_number, not_dialable_message
from assistant.sentences import full_stop

__all__ = [
    "AGENCY_FILE",
    "ENV_AGENCY_FILE",
    "EXAMPLE_LINE",
    "EXAMPLE_NOTICE",
    "NO_AGENCY_NOTICE",
    "TEAM_HEADING",
    "TEAM_HEADING_OTHERS",
    "WORKER_HEADING",
    "WORKER_HEADING_OTHERS",
    "Agency",
    "AgencyContact",
    "AgencyFile",
    "ContactBlock",
    "RatingsChoice",
    "Worker",
    "agency_path",
    "agency_schema",
    "check_agency_file",
    "choice_lines",
    "contact_blocks",
    "contact_lines",
    "describe_contact",
    "is_dialable",
    "is_drama_number",
    "lint_agency_file",
    "load_agency",
    "with_agency",
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


class RatingsChoice(StrictModel):
    """What the agency asks in the 1 to 7 ratings (the flows read it with ``agency_choice``)."""

    treatment_aspects: bool = Field(
        False,
        description="Also ask how satisfied the person is with three parts of their "
        "treatment, as DIALOG+ does: medication, practical help, and meetings with "
        "professionals (each with 'would you like more help?'). Off by default: a social care "
        "or voluntary team may not hold the medication conversation (the person's clinical "
        "team does); switch it on where your team does.",
    )


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
    ratings: RatingsChoice = Field(
        default_factory=RatingsChoice,
        description="Choices for the 1 to 7 ratings, e.g. `treatment_aspects: true`.",
    )


def agency_schema() -> dict[str, JsonValue]:
    """The JSON Schema of the agency file (``content/schema/agency.schema.json``)."""
    return json_schema(Agency, "Connecting People Assistant agency settings (agency.yaml)")


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
#: The worker's and the team's headings: in the person's own copy, and in anyone else's.
WORKER_HEADING = "Your worker"
WORKER_HEADING_OTHERS = "The person's worker"
TEAM_HEADING = "Your team"
TEAM_HEADING_OTHERS = "The team"


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
    return full_stop(text.strip())


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


def contact_blocks(agency: Agency | None, *, yours: bool = True) -> list[ContactBlock]:
    """The agency's details for the person, grouped, in the order to show them.

    In order, each only when there is something in it: "Made-up example" (only for the
    fictional example: :data:`EXAMPLE_LINE`, always first so a printed copy cannot be
    mistaken for real), "Your worker" (name and role, phone, email, then how to reach them),
    "Your team" (team and organisation, address, opening hours), "When the team is closed"
    (one line per out-of-hours contact), "In a crisis, day or night" (one line per crisis
    contact).

    ``yours`` (the default) speaks to the person, as their own copy, the easy read and the
    pause for safety do. ``yours=False`` is for anyone else's copy (the team, the GP, someone
    the person named, the FHIR record): "The person's worker" and "The team", and ``reach_us``
    (the agency's words to the person, kept as they are, since they may hold the only number)
    given as what the person is told: "The person is told: “Ring the team office and ask for
    your worker.”".

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
        _reach_us(agency.reach_us, yours=yours) if agency.reach_us else "",
    ]
    if any(mine):
        heading = WORKER_HEADING if yours else WORKER_HEADING_OTHERS
        blocks.append(ContactBlock(heading, tuple(line for line in mine if line)))
    team = [
        ", ".join(part for part in (agency.team, agency.organisation) if part),
        agency.address or "",
        f"Open {agency.office_hours}" if agency.office_hours else "",
    ]
    heading = TEAM_HEADING if yours else TEAM_HEADING_OTHERS
    blocks.append(ContactBlock(heading, tuple(line for line in team if line)))
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


def _reach_us(text: str, *, yours: bool) -> str:
    """How the person reaches their worker: the agency's words, written to the person; in
    anyone else's copy, quoted as what the person is told (never reworded)."""
    if yours:
        return _sentence(text)
    return f"The person is told: “{_sentence(text)}”"


def contact_lines(agency: Agency | None, *, yours: bool = True) -> list[str]:
    """The agency's details as plain lines, each saying what it is, for places without
    headings (a dialog, plain text).

    The flat form of :func:`contact_blocks` (same order, same words): the made-up example's
    line first, as it is; then "Your worker: ..." and "Your team: ..." as one line each (their
    lines joined as sentences); then one line per contact, "When the team is closed: ..." and
    "In a crisis, day or night: ...". E.g. "Your worker: Jordan Okafor, Community support worker.
    Phone 01632 960123." and "In a crisis, day or night: Crisis team: phone 0808 157 0123
    (any time)."

    ``yours=False``: in the third person, as :func:`contact_blocks` says it for anyone else's
    copy ("The person's worker: ...", "The team: ...").

    ``None`` (no agency file) gives ``[]``: then tell the worker :data:`NO_AGENCY_NOTICE`.
    """
    lines: list[str] = []
    for block in contact_blocks(agency, yours=yours):
        if block.lines == (EXAMPLE_LINE,):
            lines.append(EXAMPLE_LINE)
        elif block.heading in _ONE_LINE_EACH:
            lines.extend(f"{block.heading}: {line}" for line in block.lines)
        else:
            lines.append(f"{block.heading}: " + " ".join(_sentence(line) for line in block.lines))
    return lines


def choice_lines(agency: Agency) -> list[str]:
    """The agency's choices for the meetings, in words for the worker (not the person's
    plan): e.g. whether the ratings ask DIALOG+'s three treatment questions."""
    if agency.ratings.treatment_aspects:
        ratings = (
            "Ratings: the eight life areas, then DIALOG+'s three treatment questions "
            "(medication, practical help, meetings with professionals)."
        )
    else:
        ratings = (
            "Ratings: the eight life areas only; DIALOG+'s three treatment questions are off "
            "(ratings: treatment_aspects: true turns them on, see docs/agency.md)."
        )
    return [ratings]


# Blocks whose lines are separate contacts, each kept on a line of its own.
_ONE_LINE_EACH = frozenset({"When the team is closed", "In a crisis, day or night"})


# ---------------------------------------------------------------------- the file
#
# Codes (A for agency): A03x the file's shape, A04x finding the file, A1xx a value (as for
# every kind of content file, see assistant.flows.validation), A2xx checks that the details
# will serve the person (warnings).

#: The agency file's name in a content folder (beside ``flows/`` and ``directory/``).
AGENCY_FILE = "agency.yaml"
#: An agency's own file, used instead of the content folder's (no need to copy the pack).
ENV_AGENCY_FILE = "CPI_AGENCY_FILE"


@dataclass(frozen=True)
class AgencyFile:
    """The agency file in use: where it is, what it holds and what is wrong with it."""

    path: Path
    #: The details, or None (no file, or a file with errors).
    agency: Agency | None
    problems: tuple[Problem, ...] = ()
    #: What chose the file when it is not the content folder's: ``CPI_AGENCY_FILE`` or
    #: "given" (a file named on the command line).
    set_by: str | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def found(self) -> bool:
        """False when there is simply no agency file (not an error unless one was named)."""
        return self.agency is not None or bool(self.problems)


def agency_path(
    root: Path | None = None,
    environ: Mapping[str, str] | None = None,
    *,
    pack: Path | None = None,
) -> tuple[Path, str | None]:
    """The agency file to use, and what chose it: ``CPI_AGENCY_FILE`` when it is set, else
    ``agency.yaml`` in the agency's content ``pack`` when it has one, else the one in the
    content folder ``root`` (default: the shipped content)."""
    env = os.environ if environ is None else environ
    chosen = env.get(ENV_AGENCY_FILE, "").strip()
    if chosen:
        return Path(chosen).expanduser(), ENV_AGENCY_FILE
    if pack is not None:
        own = pack / AGENCY_FILE
        try:
            if own.exists() or own.is_symlink():  # a broken link is the pack's, to report
                return own, None
        except OSError:
            return own, None
    return (root or content_dir()) / AGENCY_FILE, None


def load_agency(
    root: Path | None = None,
    *,
    path: Path | None = None,
    environ: Mapping[str, str] | None = None,
    pack: Path | None = None,
) -> AgencyFile:
    """Read the agency file: ``path`` if given, else :func:`agency_path` (``pack``: an
    agency's content pack over ``root``).

    Never raises. No file in the content folder is not a problem (the app runs without agency
    details, and says so to the worker); a file that was named (``path``, ``CPI_AGENCY_FILE``)
    and is not there is an error.
    """
    if path is not None:
        set_by: str | None = "given"
    else:
        path, set_by = agency_path(root, environ, pack=pack)
    name = display_name(path)
    try:
        exists = path.exists()
        regular = path.is_file()
    except OSError:
        exists = regular = False
    if not exists:
        if set_by is None:
            return AgencyFile(path, None)
        where = f" (set by {ENV_AGENCY_FILE})" if set_by == ENV_AGENCY_FILE else ""
        return AgencyFile(
            path,
            None,
            (
                Problem(
                    name,
                    1,
                    1,
                    "A040",
                    f"there is no agency file here{where}. Check the path, or unset "
                    f"{ENV_AGENCY_FILE} to use agency.yaml in the content folder",
                ),
            ),
            set_by,
        )
    if not regular:
        # A folder, a FIFO or a device: reading it could block or fail; refuse it plainly.
        return AgencyFile(
            path,
            None,
            (Problem(name, 1, 1, "A041", "this is not a file; give the path of agency.yaml"),),
            set_by,
        )
    agency, problems = check_agency_file(path, name)
    errors = any(p.severity == "error" for p in problems)
    return AgencyFile(path, None if errors else agency, tuple(problems), set_by)


def _is_shipped(path: Path) -> bool:
    """The example in the shipped content pack itself (it is meant to be the example)."""
    try:
        return path.resolve() == (content_dir() / AGENCY_FILE).resolve()
    except OSError:
        return False


def _address_message(value: Any, last: Any, path: list[Any]) -> str | None:
    if last == "email":
        return f"`{value}` is not an email address"
    return None


def _problem(err: ErrorDetails, located: Located, name: str) -> Problem:
    value = err.get("input")
    if err["type"] == "string_type" and isinstance(value, (int, float)) and err["loc"]:
        # `phone: 01632960123` without quotes: YAML reads a number (and drops the first 0).
        line, col = located.where(tuple(err["loc"]))
        key = err["loc"][-1]
        example = f'{key}: "01632 960123"' if key in ("phone", "text") else f'{key}: "{value}"'
        return Problem(
            name,
            line,
            col,
            "A110",
            f"`{key}` is read as a number; put it in quotes so it is kept as written, "
            f"e.g. {example}",
        )
    if err["type"] in ("bool_parsing", "bool_type") and err["loc"]:
        # An agency choice such as `treatment_aspects: yes please`: pydantic's own words
        # ("unable to interpret input") mean nothing to the person editing the file.
        line, col = located.where(tuple(err["loc"]))
        label = ".".join(str(part) for part in err["loc"])
        return Problem(name, line, col, "A100", f"`{label}` must be true or false; got {value!r}")
    return problem_from_error(
        err, located, name, prefix="A", root=Agency, pattern_message=_address_message
    )


def check_agency_file(path: Path, name: str) -> tuple[Agency | None, list[Problem]]:
    """Read and check one agency file; problems are shown under ``name``.

    Errors (the file cannot be used) and warnings (it can, but the details will not serve
    the person well: no crisis contact, a number that does not look dialable...).
    """
    try:
        located = load_yaml_file(path, name)
    except YamlProblem as exc:
        return None, [exc.problem]
    if located.data is None:
        return None, [
            Problem(name, 1, 1, "A030", "the file is empty; it needs at least `organisation:`")
        ]
    if not isinstance(located.data, dict):
        return None, [Problem(name, 1, 1, "A031", "the file must be a set of `key: value` lines")]
    try:
        agency = Agency.model_validate(located.data)
    except ValidationError as exc:
        found = {_problem(e, located, name) for e in exc.errors()}
        return None, sorted(found)
    return agency, sorted(_warnings(agency, located, name, example_ok=_is_shipped(path)))


def lint_agency_file(path: Path, name: str) -> list[Problem]:
    """The linter's hook (``cpi-assistant validate``): the problems of one agency file."""
    return check_agency_file(path, name)[1]


def _numbers(agency: Agency) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every phone and text number in the file, with where it is."""
    if agency.worker.phone:
        yield ("worker", "phone"), agency.worker.phone
    for group in ("out_of_hours", "crisis"):
        for n, contact in enumerate(getattr(agency, group)):
            for key in ("phone", "text"):
                value = getattr(contact, key)
                if value:
                    yield (group, n, key), value


def _warnings(agency: Agency, located: Located, name: str, *, example_ok: bool) -> list[Problem]:
    found: list[Problem] = []

    def warn(
        path: tuple[str | int, ...],
        code: str,
        message: str,
        *,
        key: bool = False,
        severity: Severity = "warning",
    ) -> None:
        line, col = located.where(path, key=key)
        found.append(Problem(name, line, col, code, message, severity))

    if agency.example and not example_ok:
        warn(
            ("example",),
            "A201",
            "`example: true`: these are the made-up example details, and every plan will say "
            "so. Put in your agency's own details, then remove `example: true`",
            key=True,
        )
    if not agency.crisis:
        warn(
            ("crisis",),
            "A202",
            "no `crisis:` contact: plans will have no number to call in a crisis. Add at "
            "least one (your crisis team, or the local NHS mental health line)",
            key=True,
        )
    if not agency.out_of_hours:
        warn(
            ("out_of_hours",),
            "A203",
            "no `out_of_hours:` contact: say who the person can call when the team is closed",
            key=True,
        )
    worker = agency.worker
    if not (worker.phone or worker.email or agency.reach_us):
        warn(
            ("worker",),
            "A207",
            "nothing says how the person reaches their worker: add `reach_us:` or the "
            "worker's `phone:` or `email:`",
            key=True,
        )
    for group in ("out_of_hours", "crisis"):
        for n, contact in enumerate(getattr(agency, group)):
            if not (contact.phone or contact.text or contact.email):
                warn(
                    (group, n, "name"),
                    "A206",
                    f"`{contact.name}` has no `phone:`, `text:` or `email:`; add how to reach it",
                )
    for path, number in _numbers(agency):
        if not is_dialable(number):
            # A number no one can dial (a letter O for a zero) would be printed on every plan
            # for hard times, and a crisis or out-of-hours one in the pause for safety: an
            # error for every number, the worker's own too (a person ringing their worker
            # when things get hard must reach them), so the file is not used until it is
            # put right. As for a directory entry's phone (D116).
            warn(
                path,
                "A204",
                not_dialable_message(number),
                severity="error",
            )
        elif is_drama_number(number) and not agency.example:
            # A crisis or out-of-hours number that reaches no one, printed on every plan
            # without the example's mark, could leave someone alone in a crisis: an error,
            # so the file is not used. The worker's own phone is only a warning.
            warn(
                path,
                "A205",
                f"`{number}` is a made-up number (Ofcom keeps it for TV and film; it reaches "
                "no one), and these details are not marked `example: true`, so no plan would "
                "say so: put in the real number (or set `example: true` while they are still "
                "the made-up example)",
                severity="warning" if path[0] == "worker" else "error",
            )
        elif agency.example and not is_drama_number(number):
            warn(
                path,
                "A208",
                f"`{number}` may be a real number, but `example: true` says these details are "
                "made up: use one of Ofcom's numbers for drama (e.g. 01632 960123), or put in "
                "your real details and remove `example: true`",
            )
    return found


def with_agency(content: Content, loaded: AgencyFile | None = None) -> Content:
    """The content with the agency's details (``content.agency``) and their file's problems
    (``content.agency_problems``): ``loaded``, or the file :func:`load_agency` finds for
    the content's folders (its pack's first)."""
    if loaded is None:
        loaded = load_agency(content.root, pack=content.pack)
    return dataclasses.replace(content, agency=loaded.agency, agency_problems=loaded.problems)
