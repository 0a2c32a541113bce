"""Every sentence the person is shown ends as a sentence (issue 16 review: a lost full stop
ran "or something else" into "Last time you said 2."). Prompts that read last time's answers
are rendered twice, with previous ratings and without, since the end of the sentence moves."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from assistant.flows.expressions import STATIC_GLOBALS, evaluate, render
from assistant.flows.loader import Content
from assistant.store_paths import value_at

# Ends in . ? ! or a closing quote or bracket after one of them.
_ENDS_AS_SENTENCE = re.compile(r"""[.?!]["'”’)\]]*\s*$""")
AREAS = [
    "mental_health",
    "physical_health",
    "daytime",
    "home",
    "leisure",
    "friendships",
    "family",
    "safety",
    "medication",
    "practical_help",
    "meetings",
]
WITH_PREVIOUS = {
    "ratings": dict.fromkeys(AREAS, 6),
    "previous": {
        "ratings": dict.fromkeys(AREAS, 2),
        "rating_dates": dict.fromkeys(AREAS, "2026-12-02"),
        "date": "2026-12-02",
        "moving_on": "Back at work, and out with friends at weekends.",
    },
}
WITHOUT_PREVIOUS = {"ratings": dict.fromkeys(AREAS, 3)}


def _context(data: Mapping[str, Any]) -> dict[str, Any]:
    def get(path: str, default: Any = None) -> Any:
        return value_at(data, str(path), default)

    def answered(path: str) -> bool:
        return get(path) not in (None, "", [], {})

    return {
        **data,
        **STATIC_GLOBALS,
        "get": get,
        "answered": answered,
        "agency_choice": lambda name: True,
        # After a handover, so the words that name the earlier worker are read too.
        "worker_name": lambda: "Tom Baker",
        "earlier_worker": lambda: "Priya Patel",
    }


def _person_texts(value: Any) -> Iterator[tuple[str, str, str | None]]:
    """(node id, text, its `when`) for each prompt and say text anywhere in a topic's nodes."""
    if isinstance(value, Mapping):
        for key in ("prompt", "text"):
            text = value.get(key)
            if isinstance(text, str) and text.strip():
                yield str(value.get("id")), text, value.get("when")
        for inner in value.values():
            yield from _person_texts(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _person_texts(inner)


def _rating_texts(content: Content) -> list[tuple[str, str, str | None]]:
    return [
        (f"{topic_id}:{node}", text, when)
        for topic_id, index in content.topics.items()
        for node, text, when in _person_texts(index.topic.model_dump(mode="json"))
        if "previous." in text
    ]


def _shown(when: str | None, data: Mapping[str, Any]) -> bool:
    return when is None or bool(evaluate(when, _context(data)))


def test_plain_prompts_and_texts_end_as_sentences(content: Content) -> None:
    wrong = [
        f"{topic_id}:{node}: {text!r}"
        for topic_id, index in content.topics.items()
        for node, text, _when in _person_texts(index.topic.model_dump(mode="json"))
        if "{" not in text and not _ENDS_AS_SENTENCE.search(text)
    ]
    assert wrong == []


@pytest.mark.parametrize("data", [WITH_PREVIOUS, WITHOUT_PREVIOUS], ids=["previous", "first"])
def test_prompts_that_read_last_time_end_as_sentences(
    content: Content, data: Mapping[str, Any]
) -> None:
    texts = _rating_texts(content)
    assert len(texts) >= 22  # each rating and each "more help?" reads last time's number
    wrong = [
        f"{where}: {rendered!r}"
        for where, text, when in texts
        if _shown(when, data)
        and not _ENDS_AS_SENTENCE.search(rendered := render(text, _context(data)))
    ]
    assert wrong == []


def test_no_sentence_runs_into_last_time(content: Content) -> None:
    # "... something else Last time ..." has an end mark missing before the capital.
    run_on = re.compile(r"[a-z] (Last time|That's up|That sounds)")
    wrong = [
        f"{where}: {rendered!r}"
        for where, text, _when in _rating_texts(content)
        if run_on.search(rendered := render(text, _context(WITH_PREVIOUS)))
    ]
    assert wrong == []
