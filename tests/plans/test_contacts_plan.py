"""Issue 14: what a personalised care and support plan holds - how to reach the person,
their contacts, who reviews the plan, who took part and the information given - from the
shipped content's answers into the plan, and what a shared copy keeps of them."""

from __future__ import annotations

from plan_support import play

from assistant.agency import Agency, Worker
from assistant.engine.conversation import Conversation
from assistant.engine.functions import plan_parts
from assistant.flows.loader import Content
from assistant.plans.autoplay import Said, per_record
from assistant.plans.from_session import build_plan, data_for_next_meeting
from assistant.plans.model import Audience, Plan, PrivatePart, plan_from_json
from assistant.plans.sharing import shared_copy
from assistant.store_paths import with_value

CREATED = "2026-01-05T10:00:00+00:00"
PERSONAL = [
    {
        "id": "k1",
        "name": "Al",
        "relationship": "next_of_kin",
        "how_to_reach": "07700 900123",
        "emergency": True,
    },
    {"id": "k2", "name": "Jo", "relationship": "friend", "emergency": False},
]
PROFESSIONAL = [{"id": "r1", "name": "Dr Shah", "role": "GP", "how_to_reach": "Green Lane"}]
CONTACTS = {
    "contacts.how_to_contact": "Text me first.",
    "contacts.communication": "Easy read, please.",
    "contacts.personal": PERSONAL,
    "contacts.professional": PROFESSIONAL,
}
AGENCY = Agency(organisation="Ours", worker=Worker(name="Kim Lee", role="Support worker"))


def _contacts_plan(content: Content, agency: Agency | None = None) -> Plan:
    conv = play(content, ["contacts"], CONTACTS)
    return build_plan(conv.data, conv.log, content=content, created=CREATED, agency=agency)


def test_the_contacts_topic_fills_the_plans_contacts(content: Content) -> None:
    contacts = _contacts_plan(content).contacts
    assert contacts.how_to_contact is not None
    assert contacts.how_to_contact.text == "Text me first."
    assert contacts.how_to_contact.proposed_by == "person"
    assert contacts.communication is not None
    assert contacts.communication.text == "Easy read, please."
    al, jo = contacts.personal
    assert (al.name, al.how_to_reach, al.emergency) == ("Al", "07700 900123", True)
    # The relationship keeps the content's words for the choice.
    assert al.relationship is not None and al.relationship.label == "My next of kin"
    assert (jo.name, jo.emergency, jo.how_to_reach) == ("Jo", False, None)
    (gp,) = contacts.professional
    assert (gp.name, gp.role, gp.how_to_reach) == ("Dr Shah", "GP", "Green Lane")


def test_contacts_carry_to_the_next_meeting_and_keep_who_gave_them(content: Content) -> None:
    first = play(content, ["contacts"], CONTACTS)
    plan1 = build_plan(first.data, first.log, content=content, created=CREATED)
    later = data_for_next_meeting(first.data, plan1)
    plan2 = build_plan(later, [], plan1, content=content, created=CREATED)
    assert plan2.contacts == plan1.contacts


def test_nothing_said_leaves_the_contacts_empty(content: Content) -> None:
    conv = play(content, ["what_matters"], {"about.hopes": "To sleep better"})
    plan = build_plan(conv.data, conv.log, content=content, created=CREATED)
    assert plan.contacts.empty and plan.participation.empty
    assert plan.agreement.reviewer is None and plan.agreement.information_given is None


def test_the_worker_reviews_by_default_named_from_the_agency(content: Content) -> None:
    first = Conversation(content)
    first.goto_topic("closing")
    while first.step.node_id != "review_by":
        if first.step.kind == "say":
            first.proceed(by=first.step.speaker)
        else:
            first.skip(by=first.step.speaker)
    assert (first.step.value, first.step.suggested) == ("worker", True)
    answers = {"agreement.next_meeting": "2099-04-15", "agreement.review_by": "worker"}
    conv = play(content, ["closing"], answers)
    plan = build_plan(conv.data, conv.log, content=content, created=CREATED, agency=AGENCY)
    assert plan.agreement.reviewer == "Kim Lee (Support worker)"
    assert plan.agreement.next_meeting == "2099-04-15"


def test_without_a_worker_in_the_settings_the_reviewer_is_my_worker(content: Content) -> None:
    conv = play(content, ["closing"], {"agreement.review_by": "worker"})
    # No content, so no agency settings from it either.
    plan = build_plan(conv.data, conv.log, created=CREATED)
    assert plan.agreement.reviewer == "My worker"


