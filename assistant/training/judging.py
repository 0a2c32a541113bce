"""How a persona takes an idea the trainee proposes in solo practice (a goal, a thing to try).

The judging is honest in the ways a real person would be:

1. **Refusals first.** An idea the persona turns down is refused wherever it appears in the
   proposal, even beside one of its own ("Don't bother with the allotment, go to a lunch
   club" is a lunch club, and Stan says no).
2. **Negations are heard.** "don't bother with X", "not X", "no X", "instead of X", "rather
   than X", "stop X", "forget X", "never X", "give up X" (and a few more) just before a match
   word, in the same clause, mean X is *not* proposed: neither one of the persona's own ideas
   nor one it turns down. Question forms that propose ("why not X?", "don't you think X?")
   and double negatives ("don't forget X") are not negations.
3. **Too early is "not yet".** One of the persona's own ideas, proposed before the trainee has
   listened (the persona's ``warmth.ready_after`` topics) or before the persona is warm enough
   to have mentioned it (its ``share_at``), gets "not yet"; one beyond this practice meeting's
   warmth cap is "not yet" too (reason ``capped``: it belongs to a later meeting).
4. **Accepted, and recorded as whose it was.** An own idea proposed when the persona is ready
   is agreed: ``idea_from`` "together" (in the persona's words) when the trainee asked for the
   person's ideas first at this step, else "worker" (in the trainee's own words: an imposed
   idea stays the worker's, even when the person goes along with it).
5. **Private stays private.** One of the persona's own ideas that discloses a subject it has
   asked to keep off the record (or any of its private subjects, once it said no to a record)
   is not written down: it says so in the subject's words (reason ``private``).
6. **Anything else is pushed back.** Proposing an idea already refused in this meeting is
   refused again (reason ``repeat``), with a line that says so.

Matching is by whole words: a match word matches the same word and its plural; one of four
letters or more also takes "-ing" and "-ed" ("sell" matches "selling", but "work" does not
match "worker"); one of six letters or more also takes a few more endings ("befriend"
matches "befriender", "translat" matches "translation", but "hospital" does not match
"hospitality"). So Stan's "len" does not match "challenge" or "lend", Amira's "car" does not
match "carer", and Alex's "art" does not match "start".

No Textual here, and no session: :func:`judge_each` is a pure function of the persona, the text
and what the session knows (see ``TrainingSession._propose``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from assistant import store_paths as sp
from assistant.training.model import OwnedIdea, Persona

Outcome = Literal["accepted", "not_yet", "refused"]
Reason = Literal[
    "own_idea",  # accepted: the persona's own idea, after being invited to share ideas
    "imposed_accepted",  # accepted: the persona's own idea, proposed by the worker unasked
    "turn_down",  # refused: an idea the persona turns down
    "negated",  # refused: the text only said what NOT to do with one of the persona's ideas
    "not_ready",  # not yet: proposed before listening, or before the persona is warm enough
    "repeat",  # refused: an idea already refused in this meeting
    "pushback",  # refused: not the persona's idea
    "capped",  # not yet: the persona would only share this in a later practice meeting
    "private",  # refused: about something they asked to keep off the record
    "listed",  # accepted: their own idea, already said or on the list (nothing added twice)
    "cold",  # not yet: their own idea, but the trainee's pushing has cooled them
    "other_list",  # not yet: their own idea, but for the other list (a thing to try as a goal)
]
IdeaFrom = Literal["me", "worker", "together"]

# Store path of a proposal list -> the persona's own list of ideas for it.
IDEA_LISTS: dict[str, str] = {sp.GOALS_LIST: "goals", sp.COMMUNITY_LIST: "activities"}

# What a persona says to an idea it has already refused, when its voice has no line for it.
ALREADY_SAID_DEFAULT = "I've already said no to that."
# What a persona says to one of its own ideas that it has already said or that is on the list.
ALREADY_LISTED: tuple[str, ...] = (
    "That's already on the list.",
    "We've got that one down already.",
)
ALREADY_SAID_MINE: tuple[str, ...] = ("Yes. I said that one already.",)
# What a persona says to one of its own ideas proposed for the other list: where it belongs.
OTHER_LIST_LINES: dict[str, tuple[str, ...]] = {
    sp.GOALS_LIST: ("That's more a thing to try than a goal. Put it with the things to try.",),
    sp.COMMUNITY_LIST: ("That's more of a goal for me. We can put it with the goals.",),
}
# What a persona cooled by the trainee's pushing says to one of its own ideas: not today, and
# why.
COLD_LINES: tuple[str, ...] = (
    "Maybe. Not today. I've had enough ideas put to me for one day.",
    "Maybe. Not today, not after all that.",
)


@dataclass(frozen=True)
class Judgement:
    """How the persona took one proposal, and what (if anything) goes in the plan."""

    outcome: Outcome
    reason: Reason
    words: str  # what the persona says
    idea_id: str | None  # the persona's own idea it matched (accepted / not yet), else None
    idea_from: IdeaFrom  # "worker" (imposed, or refused), "together" (invited first)
    what: str  # what goes in the plan when accepted: the trainee's words if imposed

    @property
    def accepted(self) -> bool:
        return self.outcome == "accepted"


# ------------------------------------------------------------------------------ matching

# Words, numbers and apostrophes; every other character is a clause break or a space.
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[.,;:!?()\[\]\"/\n]")
_DASH = re.compile(r"\s[-\u2013\u2014]+\s|[\u2013\u2014]")
_PUNCTUATION = frozenset('.,;:!?()[]"/\n')
# Negations: words (one to three, read as one) that, just before an idea, rule it out, each
# with how many words may stand between it and the idea ("don't bother with the X": 3).
_REACH = 4
_NEGATION_PHRASES: dict[tuple[str, ...], int] = {
    **{
        (w,): _REACH
        for w in (
            *("not", "no", "don't", "dont", "never", "stop", "stopping", "quit", "forget"),
            *("skip", "without", "drop", "ditch", "avoid", "avoiding", "reduce", "limit"),
            *("can't", "cannot", "won't", "shouldn't", "mustn't", "fewer"),
        )
    },
    # "less" alone only right before the idea ("less gaming", "less quiet swim"; not "less
    # lonely at X").
    ("less",): 1,
    ("less", "time"): _REACH,
    ("less", "of"): 2,
    ("less", "often"): 2,
    **{
        pair: _REACH
        for pair in (
            ("instead", "of"),
            ("rather", "than"),
            ("give", "up"),
            ("giving", "up"),
            ("no", "more"),
            ("wouldn't", "bother"),
            ("shouldn't", "bother"),
            ("cut", "out"),
            ("cut", "back", "on"),
            ("cut", "down", "on"),
            ("cutting", "back", "on"),
            ("cutting", "down", "on"),
            ("let", "go", "of"),
            ("letting", "go", "of"),
            ("enough", "of"),
            ("steer", "clear"),
            ("pack", "in"),
            ("step", "back", "from"),
            ("move", "on", "from"),
            ("moving", "on", "from"),
        )
    },
    # "away from the pub", "a break from the guitar"; a short reach, so "get away from it
    # all at the allotment" still proposes the allotment.
    ("away", "from"): 2,
    ("break", "from"): 2,
    ("too", "much"): 3,
    ("not", "so", "much"): 3,
}
# The one-word negations a double negative is made of ("don't forget X", "never stop X").
_NEGATIONS = frozenset(
    {"not", "no", "don't", "dont", "never", "stop", "stopping", "quit", "forget", "skip"}
    | {"without", "drop", "ditch", "avoid", "can't", "cannot", "won't", "shouldn't", "mustn't"}
)
# Words that, after an idea (at most _AFTER_REACH words on, in the same clause), rule it out:
# "see Geoff less", "the pub is too risky", "the guitar can wait".
_AFTER_REACH = 3
_NEGATIONS_AFTER: tuple[tuple[str, ...], ...] = (
    ("less",),
    ("too", "much"),
    ("too", "often"),
    ("too", "risky"),
    ("too", "far"),
    ("too", "soon"),
    ("risky",),
    ("dangerous",),
    ("unsafe",),
    ("a", "bad", "idea"),
    ("bad", "for"),
    ("not", "a", "good", "idea"),
    ("isn't", "a", "good", "idea"),
    ("not", "good"),
    ("isn't", "good"),
    ("not", "for", "you"),
    ("isn't", "for", "you"),
    ("isn't", "helping"),
    ("doesn't", "help"),
    ("not", "worth"),
    ("isn't", "worth"),
    ("can", "wait"),
    ("a", "rest"),
    ("a", "miss"),
    ("a", "break"),
    ("behind", "you"),
    ("on", "hold"),
)
# "less" after an idea rules it out only at the end of a clause or before one of these
# ("see Geoff less often"), and not after one of _LESS_NOT_AFTER ("Len is less scary").
_LESS_THEN = frozenset({"often", "time", "than", "now", "frequently", "for", "from", "these"})
_LESS_NOT_AFTER = frozenset({"is", "are", "it's", "be", "feel", "feels", "seems", "was", "get"})
# Words that end the reach of a negation after an idea: a new idea starts after them.
_BREAKERS_AFTER = frozenset(
    {"and", "but", "or", "so", "then", "instead", "also", "plus", "because", "though"}
    | {"maybe", "perhaps", "try", "let's", "lets", "how", "what", "why"}
)
# A negation word followed by one of these proposes rather than negates ("not just X",
# "can't you try X?").
_QUESTION = frozenset({"you", "we", "i"})
_NOT_NEGATING_AFTER: dict[str, frozenset[str]] = {
    "not": frozenset({"only", "just", "sure", "to", "even"}),
    "no": frozenset({"harm", "reason", "matter", "pressure", "rush", "hurry", "doubt"}),
    "don't": _QUESTION | {"need"},
    "dont": _QUESTION | {"need"},
    "can't": _QUESTION,
    "cannot": _QUESTION,
    "won't": _QUESTION,
    "shouldn't": _QUESTION,
    "mustn't": _QUESTION,
    "stop": frozenset({"by", "off", "in", "at"}),
    "never": frozenset({"too"}),
    "drop": frozenset({"in", "by", "into"}),
}
# A negation word after one of these is not one ("why not", "why don't you", "what not").
_NOT_NEGATING_BEFORE = frozenset({"why", "what", "if", "or"})
# Words that end a negation's reach: a new idea starts after them.
_BREAKERS = frozenset(
    {"and", "but", "or", "so", "then", "instead", "maybe", "perhaps", "how", "what", "why"}
    | {"try", "could", "would", "should", "might", "can", "let's", "lets", "we", "i", "also"}
    | {"plus", "though", "because"}
)
# Endings a match word of six letters or more may take ("translat" -> "translation"); not
# any ending, so Marcus's "hospital" does not match "hospitality".
_LONG_ENDINGS = frozenset(
    {"e", "ed", "er", "ers", "ion", "ions", "or", "ors", "ation", "ations", "ment", "ments"}
)
# Words that carry no idea, left out when comparing a proposal with one already refused.
_FILLER = frozenset(
    {
        *("a", "an", "the", "to", "of", "for", "in", "on", "at", "with", "and", "or", "but"),
        *("some", "more", "your", "you", "my", "me", "i", "we", "us", "it", "its", "this"),
        *("go", "going", "get", "getting", "try", "trying", "join", "joining", "start"),
        *("starting", "maybe", "perhaps", "could", "would", "should", "might", "how", "what"),
        *("about", "why", "not", "do", "don't", "think", "like", "want", "again", "new"),
        *("that", "there", "here", "be", "is", "are", "was", "up", "out", "bit", "little"),
    }
)


def words(text: str) -> list[str]:
    """The words of ``text``, folded, with clause breaks (punctuation, dashes) kept as tokens."""
    folded = text.casefold().replace("\u2019", "'").replace("\u2018", "'")
    return [t.strip() or "," for t in _TOKEN.findall(_DASH.sub(" , ", folded))]


def _word_matches(pattern: str, word: str, *, last: bool) -> bool:
    """True when ``word`` is the match word ``pattern`` (whole-word, see the module doc)."""
    if word == pattern:
        return True
    if not last:
        return False
    if not word.startswith(pattern):
        return False
    ending = word[len(pattern) :]
    if ending in ("s", "es"):
        return True
    if len(pattern) >= 4 and ending in ("ing", "ed"):
        return True
    return len(pattern) >= 6 and ending in _LONG_ENDINGS


def _find(tokens: Sequence[str], phrase: str) -> list[int]:
    """Where the match phrase starts in ``tokens`` (whole words, in order)."""
    wanted = [t for t in words(phrase) if t not in _PUNCTUATION and t != ","]
    if not wanted:
        return []
    found = []
    for start in range(len(tokens) - len(wanted) + 1):
        if all(
            _word_matches(w, tokens[start + k], last=k == len(wanted) - 1)
            for k, w in enumerate(wanted)
        ):
            found.append(start)
    return found


def _starts_negation(tokens: Sequence[str], at: int) -> bool:
    """True when a negation (of one to three words) starts at ``at``."""
    return any(tuple(tokens[at : at + n]) in _NEGATION_PHRASES for n in (1, 2, 3))


def _negation_ends(tokens: Sequence[str]) -> list[tuple[int, int, int]]:
    """(start, index just after, reach) of each negation in ``tokens``: where it is, where
    its reach starts and how many words it may reach over."""
    ends: list[tuple[int, int, int]] = []
    i = 0
    while i < len(tokens):
        phrase = next(
            (
                tuple(tokens[i : i + n])
                for n in (3, 2, 1)
                if tuple(tokens[i : i + n]) in _NEGATION_PHRASES
            ),
            None,
        )
        if phrase is None:
            i += 1
            continue
        end = i + len(phrase)
        token = tokens[i]
        nxt = tokens[end] if end < len(tokens) else ""
        before = tokens[i - 1] if i > 0 else ""
        if len(phrase) == 1:
            negates = (
                nxt not in _NOT_NEGATING_AFTER.get(token, frozenset())
                and before not in _NOT_NEGATING_BEFORE
                # A double negative ("don't forget", "never stop") says do it.
                and before not in _NEGATIONS
                and not _starts_negation(tokens, end)
            )
        else:
            negates = before not in _NEGATIONS  # "don't give up X" says do it
        if negates:
            ends.append((i, end, _NEGATION_PHRASES[phrase]))
        i = end
    return ends


def _negated(tokens: Sequence[str], start: int, negations: Sequence[tuple[int, int, int]]) -> bool:
    """True when a negation reaches the match starting at ``start``."""
    for _, end, reach in negations:
        between = tokens[end:start]
        if end > start or len(between) > reach:
            continue
        if any(t in _BREAKERS or t in _PUNCTUATION or t == "," for t in between):
            continue
        return True
    return False


def _negated_after(tokens: Sequence[str], end: int) -> bool:
    """True when words after the match (ending at ``end``), in the same clause, rule it out
    ("see Geoff less", "the pub is too risky")."""
    for gap in range(_AFTER_REACH + 1):
        at = end + gap
        if at >= len(tokens):
            return False
        token = tokens[at]
        if token in _PUNCTUATION or token == "," or token in _BREAKERS_AFTER:
            return False
        for phrase in _NEGATIONS_AFTER:
            if tuple(tokens[at : at + len(phrase)]) != phrase:
                continue
            if phrase == ("less",):
                before = tokens[at - 1] if at > 0 else ""
                nxt = tokens[at + 1] if at + 1 < len(tokens) else ""
                ends_clause = nxt in ("", ",") or nxt in _PUNCTUATION or nxt in _BREAKERS_AFTER
                if before in _LESS_NOT_AFTER or not (ends_clause or nxt in _LESS_THEN):
                    continue
            return True
    return False


def _spans(tokens: Sequence[str], phrase: str) -> list[tuple[int, int]]:
    """(start, end) of each whole-word match of ``phrase`` in ``tokens``."""
    size = len([t for t in words(phrase) if t not in _PUNCTUATION and t != ","])
    return [(start, start + size) for start in _find(tokens, phrase)]


def names(tokens: Sequence[str], phrase: str) -> bool:
    """True when ``tokens`` (from :func:`words`) name ``phrase`` anywhere, negated or not:
    whole words, as match words are matched."""
    return bool(_find(tokens, phrase))


def mentions(text: str, phrases: Collection[str]) -> bool:
    """True when ``text`` proposes what ``phrases`` mean: a whole-word match not negated."""
    return _first_mention(text, phrases) is not None


def _first_mention(text: str, phrases: Collection[str], *, own: bool = False) -> int | None:
    """Where ``text`` first proposes what ``phrases`` mean (a word index), or None.

    ``own``: the phrases are one of the persona's own ideas, and a match that is part of a
    negation ("move on" in "move on from X") is none. (A turned-down idea may be a negation:
    Pauline turns down seeing Geoff "less often".)"""
    tokens = words(text)
    negations = _negation_ends(tokens)
    found = [
        start
        for p in phrases
        for start, end in _spans(tokens, p)
        if not _negated(tokens, start, negations)
        and not _negated_after(tokens, end)
        # Part of a negation ("move on" in "move on from X") is no match.
        and not (
            own
            and any(
                n_start <= start and end <= n_end and n_end - n_start > 1
                for n_start, n_end, _ in negations
            )
        )
    ]
    return min(found) if found else None


def _turn_down_index(persona: Persona, text: str) -> int | None:
    """Which of the persona's turned-down ideas ``text`` proposes, if any."""
    return next(
        (i for i, t in enumerate(persona.turns_down) if mentions(text, t.match)),
        None,
    )


