"""Words typed but not given, kept with the session by the app's last try on close
(``Case.keep_draft``): durable, not an answer, taken off at the session's next save."""

from __future__ import annotations

from records_support import engine_state, log_entry

from assistant.records import CaseStore

TYPED = {"path": "about.good_week", "text": "Walking the dog with"}


def test_words_typed_but_not_given_are_kept_with_the_session_and_read_back(
    store: CaseStore, person: str
) -> None:
    with store.open(person) as case:
        case.save_session("s1", engine_state(1), [log_entry(1)])
        events = len(case.audit_events())
        case.keep_draft("s1", TYPED)
        assert len(case.audit_events()) == events  # not an answer: nothing in the trail
    assert CaseStore(store.root).read(person).session_draft("s1") == TYPED


def test_the_next_save_of_the_session_takes_the_words_off(store: CaseStore, person: str) -> None:
    with store.open(person) as case:
        case.save_session("s1", engine_state(1))
        case.keep_draft("s1", TYPED)
    with store.open(person) as case:
        case.save_session("s1", engine_state(2), [log_entry(2)])  # the answer given
    assert CaseStore(store.root).read(person).session_draft("s1") is None


def test_keeping_no_words_takes_them_off(store: CaseStore, person: str) -> None:
    with store.open(person) as case:
        case.save_session("s1", engine_state(1))
        case.keep_draft("s1", TYPED)
        case.keep_draft("s1", None)
    assert CaseStore(store.root).read(person).session_draft("s1") is None


def test_the_words_go_with_the_meeting_when_it_is_erased(store: CaseStore, person: str) -> None:
    with store.open(person) as case:
        case.save_session("s1", engine_state(1))
        case.keep_draft("s1", TYPED)
        case.erase_session("s1", reason="consent_withdrawn")
    assert TYPED["text"].encode() not in store.case_path(person).read_bytes()
