"""Inline SVG drawings for the HTML export: the network map and ratings over time.

Both are accessible: ``role="img"`` with a label and a ``<title>``, shapes and letters as well
as colour, and the same facts as text beside them in the document. Every user string is
XML-escaped here (the result is marked safe for the template).
"""

from __future__ import annotations

import math
from datetime import date
from html import escape
from typing import Any

from assistant.dates import MONTHS
from assistant.export.escape import visible_controls
from assistant.text_width import char_cells

# Relationship type -> (letter(s), shape). Shapes group the types; letters tell them apart.
MARKERS: dict[str, tuple[str, str]] = {
    "family": ("Fa", "circle"),
    "partner": ("Pa", "circle"),
    "friend": ("Fr", "square"),
    "neighbour": ("Ne", "square"),
    "know_a_bit": ("Kb", "square"),
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


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """A generous estimate of ``text``'s drawn width at font ``size`` (no font metrics here).

    Wide sans-serif fonts (DejaVu, Verdana) average a little over half an em per Latin
    letter; East Asian characters and emoji take a whole em.
    """
    em = 0.0
    for ch in text:
        taken = char_cells(ch)
        if taken != 1:  # wide: a whole em; an accent on the letter before: nothing
            em += taken / 2
        elif ch in "il.,;:'|!ıj ":
            em += 0.33
        elif ch.isupper() or ch in "mwMW@%":
            em += 0.78
        else:
            em += 0.6
    return em * size * (1.08 if bold else 1.0)


def _fit(text: str, width: float, size: float, *, bold: bool = False) -> str:
    """``text`` cut (with "…") to fit ``width`` at font ``size``."""
    if text_width(text, size, bold=bold) <= width:
        return text
    while text and text_width(text + "…", size, bold=bold) > width:
        text = text[:-1]
    return text.rstrip() + "…"


CENTRE_R = 34.0


def _chord(r: float, y: float) -> float:
    """The width of a circle of radius ``r`` at ``y`` from its centre."""
    return 2 * math.sqrt(max(r * r - y * y, 0.0))


def centre_lines(label: str) -> tuple[float, list[str]]:
    """The font size and lines (one or two) that fit ``label`` inside the centre circle.

    The largest size at which it fits whole on one line, else on two lines split at a space,
    else cut with "…" at the smallest size (the full name is the map's title and the page's).
    """
    inner = CENTRE_R - 3  # clear of the circle's edge
    for size in (14.0, 13.0, 12.0, 11.0, 10.0):
        if text_width(label, size, bold=True) <= _chord(inner, size * 0.6):
            return size, [label]
    size = 10.0
    line_width = _chord(inner, size * 1.15)  # each line's outer edge, half a line off centre
    words = label.split(" ")
    for cut in range(len(words) - 1, 0, -1):
        first, second = " ".join(words[:cut]), " ".join(words[cut:])
        if text_width(first, size, bold=True) <= line_width:
            return size, [first, _fit(second, line_width, size, bold=True)]
    return 9.0, [_fit(label, _chord(inner, 5.4), 9.0, bold=True)]


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
    # The person's name inside the centre circle: smaller, on two lines or cut to fit; the
    # full name is the group's title (and the page's heading).
    size, lines = centre_lines(centre_label)
    first_y = CENTRE + size * 0.35 - (len(lines) - 1) * size * 0.6
    texts = "".join(
        f'<text class="centre" x="{CENTRE}" y="{first_y + i * size * 1.2:.1f}" '
        f'text-anchor="middle" font-size="{size:g}" font-weight="bold" fill="#ffffff">'
        f"{_e(line)}</text>"
        for i, line in enumerate(lines)
    )
    parts.append(
        f'<circle class="centre" cx="{CENTRE}" cy="{CENTRE}" r="{CENTRE_R:g}" fill="#1f3b6e">'
        f"<title>{_e(centre_label)}</title></circle>{texts}"
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
            # The name under the shape stays inside the drawing: cut to the label's room and
            # moved in from the edge (the full name is the title and in the tables).
            name = _fit(_short(person["name"]), 92, 11)
            half = text_width(name, 11) / 2
            name_x = min(max(x, half + 3), SIZE - half - 3)
            parts.append(
                f'<g class="person"><title>{_e(person["name"])} ({_e(rel_words)}), '
                f"circle {circle}</title>"
                + _shape(shape, x, y, 13)
                + f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle" font-size="10" '
                f'font-weight="bold" fill="#1a1a1a">{_e(letters)}</text>'
                f'<text x="{name_x:.1f}" y="{y + 27:.1f}" text-anchor="middle" font-size="11" '
                f'fill="#1a1a1a">{_e(name)}</text></g>'
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
        "know_a_bit": "Someone I know a bit",
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


def _short_day(value: str | None) -> tuple[str, str] | None:
    """``2026-03-04`` -> ("4 Mar", "2026"): a chart's two short lines for a day, or None."""
    try:
        day = date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
    return f"{day.day} {MONTHS[day.month - 1][:3]}", str(day.year)


def ratings_chart(
    area: dict[str, Any], this_version: int | None, this_date: str | None = None
) -> str:
    """A small bar chart of one life area's ratings over time (values printed too).

    The scale runs from 1 to 7 (a 1 is a stub on the axis, not a bar a seventh high); each
    bar is labelled with the day it was rated (``this_date`` for this version's), or with
    its version where a stored rating has no day.
    """
    points: list[tuple[int | None, str | None, int]] = [
        (h.get("plan_version"), h.get("date"), h["value"]) for h in area.get("history", [])
    ]
    if area.get("value") is not None:
        points.append((this_version, this_date, area["value"]))
    if not points:
        return ""
    bar, step, left, top, height = 22, 40, 22, 14, 48
    width = left + len(points) * step + 2
    total = top + height + 24

    def when(version: int | None, day: str | None) -> tuple[str, str]:
        short = _short_day(day) if day else None
        if short is not None:
            return short
        return ("version", str(version)) if version else ("now", "")

    def spoken(version: int | None, day: str | None) -> str:
        short = _short_day(day) if day else None
        if short is not None:
            return " ".join(short)
        return f"version {version}" if version else "now"

    said = "; ".join(f"{spoken(v, d)}: {value} out of 7" for v, d, value in points)
    title = f"{area['label']}, ratings over time: {said}."
    base = top + height
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ratings-chart" role="img" '
        f'width="{width}" height="{total}" '
        f'viewBox="0 0 {width} {total}" aria-label="{_e(title)}">',
        f"<title>{_e(title)}</title>",
    ]
    for tick in (1, 4, 7):
        y = base - height * (tick - 1) / 6
        parts.append(
            f'<line x1="{left - 3}" y1="{y:.1f}" x2="{width - 2}" y2="{y:.1f}" '
            f'stroke="{"#333333" if tick == 1 else "#c8ced8"}" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y + 3:.1f}" text-anchor="end" font-size="9" '
            f'fill="#333333">{tick}</text>'
        )
    for index, (version, day, value) in enumerate(points):
        x = left + (step - bar) / 2 + index * step
        h = max(height * (value - 1) / 6, 2.0)
        y = base - h
        fill = (
            "#1f3b6e" if index == len(points) - 1 and area.get("value") is not None else "#8a9bbd"
        )
        first, second = when(version, day)
        parts.append(
            f'<rect x="{x}" y="{y:.1f}" width="{bar}" height="{h:.1f}" fill="{fill}"/>'
            f'<text x="{x + bar / 2}" y="{y - 3:.1f}" text-anchor="middle" font-size="11" '
            f'font-weight="bold" fill="#1a1a1a">{value}</text>'
            f'<text x="{x + bar / 2}" y="{base + 11}" text-anchor="middle" font-size="8.5" '
            f'fill="#333333">{_e(first)}</text>'
            f'<text x="{x + bar / 2}" y="{base + 21}" text-anchor="middle" font-size="8.5" '
            f'fill="#333333">{_e(second)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


# The easy read's drawings: calmer and simpler than the map and charts above. Words beside
# each say the same facts, so screen readers get them once (the drawings are aria-hidden).
EASY_NAME = 18  # characters of a name shown inside its shape (the full name is in the list)
_EASY_FONT = 16
_EASY_PILL = 36  # height of a name's shape


def _easy_short(name: str) -> str:
    return name if len(name) <= EASY_NAME else name[: EASY_NAME - 1] + "…"


def _pill_width(label: str) -> float:
    # Arial's average glyph is a little over half the font size; wide enough for "WWW".
    return max(56.0, 0.62 * _EASY_FONT * len(label) + 24)


Box = tuple[float, float, float, float]  # left, top, right, bottom
Placed = tuple[str, float, float, Box]  # a name, its centre and its box


def _overlaps(a: Box, b: Box) -> bool:
    # Boxes as (left, top, right, bottom), with a little room kept between them.
    room = 6
    return not (
        a[2] + room <= b[0] or b[2] + room <= a[0] or a[3] + room <= b[1] or b[3] + room <= a[1]
    )


def _clear(ring: list[Placed], boxes: list[Box]) -> bool:
    """True when no shape on ``ring`` touches another on it or any of ``boxes``."""
    mine = [item[3] for item in ring]
    for index, a in enumerate(mine):
        for b in boxes:
            if _overlaps(a, b):
                return False
        for b in mine[index + 1 :]:
            if _overlaps(a, b):
                return False
    return True


def _ring(names: list[str], radius: float, start: float) -> list[Placed]:
    """Names spaced evenly round a ring (centre 0,0) from angle ``start``, with their boxes."""
    step = 2 * math.pi / len(names)
    placed: list[Placed] = []
    for index, label in enumerate(names):
        angle = start + step * index
        x, y = radius * math.cos(angle), radius * math.sin(angle)
        half = _pill_width(label) / 2
        box = (x - half, y - _EASY_PILL / 2, x + half, y + _EASY_PILL / 2)
        placed.append((label, x, y, box))
    return placed


def easy_network_map(people: list[dict[str, Any]], centre_label: str) -> str:
    """The person in the middle and the people in their life around them, one ring per
    circle (closest first), each name inside a rounded shape. Nothing else: no letters, no key.

    Each ring is turned, and moved out only as far as needed, so that no name's shape
    touches another's or the ring inside it; an empty ring is left out.
    """
    centre = _easy_short(centre_label)
    centre_r = max(40.0, _pill_width(centre) / 2 + 4)
    boxes: list[Box] = [(-centre_r, -centre_r, centre_r, centre_r)]
    rings: list[tuple[float, list[Placed]]] = []
    radius = centre_r
    for circle in (1, 2, 3):
        names = [_easy_short(str(p["name"])) for p in people if p.get("circle") == circle]
        if not names:
            continue
        # Start where the names could just fit round the ring (fewer tries further out).
        room = sum(_pill_width(n) + 12 for n in names) / (2 * math.pi)
        radius = max(radius + _EASY_PILL + 14, room)
        best: list[Placed] = []
        for _ in range(40):  # each try moves the ring out a little; ends well before 40
            # Each ring starts turned from the one inside it, so the picture spreads out
            # rather than stacking names in a column; then other turns are tried.
            first = -math.pi / 2 + len(rings) * 2 * math.pi / len(names) / 3
            tries = (_ring(names, radius, first + turn * math.pi / 24) for turn in range(12))
            best = next((ring for ring in tries if _clear(ring, boxes)), [])
            if best:
                break
            radius += 12
        if not best:
            best = _ring(names, radius, -math.pi / 2)
        boxes.extend(item[3] for item in best)
        rings.append((radius, best))
    band = rings[-1][0] + _EASY_PILL / 2 + 6 if rings else 0.0
    half = max(band, *(max(abs(v) for v in box) for box in boxes)) + 10
    size = 2 * half
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="easy-map" aria-hidden="true" '
        f'focusable="false" viewBox="{-half:.0f} {-half:.0f} {size:.0f} {size:.0f}" '
        f'width="{size:.0f}" height="{size:.0f}" font-family="Arial, Helvetica, sans-serif">'
    ]
    fills = ("#dfe8f6", "#e9eff8", "#f2f6fb")
    # Each circle a pale band, darker nearer the person.
    for (ring_r, _), fill in reversed(list(zip(rings, fills, strict=False))):
        parts.append(
            f'<circle cx="0" cy="0" r="{ring_r + _EASY_PILL / 2 + 6:.1f}" fill="{fill}" '
            'stroke="#c3cfe3" stroke-width="1"/>'
        )
    parts.append(
        f'<circle cx="0" cy="0" r="{centre_r:.1f}" fill="#1f3b6e"/>'
        f'<text x="0" y="6" text-anchor="middle" font-size="{_EASY_FONT + 2}" '
        f'font-weight="bold" fill="#ffffff">{_e(centre)}</text>'
    )
    for _, ring in rings:
        for label, x, y, box in ring:
            parts.append(
                f'<g class="easy-person"><rect x="{box[0]:.1f}" y="{box[1]:.1f}" '
                f'width="{box[2] - box[0]:.1f}" height="{_EASY_PILL}" rx="{_EASY_PILL / 2}" '
                'fill="#ffffff" stroke="#1f3b6e" stroke-width="2.5"/>'
                f'<text x="{x:.1f}" y="{y + 6:.1f}" text-anchor="middle" '
                f'font-size="{_EASY_FONT}" fill="#111111">{_e(label)}</text></g>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _face(x: float, y: float, mood: int, *, chosen: bool) -> str:
    """A round face; ``mood`` 1 (very unhappy) to 7 (very happy) bends the mouth."""
    r = 20
    fill = "#ffd75e" if chosen else "#ffffff"
    stroke = "#1f3b6e" if chosen else "#5a6578"
    bend = (mood - 4) * 3.0  # mouth's curve: down for 1-3, flat at 4, up for 5-7
    return (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{fill}" stroke="{stroke}" '
        f'stroke-width="{4 if chosen else 2}"/>'
        f'<circle cx="{x - 7:.1f}" cy="{y - 6:.1f}" r="2.6" fill="#111111"/>'
        f'<circle cx="{x + 7:.1f}" cy="{y - 6:.1f}" r="2.6" fill="#111111"/>'
        f'<path d="M{x - 9:.1f},{y + 7 - bend / 2:.1f} Q{x:.1f},{y + 7 + bend:.1f} '
        f'{x + 9:.1f},{y + 7 - bend / 2:.1f}" fill="none" stroke="#111111" '
        'stroke-width="2.5" stroke-linecap="round"/>'
    )


def rating_faces(now: int | None, then: int | None) -> str:
    """A 1-7 scale of faces, very unhappy to very happy, with ``now`` (and ``then``, the
    last time's rating) marked under its face. The words beside it give the same numbers.
    """
    step, left, top = 56, 30, 26
    width = left * 2 + step * 6
    height = top + 20 + 26 + (24 if now is not None else 0) + (24 if then is not None else 0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="easy-scale" aria-hidden="true" '
        f'focusable="false" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-family="Arial, Helvetica, sans-serif"'
        + (f' data-now="{now}"' if now is not None else "")
        + (f' data-then="{then}"' if then is not None else "")
        + ">"
    ]
    for value in range(1, 8):
        x = left + step * (value - 1)
        parts.append(_face(x, top, value, chosen=value == now))
        parts.append(
            f'<text x="{x}" y="{top + 40}" text-anchor="middle" font-size="16" '
            f'font-weight="{"bold" if value == now else "normal"}" fill="#111111">{value}</text>'
        )
    row = top + 62
    for label, mark in (("now", now), ("then", then)):
        if mark is None:
            continue
        x = left + step * (mark - 1)
        solid = label == "now"
        parts.append(
            f'<g class="mark-{label}" data-value="{mark}">'
            f'<path d="M{x - 7},{row - 12} L{x},{row - 20} L{x + 7},{row - 12}" '
            f'fill="{"#1f3b6e" if solid else "none"}" stroke="#1f3b6e" stroke-width="2"/>'
            f'<text x="{x}" y="{row + 4}" text-anchor="middle" font-size="15" '
            f'font-weight="{"bold" if solid else "normal"}" fill="#111111">{label}</text></g>'
        )
        row += 24
    parts.append("</svg>")
    return "".join(parts)


def measures_chart(
    label: str,
    points: list[dict[str, Any]],
    *,
    low: int,
    high: int,
    note: str | None = None,
    baseline: int | None = None,
) -> str:
    """A small bar chart of one outcome measure across the meetings (values printed too).

    ``points`` are ``{date, version, value, text, now}``, oldest first; this version's
    (``now``) is drawn darker. Bars rise from ``baseline`` (default ``low``): a goal's
    attainment (-2 to +2) rises above 0 or falls below it. The chart's title says every value
    with its day, and ``note`` (e.g. "A lower number is better.") is its description and is
    printed under it, so the drawing never says more than its words.
    """
    if not points:
        return ""
    base_value = low if baseline is None else baseline
    bar, step, left, top, height = 24, 46, 28, 16, 64
    width = left + len(points) * step + 4
    total = top + height + 26
    span = max(high - low, 1)

    def y_of(value: float) -> float:
        return top + height * (high - value) / span

    def sign(value: int) -> str:
        return f"+{value}" if value > 0 and low < 0 else str(value).replace("-", "−")

    said = "; ".join(
        f"{' '.join(_short_day(p.get('date')) or ()) or 'now'}: {p.get('text') or p['value']}"
        for p in points
    )
    title = f"{label}: {said}."
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="measures-chart" role="img" '
        f'width="{width}" height="{total}" viewBox="0 0 {width} {total}" '
        f'aria-label="{_e(title)}">',
        f"<title>{_e(title)}</title>",
    ]
    if note:
        parts.append(f"<desc>{_e(note)}</desc>")
    ticks = sorted({low, base_value, (low + high) // 2, high})
    for tick in ticks:
        y = y_of(tick)
        strong = tick == base_value
        parts.append(
            f'<line x1="{left - 3}" y1="{y:.1f}" x2="{width - 2}" y2="{y:.1f}" '
            f'stroke="{"#333333" if strong else "#c8ced8"}" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y + 3:.1f}" text-anchor="end" font-size="9" '
            f'fill="#333333">{_e(sign(tick))}</text>'
        )
    zero = y_of(base_value)
    for index, point in enumerate(points):
        value = int(point["value"])
        x = left + (step - bar) / 2 + index * step
        y_value = y_of(value)
        y, h = min(zero, y_value), max(abs(zero - y_value), 2.0)
        if value == base_value:
            y = zero - 1  # a stub on the line, not nothing
        fill = "#1f3b6e" if point.get("now", index == len(points) - 1) else "#8a9bbd"
        # A bar below the line (a goal's -1 or -2) has its value above the line, on the side
        # the bar leaves empty: under the bar, -2 would sit on the date row.
        label_y = y - 3 if value >= base_value else zero - 3
        first, second = _short_day(point.get("date")) or (
            (f"version {point['version']}" if point.get("version") else "now"),
            "",
        )
        parts.append(
            f'<rect x="{x}" y="{y:.1f}" width="{bar}" height="{h:.1f}" fill="{fill}"/>'
            f'<text x="{x + bar / 2}" y="{label_y:.1f}" text-anchor="middle" font-size="11" '
            f'font-weight="bold" fill="#1a1a1a">{_e(sign(value))}</text>'
            f'<text x="{x + bar / 2}" y="{top + height + 12}" text-anchor="middle" '
            f'font-size="8.5" fill="#333333">{_e(first)}</text>'
            f'<text x="{x + bar / 2}" y="{top + height + 22}" text-anchor="middle" '
            f'font-size="8.5" fill="#333333">{_e(second)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def easy_bars(points: list[dict[str, Any]], high: int) -> str:
    """The easy read's picture of one measure: a thick bar for last time and this time,
    with the words "Last time" and "This time" in big type beside them. The sentence beside
    the picture says the same, so the drawing is hidden from screen readers."""
    # The last two; one taken only at an earlier meeting is "Last time" alone.
    shown = points[-2:] if points[-1].get("now", True) else points[-1:]
    row, width, left, bar_room = 52, 420, 118, 250
    height = row * len(shown) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="easy-bars" aria-hidden="true" '
        f'focusable="false" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-family="Arial, Helvetica, sans-serif">'
    ]
    for index, point in enumerate(shown):
        now = bool(point.get("now", True)) and index == len(shown) - 1
        words = "This time" if now else "Last time"
        y = 6 + index * row
        length = max(bar_room * int(point["value"]) / max(high, 1), 6)
        parts.append(
            f'<text x="0" y="{y + 28}" font-size="18" font-weight="{"bold" if now else "normal"}"'
            f' fill="#111111">{words}</text>'
            f'<rect x="{left}" y="{y + 6}" width="{bar_room}" height="30" rx="6" fill="#eef3fb" '
            'stroke="#5a6578" stroke-width="1.5"/>'
            f'<rect x="{left}" y="{y + 6}" width="{length:.1f}" height="30" rx="6" '
            f'fill="{"#1f3b6e" if now else "#8a9bbd"}"/>'
            f'<text x="{left + bar_room + 10}" y="{y + 28}" font-size="20" font-weight="bold" '
            f'fill="#111111">{int(point["value"])}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
