"""The relationship plan: what a worker and a person agree together, as one versioned document.

A plan is built from a meeting's answers (see :mod:`assistant.plans.from_session`) and saved
as an immutable version in the person's record. The same models produce the committed JSON
Schema (``content/schema/plan.schema.json``), so every export and every reader agree.

Co-production is recorded, not assumed: each item says who proposed it (``proposed_by``) and
who changed it later (``changed_by``); text is the person's own words, never trimmed.
"""

from __future__ import annotations

from typing import Annotated, Any, Final, Literal

from pydantic import AfterValidator, Field, JsonValue, model_validator

from assistant import __version__ as APP_VERSION
from assistant.agency import Agency
from assistant.fields import Circle, DateText, StrictModel, Who, json_schema
from assistant.identifiers import NHS_NUMBER_PATTERN, nhs_number

# Defined in a shared module below records (which marks training exports too); kept importable
# from here, where plans and exports have always found it.
from assistant.marks import TRAINING_WATERMARK
from assistant.store_paths import agrees

PLAN_FORMAT: Final = "cpi-plan"
PLAN_VERSION: Final = 1
# The plan schema's `$id`, written as `$schema` at the top of every plan JSON (saved versions
# and JSON exports) so a reader knows which schema the file follows. A URN, not a web address:
# the project has no web home to serve it from, and a validator maps this id to the schema
# shipped in the package (content/schema/plan.schema.json). It names the format version, so
# a later format gets a new id.
PLAN_SCHEMA_ID: Final = f"urn:cpi-assistant:schema:plan:{PLAN_VERSION}"
# Keys that describe the file, not the plan: written by Plan.to_json, dropped (after a type
# check) by plan_from_json, so a plan reads back equal whichever app version wrote it.
FILE_KEYS: Final = ("$schema", "app_version")

# DIALOG+'s question ("how satisfied are you with ...?") and its 1 to 7 scale.
Rating = Annotated[
    int, Field(ge=1, le=7, description="1 totally dissatisfied ... 7 totally satisfied.")
]


class Attributed(StrictModel):
    """Who put an item into the plan, and who changed it afterwards."""

    proposed_by: Who | None = Field(
        None,
        description="Who first gave this: the person, the worker, or both together. "
        "Null when it is not known (e.g. a value carried over from an older record), or when "
        "the app suggested it (then agreed_by says who agreed to it).",
    )
    changed_by: list[Who] = Field(
        default_factory=list, description="Who changed it afterwards, oldest first."
    )
    agreed_by: Who | None = Field(
        None,
        # Left out of the JSON when not set: only the app's own suggestions have it.
        exclude_if=lambda value: value is None,
        description="Only for words the app suggested (a referral's drafted message) and "
        "the people took as offered: who agreed to them. proposed_by is then null: nobody "
        "in the meeting proposed them.",
    )


class Words(Attributed):
    """Something said, kept exactly as typed (the person's own words)."""

    text: str


class Code(StrictModel):
    """A choice: the stored value and the words shown for it when the plan was made."""

    code: str
    label: str


# Stored as 10 digits; a plan file (which can be imported) with a number that fails the
# modulus-11 check is refused, as the records refuse it.
NhsNumber = Annotated[
    str,
    Field(
        pattern=NHS_NUMBER_PATTERN,
        description="The person's NHS number, 10 digits without spaces (shown 943 476 5919); "
        "its last digit is the modulus-11 check digit.",
    ),
    AfterValidator(nhs_number),
]


# The person's details a plan version takes from the record as it is now (not as saved):
# they say who the plan is for, not what was agreed. The gender is not among them: it is
# recorded only so the directory suggests groups that are for the person, and is in no plan
# copy or export (the subject-access export-all has it, from the record).
IDENTIFYING: Final = ("reference", "nhs_number", "born")
# Those the care team and GP file a plan by (the date of birth beside the NHS number, as
# PRSB's standard identifiers); copies for people the person named leave them out.
FILING_DETAILS: Final = ("nhs_number", "born")


class PersonRef(StrictModel):
    """Who the plan is for, as the case record names them when the version is saved."""

    display_name: str | None = Field(None, description="Name or initials in the case record.")
    reference: str | None = Field(
        None, description="The agency's reference number (local identifier), if any."
    )
    nhs_number: NhsNumber | None = None
    born: DateText | None = Field(
        None,
        description="Date of birth, when recorded: in the team's and GP's copies beside the "
        "NHS number, never in copies for people the person named.",
    )

    @classmethod
    def of(cls, person: Any) -> PersonRef:
        """The reference for a case record's person details (a mapping)."""
        return cls(
            display_name=person.get("display_name"),
            reference=person.get("reference"),
            nhs_number=person.get("nhs_number"),
            born=person.get("born"),
        )


