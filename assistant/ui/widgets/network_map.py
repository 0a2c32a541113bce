"""The network map: the person's connections on three circles, with a legend and the same
map in words underneath (for anyone who finds the picture hard to read).

The map can be changed where it is drawn (issue 15): pick a person (arrows through
them, or a click), then press 1, 2 or 3, or Enter for a small menu, to move them to another
circle. The map only asks for the move (:class:`NetworkMap.Move`); the meeting screen saves
it as a changed answer to the people question, as the edit-answer dialog does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from textual import events, on
from textual.app import ComposeResult, RenderResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from assistant.meetings.network_layout import (
    CIRCLE_WORDS,
    KINDS,
    ME,
    Connection,
    Picture,
    by_circle,
    in_map_order,
    layout,
    legend,
)
from assistant.plans.network_shape import (
    Shape,
    before_line,
    shape_of,
    shape_of_plan,
    topic_titles,
)
from assistant.ui.widgets.answer_base import focus_now
from assistant.ui.widgets.dialog import Dialog, DialogBody, DialogTop

KIND_STYLES = {
    "family": "$text-accent",
    "partner": "$text-accent",
    "friend": "$text-success",
    "neighbour": "$text-success",
    "know_a_bit": "$text-success",
    "group": "$text-primary",
    "online": "$text-primary",
    "professional": "$text-secondary",
    "other": "$text-secondary",
}


def _style(key: str) -> str:
    if key == "picked":
        # Not by colour alone: reversed, and named in words on the line under the map.
        return "bold reverse"
    if key.startswith("ring"):
        return "$text-muted"
    if key == "me":
        return "bold reverse"
    if key.startswith("symbol:"):
        return "bold " + KIND_STYLES.get(key[7:], "")
    if key.startswith("name:"):
        return KIND_STYLES.get(key[5:], "")
    return ""


class MapCanvas(Widget, can_focus=True):
    """Draws the circles to fit whatever size it is given; the person picked is shown
    reversed. Keys: arrows go through the people (Tab moves on), 1/2/3 move the one picked, Enter
    (or a click on them) opens the menu of circles."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right,down", "step(1)", "Next person", show=False),
        Binding("left,up", "step(-1)", "Previous person", show=False),
        Binding("1", "move(1)", "Closest", show=False),
        Binding("2", "move(2)", "Middle", show=False),
        Binding("3", "move(3)", "Further", show=False),
        Binding("enter,space", "menu", "Move", show=False),
    ]

    class Picked(Message):
        """The person picked changed (None: nobody)."""

        def __init__(self, person: Connection | None) -> None:
            super().__init__()
            self.person = person

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.people: list[Connection] = []
        self.me = ME
        self.picked: str | None = None
        self._picture: Picture | None = None

    # -- drawing ------------------------------------------------------------------------

    def render(self) -> RenderResult:
        width, height = self.size
        picture = layout(self.people, width, height, self.me)
        self._picture = picture
        if not picture.cells:
            return Content("")
        for placed in picture.placed:
            if self.picked and placed.connection.ref == self.picked:
                for col in range(placed.col, placed.col + len(placed.label)):
                    if 0 <= col < picture.width:
                        picture.styles[placed.row][col] = "picked"
        lines = []
        for row in range(picture.height):
            lines.append(
                Content.assemble(*[(text, _style(key)) for text, key in picture.runs(row)])
            )
        return Content("\n").join(lines)

    # -- picking ------------------------------------------------------------------------

    def person(self) -> Connection | None:
        """The person picked, if they are still on the map."""
        return next((p for p in self.people if p.ref and p.ref == self.picked), None)

    def set_people(self, people: Sequence[Connection], me: str) -> None:
        self.people = list(people)
        self.me = me
        if self.picked is not None and self.person() is None:
            self._pick(None)  # the one picked has gone from the list
        elif self.picked is not None:
            self.post_message(self.Picked(self.person()))  # e.g. now on another circle
        self.refresh()

    def _pick(self, person: Connection | None) -> None:
        self.picked = person.ref if person else None
        self.refresh()
        self.post_message(self.Picked(person))

    def _order(self) -> list[Connection]:
        return [p for p in in_map_order(self.people) if p.ref]

    def on_focus(self) -> None:
        order = self._order()
        if self.person() is None and order:
            self._pick(order[0])
        else:
            self.post_message(self.Picked(self.person()))

    def on_blur(self) -> None:
        self.post_message(self.Picked(None) if self.picked is None else self.Picked(self.person()))

    def action_step(self, by: int) -> None:
        order = self._order()
        if not order:
            return
        now = self.person()
        at = order.index(now) if now in order else (-1 if by > 0 else 0)
        self._pick(order[(at + by) % len(order)])

    def action_move(self, circle: int) -> None:
        person = self.person()
        if person is not None:
            self.post_message(NetworkMap.Move(person, circle))

    def action_menu(self) -> None:
        person = self.person()
        if person is None:
            return

        def chosen(circle: int | None) -> None:
            focus_now(self)
            if circle is not None:
                self.post_message(NetworkMap.Move(person, circle))

        self.app.push_screen(MoveToCircle(person), chosen)

    def at(self, x: int, y: int) -> Connection | None:
        """The person whose mark or name is drawn at (x, y), if any."""
        picture = self._picture
        if picture is None:
            return None
        for placed in picture.placed:
            if placed.row == y and placed.col <= x < placed.col + len(placed.label):
                return placed.connection
        return None

    def on_click(self, event: events.Click) -> None:
        person = self.at(event.x, event.y)
        if person is None or not person.ref:
            return
        again = self.has_focus and person.ref == self.picked
        focus_now(self)
        self._pick(person)
        if again:
            self.action_menu()


