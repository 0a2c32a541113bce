"""The easy read follows easy-read guidance (issue 14): a picture beside each idea, a simple
picture of the network, ratings as a scale of faces, each action with its status, the credit
the pictures' licence asks for. Checked in the HTML, in the SVG and in Chromium."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from export_support import Page, squash

from assistant.agency import Agency
from assistant.export import pdf, svg
from assistant.export.pictograms import CREDIT, PICTOGRAMS, PictureSet
from assistant.export.render import render
from assistant.plans.model import HardTimes, Plan, Words, plan_from_json

ROW = re.compile(
    r'<div class="row"><svg class="pic" aria-hidden="true" focusable="false" '
    r'viewBox="0 0 72 72"><use href="#pic-([a-z_]+)"/></svg><div class="words">(.*?)</div></div>',
    re.DOTALL,
)
SVG_NS = "{http://www.w3.org/2000/svg}"
AGENCY = Agency.model_validate(
    {
        "organisation": "Northside Care",
        "team": "Riverside Team",
        "worker": {"name": "Priya Shah", "role": "Support worker", "phone": "0161 496 0001"},
        "out_of_hours": [{"name": "Duty line", "phone": "0161 496 0999"}],
        "crisis": [{"name": "Crisis team", "phone": "0808 157 0000"}],
    }
)


def _easy(plan: Plan, **kwargs: Any) -> str:
    return render(plan, "easy", **kwargs).decode("utf-8")


def _rows(html: str) -> list[tuple[str, str]]:
    """(picture, words) for each row, the words as the page shows them."""
    return [(pic, squash(Page(words).joined)) for pic, words in ROW.findall(html)]


def _with(plan: Plan, change: Any) -> Plan:
    data = plan.to_json()
    change(data)
    return plan_from_json(data)


def _svg(html: str, css_class: str) -> list[ET.Element]:
    """Each inline <svg> with this class, parsed as XML (so it must be well formed)."""
    found = re.findall(rf'<svg[^>]*class="{css_class}".*?</svg>', html, re.DOTALL)
    return [ET.fromstring(part) for part in found]


@pytest.fixture(scope="module")
def full(plan: Plan) -> Plan:
    """The review's plan with a plan for hard times and agency details."""
    said = {"proposed_by": "person", "changed_by": []}
    hard = HardTimes(
        early_signs=Words(text="I stop answering the phone.", **said),
        what_helps=Words(text="A walk by the river.", **said),
        what_does_not_help=Words(text="Lots of questions.", **said),
        contact_day=Words(text="Dan.", **said),
        contact_night=Words(text="The duty line.", **said),
        others_do=Words(text="Sit with me.", **said),
    )
    return plan.model_copy(update={"hard_times": hard, "agency": AGENCY})


def test_every_idea_is_a_row_with_its_picture_on_the_left(full: Plan) -> None:
    html = _easy(full)
    rows = _rows(html)
    assert len(rows) >= 30
    assert all(words for _, words in rows)
    # Every row the template writes matched the pattern: none lost its picture.
    assert len(rows) == html.count('<div class="row">')


def test_each_section_has_pictures(full: Plan) -> None:
    html = _easy(full)
    sections = re.split(r"<h2[^>]*>", html)[1:]
    for section in sections:
        title = section.split("</h2>")[0]
        assert '<use href="#pic-' in section or "easy-scale" in section, title


def test_each_goal_and_each_part_of_hard_times_has_its_own_picture(full: Plan) -> None:
    html = _easy(full)
    pictures = [pic for pic, _ in _rows(html)]
    # In the goals part (How things are going has a row for a goal with levels too).
    goals = [pic for pic, _ in _rows(html.split("<h2>Your goals</h2>")[1].split("<h2")[0])]
    assert goals.count("goal") == len(full.goals)
    steps = sum(1 for g in full.goals if g.smallest_step)
    assert pictures.count("step") == steps
    hard = html.split("<h2>When things get hard</h2>")[1].split("<h2")[0]
    assert [pic for pic, _ in _rows(hard)] == [
        *("hard_times", "signs", "helps", "not_helps", "day", "night", "others")
    ]
    for picture in ("plan", "worker", "phone", "crisis", "change"):
        assert picture in pictures