class About(StrictModel):
    """About me: what matters, in the person's own words."""

    name: Words | None = Field(None, description="What the person likes to be called.")
    what_matters: Words | None = None
    interests: Words | None = None
    strengths: Words | None = None
    hopes: Words | None = None
    good_week: Words | None = Field(None, description="What a good week would look like.")


class RatingPoint(StrictModel):
    """An earlier rating of one life area."""

    plan_version: int | None = Field(None, description="The plan version it was agreed in.")
    # Free text, as the record gave it: never checked, so stored plans keep opening.
    date: str | None = None
    value: Rating


class LifeArea(Attributed):
    """One life area rated 1-7, with "more help?" and the earlier ratings. Also one of
    DIALOG+'s three treatment aspects (medication, practical help, meetings with
    professionals) when the agency chose to ask them."""

    area: str
    label: str
    value: Rating | None = Field(None, description="This time's rating; None if not rated.")
    left_today: bool = Field(
        False,
        description='Asked at this meeting and left for today ("Not today"): offered, on '
        "purpose not rated. Never a value.",
    )
    left_last_time: bool = Field(
        False,
        description='Not asked at this meeting, and left for another day ("Not today") at '
        "the meeting the version before came from: the copies say so, not just that it was "
        "not rated.",
    )
    more_help: bool | None = None
    focus: bool = Field(
        False, description="Picked after the ratings as one of (up to 3) to talk about today."
    )
    history: list[RatingPoint] = Field(
        default_factory=list, description="Ratings in earlier plan versions, oldest first."
    )

    @property
    def previous(self) -> int | None:
        return self.history[-1].value if self.history else None


# ONS personal well-being (ONS4): each question answered 0 (not at all) to 10 (completely).
Score10 = Annotated[int, Field(ge=0, le=10, description="0 not at all ... 10 completely.")]
# Goal attainment scaling: -2 (where things were) ... 0 (what was hoped) ... +2 (even better).
Attainment = Annotated[
    int, Field(ge=-2, le=2, description="-2 no change ... 0 as hoped ... +2 even better.")
]


class StatusPoint(StrictModel):
    """A status an item had, and when (a thing to try, or a referral)."""

    status: str = Field(description="The status code, e.g. `tried`, `sent`.")
    # Free text, as ratings' dates: never checked, so stored plans keep opening.
    date: str | None = None
    plan_version: int | None = Field(
        None,
        description="The plan version it was first recorded in (None in plans saved before "
        "it was kept): a point of an erased meeting is left out when the plan is read.",
    )


class AttainmentPoint(StrictModel):
    """A goal's attainment given at an earlier review."""

    plan_version: int | None = Field(None, description="The plan version it was given in.")
    date: str | None = None
    value: Attainment


class WellbeingScores(StrictModel):
    """The four ONS personal well-being answers (0-10); None where not answered.

    For ``anxious`` a LOWER number is better; for the other three a higher one.
    """

    satisfied: Score10 | None = Field(None, description="Satisfied with life nowadays.")
    worthwhile: Score10 | None = Field(None, description="The things I do are worthwhile.")
    happy: Score10 | None = Field(None, description="Happy yesterday.")
    anxious: Score10 | None = Field(
        None, description="Anxious yesterday (a lower number is better)."
    )

    @property
    def empty(self) -> bool:
        return all(
            getattr(self, n) is None for n in ("satisfied", "worthwhile", "happy", "anxious")
        )


class ConnectionCounts(StrictModel):
    """Social connection counted from one plan version (see assistant.plans.outcomes).

    A count is None while the part of the plan it is counted from has not been talked
    about yet (no network drawn, no resourceful people, no things to try): "not counted",
    not nought, so a network first drawn at the second meeting is not read as growing from
    nothing."""

    circles: dict[str, int] = Field(
        default_factory=dict,
        description="People per network circle: keys '1' (closest), '2', '3'; empty when "
        "the network is not counted.",
    )
    people: int | None = Field(None, ge=0, description="People in the network.")
    support_kinds: int | None = Field(
        None, ge=0, description="Kinds of support named across the network."
    )
    domains: int | None = Field(
        None, ge=0, description="Resourceful-people domains with someone in them."
    )
    activities_started: int | None = Field(
        None, ge=0, description="Things to try started (tried, going or stopped)."
    )
    activities_kept_up: int | None = Field(None, ge=0, description="Things to try kept up (going).")


class MeasuresPoint(StrictModel):
    """One earlier plan version's measures."""

    plan_version: int | None = Field(None, description="The plan version they were taken in.")
    date: str | None = None
    wellbeing: WellbeingScores | None = None
    connections: ConnectionCounts | None = None
    attainment: dict[str, Attainment] = Field(
        default_factory=dict, description="Goal id -> attainment (-2..2) at that version."
    )


