"""Browse and suggest directory entries: matching that explains itself, filters, search, cards.

This is what the directory screen and the meeting use (plain Python, no Textual):

- :func:`suggest` the entries that match what the person said, best first, each with the
  reasons in plain words ("because you said you can fix bikes") and whether it fits who the
  entry is for (``fits``, ``check`` when the person's age, gender or situation is not known,
  ``not_for`` when it is known and outside; those are left out of suggestions);
- :func:`browse` every entry passing the filters (matched ones first when a profile is given;
  ``not_for`` entries are kept, marked, so the pair can still read them);
- :func:`card` an entry as plain lines for a screen or an export, never raw ids;
- :func:`stale_entries` entries whose ``checked`` date is missing or older than the area's
  ``checked_within_months``.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Final, NamedTuple

from assistant.dates import MONTHS
from assistant.directory.model import (
    ALL_AREAS,
    DAYS,
    GENDERS,
    KINDS,
    ONLINE,
    SITUATIONS,
    Day,
    Directory,
    DirectoryEntry,
    TagDef,
)

# ---------------------------------------------------------------------------- words

_TOKEN = re.compile(r"\w+(?:['’]\w+)*")


_FOLDED: dict[str, str] = {}


def _fold(token: str) -> str:
    """One word folded for comparing: no accents, case or apostrophes, plurals folded."""
    found = _FOLDED.get(token)
    if found is None:
        found = _fold_now(token)
        if len(_FOLDED) < 200_000:  # words repeat: a bounded memo keeps indexing fast
            _FOLDED[token] = found
    return found


def _fold_now(token: str) -> str:
    plain = unicodedata.normalize("NFKD", token.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    plain = plain.replace("'", "").replace("’", "").replace("_", " ").strip()
    # A light plural fold (walks -> walk, games -> game), applied to both sides alike.
    if len(plain) > 3 and plain.endswith("s") and not plain.endswith("ss"):
        return plain[:-1]
    return plain


class _Token(NamedTuple):
    word: str
    start: int
    end: int


def _tokens(text: str) -> list[_Token]:
    found: list[_Token] = []
    for m in _TOKEN.finditer(text.replace("_", " ")):
        word = _fold(m.group())
        if word:
            found.append(_Token(word, m.start(), m.end()))
    return found


def fold_words(text: str) -> tuple[str, ...]:
    """Lower-case, accent- and plural-folded words of ``text`` (``Cafés`` -> ``cafe``)."""
    memo = _FOLDED
    folded = [memo.get(w) or _fold(w) for w in _TOKEN.findall(text.replace("_", " "))]
    return tuple(w for w in folded if w)


def _find(haystack: Sequence[str], needle: Sequence[str]) -> int:
    """Where ``needle`` first starts in ``haystack`` as whole words, or -1."""
    size = len(needle)
    if not size:
        return -1
    first = needle[0]
    for i in range(len(haystack) - size + 1):
        if haystack[i] == first and tuple(haystack[i : i + size]) == tuple(needle):
            return i
    return -1


# ---------------------------------------------------------------------------- days

_DAY_WORDS: dict[str, Day] = {day: day for day in DAYS}
# Short forms count only where they read as days ("Sat 10am", "Mon-Fri"), never in "rain or
# sun" or "sat nav".
_SHORT_DAYS: dict[str, Day] = {day[:3]: day for day in DAYS}
_SHORT_DAYS.update({"tue": "tuesday", "tues": "tuesday", "thur": "thursday", "thurs": "thursday"})
# Words meaning every day, or a day the person chooses (so any day filter finds it).
_EVERY_DAY = (
    ("every", "day"),
    ("each", "day"),
    ("daily",),
    ("any", "day"),
    ("any", "time"),
    ("anytime",),
    ("all", "the", "time"),
    ("day", "and", "time", "you", "choose"),
    ("day", "you", "choose"),
    ("time", "to", "suit", "you"),
    ("at", "a", "time", "you", "agree"),
    ("seven", "day", "a", "week"),
    ("7", "day", "a", "week"),
)
_WEEKDAYS = DAYS[:5]
_WEEKEND = DAYS[5:]
_RANGE_WORDS = frozenset({"to", "till", "until", "through", "thru"})
# Words that may follow a day: a short form followed by anything else is an ordinary word.
_AFTER_DAY = frozenset(
    {"and", "or", "to", "till", "until", "through", "thru", "from", "at", "only", "am", "pm"}
    | {"morning", "afternoon", "evening", "night", "lunchtime", "noon", "midday", "week"}
)
# What leaves days out: "Every day except Sunday", "Weekdays but not Wednesday".
_EXCEPT = (("except",), ("excluding",), ("apart", "from"), ("but", "not"), ("not", "on"))


def day_names() -> tuple[tuple[str, str], ...]:
    """The day filter's choices: (id, words shown), Monday first."""
    return tuple((day, day.capitalize()) for day in DAYS)


def _day_at(when: str, tokens: Sequence[_Token], n: int) -> Day | None:
    """The day token ``n`` names: a full name anywhere, a short form only where it reads
    as a day (capitalised or beside another day, and followed by a time, a day, a range
    word or punctuation)."""
    word = tokens[n].word
    full = _DAY_WORDS.get(word)
    if full is not None:
        return full
    short = _SHORT_DAYS.get(word)
    if short is None:
        return None
    if n + 1 < len(tokens):
        gap = when[tokens[n].end : tokens[n + 1].start]
        after = tokens[n + 1].word
        if not (
            gap.strip()
            or after in _AFTER_DAY
            or after in _DAY_WORDS
            or after in _SHORT_DAYS
            or after[:1].isdigit()
        ):
            return None  # "sat nav", "Sun Lounge"
    raw = when[tokens[n].start : tokens[n].end]
    beside = [tokens[i].word for i in (n - 2, n - 1, n + 1, n + 2) if 0 <= i < len(tokens)]
    return short if raw[:1].isupper() or any(w in _SHORT_DAYS for w in beside) else None


def _span(first: Day, last: Day) -> list[Day]:
    """The days from ``first`` to ``last``, round past Sunday ("Friday to Monday")."""
    start, end = DAYS.index(first), DAYS.index(last)
    return [DAYS[(start + i) % 7] for i in range((end - start) % 7 + 1)]


