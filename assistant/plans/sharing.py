"""Who a copy of the plan may be for, and the copy itself: sharing as the person chose it.

Every export is made *for someone* (:class:`~assistant.plans.model.Audience`):

- **the person's own copy** (``person``): everything, always allowed, including the words
  about what must not be shared and the list of parts kept private;
- **the care team** (``team``): only when the person chose "My care team" in Closing;
- **a named person**: their GP (``gp``) when the person chose "My GP", or someone the person
  named (``share_who``) when they chose "Family or a carer" or "Someone else".

Any other audience is refused (:class:`SharingRefused`, whose message says whom the person
chose). A plan with no sharing answers yet (Closing not reached) can only be the person's
own copy: nobody else has been agreed to.

The care team's and the GP's copies keep the person's identifiers (reference and NHS number:
they file the plan by them); a copy for anyone else the person named leaves the NHS number
out.

A shared copy (:func:`copy_for`) leaves out every part the person marked private
(``Sharing.private``: whole sections, or single people, concerns, resourceful people, things
to try, goals, actions, the worker's actions, referrals, and Closing's answers about the
meeting: who else was there ("Also there"), who reviews the plan when someone else does and
the information given) and what is derived from them
(support lines, the network map and FHIR resources are drawn from what is left; the
connection counts go with the network, resourceful people or things to do, and each goal's
attainment with the goal; the worker's actions made for a goal or thing to try left out go
with it, and "An idea for a goal" goes whenever a goal does), the ``keep_private`` words and
the private list itself. A private section takes with it what belongs to it elsewhere in the
plan: "My connections" the contacts picked from the network
(``PersonalContact.from_network``, the same people), "Looking back" what was said at the
review about each goal and action (progress, what next, what changed, how each action went,
each goal's attainment, how each thing to try went, and how each of the worker's actions
went). "The measures" take the well-being answers and counts, now and earlier, with them. It
sets ``Plan.audience`` with ``withheld=True`` when anything was left out, and never says
what. Words typed elsewhere (a name in an action's "who" or in a goal's options) are their
own items: the Closing guidance asks the pair to mark those too.

A shared copy never names the other people the person chose to share with: a named
person's copy lists only them; the care team's and the GP's list the kinds of people chosen
("Family or a carer") without names (:func:`_sharing_shown`).

Names are matched as the person wrote them, ignoring case, spacing, full stops and a leading
"my" ("My sister, A." names "my sister" and "A", so ``--for "a"`` or ``--for "My Sister"``
match). Several names can be given, separated by commas, "and", "&", "/" or ";". A first
name alone does not match a full name, and initials do not match a name: an export goes only
to someone the person named. The words for the person's own copy, the care team and the GP
(``PERSON_WORDS``, ``TEAM_WORDS``, ``GP_WORDS``) are read as those, never as a name.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Final

from assistant.engine.functions import (
    ASKED_PREFIX,
    INFORMATION_GIVEN_ITEM,
    NETWORK_WORDS_ITEMS,
    OTHERS_PRESENT_ITEM,
    REVIEW_BY_WHO_ITEM,
)
from assistant.plans.model import (
    FILING_DETAILS,
    About,
    Agreement,
    Audience,
    Community,
    ConnectionCounts,
    Contacts,
    Goal,
    Measures,
    MeasuresPoint,
    MovingOn,
    Network,
    Opportunity,
    Participation,
    Plan,
    Resourceful,
    Review,
    Sharing,
    SupportNeed,
    Words,
    WorkerAction,
    WorkerJourney,
)
from assistant.plans.name_matching import taken_off_naming_private
from assistant.plans.outcomes import connection_counts
from assistant.plans.state import state_or_draft
from assistant.sentences import quoted

# The Closing topic's share_with codes (content/flows/closing.yaml).
NOBODY: Final = "nobody"
GP: Final = "gp"
CARE_TEAM: Final = "care_team"
NAMED_CHOICES: Final = ("family", "someone_else")

# What the command line and the dialog accept for the two audiences that are not names.
PERSON_WORDS: Final = ("person", "the person", "own", "own copy")
TEAM_WORDS: Final = ("team", "care team", "care_team", "the care team", "my care team")
GP_WORDS: Final = ("gp", "the gp", "my gp")
GP_NAME: Final = "GP"

# Names are split at commas, semicolons and lines, and at "and", "&" or "+" between spaces
# ("Ann and Dan", "Mum & Dad"). Never inside a word: "mum/dad", "Mind/Rethink advocate" or
# "<b>x</b>" cut there made recipients nobody named, who were then allowed a copy.
_SPLIT = re.compile(r"\s*(?:[,;\n]|\s(?:and|&|\+)\s)\s*", re.IGNORECASE)
_DOTS = re.compile(r"[.\u2024\u3002]")
_SPACES = re.compile(r"\s+")


# Why a copy is not offered (Recipient.reason), to follow its label and a colon. They name
# no topic: the screen says where the person chooses, by the title the content shows.
NOT_CHOSEN: Final = "not chosen"
NOT_CHOSEN_YET: Final = "not chosen yet"
NOBODY_NAMED: Final = "chosen, but nobody was named yet"


class SharingRefused(ValueError):
    """A copy for someone the person did not choose; the message says whom they chose."""


@dataclass(frozen=True)
class Recipient:
    """Someone a copy might be for, and whether the person agreed to it."""

    key: str  # what to give `--for` (person, team, gp, or the name)
    label: str  # plain words for a screen or a message
    audience: Audience
    allowed: bool
    reason: str = ""  # why not, when not allowed


def _fold(text: str) -> str:
    """A name as compared: case, spacing, full stops and a leading "my" do not count."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _SPACES.sub(" ", _DOTS.sub(" ", text)).strip()
    return text.removeprefix("my ").strip()


