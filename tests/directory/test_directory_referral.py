"""Referrals to directory entries: routes, the worker's checks, the suggested wording, the
`referral` block's loader errors, and the flows' referral functions (issue 19)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from assistant.authoring.content import load_content
from assistant.directory import Directory, check_directory, load_directory
from assistant.directory.referral import (
    GONE_FLAG,
    UNREADABLE_FLAG,
    checks,
    kept_flags,
    message,
    referral_options,
    route_detail,
    route_options,
    routes_for,
    signed_by,
    with_referrals,
)
from assistant.engine.conversation import Conversation
from assistant.flows.problems import Problem
from assistant.locations import content_dir
from assistant.meetings.directory import with_person
from assistant.training.loader import load_personas
from assistant.training.session import shipped_content, with_persona
from tests.conftest import SAMPLE

SHIPPED = content_dir() / "directory"


@pytest.fixture(scope="module")
def shipped() -> Directory:
    return load_directory(SHIPPED)


def _values(options: list[dict[str, str]]) -> list[str]:
    return [o["value"] for o in options]


# --- Routes ---------------------------------------------------------------------------------


def test_an_entrys_own_routes_keep_its_order(shipped: Directory) -> None:
    # The recovery college prefers its online form, then people getting in touch themselves.
    assert routes_for(shipped.entry("brackenford_recovery_college")) == ("form", "self")


def test_without_a_referral_block_routes_come_from_the_contact(shipped: Directory) -> None:
    jam_room = shipped.entry("northfield_jam_room")
    assert jam_room.referral is None
    assert routes_for(jam_room) == ("phone", "email", "self")


def test_self_referral_adds_self_when_the_routes_leave_it_out(shipped: Directory) -> None:
    entry = shipped.entry("next_step_employment")
    assert "self" not in entry.referral.routes
    assert routes_for(entry)[-1] == "self"


def test_route_options_say_the_number_and_address_and_end_with_another_way(
    shipped: Directory,
) -> None:
    options = route_options(shipped.entry("brackenford_befriending"))
    assert options == [
        {"value": "phone", "label": "Phone 01632 960122"},
        {"value": "email", "label": "Email befriending@example.org"},
        {"value": "self", "label": "I'll get in touch myself"},
        {"value": "other", "label": "Another way"},
    ]


def test_without_consent_only_getting_in_touch_themselves_is_offered(shipped: Directory) -> None:
    options = route_options(shipped.entry("brackenford_befriending"), "no")
    assert options == [{"value": "self", "label": "I'll get in touch myself"}]


def test_a_service_that_needs_a_worker_to_ask_says_so_on_self(shipped: Directory) -> None:
    (option,) = route_options(shipped.entry("travel_buddy_scheme"), "no")
    assert option["value"] == "self"
    assert "usually needs a worker to ask" in option["label"]


def test_the_persons_own_idea_is_offered_every_route() -> None:
    assert _values(route_options(None)) == ["phone", "email", "form", "in_person", "self", "other"]


@pytest.mark.parametrize(
    ("route", "detail"),
    [
        ("phone", "01632 960113"),
        ("email", "recoverycollege@example.org"),
        ("form", "https://example.org/brackenford/recovery-college/enrol"),
        ("in_person", "The Old Library, 12 High Street"),
        ("self", "01632 960113"),
        ("other", ""),
        ("fax", ""),
    ],
)
def test_route_detail_is_what_to_pre_fill(shipped: Directory, route: str, detail: str) -> None:
    assert route_detail(shipped.entry("brackenford_recovery_college"), route) == detail


def test_a_form_route_without_a_form_address_uses_the_website(shipped: Directory) -> None:
    advice = shipped.entry("brackenford_advice_centre")
    assert route_detail(advice, "form") == "https://example.org/brackenford/advice"


# --- The worker's checks --------------------------------------------------------------------


def test_someone_outside_the_ages_is_flagged_with_both_ages(shipped: Directory) -> None:
    assert checks(shipped.entry("northfield_jam_room"), 46) == [
        "Northfield Jam Room is for ages 18 to 35; the person's age on record is 46."
    ]


def test_an_age_not_on_record_asks_the_worker_to_check(shipped: Directory) -> None:
    assert checks(shipped.entry("northfield_jam_room"), None) == [
        "Northfield Jam Room is for ages 18 to 35, and the person's age is not on record."
    ]


def test_someone_inside_the_ages_gets_no_flag(shipped: Directory) -> None:
    assert checks(shipped.entry("northfield_jam_room"), "24") == []


def test_someone_of_another_gender_is_flagged(shipped: Directory) -> None:
    flags = checks(shipped.entry("brackenford_mens_shed"), 40, "woman")
    assert flags == [
        "Brackenford Men's Shed is for men; the person's record says they are a woman."
    ]


def test_a_gender_not_on_record_asks_the_worker_to_check(shipped: Directory) -> None:
    (flag,) = checks(shipped.entry("brackenford_mens_shed"), 40, "prefer_not_to_say")
    assert flag.startswith("Brackenford Men's Shed is for men")


def test_a_situation_is_always_a_check_unless_known(shipped: Directory) -> None:
    carers = shipped.entry("brackenford_carers_centre")
    assert checks(carers) == ["Brackenford Carers Centre is for unpaid carers."]
    assert checks(carers, situations=["carer"]) == []


def test_each_criteria_line_is_a_check(shipped: Directory) -> None:
    flags = checks(shipped.entry("brackenford_befriending"), 50, "man")
    assert flags == ["Lives in Brackenford"]


def test_no_flag_starts_with_check(shipped: Directory) -> None:
    """Walkthrough finding 9: every place that shows the flags already calls them things to
    check ("For the worker to check: ..."), so a flag saying "Check: ..." doubled the word."""
    flags = [f for e in shipped.entries for f in checks(e)]
    assert flags
    assert not [f for f in flags if f.lower().startswith("check")]


@pytest.mark.parametrize("entry_id", ["brackenford_befriending", "travel_buddy_scheme"])
def test_a_sixteen_year_old_is_flagged_for_an_adults_only_service(
    shipped: Directory, entry_id: str
) -> None:
    """Walkthrough finding 9: "Aged 18 or over" was only in words, so no real age flag."""
    entry = shipped.entry(entry_id)
    assert f"{entry.name} is for ages 18 and over; the person's age on record is 16." in checks(
        entry, 16, "man"
    )
    assert checks(entry, 30, "man") == ["Lives in Brackenford"]


# --- The suggested wording ------------------------------------------------------------------

HOSTILE = "[bold red]Ana[/] {{ 7*7 }} {% raw %}\n<script>\x1b[2J"


def test_the_persons_own_message_names_them_and_the_group(shipped: Directory) -> None:
    text = message(shipped.entry("brackenford_befriending"), "Ana", "Sam")
    assert "My name is Ana. I would like some support from Brackenford Befriending." in text
    assert text.rstrip().endswith("Ana")


def test_the_workers_message_says_it_is_with_the_persons_agreement(shipped: Directory) -> None:
    text = message(
        shipped.entry("brackenford_befriending"),
        "Ana",
        "Sam Okafor",
        "My phone number",
        by_whom="worker",
        organisation="Brackenford Mind",
    )
    assert "My name is Sam Okafor and I work at Brackenford Mind." in text
    assert "with Ana's agreement, because Ana would like some support from Brackenford" in text
    assert "They are happy for me to share this: My phone number." in text


def test_hostile_names_stay_plain_text_on_one_line(shipped: Directory) -> None:
    text = message(shipped.entry("quiet_swim"), HOSTILE, None)
    first = next(line for line in text.splitlines() if line.startswith("My name is"))
    # Kept as typed (markup and template syntax are data), the line break and the escape
    # character gone, so the name cannot split the message or control a terminal.
    assert "[bold red]Ana[/] {{ 7*7 }} {% raw %} <script>[2J" in first
    assert "\x1b" not in text and "49" not in text


def test_a_group_is_joined_and_a_service_asked_for_support(shipped: Directory) -> None:
    assert "I would like to join Quiet Swim." in message(shipped.entry("quiet_swim"), "Ana")
    advice = message(shipped.entry("brackenford_advice_centre"), "Ana")
    assert "I would like some support from Brackenford Advice Centre." in advice


def test_missing_names_are_left_out_never_none(shipped: Directory) -> None:
    mine = message(shipped.entry("quiet_swim"), None, None)
    theirs = message(shipped.entry("quiet_swim"), None, None, by_whom="worker")
    assert "None" not in mine + theirs
    assert "My name is" not in mine
    assert "with their agreement" in theirs


def test_the_persons_own_idea_is_written_to_the_name_they_gave() -> None:
    assert "I would like to find out more about Chess Club." in message(
        None, "Ana", to="Chess Club"
    )
    assert "your group" in message(None, "Ana")


# --- Which entries a meeting can refer to ---------------------------------------------------


def test_referral_options_are_picks_then_things_to_try_each_once(shipped: Directory) -> None:
    picks = ["quiet_swim", "no_such_entry"]
    things = [
        {"id": "a", "what": "Swimming", "directory": "quiet_swim"},
        {"id": "b", "what": "Chess"},
        {"id": "c", "what": "Brackenford Befriending", "directory": "brackenford_befriending"},
    ]
    assert referral_options(shipped, picks, things) == [
        {"value": "quiet_swim", "label": "Quiet Swim"},
        {"value": "brackenford_befriending", "label": "Brackenford Befriending"},
    ]


def test_picked_entries_join_the_referrals_once(shipped: Directory) -> None:
    records = [{"id": "x1", "to": "Chess club"}]
    found = with_referrals(shipped, records, ["quiet_swim", "quiet_swim", "gone"])
    assert found == [
        {"id": "x1", "to": "Chess club"},
        {"id": "ref_quiet_swim", "entry": "quiet_swim", "to": "Quiet Swim"},
    ]
    assert records == [{"id": "x1", "to": "Chess club"}]


def _quiet_swim_unreadable(shipped: Directory) -> Directory:
    """The shipped directory with Quiet swim left out for a mistake in its file."""
    return shipped.model_copy(
        update={
            "entries": tuple(e for e in shipped.entries if e.id != "quiet_swim"),
            "unreadable": {"quiet_swim": "content/directory/quiet_swim.yaml"},
        }
    )


def test_a_picked_entry_whose_file_cannot_be_read_still_joins_the_referrals(
    shipped: Directory,
) -> None:
    unreadable = _quiet_swim_unreadable(shipped)
    assert with_referrals(unreadable, [], ["quiet_swim", "gone"]) == [
        {"id": "ref_quiet_swim", "entry": "quiet_swim", "to": "Quiet swim"}
    ]


def test_an_open_referral_is_not_added_again_but_an_ended_one_is(shipped: Directory) -> None:
    open_one = [
        {"id": "ref_quiet_swim", "entry": "quiet_swim", "to": "Quiet Swim", "status": "sent"}
    ]
    assert with_referrals(shipped, open_one, ["quiet_swim"]) == open_one
    ended = [{**open_one[0], "status": "declined"}]
    added = with_referrals(shipped, ended, ["quiet_swim"])
    assert [r["id"] for r in added] == ["ref_quiet_swim", "ref_quiet_swim_2"]


# --- Loader errors: file, line, column and what to do --------------------------------------

ENTRY_HEAD = """# yaml-language-server: $schema=../schema/directory.schema.json
id: art_club
name: Art Club
kind: arts
description: People paint together.
tags: [arts]
area: town_centre
when: Mondays, 10am
cost: Free
free: true
access: Step-free.
contact:
  phone: 01632 960001
