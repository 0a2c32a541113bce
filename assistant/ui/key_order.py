"""The meeting's keys are handled one at a time, each completely, in the order they were typed.

Textual handles one key in several places and at several times. Priority bindings (ctrl+s,
the F-keys) run in the app as soon as the key arrives; printable keys are handled later, in
the focused widget's own queue; other bindings (Backspace, arrows, Enter, Space) run only once
the key has bubbled back up to the app; and a tick, a pick or a submit is a message the widget
posts to itself, handled later still. Focus moves by a message too. When a fast typist (or a
busy computer) delivers a burst of keys before the app gets to them, those paths overtake one
another: text typed just before ctrl+s was left out of the answer, a Backspace deleted the
letter typed after it, Space after Down ticked nothing, and keys typed after Enter reached the
old question or were lost.

So the app hands each key (and paste) of a screen that has a :class:`KeyOrder` to it, and it
runs the key through the same handlers Textual would use, in the same order (priority
bindings, then the focused widget and each container above it, then the app's bindings), but
inline, one key at a time. An answer the key gives (see :func:`give_in_order`) is acted on
before the next key is looked at: it is saved, and the next question is shown and focused.
Keys that arrive meanwhile simply wait in the app's own message queue, in order.

Keys that open a dialog or another screen (``n`` on Home, ``a`` in a list, Escape, ctrl+f...)
have the same problem one level up: Textual shows the new screen a little later, and the keys
typed meanwhile went to the screen underneath (``s`` typed in a name opened Settings). So the
app hands every key to a :class:`KeyRouter`. On the other screens it too handles each key
inline; then, while what the key started settles (a pick it posted, a dialog it pushed, a
dismissed dialog's answer, a meeting that is opening), the keys that follow are held, and are
replayed in order to the screen that is on top once it is mounted and its field focused.

A dialog that asks something (Leave the meeting?, Agree the plan?, Take them off the list?)
only acts on keys pressed once it is on screen: the keys held while it opened were typed
before anyone could read it, and a stray Enter or letter among them chose a button nobody
read. So when a key opens a dialog whose focus is not a box for words, the keys held
meanwhile are let go, with the bell, and any words among them are named in a note (so they
are never lost unseen). Escape is kept: it closes the dialog having chosen nothing, and the
keys after it go on to the screen below, as before. A dialog opened on purpose to type into
(New person, a list's entry, changing an answer) still takes the keys typed straight after
the key that opened it, whatever its first field is (a dialog says so with ``FILLED_IN``:
"Add a concern" opens on a drop-down, and the keys choosing from it were let go).

The Textual internals this needs (running priority bindings, dispatching a message now,
marking a key forwarded...) are named functions of :mod:`assistant.ui.textual_internals`,
pinned by ``tests/ui/test_textual_internals.py``.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from contextvars import ContextVar
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import events
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, TextArea

from assistant.safe_text import typed, typed_one_line
from assistant.text_width import cut
from assistant.ui.textual_internals import (
    InlineKey,
    InlinePaste,
    call_soon,
    dispatch_now,
    mark_forwarded,
    propagation_stopped,
    run_priority_bindings,
    wait_until_mounted,
)

if TYPE_CHECKING:
    from textual.app import App
    from textual.message_pump import MessagePump
    from textual.screen import Screen

#: How long a key waits for the screen's first question before it is handled anyway. The
#: first question normally takes milliseconds; this only guards against waiting forever.
READY_TIMEOUT = 10.0

#: How much of the words let go when a dialog opened is named in the note, at most, in
#: terminal cells (a wide letter takes two; an accent stays on its letter).
NAMED_WORDS = 60

#: At most this many more rounds a key's settling waits for messages it started that are still
#: on their way through the widgets it went to. A bound: a widget whose queue never empties
#: (a busy screen) delays the next key, never holds it for good. A round takes as long as
#: those widgets take to handle what is in their queues (milliseconds, not the
#: READY_TIMEOUT a queue that never answered would cost).
QUIET_ROUNDS = 50

#: Workers that end by showing a new screen (opening a meeting): keys typed after the key that
#: started one wait for it, then go to the screen it opened.
OPENING_GROUPS = frozenset({"open-meeting"})

#: While a key is being handled in order: the task handling it, and the answers the key gave,
#: to act on before the next key. (The task too, because a widget mounted meanwhile starts its
#: own task with a copy of this context: what it gives later, on a click, is not this key's.)
_GIVEN: ContextVar[tuple[asyncio.Task[Any] | None, list[Message]] | None] = ContextVar(
    "cpi_given_in_order", default=None
)


def give_in_order(screen: MessagePump, message: Message) -> None:
    """Send ``message`` (an answer) to ``screen``.

    While a key is being handled in order, the message is held and handled right after that
    key, before the next one; otherwise (a mouse click, a dialog) it is posted as usual.
    """
    given = _GIVEN.get()
    if given is not None and given[0] is _current_task():
        given[1].append(message)
    else:
        screen.post_message(message)


def _current_task() -> asyncio.Task[Any] | None:
    try:
        return asyncio.current_task()
    except RuntimeError:  # not in the event loop's thread
        return None


class KeyOrder:
    """One screen's keys, handled one at a time (the screen creates it and says when ready)."""

    def __init__(self, screen: Screen[Any]) -> None:
        self.screen = screen
        self._ready = asyncio.Event()
        self._focus_seen: Any = None

    def ready(self) -> None:
        """The screen is showing its first question: keys can go to it from now on."""
        self._ready.set()

    async def handle(self, event: events.Key | events.Paste) -> None:
        """Handle one key completely, including any answer it gives."""
        if not self._ready.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._ready.wait(), READY_TIMEOUT)
        await self._focus_settled()
        held: list[Message] = []
        token = _GIVEN.set((_current_task(), held))
        try:
            await deliver(self.screen.app, event)
        finally:
            _GIVEN.reset(token)
        for message in held:
            await dispatch_now(self.screen, message)

    async def _focus_settled(self) -> None:
        """A widget that has just been given the focus handles that first (an answer shown
        pre-filled selects its text then, so that typing replaces it) before the next key."""
        focused = self.screen.focused
        if focused is self._focus_seen:
            return
        self._focus_seen = focused
        if focused is None:
            return
        # Handled after everything already in the widget's queue, its Focus event included.
        await _round_trip(focused)