def named_people(plan: Plan) -> list[str]:
    """The names in the person's "Who exactly?" answer, as they wrote them."""
    words = plan.sharing.share_who.text if plan.sharing.share_who is not None else ""
    names = [part.strip(" .") or part.strip() for part in _SPLIT.split(words)]
    return [name for name in dict.fromkeys(names) if _fold(name)]


def _chosen(plan: Plan) -> set[str]:
    return {c.code for c in plan.sharing.share_with}


def _whose(plan: Plan) -> str:
    """The person's name with "'s" ("Sam's"), or "Your" without a name: the dialog is read
    with the person at the screen, so never "their"."""
    name = plan.about.name.text if plan.about.name is not None else plan.person.display_name
    name = (name or "").strip()
    return f"{name}'s" if name else "Your"


def recipients(plan: Plan) -> list[Recipient]:
    """Everyone a copy could be for: the person, the care team, the GP and each named person,
    each with whether the person agreed (and why not, in a few words to follow a colon:
    "not chosen", "not chosen yet"). The labels name the person ("Sam's own copy"): they
    are read with the person at the screen."""
    chosen = _chosen(plan)
    undecided = not chosen
    not_chosen = NOT_CHOSEN_YET if undecided else NOT_CHOSEN
    whose = _whose(plan)
    found = [
        Recipient(
            "person",
            f"{whose} own copy (everything)",
            Audience(kind="person"),
            True,
        )
    ]
    for key, code, label, audience in (
        ("team", CARE_TEAM, "The care team", Audience(kind="team")),
        ("gp", GP, f"{whose} GP", Audience(kind="named", name=GP_NAME)),
    ):
        if code in chosen:
            found.append(Recipient(key, label, audience, True))
        else:
            found.append(Recipient(key, label, audience, False, not_chosen))
    names = named_people(plan)
    by = "you" if whose == "Your" else whose.removesuffix("'s")
    if chosen & set(NAMED_CHOICES):
        found += [
            Recipient(name, f"{name} (named by {by})", Audience(kind="named", name=name), True)
            for name in names
        ]
        if not names:
            found.append(
                Recipient(
                    "",
                    "Family, a carer or someone else",
                    Audience(kind="named"),
                    False,
                    NOBODY_NAMED,
                )
            )
    else:
        reason = not_chosen
        found.append(
            Recipient("", "Family, a carer or someone else", Audience(kind="named"), False, reason)
        )
    return found


