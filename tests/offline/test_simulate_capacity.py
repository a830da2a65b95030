"""The capacity-planning arithmetic (valuechain.simulate.capacity) on made-up measurements."""

from __future__ import annotations

import pytest

from valuechain.simulate import capacity
from valuechain.simulate.capacity import DAY_GAS_BUDGET, Measured


def week(n: int, per_supplier: float, fixed: float = 1_000.0) -> Measured:
    return Measured(n, 3, fixed + per_supplier * n * 100, fixed / 100 + per_supplier * n, fixed / 100 + per_supplier * n,
                    (fixed / 100 + per_supplier * n) * 250)


def test_the_line_through_two_runs_scales_and_says_how_linear_they_are():
    small, large = week(25, 10), week(50, 10)
    line = capacity.fit(small, large, "gas")
    assert line.per_supplier == pytest.approx(1_000) and line.fixed == pytest.approx(1_000)
    assert line.at(5_000) == pytest.approx(1_000 + 5_000 * 1_000)
    assert capacity.linearity(small, large) < 0.05
    assert capacity.linearity(week(25, 10), week(50, 20)) > 0.4  # twice the per-supplier figure: not linear


def test_a_day_is_a_fifth_of_a_week_against_the_chains_daily_gas():
    rows = capacity.plan(week(25, 10), week(50, 10), index_bytes_per_event=200, sync_per_s=20_000)
    assert [r.suppliers for r in rows] == [50, 500, 5_000]
    big = rows[-1]
    assert big.gas_per_day == pytest.approx((1_000 + 5_000 * 1_000) / 5)
    assert big.budget_share == pytest.approx(big.gas_per_day / (86_400 * 30_000_000)) and DAY_GAS_BUDGET == 2_592_000_000_000
    assert big.events_per_year == pytest.approx(big.events_per_day * 250)
    assert big.sync_year_s == pytest.approx(big.events_per_year / 20_000)
    assert big.index_bytes_per_day == pytest.approx(big.events_per_day * 200)
    report = capacity.report(week(25, 10), week(50, 10), 200, 20_000, "test")
    assert report["rows"][0]["suppliers"] == 50 and report["linearity_gas"] < 0.05
