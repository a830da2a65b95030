"""What every chain command needs: a connection, an acting account and the manifest."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from web3 import Web3
from web3.contract import Contract

from valuechain import accounts, manifest, network, profiles
from valuechain.errors import ConfigError
from valuechain.events import EventIndex
from valuechain.manifest import Manifest
from valuechain.report import console, dry_run_table
from valuechain.tx import DryRun, Sender


def add_chain_options(parser: argparse.ArgumentParser, acting: bool = True) -> None:
    g = parser.add_argument_group("chain")
    g.add_argument("--network", help="a profile of valuechain.toml or a Brownie network id")
    g.add_argument("--rpc-url", help="JSON-RPC URL (instead of --network)")
    g.add_argument("--chain-id", type=int, help="the chain id the node must serve (refuses any other)")
    g.add_argument("--manifest", type=Path, help="deployment manifest (default deployments/<chainId>.json)")
    g.add_argument("--index", type=Path, help="event index SQLite file (default .valuechain/events-<chainId>.sqlite)")
    if acting:
        g.add_argument("--account", help="keystore name of the acting account (default: the profile's)")
        g.add_argument("--password-env", help="environment variable holding the keystore password")
        g.add_argument("--dev-account", type=int, metavar="N", help="the node's unlocked account N (chain 31337 only)")
        g.add_argument("--keystore-dir", type=Path, help="keystore folder (default keystores/)")


@dataclass
class Context:
    w3: Web3
    profile: profiles.Profile
    args: argparse.Namespace

    @property
    def chain_id(self) -> int:
        return self.w3.eth.chain_id

    def manifest(self) -> Manifest:
        return manifest.load(chain_id=self.chain_id, path=self.args.manifest)

    def contract(self, name: str) -> Contract:
        return self.manifest().contract(self.w3, name)

    def index(self) -> EventIndex:
        """The event index of the deployment, synced to the node's latest block: every
        listing and history reads through it (``valuechain.events``: block ranges that
        adapt to what the node accepts). The file is ``.valuechain/events-<chainId>.sqlite``
        (``$VALUECHAIN_INDEX_DIR``) unless ``--index`` names one; use it in a ``with`` block."""
        return EventIndex.synced(self.manifest(), self.w3, self.args.index)

    def sender(self, dry_run: bool = False) -> Sender:
        """The acting account as a Sender; with ``dry_run`` one that only simulates (a
        keystore account is then not unlocked: its address is enough)."""
        a = self.args
        if getattr(a, "dev_account", None) is not None:
            accounts_ = self.w3.eth.accounts
            if not 0 <= a.dev_account < len(accounts_):
                raise ConfigError(f"--dev-account {a.dev_account}: the node holds {len(accounts_)} unlocked accounts (0 to {len(accounts_) - 1})")
            return Sender(self.w3, accounts_[a.dev_account], gas_mode=self.profile.gas, dry_run=dry_run)
        name = getattr(a, "account", None) or self.profile.account
        if not name:
            raise ConfigError("no acting account: pass --account NAME (a keystore) or set `account` in the network profile")
        if dry_run:
            return Sender(self.w3, accounts.address_of(name, a.keystore_dir), gas_mode=self.profile.gas, dry_run=True)
        env = getattr(a, "password_env", None) or self.profile.password_env
        password = accounts.password_from(env, f"account {name}")
        return Sender(self.w3, accounts.unlock(name, password, a.keystore_dir), gas_mode=self.profile.gas)


def add_dry_run(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dry-run", action="store_true",
                        help="show what would be sent (contract, function, arguments, from) and simulate it; send nothing")


def act(ctx: Context, action: Callable[[Sender], Any], done: str, notes: dict[str, str] | None = None) -> int:
    """Run ``action`` (a library function sending one transaction) as the acting account.

    With ``--dry-run`` nothing is sent: the transaction is simulated and shown (exit 0
    if it would succeed, 1 if it would revert). Otherwise ``done`` is printed with the
    block and transaction of the receipt."""
    dry = bool(getattr(ctx.args, "dry_run", False))
    sender = ctx.sender(dry_run=dry)
    try:
        receipt = action(sender)
    except DryRun as exc:
        sim = exc.simulation
        names = {c.address.lower(): c.name for c in ctx.manifest().contracts.values()}
        console().print(dry_run_table(sim, names.get(sim.address.lower(), "contract"), notes or {}))
        return 0 if sim.ok else 1
    where = f" (block {receipt['blockNumber']}, tx 0x{bytes(receipt['transactionHash']).hex()})" if receipt else ""
    console().print(f"{done}{where}", soft_wrap=True)
    return 0


_connected: list[Context] = []


def paused_business_call(contract: str | None) -> bool:
    """Whether a refused call to ``contract`` met the pause: the suite of the chain this
    command connected to is paused and ``contract`` is one of its business contracts
    (the registry's own refusals name EnforcedPause themselves; its council functions
    work while paused). Lets a contract that swallows the registry's EnforcedPause and
    reverts with its own error still be reported as paused. Best effort: False when unknown."""
    if not _connected or contract is None:
        return False
    try:
        registry = _connected[-1].contract("ConsortiumRegistry")
        return registry.address.lower() != contract.lower() and bool(registry.functions.paused().call())
    except Exception:  # noqa: BLE001 - only a better explanation is at stake
        return False


def connect(args: argparse.Namespace) -> Context:
    if args.rpc_url:
        profile = profiles.Profile("cli", args.rpc_url, args.chain_id)
    elif args.network:
        profile = profiles.resolve(args.network)
    else:
        raise ConfigError("say which chain: --network NAME, or --rpc-url URL --chain-id N")
    expected = args.chain_id if args.chain_id is not None else profile.chain_id
    if expected is None:
        raise ConfigError(f"network {profile.name}: no chain id known; pass --chain-id so the tool cannot act on the wrong chain")
    ctx = Context(network.connect(profile.rpc_url, expected), profile, args)
    _connected[:] = [ctx]  # the command's connection, for paused_business_call
    return ctx
