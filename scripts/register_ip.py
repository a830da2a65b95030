"""Register a document on the local chain: `brownie run scripts/register_ip.py main FILE`.

Uses the suite of deployments/<chainId>.json and the node's account 0 (dev chain only),
which must be an operator of a member org: the commitment and the asset id name that org."""

from pathlib import Path

from brownie import web3

from valuechain import ip, manifest
from valuechain.network import connect
from valuechain.tx import Sender


def main(file: str, kind: str = "design") -> None:
    w3 = connect(web3.provider.endpoint_uri)
    registry = manifest.load(chain_id=w3.eth.chain_id).contract(w3, "IPRegistry")
    receipt, where = ip.register_file(Sender(w3, w3.eth.accounts[0]), registry, Path(file), ip.Kind[kind.upper()])
    print(f"asset {receipt.asset_id} of {receipt.org} (commitment {receipt.commitment}), receipt {where}")
