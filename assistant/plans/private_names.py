"""Private people named elsewhere: where a shared copy would still name someone kept private.

Marking "Person: Ann" private leaves Ann out of the network map of a shared copy, but the
person's own words elsewhere ("A good week: seeing Ann", an action "Text Ann") are their own
parts of the plan and stay in. :func:`private_names_found` finds each private person's name
in the parts a shared copy would include (:func:`assistant.plans.sharing.without_private`)
and says where, with the smallest part that can be marked private to leave it out, so the
worker can ask the person and mark it before anything is sent. Every free text a shared copy
keeps is looked at (:func:`_places`), Closing's answers about the meeting too ("Also there",
who reviews the plan when someone else does and the information given can each be marked
on their own).

A name is matched as a whole word, ignoring case and accents ("ann" and "Änn" match "Ann";
"Annie" and "Joanna" do not). A name of several words also matches its first word when that
is a real name (two letters or more, not "my" or "the"): "Ann Smith" is found in "see Ann".
A name written with a word in brackets, as a list often has it, matches each part that names
the person (:func:`assistant.plans.name_matching.name_words`): "Carol (Mum)" is found in
"see Carol" and in "my mum's phone calls", a family word or a name in brackets being how the
person speaks of them. Each part between commas in the brackets is read on its own: "Mum
(Carol, next door)" is found in "Carol", "Pat (neighbour, Patricia)" in "Patricia". A word
with a capital counts whatever it is ("Catherine (Cat)"); a part of one word in lower case
counts when the name outside only says how they are related ("Mum (carol)"), and so does a
part of up to three such words, whole and by its first word ("Mum (carol smith)" is found in
"carol smith" and "carol"; "Dad (every day)" in nothing). Role words, and
everyday words in lower case, describe many people and are not matched ("Jo (support
worker)" is not found in "the support group", nor "Sam (friend from work)" in "a new
friend", nor "Dave (neighbour, lives next door)" in "lives near", nor "Tim (gym)" in "the
gym", nor "Sue (bingo)" in "bingo"), nor words after a linking
word ("from work"), nor another person's possessive and what follows it ("Jo (Ann's
sister)" is neither Ann nor the person's sister).

:func:`mask_private_names` puts "[a person kept private]" in place of those names (the
supervision notes use it: they are not the person's plan and cannot be marked part by part).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Final

from assistant.engine.functions import (
    INFORMATION_GIVEN_ITEM,
    NETWORK_WORDS_ITEMS,
    OTHERS_PRESENT_ITEM,
    PLAN_SECTIONS,
    REVIEW_BY_WHO_ITEM,
)
from assistant.plans.from_session import REVIEWER_MY_WORKER
from assistant.plans.model import Audience, Plan, PrivatePart, Words
from assistant.plans.name_matching import counts, name_words, names_in, pattern_for, private_pattern
from assistant.plans.sharing import without_private
from assistant.text_fold import fold

#: What stands in for a private person's name where it cannot be left out.
MASK: Final = "[a person kept private]"
# The plan sections' words, as Closing's "keep private" question offers them.
_SECTIONS: Final = {code: label for code, label, _ in PLAN_SECTIONS}


@dataclass(frozen=True)
class NamedPlace:
    """A private person's name found in a part a shared copy would include."""

    name: str  # the private person's name, as written
    where: str  # plain words for the place ("A good week", "Goal: Walk – what is going well")
    part: PrivatePart | None  # the part to mark private to leave it out (None: cannot be)


def _text(value: Words | str | None) -> str:
    if isinstance(value, Words):
        return value.text
    return value or ""


def _section(code: str) -> PrivatePart:
    return PrivatePart(kind="section", code=code, label=f"All of: {_SECTIONS[code]}")


def _item(code: str, label: str) -> PrivatePart:
    return PrivatePart(kind="item", code=code, label=label)


