"""A thing to try that came from the community directory shows the entry's details in every
format (issue 15): md, txt, html, easy read and FHIR, once (not again as a separate pick);
hostile directory text stays literal; no export shows an entry's id."""

from __future__ import annotations

import json
from typing import Any

import pytest
from export_support import HOSTILE, PIECES, Page, seen_text, squash
from markdown_it import MarkdownIt
from test_directory_picks_export import DETAILS, FOOTBALL, HOSTILE_PICK, SHOWN

from assistant.directory import directory_of
from assistant.engine.conversation import Conversation
from assistant.export.render import render
from assistant.flows.loader import Content
from assistant.meetings.meeting import Meeting
from assistant.meetings.plan_view import plan_sections
from assistant.plans.model import (
    Code,
    Community,
    DirectoryPick,
    Opportunity,
    Plan,
    plan_from_json,
)

CREATED = "2026-01-05T10:00:00+00:00"
TOGETHER = Code(code="together", label="We thought of it together")


def _try(pick: DirectoryPick, what: str | None = None, **more: Any) -> Opportunity:
    return Opportunity(
        id=f"dir_{pick.code}",
        what=what or pick.label,
        where=Code(code="near", label="Near me"),
        idea_from=TOGETHER,
        directory=pick,
        **more,
    )


def _plan(*things: Opportunity, picks: tuple[DirectoryPick, ...] = ()) -> Plan:
    return Plan(
        created=CREATED,
        community=Community(from_directory=list(picks), opportunities=list(things)),
    )


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_a_thing_to_try_from_the_directory_shows_every_detail(fmt: str) -> None:
    text = seen_text(_plan(_try(FOOTBALL)), fmt)
    assert "Kick Off Together" in text
    assert [s for s in SHOWN if s not in text] == []


@pytest.mark.parametrize("next_step", [None, Code(code="try", label="Try it")])
def test_the_easy_read_shows_its_details_with_or_without_a_next_step(
    next_step: Code | None,
) -> None:
    text = seen_text(_plan(_try(FOOTBALL, next_step=next_step)), "easy")
    for shown in (
        "Kick Off Together",
        "Thursdays, 2pm to 3:30pm",
        "Eastgate Leisure Centre (Eastgate)",
        "Free. Boots to borrow.",
        "Phone: 01632 960107",
        "These details were checked on 14 May 2026.",
    ):
        assert shown in text, shown


def test_fhir_gives_the_activity_its_details_time_and_place() -> None:
    bundle = json.loads(render(_plan(_try(FOOTBALL)), "fhir"))
    resources = [e["resource"] for e in bundle["entry"]]
    plan = next(r for r in resources if r["resourceType"] == "CarePlan")
    [detail] = [
        a["detail"]
        for a in plan["activity"]
        if "Kick Off Together" in a["detail"].get("description", "")
    ]
    assert detail["description"].startswith("Try: Kick Off Together")
    for shown in ("Thursdays, 2pm to 3:30pm", "Free. Boots to borrow.", "01632 960107"):
        assert shown in detail["description"]
    assert detail["scheduledString"] == DETAILS.when
    assert detail["location"]["display"] == DETAILS.venue
    assert any(r["resourceType"] == "Location" for r in resources)


def test_a_pick_carried_into_the_list_is_shown_once() -> None:
    plan = _plan(_try(FOOTBALL), picks=(FOOTBALL,))
    html = render(plan, "html").decode()
    assert html.count('<div class="pick">') == 1
    for fmt in ("md", "txt", "easy"):
        assert seen_text(plan, fmt).count("Thursdays, 2pm to 3:30pm") == 1, fmt
    section = next(s for s in plan_sections(plan) if s.topic == "community")
    assert [i.prompt for i in section.items] == ["To try"]


def test_a_pick_not_on_the_list_is_still_shown_as_a_pick() -> None:
    other = DirectoryPick(code="jam", label="Jam Room", details=DETAILS)
    html = render(_plan(_try(FOOTBALL), picks=(FOOTBALL, other)), "html").decode()
    assert html.count('<div class="pick">') == 2
    assert "Jam Room" in squash(Page(html).joined)


def test_the_directorys_name_is_given_when_the_list_says_it_in_other_words() -> None:
    plan = _plan(_try(FOOTBALL, what="football on thursdays"))
    for fmt in ("md", "txt", "html"):
        text = seen_text(plan, fmt)
        assert "football on thursdays" in text and "Kick Off Together" in text, fmt
    [item] = next(s for s in plan_sections(plan) if s.topic == "community").items
    assert item.answer.startswith("football on thursdays")
    assert "From the directory: Kick Off Together: Thursdays" in item.answer


def test_the_plan_panel_gives_the_short_detail_line() -> None:
    [item] = next(s for s in plan_sections(_plan(_try(FOOTBALL))) if s.topic == "community").items
    assert item.answer == (
        "Kick Off Together (we thought of it together). Thursdays, 2pm to 3:30pm; "
        "Eastgate Leisure Centre; Free. Boots to borrow."
    )