def test_pictures_are_decorative_and_each_is_defined_once(full: Plan) -> None:
    html = _easy(full)
    used = set(re.findall(r'<use href="#pic-([a-z_]+)"/>', html))
    defined = re.findall(r'<symbol id="pic-([a-z_]+)"', html)
    assert sorted(defined) == sorted(used)  # each once, none unused
    assert html.count('class="pic"') == html.count('class="pic" aria-hidden="true"')
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "duplicate ids"


def test_a_template_typo_in_a_picture_name_fails_loudly() -> None:
    with pytest.raises(ValueError, match="no picture called 'gaol'"):
        PictureSet().picture("gaol")


def test_every_picture_the_easy_read_can_use_is_shipped() -> None:
    pictures = PictureSet()
    for name in PICTOGRAMS:
        pictures.picture(name)
    sprite = str(pictures.sprite())
    ET.fromstring(sprite)  # well formed
    assert sprite.count("<symbol ") == len(PICTOGRAMS)


def test_the_credit_line_the_licence_asks_for(full: Plan) -> None:
    page = squash(Page(_easy(full)).joined)
    assert CREDIT in page
    assert "CC BY-SA 4.0" in CREDIT and "OpenMoji" in CREDIT
    assert "https://openmoji.org/" in page


def test_the_network_picture_has_everyone_in_a_circle_inside_shapes(full: Plan) -> None:
    (drawing,) = _svg(_easy(full), "easy-map")
    assert drawing.get("aria-hidden") == "true"  # the names are in the words as well
    names = [t.text for t in drawing.iter(f"{SVG_NS}text")]
    in_circles = [p.name for p in full.network.people if p.circle is not None]
    assert names[0] == "Sam"
    assert sorted(names[1:]) == sorted(in_circles)
    for group in drawing.iter(f"{SVG_NS}g"):
        rect = group.find(f"{SVG_NS}rect")
        text = group.find(f"{SVG_NS}text")
        assert rect is not None and text is not None
        left, width = float(rect.get("x", 0)), float(rect.get("width", 0))
        assert left < float(text.get("x", 0)) < left + width


def _boxes(drawing: ET.Element) -> list[tuple[float, float, float, float]]:
    boxes = []
    for rect in drawing.iter(f"{SVG_NS}rect"):
        x, y = float(rect.get("x", 0)), float(rect.get("y", 0))
        boxes.append((x, y, x + float(rect.get("width", 0)), y + float(rect.get("height", 0))))
    return boxes


def test_many_long_names_never_overlap_in_the_network_picture() -> None:
    people = [{"name": f"Person with a long name {i}", "circle": 1 + i % 3} for i in range(24)] + [
        {"name": "No circle", "circle": None}
    ]
    drawing = ET.fromstring(svg.easy_network_map(people, "Alexandra Konstantinopoulou"))
    boxes = _boxes(drawing)
    assert len(boxes) == 24  # the person without a circle is not drawn
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    left, top, width, height = (float(v) for v in drawing.get("viewBox", "").split())
    for box in boxes:  # everything inside the picture
        assert left <= box[0] and box[2] <= left + width
        assert top <= box[1] and box[3] <= top + height


def test_the_ratings_are_a_scale_of_faces_with_now_and_then(full: Plan) -> None:
    html = _easy(full)
    scales = _svg(html, "easy-scale")
    rated = [a for a in full.life_areas if a.value is not None or a.history]
    assert len(scales) == len(rated)
    for area, scale in zip(rated, scales, strict=True):
        then = area.history[-1].value if area.history else None
        assert scale.get("data-now") == str(area.value)
        assert scale.get("data-then") == (str(then) if then is not None else None)
        marks = {g.get("class"): g.get("data-value") for g in scale.iter(f"{SVG_NS}g")}
        assert marks["mark-now"] == str(area.value)
        assert len(list(scale.iter(f"{SVG_NS}circle"))) == 7 * 3  # seven faces, two eyes each
    blocks = [squash(Page(b).joined) for b in html.split('<div class="rating">')[1:]]
    for area, block in zip(rated, blocks, strict=True):
        then = area.history[-1] if area.history else None
        assert block.startswith(area.label)
        assert f"You said {area.value} out of 7." in block
        if then is not None:
            # Earlier ratings do not record who gave them: never credited to the person.
            assert f"it was {then.value}." in block
            assert f"you said {then.value}." not in block


