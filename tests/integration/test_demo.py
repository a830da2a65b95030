"""The `make demo` scenario runs end to end and leaves the chain as it says."""

from brownie import accounts
from rich.console import Console

from valuechain import members
from valuechain.identity import Role, Status
from valuechain.scenario import OEM, SUPPLIER_A, SUPPLIER_C, Demo


def test_demo_scenario_end_to_end(w3):
    console = Console(record=True, width=200)
    demo = Demo(w3, [a.address for a in accounts], console=console)
    demo.run()

    by_bpnl = {m.bpnl: m for m in members.members(demo.contracts["registry"])}
    assert len(by_bpnl) == 4
    assert by_bpnl[OEM].roles == Role.OEM and by_bpnl[OEM].status == Status.ACTIVE
    assert by_bpnl[SUPPLIER_C].status == Status.SUSPENDED
    # the rotated key is the only operator left, the old one is revoked
    assert by_bpnl[SUPPLIER_A].operators == (accounts[6].address,)
    assert members.org_of(demo.contracts["registry"], accounts[3].address) is None
    text = console.export_text()
    assert "SUSPENDED" in text and SUPPLIER_A in text
