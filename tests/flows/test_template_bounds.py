"""Content text cannot freeze the app or exhaust memory (issue 13, section 5).

Every way found to make a template's work or memory grow is refused with a message that says
which limit was reached, instead of running for hours or asking for gigabytes.
"""

from __future__ import annotations

from typing import Any

import pytest
from jinja2 import StrictUndefined

from assistant.flows.expressions import ExpressionError, evaluate, render
from assistant.flows.sandbox import BoundedEnvironment, Limits, TemplateLimitError

NESTED_LOOPS = "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}"


def test_the_issue_s_nested_loops_stop_with_a_message_about_range() -> None:
    with pytest.raises(ExpressionError, match=r"range\(\) would count 100,000 numbers"):
        render(NESTED_LOOPS, {})


def test_the_issue_s_huge_string_is_refused_before_it_is_built() -> None:
    with pytest.raises(ExpressionError, match=r"`\*` would make a value of more than 1,000,000"):
        render("{{ 'x'*3000000000 }}", {})


def test_loops_inside_loops_within_the_range_limit_stop_at_the_loop_limit() -> None:
    text = "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}"
    with pytest.raises(ExpressionError, match=r"loops would go round more than 1,000,000 times"):
        render(text, {})


@pytest.mark.parametrize(
    "text",
    [
        "{{ 'x'.center(3000000000) }}",
        "{{ 'x'|center(3000000000) }}",
        "{{ 'x'|indent(3000000000) }}",
        "{{ 'x'.ljust(3000000000) }}",
        "{{ '0'.zfill(3000000000) }}",
        "{{ '{:>3000000000}'.format(1) }}",
        "{{ '{:>{w}}'.format(1, w=3000000000) }}",
        "{{ '%3000000000d' % 1 }}",
        "{{ '%3000000000d'|format(1) }}",
        "{{ '%*d' % (3000000000, 1) }}",
        "{{ [1, 2] * 3000000000 }}",
        "{{ (1).to_bytes(3000000000, 'big') }}",
        "{{ ('x' * 1000000).replace('', 'yy') }}",
        "{{ ('x' * 500000) ~ ('y' * 600000) }}",
        "{{ ('x' * 500000) + ('y' * 600000) }}",
        "{{ ('x' * 1000) * 1001 }}",
        "{{ (['x' * 1000] * 1000) * 2 }}",
        "{{ range(10)|batch(3000000000, 'x')|list }}",
        "{{ range(10)|slice(3000000000)|list }}",
        "{{ ('x ' * 400000)|wordwrap(1, wrapstring='-----') }}",
        "{{ lipsum(100000) }}",
    ],
)
def test_a_value_too_big_to_build_is_refused_before_it_is_built(text: str) -> None:
    with pytest.raises(ExpressionError, match=r"more than 1,000,000 characters or items"):
        render(text, {})


def test_a_number_too_long_to_print_is_refused() -> None:
    with pytest.raises(ExpressionError, match=r"more than 4,000 digits"):
        render("{{ 2 ** 100000 }}", {})


def test_doubling_a_text_in_a_loop_stops_at_the_size_limit() -> None:
    text = (
        "{% set ns = namespace(s='x') %}{% for i in range(64) %}"
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}"
    )
    with pytest.raises(ExpressionError, match=r"`~` would make a value"):
        render(text, {})


def test_a_list_that_holds_one_text_many_times_is_measured_before_it_is_shown() -> None:
    # 2**40 copies of one text: tiny in memory, far too long once printed.
    text = (
        "{% set ns = namespace(l='x' * 100) %}{% for i in range(40) %}"
        "{% set ns.l = [ns.l, ns.l] %}{% endfor %}"
    )
    for shown in ("{{ ns.l }}", "{{ ns.l|tojson }}", "{{ ns.l ~ '' }}", "{{ ns.l|string }}"):
        with pytest.raises(ExpressionError, match=r"(more|longer) than 1,000,000"):
            render(text + shown, {})


def test_a_list_of_big_texts_counts_the_texts_as_well_as_the_items() -> None:
    # 1,000 items, but printing them would print 1,000 x 100,000 characters.
    with pytest.raises(ExpressionError, match=r"more than 1,000,000"):
        render("{{ ['x' * 100000] * 1000 }}", {})


