"""The rubric scores each principle 0, 1 or 2 from the moments of a practice (design §4).

Each practice here is built by hand (rubric_support.Practice): real engine steps on the
shipped content, and the trainee's moves and the persona's reactions as session events.
"""

from __future__ import annotations

import pytest
from rubric_support import Practice

from assistant.flows.loader import Content
from assistant.training.feedback import _reflections, compute_feedback
from assistant.training.model import Persona
from assistant.training.rubric import PRINCIPLES, Rubric, score, written_by
from assistant.training.session import PRIVATE_IDEA_NOTE, PRIVATE_NOTE
from assistant.training.timeline import is_private_note


def rubric(p: Practice, mode: str = "solo") -> Rubric:
    return score(p.conversation, p.events, mode=mode, name="Stan")


def points(p: Practice, principle: str, mode: str = "solo") -> int:
    return rubric(p, mode).by_id()[principle].score


def refs(p: Practice, principle: str, *, good: bool) -> list[str]:
    found = rubric(p).by_id()[principle]
    return [m.ref for f in found.findings if f.good is good for m in f.moments]


@pytest.fixture
def p(content: Content) -> Practice:
    return Practice(content)


def test_every_principle_states_its_benchmark_and_source() -> None:
    assert [x.id for x in PRINCIPLES] == [
        "what_matters_first",
        "own_words",
        "ideas_invited",
        "consent",
        "barriers_explored",
        "community_linked",
        "moving_on",
    ]
    for principle in PRINCIPLES:
        assert [b[:2] for b in principle.benchmark] == ["0:", "1:", "2:"]
        assert "training question" in principle.source


# ------------------------------------------------------------------ what matters, first


def test_what_matters_not_asked_scores_0(p: Practice) -> None:
    assert points(p, "what_matters_first") == 0


def test_jumping_straight_to_goals_is_an_order_finding(p: Practice) -> None:
    p.at("goals", "list")
    goals = p.move("invite_ideas")
    p.at("what_matters", "interests")
    later = p.ask("open_question", "Fishing, once.")
    found = rubric(p).by_id()["what_matters_first"]
    assert found.score == 1
    order = next(f for f in found.to_work_on if f.text.startswith("Order:"))
    assert [m.ref for m in order.moments] == [f"m{goals}", f"m{later}"]


def test_goals_with_what_matters_never_asked_is_an_order_finding_scoring_0(p: Practice) -> None:
    p.at("goals", "list")
    pushed = p.move("propose", "Go to a lunch club")
    found = rubric(p).by_id()["what_matters_first"]
    assert found.score == 0
    order = found.to_work_on[0]
    assert order.text.startswith("Order: goals came up before")
    assert order.text.endswith("(and it never came up).")
    assert order.moments[0].ref == f"m{pushed}"


def test_two_open_questions_about_what_matters_before_goals_score_2(p: Practice) -> None:
    p.at("what_matters", "interests")
    first = p.ask("open_question", "Fishing, once.", "What do you enjoy?")
    p.at("what_matters", "strengths")
    second = p.ask("reflect", "I can fix things.")
    p.at("goals", "list")
    p.move("invite_ideas")
    assert points(p, "what_matters_first") == 2
    assert refs(p, "what_matters_first", good=True) == [f"m{first}", f"m{second}"]


def test_closed_questions_about_what_matters_do_not_score_2(p: Practice) -> None:
    p.at("what_matters", "interests")
    closed = p.ask("closed_question", "Not much.")
    p.at("what_matters", "strengths")
    p.ask("closed_question", "No.")
    assert points(p, "what_matters_first") == 1
    assert f"m{closed}" in refs(p, "what_matters_first", good=False)


# ------------------------------------------------------------------ own words


def test_answers_in_their_own_words_score_2(p: Practice) -> None:
    p.at("what_matters", "interests")
    p.ask("open_question", "Fishing, once.")
    assert points(p, "own_words") == 2


def test_one_answer_typed_over_their_head_scores_1_and_is_quoted(p: Practice) -> None:
    p.at("what_matters", "interests")
    p.ask("open_question", "Fishing, once.")
    p.at("what_matters", "strengths")
    p.answer_for("He is good with his hands")
    found = rubric(p).by_id()["own_words"]
    assert found.score == 1
    over = found.to_work_on[0]
    assert over.text.startswith("You answered for them")
    assert over.moments[0].quote == "He is good with his hands"


