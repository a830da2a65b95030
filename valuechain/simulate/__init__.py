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
from pathlib import Path

from web3 import Web3

from valuechain.tx import Sender

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


def simulate(w3: Web3, council: Sender, params: Params, run_dir: Path | None = None, *, progress: Progress | None = None,
             keystore_prefix: str = "sim-", password: str | None = None, keystore_dir: Path | None = None,
             after_step: Callable[[str], None] | None = None) -> Simulation:
    """Play ``params`` on ``w3`` with ``council`` deploying and governing the suite;
    returns the finished Simulation (its ``figures``)."""
    world = model(params)
    # web3 asks for the chain id at every transaction it validates (twice): a constant
    w3.provider.cache_allowed_requests = True
    cast = make_cast(w3, council, world, keystore_prefix, password, keystore_dir)
    sim = Simulation(w3, world, cast, run_dir or run_dir_for(w3, params), progress=progress,
                     after_step=after_step)
    sim.run()
    return sim