class Measures(StrictModel):
    """Outcome measures taken with this version, and those of earlier versions."""

    date: DateText | None = Field(None, description="When this version's measures were taken.")
    wellbeing: WellbeingScores | None = Field(
        None, description="ONS4 answers at this meeting; None when none was answered."
    )
    connections: ConnectionCounts | None = Field(
        None, description="Social connection counted from this version."
    )
    history: list[MeasuresPoint] = Field(
        default_factory=list, description="Earlier versions' measures, oldest first."
    )


class Connection(Attributed):
    """Someone in the person's life (name or initials only)."""

    id: str
    name: str
    relationship: Code | None = None
    circle: Circle | None = None
    contact: Code | None = Field(None, description="How often they are in touch.")
    support: list[Code] = Field(default_factory=list, description="What they help with.")
    feeling: Code | None = Field(None, description="How the person feels about time with them.")
    want: Code | None = Field(None, description="More, less or the same contact.")


class Network(StrictModel):
    people: list[Connection] = Field(default_factory=list)
    notice: Words | None = Field(None, description="What the person notices about the list.")
    lost_touch: Words | None = None
    would_like: Words | None = Field(None, description="People they would like more of.")


class Concern(Attributed):
    """Something that makes relationships hard, and what might help."""

    id: str
    kind: Code | None = None
    words: str | None = Field(None, description="The concern in the person's words.")
    hard: Words | None = Field(None, description="What makes it hard.")
    helped_before: Words | None = None
    might_help: Words | None = None
    might_help_from: Code | None = Field(None, description="Whose idea what might help is.")
    work_on: bool | None = Field(None, description="The person would like to work on it.")


class ResourcefulPerson(Attributed):
    id: str
    who: str
    idea_from: Code | None = Field(None, description="Whose idea it was to name them.")
    tie: Code | None = None


class ResourceDomain(StrictModel):
    """People the person could ask for one kind of help."""

    domain: Code
    people: list[ResourcefulPerson] = Field(default_factory=list)
    want_more: bool | None = Field(None, description="Would like to know more people for this.")
    gap: bool = Field(False, description="Wanting more people here, or knowing nobody yet.")
    not_talked_about: bool = Field(
        False,
        description="Who could help here was left for another day (Not today), or never "
        "asked: no one is listed because it was not talked about, not because there is no one.",
    )


class Resourceful(StrictModel):
    meaning: Words | None = Field(None, description="What makes someone good to know.")
    domains: list[ResourceDomain] = Field(default_factory=list)
    goal_idea: Words | None = None
    can_offer: Words | None = Field(None, description="What the person could help others with.")


class Opportunity(Attributed):
    """Something to try or find out about, and whether someone goes along."""

    id: str
    what: str
    where: Code | None = None
    idea_from: Code | None = None
    next_step: Code | None = None
    go_along: Code | None = Field(None, description="Whether someone goes along the first time.")
    go_along_who: Words | None = None
    easier: Words | None = Field(None, description="What would make the first time easier.")
    directory: DirectoryPick | None = Field(
        None,
        description="When it came from the community directory: the entry (id, name) and its "
        "details as they were when this version was made. None for the person's own ideas, "
        "and in plans saved before things to try could come from the directory.",
    )
    status: Code | None = Field(
        None,
        description="At a review: not_yet, tried (once or twice), going (keeps going) or stopped.",
    )
    status_history: list[StatusPoint] = Field(
        default_factory=list,
        description="Every status given, with its day, oldest first (the last is the current "
        "one); grown only when the status changes.",
    )


class PickContact(StrictModel):
    """How to get in touch with a group, as the community directory gave it."""

    name: str | None = Field(None, description="Who to ask for, e.g. `Sam (group leader)`.")
    phone: str | None = None
    email: str | None = None
    web: str | None = Field(None, description="A web address (shown as text, linked if https).")


class PickDetails(StrictModel):
    """A directory entry's details as they were when the plan version was made.

    A copy, not a reference: a printed or shared plan shows what the person was given, even
    after the agency changes or removes the entry (see docs/directory-format.md for fields).
    """

    what: str = Field(description="What happens there (the entry's description).")
    when: str = Field(description="Days and times, in words.")
    venue: str | None = Field(None, description="Where it meets: the building and street.")
    area: str | None = Field(None, description="The neighbourhood, 'Online' or the whole area.")
    online: bool = Field(False, description="People can take part online.")
    cost: str = Field(description="What it costs, in words.")
    free: bool = Field(False, description="It costs nothing at all.")
    who_for: str | None = Field(None, description="Who can go, when it is not everyone.")
    access: str | None = Field(None, description="Steps, toilets, hearing loop, getting there.")
    bring_someone: bool | None = Field(
        None, description="Whether a newcomer can bring someone along the first time."
    )
    first_visit: list[str] = Field(default_factory=list, description="Tips for a first visit.")
    contact: PickContact | None = None
    checked: DateText | None = Field(
        None, description="When the agency last checked these details (YYYY-MM-DD)."
    )


