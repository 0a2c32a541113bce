"""When Python's cycle collector may run during a meeting.

Textual leaves a few thousand objects in reference cycles behind every step (widgets'
styles, caches, tasks), so with automatic collection a full sweep lands in the middle of a
step now and then and pauses it for 10-50 ms: the next prompt misses its frame. During a
meeting the collector runs instead at moments nobody is waiting for the screen:

* the young generations right after each step has been drawn and settled (a millisecond or
  two, and that is where nearly all the new garbage is);
* a full sweep once no key has been pressed for a moment (people reading or talking).

Objects that live as long as the meeting are frozen once it starts (``gc.freeze``), so even
the full sweeps only look at what is new. At start-up, likewise, what was imported is frozen
until the first screen is up.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

IDLE_SECONDS = 1.0


class QuietCollector:
    """Holds automatic collection off while a meeting is on screen; collects when quiet."""

    def __init__(
        self, idle_seconds: float = IDLE_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.idle_seconds = idle_seconds
        self._clock = clock
        self._holds = 0
        self._was_enabled = True
        self._last_step = clock()
        self._swept = True

    @property
    def holding(self) -> bool:
        return self._holds > 0

    def hold(self) -> None:
        """Stop automatic collection (nested holds are counted)."""
        if self._holds == 0:
            self._was_enabled = gc.isenabled()
            gc.disable()
        self._holds += 1

    def release(self) -> None:
        """Undo one :meth:`hold`; the last one restores automatic collection."""
        if self._holds == 0:
            return
        self._holds -= 1
        if self._holds == 0:
            # What was frozen for the meeting (its screen among it) may be garbage now: hand
            # it back to the collector, or each meeting would leak its screen.
            gc.unfreeze()
            if self._was_enabled:
                gc.enable()

    def app_starting(self) -> None:
        """Everything imported so far lives as long as the process: until the first screen
        is up, the collector need not walk it again and again (~15 ms at start)."""
        gc.freeze()

    def app_ready(self) -> None:
        """The first screen is up: hand what was frozen at start back to the collector."""
        gc.unfreeze()

    def start_meeting(self) -> None:
        """Collect everything now, then freeze what is left: it lives as long as the meeting."""
        gc.collect()
        gc.freeze()
        self._swept = True

    def step_done(self) -> None:
        """A step is on screen and settled: collect the young garbage it left."""
        self._last_step = self._clock()
        if self.holding:
            gc.collect(1)
            self._swept = False

    def tick(self) -> bool:
        """Call now and then: runs a full sweep once the meeting has been quiet for a moment.

        Returns True when it swept.
        """
        if not self.holding or self._swept:
            return False
        if self._clock() - self._last_step < self.idle_seconds:
            return False
        self._sweep()
        return True

    def _sweep(self) -> None:
        gc.collect()
        self._swept = True


#: The collector is one per process, like the garbage collector itself.
COLLECTOR = QuietCollector()
