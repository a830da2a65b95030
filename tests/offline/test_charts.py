"""The report's charts, drawn from frames as the event index builds them (no chain)."""

from __future__ import annotations

import pandas as pd
import pytest

from valuechain.events import charts, trends

OEM = "BPNL00000003AYRE"
SUPPLIER_A = "BPNL00000003B2OM"
SUPPLIER_B = "BPNL00000003CRHK"


def _png_size(path):
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _weekly(slopes: dict[str, float], weeks: int = 13) -> pd.DataFrame:
    """A ``trends.quality_weekly`` frame: each supplier's weekly mean moving by its slope."""
    monday = pd.Timestamp("2026-09-07", tz="UTC")
    rows = [
        {"supplier": s, "week": monday + pd.Timedelta(weeks=w), "assessments": 2, "score_mean": 9_800.0 + slope * w,
         "score_min": int(9_800 + slope * w) - 50, "min_score": 9_500, "below_threshold": int(9_800 + slope * w < 9_500)}
        for s, slope in slopes.items() for w in range(weeks)
    ]
    frame = pd.DataFrame.from_records(rows, columns=trends.QUALITY_WEEKLY_COLUMNS)
    for column in ("assessments", "score_min", "min_score", "below_threshold"):
        frame[column] = frame[column].astype("Int64")
    return frame


def test_quality_trends_flag_the_drifting_supplier():
    weekly = _weekly({SUPPLIER_A: 5.0, SUPPLIER_B: -40.0, "BPNL000000000001": -10.0})
    found = trends.quality_trends(weekly).set_index("supplier")
    assert found.loc[SUPPLIER_B, "slope_bp_per_week"] == pytest.approx(-40)
    assert list(found.index[found["drifting"]]) == [SUPPLIER_B]  # -10 bp a week is noise, not a drift
    assert found.loc[SUPPLIER_B, "weeks_below"] == 5 and found.loc[SUPPLIER_A, "weeks_below"] == 0
    # two weeks are not a trend to call a drift on
    short = trends.quality_trends(_weekly({SUPPLIER_B: -100.0}, weeks=2))
    assert short["slope_bp_per_week"].iloc[0] == pytest.approx(-100) and not short["drifting"].iloc[0]


def test_quality_chart_of_a_consortium_worst_first(tmp_path):
    slopes = {f"BPNL{i:012d}": (-60.0 if i == 7 else 3.0 * (i % 3)) for i in range(12)}
    chart = charts.quality_over_time(_weekly(slopes), tmp_path / "q.png")
    assert chart.title.startswith("BPNL000000000007's quality is drifting down: -0.60 % a week, 98.0 % to 90.8 %")
    width, height = _png_size(chart.path)
    assert width >= 1_200 and height >= 800 and not chart.empty
    steady = charts.quality_over_time(_weekly({SUPPLIER_A: 0.0}), tmp_path / "steady.png")
    assert steady.title.startswith("No supplier's quality is drifting")
    early = charts.quality_over_time(_weekly({SUPPLIER_A: 0.0, SUPPLIER_B: -400.0}, weeks=2), tmp_path / "early.png")
    assert early.title == "1 of 2 suppliers below the threshold; 2 weeks of scores, too few for a trend yet"


def test_reallocations_of_a_consortium(tmp_path):
    flows = pd.DataFrame.from_records(
        [(f"BPNL{a:012d}", f"BPNL{b:012d}", n, q) for a, b, n, q in
         ((7, 1, 3, 4_200), (7, 2, 2, 2_600), (3, 1, 1, 900), (7, 5, 1, 800), (9, 3, 1, 300))],
        columns=trends.REALLOCATION_COLUMNS)
    balance = trends.reallocation_balance(flows).set_index("supplier")
    assert balance.loc["BPNL000000000007", "net"] == -7_600 and balance.loc["BPNL000000000001", "moved_in"] == 5_100
    assert balance.loc["BPNL000000000003", ["moved_out", "moved_in", "net"]].tolist() == [900, 300, -600]
    assert balance.index[0] == "BPNL000000000007"  # most lost first
    chart = charts.reallocations(flows, tmp_path / "r.png")
    assert chart.title == "8,800 units reallocated in 8 moves; most from BPNL000000000007 (7,600 units, 86%)"
    width, height = _png_size(chart.path)
    assert width >= 1_000 and height >= 400


def test_charts_without_data_say_so(tmp_path):
    empty = {
        "quality": charts.quality_over_time(_weekly({}), tmp_path / "q.png"),
        "capacity": charts.capacity_vs_demand(pd.DataFrame(columns=trends.CAPACITY_COLUMNS), tmp_path / "c.png"),
        "reallocations": charts.reallocations(pd.DataFrame(columns=trends.REALLOCATION_COLUMNS), tmp_path / "r.png"),
        "otif": charts.delivery_otif(pd.DataFrame(columns=trends.DELIVERY_COLUMNS), tmp_path / "o.png"),
        "funnel": charts.order_funnel(pd.DataFrame(columns=trends.FUNNEL_COLUMNS), tmp_path / "f.png"),
    }
    assert [c.title for c in empty.values()] == [
        "No quality assessments yet", "No capacity signalled yet", "No volume reallocated between suppliers",
        "No deliveries received yet", "No orders placed yet"]
    for chart in empty.values():
        width, _ = _png_size(chart.path)
        assert chart.empty and width >= 800 and chart.path.stat().st_size > 5_000


