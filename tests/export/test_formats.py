"""Each export format, made from a real two-meeting plan."""

from __future__ import annotations

import errno
import itertools
import json
import os
import re
from pathlib import Path

import jsonschema
import pytest
from export_support import Page, seen_text
from markdown_it import MarkdownIt

from assistant.export.render import (
    FORMATS,
    TEXT_WIDTH,
    ExportError,
    person_name,
    render,
    suggested_name,
    write_export,
)
from assistant.export.templates import long_date
from assistant.plans.model import About, Plan, Review, Words, plan_from_json, plan_schema


def test_html_is_a_standalone_page_in_english(plan: Plan) -> None:
    html = render(plan, "html").decode()
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB">' in html
    assert '<meta charset="utf-8">' in html
    assert "<link" not in html and "src=" not in html  # nothing fetched from elsewhere


def test_html_headings_go_in_order(plan: Plan) -> None:
    levels = [
        int(t[1]) for t in Page(render(plan, "html").decode()).tags if re.fullmatch(r"h\d", t)
    ]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_html_every_drawing_is_labelled(plan: Plan) -> None:
    html = render(plan, "html").decode()
    drawings = re.findall(r"<svg[^>]*>", html)
    labelled = [s for s in drawings if 'role="img"' in s]
    hidden = [s for s in drawings if 'aria-hidden="true"' in s]
    assert len(labelled) + len(hidden) == len(drawings)
    # The map and one chart per area; each outcome measure's chart (issue 19) besides.
    measures = [s for s in labelled if 'class="measures-chart"' in s]
    assert len(labelled) - len(measures) == 1 + len(plan.life_areas)


def test_html_ratings_over_time_are_also_written_as_numbers(plan: Plan) -> None:
    page = Page(render(plan, "html").decode()).joined
    friendships = next(a for a in plan.life_areas if a.area == "friendships")
    assert friendships.history and friendships.history[0].date
    earlier = friendships.history[0]
    # Dated as the chart is, not by version number (issue 14, print polish).
    assert f"{earlier.value} on {long_date(earlier.date)}" in page


def test_html_action_status_is_in_words_not_colour_only(plan: Plan) -> None:
    page = Page(render(plan, "html").decode()).joined
    assert "✓ Done" in page and "◐ Partly done" in page and "○ Not yet" in page


def test_html_shows_who_said_each_item(plan: Plan) -> None:
    page = Page(render(plan, "html").decode()).joined
    assert "said by the worker" in page
    assert "said by both together" in page


def test_markdown_renders_with_the_plan_sections(plan: Plan) -> None:
    html = MarkdownIt("commonmark").render(render(plan, "md").decode())
    titles = re.findall(r"<h2>(.*?)</h2>", html)
    assert titles[:4] == [
        "About me",
        "How to reach me, and contacts",
        "How satisfied, 1 to 7",
        "My connections",
    ]
    assert "Agreement" in titles


def test_plain_text_lines_fit_case_notes(plan: Plan) -> None:
    for line in render(plan, "txt").decode().splitlines():
        assert len(line) <= TEXT_WIDTH or " " not in line.strip(), line


def test_plain_text_wrapping_keeps_every_word(plan: Plan) -> None:
    text = render(plan, "txt").decode()
    assert "Went half way, then my legs hurt." in " ".join(text.split())


def test_plain_text_says_who_said_an_action_beside_its_words_not_its_status(plan: Plan) -> None:
    # "status: Done (said by both together)" read as if the status had been said by both.
    raw = render(plan, "txt").decode()
    text = " ".join(raw.split())
    # An action's review note follows its line, with no empty line between.
    assert "At the review" in raw and "\n\n      At the review" not in raw
    actions = [a for g in plan.goals for a in g.actions if a.status and a.proposed_by]
    assert actions
    for act in actions:
        assert f"- {act.what} (said by " in text
        assert f"status: {act.status.label} (said by" not in text


def test_easy_read_has_one_short_idea_per_line(plan: Plan) -> None:
    html = render(plan, "easy").decode()
    own = re.findall(r"<p>(.*?)</p>", html)  # the app's sentences; people's words are class=said
    assert own
    for sentence in own:
        assert len(sentence.split()) <= 12, sentence


def test_easy_read_speaks_to_the_person(plan: Plan) -> None:
    page = Page(render(plan, "easy").decode()).joined
    assert "This is your plan." in page
    assert "You and your worker:" in page


def test_easy_read_leaves_out_actions_already_done(plan: Plan) -> None:
    page = Page(render(plan, "easy").decode()).joined
    assert "Done already:" in page


def test_json_is_the_plan_itself(agreed_plan: Plan) -> None:
    assert plan_from_json(json.loads(render(agreed_plan, "json"))) == agreed_plan


