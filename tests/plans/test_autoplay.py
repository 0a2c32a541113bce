"""Meetings played through the shipped content (the demo's and the tests'): who each step is
credited to."""

from __future__ import annotations

from plan_support import play

from assistant.flows.loader import Content
from assistant.plans.autoplay import Said


def _by(conv, path: str) -> str:
    return next(e["by"] for e in reversed(conv.log) if e.get("path") == path)


def test_a_question_for_the_worker_is_credited_to_the_worker(content: Content) -> None:
    conv = play(content, ["closing"], {"agreement.worker_agrees": "yes"})
    assert _by(conv, "agreement.worker_agrees") == "worker"


def test_a_question_for_the_worker_left_for_today_is_the_workers_skip(content: Content) -> None:
    conv = play(content, ["closing"], {})
    assert _by(conv, "agreement.information_given") == "worker"


def test_a_question_for_both_is_answered_together(content: Content) -> None:
    conv = play(content, ["closing"], {})
    assert _by(conv, "agreement.next_meeting") == "both"


def test_said_names_someone_other_than_the_one_asked(content: Content) -> None:
    conv = play(content, ["closing"], {"agreement.person_agrees": Said("yes", "worker")})
    assert _by(conv, "agreement.person_agrees") == "worker"
