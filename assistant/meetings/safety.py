"""Pause for safety: what the worker reads when the pair stop for safety (no Textual here).

Issue 13: after a rating of 1 or 2 on mental health or on feeling safe, or when the worker
presses the pause key, the worker sees calm guidance and the agency's out-of-hours and crisis
numbers (from the agency settings, :mod:`assistant.agency`), and the pair are *offered* the
plan for hard times. Nothing is scored and nothing is recorded: the pause is not an answer.
When to offer it is the meeting's business (:meth:`assistant.meetings.meeting.Meeting.
pause_offer`); this module only words it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant import store_paths as sp
from assistant.agency import NO_AGENCY_NOTICE, Agency, ContactBlock, contact_blocks

#: A rating this low (1 or 2, of 1 to 7) on one of :data:`store_paths.SAFETY_RATINGS`
#: offers the pause.
LOW_RATING = 2

#: The areas the offer follows, in the words the pause uses.
AREA_WORDS = {
    f"{sp.RATINGS}.mental_health": "mental health",
    f"{sp.RATINGS}.safety": "how safe they feel",
}

#: The blocks of the agency's details the pause shows, in this order: the made-up example's
#: mark first, then who to call in a crisis (nearest the top: on a small screen the rest
#: scrolls), then when the team is closed. The worker knows their own number.
_SHOWN = ("Made-up example", "In a crisis, day or night", "When the team is closed")

# What to do now, in plain words. Safe for the person to read too: nothing here judges them.
_WHAT_TO_DO = (
    "Stop for a moment. There is no rush.",
    "Ask how things are today, and listen.",
    "Ask if they feel safe now, and what would help.",
    "If someone is in danger now, follow your agency's procedure.",
    "If they would like to, look at their plan for hard times.",
)
_NOTHING_KEPT = (
    "Nothing about this pause is recorded or scored. Only what you choose to type is kept."
)
NO_NUMBERS_NOTICE = (
    "The agency details have no out-of-hours or crisis numbers. Use your agency's own "
    "procedure, and ask for the numbers to be added to agency.yaml (see docs/agency.md)."
)


def is_low(value: Any) -> bool:
    """True for a rating of 1 or 2 (not for a yes/no, a skip or anything else)."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= LOW_RATING


@dataclass(frozen=True)
class SafetyPause:
    """The words of one pause for safety, for the worker (and safe for the person to read).

    ``numbers`` are the agency's own text: show them as data, never as markup.
    ``notice`` is for the worker when there are no numbers to show (else "").
    ``can_go``: the plan for hard times exists and is not the topic on screen already.
    """

    title: str
    why: str
    what_to_do: tuple[str, ...]
    numbers: tuple[ContactBlock, ...]
    notice: str
    nothing_kept: str
    can_go: bool
    example: bool


def safety_pause(
    agency: Agency | None, *, area: str | None = None, name: str = "", can_go: bool = True
) -> SafetyPause:
    """The pause's words: after a low rating of ``area`` (a store path of
    :data:`AREA_WORDS`), or, with no area, because the worker chose to pause."""
    who = name or "The person"
    if area is not None:
        why = (
            f"{who} gave {AREA_WORDS.get(area, 'one part of life')} a low number (1 or 2). "
            "That can mean things are hard right now."
        )
    else:
        why = "You have paused the meeting to think about safety."
    found = {b.heading: b for b in contact_blocks(agency)}
    blocks = tuple(found[heading] for heading in _SHOWN if heading in found)
    if agency is None:
        notice = NO_AGENCY_NOTICE
    elif not agency.out_of_hours and not agency.crisis:
        notice = NO_NUMBERS_NOTICE
    else:
        notice = ""
    return SafetyPause(
        title="Pause for safety",
        why=why,
        what_to_do=_WHAT_TO_DO,
        numbers=blocks,
        notice=notice,
        nothing_kept=_NOTHING_KEPT,
        can_go=can_go,
        example=bool(agency is not None and agency.example),
    )
