"""Catena-X payloads in and out of the chain: validation, chain mapping, export.

Three aspect models (examples in ``shared/fixtures/catenax/``):

==========================================  ===============================  ==================
model (versions)                            typed payload                    chain-level value
==========================================  ===============================  ==================
DemandAndCapacityNotification (CX-0146)     DemandAndCapacityNotification    DisruptionSignal
3.0.0
WeekBasedCapacityGroup (CX-0128) 3.0.0,     WeekBasedCapacityGroup           CapacitySignal
3.0.1
WeekBasedMaterialDemand (CX-0128) 3.0.0,    WeekBasedMaterialDemand          MaterialDemandSignal
3.0.1
==========================================  ===============================  ==================

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
properties identify one of the models (or whose model the caller names with
``semantic_id``: the aspect model URN its sender gave, or just a version such as
``3.0.1``). It is validated with ``jsonschema`` against the official SAMM-generated
JSON schema of each supported version of its model (``_schema``; the files are in
``schemas/``, CC-BY-4.0, see ``schemas/NOTICE.md``) and accepted by the newest version
whose schema it passes (``payload.aspect``); a named version is the only one tried. The
schemas give the structure, types, enumerations, BPN and UUID patterns and ranges;
``_validate`` adds what they do not state (UUIDv4, upper-case BPNL, date-times with a
UTC offset after 1970, Mondays, three decimals, unique keys of sets, the unit rule, no
unknown properties: see its table). Every problem of a payload is collected;
:class:`PayloadError` (an ``InputError``) carries them as :class:`Problem` (JSON path,
expectation, found value) and lists them all.

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
import logging
import os
from pathlib import Path
from typing import Any, overload

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
from ._problem import PayloadError, Problem, show
from ._schema import AspectModel, aspect_models, by_urn
from .capacity import CapacitySignal, CapacityWeek, WeekBasedCapacityGroup
from .demand import DemandWeek, MaterialDemandSignal, WeekBasedMaterialDemand
from .notification import DemandAndCapacityNotification, DisruptionSignal
from .sidecar import Sidecar

__all__ = [
    "ABSENT_QUANTITY", "QUANTITY_SCALE", "UNITS", "AspectModel", "CapacitySignal", "CapacityWeek",
    "DemandAndCapacityNotification", "DemandCategory", "DemandWeek", "DisruptionSignal", "Effect",
    "MaterialDemandSignal", "NotificationStatus", "Payload", "PayloadError", "Problem", "RootCause", "Sidecar",
    "Signal", "UnknownAspectModel", "WeekBasedCapacityGroup", "WeekBasedMaterialDemand", "aspect_model",
    "aspect_models", "canonical_json", "detect_model", "dumps", "export_json", "from_chain", "iso_week", "load",
    "loads", "material_hash", "parse", "payload_hash", "to_chain", "week_monday",
]  # fmt: skip

log = logging.getLogger(__name__)

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


class UnknownAspectModel(InputError):
    """A semantic id (aspect model URN or version) names no model version valuechain has
    the schema of; ``given`` is it, ``expected`` lists the supported ones."""

    FIELDS = (*InputError.FIELDS, "given")

    def __init__(self, given: str, expected: tuple[str, ...]) -> None:
        self.given = given
        super().__init__(f"semantic id {given!r}: not a supported aspect model; expected one of {', '.join(expected)}",
                         what="semantic id", expected=expected, found=given)


def aspect_model(name: str, version: str | None = None) -> AspectModel:
    """The model ``name`` in ``version`` (default: the newest supported)."""
    versions = aspect_models()[name]
    found = [m for m in versions if version in (None, m.version)]
    if not found:
        raise UnknownAspectModel(str(version), tuple(m.version for m in versions))
    return found[-1]


def detect_model(data: Any, source: str = "payload") -> str:
    """The model name of ``data`` judged by its properties (those only one model has)."""
    if not isinstance(data, dict):
        raise PayloadError(source, [Problem("$", "a JSON object (a Catena-X payload)", show(data))])
    names = {name: set(versions[-1].properties) for name, versions in aspect_models().items()}
    scores = {name: len((properties - _SHARED) & data.keys()) for name, properties in names.items()}
    best = max(scores.values())
    winners: list[str] = [name for name, score in scores.items() if score == best]
    found = "properties " + ", ".join(sorted(data)) if data else "an empty object"
    if best == 0:
        supported = ", ".join(f"{name} {'/'.join(m.version for m in aspect_models()[name])}" for name in names)
        raise PayloadError(source, [Problem(
            "$", f"one of the Catena-X payloads {supported} (with a property such as notificationId, "
                 "capacityGroupId or materialDemandId)", found)])
    if len(winners) > 1:
        raise PayloadError(source, [Problem(
            "$", "the properties of one model", f"{found}: as many of {' as of '.join(winners)}")])
    return winners[0]


def _candidates(data: Any, source: str, semantic_id: str | None) -> tuple[AspectModel, ...]:
    """The model versions to try, the preferred first."""
    if semantic_id is not None and semantic_id.startswith("urn:"):
        model = by_urn(semantic_id)
        if model is None or model.name not in _MODULES:
            raise UnknownAspectModel(semantic_id, tuple(m.urn for ms in aspect_models().values() for m in ms))
        return (model,)
    versions = aspect_models()[detect_model(data, source)]
    if semantic_id is None:
        return tuple(reversed(versions))
    chosen = tuple(m for m in versions if m.version == semantic_id)
    if not chosen:
        raise UnknownAspectModel(semantic_id, tuple(m.version for m in versions))
    return chosen


def _validated(data: Any, source: str, candidates: tuple[AspectModel, ...], hint: str = "") -> Payload:
    """The payload of the first model version ``data`` passes; else a PayloadError with
    the problems against the first (preferred) one."""
    first: tuple[AspectModel, list[Problem]] | None = None
    for model in candidates:
        problems = model.problems(data)
        if not problems:
            log.debug("%s: a valid %s", source, model)
            return _MODULES[model.name].build(data, model)
        first = first or (model, problems)
    assert first is not None
    raise PayloadError(f"{source} ({first[0]})", first[1], hint)


def parse(data: Any, source: str = "payload", semantic_id: str | None = None) -> Payload:
    """Validate parsed JSON (numbers as Decimal, see :func:`loads`) of any of the models;
    ``semantic_id`` (an aspect model URN or a version) names the model version it is."""
    return _validated(data, source, _candidates(data, source, semantic_id))


def loads(text: str | bytes, source: str = "payload", semantic_id: str | None = None) -> Payload:
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
    return parse(data, source, semantic_id)


def load(path: str | os.PathLike[str], semantic_id: str | None = None) -> Payload:
    """Read, detect and validate the Catena-X payload in the file ``path``."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the file ({exc.strerror})") from exc
    return loads(raw, source=str(path), semantic_id=semantic_id)


@overload
def to_chain(payload: DemandAndCapacityNotification) -> DisruptionSignal: ...
@overload
def to_chain(payload: WeekBasedCapacityGroup) -> CapacitySignal: ...
@overload
def to_chain(payload: WeekBasedMaterialDemand) -> MaterialDemandSignal: ...
def to_chain(payload: Payload) -> Signal:
    """The chain-level values of a validated payload."""
    return _PAYLOADS[type(payload)].to_chain(payload)


def _export(signal: Signal, sidecar: Sidecar | None, strict: bool) -> tuple[dict[str, Any], Payload | None]:
    module = _SIGNALS[type(signal)]
    document: dict[str, Any] = module.export(signal, sidecar)
    if not strict:
        return document, None
    source = f"export of {module.MODEL} {document[module.ID_KEY]}"
    return document, _validated(document, source, tuple(reversed(aspect_models()[module.MODEL])), _SIDECAR_HINT)


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
