"""Problems found in content files, reported as ``file:line:col: CODE message``."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One finding, pointing at a place an author can open in an editor."""

    file: str
    line: int
    col: int
    code: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        level = "" if self.severity == "error" else "warning: "
        return f"{self.file}:{self.line}:{self.col}: {self.code} {level}{self.message}"


class ContentError(Exception):
    """Content that cannot be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A ' (did you mean `x`?)' hint, or '' when nothing is close."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean `{close[0]}`?)" if close else ""
