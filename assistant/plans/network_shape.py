"""The shape of the person's network, for the worker (after GENIE; issue 16).

GENIE (Vassilev, Rogers et al.) gives the worker a view of a network's *shape* as well as
its people: how many, on which circle, what kind of tie, what kind of support, and it flags
a network that may be fragile. This module works that out from the people listed in
"My connections", in a meeting (``network.people`` records, stored values such as
``"family"``) and in a saved plan (the plan's JSON, values as ``{"code", "label"}``).

It is not a score and not a diagnosis, and it never labels the person: every flag is about
the list as it stands today ("so far"), in calm words the person can read over the worker's
shoulder (the map panel shows them to the pair), with an idea of where the meeting could go
next (a topic, never a verdict). A flag about help speaks only of the people whose help was
talked about, and only when that is most of the list.

Where it lives: the plans layer, so that the care team's copy (assistant.export, below the
meetings layer) can print the same words the meeting's map panel shows.

The small-network threshold: GENIE publishes no size cut-off that we could check. A
systematic review of the networks of people with psychosis (Palumbo, Volpe, Matanov, Priebe
and Giacco, BMC Research Notes 8:560, 2015) found a weighted mean of 11.7 people in the
whole network. We flag a list of fewer than :data:`SMALL_NETWORK` (5) people: under half
that mean, and few enough that the loss of one tie changes a lot. It is a prompt for the
worker, not a clinical threshold, and the flag says the number ("3 people on the list so far
(fewer than 5)"), never "small"; the care team's copy says where the 5 comes from
(:data:`SMALL_WHY`).

A copy that leaves anything out at the person's wish (``audience.withheld``) may be missing
people, and never says which parts are missing: its shape says it is worked out from the
people in the copy only and carries no flags (every flag says what the list lacks or how it
is made up, which a private person could change). See :func:`shape_view`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from assistant.plans.model import Plan

__all__ = [
    "GROUPS",
    "NO_SUPPORT",
    "PARTIAL_NOTE",
    "SMALL_NETWORK",
    "SMALL_WHY",
    "SUPPORT_GROUPS",
    "TOPIC_TITLES",
    "Flag",
    "Shape",
    "before_line",
    "shape_of",
    "shape_of_plan",
    "shape_view",
    "topic_titles",
]

#: Fewer people than this on the list is flagged as a small network (see the module's note).
SMALL_NETWORK: Final = 5
#: What "fewer than 5" rests on, for the care team's copy (the flag's ``why``).
SMALL_WHY: Final = (
    f"Fewer than {SMALL_NETWORK} is a prompt, not a clinical cut-off: under half the average "
    "of 11.7 people that a review of studies of people with psychosis found in their whole "
    "networks (Palumbo et al. 2015)."
)
#: Said on a copy that leaves parts out at the person's wish (see :func:`shape_view`).
PARTIAL_NOTE: Final = (
    "Worked out from the people in this copy only. Some parts of the plan are kept private, "
    "so this may not be everyone: notes on the network's size and make-up are left out."
)

# The stored relationship kinds (content/flows/connections.yaml) in GENIE's four groups,
# plus "others" for anything else. Someone known online or known a bit is counted with
# friends (GENIE's friends and acquaintances): the question asks about a person the person
# knows, not a group. Unknown or new kinds an agency adds fall into "others" (never dropped,
# never guessed).
KIND_GROUPS: Final[dict[str, str]] = {
    "family": "family",
    "partner": "family",
    "friend": "friends",
    "neighbour": "friends",
    "know_a_bit": "friends",
    "online": "friends",
    "group": "groups",
    "professional": "professionals",
}
#: Group -> its words for one and for more, counted as "2 workers", in the order they are
#: listed (family counts partners; friends count neighbours, people known a bit and people
#: known online, but the words name those kinds apart: see :data:`WITH_FRIENDS`).
GROUPS: Final[dict[str, tuple[str, str]]] = {
    "family": ("family member", "family members"),
    "friends": ("friend", "friends"),
    "groups": ("group or club", "groups or clubs"),
    "professionals": ("worker", "workers"),
    "others": ("other", "others"),
}

# The stored support values (content/flows/connection_detail.yaml) in GENIE's three kinds of
# support (everyday, emotional, illness-related), plus company, which the content adds.
# "nothing" is an answer (no support from this person), not a kind.
NO_SUPPORT: Final = "nothing"
SUPPORT_KINDS: Final[dict[str, str]] = {
    "practical": "everyday",
    "advice": "everyday",
    "emotional": "emotional",
    "when_unwell": "illness",
    "company": "company",
}
#: The kinds GENIE counts with friends, each named on its own in the words ("1 friend, 1
#: person known a bit"): "2 friends (1 person known a bit among them)" read as if the
#: acquaintance were a friend. The group's count (``Shape.groups``) still takes them in.
WITH_FRIENDS: Final[dict[str, tuple[str, str]]] = {
    "neighbour": ("neighbour", "neighbours"),
    "know_a_bit": ("person known a bit", "people known a bit"),
    "online": ("person known online", "people known online"),
}

#: Kind of support -> (short word for the counts, words for a sentence), in listed order.
SUPPORT_GROUPS: Final[dict[str, tuple[str, str]]] = {
    "everyday": ("everyday", "everyday, practical things or advice"),
    "emotional": ("listening", "listening and support"),
    "illness": ("when unwell", "help when unwell"),
    "company": ("company", "company and fun"),
}

#: Topics a flag's idea points to (ids in the shipped content), with their shipped titles.
TOPIC_TITLES: Final[dict[str, str]] = {
    "community": "Things to do and places to go",
    "resourceful_people": "People who could help",
    "goals": "Goals and actions",
    "connections": "My connections",
}

CIRCLE_WORDS: Final = {1: "closest", 2: "in the middle", 3: "further away"}
KIND_FIELDS: Final = ("relationship", "kind", "type")


@dataclass(frozen=True)
class Flag:
    """Something about the network's shape the worker may want to notice, with an idea.

    ``key`` is for code and tests, never shown. ``words`` says what the list shows (about the
    list, never the person); ``idea`` what might help, naming the topics in ``topics``;
    ``why`` (may be empty) what a number in ``words`` rests on, for the care team's copy.
    """

    key: str
    words: str
    idea: str
    topics: tuple[str, ...] = ()
    why: str = ""


@dataclass(frozen=True)
class Shape:
    """The network's shape: counts, in words by :meth:`lines`, and the flags."""

    people: int = 0
    #: Circle (1 to 3) -> how many people are on it.
    circles: dict[int, int] = field(default_factory=dict)
    #: People whose circle was not chosen.
    no_circle: int = 0
    #: Group (see :data:`GROUPS`) -> how many people, only groups with someone in them.
    groups: dict[str, int] = field(default_factory=dict)
    #: Of the friends: kind (see :data:`WITH_FRIENDS`) -> how many, only kinds with someone.
    among_friends: dict[str, int] = field(default_factory=dict)
    #: Kind of support (see :data:`SUPPORT_GROUPS`) -> how many people give it.
    support: dict[str, int] = field(default_factory=dict)
    #: People for whom "what do they help with?" was answered (support is unknown otherwise).
    support_known: int = 0
    more: int = 0
    less: int = 0
    #: People the person is not in touch with at the moment.
    not_in_touch: int = 0
    flags: tuple[Flag, ...] = ()

    @property
    def empty(self) -> bool:
        return self.people == 0

    def lines(self, where: str = "on the list") -> list[str]:
        """The shape in a few short sentences, for the worker (numbers with words); ``where``
        the people are counted ("in this copy" for a copy with parts kept private)."""
        if self.empty:
            return [f"No one {where} yet."]
        out = [
            f"{_count(self.people, 'person', 'people')} {where}: "
            + ", ".join(f"{self.circles.get(n, 0)} {CIRCLE_WORDS[n]}" for n in (1, 2, 3))
            + (f", {self.no_circle} with no circle chosen" if self.no_circle else "")
            + "."
        ]
        out.append(
            _sentence(", ".join(w for g, n in self.groups.items() for w in self._group_words(g, n)))
        )
        if self.support_known:
            given = [f"{word} {self.support.get(k, 0)}" for k, (word, _) in SUPPORT_GROUPS.items()]
            # A 0 means "no one named" only among the people whose help was talked about.
            asked = (
                ""
                if self.support_known == self.people
                else f" (talked about for {self.support_known} of {self.people} people)"
            )
            out.append(f"Help with{asked}: " + ", ".join(given) + ".")
        wants = []
        if self.more:
            wants.append(f"more contact with {self.more}")
        if self.less:
            wants.append(f"less with {self.less}")
        if wants:
            out.append(_sentence("Would like " + ", ".join(wants)))
        if self.not_in_touch:
            out.append(f"Not in touch at the moment: {self.not_in_touch}.")
        return out

    def _group_words(self, group: str, n: int) -> list[str]:
        """``["2 workers"]``; the friends' group as each kind was tagged: ``["1 friend",
        "1 neighbour", "1 person known online"]`` (no "0 friends" when none is a friend)."""
        if group != "friends":
            return [_count(n, *GROUPS[group])]
        friends = n - sum(self.among_friends.values())
        words = [_count(friends, *GROUPS[group])] if friends else []
        return words + [_count(k, *WITH_FRIENDS[kind]) for kind, k in self.among_friends.items()]


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _code(value: Any) -> str:
    """A stored value as its code: ``"family"`` in a meeting, ``{"code": "family", ...}`` in
    a plan's JSON."""
    if isinstance(value, Mapping):
        value = value.get("code")
    return str(value or "").strip().casefold()


