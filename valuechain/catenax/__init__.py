"""Catena-X payloads in and out of the chain: validation, chain mapping, export.

Three aspect models (examples in ``shared/fixtures/catenax/``):

========================================  ===============================  ==================
model (3.0.0)                             typed payload                    chain-level value
========================================  ===============================  ==================
DemandAndCapacityNotification (CX-0146)   DemandAndCapacityNotification    DisruptionSignal
WeekBasedCapacityGroup (CX-0128)          WeekBasedCapacityGroup           CapacitySignal
WeekBasedMaterialDemand (CX-0128)         WeekBasedMaterialDemand          MaterialDemandSignal
========================================  ===============================  ==================

Usage::

    payload = catenax.load("notification.json")   # detects the model; PayloadError if bad
    sidecar = catenax.Sidecar.load(path); sidecar.remember(payload); sidecar.save(path)
    signal = catenax.to_chain(payload)            # fixed-size values for the contract
    ...
    document = catenax.export_json(signal, sidecar)   # back to the Catena-X JSON
    print(catenax.dumps(document))

Validation
----------
A payload must be a JSON object (strict JSON: no NaN, no repeated property names) whose
properties identify one of the models. Each is checked against its model: required
properties, no unknown properties (a misspelt optional property would otherwise vanish
silently), BPNL ``^BPNL[0-9A-Z]{12}$``, BPNS ``^BPNS[a-zA-Z0-9]{12}$``, UUIDv4 ids
(version 4, RFC variant, optionally ``urn:uuid:``), the enumerations (leadingRootCause,
effect, status, unitOfMeasure, demandCategoryCode), date-times in ISO 8601 *with* a UTC
offset after 1970 (the chain stores unix seconds; the SAMM pattern makes the offset
optional, but without it the instant is unknown), dates YYYY-MM-DD that are Mondays in
weekly series, one entry per week, quantities non-negative, at most
999999999999999999.999 and with at most 3 decimals, free text at most 4000 characters,
unitOfMeasure present exactly when unitOfMeasureIsOmitted is false, array items unique.
Every problem of a payload is collected; :class:`PayloadError` (an ``InputError``)
carries them as :class:`Problem` (JSON path, expectation, found value) and lists them all.

Chain mapping
-------------
Chain-level field names are the Catena-X property names in snake_case.

===========================  =========================================================
Catena-X value               on chain
===========================  =========================================================
UUIDv4 id                    ``bytes16``: the 16 bytes of the UUID
BPNL, BPNS                   ``bytes16``: the 16 ASCII characters
material number              ``bytes32``: keccak256 of its UTF-8 text; the clear text
                             stays off chain, in the sidecar's material mapping.
                             Materials are identified by the *customer's* number
                             (materialNumberCustomer, the key CX-0128 uses)
date-time                    ``uint``: unix seconds, UTC (sub-second digits dropped)
pointInTime (a Monday)       ``uint24`` ISO week ``yyyyww`` (2022-08-01 -> 202231)
quantity                     ``uint96``: thousandths of the unit (1000 -> 1000000);
                             an absent optional quantity is ``ABSENT_QUANTITY``
                             (2**96 - 1)
leadingRootCause             ``uint8`` :class:`RootCause`: strike=0, natural-disaster,
                             production-incident, pandemic-or-epidemic,
                             logistics-disruption, war, insolvency, other=7
effect                       ``uint8`` :class:`Effect`: demand-reduction=0,
                             demand-increase, capacity-reduction, capacity-increase=3
status                       ``uint8`` :class:`NotificationStatus`: open=0, resolved=1
unitOfMeasure                ``uint8``: 1-based position in :data:`UNITS`
                             (unit:piece=1); 0 = omitted (unitOfMeasureIsOmitted)
demandCategoryCode           ``uint8`` :class:`DemandCategory`: 0001=0, A1S1, SR99,
                             PI01, OS01, OI01, ED01, PO01=7
booleans                     ``bool``
the whole payload            ``payload_hash`` ``bytes32``: keccak256 of the canonical
                             JSON (:func:`canonical_json`: sorted keys, no whitespace,
                             UTF-8, plain numbers). This covers long text and
                             everything else that stays off chain.
===========================  =========================================================

What goes on chain, per model (everything else is off chain, restored from the sidecar
document of the payload, else dropped on export):

* :class:`DisruptionSignal`: notification_id, source_disruption_id,
  leading_root_cause, effect, status, start_date_of_effect,
  expected_end_date_of_effect (0 = absent), content_changed_at, affected_sites_sender,
  affected_sites_recipient, related_notification_ids, materials_affected (hashes of
  the customer material numbers), payload_hash. Off chain: text,
  resolvingMeasureDescription, the supplier number and global asset id of each
  material, and materials without a customer number.
* :class:`CapacitySignal`: capacity_group_id, customer, supplier, changed_at,
  unit_of_measure, capacity_group_is_inactive, payload_hash, and per week a
  :class:`CapacityWeek`: site (the group's first supplierLocation; zero if none),
  material (hash of the group's customer material number; a group linking several
  materials hashes their distinct numbers joined by newlines; zero if it links none),
  week, actual_capacity, maximum_capacity, agreed_capacity. The weeks of one group
  share site and material. Off chain: name, further supplierLocations,
  linkedDemandSeries, linkedCapacityGroups, demandVolatilityParameters,
  deltaProductionResult.
* :class:`MaterialDemandSignal`: material_demand_id, customer, supplier, material,
  changed_at, unit_of_measure, material_demand_is_inactive, payload_hash, and per
  weekly demand of every series a :class:`DemandWeek`: customer_location,
  demand_category, week, demand. Off chain: materialDescriptionCustomer,
  materialNumberSupplier, materialGlobalAssetId, expectedSupplierLocation, series
  without demands.

The chain-level dataclasses accept what web3/Brownie return (``HexBytes``, ``0x`` hex
strings, tuples for nested structs) and coerce it, raising ``ChainError`` on sizes.

Round trip
----------
``export_json(to_chain(p), sidecar)`` gives back exactly the JSON of ``p`` (same values,
key order and spelling) when the sidecar remembers ``p``. When the chain has moved on
(another status, new capacities), on-chain values always come from the chain and
off-chain ones from the latest sidecar document of the same id.

Without the sidecar document, every on-chain field still comes back identical, written
in a normal form (UTC ``Z`` times in whole seconds, lowercase UUIDs with the models'
usual ``urn:uuid:`` use, whole numbers without ``.0``), with these exceptions:

* material clear texts need at least the sidecar's material mapping (else ConfigError);
* a capacity group's material hash cannot be written: the JSON carries materials only
  inside linkedDemandSeries, whose customerLocation and demandCategory are off chain;
* the payload hash of the reconstruction differs from the original's (the on-chain hash
  still proves the original);
* required off-chain properties (a capacity group's name, a demand's
  materialDescriptionCustomer) are missing, so a strict export (the default) raises a
  PayloadError naming them; ``strict=False`` returns the rest.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from valuechain.errors import InputError

from . import capacity, demand, notification
from ._codec import (
    ABSENT_QUANTITY,
    QUANTITY_SCALE,
    UNITS,
    DemandCategory,
    Effect,
    NotificationStatus,
    RootCause,
    iso_week,
    material_hash,
    week_monday,
)
from ._json import DuplicatePropertyError, canonical_json, dumps, parse_json, payload_hash
from ._validate import Node, PayloadError, Problem, Reader, show
from .capacity import CapacitySignal, CapacityWeek, WeekBasedCapacityGroup
from .demand import DemandWeek, MaterialDemandSignal, WeekBasedMaterialDemand
from .notification import DemandAndCapacityNotification, DisruptionSignal
from .sidecar import Sidecar

__all__ = [
    "ABSENT_QUANTITY", "QUANTITY_SCALE", "UNITS", "CapacitySignal", "CapacityWeek", "DemandAndCapacityNotification",
    "DemandCategory", "DemandWeek", "DisruptionSignal", "Effect", "MaterialDemandSignal", "NotificationStatus",
    "Payload", "PayloadError", "Problem", "RootCause", "Sidecar", "Signal", "WeekBasedCapacityGroup",
    "WeekBasedMaterialDemand", "canonical_json", "detect_model", "dumps", "export_json", "from_chain",
    "iso_week", "load", "loads", "material_hash", "parse", "payload_hash", "to_chain", "week_monday",
]  # fmt: skip

Payload = DemandAndCapacityNotification | WeekBasedCapacityGroup | WeekBasedMaterialDemand
Signal = DisruptionSignal | CapacitySignal | MaterialDemandSignal

_MODULES: dict[str, Any] = {m.MODEL: m for m in (notification, capacity, demand)}
_SIGNALS: dict[type, Any] = {DisruptionSignal: notification, CapacitySignal: capacity,
                             MaterialDemandSignal: demand}
_PAYLOADS: dict[type, Any] = {DemandAndCapacityNotification: notification, WeekBasedCapacityGroup: capacity,
                              WeekBasedMaterialDemand: demand}
#: properties several models have: they say nothing about which model a payload is
_SHARED = frozenset({"customer", "supplier", "changedAt", "unitOfMeasure", "unitOfMeasureIsOmitted"})
_SIDECAR_HINT = ("Properties kept off chain are restored from the sidecar document of the imported payload "
                 "(valuechain.catenax.Sidecar); without it they cannot be.")


def detect_model(data: Any, source: str = "payload") -> str:
    """The model name of ``data`` judged by its properties (those only one model has)."""
    if not isinstance(data, dict):
        raise PayloadError(source, [Problem("$", "a JSON object (a Catena-X payload)", show(data))])
    scores = {name: len((set(module.REQUIRED + module.OPTIONAL) - _SHARED) & data.keys())
              for name, module in _MODULES.items()}
    best = max(scores.values())
    winners: list[str] = [name for name, score in scores.items() if score == best]
    found = "properties " + ", ".join(sorted(data)) if data else "an empty object"
    if best == 0:
        raise PayloadError(source, [Problem(
            "$", "one of the Catena-X payloads " + ", ".join(_MODULES) + " 3.0.0 (with a property such as "
                 "notificationId, capacityGroupId or materialDemandId)", found)])
    if len(winners) > 1:
        raise PayloadError(source, [Problem(
            "$", "the properties of one model", f"{found}: as many of {' as of '.join(winners)}")])
    return winners[0]


def parse(data: Any, source: str = "payload") -> Payload:
    """Validate parsed JSON (numbers as Decimal, see :func:`loads`) of any of the models."""
    model = detect_model(data, source)
    reader = Reader(f"{source} ({model} 3.0.0)")
    payload = _MODULES[model].parse(Node(data), reader)
    if payload is None:
        raise reader.error()
    return payload  # type: ignore[no-any-return]


def loads(text: str | bytes, source: str = "payload") -> Payload:
    """Parse and validate JSON text (bytes must be UTF-8; a BOM is allowed)."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise PayloadError(source, [Problem("$", "UTF-8 text",
                                                f"an undecodable byte at offset {exc.start}")]) from None
    try:
        data = parse_json(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as exc:
        raise PayloadError(source, [Problem("$", "well-formed JSON",
                                            f"{exc.msg} at line {exc.lineno} column {exc.colno}")]) from None
    except DuplicatePropertyError as exc:
        raise PayloadError(source, [Problem("$", "well-formed JSON with unique property names", str(exc))]) from None
    except ValueError as exc:
        raise PayloadError(source, [Problem("$", "well-formed JSON", str(exc))]) from None
    return parse(data, source)


def load(path: str | os.PathLike[str]) -> Payload:
    """Read, detect and validate the Catena-X payload in the file ``path``."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the file ({exc.strerror})") from exc
    return loads(raw, source=str(path))


def to_chain(payload: Payload) -> Signal:
    """The chain-level values of a validated payload."""
    return _PAYLOADS[type(payload)].to_chain(payload)  # type: ignore[no-any-return]


def _export(signal: Signal, sidecar: Sidecar | None, strict: bool) -> tuple[dict[str, Any], Payload | None]:
    module = _SIGNALS[type(signal)]
    document: dict[str, Any] = module.export(signal, sidecar)
    if not strict:
        return document, None
    reader = Reader(f"export of {module.MODEL} {document[module.ID_KEY]}")
    payload = module.parse(Node(document), reader)
    if payload is None:
        raise reader.error(_SIDECAR_HINT)
    return document, payload


def export_json(signal: Signal, sidecar: Sidecar | None = None, strict: bool = True) -> dict[str, Any]:
    """The Catena-X JSON (a dict; write it with :func:`dumps`) of chain-level values.

    ``strict`` checks the result against its model and raises a PayloadError naming what
    could not be restored; ``strict=False`` returns whatever could be."""
    return _export(signal, sidecar, strict)[0]


def from_chain(signal: Signal, sidecar: Sidecar | None = None) -> Payload:
    """The typed payload of chain-level values (a strict :func:`export_json`, validated)."""
    payload = _export(signal, sidecar, strict=True)[1]
    assert payload is not None
    return payload
