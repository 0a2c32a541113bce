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


def test_a_ratings_chart_writes_each_value_and_version(plan: Plan) -> None:
    area = next(a for a in plan.to_json()["life_areas"] if a["area"] == "friendships")
    root = ET.fromstring(svg.ratings_chart(area, 2))
    texts = [t.text for t in root.findall("s:text", NS)]
    assert [t for t in texts if t not in ("1", "7")] == ["2", "v1", "3", "v2"]
    assert root.get("aria-label") == (
        "Friendships, ratings over time: version 1: 2 out of 7; version 2: 3 out of 7."
    )


def test_an_area_never_rated_has_no_chart() -> None:
    assert svg.ratings_chart({"label": "Home", "value": None, "history": []}, 1) == ""
