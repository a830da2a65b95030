"""`valuechain ip register|verify|history`: provable ownership of innovations."""

from __future__ import annotations

import argparse
from pathlib import Path

from valuechain import documents, ip
from valuechain.errors import ChainError
from valuechain.report import console, ip_history_table

from .context import add_chain_options, connect


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ip", help="register, verify and trace innovations")
    s = p.add_subparsers(dest="action", required=True)
    q = s.add_parser("register", help="register a document by a salted commitment (writes a receipt)")
    add_chain_options(q)
    q.add_argument("file", type=Path)
    q.add_argument("--kind", choices=[k.name.lower() for k in ip.Kind], default="design")
    q.add_argument("--metadata", default="", help="metadata text (its hash goes on chain)")
    q.add_argument("--revises", help="asset id (0x…) of the version this file revises")
    q.add_argument("--receipt-dir", type=Path, help="where the receipt goes (default: next to the file)")
    q.set_defaults(handler=_register)
    q = s.add_parser("verify", help="check a file against the chain with its receipt")
    add_chain_options(q, acting=False)
    q.add_argument("file", type=Path)
    q.add_argument("--receipt", type=Path, required=True)
    q.set_defaults(handler=_verify)
    q = s.add_parser("history", help="versions and owners of an asset's lineage over time")
    add_chain_options(q, acting=False)
    q.add_argument("asset")
    q.set_defaults(handler=_history)


def _register(a: argparse.Namespace) -> int:
    ctx = connect(a)
    contract = ctx.contract("IPRegistry")
    if a.revises:
        receipt, where = ip.revise_file(ctx.sender(), contract, bytes.fromhex(a.revises.removeprefix("0x")), a.file, a.metadata, a.receipt_dir)
    else:
        receipt, where = ip.register_file(ctx.sender(), contract, a.file, ip.Kind[a.kind.upper()], a.metadata, a.receipt_dir)
    console().print(f"registered {a.file.name} as asset {receipt.asset_id} in block {receipt.block}; receipt {where} "
                    "(keep it: its salt is the only proof)")
    return 0


def _verify(a: argparse.Namespace) -> int:
    ctx = connect(a)
    receipt = documents.load_receipt(a.receipt)
    result = ip.verify_file(ctx.contract("IPRegistry"), a.file, receipt)
    if result == "match":
        console().print(f"[green]match[/green]: {a.file} is asset {receipt.asset_id}, registered at block time {receipt.block_time}")
        return 0
    if result == "mismatch":
        raise ChainError(f"mismatch: {a.file} is not the document registered as {receipt.asset_id} (changed since?)")
    raise ChainError(f"unknown asset: {receipt.asset_id} is not registered on chain {ctx.chain_id}")


def _history(a: argparse.Namespace) -> int:
    ctx = connect(a)
    entries = ip.history(ctx.contract("IPRegistry"), bytes.fromhex(a.asset.removeprefix("0x")))
    console().print(ip_history_table(a.asset, entries))
    return 0
