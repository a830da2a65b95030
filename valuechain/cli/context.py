"""What every chain command needs: a connection, an acting account and the manifest."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from web3 import Web3
from web3.contract import Contract

from valuechain import accounts, manifest, network, profiles
from valuechain.errors import ChainError, ConfigError, InputError
from valuechain.events import EventIndex
from valuechain.manifest import Manifest
from valuechain.report import console, dry_run_table
from valuechain.tx import DryRun, Sender

from . import args as types

#: the chain options: (flags, keyword arguments, whether only commands that send take it).
#: Every chain command takes them after its name; `valuechain` takes them before the
#: command too (``valuechain --rpc-url URL deploy``; given on both sides, the one after it wins).
CHAIN_OPTIONS: list[tuple[str, dict[str, Any], bool]] = [
    ("--network", {"type": types.network, "help": "a profile of valuechain.toml or a Brownie network id"}, False),
    ("--rpc-url", {"type": types.rpc_url, "help": "JSON-RPC URL (instead of --network)"}, False),
    ("--chain-id", {"type": types.chain_id, "help": "the chain id the node must serve (refuses any other)"}, False),
    ("--manifest", {"type": types.file_path,
                    "help": "deployment manifest (default deployments/<chainId>.json)"}, False),
    ("--index", {"type": types.file_path,
                 "help": "event index SQLite file (default .valuechain/events-<chainId>.sqlite)"}, False),
    ("--account", {"type": types.account_name,
                   "help": "keystore name of the acting account (default: the profile's)"}, True),
    ("--password-env", {"type": types.env_name, "help": "environment variable holding the keystore password"}, True),
    ("--dev-account", {"type": types.dev_account, "metavar": "N",
                       "help": "the node's unlocked account N (chain 31337 only)"}, True),
    ("--keystore-dir", {"type": types.folder, "help": "keystore folder (default keystores/)"}, True),
]
#: where the values given before the command wait until the command's own are known
BEFORE = "before_"


def add_chain_options(parser: argparse.ArgumentParser, acting: bool = True) -> None:
    g = parser.add_argument_group("chain")
    for flag, kwargs, sends in CHAIN_OPTIONS:
        if acting or not sends:
            g.add_argument(flag, **kwargs)


def add_global_chain_options(parser: argparse.ArgumentParser) -> None:
    """The chain options before the command (``valuechain --rpc-url URL deploy``)."""
    g = parser.add_argument_group("chain (also after the command)")
    for flag, kwargs, _ in CHAIN_OPTIONS:
        dest = flag[2:].replace("-", "_")
        g.add_argument(flag, dest=BEFORE + dest, default=argparse.SUPPRESS, **{"metavar": dest.upper(), **kwargs})


def merge_chain_options(args: argparse.Namespace, command: argparse.ArgumentParser) -> None:
    """Hand the chain options given before the command to it (one given after the command
    too wins); refuse one the command does not take (it sends nothing, or is no chain command)."""
    for flag, _, sends in CHAIN_OPTIONS:
        dest = flag[2:].replace("-", "_")
        if not hasattr(args, BEFORE + dest):
            continue
        value = getattr(args, BEFORE + dest)
        delattr(args, BEFORE + dest)
        if not any(action.dest == dest for action in command._actions):
            kind = "sends nothing" if sends and hasattr(args, "rpc_url") else "does not use a chain"
            expected = f"only the options of `{command.prog} --help`"
            raise InputError(f"{command.prog}: {flag} is not an option of this command (it {kind}; expected "
                             f"{expected})", what=command.prog, where=flag, expected=expected, found=value)
        if getattr(args, dest, None) is None:
            setattr(args, dest, value)


@dataclass
class Context:
    w3: Web3
    profile: profiles.Profile
    args: argparse.Namespace
    _manifest: Manifest | None = field(default=None, init=False, repr=False)

    @property
    def chain_id(self) -> int:
        return self.w3.eth.chain_id

    def manifest(self) -> Manifest:
        """The deployment manifest, read once per command (a command asks for several of
        its contracts; each read was a chain-id query and a parse of every ABI)."""
        if self._manifest is None:
            self._manifest = manifest.load(chain_id=self.chain_id, path=self.args.manifest)
        return self._manifest

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
            if not accounts_:
                expected = "--account NAME, a keystore account"
                raise InputError(f"--dev-account {a.dev_account}: the node holds no unlocked accounts (expected "
                                 f"{expected})", what="unlocked account", where="--dev-account", expected=expected,
                                 found=a.dev_account)
            if not 0 <= a.dev_account < len(accounts_):
                expected = f"0 to {len(accounts_) - 1}"
                raise InputError(f"--dev-account {a.dev_account}: the node holds {len(accounts_)} unlocked accounts "
                                 f"(expected {expected})", what="unlocked account", where="--dev-account",
                                 expected=expected, found=a.dev_account)
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


def command(actions: argparse._SubParsersAction, name: str, help_: str, handler: Callable[[argparse.Namespace], int],
            acting: bool = True, dry_run: bool = False) -> argparse.ArgumentParser:
    """The subcommand ``name`` of a command group: the chain options (an acting account
    unless ``acting`` is False), ``--dry-run`` when asked, and its handler."""
    q = actions.add_parser(name, help=help_, description=help_)
    add_chain_options(q, acting=acting)
    if dry_run:
        add_dry_run(q)
    q.set_defaults(handler=handler)
    return q


def act(ctx: Context, action: Callable[[Sender], Any], done: str | Callable[[Any], str],
        notes: dict[str, str] | None = None) -> int:
    """Run ``action`` (a library function sending transactions) as the acting account.

    With ``--dry-run`` nothing is sent: the transaction is simulated and shown (exit 0
    if it would succeed, 1 if it would revert). Otherwise one line says what happened:
    ``done`` (or ``done(result)``) with the block and transaction of what was sent."""
    dry = bool(getattr(ctx.args, "dry_run", False))
    sender = ctx.sender(dry_run=dry)
    try:
        result = action(sender)
    except DryRun as exc:
        sim = exc.simulation
        names = {c.address.lower(): c.name for c in ctx.manifest().contracts.values()}
        console().print(dry_run_table(sim, names.get(sim.address.lower(), "contract"), notes or {}))
        return 0 if sim.ok else 1
    message = done(result) if callable(done) else done
    console().print(f"{message}{where(sender.receipts)}", soft_wrap=True)
    return 0


def where(receipts: list[Any]) -> str:
    """`` (block B, tx 0x…)`` for what was sent; the blocks and the last tx for several."""
    if not receipts:
        return ""
    last = f"tx 0x{bytes(receipts[-1]['transactionHash']).hex()}"
    if len(receipts) == 1:
        return f" (block {receipts[0]['blockNumber']}, {last})"
    return (f" ({len(receipts)} transactions, blocks {receipts[0]['blockNumber']} to {receipts[-1]['blockNumber']}, "
            f"the last {last})")


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
        raise ConfigError("no chain named (expected --network NAME, or --rpc-url URL --chain-id N)", what="chain",
                          expected="--network NAME, or --rpc-url URL --chain-id N")
    expected = args.chain_id if args.chain_id is not None else profile.chain_id
    if expected is None:
        raise ConfigError(f"network {profile.name}: no chain id known (expected --chain-id N, so the tool cannot act "
                          "on the wrong chain)", what="chain id", where=f"network {profile.name}",
                          expected="--chain-id N")
    try:
        w3 = network.connect(profile.rpc_url, expected)
    except ChainError as exc:  # name the option that pointed there
        option = "--rpc-url" if args.rpc_url else f"--network {profile.name}"
        raise ChainError(f"{option}: {exc}", what=exc.what, where=exc.where, expected=exc.expected,
                         found=exc.found) from None
    ctx = Context(w3, profile, args)
    _connected[:] = [ctx]  # the command's connection, for paused_business_call
    return ctx
