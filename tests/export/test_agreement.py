"""Every export says what the record says: draft or agreed (when, by whom), never the
Closing answers alone; a draft is marked as a draft at the top, the bottom and on every
printed page."""

from __future__ import annotations

import json

import pytest
from export_support import Page

from assistant.export.render import render
from assistant.plans.model import (
    Audience,
    Code,
    Community,
    Plan,
    PrivatePart,
    ResourceDomain,
    Resourceful,
)
from assistant.plans.state import DRAFT_MARK, EASY_DRAFT_MARK

TEXT_FORMATS = ["md", "txt", "html", "easy"]
AGREED_WORDS = "Agreed together on 3 March 2027 by Sam and the worker."


def _text(plan: Plan, fmt: str) -> str:
    text = render(plan, fmt).decode("utf-8")
    return Page(text).joined if fmt in ("html", "easy") else " ".join(text.split())


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_a_draft_says_draft_even_when_both_said_yes_in_closing(draft_plan: Plan, fmt) -> None:
    text = _text(draft_plan, fmt)
    assert "Draft: not agreed yet. Saved on 4 March 2027." in text
    assert "Agreed together" not in text


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_an_agreed_version_says_when_and_by_whom(agreed_plan: Plan, fmt: str) -> None:
    text = _text(agreed_plan, fmt)
    assert AGREED_WORDS in text
    assert DRAFT_MARK not in text and "Draft" not in text


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_a_draft_is_marked_at_the_top_and_the_bottom(draft_plan: Plan, fmt: str) -> None:
    text = render(draft_plan, fmt).decode("utf-8").strip()
    if fmt == "html":
        text = text[text.index("<body") : text.index("</body>")]
    head, tail = text[:600], text[-300:]
    assert DRAFT_MARK in head and DRAFT_MARK in tail


@pytest.mark.parametrize("fmt", ["html", "easy"])
def test_a_printed_draft_has_a_mark_on_every_page(draft_plan: Plan, fmt: str) -> None:
    # A fixed element is printed on every page of a printout and of a PDF (Chromium).
    page = render(draft_plan, fmt).decode("utf-8")
    body = page[page.index("<body") : page.index("</body>")]
    assert f'<div class="draft-page" aria-hidden="true">{DRAFT_MARK}</div>' in body
    head = page[: page.index("</head>")]
    assert "@media print{" in head and ".draft-page{display:block;position:fixed" in head


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_an_agreed_version_has_no_draft_mark(agreed_plan: Plan, fmt: str) -> None:
    page = render(agreed_plan, fmt).decode("utf-8")
    assert "draft-mark" not in page and DRAFT_MARK not in page


def test_easy_read_tells_the_person_it_is_a_draft_top_and_bottom(draft_plan: Plan) -> None:
    page = render(draft_plan, "easy").decode("utf-8")
    body = page[page.index("<body") : page.index("</body>")]
    assert body.count(EASY_DRAFT_MARK) >= 2
    assert "You and your worker agreed" not in body


def test_easy_read_says_when_the_plan_was_agreed(agreed_plan: Plan) -> None:
    assert "You and your worker agreed this plan on 3 March 2027." in _text(agreed_plan, "easy")


def test_json_carries_the_state_from_the_record(draft_plan: Plan) -> None:
    state = json.loads(render(draft_plan, "json"))["state"]
    assert state["status"] == "draft" and state["saved_at"].startswith("2027-03-04")


def test_a_plan_that_is_not_a_saved_version_is_exported_as_a_draft(plan: Plan) -> None:
    text = _text(plan, "txt")
    assert "Draft: not agreed yet. Not saved as a plan version." in text
    assert DRAFT_MARK in text


@pytest.mark.parametrize("fmt", ["md", "txt", "html", "fhir"])
def test_a_plan_agreed_only_mostly_says_so_where_it_says_agreed(
    agreed_plan: Plan, fmt: str
) -> None:
    # The person said "Mostly" at Closing: the line at the top said "Agreed together", and
    # only the Agreement section near the end said what was not agreed.
    plan = _mostly(agreed_plan)
    text = " ".join(render(plan, fmt).decode("utf-8").split())
    words = "Agreed in part together on 3 March 2027 by Sam and the worker: what is not agreed"
    assert words in text
    assert AGREED_WORDS not in text


