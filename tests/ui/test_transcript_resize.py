"""The transcript keeps its entries' wrapped lines when only its height changes (issue 18).

The question below the transcript takes a different number of lines at almost every step,
so the transcript is resized at almost every step; wrapping every entry again each time
cost more the longer the meeting. A change of width must still wrap them again.
"""

from __future__ import annotations

from types import SimpleNamespace

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.pilot import Pilot
from textual.widgets import Static

from assistant.ui.widgets.transcript import Transcript

LONG = "Walking by the river on Sundays with my sister and her two dogs, " * 3


def entry(seq: int) -> SimpleNamespace:
    return SimpleNamespace(
        seq=seq,
        topic="t",
        node="n",
        by="person",
        prompt=f"Question {seq}",
        action="answered",
        value=LONG,
        path="p",
    )


class Holder(App[None]):
    CSS = "#transcript { height: 1fr; } #below { height: auto; }"

    def compose(self) -> ComposeResult:
        with Vertical(id="column"):
            yield Transcript(lambda e: ("both", None, ()), id="transcript")
            yield Static("A question", id="below")


async def twelve_entries(app: App[None], pilot: Pilot[None]) -> Transcript:
    """The transcript with twelve long entries shown (more than fit: it scrolls)."""
    transcript = app.query_one(Transcript)
    transcript.sync([entry(n) for n in range(12)])
    await pilot.pause()
    return transcript


def lines_of(transcript: Transcript) -> list[str]:
    return [transcript.render_line(y).text for y in range(transcript.size.height)]


async def test_a_height_change_keeps_the_wrapped_lines(monkeypatch) -> None:
    app = Holder()
    async with app.run_test(size=(60, 30)) as pilot:
        transcript = await twelve_entries(app, pilot)
        below = app.query_one("#below", Static)
        below.styles.height = 4  # the scroll bar has come: the entries wrap to fit beside it
        await pilot.pause()
        transcript.scroll_to(y=5, animate=False, immediate=True)
        await pilot.pause()
        before = lines_of(transcript)
        # OptionList asks for an option's visual each time it wraps it again.
        wrapped: list[object] = []
        get_visual = transcript._get_visual
        monkeypatch.setattr(transcript, "_get_visual", lambda o: wrapped.append(o) or get_visual(o))
        below.styles.height = 8  # the next question takes more lines
        await pilot.pause()
        assert transcript.size.height < len(before)
        # Only the lines now shown are drawn; no entry is wrapped again.
        assert wrapped == []
        # What is shown is still right: the same wrapped lines, fewer of them.
        assert lines_of(transcript) == before[: transcript.size.height]


async def test_a_width_change_wraps_the_entries_again() -> None:
    app = Holder()
    async with app.run_test(size=(60, 30)) as pilot:
        transcript = await twelve_entries(app, pilot)
        wide = transcript.virtual_size.height
        await pilot.resize_terminal(40, 30)
        await pilot.pause()
        # Narrower: each long answer wraps onto more lines, none cut off.
        assert transcript.virtual_size.height > wide
        assert len(transcript._line_cache.lines) == transcript.virtual_size.height
        text = "".join(line.strip() for line in lines_of(transcript))
        assert "—Person" in text.replace(" ", "") or "Person" in text


def count_bar_draws(monkeypatch, transcript: Transcript) -> list[object]:
    """Each time the transcript's scroll bar is drawn again."""
    bar = transcript.vertical_scrollbar
    drawn: list[object] = []
    render = bar.render
    monkeypatch.setattr(bar, "render", lambda: drawn.append(1) or render())
    return drawn


async def test_a_layout_elsewhere_leaves_the_scroll_bar_alone(monkeypatch) -> None:
    """Every layout of the screen used to update and redraw the transcript's scroll bar, with
    nothing about it changed (SteadyScrollbars, issue 18)."""
    app = Holder()
    async with app.run_test(size=(60, 30)) as pilot:
        transcript = await twelve_entries(app, pilot)
        drawn = count_bar_draws(monkeypatch, transcript)
        # The next question: new words in the same number of lines, laid out again.
        app.query_one("#below", Static).update("Another question")
        await pilot.pause()
        assert drawn == []


async def test_the_scroll_bar_follows_a_change_of_height(monkeypatch) -> None:
    app = Holder()
    async with app.run_test(size=(60, 30)) as pilot:
        transcript = await twelve_entries(app, pilot)
        drawn = count_bar_draws(monkeypatch, transcript)
        app.query_one("#below", Static).styles.height = 10
        await pilot.pause()
        bar = transcript.vertical_scrollbar
        assert drawn
        assert bar.window_size == transcript.size.height
        assert bar.window_virtual_size == transcript.virtual_size.height
