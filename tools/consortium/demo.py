"""`make demo`'s last part: the suite on a real consortium chain, a validator down.

Four go-ethereum 1.13.15 validators sealing Clique proof of authority every second
(network.py, in a tmp folder on free loopback ports), one per founding member. The council
deploys with a keystore account holding no Ether (zero gas price), the code is verified on
another member's node, the onboarder admits the spreadsheet's suppliers, one validator
stops and the other three go on sealing in turn, and it comes back and catches up. The
index is synced from a third member's node."""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table
from web3 import Web3

from tools.consortium.network import Network, Ports, find_free_ports, rpc, throwaway_network
from valuechain import accounts, deploy
from valuechain.cli.onboard_view import ConsoleView
from valuechain.errors import ChainError
from valuechain.events import EventIndex
from valuechain.network import connect
from valuechain.onboarding import onboard
from valuechain.report import members_table
from valuechain.tx import Sender

log = logging.getLogger(__name__)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
PASSWORD = "valuechain demo consortium"  # throwaway keystores in a tmp folder


def run(console: Console, ports: Callable[[], Ports] = find_free_ports) -> None:
    """The consortium part, on a network of its own (on free ``ports()``)."""
    console.rule("[bold]The same suite on a consortium chain: four geth validators (Clique, 1 s blocks)")
    with tempfile.TemporaryDirectory(prefix="valuechain-consortium-") as tmp:
        work = Path(tmp)
        started = time.monotonic()
        with throwaway_network(work / "net", ports) as net:
            console.print(f"network up in {time.monotonic() - started:.1f} s, chain {net.chain_id}")
            console.print(_nodes_table(net))
            _play(console, net, work)


def _play(console: Console, net: Network, work: Path) -> None:
    w3 = connect(net.rpc_url, net.chain_id)
    keys = work / "keystores"
    for name in ("council", "onboarder"):
        accounts.new(name, PASSWORD, keys, kdf_iterations=1_000)
    council = Sender(w3, accounts.unlock("council", PASSWORD, keys), gas_mode="zero")
    onboarder = Sender(w3, accounts.unlock("onboarder", PASSWORD, keys), gas_mode="zero")

    started = time.monotonic()
    manifest = deploy.deploy_suite(council, onboarders=[onboarder.address], directory=work / "deployments")
    auditor = connect(net.node("auditor").rpc_url, net.chain_id)
    verified = deploy.verify(auditor, manifest)
    console.print(f"suite deployed in {time.monotonic() - started:.1f} s by {council.address} (balance "
                  f"{w3.eth.get_balance(Web3.to_checksum_address(council.address))} wei: zero gas price); code on the auditor's node matches "
                  f"the local build: {all(verified.values())} ({len(verified)} contracts)")

    onboard(FIXTURES / "onboarding" / "suppliers.csv", onboarder, manifest.contract(w3, "ConsortiumRegistry"),
            journal_dir=work / "journal", view=ConsoleView(console))

    console.print("[bold]the auditor's validator stops[/bold]: the other three seal in turn")
    net.stop_node("auditor")
    first, deadline = w3.eth.block_number, time.monotonic() + 60
    while w3.eth.block_number < first + 6:
        if time.monotonic() > deadline:
            raise ChainError(f"the three validators left sealed {w3.eth.block_number - first} blocks in 60 s",
                             what="consortium chain", where=net.rpc_url)
        time.sleep(0.2)
    console.print(_signers_table(net, range(first + 1, first + 7)))
    net.start_node("auditor")
    console.print(f"the auditor's node is back, caught up at block {auditor.eth.block_number} and sealing again")

    with EventIndex(manifest, connect(net.node("supplier-b").rpc_url, net.chain_id), work / "index.sqlite") as index:
        result = index.sync()
        console.print(f"event index synced from supplier B's node: {result.events} events up to block "
                      f"{result.last_block}")
        console.print(members_table(index.members()))


def _nodes_table(net: Network) -> Table:
    table = Table(title="Validators, one per founding member")
    for column in ("node", "member role", "validator (Clique signer)", "RPC", "peers"):
        table.add_column(column)
    for node in net.nodes:
        peers = int(rpc(node.rpc_url, "net_peerCount"), 16)
        table.add_row(node.name, node.role, node.address, node.rpc_url, str(peers))
    return table


def _signers_table(net: Network, numbers: range) -> Table:
    by_address = {n.address.lower(): n.name for n in net.nodes}
    table = Table(title="Blocks sealed while the auditor's validator was down")
    table.add_column("block", justify="right")
    table.add_column("sealed by")
    for number in numbers:
        table.add_row(str(number), by_address[rpc(net.rpc_url, "clique_getSigner", [hex(number)]).lower()])
    return table
