"""Validation shared by the three payload models: every problem of a payload is collected
with its JSON path and what was expected, then reported at once in a :class:`PayloadError`."""

from __future__ import annotations

import json
import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, TypeVar
from uuid import UUID

from valuechain.errors import InputError

from ._codec import (
    BPNL_RE,
    BPNS_RE,
    MAX_QUANTITY,
    UNITS,
    UUID_V4_RE,
    CatenaXEnum,
    DemandCategory,
    parse_uuid,
    unix_seconds,
)

E = TypeVar("E", bound=CatenaXEnum)
T = TypeVar("T")

#: CX-0146 UserInputTrait: free text is at most this many characters.
MAX_TEXT = 4000
#: numbers beyond 10**±100 are refused (no model value comes near; they would only
#: serve to blow up the canonical form)
MAX_MAGNITUDE = 100

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_TIME_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|([+-])(\d{2}):(\d{2}))$"
)
_IDENT_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


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
    """A Catena-X payload is invalid; ``problems`` lists everything that is wrong with it."""

    def __init__(self, source: str, problems: Iterable[Problem], hint: str = "") -> None:
        self.source = source
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        count = len(self.problems)
        lines = [f"{self.source}: {count} problem{'s' if count != 1 else ''}"]
        lines += [f"  {problem}" for problem in self.problems]
        if self.hint:
            lines.append(self.hint)
        return "\n".join(lines)

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(problem.path for problem in self.problems)


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class Node:
    """A JSON value and its path; ``node["key"]`` is the (possibly MISSING) child."""

    value: Any
    path: str = "$"

    def __getitem__(self, key: str) -> Node:
        value = self.value.get(key, MISSING) if isinstance(self.value, dict) else MISSING
        step = f".{key}" if _IDENT_RE.match(key) else f"[{key!r}]"
        return Node(value, self.path + step)

    @property
    def missing(self) -> bool:
        return self.value is MISSING


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


def need(value: T | None) -> T:
    """A value the caller knows is present because validation passed."""
    assert value is not None
    return value