def _days_in(when: str, tokens: Sequence[_Token]) -> set[Day]:
    said = [t.word for t in tokens]
    found: set[Day] = set()
    if any(_find(said, phrase) >= 0 for phrase in _EVERY_DAY):
        found.update(DAYS)
    for n, word in enumerate(said):
        if word in ("weekday", "weekdays"):
            found.update(_WEEKDAYS)
        elif word in ("weekend", "weekends"):
            found.update(_WEEKEND)
        day = _day_at(when, tokens, n)
        if day is None:
            continue
        found.add(day)
        # "Monday to Friday", "Tuesday until Thursday", "Monday-Friday", "Fri - Mon"
        last: Day | None = None
        if n + 2 < len(said) and said[n + 1] in _RANGE_WORDS:
            last = _day_at(when, tokens, n + 2)
        elif n + 1 < len(said) and re.fullmatch(
            r"\s*[-–]\s*", when[tokens[n].end : tokens[n + 1].start]
        ):
            last = _day_at(when, tokens, n + 1)
        if last is not None:
            found.update(_span(day, last))
    return found


@lru_cache(maxsize=4096)
def days_from_when(when: str) -> tuple[Day, ...]:
    """The days a ``when`` text names, Monday first ("Tuesdays" -> tuesday, "Monday to
    Friday", "Friday to Monday", "Weekdays", "Every day", "Every day except Sunday");
    empty when it names none."""
    tokens = _tokens(when)
    said = [t.word for t in tokens]
    cut = min((at for p in _EXCEPT if (at := _find(said, p)) >= 0), default=len(tokens))
    found = _days_in(when, tokens[:cut]) - _days_in(when, tokens[cut:])
    return tuple(d for d in DAYS if d in found)


def entry_days(entry: DirectoryEntry) -> tuple[Day, ...]:
    """The entry's days: its ``days`` when given, else read from its ``when``."""
    if entry.days is not None:
        return tuple(d for d in DAYS if d in entry.days)
    return days_from_when(entry.when)


# ---------------------------------------------------------------------------- staleness

_MONTHS = MONTHS


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (the month's last day if shorter)."""
    total = day.year * 12 + (day.month - 1) - months
    year, month = divmod(total, 12)
    # The same day of the month, or the month's last day (31 March - 1 month -> 28/29 Feb).
    for dom in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, dom)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def checked_date(entry: DirectoryEntry) -> date | None:
    """The entry's ``checked`` date, or None when it has none."""
    return date.fromisoformat(entry.checked) if entry.checked else None


def is_stale(directory: Directory, entry: DirectoryEntry, today: date | None = None) -> bool:
    """True when the entry was never checked, or not within the area's limit."""
    checked = checked_date(entry)
    if checked is None:
        return True
    limit = months_before(today or date.today(), directory.checked_within_months)
    return checked < limit


def stale_entries(directory: Directory, today: date) -> list[DirectoryEntry]:
    """Entries with no ``checked`` date or one older than the area's limit, oldest first
    (never checked before any date), then by name."""
    stale = [e for e in directory.entries if is_stale(directory, e, today)]
    return sorted(stale, key=lambda e: (e.checked or "", e.name.casefold(), e.id))


def checked_words(entry: DirectoryEntry) -> str | None:
    """``checked March 2026``, or None when the entry has no date."""
    checked = checked_date(entry)
    if checked is None:
        return None
    return f"checked {_MONTHS[checked.month - 1]} {checked.year}"


# ---------------------------------------------------------------------------- kinds

# How each kind is introduced, so a housing hub is "a housing advice service", never "a
# thing you enjoy". Services are introduced as help, not as pastimes.
KIND_WORDS: dict[str, str] = {
    "arts": "an arts and crafts group",
    "music": "a music group",
    "sport_and_walking": "a sport or walking group",
    "gardening": "a gardening group",
    "faith": "a faith group",
    "learning": "a course or class",
    "volunteering": "a volunteering group",
    "peer_support": "a support group",
    "befriending": "a befriending service",
    "gaming_and_online": "a games or online group",
    "carers": "a support service for carers",
    "money_advice": "an advice service",
    "employment_support": "a support service for work",
    "housing_advice": "a housing advice service",
    "community_transport": "a transport service",
    "social": "a social group",
    "other": "a local group or service",
}
SERVICE_KINDS = frozenset(
    {
        "befriending",
        "carers",
        "money_advice",
        "employment_support",
        "housing_advice",
        "community_transport",
    }
)


def kind_words(entry: DirectoryEntry) -> str:
    """What the entry is, in plain words: ``a support service for carers``, ``a music group``."""
    return KIND_WORDS.get(entry.kind, KIND_WORDS["other"])


def is_service(entry: DirectoryEntry) -> bool:
    """True for a support or advice service (as opposed to a group or activity)."""
    return entry.kind in SERVICE_KINDS


# ---------------------------------------------------------------------------- who it is for

FITS, CHECK, NOT_FOR = "fits", "check", "not_for"

# Tags whose words tell us the person's situation ("I care for my mum" -> carer).
_SITUATION_TAGS = {"carers": "carer", "hearing_voices": "hears_voices"}


# The everyday words a `who_for` may start with, lower-cased when it is put mid-sentence
# ("this group is for women, including trans women"). Any other first word keeps its
# capital: it may be a name or an acronym ("Somali women", "LGBTQ+ people", "Eastgate
# residents"), and a capital left mid-sentence reads better than a name lower-cased.
_EVERYDAY_FIRST_WORDS: Final = frozenset(
    {
        "adults",
        "all",
        "any",
        "anyone",
        "anybody",
        "boys",
        "carers",
        "children",
        "everyone",
        "families",
        "girls",
        "men",
        "older",
        "over",
        "parents",
        "people",
        "residents",
        "retired",
        "students",
        "teenagers",
        "those",
        "under",
        "unpaid",
        "women",
        "young",
        "younger",
    }
)
_FIRST_WORD = re.compile(r"[^\W\d_]+")


def _restriction_words(entry: DirectoryEntry) -> str:
    """The who-for words for a note: the entry's own words, else built from the structure."""
    if entry.who_for:
        text = entry.who_for.strip().rstrip(".")
        # "Adults aged 18 to 35" -> "adults aged 18 to 35", "Women, including trans women"
        # -> "women, including ..."; "Somali women" and "LGBTQ+ people" stay as written.
        first = _FIRST_WORD.match(text)
        if first and first.group().istitle() and first.group().casefold() in _EVERYDAY_FIRST_WORDS:
            text = text[0].lower() + text[1:]
        return text
    parts: list[str] = []
    if entry.for_genders:
        parts.append(" and ".join(GENDERS[g] for g in entry.for_genders))
    else:
        parts.append("people")
    ages = entry.for_ages
    if ages is not None:
        if ages.min is not None and ages.max is not None:
            parts.append(f"aged {ages.min} to {ages.max}")
        elif ages.min is not None:
            parts.append(f"aged {ages.min} and over")
        else:
            parts.append(f"aged {ages.max} and under")
    if entry.for_situations:
        return " or ".join(SITUATIONS[s] for s in entry.for_situations)
    return " ".join(parts)


