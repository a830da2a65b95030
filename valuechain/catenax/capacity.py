"""WeekBasedCapacityGroup (CX-0128, models 3.0.0 and 3.0.1): a weekly capacity signal.

Chain-level value: :class:`CapacitySignal` with one :class:`CapacityWeek` per entry of
``capacities``. On chain: capacityGroupId, customer, supplier, changedAt, unitOfMeasure
(with unitOfMeasureIsOmitted), capacityGroupIsInactive, the payload hash, and per week
the site (the group's first supplierLocation), the group's material (keccak256 of its
customer material number), the week, actualCapacity, maximumCapacity and agreedCapacity.
Off chain (sidecar): name, further supplierLocations, linkedDemandSeries (beyond the
material hash), linkedCapacityGroups, demandVolatilityParameters, deltaProductionResult.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property
from typing import Any, ClassVar
from uuid import UUID

from valuechain.errors import ChainError

from ._codec import (
    BPNL_RE,
    BPNS_RE,
    ZERO16,
    ZERO32,
    DemandCategory,
    bpn_from_bytes16,
    bpn_to_bytes16,
    format_datetime,
    format_uuid,
    from_unix,
    iso_week,
    material_hash,
    normalize_fields,
    parse_uuid,
    quantity_from_chain,
    quantity_to_chain,
    unit_from_chain,
    unit_to_chain,
    unix_seconds,
    uuid_from_bytes16,
    week_monday,
)
from ._export import copy_off_chain, keep_spelling, set_list
from ._json import payload_hash
from ._schema import AspectModel
from ._validate import date_time
from .sidecar import Sidecar

MODEL = "WeekBasedCapacityGroup"
ID_KEY = "capacityGroupId"
OFF_CHAIN = ("name", "linkedCapacityGroups", "demandVolatilityParameters")


@dataclass(frozen=True)
class LinkedDemandSeries:
    material_number_customer: str
    customer_location: str
    demand_category: DemandCategory
    material_number_supplier: str | None = None
    load_factor: Decimal | None = None


@dataclass(frozen=True)
class Capacity:
    """One week of the capacity time series (pointInTime is its Monday)."""

    point_in_time: date
    actual_capacity: Decimal
    maximum_capacity: Decimal
    agreed_capacity: Decimal | None = None
    delta_production_result: Decimal | None = None


@dataclass(frozen=True)
class RollingHorizonAlertThreshold:
    sequence_number: int
    subhorizon_length: int
    relative_positive_deviation: Decimal | None = None
    relative_negative_deviation: Decimal | None = None
    absolute_positive_deviation: Decimal | None = None
    absolute_negative_deviation: Decimal | None = None


@dataclass(frozen=True)
class DemandVolatilityParameters:
    start_reference_date_time: datetime
    measurement_interval: int
    rolling_horizon_alert_thresholds: tuple[RollingHorizonAlertThreshold, ...] = ()


@dataclass(frozen=True)
class WeekBasedCapacityGroup:
    """A validated WeekBasedCapacityGroup (absent lists are empty tuples)."""

    MODEL: ClassVar[str] = MODEL

    capacity_group_id: UUID
    name: str
    customer: str
    supplier: str
    changed_at: datetime
    unit_of_measure_is_omitted: bool
    capacity_group_is_inactive: bool
    unit_of_measure: str | None = None
    supplier_locations: tuple[str, ...] = ()
    linked_demand_series: tuple[LinkedDemandSeries, ...] = ()
    linked_capacity_groups: tuple[UUID, ...] = ()
    capacities: tuple[Capacity, ...] = ()
    demand_volatility_parameters: DemandVolatilityParameters | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    aspect: AspectModel | None = field(default=None, repr=False, compare=False)

    @property
    def ident(self) -> UUID:
        return self.capacity_group_id

    @cached_property
    def payload_hash(self) -> bytes:
        return payload_hash(self.raw)

    @property
    def material_key(self) -> str | None:
        """The clear text hashed into the on-chain material: see :func:`group_material_key`."""
        return group_material_key(s.material_number_customer for s in self.linked_demand_series)

    def material_numbers(self) -> tuple[str, ...]:
        key = self.material_key
        return () if key is None else (key,)


def group_material_key(numbers: Iterable[str]) -> str | None:
    """The material of a capacity group: its one customer material number, or for a group
    of several materials their distinct numbers joined by newlines (first-seen order),
    or None (on chain: bytes32 zero) when it links no demand series."""
    distinct = list(dict.fromkeys(numbers))
    return "\n".join(distinct) if distinct else None


@dataclass(frozen=True)
class CapacityWeek:
    """Chain-level values of one week: site (bytes16 BPNS, zero if the group names none),
    material (bytes32), week (ISO yyyyww), capacities in thousandths of the unit
    (``agreed_capacity`` = ABSENT_QUANTITY when absent)."""

    site: bytes
    material: bytes
    week: int
    actual_capacity: int
    maximum_capacity: int
    agreed_capacity: int

    def __post_init__(self) -> None:
        normalize_fields(self, {"site": 16, "material": 32}, None,
                         ("week", "actual_capacity", "maximum_capacity", "agreed_capacity"))


@dataclass(frozen=True)
class CapacitySignal:
    """Chain-level values of a capacity group (bytes16 id and BPNLs, unix seconds, unit
    code 0 = omitted, the payload hash and the weeks)."""

    capacity_group_id: bytes
    customer: bytes
    supplier: bytes
    changed_at: int
    unit_of_measure: int
    capacity_group_is_inactive: bool
    payload_hash: bytes
    capacities: tuple[CapacityWeek, ...]

    def __post_init__(self) -> None:
        normalize_fields(self, {"capacity_group_id": 16, "customer": 16, "supplier": 16, "payload_hash": 32},
                         None, ("changed_at", "unit_of_measure"))
        object.__setattr__(self, "capacity_group_is_inactive", bool(self.capacity_group_is_inactive))
        object.__setattr__(self, "capacities", tuple(
            week if isinstance(week, CapacityWeek) else CapacityWeek(*week) for week in self.capacities
        ))


# --- typed payload ---------------------------------------------------------------------------


def _number(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value)


def _linked_series(s: dict[str, Any]) -> LinkedDemandSeries:
    return LinkedDemandSeries(s["materialNumberCustomer"], s["customerLocation"],
                              DemandCategory.from_code(s["demandCategory"]["demandCategoryCode"]),
                              s.get("materialNumberSupplier"), _number(s.get("loadFactor")))


def _capacity(c: dict[str, Any]) -> Capacity:
    return Capacity(date.fromisoformat(c["pointInTime"]), Decimal(c["actualCapacity"]), Decimal(c["maximumCapacity"]),
                    _number(c.get("agreedCapacity")), _number(c.get("deltaProductionResult")))


def _threshold(t: dict[str, Any]) -> RollingHorizonAlertThreshold:
    return RollingHorizonAlertThreshold(
        int(t["sequenceNumber"]), int(t["subhorizonLength"]), _number(t.get("relativePositiveDeviation")),
        _number(t.get("relativeNegativeDeviation")), _number(t.get("absolutePositiveDeviation")),
        _number(t.get("absoluteNegativeDeviation")))


def _volatility(v: dict[str, Any] | None) -> DemandVolatilityParameters | None:
    if v is None:
        return None
    return DemandVolatilityParameters(date_time(v["startReferenceDateTime"]), int(v["measurementInterval"]),
                                      tuple(map(_threshold, v.get("rollingHorizonAlertThresholds", ()))))


def build(d: dict[str, Any], aspect: AspectModel | None = None) -> WeekBasedCapacityGroup:
    """The typed payload of a capacity group that passed validation."""
    return WeekBasedCapacityGroup(
        capacity_group_id=parse_uuid(d["capacityGroupId"]),
        name=d["name"],
        customer=d["customer"],
        supplier=d["supplier"],
        changed_at=date_time(d["changedAt"]),
        unit_of_measure_is_omitted=d["unitOfMeasureIsOmitted"],
        capacity_group_is_inactive=d["capacityGroupIsInactive"],
        unit_of_measure=d.get("unitOfMeasure"),
        supplier_locations=tuple(d.get("supplierLocations", ())),
        linked_demand_series=tuple(map(_linked_series, d.get("linkedDemandSeries", ()))),
        linked_capacity_groups=tuple(map(parse_uuid, d.get("linkedCapacityGroups", ()))),
        capacities=tuple(map(_capacity, d.get("capacities", ()))),
        demand_volatility_parameters=_volatility(d.get("demandVolatilityParameters")),
        raw=d,
        aspect=aspect,
    )


# --- chain mapping ------------------------------------------------------------------------


def to_chain(g: WeekBasedCapacityGroup) -> CapacitySignal:
    """The chain-level values of a validated capacity group."""
    site = bpn_to_bytes16(g.supplier_locations[0]) if g.supplier_locations else ZERO16
    key = g.material_key
    material = ZERO32 if key is None else material_hash(key)
    return CapacitySignal(
        capacity_group_id=g.capacity_group_id.bytes,
        customer=bpn_to_bytes16(g.customer),
        supplier=bpn_to_bytes16(g.supplier),
        changed_at=unix_seconds(g.changed_at),
        unit_of_measure=unit_to_chain(g.unit_of_measure),
        capacity_group_is_inactive=g.capacity_group_is_inactive,
        payload_hash=g.payload_hash,
        capacities=tuple(
            CapacityWeek(
                site=site,
                material=material,
                week=iso_week(c.point_in_time),
                actual_capacity=quantity_to_chain(c.actual_capacity),
                maximum_capacity=quantity_to_chain(c.maximum_capacity),
                agreed_capacity=quantity_to_chain(c.agreed_capacity),
            )
            for c in g.capacities
        ),
    )


def _doc_material(doc: dict[str, Any]) -> bytes:
    key = group_material_key(s["materialNumberCustomer"] for s in doc.get("linkedDemandSeries", []))
    return ZERO32 if key is None else material_hash(key)


def export(sig: CapacitySignal, sidecar: Sidecar | None) -> dict[str, Any]:
    """The capacity group JSON of ``sig``: on-chain fields from the chain, off-chain ones
    (and the original spelling of unchanged values) from the sidecar document if any."""
    group_id = uuid_from_bytes16(sig.capacity_group_id, "capacityGroupId")
    doc = sidecar.document(MODEL, sig.payload_hash, group_id) if sidecar else None
    unit = unit_from_chain(sig.unit_of_measure)
    out: dict[str, Any] = {"capacityGroupId": format_uuid(group_id, urn=False)}
    copy_off_chain(out, doc, OFF_CHAIN)
    out["customer"] = bpn_from_bytes16(sig.customer, BPNL_RE, "customer")
    out["supplier"] = bpn_from_bytes16(sig.supplier, BPNL_RE, "supplier")
    if unit is not None:
        out["unitOfMeasure"] = unit
    out["unitOfMeasureIsOmitted"] = unit is None
    out["capacityGroupIsInactive"] = sig.capacity_group_is_inactive
    out["changedAt"] = format_datetime(from_unix(sig.changed_at, "changedAt"))

    weeks = sig.capacities
    if len({(w.site, w.material) for w in weeks}) > 1:
        raise ChainError("capacities: the weeks of one capacity group must share site and material")
    if not weeks:  # the chain says nothing about sites and materials: keep the document's
        copy_off_chain(out, doc, ("supplierLocations", "linkedDemandSeries"))
    else:
        site, material = weeks[0].site, weeks[0].material
        locations = []
        if site != ZERO16:
            first = bpn_from_bytes16(site, BPNS_RE, "capacities[0].site")
            locations = [first] + [s for s in (doc or {}).get("supplierLocations", []) if s != first]
        set_list(out, "supplierLocations", locations, doc)
        if doc is not None and _doc_material(doc) == material:
            copy_off_chain(out, doc, ("linkedDemandSeries",))

    delta = {entry["pointInTime"]: entry["deltaProductionResult"]
             for entry in (doc or {}).get("capacities", []) if "deltaProductionResult" in entry}
    capacities = []
    for i, w in enumerate(weeks):
        monday = week_monday(w.week, f"capacities[{i}].week").isoformat()
        entry: dict[str, Any] = {"pointInTime": monday}
        agreed = quantity_from_chain(w.agreed_capacity, f"capacities[{i}].agreedCapacity", optional=True)
        if agreed is not None:
            entry["agreedCapacity"] = agreed
        entry["actualCapacity"] = quantity_from_chain(w.actual_capacity, f"capacities[{i}].actualCapacity")
        entry["maximumCapacity"] = quantity_from_chain(w.maximum_capacity, f"capacities[{i}].maximumCapacity")
        if monday in delta:
            entry["deltaProductionResult"] = delta[monday]
        capacities.append(entry)
    set_list(out, "capacities", capacities, doc)
    return out if doc is None else keep_spelling(out, doc)