def test_someone_else_reviews_as_the_person_named_them(content: Content) -> None:
    answers = {"agreement.review_by": "someone_else", "agreement.review_by_who": "Dee, my CC"}
    conv = play(content, ["closing"], answers)
    plan = build_plan(conv.data, conv.log, content=content, created=CREATED, agency=AGENCY)
    assert plan.agreement.reviewer == "Dee, my CC"


def test_who_took_part_and_the_information_given(content: Content) -> None:
    answers = {
        "session.at_keyboard": "together",
        "agreement.took_part": "with_help",
        "agreement.others_present": "My advocate, R.",
        "agreement.information_given": Said("The carers' centre leaflet.", by="worker"),
    }
    conv = play(content, ["getting_started", "closing"], answers)
    plan = build_plan(conv.data, conv.log, content=content, created=CREATED)
    part = plan.participation
    assert part.at_keyboard is not None and part.at_keyboard.label == "We will take turns"
    assert part.took_part is not None and part.took_part.label == "Someone helped me have my say"
    assert part.others_present is not None and part.others_present.text == "My advocate, R."
    given = plan.agreement.information_given
    assert given is not None and given.text == "The carers' centre leaflet."
    # The worker gave it (the question is the worker's).
    assert given.proposed_by == "worker"


def test_who_else_was_there_can_be_kept_private(content: Content) -> None:
    # It can name someone kept private: offered as a part, and the mark is kept in the plan
    # (as "Mark those parts private too" stores it after Closing).
    conv = play(content, ["closing"], {"agreement.others_present": "Tom, on speakerphone"})
    offered = {o["value"]: o["label"] for o in plan_parts(conv.data)}
    assert offered["item:others_present"] == "Also there: Tom, on speakerphone"
    marked = with_value(conv.data, "sharing.private", ["item:others_present"])
    plan = build_plan(marked, conv.log, content=content, created=CREATED)
    assert plan.sharing.private == [
        PrivatePart(kind="item", code="others_present", label="Also there: Tom, on speakerphone")
    ]


def test_keeping_who_else_was_there_private_is_not_carried_to_the_next_meeting(
    content: Content,
) -> None:
    # Asked afresh at each meeting: last time's mark would hide whoever is there next time.
    conv = play(content, ["closing"], {"agreement.others_present": "Tom"})
    marked = with_value(conv.data, "sharing.private", ["item:others_present", "section:about"])
    plan = build_plan(marked, conv.log, content=content, created=CREATED)
    carried = data_for_next_meeting(marked, plan)
    assert carried["sharing"]["private"] == ["section:about"]


def test_who_reviews_it_and_the_information_given_can_each_be_kept_private(
    content: Content,
) -> None:
    # A private name there forced keeping back a whole section: now each is a part of its own.
    answers = {
        "agreement.review_by": "someone_else",
        "agreement.review_by_who": "Tom, my brother",
        "agreement.information_given": Said("Tom's group leaflet.", by="worker"),
    }
    conv = play(content, ["closing"], answers)
    offered = {o["value"]: o["label"] for o in plan_parts(conv.data)}
    assert offered["item:review_by_who"] == "Who will review it with me: Tom, my brother"
    assert offered["item:information_given"] == "Information and advice given: Tom's group leaflet."
    marks = ["item:review_by_who", "item:information_given"]
    marked = with_value(conv.data, "sharing.private", marks)
    marked = with_value(marked, "agreement.share_with", ["care_team"])
    plan = build_plan(marked, conv.log, content=content, created=CREATED)
    copy = shared_copy(plan, "team")
    assert (copy.agreement.reviewer, copy.agreement.information_given) == (None, None)


def test_keeping_who_reviews_it_private_is_not_carried_to_the_next_meeting(
    content: Content,
) -> None:
    answers = {"agreement.review_by": "someone_else", "agreement.review_by_who": "Tom"}
    conv = play(content, ["closing"], answers)
    marked = with_value(conv.data, "sharing.private", ["item:review_by_who", "section:about"])
    plan = build_plan(marked, conv.log, content=content, created=CREATED)
    carried = data_for_next_meeting(marked, plan)
    assert carried["sharing"]["private"] == ["section:about"]


def test_each_meeting_asks_again_who_took_part(content: Content) -> None:
    answers = {"agreement.took_part": "together", "agreement.information_given": "A leaflet"}
    conv = play(content, ["closing"], answers)
    plan1 = build_plan(conv.data, conv.log, content=content, created=CREATED)
    plan2 = build_plan(
        data_for_next_meeting(conv.data, plan1), [], plan1, content=content, created=CREATED
    )
    assert plan2.participation.empty and plan2.agreement.information_given is None


