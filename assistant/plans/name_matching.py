"""Name matching for people kept private: the words that name a private person, one pattern
for them, and finding them in text. Shared by :mod:`assistant.plans.private_names` (where a
shared copy would still name someone, the masking of supervision notes, where a name taken
off a list is still written) and :mod:`assistant.plans.sharing` (a shared copy leaves out a
taken-off line that names someone kept private), each importing it at the top.

A name is matched as a whole word, ignoring case and accents ("ann" and "Änn" match "Ann";
"Annie" and "Joanna" do not). A name of several words also matches its first word when that
is a real name (two letters or more, not "my" or "the"): "Ann Smith" is found in "see Ann".
A name written with a word in brackets, as a list often has it, matches each part that names
the person (:func:`name_words`): see :mod:`assistant.plans.private_names` for what counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Final

from assistant.plans.model import Plan
from assistant.text_fold import fold

# Words that are not a name on their own (a first word dropped from "my sister", everyday
# words dropped from "Big Dave" or "(next door neighbour)": "next week" is not Dave).
_NOT_NAMES: Final = frozenset(
    {"my", "the", "a", "an", "mr", "mrs", "ms", "miss", "dr", "and"}
    | {"next", "door", "old", "new", "best", "good", "big", "little", "close", "other", "one"}
)
# Words in brackets after which come where or how the person is known, not who they are:
# "(friend from work)" names a friend, not "work".
_LINKING: Final = frozenset(
    {"from", "of", "at", "in", "on", "to", "with", "for", "by", "or", "who", "is", "was"}
)
# Family words, each standing for one person in the person's life however it is written in
# brackets: "Carol (Mum)" is the person's "mum".
_FAMILY: Final = frozenset(
    {"mum", "mam", "mom", "mummy", "mother", "dad", "daddy", "father", "stepmum", "stepdad"}
    | {"nan", "nana", "nanna", "gran", "granny", "grandma", "grandad", "granddad", "grandpa"}
    | {"grandmother", "grandfather", "sister", "brother", "sis", "bro", "auntie", "aunty"}
    | {"aunt", "uncle", "cousin", "son", "daughter", "niece", "nephew", "wife", "husband"}
    | {"girlfriend", "boyfriend"}
)
# Role and everyday words that describe many people, not this one, even written with a
# capital in brackets: "Jo (Support Worker)" is not found in "the support group".
_ROLES: Final = frozenset(
    {"friend", "friends", "mate", "pal", "partner", "neighbour", "neighbor", "worker"}
    | {"support", "key", "care", "carer", "social", "gp", "doctor", "nurse", "counsellor"}
    | {"therapist", "mentor", "volunteer", "peer", "colleague", "boss", "manager", "teacher"}
    | {"landlord", "landlady", "housemate", "flatmate", "ex", "lives", "work", "church"}
    | {"group", "club", "team", "school", "college"}
)
# Everyday words a list puts in brackets, written in lower case, to say where, when or how
# someone is, not who: "Mum (downstairs)", "Dad (sundays)". Written with a capital, a word in
# brackets is taken as a name, everyday or not ("Catherine (Cat)": a private name must not
# slip through for looking like a word).
_EVERYDAY: Final = frozenset(
    {"downstairs", "upstairs", "nearby", "opposite", "local", "online", "abroad", "away"}
    | {"home", "house", "flat", "street", "road", "estate", "town", "village", "city", "area"}
    | {"gym", "pub", "cafe", "football", "choir", "allotment", "library", "shop", "park"}
    | {"bingo", "uni", "hospital", "foodbank", "counselling", "aa", "mosque", "temple"}
    | {"family", "relative", "deceased", "died", "late", "retired", "elderly"}
    | {"young", "older", "younger", "eldest", "youngest", "twin", "step", "half", "former"}
    | {"sometimes", "weekends", "weekly", "daily", "often", "now", "again", "also", "only"}
    | {"mondays", "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays", "sundays"}
    | {"mornings", "afternoons", "evenings", "nights", "weekdays", "monthly"}
    | {"maybe", "estranged", "contact", "no", "not", "none", "pet", "dog", "cat", "text"}
    | {"phone", "calls", "visits", "helps", "her", "him", "them", "me", "she", "he", "they"}
    # Words that say when, how often or how things are, in the few words a list puts in
    # brackets: "Dad (every day)", "Nan (passed away)", "Sis (lost touch)" name no one.
    | {"every", "day", "days", "week", "weeks", "weekend", "month", "months", "year", "years"}
    | {"once", "twice", "most", "all", "some", "time", "times", "always", "never", "rarely"}
    | {"usually", "ever", "still", "just", "very", "really", "quite", "too", "much", "lot"}
    | {"bit", "long", "far", "distance", "back", "out", "up", "down", "here", "there"}
    | {"passed", "lost", "touch", "moved", "ill", "unwell", "poorly", "sick", "well"}
    | {"alive", "dead", "sober", "busy", "working", "together", "apart", "separated"}
    | {"divorced", "married", "single", "kind", "nice", "lovely", "helpful", "supportive"}
    | {"sees", "seeing", "rings", "texts", "writes", "living", "stays", "when", "if"}
    | {"but", "so", "then", "as", "yes", "last", "first", "before", "after", "ago"}
)
# The most words in brackets read as one lower-case name: a first name, a middle name and a
# surname ("Mum (carol ann smith)"); more is a description.
_NAME_MOST_WORDS: Final = 3
# A word as a name is written: letters, with an apostrophe inside ("O'Neil", "Ann's").
_WORD: Final = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def private_people(plan: Plan) -> list[str]:
    """The names of the people the person keeps private: people in the network, people who
    could help and personal contacts marked private one by one, or with their section, and
    those marked private and since taken off their list (``Sharing.kept_names``)."""
    sections = {p.code for p in plan.sharing.private if p.kind == "section"}
    items = {p.code for p in plan.sharing.private if p.kind == "item"}
    names = [p.name for p in plan.network.people if p.id in items or "network" in sections]
    names += [
        p.who
        for d in plan.resourceful.domains
        for p in d.people
        if p.id in items or "resourceful" in sections
    ]
    names += [c.name for c in plan.contacts.personal if c.id in items or "contacts" in sections]
    # Marked private, then taken off their list: the wish to be kept private outlasts it.
    names += [k.name for k in plan.sharing.kept_names if k.id in items]
    return [n.strip() for n in dict.fromkeys(names) if n.strip()]


def name_words(names: Iterable[str]) -> dict[str, str]:
    """Each folded word or words that name a person in ``names``, with that name as written
    (the first name wins a word two share): the whole name; the name outside brackets and its
    first word when that is a real name (two letters or more, not "my" or "the"); and each
    family word or name the person put in brackets (:func:`_bracket_words`: "Carol (Mum)":
    "carol", "mum"; "Mum (carol)", "Mum (carol smith)" and "Pat (neighbour, Patricia)" too;
    never "friend" or "work" from "(friend from work)", nor another person's possessive,
    "Ann's" in "Jo (Ann's sister)")."""
    words: dict[str, str] = {}
    for name in names:
        folded = fold(name).strip()
        if not folded:
            continue
        outside = folded.partition("(")[0].strip()
        first = re.split(r"[\s,]+", outside)[0].strip(".")
        bracketed = _bracket_words(name.partition("(")[2], _by_relation(outside))
        for word in (folded, outside, first if first not in _NOT_NAMES else "", *bracketed):
            if len(word) >= 2:
                words.setdefault(word, name.strip())
    return words


def _by_relation(outside: str) -> bool:
    """Whether the name outside the brackets (folded) says only how the person is related:
    "mum", "my neighbour", "support worker"; then a lower-case word alone in brackets is
    their name ("Mum (carol)")."""
    words = _WORD.findall(outside)
    related = [w for w in words if w in _FAMILY or w in _ROLES]
    return bool(related) and all(w in _NOT_NAMES or w in related for w in words)


def _bracket_words(inside: str, by_relation: bool) -> list[str]:
    """The folded words in brackets (``inside``, as written) that name the person, each part
    between commas judged on its own ("Mum (Carol, next door)": "carol"; "Pat (neighbour,
    Patricia)": "patricia"): in a part, up to a linking word or another person's possessive
    ("Sam (friend from work)", "Jo (Ann's sister)"), each family word ("mum", "nan") and each
    word written as a name is, with a capital, that is not a role word ("Jo (Support
    Worker)": none; "Catherine (Cat)": "cat"). A part's one word in lower case counts only
    when the name outside says how they are related (``by_relation``: "Mum (carol)":
    "carol") and it is not an everyday word: "Sue (bingo)", "Mum (sundays)" name no one.
    So does a part of a few such words, whole (:func:`_lower_case_name`: "Mum (carol
    smith)": "carol smith"; "Dad (every day)" and "Mum (at home)": none)."""
    words: list[str] = []
    for part in inside.split(","):
        found = _WORD.findall(part)
        if by_relation:
            words += _lower_case_name([fold(word) for word in found])
        for word in found:
            folded = fold(word)
            if folded in _LINKING or folded.endswith(("'s", "’s")):
                break  # where they are from, or whose: "Jo (Ann's sister)" is not "sister"
            if folded in _NOT_NAMES or folded in _ROLES:
                continue
            if folded in _FAMILY or word[:1].isupper():
                words.append(folded)
    return list(dict.fromkeys(words))


