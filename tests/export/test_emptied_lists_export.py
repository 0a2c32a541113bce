"""Every list the person emptied on purpose (``Plan.emptied_lists``) says so in every copy
that shows it, as the conversation does, not "not talked about yet"; a copy with parts left
out says the one neutral sentence under every empty part instead."""

from __future__ import annotations

import pytest
from export_support import seen_text

from assistant.export.views import WITHHELD_EMPTY
from assistant.plans.model import Audience, Code, Community, DirectoryPick, Plan, Sharing, Words
from assistant.plans.sharing import copy_for

CREATED = "2026-01-05T10:00:00+00:00"

# Each list, and the heading its words follow in the copy (easy read's own headings).
HEADINGS = {
    "network": ("My connections", "The people in your life"),
    "concerns": ("Things that make it hard", None),
    "community": ("Things to do and places to go", "Things to try"),
    "goals": ("Goals and actions", "Your goals"),
    "referrals": ("Getting in touch with groups and services", "Getting in touch with groups"),
}


def _said_under(text: str, heading: str) -> str:
    return text.split(heading, 1)[1].lstrip(" _()").casefold()


SHOWN = [
    (fmt, code, heading)
    for code, (usual, easy) in sorted(HEADINGS.items())
    for fmt, heading in (("txt", usual.upper()), ("md", usual), ("html", usual), ("easy", easy))
    if heading is not None
]


@pytest.mark.parametrize(("fmt", "code", "heading"), SHOWN)
def test_an_emptied_list_says_emptied_under_its_heading(fmt: str, code: str, heading: str) -> None:
    plan = Plan(created=CREATED, emptied_lists=[code])
    text = seen_text(plan, fmt)
    nothing = "no one" if code == "network" else "nothing"
    assert _said_under(text, heading).startswith(f"emptied: {nothing} on this list now")


@pytest.mark.parametrize("fmt", ["txt", "md", "html", "easy"])
def test_a_copy_with_parts_left_out_never_says_a_list_was_emptied(fmt: str) -> None:
    # "Emptied" under some empty parts and the neutral words under the others would set
    # the parts kept private apart.
    plan = Plan(
        created=CREATED,
        emptied_lists=sorted(HEADINGS),
        audience=Audience(kind="team", withheld=True),
    )
    text = seen_text(plan, fmt).casefold()
    assert "emptied" not in text
    if fmt != "easy":
        assert _said_under(text, "goals and actions").startswith(WITHHELD_EMPTY)


def test_a_json_copy_with_parts_left_out_does_not_say_which_lists_were_emptied() -> None:
    # The words of the other copies say the same under every empty part; the JSON copy
    # still listed the emptied lists beside "withheld", telling them apart.
    plan = Plan(
        created=CREATED,
        emptied_lists=["concerns", "goals"],
        sharing=Sharing(
            share_with=[Code(code="care_team", label="My care team")],
            keep_private=Words(text="My money worries"),
        ),
    )
    copied = copy_for(plan, Audience(kind="team"))
    assert copied.audience.withheld
    assert copied.emptied_lists == []


def test_the_html_copy_says_nothing_of_an_emptied_list_under_directory_groups_it_shows() -> None:
    # "Walking group Emptied: nothing on this list now." read as if the group was not chosen.
    plan = Plan(
        created=CREATED,
        emptied_lists=["community"],
        community=Community(from_directory=[DirectoryPick(code="walk", label="Walking group")]),
    )
    text = seen_text(plan, "html").casefold()
    assert "walking group" in text
    assert "emptied" not in text
