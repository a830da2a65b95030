"""The analyst notebook runs headless against a chain the demo scenario populated."""

from __future__ import annotations

import io
import time
from pathlib import Path

import nbformat
from brownie import accounts
from nbclient import NotebookClient
from rich.console import Console

from valuechain.scenario import OEM, SUPPLIER_A, SUPPLIER_B, Demo

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "supply_chain_analytics.ipynb"


def _text(notebook) -> str:  # type: ignore[no-untyped-def]
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            data = output.get("data", {})
            parts.extend(str(data.get(kind, "")) for kind in ("text/plain", "text/html"))
    return "\n".join(parts)


def test_notebook_runs_headless_against_the_demo_chain(w3, tmp_path, monkeypatch):
    Demo(w3, [a.address for a in accounts], console=Console(file=io.StringIO()), manifest_dir=tmp_path).run()
    monkeypatch.setenv("VALUECHAIN_RPC_URL", w3.provider.endpoint_uri)
    monkeypatch.setenv("VALUECHAIN_MANIFEST", str(tmp_path / "31337.json"))
    monkeypatch.setenv("VALUECHAIN_INDEX", str(tmp_path / "events.sqlite"))
    monkeypatch.setenv("VALUECHAIN_REPORTS", str(tmp_path / "reports"))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert not any(cell.get("outputs") for cell in notebook.cells), "commit the notebook without outputs"

    started = time.perf_counter()
    client = NotebookClient(notebook, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # raises CellExecutionError on the first failing cell
    print(f"notebook executed in {time.perf_counter() - started:.1f} s")

    text = _text(notebook)
    assert "OrderPlaced" in text and "QualityAssessed" in text and "CapacitySignalled" in text
    assert OEM in text and SUPPLIER_A in text and SUPPLIER_B in text
    assert "QUALITY_HOLD" in text and "CLOSED" in text  # the orders' timelines
    images = [o for cell in notebook.cells for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(images) == 4
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == [
        "capacity_vs_demand.png", "notification_response_times.png", "order_funnel.png", "quality_over_time.png"]
    assert "INVESTIGATION" in text and "open past their target date: []" in text  # the demo's investigation
