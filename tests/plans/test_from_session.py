"""Building a plan from real meetings played through the shipped content."""

from __future__ import annotations

import datetime as dt

import pytest
from plan_support import TODAY, Meetings, play

from assistant.flows.loader import Content
from assistant.plans.autoplay import Said
from assistant.plans.demo_data import demo_meetings
from assistant.plans.diff import format_diff
from assistant.plans.from_session import build_plan, data_for_next_meeting
from assistant.plans.model import ActionWho, LifeArea, Plan

CREATED = "2026-01-05T10:00:00+00:00"


def _goal(plan, words):
    return next(g for g in plan.goals if g.what == words)


def _action(plan, words):
    return next(a for g in plan.goals for a in g.actions if a.what == words)


def test_the_persons_words_are_kept_exactly_as_typed(content: Content) -> None:
    typed = "  two spaces first\n\nthen a blank line, and trailing  "
    conv = play(content, ["what_matters"], {"about.hopes": typed})
    plan = build_plan(conv.data, conv.log, content=content, created=CREATED)
    assert plan.about.hopes is not None
    assert plan.about.hopes.text == typed


def test_an_answer_given_by_the_worker_is_proposed_by_the_worker(meetings: Meetings) -> None:
    money = next(c for c in meetings.plan1.concerns if c.kind and c.kind.code == "money")
    assert money.might_help is not None
    assert money.might_help.proposed_by == "worker"


def test_an_answer_given_by_the_person_is_proposed_by_the_person(meetings: Meetings) -> None:
    assert meetings.plan1.about.what_matters is not None
    assert meetings.plan1.about.what_matters.proposed_by == "person"


def test_a_later_change_records_who_changed_it(content: Content) -> None:
    conv = play(content, ["what_matters"], {"about.hopes": "To go walking"})
    conv.edit("about.hopes", "To go walking with Jo", by="worker")
    plan = build_plan(conv.data, conv.log, content=content, created=CREATED)
    assert plan.about.hopes is not None
    assert (plan.about.hopes.proposed_by, plan.about.hopes.changed_by) == ("person", ["worker"])


def test_an_undone_answer_does_not_count_as_proposing(content: Content) -> None:
    conv = play(content, ["what_matters"], {})
    conv.goto_topic("what_matters")
    conv.proceed()
    conv.answer("Football", by="worker")
    conv.back()
    conv.answer("Football", by="person")
    plan = build_plan(conv.data, conv.log, content=content, created=CREATED)
    assert plan.about.interests is not None
    assert plan.about.interests.proposed_by == "person"


def test_records_added_together_are_proposed_by_whoever_added_them(meetings: Meetings) -> None:
    assert _action(meetings.plan1, "Find the meeting place").proposed_by == "both"


def test_an_action_for_a_named_other_keeps_their_name(meetings: Meetings) -> None:
    assert _action(meetings.plan1, "Come along to the first walk").who == ActionWho(
        kind="other", name="Jo"
    )


def test_an_action_keeps_its_date(meetings: Meetings) -> None:
    expected = (TODAY + dt.timedelta(days=7)).isoformat()
    assert _action(meetings.plan1, "Text Dan about lunch").by_when == expected


def test_the_first_meetings_ratings_become_history_in_the_review(meetings: Meetings) -> None:
    friendships = next(a for a in meetings.plan2.life_areas if a.area == "friendships")
    assert friendships.value == 3
    assert [(h.plan_version, h.value) for h in friendships.history] == [(1, 2)]


def test_an_area_not_rated_again_keeps_its_history(content: Content, meetings: Meetings) -> None:
    seed = data_for_next_meeting(meetings.first.data, meetings.plan1)
    conv = play(content, ["review"], {"review.ratings_menu": "ratings_later"}, seed)
    plan = build_plan(conv.data, conv.log, meetings.plan1, content=content, created=CREATED)
    friendships = next(a for a in plan.life_areas if a.area == "friendships")
    assert friendships.value is None
    assert friendships.previous == 2


def _first_meeting_leaving_family_for_today(content: Content) -> list[LifeArea]:
    (topics, answers), _ = demo_meetings(TODAY)
    # Not in the answers: autoplay says "Not today" to it, as F7 does.
    answers = {k: v for k, v in answers.items() if k != "ratings.family"}
    conv = play(content, topics, answers)
    return build_plan(conv.data, conv.log, content=content, created=CREATED).life_areas