def test_two_answers_typed_for_them_score_0(p: Practice) -> None:
    p.at("what_matters", "interests")
    p.ask("open_question", "Fishing, once.")
    p.at("what_matters", "strengths")
    p.answer_for("Fixing things")
    p.at("what_matters", "hopes")
    p.answer_for("To get out more")
    assert points(p, "own_words") == 0


def test_nothing_in_their_words_scores_0(p: Practice) -> None:
    assert points(p, "own_words") == 0


def test_only_n_of_m_points_at_the_answers_not_in_their_words(p: Practice) -> None:
    # Tester's report: "Only 24 of 26 written answers in Stan's own words" quoted Stan's own
    # answers; it must point at the two typed over his head (the trainee's moves).
    p.at("what_matters", "interests")
    p.ask("open_question", "The allotment. Used to, anyway.")
    p.at("what_matters", "strengths")
    first = p.answer_for("Fixing things")
    p.at("what_matters", "hopes")
    p.ask("open_question", "To get the allotment going.")
    p.at("what_matters", "good_week")
    second = p.answer_for("A quiet one")
    own = rubric(p).by_id()["own_words"]
    only = next(f for f in own.to_work_on if f.text.startswith("Only "))
    assert only.text == "Only 2 of 4 written answers in Stan's own words."
    assert [(m.ref, m.quote) for m in only.moments] == [
        (f"m{first}", "Fixing things"),
        (f"m{second}", "A quiet one"),
    ]


def test_paired_only_n_of_m_points_at_the_answers_typed_for_them(p: Practice) -> None:
    conv = p.conversation
    p.at("what_matters", "interests")
    conv.answer("Fishing", by="person")
    typed = [len(conv.log) + 1]
    conv.answer("Fixing things", by="worker")
    conv.answer("To get out more", by="person")
    typed.append(len(conv.log) + 1)
    conv.answer("A quiet one", by="worker")
    own = score(conv, (), mode="paired", name="Stan").by_id()["own_words"]
    assert own.score == 0
    only = next(f for f in own.to_work_on if f.text.startswith("Only "))
    assert [(m.label, m.quote) for m in only.moments] == [
        (f"answer {typed[0]}", "Fixing things"),
        (f"answer {typed[1]}", "A quiet one"),
    ]


def test_a_principle_scoring_0_has_nothing_under_what_went_well(p: Practice) -> None:
    # Tester's report: two answers typed for Stan, a reflection and the keyboard offered.
    # "The person's own words: 0 of 2" must not also say what went well with them.
    p.at("what_matters", "interests")
    p.ask("open_question", "The allotment. Used to, anyway.")
    p.at("what_matters", "strengths")
    p.move("reflect")
    p.person("I can fix things.")
    p.at("what_matters", "hopes")
    p.move("offer_keyboard")
    p.answer_for("To get out more")
    p.at("what_matters", "good_week")
    p.answer_for("A quiet one")
    found = rubric(p)
    own = found.by_id()["own_words"]
    assert own.score == 0
    assert own.went_well == ()
    assert [x.id for x, _ in found.went_well()] == ["what_matters_first"]
    # The good moves are still counted, under "Your moves".
    assert found.moves["reflect"] == 1 and found.moves["offer_keyboard"] == 1


# ------------------------------------------------------------------ ideas invited


def test_an_imposed_idea_scores_0_and_the_finding_quotes_it(p: Practice) -> None:
    p.at("goals", "list")
    pushed = p.propose("Go to a lunch club", "refused", invited=False)
    found = rubric(p).by_id()["ideas_invited"]
    assert found.score == 0
    finding = next(f for f in found.to_work_on if "turned it down" in f.text)
    assert finding.moments[0].ref == f"m{pushed}"
    assert finding.moments[0].quote == "Go to a lunch club"


def test_not_yet_is_reported_apart_from_refused(p: Practice) -> None:
    p.at("goals", "list")
    p.move("invite_ideas")
    p.propose("The allotment", "not_yet", invited=False)
    p.propose("Bingo", "refused", invited=False)
    found = rubric(p).by_id()["ideas_invited"]
    assert found.score == 1
    texts = [f.text for f in found.to_work_on]
    assert any("said not yet (1)" in t for t in texts)
    assert any("turned it down (1)" in t for t in texts)


