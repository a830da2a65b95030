"""`valuechain simulate`: a quarter (or any number of weeks) in the life of a consortium,
played on a chain through the same package functions the CLI uses.

- ``model``: the seeded business model (documented there and in docs/simulation.md);
- ``payloads``: the Catena-X documents the model sends (validated like imported files);
- ``cast``: who sends for whom (seed-derived impersonated accounts on Anvil, keystores elsewhere);
- ``journal``: the steps that landed, so a rerun resumes exactly once;
- ``driver``: plays the model week by week and counts what it did;
- ``capacity``: the capacity-planning report scaled from a measured run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from web3 import Web3
from web3.middleware import ExtraDataToPOAMiddleware

from valuechain.tx import DEV_CHAIN_ID, Sender

from .cast import make_cast
from .driver import Figures, Progress, Simulation
from .model import Params, World, model

__all__ = ["Figures", "Params", "Simulation", "World", "model", "run_dir_for", "simulate"]


def run_dir_for(w3: Web3, params: Params, base: Path | None = None) -> Path:
    """The run's folder (manifest, journal, event index): keyed by the chain (id and
    genesis block) and the parameters, so a rerun finds its journal and a fresh chain
    starts afresh."""
    genesis = bytes(w3.eth.get_block(0)["hash"]).hex()[:12]
    return (base or Path(".valuechain") / "simulate") / f"{w3.eth.chain_id}-{genesis}-{params.key}"


def _own_connection(w3: Web3) -> Web3:
    """The run's own web3 on the same node: the chain id (web3 asks twice a transaction)
    cached; on the dev chain, where the parties offer fixed fees, without the middleware
    that reads the latest block before every transaction to price it."""
    own = Web3(w3.provider)
    own.middleware_onion.inject(ExtraDataToPOAMiddleware, layer=0)
    w3.provider.cache_allowed_requests = True
    if own.eth.chain_id == DEV_CHAIN_ID:
        own.middleware_onion.remove("gas_price_strategy")
    return own


def simulate(w3: Web3, council: Sender, params: Params, run_dir: Path | None = None, *, progress: Progress | None = None,
             keystore_prefix: str = "sim-", password: str | None = None, keystore_dir: Path | None = None,
             after_step: Callable[[str], None] | None = None) -> Simulation:
    """Play ``params`` on ``w3`` with ``council`` deploying and governing the suite;
    returns the finished Simulation (its ``figures``)."""
    world = model(params)
    w3 = _own_connection(w3)
    council = replace(council, w3=w3, receipts=[])
    cast = make_cast(w3, council, world, keystore_prefix, password, keystore_dir)
    sim = Simulation(w3, world, cast, run_dir or run_dir_for(w3, params), progress=progress,
                     after_step=after_step)
    sim.run()
    return sim
