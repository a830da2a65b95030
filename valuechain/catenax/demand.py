"""WeekBasedMaterialDemand (CX-0128, models 3.0.0 and 3.0.1): a weekly material demand.

Chain-level value: :class:`MaterialDemandSignal` with one :class:`DemandWeek` per demand
of every demand series. On chain: materialDemandId, customer, supplier, the material
(keccak256 of materialNumberCustomer), changedAt, unitOfMeasure (with
unitOfMeasureIsOmitted), materialDemandIsInactive, the payload hash, and per week the
series' customerLocation and demandCategory, the week and the demand. Off chain
(sidecar): materialDescriptionCustomer, materialNumberSupplier, materialGlobalAssetId,
expectedSupplierLocation, and demand series without any demand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property
from typing import Any, ClassVar
from uuid import UUID

from valuechain.errors import ConfigError

from ._codec import (
    BPNL_RE,
    BPNS_RE,
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
from ._export import keep_spelling, set_list
from ._json import payload_hash
from ._schema import AspectModel
from ._validate import date_time
from .sidecar import Sidecar

MODEL = "WeekBasedMaterialDemand"
ID_KEY = "materialDemandId"
#: off chain, and describing the material: restored only when the material is unchanged
OFF_CHAIN_MATERIAL = ("materialNumberSupplier", "materialDescriptionCustomer", "materialGlobalAssetId")


@dataclass(frozen=True)
class Demand:
    point_in_time: date
    demand: Decimal


@dataclass(frozen=True)
class DemandSeries:
    customer_location: str
    demand_category: DemandCategory
    demands: tuple[Demand, ...]
    expected_supplier_location: str | None = None


@dataclass(frozen=True)
class WeekBasedMaterialDemand:
    """A validated WeekBasedMaterialDemand."""

    MODEL: ClassVar[str] = MODEL

    material_demand_id: UUID
    customer: str
    supplier: str
    material_number_customer: str
    material_description_customer: str
    changed_at: datetime
    unit_of_measure_is_omitted: bool
    material_demand_is_inactive: bool
    demand_series: tuple[DemandSeries, ...]
    unit_of_measure: str | None = None
    material_number_supplier: str | None = None
    material_global_asset_id: UUID | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    aspect: AspectModel | None = field(default=None, repr=False, compare=False)

    @property
    def ident(self) -> UUID:
        return self.material_demand_id

    @cached_property
    def payload_hash(self) -> bytes:
        return payload_hash(self.raw)

    def material_numbers(self) -> tuple[str, ...]:
        return (self.material_number_customer,)


@dataclass(frozen=True)
class DemandWeek:
    """Chain-level values of one weekly demand: the series' customer_location (bytes16
    BPNS) and demand_category (DemandCategory code), week (ISO yyyyww), demand in
    thousandths of the unit."""

    customer_location: bytes
    demand_category: int
    week: int
    demand: int

    def __post_init__(self) -> None:
        normalize_fields(self, {"customer_location": 16}, None, ("demand_category", "week", "demand"))


@dataclass(frozen=True)
class MaterialDemandSignal:
    """Chain-level values of a material demand (bytes16 id and BPNLs, bytes32 material
    hash, unix seconds, unit code 0 = omitted, the payload hash and the weekly demands
    of all series in document order)."""

    material_demand_id: bytes
    customer: bytes
    supplier: bytes
    material: bytes
    changed_at: int
    unit_of_measure: int
    material_demand_is_inactive: bool
    payload_hash: bytes
    demands: tuple[DemandWeek, ...]

    def __post_init__(self) -> None:
        normalize_fields(self, {"material_demand_id": 16, "customer": 16, "supplier": 16, "material": 32,
                                "payload_hash": 32}, None, ("changed_at", "unit_of_measure"))
        object.__setattr__(self, "material_demand_is_inactive", bool(self.material_demand_is_inactive))
        object.__setattr__(self, "demands", tuple(
            week if isinstance(week, DemandWeek) else DemandWeek(*week) for week in self.demands
        ))


# --- typed payload ---------------------------------------------------------------------------


def _series(s: dict[str, Any]) -> DemandSeries:
    demands = tuple(Demand(date.fromisoformat(w["pointInTime"]), Decimal(w["demand"])) for w in s["demands"])
    return DemandSeries(s["customerLocation"], DemandCategory.from_code(s["demandCategory"]["demandCategoryCode"]),
                        demands, s.get("expectedSupplierLocation"))


def build(d: dict[str, Any], aspect: AspectModel | None = None) -> WeekBasedMaterialDemand:
    """The typed payload of a material demand that passed validation."""
    asset = d.get("materialGlobalAssetId")
    return WeekBasedMaterialDemand(
        material_demand_id=parse_uuid(d["materialDemandId"]),
        customer=d["customer"],
        supplier=d["supplier"],
        material_number_customer=d["materialNumberCustomer"],
        material_description_customer=d["materialDescriptionCustomer"],
        changed_at=date_time(d["changedAt"]),
        unit_of_measure_is_omitted=d["unitOfMeasureIsOmitted"],
        material_demand_is_inactive=d["materialDemandIsInactive"],
        demand_series=tuple(map(_series, d["demandSeries"])),
        unit_of_measure=d.get("unitOfMeasure"),
        material_number_supplier=d.get("materialNumberSupplier"),
        material_global_asset_id=None if asset is None else parse_uuid(asset),
        raw=d,
        aspect=aspect,
    )


# --- chain mapping ------------------------------------------------------------------------


def to_chain(d: WeekBasedMaterialDemand) -> MaterialDemandSignal:
    """The chain-level values of a validated material demand."""
    return MaterialDemandSignal(
        material_demand_id=d.material_demand_id.bytes,
        customer=bpn_to_bytes16(d.customer),
        supplier=bpn_to_bytes16(d.supplier),
        material=material_hash(d.material_number_customer),
        changed_at=unix_seconds(d.changed_at),
        unit_of_measure=unit_to_chain(d.unit_of_measure),
        material_demand_is_inactive=d.material_demand_is_inactive,
        payload_hash=d.payload_hash,
        demands=tuple(
            DemandWeek(
                customer_location=bpn_to_bytes16(s.customer_location),
                demand_category=int(s.demand_category),
                week=iso_week(w.point_in_time),
                demand=quantity_to_chain(w.demand),
            )
            for s in d.demand_series
            for w in s.demands
        ),
    )


def _series_key(series: dict[str, Any]) -> tuple[str, str]:
    return series["customerLocation"], series["demandCategory"]["demandCategoryCode"]


def export(sig: MaterialDemandSignal, sidecar: Sidecar | None) -> dict[str, Any]:
    """The material demand JSON of ``sig``: on-chain fields from the chain, off-chain ones
    (and the original spelling of unchanged values) from the sidecar document if any."""
    demand_id = uuid_from_bytes16(sig.material_demand_id, "materialDemandId")
    doc = sidecar.document(MODEL, sig.payload_hash, demand_id) if sidecar else None
    if doc is not None and material_hash(doc["materialNumberCustomer"]) != sig.material:
        doc_material = None  # the document describes another material: none of its material fields apply
    else:
        doc_material = doc
    number = doc_material["materialNumberCustomer"] if doc_material else (
        sidecar.material_number(sig.material) if sidecar else None)
    if number is None:
        raise ConfigError(
            f"material: material 0x{sig.material.hex()} is not in the local mapping (sidecar); "
            "export where the payload was imported, or copy that sidecar"
        )
    unit = unit_from_chain(sig.unit_of_measure)
    out: dict[str, Any] = {
        "materialDemandId": format_uuid(demand_id, urn=False),
        "customer": bpn_from_bytes16(sig.customer, BPNL_RE, "customer"),
        "supplier": bpn_from_bytes16(sig.supplier, BPNL_RE, "supplier"),
        "materialNumberCustomer": number,
    }
    if doc_material is not None:
        out.update((key, doc_material[key]) for key in OFF_CHAIN_MATERIAL if key in doc_material)
    if unit is not None:
        out["unitOfMeasure"] = unit
    out["unitOfMeasureIsOmitted"] = unit is None
    out["materialDemandIsInactive"] = sig.material_demand_is_inactive
    out["changedAt"] = format_datetime(from_unix(sig.changed_at, "changedAt"))
    set_list(out, "demandSeries", _demand_series(sig.demands, doc), doc)
    return out if doc is None else keep_spelling(out, doc)


def _demand_series(weeks: tuple[DemandWeek, ...], doc: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Weekly demands grouped into series by (customerLocation, demandCategory); the
    document's series come first in its order (keeping expectedSupplierLocation, and
    series with no demands, which never reach the chain), then series new on chain."""
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for i, w in enumerate(weeks):
        key = (bpn_from_bytes16(w.customer_location, BPNS_RE, f"demands[{i}].customerLocation"),
               DemandCategory.from_chain(w.demand_category, f"demands[{i}].demandCategory").code)
        grouped.setdefault(key, []).append({
            "pointInTime": week_monday(w.week, f"demands[{i}].week").isoformat(),
            "demand": quantity_from_chain(w.demand, f"demands[{i}].demand"),
        })
    result = []
    for series in (doc or {}).get("demandSeries", []):
        key = _series_key(series)
        if key in grouped:
            result.append({**series, "demands": grouped.pop(key)})
        elif not series["demands"]:
            result.append(series)
    for (location, code), demands in grouped.items():
        result.append({"customerLocation": location, "demandCategory": {"demandCategoryCode": code},
                       "demands": demands})
    return result