def own_ideas(persona: Persona, store: str) -> list[OwnedIdea]:
    """The persona's own ideas for a proposal list (goals, or things to try)."""
    return list(getattr(persona, IDEA_LISTS[store])) if store in IDEA_LISTS else []


def _names_other_list_idea(persona: Persona, store: str, text: str) -> bool:
    """True when ``text`` names one of the persona's own ideas for the other proposal list
    (a thing to try offered as a goal, or a goal as a thing to try)."""
    others = [s for s in IDEA_LISTS if s != store] if store in IDEA_LISTS else []
    return any(
        _first_mention(text, idea.match, own=True) is not None
        for other in others
        for idea in own_ideas(persona, other)
    )


def _idea_words(text: str) -> set[str]:
    return {t for t in words(text) if len(t) > 2 and t not in _FILLER and t[0].isalpha()}


def _names_entry(text: str, entry: Mapping[str, object]) -> bool:
    """True when ``text`` names the list entry ``entry`` (all of its words, or it is all of
    the text's: "Riverside Community Garden" names "The Riverside Community Garden")."""
    mine, theirs = _idea_words(text), _idea_words(str(entry.get("what") or ""))
    return bool(mine and theirs and (mine <= theirs or theirs <= mine))


def repeats(persona: Persona, text: str, refused_before: Collection[str]) -> bool:
    """True when ``text`` proposes again an idea already refused (``refused_before``: the
    trainee's earlier refused proposals, their words): the same turned-down idea, or (for
    ideas the persona simply pushed back) the same idea in fewer or more words."""
    turn_down = _turn_down_index(persona, text)
    mine = _idea_words(text)
    for earlier in refused_before:
        if turn_down is not None:
            if _turn_down_index(persona, earlier) == turn_down:
                return True
            continue
        theirs = _idea_words(earlier)
        if mine and theirs and (mine <= theirs or theirs <= mine):
            return True
    return False


