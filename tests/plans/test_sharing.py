"""Sharing as the person chose it (issue 13 §2): who a copy may be for, and what it leaves out."""

from __future__ import annotations

import re

import pytest
from plan_support import play

from assistant.engine.functions import PLAN_SECTIONS
from assistant.flows.loader import Content
from assistant.plans.from_session import build_plan, data_for_next_meeting
from assistant.plans.model import (
    PRIVATE_SECTIONS,
    About,
    Action,
    Audience,
    Code,
    Community,
    Connection,
    Contacts,
    Goal,
    LifeArea,
    Opportunity,
    Participation,
    PersonalContact,
    Plan,
    PlanState,
    PrivatePart,
    Resourceful,
    Review,
    Sharing,
    SupportNeed,
    Words,
    WorkerAction,
    WorkerJourney,
)
from assistant.plans.sharing import (
    SharingRefused,
    audience_for,
    copy_for,
    file_name,
    file_tail,
    name_part,
    recipients,
    shared_copy,
)

CREATED = "2026-02-02T10:00:00+00:00"


def chose(*codes: str, who: str | None = None, private: list[PrivatePart] | None = None) -> Plan:
    """An agreed plan shared with ``codes`` (copies for the GP or someone named are made only
    from an agreed plan)."""
    return Plan(
        created=CREATED,
        state=PlanState(status="agreed"),
        network={
            "people": [
                Connection(id="p1", name="Jo"),
                Connection(id="p2", name="Mum"),
            ]
        },
        goals=[
            Goal(
                id="g1",
                what="See Jo",
                actions=[Action(id="a1", what="Text Jo"), Action(id="a2", what="Ring Mum")],
            ),
            Goal(id="g2", what="Go to church"),
        ],
        support_needed=[SupportNeed(kind="life_area", text="More help with: Friendships")],
        sharing=Sharing(
            share_with=[Code(code=c, label=c) for c in codes],
            share_who=Words(text=who) if who else None,
            keep_private=Words(text="Not the bit about Mum."),
            private=private or [],
        ),
    )


# -- who a copy may be for ---------------------------------------------------------------------


def test_the_persons_own_copy_is_always_allowed_and_has_everything() -> None:
    plan = chose(private=[PrivatePart(kind="item", code="p2", label="Person: Mum")])
    copy = shared_copy(plan, "person")
    assert copy.audience == Audience(kind="person")
    assert [p.name for p in copy.network.people] == ["Jo", "Mum"]
    assert copy.sharing.keep_private is not None and copy.sharing.private


def test_without_sharing_answers_only_the_persons_own_copy_can_be_made() -> None:
    with pytest.raises(SharingRefused) as caught:
        shared_copy(chose(), "team")
    assert "have not said yet who else may see the plan" in str(caught.value)


def test_the_care_team_only_when_chosen() -> None:
    assert audience_for(chose("care_team"), "team") == Audience(kind="team")
    with pytest.raises(SharingRefused) as caught:
        audience_for(chose("gp"), "team")
    assert "They agreed to: their own copy and their GP." in str(caught.value)


def test_nobody_else_refuses_every_other_copy() -> None:
    with pytest.raises(SharingRefused) as caught:
        audience_for(chose("nobody"), "gp")
    assert "nobody else sees the plan" in str(caught.value)


def test_the_gp_is_a_named_audience_when_chosen() -> None:
    assert audience_for(chose("gp"), "My GP") == Audience(kind="named", name="GP")


@pytest.mark.parametrize("asked", ["A", "a.", "  my   SISTER ", "My sister, A."])
def test_a_named_person_matches_as_the_person_wrote_them(asked: str) -> None:
    found = audience_for(chose("family", who="My sister, A."), asked)
    assert found.kind == "named" and found.name in {"A", "My sister", "My sister, A."}


@pytest.mark.parametrize("asked", ["Jo", "sister A", "B"])
def test_someone_not_named_is_refused_with_who_was_chosen(asked: str) -> None:
    with pytest.raises(SharingRefused) as caught:
        audience_for(chose("family", "care_team", who="My sister and Dan"), asked)
    message = str(caught.value)
    assert f'"{asked}"' in message
    assert 'the care team, "My sister" and "Dan"' in message


def test_a_name_alone_is_not_enough_unless_family_or_someone_else_was_chosen() -> None:
    with pytest.raises(SharingRefused):
        audience_for(chose("care_team", who="Dan"), "Dan")


