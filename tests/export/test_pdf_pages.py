"""Printed pages: the header and footer on every page of a PDF, and characters no font draws.

The PDF tests print through the real headless Chromium (skipped without it, or without
pdftotext to read the pages back).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from export_support import needs_printing, pdf_pages

from assistant.export import pdf
from assistant.export.render import render
from assistant.export.templates import css_string
from assistant.plans.model import TRAINING_WATERMARK, Audience, Plan, Words


@needs_printing
def test_every_page_says_whose_plan_which_version_and_page_x_of_y(
    agreed_plan: Plan, tmp_path: Path
) -> None:
    pages = pdf_pages(agreed_plan, tmp_path)
    assert len(pages) > 3
    for number, page in enumerate(pages, start=1):
        lines = page.splitlines()
        # The header is the page's first line, the footer its last.
        assert lines[0] == "Relationship plan for Sam Version 2, agreed 3 March 2027", number
        assert lines[-1] == f"Page {number} of {len(pages)}", number


@needs_printing
def test_a_draft_says_so_in_every_pages_header(draft_plan: Plan, tmp_path: Path) -> None:
    pages = pdf_pages(draft_plan, tmp_path)
    assert all(
        "Version 2, draft (not agreed), saved 4 March 2027" in page.splitlines()[0]
        for page in pages
    )


@needs_printing
def test_a_training_plan_says_so_on_every_page_not_only_the_first_and_last(
    agreed_plan: Plan, tmp_path: Path
) -> None:
    # Pages 2-16 of the demo's 17 had the header "Relationship plan for Sam" and no mark:
    # one printed page passed for a real person's plan.
    pages = pdf_pages(agreed_plan.model_copy(update={"watermark": TRAINING_WATERMARK}), tmp_path)
    assert len(pages) > 3
    assert [n for n, page in enumerate(pages, 1) if TRAINING_WATERMARK not in page] == []


@needs_printing
def test_a_copy_for_the_care_team_says_so_on_every_page(agreed_plan: Plan, tmp_path: Path) -> None:
    copy = agreed_plan.model_copy(update={"audience": Audience(kind="team")})
    pages = pdf_pages(copy, tmp_path)
    assert all(
        page.splitlines()[-1].startswith("This copy is for the care team. Page ") for page in pages
    )


@needs_printing
def test_a_name_that_looks_like_css_or_html_is_printed_as_written(
    agreed_plan: Plan, tmp_path: Path
) -> None:
    name = 'Sam"; } </style><b>x</b> \\0041'
    about = agreed_plan.about.model_copy(update={"name": Words(text=name)})
    pages = pdf_pages(agreed_plan.model_copy(update={"about": about}), tmp_path)
    assert len(pages) > 3
    assert all(page.splitlines()[0].startswith(f"Relationship plan for {name} ") for page in pages)


@needs_printing
def test_a_long_name_is_cut_in_the_page_header_and_the_version_keeps_its_line(
    agreed_plan: Plan, tmp_path: Path
) -> None:
    # "Relationship plan for WWWW..." ran past the page's right edge and squeezed "Version 2,
    # agreed ..." beside it into a column one word wide.
    about = agreed_plan.about.model_copy(update={"name": Words(text="W" * 120)})
    pages = pdf_pages(agreed_plan.model_copy(update={"about": about}), tmp_path)
    for page in pages:
        header = page.splitlines()[0]
        assert header.startswith("Relationship plan for WWW") and "W…" in header
        assert header.endswith(" Version 2, agreed 3 March 2027")
    assert "W" * 120 in "".join(pages[0].split())  # the heading has it whole (wrapped)


def test_the_easy_read_page_header_cuts_a_long_name_too(agreed_plan: Plan) -> None:
    # Whole, it ran past the page's edge, over the training mark in the middle of the header.
    about = agreed_plan.about.model_copy(update={"name": Words(text="W" * 120)})
    page = render(agreed_plan.model_copy(update={"about": about}), "easy").decode("utf-8")
    top_left = re.search(r"@top-left \{ content: (\"[^\"]*\")", page)
    assert top_left is not None
    assert top_left.group(1) == css_string("My plan: " + "W" * 31 + "…")


def test_css_strings_escape_all_ascii_but_letters_and_digits() -> None:
    assert css_string("Sam 2") == '"Sam\\000020' + '2"'
    assert css_string('a"</style>\\') == '"a\\000022\\00003c\\00002fstyle\\00003e\\00005c"'
    assert css_string(None) == '""'
    assert css_string("\x1b") == '"␛"'  # a control character made visible first
    # Letters and symbols beyond ASCII stay themselves (they cannot end a string); spaces
    # and format characters of every kind are escaped.
    assert css_string("Zoë 山\u2028\u202e") == '"Zoë\\000020山\\002028\\00202e"'


def test_a_character_no_font_draws_is_written_as_readable_text() -> None:
    only_latin = ((0x20,), (0x2FF,))
    page = "<p>Mo 😀 and 山 are here. Zoë ok.</p>"
    assert pdf.readable_glyphs(page, only_latin) == (
        "<p>Mo [grinning face] and [U+5C71] are here. Zoë ok.</p>"
    )


def test_characters_the_fonts_draw_and_joiners_are_left_alone() -> None:
    coverage = ((0x20, 0x1F600), (0x2FF, 0x1F600))
    page = "Mo 😀\u200d\ufe0f"
    assert pdf.readable_glyphs(page, coverage) == page


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig not installed")
def test_the_installed_fonts_are_read_from_fontconfig() -> None:
    coverage = pdf.installed_coverage()
    assert coverage is not None
    assert pdf.readable_glyphs("Sam", coverage) == "Sam"


def _has_font_for(ch: str) -> bool:
    coverage = pdf.installed_coverage()
    return coverage is not None and pdf.readable_glyphs(ch, coverage) == ch


@needs_printing
@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig not installed")
def test_a_pdf_shows_a_letter_no_font_here_draws_as_readable_text(
    agreed_plan: Plan, tmp_path: Path
) -> None:
    letter = next((ch for ch in "山Ꮳሰ" if not _has_font_for(ch)), None)
    if letter is None:
        pytest.skip("this machine has a font for every test letter")
    about = agreed_plan.about.model_copy(update={"name": Words(text=f"Sam {letter}")})
    pages = pdf_pages(agreed_plan.model_copy(update={"about": about}), tmp_path)
    readable = f"[U+{ord(letter):04X}]"
    assert all(
        page.splitlines()[0].startswith(f"Relationship plan for Sam {readable} ") for page in pages
    )
    assert f"Relationship plan for Sam {readable}" in pages[0].split("\n", 1)[1]  # the heading
    assert not any(letter in page for page in pages)


def test_a_print_that_fails_in_one_process_is_tried_the_usual_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = tmp_path / "calls"
    browser = tmp_path / "bin" / "chromium"
    browser.parent.mkdir()
    # A stand-in that makes nothing when asked for one process, and a PDF otherwise.
    browser.write_text(
        "#!/bin/sh\n"
        f'echo "$*" >> {calls}\n'
        'case "$*" in *--single-process*) exit 1;; esac\n'
        'for arg in "$@"; do case "$arg" in --print-to-pdf=*) out="${arg#--print-to-pdf=}";; '
        "esac; done\n"
        "printf '%%PDF-1.4 fake' > \"$out\"\n"
    )
    browser.chmod(0o755)
    monkeypatch.setenv("PATH", f"{browser.parent}:/usr/bin:/bin")
    monkeypatch.setattr(pdf, "BROWSERS", ("chromium",))  # the stand-in, not a shell installed
    assert pdf.html_to_pdf("<p>x</p>") == b"%PDF-1.4 fake"
    first, second = calls.read_text().splitlines()
    assert "--single-process" in first
    assert "--single-process" not in second


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"')
_PAGE = re.compile(r'<page width="([\d.]+)"')


@needs_printing
def test_wide_tables_stay_within_the_page(agreed_plan: Plan, tmp_path: Path) -> None:
    long_name = "Bartholomew" * 12  # wider than the page, with no space to break at
    people = [
        person.model_copy(update={"name": long_name}) if index == 0 else person
        for index, person in enumerate(agreed_plan.network.people)
    ]
    network = agreed_plan.network.model_copy(update={"people": people})
    target = tmp_path / "wide.pdf"
    target.write_bytes(render(agreed_plan.model_copy(update={"network": network}), "pdf"))
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    width = float(_PAGE.search(boxes).group(1))
    right_margin = width - 15 / 25.4 * 72  # the page's 15 mm side margin, in points
    # The name is printed in full, over several lines (a table wider than the page is
    # cut at its edge, or the whole page shrunk to fit it)...
    words = "".join(re.findall(r">([^<]*)</word>", boxes))
    assert long_name in words
    # ...and every word on every page ends inside the right margin (a point's leeway for
    # the footer's right-aligned page number).
    assert max(float(x_max) for _, x_max in _WORD.findall(boxes)) <= right_margin + 1.5


@needs_printing
def test_the_easy_read_printed_has_the_same_header_and_page_x_of_y(
    agreed_plan: Plan, tmp_path: Path
) -> None:
    target = tmp_path / "easy.pdf"
    target.write_bytes(pdf.html_to_pdf(render(agreed_plan, "easy").decode("utf-8")))
    text = subprocess.run(
        ["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = [page for page in text.split("\f") if page.strip()]
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        lines = [" ".join(line.split()) for line in page.splitlines() if line.strip()]
        assert lines[0] == "My plan: Sam Version 2, agreed 3 March 2027", number
        assert lines[-1] == f"Page {number} of {len(pages)}", number


@needs_printing
def test_a_long_word_in_a_goal_heading_wraps_on_the_page(agreed_plan: Plan, tmp_path: Path) -> None:
    # A pasted address as a goal ran past the box and the page's edge: its end was lost.
    what = "https://example.org/" + "a" * 150 + "END"
    goal = agreed_plan.goals[0].model_copy(update={"what": what})
    plan = agreed_plan.model_copy(update={"goals": [goal, *agreed_plan.goals[1:]]})
    text = "".join("".join(pdf_pages(plan, tmp_path)).split())
    assert "a" * 150 + "END" in text
