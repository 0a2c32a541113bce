"""The network map's geometry: people on three concentric circles (pure: no Textual here).

Terminal cells are about twice as tall as they are wide, so each circle is drawn as an
ellipse twice as wide as it is high and looks round on screen. People sit on the line of
their circle (1 closest, in the middle), grouped by kind of relationship so that family,
friends and so on form arcs. Every mark has a symbol and a word in the legend: colour is
only ever a second cue.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.engine.words import clean

# Kind of relationship -> (symbol, word). Order is the order round the circle.
KINDS: dict[str, tuple[str, str]] = {
    "family": ("■", "family"),
    "partner": ("♥", "partner"),
    "friend": ("●", "friend"),
    "neighbour": ("▲", "neighbour"),
    "know_a_bit": ("◇", "someone known a bit"),
    "group": ("◆", "group or club"),
    "online": ("@", "online"),
    "professional": ("+", "worker or professional"),
    "other": ("○", "someone else"),
}
KIND_FIELDS = ("relationship", "kind", "type")
CIRCLE_WORDS = {1: "closest", 2: "in the middle", 3: "further away"}
RING_FRACTIONS = (0.38, 0.70, 1.0)
RING_CHAR = "·"
ME = "Me"


@dataclass(frozen=True)
class Connection:
    """One person in the network, as the map needs them."""

    name: str
    kind: str
    circle: int
    placed_by_default: bool = False
    #: The record's hidden id: how the map picks a person and moves them (issue 15).
    ref: str = ""
    #: What they help with, how often in touch, more or less contact (stored codes): the
    #: network's shape under the map reads them (assistant.plans.network_shape).
    support: tuple[str, ...] = ()
    contact: str = ""
    want: str = ""

    @property
    def symbol(self) -> str:
        return KINDS.get(self.kind, KINDS["other"])[0]


@dataclass
class Placed:
    connection: Connection
    row: int
    col: int
    label: str


@dataclass
class Picture:
    """A drawn map: ``cells[row][col]`` characters with a style key for each."""

    width: int
    height: int
    cells: list[list[str]] = field(default_factory=list)
    styles: list[list[str]] = field(default_factory=list)
    placed: list[Placed] = field(default_factory=list)

    def lines(self) -> list[str]:
        return ["".join(row) for row in self.cells]

    def runs(self, row: int) -> list[tuple[str, str]]:
        """Row ``row`` as (text, style key) runs, for building styled text."""
        out: list[tuple[str, str]] = []
        for char, style in zip(self.cells[row], self.styles[row], strict=True):
            if out and out[-1][1] == style:
                out[-1] = (out[-1][0] + char, style)
            else:
                out.append((char, style))
        return out


def kind_of(value: Any) -> str:
    text = str(value or "").strip().casefold()
    return text if text in KINDS else "other"


def connections_from(
    records: Iterable[Mapping[str, Any]], name_of: Callable[[Mapping[str, Any]], str] | None = None
) -> list[Connection]:
    """Read people from ``network.people``-style records (name, relationship/kind, circle).

    ``name_of`` gives a record's name as shown (default: its ``name``).
    """
    people = []
    for record in records:
        if not isinstance(record, Mapping):
            continue
        name = name_of(record) if name_of else str(record.get("name") or "")
        kind = next((record[k] for k in KIND_FIELDS if record.get(k)), "other")
        circle = record.get("circle")
        placed = circle if isinstance(circle, int) and 1 <= circle <= 3 else None
        people.append(
            Connection(
                name=clean(name).replace("\n", " ").strip() or "?",
                kind=kind_of(kind),
                circle=3 if placed is None else int(placed),
                placed_by_default=placed is None,
                ref=str(record.get("id") or ""),
                support=_codes(record.get("support")),
                contact=str(record.get("contact") or ""),
                want=str(record.get("want") or ""),
            )
        )
    return people


def _codes(value: Any) -> tuple[str, ...]:
    """A multi-choice answer as a tuple of its codes (anything else: none)."""
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value if isinstance(v, str | int) and not isinstance(v, bool))
    return ()


def in_map_order(people: Sequence[Connection]) -> list[Connection]:
    """Everyone in the order the keys go through them: closest circle first, then by kind
    and name (the order of the map in words)."""
    return [person for _, ring in by_circle(people) for person in ring]


def with_circle(records: Sequence[Any], ref: str, circle: int) -> list[Any] | None:
    """The list of people with the one whose id is ``ref`` moved to ``circle`` (1 to 3),
    everything else as it was; None when nobody has that id or they are there already."""
    if circle not in CIRCLE_WORDS:
        raise ValueError(f"circle must be 1, 2 or 3, not {circle!r}")
    moved = False
    out: list[Any] = []
    for record in records:
        if isinstance(record, Mapping) and ref and str(record.get("id") or "") == ref:
            if record.get("circle") == circle:
                return None
            record = {**record, "circle": circle}
            moved = True
        out.append(record)
    return out if moved else None


def _ordered(people: Sequence[Connection]) -> list[Connection]:
    order = list(KINDS)
    return sorted(people, key=lambda p: (order.index(p.kind), p.name.casefold()))


def _ellipse_perimeter(a: float, b: float) -> float:
    return math.pi * (3 * (a + b) - math.sqrt((3 * a + b) * (a + 3 * b)))


def layout(people: Sequence[Connection], width: int, height: int, me: str = ME) -> Picture:
    """Draw the circles and place everyone; an empty picture if the space is too small."""
    pic = Picture(width, height)
    if width < 16 or height < 7:
        return pic
    pic.cells = [[" "] * width for _ in range(height)]
    pic.styles = [[""] * width for _ in range(height)]
    cy = (height - 1) / 2
    cx = (width - 1) / 2
    ry = (height - 1) / 2
    # Labels stick out sideways from the outer circle: keep a margin for them. Circles look
    # round at about twice as wide as high; in a tall, narrow space they may be a little
    # taller than round rather than leave the space empty.
    rx = min((width - 1) / 2 - 4, ry * 2.2)
    ry = min(ry, rx / 1.6)

    def put(row: int, col: int, char: str, style: str) -> None:
        if 0 <= row < height and 0 <= col < width:
            pic.cells[row][col] = char
            pic.styles[row][col] = style

    for number, fraction in enumerate(RING_FRACTIONS, start=1):
        a, b = rx * fraction, ry * fraction
        steps = max(24, int(_ellipse_perimeter(a, b) * 2))
        for i in range(steps):
            angle = 2 * math.pi * i / steps
            put(
                round(cy + b * math.sin(angle)),
                round(cx + a * math.cos(angle)),
                RING_CHAR,
                f"ring{number}",
            )
        # The circle's number sits on its line at the top, so closeness is readable.
        put(round(cy - b), round(cx), str(number), f"ring{number}")

    centre = me[: max(2, int(rx * RING_FRACTIONS[0] * 1.4))]
    start = round(cx - len(centre) / 2)
    for offset, char in enumerate(centre):
        put(round(cy), start + offset, char, "me")

    taken: set[tuple[int, int]] = {(round(cy), start + i) for i in range(len(centre))}
    taken |= {(round(cy - ry * f), round(cx)) for f in RING_FRACTIONS}
    for number, fraction in enumerate(RING_FRACTIONS, start=1):
        ring = _ordered([p for p in people if p.circle == number])
        if not ring:
            continue
        a, b = rx * fraction, ry * fraction
        room = _ellipse_perimeter(a, b) / len(ring)
        label_width = int(max(2, min(14, room - 1)))
        # Spread evenly, away from the numbers at the top, and turned a little further for
        # each circle so that names on different circles do not line up.
        first = -math.pi / 2 + math.pi / len(ring) + 0.9 * (number - 1)
        for i, person in enumerate(ring):
            angle = first + 2 * math.pi * i / len(ring)
            label = _label(person, label_width)
            row = round(cy + b * math.sin(angle))
            col = round(cx + a * math.cos(angle))
            row, left = _free_spot(row, col, len(label), taken, width, height)
            # A blank cell either side lifts the name off the circle's dots.
            for edge in (left - 1, left + len(label)):
                if (row, edge) not in taken:
                    put(row, edge, " ", "")
            for offset, char in enumerate(label):
                put(
                    row,
                    left + offset,
                    char,
                    "symbol:" + person.kind if offset == 0 else "name:" + person.kind,
                )
                taken.add((row, left + offset))
            pic.placed.append(Placed(person, row, left, label))
    return pic


def _label(person: Connection, width: int) -> str:
    name = person.name
    if width >= 4:
        room = width - 2
        name = name if len(name) <= room else name[: max(1, room - 1)] + "…"
        return f"{person.symbol} {name}"
    return f"{person.symbol}{name[:1]}"


def _free_spot(
    row: int, col: int, length: int, taken: set[tuple[int, int]], width: int, height: int
) -> tuple[int, int]:
    """Nearest place to (row, col) where a label of ``length`` overlaps no other label."""
    for d_row, d_col in (
        (0, 0),
        (1, 0),
        (-1, 0),
        (0, 2),
        (0, -2),
        (2, 0),
        (-2, 0),
        (1, 3),
        (-1, -3),
        (1, -3),
        (-1, 3),
    ):
        r = min(max(row + d_row, 0), height - 1)
        left = min(max(col + d_col - length // 2, 0), max(0, width - length))
        # One blank cell either side keeps neighbouring names apart.
        if all((r, c) not in taken for c in range(left - 1, left + length + 1)):
            return r, left
    return min(max(row, 0), height - 1), min(max(col - length // 2, 0), max(0, width - length))


def legend(people: Sequence[Connection]) -> list[tuple[str, str]]:
    """(symbol, word) for each kind present, in circle order."""
    present = {p.kind for p in people}
    return [(sym, word) for kind, (sym, word) in KINDS.items() if kind in present]


def by_circle(people: Sequence[Connection]) -> list[tuple[int, list[Connection]]]:
    """People listed per circle: the map in words (for anyone who cannot read the picture)."""
    return [(n, _ordered([p for p in people if p.circle == n])) for n in (1, 2, 3)]
