"""One count of terminal cells (assistant.text_width) for the CLI's tables, the text copy's
wrapping and the drawings' labels."""

from __future__ import annotations

import pytest

from assistant.text_width import cells, cut, cut_middle, cut_path

ACCENT = "\u0301"  # combining acute accent: drawn on the letter before it


@pytest.mark.parametrize(
    ("text", "taken"),
    [
        ("Zoe", 3),
        ("Zoë", 3),  # one character with its accent
        (f"Zoe{ACCENT}", 3),  # the accent typed as its own character
        ("山田", 4),  # wide East Asian letters: two cells each
        ("ｓａｍ", 6),  # full-width Latin
        ("😀", 2),
        ("👍🏽", 2),  # the skin tone colours the emoji before it
        ("❤️", 1),  # the variation selector takes no cell of its own
        ("a\u200db", 2),  # a zero-width joiner
        ("\u2068Sam\u2069", 3),  # bidi isolates
    ],
)
def test_cells_counts_what_a_terminal_draws(text: str, taken: int) -> None:
    assert cells(text) == taken


@pytest.mark.parametrize(
    ("text", "room", "shown"),
    [
        (f"Jose{ACCENT} Luis", 5, f"Jose{ACCENT}…"),  # the accent stays on its letter
        (f"Zoe\u0308 Ame{ACCENT}lie{ACCENT} Nu{ACCENT}n\u0303ez", 10, f"Zoe\u0308 Ame{ACCENT}li…"),
        ("張偉明張偉明", 7, "張偉明…"),  # two cells a letter
    ],
)
def test_cut_fills_the_room_in_cells_and_keeps_marks_on_their_letters(
    text: str, room: int, shown: str
) -> None:
    assert cut(text, room) == shown


@pytest.mark.parametrize(
    ("text", "room", "shown"),
    [
        ("/tmp/hDL/data", 13, "/tmp/hDL/data"),  # fits: unchanged
        ("/tmp/hDL/data", 12, "/tmp/h…/data"),  # its start and its last folder stay
        ("/home/sam/records", 9, "/hom…ords"),
        ("山田山田山田", 7, "山…田"),  # never more cells than the room, wide letters whole
        ("abc", 1, "…"),
        ("abc", 0, ""),
        # Each mark stays on its letter, at both ends.
        (f"Ame{ACCENT}lie Nu{ACCENT}n\u0303ez", 7, f"Ame{ACCENT}…n\u0303ez"),
    ],
)
def test_cut_middle_keeps_both_ends(text: str, room: int, shown: str) -> None:
    assert (cut_middle(text, room), cells(cut_middle(text, room)) <= room) == (shown, True)


@pytest.mark.parametrize(
    ("path", "room", "shown"),
    [
        ("/tmp/hDL/data", 13, "/tmp/hDL/data"),
        ("/tmp/a_long_folder/agency_records", 24, "/tmp/a_l…/agency_records"),  # last kept whole
        ("/tmp/a_long_folder/agency_records", 12, "/tmp/a…cords"),  # no room for it: the middle
        ("records", 5, "re…ds"),  # no folder before it
    ],
)
def test_cut_path_keeps_the_last_folder_whole_where_it_fits(
    path: str, room: int, shown: str
) -> None:
    assert (cut_path(path, room), cells(cut_path(path, room)) <= room) == (shown, True)
