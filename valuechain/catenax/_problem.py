"""What is wrong with a payload: each :class:`Problem` (JSON path, what was expected,
what was found), all of them in a :class:`PayloadError`."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from valuechain.errors import InputError

_IDENT_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a payload: where (a JSON path such as
    ``$.capacities[0].actualCapacity``), what was expected, and what was found."""

    path: str
    expected: str
    found: str | None = None

    def __str__(self) -> str:
        return f"{self.path}: expected {self.expected}" + (f", found {self.found}" if self.found else "")


class PayloadError(InputError):
    """A Catena-X payload is invalid; ``problems`` lists everything that is wrong with it.
    ``what`` names the payload (file and model), ``where``, ``expected`` and ``found``
    are those of the first problem."""

    FIELDS = (*InputError.FIELDS, "paths")

    def __init__(self, source: str, problems: Iterable[Problem], hint: str = "") -> None:
        self.source = source
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.hint = hint
        first = self.problems[0] if self.problems else Problem("$", "")
        super().__init__(str(self), what=source, where=first.path, expected=first.expected, found=first.found)

    def __str__(self) -> str:
        """One line per problem, each naming the payload (the hint, if any, last)."""
        lines = [f"{self.source}: {problem}" for problem in self.problems]
        return "\n".join(lines + ([self.hint] if self.hint else []))

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(problem.path for problem in self.problems)


def json_path(steps: Iterable[str | int]) -> str:
    """``$.capacities[0].pointInTime`` of the steps ``("capacities", 0, "pointInTime")``."""
    out = "$"
    for step in steps:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out += f".{step}" if _IDENT_RE.match(step) else f"[{step!r}]"
    return out


def show(value: Any) -> str:
    """A short rendering of a found value for an error message."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."
