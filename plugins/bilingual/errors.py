"""The one exception the plugin raises for bad content or settings."""

import re
from collections.abc import Iterable


class ContentError(Exception):
    """Content files or settings the build cannot accept.

    Each problem is one line that names the file (or setting), the line where
    there is one, and the field, so an editor can fix it without reading a
    traceback. A build collects every problem of every file and raises one
    ``ContentError`` holding them all.
    """

    def __init__(self, *problems: str) -> None:
        self.problems: tuple[str, ...] = problems
        super().__init__(*problems)  # args round-trip through pickle (worker processes)

    def __str__(self) -> str:
        if len(self.problems) == 1:
            return self.problems[0]
        lines = "\n".join(f"  {p}" for p in self.problems)
        return f"{len(self.problems)} content errors; fix them all, then build again:\n{lines}"


def in_order(problems: Iterable[str]) -> list[str]:
    """Problems as the build and ``make status`` list them: each once, by
    file, then line (``x.md:9`` before ``x.md:10``, ``story-2`` before
    ``story-10``)."""
    return sorted(set(problems), key=_natural)


def _natural(text: str) -> list[int | str]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def problem(path: str, field: str, message: str, line: int | None = None) -> str:
    """One problem as a line: ``path:line: field 'x': message``."""
    where = f"{path}:{line}" if line else path
    return f"{where}: field {field!r}: {message}"
