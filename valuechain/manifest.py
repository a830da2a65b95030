"""Deployment manifests: ``deployments/<chainId>.json``, how everything finds the suite.

A manifest records, per contract, its address, deployment transaction and block and
its ABI, plus the compiler settings, the git commit and the deployer. Analysts need
nothing else (and web3) to read the suite's events.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from web3 import Web3
from web3.contract import Contract

from valuechain import artifacts
from valuechain.errors import ConfigError

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "deployments"
FORMAT = 1


@dataclass
class Deployed:
    """One deployed contract as recorded in the manifest."""

    name: str
    address: str
    tx_hash: str
    block: int
    abi: list[dict[str, Any]]

    def contract(self, w3: Web3) -> Contract:
        return w3.eth.contract(address=Web3.to_checksum_address(self.address), abi=self.abi)


@dataclass
class Manifest:
    chain_id: int
    deployer: str
    commit: str
    compiler: dict[str, Any]
    contracts: dict[str, Deployed] = field(default_factory=dict)
    roles: dict[str, list[str]] = field(default_factory=dict)

    @property
    def start_block(self) -> int:
        """The first block holding any of the suite: where event indexing starts."""
        return min((c.block for c in self.contracts.values()), default=0)

    def contract(self, w3: Web3, name: str) -> Contract:
        if name not in self.contracts:
            raise ConfigError(f"the manifest of chain {self.chain_id} has no {name} (it has: {', '.join(self.contracts)})")
        return self.contracts[name].contract(w3)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "chainId": self.chain_id,
            "deployer": self.deployer,
            "commit": self.commit,
            "compiler": self.compiler,
            "roles": self.roles,
            "contracts": {
                n: {"address": c.address, "txHash": c.tx_hash, "block": c.block, "abi": c.abi}
                for n, c in self.contracts.items()
            },
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], source: str = "manifest") -> Manifest:
        """The manifest in ``data``; revert decoding learns its contracts' custom errors."""
        try:
            loaded = cls(
                chain_id=int(data["chainId"]),
                deployer=data["deployer"],
                commit=data["commit"],
                compiler=data["compiler"],
                roles=data.get("roles", {}),
                contracts={
                    n: Deployed(n, c["address"], c["txHash"], int(c["block"]), c["abi"])
                    for n, c in data["contracts"].items()
                },
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"{source}: not a valuechain deployment manifest (missing or bad field {exc})") from None
        for deployed in loaded.contracts.values():
            artifacts.learn_abi(deployed.abi)
        return loaded


def path_for(chain_id: int, directory: Path | None = None) -> Path:
    return (directory or DEFAULT_DIR) / f"{chain_id}.json"


def load(chain_id: int | None = None, path: Path | None = None, directory: Path | None = None) -> Manifest:
    """The manifest at ``path``, or the one of ``chain_id`` in ``directory``."""
    if path is None:
        if chain_id is None:
            raise ConfigError("name a manifest file or a chain id")
        path = path_for(chain_id, directory)
    if not Path(path).exists():
        raise ConfigError(f"no deployment manifest at {path}: deploy first (`valuechain deploy`) or name the file")
    try:
        data = json.loads(Path(path).read_text())
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}: malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    return Manifest.from_json(data, str(path))


def save(manifest: Manifest, path: Path) -> None:
    """Write atomically: a crash leaves the old manifest or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(manifest.to_json(), indent=2) + "\n")
    tmp.replace(path)
