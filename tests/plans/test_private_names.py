"""A person kept private but named elsewhere (walk fix F3): where a shared copy would still
name them, and the supervision notes' mask."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.agency import Agency, Worker
from assistant.export.supervision import plan_brief
from assistant.plans.model import (
    About,
    Action,
    ActionWho,
    Agreement,
    Audience,
    Code,
    Connection,
    Contacts,
    Goal,
    Network,
    Participation,
    PersonalContact,
    Plan,
    PrivatePart,
    ProfessionalContact,
    Referral,
    ResourceDomain,
    Resourceful,
    ResourcefulPerson,
    Review,
    Sharing,
    Words,
    WorkerAction,
    WorkerJourney,
)
from assistant.plans.private_names import (
    MASK,
    marking_words,
    mask_private_names,
    parts_to_mark,
    places_naming,
    private_names_found,
    warning_words,
)
from assistant.plans.sharing import copy_for

CREATED = "2026-02-02T10:00:00+00:00"
ANN = PrivatePart(kind="item", code="p1", label="Person: Ann")


def plan(private: list[PrivatePart] | None = None) -> Plan:
    return Plan(
        created=CREATED,
        about=About(good_week=Words(text="Coffee with ann on Sunday.")),
        network=Network(
            people=[Connection(id="p1", name="Ann"), Connection(id="p2", name="Jo")],
            notice=Words(text="Änn is the one I see most."),
        ),
        goals=[
            Goal(
                id="g1",
                what="Get out more",
                going_well=Words(text="Texting Ann."),
                actions=[
                    Action(id="a1", what="Text Ann on Friday", who=ActionWho(kind="person")),
                    Action(id="a2", what="Ring Joanna", who=ActionWho(kind="person")),
                ],
            )
        ],
        worker_journey=WorkerJourney(actions=[WorkerAction(id="w1", what="Ask Ann's group")]),
        review=Review(keep=Words(text="Keep doing: texting Ann")),
        sharing=Sharing(
            share_with=[Code(code="care_team", label="My care team")], private=private or []
        ),
    )


def test_a_private_persons_name_is_found_in_each_shared_part_that_names_them() -> None:
    found = private_names_found(plan([ANN]))
    assert [p.where for p in found] == [
        "A good week",
        "What I notice",
        "Goal: Get out more – what is going well",
        "Action: Text Ann on Friday",
        "My worker will: Ask Ann's group",
        "Keep doing",
    ]
    assert {p.name for p in found} == {"Ann"}


def test_nobody_kept_private_finds_nothing() -> None:
    assert private_names_found(plan()) == []


def test_a_name_inside_another_word_is_not_found() -> None:
    jo = PrivatePart(kind="item", code="p2", label="Person: Jo")
    assert private_names_found(plan([jo])) == []  # "Joanna" is not Jo


def test_a_possessive_without_its_apostrophe_is_found() -> None:
    # "Sunday dinner at Karens" went out in the care team's copy without a warning.
    said = plan([ANN]).model_copy(
        update={"about": About(good_week=Words(text="Sunday dinner at Anns."))}
    )
    found = private_names_found(said)
    assert [(p.name, p.where) for p in found if p.where == "A good week"] == [
        ("Ann", "A good week")
    ]


def test_a_plural_word_is_not_taken_for_a_private_name() -> None:
    # Bill kept private: "paying my bills" is not Bill (written without a capital).
    bill = plan([ANN]).model_copy(
        update={
            "network": Network(people=[Connection(id="p1", name="Bill")]),
            "about": About(good_week=Words(text="Paying my bills on time.")),
        }
    )
    assert [p.where for p in private_names_found(bill)] == []
    assert mask_private_names(bill, "Paying my bills to Bill") == f"Paying my bills to {MASK}"


def test_masking_takes_a_possessive_without_its_apostrophe_whole() -> None:
    assert mask_private_names(plan([ANN]), "Dinner at Anns") == f"Dinner at {MASK}"


def test_parts_already_private_are_not_listed() -> None:
    marked = [ANN, PrivatePart(kind="item", code="a1", label="Action: Text Ann on Friday")]
    found = private_names_found(plan(marked))
    assert "Action: Text Ann on Friday" not in [p.where for p in found]


def test_the_parts_to_mark_leave_the_name_out_of_a_shared_copy() -> None:
    first = plan([ANN])
    parts = parts_to_mark(private_names_found(first))
    assert ("section", "about") in {(p.kind, p.code) for p in parts}
    assert ("item", "g1") in {(p.kind, p.code) for p in parts}
    again = first.model_copy(
        update={"sharing": first.sharing.model_copy(update={"private": [ANN, *parts]})}
    )
    assert private_names_found(again) == []


def test_the_warning_names_the_person_and_the_places() -> None:
    words = warning_words(private_names_found(plan([ANN])))
    assert words.startswith("Ann is kept private but is named in: A good week; What I notice;")


def test_masking_keeps_the_other_words() -> None:
    assert mask_private_names(plan([ANN]), "Text ANN, then Joanna") == f"Text {MASK}, then Joanna"


def test_the_supervision_brief_masks_a_private_persons_name() -> None:
    brief = plan_brief(plan([ANN]))
    [goal] = brief["goals"]
    assert [a["what"] for a in goal["actions"]] == [f"Text {MASK} on Friday", "Ring Joanna"]
    assert "Ann" not in repr(brief)


def test_the_supervision_brief_lists_goal_actions_for_the_worker_once() -> None:
    # Walk fix F3: what the worker is to do in Goals is the worker's to-do too.
    base = plan()
    goal = base.goals[0].model_copy(
        update={
            "actions": [
                Action(id="a1", what="Ring the leisure centre", who=ActionWho(kind="worker")),
                Action(id="a2", what="Walk together", who=ActionWho(kind="both")),
                Action(id="a3", what="Walk on Sunday", who=ActionWho(kind="person")),
                Action(id="a4", what="Find the bus times", who=ActionWho(kind="worker")),
            ]
        }
    )
    journey = WorkerJourney(actions=[WorkerAction(id="asked-a4", what="Find the bus times")])
    brief = plan_brief(base.model_copy(update={"goals": [goal], "worker_journey": journey}))
    assert [a["what"] for a in brief["worker_actions"]] == [
        "Find the bus times",
        'Ring the leisure centre (an action for the goal "Get out more")',
        'Walk together (an action for the goal "Get out more", with the person)',
    ]


def test_what_was_said_about_the_picked_areas_is_checked_too() -> None:
    base = plan([ANN])
    talked = base.model_copy(update={"focus_talk": Words(text="Ann helps with money.")})
    [place] = [p for p in private_names_found(talked) if p.part and p.part.code == "life_areas"]
    assert place.where == "How things are going: what we said about it"


def test_a_private_persons_name_in_a_goal_s_words_before_a_change_is_found() -> None:
    # Copies print the words before a change ("See Ann on Sundays" → "Get out more").
    reworded = plan([ANN])
    goal = reworded.goals[0].model_copy(
        update={"words_before": "See Ann on Sundays", "going_well": None, "actions": []}
    )
    found = private_names_found(reworded.model_copy(update={"goals": [goal]}))
    assert "Goal: Get out more – the words before the change" in [p.where for p in found]


def test_who_else_was_there_is_checked_and_can_be_marked_on_its_own() -> None:
    # Tester: "Also there: Ann, on speakerphone" reached every shared copy unchecked.
    base = plan([ANN])
    there = base.model_copy(
        update={"participation": Participation(others_present=Words(text="Ann, on speakerphone"))}
    )
    [place] = [p for p in private_names_found(there) if p.where == "Also there"]
    assert place.part == PrivatePart(
        kind="item", code="others_present", label="Also there: Ann, on speakerphone"
    )
    marked = there.sharing.model_copy(update={"private": [ANN, place.part]})
    copy = copy_for(there.model_copy(update={"sharing": marked}), Audience(kind="team"))
    assert copy.participation.others_present is None


@pytest.mark.parametrize(
    ("agreement", "part"),
    [
        (
            Agreement(reviewer="Ann"),
            PrivatePart(kind="item", code="review_by_who", label="Who will review it with me: Ann"),
        ),
        (
            Agreement(information_given=Words(text="Ann's number")),
            PrivatePart(
                kind="item",
                code="information_given",
                label="Information and advice given: Ann's number",
            ),
        ),
    ],
)
def test_who_reviews_it_and_the_information_given_can_be_marked_on_their_own(
    agreement: Agreement, part: PrivatePart
) -> None:
    # They could not be marked: a private name there meant no part to mark at all.
    named = plan([ANN]).model_copy(update={"agreement": agreement})
    assert part in parts_to_mark(private_names_found(named))
    marked = named.sharing.model_copy(update={"private": [ANN, part]})
    copy = copy_for(named.model_copy(update={"sharing": marked}), Audience(kind="team"))
    assert copy.agreement.reviewer is None and copy.agreement.information_given is None


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (
            {"participation": Participation(what_helps=Words(text="Ann sitting in"))},
            "What helps me when we talk",
        ),
        ({"agreement": Agreement(reviewer="Ann")}, "Who will review it with me"),
        (
            {"agreement": Agreement(information_given=Words(text="Ann's number"))},
            "Information and advice given",
        ),
        (
            {"referrals": [Referral(id="r1", to="Carers centre", route_detail="via Ann")]},
            "Getting in touch with: Carers centre",
        ),
        (
            {"contacts": Contacts(personal=[PersonalContact(id="k1", name="Ann's mum")])},
            "Contact: Ann's mum",
        ),
        (
            {
                "contacts": Contacts(
                    professional=[ProfessionalContact(id="k2", name="Dr Lee", role="Ann's GP")]
                )
            },
            "Contact: Dr Lee",
        ),
        (
            {
                "resourceful": Resourceful(
                    domains=[
                        ResourceDomain(
                            domain=Code(code="practical", label="Practical"),
                            people=[ResourcefulPerson(id="r2", who="Ann next door")],
                        )
                    ]
                )
            },
            "Could help: Ann next door",
        ),
    ],
)
def test_every_free_text_a_shared_copy_keeps_is_checked(change: dict[str, Any], where: str) -> None:
    named = plan([ANN]).model_copy(update=change)
    assert where in [p.where for p in private_names_found(named)]


def test_someone_else_in_the_network_named_after_a_private_person_is_found() -> None:
    base = plan([ANN])
    people = [*base.network.people, Connection(id="p3", name="Ann's brother")]
    named = base.model_copy(update={"network": base.network.model_copy(update={"people": people})})
    [place] = [p for p in private_names_found(named) if p.where.startswith("Someone")]
    assert place.part == PrivatePart(
        kind="item", code="p3", label="Someone in my life: Ann's brother"
    )


def test_what_i_notice_is_marked_on_its_own_not_with_everyone_in_the_network() -> None:
    # Marking "All of: My connections" for it kept Jo private too, and every copy naming Jo
    # was then refused.
    first = plan([ANN])
    [place] = [p for p in private_names_found(first) if p.where == "What I notice"]
    assert place.part is not None and (place.part.kind, place.part.code) == (
        "item",
        "network_notice",
    )
    marked = first.sharing.model_copy(update={"private": [ANN, place.part]})
    copy = copy_for(first.model_copy(update={"sharing": marked}), Audience(kind="team"))
    assert copy.network.notice is None
    assert [p.name for p in copy.network.people] == ["Jo"]


def test_a_gps_copy_is_not_warned_about_words_it_never_prints() -> None:
    # The GP's copy leaves out a goal's words before a change: a private name only there
    # refused the GP's copy ("... – the words before the change").
    first = plan([ANN])
    goal = first.goals[0].model_copy(
        update={"words_before": "See Ann on Sundays", "going_well": None, "actions": []}
    )
    reworded = first.model_copy(update={"goals": [goal]})
    gp = Audience(kind="named", name="GP")
    before = "Goal: Get out more – the words before the change"
    assert before in [p.where for p in private_names_found(reworded)]
    assert before not in [p.where for p in private_names_found(reworded, gp)]


def test_the_worker_reviewing_the_plan_is_not_a_private_persons_name() -> None:
    # "My worker" is named from the agency settings: a private person with the worker's
    # first name refused every shared copy, with nothing that could be marked.
    chris = PrivatePart(kind="item", code="p1", label="Someone in my life: Chris")
    first = plan([chris])
    people = [Connection(id="p1", name="Chris"), Connection(id="p2", name="Jo")]
    network = first.network.model_copy(update={"people": people, "notice": None})
    agency = Agency(
        organisation="Eastgate Mind", worker=Worker(name="Chris Hall", role="Support worker")
    )
    mine = first.model_copy(
        update={
            "network": network,
            "agency": agency,
            "agreement": Agreement(reviewer="Chris Hall (Support worker)"),
        }
    )
    assert "Who will review it with me" not in [p.where for p in private_names_found(mine)]
    named = mine.model_copy(update={"agreement": Agreement(reviewer="Chris from next door")})
    assert "Who will review it with me" in [p.where for p in private_names_found(named)]


def test_places_naming_someone_taken_off_leave_out_their_own_entry() -> None:
    # Taking Ann off the list: the other places that name her, not the entry itself.
    found = places_naming(plan(), "Ann", leaving="p1")
    assert "A good week" in found
    assert "Someone in my life: Ann" not in found


MUM = PrivatePart(kind="item", code="mum", label="Someone in my life: Carol (Mum)")


def kyle(name: str = "Carol (Mum)") -> Plan:
    """Kyle keeps his mum private; his own words speak of her as "Mum", never "Carol"."""
    return Plan(
        created=CREATED,
        about=About(good_week=Words(text="Football twice, and Mum on the phone.")),
        network=Network(people=[Connection(id="mum", name=name), Connection(id="j", name="Jonno")]),
        resourceful=Resourceful(
            meaning=Words(
                text="Someone who picks up the phone and doesn't judge you, like my mum does "
                "every day."
            )
        ),
        goals=[
            Goal(
                id="g1",
                what="Play football every week",
                best_case=Words(text="Back on a team, and my mum's not worrying."),
                actions=[
                    Action(
                        id="a1",
                        what="Post my football boots down",
                        who=ActionWho(kind="other", name="Mum"),
                    )
                ],
            )
        ],
        sharing=Sharing(share_with=[Code(code="gp", label="My GP")], private=[MUM]),
    )


def test_a_private_person_is_found_by_the_word_in_brackets_they_are_called_by() -> None:
    found = private_names_found(kyle())
    assert [p.where for p in found] == [
        "A good week",
        "What makes someone good to know",
        "Goal: Play football every week – the best that could happen",
        "Action: Post my football boots down",  # Who: "Mum", as someone else
    ]
    assert {p.name for p in found} == {"Carol (Mum)"}


def test_a_private_person_is_found_by_their_name_outside_the_brackets() -> None:
    said = kyle().model_copy(update={"about": About(good_week=Words(text="Tea at Carol's."))})
    assert "A good week" in [p.where for p in private_names_found(said)]


def test_someone_taken_off_is_still_named_in_by_the_word_in_brackets() -> None:
    found = places_naming(kyle(), "Carol (Mum)", leaving="mum")
    assert "Action: Post my football boots down" in found
    assert "A good week" in found


def test_the_supervision_mask_hides_the_word_in_brackets_too() -> None:
    assert mask_private_names(kyle(), "Mum rings every day") == f"{MASK} rings every day"


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("Sam (friend from work)", "Mum on the phone after work."),  # "work" says where
        ("Jo (Ann's sister)", "Mum and Ann on the phone."),  # Ann is someone else
        ("Pat (next door)", "Mum on the phone next week."),  # everyday words
        ("Lee (K)", "Mum on the phone, K."),  # one letter is no name
    ],
)
def test_words_in_brackets_that_do_not_name_the_person_are_not_matched(
    name: str, said: str
) -> None:
    named = kyle(name).model_copy(update={"about": About(good_week=Words(text=said))})
    assert "A good week" not in [p.where for p in private_names_found(named)]


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("Jo (support worker)", "I go to the support group."),  # a role, not who Jo is
        ("Sam (friend from work)", "I want to make a new friend."),
        ("Dave (neighbour, lives next door)", "She lives near the park."),  # after a comma
        ("Li (partner)", "The partner agencies meet on Friday."),
        ("Kim (Support Worker)", "Support with my worker."),  # written with capitals too
        ("Jo (Ann's sister)", "My sister rings on Sundays."),  # Ann's sister, not mine
        ("Tim (gym)", "I go to the gym."),  # one word in lower case, not a name
        ("Sue (bingo)", "Bingo on Tuesdays."),  # outside is a name: bingo is where
        ("Mark (uni)", "Back to uni in September."),
        ("Di (church, sundays)", "Church on Sundays."),
        ("Mum (sundays)", "Sundays are hard."),  # said how related, but an everyday word
        ("Pat (neighbour, downstairs)", "I live downstairs."),  # each part on its own
        ("Jo (support worker, Mind)", "I get support at the group."),
        ("Sam (friend, from work)", "Mum on the phone after work."),
        ("Lee (lives nearby)", "Mum lives nearby."),  # two lower-case words: not a name
    ],
)
def test_role_and_everyday_words_in_brackets_are_not_a_private_name(name: str, said: str) -> None:
    named = kyle(name).model_copy(update={"about": About(good_week=Words(text=said))})
    assert "A good week" not in [p.where for p in private_names_found(named)]


def test_the_supervision_mask_leaves_everyday_words_from_brackets_alone() -> None:
    named = kyle("Sam (friend from work)").model_copy(
        update={
            "network": Network(
                people=[
                    Connection(id="mum", name="Sam (friend from work)"),
                    Connection(id="j", name="Dave (neighbour, lives next door)"),
                ]
            ),
            "sharing": Sharing(private=[MUM, PrivatePart(kind="item", code="j", label="Dave")]),
        }
    )
    said = "She lives near the support group and wants a friend."
    assert mask_private_names(named, said) == said


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("Mum (Carol)", "Tea at Carol's."),  # a name in brackets
        ("Pat (Nan)", "My nan rings on Sundays."),  # a family word
        ("Ann (Big Annie)", "Annie rings on Sundays."),
    ],
)
def test_a_name_or_family_word_in_brackets_is_still_a_private_name(name: str, said: str) -> None:
    named = kyle(name).model_copy(update={"about": About(good_week=Words(text=said))})
    assert "A good week" in [p.where for p in private_names_found(named)]


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("Mum (carol)", "Tea at carol's."),  # one word in brackets, written in lower case
        ("Mum (Carol, next door)", "Tea at Carol's."),  # before a comma, everyday words after
        ("Pat (neighbour, Patricia)", "Patricia rings on Sundays."),  # after a comma
        ("My neighbour (patricia)", "Patricia rings on Sundays."),  # said how related
        ("Catherine (Cat)", "Went to the pub with Cat."),  # a capital: a name, word or not
        ("Jo (Park)", "Tea with Park."),
        ("Sam (friend from work, Samantha)", "Samantha rings on Sundays."),
    ],
)
def test_a_name_after_a_comma_or_in_lower_case_in_brackets_is_a_private_name(
    name: str, said: str
) -> None:
    named = kyle(name).model_copy(update={"about": About(good_week=Words(text=said))})
    assert "A good week" in [p.where for p in private_names_found(named)]


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("Mum (carol smith)", "Lunch with carol smith."),  # the whole name in lower case
        ("My neighbour (pat o'neil)", "Tea with pat o'neil."),
        ("Dad (john paul smith)", "Rang john paul smith."),
        ("Nan (carol smith, next door)", "Lunch with carol smith."),  # one part of several
    ],
)
def test_a_name_of_several_lower_case_words_in_brackets_after_a_relation_is_a_private_name(
    name: str, said: str
) -> None:
    named = kyle(name).model_copy(update={"about": About(good_week=Words(text=said))})
    assert "A good week" in [p.where for p in private_names_found(named)]


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("Dad (every day)", "Football every day."),  # when, not who
        ("Mum (at home)", "I stay at home."),
        ("Nan (passed away)", "The pain passed away."),
        ("Sis (lost touch)", "I lost touch with football."),
        ("Brother (most weekends)", "Football most weekends."),
        ("Dad (lives up north)", "Football up north."),  # where they live
        ("Lee (carol smith)", "Lunch with carol smith."),  # outside is a name, not a relation
        # Descriptions of several words: not names by their first word.
        ("Uncle (drinks heavily)", "He drinks tea with me."),
        ("Mum (early onset dementia)", "Early mornings are hard."),
        ("Dad (short fuse)", "Short walks help."),
    ],
)
def test_everyday_lower_case_words_in_brackets_after_a_relation_are_not_a_private_name(
    name: str, said: str
) -> None:
    named = kyle(name).model_copy(update={"about": About(good_week=Words(text=said))})
    assert "A good week" not in [p.where for p in private_names_found(named)]


def test_the_supervision_mask_hides_a_lower_case_name_in_brackets_whole() -> None:
    named = kyle("Mum (carol smith)")
    assert mask_private_names(named, "Lunch with carol smith") == f"Lunch with {MASK}"


def test_marking_looking_back_says_it_keeps_out_every_goals_review() -> None:
    # A name in one answer of Looking back ("Mum and I fell out") can only be kept out with
    # the whole topic: the Finish dialog says how much that is before anyone marks it.
    parts = parts_to_mark(private_names_found(plan([ANN])))
    assert ("section", "review") in {(p.kind, p.code) for p in parts}
    words = marking_words(parts)
    assert "the whole review: how each goal, action and thing to try went" in words
    assert "how you will meet from now on" in words
    assert words.endswith("choose Keep talking and change them.")


def test_marking_single_items_needs_no_words_about_whole_sections() -> None:
    assert marking_words([ANN]) == ""