def test_a_rating_left_for_today_is_in_the_plan_as_left_for_today(content: Content) -> None:
    family = [a for a in _first_meeting_leaving_family_for_today(content) if a.area == "family"]
    assert [(a.value, a.left_today) for a in family] == [(None, True)]


def test_an_area_rated_or_not_asked_is_not_left_for_today(content: Content) -> None:
    # Rated areas, and the treatment aspects this agency never asks, are not "left".
    areas = _first_meeting_leaving_family_for_today(content)
    assert {a.area for a in areas if a.left_today} == {"family"}
    assert "medication" not in {a.area for a in areas}


def test_an_area_left_for_today_stays_listed_when_the_review_skips_the_ratings(
    content: Content,
) -> None:
    # Offered and left at meeting 1, not asked at the review: it was dropped from the next
    # version (no value, no history), so every copy left it out and the diff said "removed".
    (topics, answers), _ = demo_meetings(TODAY)
    answers = {k: v for k, v in answers.items() if k != "ratings.family"}
    first = play(content, topics, answers)
    plan1 = build_plan(first.data, first.log, content=content, created=CREATED)
    seed = data_for_next_meeting(first.data, plan1)
    conv = play(content, ["review"], {"review.ratings_menu": "ratings_later"}, seed)
    plan = build_plan(conv.data, conv.log, plan1, content=content, created=CREATED)
    family = [a for a in plan.life_areas if a.area == "family"]
    assert [(a.value, a.left_today) for a in family] == [(None, False)]


def test_action_statuses_from_the_review_are_in_the_next_version(meetings: Meetings) -> None:
    statuses = {a.what: a.status.code for g in meetings.plan2.goals for a in g.actions if a.status}
    assert statuses == {
        "Text Dan about lunch": "done",
        "Find the meeting place": "done",
        "Go to the first walk": "partly",
        "Come along to the first walk": "not_yet",
    }


def test_a_carried_over_item_keeps_who_proposed_it(meetings: Meetings) -> None:
    # The review meeting's log never set this action; the first meeting's plan says "both".
    assert _action(meetings.plan2, "Go to the first walk").proposed_by == "both"


def test_the_review_is_in_the_next_version_only(meetings: Meetings) -> None:
    assert meetings.plan1.review is None
    assert meetings.plan2.review is not None
    assert meetings.plan2.review.keep is not None
    assert meetings.plan2.review.keep.text == "Meeting at the café."


def test_a_review_that_only_chose_which_goals_has_no_looking_back(content: Content) -> None:
    # review.goals_today is how the review went through goals, not something looked back on.
    plan = build_plan({"review": {"goals_today": "all"}}, [], content=content, created=CREATED)
    assert plan.review is None


def test_a_review_with_every_look_back_skipped_has_no_looking_back(content: Content) -> None:
    # "LOOKING BACK (6 December 2026)" stood with nothing under it.
    stored = {"review": {"reviewed_on": "2026-12-06", "goals_today": "all"}}
    plan = build_plan(stored, [], content=content, created=CREATED)
    assert plan.review is None


def test_a_review_of_goals_with_the_look_back_words_skipped_still_says_when(
    content: Content,
) -> None:
    # Goals, actions, things to try and referrals were reviewed, but "what changed", keep,
    # change and stop were skipped: the plan had no "Looking back" at all, and the diff said
    # "reviewed on: 6 December 2026 -> left blank", as if no review had taken place.
    (t1, a1), (_, a2) = demo_meetings(TODAY)
    first = play(content, t1, a1)
    plan1 = build_plan(first.data, first.log, content=content, number=1, created=CREATED)
    words = ("review.network_changes", "review.keep", "review.change", "review.stop")
    answers = {k: v for k, v in a2.items() if k not in words and k != "review.moving_on"}
    review = play(content, ["review"], answers, data_for_next_meeting(first.data, plan1))
    plan2 = build_plan(review.data, review.log, plan1, content=content, number=2)
    assert plan2.review is not None
    assert plan2.review.reviewed_on == TODAY.isoformat()