class KeyRouter:
    """The app's keys and pastes, in order across screens (the app owns one)."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self._held: deque[events.Key | events.Paste] = deque()
        self._busy = False  # a worker is settling a key's effects or replaying held keys
        #: The dialog that asks something opened by the key being settled: the keys typed
        #: before it was on screen (held meanwhile) are not given to it.
        self._asking: Any = None

    async def route(self, event: events.Event) -> bool:
        """For the app's ``on_event``: take a new key or paste.

        Returns True when the key has been taken here (the app must not handle it again).
        """
        if not isinstance(event, (events.Key, events.Paste)) or event.is_forwarded:
            return False
        try:
            screen = self.app.screen
        except Exception:  # no screen yet (starting) or any more (closing)
            return False
        if self._busy:
            self._held.append(event)  # after the keys before it, once the new screen is ready
            return True
        order = getattr(screen, "key_order", None)
        if isinstance(order, KeyOrder):
            # The meeting's own keys: handled here, in the app's task (the fast path).
            await order.handle(event)
            if self._top() is not screen:  # the key opened a dialog (Escape, ctrl+f, a)
                self._settle_then_replay(None, screen)
            return True
        chain = _focus_chain(screen)
        await deliver(self.app, event)
        self._settle_then_replay(chain, screen)
        return True

    def _top(self) -> Any:
        try:
            return self.app.screen
        except Exception:
            return None

    def _settle_then_replay(self, chain: list[MessagePump] | None, screen: Screen[Any]) -> None:
        self._busy = True
        # The coroutine is made when the worker starts, not now: a key that closes the app
        # (Ctrl+Q) leaves a worker that never starts, and an unstarted coroutine printed
        # "coroutine ... was never awaited" on the terminal at every exit.
        self.app.run_worker(
            partial(self._replay, chain, screen),
            group="cpi-keys",
            exit_on_error=True,
            thread=False,
        )

    async def _replay(self, chain: list[MessagePump] | None, screen: Screen[Any]) -> None:
        """Settle the key just handled, then the held keys one at a time, each like the first.

        A worker, not the app's own task: what the key started (a dialog's focus, a closed
        dialog's answer) is a callback on the app, which must keep running meanwhile."""
        self._asking = None  # keys pressed on a dialog already on screen are its own
        try:
            await self._settle(chain, screen)
            self._drop_if_asked(screen)
            while self._held:
                event = self._held.popleft()
                screen = self.app.screen
                order = getattr(screen, "key_order", None)
                if isinstance(order, KeyOrder):
                    await order.handle(event)
                    chain = None
                else:
                    chain = _focus_chain(screen)
                    await deliver(self.app, event)
                await self._settle(chain, screen)
                self._drop_if_asked(screen)
        finally:
            self._busy = False

    def _drop_if_asked(self, screen: Screen[Any]) -> None:
        """When the key given to ``screen`` opened a dialog that asks something, let go of
        the keys held while it opened: typed before it was on screen, none of them may
        choose one of its answers. Escape is the one kept (with the keys after it): it
        closes the dialog having chosen nothing, as if it had not been opened, and those
        keys go on to the screen below. The bell says keys were not used; words among them
        are named, to be typed again if they are wanted."""
        top = self._top()
        if top is not self._asking:
            self._asking = top if _asks(top, screen, self.app) else None
        if self._asking is None:
            return
        dropped: list[events.Key | events.Paste] = []
        while self._held and not _is_escape(self._held[0]):
            dropped.append(self._held.popleft())
        if not dropped:
            return
        self.app.bell()
        words = " ".join("".join(_words_of(event) for event in dropped).split())
        if words:
            words = cut(words, NAMED_WORDS)
            self.app.notify(
                f"Typed before this question was on screen, so not used: “{words}”. "
                "Type it again if it is needed.",
                markup=False,
                timeout=12,
            )

    async def _settle(self, chain: list[MessagePump] | None, screen: Screen[Any]) -> None:
        """Wait until what a key started is done and the screen on top takes keys."""
        # A pick or a submit the key posted bubbles up one queue at a time.
        for node in chain or ():
            await _round_trip(node)
        await _round_trip(self.app)
        await self._until_quiet(chain)
        for worker in list(self.app.workers):
            if worker.group in OPENING_GROUPS and not worker.is_finished:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(worker.wait(), READY_TIMEOUT)
        top = self._top()
        if top is None or top is screen:
            return
        # A new screen (or the one under a closed dialog): mounted, its focus set (a widget's
        # focus() is a callback on the app), and that widget has taken its Focus event.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(wait_until_mounted(top), READY_TIMEOUT)
        await _round_trip(self.app)
        await _round_trip(top)
        await _round_trip(self.app)
        focused = top.focused
        if focused is not None:
            await _round_trip(focused)

    async def _until_quiet(self, chain: list[MessagePump] | None) -> None:
        """Wait while messages the key started are still waiting in the queues of the widgets
        it went to or of those now focused, and for what they ask of the app.

        One round through each is not always enough: a pick in a drop-down goes from its
        list to the drop-down, which then takes the focus back, by several messages, each
        waiting its turn in a queue. When they took more turns than that round, the Tab
        typed after the pick went to the list still closing, and the keys after it to the
        wrong field (tests/ui/test_record_form_burst.py)."""
        for _ in range(QUIET_ROUNDS):
            top = self._top()
            pumps = dict.fromkeys([*(chain or ()), *(_focus_chain(top) if top else ())])
            waiting = [pump for pump in pumps if pump.is_running and pump.message_queue_size]
            if not waiting:
                return
            for pump in waiting:
                await _round_trip(pump)
            # What those widgets asked of the app (a focus is a callback on it). The app's own
            # queue is not waited on: in a stream of typing it always holds the next keys
            # (held here anyway), and a key waited all fifty rounds for them.
            await _round_trip(self.app)


