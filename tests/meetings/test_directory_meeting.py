"""The community directory in a meeting (issue 15): "add to things to try" is durable and
never lists an entry twice; what matching may use comes from the answers and the person's
details; picks made in the community topic join the list of things to try."""

from __future__ import annotations

import datetime as _dt
from typing import Any

import pytest

from assistant import store_paths as sp
from assistant.directory import Directory, directory_of
from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content
from assistant.meetings.directory import directory_for, profile_for, with_person
from assistant.meetings.meeting import SAVED, Meeting
from assistant.meetings.opening import next_meeting_data, open_meeting
from assistant.records import CaseStore

JAM = "northfield_jam_room"
WALKS = "brackenford_wellbeing_walks"


@pytest.fixture(scope="module")
def directory(content: Content) -> Directory:
    found = directory_of(content)
    assert found is not None
    return found


def start(store: CaseStore, content: Content, data: dict[str, Any] | None = None) -> Meeting:
    person = store.create_person("Sam")
    case = store.open(person)
    return Meeting(
        Conversation(content, data or {}),
        case,
        "s1",
        person=case.person,
        consent_required=False,
    )


def listed_on_disk(store: CaseStore, person_id: str) -> list[dict[str, Any]]:
    with CaseStore(store.root).read(person_id) as case:
        state = case.load_session("s1")
    assert state is not None
    found = sp.value_at(state["data"], sp.COMMUNITY_LIST)
    return found if isinstance(found, list) else []


def test_an_added_entry_is_on_disk_when_add_to_try_returns(
    store: CaseStore, content: Content, directory: Directory
) -> None:
    meeting = start(store, content)
    outcome = meeting.add_to_try(JAM, idea_from="me")
    assert outcome.done and outcome.save is not None and outcome.save.state == SAVED
    [record] = listed_on_disk(store, meeting.case.person_id)
    entry = directory.entry(JAM)
    assert record["what"] == entry.name
    assert record["idea_from"] == "me"
    assert record["where"] == "near"
    assert record[sp.TRY_DIRECTORY] == JAM
    # The message names the group, never its id.
    assert entry.name in outcome.message and JAM not in outcome.message


def test_the_same_entry_twice_is_listed_once(store: CaseStore, content: Content) -> None:
    meeting = start(store, content)
    assert meeting.add_to_try(JAM).done
    again = meeting.add_to_try(JAM)
    assert not again.done
    assert "already" in again.message
    assert [r[sp.TRY_DIRECTORY] for r in listed_on_disk(store, meeting.case.person_id)] == [JAM]


def test_an_entry_typed_by_its_name_is_not_added_again(
    store: CaseStore, content: Content, directory: Directory
) -> None:
    name = directory.entry(WALKS).name
    meeting = start(
        store,
        content,
        {"community": {"list": [{"id": "t1", "what": name.upper(), "idea_from": "me"}]}},
    )
    assert not meeting.add_to_try(WALKS).done
    assert len(sp.value_at(meeting.conv.data, sp.COMMUNITY_LIST)) == 1


def test_an_entry_is_added_after_the_ones_already_listed(
    store: CaseStore, content: Content
) -> None:
    meeting = start(
        store, content, {"community": {"list": [{"id": "t1", "what": "Pottery", "where": "near"}]}}
    )
    assert meeting.add_to_try(WALKS, idea_from="worker").done
    listed = listed_on_disk(store, meeting.case.person_id)
    assert listed[0]["what"] == "Pottery"
    assert listed[1][sp.TRY_DIRECTORY] == WALKS and listed[1]["idea_from"] == "worker"


def test_going_back_undoes_the_addition(store: CaseStore, content: Content) -> None:
    meeting = start(store, content)
    meeting.goto_topic("community")
    step = meeting.conv.step.node_id
    assert meeting.add_to_try(JAM).done
    assert meeting.conv.step.node_id == step  # the question on screen stays
    assert meeting.back().done
    assert not sp.value_at(meeting.conv.data, sp.COMMUNITY_LIST)
    assert listed_on_disk(store, meeting.case.person_id) == []