def agreed_words(plan: Plan) -> str:
    """Whom the person agreed to, in a sentence's words ("their own copy, the care team")."""
    allowed = [r for r in recipients(plan) if r.allowed]
    words = []
    for r in allowed:
        if r.audience.kind == "person":
            words.append("their own copy")
        elif r.audience.kind == "team":
            words.append("the care team")
        elif r.audience.name == GP_NAME and r.key == "gp":
            words.append("their GP")
        else:
            words.append(quoted(r.audience.name))
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " and " + words[-1]


def _refusal(plan: Plan, asked: str) -> SharingRefused:
    chosen = _chosen(plan)
    if not chosen:
        why = (
            "They have not said yet who else may see the plan, so only their own copy can be made."
        )
    elif chosen == {NOBODY}:
        why = "They chose that nobody else sees the plan, so only their own copy can be made."
    else:
        why = f"They agreed to: {agreed_words(plan)}."
    return SharingRefused(f"The person did not agree to share the plan with {asked}. {why}")


def audience_for(plan: Plan, asked: str) -> Audience:
    """The audience for ``asked`` (person, team, gp or a name), or :class:`SharingRefused`."""
    folded = _fold(asked)
    if not folded:
        raise SharingRefused(
            f"Say whom the copy is for. The person agreed to: {agreed_words(plan)}."
        )
    chosen = _chosen(plan)
    if folded in PERSON_WORDS:
        return Audience(kind="person")
    if folded in {_fold(w) for w in TEAM_WORDS}:
        if CARE_TEAM in chosen:
            return Audience(kind="team")
        raise _refusal(plan, "the care team")
    if folded in {_fold(w) for w in GP_WORDS}:
        if GP in chosen:
            return Audience(kind="named", name=GP_NAME)
        raise _refusal(plan, "their GP")
    if chosen & set(NAMED_CHOICES):
        whole = plan.sharing.share_who.text if plan.sharing.share_who is not None else ""
        for name in named_people(plan):
            if folded == _fold(name):
                return Audience(kind="named", name=name)
        if whole and folded == _fold(whole):
            return Audience(kind="named", name=whole.strip())
    raise _refusal(plan, f'"{asked}"')


def waits_for_agreement(plan: Plan, audience: Audience) -> str | None:
    """Why a copy for ``audience`` waits until the plan is agreed, or None.

    A draft is work in progress: the person has not agreed what it says. Their own copy (to
    read it over) and the care team's (the agency's own record, marked DRAFT) can be made;
    a copy for anyone outside the agency (their GP, someone they named) waits until it is
    agreed, even where they said that person may see the plan."""
    if audience.kind != "named":
        return None
    if state_or_draft(plan).agreed:
        return None
    whom = "their GP" if audience.name == GP_NAME else "someone they named"
    return (
        f"This plan is a draft, not agreed yet. A copy for {whom} waits until it is agreed: "
        "their own copy and the care team's can be made now."
    )


def is_allowed(plan: Plan, audience: Audience) -> bool:
    """Whether the person agreed to a copy for ``audience``."""
    if audience.kind == "person":
        return True
    try:
        found = audience_for(plan, "team" if audience.kind == "team" else audience.name or "")
    except SharingRefused:
        return False
    return found.kind == audience.kind


def _support_kept(plan: Plan, kept: Plan, sections: set[str]) -> list[SupportNeed]:
    """Support lines whose source is still in the shared copy (they are drawn from it)."""
    gone = {o.what for o in plan.community.opportunities} - {
        o.what for o in kept.community.opportunities
    }
    lines = []
    for need in plan.support_needed:
        if need.kind == "life_area" and "life_areas" in sections:
            continue
        if need.kind == "people" and "resourceful" in sections:
            continue
        if need.kind == "going_along" and (
            "community" in sections or any(need.text.endswith(f": {w}") for w in gone)
        ):
            continue
        lines.append(need)
    return lines


def _without_review(goal: Goal) -> Goal:
    """``goal`` without what was said about it, and its actions, at a review (how far it
    has come, its attainment, is said there too)."""
    actions = [a.model_copy(update={"status": None, "review_notes": None}) for a in goal.actions]
    return goal.model_copy(
        update={
            "progress": None,
            "next": None,
            "change_notes": None,
            "actions": actions,
            "attainment": None,
            "attainment_history": [],
        }
    )