def _places(plan: Plan, named_copy: bool = False) -> Iterable[tuple[str, str, PrivatePart | None]]:
    """Every piece of the person's words in ``plan``: (text, where, part to mark).
    ``named_copy``: for the GP or someone the person named, whose copy leaves out a goal's
    words before a change (:func:`assistant.plans.sharing.copy_for`)."""
    about = plan.about
    for field, where in (
        (about.name, "What I like to be called"),
        (about.what_matters, "What matters to me"),
        (about.interests, "What I enjoy"),
        (about.strengths, "What I am good at"),
        (about.hopes, "My hopes"),
        (about.good_week, "A good week"),
    ):
        yield _text(field), where, _section("about")
    yield (
        _text(plan.focus_talk),
        "How things are going: what we said about it",
        _section("life_areas"),
    )
    yield (
        _text(plan.participation.what_helps),
        "What helps me when we talk",
        _section("about"),
    )
    net = plan.network
    for person in net.people:
        label = f"Someone in my life: {person.name}"
        yield person.name, label, _item(person.id, label)
    for code, path, where in NETWORK_WORDS_ITEMS:
        # Each can be marked on its own: marking the section would keep back everyone in it.
        text = _text(getattr(net, path.partition(".")[2]))
        yield text, where, _item(code, f"{where}: {text}")
    for concern in plan.concerns:
        label = f"What makes it hard: {concern.words or 'a concern'}"
        part = _item(concern.id, label)
        yield concern.words or "", label, part
        for field in (concern.hard, concern.helped_before, concern.might_help):
            yield _text(field), label, part
    res = plan.resourceful
    for domain in res.domains:
        for helper in domain.people:
            label = f"Could help: {helper.who}"
            yield helper.who, label, _item(helper.id, label)
    for field, where in (
        (res.meaning, "What makes someone good to know"),
        (res.goal_idea, "People who could help: an idea for a goal"),
        (res.can_offer, "What I could help others with"),
    ):
        yield _text(field), where, _section("resourceful")
    com = plan.community
    for field, where in (
        (com.shared_interest, "Things to do: a shared interest"),
        (com.try_new, "Things to do: something new"),
    ):
        yield _text(field), where, _section("community")
    for opp in com.opportunities:
        label = f"To try: {opp.what}"
        part = _item(opp.id, label)
        for text in (opp.what, _text(opp.go_along_who), _text(opp.easier)):
            yield text, label, part
    for goal in plan.goals:
        part = _item(goal.id, f"Goal: {goal.what}")
        yield goal.what, f"Goal: {goal.what}", part
        if not named_copy:
            yield (
                goal.words_before or "",
                f"Goal: {goal.what} – the words before the change",
                part,
            )
        for field, what in (
            (goal.going_well, "what is going well"),
            (goal.hard, "what makes it hard"),
            (goal.best_case, "the best that could happen"),
            (goal.smallest_step, "the smallest step"),
            (goal.change_notes, "what changed"),
        ):
            yield _text(field), f"Goal: {goal.what} – {what}", part
        for option in goal.options:
            yield option.text, f"Goal: {goal.what} – what could be done", part
        if goal.levels is not None:
            for level in (goal.levels.now, goal.levels.expected, goal.levels.better):
                yield level or "", f"Goal: {goal.what} – how we will know", part
        for barrier in goal.barriers:
            for text in (barrier.barrier, barrier.way_past or ""):
                yield text, f"Goal: {goal.what} – what might get in the way", part
        for action in goal.actions:
            label = f"Action: {action.what}"
            act = _item(action.id, label)
            who = action.who.name if action.who is not None else None
            for text in (action.what, who or "", _text(action.review_notes)):
                yield text, label, act
    for worker in plan.worker_journey.actions:
        label = f"My worker will: {worker.what}"
        part = _item(worker.id, label)
        for text in (worker.what, worker.why or "", _text(worker.found_out)):
            yield text, label, part
    yield _text(plan.moving_on.picture), "When I need the service less", _section("moving_on")
    for referral in plan.referrals:
        label = f"Getting in touch with: {referral.to}"
        part = _item(referral.id, label)
        for text in (
            referral.to,
            referral.route_detail or "",
            _text(referral.shared),
            _text(referral.message),
            _text(referral.notes),
        ):
            yield text, label, part
    if plan.hard_times is not None:
        ht = plan.hard_times
        for field in (
            ht.early_signs,
            ht.what_helps,
            ht.what_does_not_help,
            ht.contact_day,
            ht.contact_night,
            ht.others_do,
        ):
            yield _text(field), "My plan for hard times", _section("hard_times")
    con = plan.contacts
    for field in (con.how_to_contact, con.communication):
        yield _text(field), "How to reach me", _section("contacts")
    for contact in con.personal:
        label = f"Contact: {contact.name}"
        for text in (contact.name, contact.how_to_reach or ""):
            yield text, label, _item(contact.id, label)
    for pro in con.professional:
        label = f"Contact: {pro.name}"
        for text in (pro.name, pro.role or "", pro.how_to_reach or ""):
            yield text, label, _item(pro.id, label)
    if plan.review is not None:
        rev = plan.review
        for field, where in (
            (rev.network_changes, "Looking back: changes in my network"),
            (rev.keep, "Keep doing"),
            (rev.change, "Change"),
            (rev.stop, "Stop doing"),
            (rev.moving_on_help, "Looking back: what would help me feel ready"),
        ):
            yield _text(field), where, _section("review")
    agreement = plan.agreement
    for field in (agreement.person_not_agreed, agreement.worker_not_agreed):
        yield _text(field), "What was not agreed", None
    # The Closing answers about this meeting: each can be kept private on its own (labels as
    # the engine's plan_parts() offers them).
    if not _is_the_worker(plan, agreement.reviewer):
        reviewer = agreement.reviewer or ""
        where = "Who will review it with me"
        yield reviewer, where, _item(REVIEW_BY_WHO_ITEM, f"{where}: {reviewer}")
    others = _text(plan.participation.others_present)
    yield others, "Also there", _item(OTHERS_PRESENT_ITEM, f"Also there: {others}")
    given = _text(agreement.information_given)
    where = "Information and advice given"
    yield given, where, _item(INFORMATION_GIVEN_ITEM, f"{where}: {given}")