def _fit(entry: DirectoryEntry, profile: Profile, situations: frozenset[str]) -> str:
    unknown = False
    ages = entry.for_ages
    if ages is not None:
        if profile.age is None:
            unknown = True
        elif (ages.min is not None and profile.age < ages.min) or (
            ages.max is not None and profile.age > ages.max
        ):
            return NOT_FOR
    if entry.for_genders:
        if profile.gender is None:
            unknown = True
        elif profile.gender not in entry.for_genders:
            return NOT_FOR
    # A situation is never recorded as absent, so it can only make an entry "check".
    if entry.for_situations and not situations.intersection(entry.for_situations):
        unknown = True
    return CHECK if unknown else FITS


def _fit_note(entry: DirectoryEntry, fit: str) -> str | None:
    noun = "service" if is_service(entry) else "group"
    if fit == CHECK:
        return f"Check this fits: this {noun} is for {_restriction_words(entry)}."
    if fit == NOT_FOR:
        return f"This {noun} is for {_restriction_words(entry)}."
    return None


def fit_for(entry: DirectoryEntry, profile: Profile) -> tuple[str, str | None]:
    """Whether the entry fits the person (``fits``/``check``/``not_for``) and the note."""
    fit = _fit(entry, profile, frozenset(profile.situations))
    return fit, _fit_note(entry, fit)


# ---------------------------------------------------------------------------- the interface


@dataclass(frozen=True)
class Profile:
    """What the pair has said that matching may use (all optional)."""

    interests: tuple[str, ...] = ()
    """The person's words: what they enjoy or used to enjoy."""
    strengths: tuple[str, ...] = ()
    """What they can do or are good at: "I can fix bikes"."""
    other: tuple[str, ...] = ()
    """Shared interests, things to try, words the pair typed."""
    age: int | None = None
    """From the person's date of birth when recorded."""
    gender: str | None = None
    """``woman``, ``man``, ``non_binary``, or None (not recorded)."""
    situations: tuple[str, ...] = ()
    """Known situations, e.g. ``carer``, ``hears_voices``."""


@dataclass(frozen=True)
class Filters:
    """What the pair narrowed the list to (each one optional)."""

    tag: str | None = None
    """An interest tag id."""
    day: str | None = None
    """``monday`` .. ``sunday``."""
    free_only: bool = False
    area: str | None = None
    """A neighbourhood id, or ``online``."""
    text: str = ""
    """Search words (name, description, tags, venue, area); every word must be found."""


@dataclass(frozen=True)
class Suggestion:
    """An entry for the person, why it came up and whether it fits who it is for."""

    entry: DirectoryEntry
    reasons: tuple[str, ...]
    """Plain words: "because you said you enjoy fishing". Empty when nothing matched."""
    fit: str
    """``fits``, ``check`` (who it is for is not known for this person) or ``not_for``."""
    fit_note: str | None
    """E.g. "Check this fits: this group is for adults aged 18 to 35."."""
    stale: bool
    """Its ``checked`` date is missing or past the area's limit."""
    tags: tuple[str, ...] = field(default=(), compare=False)
    """The interest tags that matched, in the entry's own order."""

    @property
    def kind(self) -> str:
        """What the entry is, in plain words ("a support service", "a music group")."""
        return kind_words(self.entry)

    @property
    def service(self) -> bool:
        """True for a support or advice service, to be introduced as help on offer."""
        return is_service(self.entry)

    @property
    def matched(self) -> bool:
        """True when it came up from what the person said."""
        return bool(self.tags)


@dataclass(frozen=True)
class Card:
    """An entry as plain lines for a screen or an export: never raw ids."""

    title: str
    kind: str
    what: str
    when: str
    where: str
    cost: str
    access: str
    who_for: str | None
    contact: tuple[str, ...]
    first_visit: tuple[str, ...]
    last_checked: str | None
    stale: bool
    online: bool
    bring_someone: bool
    interests: tuple[str, ...] = ()
    """Its interest tags' labels ("Music", "Meeting people")."""
    area: str = ""
    """The area's name ("Northfield", "Online", "All of Brackenford")."""
    days: tuple[str, ...] = ()
    """Its days, as shown ("Monday", "Wednesday")."""


# ---------------------------------------------------------------------------- the index


@dataclass
class _EntryIndex:
    entry: DirectoryEntry
    tags: frozenset[str]
    text: tuple[str, ...]  # name and description words, for "you said X, it says X"
    tag_order: tuple[str, ...]  # its tags as written (entries with the same share work)
    days: frozenset[str]
    key: tuple[str, str]  # name, id: the tie-break
    restricted: bool  # has a structured who-for


@dataclass
class _Index:
    entries: list[_EntryIndex]
    by_tag: dict[str, list[int]]
    tag_counts: Counter[str]
    phrases: list[tuple[str, tuple[str, ...]]]  # (tag id, phrase), longest phrases first
    phrases_by_first: dict[str, list[int]]  # a phrase's first word -> its places in phrases
    tag_ids: frozenset[str]
    words: dict[str, set[int]]  # every word search looks at -> the entries holding it
    text_words: dict[str, set[int]]  # name and description words -> the entries
    by_order: dict[tuple[str, ...], list[int]]  # entries with exactly these tags
    orders_by_tag: dict[str, set[tuple[str, ...]]]
    vocabulary: list[str]  # those words, sorted, to find the start of a word
    source: tuple[DirectoryEntry, ...]  # the entries it was built from
    everyday: frozenset[str] = frozenset()  # words the tag list writes in lower case


def _tag_phrases(tag: TagDef) -> list[tuple[str, ...]]:
    found = [fold_words(tag.id), fold_words(tag.label), *(fold_words(s) for s in tag.synonyms)]
    return list(dict.fromkeys(p for p in found if p))


def _everyday_words(tags: Iterable[TagDef]) -> frozenset[str]:
    """The words the tag list writes in lower case: everyday words, put in lower case when a
    person starts a sentence with one ("Painting" -> "you enjoy painting"); a name the list
    writes with a capital ("English", "Xbox") keeps it."""
    found: set[str] = set()
    for tag in tags:
        for said in (tag.label, *tag.synonyms):
            found.update(w for w in _TOKEN.findall(said) if w.islower())
    return frozenset(found)