def _try_without_review(opportunity: Opportunity) -> Opportunity:
    """A thing to try without how it went, said at a review."""
    return opportunity.model_copy(update={"status": None, "status_history": []})


# The sections social connection is counted from (outcomes.connection_counts): a copy that
# leaves one out leaves out the counts too, which would otherwise tell of it.
_COUNTED_FROM: Final = frozenset({"network", "resourceful", "community"})


def _counted_ids(plan: Plan) -> set[str]:
    """The ids of the items connection is counted from: people in the network, resourceful
    people and things to try, and people kept private since taken off their list (an
    earlier version counted them)."""
    ids = {p.id for p in plan.network.people}
    ids |= {p.id for d in plan.resourceful.domains for p in d.people}
    ids |= {k.id for k in plan.sharing.kept_names}
    return ids | {o.id for o in plan.community.opportunities}


def _measures_shared(plan: Plan, kept: Plan, sections: set[str], items: set[str]) -> Measures:
    """The measures as a shared copy shows them: none when the section is private.

    This version's connection counts are counted again from the copy (``kept``), so a
    person, a resourceful person or a thing to try kept private is not counted either;
    none when a whole section they come from is private. Earlier versions' counts cannot
    be counted again: they go when anything they were counted from is private. Things to
    try started and kept up are said at a review: they go with private Looking back. Each
    earlier version's attainment stays only for the goals the copy keeps, and none when
    looking back is private."""
    if "measures" in sections:
        return Measures()
    kept_goals = set() if "review" in sections else {g.id for g in kept.goals}
    whole = not (sections & _COUNTED_FROM)
    untouched = whole and not (items & _counted_ids(plan))
    looking_back = "review" not in sections

    def shared(counts: ConnectionCounts | None) -> ConnectionCounts | None:
        if counts is None or looking_back:
            return counts
        counts = counts.model_copy(update={"activities_started": None, "activities_kept_up": None})
        return None if counts == ConnectionCounts() else counts

    def point(p: MeasuresPoint) -> MeasuresPoint:
        return p.model_copy(
            update={
                "connections": shared(p.connections) if untouched else None,
                "attainment": {k: v for k, v in p.attainment.items() if k in kept_goals},
            }
        )

    now = plan.measures.connections
    if now is not None and whole and not untouched:
        # Counted from what the copy holds; a count not taken in the plan stays not taken.
        recounted = connection_counts(kept, now)
        now = recounted.model_copy(
            update={
                name: None
                for name in ConnectionCounts.model_fields
                if name != "circles" and getattr(now, name) is None
            }
        )
    return plan.measures.model_copy(
        update={
            "connections": shared(now) if whole else None,
            "history": [point(p) for p in plan.measures.history],
        }
    )