class MoveToCircle(Dialog[int | None]):
    """A small menu: which circle should this person be in? (Escape: leave them.)"""

    DEFAULT_CSS = """
    MoveToCircle #move-options {
        height: auto;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Keep them where they are"),
        Binding("1", "pick(1)", show=False),
        Binding("2", "pick(2)", show=False),
        Binding("3", "pick(3)", show=False),
    ]

    def __init__(self, person: Connection) -> None:
        super().__init__()
        self.person = person

    def compose(self) -> ComposeResult:
        options = [
            Option(
                Content(
                    f"{number}  {CIRCLE_WORDS[number].capitalize()}"
                    + (
                        "  (now)"
                        if number == self.person.circle and not self.person.placed_by_default
                        else ""
                    )
                ),
                id=str(number),
            )
            for number in CIRCLE_WORDS
        ]
        options.append(Option(Content("Keep them where they are"), id="keep"))
        with Vertical(classes="dialog"):
            with DialogTop():
                yield Static(
                    Content.assemble("Move ", (self.person.name, "bold"), " to which circle?"),
                    id="move-title",
                    classes="dialog-title",
                )
            with DialogBody():
                yield OptionList(*options, id="move-options")

    def on_mount(self) -> None:
        menu = self.query_one(OptionList)
        menu.highlighted = self.person.circle - 1
        menu.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        choice = event.option.id
        self.dismiss(int(choice) if choice in ("1", "2", "3") else None)

    def action_pick(self, circle: int) -> None:
        self.dismiss(circle)

    def action_leave(self) -> None:
        self.dismiss(None)


class MapWords(VerticalScroll):
    """The legend, the map in words and the network's shape, under the picture. It takes at
    most about half the panel (the circles keep room to be drawn, at 80x24 too) and scrolls;
    Tab stops on it only when there is more than fits, then the arrows read on."""

    def allow_focus(self) -> bool:
        return self.max_scroll_y > 0


class NetworkMap(Vertical):
    """Picture, legend, the people per circle in words, and the network's shape."""

    DEFAULT_CSS = """
    NetworkMap #map-words {
        height: auto;
        max-height: 45%;
    }
    NetworkMap #map-words:focus {
        background-tint: $foreground 4%;
    }
    NetworkMap #map-shape {
        height: auto;
        padding: 0 1;
        margin-top: 1;
    }
    NetworkMap #map-picked {
        /* Always the same height: the circles must not move under the pointer when
           someone is picked (a second click on them opens the menu). */
        height: 3;
        padding: 0 1;
    }
    NetworkMap MapCanvas:focus {
        background-tint: $foreground 4%;
    }
    """

    class Move(Message):
        """Move ``person`` to ``circle`` (1 closest to 3): the screen saves it, then says
        how it went with :meth:`NetworkMap.say`."""

        def __init__(self, person: Connection, circle: int) -> None:
            super().__init__()
            self.person = person
            self.circle = circle

    def compose(self) -> ComposeResult:
        yield Static(Content("My connections").stylize("bold"), classes="panel-title")
        yield MapCanvas(id="map-canvas")
        yield Static(id="map-picked")
        with MapWords(id="map-words"):
            yield Static(id="map-legend")
            yield Static(id="map-shape")

    def on_mount(self) -> None:
        self._show_picked(None)

    def show(self, people: Sequence[Connection], me: str = ME) -> None:
        canvas = self.query_one(MapCanvas)
        key = (tuple(people), me)
        if getattr(self, "_key", None) == key:
            return
        self._key = key
        canvas.set_people(people, me)
        self.query_one("#map-legend", Static).update(self._legend(people))
        shape = self.query_one("#map-shape", Static)
        shape.display = bool(people)
        shape.update(shape_words(shape_of(_records(people), self._titles()), self._before()))

    def _titles(self) -> dict[str, str] | None:
        """The titles of the topics the shape's ideas point to, as the meeting's content
        gives them (an agency's pack may rename or switch off topics); None: the shipped
        titles (no meeting, e.g. a test)."""
        meeting = getattr(self.screen, "meeting", None)
        topics = getattr(getattr(getattr(meeting, "conv", None), "content", None), "topics", None)
        return topic_titles(topics) if isinstance(topics, Mapping) else None

    def _before(self) -> Shape | None:
        """In a review meeting: the shape of the last plan's network (None in a first
        meeting). Worked out once per plan."""
        plan = getattr(getattr(self.screen, "meeting", None), "previous_plan", None)
        if plan is None:
            return None
        cached = getattr(self, "_before_cache", None)
        if cached is None or cached[0] is not plan:
            cached = (plan, shape_of_plan(plan))
            self._before_cache = cached
        return cached[1]

    def say(self, text: str) -> None:
        """A line under the map: what happened to a move (plain words, shown as text)."""
        self._said = text
        self._show_picked(self.query_one(MapCanvas).person())

    @on(Move)
    def _moving(self, event: Move) -> None:
        """What was said of the last move goes with the next (the screen says how this one
        went, if there is anything to say). The message goes on to the screen."""
        self._said = ""

    @on(MapCanvas.Picked)
    def _picked(self, event: MapCanvas.Picked) -> None:
        event.stop()
        ref = event.person.ref if event.person else None
        if ref != getattr(self, "_said_for", None) or not self.query_one(MapCanvas).has_focus:
            # What was said was about someone else, or the map was left (Tab, F5 hid it):
            # it stayed under the map, minutes later, however long nobody touched it.
            self._said = ""
        self._said_for = ref
        self._show_picked(event.person)

    def _show_picked(self, person: Connection | None) -> None:
        line = self.query_one("#map-picked", Static)
        canvas = self.query_one(MapCanvas)
        said = getattr(self, "_said", "")
        parts: list[Content] = []
        if person is not None and canvas.has_focus:
            where = (
                "circle not chosen yet"
                if person.placed_by_default
                else f"circle {person.circle}, {CIRCLE_WORDS[person.circle]}"
            )
            parts.append(Content.assemble((person.name, "bold"), f": {where}"))
            if not said:
                parts.append(Content("1, 2, 3: move them · Enter: menu").stylize("$text-muted"))
        elif canvas.people and not said:
            parts.append(
                Content(
                    "To move someone to another circle, click them, or Tab to the map."
                ).stylize("$text-muted")
            )
        if said:
            parts.append(Content(said).stylize("$text-warning"))
        line.update(Content("\n").join(parts))

    def _legend(self, people: Sequence[Connection]) -> Content:
        if not people:
            return Content(
                "No one on the map yet. People added in 'My connections' appear here."
            ).stylize("$text-muted")
        parts = [
            Content("  ").join(
                Content.assemble((sym, "bold " + KIND_STYLES.get(kind, "")), f" {word}")
                for kind, (sym, word) in _kinds_present(people)
            )
        ]
        for number, ring in by_circle(people):
            if not ring:
                continue
            names = ", ".join(
                p.name + (" (circle not chosen)" if p.placed_by_default else "") for p in ring
            )
            parts.append(
                Content.assemble((f"{number} {CIRCLE_WORDS[number]}: ", "bold"), Content(names))
            )
        return Content("\n").join(parts)


