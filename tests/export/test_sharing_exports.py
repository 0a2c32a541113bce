"""Every format, every audience (issue 13 §2): what the person keeps private, hostile text and
all, never reaches a shared copy (checked in the raw bytes), and is all in their own copy."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from export_support import HOSTILE

from assistant.export import pdf
from assistant.export.render import FORMATS, render
from assistant.plans.model import (
    Action,
    Audience,
    Code,
    Concern,
    Connection,
    Goal,
    HardTimes,
    Opportunity,
    Plan,
    PrivatePart,
    ResourcefulPerson,
    SupportNeed,
    Words,
)
from assistant.plans.sharing import SharingRefused, copy_for, shared_copy

# One marker per private part; each part's text is the marker, then hostile text.
MARKERS = (
    "PRIVABOUT",
    "PRIVPERSON",
    "PRIVCONCERN",
    "PRIVGOAL",
    "PRIVGOALACTION",
    "PRIVACTION",
    "PRIVTRY",
    "PRIVHELP",
    "PRIVHARD",
    "PRIVWORDS",
)
# Pieces of the hostile text: the demo plan has none of them, so any of them in a shared copy
# came from a private part.
HOSTILE_BITS = ("alert(1)", "7*7", "[b]x[/b]", "RTL override", "31mred")
# Parts of the plan nobody marked: every shared copy keeps them.
SHARED_GOAL = "See more of my brother Dan"
TEXT_FORMATS = [f for f in FORMATS if f != "pdf"]
AUDIENCES = ("person", "team", "gp", "A")


def hostile(marker: str) -> str:
    return f"{marker} {HOSTILE}"


@pytest.fixture(scope="module")
def private_plan(plan: Plan) -> Plan:
    """The demo review plan, shared with the care team, the GP and "My sister, A.", with a
    private part of every kind."""
    goals = [g.model_copy(deep=True) for g in plan.goals]
    assert goals[0].what == SHARED_GOAL
    goals[0].actions.append(Action(id="za", what=hostile("PRIVACTION")))
    goals.append(
        Goal(
            id="zg",
            what=hostile("PRIVGOAL"),
            actions=[Action(id="za0", what=hostile("PRIVGOALACTION"))],
        )
    )
    resourceful = plan.resourceful.model_copy(deep=True)
    resourceful.domains[0].people.append(ResourcefulPerson(id="zr", who=hostile("PRIVHELP")))
    community = plan.community.model_copy(deep=True)
    community.opportunities.append(
        Opportunity(
            id="zo",
            what=hostile("PRIVTRY"),
            go_along=Code(code="worker", label="My worker"),
        )
    )
    private = [
        PrivatePart(kind="section", code="about", label="About me"),
        PrivatePart(kind="section", code="hard_times", label="My plan for hard times"),
        *(
            PrivatePart(kind="item", code=code, label=f"Part {code}")
            for code in ("zp", "zc", "zg", "za", "zo", "zr")
        ),
    ]
    return plan.model_copy(
        update={
            "about": plan.about.model_copy(
                update={"what_matters": Words(text=hostile("PRIVABOUT"))}
            ),
            "network": plan.network.model_copy(
                update={
                    "people": [
                        *plan.network.people,
                        Connection(id="zp", name=hostile("PRIVPERSON"), circle=1),
                    ]
                }
            ),
            "concerns": [*plan.concerns, Concern(id="zc", words=hostile("PRIVCONCERN"))],
            "goals": goals,
            "resourceful": resourceful,
            "community": community,
            "support_needed": [
                *plan.support_needed,
                SupportNeed(
                    kind="going_along",
                    text=f"Worker goes along the first time: {hostile('PRIVTRY')}",
                ),
            ],
            "hard_times": HardTimes(early_signs=Words(text=hostile("PRIVHARD"))),
            "sharing": plan.sharing.model_copy(
                update={
                    "share_with": [
                        Code(code="care_team", label="My care team"),
                        Code(code="gp", label="My GP"),
                        Code(code="family", label="Family or a carer"),
                    ],
                    "share_who": Words(text="My sister, A."),
                    "keep_private": Words(text=hostile("PRIVWORDS")),
                    "private": private,
                }
            ),
        }
    )


def exported(plan: Plan, fmt: str, audience: str) -> bytes:
    return render(shared_copy(plan, audience), fmt, include_network=True)


@pytest.mark.parametrize("audience", AUDIENCES[1:])
@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_a_shared_copy_holds_nothing_private(private_plan: Plan, fmt: str, audience: str) -> None:
    data = exported(private_plan, fmt, audience)
    found = [m for m in (*MARKERS, *HOSTILE_BITS) if m.encode() in data]
    assert found == [], f"{fmt} for {audience} leaks {found}"
    assert b"PRIV" not in data
    # Still the plan: what was not marked is there.
    assert SHARED_GOAL.encode() in data


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_the_persons_own_copy_holds_the_private_parts(private_plan: Plan, fmt: str) -> None:
    data = exported(private_plan, fmt, "person")
    shown = {m for m in MARKERS if m.encode() in data}
    # Every format shows the goals, the network and the actions (the FHIR bundle keeps no
    # free words such as "what matters"); the JSON keeps every part.
    assert {"PRIVGOAL", "PRIVPERSON", "PRIVACTION"} <= shown, fmt
    if fmt == "json":
        assert shown == set(MARKERS)


def test_the_shared_json_says_only_that_some_parts_were_left_out(private_plan: Plan) -> None:
    copy = shared_copy(private_plan, "team")
    assert copy.audience == Audience(kind="team", withheld=True)
    assert copy.sharing.private == [] and copy.sharing.keep_private is None


@pytest.mark.parametrize("asked", ["Dan", "someone", "my brother"])
def test_an_audience_not_chosen_is_refused_in_every_format(private_plan: Plan, asked: str) -> None:
    with pytest.raises(SharingRefused) as caught:
        shared_copy(private_plan, asked)
    assert "They agreed to: their own copy, the care team, their GP" in str(caught.value)


def test_copy_for_refuses_the_team_when_only_the_gp_was_chosen(private_plan: Plan) -> None:
    plan = private_plan.model_copy(
        update={
            "sharing": private_plan.sharing.model_copy(
                update={"share_with": [Code(code="gp", label="My GP")]}
            )
        }
    )
    with pytest.raises(SharingRefused):
        copy_for(plan, Audience(kind="team"))


needs_pdf_tools = pytest.mark.skipif(
    pdf.find_chromium() is None or shutil.which("pdftotext") is None,
    reason="Chromium or pdftotext not installed",
)


@needs_pdf_tools
@pytest.mark.slow
@pytest.mark.parametrize("audience", ["person", "team"])
def test_the_pdf_follows_the_same_rules(private_plan: Plan, audience: str, tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(exported(private_plan, "pdf", audience))
    # -raw: in the page's own order, so the draft mark printed at an angle across the page
    # is not read into the middle of a line it crosses.
    text = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert SHARED_GOAL in " ".join(text.split())
    if audience == "person":
        assert "PRIVGOAL" in text and "PRIVPERSON" in text
    else:
        assert "PRIV" not in text and "alert(1)" not in text
        assert b"PRIV" not in path.read_bytes()