def _circle(value: Any) -> int | None:
    if isinstance(value, Mapping):
        value = value.get("code", value.get("value"))
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and value in CIRCLE_WORDS:
        return value
    if isinstance(value, str) and value.strip().isdigit() and int(value) in CIRCLE_WORDS:
        return int(value)
    return None


def _titles(topics: tuple[str, ...], titles: Mapping[str, str]) -> list[str]:
    return [f"'{titles[t]}'" for t in topics if titles.get(t)]


def _flag(
    key: str,
    words: str,
    idea: str,
    topics: tuple[str, ...],
    titles: Mapping[str, str],
    why: str = "",
) -> Flag:
    # A topic an agency has switched off is not offered; the idea still reads on its own.
    named = _titles(topics, titles)
    where = f" ({' and '.join(named)})" if named else ""
    return Flag(key=key, words=words, idea=idea + where + ".", topics=topics, why=why)


def _help_flag(
    total: int, known: int, support: Mapping[str, int], titles: Mapping[str, str]
) -> Flag | None:
    """At most one flag about the help named: none listening, or all of one kind, or both in
    one sentence. Only when most people's help was talked about (one answer in six says
    little), and worded about those people when not everyone's was."""
    if known * 2 <= total:
        return None
    kinds = [k for k, n in support.items() if n]
    no_listening = not support["emotional"]
    one_kind = len(kinds) == 1
    if not (no_listening or one_kind):
        return None
    of_whom = "" if known == total else f"Of the {known} people whose help was talked about, "
    listen_idea = "Thinking together about who could listen, or where to meet people who might"
    if one_kind and no_listening:
        what = SUPPORT_GROUPS[kinds[0]][1]
        said = f"all the help named is {what}, and no one is named for listening and support yet"
        return _flag(
            "one_kind_no_listening",
            _sentence(of_whom + said),
            listen_idea + ", and other people for other kinds of help",
            ("resourceful_people", "community"),
            titles,
        )
    if no_listening:
        who = "no one" if of_whom else "no one on the list"
        return _flag(
            "no_emotional_support",
            _sentence(of_whom + f"{who} is named for listening and support yet"),
            listen_idea,
            ("resourceful_people", "community"),
            titles,
        )
    return _flag(
        "one_kind_of_support",
        _sentence(of_whom + f"all the help named is of one kind: {SUPPORT_GROUPS[kinds[0]][1]}"),
        "Other people for other kinds of help",
        ("resourceful_people",),
        titles,
    )