def test_recipients_say_which_are_not_chosen_and_why() -> None:
    found = {r.label: r for r in recipients(chose("care_team"))}
    assert found["The care team"].allowed
    assert not found["Your GP"].allowed
    assert found["Your GP"].reason == "not chosen"
    assert not found["Family, a carer or someone else"].allowed


def test_the_labels_name_the_person_not_their() -> None:
    # Read with the person at the screen: "Their own copy" spoke of them as if absent.
    plan = chose("gp", "family", who="Dan").model_copy(
        update={"about": About(name=Words(text="Sam"))}
    )
    assert [r.label for r in recipients(plan)] == [
        "Sam's own copy (everything)",
        "The care team",
        "Sam's GP",
        "Dan (named by Sam)",
    ]


def test_without_a_name_the_labels_speak_to_the_person() -> None:
    labels = [r.label for r in recipients(chose("gp", "family", who="Dan"))]
    assert labels == [
        "Your own copy (everything)",
        "The care team",
        "Your GP",
        "Dan (named by you)",
    ]


def test_the_reasons_are_a_few_words_naming_no_topic() -> None:
    undecided = recipients(Plan(created=CREATED))
    assert {r.reason for r in undecided if not r.allowed} == {"not chosen yet"}
    nobody_named = recipients(chose("family"))
    assert [r.reason for r in nobody_named if not r.allowed][
        -1
    ] == "chosen, but nobody was named yet"


def test_copy_for_refuses_an_audience_that_was_not_chosen() -> None:
    with pytest.raises(SharingRefused):
        copy_for(chose("gp"), Audience(kind="team"))


# -- what a shared copy leaves out -------------------------------------------------------------


def test_a_shared_copy_leaves_out_private_items_and_says_only_that_some_are() -> None:
    private = [
        PrivatePart(kind="item", code="p2", label="Person: Mum"),
        PrivatePart(kind="item", code="a2", label="Action: Ring Mum"),
        PrivatePart(kind="item", code="g2", label="Goal: Go to church"),
    ]
    copy = shared_copy(chose("care_team", private=private), "team")
    assert [p.name for p in copy.network.people] == ["Jo"]
    assert [g.what for g in copy.goals] == ["See Jo"]
    assert [a.what for a in copy.goals[0].actions] == ["Text Jo"]
    assert copy.sharing.keep_private is None and copy.sharing.private == []
    assert copy.audience == Audience(kind="team", withheld=True)
    assert "Mum" not in copy.model_dump_json() and "church" not in copy.model_dump_json()


def test_a_private_section_goes_with_what_is_drawn_from_it() -> None:
    plan = chose(
        "care_team",
        private=[PrivatePart(kind="section", code="life_areas", label="How things are")],
    ).model_copy(update={"life_areas": [LifeArea(area="friendships", label="Friendships")]})
    copy = shared_copy(plan, "team")
    assert copy.life_areas == [] and copy.support_needed == []


def test_nothing_private_and_no_words_means_nothing_withheld() -> None:
    plan = chose("care_team").model_copy(
        update={"sharing": chose("care_team").sharing.model_copy(update={"keep_private": None})}
    )
    copy = shared_copy(plan, "team")
    assert copy.audience == Audience(kind="team", withheld=False)
    assert copy.model_dump(exclude={"audience"}) == plan.model_dump(exclude={"audience"})


def test_the_keep_private_words_alone_are_withheld() -> None:
    copy = shared_copy(chose("care_team"), "team")
    assert copy.audience is not None and copy.audience.withheld
    assert "Not the bit about Mum." not in copy.model_dump_json()


def test_a_private_network_takes_the_contacts_picked_from_it() -> None:
    plan = chose(
        "care_team", private=[PrivatePart(kind="section", code="network", label="My connections")]
    ).model_copy(
        update={
            "contacts": Contacts(
                personal=[
                    PersonalContact(
                        id="p1",
                        name="Jo",
                        how_to_reach="07700 900123",
                        emergency=True,
                        from_network=True,
                    ),
                    PersonalContact(id="k1", name="Mrs Lee", relationship=None),
                ]
            )
        }
    )
    copy = shared_copy(plan, "team")
    assert copy.network.people == []
    assert [c.name for c in copy.contacts.personal] == ["Mrs Lee"]
    assert "07700 900123" not in copy.model_dump_json()


