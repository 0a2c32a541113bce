"""Inline SVG drawings for the HTML export: the network map and ratings over time.

Both are accessible: ``role="img"`` with a label and a ``<title>``, shapes and letters as well
as colour, and the same facts as text beside them in the document. Every user string is
XML-escaped here (the result is marked safe for the template).
"""

from __future__ import annotations

import math
from html import escape
from typing import Any

from assistant.export.escape import visible_controls

# Relationship type -> (letter(s), shape). Shapes group the types; letters tell them apart.
MARKERS: dict[str, tuple[str, str]] = {
    "family": ("Fa", "circle"),
    "partner": ("Pa", "circle"),
    "friend": ("Fr", "square"),
    "neighbour": ("Ne", "square"),
    "group": ("Gr", "diamond"),
    "online": ("On", "diamond"),
    "professional": ("Pr", "triangle"),
}
OTHER_MARKER = ("?", "hexagon")
SIZE = 520
CENTRE = SIZE / 2
# Outer radius of circle 1, 2 and 3; people sit in the middle of their band.
RADII = (95.0, 170.0, 245.0)
BANDS = ((45.0 + 95.0) / 2, (95.0 + 170.0) / 2, (170.0 + 245.0) / 2)
MAX_LABEL = 14


def _e(text: Any) -> str:
    return escape(visible_controls(str(text)), quote=True)


def _shape(kind: str, x: float, y: float, r: float) -> str:
    style = 'fill="#ffffff" stroke="#1a1a1a" stroke-width="2"'
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {style}/>'
    if kind == "square":
        s = r * 0.9
        return (
            f'<rect x="{x - s:.1f}" y="{y - s:.1f}" width="{2 * s:.1f}" '
            f'height="{2 * s:.1f}" {style}/>'
        )
    if kind == "diamond":
        pts = [(x, y - r * 1.15), (x + r * 1.15, y), (x, y + r * 1.15), (x - r * 1.15, y)]
    elif kind == "triangle":
        pts = [(x, y - r * 1.2), (x + r * 1.15, y + r * 0.8), (x - r * 1.15, y + r * 0.8)]
    else:
        pts = [
            (x + r * math.cos(math.pi / 3 * i), y + r * math.sin(math.pi / 3 * i)) for i in range(6)
        ]
    points = " ".join(f"{px:.1f},{py:.1f}" for px, py in pts)
    return f'<polygon points="{points}" {style}/>'


def _short(name: str) -> str:
    # The map has little room; the full name is in the marker's <title> and in the list.
    return name if len(name) <= MAX_LABEL else name[: MAX_LABEL - 1] + "…"


def network_map(plan: dict[str, Any], centre_label: str = "Me") -> str:
    """Three concentric circles with the person in the middle and each connection on its circle."""
    people = plan["network"]["people"]
    placed: dict[int, list[dict[str, Any]]] = {1: [], 2: [], 3: []}
    unplaced = []
    for person in people:
        if person.get("circle") in placed:
            placed[person["circle"]].append(person)
        else:
            unplaced.append(person)
    counts = ", ".join(f"{len(placed[c])} in circle {c}" for c in (1, 2, 3))
    label = f"Network map: {len(people)} people ({counts})."
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="network-map" role="img" '
        f'viewBox="0 0 {SIZE} {SIZE}" width="{SIZE}" height="{SIZE}" '
        f'aria-label="{_e(label)}" aria-labelledby="netmap-title netmap-desc">',
        f'<title id="netmap-title">{_e(label)}</title>',
        '<desc id="netmap-desc">The person is in the centre. Circle 1 (inner) is closest, '
        "circle 3 (outer) is further away. Each person's shape and letters show who they are "
        "to the person; see the key below the map.</desc>",
    ]
    fills = ("#eef3fb", "#f4f7fc", "#fafbfe")
    for radius, fill in zip(reversed(RADII), reversed(fills), strict=True):
        parts.append(
            f'<circle cx="{CENTRE}" cy="{CENTRE}" r="{radius}" fill="{fill}" '
            'stroke="#4a5a75" stroke-width="1.5"/>'
        )
    for number, radius in enumerate(RADII, start=1):
        parts.append(
            f'<text x="{CENTRE}" y="{CENTRE - radius + 14:.1f}" text-anchor="middle" '
            f'font-size="11" fill="#333333">circle {number}</text>'
        )
    parts.append(
        f'<circle cx="{CENTRE}" cy="{CENTRE}" r="30" fill="#1f3b6e"/>'
        f'<text x="{CENTRE}" y="{CENTRE + 5}" text-anchor="middle" font-size="14" '
        f'font-weight="bold" fill="#ffffff">{_e(_short(centre_label))}</text>'
    )
    for circle, members in placed.items():
        band = BANDS[circle - 1]
        # Half a step off the top keeps the "circle N" labels clear; rings are staggered so
        # names on neighbouring rings collide less.
        step = 2 * math.pi / max(len(members), 1)
        offset = -math.pi / 2 + step / 2 + (circle - 1) * 0.3
        for index, person in enumerate(members):
            angle = offset + step * index
            x = CENTRE + band * math.cos(angle)
            y = CENTRE + band * math.sin(angle)
            rel = person.get("relationship") or {}
            letters, shape = MARKERS.get(rel.get("code", ""), OTHER_MARKER)
            rel_words = rel.get("label") or "relationship not given"
            parts.append(
                f'<g class="person"><title>{_e(person["name"])} ({_e(rel_words)}), '
                f"circle {circle}</title>"
                + _shape(shape, x, y, 13)
                + f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle" font-size="10" '
                f'font-weight="bold" fill="#1a1a1a">{_e(letters)}</text>'
                f'<text x="{x:.1f}" y="{y + 27:.1f}" text-anchor="middle" font-size="11" '
                f'fill="#1a1a1a">{_e(_short(person["name"]))}</text></g>'
            )
    parts.append("</svg>")
    return "".join(parts)


