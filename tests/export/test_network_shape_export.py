"""The network's shape on the care team's copy (issue 16, GENIE): counts in words and what
to notice, in md, txt and html; never on the person's own copy or the easy read; drawn only
from the people the copy keeps (someone kept private is not counted)."""

from __future__ import annotations

import pytest
from export_support import seen_text

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


@pytest.mark.parametrize("fmt", ("md", "txt", "html"))
def test_the_team_copy_shows_the_shape_in_words(fmt: str) -> None:
    text = seen_text(copy_for(_plan(), Audience(kind="team")), fmt)
    assert HEADING in text
    assert "not a score" in text
    assert "3 people on the list: 1 closest, 1 in the middle, 1 further away." in text
    assert "1 family member, 2 workers." in text
    assert "3 people on the list so far (fewer than 5). Might help:" in text
    assert "Most people on the list are workers or professionals (2 of 3)." in text
    assert "in this copy only" not in text  # nothing was kept back


@pytest.mark.parametrize("fmt", ("md", "txt", "html"))
def test_the_team_copy_says_what_fewer_than_5_rests_on(fmt: str) -> None:
    text = seen_text(copy_for(_plan(), Audience(kind="team")), fmt)
    assert "Fewer than 5 is a prompt, not a clinical cut-off" in text
    assert "(Palumbo et al. 2015)" in text


@pytest.mark.parametrize("fmt", ("md", "txt", "html", "easy"))
def test_the_persons_own_copy_has_no_shape(fmt: str) -> None:
    text = seen_text(copy_for(_plan(), Audience(kind="person")), fmt)
    assert "Mum" in text  # the network itself is there
    assert HEADING not in text
    assert "small network" not in text


@pytest.mark.parametrize("fmt", ("md", "txt", "html"))
def test_someone_kept_private_is_not_counted_on_the_team_copy(fmt: str) -> None:
    private = PrivatePart(kind="item", code="p3", label="Kim")
    text = seen_text(copy_for(_plan(private), Audience(kind="team")), fmt)
    assert "2 people in this copy: 1 closest, 1 in the middle, 0 further away." in text
    assert "Kim" not in text


LEE = [
    _person("p1", "Priya", "professional", 2, "practical"),
    _person("p2", "Dr Jones", "professional", 3, "when_unwell"),
    _person("p3", "Mum", "family", 1, "emotional"),
]


@pytest.mark.parametrize("fmt", ("md", "txt", "html"))
def test_with_someone_kept_private_the_shape_says_it_is_this_copy_only_and_has_no_flags(
    fmt: str,
) -> None:
    # Lee lists Priya, Dr Jones and Mum, and keeps Mum private. Counted without her, the list
    # would read as small, mostly workers, no one closest, no one for listening: a care
    # coordinator could conclude there is no family. The copy never says which parts are
    # missing, so it says the shape is of this copy only and gives no flags.
    plan = _plan(PrivatePart(kind="item", code="p3", label="Mum"))
    plan = plan.model_copy(update={"network": Network(people=LEE)})
    text = seen_text(copy_for(plan, Audience(kind="team")), fmt)
    assert HEADING in text
    assert "Worked out from the people in this copy only." in text
    assert "2 people in this copy: 0 closest" in text
    for flag in ("fewer than 5", "Most people on the list", "No one is in circle 1", "Might help"):
        assert flag not in text, flag
    assert "Mum" not in text


@pytest.mark.parametrize("fmt", ("md", "txt", "html"))
def test_a_network_kept_private_shows_no_shape(fmt: str) -> None:
    private = PrivatePart(kind="section", code="network", label="My connections")
    text = seen_text(copy_for(_plan(private), Audience(kind="team")), fmt)
    assert HEADING not in text


@pytest.mark.parametrize("fmt", ("md", "txt", "html"))
def test_no_people_no_shape(fmt: str) -> None:
    plan = Plan(
        created=CREATED,
        sharing=Sharing(share_with=[Code(code="care_team", label="My care team")]),
    )
    assert HEADING not in seen_text(copy_for(plan, Audience(kind="team")), fmt)


@pytest.mark.parametrize(
    ("fmt", "between"),
    [
        ("txt", b"2015).\n  - No one is in circle 1, the closest, yet. Might help:"),
        ("md", b"(Palumbo et al. 2015)._\n- **No one is in circle 1, the closest, yet.** Might"),
    ],
)
def test_each_thing_to_notice_starts_its_own_line(fmt: str, between: bytes) -> None:
    # The care team's txt ran two notes together: "...(Palumbo et al. 2015).  - No one is in
    # circle 1, the closest, yet." (the line end after a note with a "why" was trimmed).
    kim = _person("p1", "Kim", "friend", 2, "practical")
    few_none_close = _plan().model_copy(update={"network": Network(people=[kim])})
    out = render(copy_for(few_none_close, Audience(kind="team")), fmt)
    assert between in out
