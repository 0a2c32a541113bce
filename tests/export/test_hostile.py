"""A plan full of hostile strings: every format shows them literally and stays valid."""

from __future__ import annotations

import json

import pytest
from export_support import HOSTILE, PIECES, Page, squash
from fhir.resources.R4B.bundle import Bundle
from fhir_schema import schema_errors
from markdown_it import MarkdownIt

from assistant.export import pdf
from assistant.export.render import render
from assistant.plans.model import Plan, PlanState, Words, plan_from_json


def _missing(text: str) -> list[str]:
    flat = squash(text)
    return [piece for piece in PIECES if squash(piece) not in flat]


@pytest.mark.parametrize("fmt", ["html", "easy"])
def test_html_formats_show_hostile_text_literally(hostile: Plan, fmt: str) -> None:
    page = Page(render(hostile, fmt).decode())
    assert _missing(page.joined) == []


@pytest.mark.parametrize("fmt", ["html", "easy"])
def test_html_formats_gain_no_elements_from_hostile_text(
    hostile: Plan, plan: Plan, fmt: str
) -> None:
    hostile_tags = set(Page(render(hostile, fmt).decode()).tags)
    assert "script" not in hostile_tags
    assert hostile_tags <= set(Page(render(plan, fmt).decode()).tags) | {"bdi"}


@pytest.mark.parametrize("fmt", ["html", "easy"])
def test_html_formats_keep_line_breaks_visible(hostile: Plan, fmt: str) -> None:
    html = render(hostile, fmt).decode()
    assert "white-space: pre-wrap" in html
    assert "# hash\n- dash line\n1. ordered" in html


def test_markdown_renders_hostile_text_literally(hostile: Plan) -> None:
    html = MarkdownIt("commonmark").render(render(hostile, "md").decode())
    assert _missing(Page(html).joined) == []


def test_markdown_gains_no_elements_from_hostile_text(hostile: Plan, plan: Plan) -> None:
    md = MarkdownIt("commonmark")
    hostile_tags = set(Page(md.render(render(hostile, "md").decode())).tags)
    plain_tags = set(Page(md.render(render(plan, "md").decode())).tags)
    assert hostile_tags <= plain_tags | {"br"}


def test_plain_text_shows_hostile_text_literally(hostile: Plan) -> None:
    assert _missing(render(hostile, "txt").decode()) == []


def test_no_format_passes_a_terminal_escape_through(hostile: Plan) -> None:
    for fmt in ("md", "html", "txt", "easy", "fhir"):
        assert b"\x1b" not in render(hostile, fmt), fmt


def test_json_keeps_hostile_text_exactly(hostile: Plan) -> None:
    data = json.loads(render(hostile, "json"))
    assert data["about"]["hopes"]["text"] == HOSTILE
    # The export adds the version's state (a plan that is not a saved version: draft).
    assert plan_from_json(data) == hostile.model_copy(update={"state": PlanState(status="draft")})


def test_fhir_with_hostile_text_still_validates(hostile: Plan) -> None:
    bundle = json.loads(render(hostile, "fhir", include_network=True))
    Bundle.model_validate(bundle)
    assert schema_errors(bundle) == []  # the official FHIR R4 JSON schema too
    goal = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Goal")
    assert _missing(goal["description"]["text"]) == []


@pytest.mark.skipif(pdf.find_chromium() is None, reason="Chromium is not installed")
def test_pdf_with_hostile_text_is_made(hostile: Plan) -> None:
    assert render(hostile, "pdf").startswith(b"%PDF-")


def _with_connection_named(plan: Plan, name: str) -> Plan:
    """``plan`` with its first connection's name as an imported file may hold it."""
    first, *rest = plan.network.people
    people = [first.model_copy(update={"name": name}), *rest]
    return plan.model_copy(update={"network": plan.network.model_copy(update={"people": people})})


@pytest.mark.parametrize("fmt", ["txt", "md"])
def test_a_right_to_left_override_in_a_name_ends_with_the_name(plan: Plan, fmt: str) -> None:
    # Kept open, U+202E turned the app's words after the name ("(Friend); in touch: ...")
    # back to front in text copies (HTML isolates it with <bdi>).
    text = render(_with_connection_named(plan, "Jo \u202eabc"), fmt).decode()
    [line] = [line for line in text.splitlines() if "\u202eabc" in line]
    assert "\u2068Jo \u202eabc\u2069" in line


@pytest.mark.parametrize("fmt", ["txt", "md"])
def test_a_name_that_closes_more_than_it_opens_still_ends_with_the_name(
    plan: Plan, fmt: str
) -> None:
    # Its own stray U+2069 would close the isolate round it, leaving the override open.
    name = "Jo \u2069\u202eabc"
    text = render(_with_connection_named(plan, name), fmt).decode()
    [line] = [line for line in text.splitlines() if "\u202eabc" in line]
    assert f"\u2068\u2068{name}\u2069" in line


@pytest.mark.parametrize("fmt", ["txt", "md"])
def test_ordinary_words_get_no_isolates(plan: Plan, fmt: str) -> None:
    assert not {"\u2068", "\u2069"} & set(render(plan, fmt).decode())


@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
def test_a_name_in_one_of_the_app_s_sentences_is_isolated_inside_it(plan: Plan, fmt: str) -> None:
    # "Agreed ... by Sam<U+202E>abc and the worker." was isolated as a whole only: the override
    # kept open turned " and the worker." back to front.
    named = plan.model_copy(
        update={
            "about": plan.about.model_copy(update={"name": Words(text="Sam \u202eabc")}),
            "state": PlanState(
                status="agreed",
                saved_at="2027-03-03T10:00:00.000+00:00",
                agreed_at="2027-03-03T10:00:00.000+00:00",
                agreed_by="both",
            ),
        }
    )
    text = " ".join(render(named, fmt).decode().split())
    assert "by \u2068Sam \u202eabc\u2069 and the worker." in text
