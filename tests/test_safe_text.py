"""Text made safe for a terminal (assistant/safe_text.py): shown visibly or removed."""

from __future__ import annotations

import io
import json
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from assistant.safe_text import (
    REPLACEMENT,
    SURROGATES,
    UNSAFE,
    SafeWriter,
    escape_form,
    hidden_characters,
    invisible,
    is_safe,
    typed,
    typed_one_line,
    unsafe_characters,
    visible,
)

UNSAFE_CHARS = [chr(code) for first, last in UNSAFE for code in range(first, last + 1)]
HOSTILE = "Ann\x1b[2J\x1b]52;c;SGVsbG8=\x07 \u202eevil\u202c \x00 \x9b31m \ud800 end"
SCOTLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"

# Any text, lone surrogates and the unsafe characters included (they are rare in st.text()).
any_text = st.text(
    alphabet=st.one_of(
        st.characters(codec=None, categories=None),
        st.sampled_from(UNSAFE_CHARS),
        st.characters(min_codepoint=SURROGATES[0], max_codepoint=SURROGATES[1]),
    )
)


def unsafe_in(text: str, *, keep: str = "") -> set[str]:
    allowed = set(keep)
    bad = {c for c in text if c in set(UNSAFE_CHARS) - allowed}
    return bad | {c for c in text if SURROGATES[0] <= ord(c) <= SURROGATES[1]}


@given(any_text)
def test_visible_text_holds_no_unsafe_character_but_newline_and_tab(text: str) -> None:
    assert unsafe_in(visible(text), keep="\n\t") == set()


@given(any_text)
def test_one_line_visible_text_holds_no_unsafe_character_at_all(text: str) -> None:
    assert unsafe_in(visible(text, one_line=True)) == set()


@given(any_text)
def test_invisible_text_holds_no_unsafe_character(text: str) -> None:
    assert unsafe_in(invisible(text)) == set()


@given(any_text)
def test_invisible_text_takes_the_same_cells_on_screen(text: str) -> None:
    assert cell_len(invisible(text)) == cell_len(text)


@given(any_text)
def test_safe_text_can_always_be_encoded(text: str) -> None:
    visible(text).encode("utf-8")
    invisible(text).encode("utf-8")


@given(st.text())
def test_text_without_unsafe_characters_is_unchanged(text: str) -> None:
    text = "".join(c for c in text if c not in UNSAFE_CHARS or c in "\n\t")
    assert visible(text) == text


@given(any_text)
def test_json_through_visible_stays_valid_and_exact(text: str) -> None:
    text = text.encode("utf-8", "replace").decode("utf-8")  # JSON cannot carry lone surrogates
    document = json.dumps({"name": text}, ensure_ascii=False)
    assert json.loads(visible(document)) == {"name": text}


def test_every_unsafe_character_is_one_python_cannot_print() -> None:
    # Why the fast path (str.isprintable) is enough to let ordinary text through untouched.
    assert not any(c.isprintable() for c in UNSAFE_CHARS)


def test_the_list_covers_every_control_and_hiding_format_character() -> None:
    needed = "ZWJ and ZWNJ (emoji, scripts), soft hyphen, the visible number signs"
    kept = {0x00AD, 0x200C, 0x200D} | {c for c in range(0x600, 0x606)}
    kept |= {0x06DD, 0x070F, 0x0890, 0x0891, 0x08E2, 0x110BD, 0x110CD}
    kept |= set(range(0x13430, 0x13440))  # Egyptian hieroglyph format controls (visible)
    for code in range(0x110000):
        category = unicodedata.category(chr(code))
        if category in ("Cc", "Cf", "Zl", "Zp") and code not in kept:
            assert chr(code) in UNSAFE_CHARS, f"U+{code:04X} ({category}) is not listed"
    assert not kept & {ord(c) for c in UNSAFE_CHARS}, needed


def test_escape_is_shown_as_its_json_escape() -> None:
    assert visible("a\x1b[2Jb") == "a\\u001b[2Jb"


def test_bidi_override_is_shown() -> None:
    assert visible("\u202eevil") == "\\u202eevil"


def test_a_character_beyond_the_basic_plane_is_shown_as_its_two_halves() -> None:
    assert escape_form(0xE0041) == "\\udb40\\udc41"
    assert json.loads(f'"{escape_form(0xE0041)}"') == "\U000e0041"


def test_a_lone_surrogate_becomes_the_replacement_character() -> None:
    assert visible("a\ud800b") == f"a{REPLACEMENT}b"
    assert invisible("a\udfffb") == f"a{REPLACEMENT}b"


def test_newline_and_tab_are_kept_unless_one_line() -> None:
    assert visible("a\nb\tc") == "a\nb\tc"
    assert visible("a\nb\tc", one_line=True) == "a\\u000ab\\u0009c"


def test_line_separators_are_shown_as_escapes_so_json_stays_valid() -> None:
    # A real newline inside a JSON string would make a printed document invalid.
    assert visible("a\u2028b\u2029c") == "a\\u2028b\\u2029c"


def test_typed_line_separators_become_line_breaks() -> None:
    assert typed("a\u2028b\u2029c") == "a\nb\nc"


def test_invisible_removes_controls_and_keeps_the_rest() -> None:
    assert invisible(HOSTILE) == f"Ann[2J]52;c;SGVsbG8= evil  31m {REPLACEMENT} end"


def test_emoji_joins_and_scripts_are_kept() -> None:
    for text in ("👩‍👩‍👧", "Zoë", "שלום עליכם مرحبا", "क्‍ष", "می‌خواهم"):
        assert visible(text) == text == invisible(text)