@pytest.mark.parametrize(
    ("status", "needed"), [(None, True), ("not_yet", True), ("tried", False), ("stopped", False)]
)
def test_going_along_the_first_time_is_needed_only_until_they_have_been(
    status: str | None, needed: bool
) -> None:
    # The team's copy still said "Worker goes along the first time: Sing for Joy" after the
    # person had stopped going.
    from assistant.plans.from_session import _support_needed
    from assistant.plans.model import Code, Community, Opportunity, Resourceful

    choir = Opportunity(
        id="o1",
        what="Sing for Joy",
        go_along=Code(code="worker", label="My worker"),
        status=Code(code=status, label=status) if status else None,
    )
    needs = _support_needed([], Resourceful(), Community(opportunities=[choir]))
    assert [n.kind for n in needs] == (["going_along"] if needed else [])


def test_a_domain_with_nobody_yet_is_a_gap(meetings: Meetings) -> None:
    gaps = [d.domain.code for d in meetings.plan1.resourceful.domains if d.gap]
    assert gaps == ["skills"]


def test_support_needed_gathers_requests_from_the_whole_plan(meetings: Meetings) -> None:
    kinds = [(s.kind, s.text) for s in meetings.plan1.support_needed]
    assert ("life_area", "More help with: Friendships") in kinds
    assert ("people", "Would like to know more people for: Showing me how to do things") in kinds
    assert any(kind == "going_along" for kind, _ in kinds)


def test_choices_are_shown_in_the_contents_words(meetings: Meetings) -> None:
    dan = next(p for p in meetings.plan1.network.people if p.name == "Dan")
    assert dan.contact is not None
    assert (dan.contact.code, dan.contact.label) == ("monthly", "About once a month")


def test_without_content_choices_are_shown_from_their_codes(meetings: Meetings) -> None:
    plan = build_plan(meetings.first.data, meetings.first.log, created=CREATED)
    dan = next(p for p in plan.network.people if p.name == "Dan")
    assert dan.contact is not None
    assert dan.contact.label == "Monthly"


def test_directory_choices_keep_the_entry_names(meetings: Meetings) -> None:
    chosen = meetings.plan1.community.from_directory
    assert chosen
    assert all(c.label and c.label != c.code for c in chosen)


def test_a_chosen_opportunity_says_whether_someone_goes_along(meetings: Meetings) -> None:
    walks = next(
        o for o in meetings.plan1.community.opportunities if o.what.startswith("Wellbeing")
    )
    assert walks.go_along is not None
    assert walks.go_along.code == "worker"


def test_agreement_keeps_what_was_not_agreed_in_the_persons_words(meetings: Meetings) -> None:
    agreement = meetings.plan1.agreement
    assert agreement.person_not_agreed is not None
    assert agreement.person_not_agreed.text.startswith("I'm not sure about Jo coming")
    assert agreement.both_agreed


def test_words_not_agreed_go_when_the_answer_is_changed_to_yes(
    content: Content, meetings: Meetings
) -> None:
    conv = meetings.first
    data = {**conv.data, "agreement": {**conv.data["agreement"], "person_agrees": "yes"}}
    agreement = build_plan(data, conv.log, content=content, created=CREATED).agreement
    assert agreement.person_agrees is not None and agreement.person_agrees.code == "yes"
    assert agreement.person_not_agreed is None


def _shared(content: Content, share_with: list[str]) -> str | None:
    agreement = {"share_with": share_with, "share_who": "My sister Jo"}
    plan = build_plan({"agreement": agreement}, [], content=content, created=CREATED)
    return plan.sharing.share_who.text if plan.sharing.share_who is not None else None


def test_who_exactly_stands_beside_family_or_someone_else(content: Content) -> None:
    assert _shared(content, ["gp", "family"]) == "My sister Jo"


def test_who_exactly_goes_when_family_and_someone_else_are_unticked(content: Content) -> None:
    # "Who can see this plan: My GP. Who exactly: My sister Jo" reads as Jo being allowed.
    assert _shared(content, ["gp"]) is None