def shape_of(records: Iterable[Any], titles: Mapping[str, str] | None = None) -> Shape:
    """The shape of a network from its people (``network.people`` records or plan JSON).

    ``titles`` maps topic ids to the titles the content in use gives them (default: the
    shipped ones); a flag's idea names only topics found there. Records that are not
    mappings are ignored, as the map ignores them.
    """
    names = TOPIC_TITLES if titles is None else titles
    people = [r for r in records if isinstance(r, Mapping)]
    total = len(people)
    if not total:
        return Shape()
    circles = {n: 0 for n in CIRCLE_WORDS}
    no_circle = 0
    groups = dict.fromkeys(GROUPS, 0)
    among_friends: dict[str, int] = {}
    support = dict.fromkeys(SUPPORT_GROUPS, 0)
    support_known = more = less = not_in_touch = 0
    for person in people:
        circle = _circle(person.get("circle"))
        if circle is None:
            no_circle += 1
        else:
            circles[circle] += 1
        kind = next((_code(person[k]) for k in KIND_FIELDS if person.get(k)), "")
        groups[KIND_GROUPS.get(kind, "others")] += 1
        if kind in WITH_FRIENDS:
            among_friends[kind] = among_friends.get(kind, 0) + 1
        given = person.get("support")
        if isinstance(given, list | tuple) and given:
            support_known += 1
            for kind_of_help in {SUPPORT_KINDS.get(_code(v)) for v in given} - {None}:
                support[str(kind_of_help)] += 1
        want = _code(person.get("want"))
        more += want == "more"
        less += want == "less"
        not_in_touch += _code(person.get("contact")) == "not_now"

    flags: list[Flag] = []
    if total < SMALL_NETWORK:
        flags.append(
            _flag(
                "small",
                f"{_count(total, 'person', 'people')} on the list so far "
                f"(fewer than {SMALL_NETWORK}).",
                "Adding people and places a little at a time, at the person's pace",
                ("community", "resourceful_people"),
                names,
                why=SMALL_WHY,
            )
        )
    professionals = groups["professionals"]
    if professionals * 2 > total:
        flags.append(
            _flag(
                "mostly_professionals",
                f"Most people on the list are workers or professionals ({professionals} of "
                f"{total}).",
                "Ties outside services, with people who share an interest or someone from the past",
                ("community", "connections"),
                names,
            )
        )
    if total >= 2 and groups["family"] == total:
        flags.append(
            _flag(
                "all_family",
                f"Everyone on the list is family ({total} of {total}).",
                "Friends or groups could add other company and help",
                ("community", "resourceful_people"),
                names,
            )
        )
    placed = total - no_circle
    if placed and circles[1] == 0:
        flags.append(
            _flag(
                "no_inner_circle",
                "No one is in circle 1, the closest, yet.",
                "Asking who feels closest, or who they would like to be closer to",
                ("connections", "goals"),
                names,
            )
        )
    help_flag = _help_flag(total, support_known, support, names)
    if help_flag is not None:
        flags.append(help_flag)
    return Shape(
        people=total,
        circles=circles,
        no_circle=no_circle,
        groups={g: n for g, n in groups.items() if n},
        among_friends={k: among_friends[k] for k in WITH_FRIENDS if k in among_friends},
        support=support,
        support_known=support_known,
        more=more,
        less=less,
        not_in_touch=not_in_touch,
        flags=tuple(flags),
    )