def marker_key() -> list[dict[str, str]]:
    """The key for the map: letters, shape and meaning (the template lays it out)."""
    meanings = {
        "family": "Family",
        "partner": "Partner",
        "friend": "Friend",
        "neighbour": "Neighbour",
        "group": "Someone from a group or club",
        "online": "Someone known online",
        "professional": "A worker or professional",
    }
    key = [
        {"letters": letters, "shape": shape, "meaning": meanings[code], "svg": marker_svg(code)}
        for code, (letters, shape) in MARKERS.items()
    ]
    key.append(
        {
            "letters": OTHER_MARKER[0],
            "shape": OTHER_MARKER[1],
            "meaning": "Someone else",
            "svg": marker_svg(""),
        }
    )
    return key


def marker_svg(code: str) -> str:
    letters, shape = MARKERS.get(code, OTHER_MARKER)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32" '
        'aria-hidden="true" focusable="false">'
        + _shape(shape, 16, 16, 11)
        + f'<text x="16" y="20" text-anchor="middle" font-size="10" font-weight="bold" '
        f'fill="#1a1a1a">{_e(letters)}</text></svg>'
    )


def ratings_chart(area: dict[str, Any], this_version: int | None) -> str:
    """A small bar chart of one life area's ratings across plan versions (values printed too)."""
    points = [(h.get("plan_version"), h["value"]) for h in area.get("history", [])]
    if area.get("value") is not None:
        points.append((this_version, area["value"]))
    if not points:
        return ""
    bar, gap, top, height = 22, 8, 14, 42
    width = len(points) * (bar + gap) + gap + 20
    said = "; ".join(
        f"{'version ' + str(v) if v else 'now'}: {value} out of 7" for v, value in points
    )
    title = f"{area['label']}, ratings over time: {said}."
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ratings-chart" role="img" '
        f'width="{width}" height="{top + height + 16}" '
        f'viewBox="0 0 {width} {top + height + 16}" aria-label="{_e(title)}">',
        f"<title>{_e(title)}</title>",
        f'<line x1="18" y1="{top + height}" x2="{width - 2}" y2="{top + height}" '
        'stroke="#333333" stroke-width="1"/>',
        f'<text x="2" y="{top + 4}" font-size="9" fill="#333333">7</text>',
        f'<text x="2" y="{top + height}" font-size="9" fill="#333333">1</text>',
    ]
    for index, (version, value) in enumerate(points):
        x = 20 + gap + index * (bar + gap)
        h = height * value / 7
        y = top + height - h
        fill = (
            "#1f3b6e" if index == len(points) - 1 and area.get("value") is not None else "#8a9bbd"
        )
        parts.append(
            f'<rect x="{x}" y="{y:.1f}" width="{bar}" height="{h:.1f}" fill="{fill}"/>'
            f'<text x="{x + bar / 2}" y="{y - 3:.1f}" text-anchor="middle" font-size="11" '
            f'font-weight="bold" fill="#1a1a1a">{value}</text>'
            f'<text x="{x + bar / 2}" y="{top + height + 12}" text-anchor="middle" font-size="9" '
            f'fill="#333333">{_e("v" + str(version) if version else "now")}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
