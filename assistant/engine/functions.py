"""What a content expression sees: the answers, the loop records, and the functions it can call.

The engine's own functions read the conversation's state: ``answered``, ``skipped``, ``get``,
``visited``, ``topic_status``, ``today`` and ``in_days`` (on the conversation's clock, so tests,
demos and training can set the day), and ``opportunities`` / ``opportunity``, which offer
nothing. A layer above gives the content more functions through ``Content.functions`` (the
community directory's ``opportunities`` and ``opportunity``); those take the place of the
engine's own of the same name.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping
from typing import Any

from assistant.engine import datapaths as dp
from assistant.engine.answers import is_empty
from assistant.engine.state import ConversationState
from assistant.flows.expressions import STATIC_GLOBALS, days_on

Clock = Callable[[], _dt.datetime]


class ExpressionFunctions:
    """The functions content expressions can call, over one conversation's state."""

    def __init__(
        self,
        state: ConversationState,
        clock: Clock,
        given: Mapping[str, Callable[..., Any]],
    ) -> None:
        self._state = state
        self._clock = clock
        self.by_name: dict[str, Callable[..., Any]] = {
            "answered": self.answered,
            "skipped": self.skipped,
            "get": self.get,
            "visited": self.visited,
            "topic_status": self.topic_status,
            "today": self.today,
            "in_days": self.in_days,
            "opportunities": self.opportunities,
            "opportunity": self.opportunity,
            # Functions the layers above gave the content (the directory's), by name.
            **given,
        }

    def context(self, **extra: Any) -> dict[str, Any]:
        """The names an expression sees now: answers, shared globals, functions, loop records."""
        loop_values, _ = self._state.loop_bindings()
        return {**self._state.data, **STATIC_GLOBALS, **self.by_name, **loop_values, **extra}

    def answered(self, path: str) -> bool:
        value = dp.get(self._state.data, self._state.resolve(str(path)))
        return value is not dp.MISSING and not is_empty(value)

    def skipped(self, path: str) -> bool:
        return bool(self._state.tree["skipped"].get(dp.join(self._state.resolve(str(path)))))

    def get(self, path: str, default: Any = None) -> Any:
        value = dp.get(self._state.data, self._state.resolve(str(path)))
        return default if value is dp.MISSING else value

    def visited(self, ref: str) -> int:
        ref = str(ref)
        if "." not in ref:
            stack = self._state.stack()
            current = stack[-1]["topic"] if stack else None
            ref = f"{current}.{ref}"
        return int(self._state.tree["visits"].get(ref, 0))

    def topic_status(self, topic_id: str) -> str:
        return self._state.status(str(topic_id))

    def today(self) -> str:
        return self._clock().date().isoformat()

    def in_days(self, days: Any) -> str:
        return days_on(self._clock().date(), days)

    def opportunities(self, interests: Any = "", limit: int = 8) -> list[dict[str, str]]:
        # Without a community directory beside the content there is nothing to offer; with
        # one, the directory's own function (in content.functions) takes this name.
        return []

    def opportunity(self, entry_id: str) -> dict[str, Any]:
        return {}