def _lower_case_name(folded: list[str]) -> list[str]:
    """A part in brackets (its folded words) that can only be a name, as a whole: one to
    three words, each of two letters or more and none a linking, role, family, everyday or
    other word that is not a name, nor a possessive ("carol smith"; never "every day", "at
    home", "lost touch"). A single everyday word left out of the list would make a whole
    description a name, so every word has to pass. Several words count whole only, not by
    the first: no list of everyday words covers every description ("Uncle (drinks
    heavily)", "Dad (short fuse)"), and "drinks" or "short" taken for a private name
    refused the team's copy over "He drinks tea with me". A name of several lower-case
    words is found where it is written whole."""
    if not 1 <= len(folded) <= _NAME_MOST_WORDS:
        return []
    for word in folded:
        if len(word) < 2 or word.endswith(("'s", "’s")):
            return []
        if word in _LINKING or word in _NOT_NAMES or word in _ROLES:
            return []
        if word in _FAMILY or word in _EVERYDAY:
            return []
    return [" ".join(folded)]


def pattern_for(words: Iterable[str]) -> re.Pattern[str] | None:
    """One whole-word pattern for ``words`` (from :func:`name_words`), matched on folded
    text."""
    # Longest first, so "ann smith" is replaced whole before "ann". A trailing "s" is the
    # possessive typed without its apostrophe ("dinner at Karens"): see names_in.
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    if not alternatives:
        return None
    return re.compile(rf"(?<!\w)(?P<name>{alternatives})(?P<s>s?)(?!\w)")


