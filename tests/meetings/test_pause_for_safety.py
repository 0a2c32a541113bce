"""Pause for safety (issue 13 §1), without Textual: a rating of 1 or 2 on mental health or
on feeling safe offers a pause once per meeting per area, after the answer is saved; the
pause's words carry the agency's numbers (or say there are none); the plan for hard times is
offered and opening it keeps the place of the topic on screen."""

from __future__ import annotations

from typing import Any

from assistant.agency import EXAMPLE_LINE, NO_AGENCY_NOTICE, Agency, AgencyContact
from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content
from assistant.meetings.meeting import Meeting
from assistant.meetings.opening import open_meeting
from assistant.meetings.safety import NO_NUMBERS_NOTICE, is_low, safety_pause
from assistant.records import CaseStore

MENTAL_HEALTH = "ratings.mental_health"
SAFETY = "ratings.safety"


def meeting_on(content: Content, store: CaseStore | None = None, data: Any = None) -> Meeting:
    case = store.open(store.create_person("Sam")) if store is not None else None
    person = case.person if case is not None else None
    return Meeting(Conversation(content, data), case, "s1", person=person, consent_required=False)


def to_question(meeting: Meeting, path: str) -> None:
    """Go on (skipping what comes first) until the question storing ``path`` is on screen."""
    for _ in range(100):
        step = meeting.conv.step
        if step.kind == "ask" and step.path == path:
            return
        assert meeting.skip().done, step
    raise AssertionError(f"never reached {path}")


def rate(meeting: Meeting, path: str, value: int) -> None:
    to_question(meeting, path)
    assert meeting.answer(value).done


def in_ratings(content: Content, store: CaseStore | None = None, data: Any = None) -> Meeting:
    meeting = meeting_on(content, store, data)
    assert meeting.goto_topic("life_areas").done
    return meeting


def test_a_rating_of_1_or_2_on_mental_health_offers_a_pause(content: Content) -> None:
    meeting = in_ratings(content)
    rate(meeting, MENTAL_HEALTH, 2)
    assert meeting.pause_offer() == MENTAL_HEALTH


def test_a_low_rating_on_feeling_safe_offers_a_pause(content: Content) -> None:
    meeting = in_ratings(content)
    rate(meeting, SAFETY, 1)
    assert meeting.pause_offer() == SAFETY


def test_a_rating_of_3_offers_nothing(content: Content) -> None:
    meeting = in_ratings(content)
    rate(meeting, MENTAL_HEALTH, 3)
    rate(meeting, SAFETY, 3)
    assert meeting.pause_offer() is None


def test_a_low_rating_on_another_area_offers_nothing(content: Content) -> None:
    meeting = in_ratings(content)
    rate(meeting, "ratings.friendships", 1)
    assert meeting.pause_offer() is None


def test_the_offer_comes_once_per_meeting_per_area(content: Content) -> None:
    meeting = in_ratings(content)
    rate(meeting, MENTAL_HEALTH, 1)
    assert meeting.pause_offer() == MENTAL_HEALTH
    assert meeting.pause_offer() is None
    # Undone and rated low again: not offered again in this meeting.
    assert meeting.back().done
    rate(meeting, MENTAL_HEALTH, 2)
    assert meeting.pause_offer() is None
    # The other area still gets its own offer.
    rate(meeting, SAFETY, 2)
    assert meeting.pause_offer() == SAFETY


def test_a_low_rating_changed_later_offers_the_pause(content: Content) -> None:
    meeting = in_ratings(content)
    rate(meeting, MENTAL_HEALTH, 5)
    assert meeting.pause_offer() is None
    assert meeting.edit(MENTAL_HEALTH, 1, by="person").done
    assert meeting.pause_offer() == MENTAL_HEALTH


def test_the_offer_comes_after_the_rating_is_saved(content: Content, store: CaseStore) -> None:
    meeting = in_ratings(content, store)
    rate(meeting, MENTAL_HEALTH, 1)
    assert meeting.pause_offer() == MENTAL_HEALTH
    case = meeting.case
    assert case is not None
    with CaseStore(store.root).read(case.person_id) as saved:
        state = saved.load_session("s1")
    assert state is not None and state["data"]["ratings"]["mental_health"] == 1