class Reader:
    """Checks JSON values, each method returning the typed value, or None (after
    recording a Problem) when it is not valid, or None silently when it is MISSING
    (a missing required property is reported once, by :meth:`object`)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def problem(self, node: Node, expected: str, found: str | None = None) -> None:
        if found is None and not node.missing:
            found = show(node.value)
        self.problems.append(Problem(node.path, expected, found))

    def error(self, hint: str = "") -> PayloadError:
        return PayloadError(self.source, self.problems, hint)

    # --- structure ----------------------------------------------------------------------

    def object(self, node: Node, required: Iterable[str], optional: Iterable[str]) -> bool:
        """Is ``node`` an object with every required and no unknown property?"""
        if node.missing:
            return False
        if not isinstance(node.value, dict):
            self.problem(node, "an object")
            return False
        required, optional = tuple(required), tuple(optional)
        for key in required:
            if key not in node.value:
                self.problem(node[key], "a value (required property)", "missing")
        known = set(required) | set(optional)
        for key in node.value:
            if key not in known:
                self.problem(node[key], "only the properties " + ", ".join(required + optional),
                             f"unknown property {key!r}")
        return True

    def array(self, node: Node, what: str) -> list[Node]:
        """The items of an array of ``what`` (an empty list when missing or not an array)."""
        if node.missing:
            return []
        if not isinstance(node.value, list):
            self.problem(node, f"an array of {what}")
            return []
        return [Node(item, f"{node.path}[{i}]") for i, item in enumerate(node.value)]

    def unique(self, items: Iterable[tuple[Node, Hashable | None]], what: str) -> None:
        """Report every item whose key (None = skip) repeats an earlier item's key."""
        seen: dict[Hashable, str] = {}
        for node, key in items:
            if key is None:
                continue
            if key in seen:
                self.problem(node, f"{what} unique within the array", f"a repeat of {seen[key]}")
            else:
                seen[key] = node.path

    # --- scalars ------------------------------------------------------------------------

    def string(self, node: Node, max_length: int | None = None, expected: str = "a string") -> str | None:
        if node.missing:
            return None
        if not isinstance(node.value, str):
            self.problem(node, expected)
            return None
        if max_length is not None and len(node.value) > max_length:
            self.problem(node, f"text of at most {max_length} characters", f"{len(node.value)} characters")
            return None
        return node.value

    def boolean(self, node: Node) -> bool | None:
        if node.missing:
            return None
        if not isinstance(node.value, bool):
            self.problem(node, "true or false")
            return None
        return node.value

    def number(self, node: Node, minimum: Decimal | int | None = None,
               maximum: Decimal | int | None = None, integer: bool = False) -> Decimal | None:
        if node.missing:
            return None
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            self.problem(node, "an integer" if integer else "a number")
            return None
        number = Decimal(value)
        if number and not -MAX_MAGNITUDE < number.adjusted() < MAX_MAGNITUDE:
            self.problem(node, f"a number with fewer than {MAX_MAGNITUDE} digits before or after the point")
            return None
        if integer and number != number.to_integral_value():
            self.problem(node, "an integer")
            return None
        if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
            low = "" if minimum is None else f"at least {minimum}"
            high = "" if maximum is None else f"at most {maximum}"
            self.problem(node, f"a number {' and '.join(filter(None, (low, high)))}")
            return None
        return number

    def quantity(self, node: Node) -> Decimal | None:
        """A non-negative quantity (QuantityTrait) with at most 3 decimals (thousandths go on chain)."""
        number = self.number(node)
        if number is None:
            return None
        if number < 0:
            self.problem(node, "a non-negative quantity")
            return None
        if number > MAX_QUANTITY:
            self.problem(node, f"a quantity of at most {MAX_QUANTITY}")
            return None
        if len(format(number, "f").partition(".")[2].rstrip("0")) > 3:
            self.problem(node, "a quantity with at most 3 decimal places (the chain stores thousandths)")
            return None
        return number

    def one_of(self, node: Node, allowed: tuple[str, ...]) -> str | None:
        expected = "one of " + ", ".join(allowed)
        text = self.string(node, expected=expected)
        if text is None:
            return None
        if text not in allowed:
            self.problem(node, expected)
            return None
        return text

    def cx_enum(self, node: Node, enum: type[E]) -> E | None:
        text = self.one_of(node, enum.cx_values())
        return None if text is None else enum.from_cx(text)

    def uuid(self, node: Node) -> UUID | None:
        expected = "a UUIDv4 such as 0157ba42-d2a8-4e28-8565-7b07830c1110, optionally prefixed urn:uuid:"
        text = self.string(node, expected=expected)
        if text is None:
            return None
        if not UUID_V4_RE.match(text):
            self.problem(node, expected)
            return None
        return parse_uuid(text)

    def bpnl(self, node: Node) -> str | None:
        return self._pattern(node, BPNL_RE, "a BPNL: 'BPNL' and 12 of 0-9/A-Z, e.g. BPNL00000003AYRE")

    def bpns(self, node: Node) -> str | None:
        return self._pattern(node, BPNS_RE, "a BPNS: 'BPNS' and 12 of 0-9/a-z/A-Z, e.g. BPNS7588787849VQ")

    def _pattern(self, node: Node, pattern: re.Pattern[str], expected: str) -> str | None:
        text = self.string(node, expected=expected)
        if text is None:
            return None
        if not pattern.match(text):
            self.problem(node, expected)
            return None
        return text

    def date_time(self, node: Node) -> datetime | None:
        """An ISO 8601 date-time with a UTC offset, after 1970-01-01T00:00:00Z."""
        expected = "an ISO 8601 date-time with a UTC offset, e.g. 2023-12-13T15:00:00+01:00"
        text = self.string(node, expected=expected)
        if text is None:
            return None
        match = _DATE_TIME_RE.match(text)
        if not match:
            self.problem(node, expected)
            return None
        year, month, day, hour, minute, second, fraction, zone, sign, oh, om = match.groups()
        try:
            tz = timezone.utc
            if zone != "Z":
                offset = timedelta(hours=int(oh), minutes=int(om))
                if offset > timedelta(hours=14) or int(om) >= 60:
                    raise ValueError
                tz = timezone(-offset if sign == "-" else offset)
            micros = int((fraction or "").ljust(6, "0")[:6])
            moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), micros, tz)
        except ValueError:
            self.problem(node, expected + " (a real calendar date, time and offset)")
            return None
        if unix_seconds(moment) <= 0:  # 0 is the chain's "absent"
            self.problem(node, "a date-time after 1970-01-01T00:00:00Z")
            return None
        return moment

    def monday(self, node: Node) -> date | None:
        """An ISO date (YYYY-MM-DD) that is a Monday: the week of a weekly time series."""
        text = self.string(node, expected="an ISO date YYYY-MM-DD (the Monday of the week)")
        if text is None:
            return None
        day = None
        if _DATE_RE.match(text):
            try:
                day = date.fromisoformat(text)
            except ValueError:
                pass
        if day is None:
            self.problem(node, "an ISO date YYYY-MM-DD (the Monday of the week)")
            return None
        if day.weekday() != 0:
            self.problem(node, "the Monday of a week (weekly series are keyed by their Monday)",
                         f"{text} (a {_WEEKDAYS[day.weekday()]})")
            return None
        return day

    # --- shared by the CX-0128 models ---------------------------------------------------

    def unit(self, root: Node) -> tuple[str | None, bool | None]:
        """``unitOfMeasure`` and ``unitOfMeasureIsOmitted`` of ``root``, checked together:
        a unit exactly when it is not declared omitted."""
        omitted = self.boolean(root["unitOfMeasureIsOmitted"])
        unit = self.one_of(root["unitOfMeasure"], UNITS)
        node = root["unitOfMeasure"]
        if omitted is True and not node.missing:
            self.problem(node, "no unitOfMeasure, as unitOfMeasureIsOmitted is true")
            unit = None
        elif omitted is False and node.missing:
            self.problem(node, "a unitOfMeasure, as unitOfMeasureIsOmitted is false", "missing")
        return unit, omitted

    def demand_category(self, node: Node) -> DemandCategory | None:
        """A ``{"demandCategoryCode": ...}`` object."""
        if not self.object(node, ("demandCategoryCode",), ()):
            return None
        code = self.one_of(node["demandCategoryCode"], DemandCategory.codes())
        return None if code is None else DemandCategory.from_code(code)