bring_someone: true
"""


def _problems_with(tmp_path: Path, referral: str) -> list[Problem]:
    folder = tmp_path / "directory"
    shutil.copytree(SHIPPED, folder)
    (folder / "art_club.yaml").write_text(ENTRY_HEAD + referral, encoding="utf-8")
    return [p for p in check_directory(folder)[1] if p.severity == "error"]


def test_a_form_route_needs_the_forms_address(tmp_path: Path) -> None:
    (problem,) = _problems_with(tmp_path, "referral:\n  routes: [form, self]\n")
    assert problem.file.endswith("art_club.yaml")
    assert (problem.line, problem.col, problem.code) == (16, 3, "D107")
    assert "`form: https://...`" in problem.message


def test_a_phone_route_needs_a_phone_in_the_contact(tmp_path: Path) -> None:
    (problem,) = _problems_with(tmp_path, "referral:\n  routes: [self, email]\n")
    # Pointed at `email` in the list, and says where the address goes.
    assert (problem.line, problem.col, problem.code) == (16, 18, "D114")
    assert "add `email:` under `contact`" in problem.message


def test_a_route_listed_twice_is_an_error(tmp_path: Path) -> None:
    (problem,) = _problems_with(tmp_path, "referral:\n  routes: [phone, phone]\n")
    assert "`phone` twice" in problem.message


def test_self_and_no_self_referral_contradict(tmp_path: Path) -> None:
    text = "referral:\n  routes: [phone, self]\n  self_referral: false\n"
    (problem,) = _problems_with(tmp_path, text)
    assert "take one of them out" in problem.message


def test_an_unknown_route_suggests_the_right_one(tmp_path: Path) -> None:
    (problem,) = _problems_with(tmp_path, "referral:\n  routes: [phnoe]\n")
    assert (problem.line, problem.code) == (16, "D105")
    assert "phone" in problem.message


def test_a_complete_referral_block_loads(tmp_path: Path) -> None:
    text = (
        "referral:\n  routes: [phone, form]\n  form: https://example.org/refer\n"
        "  asks_for: Your name.\n  criteria: [Lives in Brackenford]\n  self_referral: true\n"
    )
    assert _problems_with(tmp_path, text) == []


def test_the_shipped_directory_carries_referral_details(shipped: Directory) -> None:
    assert sum(1 for e in shipped.entries if e.referral is not None) >= 12


# --- The flows' functions -------------------------------------------------------------------

SHOW = """
id: show
title: Show
description: Shows what the referral functions give.
nodes:
  - id: seed
    kind: set
    values:
      community.from_directory: "['quiet_swim']"
      about.name: "'Ana'"
  - id: choose
    kind: ask
    type: choice
    prompt: "Who to get in touch with?"
    store: referrals.entry
    options_from: "referral_options()"
  - {id: fin, kind: end}
