"""What every chain command needs: a connection, an acting account and the manifest."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from web3 import Web3

from valuechain import accounts, manifest, network, profiles
from valuechain.errors import ConfigError
from valuechain.manifest import Manifest
from valuechain.tx import Sender


def add_chain_options(parser: argparse.ArgumentParser, acting: bool = True) -> None:
    g = parser.add_argument_group("chain")
    g.add_argument("--network", help="a profile of valuechain.toml or a Brownie network id")
    g.add_argument("--rpc-url", help="JSON-RPC URL (instead of --network)")
    g.add_argument("--chain-id", type=int, help="the chain id the node must serve (refuses any other)")
    g.add_argument("--manifest", type=Path, help="deployment manifest (default deployments/<chainId>.json)")
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

    def contract(self, name: str):
        return self.manifest().contract(self.w3, name)

    def sender(self) -> Sender:
        a = self.args
        if getattr(a, "dev_account", None) is not None:
            return Sender(self.w3, self.w3.eth.accounts[a.dev_account], gas_mode=self.profile.gas)
        name = getattr(a, "account", None) or self.profile.account
        if not name:
            raise ConfigError("no acting account: pass --account NAME (a keystore) or set `account` in the network profile")
        env = getattr(a, "password_env", None) or self.profile.password_env
        password = accounts.password_from(env, f"account {name}")
        return Sender(self.w3, accounts.unlock(name, password, a.keystore_dir), gas_mode=self.profile.gas)


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
    return Context(network.connect(profile.rpc_url, expected), profile, args)