def test_what_one_render_builds_altogether_is_bounded() -> None:
    # Each text is small enough on its own; together they would fill the memory.
    text = "{% for i in range(10000) %}{% set x = 'x' * 10000 %}{% endfor %}"
    with pytest.raises(ExpressionError, match=r"builds more than 20,000,000"):
        render(text, {})


def test_a_macro_that_calls_itself_for_ever_is_stopped() -> None:
    with pytest.raises(ExpressionError, match=r"calls itself too deeply"):
        render("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}", {})


def test_a_condition_is_bounded_too() -> None:
    with pytest.raises(ExpressionError, match=r"`\*` would make a value"):
        evaluate("len('x' * 3000000000) > 1", {"len": len})


def test_attribute_names_that_start_with_an_underscore_are_refused() -> None:
    with pytest.raises(ExpressionError, match=r"__class__"):
        render("{{ name.__class__.__mro__ }}", {"name": "Sam"})


# -- time and output size, with small limits so the tests are quick ---------------------


def small_env(**limits: Any) -> BoundedEnvironment:
    return BoundedEnvironment(limits=Limits(**limits), undefined=StrictUndefined)


def test_a_render_that_takes_too_long_is_stopped_at_the_deadline() -> None:
    # 2**40 macro calls, no loop and no output: only the clock can stop it.
    text = (
        "{% macro f(n) %}{% if n > 0 %}{% set a = f(n - 1) %}{% set b = f(n - 1) %}"
        "{% endif %}{% endmacro %}{{ f(40) }}"
    )
    with pytest.raises(TemplateLimitError, match=r"took longer than 0.2 seconds"):
        small_env(seconds=0.2).from_string(text).render()


def test_a_render_stops_once_its_output_passes_the_limit() -> None:
    text = "{% for i in range(1000) %}{{ 'x' * 100 }}{% endfor %}"
    with pytest.raises(TemplateLimitError, match=r"longer than 50,000 characters"):
        small_env(output_size=50_000).from_string(text).render()


def test_a_limit_error_is_a_jinja_security_error_so_callers_report_it() -> None:
    from jinja2.exceptions import SecurityError

    assert issubclass(TemplateLimitError, SecurityError)


# -- ordinary templates work exactly as before -------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{{ 'a' ~ name ~ 'c' }}", "aSamc"),
        ("{{ range(3)|join(',') }}", "0,1,2"),
        ("{{ 'ab'|center(6) }}|{{ '%5s'|format('x') }}", "  ab  |    x"),
        ("{{ 2 ** 10 }} {{ [1] * 3 }} {{ [1, 2]|sum }} {{ 'ab' * 2 }}", "1024 [1, 1, 1] 3 abab"),
        ("{{ [[1], [2, 3]]|sum(start=[]) }}", "[1, 2, 3]"),
        ("{{ '{:>4}'.format(7) }}|{{ 'a-b'.replace('-', '+') }}", "   7|a+b"),
        (
            "{% for x in 'abc' %}{{ loop.index }}/{{ loop.length }}"
            "{{ ',' if not loop.last }}{% endfor %}",
            "1/3,2/3,3/3",
        ),
        ("{% for k, v in {'a': 1}.items() %}{{ k }}={{ v }}{% else %}none{% endfor %}", "a=1"),
        ("{% for x in [] %}{{ x }}{% else %}none{% endfor %}", "none"),
    ],
)
def test_ordinary_templates_render_as_before(text: str, expected: str) -> None:
    assert render(text, {"name": "Sam"}) == expected


def test_a_recursive_loop_still_works() -> None:
    tree = [{"name": "a", "kids": [{"name": "b", "kids": []}]}]
    text = "{% for n in tree recursive %}{{ n.name }}({{ loop(n.kids) }}){% endfor %}"
    assert render(text, {"tree": tree}) == "a(b())"


def test_each_render_has_its_own_allowance() -> None:
    # One render may go round 600,000 times; the next one starts again from zero.
    text = "{% for i in range(10000) %}{% for j in range(60) %}{% endfor %}{% endfor %}done"
    assert render(text, {}) == "done"
    assert render(text, {}) == "done"
