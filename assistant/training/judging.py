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

No Textual here, and no session: :func:`judge` is a pure function of the persona, the text
and what the session knows (see ``TrainingSession._propose``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
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
    "private",  # refused: their own idea, but about something they asked to keep off the record
]
IdeaFrom = Literal["me", "worker", "together"]

# Store path of a proposal list -> the persona's own list of ideas for it.
IDEA_LISTS: dict[str, str] = {sp.GOALS_LIST: "goals", sp.COMMUNITY_LIST: "activities"}

# What a persona says to an idea it has already refused, when its voice has no line for it.
ALREADY_SAID_DEFAULT = "I've already said no to that."


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
# One-word negations, and the two-word ones (read as one).
_NEGATIONS = frozenset({"not", "no", "don't", "dont", "never", "stop", "stopping", "quit"})
_NEGATIONS |= frozenset({"forget", "skip", "without", "drop", "ditch", "avoid"})
_NEGATION_PAIRS = frozenset(
    {
        ("instead", "of"),
        ("rather", "than"),
        ("give", "up"),
        ("giving", "up"),
        ("no", "more"),
        ("wouldn't", "bother"),
        ("shouldn't", "bother"),
        ("cut", "out"),
    }
)
# A negation word followed by one of these proposes rather than negates.
_NOT_NEGATING_AFTER: dict[str, frozenset[str]] = {
    "not": frozenset({"only", "just", "sure", "to", "even"}),
    "no": frozenset({"harm", "reason", "matter", "pressure", "rush", "hurry", "doubt"}),
    "don't": frozenset({"you", "we", "i", "need"}),
    "dont": frozenset({"you", "we", "i", "need"}),
    "stop": frozenset({"by", "off", "in", "at"}),
    "never": frozenset({"too"}),
    "drop": frozenset({"in", "by", "into"}),
    "skip": frozenset(),
    "without": frozenset(),
}
# A negation word after one of these is not one ("why not", "why don't you", "what not").
_NOT_NEGATING_BEFORE = frozenset({"why", "what", "if", "or"})
# Words that end a negation's reach: a new idea starts after them.
_BREAKERS = frozenset(
    {
        "and",
        "but",
        "or",
        "so",
        "then",
        "instead",
        "maybe",
        "perhaps",
        "how",
        "what",
        "why",
        "try",
        "could",
        "would",
        "should",
        "might",
        "can",
        "let's",
        "lets",
        "we",
        "i",
        "also",
        "plus",
        "though",
        "because",
    }
)
# How many words may stand between a negation and what it negates ("don't bother with the X").
_REACH = 4
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


def _negation_ends(tokens: Sequence[str]) -> list[int]:
    """Indexes just after each negation in ``tokens`` (where its reach starts)."""
    ends: list[int] = []
    for i, token in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        before = tokens[i - 1] if i > 0 else ""
        if (token, nxt) in _NEGATION_PAIRS:
            end = i + 2
        elif token in _NEGATIONS:
            if nxt in _NOT_NEGATING_AFTER.get(token, frozenset()):
                continue
            if before in _NOT_NEGATING_BEFORE:
                continue
            end = i + 1
        else:
            continue
        # A double negative ("don't forget", "never stop") says do it.
        if before in _NEGATIONS or (nxt in _NEGATIONS and (token, nxt) not in _NEGATION_PAIRS):
            continue
        ends.append(end)
    return ends


def _negated(tokens: Sequence[str], start: int, negations: Sequence[int]) -> bool:
    """True when a negation reaches the match starting at ``start``."""
    for end in negations:
        between = tokens[end:start]
        if end > start or len(between) > _REACH:
            continue
        if any(t in _BREAKERS or t in _PUNCTUATION or t == "," for t in between):
            continue
        return True
    return False


def mentions(text: str, phrases: Collection[str]) -> bool:
    """True when ``text`` proposes what ``phrases`` mean: a whole-word match not negated."""
    tokens = words(text)
    negations = _negation_ends(tokens)
    return any(
        not _negated(tokens, start, negations) for p in phrases for start in _find(tokens, p)
    )


def _turn_down_index(persona: Persona, text: str) -> int | None:
    """Which of the persona's turned-down ideas ``text`` proposes, if any."""
    return next(
        (i for i, t in enumerate(persona.turns_down) if mentions(text, t.match)),
        None,
    )


def own_ideas(persona: Persona, store: str) -> list[OwnedIdea]:
    """The persona's own ideas for a proposal list (goals, or things to try)."""
    return list(getattr(persona, IDEA_LISTS[store])) if store in IDEA_LISTS else []


def _idea_words(text: str) -> set[str]:
    return {t for t in words(text) if len(t) > 2 and t not in _FILLER and t[0].isalpha()}


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


def judge(
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
) -> Judgement:
    """How ``persona`` takes the proposal ``text`` for the list at ``store``.

    ``ready``: the trainee has explored the persona's ``ready_after`` topics. ``invited``: the
    trainee asked for the person's own ideas at this step before proposing. ``level``: the
    persona's warmth now. ``cap``: the highest warmth this practice meeting can reach (an
    idea shared only above it waits for a later meeting). ``refused_before``: the trainee's
    earlier refused proposals. ``private``: the subjects the persona keeps off the record by
    now (an own idea that discloses one is not written down: they say so, as when asked
    about it again). ``pick(count, salt)`` chooses one of ``count`` lines.
    """
    voice = persona.voice

    def say(lines: Sequence[str], salt: str) -> str:
        return lines[pick(len(lines), salt)] if lines else ""

    def refused(reason: Reason, lines: Sequence[str], salt: str) -> Judgement:
        if repeats(persona, text, refused_before):
            already = voice.already_said or [ALREADY_SAID_DEFAULT]
            return Judgement("refused", "repeat", say(already, "already_said"), None, "worker", "")
        return Judgement("refused", reason, say(lines, salt), None, "worker", "")

    turn_down = _turn_down_index(persona, text)
    if turn_down is not None:
        return refused("turn_down", persona.turns_down[turn_down].words, "turn_down")
    ideas = own_ideas(persona, store)
    matched = [i for i in ideas if mentions(text, i.match)]
    if not matched:
        tokens = words(text)
        named = any(_find(tokens, p) for i in ideas for p in i.match)
        return refused("negated" if named else "pushback", voice.pushback, "pushback")
    idea = matched[0]
    kept = next((p for p in persona.private if p.id in private and p.id in idea.discloses), None)
    if kept is not None:
        return refused("private", [kept.words], "private")
    if cap is not None and idea.share_at > cap:
        return Judgement("not_yet", "capped", say(voice.not_yet, "not_yet"), idea.id, "worker", "")
    if not ready or idea.share_at > level:
        return Judgement(
            "not_yet", "not_ready", say(voice.not_yet, "not_yet"), idea.id, "worker", ""
        )
    agreed = say(idea.agree or voice.agree, "agree")
    if invited:
        return Judgement("accepted", "own_idea", agreed, idea.id, "together", idea.what)
    return Judgement("accepted", "imposed_accepted", agreed, idea.id, "worker", text.strip())
