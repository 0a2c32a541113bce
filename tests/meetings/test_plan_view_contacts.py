"""The in-app plan panel shows how to reach the person, their contacts, who reviews the plan,
who took part and the information given, in the exports' words (issue 14)."""

from __future__ import annotations

from assistant.meetings.plan_view import PlanSection, plan_sections
from assistant.plans.model import (
    Agreement,
    Code,
    Contacts,
    Participation,
    PersonalContact,
    Plan,
    ProfessionalContact,
    Words,
)

CREATED = "2026-01-05T10:00:00+00:00"


def _section(plan: Plan, key: str) -> PlanSection | None:
    return next((s for s in plan_sections(plan) if s.topic == key), None)


def test_contacts_are_shown_in_the_exports_words() -> None:
    contacts = Contacts(
        how_to_contact=Words(text="[b]Text[/b] me first", proposed_by="person"),
        personal=[
            PersonalContact(
                id="k1",
                name="Al",
                relationship=Code(code="next_of_kin", label="My next of kin"),
                how_to_reach="07700 900123",
                emergency=True,
            )
        ],
        professional=[ProfessionalContact(id="r1", name="Dr Shah", role="GP")],
    )
    section = _section(Plan(created=CREATED, contacts=contacts), "contacts")
    assert section is not None and section.title == "How to reach me, and contacts"
    rows = [(i.prompt, i.answer, i.by) for i in section.items]
    assert rows == [
        ("How I like to be contacted", "[b]Text[/b] me first", "person"),
        ("Contact", "Al; My next of kin; 07700 900123; May be contacted in an emergency", ""),
        ("Professional", "Dr Shah; GP", ""),
    ]


def test_no_contacts_no_section() -> None:
    assert _section(Plan(created=CREATED), "contacts") is None


def test_the_agreement_shows_the_reviewer_who_took_part_and_the_information_given() -> None:
    plan = Plan(
        created=CREATED,
        agreement=Agreement(
            reviewer="Kim Lee (Support worker)",
            information_given=Words(text="A leaflet", proposed_by="worker"),
        ),
        participation=Participation(
            took_part=Code(code="together", label="We made it together"),
            at_keyboard=Code(code="together", label="We will take turns"),
        ),
    )
    section = _section(plan, "agreement")
    assert section is not None
    rows = [(i.prompt, i.answer, i.by) for i in section.items]
    assert rows == [
        ("Who will review it with me", "Kim Lee (Support worker)", ""),
        ("How I took part", "We made it together", ""),
        ("Who typed", "We took turns", ""),
        ("Information and advice given", "A leaflet", "worker"),
    ]
