"""A rating whose buttons are built already is shown without a pause (issue 18: the first
rating of a meeting waited on the spare widget's finished mount, and the screen drew a whole
frame in the middle of that step)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from textual.app import App, ComposeResult

from assistant.ui.widgets.answers import PickButton, RatingAnswer


class Holder(App[None]):
    def compose(self) -> ComposeResult:
        yield RatingAnswer()  # as the session builds its spare answers


@contextlib.asynccontextmanager
async def mounted_rating() -> AsyncIterator[RatingAnswer]:
    """A spare rating widget, mounted and idle, in a running app."""
    app = Holder()
    async with app.run_test() as pilot:
        await pilot.pause()
        yield app.query_one(RatingAnswer)


def points(answer: RatingAnswer) -> list[int]:
    return [b.value for b in answer.query(PickButton) if b.display]


async def loop_turned_during(waiting) -> bool:
    """Whether awaiting ``waiting`` let the event loop run anything else."""
    turned = []
    asyncio.get_running_loop().call_soon(turned.append, True)
    await waiting
    return bool(turned)


async def test_a_built_scale_is_ready_without_a_turn_of_the_loop() -> None:
    async with mounted_rating() as answer:
        answer.load(1, 7)
        assert not await loop_turned_during(answer.ready())
        assert points(answer) == [1, 2, 3, 4, 5, 6, 7]


async def test_a_longer_scale_waits_for_its_new_points() -> None:
    async with mounted_rating() as answer:
        answer.load(0, 10)
        await answer.ready()
        # The next key needs every point in place.
        assert points(answer) == list(range(11))
        assert all(b.is_mounted for b in answer.query(PickButton))
