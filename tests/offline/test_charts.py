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