def index_now(directory: Directory) -> None:
    """Build the directory's search index now, while nobody waits (it is otherwise built on
    first use: in a meeting, in the middle of the first question that matches the directory,
    5-7 ms of that step; issue 18)."""
    _index(directory)


def _index(directory: Directory) -> _Index:
    """The directory's words, built on first use and kept with it (it never changes)."""
    cached = directory._index
    # A copy made with other entries (model_copy) carries the old index: build it again.
    if isinstance(cached, _Index) and cached.source is directory.entries:
        return cached
    tag_words: dict[str, set[str]] = {}
    phrases: list[tuple[str, tuple[str, ...]]] = []
    for tag in directory.tags:
        phrases.extend((tag.id, p) for p in _tag_phrases(tag))
        # Search reads a tag's id and label, not its synonyms: "choir football" must not
        # find a dance class because music and sport list those words.
        tag_words[tag.id] = set(fold_words(tag.id)) | set(fold_words(tag.label))
    # Longest phrases first, so "hear voices" is quoted rather than "voices" within it.
    phrases.sort(key=lambda pair: -len(pair[1]))
    # A phrase can only be in what was said if its first word is: look only at those.
    phrases_by_first: dict[str, list[int]] = {}
    for place, (_, phrase) in enumerate(phrases):
        phrases_by_first.setdefault(phrase[0], []).append(place)
    entries: list[_EntryIndex] = []
    by_tag: dict[str, list[int]] = {}
    counts: Counter[str] = Counter()
    words: dict[str, set[int]] = {}
    text_words: dict[str, set[int]] = {}
    by_order: dict[tuple[str, ...], list[int]] = {}
    orders_by_tag: dict[str, set[tuple[str, ...]]] = {}
    for n, entry in enumerate(directory.entries):
        by_order.setdefault(tuple(entry.tags), []).append(n)
        for tag_id in entry.tags:
            orders_by_tag.setdefault(tag_id, set()).add(tuple(entry.tags))
        tags = frozenset(entry.tags)
        counts.update(tags)
        for tag_id in tags:
            by_tag.setdefault(tag_id, []).append(n)
        text = fold_words(f"{entry.name} {entry.description}")
        search = set(text)
        search.update(fold_words(f"{entry.venue or ''} {directory.area_name(entry.area)}"))
        search.update(fold_words(KINDS.get(entry.kind, "")))
        for tag_id in entry.tags:
            search.update(tag_words.get(tag_id, fold_words(tag_id)))
        for word in search:
            words.setdefault(word, set()).add(n)
        for word in set(text):
            text_words.setdefault(word, set()).add(n)
        entries.append(
            _EntryIndex(
                entry,
                tags,
                text,
                tuple(entry.tags),
                frozenset(entry_days(entry)),
                (entry.name.casefold(), entry.id),
                bool(entry.for_ages or entry.for_genders or entry.for_situations),
            )
        )
    built = _Index(
        entries,
        by_tag,
        counts,
        phrases,
        phrases_by_first,
        frozenset(t.id for t in directory.tags),
        words,
        text_words,
        by_order,
        orders_by_tag,
        sorted(words),
        directory.entries,
        _everyday_words(directory.tags),
    )
    directory._index = built
    return built


def _searched(index: _Index, query: tuple[str, ...]) -> set[int]:
    """The entries holding every query word; search as you type, so a word of 3 letters
    or more also finds words it starts ("knit" finds "knitting")."""
    found: set[int] | None = None
    for word in query:
        holding = set(index.words.get(word, ()))
        if len(word) >= 3:
            at = bisect_left(index.vocabulary, word)
            while at < len(index.vocabulary) and index.vocabulary[at].startswith(word):
                holding |= index.words[index.vocabulary[at]]
                at += 1
        found = holding if found is None else found & holding
        if not found:
            return set()
    return found if found is not None else set()


# ---------------------------------------------------------------------------- reasons

_INTEREST, _STRENGTH, _OTHER = "interest", "strength", "other"

# Words that lead into what the person likes or can do ("I really like", "I can").
_LEAD = frozenset(
    [
        "i",
        "im",
        "id",
        "ive",
        "really",
        "quite",
        "do",
        "did",
        "like",
        "liked",
        "love",
        "loved",
        "enjoy",
        "enjoyed",
        "used",
        "to",
        "into",
        "am",
        "was",
        "also",
        "always",
        "still",
        "a",
        "lot",
        "big",
        "fan",
        "of",
        "and",
        "but",
        "or",
        "so",
        "well",
        "be",
        "been",
        "can",
        "could",
        "good",
        "at",
        "great",
        "with",
        "used",
        "think",
        "maybe",
        "would",
        "some",
    ]
)
_PAST = (("used", "to"), ("i", "was"), ("years", "ago"), ("loved",), ("enjoyed",), ("liked",))
_CAN = (("can",), ("could",))
_GOOD_AT = (("good", "at"), ("good", "with"), ("great", "at"), ("great", "with"))
_BREAK = frozenset({"and", "or", "but", "also", "plus"})
# What ends a part of a sentence between two words: punctuation, and "&" or "+" (said as
# "and" or "plus", which end a part too: "music & art" is two things, not "music art").
_PART_END = re.compile(r"[,;.!?:\n()/&+]")
_PRONOUNS = {
    "i": "you",
    "me": "you",
    "my": "your",
    "myself": "yourself",
    "mine": "yours",
    "i'm": "you're",
    "im": "you're",
    "i've": "you've",
    "i'd": "you'd",
    "i'll": "you'll",
    "am": "are",
    "we": "you",
    "us": "you",
    "our": "your",
}
# Bare verbs a person might start with ("go swimming", "fix bikes"), and their -ing form for
# "you enjoy fixing bikes".
_VERBS = {
    "go": "going",
    "play": "playing",
    "do": "doing",
    "make": "making",
    "read": "reading",
    "write": "writing",
    "swim": "swimming",
    "walk": "walking",
    "fix": "fixing",
    "mend": "mending",
    "repair": "repairing",
    "cook": "cooking",
    "bake": "baking",
    "paint": "painting",
    "draw": "drawing",
    "sing": "singing",
    "dance": "dancing",
    "run": "running",
    "knit": "knitting",
    "sew": "sewing",
    "help": "helping",
    "meet": "meeting",
    "watch": "watching",
    "listen": "listening",
    "learn": "learning",
    "ride": "riding",
    "fish": "fishing",
    "grow": "growing",
    "build": "building",
    "care": "caring",
    "look": "looking",
    "talk": "talking",
    "chat": "chatting",
    "garden": "gardening",
    "volunteer": "volunteering",
    "hear": "hearing",
    "get": "getting",
    "see": "seeing",
    "visit": "visiting",
    "take": "taking",
    "drive": "driving",
    "teach": "teaching",
    "use": "using",
    "work": "working",
}
_MAX_QUOTE_WORDS = 8
# The words a sentence may start with before what the person is saying: lower-cased in a
# reason ("Really like football" -> "you enjoy football"); everything after keeps its case.
_LEAD_IN = _LEAD | frozenset(_VERBS) | frozenset(w.replace("'", "") for w in _PRONOUNS)