def test_ideas_invited_before_suggesting_score_2(p: Practice) -> None:
    p.at("goals", "list")
    asked = p.move("invite_ideas")
    p.event("offered", ideas=["allotment"], words="I'd like my allotment back.")
    p.propose("Get the allotment back", "accepted", invited=True)
    found = rubric(p).by_id()["ideas_invited"]
    assert found.score == 2
    assert found.went_well[0].moments[0].quote == "I'd like my allotment back."
    assert f"m{asked}" not in [m.ref for f in found.to_work_on for m in f.moments]


# ------------------------------------------------------------------ consent


def test_suggesting_an_idea_already_on_their_list_is_not_imposing_it(p: Practice) -> None:
    p.at("goals", "list")
    p.move("invite_ideas")
    p.says("The allotment.")
    p.move("propose", "What about the allotment?")
    p.event(
        "accepted",
        proposal="What about the allotment?",
        words="That's what I said.",
        reason="listed",
        idea="allotment",
        idea_from="me",
        invited=False,
        store="goals.list",
    )
    ideas = rubric(p).by_id()["ideas_invited"]
    assert ideas.score == 2
    assert not ideas.to_work_on


def test_consent_never_asked_scores_0(p: Practice) -> None:
    assert points(p, "consent") == 0


def test_consent_asked_without_explaining_scores_1(p: Practice) -> None:
    p.at("getting_started", "consent_record")
    p.ask("open_question", True)
    assert points(p, "consent") == 1


def test_consent_explained_then_asked_scores_2(p: Practice) -> None:
    p.at("getting_started", "consent_record")
    explained = p.move("explain_record")
    p.event("record_explained", words="Right. So I can see it.")
    p.ask("open_question", True)
    assert points(p, "consent") == 2
    assert f"m{explained}" in refs(p, "consent", good=True)


def test_consent_answered_by_the_worker_scores_0(p: Practice) -> None:
    p.at("getting_started", "consent_record")
    p.move("explain_record")
    p.answer_for(True)
    assert points(p, "consent") == 0


# ------------------------------------------------------------------ barriers


def test_barriers_not_explored_score_0(p: Practice) -> None:
    p.at("what_matters", "interests")
    p.ask("open_question", "Fishing.")
    assert points(p, "barriers_explored") == 0


def test_barriers_explored_once_score_1(p: Practice) -> None:
    p.at("concerns", "list")
    p.move("open_question")
    p.says("Not today.")
    assert points(p, "barriers_explored") == 1


def test_barriers_explored_twice_openly_before_goals_score_2(p: Practice) -> None:
    p.at("concerns", "list")
    p.move("open_question")
    p.says("Not today.")
    p.move("reflect", "It sounds like getting out is hard.")
    p.says("It is, since my knee.")
    p.at("goals", "list")
    p.move("invite_ideas")
    assert points(p, "barriers_explored") == 2


def test_barriers_explored_only_after_goals_score_1(p: Practice) -> None:
    p.at("goals", "list")
    p.move("invite_ideas")
    p.at("concerns", "list")
    p.move("open_question")
    p.move("reflect")
    assert points(p, "barriers_explored") == 1


# ------------------------------------------------------------------ community


def test_community_not_raised_scores_0(p: Practice) -> None:
    assert points(p, "community_linked") == 0


def test_someone_named_at_a_goal_is_not_called_nothing_coming_up(
    p: Practice, personas: dict[str, Persona]
) -> None:
    # Tester's report: at Goals, "Who else could help?", Stan named Ron; the feedback still
    # said "Groups, places or people who could help did not come up" and gave "New people
    # and networks did not come up" as the reason for a question about Ron.
    conv = p.conversation
    p.at("goals", "list")
    conv.answer([{"what": "Get the allotment going", "idea_from": "me"}], by="person")
    for _ in range(30):
        if conv.step.node_id == "others_can":
            break
        conv.proceed(by="person") if conv.step.kind == "say" else conv.skip(by="person")
    assert conv.step.node_id == "others_can"
    p.ask("open_question", "Ron on the next plot. He always has spare seedlings.")
    looking = rubric(p).by_id()["community_linked"]
    assert looking.score == 0  # scored on People who could help and Things to do
    words = [looking.principle.benchmark[0], *(f.text for f in looking.findings)]
    assert not any("did not come up" in w for w in words)
    assert looking.principle.benchmark[0] == (
        "0: the questions in People who could help and Things to do and places to go were "
        "not asked."
    )
    # The reason given with Stan's question about Ron says what was measured: the steps
    # about new people and groups, not whether anyone was named.
    fb = compute_feedback(conv, persona=personas["stan"], events=p.events, mode="solo")
    assert "new_networks" in fb.themes_missed
    parts = {
        "what_matters_first": True,
        "goals_came_first": False,
        "concerns_first": True,
        "concerns_untouched": False,
        "refused": 0,
        "incomplete_goals": 0,
        "own_share": 1.0,
        "worker_actions": 0,
        "person_actions": 0,
        "missed": fb.themes_missed,
        "worker_skips": 0,
        "getting_started_untouched": False,
        "talked_over": 0,
    }
    reasons = {r.question_id: r.reason for r in _reflections(parts, personas["stan"])}
    assert reasons["link_new_person"] == (
        "No question about new people or groups to meet was explored."
    )


