"""Sentences built around the person's own words, punctuated once.

The app often puts someone's words inside a sentence of its own: "Thank you, Sam.", "Let's
talk about this: "Bus fares add up."". The person may or may not have ended their words with
a full stop, so a template that always adds one gives "I don't know.." or
``"Bus fares add up.".``. Everything that builds such a sentence (content text through the
``full_stop`` and ``quoted`` filters, and the code) uses these helpers, so the rule lives in
one place:

* a full stop is added only when the words do not already end a sentence: with ``.``, ``!``,
  ``?``, ``…`` (or ``...``), also just inside closing quotes (``You told me: "I love
  fishing."`` needs nothing more). A closing quote alone ends nothing: a name such as
  ``Ana "Bo"`` or words such as ``She said "no"`` still get their full stop;
* the person's words are quoted once: words already inside quotes are not quoted again.

The words themselves are never changed (no capital letters added, nothing removed inside):
they are the person's. Only space at the very end is dropped, so the stop sits on the word.
Plain Python (the bottom layer): content, exports, the CLI and the app share it.
"""

from __future__ import annotations

# What ends a sentence already. "…" is one character; "..." ends in ".".
ENDINGS = frozenset(".!?…")
# Closing quotes: what ends a sentence may sit just inside them (`"Bus fares add up."`).
# A single quote also ends possessives ("my mates'"); with nothing that ends a sentence
# before it, it ends nothing either way.
CLOSING_QUOTES = frozenset("\"”»'’")
# Pairs used to tell whether words are already wrapped in quotes.
QUOTE_PAIRS = {'"': '"', "“": "”", "'": "'", "‘": "’", "«": "»"}


def ends_sentence(text: str) -> bool:
    """True when ``text`` already ends like a sentence, perhaps just inside closing quotes.

    ``'He said "Stop!"'`` does; ``'Ana "Bo"'`` does not: the quote closes a name or a few
    words, not a sentence.
    """
    words = text.rstrip().rstrip("".join(CLOSING_QUOTES))
    return words[-1:] in ENDINGS if words else False


def full_stop(text: object) -> str:
    """``text`` as the end of a sentence: a full stop added only where one is missing.

    Empty text stays empty (there is nothing to end). ``"know"`` gives ``"know."``;
    ``"know."``, ``"Really?"``, ``"Wait…"`` and ``'"Bus fares add up."'`` are kept as they are;
    ``'Ana "Bo"'`` gives ``'Ana "Bo".'``.
    """
    words = "" if text is None else str(text)
    trimmed = words.rstrip()
    if not trimmed or ends_sentence(trimmed):
        return trimmed
    return trimmed + "."


def is_quoted(text: str) -> bool:
    """True when ``text`` already starts and ends with a pair of quotes."""
    words = text.strip()
    if len(words) < 2:
        return False
    # '"Fish" and "chips"' counts too: quoting it again would not make it clearer.
    close = QUOTE_PAIRS.get(words[0])
    return close is not None and words[-1] == close


def quoted(text: object) -> str:
    """The person's words in double quotes, once: ``I like fish`` gives ``"I like fish"``;
    words already in quotes are kept as they are. Nothing gives an empty string."""
    words = "" if text is None else str(text).strip()
    if not words or is_quoted(words):
        return words
    return f'"{words}"'


def said(lead: str, text: object) -> str:
    """A lead-in and the person's quoted words, as one sentence:
    ``said("You told me", "I used to love fishing...")`` gives
    ``You told me: "I used to love fishing..."``."""
    words = quoted(text)
    if not words:
        return full_stop(lead)
    return f"{lead}: {words}"