def test_an_unknown_entry_is_refused_in_plain_words(store: CaseStore, content: Content) -> None:
    meeting = start(store, content)
    outcome = meeting.add_to_try("no_such_group")
    assert not outcome.done
    assert "no_such_group" not in outcome.message
    assert sp.value_at(meeting.conv.data, sp.COMMUNITY_LIST) is None


def test_the_list_editor_keeps_the_entry_link(store: CaseStore, content: Content) -> None:
    """Changing the list afterwards (as the list editor gives it back, without the link)
    keeps which directory entry a thing to try came from."""
    meeting = start(store, content)
    meeting.add_to_try(JAM)
    [record] = sp.value_at(meeting.conv.data, sp.COMMUNITY_LIST)
    edited = {k: v for k, v in record.items() if k != sp.TRY_DIRECTORY} | {"where": "online"}
    assert meeting.edit(sp.COMMUNITY_LIST, [edited], by="both").done
    [kept] = listed_on_disk(store, meeting.case.person_id)
    assert kept[sp.TRY_DIRECTORY] == JAM and kept["where"] == "online"


def test_the_plan_carries_the_entry_with_its_details(
    store: CaseStore, content: Content, directory: Directory
) -> None:
    meeting = start(store, content)
    meeting.add_to_try(JAM, idea_from="together")
    [opportunity] = meeting.plan().community.opportunities
    entry = directory.entry(JAM)
    assert opportunity.what == entry.name
    assert opportunity.idea_from is not None and opportunity.idea_from.code == "together"
    pick = opportunity.directory
    assert pick is not None and pick.code == JAM and pick.label == entry.name
    assert pick.details is not None
    assert (pick.details.when, pick.details.cost) == (entry.when, entry.cost)


def test_the_profile_reads_what_the_pair_said(store: CaseStore, content: Content) -> None:
    meeting = start(
        store,
        content,
        {
            "about": {"interests": "I used to love fishing", "strengths": "I can fix bikes"},
            "resourceful": {"can_offer": "Cooking for people"},
            "community": {
                "shared_interest": "Other dads",
                "try_new": "Pottery",
                "list": [{"id": "t1", "what": "Park run"}],
            },
        },
    )
    profile = profile_for(meeting)
    assert profile.interests == ("I used to love fishing",)
    assert profile.strengths == ("I can fix bikes", "Cooking for people")
    assert profile.other == ("Other dads", "Pottery", "Park run")
    assert (profile.age, profile.gender) == (None, None)  # not recorded: never guessed


def test_the_profile_takes_age_and_gender_from_the_persons_details(content: Content) -> None:
    meeting = Meeting(
        Conversation(content),
        None,
        "s1",
        person={"display_name": "Sam", "born": "1980-12-15", "gender": "woman"},
    )
    profile = profile_for(meeting, today=_dt.date(2026, 12, 14))
    assert profile.age == 45
    assert profile.gender == "woman"
    words = Meeting(
        Conversation(content), None, "s1", person={"gender": "own_words", "gender_words": "x"}
    )
    assert profile_for(words).gender is None


def test_the_meetings_directory_is_the_contents(content: Content, directory: Directory) -> None:
    meeting = Meeting(Conversation(content), None, "s1")
    found = directory_for(meeting)
    assert found is not None and found.entries == directory.entries


def _through_matches(meeting: Meeting, picks: list[str], idea: str | None) -> None:
    """Open the community topic with interests known, pick ``picks`` and say whose idea."""
    meeting.goto_topic("community")
    while meeting.conv.step.node_id != "directory_matches":
        assert meeting.proceed().done
    assert meeting.answer(picks).done
    assert meeting.conv.step.node_id == "directory_idea_from"
    assert (meeting.answer(idea) if idea else meeting.skip()).done


