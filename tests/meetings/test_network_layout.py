"""The network map's geometry: three circles, everyone placed once, by closeness, readable."""

from __future__ import annotations

import math

import pytest

from assistant.meetings.network_layout import (
    KINDS,
    by_circle,
    connections_from,
    layout,
    legend,
)

PEOPLE = [
    {"id": "1", "name": "Mum", "relationship": "family", "circle": 1},
    {"id": "2", "name": "Jo", "relationship": "friend", "circle": 1},
    {"id": "3", "name": "Dr Patel", "relationship": "professional", "circle": 3},
    {"id": "4", "name": "Sam from football", "relationship": "group", "circle": 2},
    {"id": "5", "name": "Nan", "relationship": "family", "circle": 2},
    {"id": "6", "name": "Alex", "relationship": "online", "circle": 3},
]


def _distance(pic, placed) -> float:
    cx, cy = (pic.width - 1) / 2, (pic.height - 1) / 2
    col = placed.col + len(placed.label) / 2
    # Terminal cells are about twice as tall as wide.
    return math.hypot((col - cx) / 2, placed.row - cy)


def test_everyone_is_placed_once_with_their_symbol() -> None:
    people = connections_from(PEOPLE)
    pic = layout(people, 60, 22)
    assert sorted(p.connection.name for p in pic.placed) == sorted(p["name"] for p in PEOPLE)
    for placed in pic.placed:
        assert placed.label.startswith(KINDS[placed.connection.kind][0])


def test_closer_circles_are_nearer_the_middle() -> None:
    pic = layout(connections_from(PEOPLE), 60, 22)
    by_ring = {
        n: [_distance(pic, p) for p in pic.placed if p.connection.circle == n] for n in (1, 2, 3)
    }
    assert max(by_ring[1]) < min(by_ring[3])
    assert sum(by_ring[1]) / len(by_ring[1]) < sum(by_ring[2]) / len(by_ring[2])


@pytest.mark.parametrize("size", [(38, 15), (60, 22), (100, 30)])
def test_names_never_overlap(size: tuple[int, int]) -> None:
    many = [
        {"name": f"Person {n}", "relationship": "friend", "circle": 1 + n % 3} for n in range(14)
    ]
    pic = layout(connections_from(many), *size)
    cells = [(p.row, c) for p in pic.placed for c in range(p.col, p.col + len(p.label))]
    assert len(cells) == len(set(cells))


def test_the_middle_says_me_and_circles_are_numbered() -> None:
    pic = layout(connections_from(PEOPLE), 60, 22)
    text = "\n".join(pic.lines())
    assert "Me" in text
    for number in "123":
        assert number in text


def test_too_small_gives_no_picture_rather_than_a_broken_one() -> None:
    assert layout(connections_from(PEOPLE), 10, 5).cells == []


def test_unknown_kinds_and_missing_circles_still_appear() -> None:
    people = connections_from([{"name": "Kit", "relationship": "cousin?"}, {"name": ""}])
    assert [(p.kind, p.circle, p.placed_by_default) for p in people] == [
        ("other", 3, True),
        ("other", 3, True),
    ]
    assert people[1].name == "?"


def test_hostile_names_are_drawn_as_plain_cells() -> None:
    names = ["[/", "[@click=app.quit]x[/]", "{{ 7*7 }}", "שלום", "👩‍👧", "a\x1bb\nc", "x" * 5000]
    people = connections_from([{"name": n, "relationship": "friend", "circle": 2} for n in names])
    pic = layout(people, 70, 24)
    assert len(pic.placed) == len(names)
    assert all("\x1b" not in line and "\n" not in line for line in pic.lines())


def test_legend_and_words_list_only_what_is_there() -> None:
    people = connections_from(PEOPLE)
    words = [w for _, w in legend(people)]
    assert words == ["family", "friend", "group or club", "online", "worker or professional"]
    circles = {n: [p.name for p in ring] for n, ring in by_circle(people)}
    assert circles[1] == ["Mum", "Jo"]
