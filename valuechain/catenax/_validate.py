"""The rules the official JSON schemas do not state, kept here by hand.

The official schemas (``_schema``) say the structure: required properties, types,
enumerations, BPN and UUID patterns, ranges, text lengths. What they cannot say, or
leave out, is in :data:`RULES`, keyed by the SAMM characteristic a subschema was
generated from (its ``x-samm-aspect-model-urn``), so a rule applies wherever the model
uses the characteristic, in every version:

===============================  ================================================================
characteristic                   rule
===============================  ================================================================
BpnlTrait                        upper case only (the registry's form; the schema allows a-z)
UuidV4Trait, UUIDv4IdTrait       version 4 and RFC variant (the schema's pattern takes any UUID)
Timestamp                        ISO 8601 *with* a UTC offset, a real calendar instant, after
                                 1970 (the chain stores unix seconds; the notification schema's
                                 pattern is unanchored and makes the offset optional)
PointInTimeCharacteristic        a Monday (weekly series are keyed by their Monday)
QuantityTrait                    at most 3 decimals (SAMM FixedPointConstraint, not in the
                                 schema; the chain stores thousandths)
MeasurementTrait                 an integer (SAMM xsd:int; the schema says number)
Material                         at least one of its identifiers
the two CX-0128 aspects          unitOfMeasure present exactly when unitOfMeasureIsOmitted is false
the sets of the models           unique by their key (a week, a series, a material, a UUID
                                 however spelt), where the schema's uniqueItems compares
                                 whole items
===============================  ================================================================

Besides, ``_schema`` refuses properties a model does not have and numbers beyond
10**±:data:`MAX_MAGNITUDE`. A rule sees a value whatever its type (the schema's verdict
on the type comes separately) and judges only values of the type it is about.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from ._codec import BPNL_RE, UUID_V4_RE, parse_uuid, unix_seconds
from ._problem import show

#: numbers beyond 10**±100 are refused (no model value comes near; they would only
#: serve to blow up the canonical form)
MAX_MAGNITUDE = 100

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_TIME_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|([+-])(\d{2}):(\d{2}))$"
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

BPNL = "a BPNL: 'BPNL' and 12 of 0-9/A-Z, e.g. BPNL00000003AYRE"
BPNS = "a BPNS: 'BPNS' and 12 of 0-9/a-z/A-Z, e.g. BPNS7588787849VQ"
UUID4 = "a UUIDv4 such as 0157ba42-d2a8-4e28-8565-7b07830c1110, optionally prefixed urn:uuid:"
DATE_TIME = "an ISO 8601 date-time with a UTC offset, e.g. 2023-12-13T15:00:00+01:00"
MONDAY = "an ISO date YYYY-MM-DD (the Monday of the week)"
#: what a value of a characteristic is, in words: for the schema's own type, pattern and
#: format errors too
EXPECTED = {"bpnltrait": BPNL, "bpnstrait": BPNS, "uuidv4trait": UUID4, "uuidv4idtrait": UUID4,
            "timestamp": DATE_TIME, "pointintimecharacteristic": MONDAY}


def is_number(value: Any) -> bool:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


def too_large(number: int | Decimal) -> bool:
    """Beyond 10**±MAX_MAGNITUDE (zero is fine)."""
    value = Decimal(number)
    return bool(value) and not -MAX_MAGNITUDE < value.adjusted() < MAX_MAGNITUDE


def parse_date_time(text: str) -> datetime | None:
    """An ISO 8601 date-time with a UTC offset as an aware datetime, None if it is not one."""
    match = _DATE_TIME_RE.match(text)
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, zone, sign, oh, om = match.groups()
    try:
        tz = UTC
        if zone != "Z":
            offset = timedelta(hours=int(oh), minutes=int(om))
            if offset > timedelta(hours=14) or int(om) >= 60:
                return None
            tz = timezone(-offset if sign == "-" else offset)
        micros = int((fraction or "").ljust(6, "0")[:6])
        return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), micros, tz)
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    """A YYYY-MM-DD calendar date, None if it is not one."""
    if not _DATE_RE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


# --- the rules ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """A rule's verdict on a value: ``path`` relative to the value checked; ``repeats``
    (relative too) the earlier item a repeated one repeats."""

    expected: str
    found: str | None = None
    path: tuple[str | int, ...] = ()
    repeats: tuple[str | int, ...] | None = None


Rule = Callable[[Any, dict[str, Any]], Iterator[Finding]]


def _bpnl(value: Any, schema: dict[str, Any]) -> Iterator[Finding]:
    if isinstance(value, str) and not BPNL_RE.match(value):
        yield Finding(BPNL, show(value))


def _uuid4(value: Any, schema: dict[str, Any]) -> Iterator[Finding]:
    if isinstance(value, str) and not UUID_V4_RE.match(value):
        yield Finding(UUID4, show(value))


def _date_time(value: Any, schema: dict[str, Any]) -> Iterator[Finding]:
    if not isinstance(value, str):
        return
    moment = parse_date_time(value)
    if moment is None:
        real = " (a real calendar date, time and offset)" if _DATE_TIME_RE.match(value) else ""
        yield Finding(DATE_TIME + real, show(value))
    elif unix_seconds(moment) <= 0:  # 0 is the chain's "absent"
        yield Finding("a date-time after 1970-01-01T00:00:00Z", show(value))


def _monday(value: Any, schema: dict[str, Any]) -> Iterator[Finding]:
    day = parse_date(value) if isinstance(value, str) else None
    if day is not None and day.weekday() != 0:
        yield Finding("the Monday of a week (weekly series are keyed by their Monday)",
                      f"{value} (a {_WEEKDAYS[day.weekday()]})")


def json_key(value: Any) -> Hashable:
    """A key equal for equal JSON values: key order and number spelling (1, 1.0, 1E0)
    do not matter, true is not 1; exact at any size (nothing is expanded or rounded)."""
    if isinstance(value, dict):
        return ("object", tuple(sorted((k, json_key(v)) for k, v in value.items())))
    if isinstance(value, list):
        return ("array", tuple(json_key(v) for v in value))
    if is_number(value):
        sign, digits, exponent = Decimal(value).as_tuple()
        if not any(digits):
            return ("number", 0)
        while digits[-1] == 0:
            digits, exponent = digits[:-1], int(exponent) + 1
        return ("number", sign, digits, exponent)
    return (type(value).__name__, value)


def decimals(number: Decimal) -> int:
    """How many digits after the point ``number`` needs (1.500 -> 1), exactly at any size."""
    if not number:
        return 0
    _sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)
    zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -(exponent + zeros))


def _thousandths(value: Any, schema: dict[str, Any]) -> Iterator[Finding]:
    if is_number(value) and not too_large(value) and decimals(Decimal(value)) > 3:
        yield Finding("a quantity with at most 3 decimal places (the chain stores thousandths)", show(value))


def _integer(value: Any, schema: dict[str, Any]) -> Iterator[Finding]:
    if is_number(value) and Decimal(value) != Decimal(value).to_integral_value():
        yield Finding("an integer", show(value))


def _some_identifier(value: Any, schema: dict[str, Any]) -> Iterator[Finding]:
    keys = tuple(schema.get("properties", ()))
    if isinstance(value, dict) and not any(key in value for key in keys):
        yield Finding("at least one of " + ", ".join(keys), "none")


def _unit(value: Any, schema: dict[str, Any]) -> Iterator[Finding]:
    """``unitOfMeasure`` exactly when ``unitOfMeasureIsOmitted`` is false."""
    if not isinstance(value, dict):
        return
    omitted = value.get("unitOfMeasureIsOmitted")
    if omitted is True and "unitOfMeasure" in value:
        yield Finding("no unitOfMeasure, as unitOfMeasureIsOmitted is true", show(value["unitOfMeasure"]),
                      ("unitOfMeasure",))
    elif omitted is False and "unitOfMeasure" not in value:
        yield Finding("a unitOfMeasure, as unitOfMeasureIsOmitted is false", "missing", ("unitOfMeasure",))


def _get(item: Any, *steps: str) -> Any:
    for step in steps:
        if not isinstance(item, dict):
            return None
        item = item.get(step)
    return item


def _unique(what: str, key: Callable[[Any], Hashable | None], at: tuple[str, ...] = ()) -> Rule:
    """Items of a set are unique by ``key`` (an item without one, by its whole value, as
    the schema's uniqueItems judges); a repeat is reported at the item (its property
    ``at``), naming the earlier item."""

    def rule(value: Any, schema: dict[str, Any]) -> Iterator[Finding]:
        if not isinstance(value, list):
            return
        seen: dict[Hashable, int] = {}
        for index, item in enumerate(value):
            found = key(item)
            if found is None:
                found = ("whole item", json_key(item))
            if found in seen:
                yield Finding(f"{what} unique within the array", None, (index, *at), (seen[found], *at))
            else:
                seen[found] = index

    return rule


def _text(item: Any) -> str | None:
    return item if isinstance(item, str) else None


def _uuid_value(item: Any) -> Hashable | None:
    return parse_uuid(item) if isinstance(item, str) and UUID_V4_RE.match(item) else None


def _week(item: Any) -> Hashable | None:
    return _text(_get(item, "pointInTime"))


def _series(item: Any) -> Hashable | None:
    return _get(item, "customerLocation"), _get(item, "demandCategory", "demandCategoryCode")


def _linked_series(item: Any) -> Hashable | None:
    return (_get(item, "materialNumberCustomer"), _get(item, "customerLocation"),
            _get(item, "demandCategory", "demandCategoryCode"))


def _number_key(item: Any) -> Hashable | None:
    value = _get(item, "sequenceNumber")
    return Decimal(value) if is_number(value) and not too_large(value) else None


#: the sets whose uniqueness a rule judges by key (instead of uniqueItems' whole items)
UNIQUE_BY_KEY: dict[str, Rule] = {
    "capacitytimeseries": _unique("weeks (pointInTime)", _week, ("pointInTime",)),
    "demanddateseries": _unique("weeks (pointInTime)", _week, ("pointInTime",)),
    "demandseriesset": _unique("demand series (customerLocation and demandCategory)", _series),
    "linkeddemandseriesset": _unique("demand series (material, customerLocation, category)", _linked_series),
    "materialsset": _unique("materials (by materialNumberCustomer, their on-chain identity)",
                            lambda item: _text(_get(item, "materialNumberCustomer"))),
    "rollinghorizonalertthresholdsset": _unique("sequenceNumber", _number_key, ("sequenceNumber",)),
    "notificationidset": _unique("notification ids", _uuid_value),
    "linkedcapacitygroupscharacteristic": _unique("capacity group ids", _uuid_value),
    "supplierlocationscharacteristic": _unique("sites", _text),
    "affectedsitescharacteristic": _unique("sites", _text),
}

#: the hand-kept rules by SAMM characteristic (the lower-case name after ``#`` in a
#: subschema's ``x-samm-aspect-model-urn``)
RULES: dict[str, Rule] = {
    "bpnltrait": _bpnl,
    "uuidv4trait": _uuid4,
    "uuidv4idtrait": _uuid4,
    "timestamp": _date_time,
    "pointintimecharacteristic": _monday,
    "quantitytrait": _thousandths,
    "measurementtrait": _integer,
    "material": _some_identifier,
    "weekbasedcapacitygroup": _unit,
    "weekbasedmaterialdemand": _unit,
    **UNIQUE_BY_KEY,
}


def date_time(text: str) -> datetime:
    """The instant of a date-time that passed validation."""
    moment = parse_date_time(text)
    assert moment is not None, text
    return moment
