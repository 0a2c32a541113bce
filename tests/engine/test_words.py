"""Display helpers: people's words shown literally, values in plain words."""

from __future__ import annotations

from assistant.engine.answer_words import record_details, value_words
from assistant.engine.words import clean, one_line, shown, spark
from assistant.flows.model import AskNode, RecordField


def test_clean_keeps_newlines_and_shows_terminal_controls_as_escapes() -> None:
    # Issue 13: shown, not dropped, so a worker can see that something odd was typed.
    assert clean("a\x1b[31mb\x07c\r\nd\te\x00") == "a\\u001b[31mb\\u0007c\nd    e\\u0000"


def test_clean_shows_bidi_overrides_and_replaces_lone_surrogates() -> None:
    assert clean("\u202eevil \ud800") == "\\u202eevil \ufffd"


def test_clean_keeps_markup_like_text_and_templates_exactly() -> None:
    for text in ("[/", "[/]", "[$x]", "[@click=app.quit]x[/]", "{{ 7*7 }}", "back\\"):
        assert clean(text) == text


def test_very_long_text_is_shortened_for_display_and_says_so() -> None:
    text = "x" * 100_000
    out = shown(text)
    assert out.startswith("x" * 2000)
    assert "98,000 more characters, all kept" in out


def test_one_line_cuts_with_an_ellipsis() -> None:
    assert one_line("hello world\nsecond", 8) == "hello w…"


def test_values_in_plain_words() -> None:
    rating = AskNode(
        kind="ask", id="r", prompt="?", store="a.b", type="rating", labels={7: "Great"}
    )
    assert value_words(7, rating) == "7 out of 7, Great"
    assert value_words(True) == "Yes"
    date = AskNode(kind="ask", id="d", prompt="?", store="a.d", type="date")
    # A day in words (issue 15), with its year as it is not this year.
    assert value_words("2099-01-31", date) == "Saturday 31 January 2099"
    choice = AskNode(
        kind="ask",
        id="c",
        prompt="?",
        store="a.c",
        type="multi_choice",
        options=[{"value": "a", "label": "Apples"}, "b"],
    )
    assert value_words(["a", "b"], choice) == "Apples, b"


def test_records_are_named_by_their_label_template() -> None:
    node = AskNode(
        kind="ask",
        id="p",
        prompt="?",
        store="network.people",
        type="records",
        item_label="{{ item.name }}",
        fields=[RecordField(name="name", label="Name", type="text")],
    )
    assert (
        value_words([{"id": "1", "name": "Mo [/]"}, {"id": "2", "name": "{{ 7*7 }}"}], node)
        == "Mo [/], {{ 7*7 }}"
    )


def test_an_empty_list_is_named_in_its_own_words_not_as_nobody() -> None:
    # Walk finding: ctrl+s on an empty "What might get in the way?" showed "nobody yet".
    barriers = AskNode(
        kind="ask",
        id="b",
        prompt="?",
        store="goal.barriers",
        type="records",
        fields=[RecordField(name="barrier", label="What might get in the way", type="text")],
    )
    people = AskNode(
        kind="ask",
        id="p",
        prompt="?",
        store="network.people",
        type="records",
        fields=[RecordField(name="name", label="Name", type="text")],
    )
    assert value_words([], barriers) == "Nothing added yet"
    assert value_words([], people) == "No one added yet"


def test_a_question_label_joins_its_answer_without_a_colon() -> None:
    # Walk finding: "Worth adding to our directory?: Yes".
    fields = [
        RecordField(name="name", label="Name", type="text"),
        RecordField(name="worth", label="Worth adding to our directory?", type="yes_no"),
        RecordField(name="often", label="Times a week", type="number"),
    ]
    shown = record_details({"name": "Jam room", "worth": True, "often": 2}, fields)
    assert shown == "Worth adding to our directory? Yes · Times a week: 2"


def test_spark_draws_ratings_low_to_high() -> None:
    assert spark([1, 4, 7]) == "▁▅█"
