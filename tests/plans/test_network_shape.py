"""The network's shape for the worker (issue 16, GENIE): counts per circle, kind and kind of
support, and the flags, from a meeting's records and from a saved plan."""

from __future__ import annotations

from typing import Any

import pytest
from plan_support import Meetings

from assistant.plans.network_shape import (
    PARTIAL_NOTE,
    SMALL_NETWORK,
    TOPIC_TITLES,
    before_line,
    shape_of,
    shape_of_plan,
    shape_view,
    topic_titles,
)


def person(
    kind: str = "friend",
    circle: Any = 2,
    support: list[str] | None = None,
    want: str | None = None,
    contact: str | None = None,
) -> dict[str, Any]:
    record: dict[str, Any] = {"name": "X", "relationship": kind, "circle": circle}
    if support is not None:
        record["support"] = support
    if want is not None:
        record["want"] = want
    if contact is not None:
        record["contact"] = contact
    return record


def keys(records: list[Any]) -> set[str]:
    return {flag.key for flag in shape_of(records).flags}


# A varied network that raises no flag: five people, three kinds, someone closest, help of
# several kinds including listening.
VARIED = [
    person("family", 1, ["emotional", "practical"]),
    person("friend", 1, ["company"]),
    person("friend", 2, ["emotional"]),
    person("group", 3, ["company"]),
    person("professional", 2, ["when_unwell"]),
]


# -- counts ----------------------------------------------------------------------------------


def test_an_empty_list_has_no_counts_and_no_flags() -> None:
    shape = shape_of([])
    assert shape.empty and shape.flags == ()
    assert shape.lines() == ["No one on the list yet."]


def test_people_are_counted_per_circle_with_those_not_placed_apart() -> None:
    shape = shape_of([person(circle=1), person(circle=3), person(circle=3), person(circle=None)])
    assert shape.circles == {1: 1, 2: 0, 3: 2}
    assert shape.no_circle == 1
    assert shape.lines()[0] == (
        "4 people on the list: 1 closest, 0 in the middle, 2 further away, 1 with no circle chosen."
    )


def test_stored_kinds_are_counted_in_genies_four_groups() -> None:
    kinds = ["family", "partner", "friend", "neighbour", "online", "group", "professional"]
    shape = shape_of([person(k) for k in kinds])
    assert shape.groups == {"family": 2, "friends": 3, "groups": 1, "professionals": 1}
    # Each kind counted with friends is said as tagged: the team copy read "3 friends" for
    # one friend, a neighbour and someone known online.
    assert shape.lines()[1] == (
        "2 family members, 1 friend, 1 neighbour, 1 person known online, 1 group or club, 1 worker."
    )


def test_someone_known_a_bit_is_not_counted_in_words_as_a_friend() -> None:
    # The tester's list: two family, the football lads (Friend), and someone known a bit.
    kinds = ["family", "family", "friend", "know_a_bit"]
    shape = shape_of([person(k) for k in kinds])
    assert shape.lines()[1] == "2 family members, 1 friend, 1 person known a bit."


def test_no_friend_count_when_no_one_is_tagged_a_friend() -> None:
    shape = shape_of([person("neighbour"), person("know_a_bit"), person("know_a_bit")])
    assert shape.lines()[1] == "1 neighbour, 2 people known a bit."


def test_friends_alone_are_just_friends() -> None:
    shape = shape_of([person("friend"), person("friend")])
    assert shape.lines()[1] == "2 friends."


def test_each_kind_is_counted_number_first_in_the_plural_when_more_than_one() -> None:
    shape = shape_of([person("family"), person("professional"), person("professional")])
    assert shape.lines()[1] == "1 family member, 2 workers."


def test_unknown_or_missing_kinds_are_counted_as_others_not_dropped() -> None:
    shape = shape_of([person("ghost"), {"name": "Y", "circle": 1}, person("friend")])
    assert shape.people == 3
    assert shape.groups == {"friends": 1, "others": 2}


def test_support_values_map_to_everyday_emotional_illness_and_company() -> None:
    shape = shape_of(
        [
            person(support=["practical", "advice"]),  # both everyday: that person counts once
            person(support=["emotional", "when_unwell"]),
            person(support=["company", "made_up"]),
            person(support=["nothing"]),
            person(),  # not asked: support unknown
        ]
    )
    assert shape.support == {"everyday": 1, "emotional": 1, "illness": 1, "company": 1}
    assert shape.support_known == 4
    # One person's help was not talked about: the counts say whose they are.
    assert (
        "Help with (talked about for 4 of 5 people): everyday 1, listening 1, when unwell 1, "
        "company 1."
    ) in shape.lines()


def test_help_counts_for_everyone_need_no_qualifier() -> None:
    shape = shape_of([person(support=["practical"]), person(support=["emotional"])])
    assert "Help with: everyday 1, listening 1, when unwell 0, company 0." in shape.lines()