def _mostly(plan: Plan) -> Plan:
    """The plan as if the person had said "Mostly" at Closing."""
    said = plan.agreement.person_agrees
    assert said is not None
    mostly = said.model_copy(update={"code": "mostly", "label": "Mostly"})
    agreement = plan.agreement.model_copy(update={"person_agrees": mostly})
    return plan.model_copy(update={"agreement": agreement})


def test_an_easy_read_plan_agreed_only_mostly_says_most_of_it(agreed_plan: Plan) -> None:
    text = _text(_mostly(agreed_plan), "easy")
    assert "You and your worker agreed most of this plan on 3 March 2027." in text


# What every empty part of a copy with parts left out says, kept private or never talked about.
NEUTRAL_EMPTY = "nothing here: not talked about yet, or kept private"


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_an_empty_part_of_a_copy_with_parts_left_out_is_not_called_not_done_yet(
    agreed_plan: Plan, fmt: str
) -> None:
    # Ratings kept private read "Not rated yet" in the care team's copy: a false statement.
    # The copy says only that parts were left out, never which (docs/export.md).
    plan = agreed_plan.model_copy(
        update={
            "life_areas": [],
            "audience": Audience(kind="team", withheld=True),
        }
    )
    text = _text(plan, fmt).casefold()
    assert "not rated yet" not in text
    assert NEUTRAL_EMPTY in text


