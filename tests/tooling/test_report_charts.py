"""The report's charts over six known weeks of business (tests/support/quarter.py): what
each chart plots, checked against the plan computed by hand, and the PNGs it writes."""

from __future__ import annotations

import pandas as pd
import pytest
from brownie import accounts

from tests.support.quarter import (
    DOWNTIME_WEEK,
    MIN_SCORE,
    REALLOCATED,
    SCORES,
    SUPPLIER_A,
    SUPPLIER_B,
    SUPPLIER_C,
    play_quarter,
)
from valuechain.events import EventIndex, charts, trends


@pytest.fixture(scope="module")
def quarter(w3, tmp_path_factory):
    return play_quarter(w3, [a.address for a in accounts], tmp_path_factory.mktemp("quarter"))


@pytest.fixture(scope="module")
def written(w3, quarter, tmp_path_factory):
    """The charts of the quarter, from a synced index (read in every test after)."""
    folder = tmp_path_factory.mktemp("charts")
    with EventIndex(quarter.manifest, w3, folder / "ix.sqlite", reorg_depth=0) as index:
        index.sync()
        return charts.write_all(index, folder / "reports")


def _monday(quarter, week: int) -> pd.Timestamp:
    return pd.Timestamp(quarter.mondays[week], tz="UTC")


def test_quality_per_supplier_shows_the_drift(quarter, written):
    chart = written["quality_over_time"]
    weekly, trends = chart.data["weekly"], chart.data["trends"].set_index("supplier")
    # one point per supplier and week, at the week's Monday, the mean of its scores
    b = weekly[weekly["supplier"] == SUPPLIER_B]
    assert list(b["week"]) == [_monday(quarter, w) for w in range(6)] and list(b["score_mean"]) == SCORES[SUPPLIER_B]
    c_last = weekly[(weekly["supplier"] == SUPPLIER_C)].iloc[-1]
    assert (c_last["assessments"], c_last["score_mean"]) == (2, (9_650 + 9_700) / 2)  # C's own order and B's moved part
    assert list(weekly.loc[weekly["below_threshold"] > 0, "supplier"]) == [SUPPLIER_B]
    assert (weekly["min_score"] == MIN_SCORE).all()
    # least squares over weeks 0..5 of B's means: -110 bp a week; A and C do not fall
    assert trends.loc[SUPPLIER_B, "slope_bp_per_week"] == pytest.approx(-110)
    assert trends.loc[SUPPLIER_B, "drifting"] and trends.loc[SUPPLIER_B, "weeks_below"] == 1
    for steady in (SUPPLIER_A, SUPPLIER_C):
        assert trends.loc[steady, "slope_bp_per_week"] >= 0 and not trends.loc[steady, "drifting"]
    assert SUPPLIER_B in chart.title and "drift" in chart.title


def test_capacity_against_demand_marks_the_downtime_week(quarter, written):
    chart = written["capacity_vs_demand"]
    weekly = chart.data.set_index("week")
    assert list(weekly.index) == [_monday(quarter, w) for w in range(6)]
    assert list(weekly["demand"]) == [300] * 6
    assert list(weekly["actual_capacity"]) == [330, 330, 330, 200, 330, 330]  # the downtime replaced week 3's plan
    assert list(weekly.index[weekly["short"]]) == [_monday(quarter, DOWNTIME_WEEK)]
    assert list(weekly["shortfall"]) == [0, 0, 0, 100, 0, 0]
    assert "1 of 6 weeks" in chart.title


def test_reallocated_volume_between_suppliers(written):
    chart = written["reallocations"]
    flows = chart.data
    assert flows.to_dict("records") == [
        {"from_supplier": SUPPLIER_B, "to_supplier": SUPPLIER_C, "reallocations": 1, "quantity": REALLOCATED}]
    assert trends.reallocation_balance(flows).to_dict("records") == [  # what the right-hand panel draws
        {"supplier": SUPPLIER_B, "moved_out": REALLOCATED, "moved_in": 0, "net": -REALLOCATED},
        {"supplier": SUPPLIER_C, "moved_out": 0, "moved_in": REALLOCATED, "net": REALLOCATED}]
    assert chart.title == f"{REALLOCATED} units reallocated in 1 move, all from {SUPPLIER_B} to {SUPPLIER_C}"


def test_on_time_in_full_per_supplier(written):
    chart = written["delivery_otif"]
    otif = chart.data.set_index("supplier")
    # A: 6 delivered, week 2 late; B: 6 (week 5's 60 after the reallocation), all OTIF;
    # C: its 6 and the 40 moved from B, week 3 short by 10
    expected = {SUPPLIER_A: (6, 5, 6, 5), SUPPLIER_B: (6, 6, 6, 6), SUPPLIER_C: (7, 7, 6, 6)}
    for supplier, (delivered, on_time, in_full, both) in expected.items():
        row = otif.loc[supplier]
        assert (row["delivered"], row["on_time"], row["in_full"], row["otif"]) == (delivered, on_time, in_full, both)
        assert row["otif_share"] == pytest.approx(both / delivered)
    assert (otif.loc[SUPPLIER_A, "late_only"], otif.loc[SUPPLIER_C, "short_only"]) == (1, 1)
    assert list(otif.index) == [SUPPLIER_B, SUPPLIER_C, SUPPLIER_A]  # best first
    assert chart.title.startswith("17 of 19 deliveries on time and in full")


def test_order_funnel_counts_the_states(quarter, written):
    chart = written["order_funnel"]
    funnel = chart.data.set_index("stage")["orders"].to_dict()
    # 18 weekly orders, the reallocated part of B's and the cancelled one; weeks 0..4 closed
    assert funnel == {"placed": 20, "confirmed": 19, "in production": 19, "ready to ship": 19, "shipped": 19,
                      "delivered": 19, "closed": 15, "rejected": 0, "quality hold": 1, "reallocated (part)": 1,
                      "cancelled": 1, "disputed": 0}


def test_each_chart_is_a_real_png(written):
    assert set(written) == set(charts.CHARTS)
    for name, chart in written.items():
        data = chart.path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", name
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert width >= 800 and height >= 300 and len(data) > (5_000 if chart.empty else 15_000), name
    assert written["notification_response_times"].empty  # no quality notification this quarter
    assert not any(chart.empty for name, chart in written.items() if name != "notification_response_times")