# Markup-like pieces a person may type ("[b]music[/b]", "<b>music</b>"): their tag names are
# not words the person said, so they are blanked (same length: the places of the words stay)
# before the words are read. A closing tag is never words; once one is in the text, every
# bracketed group of its kind is markup too; a lone letter in brackets ("[i]") always is.
_CLOSING_SQUARE = re.compile(r"\[/[^\[\]\n]*\]")
_CLOSING_ANGLE = re.compile(r"</\s*[A-Za-z][^<>\n]*>")
_SQUARE = re.compile(r"\[[^\[\]\n]*\]")
_ANGLE = re.compile(r"<\s*[A-Za-z][^<>\n]*>")
_LONE_LETTER = re.compile(r"\[\s*/?\s*[A-Za-z]\s*\]|<\s*/?\s*[A-Za-z]\s*/?\s*>")


def _blank(found: re.Match[str]) -> str:
    return " " * len(found.group())


def _without_markup(text: str) -> str:
    """``text`` with markup-like tags blanked: "[b]music[/b]" reads as "music", never as
    "b music"; what is left is exactly as typed, at the same places."""
    if "[" not in text and "<" not in text:
        return text
    text = _LONE_LETTER.sub(_blank, text)
    if _CLOSING_SQUARE.search(text):
        text = _SQUARE.sub(_blank, text)
    if _CLOSING_ANGLE.search(text):
        text = _ANGLE.sub(_blank, text)
    return text


def _has(words: Sequence[str], phrases: Iterable[tuple[str, ...]]) -> bool:
    return any(_find(words, p) >= 0 for p in phrases)


@dataclass(frozen=True)
class _Said:
    """What the person said around a matched phrase."""

    quote: str
    """The part of the sentence, lead-in words ("I really like") dropped, first person
    turned round ("my" -> "your")."""
    lead: tuple[str, ...]
    """The folded words before the phrase in its part of the sentence."""
    whole: str | None
    """The whole part, turned round, when it starts with "I" and is short: "you can fix
    bikes", "you used to love fishing"."""
    span: tuple[int, int]
    """Where the part is (tokens), so one part gives one reason per tag."""
    framed: bool = True
    """The quote can follow "you enjoy" or "you mentioned": it starts with the matched
    words, a verb made "-ing", or a small word before a thing ("my", "the"); not with
    other words ("had an allotment"), which are quoted as said instead."""


_SPACES = re.compile(r"\s+")
# A list bullet typed before the words ("- football", "• chess") is layout, not words said.
_BULLET = re.compile(r"^[-*•·‣–—]\s+")


def _turned(
    text: str,
    tokens: Sequence[_Token],
    everyday: frozenset[str] = frozenset(),
    edges: tuple[int, int] | None = None,
) -> str:
    """The words turned round ("my" -> "your"), the rest exactly as typed, but for the
    lead-in ("I", "Really like") and an everyday word starting a sentence ("Painting")
    lower-cased: names keep their capitals ("with Dave").

    What stands between the words is kept as typed ("football <3" never reads "football 3",
    "7*7" never "7 7"), and so is what lies between ``edges`` (where the part of the sentence
    starts and ends) and the first and last words ("football 😀"); only runs of spaces
    (blanked markup leaves them) become one."""
    if not tokens:
        return ""
    start, end = edges if edges is not None else (tokens[0].start, tokens[-1].end)
    out: list[str] = []
    at = start
    leading = True
    for n, token in enumerate(tokens):
        out.append(text[at : token.start])
        at = token.end
        raw = text[token.start : token.end]
        swap = _PRONOUNS.get(raw.casefold().replace("’", "'"))
        if swap:
            out.append(swap)
            continue
        # Only the lead-in is lower-cased: "Really like" is just the start of a sentence.
        leading = leading and token.word in _LEAD_IN
        opens = n == 0 and re.search(r"(^|[.,;:!?\n])\s*$", text[: token.start]) is not None
        lower = leading or (opens and raw.lower() in everyday)
        out.append(raw.lower() if lower and not raw.isupper() else raw)
    out.append(text[at:end])
    return _BULLET.sub("", _SPACES.sub(" ", "".join(out)).strip())


# Small words that may stand before a thing after "you enjoy" ("your garden", "the guitar").
_BEFORE_A_THING = frozenset(
    {"a", "an", "the", "my", "our", "his", "her", "their", "some", "this", "that", "these"}
    | {"those", "all", "any", "lots", "plenty", "more"}
)


def _fits_frame(word: str) -> bool:
    """True when a quote starting with ``word`` reads well after "you enjoy": a verb the
    reason makes "-ing", a word already in "-ing", a small word before a thing, or no word
    at all ("<3")."""
    return (
        word in _VERBS
        or word.endswith("ing")
        or word in _BEFORE_A_THING
        or not any(c.isalpha() for c in word)
    )