EMPTY_WORDS = {
    "network": "not talked about yet",
    "concerns": "not talked about yet",
    "goals": "no goals yet",
}


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
@pytest.mark.parametrize("part", sorted(EMPTY_WORDS))
def test_a_part_kept_private_does_not_read_as_empty_in_a_shared_copy(
    agreed_plan: Plan, fmt: str, part: str
) -> None:
    # "MY CONNECTIONS (no one written down yet)" in the team's copy reads as "she has no one".
    emptied: dict[str, object] = {
        "network": agreed_plan.network.model_copy(update={"people": []}),
        "concerns": [],
        "goals": [],
    }
    plan = agreed_plan.model_copy(
        update={part: emptied[part], "audience": Audience(kind="team", withheld=True)}
    )
    text = " ".join(_text(plan, fmt).casefold().split())
    # The neutral sentence says "not talked about yet, or kept private": not a claim.
    assert EMPTY_WORDS[part] not in text.replace(NEUTRAL_EMPTY, "")


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_an_empty_part_of_a_whole_plan_is_not_done_yet(agreed_plan: Plan, fmt: str) -> None:
    plan = agreed_plan.model_copy(update={"life_areas": []})
    assert "not rated yet" in _text(plan, fmt).casefold()


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_things_to_do_with_nothing_in_a_copy_says_so_under_its_heading(
    agreed_plan: Plan, fmt: str
) -> None:
    # The Markdown and text copies had a bare heading where the page said "Nothing in this copy".
    plan = agreed_plan.model_copy(
        update={
            "community": Community(),
            "audience": Audience(kind="team", withheld=True),
        }
    )
    text = " ".join(_text(plan, fmt).split()).casefold()
    heading = "things to do and places to go"
    assert heading in text
    after = text.split(heading, 1)[1]
    assert after.lstrip(" <>/h2_(").startswith(NEUTRAL_EMPTY)


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
@pytest.mark.parametrize("withheld", [False, True])
def test_people_who_could_help_not_talked_about_says_so_under_its_heading(
    agreed_plan: Plan, fmt: str, withheld: bool
) -> None:
    # A bare "People who could help" heading, with the next heading straight under it.
    plan = agreed_plan.model_copy(
        update={
            "resourceful": Resourceful(),
            "audience": Audience(kind="team", withheld=withheld) if withheld else None,
        }
    )
    text = " ".join(_text(plan, fmt).split()).casefold()
    after = text.split("people who could help", 1)[1]
    said = NEUTRAL_EMPTY if withheld else "nothing written down"
    assert after.lstrip(" <>/h2_(").startswith(said)


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
@pytest.mark.parametrize("withheld", [False, True])
def test_a_kind_of_help_with_no_one_in_a_copy_does_not_say_no_one_yet(
    agreed_plan: Plan, fmt: str, withheld: bool
) -> None:
    # The person's only helper here was kept private, and the care team's copy said "no one
    # yet": that they know nobody for it.
    domain = ResourceDomain(domain=Code(code="practical", label="Showing me how to do things"))
    plan = agreed_plan.model_copy(
        update={
            "resourceful": Resourceful(domains=[domain]),
            "audience": Audience(kind="team", withheld=True) if withheld else None,
        }
    )
    text = " ".join(_text(plan, fmt).split()).casefold()
    after = text.split("showing me how to do things", 1)[1][:40]
    said = "no one named yet, or kept private" if withheld else "no one yet"
    assert said in after


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_connections_with_notes_but_no_one_in_the_copy_do_not_say_nothing(
    agreed_plan: Plan, fmt: str
) -> None:
    # "My connections: Nothing in this copy." then "What I notice: ..." under it.
    network = agreed_plan.network.model_copy(update={"people": []})
    assert network.notice is not None
    shared = Audience(kind="team", withheld=True)
    plan = agreed_plan.model_copy(update={"network": network, "audience": shared})
    text = _text(plan, fmt).casefold()
    assert network.notice.text.casefold()[:20] in " ".join(text.split())
    section = text.split("my connections", 1)[1].split("things that make it hard", 1)[0]
    assert NEUTRAL_EMPTY not in section
    silent = network.model_copy(update={"notice": None, "lost_touch": None, "would_like": None})
    text = _text(plan.model_copy(update={"network": silent}), fmt).casefold()
    section = text.split("my connections", 1)[1].split("things that make it hard", 1)[0]
    assert NEUTRAL_EMPTY in section


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_a_part_kept_private_and_one_never_talked_about_read_the_same_in_a_shared_copy(
    agreed_plan: Plan, fmt: str
) -> None:
    # "Nothing in this copy" under a topic never talked about read as "kept back"; words
    # under the private part only would tell which part it is.
    plan = agreed_plan.model_copy(
        update={
            "goals": [],  # kept private: sharing.copy_for takes them out
            "concerns": [],  # never talked about
            "audience": Audience(kind="team", withheld=True),
        }
    )
    text = " ".join(_text(plan, fmt).split()).casefold()
    goals = text.split("goals and actions", 1)[1]
    concerns = text.split("things that make it hard", 1)[1]
    assert goals.lstrip(" <>/h2_(").startswith(NEUTRAL_EMPTY)
    assert concerns.lstrip(" <>/h2_(").startswith(NEUTRAL_EMPTY)


@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
def test_support_needed_left_empty_in_a_shared_copy_reads_the_same_neutral_words(
    agreed_plan: Plan, fmt: str
) -> None:
    # "None asked for" would be false where the support asked for came from a private part.
    plan = agreed_plan.model_copy(
        update={"support_needed": [], "audience": Audience(kind="team", withheld=True)}
    )
    text = " ".join(_text(plan, fmt).split()).casefold()
    support = text.split("support needed", 1)[1]
    assert support.lstrip(" <>/h2_(").startswith(NEUTRAL_EMPTY)


def test_the_own_copy_line_is_a_paragraph_of_its_own_after_the_private_parts(
    agreed_plan: Plan,
) -> None:
    # Straight under the "Kept private" bullet, Markdown read it as part of that bullet.
    private = [PrivatePart(kind="section", code="hard_times", label="My plan for hard times")]
    sharing = agreed_plan.sharing.model_copy(
        update={"private": private, "copy_for_person": Code(code="paper", label="Yes, on paper")}
    )
    text = render(agreed_plan.model_copy(update={"sharing": sharing}), "md").decode("utf-8")
    lines = text.splitlines()
    own = next(i for i, line in enumerate(lines) if "own copy: Yes, on paper" in line)
    assert lines[own - 1] == ""
