"""Deployment manifests: ``deployments/<chainId>.json``, how everything finds the suite.

A manifest records, per contract, its address, deployment transaction and block and
its ABI, plus the compiler settings, the git commit and the deployer. Analysts need
nothing else (and web3) to read the suite's events.

It is written while the suite is deployed: first with the deployment's settings, then
before each deployment leaves (``pending``: its nonce and the address it will have), after
each receipt (``contracts``) and each wiring step (``steps``), and last marked
``complete``. A deployment cut short (out of gas, a node that died) is continued from it
(``valuechain.deploy.deploy_suite``); everything else loads only complete manifests of
the chain it is connected to.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from web3 import Web3
from web3.contract import Contract

from valuechain import artifacts, jsonfile
from valuechain.errors import ConfigError

log = logging.getLogger(__name__)

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
    complete: bool = True  # False while its deployment is under way or was cut short
    settings: dict[str, Any] = field(default_factory=dict)  # what the deployment was asked for
    pending: dict[str, Any] | None = None  # the deployment sent last, not yet seen landing
    steps: dict[str, dict[str, Any]] = field(default_factory=dict)  # wiring done after the contracts

    @property
    def start_block(self) -> int:
        """The first block holding any of the suite: where event indexing starts."""
        return min((c.block for c in self.contracts.values()), default=0)

    def contract(self, w3: Web3, name: str) -> Contract:
        if name not in self.contracts:
            raise ConfigError(f"the manifest of chain {self.chain_id} has no {name} (it has: {', '.join(self.contracts)})",
                              what=f"manifest of chain {self.chain_id}", where="contracts",
                              expected=name, found=list(self.contracts))
        return self.contracts[name].contract(w3)

    def pending_names(self) -> list[str]:
        """What an unfinished deployment still lacks: contracts, then wiring steps."""
        return ([n for n in self.settings.get("contracts", []) if n not in self.contracts]
                + [s for s in self.settings.get("steps", []) if s not in self.steps])

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "format": FORMAT,
            "chainId": self.chain_id,
            "complete": self.complete,
            "deployer": self.deployer,
            "commit": self.commit,
            "compiler": self.compiler,
            "settings": self.settings,
            "roles": self.roles,
            "contracts": {
                n: {"address": c.address, "txHash": c.tx_hash, "block": c.block, "abi": c.abi}
                for n, c in self.contracts.items()
            },
            "steps": self.steps,
        }
        if self.pending is not None:
            data["pending"] = self.pending
        return data

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
                complete=bool(data.get("complete", True)),  # manifests before resumable deployment: written when done
                settings=data.get("settings", {}),
                pending=data.get("pending"),
                steps=data.get("steps", {}),
                contracts={
                    n: Deployed(n, c["address"], c["txHash"], int(c["block"]), c["abi"])
                    for n, c in data["contracts"].items()
                },
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"{source}: not a valuechain deployment manifest (missing or bad field {exc})",
                              what=source, where=str(exc), expected="a valuechain deployment manifest") from None
        for deployed in loaded.contracts.values():
            artifacts.learn_abi(deployed.abi)
        return loaded


def path_for(chain_id: int, directory: Path | None = None) -> Path:
    return (directory or DEFAULT_DIR) / f"{chain_id}.json"


class ManifestMismatch(ConfigError):
    """The manifest at ``path`` (``what``) is not usable here: the ``field`` it records
    (``where``) holds ``found`` where ``expected`` was wanted. Nothing was sent."""

    FIELDS = (*ConfigError.FIELDS, "field")

    def __init__(self, path: Path, field: str, found: object, expected: object, message: str) -> None:
        self.path, self.field = path, field
        super().__init__(message, what=str(path), where=field, expected=expected, found=found)


def load(chain_id: int | None = None, path: Path | None = None, directory: Path | None = None,
         complete: bool = True) -> Manifest:
    """The manifest at ``path``, or the one of ``chain_id`` in ``directory``.

    With ``chain_id`` (the chain the caller is connected to) a manifest of another chain
    is refused, wherever it lies; unless ``complete=False`` (the deployment continuing
    it), so is the manifest of a deployment that did not finish."""
    if path is None:
        if chain_id is None:
            raise ConfigError("name a manifest file or a chain id", what="manifest",
                              expected="a manifest file or a chain id")
        path = path_for(chain_id, directory)
    path = Path(path)
    if path.is_dir():
        example = path_for(chain_id or 31337, path)
        raise ConfigError(f"{path} is a folder: name the manifest file (e.g. {example})", what=str(path),
                          expected="a deployment manifest file", found="a folder")
    data = jsonfile.read_object(path, "deployment manifest", error=ConfigError,
                                missing="expected --manifest naming one, or deploy first: `valuechain deploy`")
    manifest = Manifest.from_json(data, str(path))
    if chain_id is not None and manifest.chain_id != chain_id:
        raise ManifestMismatch(path, "chain id", manifest.chain_id, chain_id,
                               f"{path} is the manifest of chain {manifest.chain_id}, but the node serves chain "
                               f"{chain_id} (expected the manifest of chain {chain_id} with --manifest, or a node of "
                               f"chain {manifest.chain_id}); nothing was sent")
    if complete and not manifest.complete:
        missing = manifest.pending_names()
        raise ManifestMismatch(path, "complete", False, True,
                               f"{path} records a deployment on chain {manifest.chain_id} that did not finish"
                               f"{' (missing: ' + ', '.join(missing) + ')' if missing else ''}: run `valuechain deploy` "
                               "with the same manifest to finish it; nothing was sent")
    return manifest


def save(manifest: Manifest, path: Path) -> None:
    """Write atomically: a crash leaves the old manifest or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(manifest.to_json(), indent=2) + "\n")
    tmp.replace(path)
    log.debug("manifest of chain %d saved to %s (%d contracts%s)", manifest.chain_id, path, len(manifest.contracts),
              "" if manifest.complete else ", unfinished")
