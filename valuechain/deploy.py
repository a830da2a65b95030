"""Deploying the suite: contracts, initial roles, and the manifest that records them."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from web3 import Web3
from web3.contract import Contract

from valuechain import artifacts
from valuechain.errors import ConfigError
from valuechain.manifest import Deployed, Manifest, path_for, save
from valuechain.manifest import load as load_manifest
from valuechain.tx import Sender

#: Default delay of a council (DEFAULT_ADMIN_ROLE) handover in seconds: two days.
ADMIN_DELAY = 2 * 24 * 3600


@dataclass(frozen=True)
class Part:
    """A contract of the suite and how its constructor arguments follow from the others."""

    name: str
    args: Callable[[dict[str, Contract], "Settings"], tuple]


@dataclass(frozen=True)
class Settings:
    """What the constructors need beyond the addresses of earlier parts."""

    council: str
    admin_delay: int


# In deployment order; later parts take the addresses of earlier ones.
ZERO_ADDRESS = "0x" + "00" * 20

SUITE: list[Part] = [
    Part("ConsortiumRegistry", lambda done, settings: (settings.admin_delay, settings.council)),
    Part("IPRegistry", lambda done, settings: (done["ConsortiumRegistry"].address,)),
    Part("DataLicensing", lambda done, settings: (done["ConsortiumRegistry"].address, done["IPRegistry"].address)),
    Part("SupplySignals", lambda done, settings: (done["ConsortiumRegistry"].address,)),
    Part("SupplyOrders", lambda done, settings: (
        done["ConsortiumRegistry"].address,
        done["DataLicensing"].address if "DataLicensing" in done else ZERO_ADDRESS,
        done["SupplySignals"].address,  # amendments cite its disruptions
    )),
]


def deploy(sender: Sender, name: str, *args) -> tuple[Contract, dict]:
    """Deploy contract ``name`` from the build folder; returns it and its receipt."""
    art = artifacts.load(name)
    factory = sender.w3.eth.contract(abi=art["abi"], bytecode=art["bytecode"])
    receipt = sender.transact(factory.constructor(*args), label=f"deploy {name}")
    return at(sender.w3, name, receipt["contractAddress"]), receipt


def at(w3: Web3, name: str, address: str) -> Contract:
    """Contract ``name`` (ABI from the build folder) at ``address``."""
    return w3.eth.contract(address=Web3.to_checksum_address(address), abi=artifacts.load(name)["abi"])


def deploy_suite(
    sender: Sender,
    council: str | None = None,
    onboarders: list[str] | None = None,
    directory: Path | None = None,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
    admin_delay: int = ADMIN_DELAY,
) -> Manifest:
    """Deploy and wire every contract of the suite, grant the initial roles and write
    ``deployments/<chainId>.json``.

    The registry is deployed with ``council`` (default: the deployer) as its admin, so
    a council other than the deployer governs from the first block and the deployer
    never holds any power; the admin role later moves only in two steps, ``admin_delay``
    seconds apart (OpenZeppelin AccessControlDefaultAdminRules). ONBOARDER is granted to
    ``onboarders`` by the deployer when it is the council; otherwise the council grants
    it itself, and asking for onboarders is refused before anything is sent.
    Refuses to replace a manifest whose contracts still have code unless ``force``.
    """
    w3 = sender.w3
    chain_id = w3.eth.chain_id
    path = path_for(chain_id, directory)
    if path.exists() and not force:
        live = [n for n, c in load_manifest(path=path).contracts.items() if w3.eth.get_code(Web3.to_checksum_address(c.address))]
        if live:
            raise ConfigError(
                f"{path} records a suite that is still deployed on chain {chain_id} ({', '.join(live)}); "
                "refusing to overwrite it (use --force to deploy a new suite anyway)"
            )
    council = Web3.to_checksum_address(council or sender.address)
    if onboarders and council != sender.address:
        raise ConfigError(
            f"the council {council} governs the registry from its deployment, so only it can grant ONBOARDER "
            f"to {', '.join(onboarders)}: deploy without onboarders and have the council grant the role"
        )
    if not 0 <= admin_delay < 2**48:
        raise ConfigError(f"admin delay {admin_delay} s is out of range (0 to 2**48 - 1 seconds)")
    settings = Settings(council, admin_delay)
    say = progress or (lambda _msg: None)

    done: dict[str, Contract] = {}
    manifest = Manifest(chain_id, sender.address, git_commit(), _compiler_settings())
    for part in SUITE:
        say(f"deploying {part.name}")
        contract, receipt = deploy(sender, part.name, *part.args(done, settings))
        done[part.name] = contract
        manifest.contracts[part.name] = Deployed(
            part.name, contract.address, receipt["transactionHash"].hex(), receipt["blockNumber"], contract.abi
        )

    registry = done["ConsortiumRegistry"]
    onboarder_role = registry.functions.ONBOARDER_ROLE().call()
    for account in onboarders or []:
        say(f"granting ONBOARDER to {account}")
        sender.transact(registry.functions.grantRole(onboarder_role, account), label="grant ONBOARDER")
    manifest.roles = {"council": [council], "onboarder": list(onboarders or [])}
    save(manifest, path)
    return manifest


def verify(w3: Web3, manifest: Manifest) -> dict[str, bool]:
    """Whether each deployed contract's runtime code is the local build's.

    Immutable values are written into the runtime code at deployment, where the build
    has zero placeholders behind PUSH32; those words are the only differences allowed."""
    result = {}
    for name, deployed in manifest.contracts.items():
        onchain = bytes(w3.eth.get_code(Web3.to_checksum_address(deployed.address)))
        local = bytes.fromhex(artifacts.load(name)["deployedBytecode"].removeprefix("0x"))
        result[name] = _same_code(local, onchain)
    return result


def _same_code(local: bytes, onchain: bytes) -> bool:
    if len(local) != len(onchain) or not local:
        return False
    i = 0
    while i < len(local):
        if local[i] == onchain[i]:
            i += 1
            continue
        # a difference must be the 32-byte argument of a PUSH32 that is zero locally
        start = _push32_argument_start(local, i)
        if start is None or local[start : start + 32] != b"\x00" * 32:
            return False
        i = start + 32
    return True


def _push32_argument_start(code: bytes, index: int) -> int | None:
    pc = 0
    while pc < len(code):
        op = code[pc]
        width = op - 0x5F if 0x60 <= op <= 0x7F else 0
        if width and pc < index <= pc + width:
            return pc + 1 if op == 0x7F else None
        pc += 1 + width
    return None


def git_commit() -> str:
    """The commit of the working tree (``-dirty`` when it has changes), or ``unknown``."""
    root = Path(__file__).resolve().parent.parent
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root, capture_output=True, text=True).stdout.strip()
        return commit + ("-dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _compiler_settings() -> dict[str, Any]:
    return artifacts.load("ConsortiumRegistry")["compiler"]