def test_a_rating_given_only_last_time_says_so() -> None:
    drawing = ET.fromstring(svg.rating_faces(None, 3))
    assert drawing.get("data-now") is None and drawing.get("data-then") == "3"
    marks = [g.get("class") for g in drawing.iter(f"{SVG_NS}g")]
    assert marks == ["mark-then"]


def test_each_action_shows_its_status(full: Plan) -> None:
    def stop_one(data: dict[str, Any]) -> None:
        data["goals"][2]["actions"][1]["status"] = {"code": "dropped", "label": "Dropped"}

    rows = _rows(_easy(_with(full, stop_one)))
    expected = {
        # Under "Done already:", which says it once for them all.
        "Text Dan about lunch": ("done", "You:"),
        "Find the meeting place": ("done", "Your worker:"),
        "Go to the first walk": ("partly", "Started. You did part of it."),
        "Come along to the first walk": ("not_yet", "Not done yet."),
        "Restring the guitar": ("todo", "To do."),
        "Find out about the open mic": ("stopped", "Stopped. You chose to stop this."),
    }
    for what, (picture, status) in expected.items():
        (row,) = [(pic, words) for pic, words in rows if f"“{what}”" in words]
        assert row[0] == picture, what
        assert row[1].startswith(status), row


def test_bold_is_only_for_key_words(full: Plan) -> None:
    html = _easy(full)
    bold = re.findall(r"<strong>(.*?)</strong>", html)
    assert bold
    # Key words or a short label ("Getting there and getting in"), never a sentence or the
    # person's own words.
    assert [words for words in bold if len(words.split()) > 6 or "“" in words] == []
    assert "font-weight: bold" not in html.split(".said")[1].split("}")[0]


def test_hostile_text_stays_text_in_the_pictures(hostile: Plan) -> None:
    html = _easy(hostile)
    (drawing,) = _svg(html, "easy-map")
    names = [t.text or "" for t in drawing.iter(f"{SVG_NS}text")]
    assert all(name.startswith("</script><script>") for name in names)  # cut short, as text
    assert "<script>alert" not in html
    assert "{{ 7*7 }}" in Page(html).joined


# The layout, measured by Chromium at 100 %: the script writes what it found into the page,
# and --dump-dom prints the page after it ran.
MEASURE = """<script>
addEventListener("load", () => {
  const out = {overflow: document.documentElement.scrollWidth > innerWidth, rows: 0, bad: [],
               blankPictures: 0, mapWidth: 0, bodyWidth: document.body.clientWidth};
  for (const row of document.querySelectorAll(".row")) {
    out.rows++;
    const pic = row.querySelector(".pic").getBoundingClientRect();
    const words = row.querySelector(".words").getBoundingClientRect();
    if (!(pic.width >= 40 && pic.right <= words.left)) out.bad.push(row.textContent.slice(0, 40));
  }
  for (const use of document.querySelectorAll("use")) {
    if (use.getBBox().width === 0) out.blankPictures++;
  }
  out.mapWidth = document.querySelector(".easy-map").getBoundingClientRect().width;
  const pre = document.createElement("pre");
  pre.id = "measured";
  pre.textContent = JSON.stringify(out);
  document.body.append(pre);
});
</script>"""


