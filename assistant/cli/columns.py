"""Columns of a command's table laid out to fit the terminal (``cpi-assistant people``).

A person's name is typed by anyone and can be any length: a 300-character name made the
NAME column 300 cells wide for everyone, every row wrapping over several lines. One column
(the name) gives way, cut with "…" as Home cuts it; the others (the id above all) stay whole.
Widths are counted in terminal cells (``assistant.text_width``): a wide letter (CJK) takes
two, an accent none.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Sequence

from assistant.text_width import cells, cut

#: A name is never cut shorter than this, however narrow the terminal (the row wraps then).
LEAST_NAME = 12
#: Between two columns.
GAP = "  "


def terminal_width() -> int | None:
    """The terminal's width in cells (``COLUMNS`` when set); None when the output is not a
    terminal (a file, a pipe to grep): nothing is cut there."""
    if not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size().columns


def table(rows: Sequence[Sequence[str]], *, cut_column: int, width: int | None = None) -> str:
    """``rows`` (the first the headings) in aligned columns within ``width`` cells (the
    terminal's by default; nothing is cut when the output is not a terminal): only column
    ``cut_column`` is cut to make them fit."""
    width = terminal_width() if width is None else width
    widths = [max(cells(row[i]) for row in rows) for i in range(len(rows[0]))]
    others = sum(w for i, w in enumerate(widths) if i != cut_column) + len(GAP) * (len(widths) - 1)
    if width is not None:
        widths[cut_column] = min(widths[cut_column], max(width - others, LEAST_NAME))
    lines = []
    for row in rows:
        shown = [cut(cell, widths[i]) if i == cut_column else cell for i, cell in enumerate(row)]
        padded = [cell + " " * (w - cells(cell)) for cell, w in zip(shown, widths, strict=True)]
        lines.append(GAP.join(padded).rstrip())
    return "\n".join(lines)


#: A name said on every row of a list (a plan version's sentence, a trainee's practice) is cut
#: to this many cells on a terminal, as the app cuts a speaker's name: the list heading, or
#: ``people``, has it whole.
NAME_IN_ROW = 24


def name_in_row(name: str) -> str:
    """``name`` cut to :data:`NAME_IN_ROW` cells on a terminal; whole in a file or a pipe."""
    return name if terminal_width() is None else cut(name, NAME_IN_ROW)