def _said(
    text: str,
    tokens: list[_Token],
    start: int,
    size: int,
    everyday: frozenset[str] = frozenset(),
) -> _Said:
    # Widen to the part of the sentence the phrase is in, stopping at punctuation or at
    # "and"/"or" (unless the phrase itself holds them: "dungeons and dragons").
    lo, hi = start, start + size - 1

    def gap(a: int, b: int) -> str:
        return text[tokens[a].end : tokens[b].start]

    while lo > 0 and not _PART_END.search(gap(lo - 1, lo)):
        if tokens[lo - 1].word in _BREAK:
            break
        lo -= 1
    while hi + 1 < len(tokens) and not _PART_END.search(gap(hi, hi + 1)):
        if tokens[hi + 1].word in _BREAK:
            break
        hi += 1
    span = (lo, hi)
    # Where the part starts and ends in the text: what is typed there beside the words (a
    # "<3", an emoji) is part of what was said.
    before = tokens[lo - 1].end if lo else 0
    ends = list(_PART_END.finditer(text, before, tokens[lo].start))
    part_start = ends[-1].end() if ends else before
    after = tokens[hi + 1].start if hi + 1 < len(tokens) else len(text)
    stop = _PART_END.search(text, tokens[hi].end, after)
    part_end = stop.start() if stop else after
    whole = None
    first = text[tokens[lo].start : tokens[lo].end].casefold().replace("’", "'")
    if first in _FIRST_PERSON and hi - lo + 1 <= _MAX_QUOTE_WORDS:
        whole = _turned(text, tokens[lo : hi + 1], everyday, (part_start, part_end))
    lead = tuple(t.word for t in tokens[lo:start])
    while lo < start and tokens[lo].word in _LEAD:
        lo += 1
        part_start = tokens[lo - 1].end
    edges: tuple[int, int] | None = (part_start, part_end)
    if hi - lo + 1 > _MAX_QUOTE_WORDS:
        lo, hi = start, start + size - 1
        edges = None  # only the phrase itself, from a long sentence
    quote = _turned(text, tokens[lo : hi + 1], everyday, edges)
    return _Said(quote, lead, whole, span, lo == start or _fits_frame(tokens[lo].word))


# Tags for a need, a situation or a feeling rather than a pastime: "I hear voices" must never
# become "you enjoy hearing voices", so these reasons repeat what the person said.
NEED_TAGS = frozenset(
    {
        "hearing_voices",
        "carers",
        "money",
        "housing",
        "jobs",
        "transport",
        "befriending",
        "peer_support",
        "meeting_people",
        "wellbeing",
        "lgbtq",
        "men",
        "women",
        "older_people",
        "young_adults",
    }
)
_FIRST_PERSON = frozenset({"i", "i'm", "im", "i'd", "i've", "i'll"})
# Words that turn a pastime round ("I don't like football", "I hate swimming").
_NOT_FOR_ME = frozenset(
    [
        "not",
        "dont",
        "doesnt",
        "didnt",
        "never",
        "cant",
        "cannot",
        "couldnt",
        "wont",
        "hate",
        "hated",
        "dislike",
        "disliked",
        "stand",
    ]
)


# Words that say no to a need or a situation ("I'm not a carer", "I don't hear voices").
# Not "can't": "I can't get out of the house" says what the need is.
_DENIALS = frozenset(
    [
        "not",
        "no",
        "dont",
        "doesnt",
        "didnt",
        "never",
        "isnt",
        "arent",
        "wasnt",
        "werent",
        "aint",
        "havent",
        "hasnt",
        "nor",
    ]
)
# Words that may stand between the "not" and what it says no to ("not really a carer",
# "don't have any money worries", "don't think I'm a carer").
_BETWEEN_DENIAL = frozenset(
    {"a", "an", "any", "have", "has", "got", "really", "actually", "ever", "been", "one"}
    | {"i", "im", "am", "think", "sure", "if", "whether", "count", "as", "much", "of"}
)
# What a person can be without, or want more of: a "not" there says the need ("I don't have
# a job", "I never get out of the house", "I don't make friends easily"). Only a word for a
# problem ("not lonely", "not homeless", "no rent arrears") is said no to.
_LACKED_TAGS = frozenset({"jobs", "housing", "transport", "befriending", "meeting_people"})
_PROBLEM_WORDS = frozenset(
    {"lonely", "loneliness", "homeless", "homelessness", "eviction", "evicted", "arrear"}
)


def _says_no(tag: str, said: _Said, phrase: Sequence[str]) -> bool:
    """True when a denial comes before the phrase in its part of the sentence with only
    small words between ("I'm not really a carer", "I don't have money worries")."""
    if tag in _LACKED_TAGS and not _PROBLEM_WORDS.intersection(phrase):
        return False
    for word in reversed(said.lead):
        if word in _DENIALS:
            return True
        if word not in _BETWEEN_DENIAL:
            return False
    return False


def _turned_down(tag: str, said: _Said, phrase: Sequence[str] = ()) -> bool:
    """True when the words around the phrase say no to it."""
    if tag in NEED_TAGS:
        # A need is often said with a "not" in it ("I can't get out of the house"); a "not"
        # just before it, or before small words only, says it is not one.
        return _says_no(tag, said, phrase)
    return any(word in _NOT_FOR_ME for word in said.lead)


def _reason(tag: str, source: str, said: _Said, service: bool = False) -> str:
    """Why an entry came up, in plain words. ``service``: the entry is help on offer (advice,
    housing, work support), so a pastime is only "mentioned": a work support service never
    comes up "because you said you enjoy learning"."""
    if said.whole is not None:
        return f"because you said {said.whole}"
    quote, lead = said.quote, said.lead
    if not said.framed:
        # "had an allotment years ago" cannot follow "you enjoy" or "you are good at": the
        # words follow a frame that needs nothing from them. Not in quotation marks: they
        # are turned round ("my" -> "your", "I" dropped), so not the words as said.
        return f"because of what you said: {quote}"
    first, _, rest = quote.partition(" ")
    if tag in NEED_TAGS or source == _OTHER or (service and source == _INTEREST):
        return f"because you mentioned {quote}"
    if source == _STRENGTH:
        if _has(lead, _GOOD_AT):
            # The word after "good" or "great" in the lead ("good at", "great with").
            at = max(i for i in range(len(lead) - 1) if (lead[i], lead[i + 1]) in _GOOD_AT)
            return f"because you said you are good {lead[at + 1]} {quote}"
        if _has(lead, _CAN) or first in _VERBS:
            return f"because you said you can {quote}"
        return f"because you said you are good at {quote}"
    gerund = _VERBS.get(first)
    if gerund:
        quote = f"{gerund} {rest}".strip()
    if _has(lead, _PAST):
        return f"because you said you used to enjoy {quote}"
    return f"because you said you enjoy {quote}"


@dataclass(frozen=True)
class _Hit:
    tag: str
    source: str
    reason: str
    phrase: tuple[str, ...]
    help_reason: str = ""
    """The reason as said of a service (help on offer, never something "you enjoy")."""


