"""A measure across meetings as a terminal bar chart that also reads as words.

One row per meeting: the date in words, a bar of block characters on the measure's own scale
(filled and empty cells, so the length reads without colour), and the value in numbers and
words; then the sentence that says the change. Everything shown is plain text built as
``Content`` (a goal's words are the person's: never markup).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from assistant.engine.words import clean
from assistant.meetings.change_view import ChartRow, MeasureChart

#: Cells in a bar at full scale.
BAR_CELLS = 20
FULL, EMPTY = "█", "░"


def bar(value: int, low: int, high: int, cells: int = BAR_CELLS) -> str:
    """``value`` on ``low``..``high`` as filled then empty cells (``cells`` in all)."""
    span = max(high - low, 1)
    filled = round((min(max(value, low), high) - low) / span * cells)
    return FULL * filled + EMPTY * (cells - filled)


def row_parts(
    row: ChartRow, chart: MeasureChart, cells: int = BAR_CELLS
) -> tuple[Content, Content, Content]:
    """One meeting's row: its date, its bar (blank where it was not answered), its value in
    words."""
    when = Content(row.when)
    if row.value is None:
        drawn = Content(" " * cells)
        words = Content(row.words).stylize("$text-muted")
    else:
        drawn = Content(bar(row.value, chart.low, chart.high, cells)).stylize(
            "$text-primary" if row.latest else "$text-muted"
        )
        words = Content(row.words)
    return when, drawn, words


class MeasureChartView(Vertical):
    """One :class:`MeasureChart`: title, scale note, a row per meeting, the change in words,
    and for a goal its review answers.

    Each row is three columns (date, bar, words), so a long value in words (a goal's level
    in the person's own words) wraps in its own column at 80 columns.
    """

    DEFAULT_CSS = """
    MeasureChartView { height: auto; margin-bottom: 1; }
    MeasureChartView .chart-title { text-style: bold; }
    MeasureChartView .chart-note { color: $text-muted; }
    MeasureChartView .chart-row { height: auto; }
    MeasureChartView .chart-when { width: 20; padding-left: 2; }  /* "30 September 2027" */
    MeasureChartView .chart-bar { width: 22; }
    MeasureChartView .chart-words { width: 1fr; }
    """

    def __init__(self, chart: MeasureChart, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.chart = chart

    def compose(self) -> ComposeResult:
        chart = self.chart
        yield Static(Content(chart.title), classes="chart-title", markup=False)
        yield Static(Content(chart.note), classes="chart-note", markup=False)
        for row in chart.rows:
            when, drawn, words = row_parts(row, chart)
            with Horizontal(classes="chart-row"):
                yield Static(when, classes="chart-when", markup=False)
                yield Static(drawn, classes="chart-bar", markup=False)
                yield Static(words, classes="chart-words", markup=False)
        if chart.sentence:
            yield Static(Content(chart.sentence), classes="chart-sentence", markup=False)
        if chart.said:
            # A goal's review answers: safe for the terminal (as the goals' lines under the
            # charts are), never markup.
            yield Static(Content(clean(chart.said)), classes="chart-said", markup=False)