# ------------------------------------------------------------------------------ judging


def judge_each(
    persona: Persona,
    store: str,
    text: str,
    *,
    ready: bool,
    invited: bool,
    level: int,
    refused_before: Collection[str],
    pick: Callable[[int, str], int],
    cap: int | None = None,
    private: Collection[str] = (),
    listed: Mapping[str, Mapping[str, object]] | None = None,
    cold: bool = False,
) -> list[Judgement]:
    """How ``persona`` takes the proposal ``text`` for the list at ``store``: one judgement
    for each of its own ideas the text names (in the order named), else one refusal.

    ``ready``: the trainee has explored the persona's ``ready_after`` topics. ``invited``: the
    trainee asked for the person's own ideas at this step before proposing. ``level``: the
    persona's warmth now. ``cap``: the highest warmth this practice meeting can reach (an
    idea shared only above it waits for a later meeting). ``refused_before``: the trainee's
    earlier refused proposals. ``private``: the subjects the persona keeps off the record by
    now (a proposal that names one, or an own idea that discloses one, is not written down:
    they say so, as when asked about it again). ``listed``: the persona's own ideas already
    on this list or already said by them (id -> the list entry; ``on_list`` False for one
    said but not on the list now): acknowledged, never "not yet", and not added twice.
    ``cold``: the trainee's pushing has cooled the persona (see ``TrainingSession``): an own
    idea not yet listed then gets "not yet". ``pick(count, salt)`` chooses one of ``count``
    lines.
    """
    voice = persona.voice
    listed = listed or {}

    def say(lines: Sequence[str], salt: str) -> str:
        return lines[pick(len(lines), salt)] if lines else ""

    def refused(reason: Reason, lines: Sequence[str], salt: str) -> list[Judgement]:
        if repeats(persona, text, refused_before):
            already = voice.already_said or [ALREADY_SAID_DEFAULT]
            return [
                Judgement("refused", "repeat", say(already, "already_said"), None, "worker", "")
            ]
        return [Judgement("refused", reason, say(lines, salt), None, "worker", "")]

    tokens = words(text)
    # Naming what they asked to keep off the record, in any words (even "don't X"), is
    # refused in their words: nothing about it goes in the plan.
    named_private = next(
        (p for p in persona.private if p.id in private and any(_find(tokens, m) for m in p.match)),
        None,
    )
    if named_private is not None:
        return [
            Judgement("refused", "private", named_private.words, None, "worker", ""),
        ]
    turn_down = _turn_down_index(persona, text)
    if turn_down is not None:
        return refused("turn_down", persona.turns_down[turn_down].words, "turn_down")
    ideas = own_ideas(persona, store)
    found = [(at, i) for i in ideas if (at := _first_mention(text, i.match, own=True)) is not None]
    if not found:
        entry = next((e for e in listed.values() if _names_entry(text, e)), None)
        if entry is not None:
            lines = ALREADY_LISTED if entry.get("on_list", True) else ALREADY_SAID_MINE
            what = str(entry.get("what") or "")
            said_by: IdeaFrom = "worker" if entry.get("idea_from") == "worker" else "me"
            return [Judgement("accepted", "listed", say(lines, "listed"), None, said_by, what)]
        named = any(_find(tokens, p) for i in ideas for p in i.match)
        if not named and _names_other_list_idea(persona, store, text):
            # Their own idea, on the role card, offered for the other list: not pushed on
            # them, so not turned down; they say where it goes.
            return [
                Judgement(
                    "not_yet",
                    "other_list",
                    say(OTHER_LIST_LINES[store], "other_list"),
                    None,
                    "worker",
                    "",
                )
            ]
        return refused("negated" if named else "pushback", voice.pushback, "pushback")
    matched = [idea for _, idea in sorted(found, key=lambda item: item[0])]
    several = len(matched) > 1
    return [
        _judge_idea(
            persona,
            idea,
            _words_for(text, idea) if several else text.strip(),
            say,
            ready=ready,
            invited=invited,
            level=level,
            cap=cap,
            private=private,
            listed=listed,
            cold=cold,
        )
        for idea in matched
    ]


