"""`valuechain licence terms|grant|offer|request|accept|revoke|check|access|list`."""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta, timezone

from valuechain import licensing
from valuechain.report import access_table, console, licences_table

from .context import add_chain_options, connect


def _hex32(text: str) -> bytes:
    raw = bytes.fromhex(text.removeprefix("0x"))
    if len(raw) != 32:
        raise argparse.ArgumentTypeError(f"{text}: expected 32 bytes as 0x + 64 hex digits")
    return raw


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("licence", help="data licences from standard terms")
    s = p.add_subparsers(dest="action", required=True)

    def cmd(name, help_, handler, acting=True):
        q = s.add_parser(name, help=help_)
        add_chain_options(q, acting=acting)
        q.set_defaults(handler=handler)
        return q

    q = cmd("terms", "publish a terms template (idempotent) and print its id", _terms)
    q.add_argument("template", help="a file or the name of a template in terms/")
    for name, handler in (("grant", _grant), ("offer", _offer), ("request", _request)):
        q = cmd(name, f"{name} a licence", handler)
        q.add_argument("asset", type=_hex32)
        if name != "request":
            q.add_argument("--to", required=True, help="licensee BPNL")
        q.add_argument("--terms", required=True, help="terms template name or file")
        q.add_argument("--purposes", required=True, help="e.g. manufacturing,quality_analysis")
        q.add_argument("--days", type=int, required=True, help="validity in days from now")
        if name == "offer":
            q.add_argument("--accept-within-days", type=int, default=14)
    q = cmd("accept", "accept an offer (licensee) or grant a request (owner)", _accept)
    q.add_argument("asset", type=_hex32)
    q.add_argument("licence", type=_hex32)
    q = cmd("revoke", "revoke a licence (the asset's current owner)", _revoke)
    q.add_argument("asset", type=_hex32)
    q.add_argument("licence", type=_hex32)
    q.add_argument("--reason", choices=[r.name.lower() for r in licensing.Reason], required=True)
    q = cmd("check", "is an org licensed for a purpose on an asset?", _check, acting=False)
    q.add_argument("asset", type=_hex32)
    q.add_argument("--org", required=True)
    q.add_argument("--purpose", required=True)
    q = cmd("access", "record a data access against a licence", _access)
    q.add_argument("asset", type=_hex32)
    q.add_argument("licence", type=_hex32)
    q.add_argument("--purpose", required=True)
    q.add_argument("--what", required=True, help="what was accessed (hashed on chain)")
    q = cmd("list", "licences of an org (active, expired, revoked) and the access trail", _list, acting=False)
    q.add_argument("--org", help="BPNL (default: all)")


def _ctx(a):
    ctx = connect(a)
    return ctx, ctx.contract("DataLicensing")


def _terms_id(ctx, lic, template: str) -> bytes:
    return licensing.publish_terms(ctx.sender(), lic, licensing.load_terms(template))


def _terms(a) -> int:
    ctx, lic = _ctx(a)
    console().print(f"terms id 0x{_terms_id(ctx, lic, a.template).hex()}")
    return 0


def _end(days: int) -> datetime:
    return datetime.now(timezone.utc) + timedelta(days=days)


def _grant(a) -> int:
    ctx, lic = _ctx(a)
    lid = licensing.grant(ctx.sender(), lic, a.asset, a.to, _terms_id(ctx, lic, a.terms), licensing.parse_purposes(a.purposes), _end(a.days))
    console().print(f"licence 0x{lid.hex()} granted to {a.to}")
    return 0


def _offer(a) -> int:
    ctx, lic = _ctx(a)
    lid = licensing.offer(ctx.sender(), lic, a.asset, a.to, _terms_id(ctx, lic, a.terms), licensing.parse_purposes(a.purposes),
                          _end(a.days), _end(a.accept_within_days))
    console().print(f"licence 0x{lid.hex()} offered to {a.to}")
    return 0


def _request(a) -> int:
    ctx, lic = _ctx(a)
    lid = licensing.request(ctx.sender(), lic, a.asset, _terms_id(ctx, lic, a.terms), licensing.parse_purposes(a.purposes), _end(a.days))
    console().print(f"licence 0x{lid.hex()} requested")
    return 0


def _accept(a) -> int:
    ctx, lic = _ctx(a)
    licensing.accept(ctx.sender(), lic, a.asset, a.licence)
    return 0


def _revoke(a) -> int:
    ctx, lic = _ctx(a)
    licensing.revoke(ctx.sender(), lic, a.asset, a.licence, licensing.Reason[a.reason.upper()])
    return 0


def _check(a) -> int:
    _, lic = _ctx(a)
    ok = licensing.is_licensed(lic, a.asset, a.org, licensing.parse_purposes(a.purpose))
    console().print(f"{a.org} {'[green]is[/green]' if ok else '[red]is not[/red]'} licensed for {a.purpose}")
    return 0 if ok else 1


def _access(a) -> int:
    ctx, lic = _ctx(a)
    licensing.record_access(ctx.sender(), lic, a.asset, a.licence, licensing.parse_purposes(a.purpose), a.what)
    return 0


def _list(a) -> int:
    ctx, lic = _ctx(a)
    start = ctx.manifest().start_block
    out = console()
    out.print(licences_table(licensing.licences(lic, a.org, start)))
    out.print(access_table([e for e in licensing.access_log(lic, start) if a.org in (None, e.licensee, e.recorder)]))
    return 0