class DirectoryPick(Code):
    """A community directory entry chosen in the meeting: its id (``code``), its name
    (``label``) and its details as they were when this version was made.

    Plans saved before details were kept hold ``code`` and ``label`` only, and read as
    picks without details.
    """

    details: PickDetails | None = Field(
        None,
        description="The entry's details when this version was made; None for plans saved "
        "before details were kept, and for an entry no longer in the directory.",
    )
    removed: bool = Field(
        False,
        description="True when the entry was no longer in the community directory when this "
        "version was made (the name is kept; the old details are not repeated as current).",
    )


class Community(StrictModel):
    shared_interest: Words | None = None
    try_new: Words | None = None
    from_directory: list[DirectoryPick] = Field(
        default_factory=list,
        description="Community directory entries chosen (id, name and their details).",
    )
    from_directory_idea_from: Code | None = Field(
        None, description="Whose idea the directory picks were."
    )
    opportunities: list[Opportunity] = Field(default_factory=list)


class GoalOption(Attributed):
    """What the person, the worker or others could do towards a goal."""

    who: Literal["person", "worker", "others"]
    text: str


class ActionWho(StrictModel):
    """Who does an action: the person, the worker, both, or a named other."""

    kind: Literal["person", "worker", "both", "other"]
    name: str | None = Field(None, description="For `other`: who, in the person's words.")


class Action(Attributed):
    id: str
    what: str
    idea_from: Code | None = Field(
        None, description="Whose idea the action was (not who will do it: see `who`)."
    )
    who: ActionWho | None = None
    by_when: DateText | None = None
    status: Code | None = Field(None, description="Done, partly, not yet, dropped (at review).")
    review_notes: Words | None = None


class Barrier(Attributed):
    id: str
    barrier: str
    way_past: str | None = Field(None, description="How to get past it.")
    way_past_from: Code | None = Field(None, description="Whose idea the way past it is.")


class GoalLevels(StrictModel):
    """Goal attainment scaling levels, in the person's words."""

    now: str | None = Field(None, description="-2: how things are now (no change).")
    expected: str | None = Field(None, description="0: what the person hopes to see.")
    better: str | None = Field(None, description="+2: even better than that.")


class Goal(Attributed):
    """A goal in the person's words, with the steps agreed towards it."""

    id: str
    what: str
    words_before: str | None = Field(
        None,
        description="The goal's words before they were last changed (changed_by says by "
        "whom), as the earlier version held them; null when they were never changed or that "
        "is not known. Kept while the words stay as they are.",
    )
    idea_from: Code | None = Field(None, description="Whose idea the goal was.")
    going_well: Words | None = None
    hard: Words | None = Field(
        None, description="What is hard, or not going so well, with it (understanding)."
    )
    best_case: Words | None = None
    smallest_step: Words | None = None
    options: list[GoalOption] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    barriers: list[Barrier] = Field(default_factory=list)
    progress: Code | None = Field(None, description="The person's view of progress (review).")
    next: Code | None = Field(None, description="Keep, change, finished or let go (review).")
    reviewed_by: Who | None = Field(
        None,
        description="Who gave this review's view of the goal (progress, what next): the "
        "person, the worker, or both. None when not known or not reviewed.",
    )
    reviewed_on: DateText | None = Field(
        None,
        description="The day of the meeting that gave the view of the goal now in force "
        "(progress, what next): this version's day when its meeting gave it, an earlier day "
        "when it is carried from an earlier review. None when not known or not reviewed.",
    )
    change_notes: Words | None = None
    levels: GoalLevels | None = Field(
        None, description="Goal attainment levels in the person's words (set with the goal)."
    )
    attainment: Attainment | None = Field(
        None, description="Goal attainment at this review (-2..2); None when not given."
    )
    attainment_history: list[AttainmentPoint] = Field(
        default_factory=list, description="Attainment at earlier reviews, oldest first."
    )


class WorkerAction(Attributed):
    """Something the worker will find out or do for the person's community links (the
    worker's journey: their own knowledge of the local community and their own contacts).

    Kept apart from the goals' actions, which are the person's plan: these are the worker's
    side of it, reviewed at the next meeting with the same statuses as goal actions.
    """

    id: str
    what: str = Field(description="What the worker will find out or do, as written.")
    why: str | None = Field(None, description="What it is for: the idea or goal it helps.")
    by_when: DateText | None = None
    status: Code | None = Field(None, description="Done, partly, not yet, dropped (at review).")
    found_out: Words | None = Field(
        None, description="What the worker found out, or what got in the way (at review)."
    )
    add_to_directory: bool | None = Field(
        None,
        description="Worth adding to the agency's community directory (a new group, a "
        "contact): listed for whoever keeps the directory.",
    )