def shape_words(shape: Shape, before: Shape | None = None) -> Content:
    """The network's shape for the worker, in words the person can read too: counts (and, in
    a review, the last plan's count), then what to notice (about the list, never the person)
    with an idea of where to go next."""
    lines = shape.lines()
    parts = [
        Content.assemble(
            ("Network shape", "bold $text-primary"), (", for the worker", "$text-muted")
        ),
        Content(lines[0]),
    ]
    then = before_line(before) if before is not None else None
    if then:
        parts.append(Content(then).stylize("$text-muted"))
    # What to notice comes before the other counts: at 80x24 it is what shows without
    # scrolling. The person reads it too: a plain marker and plain text, no warning colour
    # (a prompt for the pair, not an alarm).
    for flag in shape.flags:
        parts.append(Content.assemble("• ", flag.words))
        parts.append(Content.assemble(("Might help: ", "$text-muted"), flag.idea))
    parts.extend(Content(line) for line in lines[1:])
    return Content("\n").join(parts)


def _records(people: Sequence[Connection]) -> list[dict[str, Any]]:
    """The map's people as the records the shape reads (circle None: not chosen yet)."""
    return [
        {
            "relationship": p.kind,
            "circle": None if p.placed_by_default else p.circle,
            "support": list(p.support),
            "contact": p.contact,
            "want": p.want,
        }
        for p in people
    ]


def _kinds_present(people: Sequence[Connection]) -> list[tuple[str, tuple[str, str]]]:
    present = {sym for sym, _ in legend(people)}
    return [(k, v) for k, v in KINDS.items() if v[0] in present]