def test_nothing_about_the_pause_is_recorded(content: Content) -> None:
    meeting = in_ratings(content)
    rate(meeting, MENTAL_HEALTH, 1)
    before = (meeting.conv.state_json(), len(meeting.conv.log))
    assert meeting.pause_offer() == MENTAL_HEALTH
    meeting.safety_pause(MENTAL_HEALTH)
    assert (meeting.conv.state_json(), len(meeting.conv.log)) == before


def test_a_resumed_meeting_does_not_offer_again_for_a_rating_it_already_had(
    content: Content,
) -> None:
    meeting = meeting_on(content, data={"ratings": {"mental_health": 1}})
    assert meeting.pause_offer() is None


def test_a_meeting_resumed_just_after_a_low_rating_offers_the_pause(
    content: Content, store: CaseStore
) -> None:
    # The app stopped (a crash) after the rating was saved, before the offer was seen.
    meeting = in_ratings(content, store)
    rate(meeting, MENTAL_HEALTH, 1)
    assert meeting.case is not None
    resumed = open_meeting(meeting.case, content, resume=True).meeting
    assert resumed.kind == "resumed"
    assert resumed.pause_offer() == MENTAL_HEALTH
    assert resumed.pause_offer() is None  # still once


def test_a_meeting_resumed_after_later_answers_does_not_offer_again(
    content: Content, store: CaseStore
) -> None:
    meeting = in_ratings(content, store)
    rate(meeting, MENTAL_HEALTH, 1)
    assert meeting.pause_offer() == MENTAL_HEALTH  # seen before the app stopped
    rate(meeting, SAFETY, 5)
    assert meeting.case is not None
    resumed = open_meeting(meeting.case, content, resume=True).meeting
    assert resumed.kind == "resumed"
    assert resumed.pause_offer() is None


def test_going_to_the_plan_for_hard_times_keeps_the_place(content: Content) -> None:
    meeting = in_ratings(content)
    rate(meeting, MENTAL_HEALTH, 1)
    where = meeting.conv.step.node_id
    assert meeting.safety_pause(MENTAL_HEALTH).can_go
    assert meeting.go_to_hard_times().done
    assert meeting.conv.current_topic == "hard_times"
    assert not meeting.safety_pause().can_go  # already there
    # Carry on where we were: the ratings resume at the same question.
    assert meeting.goto_topic("life_areas").done
    assert meeting.conv.step.node_id == where


def test_the_pause_shows_the_agencys_numbers_and_the_example_mark(content: Content) -> None:
    agency = content.agency
    assert agency is not None and agency.example  # the shipped, made-up example
    pause = in_ratings(content).safety_pause()
    lines = [line for block in pause.numbers for line in block.lines]
    assert lines[0] == EXAMPLE_LINE
    for contact in [*agency.out_of_hours, *agency.crisis]:
        assert any(contact.name in line for line in lines)
    assert pause.example and pause.notice == ""


def test_after_a_low_rating_the_pause_says_why_by_name(content: Content) -> None:
    pause = safety_pause(None, area=SAFETY, name="Sam")
    assert pause.why.startswith("Sam gave how safe they feel a low number (1 or 2).")


def test_without_agency_details_the_pause_says_so() -> None:
    pause = safety_pause(None)
    assert pause.numbers == () and pause.notice == NO_AGENCY_NOTICE


def test_agency_details_without_numbers_say_so() -> None:
    pause = safety_pause(Agency(organisation="Our team"))
    assert pause.numbers == () and pause.notice == NO_NUMBERS_NOTICE


def test_agency_numbers_are_shown_as_the_agency_wrote_them() -> None:
    crisis = AgencyContact(name="[b]Crisis[/b] line", phone="0808 157 0000")
    pause = safety_pause(Agency(organisation="Ours", crisis=[crisis]))
    assert [b.heading for b in pause.numbers] == ["In a crisis, day or night"]
    assert pause.numbers[0].lines[0].startswith("[b]Crisis[/b] line: phone 0808 157 0000")


def test_only_ratings_of_1_or_2_are_low() -> None:
    assert [v for v in (0, 1, 2, 3, 7, True, "1", None, 1.5) if is_low(v)] == [1, 2]


def test_crisis_numbers_come_before_out_of_hours() -> None:
    agency = Agency(
        organisation="Ours",
        out_of_hours=[AgencyContact(name="Duty line", phone="01632 960999")],
        crisis=[AgencyContact(name="Crisis team", phone="0808 157 0123")],
    )
    headings = [b.heading for b in safety_pause(agency).numbers]
    assert headings == ["In a crisis, day or night", "When the team is closed"]