class WorkerJourney(StrictModel):
    """The worker's actions for the person's community links (``worker_journey.*``)."""

    actions: list[WorkerAction] = Field(default_factory=list)

    @property
    def for_directory(self) -> list[WorkerAction]:
        """The actions marked to add to the agency's community directory."""
        return [a for a in self.actions if a.add_to_directory]


class MovingOn(StrictModel):
    """Moving on: what life would look like when the person needs the service less.

    Asked from the first meeting and looked at again at every review; earlier words stay
    in earlier plan versions.
    """

    picture: Words | None = Field(
        None, description="What life would look like when the person needs us less."
    )


class SupportNeed(StrictModel):
    """Support the person asked for, gathered from the rest of the plan."""

    kind: Literal["life_area", "people", "going_along"]
    text: str = Field(description="A plain summary, e.g. 'More help with: Friendships'.")


class Review(StrictModel):
    """Looking back at a later meeting."""

    reviewed_on: DateText | None = None
    network_changes: Words | None = None
    keep: Words | None = None
    change: Words | None = None
    stop: Words | None = None
    moving_on: Code | None = None
    moving_on_help: Words | None = None


class HardTimes(Attributed):
    """My plan for hard times, in the person's own words (as WRAP and crisis plans keep one).

    The person's words only: the agency's out-of-hours and crisis numbers are in
    :attr:`Plan.agency`, shown beside this section in every export.
    """

    early_signs: Words | None = Field(None, description="Signs that things are getting hard.")
    what_helps: Words | None = None
    what_does_not_help: Words | None = None
    contact_day: Words | None = Field(None, description="Who to contact in the day, and how.")
    contact_night: Words | None = Field(
        None, description="Who to contact at night or at weekends, and how."
    )
    others_do: Words | None = Field(
        None, description="What the person would like others to do when things are hard."
    )

    @property
    def empty(self) -> bool:
        return all(
            getattr(self, name) is None
            for name in (
                "early_signs",
                "what_helps",
                "what_does_not_help",
                "contact_day",
                "contact_night",
                "others_do",
            )
        )


class PersonalContact(Attributed):
    """Someone the person chose to list as a contact: a carer, next of kin, family, a friend."""

    id: str
    name: str = Field(description="Name or initials, as the person gave them.")
    relationship: Code | None = Field(None, description="Carer, next of kin, family, ...")
    how_to_reach: str | None = Field(None, description="How to reach them, as the person said.")
    emergency: bool | None = Field(
        None,
        description="The person agrees they may be contacted in an emergency (None: not "
        "asked or not answered).",
    )
    from_network: bool = Field(
        False,
        description="Picked from the people in the network (`id` is theirs there, so keeping "
        "that person private keeps the contact private too).",
    )


class ProfessionalContact(Attributed):
    """A professional the person wants listed (GP, care coordinator, ...)."""

    id: str
    name: str = Field(description="Name, or the service, as the person gave it.")
    role: str | None = Field(None, description="What they do, e.g. 'GP', 'Care coordinator'.")
    how_to_reach: str | None = None


class Contacts(StrictModel):
    """How to reach me, and who to contact: in the person's words, as they choose."""

    how_to_contact: Words | None = Field(
        None, description="How the person likes people to get in touch with them."
    )
    communication: Words | None = Field(
        None,
        description="What helps the person understand and be understood (communication "
        "and access needs).",
    )
    personal: list[PersonalContact] = Field(default_factory=list)
    professional: list[ProfessionalContact] = Field(default_factory=list)

    @property
    def empty(self) -> bool:
        return (
            self.how_to_contact is None
            and self.communication is None
            and not self.personal
            and not self.professional
        )


class Participation(StrictModel):
    """Who took part in making this version of the plan, and how the person took part."""

    at_keyboard: Code | None = Field(None, description="Who typed at this meeting.")
    took_part: Code | None = Field(None, description="How the person took part, in their words.")
    others_present: Words | None = Field(
        None, description="Anyone else there (a carer, family, an advocate), as named."
    )
    what_helps: Words | None = Field(
        None,
        description="What helps the person when we talk (going slowly, breaks, walking), in "
        "their words: how the next worker can meet them well.",
    )

    @property
    def empty(self) -> bool:
        return (
            self.at_keyboard is None
            and self.took_part is None
            and self.others_present is None
            and self.what_helps is None
        )