def _opportunity(content: Content, go_along: str):
    # Going along is asked once the person will try it or find out more.
    record = {"id": "1", "what": "Choir", "next_step": "try", "go_along": go_along}
    record["go_along_who"] = "Jo"
    data = {"community": {"list": [record]}}
    return build_plan(data, [], content=content, created=CREATED).community.opportunities[0]


def test_who_goes_along_stands_beside_someone_i_know(content: Content) -> None:
    who = _opportunity(content, "someone_i_know").go_along_who
    assert who is not None and who.text == "Jo"


def test_who_goes_along_goes_when_the_person_will_go_alone(content: Content) -> None:
    # "Someone going along: No, I'll go on my own (Jo)" contradicts itself.
    assert _opportunity(content, "alone").go_along_who is None


def _reviewed_goal(content: Content, goal_next: str):
    record = {"id": "1", "what": "Join a choir", "next": goal_next, "change_notes": "Smaller"}
    data = {"goals": {"list": [record]}}
    return build_plan(data, [], content=content, created=CREATED).goals[0]


def test_how_to_change_a_goal_stands_beside_change_it(content: Content) -> None:
    notes = _reviewed_goal(content, "change").change_notes
    assert notes is not None and notes.text == "Smaller"


def test_how_to_change_a_goal_goes_when_it_is_kept_going_instead(content: Content) -> None:
    assert _reviewed_goal(content, "keep").change_notes is None


def _moving_on(content: Content, choice: str):
    data = {"review": {"moving_on": choice, "moving_on_help": "Knowing the choir well"}}
    review = build_plan(data, [], content=content, created=CREATED).review
    assert review is not None
    return review.moving_on_help


def test_what_would_help_to_move_on_stands_beside_meeting_less(content: Content) -> None:
    help_words = _moving_on(content, "less")
    assert help_words is not None and help_words.text == "Knowing the choir well"


def test_what_would_help_to_move_on_goes_when_meetings_stay_as_now(content: Content) -> None:
    # "Keep meeting like now" beside "What would help me feel ready for that" contradicts it.
    assert _moving_on(content, "same") is None


def _later(content: Content, next_step: str):
    record = {"id": "1", "what": "Choir", "next_step": next_step, "go_along": "worker"}
    return build_plan({"community": {"list": [record]}}, [], content=content, created=CREATED)


def test_the_worker_goes_along_a_thing_to_try_now(content: Content) -> None:
    plan = _later(content, "try")
    assert [n.text for n in plan.support_needed] == ["Worker goes along the first time: Choir"]


def test_no_one_goes_along_a_thing_to_try_put_off_till_later(content: Content) -> None:
    # "Maybe later": going along is no longer asked, so the team plans no visit for it.
    plan = _later(content, "later")
    assert plan.community.opportunities[0].go_along is None
    assert plan.support_needed == []


def _reviewed_sharing(content: Content, share_with: list[str]):
    agreement = {"share_with": ["family"], "share_who": "My sister Jo", "person_agrees": "yes"}
    first = build_plan({"agreement": agreement}, [], content=content, created=CREATED, number=1)
    data = data_for_next_meeting({"agreement": agreement}, first)
    data["agreement"]["share_with"] = share_with
    return build_plan(data, [], first, content=content, created=CREATED, number=2).sharing


def test_who_exactly_carries_over_to_a_review_that_leaves_sharing_alone(content: Content) -> None:
    who = _reviewed_sharing(content, ["family"]).share_who
    assert who is not None and who.text == "My sister Jo"


def test_who_exactly_goes_at_a_review_that_unticks_family(content: Content) -> None:
    assert _reviewed_sharing(content, ["gp"]).share_who is None


def test_building_is_pure(content: Content, meetings: Meetings) -> None:
    conv = meetings.review
    one = build_plan(conv.data, conv.log, meetings.plan1, content=content, created=CREATED)
    two = build_plan(conv.data, conv.log, meetings.plan1, content=content, created=CREATED)
    assert one == two


def test_the_next_meeting_starts_with_last_ratings_under_previous(meetings: Meetings) -> None:
    seed = data_for_next_meeting(meetings.first.data, meetings.plan1)
    assert seed["previous"]["ratings"]["friendships"] == 2
    assert "ratings" not in seed
    # Only who may see the plan and what must not be shared carry over (asked afresh otherwise).
    assert set(seed.get("agreement", {})) <= {"share_with", "share_who", "keep_private"}
    assert seed["previous"]["date"] == meetings.first.data["agreement"]["date"]


