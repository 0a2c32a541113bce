"""The community directory format: local opportunities an agency keeps, matched to interests.

Files live in ``content/directory/``:

- ``_area.yaml``  the area the directory covers (its neighbourhoods) and the example-data notice;
- ``_tags.yaml``  the interest-tag vocabulary, with everyday words (synonyms) for each tag;
- ``<id>.yaml``   one opportunity per file, named after its id.

The same models produce the committed JSON Schema (``content/schema/directory.schema.json``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field, JsonValue, PrivateAttr, RootModel, model_validator

from assistant.fields import (
    Email,
    Id,
    IsoDate,
    ShortLine,
    ShortPara,
    StrictModel,
    Title,
    WebAddress,
    json_schema,
)

# Areas every directory understands without listing them in `_area.yaml`.
ONLINE = "online"
ALL_AREAS = "all_areas"
RESERVED_AREAS = (ONLINE, ALL_AREAS)

KINDS: dict[str, str] = {
    "arts": "Arts and crafts",
    "music": "Music",
    "sport_and_walking": "Sport and walking",
    "gardening": "Gardening and nature",
    "faith": "Faith",
    "learning": "Learning",
    "volunteering": "Volunteering",
    "peer_support": "Peer support",
    "befriending": "Befriending",
    "gaming_and_online": "Gaming and online communities",
    "carers": "Carers",
    "money_advice": "Money and benefits advice",
    "employment_support": "Work and employment support",
    "housing_advice": "Housing advice",
    "community_transport": "Community transport",
    "social": "Social groups",
    "other": "Other",
}
Kind = Literal[
    "arts",
    "music",
    "sport_and_walking",
    "gardening",
    "faith",
    "learning",
    "volunteering",
    "peer_support",
    "befriending",
    "gaming_and_online",
    "carers",
    "money_advice",
    "employment_support",
    "housing_advice",
    "community_transport",
    "social",
    "other",
]


Day = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
DAYS: tuple[Day, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)

Gender = Literal["woman", "man", "non_binary"]
GENDERS: dict[str, str] = {"woman": "women", "man": "men", "non_binary": "non-binary people"}

# Situations an entry can be for, with the words used when a screen must say so. Matching
# never leaves a person out for a situation (nobody is recorded as "not a carer"): an entry
# for carers is shown to someone not known to be one with a "check this fits" note.
Situation = Literal["carer", "hears_voices", "mental_health", "hard_to_travel"]
SITUATIONS: dict[str, str] = {
    "carer": "unpaid carers",
    "hears_voices": "people who hear voices or have similar experiences",
    "mental_health": "people with mental health problems",
    "hard_to_travel": "people who find it hard to use public transport",
}

# How long an entry's `checked` date stays good unless `_area.yaml` says otherwise.
DEFAULT_CHECKED_WITHIN_MONTHS = 12


class Ages(StrictModel):
    """An age range an entry is for; either end may be left out."""

    min: int | None = Field(None, ge=0, le=120, description="The youngest age, e.g. `18`.")
    max: int | None = Field(None, ge=0, le=120, description="The oldest age, e.g. `35`.")

    @model_validator(mode="after")
    def _some_end(self) -> Ages:
        if self.min is None and self.max is None:
            raise ValueError("give `min`, `max` or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("`min` is more than `max`")
        return self


class Contact(StrictModel):
    """How to get in touch: at least one of phone, email or web."""

    name: ShortLine | None = Field(None, description="Who to ask for, e.g. `Sam (group leader)`.")
    phone: ShortLine | None = Field(None, description="A phone number, e.g. `01632 960123`.")
    email: Email | None = Field(None, description="An email address.")
    web: WebAddress | None = Field(None, description="A web address starting with https://")

    @model_validator(mode="after")
    def _some_way_in(self) -> Contact:
        if not (self.phone or self.email or self.web):
            raise ValueError("give at least one of `phone`, `email` or `web`")
        return self


# How a person can be put in touch (a referral), in the entry's preferred order. The words
# are the worker's; the options a flow shows are built in assistant.directory.referral.
Route = Literal["phone", "email", "form", "in_person", "self", "other"]
ROUTES: dict[str, str] = {
    "phone": "Phone",
    "email": "Email",
    "form": "Online form",
    "in_person": "In person",
    # In the person's voice: "They get in touch themselves" read as if the group would.
    "self": "I'll get in touch myself",
    "other": "Another way",
}


class ReferralRoute(StrictModel):
    """How to refer someone to the entry, what it asks for and who it takes (all optional
    but `routes`). Without it, routes come from `contact` (phone, email) and the person
    getting in touch themselves."""

    routes: list[Route] = Field(
        min_length=1,
        description="How to refer, in the order the group prefers: `phone`, `email`, `form`, "
        "`in_person`, `self` (the person gets in touch themselves), `other`.",
    )
    form: WebAddress | None = Field(
        None, description="The referral form's web address, needed when `form` is a route."
    )
    asks_for: ShortPara | None = Field(
        None,
        description="What the group asks for in a referral, in plain words, e.g. `Your name, "
        "a phone number and what you would like help with.`",
    )
    criteria: list[ShortLine] = Field(
        default_factory=list,
        description="Who it takes, beyond `for_ages`, `for_genders` and `for_situations`, "
        "one short line each, e.g. `Lives in Brackenford`. Shown to the worker to check.",
    )
    self_referral: bool | None = Field(
        None,
        description="True when people can get in touch themselves (adds `self` to the routes "
        "when it is not listed); false when only a worker or doctor can refer.",
    )

    @model_validator(mode="after")
    def _routes_make_sense(self) -> ReferralRoute:
        seen: set[str] = set()
        for route in self.routes:
            if route in seen:
                raise ValueError(f"`routes` lists `{route}` twice; list each route once")
            seen.add(route)
        if "form" in self.routes and not self.form:
            raise ValueError(
                "`routes` has `form`, so give the form's web address too: `form: https://...`"
            )
        if self.self_referral is False and "self" in self.routes:
            raise ValueError(
                "`routes` has `self` but `self_referral` is false; take one of them out"
            )
        return self


class DirectoryEntry(StrictModel):
    """One local opportunity: a group, activity or service a person could go to."""

    model_config = ConfigDict(
        json_schema_extra={"title": "Community directory entry"},
    )

    id: Id = Field(description="Stable name; the file is called `<id>.yaml`. Never reuse one.")
    name: Title = Field(description="The group or service's name, as people know it.")
    kind: Kind = Field(description="The main kind of opportunity, used to group the list.")
    description: ShortPara = Field(
        description="What happens there, in a few short, plain sentences."
    )
    tags: list[Id] = Field(
        min_length=1,
        description="Interest tags from `_tags.yaml`; used to match a person's interests.",
    )
    area: Id = Field(
        description="A neighbourhood id from `_area.yaml`, `all_areas` or `online`.",
    )
    venue: ShortLine | None = Field(
        None, description="Where it meets, e.g. `Library, Mill Street`."
    )
    when: ShortLine = Field(description="Days and times, e.g. `Tuesdays, 10am to 12 noon`.")
    cost: ShortLine = Field(description="What it costs, in words, e.g. `£2 a session`.")
    free: bool = Field(description="True when it costs nothing at all.")
    who_for: ShortLine | None = Field(
        None,
        description="Who can go, when it is not everyone, in the words shown to people, "
        "e.g. `Adults over 50`. Say the same with `for_ages`, `for_genders` or "
        "`for_situations` so suggestions can respect it.",
    )
    for_ages: Ages | None = Field(
        None, description="The ages it is for, e.g. `{min: 18, max: 35}` (both ends included)."
    )
    for_genders: list[Gender] | None = Field(
        None,
        min_length=1,
        description="Only for these genders: `woman`, `man`, `non_binary`. "
        "`woman` includes trans women and `man` trans men.",
    )
    for_situations: list[Situation] | None = Field(
        None,
        min_length=1,
        description="Only for people in one of these situations: `carer`, `hears_voices`, "
        "`mental_health`, `hard_to_travel`.",
    )
    days: list[Day] | None = Field(
        None,
        description="The days it is on (`monday` .. `sunday`), for the day filter. Leave it "
        "out to have the days read from `when` (`Tuesdays`, `Monday to Friday`, "
        "`Every day`, `Weekdays`).",
    )
    access: ShortPara = Field(
        description="Access notes: steps, toilets, hearing loop, quiet space, getting there."
    )
    contact: Contact
    bring_someone: bool = Field(
        description="True when a newcomer can bring someone along (a friend, worker or carer)."
    )
    online: bool = Field(False, description="True when people can take part online.")
    first_visit: list[ShortLine] = Field(
        default_factory=list, description="Short tips for a first visit."
    )
    checked: IsoDate | None = Field(
        None, description="When someone last checked these details (YYYY-MM-DD)."
    )
    referral: ReferralRoute | None = Field(
        None,
        description="How to refer someone, what the group asks for and who it takes. Leave "
        "it out for a group people just turn up to or phone themselves.",
    )

    @model_validator(mode="after")
    def _online_area(self) -> DirectoryEntry:
        if self.area == ONLINE and not self.online:
            raise ValueError("an entry with `area: online` must also say `online: true`")
        return self


class Neighbourhood(StrictModel):
    """A part of the area, used for `area:` in entries."""

    id: Id
    name: ShortLine


class Area(StrictModel):
    """The place the directory covers."""

    name: ShortLine = Field(description="The town or area, e.g. `Brackenford`.")
    description: ShortPara | None = None
    neighbourhoods: list[Neighbourhood] = Field(min_length=1)


class AreaFile(StrictModel):
    """`_area.yaml`: the area, and whether this is example data."""

    model_config = ConfigDict(
        json_schema_extra={"title": "Community directory area (_area.yaml)"},
    )

    example_data: bool = Field(
        description="True while the directory holds made-up example data. "
        "Set it to false (or remove it) once the agency has put in real local entries."
    )
    notice: ShortPara | None = Field(
        None, description="Shown with the directory, e.g. to say the entries are made up."
    )
    checked_within_months: int = Field(
        DEFAULT_CHECKED_WITHIN_MONTHS,
        ge=1,
        le=120,
        description="How many months an entry's `checked` date stays good. Older (or missing) "
        "dates are flagged to the worker and reported by `cpi-assistant validate`.",
    )
    area: Area

    @model_validator(mode="after")
    def _example_needs_notice(self) -> AreaFile:
        if self.example_data and not self.notice:
            raise ValueError("example data needs a `notice` telling people it is made up")
        return self


class TagDef(StrictModel):
    """One interest tag and the everyday words that mean it."""

    id: Id
    label: ShortLine = Field(description="Shown to people, e.g. `Art and crafts`.")
    synonyms: list[ShortLine] = Field(
        default_factory=list,
        description="Words or phrases a person might type, e.g. `painting`, `knitting`.",
    )


class TagsFile(StrictModel):
    """`_tags.yaml`: the controlled list of interest tags."""

    model_config = ConfigDict(
        json_schema_extra={"title": "Community directory interest tags (_tags.yaml)"},
    )

    tags: list[TagDef] = Field(min_length=1)


class DirectoryFile(RootModel[DirectoryEntry | AreaFile | TagsFile]):
    """Any file in ``content/directory/`` (the loader picks the shape by file name)."""


class Directory(StrictModel):
    """A loaded directory: area, tag vocabulary and entries (sorted by id)."""

    area: Area
    tags: tuple[TagDef, ...]
    entries: tuple[DirectoryEntry, ...]
    example_data: bool = False
    notice: str | None = None
    checked_within_months: int = DEFAULT_CHECKED_WITHIN_MONTHS
    #: Entries left out for now because their own files have mistakes: the entry's id (its
    #: file's name) and the file to fix. They are not gone: a plan or referral that chose one
    #: keeps it, and says its details cannot be read just now.
    unreadable: dict[str, str] = Field(default_factory=dict)
    # Built on first use by the matcher (words of every entry); never part of the data.
    _index: object = PrivateAttr(default=None)

    def entry(self, entry_id: str) -> DirectoryEntry:
        """The entry with this id (KeyError if there is none)."""
        for candidate in self.entries:
            if candidate.id == entry_id:
                return candidate
        raise KeyError(entry_id)

    def unreadable_file(self, entry_id: str) -> str | None:
        """The file to fix when ``entry_id`` is an entry left out for a mistake in its file,
        else None (an entry in the directory, or one no longer in it)."""
        return self.unreadable.get(entry_id)

    def tag_label(self, tag: str) -> str:
        """The words shown for a tag (the id itself when it is not in the vocabulary)."""
        for candidate in self.tags:
            if candidate.id == tag:
                return candidate.label
        return tag

    def area_name(self, area: str) -> str:
        """The words shown for an entry's area."""
        if area == ONLINE:
            return "Online"
        if area == ALL_AREAS:
            return f"All of {self.area.name}"
        for hood in self.area.neighbourhoods:
            if hood.id == area:
                return hood.name
        return area

    def area_ids(self) -> tuple[str, ...]:
        return tuple(h.id for h in self.area.neighbourhoods) + RESERVED_AREAS


def directory_schema() -> dict[str, JsonValue]:
    """The JSON Schema of every file in ``content/directory/``."""
    return json_schema(
        DirectoryFile,
        "Connecting People Assistant community directory file (content/directory/*.yaml)",
    )
