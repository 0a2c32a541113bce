"""The shipped content pack: nine CPI topics, their playthroughs, and the rules they follow.

Each test checks one behaviour. Playthroughs run one file per test, so a failure names the
file and the step.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.authoring.explore import explore
from assistant.authoring.lint import lint_paths
from assistant.authoring.plan_roots import loop_paths
from assistant.authoring.playthrough import run_playthrough
from assistant.engine.conversation import Conversation
from assistant.flows import model as m
from assistant.flows.expressions import FUNCTIONS
from assistant.flows.loader import Content
from assistant.locations import content_dir
from assistant.meetings.paths import HARD_TIMES_TOPIC
from assistant.store_paths import SAFETY_RATINGS

CONTENT = content_dir()
FLOWS = CONTENT / "flows"
PLAYTHROUGHS = CONTENT / "playthroughs"
GUIDE = Path(__file__).resolve().parent.parent / "docs" / "authors-guide.md"

TOPICS_IN_ORDER = [
    "getting_started",
    "what_matters",
    "wellbeing",  # issue 19: the ONS4 well-being questions, at the first meeting and reviews
    "connections",
    "concerns",
    "resourceful_people",
    "community",
    "referrals",  # issue 19: getting in touch with a group or service, followed up
    "goals",
    "hard_times",  # issue 13: offered when needed (pause for safety, a low rating, review)
    "contacts",  # issue 14: how to reach me, personal and professional contacts
    "review",
    "closing",  # last: it sums up and agrees the plan
]
THEMES = {
    "worker_attitudes",
    "person_centred",
    "equality",
    "goal_setting",
    "new_networks",
    "engagement_through_activities",
    "practical_support",
    "existing_relationships",
    "taking_responsibility",
    "overcoming_barriers",
    "moving_on",
    "outward_facing",
    "co_production",
}
# Words that do not belong on the person's side of the screen: jargon, clinical terms,
# and words that imply failure.
JARGON = [
    "intervention",
    "social capital",
    "network",
    "fidelity",
    "engage",
    "engagement",
    "compliance",
    "comply",
    "fail",
    "failed",
    "failure",
    "service user",
    "client",
    "patient",
    "symptom",
    "assessment",
    "psychosis",
    "diagnosis",
    "co-production",
    "outcome",
    "resourceful",
    "attainment",
    "barrier",
    "stigma",
    "disclose",
    "disclosure",
]
MAX_SENTENCE_WORDS = 25
MAX_GRADE = 6.0  # Flesch-Kincaid grade 6 is about reading age 11


def _topic(content: Content, topic_id: str) -> m.Topic:
    return content.topics[topic_id].topic


def _pack_topics(content: Content) -> list[m.Topic]:
    pack = {p.stem for p in FLOWS.glob("*.yaml")}
    return [t.topic for t in content.topics.values() if t.topic.id in pack]


def _pack_topic_ids() -> list[str]:
    return sorted(p.stem for p in FLOWS.glob("*.yaml"))


# --------------------------------------------------------------------------- validate


def test_validate_strict_is_clean_for_the_whole_content_folder() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "validate", "--strict", "--quiet", str(CONTENT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_flows_and_playthroughs_have_no_problems_at_all() -> None:
    problems = lint_paths([FLOWS, PLAYTHROUGHS])
    assert [str(p) for p in problems] == []


def test_each_topic_file_is_named_after_its_topic_id(content: Content) -> None:
    for topic in _pack_topics(content):
        assert (FLOWS / f"{topic.id}.yaml").is_file(), topic.id


# ----------------------------------------------------------------------- the topic list


def test_listed_topics_are_the_thirteen_in_order(content: Content) -> None:
    assert [t.id for t in content.listed()] == TOPICS_IN_ORDER


def test_listed_topics_use_orders_10_to_130(content: Content) -> None:
    assert [t.order for t in content.listed()] == list(range(10, 140, 10))


def test_sub_flows_are_not_listed(content: Content) -> None:
    used = {
        node.topic
        for topic in _pack_topics(content)
        for node in topic.nodes
        if isinstance(node, (m.CallNode, m.RepeatNode))
    }
    sub_flows = used - set(TOPICS_IN_ORDER)
    assert sub_flows, "expected some sub-flows"
    assert all(not _topic(content, t).listed for t in sub_flows)


# ------------------------------------------------------------------------ playthroughs


def _playthrough_files() -> list[Path]:
    return sorted(PLAYTHROUGHS.glob("*.yaml"))


@pytest.mark.parametrize("path", _playthrough_files(), ids=lambda p: p.stem)
def test_playthrough_passes(path: Path, content: Content) -> None:
    result = run_playthrough(path, content)
    assert result.ok, "\n".join(result.failures)


@pytest.mark.parametrize("number,topic_id", list(enumerate(TOPICS_IN_ORDER, start=1)))
def test_every_topic_has_its_own_playthrough(number: int, topic_id: str) -> None:
    path = PLAYTHROUGHS / f"{number:02d}_{topic_id}.yaml"
    assert path.is_file(), f"missing {path.name}"
    steps = yaml.safe_load(path.read_text(encoding="utf-8"))["steps"]
    assert {"go": topic_id} in steps


def _journeys() -> list[dict[str, Any]]:
    return [
        yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted(PLAYTHROUGHS.glob("journey_*.yaml"))
    ]


def _topics_opened(journey: dict[str, Any]) -> list[str]:
    return [s["go"] for s in journey["steps"] if isinstance(s, dict) and "go" in s]


def test_at_least_three_journeys_open_several_topics() -> None:
    whole = [j for j in _journeys() if len(set(_topics_opened(j))) >= 3]
    assert len(whole) >= 3


def test_journeys_take_the_topics_in_different_orders() -> None:
    orders = {tuple(dict.fromkeys(_topics_opened(j))) for j in _journeys()}
    assert len(orders) == len(_journeys())


def test_a_journey_goes_from_goals_back_to_concerns() -> None:
    def goals_then_concerns(opened: list[str]) -> bool:
        return "goals" in opened and "concerns" in opened[opened.index("goals") :]

    assert any(goals_then_concerns(_topics_opened(j)) for j in _journeys())


def test_a_journey_parks_a_topic_and_resumes_it_after_save_and_resume() -> None:
    def parks_and_resumes(steps: list[Any]) -> bool:
        if "park" not in steps or "save_and_resume" not in steps:
            return False
        parked_at = steps.index("park")
        parked_topic = next(
            s["go"] for s in reversed(steps[:parked_at]) if isinstance(s, dict) and "go" in s
        )
        after = steps[steps.index("save_and_resume") :]
        return {"go": parked_topic} in after

    assert any(parks_and_resumes(j["steps"]) for j in _journeys())


def test_a_journey_is_a_review_meeting_building_on_an_earlier_session() -> None:
    reviews = [
        j for j in _journeys() if "review" in _topics_opened(j) and j.get("data", {}).get("goals")
    ]
    assert reviews
    assert any(j["data"].get("previous", {}).get("ratings") for j in reviews)


def test_a_journey_skips_whole_topics() -> None:
    skipped = [
        j
        for j in _journeys()
        if any(status == "not_started" for status in j.get("expect_status", {}).values())
    ]
    assert skipped


# ------------------------------------------------------------------------ random walks


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.slow
def test_random_walks_find_no_dead_end_or_template_error(seed: int, content: Content) -> None:
    failures = explore(content, seed=seed, runs=40)
    assert [(w.seed, w.error) for w in failures] == []


# ---------------------------------------------------- skip, park and revisit any topic


def _skip_through(conv: Conversation, limit: int = 300) -> None:
    """Say "not today" to everything (menus take their first option) until the topic ends."""
    for _ in range(limit):
        step = conv.step
        if step.kind == "topics":
            return
        if step.kind == "menu":
            conv.choose(step.options[0][0])
        else:
            conv.skip()
    raise AssertionError(f"still at {conv.step.topic}.{conv.step.node_id} after {limit} steps")


@pytest.mark.parametrize("topic_id", TOPICS_IN_ORDER)
def test_every_question_of_a_topic_can_be_skipped(topic_id: str, content: Content) -> None:
    conv = Conversation(content)
    conv.goto_topic(topic_id)
    _skip_through(conv)
    assert conv.status(topic_id) == "done"


@pytest.mark.parametrize("topic_id", TOPICS_IN_ORDER)
def test_a_topic_parked_part_way_resumes_at_the_same_step(topic_id: str, content: Content) -> None:
    # An earlier meeting with a goal, so that Looking back has something to look back on (at
    # a first meeting it says there is nothing yet, and ends).
    earlier = {
        "previous": {"date": "2026-11-08"},
        "goals": {"list": [{"id": "g1", "what": "See Jo"}]},
    }
    conv = Conversation(content, earlier)
    conv.goto_topic(topic_id)
    if conv.step.kind in ("say", "ask"):
        conv.skip()
    assert conv.status(topic_id) == "in_progress"
    where = (conv.step.topic, conv.step.node_id)
    conv.park()
    resumed = Conversation.from_state(content, json.loads(json.dumps(conv.to_state())))
    assert resumed.status(topic_id) == "parked"
    resumed.goto_topic(topic_id)
    assert (resumed.step.topic, resumed.step.node_id) == where


@pytest.mark.parametrize("topic_id", TOPICS_IN_ORDER)
def test_a_finished_topic_can_be_revisited_from_its_start(topic_id: str, content: Content) -> None:
    conv = Conversation(content)
    conv.goto_topic(topic_id)
    _skip_through(conv)
    conv.goto_topic(topic_id)
    assert conv.status(topic_id) == "in_progress"
    _skip_through(conv)
    assert conv.status(topic_id) == "done"


# ---------------------------------------------------------- speaker, guidance and tags


def _interactive(content: Content) -> Iterator[tuple[str, Any]]:
    for topic in _pack_topics(content):
        for node in topic.nodes:
            if isinstance(node, (m.SayNode, m.AskNode, m.MenuNode, m.EndNode)):
                yield f"{topic.id}.{node.id}", node


def test_every_step_names_its_speaker(content: Content) -> None:
    missing = [ref for ref, node in _interactive(content) if "speaker" not in node.model_fields_set]
    assert missing == []


def test_every_step_has_worker_guidance(content: Content) -> None:
    missing = [ref for ref, node in _interactive(content) if not (node.guidance or "").strip()]
    assert missing == []


def test_every_step_is_tagged_with_a_theme(content: Content) -> None:
    untagged = [ref for ref, node in _interactive(content) if not set(node.tags) & THEMES]
    assert untagged == []


def test_only_theme_tags_are_used(content: Content) -> None:
    used = {tag for topic in _pack_topics(content) for tag in topic.tags}
    used |= {tag for topic in _pack_topics(content) for node in topic.nodes for tag in node.tags}
    assert used - THEMES == set()


def test_every_theme_is_used_somewhere(content: Content) -> None:
    used = {tag for _, node in _interactive(content) for tag in node.tags}
    assert THEMES - used == set()


# --------------------------------------------------------------------- plain English


def _person_texts(topic: m.Topic) -> Iterator[str]:
    yield topic.title
    yield topic.description
    for node in topic.nodes:
        if node.speaker == "worker":
            continue
        for key in ("text", "prompt", "hint"):
            value = getattr(node, key, None)
            if isinstance(value, str):
                yield value
        for option in getattr(node, "options", []) or []:
            yield option.label if isinstance(option, m.MenuOption) else option.text
        for fld in getattr(node, "fields", []) or []:
            yield fld.label
            yield from (o.text for o in fld.options)
        if isinstance(node, m.AskNode):
            yield from node.labels.values()


def _person_prose(topic: m.Topic) -> Iterator[str]:
    """Sentences people read (not the short labels of options and fields)."""
    yield topic.description
    for node in topic.nodes:
        if node.speaker == "worker":
            continue
        for key in ("text", "prompt", "hint"):
            value = getattr(node, key, None)
            if isinstance(value, str):
                yield value


def _plain(text: str) -> str:
    """Template code out, so only the words people read are left."""
    text = re.sub(r"\{%.*?%\}", " ", text, flags=re.S)
    return re.sub(r"\{\{.*?\}\}", "it", text, flags=re.S)


def _sentences(text: str) -> list[list[str]]:
    parts = re.split(r"[.?!:;\n]+", text)
    return [words for part in parts if (words := re.findall(r"[A-Za-z0-9'’-]+", part))]


def _syllables(word: str) -> int:
    word = word.lower().strip("'’-")
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups)
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(1, count)


@pytest.mark.parametrize("topic_id", _pack_topic_ids())
def test_person_side_has_no_jargon_or_failure_words(topic_id: str, content: Content) -> None:
    found = []
    for text in _person_texts(_topic(content, topic_id)):
        plain = _plain(text).lower()
        found += [w for w in JARGON if re.search(rf"\b{re.escape(w)}s?\b", plain)]
    assert found == []


@pytest.mark.parametrize("topic_id", _pack_topic_ids())
def test_person_side_sentences_are_short(topic_id: str, content: Content) -> None:
    long = [
        " ".join(words)
        for text in _person_texts(_topic(content, topic_id))
        for words in _sentences(_plain(text))
        if len(words) > MAX_SENTENCE_WORDS
    ]
    assert long == []


@pytest.mark.parametrize("topic_id", _pack_topic_ids())
def test_person_side_reads_at_about_age_nine_to_eleven(topic_id: str, content: Content) -> None:
    sentences = [
        words
        for text in _person_prose(_topic(content, topic_id))
        for words in _sentences(_plain(text))
    ]
    words = [w for s in sentences for w in s]
    syllables = sum(_syllables(w) for w in words)
    grade = 0.39 * len(words) / len(sentences) + 11.8 * syllables / len(words) - 15.59
    assert grade <= MAX_GRADE, f"Flesch-Kincaid grade {grade:.1f}"


# ------------------------------------------------------------------------- data model


def _documented_paths(content: Content) -> set[str]:
    """Every store path of the pack, records and their fields written as `list[].field`."""
    loops = loop_paths(content, each="[]")
    paths = set()
    for topic in _pack_topics(content):
        for node in topic.nodes:
            stores = []
            if isinstance(node, m.AskNode):
                stores.append(node.store)
            if isinstance(node, m.SetNode):
                stores.extend(node.values)
            for store in stores:
                head, _, rest = store.partition(".")
                mine = loops.get(topic.id, {})
                path = f"{mine[head]}[].{rest}" if head in mine else store
                paths.add(path)
                if isinstance(node, m.AskNode) and node.type == "records":
                    paths.update(f"{path}[].{f.name}" for f in node.fields)
    return paths


def test_every_store_path_is_in_the_authors_guide_data_model(content: Content) -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    missing = sorted(p for p in _documented_paths(content) if f"`{p}`" not in guide)
    assert missing == []


def test_store_roots_are_not_function_names(content: Content) -> None:
    roots = {p.split(".")[0].split("[")[0] for p in _documented_paths(content)}
    assert roots & (set(FUNCTIONS) | {"opportunities", "opportunity"}) == set()


def test_previous_ratings_are_shown_beside_each_rating(content: Content) -> None:
    conv = Conversation(content, {"previous": {"ratings": {"friendships": 2}}})
    conv.goto_topic("what_matters")
    while conv.step.node_id != "rate_friendships":
        step = conv.step
        conv.choose(step.options[0][0]) if step.kind == "menu" else conv.skip()
    assert "Last time you said 2." in conv.step.text


def test_closing_records_the_date_of_the_agreement(content: Content) -> None:
    conv = Conversation(content)
    conv.goto_topic("closing")
    _skip_through(conv)
    assert conv.data["agreement"]["date"] == _dt.date.today().isoformat()


# ------------------------------------------------------------------ directory hook


def test_the_directory_step_is_in_place_for_opportunities(content: Content) -> None:
    node = content.topics["community"].nodes["directory_matches"]
    assert node.type == "multi_choice"
    assert node.store == "community.from_directory"
    switched_on = bool(node.options_from) and "opportunities(" in node.options_from
    assert switched_on or node.when == "false"


# ------------------------------------------------------------- the pause for safety's wiring


def test_the_pause_for_safety_finds_its_two_ratings_and_the_plan_for_hard_times(
    content: Content,
) -> None:
    """The app offers the plan for hard times after a low rating at these store paths
    (docs/authors-guide.md, "A plan for hard times, and the pause for safety")."""
    ratings = {
        node.store: (index.topic.id, node.id)
        for index in content.topics.values()
        for node in index.topic.nodes
        if isinstance(node, m.AskNode) and node.type == "rating"
    }
    assert {path: ratings.get(path) for path in SAFETY_RATINGS} == {
        "ratings.mental_health": ("life_areas", "rate_mental_health"),
        "ratings.safety": ("life_areas", "rate_safety"),
    }
    assert HARD_TIMES_TOPIC in content.topics