def test_a_private_review_takes_what_was_said_about_each_goal_and_action() -> None:
    reviewed = Goal(
        id="g1",
        what="See Jo",
        progress=Code(code="some", label="A bit"),
        next=Code(code="keep", label="Keep it"),
        change_notes=Words(text="Smaller steps"),
        actions=[
            Action(
                id="a1",
                what="Text Jo",
                status=Code(code="partly", label="Partly"),
                review_notes=Words(text="Hard after Mum's news"),
            )
        ],
    )
    plan = chose(
        "care_team", private=[PrivatePart(kind="section", code="review", label="Looking back")]
    ).model_copy(update={"goals": [reviewed], "review": Review(keep=Words(text="Walks"))})
    copy = shared_copy(plan, "team")
    [goal] = copy.goals
    assert (goal.what, goal.progress, goal.next, goal.change_notes) == ("See Jo", None, None, None)
    [action] = goal.actions
    assert (action.what, action.status, action.review_notes) == ("Text Jo", None, None)
    assert copy.review is None
    # The person's own copy keeps it all.
    assert shared_copy(plan, "person").goals == [reviewed]


CHURCH = PrivatePart(kind="item", code="g2", label="Goal: Go to church")


def test_an_idea_for_a_goal_goes_when_a_goal_is_kept_private() -> None:
    # Nothing says which goal the idea became: it may be the private one, in other words.
    plan = chose("care_team", private=[CHURCH]).model_copy(
        update={"resourceful": Resourceful(goal_idea=Words(text="Find a faith group"))}
    )
    copy = shared_copy(plan, "team")
    assert copy.resourceful.goal_idea is None
    assert copy.audience == Audience(kind="team", withheld=True)
    assert shared_copy(plan, "person").resourceful.goal_idea == plan.resourceful.goal_idea


def test_an_idea_for_a_goal_stays_when_no_goal_is_private() -> None:
    private = [PrivatePart(kind="item", code="p2", label="Person: Mum")]
    plan = chose("care_team", private=private).model_copy(
        update={"resourceful": Resourceful(goal_idea=Words(text="Find a faith group"))}
    )
    assert shared_copy(plan, "team").resourceful.goal_idea == plan.resourceful.goal_idea


def test_what_the_worker_will_do_for_a_private_goal_goes_with_it() -> None:
    journey = WorkerJourney(
        actions=[
            # Asked for the goal (in the worker's own words), written as for it, and another.
            WorkerAction(id="asked-g2", what="Find the vicar's number", why="Feeling welcome"),
            WorkerAction(id="w1", what="Ask about the choir", why="go to church."),
            WorkerAction(id="w2", what="Look up lunch clubs", why="See Jo"),
        ]
    )
    plan = chose("care_team", private=[CHURCH]).model_copy(update={"worker_journey": journey})
    copy = shared_copy(plan, "team")
    assert [a.id for a in copy.worker_journey.actions] == ["w2"]
    assert shared_copy(plan, "person").worker_journey == journey


def test_going_along_to_a_private_thing_to_try_is_left_out_of_the_workers_list() -> None:
    tries = Community(opportunities=[Opportunity(id="o1", what="Quiz night")])
    journey = WorkerJourney(
        actions=[WorkerAction(id="asked-o1", what="Go along the first time: Quiz night")]
    )
    plan = chose(
        "care_team", private=[PrivatePart(kind="item", code="o1", label="Thing to try: Quiz")]
    ).model_copy(update={"community": tries, "worker_journey": journey})
    copy = shared_copy(plan, "team")
    assert copy.worker_journey.actions == []
    assert "Quiz" not in copy.model_dump_json()


def test_looking_back_with_only_moving_on_kept_private_is_left_out_whole() -> None:
    private = [PrivatePart(kind="section", code="moving_on", label="When I need the service less")]
    review = Review(moving_on=Code(code="less", label="Less often"))
    plan = chose("care_team", private=private).model_copy(update={"review": review})
    assert shared_copy(plan, "team").review is None  # not an empty "Looking back" heading
    assert shared_copy(plan, "person").review == review


def test_what_helps_when_we_talk_is_shared_unless_about_me_is_kept_private() -> None:
    helps = Participation(what_helps=Words(text="Going slowly"))
    shared = chose("care_team").model_copy(update={"participation": helps})
    assert shared_copy(shared, "team").participation.what_helps == helps.what_helps
    about = [PrivatePart(kind="section", code="about", label="About me")]
    kept = chose("care_team", private=about).model_copy(update={"participation": helps})
    assert shared_copy(kept, "team").participation.what_helps is None


# -- whom a shared copy names ------------------------------------------------------------------