def without_private(plan: Plan) -> Plan:
    """The plan without the parts marked private, the keep_private words and the marks."""
    sections = {p.code for p in plan.sharing.private if p.kind == "section"}
    items = {p.code for p in plan.sharing.private if p.kind == "item"}
    network = (
        Network()
        if "network" in sections
        else plan.network.model_copy(
            update={
                "people": [p for p in plan.network.people if p.id not in items],
                # What I notice, and the rest, kept private one by one.
                **{
                    path.partition(".")[2]: None
                    for code, path, _ in NETWORK_WORDS_ITEMS
                    if code in items
                },
            }
        )
    )
    resourceful = (
        Resourceful()
        if "resourceful" in sections
        else plan.resourceful.model_copy(
            update={
                "domains": [
                    d.model_copy(update={"people": [p for p in d.people if p.id not in items]})
                    for d in plan.resourceful.domains
                ]
            }
        )
    )
    community = Community() if "community" in sections else _community_shared(plan, items)
    goals = (
        []
        if "goals" in sections
        else [
            g.model_copy(update={"actions": [a for a in g.actions if a.id not in items]})
            for g in plan.goals
            if g.id not in items
        ]
    )
    worker_journey = (
        WorkerJourney()
        if "worker_journey" in sections
        else WorkerJourney(
            actions=[
                a
                for a in plan.worker_journey.actions
                if a.id not in items and not _for_left_out(a, plan, goals, community)
            ]
        )
    )
    if "goals" in sections or len(goals) < len(plan.goals):
        # "An idea for a goal" (People who could help) is often the very goal the person
        # keeps private, in other words: nothing says which goal it became, so it goes
        # whenever a goal does.
        resourceful = resourceful.model_copy(update={"goal_idea": None})
    if "review" in sections:
        # Looking back is also what was said about each goal and action at the review
        # (progress, what next, what changed, how each action went): those go with it,
        # and so does how each of the worker's actions went.
        goals = [_without_review(g) for g in goals]
        community = community.model_copy(
            update={"opportunities": [_try_without_review(o) for o in community.opportunities]}
        )
        worker_journey = WorkerJourney(
            actions=[
                a.model_copy(update={"status": None, "found_out": None})
                for a in worker_journey.actions
            ]
        )
    contacts = (
        Contacts()
        if "contacts" in sections
        else plan.contacts.model_copy(
            update={
                "personal": [
                    c
                    for c in plan.contacts.personal
                    # A contact picked from the network is a person in it (same id): keeping
                    # the network private keeps them private as a contact too.
                    if c.id not in items and not (c.from_network and "network" in sections)
                ],
                "professional": [c for c in plan.contacts.professional if c.id not in items],
            }
        )
    )
    kept = plan.model_copy(
        update={
            "about": About() if "about" in sections else plan.about,
            "participation": _participation_shared(plan, sections, items),
            "agreement": _agreement_shared(plan.agreement, items),
            "life_areas": [] if "life_areas" in sections else plan.life_areas,
            "focus_talk": None if "life_areas" in sections else plan.focus_talk,
            "network": network,
            "concerns": (
                [] if "concerns" in sections else [c for c in plan.concerns if c.id not in items]
            ),
            "resourceful": resourceful,
            "community": community,
            "goals": goals,
            "worker_journey": worker_journey,
            "moving_on": MovingOn() if "moving_on" in sections else plan.moving_on,
            "hard_times": None if "hard_times" in sections else plan.hard_times,
            "contacts": contacts,
            "review": None if "review" in sections else _review_shared(plan.review, sections),
            "referrals": (
                [] if "referrals" in sections else [r for r in plan.referrals if r.id not in items]
            ),
            # A private section's list emptied is about that section too.
            "emptied_lists": [code for code in plan.emptied_lists if code not in sections],
            "none_right_now": None
            if plan.none_right_now is None
            else [code for code in plan.none_right_now if code not in sections],
            # What was taken off a list private, or marked private when it went, stays out.
            "taken_off": [
                t
                for t in plan.taken_off
                if not t.private
                and t.id not in items
                and ("goals" if t.kind == "goal" else "network") not in sections
            ],
            # The person's own words about what is private, and the marks, name what is kept
            # back: neither goes in a shared copy.
            # The names kept of people taken off their list name someone kept private.
            "sharing": plan.sharing.model_copy(
                update={"keep_private": None, "private": [], "kept_names": []}
            ),
        }
    )
    return kept.model_copy(
        update={
            "support_needed": _support_kept(plan, kept, sections),
            # Counted again from what the copy keeps (private items are not counted).
            "measures": _measures_shared(plan, kept, sections, items),
        }
    )


def _participation_shared(plan: Plan, sections: set[str], items: set[str]) -> Participation:
    """Who took part, without what the person keeps private: what helps when we talk is
    about the person too (kept back with About me), and who else was there can be kept
    private on its own (it can name someone the person keeps private)."""
    update: dict[str, object] = {}
    if "about" in sections:
        update["what_helps"] = None
    if OTHERS_PRESENT_ITEM in items:
        update["others_present"] = None
    return plan.participation.model_copy(update=update) if update else plan.participation


def _agreement_shared(agreement: Agreement, items: set[str]) -> Agreement:
    """The agreement without Closing's answers the person keeps private one by one: who
    reviews the plan (offered to mark only when someone else does) and the information
    given (both can name someone the person keeps private)."""
    update: dict[str, object] = {}
    if REVIEW_BY_WHO_ITEM in items:
        update["reviewer"] = None
    if INFORMATION_GIVEN_ITEM in items:
        update["information_given"] = None
    return agreement.model_copy(update=update) if update else agreement