def test_the_next_meeting_keeps_goals_and_people(meetings: Meetings) -> None:
    seed = data_for_next_meeting(meetings.first.data, meetings.plan1)
    goals = seed["goals"]["list"]
    # The one goal with level words is marked as written at an earlier meeting (the review
    # asks where things are on them); otherwise the goals are carried as they were.
    assert {g["what"] for g in goals if g.get("levels_earlier")} == {"Go to the walking group"}
    unmarked = [{k: v for k, v in g.items() if k != "levels_earlier"} for g in goals]
    assert {**seed["goals"], "list": unmarked} == meetings.first.data["goals"]
    assert seed["network"] == meetings.first.data["network"]


def test_the_next_meeting_knows_which_goals_were_closed_by_then() -> None:
    # Goals and actions' "All of them" leaves these out at the next meeting, while a goal
    # finished at that meeting itself is still gone through (it is not in the list).
    goals = [
        {"id": "g1", "what": "Ring Jo", "next": "finished"},
        {"id": "g2", "what": "Join a choir", "next": "let_go"},
        {"id": "g3", "what": "Walk more", "next": "keep"},
        {"id": "g4", "what": "Sleep better"},
    ]
    seed = data_for_next_meeting({"goals": {"list": goals}})
    assert seed["previous"]["goals"] == ["g1", "g2", "g3", "g4"]
    assert seed["previous"]["goals_closed"] == ["g1", "g2"]


def test_a_first_meeting_closes_no_goals_for_the_next() -> None:
    seed = data_for_next_meeting({"goals": {"list": [{"id": "g1", "what": "Ring Jo"}]}})
    assert "goals_closed" not in seed["previous"]


def test_a_worker_answer_in_the_review_is_attributed(content: Content, meetings: Meetings) -> None:
    seed = data_for_next_meeting(meetings.first.data, meetings.plan1)
    conv = play(content, ["review"], {"review.keep": Said("Our walks", "worker")}, seed)
    plan = build_plan(conv.data, conv.log, meetings.plan1, content=content, created=CREATED)
    assert plan.review is not None and plan.review.keep is not None
    assert plan.review.keep.proposed_by == "worker"


def test_goal_options_say_who_could_do_what(meetings: Meetings) -> None:
    options = {
        o.who: o.proposed_by for o in _goal(meetings.plan1, "Go to the walking group").options
    }
    assert options == {"worker": "worker", "others": "person"}


def test_an_action_keeps_whose_idea_it_was_apart_from_who_does_it(meetings: Meetings) -> None:
    action = _action(meetings.plan1, "Find the meeting place")
    assert action.idea_from is not None and action.idea_from.code == "me"
    assert action.idea_from.label == "My idea"
    assert action.who == ActionWho(kind="worker")


def test_a_way_past_a_barrier_keeps_whose_idea_it_was(meetings: Meetings) -> None:
    [barrier] = _goal(meetings.plan1, "Go to the walking group").barriers
    assert barrier.way_past_from is not None and barrier.way_past_from.code == "me"


def test_an_idea_for_a_concern_keeps_whose_idea_it_was(meetings: Meetings) -> None:
    money = next(c for c in meetings.plan1.concerns if c.kind and c.kind.code == "money")
    assert money.might_help_from is not None
    assert money.might_help_from.label == "My worker's idea"


def test_a_person_who_could_help_keeps_whose_idea_it_was(meetings: Meetings) -> None:
    people = {p.who: p for d in meetings.plan1.resourceful.domains for p in d.people}
    assert people["Mr K"].idea_from is not None and people["Mr K"].idea_from.code == "me"
    assert people["Priya"].idea_from is not None and people["Priya"].idea_from.code == "worker"


def test_community_picks_keep_whose_idea_they_were(meetings: Meetings) -> None:
    picked = meetings.plan1.community.from_directory_idea_from
    assert picked is not None and picked.label == "We thought of it together"


# -- the plan for hard times (issue 13) --------------------------------------------------