def test_json_of_a_plan_that_is_not_a_saved_version_says_draft(plan: Plan) -> None:
    assert json.loads(render(plan, "json"))["state"] == {
        "status": "draft",
        "saved_at": None,
        "agreed_at": None,
        "agreed_by": None,
        "agreed_after": None,
        "agreed_how": None,
        "replaced_by": None,
        "replaced_at": None,
        "worker": None,
    }


def test_json_validates_against_the_committed_schema(plan: Plan) -> None:
    jsonschema.Draft202012Validator(plan_schema()).validate(json.loads(render(plan, "json")))


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ExportError, match="Unknown format 'docx'"):
        render(Plan(created="2026-01-01T00:00:00Z"), "docx")


def test_an_empty_plan_exports_in_every_text_format() -> None:
    empty = Plan(created="2026-01-01T00:00:00Z")
    for fmt in ("md", "html", "txt", "easy", "json", "fhir"):
        assert render(empty, fmt)


def test_suggested_names_hold_no_personal_details(agreed_plan: Plan) -> None:
    names = {suggested_name(agreed_plan, fmt) for fmt in FORMATS}
    assert "plan-v2.html" in names and "plan-v2-easy-read.html" in names
    assert not any("sam" in n.lower() for n in names)


def test_a_drafts_file_name_says_draft(draft_plan: Plan) -> None:
    assert suggested_name(draft_plan, "easy") == "plan-v2-draft-easy-read.html"


def test_write_export_refuses_to_replace_a_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.md"
    target.write_text("earlier")
    with pytest.raises(ExportError, match="already exists"):
        write_export(b"new", target)
    assert target.read_text() == "earlier"


def test_write_export_leaves_no_temporary_files(tmp_path: Path) -> None:
    write_export(b"data", tmp_path / "plan.md")
    assert [p.name for p in tmp_path.iterdir()] == ["plan.md"]


def test_write_export_on_a_full_disk_leaves_no_part_of_the_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "Nothing was exported" must be true: no hidden temp file holding the plan's opening.
    real_write = os.write

    def write(fd: int, data: bytes | memoryview) -> int:
        real_write(fd, bytes(data[:8]))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", write)
    with pytest.raises(ExportError, match=r"No space left on device\. Nothing was exported"):
        write_export(b"<title>Relationship plan for Sam</title>", tmp_path / "plan.html")
    assert list(tmp_path.iterdir()) == []


def test_write_export_into_a_missing_folder_says_so(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="Could not write"):
        write_export(b"data", tmp_path / "no" / "such" / "plan.md")


def test_a_gap_in_the_people_who_could_help_reads_as_words_not_a_marker(plan: Plan) -> None:
    # The text copy said "[GAP: would like to know more people]", like a template's hole.
    domains = [
        d.model_copy(update={"gap": True, "want_more": True}) for d in plan.resourceful.domains
    ]
    gapped = plan.model_copy(
        update={"resourceful": plan.resourceful.model_copy(update={"domains": domains})}
    )
    for fmt in ("txt", "md"):
        text = " ".join(render(gapped, fmt).decode().split())
        assert "GAP" not in text, fmt
        assert "a gap" in text and "would like to know more people" in text, fmt


@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
def test_about_me_says_the_name_they_like_to_be_called_as_the_meeting_shows_it(
    fmt: str,
) -> None:
    # The meeting's plan showed "What I like to be called: Jo" under About me; the copies
    # said "About me: not talked about yet".
    about = About(name=Words(text="Jo"))
    shown = seen_text(Plan(created="2026-12-01T10:00:00+00:00", about=about), fmt).lower()
    # Spaces and colons differ by format (html's headings run into their words).
    section = "".join(shown[shown.index("about me") :].split()).replace(":", "")
    assert section.startswith("aboutmewhatiliketobecalledjo")
    assert "not talked about yet" not in shown.split("how satisfied", 1)[0]


@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
def test_the_name_the_record_files_them_by_is_given_when_the_plan_uses_another(
    plan: Plan, fmt: str
) -> None:
    # The care team's copy named them only as they like to be called ("Sam"): a case
    # record could not find them by it.
    person = plan.person.model_copy(update={"display_name": "Samuel Jones"})
    shown = " ".join(render(plan.model_copy(update={"person": person}), fmt).decode().split())
    assert "Name in the team's records: " in shown and "Samuel Jones" in shown
    same = plan.person.model_copy(update={"display_name": person_name(plan)})
    shown = render(plan.model_copy(update={"person": same}), fmt).decode()
    assert "Name in the team's records" not in shown


@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
def test_a_review_with_no_look_back_words_says_nothing_was_written_down(
    plan: Plan, fmt: str
) -> None:
    # A review that went through the goals but skipped what changed, keep, change and stop
    # showed "Looking back (6 December 2026)" with nothing under it.
    assert plan.review is not None
    dated = plan.model_copy(update={"review": Review(reviewed_on=plan.review.reviewed_on)})
    shown = seen_text(dated, fmt).casefold()
    assert "nothing written down about what changed, or what to keep, change or stop" in shown