def _hits(directory: Directory, index: _Index, profile: Profile) -> dict[str, list[_Hit]]:
    """Each tag the person's words point to, with the reasons, in source order."""
    found: dict[str, list[_Hit]] = {}
    labels = {t.id: t.label for t in directory.tags}
    sources = (
        (_INTEREST, profile.interests),
        (_STRENGTH, profile.strengths),
        (_OTHER, profile.other),
    )
    for source, texts in sources:
        for text in texts:
            if not isinstance(text, str) or not text.strip():
                continue
            key = text.strip()
            if key in index.tag_ids and "_" in key:
                label = labels[key]
                words = label if label[1:2].isupper() else label[:1].lower() + label[1:]
                said = _Said(words, (), None, (0, 0))
                reason = _reason(key, source, said)
                help_reason = _reason(key, source, said, service=True)
                found.setdefault(key, []).append(
                    _Hit(key, source, reason, fold_words(key), help_reason)
                )
                continue
            text = _without_markup(text)
            tokens = _tokens(text)
            words_said = [t.word for t in tokens]
            used: set[tuple[str, tuple[int, int]]] = set()
            refused: list[tuple[int, int]] = []  # words said no to, not read again
            in_text: list[tuple[int, _Hit]] = []
            places = {p for w in set(words_said) for p in index.phrases_by_first.get(w, ())}
            for place in sorted(places):  # longest first, as in index.phrases
                tag, phrase = index.phrases[place]
                at = _find(words_said, phrase)
                if at < 0:
                    continue
                end = at + len(phrase)
                # "I don't hear voices": "voices" alone is part of what was said no to.
                if any(lo <= at and end <= hi for lo, hi in refused):
                    continue
                said = _said(text, tokens, at, len(phrase), index.everyday)
                if _turned_down(tag, said, phrase):
                    refused.append((at, end))
                    continue
                if (tag, said.span) in used:
                    continue  # one reason per tag for each part of what was said
                used.add((tag, said.span))
                hit = _Hit(
                    tag,
                    source,
                    _reason(tag, source, said),
                    phrase,
                    _reason(tag, source, said, service=True),
                )
                in_text.append((at, hit))
            # Reasons in the order the person said things.
            for _, hit in sorted(in_text, key=lambda pair: pair[0]):
                found.setdefault(hit.tag, []).append(hit)
    return found


def _filter_ok(item: _EntryIndex, filters: Filters) -> bool:
    entry = item.entry
    if filters.tag and filters.tag not in item.tags:
        return False
    if filters.day and filters.day not in item.days:
        return False
    if filters.free_only and not entry.free:
        return False
    if filters.area:
        if filters.area == ONLINE:
            return entry.online
        return entry.area in (filters.area, ALL_AREAS)
    return True


_SOURCE_ORDER = {_INTEREST: 0, _STRENGTH: 1, _OTHER: 2}


@dataclass(frozen=True)
class _Group:
    """What entries with the same tags share: the matched tags, reasons and rank parts."""

    order: tuple[str, ...]
    shared: tuple[str, ...]
    reasons: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]
    rarity: float
    focus: float
    help_reasons: tuple[str, ...] = ()
    """The reasons as said of a service (see :func:`_reason`)."""


def _group(index: _Index, tags: tuple[str, ...], hits: dict[str, list[_Hit]]) -> _Group:
    shared = tuple(t for t in dict.fromkeys(tags) if t in hits)
    found = sorted((h for t in shared for h in hits[t]), key=lambda h: _SOURCE_ORDER[h.source])
    return _Group(
        tags,
        shared,
        tuple(dict.fromkeys(h.reason for h in found))[:3],
        tuple(dict.fromkeys(h.phrase for h in found)),
        -sum(1 / index.tag_counts[t] for t in shared),
        -len(shared) / len(set(tags)),
        tuple(dict.fromkeys(h.help_reason for h in found))[:3],
    )


def _mentioning(index: _Index, phrase: tuple[str, ...]) -> set[int]:
    """The entries whose name or description holds ``phrase`` as whole words."""
    sets = [index.text_words.get(word, set()) for word in phrase]
    found = set.intersection(*sets) if sets else set()
    if len(phrase) > 1:
        found = {n for n in found if _find(index.entries[n].text, phrase) >= 0}
    return found


def _ranked(
    directory: Directory,
    profile: Profile,
    filters: Filters,
    today: date | None,
    *,
    keep_not_for: bool,
    keep_unmatched: bool,
    limit: int | None = None,
) -> list[Suggestion]:
    index = _index(directory)
    hits = _hits(directory, index, profile)
    situations = frozenset(profile.situations) | {
        _SITUATION_TAGS[t] for t in hits if t in _SITUATION_TAGS
    }
    query = fold_words(filters.text)
    allowed = _searched(index, query) if query else None
    plain = filters == Filters(text=filters.text)
    entries = index.entries

    def wanted(n: int) -> str | None:
        """The entry's fit when it passes the filters and may be shown, else None."""
        item = entries[n]
        if allowed is not None and n not in allowed:
            return None
        if not (plain or _filter_ok(item, filters)):
            return None
        fit = _fit(item.entry, profile, situations) if item.restricted else FITS
        return None if fit == NOT_FOR and not keep_not_for else fit

    # Entries with the same tags share their reasons and most of their rank: work it out
    # once per set of tags, then go through them most shared tags first, so a meeting
    # asking for a few suggestions stops after the best of a large directory.
    # How many of the person's tags each set of tags holds (each set lists a tag once per
    # tag it holds, so counting the sets over the tags' lists counts the tags they share).
    shared_counts: Counter[tuple[str, ...]] = Counter()
    for tag in hits:
        shared_counts.update(index.orders_by_tag.get(tag, ()))
    buckets: dict[int, list[tuple[str, ...]]] = {}
    for order, size in shared_counts.items():
        buckets.setdefault(size, []).append(order)
    mentions: dict[tuple[str, ...], set[int]] = {}
    matched: list[tuple[tuple[object, ...], int, str, _Group]] = []
    for size in sorted(buckets, reverse=True):
        for order in buckets[size]:
            group = _group(index, order, hits)
            for phrase in group.phrases:
                if phrase not in mentions:
                    mentions[phrase] = _mentioning(index, phrase)
            holding = [mentions[phrase] for phrase in group.phrases]
            for n in index.by_order[group.order]:
                fit = wanted(n)
                if fit is None:
                    continue
                said = sum(n in h for h in holding)
                key = (-size, -said, group.rarity, group.focus, entries[n].key)
                matched.append((key, n, fit, group))
        if limit is not None and not keep_unmatched and len(matched) >= limit:
            break
    chosen = (
        heapq.nsmallest(limit, matched, key=lambda row: row[0])
        if limit is not None and not keep_unmatched
        else sorted(matched, key=lambda row: row[0])
    )
    rows: list[tuple[int, str, _Group | None]] = [(n, fit, g) for _, n, fit, g in chosen]
    if keep_unmatched:
        done = {n for _, n, _, _ in matched}
        rest = []
        for n in range(len(entries)):
            if n in done:
                continue
            fit = wanted(n)
            if fit is not None:
                rest.append((entries[n].key, n, fit))
        rest.sort(key=lambda row: row[0])
        rows += [(n, fit, None) for _, n, fit in rest]
    before = months_before(today or date.today(), directory.checked_within_months).isoformat()
    result: list[Suggestion] = []
    for n, fit, shared_by in rows:
        entry = entries[n].entry
        reasons: tuple[str, ...] = ()
        if shared_by:
            reasons = shared_by.help_reasons if is_service(entry) else shared_by.reasons
        result.append(
            Suggestion(
                entry,
                reasons,
                fit,
                None if fit == FITS else _fit_note(entry, fit),
                not entry.checked or entry.checked < before,
                shared_by.shared if shared_by else (),
            )
        )
    return result


