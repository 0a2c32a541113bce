"""The sandbox's quick ways (a dict's keys read directly, a template's macros called
directly) give exactly what Jinja's sandbox gives, and stay bounded."""

from __future__ import annotations

from typing import Any

import pytest
from jinja2 import StrictUndefined, UndefinedError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from assistant.flows.sandbox import BoundedEnvironment, Limits, TemplateLimitError


def _both(text: str, data: dict[str, Any]) -> tuple[str, str]:
    """``text`` rendered by the bounded environment and by Jinja's own sandbox."""
    bounded = BoundedEnvironment(undefined=StrictUndefined).from_string(text).render(data)
    plain = ImmutableSandboxedEnvironment(undefined=StrictUndefined).from_string(text)
    return bounded, plain.render(data)


@pytest.mark.parametrize(
    "text",
    [
        "{{ d.name }}",
        "{{ d.items is callable }}",  # a dict's method, not its "items" key
        "{{ d.keys()|list }}",
        "{{ d.get('name') }}",
        "{{ d.nested.deeper }}",
        "{{ d['items'] }}",
        "{{ d.name is defined }}|{{ d.missing is defined }}",
    ],
)
def test_a_dict_reads_as_in_jinja_s_sandbox(text: str) -> None:
    data = {"d": {"name": "Sam", "items": "a key", "nested": {"deeper": 3}}}
    bounded, plain = _both(text, data)
    assert bounded == plain


def test_a_missing_key_is_still_undefined() -> None:
    env = BoundedEnvironment(undefined=StrictUndefined)
    with pytest.raises(UndefinedError):
        env.from_string("{{ d.missing }}").render(d={})


def test_a_dict_s_internals_are_still_refused() -> None:
    env = BoundedEnvironment(undefined=StrictUndefined)
    with pytest.raises(SecurityError):
        env.from_string("{{ d.__class__ }}").render(d={"__class__": "x"})


def test_a_dict_method_that_changes_it_is_still_refused() -> None:
    env = BoundedEnvironment(undefined=StrictUndefined)
    with pytest.raises(SecurityError):
        env.from_string("{{ d.update({'a': 1}) }}").render(d={})


def test_a_macro_s_output_counts_towards_what_a_render_builds() -> None:
    env = BoundedEnvironment(limits=Limits(made_total=50_000), undefined=StrictUndefined)
    # The macro's text is written out, not built: only its result is counted.
    macro = "{% macro m() %}" + "x" * 1000 + "{% endmacro %}"
    text = macro + "{% for i in range(100) %}{{ m() }}{% endfor %}"
    with pytest.raises(TemplateLimitError, match=r"builds more than 50,000"):
        env.from_string(text).render()


def test_a_macro_s_output_is_measured_on_its_own() -> None:
    env = BoundedEnvironment(limits=Limits(value_size=500), undefined=StrictUndefined)
    text = "{% macro m() %}{% for i in range(100) %}xxxxxxxxxx{% endfor %}{% endmacro %}{{ m() }}"
    with pytest.raises(TemplateLimitError, match=r"m\(\) would make a value"):
        env.from_string(text).render()


def test_macros_render_as_before() -> None:
    text = "{% macro hi(who, end='!') %}Hello {{ who }}{{ end }}{% endmacro %}{{ hi('Sam') }}"
    assert _both(text, {}) == ("Hello Sam!", "Hello Sam!")
