"""The one exception type for mistakes in a trainer's files, and how they are printed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]
"""How much a problem matters: an error stops a build; a warning or info never does by
itself (a strict build refuses link warnings, as MkDocs does with its own)."""

DEFAULT_RULE = "scenario-file"
"""The rule code of a problem with the file itself (it cannot be read, or is not YAML
the format accepts), and of any problem made without a code of its own."""


@dataclass(frozen=True, order=True)
class Problem:
    """One finding in one file, at a 1-based line and column.

    ``severity`` and ``rule`` (a stable kebab-case code, such as ``unknown-key`` or
    ``best-is-longest``) are keyword arguments. Problems sort by path, line, column and
    message.
    """

    path: str
    line: int
    col: int
    message: str
    severity: Severity = field(default="error", kw_only=True)
    rule: str = field(default=DEFAULT_RULE, kw_only=True)

    def __post_init__(self) -> None:
        # Text quoted from a file may hold line breaks or control characters; a report
        # line must stay one printable line.
        if not self.message.isprintable():
            clean = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in self.message)
            object.__setattr__(self, "message", clean)

    @property
    def location(self) -> str:
        """``path:line:col``."""
        return f"{self.path}:{self.line}:{self.col}"

    def __str__(self) -> str:
        """The GNU-style report line: ``path:line:col: message``, with ``warning: `` or
        ``info: `` before the message when the problem is not an error."""
        label = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.location}: {label}{self.message}"


class ScenarioError(Exception):
    """Raised when one or more scenario files are not valid; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = sorted(problems)
        super().__init__(self.report())

    def report(self) -> str:
        """All problems as GNU-style ``path:line:col: message`` lines."""
        return "\n".join(str(p) for p in self.problems)
