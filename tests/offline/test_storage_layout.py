"""The storage layout SupplyOrders' gas figures rely on, as the compiler reports it (the
solc bridge only, no chain)."""

import json
import subprocess
from pathlib import Path

# The slot of `Order` holding each member: the parties, the part number, the figures.
SLOTS = {
    "oem": 0,
    "supplier": 0,
    "partNumber": 1,
    **dict.fromkeys(["quantity", "shippedQuantity", "receivedQuantity", "dueDay", "unit", "minScore", "lastScore",
                     "lastSampleSize", "lastDefects", "version", "state", "hasDesignAsset"], 2),
}


def test_order_packs_into_three_slots():
    """A new order writes three fresh slots and every later step rewrites the figures
    slot only (SupplyOrders' @dev and the gas budgets rely on it): the compiler's storage
    layout of `Order` must keep the parties, the part number and the figures in one slot
    each."""
    root = Path(__file__).resolve().parents[2]
    source = "contracts/SupplyOrders.sol"
    request = {
        "language": "Solidity",
        "sources": {source: {"content": (root / source).read_text()}},
        "settings": {
            "evmVersion": "paris",
            "optimizer": {"enabled": True, "runs": 200},
            "remappings": ["@openzeppelin/contracts=node_modules/@openzeppelin/contracts"],
            "outputSelection": {source: {"SupplyOrders": ["storageLayout"]}},
        },
    }
    out = subprocess.run([str(root / "tools" / "solc-bridge.js"), "--standard-json"], input=json.dumps(request),
                         capture_output=True, text=True, cwd=root, timeout=120, check=True)
    result = json.loads(out.stdout)
    assert not [e for e in result.get("errors", []) if e["severity"] == "error"], result["errors"]
    layout = result["contracts"][source]["SupplyOrders"]["storageLayout"]
    order_type = next(t for t in layout["types"].values() if t["label"] == "struct ISupplyOrders.Order")
    assert order_type["numberOfBytes"] == "96"  # three slots
    assert {m["label"]: int(m["slot"]) for m in order_type["members"]} == SLOTS