class Agreement(StrictModel):
    person_agrees: Code | None = None
    person_not_agreed: Words | None = Field(None, description="In the person's own words.")
    worker_agrees: Code | None = None
    worker_not_agreed: Words | None = None
    date: DateText | None = Field(None, description="When it was agreed.")
    next_meeting: DateText | None = Field(None, description="The review date.")
    reviewer: str | None = Field(
        None,
        description="Who will review the plan with the person: the worker (named from the "
        "agency settings when the meeting said 'my worker') or someone the person named.",
    )
    information_given: Words | None = Field(
        None, description="Information, leaflets or advice the worker gave at this meeting."
    )

    @property
    def both_agreed(self) -> bool:
        """Both said yes or mostly (as :func:`assistant.store_paths.agrees` counts it)."""
        return (
            self.person_agrees is not None
            and self.worker_agrees is not None
            and agrees(self.person_agrees.code)
            and agrees(self.worker_agrees.code)
        )


class Referral(Attributed):
    """Getting in touch with a group or service: to whom, how, with what consent, and
    what happened since (the app never sends anything itself)."""

    id: str
    to: str = Field(description="Who it is to, in words.")
    entry: DirectoryPick | None = Field(
        None, description="The community directory entry, when it came from the directory."
    )
    idea_from: Code | None = Field(None, description="Whose idea the referral was.")
    route: Code | None = Field(
        None, description="phone, email, form, in_person, self (the person) or other."
    )
    route_detail: str | None = Field(None, description="The number, address or form link.")
    consent: bool | None = Field(
        None, description="The person agrees to their details being shared (None: not asked)."
    )
    shared: Words | None = Field(None, description="What will be shared, in words.")
    by_whom: Code | None = Field(None, description="Who gets in touch: person, worker, both.")
    status: Code | None = Field(
        None, description="planned, sent, replied, started, declined or stopped."
    )
    status_on: DateText | None = Field(None, description="The date of that status.")
    history: list[StatusPoint] = Field(
        default_factory=list, description="Every status with its date, oldest first."
    )
    message: Words | None = Field(None, description="The wording to send, as agreed.")
    notes: Words | None = None
    flags: list[str] = Field(
        default_factory=list,
        description="Access criteria to check, for the worker (team copies only).",
    )

    @model_validator(mode="before")
    @classmethod
    def _nothing_shared_without_consent(cls, data: Any) -> Any:
        """With a no to sharing nothing is shared: words typed for ``shared`` before the
        person said no are not kept (so no copy or format can show them)."""
        if isinstance(data, dict) and data.get("consent") is False and data.get("shared"):
            return {k: v for k, v in data.items() if k != "shared"}
        return data


# The plan's sections a person can keep private (PrivatePart.code when kind is "section").
PRIVATE_SECTIONS: Final = (
    "about",
    "life_areas",
    "network",
    "concerns",
    "resourceful",
    "community",
    "goals",
    "worker_journey",
    "moving_on",
    "hard_times",
    "contacts",
    "review",
    "measures",
    "referrals",
)


class PrivatePart(StrictModel):
    """A part of the plan the person keeps private: shared copies leave it out.

    ``kind`` says what ``code`` names: one of :data:`PRIVATE_SECTIONS`, or the id of one item
    (a person in the network, a concern, a resourceful person, an opportunity, a goal, an
    action, a worker's action or a referral). ``label`` is the words shown for it in the
    person's own copy only.
    """

    kind: Literal["section", "item"]
    code: str
    label: str


class TakenOff(StrictModel):
    """A goal or a person in My connections taken off their list at a meeting: the plan
    keeps a line of it, so later copies say what went and when, as they say a goal done or
    let go (docs/plan-model.md, "Taken off")."""

    kind: Literal["goal", "person"]
    id: str = Field(description="The id the entry had.")
    what: str = Field(description="The goal's words, or the person's name, as last written.")
    idea_from: Code | None = Field(None, description="Whose idea the goal was.")
    on: DateText | None = Field(None, description="The day of the meeting it was taken off at.")
    plan_version: int | None = Field(None, description="The version that no longer has it.")
    private: bool = Field(
        False,
        description="It was marked private when it was taken off: no copy for anyone else "
        "shows it.",
    )


class KeptName(StrictModel):
    """Someone the person marked private and has since taken off their list: their wish to
    be kept private outlasts the entry, so the name is kept (and looked for in shared copies)
    until the mark is taken off."""

    id: str = Field(description="The id the entry had (the mark's code).")
    name: str = Field(description="Their name as last written on the list.")
    marked: str = Field(description="The day the mark was first made (YYYY-MM-DD).")


