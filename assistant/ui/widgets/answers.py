"""Answer widgets: one for each kind of step, all showing text literally (never as markup).

Each posts :class:`Answer.Submit` with the value to give the engine; ``current()`` is what
"Done" (ctrl+s) submits. The session screen and the edit dialog both use them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, OptionList, SelectionList, Static, TextArea
from textual.widgets.option_list import Option

from assistant.ui.text import clean, format_date, shown


def literal(text: Any, style: str = "") -> Content:
    """User or content text as Content: no markup is ever parsed."""
    content = Content(shown(text))
    return content.stylize(style) if style else content


class Answer(Vertical):
    """Base class for answer widgets."""

    DEFAULT_CSS = """
    Answer { height: auto; }
    """

    class Submit(Message):
        """An answer to give (``None`` for 'go on')."""

        def __init__(self, value: Any, answer: Answer) -> None:
            super().__init__()
            self.value = value
            self.answer = answer

    class Changed(Message):  # bubbles: only the screen that shows the map listens
        """The draft answer changed (records: the network map shows it live)."""

        def __init__(self, value: Any) -> None:
            super().__init__()
            self.value = value

    #: Words for the hint line under the answer (which keys do what).
    keys_hint: ClassVar[str] = ""

    def submit(self, value: Any) -> None:
        # Straight to the screen (not bubbling through every container): the next prompt
        # comes up sooner and a fast typist's next key finds it.
        self.screen.post_message(self.Submit(value, self))

    def current(self) -> Any:
        """The answer as it stands, for 'Done'."""
        return None

    def focus_first(self) -> None:
        for child in self.query("*"):
            if child.focusable:
                child.focus()
                return


class TextAnswer(Answer):
    keys_hint = "Type, then press Enter."

    def __init__(self, value: Any = None, placeholder: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._value = "" if value is None else clean(value)
        self._placeholder = placeholder

    def compose(self) -> ComposeResult:
        yield Input(self._value, placeholder=self._placeholder, id="answer-input")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit(event.value)

    def current(self) -> Any:
        return self.query_one(Input).value


class NumberAnswer(TextAnswer):
    keys_hint = "Type a number, then press Enter."


class DateAnswer(TextAnswer):
    keys_hint = "A date like 31/01/2027, or today. Then Enter."

    def __init__(self, value: Any = None, **kwargs: Any) -> None:
        if isinstance(value, str) and len(value) == 10 and value[4] == "-":
            value = f"{value[8:10]}/{value[5:7]}/{value[:4]}"
        super().__init__(value, placeholder="day/month/year, for example 31/01/2027", **kwargs)


class LongTextAnswer(Answer):
    keys_hint = "Enter: new line · ctrl+s: done"

    def __init__(self, value: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._value = "" if value is None else clean(value)

    def compose(self) -> ComposeResult:
        area = TextArea(
            self._value,
            soft_wrap=True,
            show_line_numbers=False,
            tab_behavior="focus",
            id="answer-text",
        )
        yield area

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.move_cursor(area.document.end)

    def current(self) -> Any:
        return self.query_one(TextArea).text


class ChoiceAnswer(Answer):
    keys_hint = "Arrow keys to move, Enter to pick."

    def __init__(
        self, options: Sequence[tuple[str, str]], value: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self._options = list(options)
        self._value = value

    def compose(self) -> ComposeResult:
        items = [Option(literal(label), id=f"o{n}") for n, (_, label) in enumerate(self._options)]
        yield OptionList(*items, id="answer-options")

    def on_mount(self) -> None:
        values = [str(v) for v, _ in self._options]
        if self._value is not None and str(self._value) in values:
            self.query_one(OptionList).highlighted = values.index(str(self._value))

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.submit(self._options[event.option_index][0])

    def current(self) -> Any:
        index = self.query_one(OptionList).highlighted
        return None if index is None else self._options[index][0]


class MenuAnswer(ChoiceAnswer):
    keys_hint = "Arrow keys to move, Enter to pick."


class MultiChoiceAnswer(Answer):
    keys_hint = "Space: tick or untick · ctrl+s: done"

    def __init__(
        self, options: Sequence[tuple[str, str]], value: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self._options = list(options)
        chosen = value if isinstance(value, (list, tuple)) else []
        self._chosen = {str(v) for v in chosen}

    def compose(self) -> ComposeResult:
        yield SelectionList[str](
            *[(literal(label), str(v), str(v) in self._chosen) for v, label in self._options],
            id="answer-selection",
        )

    def current(self) -> Any:
        return list(self.query_one(SelectionList).selected)


class PickButton(Button):
    """A button that stands for one answer (a rating point, yes or no)."""

    def __init__(self, label: Content, value: Any, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.value = value


class RatingAnswer(Answer):
    keys_hint = "Press a number, or arrows and Enter."

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-1)", "Left", show=False),
        Binding("right", "move(1)", "Right", show=False),
    ]

    def __init__(
        self,
        low: int,
        high: int,
        labels: dict[int, str] | None = None,
        value: Any = None,
        earlier: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.low, self.high = low, high
        self.labels = labels or {}
        self._value = value
        self._earlier = earlier

    def compose(self) -> ComposeResult:
        with Horizontal(classes="rating-row"):
            for point in range(self.low, self.high + 1):
                classes = "rating -chosen" if point == self._value else "rating"
                yield PickButton(Content(str(point)), point, classes=classes, id=f"rate-{point}")
        if self.labels:
            words = "   ".join(
                f"{k} = {clean(v)}" for k, v in sorted(self.labels.items()) if k is not None
            )
            yield Static(literal(words), classes="rating-words")
        if self._earlier:
            yield Static(literal(self._earlier), classes="earlier")

    def on_mount(self) -> None:
        target = self._value if isinstance(self._value, int) else None
        if target is not None and self.low <= target <= self.high:
            self.query_one(f"#rate-{target}", PickButton).focus()

    def on_key(self, event: Any) -> None:
        if event.character and event.character.isdigit():
            point = int(event.character)
            if self.low <= point <= self.high:
                event.stop()
                self.submit(point)

    def action_move(self, step: int) -> None:
        buttons = list(self.query(PickButton))
        focused = self.screen.focused
        index = buttons.index(focused) if focused in buttons else -1
        buttons[max(0, min(len(buttons) - 1, index + step))].focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if isinstance(event.button, PickButton):
            event.stop()
            self.submit(event.button.value)

    def current(self) -> Any:
        focused = self.screen.focused
        return focused.value if isinstance(focused, PickButton) else None


class YesNoAnswer(Answer):
    keys_hint = "Press y or n."

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "pick(True)", "Yes", show=False),
        Binding("n", "pick(False)", "No", show=False),
        Binding("left,right", "app.focus_next", show=False),
    ]

    def __init__(self, value: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._value = value

    def compose(self) -> ComposeResult:
        with Horizontal(classes="yes-no"):
            yield PickButton(Content("Yes"), True, id="answer-yes")
            yield PickButton(Content("No"), False, id="answer-no")

    def on_mount(self) -> None:
        if self._value is False:
            self.query_one("#answer-no").focus()

    def action_pick(self, value: bool) -> None:
        self.submit(value)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if isinstance(event.button, PickButton):
            event.stop()
            self.submit(event.button.value)

    def current(self) -> Any:
        focused = self.screen.focused
        return focused.value if isinstance(focused, PickButton) else None


class GoOnAnswer(Answer):
    """For a 'say' or a topic's closing line: one button to go on."""

    keys_hint = "Press Enter to go on."

    def __init__(self, label: str = "Go on", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._label = label

    def compose(self) -> ComposeResult:
        yield Button(Content(self._label), id="go-on", variant="primary")

    @on(Button.Pressed, "#go-on")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.submit(None)


STATUS_ICONS = {"not_started": "○", "in_progress": "◐", "parked": "◇", "done": "✓"}


def topic_line(
    title: str, status: str, words: str, current: bool = False, two_lines: bool = False
) -> Content:
    """A topic with its status as an icon and in words (never by colour alone)."""
    icon = STATUS_ICONS.get(status, "○")
    words = f"{words}, now" if current else words
    return Content.assemble(
        (f"{icon} ", f"$text-{'success' if status == 'done' else 'primary'}"),
        (clean(title), "bold" if current else ""),
        ("\n  " if two_lines else "  ", ""),
        (words, "$text-muted"),
    )


class TopicsAnswer(Answer):
    """Choose the next topic (the conversation is between topics)."""

    keys_hint = "Arrow keys to move, Enter to open."

    def __init__(self, topics: Sequence[Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._topics = list(topics)

    def compose(self) -> ComposeResult:
        yield OptionList(
            *[
                Option(topic_line(t.title, t.status, t.status_words), id=f"t-{t.id}")
                for t in self._topics
            ],
            id="answer-topics",
        )

    def on_mount(self) -> None:
        # Start on the first topic not yet done, so Enter carries on sensibly.
        for n, topic in enumerate(self._topics):
            if topic.status != "done":
                self.query_one(OptionList).highlighted = n
                break

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.submit(self._topics[event.option_index].id)

    def current(self) -> Any:
        index = self.query_one(OptionList).highlighted
        return None if index is None else self._topics[index].id


def build_answer(
    step: Any,
    *,
    topics: Sequence[Any] = (),
    earlier: str = "",
    records_factory: Callable[..., Answer] | None = None,
) -> Answer:
    """The answer widget for an engine step."""
    kind = step.kind
    if kind == "topics":
        return TopicsAnswer(topics)
    if kind == "say":
        return GoOnAnswer("Go on")
    if kind == "end":
        return GoOnAnswer("Finish this topic")
    if kind == "menu":
        return MenuAnswer(step.options)
    node = step.node
    return answer_for_shape(
        node, step.value, options=step.options, earlier=earlier, records_factory=records_factory
    )


def answer_for_shape(
    shape: Any,
    value: Any,
    *,
    options: Sequence[tuple[str, str]] = (),
    earlier: str = "",
    records_factory: Callable[..., Answer] | None = None,
) -> Answer:
    """The answer widget for an ask (or a record field) of ``shape.type``."""
    kind = shape.type
    if not options:
        options = [(o.value, o.text) for o in getattr(shape, "options", ())]
    if kind == "long_text":
        return LongTextAnswer(value)
    if kind == "choice":
        return ChoiceAnswer(options, value)
    if kind == "multi_choice":
        return MultiChoiceAnswer(options, value)
    if kind == "rating":
        low = int(shape.min) if shape.min is not None else 1
        high = int(shape.max) if shape.max is not None else 7
        return RatingAnswer(low, high, dict(shape.labels), value, earlier)
    if kind == "number":
        shown_value = None if value is None else format(value, "g")
        return NumberAnswer(shown_value)
    if kind == "yes_no":
        return YesNoAnswer(value)
    if kind == "date":
        return DateAnswer(value)
    if kind == "records" and records_factory is not None:
        return records_factory(shape, value)
    return TextAnswer(value)


def describe_value_for_edit(value: Any) -> str:
    if isinstance(value, str) and len(value) == 10 and value[4:5] == "-":
        return format_date(value)
    return shown(value)


def option_text(label: str) -> Text:
    """A rich Text prompt (for Select), never parsed as markup."""
    return Text(clean(label))


__all__ = [
    "Answer",
    "ChoiceAnswer",
    "DateAnswer",
    "GoOnAnswer",
    "LongTextAnswer",
    "MenuAnswer",
    "MultiChoiceAnswer",
    "NumberAnswer",
    "PickButton",
    "RatingAnswer",
    "TextAnswer",
    "TopicsAnswer",
    "Widget",
    "YesNoAnswer",
    "answer_for_shape",
    "build_answer",
    "literal",
    "option_text",
    "topic_line",
]
