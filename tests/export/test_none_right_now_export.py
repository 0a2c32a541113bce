"""My connections and Things that make it hard given empty on purpose ("No one right now")
read so in every copy, and "not talked about yet" when left for another day or never asked,
as People who could help tells "no one yet" from "not talked about yet"; a copy with parts
left out says the one neutral sentence for both."""

from __future__ import annotations

import pytest
from export_support import seen_text

from assistant.export.views import WITHHELD_EMPTY
from assistant.plans.model import Audience, Code, Plan, Sharing, Words, plan_from_json
from assistant.plans.sharing import copy_for

CREATED = "2026-01-05T10:00:00+00:00"

HEADINGS = {"network": "My connections", "concerns": "Things that make it hard"}
ANSWERED = {"network": "no one right now", "concerns": "nothing right now"}
FORMATS = ("txt", "md", "html")


def _said_under(text: str, heading: str) -> str:
    return text.split(heading, 1)[1].lstrip(" _()").casefold()


def _heading(fmt: str, code: str) -> str:
    return HEADINGS[code].upper() if fmt == "txt" else HEADINGS[code]


@pytest.mark.parametrize("code", sorted(HEADINGS))
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_list_given_empty_says_so_under_its_heading(fmt: str, code: str) -> None:
    plan = Plan(created=CREATED, none_right_now=[code])
    said = _said_under(seen_text(plan, fmt), _heading(fmt, code))
    assert said.startswith(ANSWERED[code])


@pytest.mark.parametrize("code", sorted(HEADINGS))
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_list_not_talked_about_says_so_under_its_heading(fmt: str, code: str) -> None:
    plan = Plan(created=CREATED, none_right_now=[])  # known: nothing given empty
    said = _said_under(seen_text(plan, fmt), _heading(fmt, code))
    assert said.startswith("not talked about yet")


def test_the_easy_read_says_no_one_is_on_the_list_given_empty() -> None:
    text = seen_text(Plan(created=CREATED, none_right_now=["network"]), "easy")
    assert _said_under(text, "The people in your life").startswith("no one on this list right now")


def test_the_easy_read_says_nothing_of_people_not_talked_about() -> None:
    assert "The people in your life" not in seen_text(Plan(created=CREATED), "easy")


@pytest.mark.parametrize("fmt", [*FORMATS, "easy"])
def test_a_copy_with_parts_left_out_never_says_no_one_right_now(fmt: str) -> None:
    plan = Plan(
        created=CREATED,
        none_right_now=sorted(HEADINGS),
        audience=Audience(kind="team", withheld=True),
    )
    text = seen_text(plan, fmt).casefold()
    assert "right now" not in text
    if fmt != "easy":
        assert _said_under(text, "my connections").startswith(WITHHELD_EMPTY)


def test_a_shared_copy_with_parts_left_out_does_not_carry_which_lists_were_given_empty() -> None:
    plan = Plan(
        created=CREATED,
        none_right_now=["network"],
        sharing=Sharing(
            share_with=[Code(code="care_team", label="My care team")],
            keep_private=Words(text="My money worries"),
        ),
    )
    copied = copy_for(plan, Audience(kind="team"))
    assert copied.audience is not None and copied.audience.withheld
    assert copied.none_right_now == []


OLDER = {"network": "no one written down yet", "concerns": "nothing written down"}


@pytest.mark.parametrize("code", sorted(HEADINGS))
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_plan_saved_before_none_right_now_was_kept_says_the_neutral_sentence(
    fmt: str, code: str
) -> None:
    """Such a plan cannot tell "No one right now" from "Not today": it says neither."""
    saved = Plan(created=CREATED, none_right_now=[code]).to_json()
    del saved["none_right_now"]
    said = _said_under(seen_text(plan_from_json(saved), fmt), _heading(fmt, code))
    assert said.startswith(OLDER[code])