def _asks(top: Any, under: Screen[Any], app: App[Any]) -> bool:
    """Whether ``top`` is a dialog just opened over ``under`` (which is still there below
    it) that asks something: its focus is not a box for words, and it is not a form opened
    to be filled in (``FILLED_IN``: a list's entry can start with a drop-down, as "Add a
    concern" does, and its keys were let go)."""
    if not isinstance(top, ModalScreen) or top is under or under not in app.screen_stack:
        return False
    if getattr(top, "FILLED_IN", False):
        return False
    return not isinstance(top.focused, Input | TextArea)


def _is_escape(event: events.Key | events.Paste) -> bool:
    return isinstance(event, events.Key) and event.key == "escape"


def _words_of(event: events.Key | events.Paste) -> str:
    """The words a held key or paste would have typed (none for Enter, arrows, Escape...)."""
    if isinstance(event, events.Paste):
        return f" {typed(event.text)} "
    return event.character if event.is_printable and event.character else ""


def _focus_chain(screen: Screen[Any]) -> list[MessagePump]:
    """The focused widget and each container above it, up to the screen."""
    chain: list[MessagePump] = []
    node: Any = screen.focused or screen
    while node is not None and node is not screen.app:
        chain.append(node)
        node = node.parent
    return chain


class _Reached:
    """Sets its future when the pump gets to it. A bound method of a new one each time,
    rather than a new inner function: Textual measures the signature of each new function it
    calls back, but a method's once (textual_internals.call_soon; issue 18)."""

    __slots__ = ("done",)

    def __init__(self, done: asyncio.Future[None]) -> None:
        self.done = done

    def reached(self) -> None:
        if not self.done.done():
            self.done.set_result(None)


