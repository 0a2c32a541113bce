"""The content's `date_words` filter: a stored date as the people read it, never 15/12/2026."""

from __future__ import annotations

from assistant.flows.expressions import render


def test_a_stored_date_reads_as_a_day_in_words() -> None:
    text = render("See you on {{ d | date_words }}.", {"d": "2099-04-15"})
    assert text == "See you on Wednesday 15 April 2099."


def test_nothing_stored_reads_as_nothing() -> None:
    assert render("[{{ d | date_words }}]", {"d": None}) == "[]"


def test_words_that_are_not_a_date_are_shown_as_given() -> None:
    assert render("{{ d | date_words }}", {"d": "{{ 7*7 }}"}) == "{{ 7*7 }}"
