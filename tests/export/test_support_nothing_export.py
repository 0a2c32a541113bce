"""Someone who helps with "Nothing at the moment": the copies say so in plain words, and
never list it as a kind of help they give beside real ones."""

from __future__ import annotations

import pytest
from export_support import render, seen_text

from assistant.plans.model import Code, Connection, Network, Plan

CREATED = "2026-01-05T10:00:00+00:00"
NOTHING = Code(code="nothing", label="Nothing at the moment")
COMPANY = Code(code="company", label="Company and fun")
FEELING = Code(code="good", label="Mostly good")


def _plan(*support: Code) -> Plan:
    jo = Connection(id="p1", name="Jo", circle=1, support=list(support))
    return Plan(created=CREATED, network=Network(people=[jo]))


@pytest.mark.parametrize("fmt", ("md", "txt"))
def test_helps_with_nothing_reads_as_a_sentence(fmt: str) -> None:
    assert "helps with: nothing at the moment" in seen_text(_plan(NOTHING), fmt).casefold()
    assert "Nothing at the moment" not in seen_text(_plan(NOTHING), fmt)


def test_the_html_table_says_nothing_at_the_moment_in_its_helps_with_cell() -> None:
    assert "Jo – – Nothing at the moment" in seen_text(_plan(NOTHING), "html")


@pytest.mark.parametrize("fmt", ("md", "txt", "html"))
def test_nothing_is_not_listed_beside_a_kind_of_help(fmt: str) -> None:
    # A record from before "Nothing at the moment" went on its own can hold both.
    seen = seen_text(_plan(COMPANY, NOTHING), fmt)
    assert "Company and fun" in seen
    assert "nothing at the moment" not in seen.casefold()


@pytest.mark.parametrize("support", ((COMPANY,), (NOTHING,)))
def test_each_detail_of_a_person_is_a_list_item_of_its_own_in_markdown(
    support: tuple[Code, ...],
) -> None:
    # "Helps with" ran into "How it feels" on one line, or a blank line split the list.
    jo = Connection(id="p1", name="Jo", circle=1, support=list(support), feeling=FEELING)
    lines = render(Plan(created=CREATED, network=Network(people=[jo])), "md").decode()
    lines = lines.splitlines()
    helps = next(i for i, line in enumerate(lines) if "Helps with" in line)
    assert lines[helps].startswith("  - Helps with: ") and "How it feels" not in lines[helps]
    assert lines[helps + 1] == "  - How it feels: Mostly good"


@pytest.mark.parametrize("fmt", ("md", "txt", "html"))
def test_kinds_of_help_are_parted_by_semicolons_as_their_labels_hold_commas(fmt: str) -> None:
    # "Everyday, practical things, Company and fun" read as three kinds of help.
    everyday = Code(code="practical", label="Everyday, practical things")
    seen = seen_text(_plan(everyday, COMPANY), fmt)
    assert "Everyday, practical things; Company and fun" in seen
