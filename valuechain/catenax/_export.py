"""Helpers for exporting chain values back to Catena-X JSON."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ._codec import UUID_V4_RE, parse_uuid, unix_seconds
from ._validate import parse_date_time


def _instant(text: str) -> int | None:
    moment = parse_date_time(text)
    return None if moment is None or unix_seconds(moment) <= 0 else unix_seconds(moment)


def same_value(new: Any, old: Any) -> bool:
    """Do two JSON leaves denote the same chain-level value? The same number however
    written (1800, 1800.0), the same UUID with or without ``urn:uuid:`` or in another
    case, the same instant in whole seconds in another offset or with sub-second digits."""
    if isinstance(new, bool) or isinstance(old, bool):
        return type(new) is type(old) and new == old
    if isinstance(new, (int, Decimal)) and isinstance(old, (int, Decimal)):
        return Decimal(new) == Decimal(old)
    if not (isinstance(new, str) and isinstance(old, str)):
        return False
    if new == old:
        return True
    if UUID_V4_RE.match(new) and UUID_V4_RE.match(old):
        return parse_uuid(new) == parse_uuid(old)
    instant = _instant(new)
    return instant is not None and instant == _instant(old)


def keep_spelling(new: Any, old: Any) -> Any:
    """``new`` written the way ``old`` wrote the same values: keys in ``old``'s order,
    leaves that :func:`same_value` finds equal taken from ``old``. Nothing is added that
    ``new`` lacks, so values that differ on chain always win."""
    if isinstance(new, dict) and isinstance(old, dict):
        merged = {key: keep_spelling(new[key], old[key]) for key in old if key in new}
        merged.update((key, value) for key, value in new.items() if key not in merged)
        return merged
    if isinstance(new, list) and isinstance(old, list):
        return [keep_spelling(item, old[i]) if i < len(old) else item for i, item in enumerate(new)]
    return old if same_value(new, old) else new


def copy_off_chain(out: dict[str, Any], doc: dict[str, Any] | None, keys: tuple[str, ...]) -> None:
    """Copy the off-chain properties ``keys`` that ``doc`` has into ``out``."""
    if doc is not None:
        out.update((key, doc[key]) for key in keys if key in doc)


def set_list(out: dict[str, Any], key: str, items: list[Any], doc: dict[str, Any] | None) -> None:
    """Set an on-chain list: absent when empty on chain, unless the document had it empty
    (the chain cannot tell an empty list from an absent one)."""
    if items or (doc is not None and doc.get(key) == []):
        out[key] = items