def test_the_plan_json_reads_back_equal(content: Content) -> None:
    plan = _contacts_plan(content, AGENCY)
    assert plan_from_json(plan.to_json()) == plan


def test_contacts_are_offered_as_parts_to_keep_private(content: Content) -> None:
    conv = play(content, ["contacts"], CONTACTS)
    labels = [o["label"] for o in plan_parts(conv.data)]
    assert "All of: How to reach me, and contacts" in labels
    assert {"Contact: Al", "Contact: Jo", "Contact: Dr Shah"} <= set(labels)


def _shared(plan: Plan, private: list[PrivatePart]) -> Plan:
    sharing = plan.sharing.model_copy(update={"share_with": [], "private": private})
    chosen = plan.model_copy(update={"sharing": sharing})
    care_team = {"code": "care_team", "label": "My care team"}
    chosen = chosen.model_copy(
        update={
            "sharing": sharing.model_validate({**sharing.model_dump(), "share_with": [care_team]})
        }
    )
    return shared_copy(chosen, "team")


def test_a_private_contact_is_left_out_of_a_shared_copy(content: Content) -> None:
    plan = _contacts_plan(content)
    copy = _shared(plan, [PrivatePart(kind="item", code="k2", label="Contact: Jo")])
    assert [c.name for c in copy.contacts.personal] == ["Al"]
    assert [c.name for c in copy.contacts.professional] == ["Dr Shah"]
    assert copy.audience == Audience(kind="team", withheld=True)


def test_a_private_contacts_section_leaves_all_of_it_out(content: Content) -> None:
    plan = _contacts_plan(content)
    part = PrivatePart(kind="section", code="contacts", label="How to reach me, and contacts")
    copy = _shared(plan, [part])
    assert copy.contacts.empty
    assert "Easy read" not in copy.model_dump_json()


def test_the_people_already_in_the_plan_are_offered_by_name(content: Content) -> None:
    data = {"network": {"people": [{"id": "p1", "name": "Jo"}, {"id": "p2", "name": "[b]Al"}]}}
    conv = Conversation(content, data)
    conv.goto_topic("contacts")
    conv.proceed()
    while conv.step.node.id != "from_network":
        conv.skip()
    # Names as typed (markup is only ever text on screen).
    assert [label for _, label in conv.step.options] == ["Nobody from my list", "Jo", "[b]Al"]


def test_without_a_network_the_list_of_contacts_is_asked_straight_away(content: Content) -> None:
    conv = Conversation(content)
    conv.goto_topic("contacts")
    conv.proceed()
    while conv.step.node.id != "personal":
        conv.skip()
    assert conv.step.hint == "A carer, family, or a friend. A first name is enough."


NETWORK = {
    "network.people": [
        {"id": "p1", "name": "Jo", "relationship": "friend", "circle": 1},
        {"id": "p2", "name": "Al", "relationship": "family", "circle": 1},
    ]
}


def _picked_plan(content: Content) -> Plan:
    answers = {
        **NETWORK,
        "contacts.from_network": ["p2"],
        "network.people.*.contact_relationship": per_record("name", {"Al": "next_of_kin"}),
        "network.people.*.how_to_reach": per_record("name", {"Al": "07700 900123"}),
        "network.people.*.emergency": per_record("name", {"Al": True}),
        "contacts.personal": [{"id": "k1", "name": "Pat", "relationship": "carer"}],
    }
    conv = play(content, ["connections", "contacts"], answers)
    return build_plan(conv.data, conv.log, content=content, created=CREATED)


def test_someone_picked_from_the_network_is_a_contact_with_their_details(
    content: Content,
) -> None:
    al, pat = _picked_plan(content).contacts.personal
    assert (al.id, al.name, al.how_to_reach, al.emergency, al.from_network) == (
        "p2",
        "Al",
        "07700 900123",
        True,
        True,
    )
    assert al.relationship is not None and al.relationship.label == "My next of kin"
    assert (pat.name, pat.from_network) == ("Pat", False)


def test_keeping_a_network_person_private_keeps_them_private_as_a_contact(
    content: Content,
) -> None:
    plan = _picked_plan(content)
    copy = _shared(plan, [PrivatePart(kind="item", code="p2", label="Person: Al")])
    assert [c.name for c in copy.contacts.personal] == ["Pat"]
    assert [p.name for p in copy.network.people] == ["Jo"]