def suggest(
    directory: Directory,
    profile: Profile,
    filters: Filters = Filters(),
    *,
    limit: int | None = None,
    today: date | None = None,
) -> list[Suggestion]:
    """Entries matching what the person said, best first; ``not_for`` entries left out.

    Best means, in turn: most interest tags shared; the person's words found in the entry's
    name or description ("football" puts the football group before a swim); rarer shared
    tags; a larger share of the entry's own tags (a focused group before a general one);
    then name and id, so ties always come out the same way.
    """
    if limit is not None and limit < 0:
        raise ValueError("limit must be zero or more")
    return _ranked(
        directory,
        profile,
        filters,
        today,
        keep_not_for=False,
        keep_unmatched=False,
        limit=limit,
    )


def offer(directory: Directory, profile: Profile, *, limit: int | None = None) -> list[Suggestion]:
    """What a topic offers the person as options: :func:`suggest`'s best ``limit``, groups and
    activities first, then the services (help and advice), each part best first. Read in
    that order, with each service labelled as help (:func:`option_label`), a housing hub is
    never offered as one of the things the person enjoys."""
    found = suggest(directory, profile, limit=limit)
    return [s for s in found if not s.service] + [s for s in found if s.service]


def browse(
    directory: Directory,
    filters: Filters,
    profile: Profile | None = None,
    *,
    today: date | None = None,
) -> list[Suggestion]:
    """Every entry passing the filters: those matching the profile first (best first, with
    reasons), then the rest by name. Entries not for this person stay in, marked
    ``not_for``, so the pair can still read them."""
    return _ranked(
        directory,
        profile or Profile(),
        filters,
        today,
        keep_not_for=True,
        keep_unmatched=True,
    )


def _contact_lines(entry: DirectoryEntry) -> tuple[str, ...]:
    contact = entry.contact
    lines: list[str] = []
    if contact.name:
        lines.append(f"Ask for {contact.name}")
    if contact.phone:
        lines.append(f"Phone {contact.phone}")
    if contact.email:
        lines.append(f"Email {contact.email}")
    if contact.web:
        lines.append(f"Website {contact.web}")
    return tuple(lines)


def _where(directory: Directory, entry: DirectoryEntry) -> str:
    area = directory.area_name(entry.area)
    if entry.area == ONLINE:
        return f"Online: {entry.venue}" if entry.venue else "Online"
    place = f"{entry.venue} ({area})" if entry.venue else area
    return f"{place}. You can also join online" if entry.online else place


def card(directory: Directory, entry: DirectoryEntry, *, today: date | None = None) -> Card:
    """The entry as plain lines for a screen or an export: tag labels, area names and kind
    words, never raw ids; last checked as ``checked March 2026``."""
    return Card(
        title=entry.name,
        kind=kind_words(entry),
        what=entry.description,
        when=entry.when,
        where=_where(directory, entry),
        cost=entry.cost,
        access=entry.access,
        who_for=entry.who_for,
        contact=_contact_lines(entry),
        first_visit=tuple(entry.first_visit),
        last_checked=checked_words(entry),
        stale=is_stale(directory, entry, today),
        online=entry.online,
        bring_someone=entry.bring_someone,
        interests=tuple(directory.tag_label(t) for t in entry.tags),
        area=directory.area_name(entry.area),
        days=tuple(d.capitalize() for d in entry_days(entry)),
    )


# ---------------------------------------------------------------------------- for flows


def _texts(value: object) -> tuple[str, ...]:
    """Words from an answer: text, a list of texts, or a list of records (their text)."""
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, dict):
        return tuple(v for v in value.values() if isinstance(v, str) and v.strip())
    if isinstance(value, list | tuple):
        return tuple(t for item in value for t in _texts(item))
    return (str(value),)


def _age(age: object, born: object, today: date) -> int | None:
    if isinstance(age, int) and not isinstance(age, bool):
        return age
    if isinstance(age, str) and age.strip().isdigit():
        return int(age.strip())
    if isinstance(born, str) and born:
        try:
            birth = date.fromisoformat(born[:10])
        except ValueError:
            return None
        before_birthday = (today.month, today.day) < (birth.month, birth.day)
        return today.year - birth.year - before_birthday
    return None


def profile_from(
    interests: object = "",
    strengths: object = "",
    other: object = "",
    age: object = None,
    gender: object = None,
    situations: object = None,
    born: object = None,
    *,
    today: date | None = None,
) -> Profile:
    """A :class:`Profile` from answers as flows hold them (text, lists, records); anything
    that cannot be read is left unknown, never guessed."""
    known_gender = gender if isinstance(gender, str) and gender in GENDERS else None
    return Profile(
        interests=_texts(interests),
        strengths=_texts(strengths),
        other=_texts(other),
        age=_age(age, born, today or date.today()),
        gender=known_gender,
        situations=tuple(s for s in _texts(situations) if s in SITUATIONS),
    )


# How a service is introduced among the options, so it reads as what it is.
HELP_PREFIX = "Help and advice: "


def option_label(entry: DirectoryEntry, fit: str = FITS) -> str:
    """An entry as one option: its name and when it is on, never its id; a service says it
    is help and what kind ("Help and advice: Brackenford Housing Advice Hub, a housing advice
    service (...)"); when the person may be outside who it is for (``check``), a short note
    says who that is."""
    if is_service(entry):
        label = f"{HELP_PREFIX}{entry.name}, {kind_words(entry)} ({entry.when})"
    else:
        label = f"{entry.name} ({entry.when})"
    if fit == CHECK:
        # Options have no hint line: the note goes in the label, kept short.
        return f"{label}. Check this fits: for {_restriction_words(entry)}"
    return label