def shape_of_plan(plan: Plan | Mapping[str, Any], titles: Mapping[str, str] | None = None) -> Shape:
    """The shape of a saved plan's network (a :class:`~assistant.plans.model.Plan`, or its
    JSON data)."""
    data = plan if isinstance(plan, Mapping) else plan.to_json()
    network = data.get("network") or {}
    people = network.get("people") if isinstance(network, Mapping) else None
    return shape_of(people if isinstance(people, list) else [], titles)


def shape_view(plan: Plan | Mapping[str, Any]) -> dict[str, Any]:
    """The shape as plain data for the export templates: ``lines`` (sentences, none when
    nobody is listed), ``flags`` (``words``, ``idea`` and ``why`` each) and ``note`` (or
    None). The shipped templates print it on the care team's copy only.

    A copy that leaves anything out at the person's wish (its audience's ``withheld``) gets
    :data:`PARTIAL_NOTE` and no flags: someone kept private would change what a flag says
    (Mum kept private leaves "mostly workers"), and the copy never says which parts are
    missing, so it cannot say whether people are."""
    data = plan if isinstance(plan, Mapping) else plan.to_json()
    shape = shape_of_plan(data)
    audience = data.get("audience")
    partial = isinstance(audience, Mapping) and bool(audience.get("withheld"))
    return {
        # "0 closest" of a copy without Mum would read as nobody close: counted as in it.
        "lines": [] if shape.empty else shape.lines("in this copy" if partial else "on the list"),
        "flags": []
        if partial
        else [{"words": f.words, "idea": f.idea, "why": f.why} for f in shape.flags],
        "note": PARTIAL_NOTE if partial and not shape.empty else None,
    }


def topic_titles(topics: Mapping[str, Any]) -> dict[str, str]:
    """The titles the content in use gives the topics a flag's idea may point to (a loaded
    content's ``topics``: id -> index with ``.topic.title``); a topic an agency switched off,
    or one without a title, is left out, so no idea sends the worker to a topic that is not
    there."""
    out: dict[str, str] = {}
    for topic_id in TOPIC_TITLES:
        title = getattr(getattr(topics.get(topic_id), "topic", None), "title", None)
        if isinstance(title, str) and title.strip():
            out[topic_id] = title.strip()
    return out


def before_line(before: Shape) -> str | None:
    """The last plan's network in one line, for a review meeting (the list today starts from
    it, so changes made today show against it); None when the last plan listed nobody."""
    if before.empty:
        return None
    return (
        f"At the last plan: {_count(before.people, 'person', 'people')}, "
        f"{before.circles.get(1, 0)} closest."
    )
