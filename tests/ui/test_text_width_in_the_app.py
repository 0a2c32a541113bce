"""The app cuts names and directory lines to fit by the one count of display width
(assistant.text_width) that the CLI's tables, the text copy and the drawings use: a wide
letter takes two cells, an accent typed as its own character none and stays on its letter.
The speaker line's name counted with Rich's own measure and cut by characters (an accent
could be cut off its letter: "José" read "Jose…"); a directory line counted characters, so
a line in Chinese took twice its room."""

from __future__ import annotations

from assistant.text_width import cells
from assistant.ui.widgets.directory_card import _cut
from assistant.ui.widgets.speaker_line import short_name

ACCENT = "\u0301"  # combining acute accent: drawn on the letter before it


def test_a_wide_name_on_the_speaker_line_is_cut_to_its_room_in_cells() -> None:
    shown = short_name("張偉明張偉明張偉明張偉明張偉明", 10)
    assert shown == "張偉明張…" and cells(shown) <= 10


def test_a_name_on_the_speaker_line_keeps_an_accent_on_its_letter() -> None:
    assert short_name(f"Jose{ACCENT} Luis Garci{ACCENT}a", 5) == f"Jose{ACCENT}…"


def test_a_wide_directory_line_is_cut_to_its_room_in_cells() -> None:
    shown = _cut("每周二下午在社区中心一起喝茶聊天", 10)
    assert shown == "每周二下…" and cells(shown) <= 10


def test_a_directory_line_with_accents_typed_alone_fills_its_room() -> None:
    shown = _cut(f"Cafe{ACCENT} de los Nin{ACCENT}os, Mie{ACCENT}rcoles", 12)
    assert shown == f"Cafe{ACCENT} de los…" and cells(shown) <= 12