def test_a_named_persons_copy_names_only_them() -> None:
    plan = chose("family", "care_team", "gp", who="My sister and Dan")
    plan = plan.model_copy(
        update={"sharing": plan.sharing.model_copy(update={"keep_private": None})}
    )
    copy = shared_copy(plan, "Dan")
    assert copy.sharing.share_who is not None and copy.sharing.share_who.text == "Dan"
    assert [c.code for c in copy.sharing.share_with] == ["family"]
    assert "sister" not in copy.model_dump_json()
    # Leaving out whom else the person chose is not a part they kept back.
    assert copy.audience == Audience(kind="named", name="Dan", withheld=False)


@pytest.mark.parametrize("asked", ["team", "gp"])
def test_the_team_and_gp_copies_keep_the_kinds_of_people_chosen_without_names(
    asked: str,
) -> None:
    copy = shared_copy(chose("family", "care_team", "gp", who="My sister and Dan"), asked)
    assert copy.sharing.share_who is None
    assert [c.code for c in copy.sharing.share_with] == ["family", "care_team", "gp"]
    assert "Dan" not in copy.model_dump_json() and "sister" not in copy.model_dump_json()


def test_a_kind_of_person_with_nobody_named_is_not_listed_in_a_shared_copy() -> None:
    copy = shared_copy(chose("family", "care_team"), "team")
    assert [c.code for c in copy.sharing.share_with] == ["care_team"]


# -- marking in Closing, carried to later versions ---------------------------------------------


def test_the_engine_offers_the_plans_own_section_codes() -> None:
    assert tuple(code for code, _label, _paths in PLAN_SECTIONS) == PRIVATE_SECTIONS


DATA = {
    "network": {"people": [{"id": "p1", "name": "Mum"}]},
    "concerns": {"list": [{"id": "c1", "words": "Money"}]},
}


def test_marks_become_the_plans_private_parts_with_their_words() -> None:
    data = {**DATA, "sharing": {"private": ["section:concerns", "item:p1", "item:gone"]}}
    plan = build_plan(data, created=CREATED)
    assert plan.sharing.private == [
        PrivatePart(kind="section", code="concerns", label="Things that make it hard"),
        PrivatePart(kind="item", code="p1", label="Someone in my life: Mum"),
    ]


def test_marks_carry_over_until_changed() -> None:
    first = build_plan({**DATA, "sharing": {"private": ["item:p1"]}}, created=CREATED)
    # A later meeting starts from the marks; and a version built without them keeps them.
    assert data_for_next_meeting({**DATA, "sharing": {"private": ["item:p1"]}})["sharing"]
    later = build_plan(DATA, previous=first, created=CREATED)
    assert [p.code for p in later.sharing.private] == ["p1"]


def test_nothing_unmarks_everything() -> None:
    first = build_plan({**DATA, "sharing": {"private": ["item:p1"]}}, created=CREATED)
    later = build_plan({**DATA, "sharing": {"private": ["nothing"]}}, previous=first)
    assert later.sharing.private == []


# -- who may see the plan, and what must not be shared, carried to later meetings -------------

FIRST_CLOSING = {
    "agreement.share_with": ["care_team", "family"],
    "agreement.share_who": "My sister Ann",
    "agreement.keep_private": "PRIVATEWORDS about my debts",
}


def test_a_review_that_says_not_today_keeps_the_sharing_choice_and_the_restriction(
    content: Content,
) -> None:
    # Three meetings: the first says who may see the plan and what must not be shared; two
    # reviews reach Closing and leave every question for another time.
    first = play(content, ["closing"], FIRST_CLOSING)
    plan = build_plan(first.data, first.log, content=content, number=1, created=CREATED)
    for number in (2, 3):
        review = play(content, ["closing"], {}, data_for_next_meeting(first.data, plan))
        plan = build_plan(
            review.data, review.log, plan, content=content, number=number, created=CREATED
        )
        first = review
        assert plan.sharing.keep_private is not None
        assert plan.sharing.keep_private.text == "PRIVATEWORDS about my debts"
        assert [c.code for c in plan.sharing.share_with] == ["care_team", "family"]
        assert plan.sharing.share_who is not None
        assert plan.sharing.share_who.text == "My sister Ann"
        assert audience_for(plan, "team") == Audience(kind="team")


def test_a_reviews_closing_starts_from_last_times_sharing_answers(content: Content) -> None:
    first = play(content, ["closing"], FIRST_CLOSING)
    seed = data_for_next_meeting(first.data)
    assert seed["agreement"] == {k.removeprefix("agreement."): v for k, v in FIRST_CLOSING.items()}