def test_the_plan_for_hard_times_keeps_the_persons_words(meetings: Meetings) -> None:
    hard = meetings.plan1.hard_times
    assert hard is not None
    assert hard.early_signs is not None
    assert hard.early_signs.text == meetings.first.data["hard_times"]["early_signs"]
    assert hard.early_signs.proposed_by == "person"


def test_no_plan_for_hard_times_when_nothing_was_said(content: Content) -> None:
    conv = play(content, ["hard_times"], {"hard_times.start": "start_now"})
    assert build_plan(conv.data, conv.log, content=content, created=CREATED).hard_times is None


def test_a_worker_answer_in_the_plan_for_hard_times_is_attributed(content: Content) -> None:
    conv = play(
        content,
        ["hard_times"],
        {"hard_times.start": "start_now", "hard_times.contact_night": Said("Dan", "worker")},
    )
    plan = build_plan(conv.data, conv.log, content=content, created=CREATED)
    assert plan.hard_times is not None and plan.hard_times.contact_night is not None
    assert plan.hard_times.contact_night.proposed_by == "worker"
    assert plan.hard_times.early_signs is None


def test_the_plan_for_hard_times_goes_to_the_next_meeting_and_its_plan(
    meetings: Meetings,
) -> None:
    seed = data_for_next_meeting(meetings.first.data, meetings.plan1)
    assert seed["hard_times"] == meetings.first.data["hard_times"]
    assert meetings.plan2.hard_times == meetings.plan1.hard_times


def test_what_helps_when_we_talk_is_in_the_plan_in_the_persons_words(
    meetings: Meetings,
) -> None:
    helps = meetings.plan1.participation.what_helps
    assert helps is not None and helps.text == "Going slowly. Having a cup of tea while we talk."


def test_what_helps_when_we_talk_stands_in_a_review_that_did_not_ask_it(
    meetings: Meetings,
) -> None:
    assert meetings.plan1.participation.what_helps is not None
    helps = meetings.plan2.participation.what_helps
    assert helps is not None and helps.text == meetings.plan1.participation.what_helps.text


def test_the_diff_does_not_call_an_area_left_earlier_removed(content: Content) -> None:
    (topics, answers), _ = demo_meetings(TODAY)
    answers = {k: v for k, v in answers.items() if k != "ratings.family"}
    first = play(content, topics, answers)
    plan1 = build_plan(first.data, first.log, content=content, created=CREATED)
    seed = data_for_next_meeting(first.data, plan1)
    conv = play(content, ["review"], {"review.ratings_menu": "ratings_later"}, seed)
    plan = build_plan(conv.data, conv.log, plan1, content=content, created=CREATED)
    report = format_diff(plan1.model_copy(update={"number": 1}), plan)
    assert "Family or partner › rating: left for today → not asked this time" in report


def _left_at_meeting_one_then_reviews(content: Content, reviews: int) -> Plan:
    """Family left for today at meeting 1, then ``reviews`` reviews that skip the ratings."""
    (topics, answers), _ = demo_meetings(TODAY)
    answers = {k: v for k, v in answers.items() if k != "ratings.family"}
    conv = play(content, topics, answers)
    plan = build_plan(conv.data, conv.log, content=content, created=CREATED)
    for _ in range(reviews):
        seed = data_for_next_meeting(conv.data, plan)
        conv = play(content, ["review"], {"review.ratings_menu": "ratings_later"}, seed)
        plan = build_plan(conv.data, conv.log, plan, content=content, created=CREATED)
    return plan


def test_an_area_left_for_today_at_the_last_meeting_and_not_asked_now_says_so(
    content: Content,
) -> None:
    # Read as "not rated this time", it sounded as if it was forgotten.
    plan = _left_at_meeting_one_then_reviews(content, 1)
    family = [a for a in plan.life_areas if a.area == "family"]
    assert [(a.left_today, a.left_last_time) for a in family] == [(False, True)]


def test_an_area_left_two_meetings_ago_is_not_said_to_be_left_at_the_last_meeting(
    content: Content,
) -> None:
    plan = _left_at_meeting_one_then_reviews(content, 2)
    family = [a for a in plan.life_areas if a.area == "family"]
    assert [(a.value, a.left_today, a.left_last_time) for a in family] == [(None, False, False)]