def _sharing_shown(plan: Plan, sharing: Sharing, audience: Audience) -> Sharing:
    """The sharing answers as a copy for ``audience`` shows them: never the name of anyone
    else the person chose (whom they share with is their own business).

    A named person's copy lists only them (under the kinds of people the person chose names
    from: "Family or a carer", "Someone else"). The care team's and the GP's copies list the
    kinds of people chosen without any names ("Who exactly" is left out), and a named kind
    only when someone was named (else nobody can have a copy under it).
    """
    named_codes = [c for c in sharing.share_with if c.code in NAMED_CHOICES]
    if audience.kind == "named" and audience.name != GP_NAME:
        who = sharing.share_who or Words(text="")
        return sharing.model_copy(
            update={
                "share_with": named_codes,
                "share_who": who.model_copy(update={"text": audience.name or ""}),
            }
        )
    keep_named = bool(named_people(plan))
    return sharing.model_copy(
        update={
            "share_with": [
                c for c in sharing.share_with if c.code not in NAMED_CHOICES or keep_named
            ],
            "share_who": None,
        }
    )


def names_left_out(plan: Plan) -> bool:
    """Whether ``plan`` is a care team's or GP's copy that leaves out the names of people the
    person named (:func:`copy_for` keeps a named kind there only when someone was named)."""
    audience = plan.audience
    if audience is None or not (
        audience.kind == "team" or (audience.kind == "named" and audience.name == GP_NAME)
    ):
        return False
    return plan.sharing.share_who is None and bool(_chosen(plan) & set(NAMED_CHOICES))


def _content(plan: Plan) -> dict[str, object]:
    """The plan's parts, without the sharing answers and the audience (for comparing)."""
    data = plan.model_dump(mode="json", exclude={"sharing", "audience"})
    return dict(data)


def _for_left_out(
    action: WorkerAction, plan: Plan, goals: list[Goal], community: Community
) -> bool:
    """Whether ``action`` was made for a goal or thing to try the copy leaves out (kept
    private as an item or with its section): one the person asked for it (its id is that
    goal's or thing's, after ``asked-``), or one whose "what it is for" names it. The
    worker writes "what it is for" freely, often as the goal's own words, and what the
    worker will do for a private goal tells of the goal ("Ring the leisure centre" for "Go
    swimming again"): it is left out with it. Words are compared as names are (case,
    spacing and full stops do not count), either way round."""
    kept = {g.id for g in goals} | {o.id for o in community.opportunities}
    left_out = {g.id: g.what for g in plan.goals if g.id not in kept}
    left_out |= {o.id: o.what for o in plan.community.opportunities if o.id not in kept}
    if action.id.startswith(ASKED_PREFIX) and action.id.removeprefix(ASKED_PREFIX) in left_out:
        return True
    private = [_fold(w) for w in left_out.values() if _fold(w)]
    why = _fold(action.why or "")
    return bool(why) and any(w in why or why in w for w in private)


def _review_shared(review: Review | None, sections: set[str]) -> Review | None:
    """Looking back without what was said about moving on when moving on is kept private
    (how meetings go from now on, what would help the person feel ready)."""
    if review is None or "moving_on" not in sections:
        return review
    kept = review.model_copy(update={"moving_on": None, "moving_on_help": None})
    return kept if kept != Review() else None  # nothing left: no empty "Looking back"


def _community_shared(plan: Plan, items: set[str]) -> Community:
    """Things to do without the things to try kept private, and without the directory picks
    they came from (else a shared copy would still name the group among the picks)."""
    hidden = [o for o in plan.community.opportunities if o.id in items]
    gone = {o.directory.code for o in hidden if o.directory is not None}
    return plan.community.model_copy(
        update={
            "opportunities": [o for o in plan.community.opportunities if o.id not in items],
            "from_directory": [p for p in plan.community.from_directory if p.code not in gone],
        }
    )