class Sharing(StrictModel):
    """What may be shared, and with whom - the person decides."""

    share_with: list[Code] = Field(default_factory=list)
    share_who: Words | None = None
    keep_private: Words | None = Field(
        None,
        description="What must not be shared, in the person's words. Only in the person's "
        "own copy: shared copies leave it out.",
    )
    private: list[PrivatePart] = Field(
        default_factory=list,
        description="Parts of the plan marked not to be shared (carried to later versions "
        "until changed).",
    )
    kept_names: list[KeptName] = Field(
        default_factory=list,
        description="People marked private and since taken off their list (their mark in "
        "`private` reads 'NAME (no longer on the list)'): the names check still looks for "
        "them. Only in the person's own copy: shared copies leave it out.",
    )
    copy_for_person: Code | None = Field(None, description="The person's own copy: how.")


class Audience(StrictModel):
    """Who an export is made for (set on exported copies only, never stored in the record)."""

    kind: Literal["person", "team", "named"] = Field(
        description="The person's own copy (everything), the care team, or a named person "
        "the person chose."
    )
    name: str | None = Field(None, description="For `named`: who, as the person named them.")
    withheld: bool = Field(
        False,
        description="True when parts were left out at the person's wish (never says which).",
    )


# How a plan saved as not agreed at its meeting was agreed afterwards (`plan agree`).
AgreedHow = Literal["in_person", "phone", "video", "writing"]


class PlanState(StrictModel):
    """A version's state in the record: a draft, or agreed (when, and by whom).

    Kept by the record beside each version, not inside what was agreed: a draft can be
    agreed later. A plan read from the record carries it, and so does every export.
    """

    status: Literal["draft", "agreed"]
    saved_at: str | None = Field(None, description="When the version was saved (ISO 8601).")
    agreed_at: str | None = Field(None, description="When it was agreed (ISO 8601).")
    agreed_by: Who | None = Field(None, description="Who agreed it: 'both' means together.")
    agreed_after: str | None = Field(
        None,
        description="When it was agreed after its meeting (which saved it as not agreed "
        "yet): when that meeting saved it (ISO 8601). None when agreed at the meeting.",
    )
    agreed_how: AgreedHow | None = Field(
        None,
        description="How a version agreed after its meeting was agreed: in_person, phone, "
        "video or writing.",
    )
    replaced_by: int | None = Field(
        None, description="The later agreed version that replaces this one, if any."
    )
    replaced_at: str | None = Field(
        None, description="When that later version was agreed (ISO 8601)."
    )
    worker: str | None = Field(
        None,
        description="The worker at the meeting this version came from (their name), as the "
        "record kept it, or the agency details the version kept; none when not known.",
    )

    @property
    def agreed(self) -> bool:
        return self.status == "agreed"


class Plan(StrictModel):
    """One version of a person's relationship plan."""

    format: Literal["cpi-plan"] = PLAN_FORMAT
    version: Literal[1] = Field(PLAN_VERSION, description="Version of this file format.")
    number: int | None = Field(
        None, ge=1, description="Plan version number in the person's record (1, 2, ...)."
    )
    previous_number: int | None = Field(None, description="The version this one follows.")
    created: str = Field(description="When this version was built (ISO 8601).")
    session: str | None = Field(None, description="The meeting (session id) it came from.")
    content_hash: str | None = Field(None, description="The content the meeting used.")
    person: PersonRef = Field(default_factory=PersonRef)
    about: About = Field(default_factory=About)
    life_areas: list[LifeArea] = Field(default_factory=list)
    focus_talk: Words | None = Field(
        None,
        description="What was said about the areas picked to talk about at this meeting "
        "(the person's words; part of the ratings section, kept private with it).",
    )
    network: Network = Field(default_factory=Network)
    concerns: list[Concern] = Field(default_factory=list)
    resourceful: Resourceful = Field(default_factory=Resourceful)
    community: Community = Field(default_factory=Community)
    goals: list[Goal] = Field(default_factory=list)
    worker_journey: WorkerJourney = Field(
        default_factory=WorkerJourney,
        description="What the worker will find out or do for the person's community links.",
    )
    moving_on: MovingOn = Field(
        default_factory=MovingOn, description="What life would look like when needing us less."
    )
    support_needed: list[SupportNeed] = Field(default_factory=list)
    hard_times: HardTimes | None = Field(None, description="My plan for hard times.")
    contacts: Contacts = Field(
        default_factory=Contacts, description="How to reach me, and who to contact."
    )
    review: Review | None = None
    measures: Measures = Field(
        default_factory=Measures,
        description="Outcome measures (well-being, connection) now and at earlier versions.",
    )
    referrals: list[Referral] = Field(
        default_factory=list, description="Referrals to groups and services, and what happened."
    )
    agreement: Agreement = Field(default_factory=Agreement)
    participation: Participation = Field(
        default_factory=Participation, description="Who took part in making this version."
    )
    emptied_lists: list[Literal["network", "concerns", "community", "goals", "referrals"]] = Field(
        default_factory=list,
        description="The lists the person emptied on purpose (every entry taken off at a "
        "meeting, and none added since), by the section's code, for copies to say 'nothing "
        "on this list now', as the conversation does, not 'nothing written down' (the shipped "
        "templates do for all five, except in a copy with parts left out).",
    )
    none_right_now: list[Literal["network", "concerns"]] | None = Field(
        None,
        description="The lists given empty on purpose ('No one right now', 'Nothing right "
        "now') and never filled in, by the section's code, for copies to say so, not 'not "
        "talked about yet' as for a list left for another day or never asked (the shipped "
        "templates do, except in a copy with parts left out). None: saved before the app "
        "kept this, so not known; the copies say the neutral 'no one written down yet' / "
        "'nothing written down' for both.",
    )
    taken_off: list[TakenOff] = Field(
        default_factory=list,
        description="Goals and people in My connections taken off their list at a meeting, "
        "oldest first (copies say them under What changed).",
    )
    sharing: Sharing = Field(default_factory=Sharing)
    agency: Agency | None = Field(
        None,
        description="The agency's details (worker, out-of-hours and crisis numbers) as they "
        "were when this version was made.",
    )
    audience: Audience | None = Field(
        None,
        description="Who this copy was made for: set on exports only (see "
        "assistant.plans.sharing); None in the record.",
    )
    watermark: str | None = Field(
        None,
        description=f"Set on plans of fictional training persons: '{TRAINING_WATERMARK}'. "
        "Every export shows it.",
    )
    state: PlanState | None = Field(
        None,
        description="Draft or agreed, from the record (not stored inside the version). "
        "Every export has it; None only on a plan that is not a saved version.",
    )

    def to_json(self) -> dict[str, Any]:
        """Plain JSON data (lossless: :func:`plan_from_json` gives the same plan back).

        Typed loosely on purpose: exports and templates walk it as plain nested data. Starts
        with ``$schema`` (the plan schema's ``$id``) and ``app_version`` (the app that wrote
        it), which describe the file rather than the plan.
        """
        data: dict[str, Any] = {"$schema": PLAN_SCHEMA_ID, "app_version": APP_VERSION}
        data.update(self.model_dump(mode="json"))
        if data.get("state") is None:
            # Left out rather than null: the record keeps the state beside the version.
            del data["state"]
        if data.get("audience") is None:
            # Set on exported copies only.
            del data["audience"]
        return data


