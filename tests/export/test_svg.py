"""The network map and the ratings charts drawn for the HTML export."""

from __future__ import annotations

import math
import re
from xml.etree import ElementTree as ET

from assistant.export import svg
from assistant.plans.model import Plan

NS = {"s": "http://www.w3.org/2000/svg"}


def _map(plan: Plan) -> ET.Element:
    return ET.fromstring(svg.network_map(plan.to_json(), centre_label="Sam"))


def _distance(group: ET.Element) -> float:
    label = group.findall("s:text", NS)[0]
    x, y = float(label.get("x", 0)), float(label.get("y", 0)) - 4
    return math.hypot(x - svg.CENTRE, y - svg.CENTRE)


def test_the_map_is_an_accessible_image(plan: Plan) -> None:
    root = _map(plan)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "netmap-title netmap-desc"
    assert "6 people" in (root.find("s:title", NS).text or "")


def test_each_person_is_drawn_with_a_title_naming_them(plan: Plan) -> None:
    titles = [g.find("s:title", NS).text for g in _map(plan).findall("s:g", NS)]
    assert "Dan (Family), circle 1" in titles
    assert len(titles) == len(plan.network.people)


def test_people_sit_on_their_circle(plan: Plan) -> None:
    by_circle = {1: [], 2: [], 3: []}
    for group in _map(plan).findall("s:g", NS):
        circle = int(re.search(r"circle (\d)", group.find("s:title", NS).text or "").group(1))
        by_circle[circle].append(_distance(group))
    inner = (0.0, *svg.RADII)
    for circle, distances in by_circle.items():
        assert all(inner[circle - 1] < d < inner[circle] for d in distances), circle


def test_relationship_is_shown_by_letters_not_colour_alone(plan: Plan) -> None:
    letters = [g.findall("s:text", NS)[0].text for g in _map(plan).findall("s:g", NS)]
    assert "Fa" in letters and "Pr" in letters and "On" in letters
    assert {k["letters"] for k in svg.marker_key()} >= set(letters)


def test_names_are_escaped_in_the_map(hostile: Plan) -> None:
    drawing = svg.network_map(hostile.to_json())
    ET.fromstring(drawing)  # still well-formed XML
    assert "<script" not in drawing


def test_a_ratings_chart_writes_each_value_and_the_day_it_was_rated(plan: Plan) -> None:
    area = next(a for a in plan.to_json()["life_areas"] if a["area"] == "friendships")
    area["history"][0]["date"] = "2026-02-01"
    root = ET.fromstring(svg.ratings_chart(area, 2, "2026-03-04"))
    texts = [t.text for t in root.findall("s:text", NS)]
    assert [t for t in texts if t not in ("1", "4", "7")] == [
        *("2", "1 Feb", "2026"),
        *("3", "4 Mar", "2026"),
    ]
    assert root.get("aria-label") == (
        "Friendships, ratings over time: 1 Feb 2026: 2 out of 7; 4 Mar 2026: 3 out of 7."
    )


def test_a_rating_without_a_day_is_labelled_with_its_version() -> None:
    area = {"label": "Home", "value": 5, "history": [{"plan_version": 1, "value": 4}]}
    texts = [t.text for t in ET.fromstring(svg.ratings_chart(area, 2)).findall("s:text", NS)]
    assert texts[-6:] == ["4", "version", "1", "5", "version", "2"]


def test_the_ratings_scale_starts_at_1() -> None:
    area = {"label": "Home", "value": 7, "history": [{"date": "2026-01-05", "value": 1}]}
    root = ET.fromstring(svg.ratings_chart(area, 2, "2026-02-05"))
    low, high = root.findall("s:rect", NS)
    axis = root.findall("s:line", NS)[0]  # the line for 1
    # A 1 sits on the axis (a stub, not a seventh of the scale); a 7 reaches the top line.
    assert float(low.get("y")) + float(low.get("height")) == float(axis.get("y1"))
    assert float(low.get("height")) <= 2
    top_line = root.findall("s:line", NS)[-1]
    assert float(high.get("y")) == float(top_line.get("y1"))
    ticks = [t.text for t in root.findall("s:text", NS)][:3]
    assert ticks == ["1", "4", "7"]


