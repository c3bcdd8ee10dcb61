"""The one exception type for mistakes in a trainer's files, and how they are printed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one file, at a 1-based line and column."""

    path: str
    line: int
    col: int
    message: str

    def __post_init__(self) -> None:
        # Text quoted from a file may hold line breaks or control characters; a report
        # line must stay one printable line.
        if not self.message.isprintable():
            clean = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in self.message)
            object.__setattr__(self, "message", clean)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


class ScenarioError(Exception):
    """Raised when one or more scenario files are not valid; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = sorted(problems)
        super().__init__(self.report())

    def report(self) -> str:
        """All problems as GNU-style ``path:line:col: message`` lines."""
        return "\n".join(str(p) for p in self.problems)