def counts(match: re.Match[str], original: str) -> bool:
    """Whether a match stands for the name: with a bare "s" after it only when written with
    a capital, as a name is ("dinner at Karens"), so "paying my bills" is not Bill."""
    return not match.group("s") or original[:1].isupper()


def names_in(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Each private name in ``text`` (matched on its folded form, which keeps its length but
    for a rare ligature: then a bare "s" is not counted)."""
    folded = fold(text)
    same = len(folded) == len(text)
    for match in pattern.finditer(folded):
        if counts(match, text[match.start() :] if same else ""):
            yield match


def private_pattern(plan: Plan) -> tuple[dict[str, str], re.Pattern[str] | None]:
    """The words that name the people ``plan`` keeps private (:func:`private_people`), each
    with its name as written (:func:`name_words`), and one pattern for them (None: nobody)."""
    words = name_words(private_people(plan))
    return words, pattern_for(words)


def taken_off_naming_private(plan: Plan) -> set[str]:
    """The ids of the lines of goals and people taken off their list (``Plan.taken_off``)
    whose words name a person kept private, matched as
    :func:`assistant.plans.private_names.private_names_found` matches.
    A shared copy leaves them out (:func:`assistant.plans.sharing.copy_for`): such a line
    cannot be changed or marked private on its own any more, so a warning could only be
    read and sent anyway."""
    _, pattern = private_pattern(plan)
    if pattern is None:
        return set()
    return {t.id for t in plan.taken_off if next(names_in(pattern, t.what), None) is not None}
