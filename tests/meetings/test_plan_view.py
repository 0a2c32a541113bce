"""'Our plan so far' shows the plan for hard times (issue 13 §1), with the agency's numbers."""

from __future__ import annotations

from assistant.agency import EXAMPLE_LINE, Agency, AgencyContact
from assistant.meetings.plan_view import PlanSection, plan_sections
from assistant.plans.model import (
    Code,
    Concern,
    HardTimes,
    LifeArea,
    Plan,
    RatingPoint,
    ResourceDomain,
    Resourceful,
    Words,
)

CRISIS = AgencyContact(name="Crisis team", phone="0808 157 0123", when="any time")


def hard_times_section(plan: Plan) -> PlanSection | None:
    return next((s for s in plan_sections(plan) if s.topic == "hard_times"), None)


def a_plan(**hard: Words) -> Plan:
    return Plan(created="2026-01-05T10:00:00+00:00", hard_times=HardTimes(**hard))


def test_the_persons_words_are_shown_with_who_said_them() -> None:
    plan = a_plan(
        early_signs=Words(text="I stop going out.", proposed_by="person"),
        contact_night=Words(text="Dan", proposed_by="worker"),
    )
    section = hard_times_section(plan)
    assert section is not None and section.title == "My plan for hard times"
    assert [(i.prompt, i.answer, i.by) for i in section.items] == [
        ("Signs that things are getting hard", "I stop going out.", "person"),
        ("Who to contact at night or at weekends", "Dan", "worker"),
    ]


def test_the_agencys_numbers_are_shown_beside_them() -> None:
    plan = a_plan(what_helps=Words(text="Music")).model_copy(
        update={"agency": Agency(organisation="Ours", example=True, crisis=[CRISIS])}
    )
    section = hard_times_section(plan)
    assert section is not None
    shown = [(i.prompt, i.answer) for i in section.items]
    assert shown[1] == ("Made-up example", EXAMPLE_LINE)
    assert shown[2][0] == "In a crisis, day or night"
    assert shown[2][1].startswith("Crisis team: phone 0808 157 0123")


def test_the_crisis_numbers_are_grouped_under_one_heading() -> None:
    others = [AgencyContact(name=f"Line {n}", phone=f"0800 000 00{n}") for n in range(2)]
    plan = a_plan(what_helps=Words(text="Music")).model_copy(
        update={"agency": Agency(organisation="Ours", crisis=[CRISIS, *others])}
    )
    section = hard_times_section(plan)
    assert section is not None
    crisis = [i for i in section.items if i.prompt == "In a crisis, day or night"]
    assert len(crisis) == 1
    lines = crisis[0].answer.split("\n")
    assert [line.split(":")[0] for line in lines] == ["Crisis team", "Line 0", "Line 1"]


def test_a_long_list_of_numbers_is_never_cut_short_in_the_panel() -> None:
    # The panel shows an answer's first 600 characters: a long list goes on under the same
    # heading again rather than losing a number.
    many = [
        AgencyContact(name=f"Helpline {n}", phone=f"0800 000 {n:03}", note="Ring " + "x" * 80 + ".")
        for n in range(12)
    ]
    plan = a_plan(what_helps=Words(text="Music")).model_copy(
        update={"agency": Agency(organisation="Ours", crisis=many)}
    )
    section = hard_times_section(plan)
    assert section is not None
    crisis = [i for i in section.items if i.prompt == "In a crisis, day or night"]
    assert all(len(item.answer) <= 600 for item in crisis)
    shown = "\n".join(item.answer for item in crisis).split("\n")
    assert [line.split(":")[0] for line in shown] == [f"Helpline {n}" for n in range(12)]


def test_no_plan_for_hard_times_no_section() -> None:
    plan = Plan(created="2026-01-05T10:00:00+00:00", agency=Agency(organisation="Ours"))
    assert hard_times_section(plan) is None


def _concern_items(words: str) -> list[tuple[str, str, str]]:
    concern = Concern(
        id="c1",
        words=words,
        proposed_by="person",
        might_help=Words(text="Something to do with my hands", proposed_by="worker"),
        might_help_from=Code(code="worker", label="My worker's idea"),
    )
    plan = Plan(created="2026-01-05T10:00:00+00:00", concerns=[concern])
    [section] = [s for s in plan_sections(plan) if s.topic == "concerns"]
    return [(i.prompt, i.answer, i.by) for i in section.items]


def test_what_might_help_is_credited_to_whoever_said_it_not_the_concerns_speaker() -> None:
    # The Finish dialog read "Might help: ... (my worker's idea)  (from Maureen)" for the
    # worker's answer: the whole concern carried the concern's speaker.
    assert _concern_items("I don't know what to say any more.") == [
        ("Hard", "I don't know what to say any more.", "person"),
        ("Might help", "Something to do with my hands (my worker's idea)", "worker"),
    ]


def test_a_concern_is_labelled_by_its_kind_as_the_exports_do() -> None:
    money = Concern(id="c1", kind=Code(code="money", label="Money"), words="Bus fares add up")
    unsorted = Concern(id="c2", words="I freeze")
    plan = Plan(created="2026-01-05T10:00:00+00:00", concerns=[money, unsorted])
    [section] = [s for s in plan_sections(plan) if s.topic == "concerns"]
    assert [(i.prompt, i.answer) for i in section.items] == [
        ("Money", "Bus fares add up"),
        ("Hard", "I freeze"),
    ]


