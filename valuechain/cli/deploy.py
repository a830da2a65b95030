"""`valuechain deploy`: deploy the suite and write its manifest, or verify one."""

from __future__ import annotations

import argparse


from rich.table import Table

from valuechain.report import console
from valuechain import deploy as suite
from valuechain.errors import ChainError

from .context import add_chain_options, connect


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("deploy", help="deploy the suite and write deployments/<chainId>.json")
    add_chain_options(p)
    p.add_argument("--council", help="address that governs the registry (default: the deployer)")
    p.add_argument("--onboarder", action="append", default=[], help="address granted ONBOARDER (repeatable)")
    p.add_argument("--force", action="store_true", help="replace a manifest whose contracts are still deployed")
    p.add_argument("--verify", action="store_true", help="only check that deployed code matches the local build")
    p.set_defaults(handler=_deploy)


def _deploy(args: argparse.Namespace) -> int:
    ctx = connect(args)
    out = console()
    if args.verify:
        results = suite.verify(ctx.w3, ctx.manifest())
        table = Table(title=f"Deployed code vs local build (chain {ctx.chain_id})")
        table.add_column("contract")
        table.add_column("matches")
        for name, ok in results.items():
            table.add_row(name, "[green]yes[/green]" if ok else "[red]NO[/red]")
        out.print(table)
        if not all(results.values()):
            raise ChainError("deployed code differs from the local build: " + ", ".join(n for n, ok in results.items() if not ok))
        return 0
    manifest = suite.deploy_suite(
        ctx.sender(), council=args.council, onboarders=args.onboarder, force=args.force,
        directory=args.manifest.parent if args.manifest else None, progress=out.print,
    )
    table = Table(title=f"Suite deployed on chain {manifest.chain_id} (commit {manifest.commit[:12]})")
    for col in ("contract", "address", "block", "tx"):
        table.add_column(col)
    for c in manifest.contracts.values():
        table.add_row(c.name, c.address, str(c.block), c.tx_hash)
    out.print(table)
    return 0
