"""The simulation's seeded model (valuechain.simulate.model) and its Catena-X documents."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from valuechain import catenax
from valuechain.errors import InputError
from valuechain.simulate import payloads
from valuechain.simulate.model import LEAD_WEEKS, THRESHOLD_BP, Params, model

QUARTER = Params(suppliers=12, oems=2, weeks=13, seed=7)


def slope(xs: list[int], ys: list[int]) -> float:
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def test_a_seed_gives_the_same_world_and_another_seed_another():
    assert model(QUARTER) == model(Params(12, 2, 13, 7))
    other = model(Params(12, 2, 13, 8))
    assert other.suppliers != model(QUARTER).suppliers
    assert other.orders != model(QUARTER).orders


def test_the_drifting_supplier_gets_worse_and_crosses_the_threshold():
    world = model(QUARTER)
    weeks = list(range(QUARTER.weeks))
    finals = [world.orders[(world.drifting, w)].final_bp for w in weeks]
    assert slope(weeks, finals) < -30  # basis points per week
    assert finals[0] > THRESHOLD_BP > finals[-1]
    steady = [s.index for s in world.suppliers if s.index != world.drifting]
    assert all(world.suppliers[i].drift_bp == 0 for i in steady)
    assert all(abs(slope(weeks, [world.orders[(i, w)].final_bp for w in weeks])) < 25 for i in steady)


def test_the_downtime_week_exists_and_capacity_falls_below_demand():
    world = model(QUARTER)
    d, s = world.downtime_week, world.downtime_supplier
    assert 0 < d < QUARTER.weeks and s != world.drifting
    assert world.actual_capacity(s, d) < world.demand[(s, d)]
    shortfalls = [(i, w) for i in range(QUARTER.suppliers) for w in range(QUARTER.weeks)
                  if world.actual_capacity(i, w) < world.demand[(i, w)]]
    assert (s, d) in shortfalls
    assert world.incident_week != d and world.incident_supplier not in (s, world.drifting)


def test_every_oem_has_two_suppliers_and_orders_are_sized_from_demand():
    world = model(QUARTER)
    assert all(len(group) >= 2 for group in world.by_oem.values())
    for (i, w), plan in world.orders.items():
        assert plan.quantity == world.demand[(i, w + LEAD_WEEKS)] > 0 and plan.quantity % 10 == 0


@pytest.mark.parametrize(("params", "where"), [
    ({"suppliers": 1, "oems": 1, "weeks": 3, "seed": 1}, "--suppliers"),
    ({"suppliers": 3, "oems": 2, "weeks": 3, "seed": 1}, "--suppliers"),
    ({"suppliers": 3, "oems": 1, "weeks": 0, "seed": 1}, "--weeks"),
    ({"suppliers": 3, "oems": 1, "weeks": 3, "seed": -1}, "--seed"),
])
def test_bad_parameters_are_refused_naming_the_option(params, where):
    with pytest.raises(InputError) as refused:
        Params(**params)
    assert refused.value.where == where


def test_the_documents_validate_and_repeat_for_a_seed():
    world = model(QUARTER)
    oem, s, monday = world.oems[0], world.suppliers[0], date(2026, 12, 7)
    demand = payloads.material_demand(world, oem, s, 0, monday, LEAD_WEEKS, monday + timedelta(weeks=LEAD_WEEKS))
    again = payloads.material_demand(model(QUARTER), oem, s, 0, monday, LEAD_WEEKS, monday + timedelta(weeks=LEAD_WEEKS))
    assert demand.payload_hash == again.payload_hash
    assert catenax.to_chain(demand).demands[0].demand == world.demand[(0, LEAD_WEEKS)] * 1000
    group = payloads.capacity_group(world, oem, world.suppliers[world.downtime_supplier], world.downtime_week, monday)
    assert group.capacities[0].actual_capacity < world.demand[(world.downtime_supplier, world.downtime_week)]
    down, up = (payloads.downtime(world, oem, s, monday, resolved) for resolved in (False, True))
    assert down.notification_id == up.notification_id and down.payload_hash != up.payload_hash
    n = payloads.investigation(world, oem, s, 5, monday)
    assert n.content_hash == payloads.investigation(world, oem, s, 5, monday).content_hash
