"""`valuechain licence terms|grant|offer|request|sublicense|accept|decline|withdraw|revoke|check|access|list`.

An offer, the owner's (`offer`) or a licensee's sublicence offer (`sublicense`), is
nothing until its licensee runs `accept` on it by the deadline; `decline` refuses it,
`withdraw` takes it back."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from web3.contract import Contract

from valuechain import licensing
from valuechain.errors import InputError
from valuechain.report import access_table, console, licences_table

from .context import Context, add_chain_options, connect


def _hex32(text: str) -> bytes:
    raw = bytes.fromhex(text.removeprefix("0x"))
    if len(raw) != 32:
        raise argparse.ArgumentTypeError(f"{text}: expected 32 bytes as 0x + 64 hex digits")
    return raw


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("licence", help="data licences from standard terms")
    s = p.add_subparsers(dest="action", required=True)

    def cmd(name: str, help_: str, handler: Callable[[argparse.Namespace], int], acting: bool = True) -> argparse.ArgumentParser:
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
            q.add_argument("--accept-within-days", type=int, help="days the licensee has to accept (default 14, before the end)")
    q = cmd("sublicense", "offer a sublicence under your licence (the sublicensee accepts it)", _sublicense)
    q.add_argument("asset", type=_hex32)
    q.add_argument("parent", type=_hex32, help="your sublicensable licence")
    q.add_argument("--to", required=True, help="sublicensee BPNL")
    q.add_argument("--purposes", required=True, help="within the parent's, e.g. quality_analysis")
    q.add_argument("--days", type=int, help="validity in days from now (default: up to the parent's end)")
    q.add_argument("--accept-within-days", type=int, help="days the sublicensee has to accept (default 14, before the end)")
    for name, help_, handler in (
        ("accept", "accept an offer or a sublicence offer (licensee) or grant a request (owner)", _accept),
        ("decline", "decline an offer or a sublicence offer (licensee) or a request (owner)", _decline),
        ("withdraw", "withdraw an offer (owner; a sublicence offer: sublicensor or owner) or a request (requester)", _withdraw),
    ):
        q = cmd(name, help_, handler)
        q.add_argument("asset", type=_hex32)
        q.add_argument("licence", type=_hex32)
    q = cmd("revoke", "revoke a licence (the asset's current owner)", _revoke)
    q.add_argument("asset", type=_hex32)
    q.add_argument("licence", type=_hex32)
    q.add_argument("--reason", choices=[r.name.lower() for r in licensing.REVOKE_REASONS], required=True)
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


def _ctx(a: argparse.Namespace) -> tuple[Context, Contract]:
    ctx = connect(a)
    return ctx, ctx.contract("DataLicensing")


def _terms_id(ctx: Context, lic: Contract, template: str) -> bytes:
    return licensing.publish_terms(ctx.sender(), lic, licensing.load_terms(template))


def _terms(a: argparse.Namespace) -> int:
    ctx, lic = _ctx(a)
    console().print(f"terms id 0x{_terms_id(ctx, lic, a.template).hex()}")
    return 0


def _end(days: int) -> datetime:
    return datetime.now(UTC) + timedelta(days=days)


def _grant(a: argparse.Namespace) -> int:
    ctx, lic = _ctx(a)
    lid = licensing.grant(ctx.sender(), lic, a.asset, a.to, _terms_id(ctx, lic, a.terms), licensing.parse_purposes(a.purposes), _end(a.days))
    console().print(f"licence 0x{lid.hex()} granted to {a.to}")
    return 0


def _deadline(accept_within_days: int | None, end: datetime) -> datetime:
    """The acceptance deadline: as asked (it must come before ``end``), or by default 14
    days, but no later than just before ``end``."""
    if accept_within_days is None:
        return min(_end(14), end - timedelta(minutes=1))
    deadline = _end(accept_within_days)
    if accept_within_days < 0 or deadline >= end:
        raise InputError(f"--accept-within-days {accept_within_days}: the offer must be accepted before the licence "
                         f"ends ({end:%Y-%m-%d %H:%M} UTC)")
    return deadline


def _offer(a: argparse.Namespace) -> int:
    ctx, lic = _ctx(a)
    end = _end(a.days)
    deadline = _deadline(a.accept_within_days, end)
    lid = licensing.offer(ctx.sender(), lic, a.asset, a.to, _terms_id(ctx, lic, a.terms), licensing.parse_purposes(a.purposes),
                          end, deadline)
    console().print(f"licence 0x{lid.hex()} offered to {a.to} (to accept by {deadline:%Y-%m-%d %H:%M} UTC)")
    return 0


def _sublicense(a: argparse.Namespace) -> int:
    ctx, lic = _ctx(a)
    end = _end(a.days) if a.days is not None else licensing.parent_end(lic, a.asset, a.parent)
    deadline = _deadline(a.accept_within_days, end)
    lid = licensing.sublicense(ctx.sender(), lic, a.asset, a.parent, a.to, licensing.parse_purposes(a.purposes), end, deadline)
    console().print(f"sublicence 0x{lid.hex()} offered to {a.to}: in force once {a.to} accepts it by "
                    f"{deadline:%Y-%m-%d %H:%M} UTC (valuechain licence accept 0x{a.asset.hex()} 0x{lid.hex()})")
    return 0


def _request(a: argparse.Namespace) -> int:
    ctx, lic = _ctx(a)
    lid = licensing.request(ctx.sender(), lic, a.asset, _terms_id(ctx, lic, a.terms), licensing.parse_purposes(a.purposes), _end(a.days))
    console().print(f"licence 0x{lid.hex()} requested")
    return 0


def _accept(a: argparse.Namespace) -> int:
    ctx, lic = _ctx(a)
    licensing.accept(ctx.sender(), lic, a.asset, a.licence)
    console().print(f"licence 0x{a.licence.hex()} accepted")
    return 0


def _decline(a: argparse.Namespace) -> int:
    ctx, lic = _ctx(a)
    licensing.decline(ctx.sender(), lic, a.asset, a.licence)
    console().print(f"licence 0x{a.licence.hex()} declined")
    return 0


def _withdraw(a: argparse.Namespace) -> int:
    ctx, lic = _ctx(a)
    licensing.withdraw(ctx.sender(), lic, a.asset, a.licence)
    console().print(f"licence 0x{a.licence.hex()} withdrawn")
    return 0


def _revoke(a: argparse.Namespace) -> int:
    ctx, lic = _ctx(a)
    licensing.revoke(ctx.sender(), lic, a.asset, a.licence, licensing.RevocationReason[a.reason.upper()])
    return 0


def _check(a: argparse.Namespace) -> int:
    _, lic = _ctx(a)
    ok = licensing.is_licensed(lic, a.asset, a.org, licensing.parse_purposes(a.purpose))
    console().print(f"{a.org} {'[green]is[/green]' if ok else '[red]is not[/red]'} licensed for {a.purpose}")
    return 0 if ok else 1


def _access(a: argparse.Namespace) -> int:
    ctx, lic = _ctx(a)
    licensing.record_access(ctx.sender(), lic, a.asset, a.licence, licensing.parse_purposes(a.purpose), a.what)
    return 0


def _list(a: argparse.Namespace) -> int:
    ctx = connect(a)
    with ctx.index() as index:  # statuses as of the chain's latest block, as the contract's view tells them
        licences, accesses = index.licences(now=index.last_time, org=a.org), index.access_log(org=a.org)
    out = console()
    out.print(licences_table(licences))
    out.print(access_table(accesses))
    return 0