@pytest.mark.skipif(pdf.find_chromium() is None, reason="Chromium is not installed")
@pytest.mark.parametrize("width", [1280, 400])
def test_chromium_lays_out_each_picture_beside_its_words(
    full: Plan, tmp_path: Path, width: int
) -> None:
    page = tmp_path / "easy.html"
    # The page's own policy lets no script run (test_html_policy.py): the measuring one is
    # the test's, so the page is measured without it (the layout is the same either way).
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", _easy(full))
    page.write_text(html.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    result = pdf.run_chromium(
        [f"--window-size={width},900", "--dump-dom", page.as_uri()], timeout=60, cwd=tmp_path
    )
    found = re.search(r'<pre id="measured">(.*?)</pre>', result.stdout)
    assert found, result.stderr
    measured = json.loads(found.group(1).replace("&quot;", '"'))
    assert measured["rows"] >= 30
    assert measured["bad"] == []
    assert measured["blankPictures"] == 0  # every <use> found its symbol
    assert not measured["overflow"]
    assert 0 < measured["mapWidth"] <= measured["bodyWidth"]


@pytest.mark.skipif(pdf.find_chromium() is None, reason="Chromium is not installed")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_the_easy_read_prints_with_its_words_and_credit(full: Plan, tmp_path: Path) -> None:
    page = tmp_path / "easy.html"
    page.write_bytes(render(full, "easy"))
    out = tmp_path / "easy.pdf"
    pdf.run_chromium([f"--print-to-pdf={out}", page.as_uri()], timeout=60, cwd=tmp_path)
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = squash(text)
    for expected in ("The first small step:", "Not done yet.", "You said 4 out of 7.", "OpenMoji"):
        assert expected in flat
    assert "CC BY-SA 4.0" in flat


def test_a_role_with_its_own_brackets_is_not_bracketed_again(plan: Plan) -> None:
    # "Priya (Community psychiatric nurse (CPN))": brackets in brackets are hard to read.
    text = squash(Page(render(plan, "easy").decode()).joined)
    assert "Priya, Community psychiatric nurse (CPN)" in text
    assert "(CPN))" not in text


def test_actions_done_already_are_not_each_called_done_again(plan: Plan) -> None:
    # "Done already:" then "Done. You: Text Dan about lunch": the same thing twice.
    text = squash(Page(render(plan, "easy").decode()).joined)
    assert "Done already:" in text
    for part in text.split("Done already:")[1:]:
        listed = part.split("Well done.")[0]
        assert "Done." not in listed


def test_a_goal_done_or_let_go_says_so_and_lists_nothing_left_to_do(full: Plan) -> None:
    # The easy read listed a goal done and one let go as still open, with their hopes and
    # their actions to do; only the full copy said "Next: Let it go for now".
    def close_two(data: dict[str, Any]) -> None:
        data["goals"][0]["next"] = {"code": "finished", "label": "It's done"}
        data["goals"][2]["next"] = {"code": "let_go", "label": "Let it go for now"}

    # Goal 3's action to do, while the goal is open.
    assert any("“Restring the guitar”" in words for _, words in _rows(_easy(full)))
    rows = _rows(_easy(_with(full, close_two)))
    assert ("done", "You have done this. Well done.") in rows
    assert ("stopped", "You chose to let this go for now. That is fine.") in rows
    assert not any("“Restring the guitar”" in words for _, words in rows)


@pytest.mark.parametrize(
    ("by", "said"),
    [
        ({"proposed_by": "both"}, "You and your worker said"),
        ({"proposed_by": "worker"}, "Your worker said"),
        ({"proposed_by": "person"}, "You said"),
        ({"proposed_by": "person", "changed_by": ["worker"]}, "You and your worker said"),
        ({"proposed_by": None, "agreed_by": "person"}, "You agreed"),
        ({"proposed_by": None}, "We wrote down"),
    ],
)
def test_the_easy_read_says_who_said_each_answer(full: Plan, by: dict[str, Any], said: str) -> None:
    # What matters most, said together ("we said together" in the other copies), read
    # 'You said this matters most: "Feeling less alone…"': every "You said" credited the
    # person alone, whoever gave the words or the rating.
    answer = {"changed_by": [], **by}

    def change(data: dict[str, Any]) -> None:
        data["about"]["what_matters"] = {**answer, "text": "Feeling less alone."}
        data["moving_on"]["picture"] = {**answer, "text": "Out more in the week."}
        data["life_areas"] = [{**area, **answer} for area in data["life_areas"]]

    html = _easy(_with(full, change))
    text = squash(Page(html).joined)
    assert f"{said} this matters most:" in text
    assert f"{said} life would look like this:" in text
    rated = [a for a in full.life_areas if a.value is not None]
    first = squash(Page(html.split('<div class="rating">')[1]).joined)
    assert f"{said} {rated[0].value} out of 7." in first