def _judge_idea(
    persona: Persona,
    idea: OwnedIdea,
    text: str,
    say: Callable[[Sequence[str], str], str],
    *,
    ready: bool,
    invited: bool,
    level: int,
    cap: int | None,
    private: Collection[str],
    listed: Mapping[str, Mapping[str, object]],
    cold: bool,
) -> Judgement:
    """How the persona takes one of its own ideas, proposed in ``text``."""
    voice = persona.voice
    # On the list as this idea, or as an entry that names it (a directory entry they chose).
    entry = listed.get(idea.id) or next(
        (e for e in listed.values() if _first_mention(str(e.get("what") or ""), idea.match)),
        None,
    )
    if entry is not None:
        # They said it, or it is on the list: they say so; nothing is added twice.
        said_by: IdeaFrom = "me"
        if entry.get("idea_from") in ("worker", "together"):
            said_by = "together" if entry.get("idea_from") == "together" else "worker"
        what = str(entry.get("what") or idea.what)
        lines = ALREADY_LISTED if entry.get("on_list", True) else ALREADY_SAID_MINE
        return Judgement("accepted", "listed", say(lines, "listed"), idea.id, said_by, what)
    kept = next((p for p in persona.private if p.id in private and p.id in idea.discloses), None)
    if kept is not None:
        return Judgement("refused", "private", kept.words, None, "worker", "")
    if cold:
        return Judgement("not_yet", "cold", say(COLD_LINES, "cold"), idea.id, "worker", "")
    if cap is not None and idea.share_at > cap:
        return Judgement("not_yet", "capped", say(voice.not_yet, "not_yet"), idea.id, "worker", "")
    if not ready or idea.share_at > level:
        return Judgement(
            "not_yet", "not_ready", say(voice.not_yet, "not_yet"), idea.id, "worker", ""
        )
    agreed = say(idea.agree or voice.agree, "agree")
    if invited:
        return Judgement("accepted", "own_idea", agreed, idea.id, "together", idea.what)
    return Judgement("accepted", "imposed_accepted", agreed, idea.id, "worker", text)


# Where a proposal naming several ideas is cut into the words for each.
_PARTS = re.compile(r"[,;.!?\n]+|\s[-\u2013\u2014]+\s|\b(?:and|then|also|plus|or)\b", re.IGNORECASE)


def _words_for(text: str, idea: OwnedIdea) -> str:
    """The trainee's words for ``idea`` in a proposal naming several: the part of it that
    names this idea (cut at commas, "and", "then"...), else all of it."""
    parts = [p.strip() for p in _PARTS.split(text) if p and p.strip()]
    part = next(
        (p for p in parts if _first_mention(p, idea.match, own=True) is not None), text.strip()
    )
    return part[:1].upper() + part[1:]
