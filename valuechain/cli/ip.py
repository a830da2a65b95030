"""`valuechain ip register|verify|history`: provable ownership of innovations."""

from __future__ import annotations

import argparse
from pathlib import Path

from valuechain import documents, ip
from valuechain.errors import ChainError, InputError
from valuechain.report import console, ip_history_table
from valuechain.tx import Sender

from . import args as types
from .context import act, add_chain_options, connect


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ip", help="register, verify and trace innovations")
    s = p.add_subparsers(dest="action", required=True)
    q = s.add_parser("register", help="register a document by a salted commitment (writes a receipt)")
    add_chain_options(q)
    q.add_argument("file", metavar="FILE", type=types.file, help="the document to register")
    q.add_argument("--kind", choices=[k.name.lower() for k in ip.Kind], default="design")
    q.add_argument("--metadata", default="", help="metadata text (its hash goes on chain)")
    q.add_argument("--revises", metavar="ASSET", type=types.hex32,
                   help="asset id (0x + 64 hex digits) of the version this file revises")
    q.add_argument("--receipt-dir", type=types.folder, help="where the receipt goes (default: next to the file)")
    q.set_defaults(handler=_register)
    q = s.add_parser("verify", help="check a file against the chain with its receipt: did this org register it?")
    add_chain_options(q, acting=False)
    q.add_argument("file", metavar="FILE", type=types.file, help="the document to check")
    q.add_argument("--receipt", type=types.file, required=True, help="its receipt (FILE.receipt.json)")
    q.add_argument("--org", type=types.bpnl,
                   help="BPNL of the org whose registration is checked (default: the receipt's org)")
    q.set_defaults(handler=_verify)
    q = s.add_parser("history", help="versions and owners of an asset's lineage over time")
    add_chain_options(q, acting=False)
    q.add_argument("asset", metavar="ASSET", type=types.hex32,
                   help="the id of a registered asset or of one of its versions (0x + 64 hex digits)")
    q.set_defaults(handler=_history)


def _register(a: argparse.Namespace) -> int:
    ctx = connect(a)
    contract = ctx.contract("IPRegistry")

    def send(sender: Sender) -> tuple[documents.Receipt, Path]:
        if a.revises:
            return ip.revise_file(sender, contract, a.revises, a.file, a.metadata, a.receipt_dir)
        return ip.register_file(sender, contract, a.file, ip.Kind[a.kind.upper()], a.metadata, a.receipt_dir)

    def done(result: tuple[documents.Receipt, Path]) -> str:
        receipt, where = result
        return (f"registered {a.file.name} for {receipt.org} as asset {receipt.asset_id} with receipt {where}, "
                "its only proof: keep it")
    return act(ctx, send, done)


def _verify(a: argparse.Namespace) -> int:
    ctx = connect(a)
    receipt = documents.load_receipt(a.receipt)
    org = a.org or receipt.org
    result = ip.verify_file(ctx.contract("IPRegistry"), a.file, receipt, org)
    if result == ip.Verdict.MATCH:
        console().print(f"[green]match[/green]: {org} registered {a.file} as asset {receipt.asset_id} "
                        f"at block time {receipt.registered_at} (chain {receipt.chain_id}, contract {receipt.contract})")
        return 0
    if result == ip.Verdict.MISMATCH:
        raise ChainError(f"mismatch: {a.file} is not the document registered as {receipt.asset_id} (changed since?)")
    if result == ip.Verdict.NOT_REGISTRANT:
        raise ChainError(f"not registered by {org}: {a.file} is the receipt's document, but {org} did not register "
                         f"it as {receipt.asset_id}")
    raise ChainError(f"unknown asset: {receipt.asset_id} is not registered on chain {ctx.chain_id}")


def _history(a: argparse.Namespace) -> int:
    ctx = connect(a)
    asset = "0x" + a.asset.hex()
    with ctx.index() as index:
        history = index.ip_history(asset)
    if history.empty:
        raise InputError(f"ASSET: {asset} is not registered on chain {ctx.chain_id} (expected the id of a registered "
                         "asset or of one of its versions, 0x + 64 hex digits)", what="asset", where="ASSET",
                         expected="a registered asset", found=asset)
    console().print(ip_history_table(asset, history))
    return 0
