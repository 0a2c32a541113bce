"""The trainee's moves at the person's steps in solo practice (issue 17).

A list of the moves that fit the step (keys 1-9, arrows and Enter, or a click) and a box for
the trainee's own words ("how you put it"; the idea itself for "Suggest an idea"). Making a
move posts :class:`MovePanel.Made` to the screen through :func:`give_in_order`, so a move typed
in a burst is acted on before the keys behind it. "Answer for them" asks the screen to show
the ordinary answer box instead (:class:`MovePanel.AnswerFor`): what is typed there goes in as
the worker's, over the person's head.

No move label or trainee word is ever parsed as markup.
"""

from __future__ import annotations

from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from assistant.training.moves import Move, MoveInfo
from assistant.ui.key_order import give_in_order
from assistant.ui.widgets.answer_base import focus_now

#: What the panel says above the moves.
MOVES_TITLE = "Your move: press 1-9 (or pick one and press Enter)."
WORDS_PLACEHOLDER = "Your words (optional): how you put it"
NEEDS_WORDS_PLACEHOLDER = "Type your idea, then press Enter"


def move_line(info: MoveInfo) -> Content:
    """``4  Offer them the keyboard``: one line of the move list."""
    return Content.assemble((f"{info.key}  ", "bold"), (info.label, ""))


class MoveList(OptionList):
    """The moves: a digit makes that move at once, Enter the highlighted one; a letter starts
    the trainee's words (in the words box)."""

    DEFAULT_CSS = """
    MoveList { height: auto; max-height: 9; border: none; padding: 0; }
    MoveList:focus { border: none; }
    """

    def __init__(self, panel: MovePanel, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._panel = panel

    def action_select(self) -> None:
        index = self.highlighted
        if index is not None:
            self._panel.choose(index)

    def on_key(self, event: events.Key) -> None:
        char = event.character
        if char and char.isdigit():
            index = self._panel.index_for_key(char)
            event.stop()
            event.prevent_default()
            if index is None:
                self.app.bell()
                return
            self.highlighted = index
            self._panel.choose(index)
        elif char and event.is_printable and not char.isspace():
            # A trainee starts typing their question here: the words go to the words box,
            # with this letter (they were thrown away, and a digit among them made a move).
            event.stop()
            event.prevent_default()
            self._panel.type_words(char)


class WordsInput(Input):
    """The trainee's words: Enter makes the highlighted move with them."""

    def __init__(self, panel: MovePanel, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._panel = panel

    def on_focus(self) -> None:
        self.scroll_visible(animate=False)  # never typed into while off screen

    async def action_submit(self) -> None:
        list_ = self._panel.query_one(MoveList)
        if list_.highlighted is not None:
            self._panel.choose(list_.highlighted)


class MovePanel(Vertical):
    """The moves that fit this step, and a box for the trainee's words."""

    DEFAULT_CSS = """
    MovePanel { height: auto; padding: 0 0; }
    MovePanel #moves-title { height: auto; color: $text-muted; }
    MovePanel #move-help { height: auto; color: $text-muted; }
    MovePanel #move-options { height: auto; max-height: 3; }
    MovePanel #move-words { margin: 0 0; }
    """

    class Made(Message):
        """The trainee made a move (handled by the screen, in order with the keys)."""

        def __init__(self, move: Move) -> None:
            super().__init__()
            self.move = move

    class AnswerFor(Message):
        """The trainee chose to answer for the person: show the answer box."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.moves: tuple[MoveInfo, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static(id="move-options")
        yield Static(Content(MOVES_TITLE), id="moves-title")
        yield MoveList(self, id="move-list")
        yield Static(id="move-help")
        # Not select-on-focus: the first letter, typed on the moves and put in here as the
        # box takes the focus, would be selected and replaced by the second.
        yield WordsInput(
            self,
            placeholder=WORDS_PLACEHOLDER,
            id="move-words",
            compact=True,
            select_on_focus=False,
        )

    def show(self, moves: tuple[MoveInfo, ...], options: tuple[str, ...] = ()) -> None:
        """Offer ``moves`` for a new step (the words box starts empty); ``options``: what
        the person chooses from, shown (not pickable: their choice is theirs)."""
        self.moves = moves
        shown_options = self.query_one("#move-options", Static)
        shown_options.display = bool(options)
        shown_options.update(Content("They choose from: " + " · ".join(options)))
        # Below 30 rows the one-line help goes, so the words box stays on screen (80x24).
        self.query_one("#move-help").display = self.app.size.height >= 30
        listing = self.query_one(MoveList)
        listing.clear_options()
        listing.add_options([Option(move_line(info), id=info.kind) for info in moves])
        listing.highlighted = 0 if moves else None
        words = self.query_one(WordsInput)
        words.value = ""
        words.placeholder = WORDS_PLACEHOLDER
        self._show_help(0)

    def focus_first(self) -> None:
        focus_now(self.query_one(MoveList))

    def words_typed(self) -> bool:
        """Whether the words box holds words no move was made with yet."""
        return bool(self.query_one(WordsInput).value.strip())

    def type_words(self, text: str) -> None:
        """Put ``text`` in the words box and give it the keys that follow."""
        words = self.query_one(WordsInput)
        focus_now(words)
        words.insert_text_at_cursor(text)

    def index_for_key(self, key: str) -> int | None:
        """Where the move with this key is in the list (None: it does not fit this step)."""
        return next((i for i, info in enumerate(self.moves) if info.key == key), None)

    @on(OptionList.OptionHighlighted, "#move-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show_help(event.option_index)

    def _show_help(self, index: int | None) -> None:
        help_ = self.query_one("#move-help", Static)
        info = self.moves[index] if index is not None and index < len(self.moves) else None
        help_.update(Content(info.help if info else ""))
        words = self.query_one(WordsInput)
        words.placeholder = (
            NEEDS_WORDS_PLACEHOLDER if info and info.kind == "propose" else WORDS_PLACEHOLDER
        )

    def choose(self, index: int) -> None:
        """Make the move at ``index`` with the words typed (or ask for them first)."""
        if not 0 <= index < len(self.moves):
            return
        info = self.moves[index]
        words_box = self.query_one(WordsInput)
        words = words_box.value.strip()
        if info.kind == "answer_for":
            give_in_order(self.screen, self.AnswerFor())
            return
        if info.needs_words and not words:
            # The idea itself is needed: the words box takes the next keys.
            self.query_one(MoveList).highlighted = index
            words_box.placeholder = NEEDS_WORDS_PLACEHOLDER
            focus_now(words_box)
            words_box.scroll_visible(animate=False)
            return
        give_in_order(self.screen, self.Made(Move(info.kind, words=words)))