class PlanFormatError(ValueError):
    """Data that is not a plan this app can read (or is from a newer app)."""


def plan_from_json(data: object) -> Plan:
    """Read a plan saved by :meth:`Plan.to_json`, with a clear message when it cannot be.

    ``$schema`` and ``app_version`` may be there or not (files written before they were
    added have neither); they describe the file and are not part of the plan.
    """
    if not isinstance(data, dict) or data.get("format") != PLAN_FORMAT:
        raise PlanFormatError("This is not a saved relationship plan.")
    data = strip_file_keys(data)
    version = data.get("version")
    if not isinstance(version, int) or version > PLAN_VERSION:
        raise PlanFormatError(
            f"This plan was saved by a newer version of the app (plan format {version}). "
            "Update the app to read it; nothing has been changed."
        )
    try:
        return Plan.model_validate(data)
    except ValueError as exc:
        raise PlanFormatError(f"This plan could not be read: {exc}") from exc


def strip_file_keys(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` without the keys that describe the file (:data:`FILE_KEYS`); a
    :class:`PlanFormatError` if one of them is there but is not text."""
    for key in FILE_KEYS:
        if key in data and not isinstance(data[key], str):
            raise PlanFormatError(f"This plan could not be read: `{key}` must be text.")
    return {k: v for k, v in data.items() if k not in FILE_KEYS}


def plan_schema() -> dict[str, JsonValue]:
    """The JSON Schema of saved plans and JSON exports (``content/schema/plan.schema.json``).

    Its ``$id`` is :data:`PLAN_SCHEMA_ID`; it allows the two keys that describe the file
    (``$schema``, ``app_version``), which are not fields of :class:`Plan`.
    """
    schema = json_schema(Plan, "Connecting People Assistant relationship plan (format cpi-plan)")
    schema["$id"] = PLAN_SCHEMA_ID
    properties = schema["properties"]
    assert isinstance(properties, dict)
    file_keys: dict[str, JsonValue] = {
        "$schema": {
            "type": "string",
            "title": "Schema",
            "description": f"The JSON Schema this file follows: `{PLAN_SCHEMA_ID}` "
            "(this schema's $id). Optional: files written before it was added have none.",
        },
        "app_version": {
            "type": "string",
            "title": "App version",
            "description": "The version of the Connecting People Assistant that wrote the "
            "file. Optional, as for $schema.",
        },
    }
    schema["properties"] = {**file_keys, **properties}
    return schema
