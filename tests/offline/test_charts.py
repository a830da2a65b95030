"""The report's charts, drawn from frames as the event index builds them (no chain)."""

from __future__ import annotations

import pandas as pd

from valuechain.events import charts

OEM = "BPNL00000003AYRE"
SUPPLIER_A = "BPNL00000003B2OM"
SUPPLIER_B = "BPNL00000003CRHK"


def _png_size(path):
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_charts_are_written_as_png(tmp_path):
    t0 = pd.Timestamp("2026-03-02", tz="UTC")
    quality = pd.DataFrame(
        {
            "time": [t0, t0 + pd.Timedelta(days=2), t0 + pd.Timedelta(days=1), t0 + pd.Timedelta(days=3)],
            "supplier": [SUPPLIER_A, SUPPLIER_A, SUPPLIER_B, SUPPLIER_B],
            "score": [9_500, 9_700, 7_800, 9_100],
            "below_threshold": pd.array([False, False, True, False], dtype="boolean"),
        }
    )
    week = pd.Timestamp("2026-03-02", tz="UTC")
    signals = pd.DataFrame(
        {
            "time": [t0, t0, t0 + pd.Timedelta(hours=1), t0],
            "kind": ["CAPACITY", "CAPACITY", "CAPACITY", "DISRUPTION"],
            "oem": [OEM] * 4,
            "site": ["BPNS000000000001", "BPNS000000000001", "BPNS000000000001", None],
            "material": ["0x01", "0x01", "0x01", None],
            "week": [week, week + pd.Timedelta(days=7), week, None],
            "actual_capacity": [100, 120, 90, None],
            "maximum_capacity": [150, 150, 150, None],
            "demand": [110, 100, 95, None],
        }
    )
    orders = pd.DataFrame(
        {column: [t0, None, t0] for column, _ in charts.FUNNEL + charts.EXITS}
    )
    written = {
        "quality": charts.quality_over_time(quality, tmp_path / "q.png"),
        "capacity": charts.capacity_vs_demand(signals, tmp_path / "c.png"),
        "funnel": charts.order_funnel(orders, tmp_path / "f.png"),
    }
    for path in written.values():
        width, height = _png_size(path)
        assert width >= 800 and height >= 450 and path.stat().st_size > 10_000
    empty = pd.DataFrame(columns=["kind"])
    assert charts.capacity_vs_demand(empty, tmp_path / "none.png") is None and not (tmp_path / "none.png").exists()


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
    path = charts.notification_response_times(_notes(t0), tmp_path / "n.png", now=t0 + pd.Timedelta(hours=12))
    width, height = _png_size(path)
    assert width >= 900 and height >= 400 and path.stat().st_size > 10_000
    assert charts.notification_response_times(_notes(t0).iloc[0:0], tmp_path / "none.png") is None
    assert "notification_response_times" in charts.CHARTS