@pytest.mark.parametrize("fmt", ["md", "txt", "html", "easy"])
def test_an_entry_gone_from_the_directory_is_named_and_said_to_be_gone(fmt: str) -> None:
    gone = DirectoryPick(code="kick_off", label="Kick Off Together", removed=True)
    text = seen_text(_plan(_try(gone)), fmt)
    assert "Kick Off Together" in text
    assert ("any more" if fmt == "easy" else "No longer in") in text
    assert "Thursdays" not in text


def test_a_plan_saved_before_things_to_try_had_a_directory_still_reads() -> None:
    data = _plan(_try(FOOTBALL)).to_json()
    del data["community"]["opportunities"][0]["directory"]
    [thing] = plan_from_json(data).community.opportunities
    assert thing.directory is None and thing.what == "Kick Off Together"


def test_json_keeps_the_entry_with_its_details() -> None:
    data = json.loads(render(_plan(_try(FOOTBALL)), "json"))
    assert data["community"]["opportunities"][0]["directory"]["details"]["when"] == DETAILS.when
    assert plan_from_json(data).community.opportunities[0].directory == FOOTBALL


def _missing(text: str) -> list[str]:
    flat = squash(text)
    return [piece for piece in PIECES if squash(piece) not in flat]


@pytest.mark.parametrize("fmt", ["html", "easy"])
def test_hostile_directory_text_is_literal_in_html(fmt: str) -> None:
    html = render(_plan(_try(HOSTILE_PICK, what=HOSTILE)), fmt).decode()
    assert _missing(Page(html).joined) == []
    assert "script" not in set(Page(html).tags)
    assert "<b>" not in html


def test_hostile_directory_text_is_literal_in_markdown() -> None:
    md = MarkdownIt("commonmark").render(render(_plan(_try(HOSTILE_PICK)), "md").decode())
    assert _missing(Page(md).joined) == []
    safe = MarkdownIt("commonmark").render(render(_plan(_try(FOOTBALL)), "md").decode())
    assert {"script", "b", "h1", "blockquote", "ol", "code", "em", "strong"}.isdisjoint(
        set(Page(md).tags) - set(Page(safe).tags)
    )


@pytest.mark.parametrize("fmt", ["md", "txt", "html", "easy", "json", "fhir"])
def test_no_format_passes_a_terminal_escape_from_the_directory(fmt: str) -> None:
    assert b"\x1b" not in render(_plan(_try(HOSTILE_PICK)), fmt)


# -- a real meeting: no entry id in any export --------------------------------------------------


@pytest.fixture(scope="module")
def met(content: Content) -> Meeting:
    """A meeting through the community topic: every match picked, one more added."""
    meeting = Meeting(
        Conversation(content, {"about": {"interests": "Music, walking, art and football"}}),
        None,
        "s1",
    )
    meeting.goto_topic("community")
    while meeting.conv.step.node_id != "directory_matches":
        assert meeting.proceed().done
    offered = [value for value, _ in meeting.conv.step.options]
    assert len(offered) >= 3
    assert meeting.answer(offered).done
    assert meeting.answer("together").done
    assert meeting.add_to_try("brackenford_repair_cafe", idea_from="worker").done
    while meeting.conv.step.node_id != "list":
        assert meeting.skip().done
    return meeting


def test_the_meetings_plan_keeps_every_pick_as_a_thing_to_try(met: Meeting) -> None:
    plan = met.plan()
    picked = {p.code for p in plan.community.from_directory}
    carried = {o.directory.code for o in plan.community.opportunities if o.directory}
    assert picked <= carried
    assert "brackenford_repair_cafe" in carried
    assert all(o.directory.details for o in plan.community.opportunities if o.directory)


@pytest.mark.parametrize("fmt", ["md", "txt", "html", "easy"])
def test_no_export_shows_an_entry_id(met: Meeting, content: Content, fmt: str) -> None:
    directory = directory_of(content)
    assert directory is not None
    raw = render(met.plan(), fmt).decode()
    shown = [e.id for e in directory.entries if e.id in raw]
    assert shown == []
    for o in met.plan().community.opportunities:
        assert o.what in squash(Page(raw).joined if fmt in ("html", "easy") else raw)


def test_fhir_text_shows_no_entry_id(met: Meeting, content: Content) -> None:
    directory = directory_of(content)
    assert directory is not None
    bundle = json.loads(render(met.plan(), "fhir"))
    words = json.dumps(
        [
            a["detail"].get("description", "")
            for e in bundle["entry"]
            if e["resource"]["resourceType"] == "CarePlan"
            for a in e["resource"].get("activity", [])
        ]
        + [e["resource"].get("text", {}).get("div", "") for e in bundle["entry"]]
    )
    assert [e.id for e in directory.entries if e.id in words] == []


def test_fhir_places_an_entry_named_twice_once() -> None:
    """Two things to try linked to one entry (e.g. an imported plan) share one Location."""
    twice = _plan(_try(FOOTBALL), _try(FOOTBALL).model_copy(update={"id": "t2", "what": "Again"}))
    bundle = json.loads(render(twice, "fhir"))
    urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(urls) == len(set(urls))
    assert sum(e["resource"]["resourceType"] == "Location" for e in bundle["entry"]) == 1
