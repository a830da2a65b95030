"""A small, exactly known stretch of business for the report's charts: one OEM and three
suppliers over six weeks on Anvil, played through the package (valuechain.orders,
valuechain.signals with Catena-X capacity and demand imports), as the demo does.

The plan (``play_quarter``; weeks start on a Monday, 08:00 UTC, chain time travels):

- every week the OEM orders 100 units from each supplier, due on Friday, minimum score
  9,500 bp; each supplier confirms, produces, assesses (final) and ships that day;
- quality (weekly scores in ``SCORES``): A steady, C steady, B drifting downwards until it
  falls below the threshold in week 5: the OEM moves 40 units to C (a reallocated order,
  assessed 9,700) and accepts the rest as a deviation;
- capacity: in week 0 the OEM posts six weeks of capacity (330 a week, at most 400)
  and demand (300 a week) for the material; in week 3 a machine downtime cuts that
  week's actual capacity to 200 (a new signal replacing the planned one): the only
  shortfall, 100 units;
- deliveries: everything is received on the Monday it shipped, in full, except A's week-2
  order (received on Saturday: late) and C's week-3 order (90 of 100: short);
- week 1: the OEM places an extra order with C and cancels it;
- the orders of weeks 0 to 4 are closed; week 5's stay delivered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from eth_utils import keccak
from web3 import Web3

from tests.support.events import OEM, SUPPLIER_A, SUPPLIER_B, SUPPLIER_C, deploy_full_suite
from tests.support.registry import accept_operators
from valuechain import catenax, members, orders, signals
from valuechain.identity import Role
from valuechain.manifest import Manifest
from valuechain.members import Admission
from valuechain.tx import Sender

WEEKS = 6
QUANTITY = 100
MIN_SCORE = 9_500
SCORES = {
    SUPPLIER_A: [9_700, 9_750, 9_700, 9_800, 9_750, 9_800],
    SUPPLIER_B: [9_900, 9_800, 9_700, 9_600, 9_550, 9_300],  # drifting: below the threshold in week 5
    SUPPLIER_C: [9_600, 9_600, 9_650, 9_600, 9_650, 9_650],
}
DRIFTING = SUPPLIER_B
REALLOCATED = 40  # week 5: B -> C
CHILD_SCORE = 9_700
LATE = (SUPPLIER_A, 2)  # received on Saturday
SHORT = (SUPPLIER_C, 3, 90)  # received 90 of 100
DEMAND, CAPACITY, MAXIMUM, DOWNTIME_CAPACITY, DOWNTIME_WEEK = 300, 330, 400, 200, 3
MATERIAL = "MNR-7307-AU340474.002"
SITE = "BPNS0000000000S1"
HOUR = 3_600


@dataclass
class Quarter:
    """What ``play_quarter`` left: the manifest, the weeks' Mondays and the order ids."""

    manifest: Manifest
    mondays: list[date] = field(default_factory=list)
    orders: dict[tuple[str, int], int] = field(default_factory=dict)  # (supplier, week) -> order id
    child: int = 0
    cancelled: int = 0


def _move_to(w3: Web3, moment: datetime) -> None:
    now = w3.eth.get_block("latest")["timestamp"]
    target = int(moment.timestamp())
    if target > now:
        w3.provider.make_request("evm_increaseTime", [target - now])  # type: ignore[arg-type]
        w3.provider.make_request("evm_mine", [])  # type: ignore[arg-type]


def _capacity_group(weeks: list[tuple[date, int]]) -> Any:
    return catenax.parse({
        "unitOfMeasure": "unit:piece", "unitOfMeasureIsOmitted": False, "capacityGroupIsInactive": False,
        "supplier": SUPPLIER_A, "customer": OEM, "name": "body panels, press line 2", "supplierLocations": [SITE],
        "linkedDemandSeries": [{"materialNumberCustomer": MATERIAL, "customerLocation": SITE,
                                "demandCategory": {"demandCategoryCode": "0001"}}],
        "capacities": [{"pointInTime": monday.isoformat(), "actualCapacity": actual, "maximumCapacity": MAXIMUM}
                       for monday, actual in weeks],
        "changedAt": "2026-11-30T08:00:00.000Z", "capacityGroupId": "0157ba42-d2a8-4e28-8565-7b07830c1110",
    })


