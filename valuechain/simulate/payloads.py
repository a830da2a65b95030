"""The Catena-X documents of the simulated consortium: WeekBasedMaterialDemand,
WeekBasedCapacityGroup (CX-0128), DemandAndCapacityNotification (CX-0146) and the
CX-0125 quality investigation, built as JSON and validated by ``valuechain.catenax``
exactly as an imported file is. Identifiers are derived from the seed (``ident``), so a
seed gives the same documents, payload hashes and on-chain ids every time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID

from eth_utils import keccak

from valuechain import catenax
from valuechain.catenax import quality_notification as qn
from valuechain.catenax.capacity import WeekBasedCapacityGroup
from valuechain.catenax.demand import WeekBasedMaterialDemand
from valuechain.catenax.notification import DemandAndCapacityNotification
from valuechain.contract_types import NoticeKind, NoticeSeverity

from .model import Oem, Supplier, World


def ident(world: World, *parts: object) -> UUID:
    """A UUID (version 4 layout) derived from the seed and ``parts``."""
    raw = keccak(text="/".join(map(str, ("valuechain-simulate", world.params.seed, *parts))))[:16]
    return UUID(bytes=raw, version=4)


def _stamp(day: date, hour: int = 6) -> str:
    return datetime.combine(day, time(hour), UTC).isoformat().replace("+00:00", "Z")


def material_demand(world: World, oem: Oem, s: Supplier, week: int, monday: date, demand_week: int,
                    demand_monday: date) -> WeekBasedMaterialDemand:
    """The OEM's demand of ``s``'s material for ``demand_week`` (sent in ``week``)."""
    doc = {
        "materialDemandId": str(ident(world, "demand", s.index, demand_week)),
        "customer": oem.bpnl, "supplier": s.bpnl,
        "materialNumberCustomer": s.material, "materialDescriptionCustomer": f"Part {s.material}",
        "changedAt": _stamp(monday), "unitOfMeasure": "unit:piece", "unitOfMeasureIsOmitted": False,
        "materialDemandIsInactive": False,
        "demandSeries": [{
            "customerLocation": oem.site, "expectedSupplierLocation": s.site,
            "demandCategory": {"demandCategoryCode": "0001"},
            "demands": [{"pointInTime": demand_monday.isoformat(), "demand": world.demand[(s.index, demand_week)]}],
        }],
    }
    payload = catenax.parse(doc, f"simulated demand {s.material} week {demand_week}")
    assert isinstance(payload, WeekBasedMaterialDemand)
    return payload


def capacity_group(world: World, oem: Oem, s: Supplier, week: int, monday: date) -> WeekBasedCapacityGroup:
    """``s``'s capacity of ``week`` as its OEM signals it (actual, maximum, agreed)."""
    doc = {
        "capacityGroupId": str(ident(world, "capacity-group", s.index)),
        "name": f"{s.material} at {s.site}", "customer": oem.bpnl, "supplier": s.bpnl,
        "supplierLocations": [s.site], "unitOfMeasure": "unit:piece", "unitOfMeasureIsOmitted": False,
        "capacityGroupIsInactive": False, "changedAt": _stamp(monday),
        "linkedDemandSeries": [{"materialNumberCustomer": s.material, "customerLocation": oem.site,
                                "demandCategory": {"demandCategoryCode": "0001"}}],
        "capacities": [{"pointInTime": monday.isoformat(), "actualCapacity": world.actual_capacity(s.index, week),
                        "maximumCapacity": round(s.capacity * 1.2), "agreedCapacity": s.capacity}],
    }
    payload = catenax.parse(doc, f"simulated capacity {s.material} week {week}")
    assert isinstance(payload, WeekBasedCapacityGroup)
    return payload


def current_demand(world: World, oem: Oem, s: Supplier, week: int, monday: date) -> WeekBasedMaterialDemand:
    """The demand of ``week`` itself (what the capacity signal compares against)."""
    return material_demand(world, oem, s, week, monday, week, monday)


def downtime(world: World, oem: Oem, s: Supplier, monday: date, resolved: bool = False) -> DemandAndCapacityNotification:
    """The machine downtime at ``s`` (CX-0146): open, or its resolution."""
    doc = {
        "notificationId": f"urn:uuid:{ident(world, 'downtime')}",
        "sourceDisruptionId": f"urn:uuid:{ident(world, 'downtime-source')}",
        "contentChangedAt": _stamp(monday + timedelta(days=7 if resolved else 0)),
        "startDateOfEffect": _stamp(monday), "expectedEndDateOfEffect": _stamp(monday + timedelta(days=6), 18),
        "affectedSitesSender": [oem.site], "affectedSitesRecipient": [s.site],
        "materialsAffected": [{"materialNumberCustomer": s.material}],
        "relatedNotificationIds": [], "leadingRootCause": "production-incident", "effect": "capacity-reduction",
        "text": f"Press line down at {s.site}: hydraulic failure; capacity reduced by 45 % this week.",
        "status": "resolved" if resolved else "open",
    }
    payload = catenax.parse(doc, "simulated machine downtime")
    assert isinstance(payload, DemandAndCapacityNotification)
    return payload


def investigation(world: World, oem: Oem, s: Supplier, order_id: int, monday: date) -> qn.QualityNotification:
    """The OEM's CX-0125 investigation of ``s``'s parts of order ``order_id``."""
    items = [f"urn:uuid:{ident(world, 'part', order_id, i)}" for i in range(5)] + [f"BATCH-{s.material}-{order_id}"]
    return qn.new(NoticeKind.INVESTIGATION, oem.bpnl, s.bpnl, NoticeSeverity.MAJOR, items,
                  information=f"{s.material}: final assessment of order #{order_id} below the threshold",
                  target_date=datetime.combine(monday + timedelta(days=7), time(12), UTC),
                  sent=datetime.combine(monday, time(9), UTC), notification_id=ident(world, "investigation", s.index))