async def _round_trip(pump: MessagePump) -> None:
    """Wait until ``pump`` has handled everything already in its queue."""
    if not pump.is_running:
        return
    done = asyncio.get_running_loop().create_future()
    if call_soon(pump, _Reached(done).reached):
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done, READY_TIMEOUT)


def one_line_box(widget: object) -> bool:
    """Whether ``widget`` is a one-line box for words (a name, a one-line answer), not a
    passphrase."""
    return isinstance(widget, Input) and not widget.password


def typed_for(widget: object, text: str) -> str:
    """What is kept of a paste going to ``widget``. A paste is the one way control
    characters can be typed: what is kept is the person's words without them
    (safe_text.typed), in every box (issue 13). A one-line box kept a paste's first line
    only (Textual's Input), and a tab stayed in it or a vertical tab was dropped, joining the
    words either side: there each line break or tab is a space (safe_text.typed_one_line).
    A break at either end of the paste is a space only next to words already in the box
    ("hello" and a pasted "\nworld" read "helloworld"; a space already there is not
    doubled). A passphrase box has its lines joined and its tabs kept, as they always were
    (the passphrase is the one set, wherever it was set)."""
    if one_line_box(widget):
        assert isinstance(widget, Input)
        start, end = sorted(widget.selection)  # the paste replaces what is selected
        return typed_one_line(text, before=widget.value[:start], after=widget.value[end:])
    text = typed(text)
    if isinstance(widget, Input) and "\n" in text.strip("\r\n"):
        lines = (line.strip() for line in text.splitlines())
        text = " ".join(line for line in lines if line)
    return text


async def deliver(app: App[Any], event: events.Key | events.Paste) -> None:
    """What Textual does with a key, inline: priority bindings, then the focused widget and each
    container above it up to the app (whose ``_on_key`` runs the other bindings)."""
    copy: events.Key | events.Paste
    screen = app.screen
    if isinstance(event, events.Key):
        if not app.app_focus:
            app.app_focus = True
        if await run_priority_bindings(app, event.key):
            return
        copy = InlineKey(event.key, event.character)
        if event.key == "ctrl+j" and one_line_box(screen.focused):
            # A newline typed (ctrl+j, or a paste the terminal types out key by key) is a
            # space in a one-line box, as a pasted one is: Textual's Input inserts nothing,
            # and "Sam", newline, "Jones" was kept as "SamJones". Nothing is bound to it.
            copy = InlinePaste(typed_for(screen.focused, "\n"))
    else:
        # Cleaned for the box it goes to, known only now: in a burst, the paste arrived
        # while another screen (Home, before the name's dialog) had the focus.
        copy = InlinePaste(typed_for(screen.focused, event.text))
    mark_forwarded(copy)  # the app then treats it as an event on its way up, not a new one
    node: Any = screen.focused or screen
    while node is not None and not propagation_stopped(copy):
        if node.check_message_enabled(copy):
            await dispatch_now(node, copy)
        node = node.parent
