"""Training and real records never mix; everything exported from training is watermarked."""

from __future__ import annotations

from pathlib import Path

import pytest
from training_support import Clock

from assistant.flows.loader import Content
from assistant.plans.versions import agree_from_session
from assistant.records import CaseStore, RecordNotFound
from assistant.training import TrainingError, TrainingSession
from assistant.training.model import Persona
from assistant.training.render import (
    WATERMARK,
    role_card_html,
    role_card_markdown,
    trainer_notes_html,
    trainer_notes_markdown,
)
from assistant.training.store import (
    PracticeNotFound,
    find_practice,
    list_practices,
    load_practice,
    load_practice_by_record,
    open_training_store,
    save_practice,
)


@pytest.fixture
def session(content: Content, personas: dict[str, Persona]) -> TrainingSession:
    practice = TrainingSession(personas["stan"], content, seed=4, clock=Clock())
    practice.play_topic("what_matters")
    return practice


def test_a_practice_session_is_kept_only_in_the_training_store(
    tmp_path: Path, session: TrainingSession
) -> None:
    person_id, _ = save_practice(open_training_store(tmp_path), session)
    real = CaseStore(tmp_path)
    assert real.list_people() == []
    assert real.list_people(search="Stan") == []
    with pytest.raises(RecordNotFound):
        real.find(person_id)
    assert [p.id for p in open_training_store(tmp_path).list_people()] == [person_id]


def test_real_records_never_show_in_the_training_store(tmp_path: Path) -> None:
    CaseStore(tmp_path).create_person("Real Person")
    assert open_training_store(tmp_path).list_people() == []


def test_a_practice_session_cannot_be_saved_with_real_records(
    tmp_path: Path, session: TrainingSession
) -> None:
    real = CaseStore(tmp_path)
    with pytest.raises(TrainingError, match="only in the training records"):
        save_practice(real, session)
    assert real.list_people() == []


def test_a_saved_practice_session_resumes_exactly(
    tmp_path: Path, session: TrainingSession, content: Content, personas: dict
) -> None:
    store = open_training_store(tmp_path)
    person_id, session_id = save_practice(store, session)
    again = load_practice(store, person_id, session_id, content=content, personas=personas)
    assert again.to_state() == session.to_state()


def test_saving_again_adds_only_new_answers_to_the_audit_trail(
    tmp_path: Path, session: TrainingSession
) -> None:
    store = open_training_store(tmp_path)
    ids = save_practice(store, session)
    first = len(session.conversation.log)
    session.play_topic("concerns")
    save_practice(store, session, person_id=ids[0], session_id=ids[1])
    with store.read(ids[0]) as case:
        answers = [e for e in case.audit_events() if e.get("session") == ids[1]]
    assert len(answers) == len(session.conversation.log) > first


def test_a_saved_session_says_it_is_training(session: TrainingSession) -> None:
    assert session.to_state()["watermark"] == WATERMARK


@pytest.mark.parametrize(
    "render",
    [role_card_markdown, role_card_html, trainer_notes_markdown, trainer_notes_html],
)
def test_every_export_is_watermarked(render, personas: dict[str, Persona]) -> None:
    for persona in personas.values():
        text = render(persona)
        assert text.count(WATERMARK) >= 2, persona.id


def test_feedback_exports_are_watermarked(session: TrainingSession) -> None:
    feedback = session.feedback()
    assert feedback.to_markdown().count(WATERMARK) >= 2
    assert feedback.to_html().count(WATERMARK) >= 2


def test_role_card_html_escapes_persona_text(personas: dict[str, Persona]) -> None:
    odd = personas["stan"].model_copy(update={"name": "<script>x</script>"})
    page = role_card_html(odd)
    assert "<script>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page


def test_a_practice_is_listed_with_its_trainee_in_the_training_store_only(
    tmp_path: Path, session: TrainingSession
) -> None:
    session.trainee = "Sam Lee"
    record_id, session_id = save_practice(open_training_store(tmp_path), session)
    [listed] = open_training_store(tmp_path).list_people()
    assert listed.display_name == "Stan (fictional, solo practice, Sam Lee)"
    [practice] = list_practices(open_training_store(tmp_path), "sam lee")
    assert (practice.record_id, practice.session_id) == (record_id, session_id)
    assert CaseStore(tmp_path).list_people(search="Sam") == []


def test_practices_are_never_listed_from_a_real_store(tmp_path: Path) -> None:
    CaseStore(tmp_path).create_person("Real Person")
    with pytest.raises(TrainingError, match="only in the training records"):
        list_practices(CaseStore(tmp_path))


def test_a_practice_found_by_its_record_id_resumes_exactly(
    tmp_path: Path, session: TrainingSession, content: Content, personas: dict
) -> None:
    store = open_training_store(tmp_path)
    record_id, _ = save_practice(store, session)
    info, again = load_practice_by_record(store, record_id, content=content, personas=personas)
    assert again.to_state() == session.to_state()
    assert not info.is_finished
    with pytest.raises(PracticeNotFound, match="did you mean"):
        find_practice(store, record_id + "x")


def test_a_practice_plan_can_be_agreed_in_the_training_records(
    tmp_path: Path, content: Content, personas: dict[str, Persona]
) -> None:
    # `plan agree --training` read a practice as if it held no answers: "the person and
    # the worker have not said whether they agree", so no practice plan could be exported.
    practice = TrainingSession(personas["stan"], content, seed=4, clock=Clock())
    practice.play_topic("what_matters")
    practice.conversation.goto_topic("closing")
    for _ in range(200):  # Stan answers his own questions; the trainee agrees, as the worker
        step = practice.conversation.step
        if step.kind == "topics":
            break
        if step.node_id == "worker_agrees":
            practice.answer("yes", by="worker")
        elif practice.persona_turn() is None:
            practice.skip()
    store = open_training_store(tmp_path)
    person_id, _ = save_practice(store, practice)
    with store.open(person_id) as case:
        plan = agree_from_session(case, content=content)
    assert plan.number == 1
    assert plan.agreement.person_agrees is not None
    assert plan.agreement.person_agrees.code == "mostly"