def test_an_emoji_flag_keeps_its_tags_and_stray_tags_are_shown() -> None:
    assert visible(f"{SCOTLAND} ok") == f"{SCOTLAND} ok"
    assert visible("hidden\U000e0041") == "hidden\\udb40\\udc41"
    assert invisible(f"x\U000e0041 {SCOTLAND}") == f"x {SCOTLAND}"


def test_is_safe_and_the_characters_named_for_a_message() -> None:
    assert is_safe("Zoë 👩‍👧")
    assert not is_safe("a\nb", one_line=True)
    assert unsafe_characters("a\x1b\x1b\u202e") == ["\\u001b", "\\u202e"]


def test_the_writer_shows_controls_and_keeps_lines() -> None:
    out = io.StringIO()
    SafeWriter(out).write("a\x1b]52;c;x\x07\nb\tc\n")
    assert out.getvalue() == "a\\u001b]52;c;x\\u0007\nb\tc\n"


def test_the_writer_replaces_what_the_terminal_cannot_encode() -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii")
    writer = SafeWriter(stream)
    writer.write("Zoë \ud800\n")
    writer.flush()
    assert raw.getvalue() == b"Zo? ?\n"


def test_the_writer_flushes_text_before_bytes_are_written() -> None:
    raw = io.BytesIO()
    writer = SafeWriter(io.TextIOWrapper(raw, encoding="utf-8"))
    writer.write("first ")
    writer.buffer.write(b"second")
    assert raw.getvalue() == b"first second"


class Terminal(io.TextIOWrapper):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_bytes_to_a_terminal_are_made_safe_even_split_mid_character() -> None:
    raw = io.BytesIO()
    writer = SafeWriter(Terminal(raw, encoding="utf-8"))
    data = "Zoë\x1b[2J \u202e\n".encode()
    for i in range(len(data)):  # one byte at a time: "ë" arrives in two writes
        writer.buffer.write(data[i : i + 1])
    assert raw.getvalue().decode() == "Zoë\\u001b[2J \\u202e\n"


def test_bytes_to_a_pipe_or_file_pass_exactly() -> None:
    raw = io.BytesIO()
    writer = SafeWriter(io.TextIOWrapper(raw, encoding="utf-8"))
    writer.buffer.write(b"%PDF-1.7\x1b\xff\x00")
    assert raw.getvalue() == b"%PDF-1.7\x1b\xff\x00"


def test_bytes_that_are_not_utf8_show_as_replacement_characters_on_a_terminal() -> None:
    raw = io.BytesIO()
    terminal = Terminal(raw, encoding="utf-8")
    SafeWriter(terminal).buffer.write(b"a\xffb")
    assert raw.getvalue().decode() == f"a{REPLACEMENT}b"


@given(any_text)
def test_typed_text_keeps_no_control_character_but_newline_and_tab(text: str) -> None:
    kept = typed(text)
    assert not [c for c in kept if unicodedata.category(c) in ("Cc", "Cs") and c not in "\n\t"]


@given(any_text)
def test_typed_text_keeps_every_other_character_in_order(text: str) -> None:
    # A carriage return, line separator or paragraph separator is kept as a line break.
    breaks = str.maketrans("\r\u2028\u2029", "\n\n\n")
    words = [c for c in text.translate(breaks) if unicodedata.category(c) not in ("Cc", "Cs")]
    assert [c for c in typed(text) if c not in "\n\t" and c != REPLACEMENT] == [
        c for c in words if c not in "\n\t" and c != REPLACEMENT
    ]


def test_typed_text_drops_controls_and_keeps_lines_and_bidi_marks() -> None:
    assert typed("a\x1b[2Jb\r\nc\rd\te\x9b \u202ef\ud800") == "a[2Jb\nc\nd\te \u202ef\ufffd"


@pytest.mark.parametrize(
    "between", ["\n", "\r\n", "\t", "\x0b", "\x1f", "\x85", "\u2028", " \n\t "]
)
def test_a_break_typed_into_one_line_is_one_space_between_the_words(between: str) -> None:
    assert typed_one_line(f"Sam{between}Jones") == "Sam Jones"


def test_one_line_keeps_no_break_at_either_end_and_drops_other_controls() -> None:
    assert typed_one_line("\n Line A\n  Line B\n\n") == "Line A Line B"
    assert typed_one_line("Sam\x1b[2J Jo\ud800") == "Sam[2J Jo\ufffd"


def test_one_line_text_without_a_break_is_kept_as_typed() -> None:
    assert typed_one_line(" Sam  Jones ") == " Sam  Jones "


def test_one_line_keeps_the_spaces_typed_away_from_a_break() -> None:
    # Pasted after "Sam": its own first space still keeps the words apart.
    assert typed_one_line(" and\tJo  Ann") == " and Jo  Ann"


def test_a_name_with_hidden_characters_gets_a_message_naming_them() -> None:
    message = hidden_characters("The name", "Jo\u202e\x1b")
    assert message is not None and message.startswith("The name has hidden characters")
    assert "\\u202e, \\u001b" in message
    assert hidden_characters("The name", "Zoë\tO'Neil\n") is None


@pytest.mark.parametrize(
    ("before", "pasted", "after", "kept"),
    [
        ("hello", "\nworld", "", " world"),
        ("", "hello\n", "world", "hello "),
        ("hello", "\n", "world", " "),
        ("hello ", "\nworld", "", "world"),
        ("", "hello\n", " world", "hello"),
        ("", "\nworld\n", "", "world"),
    ],
)
def test_a_break_at_either_end_of_a_paste_keeps_it_apart_from_the_words_in_the_box(
    before: str, pasted: str, after: str, kept: str
) -> None:
    assert typed_one_line(pasted, before=before, after=after) == kept
