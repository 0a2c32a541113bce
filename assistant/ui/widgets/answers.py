"""Answer widgets: one for each kind of step, all showing text literally (never as markup).

Each posts :class:`Answer.Submit` with the value to give the engine; ``current()`` is what
"Done" (ctrl+s) submits. The session screen and the edit dialog both use them.

Every key an answer handles takes effect at once, while the key is being handled: Enter gives
the answer, Space ticks, a pick is made, the focus moves (Textual's own widgets do these a
message later, which let the next keys of a fast burst overtake them). With the meeting's keys
taken one at a time (see ui/key_order.py), each key then sees the answer exactly as the keys
before it left it, and an answer given by a key is acted on before the next key.

They are reusable: ``load(...)`` puts a new step into a widget that is already on screen, so
moving to the next question changes a few lines of text instead of building new widgets
(which costs a full layout and several frames in Textual). ``load`` may be called before the
widget is mounted; ``on_mount`` applies what was loaded.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, ClassVar

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from assistant.engine.words import clean
from assistant.safe_text import typed, typed_one_line
from assistant.ui.key_order import give_in_order
from assistant.ui.widgets.answer_base import (
    ActButton,
    Answer,
    AnswerInput,
    InOrderButton,
    KeptStatic,
    PickList,
    TickList,
    focus_now,
    literal,
    option_text,
)
from assistant.ui.widgets.date_meaning import DateMeaning, app_today
from assistant.ui.widgets.date_meaning import placeholder as date_placeholder
from assistant.ui.widgets.records_editor import RecordsAnswer

#: What Enter (ctrl+s in a long box) with nothing written says: it stays on the question.
#: Given empty, a typed answer was saved as "Not today", and a stray Enter lost the question.
NOTHING_WRITTEN = "Nothing written yet. Write an answer, or press F7 for Not today."
#: The same, at a question that cannot be left for today (no F7 to offer).
NOTHING_WRITTEN_NEEDED = "Nothing written yet. Write an answer to go on."


#: A choice made on purpose (agreeing the plan) given with nothing highlighted: the meeting's
#: Done, the change dialog's Save, or Enter on the empty list (the session's own message
#: names a yes/no question's or a rating's keys).
PICK_ONE_FIRST = "Pick one first: the arrow keys, then Enter."


class TextAnswer(Answer):
    keys_hint = "Type, then press Enter."
    placeholder = ""

    def compose(self) -> ComposeResult:
        yield AnswerInput(self.submit, id="answer-input")

    def apply(self, value: Any = None) -> None:
        entry = self.query_one(AnswerInput)
        entry.placeholder = self.placeholder
        entry.put(self.shown_value(value))

    def shown_value(self, value: Any) -> str:
        # What can be typed back: the stored words cleaned as words typed into this one-line
        # box are (no control characters, not their visible escapes, which saving again
        # would store as letters; a tab or line break from an earlier meeting or an import
        # is one space). The stored answer is unchanged until it is given again.
        return "" if value is None else typed_one_line(str(value))

    def current(self) -> Any:
        return self.query_one(Input).value


class NumberAnswer(TextAnswer):
    keys_hint = "Type a number, then press Enter."

    def shown_value(self, value: Any) -> str:
        # Words typed and not given (kept when the window closed) come back as typed.
        if isinstance(value, str):
            return super().shown_value(value)
        return "" if value is None else format(value, "g")


class DateAnswer(TextAnswer):
    """A date: the line under it says what the words typed mean, as they are typed."""

    keys_hint = "A date like 15/12 or next Friday, then Enter."

    def apply(self, value: Any = None, past: bool = False) -> None:
        self.placeholder = date_placeholder(app_today(self))
        self.query_one(DateMeaning).past = past
        super().apply(value)

    def compose(self) -> ComposeResult:
        yield from super().compose()
        yield DateMeaning(classes="-empty")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one(DateMeaning).show_for(event.value)

    def shown_value(self, value: Any) -> str:
        if isinstance(value, str) and len(value) == 10 and value[4] == "-":
            return f"{value[8:10]}/{value[5:7]}/{value[:4]}"
        return super().shown_value(value)


class LongTextAnswer(Answer):
    keys_hint = "Enter: new line · ctrl+s: done"

    def compose(self) -> ComposeResult:
        yield TextArea(
            soft_wrap=True, show_line_numbers=False, tab_behavior="focus", id="answer-text"
        )

    def apply(self, value: Any = None) -> None:
        area = self.query_one(TextArea)
        text = "" if value is None else typed(str(value)).replace("\t", "    ")
        if text and not text.endswith("\n"):
            # Words typed next start on a line of their own: straight after the words filled
            # in (last time's, or the answer being changed) they ran on ("brotherLast").
            # The blank last line is not part of the answer (coerce drops it).
            text += "\n"
        area.load_text(text)
        area.move_cursor(area.document.end)

    def current(self) -> Any:
        return self.query_one(TextArea).text


def nothing_written(answer: Answer | None, value: Any) -> bool:
    """Whether ``value`` is a typed answer (a text, long text, number or date box) with
    nothing in it but spaces or blank lines: given, it would be saved as nothing at all."""
    return (
        isinstance(answer, TextAnswer | LongTextAnswer)
        and isinstance(value, str)
        and not value.strip()
    )


#: The most options a choice made on purpose picks by their first letters (all said in the
#: keys line).
MOST_LETTERS = 4


class ChoiceAnswer(Answer):
    """One answer from a list. A question where the answer must be given on purpose
    (``pick_on_purpose``: "Do you agree with this plan?") starts with nothing highlighted;
    where its options' first letters differ ("Yes", "Mostly", "No"), a letter highlights
    its row, for Enter to give, as the keys line says. y was refused there ("This question
    is a list") though every yes/no question says "Press y or n". A letter only highlights:
    one stray key never records the person's agreement."""

    keys_hint = "Arrow keys to move, Enter to pick."
    #: With an answer given before (a review's last answer, or going back to change one):
    #: what the mark means, and that Enter keeps it. Short: it shares its line with a button.
    keys_hint_chosen = "✓ is the answer before: Enter keeps it, arrows to change."
    #: With nothing answered yet, only the question's suggestion (its default) marked.
    keys_hint_suggested = "✓ is suggested: Enter picks it, arrows to change."
    #: A choice made on purpose: nothing is highlighted until an arrow key (or a letter).
    keys_hint_on_purpose = "Arrow keys to choose, then Enter."
    keys_hint_letters = "Press {letters} (or an arrow key), then Enter."
    #: A choice made on purpose asked again: the answer before in words, nothing picked.
    keys_hint_on_purpose_before = "Before: {before}. Arrow keys to choose again, then Enter."

    #: A choice made on purpose: each row's letter (its label's first, lower case) when
    #: they all differ. Other lists keep letters for the "This question is a list" notice
    #: (a sentence typed ahead for a text box must not move the highlight unseen).
    _letters: Mapping[str, int] = MappingProxyType({})

    def compose(self) -> ComposeResult:
        options = PickList(self._pick, self._nothing_picked, id="answer-options")
        # Up from the first answer went round to the last: at "Do you agree with this
        # plan?" Down reached "Yes", Up (to be sure of the top) reached "No", and Enter
        # recorded it. A question's answers stop at either end.
        options.wraps = False
        yield options

    def _nothing_picked(self) -> None:
        note = self.Notice(PICK_ONE_FIRST, self)
        give_in_order(self.screen, note)

    def on_key(self, event: events.Key) -> None:
        letter = (event.character or "").lower()
        if letter and letter in self._letters:
            event.stop()
            self.query_one(OptionList).highlighted = self._letters[letter]
            return
        say_it_is_a_list(self, event, LIST_TO_PICK)

    def apply(
        self,
        options: Sequence[tuple[str, str]] = (),
        value: Any = None,
        suggested: bool = False,
        on_purpose: bool = False,
    ) -> None:
        """``on_purpose`` (the step's ``pick_on_purpose``, as at "Do you agree with this
        plan?"): no option is highlighted until an arrow key (or its letter), so a stray
        Enter (the second of two after "Go on") records nothing. Asked again (the plan
        changed after both said yes, or F8 back to it), the answer before is said in words,
        never ready for Enter: one Enter agreed again, and "an arrow key, then Enter" moved
        from it to "Mostly"."""
        self._options = list(options)
        option_list = self.query_one(OptionList)
        option_list.clear_options()
        values = [str(v) for v, _ in self._options]
        firsts = [str(label).strip()[:1].lower() for _, label in self._options]
        unique = all(f.isalnum() for f in firsts) and len(set(firsts)) == len(firsts)
        said = on_purpose and len(firsts) <= MOST_LETTERS  # a few letters, in the keys line
        self._letters = {f: i for i, f in enumerate(firsts)} if unique and said else {}
        # The answer given before (going back, changing it) is marked as Yes/No marks it,
        # not only shown by where the highlight starts (colour alone, and it moves).
        chosen = str(value) if value is not None and str(value) in values else None
        if on_purpose:
            labels = [label for _, label in self._options]
            self.keys_hint = (
                self._new_hint()
                if chosen is None
                else self.keys_hint_on_purpose_before.format(before=labels[values.index(chosen)])
            )
            option_list.add_options([Option(literal(label)) for _, label in self._options])
            option_list.highlighted = None
            return
        self.keys_hint = (
            type(self).keys_hint
            if chosen is None
            else self.keys_hint_suggested
            if suggested
            else self.keys_hint_chosen
        )
        option_list.add_options(
            [
                Option(literal(label if chosen is None else _marked(label, str(v) == chosen)))
                for v, label in self._options
            ]
        )
        if chosen is not None:
            option_list.highlighted = values.index(chosen)
        else:
            option_list.highlighted = 0 if values else None

    def _new_hint(self) -> str:
        """The keys line of a list with nothing highlighted yet."""
        letters = list(self._letters)
        if not letters:
            return self.keys_hint_on_purpose
        said = ", ".join(letters[:-1]) + f" or {letters[-1]}" if len(letters) > 1 else letters[0]
        return self.keys_hint_letters.format(letters=said)

    def _pick(self, index: int) -> None:
        self.submit(self._options[index][0])

    def current(self) -> Any:
        index = self.query_one(OptionList).highlighted
        return None if index is None else self._options[index][0]


#: Letters typed at a question answered from a list (typed ahead, or a sentence meant for a
#: text box) went nowhere without a word, where a page with nothing to answer says so.
LIST_TO_PICK = "This question is a list: use the arrow keys, then Enter."
LIST_TO_TICK = "This question is a list: use the arrow keys and Space to tick, then Enter."


def say_it_is_a_list(answer: Answer, event: events.Key, words: str) -> None:
    """Say ``words`` in the keys line for a letter or digit the list cannot use. The key is
    not stopped, so any binding of it still works."""
    if event.character and event.character.isalnum():
        give_in_order(answer.screen, answer.Notice(words, answer))


def _marked(label: str, chosen: bool) -> str:
    """An option's label with the mark of the answer given before, the others lined up."""
    return f"{'✓' if chosen else ' '} {label}"


class MenuAnswer(ChoiceAnswer):
    keys_hint = "Arrow keys to move, Enter to pick."


class AnswerTicks(TickList):
    """The ticks of a question: Space (or a click) ticks, and Enter is Done, as ctrl+s is.

    Textual's list ticks on Enter too, so a worker pressing Enter to go on, as at every other
    question, changed the answer instead: on "Who can see your plan?" it ticked "Nobody else",
    which unticked the care team and the GP."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "done", "Done", show=False)]

    async def action_done(self) -> None:
        # The meeting's Done (the practice's too), or Save when changing an earlier answer.
        screen = self.screen
        for action in ("done", "save"):
            if hasattr(screen, f"action_{action}"):
                await screen.run_action(action)
                return


class MultiChoiceAnswer(Answer):
    """Tick any number. "Done" with nothing ticked asks first: saved, an empty list means
    "Not today", and a tick that did not take (or a slip of the finger) must not say that."""

    keys_hint = "Space: tick or untick · Enter: done"

    DEFAULT_CSS = """
    MultiChoiceAnswer .empty-check { display: none; height: auto; padding: 0 1; }
    MultiChoiceAnswer.-asking .empty-check { display: block; }
    MultiChoiceAnswer .empty-buttons { height: auto; }
    MultiChoiceAnswer .empty-buttons Button { margin-right: 2; }
    MultiChoiceAnswer .tick-note { display: none; height: auto; padding: 0 1; }
    MultiChoiceAnswer.-noting .tick-note { display: block; }
    """

    #: Each option's label by value (for the notes beside the list).
    _labels: Mapping[str, str] = MappingProxyType({})
    #: The ticks made when the note was shown, and the toggled messages received since the
    #: list was loaded: only a tick made after the note clears it. Messages arrive after
    #: their keys, so in a burst the earlier ticks' messages cleared the note at once.
    _note_after = 0
    _toggles_seen = 0

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "empty(True)", "Yes", show=False),
        Binding("n,escape", "empty(False)", "No", show=False),
        Binding("left,right", "other_button", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield AnswerTicks(id="answer-selection")
        yield KeptStatic(classes="tick-note")
        with Vertical(classes="empty-check"):
            yield Static(
                Content(
                    "Nothing is ticked. Save this question as “Not today”? "
                    "Press y for yes, or n to go back and tick."
                ),
                classes="empty-question",
            )
            with Horizontal(classes="empty-buttons"):
                yield ActButton(
                    Content("Yes, not today"), lambda: self.action_empty(True), id="empty-yes"
                )
                yield ActButton(
                    Content("No, go back"), lambda: self.action_empty(False), id="empty-no"
                )

    def apply(
        self,
        options: Sequence[tuple[str, str]] = (),
        value: Any = None,
        most: int | None = None,
        alone: Sequence[str] = (),
    ) -> None:
        chosen = {str(v) for v in value} if isinstance(value, (list, tuple)) else set()
        selection = self.query_one(TickList)
        # At most `most` ticks (the question's `max`): one more is refused as it is ticked.
        selection.most = most
        selection.on_too_many = self._too_many
        # Options that go on their own (e.g. "Nothing at the moment") untick the others.
        selection.alone = frozenset(str(v) for v in alone)
        selection.on_unticked = self._unticked
        self._labels = {str(v): str(label) for v, label in options}
        selection.toggles = self._toggles_seen = self._note_after = 0
        self.set_class(False, "-noting")
        selection.clear_options()
        selection.add_options([(literal(label), str(v), str(v) in chosen) for v, label in options])
        if options:
            selection.highlighted = 0
        self.set_class(False, "-asking")

    def _too_many(self) -> None:
        most = self.query_one(TickList).most
        self._say(Content(f"You can pick up to {most}. Untick one first to pick another."))

    def _unticked(self, ticked: str, unticked: list[str]) -> None:
        alone = self.query_one(TickList).alone
        if ticked in alone:
            label = self._labels.get(ticked, ticked)
            note = f"“{label}” can only be picked on its own, so the others are now unticked."
        elif len(unticked) == 1:
            label = self._labels.get(unticked[0], unticked[0])
            note = f"“{label}” can only be picked on its own, so it is now unticked."
        else:
            names = " and ".join(f"“{self._labels.get(v, v)}”" for v in unticked)
            note = f"{names} can only be picked on their own, so they are now unticked."
        self._say(literal(note))  # made after the tick: its own message keeps the note

    def _say(self, note: Content) -> None:
        self.query_one(".tick-note", Static).update(note)
        self.set_class(True, "-noting")
        self._note_after = self.query_one(TickList).toggles

    def on_selection_list_selection_toggled(self, event: TickList.SelectionToggled[str]) -> None:
        self._toggles_seen += 1
        if self._toggles_seen > self._note_after:
            self.set_class(False, "-noting")  # a tick made after the note: nothing to say

    @property
    def asking(self) -> bool:
        """Is the "nothing is ticked" question showing?"""
        return self.has_class("-asking")

    def ask_if_empty(self) -> bool:
        """For "Done": with nothing ticked, ask before saving "Not today" (True if asked)."""
        if self.current():
            return False
        self.set_class(True, "-asking")
        focus_now(self.query_one("#empty-no"))  # Enter alone never saves "Not today"
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # y, n, Escape and the arrows mean something here only while the question shows;
        # otherwise Escape is the screen's (leave the meeting).
        if action in ("empty", "other_button"):
            return self.asking
        return True

    def enter_hint(self, widget: Any) -> str | None:
        """The line of keys while "Nothing is ticked..." asks: what Enter does on ``widget``
        (the focused button) and the other key. It said "Enter: done" while Enter went
        back."""
        if widget is self.query_one("#empty-yes"):
            return "Enter: yes, not today · n: go back and tick"
        if widget is self.query_one("#empty-no"):
            return "Enter: go back and tick · y: yes, not today"
        return None

    def on_key(self, event: events.Key) -> None:
        if not self.asking:  # y and n answer the question about nothing ticked
            say_it_is_a_list(self, event, LIST_TO_TICK)

    def action_other_button(self) -> None:
        yes = self.query_one("#empty-yes")
        focus_now(self.query_one("#empty-no") if self.screen.focused is yes else yes)

    def action_empty(self, save: bool) -> None:
        self.set_class(False, "-asking")
        if save:
            self.submit([])
        else:
            focus_now(self.query_one(TickList))

    def focus_first(self) -> None:
        focus_now(self.query_one("#empty-no" if self.asking else "#answer-selection"))

    def current(self) -> Any:
        return list(self.query_one(TickList).selected)


class PickButton(ActButton):
    """A button that stands for one answer (a rating point, yes or no)."""

    def __init__(
        self, label: Content, value: Any, on_pick: Callable[[Any], None], **kwargs: Any
    ) -> None:
        super().__init__(label, lambda: on_pick(value), **kwargs)
        self.value = value


class RatingAnswer(Answer):
    """A point on a scale. With no answer given before, no point has the focus (the widget
    itself has it), so a stray Enter records nothing; a digit or an arrow key chooses one.
    On a scale up to 9 a digit answers at once. On a longer one (0 to 10) a digit only
    chooses, as it may begin a longer number: 1 then 0 chooses 10, 1 then Enter gives 1."""

    keys_hint = "Press a number, or arrows and Enter."
    long_keys_hint = "Type the number, then Enter (or arrows, then Enter)."
    can_focus = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-1)", "Left", show=False),
        Binding("right", "move(1)", "Right", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Horizontal(classes="rating-row")
        yield KeptStatic(classes="rating-words")
        yield KeptStatic(classes="earlier")

    def apply(
        self,
        low: int = 1,
        high: int = 7,
        labels: dict[int, str] | None = None,
        value: Any = None,
        earlier: str = "",
    ) -> None:
        self.low, self.high = low, high
        self._show_points(low, high)
        for button in self.query(PickButton):
            button.set_class(button.value == value, "-chosen")
        words = "   ".join(f"{k} = {clean(v)}" for k, v in sorted((labels or {}).items()))
        self.query_one(".rating-words", Static).update(literal(words))
        self.query_one(".rating-words").display = bool(words)
        self.query_one(".earlier", Static).update(literal(earlier))
        self.query_one(".earlier").display = bool(earlier)
        self._value = value if isinstance(value, int) and low <= value <= high else None
        self._typed = ""  # the digits typed so far on a scale past 9
        self.keys_hint = self.long_keys_hint if high > 9 else type(self).keys_hint
        self._fit(self.size.width)

    def _show_points(self, low: int, high: int) -> None:
        """One button per point of this scale. Buttons once built stay (hidden while another
        scale is shown): a removed button keeps its id until Textual has finished removing
        it, so building "rate-3" again at once would clash."""
        row = self.query_one(".rating-row", Horizontal)
        if not row.is_attached:
            # Being taken down (quitting while the meeting's spare answers are still being
            # built): Textual refuses to mount into it, and there is nothing left to show.
            return
        have = {b.value: b for b in row.query(PickButton)}
        for point, button in have.items():
            button.display = low <= point <= high
        building = []
        for point in range(high, low - 1, -1):  # from the top, so each goes before the next
            if point in have:
                continue
            button = PickButton(
                Content(str(point)), point, self.submit, classes="rating", id=f"rate-{point}"
            )
            after = [p for p in have if p > point]
            building.append(row.mount(button, before=have[min(after)] if after else None))
            have[point] = button
        if building:
            self._building = building

    def on_resize(self, event: Any) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        """Every point stays on screen in a narrow column: the gaps go first, then a column
        of each button (a 1-7 scale needs 35 columns, then 28, then 21)."""
        if not width:
            return
        points = self.high - self.low + 1
        self.set_class(width < points * 5, "-tight")
        self.set_class(width < points * 4, "-tighter")

    async def ready(self) -> None:
        # A scale with new points builds their buttons: the next key needs them in place.
        building, self._building = getattr(self, "_building", None) or [], None
        if all(button.is_mounted for button in self.query(PickButton)):
            # Built already (the session's spare rating, long before its first question).
            # Awaiting a finished mount still gives the event loop a turn, in which the
            # screen drew a whole frame in the middle of this step (25-35 ms; issue 18).
            return
        for mounting in building:
            await mounting

    def focus_first(self) -> None:
        target = getattr(self, "_value", None)
        if target is None:
            focus_now(self)  # nothing ready for Enter: the person has not chosen yet
            return
        if not self._focus_point(target):
            self.call_after_refresh(self._focus_point, target)  # buttons still being built

    def _focus_point(self, point: int) -> bool:
        buttons = [
            b for b in self.query(PickButton) if b.value == point and b.is_mounted and b.display
        ]
        if buttons:
            focus_now(buttons[0])
        return bool(buttons)

    def on_key(self, event: Any) -> None:
        if not event.character or event.character not in "0123456789":
            return
        if self.high <= 9:
            point = int(event.character)
            if self.low <= point <= self.high:
                event.stop()
                self.submit(point)
            return
        # Past 9 a digit chooses (Enter gives): with the digits before it, if that makes a
        # point of the scale ("1" then "0" is 10), else on its own ("1" then "5" is 5).
        typed = self._typed + event.character
        if not self.low <= int(typed) <= self.high:
            typed = event.character
        if self.low <= int(typed) <= self.high:
            event.stop()
            self._typed = typed
            self._focus_point(int(typed))

    def action_move(self, step: int) -> None:
        self._typed = ""
        buttons = sorted((b for b in self.query(PickButton) if b.display), key=lambda b: b.value)
        focused = self.screen.focused
        index = buttons.index(focused) if focused in buttons else -1
        focus_now(buttons[max(0, min(len(buttons) - 1, index + step))])

    def current(self) -> Any:
        focused = self.screen.focused
        return focused.value if isinstance(focused, PickButton) else None


class YesNoAnswer(Answer):
    """Yes or No. With no answer given before, neither button has the focus (the widget
    itself has it): a stray Enter, e.g. the second of two after "Go on", records nothing;
    y or n answers, and an arrow key or Tab moves onto a button for Enter. An earlier
    answer starts with the focus on it."""

    keys_hint = "Press y or n (or an arrow key, then Enter)."
    can_focus = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "pick(True)", "Yes", show=False),
        Binding("n", "pick(False)", "No", show=False),
        Binding("left,right", "app.focus_next", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Horizontal(classes="yes-no"):
            yield PickButton(Content("Yes"), True, self.submit, id="answer-yes")
            yield PickButton(Content("No"), False, self.submit, id="answer-no")

    def apply(self, value: Any = None) -> None:
        self._value = value
        # The answer given before (changing it, or a later meeting) is marked, not only
        # shown by where the focus starts.
        for button in self.query(PickButton):
            chosen = button.value is value
            word = "Yes" if button.value else "No"
            button.label = Content(f"✓ {word}" if chosen else word)
            button.set_class(chosen, "-chosen")

    def focus_first(self) -> None:
        value = getattr(self, "_value", None)
        if value is None:
            focus_now(self)  # nothing ready for Enter: the person has not chosen yet
            return
        focus_now(self.query_one("#answer-yes" if value else "#answer-no"))

    def action_pick(self, value: bool) -> None:
        self.submit(value)

    def current(self) -> Any:
        focused = self.screen.focused
        return focused.value if isinstance(focused, PickButton) else None


class GoOnAnswer(Answer):
    """For a 'say' or a topic's closing line: one button to go on."""

    keys_hint = "Press Enter to go on."

    def compose(self) -> ComposeResult:
        yield ActButton(Content("Go on"), lambda: self.submit(None), id="go-on", variant="primary")

    def apply(self, label: str = "Go on") -> None:
        button = self.query_one("#go-on", Button)
        if str(button.label) != label:
            button.label = Content(label)
            # Textual does not lay a button out again for a new label: "Finish this topic"
            # kept the width of "Go on" and showed as "Finish this".
            button.refresh(layout=True)

    def on_key(self, event: Any) -> None:
        # Letters typed here would go nowhere: say so, rather than let the words vanish
        # (people type ahead the answer they expect next). The key is not stopped, so any
        # binding of it still works.
        if event.character and event.character.isalnum():
            label = str(self.query_one("#go-on", Button).label)
            note = self.Notice(f"Nothing to type here: press Enter for “{label}”.", self)
            give_in_order(self.screen, note)  # shown before the next key moves on


STATUS_ICONS = {"not_started": "○", "in_progress": "◐", "parked": "◇", "done": "✓"}


def topic_line(
    title: str,
    status: str,
    words: str,
    current: bool = False,
    two_lines: bool = False,
    width: int | None = None,
) -> Content:
    """A topic with its status as an icon and in words (never by colour alone).

    On one line with ``width`` (the cells the line has), a title too long for the line with
    its status is cut, with "…", so the status words stay whole on the same line: a row
    wrapped at 100x30, leaving "not" at its end and "started" on a line of its own."""
    icon = STATUS_ICONS.get(status, "○")
    words = f"{words}, now" if current else words
    name = Content(clean(title))
    if width is not None and not two_lines:
        room = width - cell_len(f"{icon} ") - cell_len(f"  {words}")
        if 0 < room < name.cell_length:
            name = name.truncate(room, ellipsis=True)
    return Content.assemble(
        (f"{icon} ", f"$text-{'success' if status == 'done' else 'primary'}"),
        name.stylize("bold") if current else name,
        ("\n  " if two_lines else "  ", ""),
        (words, "$text-muted"),
    )


class TopicsAnswer(Answer):
    """Choose the next topic (the conversation is between topics)."""

    keys_hint = "Arrow keys to move, Enter to open."

    _topics: Sequence[Any] = ()  # until apply gives them
    #: The width the rows were cut to fit (None: not laid out yet, nothing cut).
    _width: int | None = None

    def compose(self) -> ComposeResult:
        yield PickList(self._pick, id="answer-topics")

    def on_mount(self) -> None:
        option_list = self.query_one(OptionList)
        self.watch(option_list, "scroll_y", self._mark_more)
        self.watch(option_list, "virtual_size", self._mark_more, init=False)

    def _mark_more(self) -> None:
        """Say on the list's edges how many topics are out of view above and below. A
        review's list opened on its suggested topic with the first four out of sight above
        and nothing to say so: they looked gone."""
        option_list = self.query_one(OptionList)
        rows = option_list.scrollable_content_region.height
        count = option_list.option_count
        top = round(option_list.scroll_y)
        above = min(top, count) if rows else 0
        below = max(0, count - top - rows) if rows else 0
        title = f"↑ {above} more above" if above else ""
        subtitle = f"↓ {below} more below" if below else ""
        if option_list.border_title != title:
            option_list.border_title = title
        if option_list.border_subtitle != subtitle:
            option_list.border_subtitle = subtitle

    def apply(self, topics: Sequence[Any] = (), start: str | None = None) -> None:
        self._topics = list(topics)
        option_list = self.query_one(OptionList)
        self._fill(option_list)
        # Start on the suggested topic, else the first not yet done, so Enter carries on.
        ids = [t.id for t in self._topics]
        first = next((n for n, t in enumerate(self._topics) if t.status != "done"), 0)
        option_list.highlighted = ids.index(start) if start in ids else first

    def on_resize(self, event: events.Resize) -> None:
        # Each row is one line at the list's width: worked out again when the width changes.
        option_list = self.query_one(OptionList)
        if self._line_width(option_list) != self._width:
            highlighted = option_list.highlighted
            self._fill(option_list)
            option_list.highlighted = highlighted
        self._mark_more()  # the rows in view change with the height

    def _line_width(self, option_list: OptionList) -> int | None:
        """The cells an option's line has (room left for a scroll bar); None before layout."""
        if not option_list.size.width:
            return None
        padding = option_list.get_component_styles("option-list--option").padding
        bar = option_list.styles.scrollbar_size_vertical
        return option_list.content_region.width - padding.width - bar

    def _fill(self, option_list: OptionList) -> None:
        self._width = width = self._line_width(option_list)
        option_list.clear_options()
        option_list.add_options(
            [
                Option(topic_line(t.title, t.status, t.status_words, width=width))
                for t in self._topics
            ]
        )

    def _pick(self, index: int) -> None:
        self.submit(self._topics[index].id)

    def current(self) -> Any:
        index = self.query_one(OptionList).highlighted
        return None if index is None else self._topics[index].id


#: The button of a step with nothing to answer, by the step's kind.
GO_ON_LABELS = {"say": "Go on", "end": "Finish this topic"}


def answer_spec(
    step: Any, *, topics: Sequence[Any] = (), earlier: str = "", start_topic: str | None = None
) -> tuple[type[Answer], tuple[Any, ...]]:
    """Which answer widget an engine step needs, and what to load into it."""
    kind = step.kind
    if kind == "topics":
        return TopicsAnswer, (topics, start_topic)
    if kind in GO_ON_LABELS:
        return GoOnAnswer, (GO_ON_LABELS[kind],)
    if kind == "menu":
        return MenuAnswer, (step.options,)
    return shape_spec(
        step.node,
        step.value,
        options=step.options,
        alone=step.alone,
        earlier=earlier,
        suggested=step.suggested,
    )


def shape_spec(
    shape: Any,
    value: Any,
    *,
    options: Sequence[tuple[str, str]] = (),
    alone: Sequence[str] | None = None,
    earlier: str = "",
    suggested: bool = False,
) -> tuple[type[Answer], tuple[Any, ...]]:
    """The answer widget for an ask (or a record field) of ``shape.type``; ``options`` and
    ``alone`` as a step gives them (else the shape's own)."""
    kind = shape.type
    if not options:
        options = [(o.value, o.text) for o in getattr(shape, "options", ())]
    if kind == "long_text":
        return LongTextAnswer, (value,)
    if kind == "choice":
        on_purpose = bool(getattr(shape, "pick_on_purpose", False))
        return ChoiceAnswer, (options, value, suggested, on_purpose)
    if kind == "multi_choice":
        most = int(shape.max) if shape.max is not None else None
        if alone is None:
            alone = [o.value for o in getattr(shape, "options", ()) if o.alone]
        return MultiChoiceAnswer, (options, value, most, tuple(alone))
    if kind == "rating":
        low = int(shape.min) if shape.min is not None else 1
        high = int(shape.max) if shape.max is not None else 7
        return RatingAnswer, (low, high, dict(shape.labels), value, earlier)
    if kind == "number":
        return NumberAnswer, (value,)
    if kind == "yes_no":
        return YesNoAnswer, (value,)
    if kind == "date":
        return DateAnswer, (value, bool(getattr(shape, "past", False)))
    if kind == "records":
        # What is stored (not a suggested default): the entries saved before.
        return RecordsAnswer, (shape, value, None if suggested else value)
    return TextAnswer, (value,)


def answer_kinds() -> tuple[type[Answer], ...]:
    """Every kind of answer widget (the session builds one of each up front)."""
    return (
        GoOnAnswer,
        TopicsAnswer,
        MenuAnswer,
        TextAnswer,
        LongTextAnswer,
        ChoiceAnswer,
        MultiChoiceAnswer,
        RatingAnswer,
        NumberAnswer,
        YesNoAnswer,
        DateAnswer,
        RecordsAnswer,
    )


def answer_for_shape(shape: Any, value: Any, **kwargs: Any) -> Answer:
    """A new answer widget for an ask (used by the edit dialog)."""
    cls, args = shape_spec(shape, value, **kwargs)
    return cls(*args)


AnswerFactory = Callable[..., Answer]

__all__ = [
    "ActButton",
    "Answer",
    "AnswerInput",
    "ChoiceAnswer",
    "DateAnswer",
    "GoOnAnswer",
    "InOrderButton",
    "KeptStatic",
    "LongTextAnswer",
    "MenuAnswer",
    "MultiChoiceAnswer",
    "NumberAnswer",
    "PickButton",
    "PickList",
    "RatingAnswer",
    "TextAnswer",
    "TickList",
    "TopicsAnswer",
    "YesNoAnswer",
    "answer_for_shape",
    "answer_kinds",
    "answer_spec",
    "focus_now",
    "literal",
    "option_text",
    "shape_spec",
    "topic_line",
]