def without_flags(plan: Plan) -> Plan:
    """``plan`` without the referrals' access-criteria flags: the worker's notes, which
    only the care team's copy keeps (the person's own copy, the easy read and copies for
    people the person named leave them out)."""
    if not any(r.flags for r in plan.referrals):
        return plan
    return plan.model_copy(
        update={"referrals": [r.model_copy(update={"flags": []}) for r in plan.referrals]}
    )


def referrals_for(plan: Plan, audience: Audience) -> Plan:
    """``plan`` with its referrals as ``audience`` may see them: what would be shared only
    when the person agreed to sharing (with a no nothing is shared, whatever was typed);
    the suggested wording only in the person's own copy and the care team's (it is theirs
    to send); the worker's flags only in the team's (:func:`without_flags`)."""
    message = audience.kind in ("person", "team")
    changed = False
    referrals = []
    for r in plan.referrals:
        update: dict[str, object] = {}
        if r.consent is False and r.shared is not None:
            update["shared"] = None
        if not message and r.message is not None:
            update["message"] = None
        if audience.kind != "team" and r.flags:
            update["flags"] = []
        changed = changed or bool(update)
        referrals.append(r.model_copy(update=update) if update else r)
    return plan.model_copy(update={"referrals": referrals}) if changed else plan


def copy_for(plan: Plan, audience: Audience) -> Plan:
    """The copy of ``plan`` for ``audience``: everything for the person; for anyone else the
    plan without its private parts, ``audience.withheld`` saying whether anything was left out.
    Only the care team's copy keeps the worker's referral flags, only the person's and the
    team's the suggested wording (:func:`referrals_for`).

    Raises :class:`SharingRefused` when the person did not agree to that audience.
    """
    if audience.kind == "person":
        mine = referrals_for(plan, audience)
        return mine.model_copy(update={"audience": Audience(kind="person")})
    if not is_allowed(plan, audience):
        who = "the care team" if audience.kind == "team" else f'"{audience.name or ""}"'
        raise _refusal(plan, who)
    waiting = waits_for_agreement(plan, audience)
    if waiting:
        raise SharingRefused(waiting)
    kept = without_private(plan)
    # A line of a goal taken off that names someone kept private: it can no longer be
    # reworded or marked, so it is left out rather than only warned about.
    naming = taken_off_naming_private(plan)
    if naming:
        kept = kept.model_copy(
            update={"taken_off": [t for t in kept.taken_off if t.id not in naming]}
        )
    withheld = plan.sharing.keep_private is not None or _content(kept) != _content(plan)
    kept = kept.model_copy(update={"sharing": _sharing_shown(plan, kept.sharing, audience)})
    if audience.kind == "named" and audience.name != GP_NAME:
        # The NHS number (with the date of birth, which identifies the person with it) is
        # for the care team and the GP, who file the plan by it; family or a friend the
        # person named does not need them (the agency's reference stays: it is how they can
        # ask the team about the plan). Not a part the person kept back, so ``withheld``
        # does not count it. (The gender is in no copy: plans.model.IDENTIFYING.)
        person = kept.person.model_copy(update=dict.fromkeys(FILING_DETAILS))
        kept = kept.model_copy(update={"person": person})
    if audience.kind == "named":
        kept = _without_words_before(_without_left_today(kept))
    # A person taken off My connections may have been taken off because they should not be
    # in the plan: only the person's own copy and the full record say who went. A goal
    # taken off likewise for the GP or someone the person named: taking a goal off can be
    # how something is taken out of a plan others read, as rewording it can
    # (_without_words_before); the care team, who had the version before, keeps the line.
    kept = kept.model_copy(
        update={
            "taken_off": [
                t for t in kept.taken_off if t.kind != "person" and audience.kind != "named"
            ]
        }
    )
    # The worker's flags and the wording to send are not the person's: not "withheld".
    kept = referrals_for(kept, audience)
    update: dict[str, Any] = {"audience": audience.model_copy(update={"withheld": withheld})}
    if withheld:
        # Which lists were emptied would set apart the empty parts kept private (the copies'
        # words say the same neutral thing under every empty part): the JSON copy too.
        update["emptied_lists"] = []
        # Which were given empty on purpose ("no one right now") would, likewise.
        update["none_right_now"] = []
    return kept.model_copy(update=update)