def test_more_and_less_contact_and_not_in_touch_are_counted() -> None:
    shape = shape_of(
        [
            person(want="more"),
            person(want="more", contact="not_now"),
            person(want="less"),
            person(want="same"),
        ]
    )
    assert (shape.more, shape.less, shape.not_in_touch) == (2, 1, 1)
    lines = shape.lines()
    assert "Would like more contact with 2, less with 1." in lines
    assert "Not in touch at the moment: 1." in lines


def test_records_that_are_not_people_are_ignored() -> None:
    assert shape_of(["Mum", None, 3, person()]).people == 1


def test_a_circle_given_as_text_or_out_of_range() -> None:
    shape = shape_of([person(circle="1"), person(circle=7), person(circle=True)])
    assert shape.circles[1] == 1 and shape.no_circle == 2


# -- flags -----------------------------------------------------------------------------------


def test_a_varied_network_raises_no_flag() -> None:
    assert keys(VARIED) == set()


def test_small_is_fewer_than_the_threshold() -> None:
    assert SMALL_NETWORK == 5
    below = VARIED[: SMALL_NETWORK - 1]
    assert "small" in keys(below)
    assert "small" not in keys(VARIED[:SMALL_NETWORK])
    flag = next(f for f in shape_of(below).flags if f.key == "small")
    # The number and what it is measured against, never "small".
    assert flag.words == "4 people on the list so far (fewer than 5)."
    assert "small" not in f"{flag.words} {flag.idea}"
    assert flag.topics == ("community", "resourceful_people")
    # What 5 rests on, for the team's copy: the review it comes from.
    assert "Palumbo et al. 2015" in flag.why and "not a clinical cut-off" in flag.why
    one = next(f for f in shape_of([person()]).flags if f.key == "small")
    assert one.words == "1 person on the list so far (fewer than 5)."


def test_mostly_professionals_is_more_than_half() -> None:
    half = [person("professional"), person("professional"), person("friend"), person("family")]
    assert "mostly_professionals" not in keys(half)
    more = [*half, person("professional")]
    assert "mostly_professionals" in keys(more)
    assert "mostly_professionals" in keys([person("professional")])


def test_all_family_needs_two_or_more_and_counts_partners() -> None:
    assert "all_family" in keys([person("family", 1), person("partner", 2)])
    family = shape_of([person("family"), person("family")]).flags
    flag = next(f for f in family if f.key == "all_family")
    # Other people add to the person's life; family are never cast as carrying a load.
    assert flag.idea.startswith("Friends or groups could add other company and help")
    assert "load" not in flag.idea
    assert "all_family" not in keys([person("family", 1)])  # one person: "small" says it
    assert "all_family" not in keys([person("family", 1), person("friend", 2)])


def test_nobody_in_the_inner_circle() -> None:
    assert "no_inner_circle" in keys([person(circle=2), person(circle=3)])
    assert "no_inner_circle" not in keys([person(circle=1), person(circle=3)])
    # Nobody placed at all: the circles were not asked, so nothing is said about them.
    assert "no_inner_circle" not in keys([person(circle=None)])


def test_no_emotional_support_only_when_support_was_asked() -> None:
    assert "no_emotional_support" not in keys([person(), person()])  # not asked
    two_kinds = [person(support=["practical"]), person(support=["company"])]
    assert "no_emotional_support" in keys(two_kinds)
    flag = next(f for f in shape_of(two_kinds).flags if f.key == "no_emotional_support")
    assert flag.words == "No one on the list is named for listening and support yet."
    assert "no_emotional_support" in keys([person(support=["nothing"])])
    assert "no_emotional_support" not in keys([person(support=["emotional"])])


def test_only_one_kind_of_support() -> None:
    one = [person(support=["emotional"]), person(support=["emotional"])]
    assert "one_kind_of_support" in keys(one)
    flag = next(f for f in shape_of(one).flags if f.key == "one_kind_of_support")
    assert flag.words == "All the help named is of one kind: listening and support."
    assert "one_kind_of_support" not in keys([*one, person(support=["company"])])
    assert "one_kind_of_support" not in keys([person(support=["nothing"])])


# The flags that are not about help.
NOT_HELP = {"small", "mostly_professionals", "all_family", "no_inner_circle"}


def help_flags(records: list[Any]) -> list[Any]:
    return [f for f in shape_of(records).flags if f.key not in NOT_HELP]


def test_no_flag_about_help_when_few_peoples_help_was_talked_about() -> None:
    # Help asked about for 1 of 6 people (practical): "listening 0" says nothing yet.
    records = [person(support=["practical"]), *(person() for _ in range(5))]
    assert help_flags(records) == []
    # Half is not most: still nothing.
    assert help_flags([person(support=["practical"]), person()]) == []


def test_a_flag_about_help_speaks_of_the_people_whose_help_was_talked_about() -> None:
    records = [person(support=["practical"]), person(support=["company"]), person()]
    [flag] = help_flags(records)
    assert flag.key == "no_emotional_support"
    assert flag.words == (
        "Of the 2 people whose help was talked about, no one is named for listening and "
        "support yet."
    )


