"""The agency settings (assistant/agency.py): the wording handed to the person, loading
``agency.yaml`` with every problem at file:line:col, its checks, and where the file is found."""

from __future__ import annotations

import pytest

from assistant.agency import (
    EXAMPLE_LINE,
    NO_AGENCY_NOTICE,
    Agency,
    AgencyContact,
    Worker,
    contact_blocks,
    contact_lines,
    describe_contact,
)


def _agency(**changes: object) -> Agency:
    values: dict[str, object] = {
        "organisation": "Brackenford Community Connections",
        "team": "Riverside Team",
        "worker": Worker(name="Sam Okafor", role="Community support worker", phone="01632 960123"),
        "reach_us": "Ring the team office on weekdays and ask for Sam",
        "office_hours": "Monday to Friday, 9am to 5pm",
        "out_of_hours": [
            AgencyContact(name="Duty line", phone="01632 960999", when="5pm to 9am, weekends")
        ],
        "crisis": [
            AgencyContact(name="Crisis team", phone="0808 157 0123", when="any time"),
            AgencyContact(name="Text line", text="07700 900123", note="Text if you cannot talk"),
        ],
    }
    values.update(changes)
    return Agency.model_validate(values)


# ------------------------------------------------------------------------- the wording


def test_no_agency_gives_no_lines_and_a_notice_for_the_worker_says_where_to_set_them() -> None:
    assert (contact_blocks(None), contact_lines(None)) == ([], [])
    assert "agency.yaml" in NO_AGENCY_NOTICE
    assert "CPI_AGENCY_FILE" in NO_AGENCY_NOTICE


def test_the_blocks_come_in_the_order_the_person_needs_them() -> None:
    headings = [b.heading for b in contact_blocks(_agency())]
    assert headings == [
        "Your worker",
        "Your team",
        "When the team is closed",
        "In a crisis, day or night",
    ]


def test_the_made_up_example_says_so_first() -> None:
    lines = contact_lines(_agency(example=True))
    assert lines[0] == EXAMPLE_LINE


def test_real_details_do_not_say_they_are_made_up() -> None:
    assert EXAMPLE_LINE not in contact_lines(_agency())


def test_the_worker_is_one_line_of_sentences() -> None:
    (worker,) = [line for line in contact_lines(_agency()) if line.startswith("Your worker")]
    assert worker == (
        "Your worker: Sam Okafor, Community support worker. Phone 01632 960123. "
        "Ring the team office on weekdays and ask for Sam."
    )


def test_each_crisis_contact_has_a_line_of_its_own() -> None:
    crisis = [line for line in contact_lines(_agency()) if line.startswith("In a crisis")]
    assert crisis == [
        "In a crisis, day or night: Crisis team: phone 0808 157 0123 (any time).",
        "In a crisis, day or night: Text line: text 07700 900123. Text if you cannot talk.",
    ]


def test_a_contact_names_every_way_to_reach_it_and_when() -> None:
    contact = AgencyContact(
        name="Crisis team",
        phone="0808 157 0123",
        text="07700 900123",
        email="crisis@example.org",
        when="Any time",
        note="Ring if you feel unsafe.",
    )
    assert describe_contact(contact) == (
        "Crisis team: phone 0808 157 0123, text 07700 900123, email crisis@example.org "
        "(Any time). Ring if you feel unsafe."
    )


def test_only_an_organisation_gives_only_the_team_line() -> None:
    only = Agency(organisation="Brackenford Mind")
    assert contact_lines(only) == ["Your team: Brackenford Mind."]


@pytest.mark.parametrize("text", ["[b]Sam[/b]", "{{ 7*7 }}", "<script>x</script>"])
def test_the_agency_s_words_are_passed_on_as_written(text: str) -> None:
    lines = contact_lines(_agency(worker=Worker(name=text)))
    assert any(line.startswith(f"Your worker: {text}") for line in lines)