def test_community_raised_with_nothing_said_scores_1(p: Practice) -> None:
    p.at("resourceful_people", "meaning")
    p.move("open_question")
    p.says("I don't know.")
    assert points(p, "community_linked") == 1


def test_community_asked_openly_and_talked_about_scores_2(p: Practice) -> None:
    p.at("resourceful_people", "practical")
    neighbour = {"who": "Mrs P across the landing", "idea_from": "me", "tie": "neighbour"}
    p.move("open_question")
    p.person([neighbour], "Mrs P across the landing.")
    assert points(p, "community_linked") == 2
    said = rubric(p).by_id()["community_linked"].went_well[0]
    assert [m.quote for m in said.moments] == ["Mrs P across the landing."]


def test_what_makes_a_good_helper_is_not_talking_about_people_or_places(p: Practice) -> None:
    # A definition ("someone who knows the area") names no one: not "talked about places,
    # groups or people", and never quoted as if it did.
    p.at("resourceful_people", "meaning")
    p.ask("open_question", "Someone who knows the area.")
    looked = rubric(p).by_id()["community_linked"]
    assert looked.score == 1
    assert not looked.went_well


# ------------------------------------------------------------------ moving on


def test_moving_on_left_for_now_scores_0_with_its_moment(p: Practice) -> None:
    p.at("closing", "moving_on_picture")
    left = p.leave()
    assert points(p, "moving_on") == 0
    assert refs(p, "moving_on", good=False) == [f"m{left}"]


def test_moving_on_as_a_closed_question_scores_1(p: Practice) -> None:
    p.at("closing", "moving_on_picture")
    p.ask("closed_question", "Dunno.")
    assert points(p, "moving_on") == 1


def test_moving_on_raised_openly_scores_2(p: Practice) -> None:
    p.at("closing", "moving_on_picture")
    p.ask("open_question", "Seeing my mates at the club.")
    assert points(p, "moving_on") == 2


# ------------------------------------------------------------------ paired and older sessions


def test_paired_is_scored_by_who_typed_what(p: Practice) -> None:
    conv = p.conversation
    p.at("what_matters", "interests")
    conv.answer("Fishing", by="person")
    conv.answer("I can fix things", by="person")
    p.at("goals", "list")
    conv.answer([{"what": "Go to a lunch club", "idea_from": "worker"}], by="worker")
    found = score(conv, (), mode="paired", name="Stan")
    assert found.scored_from == "answers"
    assert found.by_id()["what_matters_first"].score == 2
    ideas = found.by_id()["ideas_invited"]
    assert ideas.score == 0
    assert ideas.to_work_on[0].moments[0].quote == "Go to a lunch club"
    assert found.moves.counts == {}


def test_paired_an_idea_marked_as_the_workers_is_not_their_idea_asked_for(p: Practice) -> None:
    # Tester's report: Answering set to Marcus, "Cook a meal for Gaz" marked "My worker's
    # idea". Feedback said both "You asked for Marcus's own ideas" and "Written in as the
    # worker's idea", and scored 1 ("you also pushed ideas of your own first").
    conv = p.conversation
    p.at("goals", "list")
    conv.answer([{"what": "Cook a meal for Gaz", "idea_from": "worker"}], by="person")
    ideas = score(conv, (), mode="paired", name="Marcus").by_id()["ideas_invited"]
    assert ideas.score == 0
    assert not any(f.good for f in ideas.findings)
    assert [f.text for f in ideas.to_work_on] == [
        "Written in as the worker's idea, not theirs.",
        "You never asked for Marcus's own ideas.",
    ]


