"""Which question an answer in the audit trail was given to (meetings/answer_questions.py):
as it was asked, from the content for events that did not keep it, and said plainly when the
topics no longer have it."""

from __future__ import annotations

from assistant.flows.loader import Content
from assistant.meetings.answer_questions import NOT_IN_CONTENT, AnswerQuestions


def test_the_question_kept_in_the_event_is_the_one_asked() -> None:
    asked = "How often are you in touch with Dan?"
    event = {"topic": "x", "node": "y", "path": "z", "prompt": asked}
    assert AnswerQuestions.of(None).question(event) == asked


def test_an_event_that_kept_its_question_never_loads_the_topics() -> None:
    loads: list[int] = []
    questions = AnswerQuestions(lambda: loads.append(1) or None)
    questions.question({"prompt": "What matters most to you right now?"})
    assert loads == []


def test_an_older_event_is_named_by_the_content_s_question_storing_its_answer(
    content: Content,
) -> None:
    event = {"kind": "answer_given", "topic": "what_matters", "node": "gone", "path": "about.hopes"}
    assert (
        AnswerQuestions.of(content).question(event)
        == "What are you hoping for in the next few months?"
    )


def test_a_question_with_the_person_s_words_in_it_gets_its_topic_s_title(
    content: Content,
) -> None:
    event = {"topic": "connection_detail", "node": "contact", "path": "network.people.#a1.contact"}
    title = content.topics["connection_detail"].topic.title
    assert (
        AnswerQuestions.of(content).question(event)
        == f"{title}: How often are you in touch with …?"
    )


def test_a_question_the_topics_no_longer_have_is_said_plainly(content: Content) -> None:
    event = {"topic": "family", "node": "q2", "path": "family.q2"}
    assert AnswerQuestions.of(content).question(event) == NOT_IN_CONTENT