def test_a_review_can_change_who_may_see_the_plan(content: Content) -> None:
    first = play(content, ["closing"], FIRST_CLOSING)
    plan = build_plan(first.data, first.log, content=content, number=1, created=CREATED)
    review = play(
        content, ["closing"], {"agreement.share_with": ["gp"]}, data_for_next_meeting(first.data)
    )
    later = build_plan(review.data, review.log, plan, content=content, created=CREATED)
    assert [c.code for c in later.sharing.share_with] == ["gp"]
    assert later.sharing.keep_private is not None  # the restriction still stands


def test_names_left_out_when_family_was_unticked_are_not_carried_to_the_next_meeting(
    content: Content,
) -> None:
    # The person unticks Family at a review (maybe to stop Ann seeing the plan): the next
    # meeting's "Who exactly?" starts empty when Family is ticked again.
    first = play(content, ["closing"], FIRST_CLOSING)
    review = play(
        content,
        ["closing"],
        {"agreement.share_with": ["care_team"]},
        data_for_next_meeting(first.data),
    )
    seed = data_for_next_meeting(review.data)
    assert seed["agreement"]["share_with"] == ["care_team"]
    assert "share_who" not in seed["agreement"]


# -- a draft's copies outside the agency wait until it is agreed -----------------------------


def _draft(plan: Plan) -> Plan:
    return plan.model_copy(update={"state": PlanState(status="draft")})


@pytest.mark.parametrize("asked", ["gp", "Dan"])
def test_a_drafts_copy_for_the_gp_or_someone_named_waits_until_it_is_agreed(asked: str) -> None:
    plan = _draft(chose("family", "care_team", "gp", who="Dan"))
    with pytest.raises(SharingRefused, match="is a draft, not agreed yet"):
        shared_copy(plan, asked)


@pytest.mark.parametrize("asked", ["person", "team"])
def test_a_drafts_own_and_care_team_copies_can_be_made(asked: str) -> None:
    plan = _draft(chose("family", "care_team", "gp", who="Dan"))
    assert shared_copy(plan, asked).audience is not None


@pytest.mark.parametrize(
    ("who", "names"),
    [
        ("My sister and Dan", ["My sister", "Dan"]),
        ("Mum & Dad; Ann,Kim", ["Mum", "Dad", "Ann", "Kim"]),
        ("Ann\nDan", ["Ann", "Dan"]),
        # Cut inside a word, these made recipients nobody named ("dad <b>x<", "b>").
        ("Bo's mum/dad <b>x</b>", ["Bo's mum/dad <b>x</b>"]),
        ("Mind/Rethink advocate", ["Mind/Rethink advocate"]),
        ("Sam and/or Jo", ["Sam and/or Jo"]),
        ("Andy Anderson", ["Andy Anderson"]),
    ],
)
def test_named_people_are_split_between_names_never_inside_one(who: str, names: list[str]) -> None:
    from assistant.plans.sharing import named_people

    assert named_people(chose("family", who=who)) == names


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".pdf", ".json", ".fhir.json"])
def test_named_peoples_copies_have_their_own_file_names_in_every_format(suffix: str) -> None:
    # Every named person's copy was plan-v2-shared.txt: two people's could not be told apart.
    plan = chose("family", who="Ama and Dan")
    ama, dan = audience_for(plan, "Ama"), audience_for(plan, "Dan")
    for_ama = file_name(f"plan-v2{suffix}", suffix, ama)
    assert for_ama == f"plan-v2-for-{name_part('Ama')}{suffix}"
    assert for_ama != file_name(f"plan-v2{suffix}", suffix, dan)
    assert "ama" not in for_ama.casefold()  # a code, never the name


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "a.b.c",
        "Kai [b]O[/b] {{ 7*7 }} 🙂",
        "W" * 300,
        "Mary-Jane O'Brien the third of that name",
        "\u202eAma\u202c",
        "🙂",
        "سارة",
        "",
    ],
)
def test_a_named_persons_part_of_a_file_name_never_holds_their_name(name: str) -> None:
    part = name_part(name)
    assert re.fullmatch(r"named-[0-9a-f]{6}", part), part


def test_two_named_people_get_different_file_names() -> None:
    assert name_part("Ama") != name_part("سارة")
    assert name_part("Ama") == name_part(" ama ")  # the same person, the same file name


@pytest.mark.parametrize("name", ["Care team", "care.team", "Gp."])
def test_a_named_person_never_gets_the_teams_or_the_gps_file_name(name: str) -> None:
    tail = file_tail(Audience(kind="named", name=name))
    assert tail not in {"-for-care-team", "-for-gp"}
