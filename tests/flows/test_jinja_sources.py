"""Everything Jinja reads in the content, and compiling it ahead of time."""

from __future__ import annotations

from assistant.flows.expressions import precompile, render
from assistant.flows.templates import content_sources


def test_every_text_and_expression_of_the_content_is_listed(sample_content) -> None:
    sources = list(content_sources(sample_content))
    assert ("You told me about {{ len(get('network.people', [])) }} people.", False) in sources
    assert ("How do you feel about {{ person.name }}?", False) in sources  # a sub-flow
    assert ("consent.record", True) in sources  # a branch condition
    assert ("answered('about.name')", True) in sources  # an option's `when`


def test_each_source_is_listed_once(sample_content) -> None:
    sources = list(content_sources(sample_content))
    assert len(sources) == len(set(sources))


def test_the_whole_content_compiles(sample_content) -> None:
    assert all(precompile(s, expression=e) for s, e in content_sources(sample_content))


def test_a_text_that_does_not_compile_is_reported_not_raised() -> None:
    assert precompile("Hello {{ name", expression=False) is False


def test_a_precompiled_text_renders_as_before() -> None:
    source = "Hello {{ name }}, {{ 2 + 2 }}"
    precompile(source, expression=False)
    assert render(source, {"name": "{{ 7*7 }}"}) == "Hello {{ 7*7 }}, 4"
