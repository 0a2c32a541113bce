"""The conversation's lines wrap inside the scroll bar: when the bar appears after an answer
was laid out, the answer is wrapped again to the narrower width, never drawn under the bar."""

from __future__ import annotations

from textual.app import App, ComposeResult

from assistant.engine.steps import TranscriptEntry
from assistant.ui.widgets.transcript import Transcript

LONG = "Jo gave me the form. I have not sent it yet, and I keep meaning to do it soon."


def entry(seq: int, value: str) -> TranscriptEntry:
    return TranscriptEntry(
        seq=seq,
        action="answered",
        topic="goals",
        node=f"n{seq}",
        prompt="Last time:",
        path=f"review.n{seq}",
        value=value,
        by="person",
        at="2026-12-05T10:00:00+00:00",
    )


class OneTranscript(App[None]):
    CSS = "Transcript { height: 12; width: 40; padding: 0 1; }"

    def compose(self) -> ComposeResult:
        yield Transcript(lambda e: ("person", None, ()))


async def test_an_answer_laid_out_before_the_scroll_bar_appeared_is_not_cut_by_it() -> None:
    app = OneTranscript()
    async with app.run_test(size=(60, 20)) as pilot:
        transcript = app.query_one(Transcript)
        shown = [entry(1, LONG)]
        transcript.sync(shown)
        await pilot.pause()
        assert not transcript.show_vertical_scrollbar  # laid out with the full width
        shown += [entry(n, f"Answer {n}") for n in range(2, 6)]
        transcript.sync(shown)
        await pilot.pause()
        await pilot.pause()
        assert transcript.show_vertical_scrollbar
        transcript.scroll_home(animate=False)
        await pilot.pause()
        drawn = " ".join(strip.text for strip in app.screen._compositor.render_strips())
        # Every word whole on screen: "not" was cut to "no" by the bar.
        assert set(LONG.split()) <= set(drawn.split())
