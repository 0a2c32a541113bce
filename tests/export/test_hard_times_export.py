"""The plan for hard times, the agency's contacts and who a copy is for, in every format
(issue 13 §1 and §2)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from export_support import HOSTILE, PIECES, Page, squash
from fhir.resources.R4B.bundle import Bundle
from fhir_schema import schema_errors
from markdown_it import MarkdownIt

from assistant.agency import EXAMPLE_LINE, Agency, AgencyContact, Worker, load_agency
from assistant.export import pdf
from assistant.export.render import render
from assistant.export.views import HARD_TIMES_PARTS, WITHHELD_NOTE
from assistant.locations import content_dir
from assistant.plans.model import Audience, HardTimes, Plan, PrivatePart, Words

READABLE = ("md", "html", "txt", "easy", "fhir")

HARD_TIMES = HardTimes(
    early_signs=Words(text="I stop answering the phone", proposed_by="person"),
    what_helps=Words(text="A walk by the canal with Jo"),
    what_does_not_help=Words(text="Being told to cheer up"),
    contact_day=Words(text="My sister Ana, on her mobile"),
    contact_night=Words(text="The out-of-hours line"),
    others_do=Words(text="Sit with me and make a cup of tea"),
)
AGENCY = Agency(
    organisation="Northside Care",
    team="Riverside Team",
    worker=Worker(name="Priya Shah", role="Support worker", phone="0161 496 0001"),
    reach_us="Ring the office and ask for Priya.",
    office_hours="Monday to Friday, 9am to 5pm",
    out_of_hours=[AgencyContact(name="Duty line", phone="0161 496 0999", when="evenings")],
    crisis=[AgencyContact(name="Crisis team", phone="0808 157 0000", when="any time")],
)


def _plan(base: Plan, **update: Any) -> Plan:
    values = {"hard_times": HARD_TIMES, "agency": AGENCY, "audience": None}
    return base.model_copy(update={**values, **update})


def _words(plan: Plan, fmt: str, **options: Any) -> str:
    """What a reader sees in ``fmt``, whitespace squashed (lines wrap differently)."""
    data = render(plan, fmt, **options)
    if fmt == "md":
        return squash(Page(MarkdownIt("commonmark").render(data.decode())).joined)
    if fmt in ("html", "easy"):
        return squash(Page(data.decode()).joined)
    if fmt == "fhir":
        bundle = json.loads(data)
        Bundle.model_validate(bundle)
        assert schema_errors(bundle) == []  # the official FHIR R4 JSON schema too
        notes = [note["text"] for e in bundle["entry"] for note in e["resource"].get("note", [])]
        return squash(" | ".join(notes))
    return squash(data.decode())


@pytest.mark.parametrize("fmt", READABLE)
def test_every_format_shows_the_plan_for_hard_times_in_the_person_s_words(
    plan: Plan, fmt: str
) -> None:
    shown = _words(_plan(plan), fmt)
    for field, _, _ in HARD_TIMES_PARTS:
        assert getattr(HARD_TIMES, field).text in shown, field


@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
def test_the_plan_for_hard_times_has_its_own_heading(plan: Plan, fmt: str) -> None:
    assert "plan for hard times" in _words(_plan(plan), fmt).casefold()


def test_json_keeps_the_plan_for_hard_times_and_the_agency_exactly(plan: Plan) -> None:
    data = json.loads(render(_plan(plan), "json"))
    assert HardTimes.model_validate(data["hard_times"]) == HARD_TIMES
    assert Agency.model_validate(data["agency"]) == AGENCY


@pytest.mark.parametrize("fmt", READABLE)
def test_without_a_plan_for_hard_times_there_is_no_such_section(plan: Plan, fmt: str) -> None:
    shown = _words(_plan(plan, hard_times=None), fmt).casefold()
    assert "plan for hard times" not in shown
    assert "when things get hard" not in shown


@pytest.mark.parametrize("fmt", READABLE)
def test_every_format_gives_the_worker_and_the_numbers_to_call(plan: Plan, fmt: str) -> None:
    shown = _words(_plan(plan), fmt)
    for expected in ("Priya Shah", "0161 496 0001", "Riverside Team, Northside Care"):
        assert expected in shown
    assert "Ring the office and ask for Priya." in shown
    assert "Duty line: phone 0161 496 0999 (evenings)." in shown
    assert "Crisis team: phone 0808 157 0000 (any time)." in shown


FIRST_SECTION = {"md": "About me", "html": "About me", "txt": "ABOUT ME", "easy": "What matters"}


@pytest.mark.parametrize("fmt", ["md", "html", "txt", "easy"])
def test_the_person_s_copy_opens_with_the_crisis_numbers_and_where_their_plan_is(
    plan: Plan, fmt: str
) -> None:
    # They were the 15th of 18 sections: page 10 of 11 on paper, nothing on page 1.
    shown = _words(_plan(plan, audience=Audience(kind="person")), fmt)
    top = shown[: shown.index(FIRST_SECTION[fmt])]
    assert "Crisis team: phone 0808 157 0000 (any time)." in top
    top = top.casefold()  # plain text's headings are in capitals
    assert "if things get hard" in top
    assert ("when things get hard" if fmt == "easy" else "my plan for hard times") in top


@pytest.mark.parametrize("fmt", ["md", "html", "txt", "easy"])
@pytest.mark.parametrize(
    "audience",
    [Audience(kind="team"), Audience(kind="named", name="GP"), Audience(kind="named", name="Ana")],
)
def test_copies_for_others_do_not_open_with_the_crisis_box(
    plan: Plan, fmt: str, audience: Audience
) -> None:
    assert "if things get hard" not in _words(_plan(plan, audience=audience), fmt).casefold()


@pytest.mark.parametrize("fmt", ["md", "html", "txt", "easy"])
def test_with_no_plan_for_hard_times_and_no_crisis_numbers_there_is_no_crisis_box(
    plan: Plan, fmt: str
) -> None:
    agency = AGENCY.model_copy(update={"crisis": []})
    copy = _plan(plan, audience=Audience(kind="person"), hard_times=None, agency=agency)
    assert "if things get hard" not in _words(copy, fmt).casefold()


@pytest.mark.parametrize("fmt", ["md", "html", "txt", "easy"])
def test_who_to_contact_starts_with_the_crisis_numbers(plan: Plan, fmt: str) -> None:
    # As the Pause for safety shows them: in a crisis, day or night; when the team is closed;
    # then the worker and the team (the crisis lines had come last, after the office hours).
    shown = _words(_plan(plan, audience=Audience(kind="person")), fmt)
    heading = "Who you can contact" if fmt == "easy" else "Who to contact"
    contacts = shown[shown.rindex(heading) :]
    order = [contacts.index(words) for words in ("Crisis team", "Duty line", "Priya Shah")]
    assert order == sorted(order)


def test_the_easy_read_says_who_the_worker_is_and_how_to_call(plan: Plan) -> None:
    shown = _words(_plan(plan), "easy")
    assert "Your worker is Priya Shah (Support worker)." in shown
    assert "You can call 0161 496 0001." in shown


@pytest.mark.parametrize("fmt", READABLE)
def test_made_up_details_are_marked_on_every_copy(plan: Plan, fmt: str) -> None:
    example = AGENCY.model_copy(update={"example": True})
    assert EXAMPLE_LINE in _words(_plan(plan, agency=example), fmt)
    assert EXAMPLE_LINE not in _words(_plan(plan), fmt)


@pytest.mark.parametrize("fmt", ["md", "txt", "html", "easy"])
def test_an_agency_template_cannot_leave_out_the_made_up_mark(
    plan: Plan, tmp_path: Path, fmt: str
) -> None:
    name = {"md": "plan.md.j2", "txt": "plan.txt.j2", "html": "plan.html.j2"}
    (tmp_path / name.get(fmt, "plan.easy.html.j2")).write_text("<body>Call 0800</body>\n")
    example = AGENCY.model_copy(update={"example": True})
    text = render(_plan(plan, agency=example), fmt, templates=tmp_path).decode()
    assert text.count(EXAMPLE_LINE) == 1


@pytest.mark.parametrize("fmt", READABLE)
def test_without_agency_details_no_contacts_are_made_up(plan: Plan, fmt: str) -> None:
    shown = _words(_plan(plan, agency=None), fmt)
    for heading in ("Your worker is", "Your team", "When the team is closed", "In a crisis"):
        assert heading not in shown
    assert "phone 0" not in shown and "call 0" not in shown


@pytest.mark.parametrize("fmt", READABLE)
def test_a_plan_without_agency_details_shows_the_current_settings_when_given(
    plan: Plan, fmt: str
) -> None:
    shown = _words(_plan(plan, agency=None), fmt, agency=AGENCY)
    assert "Crisis team: phone 0808 157 0000 (any time)." in shown


@pytest.mark.parametrize("fmt", READABLE)
def test_the_numbers_printed_are_today_s_not_the_ones_the_plan_was_made_with(
    plan: Plan, fmt: str
) -> None:
    # The agency replaced its crisis line after the plan was agreed: a copy printed today
    # must not hand the person the old one (issue 13 §1).
    now = AGENCY.model_copy(update={"crisis": [AgencyContact(name="New line", phone="0800")]})
    shown = _words(_plan(plan), fmt, agency=now)
    assert "New line: phone 0800." in shown and "0808 157 0000" not in shown


@pytest.mark.parametrize("fmt", READABLE)
def test_without_today_s_settings_the_plan_s_own_details_are_shown(plan: Plan, fmt: str) -> None:
    shown = _words(_plan(plan), fmt)
    assert "Crisis team: phone 0808 157 0000 (any time)." in shown


def test_json_keeps_the_details_the_plan_was_made_with(plan: Plan) -> None:
    now = AGENCY.model_copy(update={"crisis": [AgencyContact(name="New line", phone="0800")]})
    data = json.loads(render(_plan(plan), "json", agency=now))
    assert Agency.model_validate(data["agency"]) == AGENCY


def test_json_is_the_version_as_saved_without_the_current_settings(plan: Plan) -> None:
    data = json.loads(render(_plan(plan, agency=None), "json", agency=AGENCY))
    assert data["agency"] is None


AUDIENCES = [
    (Audience(kind="person"), "This copy is for you."),
    (Audience(kind="team", withheld=True), "This copy is for the care team."),
    (Audience(kind="named", name="Ana", withheld=True), "This copy is for Ana."),
    (Audience(kind="named", name="GP"), "This copy is for the person's GP."),
]


@pytest.mark.parametrize("fmt", ["md", "html", "txt", "fhir"])
@pytest.mark.parametrize(("audience", "line"), AUDIENCES)
def test_every_copy_says_whom_it_is_for(
    plan: Plan, fmt: str, audience: Audience, line: str
) -> None:
    assert line in _words(_plan(plan, audience=audience), fmt)


@pytest.mark.parametrize(
    ("audience", "line"),
    [
        (Audience(kind="person"), "This copy is for you."),
        (Audience(kind="team"), "This copy is for your care team."),
        (Audience(kind="named", name="Ana"), "This copy is for Ana."),
    ],
)
def test_the_easy_read_says_whom_it_is_for(plan: Plan, audience: Audience, line: str) -> None:
    assert line in _words(_plan(plan, audience=audience), "easy")


def test_json_says_whom_the_copy_is_for(plan: Plan) -> None:
    data = json.loads(render(_plan(plan, audience=Audience(kind="team", withheld=True)), "json"))
    assert data["audience"] == {"kind": "team", "name": None, "withheld": True}


@pytest.mark.parametrize("fmt", READABLE)
def test_a_copy_with_parts_left_out_says_so_and_never_what(plan: Plan, fmt: str) -> None:
    team = Audience(kind="team", withheld=True)
    shared = _words(_plan(plan, audience=team), fmt)
    easy = "Some parts are not in this copy. You wanted them kept private."
    assert (easy if fmt == "easy" else WITHHELD_NOTE) in shared
    whole = Audience(kind="team", withheld=False)
    assert "kept private" not in _words(_plan(plan, audience=whole), fmt)


def _with_private_words(plan: Plan, audience: Audience | None) -> Plan:
    sharing = plan.sharing.model_copy(
        update={
            "keep_private": Words(text="The bit about my brother"),
            "private": [PrivatePart(kind="section", code="concerns", label="Worries")],
        }
    )
    return _plan(plan, sharing=sharing, audience=audience)


@pytest.mark.parametrize("fmt", READABLE)
@pytest.mark.parametrize(
    "audience", [Audience(kind="team"), Audience(kind="named", name="Ana", withheld=True)]
)
def test_a_shared_copy_never_prints_what_must_not_be_shared(
    plan: Plan, fmt: str, audience: Audience
) -> None:
    shown = _words(_with_private_words(plan, audience), fmt)
    assert "The bit about my brother" not in shown
    assert "Must not be shared" not in shown and "Worries" not in shown


@pytest.mark.parametrize("fmt", ["md", "html", "txt", "easy"])
@pytest.mark.parametrize("audience", [Audience(kind="person"), None])
def test_the_person_s_own_copy_keeps_what_must_not_be_shared(
    plan: Plan, fmt: str, audience: Audience | None
) -> None:
    shown = _words(_with_private_words(plan, audience), fmt)
    assert "The bit about my brother" in shown
    if fmt != "easy":
        assert "Worries" in shown  # the parts kept private, listed for the person to check


# -- hostile text in the person's plan for hard times and in the agency's settings ---------

HOSTILE_ONE_LINE = " ".join(HOSTILE.split("\n"))


def _hostile(plan: Plan) -> Plan:
    hard = HardTimes(**{field: Words(text=HOSTILE) for field, _, _ in HARD_TIMES_PARTS})
    contact = AgencyContact(name=HOSTILE_ONE_LINE[:200], phone="0800 <b>1</b>", note=HOSTILE)
    agency = Agency(
        example=True,
        organisation=HOSTILE_ONE_LINE[:200],
        worker=Worker(name="{{ 7*7 }} [b]x[/b]", role="</script>", phone="\x1b[31m"),
        reach_us=HOSTILE,
        crisis=[contact],
    )
    return _plan(
        plan, hard_times=hard, agency=agency, audience=Audience(kind="named", name=HOSTILE)
    )


@pytest.mark.parametrize("fmt", ["md", "html", "txt", "easy"])
def test_hostile_words_in_hard_times_and_contacts_show_literally(plan: Plan, fmt: str) -> None:
    hostile = _hostile(plan)
    shown = _words(hostile, fmt)
    missing = [piece for piece in PIECES if squash(piece) not in shown]
    assert missing == []
    for literal in ("{{ 7*7 }} [b]x[/b]", "0800 <b>1</b>"):
        assert literal in shown


@pytest.mark.parametrize("fmt", ["html", "easy"])
def test_hostile_contacts_add_no_elements(plan: Plan, fmt: str) -> None:
    tags = set(Page(render(_hostile(plan), fmt).decode()).tags)
    calm = _plan(plan, agency=AGENCY.model_copy(update={"example": True}))
    assert tags <= set(Page(render(calm, fmt).decode()).tags) | {"bdi"}


def test_hostile_contacts_keep_fhir_valid_and_no_terminal_escape_anywhere(plan: Plan) -> None:
    hostile = _hostile(plan)
    Bundle.model_validate(json.loads(render(hostile, "fhir")))
    for fmt in READABLE:
        assert b"\x1b" not in render(hostile, fmt), fmt


# -- FHIR ------------------------------------------------------------------------------


def _careplans(plan: Plan) -> list[dict[str, Any]]:
    bundle = json.loads(render(plan, "fhir"))
    Bundle.model_validate(bundle)
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "CarePlan"]


def test_fhir_keeps_the_plan_for_hard_times_as_a_careplan_part_of_the_plan(plan: Plan) -> None:
    main, hard = _careplans(_plan(plan))
    assert hard["title"] == "My plan for hard times"
    assert hard["partOf"][0]["reference"] == f"urn:uuid:{main['id']}"
    assert (hard["status"], hard["intent"]) == (main["status"], main["intent"])
    notes = [n["text"] for n in hard["note"]]
    assert "Signs that things are getting hard: I stop answering the phone" in notes
    assert "In a crisis, day or night: Crisis team: phone 0808 157 0000 (any time)." in notes


def test_fhir_has_no_hard_times_careplan_when_nothing_was_said(plan: Plan) -> None:
    assert len(_careplans(_plan(plan, hard_times=None))) == 1


# -- PDF ---------------------------------------------------------------------------------


@pytest.mark.skipif(pdf.find_chromium() is None, reason="Chromium is not installed")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_the_pdf_shows_hard_times_contacts_and_the_made_up_mark(plan: Plan, tmp_path: Path) -> None:
    example = AGENCY.model_copy(update={"example": True})
    target = tmp_path / "plan.pdf"
    target.write_bytes(render(_plan(plan, agency=example, audience=Audience(kind="team")), "pdf"))
    text = squash(
        subprocess.run(
            ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
        ).stdout
    )
    for expected in (
        "My plan for hard times",
        "I stop answering the phone",
        "0808 157 0000",
        EXAMPLE_LINE,
        "This copy is for the care team.",
    ):
        assert expected in text


@pytest.mark.skipif(pdf.find_chromium() is None, reason="Chromium is not installed")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_the_pdf_starts_hard_times_on_a_page_of_its_own_with_the_contacts(
    plan: Plan, tmp_path: Path
) -> None:
    # It began at the foot of a page, the night contacts and crisis numbers on the next one:
    # a page a person cannot print or keep by the phone on its own.
    target = tmp_path / "plan.pdf"
    target.write_bytes(render(_plan(plan), "pdf"))
    pages = subprocess.run(
        ["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    page = _hard_times_page(pages)
    body = [line.strip() for line in page.splitlines() if line.strip()][1:]  # after the header
    assert body[0] == "My plan for hard times"
    assert "0808 157 0000" in page and "I stop answering the phone" in page


def _pdf_pages(plan: Plan, tmp_path: Path) -> list[str]:
    target = tmp_path / "plan.pdf"
    target.write_bytes(render(plan, "pdf"))
    return subprocess.run(
        ["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")


def _hard_times_page(pages: list[str]) -> str:
    """The page whose heading is "My plan for hard times" (the person's own copy also names
    it on its first page, in the "If things get hard" box)."""
    [page] = [p for p in pages if "My plan for hard times" in map(str.strip, p.splitlines())]
    return page


def _shipped_agency() -> Agency:
    agency = load_agency(path=content_dir() / "agency.yaml").agency
    assert agency is not None and len(agency.crisis) == 2  # the fuller contacts of the pack
    return agency


@pytest.mark.skipif(pdf.find_chromium() is None, reason="Chromium is not installed")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_the_pdf_keeps_the_crisis_numbers_on_the_page_of_the_plan_for_hard_times(
    plan: Plan, tmp_path: Path
) -> None:
    # With the pack's own contacts (worker, team, out of hours, two crisis lines) the crisis
    # lines went over alone to the next page.
    pages = _pdf_pages(_plan(plan, agency=_shipped_agency()), tmp_path)
    page = _hard_times_page(pages)
    for line in ("Sit with me and make a cup of tea", "duty line", "crisis text line"):
        assert line in page, line


@pytest.mark.skipif(pdf.find_chromium() is None, reason="Chromium is not installed")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_the_pdf_keeps_the_contacts_with_a_plan_for_hard_times_said_in_full(
    plan: Plan, tmp_path: Path
) -> None:
    # All six parts in two lines each (the demo's plan): the contacts box missed the page by
    # a few lines and went over whole, beside "Looking back" instead of the plan.
    two_lines = "I stop going out and don't answer my phone. I sleep in the day and stay in."
    said = Words(text=two_lines, proposed_by="person")
    hard = HARD_TIMES.model_copy(update=dict.fromkeys(HARD_TIMES.model_fields_set, said))
    pages = _pdf_pages(_plan(plan, hard_times=hard, agency=_shipped_agency()), tmp_path)
    page = _hard_times_page(pages)
    for line in ("Who to contact", "The person's worker", "crisis team", "crisis text line"):
        assert line in page, line


@pytest.mark.skipif(pdf.find_chromium() is None, reason="Chromium is not installed")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_pdf_contacts_that_cannot_follow_the_plan_for_hard_times_start_a_page_whole(
    plan: Plan, tmp_path: Path
) -> None:
    long = Words(text=" ".join(["I stop answering the phone and stay in bed."] * 18))
    hard = HARD_TIMES.model_copy(update={"early_signs": long, "what_helps": long})
    pages = _pdf_pages(_plan(plan, hard_times=hard, agency=_shipped_agency()), tmp_path)
    [page] = [p for p in pages if "The person's worker" in p]
    assert "My plan for hard times" not in page  # the plan filled its own page
    # (The draft's watermark letters fall among the headings: the lines below stay whole.)
    for line in ("Riverside Team", "out-of-hours duty line", "crisis team", "crisis text line"):
        assert line in page, line


@pytest.mark.skipif(pdf.find_chromium() is None, reason="Chromium is not installed")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_the_person_s_pdf_gives_the_crisis_numbers_on_its_first_page(
    plan: Plan, tmp_path: Path
) -> None:
    pages = _pdf_pages(_plan(plan, audience=Audience(kind="person")), tmp_path)
    first = squash(pages[0])
    assert "If things get hard" in first
    assert "Crisis team: phone 0808 157 0000 (any time)." in first
