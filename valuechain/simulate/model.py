"""The seeded business model of ``valuechain simulate``: who trades with whom, how much,
how well, and which week goes wrong. Pure: no chain, no I/O; every figure is drawn from
one ``random.Random(seed)`` in a fixed order, so a seed gives the same quarter every time.

The model (also in docs/simulation.md):

- Parties: ``oems`` OEMs and ``suppliers`` suppliers; supplier ``i`` serves OEM
  ``i % oems`` (every OEM has at least two suppliers, so it has somewhere to reallocate).
  Each supplier has one site (BPNS) and one material (``MAT-<supplier>``).
- Demand: per supplier a base weekly demand (800 to 3,000 units, multiples of 10),
  times a seasonal factor of +-10 % and noise of +-8 % per week. In week ``w`` the OEM
  sends the material demand for week ``w + LEAD_WEEKS`` and orders it (one order per
  supplier and week, due on that week's Monday).
- Capacity: per supplier a nominal capacity of 105 % to 130 % of its base demand; the
  OEM signals the supplier's actual and maximum capacity of the current week with that
  week's demand. In the downtime week the downtime supplier's actual capacity falls to
  55 %: capacity below demand.
- Quality: each supplier has a level (9,620 to 9,950 bp); the drifting supplier starts at
  9,900 bp and loses ``drift_bp`` per week so its final assessments cross the 9,500 bp
  threshold around the middle of the run. An assessment scores level + Gaussian noise (sd 60 bp); a sample
  of 200 parts with the matching number of defects. Interim assessment in the week after
  placing, final one in the due week.
- Holds: a score below the threshold puts the order on QUALITY_HOLD; at or above 9,350 bp
  the OEM accepts the deviation, below it reallocates 40 % to the OEM's best other
  supplier and accepts the deviation for the rest.
- Deliveries: 15 % of orders ship 1 to 5 % short; 10 % ship a week late; 5 % of
  deliveries arrive with 1 to 20 units damaged (received less than shipped).
- Downtime: one week (a third into the run) one supplier (not the drifting one) has a
  machine downtime: the OEM signals the disruption (CX-0146, effect capacity-reduction);
  the supplier proposes amendments of its orders in production (70 % of the quantity, a
  week later) citing it and the OEM accepts; the OEM resolves it the next week.
- Quality notification: the first time the drifting supplier fails a final assessment
  the OEM sends it a CX-0125 investigation naming the order; the supplier acknowledges
  at once, accepts the next week and the OEM closes it (the order ships late).
- Licences: in the first week every supplier registers its design and grants its OEM a
  licence (Catena-X purposes cx.quality.base:1 and valuechain.manufacturing:1) for 4
  weeks (even suppliers: they expire within the run) or 26 weeks (odd ones); every other
  week the OEM records an access for each licence still valid.
- Incident: one week (two thirds into the run, not the downtime week) one supplier's
  operator key leaks: the council suspends the org, revokes the key, assigns a fresh key,
  the key accepts, the council reinstates the org.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import cached_property

from valuechain.errors import InputError

THRESHOLD_BP = 9_500
ACCEPT_DEVIATION_BP = 9_350
LEAD_WEEKS = 2
SAMPLE = 200
REALLOCATE_SHARE = 0.4
_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class Params:
    """What a run simulates: ``suppliers``, ``oems``, ``weeks`` and the ``seed``."""

    suppliers: int
    oems: int
    weeks: int
    seed: int

    def __post_init__(self) -> None:
        for name, low in (("suppliers", 2), ("oems", 1), ("weeks", 1)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise InputError(f"--{name}: {value!r} (expected a whole number >= {low})", what=name,
                                 where=f"--{name}", expected=f">= {low}", found=value)
        if self.suppliers < 2 * self.oems:
            expected = f"at least {2 * self.oems} suppliers for {self.oems} OEM(s)"
            raise InputError(f"--suppliers {self.suppliers}: every OEM needs two suppliers to reallocate between "
                             f"(expected {expected})", what="suppliers", where="--suppliers", expected=expected,
                             found=self.suppliers)
        if not 0 <= self.seed < 2**63:
            raise InputError(f"--seed: {self.seed} (expected 0 to 2^63-1)", what="seed", where="--seed",
                             expected="0 to 2^63-1", found=self.seed)

    @property
    def key(self) -> str:
        return f"s{self.seed}-n{self.suppliers}-m{self.oems}-w{self.weeks}"


@dataclass(frozen=True)
class Supplier:
    index: int
    bpnl: str
    site: str
    material: str
    oem: int
    base_demand: int
    capacity: int
    quality_bp: int
    drift_bp: int = 0  # lost per week

    def level(self, week: int) -> int:
        return self.quality_bp - self.drift_bp * week


@dataclass(frozen=True)
class Oem:
    index: int
    bpnl: str
    site: str


@dataclass(frozen=True)
class OrderPlan:
    """What happens to the order a supplier gets in week ``week``: ordered quantity, the
    interim and final scores, and how it is delivered."""

    supplier: int
    week: int
    quantity: int
    interim_bp: int
    final_bp: int
    short_pct: int  # shipped this many percent short (0: in full)
    late: bool
    damaged: int  # units received less than shipped


@dataclass(frozen=True)
class World:
    """The drawn consortium and its quarter (``model(params)``)."""

    params: Params
    oems: tuple[Oem, ...]
    suppliers: tuple[Supplier, ...]
    drifting: int
    downtime_week: int
    downtime_supplier: int
    incident_week: int
    incident_supplier: int
    orders: dict[tuple[int, int], OrderPlan] = field(repr=False)
    demand: dict[tuple[int, int], int] = field(repr=False)  # (supplier, week) -> units, weeks 0..W+LEAD

    @cached_property
    def by_oem(self) -> dict[int, tuple[Supplier, ...]]:
        return {o.index: tuple(s for s in self.suppliers if s.oem == o.index) for o in self.oems}

    def actual_capacity(self, supplier: int, week: int) -> int:
        nominal = self.suppliers[supplier].capacity
        if supplier == self.downtime_supplier and week == self.downtime_week:
            return _round10(nominal * 0.55)
        return nominal

    def licence_weeks(self, supplier: int) -> int:
        return 4 if supplier % 2 == 0 else 26

    def best_alternative(self, supplier: int, week: int) -> int:
        """The OEM's best other supplier in ``week`` (highest level, never the drifting one
        unless it is the only other)."""
        others = [s for s in self.by_oem[self.suppliers[supplier].oem] if s.index != supplier]
        steady = [s for s in others if s.index != self.drifting] or others
        return max(steady, key=lambda s: (s.level(week), -s.index)).index


def _round10(x: float) -> int:
    return max(10, round(x / 10.0) * 10)


def _bpn(rng: random.Random, prefix: str, taken: set[str]) -> str:
    while True:
        value = prefix + "".join(rng.choice(_ALNUM) for _ in range(12))
        if value not in taken:
            taken.add(value)
            return value


def _score(rng: random.Random, level: int) -> int:
    return max(0, min(10_000, round(rng.gauss(level, 60))))


def model(params: Params) -> World:
    """The consortium and quarter of ``params`` (same params, same world)."""
    rng = random.Random(params.seed)
    taken: set[str] = set()
    W, N = params.weeks, params.suppliers
    oems = tuple(Oem(m, _bpn(rng, "BPNL", taken), _bpn(rng, "BPNS", taken)) for m in range(params.oems))
    drifting = rng.randrange(N)
    # its final assessments cross the threshold around the middle of the run
    drift = max(20, round((9_900 - THRESHOLD_BP + 100) / max(1, 2 * W // 3 + LEAD_WEEKS)))
    suppliers = []
    for i in range(N):
        base = rng.randrange(80, 301) * 10
        capacity = _round10(base * rng.uniform(1.05, 1.30))
        level = 9_900 if i == drifting else rng.randrange(9_620, 9_951)
        suppliers.append(Supplier(i, _bpn(rng, "BPNL", taken), _bpn(rng, "BPNS", taken), f"MAT-{i:05d}", i % params.oems,
                                  base, capacity, level, drift if i == drifting else 0))
    downtime_week = max(1, W // 3) if W > 1 else 0
    downtime_supplier = rng.choice([i for i in range(N) if i != drifting])
    incident_week = max(1, (2 * W) // 3) if W > 1 else 0
    if incident_week == downtime_week and W > 2:
        incident_week = min(W - 1, downtime_week + 1)
    incident_supplier = rng.choice([i for i in range(N) if i not in (drifting, downtime_supplier)] or [downtime_supplier])
    demand: dict[tuple[int, int], int] = {}
    orders: dict[tuple[int, int], OrderPlan] = {}
    for week in range(W + LEAD_WEEKS):
        season = 1 + 0.10 * ((week % 13) - 6) / 6
        for s in suppliers:
            demand[(s.index, week)] = _round10(s.base_demand * season * rng.uniform(0.92, 1.08))
    for week in range(W):
        for s in suppliers:
            short = rng.randrange(1, 6) if rng.random() < 0.15 else 0
            late = rng.random() < 0.10
            damaged = rng.randrange(1, 21) if rng.random() < 0.05 else 0
            interim, final = _score(rng, s.level(week + 1)), _score(rng, s.level(week + LEAD_WEEKS))
            orders[(s.index, week)] = OrderPlan(s.index, week, demand[(s.index, week + LEAD_WEEKS)], interim, final,
                                                short, late, damaged)
    return World(params, oems, tuple(suppliers), drifting, downtime_week, downtime_supplier, incident_week,
                 incident_supplier, orders, demand)
