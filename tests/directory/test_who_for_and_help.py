"""Issue 16's directory leftovers: who an entry is for is honoured by `match()` and
`opportunities()` (also in practice with a persona), "staying at home" is not a housing
need, and services (advice, housing, work support) are offered as help, never as
something the person enjoys."""

from __future__ import annotations

import pytest

from assistant.authoring.content import load_content
from assistant.directory import match
from assistant.directory.browse import HELP_PREFIX, offer, option_label, profile_from, suggest
from assistant.directory.functions import DirectoryFunctions
from assistant.locations import content_dir
from assistant.training.loader import get_persona
from assistant.training.session import TrainingSession

JAM_ROOM = "northfield_jam_room"  # who_for: adults aged 18 to 35
MARCUS = "I play guitar every day"


@pytest.fixture(scope="module")
def shipped() -> DirectoryFunctions:
    return DirectoryFunctions(content_dir() / "directory")


def _ids(options: list[dict[str, str]]) -> list[str]:
    return [option["value"] for option in options]


def test_match_leaves_out_an_entry_for_other_ages(shipped) -> None:
    directory = shipped.directory
    assert JAM_ROOM in [m.entry.id for m in match(directory, [MARCUS], age=25)]
    assert JAM_ROOM not in [m.entry.id for m in match(directory, [MARCUS], age=46)]


def test_match_keeps_an_entry_when_the_age_is_not_known(shipped) -> None:
    assert JAM_ROOM in [m.entry.id for m in match(shipped.directory, [MARCUS])]


def test_match_leaves_out_an_entry_for_another_gender(shipped) -> None:
    walking = ["walking and a chat"]
    ids = [m.entry.id for m in match(shipped.directory, walking, gender="man")]
    assert "womens_walk_and_talk" not in ids
    assert "womens_walk_and_talk" in [m.entry.id for m in match(shipped.directory, walking)]


def test_opportunities_do_not_offer_marcus_at_46_the_jam_room(shipped) -> None:
    offered = _ids(shipped.opportunities(MARCUS, 8, age=46))
    assert offered and JAM_ROOM not in offered


def test_opportunities_offer_the_jam_room_at_25(shipped) -> None:
    assert JAM_ROOM in _ids(shipped.opportunities(MARCUS, 8, age=25))


def test_practice_with_marcus_knows_his_age_for_the_directory(pick_content) -> None:
    root = pick_content("opportunities(get('about.likes', ''), 8, age=person_age())")
    session = TrainingSession(get_persona("marcus"), load_content(root), seed=1)
    conv = session.conversation
    conv.goto_topic("pick")
    conv.answer(MARCUS)
    offered = [value for value, _ in conv.step.options]
    assert offered and JAM_ROOM not in offered


@pytest.mark.parametrize(
    "words", ["staying at home", "I like a day at home", "being at home with my cat"]
)
def test_staying_at_home_is_not_a_housing_need(shipped, words: str) -> None:
    offered = _ids(shipped.opportunities(words, 8))
    assert "housing_advice_hub" not in offered
    assert "brackenford_advice_centre" not in offered


def test_losing_a_home_still_finds_housing_advice(shipped) -> None:
    assert "housing_advice_hub" in _ids(shipped.opportunities("I might lose my home", 8))


def test_a_service_is_never_offered_because_the_person_enjoys_something(shipped) -> None:
    found = suggest(shipped.directory, profile_from("reading and learning", age=40))
    work = next(s for s in found if s.entry.id == "next_step_employment")
    readers = next(s for s in found if s.entry.id == "riverside_readers_and_writers")
    assert work.reasons == ("because you mentioned learning",)
    assert "because you said you enjoy reading" in readers.reasons


def test_a_service_is_labelled_as_help_and_what_it_is(shipped) -> None:
    hub = shipped.directory.entry("housing_advice_hub")
    assert option_label(hub) == (
        f"{HELP_PREFIX}Brackenford Housing Advice Hub, a housing advice service ({hub.when})"
    )
    choir = shipped.directory.entry("sing_for_joy_choir")
    assert not option_label(choir).startswith(HELP_PREFIX)


def test_the_offer_puts_things_to_enjoy_first_and_help_after(shipped) -> None:
    profile = profile_from("cooking, and I'm worried about money", age=40)
    found = offer(shipped.directory, profile, limit=8)
    kinds = [s.service for s in found]
    assert True in kinds and False in kinds
    assert kinds == sorted(kinds)  # every group before every service
    assert {s.entry.id for s in found} == {
        s.entry.id for s in suggest(shipped.directory, profile, limit=8)
    }


def test_the_offer_in_a_flow_labels_the_help(shipped) -> None:
    options = shipped.opportunities("I'm worried about my rent", 8)
    labels = [option["label"] for option in options]
    assert any(label.startswith(f"{HELP_PREFIX}Brackenford Housing Advice Hub") for label in labels)
