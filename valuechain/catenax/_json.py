"""JSON text in and out with exact numbers, and the canonical form whose hash goes on chain.

Numbers are parsed as :class:`~decimal.Decimal` (floats would turn ``0.3`` into
``0.29999…`` and lose digits of large quantities) and written back with the digits they
were read with, so a payload survives load and dump unchanged.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from eth_utils.crypto import keccak


class DuplicatePropertyError(ValueError):
    """A JSON object names the same property twice (JSON parsers silently keep the last)."""


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise DuplicatePropertyError(f"property {key!r} appears twice in one object")
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def parse_json(text: str) -> Any:
    """Parse JSON text; floats become Decimal. Raises ValueError (json.JSONDecodeError,
    DuplicatePropertyError, or NaN/Infinity) on anything that is not strict JSON."""
    return json.loads(text, parse_float=Decimal, parse_constant=_no_constant, object_pairs_hook=_object)


def _number(value: float | Decimal, canonical: bool) -> str:
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, int):
        return str(value)
    if not value.is_finite():
        raise ValueError(f"{value} cannot be written as JSON")
    if not canonical:
        return str(value)
    text = format(value, "f")  # exact: no rounding to the context's precision
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _write(value: Any, out: list[str], indent: int | None, depth: int, canonical: bool) -> None:
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        out.append(json.dumps(value, ensure_ascii=False))
    elif isinstance(value, (int, float, Decimal)):
        out.append(_number(value, canonical))
    elif isinstance(value, dict):
        items = sorted(value.items()) if canonical else list(value.items())
        if not items:
            out.append("{}")
            return
        out.append("{")
        for i, (key, item) in enumerate(items):
            if not isinstance(key, str):
                raise TypeError(f"JSON object keys must be strings, not {type(key).__name__}")
            out.append("," if i else "")
            _newline(out, indent, depth + 1)
            out.append(json.dumps(key, ensure_ascii=False))
            out.append(": " if indent is not None else ":")
            _write(item, out, indent, depth + 1, canonical)
        _newline(out, indent, depth)
        out.append("}")
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        out.append("[")
        for i, item in enumerate(value):
            out.append("," if i else "")
            _newline(out, indent, depth + 1)
            _write(item, out, indent, depth + 1, canonical)
        _newline(out, indent, depth)
        out.append("]")
    else:
        raise TypeError(f"{type(value).__name__} cannot be written as JSON")


def _newline(out: list[str], indent: int | None, depth: int) -> None:
    if indent is not None:
        out.append("\n" + " " * (indent * depth))


def dumps(value: Any, indent: int | None = 2) -> str:
    """JSON text of ``value`` keeping key order and the digits of Decimal numbers."""
    out: list[str] = []
    _write(value, out, indent, 0, canonical=False)
    return "".join(out)


def canonical_json(value: Any) -> bytes:
    """The canonical UTF-8 JSON of ``value``: keys sorted, no insignificant whitespace,
    non-ASCII characters unescaped, numbers in plain decimal notation without trailing
    zeros (``1800.0`` and ``1800`` are the same number and give the same bytes)."""
    out: list[str] = []
    _write(value, out, None, 0, canonical=True)
    return "".join(out).encode("utf-8")


def payload_hash(value: Any) -> bytes:
    """keccak256 of :func:`canonical_json`: the content hash of a payload put on chain."""
    return bytes(keccak(canonical_json(value)))