def _demand(mondays: list[date]) -> Any:
    return catenax.parse({
        "unitOfMeasure": "unit:piece", "unitOfMeasureIsOmitted": False, "materialDemandIsInactive": False,
        "materialDescriptionCustomer": "body panel", "materialNumberCustomer": MATERIAL,
        "materialDemandId": "0157ba42-d2a8-4e28-8565-7b07830c1111", "supplier": SUPPLIER_A, "customer": OEM,
        "changedAt": "2026-11-30T08:00:00.000Z",
        "demandSeries": [{"customerLocation": SITE, "expectedSupplierLocation": SITE,
                          "demandCategory": {"demandCategoryCode": "0001"},
                          "demands": [{"pointInTime": monday.isoformat(), "demand": DEMAND} for monday in mondays]}],
    })


def play_quarter(w3: Web3, accounts: list[str], directory: Any) -> Quarter:
    """Deploy the suite (manifest in ``directory``) and play the plan of the module doc."""
    manifest = deploy_full_suite(w3, accounts, directory)
    onboarder = Sender(w3, accounts[1])
    oem, *suppliers = (Sender(w3, accounts[i]) for i in (2, 3, 4, 5))
    senders = dict(zip((SUPPLIER_A, SUPPLIER_B, SUPPLIER_C), suppliers, strict=True))
    registry, o, sig = (manifest.contract(w3, n) for n in ("ConsortiumRegistry", "SupplyOrders", "SupplySignals"))
    admitted = [Admission(OEM, Role.OEM, oem.address, keccak(text="oem"))] + [
        Admission(bpnl, Role.SUPPLIER, s.address, keccak(text=bpnl)) for bpnl, s in senders.items()]
    members.admit_batch(onboarder, registry, admitted)
    accept_operators(registry, admitted)

    today = datetime.fromtimestamp(w3.eth.get_block("latest")["timestamp"], tz=UTC).date()
    first = today + timedelta(days=7 - today.weekday())  # next Monday
    quarter = Quarter(manifest, [first + timedelta(weeks=w) for w in range(WEEKS)])
    part = orders.part_number(MATERIAL)
    everyone = list(senders)
    for week, monday in enumerate(quarter.mondays):
        _move_to(w3, datetime.combine(monday, datetime.min.time(), UTC) + timedelta(hours=8))
        due = monday + timedelta(days=4)
        if week == 0:
            plan = _capacity_group([(m, CAPACITY) for m in quarter.mondays])
            signals.post_capacity(oem, sig, plan, everyone, _demand(quarter.mondays))
        if week == DOWNTIME_WEEK:
            cut = _capacity_group([(monday, DOWNTIME_CAPACITY)])
            signals.post_capacity(oem, sig, cut, everyone, _demand([monday]))
        if week == 1:
            quarter.cancelled = orders.place(oem, o, SUPPLIER_C, part, 50, due, MIN_SCORE)
            orders.cancel(oem, o, quarter.cancelled)
        shipped: list[tuple[str, int, int]] = []  # supplier, order, quantity
        for supplier, s in senders.items():
            order = quarter.orders[(supplier, week)] = orders.place(oem, o, supplier, part, QUANTITY, due, MIN_SCORE)
            orders.confirm(s, o, order)
            orders.start_production(s, o, order)
            score = SCORES[supplier][week]
            orders.assess(s, o, order, score, 100, (10_000 - score) // 100, True)
            quantity = QUANTITY
            if score < MIN_SCORE:  # quality hold: part of the volume moves to C, the rest is accepted
                quarter.child = orders.reallocate(oem, o, order, SUPPLIER_C, REALLOCATED, due)
                orders.accept_deviation(oem, o, order)
                quantity -= REALLOCATED
            orders.ship(s, o, order, quantity)
            shipped.append((supplier, order, quantity))
        if quarter.child and week == WEEKS - 1:
            c = senders[SUPPLIER_C]
            orders.confirm(c, o, quarter.child)
            orders.start_production(c, o, quarter.child)
            orders.assess(c, o, quarter.child, CHILD_SCORE, 100, 3, True)
            orders.ship(c, o, quarter.child, REALLOCATED)
            shipped.append((SUPPLIER_C, quarter.child, REALLOCATED))
        late = [item for item in shipped if (item[0], week) == LATE[:2]]
        for supplier, order, quantity in [item for item in shipped if item not in late]:
            received = SHORT[2] if (supplier, week) == SHORT[:2] else quantity
            orders.receive(oem, o, order, received)
        if late:
            _move_to(w3, datetime.combine(monday + timedelta(days=5), datetime.min.time(), UTC) + timedelta(hours=9))
            for _, order, quantity in late:
                orders.receive(oem, o, order, quantity)
        if week < WEEKS - 1:
            for _, order, _ in shipped:
                orders.close(oem, o, order)
    return quarter