def test_capacity_shortfall_per_material_is_not_hidden_by_a_surplus(tmp_path):
    weeks = [pd.Timestamp("2026-11-30", tz="UTC"), pd.Timestamp("2026-12-07", tz="UTC")]
    weekly = pd.DataFrame({"week": weeks, "demand": [500, 400], "actual_capacity": [600, 500],
                           "maximum_capacity": [700, 700], "shortfall": [50, 0], "short": [True, False], "groups": [2, 2]})
    chart = charts.capacity_vs_demand(weekly, tmp_path / "c.png")
    assert chart.title == "Demand exceeded capacity in 1 of 2 weeks: 50 units short in the week of 30 Nov"
    covered = charts.capacity_vs_demand(weekly.assign(shortfall=0, short=False), tmp_path / "covered.png")
    assert covered.title == "Capacity covered demand in all 2 weeks; tightest week of 30 Nov: 17% headroom"
    alone = charts.capacity_vs_demand(weekly.assign(demand=0, shortfall=0, short=False), tmp_path / "alone.png")
    assert alone.title == "Capacity signalled for 2 weeks, without demand to compare it with"
    # a stale week years before the rest (the demo's Catena-X sample) is left out, not drawn on a 4-year axis
    stale = pd.concat([weekly.assign(week=[pd.Timestamp("2022-08-01", tz="UTC"), weeks[0]]).iloc[:1], weekly])
    drawn = charts.capacity_vs_demand(stale.reset_index(drop=True), tmp_path / "stale.png").data
    assert list(drawn["week"]) == weeks


def _notes(t0):
    h = pd.Timedelta(hours=1)
    nat = pd.NaT
    return pd.DataFrame({
        "notification_id": ["0xaaaaaa01", "0xbbbbbb02", "0xcccccc03", "0xdddddd04"],
        "kind": ["INVESTIGATION", "INVESTIGATION", "ALERT", "INVESTIGATION"],
        "sender": [OEM, SUPPLIER_A, SUPPLIER_B, OEM],
        "receiver": [SUPPLIER_A, SUPPLIER_B, OEM, SUPPLIER_B],
        "severity": ["CRITICAL", "MAJOR", "LIFE_THREATENING", "MINOR"],
        "status": ["CLOSED", "ACCEPTED", "SENT", "DECLINED"],
        "related_id": [None, "0xaaaaaa01", None, None],
        "sent": [t0, t0 + 2 * h, t0 + 3 * h, t0],
        "acknowledged": [t0 + 4 * h, t0 + 5 * h, nat, t0 + 1 * h],
        "declined": [nat, nat, nat, t0 + 2 * h],
        "closed": [t0 + 30 * h, nat, nat, nat],
        "target_date": [t0 + 48 * h, t0 + 24 * h, t0 + 6 * h, nat],
    })


def test_notification_response_rows():
    t0 = pd.Timestamp("2026-11-30 08:00", tz="UTC")
    rows = charts.response_rows(_notes(t0), now=t0 + pd.Timedelta(hours=12)).set_index("status")
    closed, accepted, sent, declined = (rows.loc[s] for s in ("CLOSED", "ACCEPTED", "SENT", "DECLINED"))
    assert (closed["to_ack_h"], closed["ack_to_close_h"], closed["target_h"], closed["late"]) == (4, 26, 48, False)
    assert pd.isna(closed["open_h"])
    # forwarded from the first: marked, acknowledged after 3 h, open for 7 h since
    assert accepted["label"].startswith("↳ inv B2OM→CRHK") and (accepted["to_ack_h"], accepted["open_h"]) == (3, 7)
    # an alert never acknowledged, open 9 h against a 3 h target: late
    assert pd.isna(sent["to_ack_h"]) and sent["open_h"] == 9 and sent["target_h"] == 3 and sent["late"]
    assert sent["label"] == "ale CRHK→AYRE cccccc"
    # declined: acknowledged after 1 h, declined an hour later, no target
    assert (declined["to_ack_h"], declined["ack_to_close_h"], declined["late"]) == (1, 1, False)


def test_notification_response_chart(tmp_path):
    t0 = pd.Timestamp("2026-11-30 08:00", tz="UTC")
    chart = charts.notification_response_times(_notes(t0), tmp_path / "n.png", now=t0 + pd.Timedelta(hours=12))
    width, height = _png_size(chart.path)
    assert width >= 900 and height >= 400 and chart.path.stat().st_size > 10_000
    assert chart.title == "4 quality notifications: 1 late, 2 open"
    assert charts.notification_response_times(_notes(t0).iloc[0:0], tmp_path / "none.png").empty
    assert "notification_response_times" in charts.CHARTS
