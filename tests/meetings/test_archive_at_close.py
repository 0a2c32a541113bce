"""Closing a meeting archives the earlier closed ones (records/archive.py); the record reads
the same, and the next meeting still starts from what was said."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.flows.loader import Content
from assistant.meetings.history import history_of
from assistant.meetings.meeting import SAVED
from assistant.meetings.opening import open_meeting
from assistant.meetings.reflection import meeting_day
from assistant.plans.state import long_day
from assistant.records import CaseStore
from assistant.records.archive import ArchiveFile


def _meeting_with_a_rating(case: Any, content: Content, rating: int) -> Any:
    meeting = open_meeting(case, content).meeting
    if meeting.kind == "first":
        meeting.goto_topic("welcome")
        meeting.proceed()
        meeting.answer("Sam")
        assert meeting.answer("yes").save.state == SAVED
    meeting.goto_topic("wellbeing")
    assert meeting.answer(rating).save.state == SAVED
    meeting.finish(agreed=False)
    return meeting


def test_closing_a_meeting_archives_the_earlier_ones_only(
    store: CaseStore, sample_content: Content
) -> None:
    case = store.open(store.create_person("Sam"))
    first = _meeting_with_a_rating(case, sample_content, 2)
    assert case.archived_sessions == []  # the one just closed stays for the reflection
    second = _meeting_with_a_rating(case, sample_content, 3)
    assert case.archived_sessions == [first.session_id]
    assert second.session_id not in case.archived_sessions
    history = history_of(case)
    assert history.meetings == 2
    assert [r["ratings"]["friendships"] for r in history.ratings] == [2, 3]
    third = open_meeting(case, sample_content).meeting
    assert third.conv.data["previous"]["ratings"] == {"friendships": 3}
    case.close()
    assert store.list_people()[0].sessions == 2


def test_the_next_meeting_and_the_reflection_open_without_reading_the_archive(
    store: CaseStore, sample_content: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = store.open(store.create_person("Sam"))
    _meeting_with_a_rating(case, sample_content, 2)
    _meeting_with_a_rating(case, sample_content, 3)
    assert case.archived_sessions  # the first meeting is in the archive file
    started = case.latest_session()["started"]

    def unread(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the archive was read")

    case.close()
    monkeypatch.setattr(ArchiveFile, "load", unread)
    with CaseStore(store.root).open(case.person_id) as fresh:  # nothing read yet
        assert meeting_day(fresh) == long_day(started)
        opened = open_meeting(fresh, sample_content)
        assert opened.meeting.previous_plan is not None
        assert opened.meeting.previous_plan.number == 2