def test_paired_their_own_idea_beside_the_workers_quotes_only_theirs(p: Practice) -> None:
    conv = p.conversation
    p.at("goals", "list")
    conv.answer(
        [
            {"what": "Play guitar with people", "idea_from": "me"},
            {"what": "Cook a meal for Gaz", "idea_from": "worker"},
        ],
        by="person",
    )
    ideas = score(conv, (), mode="paired", name="Marcus").by_id()["ideas_invited"]
    assert ideas.score == 1
    asked = next(f for f in ideas.went_well if f.text == "You asked for Marcus's own ideas.")
    assert [m.quote for m in asked.moments] == ["Play guitar with people"]
    imposed = next(f for f in ideas.to_work_on if f.text.startswith("Written in as the worker"))
    assert [m.quote for m in imposed.moments] == ["Cook a meal for Gaz"]


def test_totals_and_what_went_well_come_from_the_scores(p: Practice) -> None:
    p.at("what_matters", "interests")
    p.ask("open_question", "Fishing.")
    p.at("what_matters", "strengths")
    p.ask("reflect", "Fixing things.")
    found = rubric(p)
    assert found.total == sum(x.score for x in found.principles)
    assert found.max_total == 14
    assert found.went_well()[0][0].id == "what_matters_first"
    assert found.moves["open_question"] == 1
    assert found.moves.reflection_ratio == 1.0


def test_paired_a_goal_typed_by_the_worker_counts_as_typed_for_them(p: Practice) -> None:
    # Walkthrough finding 6: F2 to Worker, "Go to a lunch club" as the worker's idea. The
    # own-words score, its finding and the feedback's "worker's words" read one rule.
    conv = p.conversation
    p.at("what_matters", "interests")
    conv.answer("Fishing", by="person")
    p.at("goals", "list")
    conv.answer([{"what": "Go to a lunch club", "idea_from": "worker"}], by="worker")
    found = score(conv, (), mode="paired", name="Stan").by_id()["own_words"]
    assert written_by(conv) == {"person": 1, "both": 0, "worker": 1}
    assert found.score == 1
    typed = [f for f in found.to_work_on if f.text.startswith("Written in your words")]
    assert [m.quote for f in typed for m in f.moments] == ["Go to a lunch club"]
    assert not any("none typed" in f.text for f in found.findings)


def test_the_workers_own_step_is_not_counted_as_typed_for_them(p: Practice) -> None:
    conv = p.conversation
    p.at("what_matters", "interests")
    conv.answer("Fishing", by="person")
    p.at("closing", "information_given")
    conv.answer("Leaflet about the lunch club", by="worker")
    assert written_by(conv) == {"person": 1, "both": 0, "worker": 0}
    assert points(p, "own_words", mode="paired") == 2


def test_solo_an_imposed_idea_written_in_counts_as_typed_for_them(p: Practice) -> None:
    p.at("what_matters", "interests")
    p.ask("open_question", "Fishing, once.")
    p.at("goals", "list")
    moment = p.move("propose", "Go to a lunch club")
    p.conversation.answer([{"what": "Go to a lunch club", "idea_from": "worker"}], by="worker")
    found = rubric(p).by_id()["own_words"]
    assert found.score == 1
    typed = next(f for f in found.to_work_on if f.text.startswith("Written in your words"))
    assert typed.moments[0].ref == f"m{moment}"


def test_the_private_note_is_never_quoted_as_evidence(p: Practice) -> None:
    # Walkthrough finding 11: what they kept private is where it happened, never its words.
    assert is_private_note(PRIVATE_NOTE) and is_private_note(PRIVATE_IDEA_NOTE)
    p.at("what_matters", "interests")
    reflected = p.move("reflect", "")
    p.says(PRIVATE_NOTE)
    kept = p.event("kept_private", subject="health", words=PRIVATE_NOTE)
    p.conversation.answer("Fishing", by="person")
    found = rubric(p)
    quotes = [m.quote for x in found.principles for f in x.findings for m in f.moments]
    assert not any("not kept here" in q for q in quotes)
    consent = found.by_id()["consent"]
    # Consent scored 0 here (never asked): the finding is kept, not shown as going well.
    private = next(f for f in consent.findings if f.good and "private" in f.text)
    assert private.text == "Stan kept something private, and you respected it."
    assert [(m.ref, m.quote) for m in private.moments] == [(f"m{kept}", "")]
    words = found.by_id()["own_words"]
    reflect = next(f for f in words.went_well if f.text.startswith("You reflected"))
    assert reflect.moments[0].ref == f"m{reflected}"
