"""The shipped personas: enough of them, different from each other, clean, and playable."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
from training_support import Clock

from assistant.authoring.lint import lint_paths
from assistant.authoring.schemas import render
from assistant.flows.loader import Content
from assistant.locations import schema_dir
from assistant.training import TRAINING_QUESTIONS, TrainingSession, loader, persona_schema
from assistant.training.judging import judge_each, names, words
from assistant.training.loader import personas_dir
from assistant.training.model import Persona
from assistant.training.moves import Move
from assistant.training.session import PRIVATE_NOTE

SHIPPED = sorted(p.stem for p in personas_dir().glob("*.yaml"))

# Who the set covers that the first five did not (issue 17 §6). The model has no `covers:`
# field, so the gaps are named here and checked against what each persona is.
GAPS: dict[str, tuple[str, ...]] = {
    "a physical disability": ("farah",),
    "a learning disability": ("kieran",),
    "an older woman": ("pauline",),
    "someone in work": ("owen", "kieran"),
    "a rural setting": ("owen", "pauline"),
}
# What a persona shares only in a later practice meeting: above `start + per_meeting` (the
# most a first practice meeting can reach), as each role card's "much later" says.
LATER: set[tuple[str, str, str]] = {
    ("stan", "goals", "church_coffee"),
    ("marcus", "network", "lorraine"),
    ("marcus", "concerns", "voices"),
    ("marcus", "goals", "lorraine"),
    ("alex", "network", "birth_mum"),
    ("owen", "goals", "farmers_who_get_it"),
}
ITEM_LISTS = ("network", "concerns", "goals", "activities")


def test_at_least_four_personas_ship(personas: dict[str, Persona]) -> None:
    assert len(personas) >= 4


def test_the_personas_differ_in_age_and_in_how_guarded_they_are(
    personas: dict[str, Persona],
) -> None:
    ages = [p.age for p in personas.values()]
    assert min(ages) < 25 and max(ages) > 60
    assert len({(p.warmth.start, p.warmth.open_at) for p in personas.values()}) >= 3
    assert len({tuple(p.warmth.ready_after) for p in personas.values()}) >= 2


def test_shipped_personas_have_no_lint_problems_at_all() -> None:
    assert [str(p) for p in lint_paths([personas_dir()])] == []


def test_the_committed_schema_matches_the_model() -> None:
    committed = json.loads((schema_dir() / "persona.schema.json").read_text(encoding="utf-8"))
    assert committed == json.loads(render(persona_schema()))


def test_every_persona_has_trainer_questions_for_known_training_questions(
    personas: dict[str, Persona],
) -> None:
    for persona in personas.values():
        assert persona.trainer.questions
        assert set(persona.trainer.questions) <= set(TRAINING_QUESTIONS)


def play_everything(persona: Persona, content: Content, seed: int) -> TrainingSession:
    session = TrainingSession(persona, content, seed=seed, clock=Clock())
    for topic in content.listed():
        session.play_topic(topic.id)
    return session


@pytest.mark.parametrize("persona_id", SHIPPED)
def test_a_solo_playthrough_finishes_every_topic(
    persona_id: str, personas: dict[str, Persona], content: Content
) -> None:
    session = play_everything(personas[persona_id], content, seed=11)
    assert {t.status for t in session.conversation.topics()} == {"done"}
    by_person = [e for e in session.conversation.log if e.get("by") == "person"]
    assert len(by_person) >= 40
    assert session.conversation.data["goals"]["list"], "the persona shares at least one goal"


# Where a persona's words came from when nothing written for that question fitted: a line
# kept for any question with a tag or of a type, a topic's small talk, or a built-in line.
STAND_INS = ("tag:", "type:", "fallback:")


@pytest.mark.parametrize("meeting", [1, 3])
@pytest.mark.parametrize("persona_id", SHIPPED)
def test_every_question_a_practice_reaches_has_the_personas_own_answer(
    persona_id: str, meeting: int, personas: dict[str, Persona], content: Content
) -> None:
    """Walkthrough finding 2: "Was anyone else with us today?" answered with a line about old
    friends, "pick up to 3" with "Somewhere in the middle". In a first practice meeting and a
    later one (more shared, so more goals, contacts and a review), every step the persona
    answers, leaves or says no to is answered from what was written for that question."""
    session = TrainingSession(personas[persona_id], content, seed=3, clock=Clock(), meeting=meeting)
    for topic in content.listed():
        session.play_topic(topic.id)
    stand_ins = [
        (e["topic"], e["node"], e["source"], e["words"])
        for e in session.events
        if e["kind"] == "persona"
        and e["action"] in ("answer", "skip", "stay")
        and (e["source"].startswith(STAND_INS) or e["source"] == "default")
    ]
    assert stand_ins == []
    reviewed = [e for e in session.events if e["kind"] == "persona" and e["topic"] == "review"]
    # A first meeting has nothing to look back on yet: a later one reaches the review.
    assert bool(reviewed) == (meeting > 1), "the practice reaches the review"


@pytest.mark.parametrize("persona_id", SHIPPED)
def test_a_playthrough_is_the_same_for_the_same_seed(
    persona_id: str, personas: dict[str, Persona], content: Content
) -> None:
    first = play_everything(personas[persona_id], content, seed=5)
    again = play_everything(personas[persona_id], content, seed=5)
    assert first.to_state() == again.to_state()


def test_the_guide_names_every_persona_and_problem_code(personas: dict[str, Persona]) -> None:
    guide = (Path(__file__).parents[2] / "docs" / "training.md").read_text(encoding="utf-8")
    codes = set(re.findall(r'"(P\d{3})"', Path(loader.__file__).read_text(encoding="utf-8")))
    documented = set(re.findall(r"P\d{3}", guide))
    for low, high in re.findall(r"P(\d{3})–P(\d{3})", guide):
        documented |= {f"P{n}" for n in range(int(low), int(high) + 1)}
    assert codes - documented == set()
    assert all(f"`{persona_id}`" in guide for persona_id in personas)


def test_the_set_covers_what_the_first_five_lacked(personas: dict[str, Persona]) -> None:
    for gap, ids in GAPS.items():
        assert set(ids) <= set(personas), gap
    pauline, kieran, owen, farah = (personas[i] for i in ("pauline", "kieran", "owen", "farah"))
    assert pauline.age >= 65 and pauline.pronouns == "she/her"
    assert "learning disability" in kieran.backstory
    assert "wheelchair" in farah.backstory
    assert "village" in pauline.backstory and "farm" in owen.backstory
    assert "works" in kieran.backstory and "herdsman" in owen.backstory


def test_much_later_means_a_later_practice_meeting(personas: dict[str, Persona]) -> None:
    """Only the items meant for later are beyond a first meeting's warmth, and they can be
    reached by a third; every persona can open up (its fuller answers) in a first meeting."""
    beyond_first = set()
    for persona in personas.values():
        warmth = persona.warmth
        first_cap = warmth.start + warmth.per_meeting
        assert warmth.open_at <= first_cap, persona.id
        for listed in ITEM_LISTS:
            for item in getattr(persona, listed):
                assert item.share_at <= warmth.start + 3 * warmth.per_meeting, item.id
                if item.share_at > first_cap:
                    beyond_first.add((persona.id, listed, item.id))
    assert beyond_first == LATER


def test_private_subjects_are_named_and_each_can_be_kept(personas: dict[str, Persona]) -> None:
    for persona in personas.values():
        known = {p.id for p in persona.private}
        for listed in ITEM_LISTS:
            for item in getattr(persona, listed):
                assert set(item.discloses) <= known, (persona.id, item.id)
        kept = {
            subject
            for answer_set in persona.answers.values()
            for reply in answer_set.guarded + answer_set.open
            for subject in reply.keeps_private
        }
        if not persona.consent.needs_explaining:
            # Only a refused record keeps a subject private without the persona asking.
            assert known <= kept, persona.id


def test_every_persona_has_a_referral_without_the_role_cards_secrets(
    personas: dict[str, Persona],
) -> None:
    for persona in personas.values():
        referral = persona.referral or ""
        assert len(referral.split()) >= 30, persona.id
        for idea in [*persona.goals, *persona.activities]:
            assert idea.what.casefold() not in referral.casefold(), (persona.id, idea.id)
        for person in persona.network:
            if person.share_at > 0:
                # Someone they mention only once warm is not in what the worker knows.
                assert not re.search(rf"\b{re.escape(person.name)}\b", referral), person.id


def test_every_persona_has_topic_fallback_lines_and_voice_for_the_moves(
    personas: dict[str, Persona], content: Content
) -> None:
    topics = {t.id for t in content.listed()}
    for persona in personas.values():
        voice = persona.voice
        assert voice.heard and voice.keyboard and voice.record_explained and voice.already_said
        assert set(voice.fallback) <= set(content.topics), persona.id
        assert (
            {"what_matters", "goals", "community"} <= set(voice.fallback) <= topics | {"life_areas"}
        ), persona.id


@pytest.mark.parametrize("persona_id", SHIPPED)
def test_each_idea_the_role_card_says_they_turn_down_is_refused(
    persona_id: str, personas: dict[str, Persona]
) -> None:
    """Proposed in the words the role card uses, each turn-down is refused, however warm and
    ready the persona is (Marcus and his sister: issue 17)."""
    persona = personas[persona_id]
    for turn_down in persona.turns_down:
        judgement = judge_each(
            persona,
            "goals.list",
            turn_down.idea,
            ready=True,
            invited=False,
            level=20,
            refused_before=(),
            pick=lambda count, salt: 0,
        )[0]
        assert (judgement.outcome, judgement.reason) == ("refused", "turn_down"), turn_down.idea


def test_marcus_never_speaks_of_the_voices_the_police_or_lorraine_without_a_record_explained(
    personas: dict[str, Persona], content: Content
) -> None:
    session = play_everything(personas["marcus"], content, seed=11)
    # Never explained (headless), so the record question was left open, not answered no.
    assert "record" not in session.conversation.data.get("consent", {})
    said = " ".join(
        str(e.get("words") or "") for e in session.events if e["kind"] == "persona"
    ).casefold()
    written = json.dumps(session.conversation.data).casefold()
    for subject in ("voices", "police", "lorraine"):
        assert subject not in said and subject not in written, subject
    # The list items that disclose them were left off, though warm enough for the police.
    assert session.warmth >= personas["marcus"].concerns[1].share_at


NEW_PERSONA_PROBES = [
    ("pauline", "Move into sheltered housing in town, nearer the care home", None),
    ("pauline", "Don't worry about the bells, join the carers' group instead", None),
    ("pauline", "Visit Geoff less and have a break", None),
    ("pauline", "Book the community transport minibus to visit Geoff", "see_geoff"),
    ("kieran", "Your mum could take you into town on Saturdays", None),
    ("kieran", "Stay in until you feel safer", None),
    ("kieran", "Go into town on the bus on your own", "bus_on_my_own"),
    ("owen", "Join the men's shed in Eastgate", None),
    ("owen", "Think about a job in town with regular hours", None),
    ("owen", "Get back to the rugby club", "rugby"),
    ("farah", "Try wheelchair basketball", None),
    ("farah", "Imran could take you to the shops", None),
    ("farah", "Go swimming again at the quiet swim", "swim"),
]


@pytest.mark.parametrize(("persona_id", "text", "idea"), NEW_PERSONA_PROBES)
def test_the_new_personas_take_an_imposed_idea_as_their_role_cards_say(
    persona_id: str, text: str, idea: str | None, personas: dict[str, Persona]
) -> None:
    """Their own goal, proposed once they are ready, is accepted as the worker's idea; what
    their role card says they refuse is refused in their own words."""
    persona = personas[persona_id]
    first_cap = persona.warmth.start + persona.warmth.per_meeting
    judgement = judge_each(
        persona,
        "goals.list",
        text,
        ready=True,
        invited=False,
        level=first_cap,
        refused_before=(),
        pick=lambda count, salt: 0,
        cap=first_cap,
    )[0]
    if idea is None:
        assert (judgement.outcome, judgement.reason) == ("refused", "turn_down")
        assert judgement.words in {w for t in persona.turns_down for w in t.words}
    else:
        assert (judgement.outcome, judgement.idea_id, judgement.idea_from) == (
            "accepted",
            idea,
            "worker",
        )
        assert judgement.what == text


def test_no_heard_line_says_yes_or_no_before_the_answer(personas: dict[str, Persona]) -> None:
    # "Yes. That's it exactly." then an answer of no ("Nothing. Write what you like.").
    said = [
        (persona.id, line)
        for persona in personas.values()
        for line in persona.voice.heard
        if re.match(r"(yes|yeah|no|nope)\b", line.strip(), re.IGNORECASE)
    ]
    assert said == []


def test_a_persona_who_takes_the_keyboard_never_then_says_the_worker_types(
    personas: dict[str, Persona],
) -> None:
    # Kieran took the keyboard ("Can I press the buttons?"), then said "You do it."
    said = [
        (persona.id, reply.value)
        for persona in personas.values()
        if persona.keyboard.takes and "getting_started.keyboard" in persona.answers
        for reply in (
            *persona.answers["getting_started.keyboard"].guarded,
            *persona.answers["getting_started.keyboard"].open,
        )
        if reply.value == "worker"
    ]
    assert said == []


def test_marcus_asking_for_his_health_to_stay_out_is_not_kept(
    content: Content, personas: dict[str, Persona]
) -> None:
    # Tester's report: his guarded answer to "Is there anything you would rather we did not
    # write down?" ("My health. That's between me and the doctor.") was kept word for word
    # in the replay and the exported feedback; the open one was not. Both keep it private.
    session = TrainingSession(personas["marcus"], content, seed=3, clock=Clock())
    conv = session.conversation
    conv.goto_topic("getting_started")
    for _ in range(30):
        step = conv.step
        if step.node_id == "not_recorded":
            break
        if step.node_id == "consent_record":
            session.take_move(Move("explain_record"))  # he agrees once it is explained
            session.take_move(Move("open_question"))
        elif step.kind == "say":
            conv.proceed(by="worker")
        else:
            conv.skip(by="worker")
    assert conv.step.node_id == "not_recorded" and not session.is_warm
    turn = session.take_move(Move("open_question"))
    assert turn.words == "My health. That's between me and the doctor."  # said aloud
    assert session.private == {"voices"}
    assert [e["subject"] for e in session.events if e["kind"] == "kept_private"] == ["voices"]
    feedback = session.feedback()
    for text in (feedback.to_markdown(), feedback.to_html(), json.dumps(session.to_state())):
        assert "between me and the doctor" not in text
    assert PRIVATE_NOTE in feedback.to_markdown()


# ------------------------------------------- another content folder (train --content DIR)


def _content_with_zed(content: Content, folder: Path) -> Content:
    """The shipped topics read from ``folder``, whose personas folder has Zed (Stan's story
    under another id): a content folder of an author's own."""
    text = (personas_dir() / "stan.yaml").read_text("utf-8")
    text = re.sub(r"(?m)^id: stan$", "id: zed", text)
    text = re.sub(r"(?m)^name: Stan$", "name: Zed", text)
    (folder / "personas").mkdir(parents=True)
    (folder / "personas" / "zed.yaml").write_text(text, "utf-8")
    return dataclasses.replace(content, root=folder)


def test_a_session_by_id_takes_the_persona_from_its_content_folder(
    content: Content, tmp_path: Path
) -> None:
    session = TrainingSession.start("zed", content=_content_with_zed(content, tmp_path), seed=1)
    assert session.persona.name == "Zed"


def test_a_saved_session_is_read_with_its_content_folders_personas(
    content: Content, tmp_path: Path
) -> None:
    zed = _content_with_zed(content, tmp_path)
    state = TrainingSession.start("zed", content=zed, seed=1).to_state()
    assert TrainingSession.from_state(state, content=zed).persona.name == "Zed"


def test_no_plain_trainer_question_names_someone_the_referral_does_not(
    personas: dict[str, Persona],
) -> None:
    """A question naming a person from the persona's network that a worker would not know of
    from the referral lists them under `needs`, so a solo trainee's feedback asks it only
    once that person came up (Kit, Aisha, Brian, Geoff)."""
    for persona in personas.values():
        known = words(persona.referral or persona.summary)
        secret = [c.name for c in persona.network if not names(known, c.name)]
        for question_id, questions in persona.trainer.questions.items():
            for question in questions:
                if isinstance(question, str):
                    named = [n for n in secret if names(words(question), n)]
                    assert not named, (persona.id, question_id, named)