"""


@pytest.fixture
def conv(write_topics) -> Conversation:
    root = write_topics(show=SHOW)
    shutil.copytree(SHIPPED, root / "directory")
    shutil.copy(content_dir() / "agency.yaml", root / "agency.yaml")
    conversation = Conversation(load_content(root))
    conversation.goto_topic("show")
    return conversation


def test_referral_options_reads_the_meetings_picks(conv: Conversation) -> None:
    assert list(conv.step.options) == [("quiet_swim", "Quiet Swim")]


def test_the_engine_fills_the_names_for_the_message(conv: Conversation) -> None:
    text = conv.functions["referral_message"]("quiet_swim", "worker")
    worker = conv.content.agency.worker.name
    assert worker and f"My name is {worker}" in text
    assert "with Ana's agreement" in text


def test_referral_checks_reads_the_persons_age_from_their_record(write_topics) -> None:
    root = write_topics(show=SHOW)
    shutil.copytree(SHIPPED, root / "directory")
    content = with_person(load_content(root), {"born": "1970-01-01", "gender": "man"})
    flags = Conversation(content).functions["referral_checks"]("northfield_jam_room")
    assert len(flags) == 1 and "the person's age on record is" in flags[0]


def test_an_entry_gone_from_the_directory_is_flagged(conv: Conversation) -> None:
    assert conv.functions["referral_checks"]("closed_last_year") == [GONE_FLAG]
    assert conv.functions["referral_checks"]("") == []


def test_practice_uses_the_personas_age() -> None:
    marcus = next(p for p in load_personas().values() if p.age == 46)
    functions = Conversation(with_persona(shipped_content(), marcus)).functions
    (flag,) = functions["referral_checks"]("northfield_jam_room")
    assert flag.endswith("the person's age on record is 46.")


@pytest.mark.parametrize(
    ("name", "args", "empty"),
    [
        ("referral_options", (), []),
        (
            "with_referrals",
            ([{"id": "a", "to": "Chess"}], ["quiet_swim"]),
            [{"id": "a", "to": "Chess"}],
        ),
        ("referral_to", ("quiet_swim",), ""),
        ("referral_routes", ("quiet_swim",), []),
        ("referral_detail", ("quiet_swim", "phone"), ""),
        ("referral_asks", ("quiet_swim",), ""),
        ("referral_checks", ("quiet_swim",), []),
        ("referral_message", ("quiet_swim",), ""),
    ],
)
def test_without_a_directory_each_function_gives_a_safe_empty_value(
    sample_content: Any, name: str, args: tuple[Any, ...], empty: Any
) -> None:
    assert Conversation(load_content(SAMPLE)).functions[name](*args) == empty


def test_a_wording_signed_by_today_s_worker_keeps_the_pair_s_own_words() -> None:
    text = (
        "Hello,\n\nMy name is Jo and I work at Mind. Jo's friend Joanne says hi.\n\nThank you,\nJo"
    )
    assert signed_by(text, "Jo", "Tom Baker") == (
        "Hello,\n\nMy name is Tom Baker and I work at Mind. Jo's friend Joanne says hi.\n\n"
        "Thank you,\nTom Baker"
    )


def test_a_wording_is_re_signed_only_for_the_whole_earlier_name() -> None:
    text = "My name is Joanne.\n\nThank you,\nJoanne"
    assert signed_by(text, "Jo", "Tom Baker") == text


def test_an_entry_whose_file_cannot_be_read_is_offered_by_the_name_its_referral_gets(
    shipped: Directory,
) -> None:
    # The option said the thing to try's words and the referral the id in words: one entry,
    # two names.
    unreadable = _quiet_swim_unreadable(shipped)
    things = [{"id": "t1", "what": "Try a swim", "directory": "quiet_swim"}]
    [option] = referral_options(unreadable, [], things)
    [made] = with_referrals(unreadable, [], ["quiet_swim"])
    assert option["label"] == made["to"] == "Quiet swim"


def test_the_flag_for_details_that_cannot_be_read_is_not_kept_with_the_referral() -> None:
    # It stops being true when the file is fixed; the group's own flags are kept.
    saved_before = (
        "The directory's details for this group cannot be read just now (whoever looks after "
        "the content needs to fix /tmp/pack/directory/quiet_swim.yaml): check them first."
    )
    kept = kept_flags([UNREADABLE_FLAG, saved_before, "For adults aged 18 and over.", ""])
    assert kept == ["For adults aged 18 and over."]
