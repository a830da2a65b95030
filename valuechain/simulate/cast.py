"""Who sends for whom in a simulated consortium: one Sender per party.

On the dev chain (31337) the parties are addresses derived from the seed, which Anvil
impersonates and funds (``anvil_impersonateAccount``, ``anvil_setBalance``): no key
exists anywhere, and a seed gives the same addresses on every fresh Anvil. On any other
chain each party is a keystore account ``<prefix><role>`` (``sim-oem-0``,
``sim-supplier-3``, ``sim-supplier-3-new`` for the key that replaces a leaked one),
unlocked with one password."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eth_utils import keccak, to_checksum_address
from web3 import Web3

from valuechain import accounts
from valuechain.tx import DEV_CHAIN_ID, Sender

from .model import World

log = logging.getLogger(__name__)

FUNDS_WEI = 10**24
#: fees a dev-chain party offers (Anvil's base fee stays far below): a price fixed for the
#: run saves the node's fee questions at every transaction (the gas counted is gas used)
DEV_FEES = {"maxFeePerGas": 1_000 * 10**9, "maxPriorityFeePerGas": 0}


#: the gas limit a dev-chain party gives every transaction instead of an estimate: the
#: simulation's largest (a reallocation) takes a tenth of it; gas used is what it used
DEV_GAS = 2_000_000


class DevSender(Sender):
    """A Sender for an impersonated dev-chain party: fixed fees and a fixed gas limit, so
    a transaction is one request to the node and one for its receipt. A refusal is still
    explained by name: ``wait`` replays a reverted transaction for its custom error."""

    def fee_fields(self) -> dict[str, int]:
        return dict(DEV_FEES)

    def _estimate(self, fn: Any, params: dict[str, Any], label: str) -> int:
        return DEV_GAS


def roles(world: World) -> list[str]:
    """Every party's role name: the OEMs, the suppliers and the fresh key of the incident."""
    return ([f"oem-{o.index}" for o in world.oems] + [f"supplier-{s.index}" for s in world.suppliers]
            + [f"supplier-{world.incident_supplier}-new"])


@dataclass
class Cast:
    """The council (the acting account of the command) and one Sender per role."""

    council: Sender
    senders: dict[str, Sender] = field(default_factory=dict)

    def __getitem__(self, role: str) -> Sender:
        return self.senders[role]

    def all(self) -> list[Sender]:
        return [self.council, *self.senders.values()]


def dev_address(world: World, role: str) -> str:
    return to_checksum_address(keccak(text=f"valuechain-simulate/{world.params.seed}/{role}")[12:])


def dev_cast(w3: Web3, council: Sender, world: World) -> Cast:
    """Seed-derived parties Anvil impersonates and funds (dev chain only)."""
    cast = Cast(council)
    for role in roles(world):
        address = dev_address(world, role)
        w3.provider.make_request("anvil_impersonateAccount", [address])  # type: ignore[arg-type]
        w3.provider.make_request("anvil_setBalance", [address, hex(FUNDS_WEI)])  # type: ignore[arg-type]
        cast.senders[role] = DevSender(w3, address, gas_mode=council.gas_mode)
    return cast


def keystore_cast(w3: Web3, council: Sender, world: World, prefix: str, password: str,
                  directory: Path | None = None,
                  unlock: Callable[[str, str, Path | None], object] = accounts.unlock) -> Cast:
    """Keystore accounts ``<prefix><role>``, all unlocked with ``password``."""
    cast = Cast(council)
    for role in roles(world):
        account = unlock(f"{prefix}{role}", password, directory)
        cast.senders[role] = Sender(w3, account, gas_mode=council.gas_mode)  # type: ignore[arg-type]
    return cast


def make_cast(w3: Web3, council: Sender, world: World, prefix: str = "sim-", password: str | None = None,
              directory: Path | None = None) -> Cast:
    """The dev cast on Anvil (an unlocked council), keystore accounts elsewhere."""
    if council.unlocked and council.chain_id == DEV_CHAIN_ID:
        return dev_cast(w3, council, world)
    if password is None:
        raise ValueError("a keystore cast needs the password of its accounts")
    return keystore_cast(w3, council, world, prefix, password, directory)