def test_picks_in_the_community_topic_join_the_list_once(
    store: CaseStore, content: Content, directory: Directory
) -> None:
    entry = directory.entry("riverside_community_garden")
    meeting = start(
        store,
        content,
        {
            "about": {"interests": "Gardening"},
            "community": {"list": [{"id": "t1", "what": entry.name, "idea_from": "me"}]},
        },
    )
    _through_matches(meeting, ["friends_of_hollins_park", entry.id], "worker")
    listed = listed_on_disk(store, meeting.case.person_id)
    assert [r.get(sp.TRY_DIRECTORY) for r in listed] == [entry.id, "friends_of_hollins_park"]
    assert listed[0]["idea_from"] == "me"  # the person's own entry keeps its words and idea
    assert listed[1]["idea_from"] == "worker"
    # Going back once undoes the whose-idea answer and the carrying together.
    assert meeting.back().done
    assert [r.get(sp.TRY_DIRECTORY) for r in sp.value_at(meeting.conv.data, "community.list")] == [
        None
    ]


def _matches_offered(store: CaseStore, content: Content, **details: Any) -> list[str]:
    """The directory entries the community topic offers a person who enjoys music."""
    person = store.create_person("Marcus", **details)
    case = store.open(person)
    meeting = open_meeting(case, content).meeting
    meeting.goto_topic("community")
    while meeting.conv.step.node_id != "interests":
        assert meeting.proceed().done
    assert meeting.answer("Music").done
    assert meeting.conv.step.node_id == "directory_matches"
    return [value for value, _ in meeting.conv.step.options]


def test_the_topics_matches_leave_out_a_group_the_person_is_too_old_for(
    store: CaseStore, content: Content, directory: Directory
) -> None:
    """The jam room is for adults aged 18 to 35 (issue 16: Marcus, 46, was steered to it)."""
    assert directory.entry(JAM).for_ages is not None
    born = _dt.date(_dt.date.today().year - 47, 1, 1).isoformat()  # 46 or 47 now
    assert JAM not in _matches_offered(store, content, born=born)


def test_the_topics_matches_keep_it_for_someone_it_is_for_or_not_known(
    store: CaseStore, content: Content
) -> None:
    born = _dt.date(_dt.date.today().year - 26, 1, 1).isoformat()  # 25 or 26 now
    assert JAM in _matches_offered(store, content, born=born)
    assert JAM in _matches_offered(store, content)  # not recorded: kept, never guessed


def test_the_person_functions_read_the_record(content: Content) -> None:
    given = with_person(content, {"born": "1980-12-15", "gender": "man"})
    assert given.functions["person_gender"]() == "man"
    assert isinstance(given.functions["person_age"](), int)
    blank = with_person(content, {"gender": "prefer_not_to_say"})
    assert blank.functions["person_age"]() is None
    assert blank.functions["person_gender"]() is None
    assert "person_age" not in content.functions  # the shared content is left alone


def _to_the_list(meeting: Meeting) -> None:
    """Go on until the list of things to try, keeping each answer given before (a question
    not answered yet is left for another day)."""
    while meeting.conv.step.node_id != "list":
        step = meeting.conv.step
        if step.kind != "ask":
            outcome = meeting.proceed()
        elif step.value is not None:
            outcome = meeting.answer(step.value)
        else:
            outcome = meeting.skip()
        assert outcome.done


def _finish_topic(meeting: Meeting) -> None:
    """Go through to the topic's end after the list (next steps for another day)."""
    while meeting.conv.step.kind != "topics":
        step = meeting.conv.step
        assert (meeting.skip() if step.kind == "ask" else meeting.proceed()).done


def _listed(meeting: Meeting) -> list[Any]:
    return [r.get(sp.TRY_DIRECTORY) for r in sp.value_at(meeting.conv.data, sp.COMMUNITY_LIST)]


def _take_off(meeting: Meeting, entry_id: str) -> None:
    """At the list question, take ``entry_id`` off and say Done."""
    kept = [
        r
        for r in sp.value_at(meeting.conv.data, sp.COMMUNITY_LIST)
        if r.get(sp.TRY_DIRECTORY) != entry_id
    ]
    assert meeting.answer(kept).done
    assert meeting.conv.step.node_id != "list"