def test_an_area_never_rated_has_no_chart() -> None:
    assert svg.ratings_chart({"label": "Home", "value": None, "history": []}, 1) == ""


def _centre(label: str) -> tuple[str, list[ET.Element]]:
    """The centre circle's title and the lines of its label."""
    root = ET.fromstring(svg.network_map({"network": {"people": []}}, centre_label=label))
    title = root.find("s:circle[@class='centre']/s:title", NS).text or ""
    return title, root.findall("s:text[@class='centre']", NS)


def _fits_in_centre(text: ET.Element) -> bool:
    size = float(text.get("font-size"))
    half_height = abs(float(text.get("y")) - size * 0.35 - svg.CENTRE) + size / 2
    room = 2 * math.sqrt(svg.CENTRE_R**2 - half_height**2)
    return svg.text_width(text.text or "", size, bold=True) <= room


def test_a_short_centre_name_is_shown_whole_and_large() -> None:
    title, (text,) = _centre("Sam")
    assert title == "Sam"
    assert text.text == "Sam"
    assert text.get("font-size") == "14"


def test_a_long_centre_name_is_made_to_fit_its_circle_and_titled_in_full() -> None:
    name = "Maximilian Alexander Montgomery-Smythe"
    title, texts = _centre(name)
    assert title == name
    assert 1 <= len(texts) <= 2
    assert all(_fits_in_centre(t) for t in texts)
    assert texts[0].text.startswith("Maximilian")


def test_a_centre_name_in_a_wide_script_fits_too() -> None:
    _, texts = _centre("山田太郎さんの友達")
    assert texts
    assert all(_fits_in_centre(t) for t in texts)


def test_long_names_stay_inside_the_drawing() -> None:
    people = [
        {"name": "Bartholomew Featherstonehaugh-Wellington", "circle": 3, "relationship": None},
        *({"name": f"WWWWWWWWWWWWWW {i}", "circle": 3, "relationship": None} for i in range(7)),
    ]
    root = ET.fromstring(svg.network_map({"network": {"people": people}}))
    for group in root.findall("s:g[@class='person']", NS):
        label = group.findall("s:text", NS)[1]
        half = svg.text_width(label.text or "", 11) / 2
        assert half <= float(label.get("x")) <= svg.SIZE - half, label.text
    first = root.findall("s:g[@class='person']", NS)[0]
    assert first.find("s:title", NS).text.startswith("Bartholomew Featherstonehaugh-Wellington")


def _text_box(text: ET.Element) -> tuple[float, float]:
    """The vertical extent of an SVG text: from its baseline up by the font's ascent, down by
    its descent (generous, so a near miss counts as an overlap)."""
    y, size = float(text.get("y", 0)), float(text.get("font-size", 0))
    return y - 0.9 * size, y + 0.3 * size


def test_goal_attainment_values_never_overlap_the_date_under_the_bar() -> None:
    for value in range(-2, 3):
        points = [{"date": "2026-12-06", "version": 2, "value": value, "now": True}]
        chart = svg.measures_chart("Goal attainment: x", points, low=-2, high=2, baseline=0)
        # The scale's own numbers are right-aligned at the left; the bar's are centred.
        texts = [
            t
            for t in ET.fromstring(chart).findall("s:text", NS)
            if t.get("text-anchor") == "middle"
        ]
        label, first_date = texts[0], texts[1]
        assert (label.text or "").replace("−", "-").lstrip("+") == str(value)
        label_top, label_bottom = _text_box(label)
        date_top, date_bottom = _text_box(first_date)
        assert label_bottom <= date_top or date_bottom <= label_top, (value, label_top, date_top)


def test_a_label_s_accent_typed_as_its_own_character_takes_no_room() -> None:
    # "Zoe" with U+0301 was measured a letter wider than "Zoë", and cut sooner on the map.
    assert svg.text_width("Zoe\u0301", 11) == svg.text_width("Zoe", 11)


def test_a_wide_letter_or_emoji_takes_a_whole_em() -> None:
    assert svg.text_width("山😀", 10) == 20
