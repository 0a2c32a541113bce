"""Every format shows the details of the entries chosen from the community directory, as the
plan keeps them (issue 14): md, txt, html (a card per pick), easy read, json and the plan
panel; hostile text in the directory's fields stays literal; a removed entry and a plan saved
before details were kept show the name alone."""

from __future__ import annotations

import json

import pytest
from export_support import HOSTILE, PIECES, Page, seen_text, squash
from markdown_it import MarkdownIt

from assistant.export.render import render
from assistant.meetings.plan_view import plan_sections
from assistant.plans.model import (
    Community,
    DirectoryPick,
    PickContact,
    PickDetails,
    Plan,
    plan_from_json,
)

CREATED = "2026-01-05T10:00:00+00:00"

DETAILS = PickDetails(
    what="Small friendly football games.",
    when="Thursdays, 2pm to 3:30pm",
    venue="Eastgate Leisure Centre",
    area="Eastgate",
    cost="Free. Boots to borrow.",
    free=True,
    who_for="Adults",
    access="Step-free. Bus 5 stops outside.",
    bring_someone=True,
    first_visit=["Wear trainers."],
    contact=PickContact(name="Coach Marcus", phone="01632 960107", email="k@example.org"),
    checked="2026-05-14",
)
# What each detail looks like in the full formats (the date as the plan's dates are written).
SHOWN = (
    "Small friendly football games.",
    "Thursdays, 2pm to 3:30pm",
    "Eastgate Leisure Centre (Eastgate)",
    "Free. Boots to borrow.",
    "Adults",
    "Step-free. Bus 5 stops outside.",
    "Wear trainers.",
    "Coach Marcus, 01632 960107, k@example.org",
    "14 May 2026",
)


def _plan(*picks: DirectoryPick) -> Plan:
    return Plan(created=CREATED, community=Community(from_directory=list(picks)))


FOOTBALL = DirectoryPick(code="kick_off", label="Kick Off Together", details=DETAILS)


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_full_formats_show_every_detail(fmt: str) -> None:
    text = seen_text(_plan(FOOTBALL), fmt)
    assert "Kick Off Together" in text
    assert [s for s in SHOWN if s not in text] == []


def test_the_html_shows_a_card_per_pick() -> None:
    other = DirectoryPick(code="jam", label="Jam Room", details=DETAILS)
    html = render(_plan(FOOTBALL, other), "html").decode()
    assert html.count('<div class="pick">') == 2
    assert "break-inside: avoid" in html[html.index(".pick { break-inside") :][:60]


def test_the_easy_read_shows_the_details_one_fact_a_line() -> None:
    html = render(_plan(FOOTBALL), "easy").decode()
    text = squash(Page(html).joined)
    for shown in (
        "Local groups you chose",
        "Kick Off Together",
        "When:",
        "Thursdays, 2pm to 3:30pm",
        "Eastgate Leisure Centre (Eastgate)",
        "Free. Boots to borrow.",
        "You can bring someone with you.",
        "Phone: 01632 960107",
        "These details were checked on 14 May 2026.",
    ):
        assert shown in text, shown
    # Each sentence of the agency's words on a line of its own.
    assert '<p class="agency" dir="auto">Step-free.</p>' in html


def test_json_keeps_the_details() -> None:
    data = json.loads(render(_plan(FOOTBALL), "json"))
    assert data["community"]["from_directory"][0]["details"]["when"] == DETAILS.when
    assert plan_from_json(data).community.from_directory == [FOOTBALL]


def test_the_plan_panel_shows_the_name_and_a_short_detail_line() -> None:
    section = next(s for s in plan_sections(_plan(FOOTBALL)) if s.topic == "community")
    answers = [i.answer for i in section.items]
    assert answers == [
        "Kick Off Together: Thursdays, 2pm to 3:30pm; Eastgate Leisure Centre; "
        "Free. Boots to borrow."
    ]


def test_the_demo_plan_panel_never_shows_a_raw_id(plan: Plan) -> None:
    # The demo's picks are carried into its things to try (issue 15): named there, with
    # their when, where and cost, never by id.
    section = next(s for s in plan_sections(plan) if s.topic == "community")
    shown = "\n".join(i.answer for i in section.items)
    assert plan.community.from_directory
    for pick in plan.community.from_directory:
        assert pick.label in shown
        assert pick.code not in shown
        assert pick.details is not None and pick.details.when in shown


REMOVED = DirectoryPick(code="kick_off", label="Kick Off Together", removed=True)
OLD = DirectoryPick(code="kick_off", label="Kick Off Together")


@pytest.mark.parametrize("fmt", ["md", "txt", "html", "easy"])
def test_an_entry_no_longer_in_the_directory_is_named_and_said_to_be_gone(fmt: str) -> None:
    text = seen_text(_plan(REMOVED), fmt)
    assert "Kick Off Together" in text
    gone = "not on the list of local groups any more" if fmt == "easy" else "No longer in"
    assert gone in text
    assert "Thursdays" not in text


@pytest.mark.parametrize("fmt", ["md", "txt", "html", "easy"])
def test_a_plan_saved_before_details_shows_the_name_alone(fmt: str) -> None:
    text = seen_text(_plan(OLD), fmt)
    assert "Kick Off Together" in text
    assert "When" not in text.split("Kick Off Together", 1)[1][:40]
    assert "No longer" not in text and "any more" not in text


HOSTILE_PICK = DirectoryPick(
    code="hostile",
    label=HOSTILE,
    details=PickDetails(
        what=HOSTILE,
        when=HOSTILE,
        venue=HOSTILE,
        area=HOSTILE,
        cost=HOSTILE,
        access=HOSTILE,
        who_for=HOSTILE,
        first_visit=[HOSTILE],
        contact=PickContact(name=HOSTILE, phone=HOSTILE, email=HOSTILE, web=HOSTILE),
    ),
)


def _missing(text: str) -> list[str]:
    flat = squash(text)
    return [piece for piece in PIECES if squash(piece) not in flat]


@pytest.mark.parametrize("fmt", ["html", "easy"])
def test_hostile_directory_text_is_shown_literally_in_html(fmt: str) -> None:
    html = render(_plan(HOSTILE_PICK), fmt).decode()
    assert _missing(Page(html).joined) == []
    assert "script" not in set(Page(html).tags)
    assert "<b>" not in html


def test_hostile_directory_text_is_shown_literally_in_markdown() -> None:
    md = MarkdownIt("commonmark").render(render(_plan(HOSTILE_PICK), "md").decode())
    assert _missing(Page(md).joined) == []
    assert {"script", "b", "h1", "blockquote", "ol", "code", "em", "strong"}.isdisjoint(
        set(Page(md).tags)
        - set(Page(MarkdownIt("commonmark").render(render(_plan(FOOTBALL), "md").decode())).tags)
    )


@pytest.mark.parametrize("fmt", ["md", "txt", "html", "easy", "json", "fhir"])
def test_no_format_passes_a_terminal_escape_from_the_directory(fmt: str) -> None:
    assert b"\x1b" not in render(_plan(HOSTILE_PICK), fmt)
