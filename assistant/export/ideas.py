"""Whose idea something was, in words for whoever reads the copy.

The question "Whose idea was that?" is asked of the person and the worker together, so its
choices speak as the person: "My idea", "My worker's idea", "We thought of it together".
The plan keeps those words. The person's own copy may say them back; in a copy the care
team, a GP or someone else reads, "my" would read as the reader's own (or leave them
guessing whose), so there each is said in the third person, chosen by its code.
"""

from __future__ import annotations

from typing import Any, Final

from assistant.plans.model import Code

__all__ = ["IDEA_FIELDS", "IDEA_FOR_OTHERS", "idea_label", "ideas_for_others"]

# The whose-idea codes the shipped content asks (community, goals, goal_steps,
# resourceful_people, concern_detail): the same four everywhere.
IDEA_FOR_OTHERS: Final = {
    "me": "The person's idea",
    "worker": "The worker's idea",
    "together": "The person and the worker together",
    "someone_else": "Someone else's idea",
}
# The plan's fields that say whose idea something was (goals, actions, a way past a
# barrier, what might help with a concern, resourceful people, things to try, directory
# picks, referrals).
IDEA_FIELDS: Final = frozenset(
    {"idea_from", "way_past_from", "might_help_from", "from_directory_idea_from"}
)


def idea_label(code: Code | None, *, yours: bool) -> str | None:
    """Whose idea ``code`` says it was: the choice's own words in the person's own copy
    (``yours``), else in the third person (an agency's own code keeps its words)."""
    if code is None:
        return None
    if yours:
        return code.label
    return IDEA_FOR_OTHERS.get(code.code, code.label)


def ideas_for_others(data: Any) -> Any:
    """A copy of the plan's data (``Plan.to_json()``, or any part of it) with every
    whose-idea label in the third person; the codes stay as they are."""
    if isinstance(data, list):
        return [ideas_for_others(item) for item in data]
    if not isinstance(data, dict):
        return data
    out = {}
    for key, value in data.items():
        if key in IDEA_FIELDS and isinstance(value, dict) and "code" in value:
            value = {**value, "label": IDEA_FOR_OTHERS.get(value["code"], value.get("label"))}
        out[key] = ideas_for_others(value)
    return out
