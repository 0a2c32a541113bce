"""Text whose wrapped lines stay under their own words: an answer's second line under its
first (after its leading spaces), a bullet's (or the conversation's "▸") under the words
after it. In a narrow side panel most answers wrap, and a continuation back at the margin
reads as the next question or heading."""

from __future__ import annotations

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

#: Marks whose line's continuations go under the words after them: a bullet, and the
#: conversation's mark of an answer.
BULLETS = ("• ", "▸ ")
#: Below this width the text wraps as it is: an indent would leave too little room.
NARROWEST = 16


def hang(text: Content, width: int, marks: tuple[str, ...] = BULLETS) -> Content:
    """``text`` wrapped to ``width``, each line's continuations indented as its words are
    (under the words after any of ``marks`` that a line starts with, after its spaces)."""
    if width < NARROWEST:
        return text
    lines: list[Content] = []
    for line in text.split("\n", allow_blank=True):
        if line.cell_length <= width:
            lines.append(line)
            continue
        plain = line.plain
        indent = len(plain) - len(plain.lstrip(" "))
        mark = next((m for m in marks if plain.startswith(m, indent)), "")
        indent += len(mark)
        if indent > width // 2:
            lines.extend(line.wrap(width))  # too deep to hang: as it comes
            continue
        pieces = line[indent:].wrap(width - indent)
        if not pieces:  # nothing after the indent: as it comes
            lines.extend(line.wrap(width))
            continue
        pad = Content(" " * indent)
        lines.append(line[:indent] + pieces[0])
        lines.extend(pad + piece for piece in pieces[1:])
    return Content("\n").join(lines)


class Hanging(Visual):
    """``Content`` drawn with :func:`hang` at whatever width it is given (the layout asks
    for heights at one width and draws at another after a resize or a scroll bar)."""

    def __init__(self, text: Content, marks: tuple[str, ...] = BULLETS) -> None:
        self.text = text
        self.marks = marks
        self._at: tuple[int, Content] | None = None

    def __str__(self) -> str:
        return self.text.plain

    @property
    def plain(self) -> str:
        return self.text.plain

    def _hung(self, width: int) -> Content:
        if self._at is None or self._at[0] != width:
            self._at = (width, hang(self.text, width, self.marks))
        return self._at[1]

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        return self._hung(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.text.get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self._hung(width).get_height(rules, width)
