"""The network's shape on the care team's copy (issue 16, GENIE): counts in words and what
to notice, in md, txt and html; never on the person's own copy or the easy read; drawn only
from the people the copy keeps (someone kept private is not counted)."""

from __future__ import annotations

import pytest
from export_support import Page, squash
from markdown_it import MarkdownIt

from assistant.export.render import render
from assistant.plans.model import (
    Audience,
    Code,
    Connection,
    Network,
    Plan,
    PrivatePart,
    Sharing,
)
from assistant.plans.sharing import copy_for

CREATED = "2026-01-05T10:00:00+00:00"
HEADING = "Shape of the network"


def _person(pid: str, name: str, kind: str, circle: int, support: str) -> Connection:
    return Connection.model_validate(
        {
            "id": pid,
            "name": name,
            "relationship": {"code": kind, "label": kind.title()},
            "circle": circle,
            "support": [{"code": support, "label": support}],
        }
    )


PEOPLE = [
    _person("p1", "Mum", "family", 1, "emotional"),
    _person("p2", "Dr Lee", "professional", 2, "when_unwell"),
    _person("p3", "Kim", "professional", 3, "practical"),
]


def _plan(*private: PrivatePart) -> Plan:
    return Plan(
        created=CREATED,
        network=Network(people=PEOPLE),
        sharing=Sharing.model_validate(
            {
                "share_with": [{"code": "care_team", "label": "My care team"}],
                "private": [p.model_dump() for p in private],
            }
        ),
    )


def _text(plan: Plan, fmt: str) -> str:
    raw = render(plan, fmt).decode()
    if fmt in ("html", "easy"):
        return squash(Page(raw).joined)
    if fmt == "md":
        return squash(Page(MarkdownIt("commonmark").render(raw)).joined)
    return squash(raw)


@pytest.mark.parametrize("fmt", ("md", "txt", "html"))
def test_the_team_copy_shows_the_shape_in_words(fmt: str) -> None:
    text = _text(copy_for(_plan(), Audience(kind="team")), fmt)
    assert HEADING in text
    assert "not a score" in text
    assert "3 people on the list: 1 closest, 1 in the middle, 1 further away." in text
    assert "Family 1, workers 2." in text
    assert "A small network so far: 3 people. Might help:" in text
    assert "Most people on the list are workers or professionals (2 of 3)." in text


@pytest.mark.parametrize("fmt", ("md", "txt", "html", "easy"))
def test_the_persons_own_copy_has_no_shape(fmt: str) -> None:
    text = _text(copy_for(_plan(), Audience(kind="person")), fmt)
    assert "Mum" in text  # the network itself is there
    assert HEADING not in text
    assert "small network" not in text


@pytest.mark.parametrize("fmt", ("md", "txt", "html"))
def test_someone_kept_private_is_not_counted_on_the_team_copy(fmt: str) -> None:
    private = PrivatePart(kind="item", code="p3", label="Kim")
    text = _text(copy_for(_plan(private), Audience(kind="team")), fmt)
    assert "2 people on the list: 1 closest, 1 in the middle, 0 further away." in text
    assert "Kim" not in text


@pytest.mark.parametrize("fmt", ("md", "txt", "html"))
def test_a_network_kept_private_shows_no_shape(fmt: str) -> None:
    private = PrivatePart(kind="section", code="network", label="My connections")
    text = _text(copy_for(_plan(private), Audience(kind="team")), fmt)
    assert HEADING not in text


@pytest.mark.parametrize("fmt", ("md", "txt", "html"))
def test_no_people_no_shape(fmt: str) -> None:
    plan = Plan(
        created=CREATED,
        sharing=Sharing(share_with=[Code(code="care_team", label="My care team")]),
    )
    assert HEADING not in _text(copy_for(plan, Audience(kind="team")), fmt)
