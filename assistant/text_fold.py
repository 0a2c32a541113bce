"""Folding text for matching: one case, no accents, so "Zoë" and "zoe" compare equal.

Searches (Home's people search) and checks (a private name written in a shared part) fold
both sides alike, so whichever keyboard typed a name, it is found.
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """``text`` in one case and without accents (compatibility forms decomposed)."""
    if text.isascii():  # most names: nothing to decompose
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
