"""A session keeps the worker given when it was first saved, also once archived."""

from __future__ import annotations

from assistant.records import CaseStore

PRIYA = {"name": "Priya Patel", "team": "Riverside Team"}


def test_the_worker_given_at_the_first_save_is_kept_and_not_replaced(store: CaseStore) -> None:
    case = store.open(store.create_person("Sam"))
    case.save_session("s1", {"data": {}}, worker=PRIYA)
    case.save_session("s1", {"data": {"a": 1}}, worker={"name": "Tom Baker"})
    assert case.session_workers() == {"s1": PRIYA}


def test_an_archived_meeting_keeps_its_worker(store: CaseStore) -> None:
    case = store.open(store.create_person("Sam"))
    case.save_session("s1", {"data": {}}, worker=PRIYA)
    case.audit("meeting_closed", session="s1")
    case.save_session("s2", {"data": {}}, worker={"name": "Tom Baker"})
    assert case.archive_closed(keep={"s2"}) > 0
    assert "s1" in case.archived_sessions
    assert case.session_workers(only={"s1"}) == {"s1": PRIYA}
    assert case.session_workers(only={"s2"}) == {"s2": {"name": "Tom Baker"}}
    with store.read(case.person_id) as again:
        assert again.session_workers()["s1"] == PRIYA