def test_a_pick_taken_off_the_list_stays_off_when_the_topic_is_opened_again(
    store: CaseStore, content: Content
) -> None:
    """Taking a group off the list is kept: passing the picks again does not put it back."""
    meeting = start(store, content, {"about": {"interests": "Gardening"}})
    _through_matches(meeting, ["friends_of_hollins_park", "riverside_community_garden"], "me")
    _to_the_list(meeting)
    _take_off(meeting, "friends_of_hollins_park")
    _finish_topic(meeting)
    assert meeting.goto_topic("community").done
    _to_the_list(meeting)
    assert _listed(meeting) == ["riverside_community_garden"]
    assert [r.get(sp.TRY_DIRECTORY) for r in listed_on_disk(store, meeting.case.person_id)] == [
        "riverside_community_garden"
    ]


def test_a_pick_ticked_later_is_still_carried(store: CaseStore, content: Content) -> None:
    meeting = start(store, content, {"about": {"interests": "Gardening"}})
    _through_matches(meeting, ["riverside_community_garden"], "me")
    _to_the_list(meeting)
    _take_off(meeting, "riverside_community_garden")
    _finish_topic(meeting)
    assert meeting.goto_topic("community").done
    _through_matches(meeting, ["riverside_community_garden", "friends_of_hollins_park"], "me")
    _to_the_list(meeting)
    assert _listed(meeting) == ["friends_of_hollins_park"]


def test_a_pick_taken_off_stays_off_in_a_review_meeting(store: CaseStore, content: Content) -> None:
    """A later meeting starts from the last one's answers: the group taken off then is not
    put back when the review passes the picks again."""
    meeting = start(store, content, {"about": {"interests": "Gardening"}})
    _through_matches(meeting, ["friends_of_hollins_park", "riverside_community_garden"], "me")
    _to_the_list(meeting)
    _take_off(meeting, "friends_of_hollins_park")
    _finish_topic(meeting)
    review = Meeting(
        Conversation(content, next_meeting_data(meeting.conv.data)),
        None,
        "s2",
        consent_required=False,
    )
    review.goto_topic("community")
    _to_the_list(review)
    assert _listed(review) == ["riverside_community_garden"]


def test_going_back_over_an_addition_says_what_was_taken_off(
    store: CaseStore, content: Content, directory: Directory
) -> None:
    """Back undoes an addition with the question on screen unchanged: it says so."""
    meeting = start(store, content)
    meeting.goto_topic("community")
    assert meeting.add_to_try(JAM).done
    outcome = meeting.back()
    assert outcome.done
    assert outcome.message == f"Taken off things to try: {directory.entry(JAM).name}"


def test_going_back_over_a_changed_answer_names_the_question(
    store: CaseStore, content: Content
) -> None:
    meeting = start(store, content, {"about": {"interests": "Gardening"}})
    meeting.goto_topic("community")
    assert meeting.proceed().done  # the intro
    assert meeting.edit("about.interests", "Music").done
    outcome = meeting.back()
    assert outcome.done and outcome.message.startswith("Change undone: ")
    assert "What do you enjoy doing" in outcome.message
    assert sp.value_at(meeting.conv.data, "about.interests") == "Gardening"


def test_going_back_a_step_says_nothing_more(store: CaseStore, content: Content) -> None:
    meeting = start(store, content)
    meeting.goto_topic("community")
    assert meeting.proceed().done
    outcome = meeting.back()
    assert outcome.done and outcome.message == ""


def test_directory_picks_are_kept_in_the_conversation_by_name_only(
    content: Content, directory: Directory
) -> None:
    """The options show when each meets and "Check this fits: for adults aged 18 and over":
    the app's words to choose by, not the person's answer. The conversation keeps the names."""
    conv = Conversation(content, {"about": {"interests": "dogs, walking, gardening"}})
    conv.goto_topic("community")
    while conv.step.node_id != "directory_matches":
        conv.proceed()
    offered = [value for value, _ in conv.step.options]
    assert any("Check this fits" in label for _, label in conv.step.options)
    conv.answer(offered)
    kept = dict(conv.transcript()[-1].labels)
    assert kept == {value: directory.entry(value).name for value in offered}