def test_everyday_help_only_gives_one_flag_not_two() -> None:
    records = [person(support=["practical"]), person(support=["advice"])]  # both everyday
    [flag] = help_flags(records)
    assert flag.key == "one_kind_no_listening"
    assert flag.words == (
        "All the help named is everyday, practical things or advice, and no one is named for "
        "listening and support yet."
    )
    assert flag.idea.startswith("Thinking together about who could listen")
    assert "other kinds of help" in flag.idea
    partial = help_flags([*records, person(support=["practical"]), person()])
    assert [f.words for f in partial] == [
        "Of the 3 people whose help was talked about, all the help named is everyday, practical "
        "things or advice, and no one is named for listening and support yet."
    ]


@pytest.mark.parametrize(
    "records",
    [
        [person("professional", 3, ["nothing"])],
        [person("family", 2, ["practical"]), person("partner", 3, ["practical"])],
    ],
    ids=["one-worker", "family-only"],
)
def test_flags_speak_of_the_list_never_label_the_person(records: list[Any]) -> None:
    flags = shape_of(records).flags
    assert flags
    for flag in flags:
        text = f"{flag.words} {flag.idea}".casefold()
        for word in ("isolated", "lonely", "fragile", "deficit", "poor", "you ", "they are"):
            assert word not in text, (word, text)
        assert flag.idea.endswith(".")


def test_ideas_name_only_topics_the_content_has() -> None:
    small = [person(circle=1)]
    flag = next(f for f in shape_of(small).flags if f.key == "small")
    assert f"'{TOPIC_TITLES['community']}'" in flag.idea
    only_people = {"resourceful_people": "Who could help"}
    flag = next(f for f in shape_of(small, only_people).flags if f.key == "small")
    assert "'Who could help'" in flag.idea and "Things to do" not in flag.idea
    flag = next(f for f in shape_of(small, {}).flags if f.key == "small")
    assert "(" not in flag.idea and flag.idea.endswith(".")


# -- saved plans -----------------------------------------------------------------------------


def test_a_saved_plan_gives_the_same_shape_as_its_meeting(meetings: Meetings) -> None:
    records = meetings.first.data["network"]["people"]
    from_plan = shape_of_plan(meetings.plan1)
    assert from_plan.people == len(records) > 0
    assert from_plan == shape_of(records)
    # The plan's JSON holds {code, label} for each choice: read as codes.
    assert shape_of_plan(meetings.plan1.to_json()) == from_plan


def _plan_data(withheld: bool) -> dict[str, Any]:
    people = [
        {"name": "Priya", "relationship": {"code": "professional"}, "circle": 2},
        {"name": "Dr Jones", "relationship": {"code": "professional"}, "circle": 3},
    ]
    return {
        "network": {"people": people},
        "audience": {"kind": "team", "name": None, "withheld": withheld},
    }


def test_the_view_of_a_whole_copy_has_the_flags_and_what_small_means() -> None:
    view = shape_view(_plan_data(withheld=False))
    assert view["note"] is None
    small = next(f for f in view["flags"] if f["words"].startswith("2 people on the list so far"))
    assert "Palumbo et al. 2015" in small["why"]
    assert any(f["words"].startswith("Most people on the list are workers") for f in view["flags"])


def test_a_copy_with_parts_kept_private_says_so_and_has_no_flags() -> None:
    # Lee kept Mum private: Priya and Dr Jones alone would read as "mostly workers", small,
    # no one closest. The copy never says which parts are missing, so no flag is given.
    view = shape_view(_plan_data(withheld=True))
    assert view["note"] == PARTIAL_NOTE
    assert "in this copy only" in PARTIAL_NOTE
    assert view["flags"] == []
    assert view["lines"][0].startswith("2 people in this copy: 0 closest")  # not "on the list"


def test_a_plan_without_people_has_an_empty_shape() -> None:
    assert shape_of_plan({"network": {"people": []}}).empty
    assert shape_of_plan({}).empty


def test_topic_titles_come_from_the_content_in_use(content: Any) -> None:
    assert topic_titles(content.topics) == TOPIC_TITLES  # the shipped titles


def test_a_topic_renamed_or_switched_off_by_a_pack() -> None:
    class Index:
        def __init__(self, title: str) -> None:
            self.topic = type("Topic", (), {"title": title})()

    topics = {"community": Index("Out and about"), "goals": Index("  ")}
    assert topic_titles(topics) == {"community": "Out and about"}


def test_the_last_plans_line() -> None:
    assert before_line(shape_of([])) is None
    before = shape_of([person(circle=1), person(circle=2), person(circle=None)])
    assert before_line(before) == "At the last plan: 3 people, 1 closest."
    assert before_line(shape_of([person(circle=3)])) == "At the last plan: 1 person, 0 closest."