def _is_the_worker(plan: Plan, reviewer: str | None) -> bool:
    """Whether the reviewer is the worker, as the plan names them from the agency settings
    (the app's words for "My worker", not a name the person gave): a private person who
    shares the worker's first name must not stop every shared copy."""
    worker = plan.agency.worker if plan.agency is not None else None
    if reviewer is None or worker is None or not worker.name:
        return reviewer == REVIEWER_MY_WORKER
    return reviewer in (worker.name, f"{worker.name} ({worker.role})" if worker.role else "")


def private_names_found(plan: Plan, audience: Audience | None = None) -> list[NamedPlace]:
    """Where a shared copy of ``plan`` would still name a person kept private (each place
    once, in the plan's order). Empty when nobody is kept private or nobody is named.
    ``audience``: the copy's reader, when known (a GP's copy leaves out what it never
    prints); without it, every copy's places."""
    words, pattern = private_pattern(plan)
    if pattern is None:
        return []
    found: dict[tuple[str, str], NamedPlace] = {}
    named_copy = audience is not None and audience.kind == "named"
    for text, where, part in _places(without_private(plan), named_copy):
        if not text:
            continue
        match = next(names_in(pattern, text), None)
        if match is None:
            continue
        said = match.group("name")
        name = words.get(said, said)
        found.setdefault((name, where), NamedPlace(name, where, part))
    return list(found.values())


def places_naming(plan: Plan, name: str, *, leaving: str | None = None) -> list[str]:
    """Where ``plan`` names ``name`` (each place once, in the plan's order), matched as a
    private person's name is: for a person taken off a list, the other places that still
    name them, so the pair can change those words together (nothing is changed for them).
    ``leaving``: the id of the entry being taken off, whose own place is not counted.
    Looking back is left out: it says what changed, a person leaving included."""
    pattern = pattern_for(name_words([name]))
    if pattern is None:
        return []
    wheres: dict[str, None] = {}
    for text, where, part in _places(plan):
        if not text or (part is not None and part.code in (leaving, "review")):
            continue
        if next(names_in(pattern, text), None) is not None:
            wheres.setdefault(where)
    return list(wheres)


def parts_to_mark(found: Iterable[NamedPlace]) -> list[PrivatePart]:
    """The parts to mark private to leave out every place in ``found`` (each once)."""
    parts: dict[tuple[str, str], PrivatePart] = {}
    for place in found:
        if place.part is not None:
            parts.setdefault((place.part.kind, place.part.code), place.part)
    return list(parts.values())


# What marking a whole section keeps out beyond the answers in it, where that is more than
# its title says (assistant.plans.sharing.without_private): Looking back takes the review of
# every goal and action with it, and how the pair will meet from now on.
_SECTION_TAKES: Final = {
    "review": (
        "the whole review: how each goal, action and thing to try went, and how you will "
        "meet from now on"
    ),
}


def marking_words(parts: Iterable[PrivatePart]) -> str:
    """What marking ``parts`` keeps out, said before anyone marks them, when a whole section
    is among them: what it takes beyond what its title says (one name in one answer of
    Looking back would otherwise hide every goal's review unawares), and how to keep out
    only the words instead. Empty when no whole section is among them."""
    sections = [part.code for part in parts if part.kind == "section" and part.code in _SECTIONS]
    if not sections:
        return ""
    takes = [_SECTION_TAKES[code] for code in sections if code in _SECTION_TAKES]
    more = f"That keeps out {'; and '.join(takes)}. " if takes else ""
    return f"{more}To keep out only the words, choose Keep talking and change them."


def warning_words(found: list[NamedPlace]) -> str:
    """The warning in plain words: "Ann is kept private but is named in: A good week; …"."""
    by_name: dict[str, list[str]] = {}
    for place in found:
        by_name.setdefault(place.name, []).append(place.where)
    return " ".join(
        f"{name} is kept private but is named in: {'; '.join(wheres)}."
        for name, wheres in by_name.items()
    )


def masker(plan: Plan) -> Callable[[str], str]:
    """A function that puts :data:`MASK` in place of each private person's name in a text."""
    _, pattern = private_pattern(plan)

    def mask(text: str) -> str:
        if pattern is None or not text:
            return text
        if len(fold(text)) != len(text):
            # Folding changed the length (a rare ligature): match word by word instead.
            return " ".join(
                MASK if (m := pattern.fullmatch(fold(w))) and counts(m, w) else w
                for w in text.split(" ")
            )
        out, last = [], 0
        for match in names_in(pattern, text):
            out += [text[last : match.start()], MASK]
            last = match.end()
        return "".join([*out, text[last:]])

    return mask


def mask_private_names(plan: Plan, text: str) -> str:
    """``text`` with each private person's name in ``plan`` put as :data:`MASK`."""
    return masker(plan)(text)
