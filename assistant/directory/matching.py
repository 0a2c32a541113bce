"""Match a person's interests to directory entries by shared interest tags.

Interests may be tag ids (`arts`) or the person's own words (`I like painting`): words are
turned into tags through each tag's label and synonyms in ``_tags.yaml``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assistant.directory.model import ALL_AREAS, ONLINE, Directory, DirectoryEntry, TagDef

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
Phrase = tuple[str, ...]


def _stem(word: str) -> str:
    # A light plural fold (walks -> walk, games -> game) applied to both sides alike,
    # so "crafts" finds the synonym "craft" without a stemming library.
    word = word.replace("'", "")
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def words(text: str) -> Phrase:
    """Lower-case, plural-folded words of ``text``."""
    return tuple(_stem(w) for w in _WORD.findall(text.casefold().replace("’", "'")))


def _contains(haystack: Phrase, needle: Phrase) -> bool:
    size = len(needle)
    if size == 0:
        return False
    return any(haystack[i : i + size] == needle for i in range(len(haystack) - size + 1))


def _phrases(tag: TagDef) -> list[Phrase]:
    found = [words(tag.id.replace("_", " ")), words(tag.label), *(words(s) for s in tag.synonyms)]
    return [p for p in found if p]


def _resolve(
    tags: Iterable[TagDef], interests: Iterable[str]
) -> dict[str, list[tuple[str, Phrase]]]:
    """Each tag the interests point to, with (interest, the phrase that matched)."""
    vocabulary = list(tags)
    by_id = {tag.id: tag for tag in vocabulary}
    found: dict[str, list[tuple[str, Phrase]]] = {}
    for interest in interests:
        key = interest.strip()
        if key in by_id:
            hits = [(key, words(key.replace("_", " ")))]
        else:
            said = words(key)
            hits = [
                (t.id, phrase)
                for t in vocabulary
                for phrase in _phrases(t)
                if _contains(said, phrase)
            ]
        for tag_id, phrase in hits:
            sources = found.setdefault(tag_id, [])
            if (interest, phrase) not in sources:
                sources.append((interest, phrase))
    order = {tag.id: n for n, tag in enumerate(vocabulary)}
    return {t: found[t] for t in sorted(found, key=order.__getitem__)}


def resolve_interests(tags: Iterable[TagDef], interests: Iterable[str]) -> dict[str, list[str]]:
    """Map each tag to the interests (as given) that point to it, in vocabulary order.

    An interest that is exactly a tag id gives that tag; any other text gives every tag
    whose id, label or a synonym appears in it as whole words (case and plurals ignored).
    """
    return {
        tag: list(dict.fromkeys(interest for interest, _ in hits))
        for tag, hits in _resolve(tags, interests).items()
    }


@dataclass(frozen=True)
class Match:
    """An entry that shares interest tags with the person, and why."""

    entry: DirectoryEntry
    tags: tuple[str, ...]
    """The shared tags, in the entry's own tag order."""
    interests: tuple[str, ...]
    """The person's interests (as given) that led to those tags."""
    mentioned: tuple[str, ...] = ()
    """Words the person used that the entry's name or description also uses."""

    @property
    def score(self) -> int:
        """How many interest tags are shared."""
        return len(self.tags)


def _in_reach(
    entry: DirectoryEntry, area: str | None, online_ok: bool, bring_someone: bool | None
) -> bool:
    if bring_someone is not None and entry.bring_someone != bring_someone:
        return False
    if not online_ok and entry.area == ONLINE:
        return False
    if area is None:
        return True
    if entry.area in (area, ALL_AREAS):
        return True
    return online_ok and entry.online


def known_outside(entry: DirectoryEntry, age: int | None, gender: str | None) -> bool:
    """True when the person is known to be outside who the entry is for (its ``for_ages``
    or ``for_genders``); an age or gender not recorded never leaves an entry out."""
    ages = entry.for_ages
    if age is not None and ages is not None:
        too_young = ages.min is not None and age < ages.min
        too_old = ages.max is not None and age > ages.max
        if too_young or too_old:
            return True
    genders = entry.for_genders
    return gender is not None and genders is not None and gender not in genders


def match(
    directory: Directory,
    interests: Sequence[str],
    *,
    area: str | None = None,
    online_ok: bool = True,
    bring_someone: bool | None = None,
    limit: int | None = None,
    age: int | None = None,
    gender: str | None = None,
) -> list[Match]:
    """Entries sharing at least one interest tag with ``interests``, best first.

    Best means, in turn: most shared tags; the person's own words appearing in the entry's
    name or description ("football" puts the football group before a swim); rarer shared
    tags (for "hearing voices, meeting people", a hearing voices group before a general
    social group); a larger share of the entry's own tags (a focused group before a
    general one); then name and id, so ties always come out the same way whatever the
    order of entries or interests.

    - ``area``: only entries in that neighbourhood, for the whole area, or (when
      ``online_ok``) that can be joined online.
    - ``online_ok=False`` leaves out entries that happen only online.
    - ``bring_someone``: when given, only entries whose `bring_someone` equals it.
    - ``limit``: at most this many matches.
    - ``age``, ``gender`` (``woman``, ``man``, ``non_binary``): when known, entries for
      other ages or genders are left out (a jam room for 18 to 35 is not offered at 46).
    """
    if limit is not None and limit < 0:
        raise ValueError("limit must be zero or more")
    wanted = _resolve(directory.tags, interests)
    # How many entries carry each tag: a shared rare tag says more about fit.
    counts = Counter(t for entry in directory.entries for t in set(entry.tags))
    ranked: list[tuple[tuple[object, ...], Match]] = []
    for entry in directory.entries:
        if not _in_reach(entry, area, online_ok, bring_someone):
            continue
        if known_outside(entry, age, gender):
            continue
        shared = tuple(dict.fromkeys(t for t in entry.tags if t in wanted))
        if not shared:
            continue
        hits = [hit for t in shared for hit in wanted[t]]
        text = words(f"{entry.name} {entry.description}")
        mentioned = tuple(
            dict.fromkeys(" ".join(phrase) for _, phrase in hits if _contains(text, phrase))
        )
        found = Match(
            entry,
            shared,
            tuple(dict.fromkeys(interest for interest, _ in hits)),
            mentioned,
        )
        key = (
            -found.score,
            -len(mentioned),
            -sum(1 / counts[t] for t in shared),
            -found.score / len(set(entry.tags)),
            entry.name.casefold(),
            entry.id,
        )
        ranked.append((key, found))
    ranked.sort(key=lambda pair: pair[0])
    best = [found for _, found in ranked]
    return best if limit is None else best[:limit]