def _without_words_before(plan: Plan) -> Plan:
    """For the GP or someone the person named: a goal's words before they were changed are
    not shown. Rewording a goal can be how something is taken out of a plan others read;
    the person's own copy and the care team's (who had the version before) keep them."""
    if not any(goal.words_before for goal in plan.goals):
        return plan
    goals = [goal.model_copy(update={"words_before": None}) for goal in plan.goals]
    return plan.model_copy(update={"goals": goals})


def _without_left_today(plan: Plan) -> Plan:
    """For the GP or someone the person named: a life area left for today is not said to
    have been left. The person may have left it (feeling safe, family) because of who reads
    this copy; the person's own copy and the care team's say so. An area with nothing else
    to show (no rating before, no "more help?") is left out, as it was before areas left for
    today were listed; one with earlier ratings reads "not rated this time". The same for an
    area left for another day at the last meeting (``left_last_time``). Not a part the
    person kept back, so ``withheld`` does not count it."""
    left = {"left_today": False, "left_last_time": False}
    areas = [
        area.model_copy(update=left) if area.left_today or area.left_last_time else area
        for area in plan.life_areas
        if not (
            (area.left_today or area.left_last_time) and not area.history and area.more_help is None
        )
    ]
    if areas == plan.life_areas:
        return plan
    return plan.model_copy(update={"life_areas": areas})


def shared_copy(plan: Plan, asked: str) -> Plan:
    """The copy for ``asked`` (person, team, gp or a name the person gave), or
    :class:`SharingRefused`."""
    return copy_for(plan, audience_for(plan, asked))


def audience_words(audience: Audience) -> str:
    """Who a copy is for, in plain words (for the audit trail and messages)."""
    if audience.kind == "person":
        return "the person's own copy"
    if audience.kind == "team":
        return "the care team"
    return f"{audience.name} (named by the person)" if audience.name != GP_NAME else "their GP"


def name_part(name: str) -> str:
    """A named person's part of a file name: ``named-`` and a short code worked out from the
    name (``named-3f9a2c``), the same for that person on every export and different for
    another, so two people's copies in one folder are never taken for each other. Never the
    name itself: a file name is seen in folder listings, attachments and backups, and a
    third person's name beside a mental-health plan is a personal detail. (Not a secret:
    anyone with a list of names could work the code out; it only keeps names off the
    disk's listings. The export says whose copy each file is.)"""
    code = hashlib.sha256(unicodedata.normalize("NFC", name).strip().casefold().encode())
    return f"named-{code.hexdigest()[:6]}"


def file_tail(audience: Audience | None) -> str:
    """What a shared copy's file name gets before its suffix, so copies for different people
    differ on disk (``plan-v2-for-care-team.html``, ``plan-v2-for-named-3f9a2c.html``: a
    code for each person named, :func:`name_part`). Never a name: file names hold no
    personal details. Empty for the person's own copy."""
    if audience is None or audience.kind == "person":
        return ""
    if audience.kind == "team":
        return "-for-care-team"
    if audience.name == GP_NAME:
        return "-for-gp"
    return f"-for-{name_part(audience.name or '')}"


def file_name(name: str, suffix: str, audience: Audience | None) -> str:
    """``name`` (ending in ``suffix``) with :func:`file_tail` put before the suffix."""
    tail = file_tail(audience)
    if not tail or not name.endswith(suffix):
        return name
    return f"{name.removesuffix(suffix)}{tail}{suffix}"


def must_not_share_notice(plan: Plan, audience: Audience | None) -> str:
    """For the worker making a copy of ``plan`` for someone other than the person: a reminder
    that the person said, in their own words, what else must not be shared (``keep_private``).
    The copy leaves those words out, but no check can tell whether it still says what they
    asked to keep back ("Don't tell the GP that my mum rings every day"): the worker reads
    them again before sending. Never the words themselves (the worker's screen may be seen,
    a terminal's output kept). Empty for the person's own copy, or when they said nothing."""
    said = plan.sharing.keep_private
    if audience is None or audience.kind == "person" or said is None or not said.text.strip():
        return ""
    return (
        "The person said what must not be shared (in their own copy). Those words are left "
        "out here: check this copy says none of it before you send it."
    )