def test_a_goal_done_or_let_go_says_so_on_its_own_line() -> None:
    from assistant.plans.model import Goal

    done = Goal(id="g1", what="Join the choir", next=Code(code="finished", label="Finished"))
    gone = Goal(id="g2", what="Meet Jo", next=Code(code="let_go", label="Let it go for now"))
    open_ = Goal(id="g3", what="Walk more")
    plan = Plan(created="2026-01-05T10:00:00+00:00", goals=[done, gone, open_])
    [section] = [s for s in plan_sections(plan) if s.topic == "goals"]
    lines = [i.answer for i in section.items if i.prompt == "Goal"]
    assert lines == ["Join the choir (✓ done)", "Meet Jo (let go for now)", "Walk more"]


def test_connections_not_counted_yet_are_not_said_as_none() -> None:
    # "None people in my network, 2 things to try started, 1 kept up"
    from assistant.plans.model import ConnectionCounts, Measures

    counts = ConnectionCounts(activities_started=2, activities_kept_up=1)
    plan = Plan(created="2026-01-05T10:00:00+00:00", measures=Measures(connections=counts))
    [section] = [s for s in plan_sections(plan) if s.topic == "measures"]
    said = {i.prompt: i.answer for i in section.items}
    assert said["Connections counted"] == "2 things to try started, 1 kept up"


def _connections_said(people: int, support_kinds: int) -> str:
    from assistant.plans.model import ConnectionCounts, Measures

    counts = ConnectionCounts(people=people, support_kinds=support_kinds)
    plan = Plan(created="2026-01-05T10:00:00+00:00", measures=Measures(connections=counts))
    [section] = [s for s in plan_sections(plan) if s.topic == "measures"]
    return {i.prompt: i.answer for i in section.items}["Connections counted"]


def test_one_kind_of_support_is_said_as_one() -> None:
    assert _connections_said(2, 1) == "2 people in my network, 1 kind of support"


def test_no_kind_of_support_is_not_said() -> None:
    # Everyone helps with "Nothing at the moment": 0 kinds, not a number to read out.
    assert _connections_said(1, 0) == "1 person in my network"


def _helpers_line(want_more: bool | None, *, not_talked_about: bool = False) -> str:
    domain = ResourceDomain(
        domain=Code(code="advice", label="Advice and information"),
        people=[],
        want_more=want_more,
        gap=want_more is not False,  # as the plan counts a gap: nobody yet, or wants more
        not_talked_about=not_talked_about,
    )
    plan = Plan(created="2026-01-05T10:00:00+00:00", resourceful=Resourceful(domains=[domain]))
    [section] = [s for s in plan_sections(plan) if s.topic == "resourceful"]
    return section.items[0].answer


def test_would_like_more_people_is_said_only_after_the_person_said_yes() -> None:
    # "Would it help to find someone for advice?" not asked yet or skipped: the panel said
    # "would like to know more people for this", words the person never said.
    assert _helpers_line(None) == "nobody yet"
    assert _helpers_line(False) == "nobody yet"
    assert _helpers_line(True) == "nobody yet (would like to know more people for this)"


def test_who_could_help_left_for_another_day_is_not_said_as_nobody() -> None:
    # "Do you know anyone who could give you good advice?" skipped (Not today): not a gap of
    # nobody the person described.
    assert _helpers_line(True, not_talked_about=True) == (
        "not talked about yet (would like to know more people for this)"
    )


def test_one_kind_of_help_and_one_thing_to_try_are_said_as_one() -> None:
    # "someone for 1 kinds of help, 1 things to try started"
    from assistant.plans.model import ConnectionCounts, Measures

    counts = ConnectionCounts(domains=1, activities_started=1, activities_kept_up=0)
    plan = Plan(created="2026-01-05T10:00:00+00:00", measures=Measures(connections=counts))
    [section] = [s for s in plan_sections(plan) if s.topic == "measures"]
    said = {i.prompt: i.answer for i in section.items}["Connections counted"]
    assert said == "someone for 1 kind of help, 1 thing to try started, 0 kept up"


def test_the_finish_preview_shows_a_rating_left_for_today() -> None:
    family = LifeArea(area="family", label="Family or partner", left_today=True)
    plan = Plan(created="2026-01-05T10:00:00+00:00", life_areas=[family])
    section = next(s for s in plan_sections(plan) if s.topic == "life_areas")
    assert [(i.prompt, i.answer) for i in section.items] == [("Family or partner", "not today")]


def test_an_area_rated_last_time_and_not_talked_about_yet_is_shown_as_the_copy_says() -> None:
    # Hidden here, listed in every copy: the pair saw a different plan from the one agreed.
    earlier = [RatingPoint(value=4, date="2026-01-05", plan_version=1)]
    family = LifeArea(area="family", label="Family or partner", history=earlier)
    plan = Plan(created="2026-02-05T10:00:00+00:00", life_areas=[family])
    section = next(s for s in plan_sections(plan) if s.topic == "life_areas")
    [item] = section.items
    assert item.answer.startswith("not talked about this time (last time 4)")
