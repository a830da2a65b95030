"""Deploying compiled contracts of the suite."""

from __future__ import annotations

from web3 import Web3
from web3.contract import Contract

from valuechain import artifacts
from valuechain.tx import Sender


def deploy(sender: Sender, name: str, *args) -> tuple[Contract, dict]:
    """Deploy contract ``name`` from the build folder; returns it and its receipt."""
    art = artifacts.load(name)
    factory = sender.w3.eth.contract(abi=art["abi"], bytecode=art["bytecode"])
    receipt = sender.transact(factory.constructor(*args), label=f"deploy {name}")
    return at(sender.w3, name, receipt["contractAddress"]), receipt


def at(w3: Web3, name: str, address: str) -> Contract:
    """Contract ``name`` (ABI from the build folder) at ``address``."""
    return w3.eth.contract(address=Web3.to_checksum_address(address), abi=artifacts.load(name)["abi"])
