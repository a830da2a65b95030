"""`valuechain deploy`: deploy the suite and write its manifest (continuing an unfinished
deployment), or verify one."""

from __future__ import annotations

import argparse

from rich.table import Table
from web3 import Web3

from valuechain import deploy as suite
from valuechain import manifest as manifests
from valuechain.errors import ChainError
from valuechain.report import console

from . import args as types
from .context import add_chain_options, connect


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("deploy", help="deploy the suite and write its manifest (default deployments/<chainId>.json)")
    add_chain_options(p)
    p.add_argument("--council", type=types.address, help="address that governs the registry (default: the deployer)")
    p.add_argument("--onboarder", action="append", default=[], type=types.address,
                   help="address granted ONBOARDER (repeatable)")
    p.add_argument("--force", action="store_true",
                   help="deploy a new suite although the manifest records one (finished, or unfinished and abandoned)")
    p.add_argument("--verify", action="store_true", help="only check that deployed code matches the local build")
    p.set_defaults(handler=_deploy)


def _deploy(args: argparse.Namespace) -> int:
    ctx = connect(args)
    out = console()
    if args.verify:
        return _verify(ctx.w3, manifests.load(chain_id=ctx.chain_id, path=args.manifest, complete=False))
    manifest = suite.deploy_suite(
        ctx.sender(), council=args.council, onboarders=args.onboarder, force=args.force, path=args.manifest,
        progress=lambda message: out.print(message, soft_wrap=True, highlight=False),
    )
    table = Table(title=f"Suite on chain {manifest.chain_id} (commit {manifest.commit[:12]})")
    for col in ("contract", "address", "block", "tx"):
        table.add_column(col)
    for c in manifest.contracts.values():
        table.add_row(c.name, c.address, str(c.block), c.tx_hash)
    out.print(table)
    return 0


def _verify(w3: Web3, manifest: manifests.Manifest) -> int:
    results = suite.verify(w3, manifest)
    table = Table(title=f"Deployed code vs local build (chain {manifest.chain_id})")
    table.add_column("contract")
    table.add_column("matches")
    for name, ok in results.items():
        table.add_row(name, "[green]yes[/green]" if ok else "[red]NO[/red]")
    console().print(table)
    if not all(results.values()):
        raise ChainError("deployed code differs from the local build: " + ", ".join(n for n, ok in results.items() if not ok))
    return 0
