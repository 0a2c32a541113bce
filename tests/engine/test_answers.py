"""Turning typed input into stored answers."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.engine.answers import AnswerError, UnknownDetail, coerce, parse_date
from assistant.flows.model import AskNode


def ask(kind: str, **extra) -> AskNode:
    return AskNode(id="q", kind="ask", type=kind, prompt="?", store="a.b", **extra)


@given(st.text())
def test_text_is_kept_exactly_as_typed(text: str) -> None:
    assert coerce(ask("text"), text) in (text, None)


def test_a_lone_surrogate_in_text_becomes_the_replacement_mark() -> None:
    stored = coerce(ask("long_text"), "broken \udc80 paste")
    assert stored == "broken \ufffd paste"
    assert stored.encode("utf-8")  # the answer can now be written to a file


def test_choice_accepts_the_label_in_any_case() -> None:
    shape = ask("choice", options=[{"value": "fr", "label": "Friend"}])
    assert coerce(shape, "friend") == "fr"


def test_choice_refuses_other_values_listing_the_options() -> None:
    with pytest.raises(AnswerError, match="Friend"):
        coerce(ask("choice", options=[{"value": "fr", "label": "Friend"}]), "enemy")


def test_multi_choice_keeps_the_written_order() -> None:
    assert coerce(ask("multi_choice", options=["a", "b", "c"]), ["c", "a"]) == ["a", "c"]


@pytest.mark.parametrize("given_value", [0, 8, "seven", True])
def test_rating_outside_its_range_is_refused(given_value) -> None:
    with pytest.raises(AnswerError):
        coerce(ask("rating", min=1, max=7), given_value)


def test_number_parses_text() -> None:
    assert coerce(ask("number"), " 1,200 ") == 1200


@pytest.mark.parametrize("text", ["nan", "inf"])
def test_number_refuses_not_a_number(text: str) -> None:
    with pytest.raises(AnswerError):
        coerce(ask("number"), text)


@pytest.mark.parametrize(("text", "value"), [("Yes", True), ("n", False), (True, True)])
def test_yes_no_understands_words(text, value) -> None:
    assert coerce(ask("yes_no"), text) is value


@pytest.mark.parametrize(
    ("text", "iso"),
    [("2027-01-31", "2027-01-31"), ("31/01/2027", "2027-01-31"), ("1/2/27", "2027-02-01")],
)
def test_dates_accept_iso_and_uk_order(text: str, iso: str) -> None:
    assert parse_date(text) == iso


def test_today_is_understood() -> None:
    assert parse_date("today") == dt.date.today().isoformat()


def test_impossible_date_is_refused() -> None:
    with pytest.raises(AnswerError, match="day/month/year"):
        parse_date("31/02/2027")


def test_records_get_ids_and_checked_fields() -> None:
    shape = ask(
        "records",
        fields=[{"name": "name", "label": "Name", "type": "text", "required": True}],
    )
    (record,) = coerce(shape, [{"name": "Ann"}])
    assert record["name"] == "Ann" and len(record["id"]) == 8


def test_records_missing_a_required_field_name_the_field() -> None:
    shape = ask(
        "records",
        fields=[{"name": "name", "label": "Name", "type": "text", "required": True}],
    )
    with pytest.raises(AnswerError, match="Name"):
        coerce(shape, [{"name": ""}])


GOALS = ask("records", fields=[{"name": "what", "label": "My goal", "type": "text"}])
STORED_GOAL = {"id": "g1", "what": "Walk", "actions": [{"id": "a1", "what": "Ask Jo"}]}


def test_an_entry_keeps_details_the_stored_entry_has_beyond_the_fields() -> None:
    (record,) = coerce(GOALS, [{"id": "g1", "what": "Walk more"}], earlier=[STORED_GOAL])
    assert record == {"id": "g1", "what": "Walk more", "actions": STORED_GOAL["actions"]}


def test_a_re_submitted_extra_detail_keeps_the_stored_value() -> None:
    given = [{"id": "g1", "what": "Walk", "actions": []}]
    (record,) = coerce(GOALS, given, earlier=[STORED_GOAL])
    assert record["actions"] == STORED_GOAL["actions"]


def test_an_unknown_detail_is_refused_in_plain_words_with_names_for_authors() -> None:
    with pytest.raises(UnknownDetail) as refused:
        coerce(GOALS, [{"id": "g2", "what": "Swim", "actions": []}], earlier=[STORED_GOAL])
    assert ("actions" in str(refused.value), refused.value.names) == (False, ["actions"])


def test_two_entries_with_one_id_are_refused() -> None:
    with pytest.raises(AnswerError, match="same"):
        coerce(GOALS, [{"id": "g1", "what": "A"}, {"id": "g1", "what": "B"}])


def test_a_long_text_loses_blank_lines_at_its_start_and_end_but_keeps_inner_breaks() -> None:
    typed = "\n \n\tmusic\n\nwalking the dog\n\n  \n"
    assert coerce(ask("long_text"), typed) == "\tmusic\n\nwalking the dog"


def test_a_long_text_of_blank_lines_only_is_no_answer() -> None:
    assert coerce(ask("long_text"), "\n\n  \r\n") is None


@given(st.text())
def test_a_long_text_never_starts_or_ends_with_a_blank_line(text: str) -> None:
    stored = coerce(ask("long_text"), text)
    if stored is not None:
        lines = stored.split("\n")
        assert lines[0].strip(" \t\r") != "" or len(lines) == 1
        assert lines[-1].strip(" \t\r") != "" or len(lines) == 1


def test_a_past_date_question_reads_4_12_as_this_years_and_refuses_a_day_to_come() -> None:
    sunday = dt.date(2026, 12, 6)
    assert parse_date("4/12", sunday, past=True) == "2026-12-04"
    with pytest.raises(AnswerError, match="still to come"):
        parse_date("next Friday", sunday, past=True)
