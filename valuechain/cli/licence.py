"""`valuechain licence terms|grant|offer|request|sublicense|accept|decline|withdraw|revoke|check|access|list|export`.

`licence terms import POLICY.json` publishes a Catena-X ODRL usage policy as terms (its
purposes, usage end and canonical hash; the policy itself is kept in the Catena-X
sidecar), `licence export ID` prints the policy of terms or the ODRL agreement of a
licence. A policy file also serves as `--terms` of grant, offer and request.

An offer, the owner's (`offer`) or a licensee's sublicence offer (`sublicense`), is
nothing until its licensee runs `accept` on it by the deadline; `decline` refuses it,
`withdraw` takes it back."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime, timedelta
from functools import partial

from web3.contract import Contract

from valuechain import catenax, licensing
from valuechain.catenax import odrl
from valuechain.errors import InputError
from valuechain.report import access_table, console, licences_table

from . import args as types
from .context import Context, act, command, connect
from .orders import SIDECAR  # one sidecar keeps every Catena-X document put on chain as a hash


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("licence", help="data licences from standard terms")
    s = p.add_subparsers(dest="action", required=True)

    cmd = partial(command, s)

    def asset(q: argparse.ArgumentParser, *more: str) -> None:
        q.add_argument("asset", metavar="ASSET", type=types.hex32, help="the asset id (0x + 64 hex digits)")
        for name in more:
            q.add_argument(name.lower(), metavar=name, type=types.hex32,
                           help=f"the {name.lower()} id (0x + 64 hex digits)")

    days = "validity in whole days from now (at most the terms' maximum duration)"
    within = "days the licensee has to accept (default 14, before the end)"
    q = cmd("terms", "publish a terms template, or import a Catena-X usage policy (idempotent), and print its id",
            _terms)
    q.add_argument("template", metavar="TEMPLATE", type=types.terms_or_import,
                   help="a terms JSON file or the name of a template in terms/; or `import` and a usage policy")
    q.add_argument("policy", metavar="POLICY", nargs="?", type=types.policy,
                   help="with `import`: a Catena-X ODRL usage policy (JSON-LD, profile 2024 or 2025-09)")
    q.add_argument("--derivatives", action="store_true", help="with `import`: licensees may create derived works")
    q.add_argument("--sublicensing", action="store_true", help="with `import`: licensees may sublicense")
    q.add_argument("--sidecar", type=types.file_path, default=SIDECAR,
                   help="where imported policies are kept off chain, by their hash")
    q = cmd("export", "print (or write) the ODRL policy of terms, or the ODRL agreement of a licence", _export,
            acting=False)
    q.add_argument("id", metavar="ID", type=types.hex32, help="a licence id or a terms id (0x + 64 hex digits)")
    q.add_argument("--out", type=types.file_path, help="write the JSON to this file instead of printing it")
    q.add_argument("--sidecar", type=types.file_path, default=SIDECAR, help="where imported policies are kept")
    for name, handler in (("grant", _grant), ("offer", _offer), ("request", _request)):
        q = cmd(name, f"{name} a licence", handler)
        asset(q)
        if name != "request":
            q.add_argument("--to", required=True, type=types.bpnl, help="licensee BPNL")
        q.add_argument("--terms", required=True, type=types.terms, help="terms template name or file")
        q.add_argument("--purposes", required=True, type=types.purposes, help="Catena-X purpose ids, e.g. cx.quality.base:1,valuechain.manufacturing:1")
        q.add_argument("--days", type=types.days, required=True, help=days)
        if name == "offer":
            q.add_argument("--accept-within-days", type=types.days, help=within)
    q = cmd("sublicense", "offer a sublicence under your licence (the sublicensee accepts it)", _sublicense)
    asset(q, "PARENT")
    q.add_argument("--to", required=True, type=types.bpnl, help="sublicensee BPNL")
    q.add_argument("--purposes", required=True, type=types.purposes, help="within the parent's, e.g. cx.quality.base:1")
    q.add_argument("--days", type=types.days, help="validity in whole days from now (default: up to the parent's end)")
    q.add_argument("--accept-within-days", type=types.days, help=within.replace("licensee", "sublicensee"))
    for name, help_, handler in (
        ("accept", "accept an offer or a sublicence offer (licensee) or grant a request (owner)", _accept),
        ("decline", "decline an offer or a sublicence offer (licensee) or a request (owner)", _decline),
        ("withdraw", "withdraw an offer (owner; a sublicence offer: sublicensor or owner) or a request (requester)", _withdraw),
    ):
        asset(cmd(name, help_, handler), "LICENCE")
    q = cmd("revoke", "revoke a licence (the asset's current owner)", _revoke)
    asset(q, "LICENCE")
    q.add_argument("--reason", choices=[r.name.lower() for r in licensing.REVOKE_REASONS], required=True)
    q = cmd("check", "is an org licensed for a purpose on an asset?", _check, acting=False)
    asset(q)
    q.add_argument("--org", required=True, type=types.bpnl, help="the BPNL of the org")
    q.add_argument("--purpose", required=True, type=types.purposes, help="one purpose id, e.g. cx.quality.base:1")
    q = cmd("access", "record a data access against a licence", _access)
    asset(q, "LICENCE")
    q.add_argument("--purpose", required=True, type=types.purposes, help="one purpose id, e.g. cx.quality.base:1")
    q.add_argument("--what", required=True, type=types.nonempty("what was accessed, e.g. a dataset URL"),
                   help="what was accessed (hashed on chain)")
    q = cmd("list", "licences of an org (active, expired, revoked) and the access trail", _list, acting=False)
    q.add_argument("--org", type=types.bpnl, help="BPNL (default: all)")


def _ctx(a: argparse.Namespace) -> tuple[Context, Contract]:
    ctx = connect(a)
    return ctx, ctx.contract("DataLicensing")


def _within(terms: licensing.Terms, purposes: int, days: int) -> None:
    """Refuse, before anything is sent, purposes or a duration the terms do not allow."""
    if purposes & ~int(terms.purposes):
        allowed = licensing.format_purposes(terms.purposes)
        raise InputError(f"--purposes {licensing.format_purposes(purposes)}: the terms '{terms.name}' allow "
                         f"{allowed} (expected some of those)", what="purposes", where="--purposes",
                         expected=f"some of {allowed}", found=licensing.format_purposes(purposes))
    most = terms.max_duration_s // 86400
    if days > most:
        raise InputError(f"--days {days}: the terms '{terms.name}' allow at most {most} days (expected 1 to {most})",
                         what="days", where="--days", expected=f"1 to {most}", found=days)


def _terms(a: argparse.Namespace) -> int:
    if a.template == "import":
        return _import_policy(a)
    if a.policy is not None:
        raise InputError("POLICY: only `licence terms import POLICY` takes a usage policy (expected no second "
                         "argument after a template)", what="policy", where="POLICY", expected="no second argument",
                         found=a.policy.policy_id)
    ctx, lic = _ctx(a)
    terms_id = bytes(lic.functions.termsIdOf(a.template.as_tuple()).call())
    if lic.functions.termsPublished(terms_id).call():
        console().print(f"terms '{a.template.name}' are published already as terms id 0x{terms_id.hex()}; "
                        "nothing to send", soft_wrap=True)
        return 0
    return act(ctx, lambda s: licensing.publish_terms(s, lic, a.template),
               f"terms '{a.template.name}' published: terms id 0x{terms_id.hex()}")


def _import_policy(a: argparse.Namespace) -> int:
    policy: odrl.PolicyTerms | None = a.policy
    if policy is None:
        raise InputError("POLICY: missing (expected `valuechain licence terms import POLICY.json`)", what="policy",
                         where="POLICY", expected="a Catena-X ODRL usage policy file", found=None)
    terms = licensing.policy_terms(policy, a.derivatives, a.sublicensing)
    sidecar = catenax.Sidecar.load(a.sidecar)  # the chain holds the policy's hash only: keep its text first
    odrl.remember(sidecar, policy)
    sidecar.save(a.sidecar)
    ctx, lic = _ctx(a)
    terms_id = bytes(lic.functions.termsIdOf(terms.as_tuple()).call())
    what = (f"usage policy {policy.policy_id or '(no id)'} ({policy.generation}; purposes "
            f"{licensing.format_purposes(policy.purposes)}; legal text hash 0x{policy.legal_text_hash.hex()})")
    if lic.functions.termsPublished(terms_id).call():
        console().print(f"{what} is published already as terms id 0x{terms_id.hex()}; nothing to send",
                        soft_wrap=True)
        return 0
    return act(ctx, lambda s: licensing.publish_terms(s, lic, terms), f"{what} published: terms id 0x{terms_id.hex()}")


def _policy_of(lic: Contract, sidecar: catenax.Sidecar, terms_id: bytes, where: str) -> odrl.PolicyTerms:
    terms, _, published_at = lic.functions.getTerms(terms_id).call()
    legal = bytes(terms[4])
    policy = odrl.recall(sidecar, legal) if published_at else None
    if policy is None:
        expected = "terms imported from a usage policy here (valuechain licence terms import POLICY.json)"
        raise InputError(f"ID: the policy of terms 0x{terms_id.hex()} (legal text hash 0x{legal.hex()}) is not kept in "
                         f"{where} (expected {expected})", what="terms", where="ID", expected=expected,
                         found="0x" + terms_id.hex())
    return policy


def _export(a: argparse.Namespace) -> int:
    ctx, lic = _ctx(a)
    sidecar = catenax.Sidecar.load(a.sidecar)
    with ctx.index() as index:
        frame = index.licences(now=index.last_time)
    by_id = {str(r["licence"]): r for r in frame.to_dict("records")}
    row = by_id.get("0x" + a.id.hex())
    if row is None:
        if not lic.functions.termsPublished(a.id).call():
            expected = "the id of a licence or of published terms"
            raise InputError(f"ID 0x{a.id.hex()}: no licence and no terms have this id (expected {expected})",
                             what="id", where="ID", expected=expected, found="0x" + a.id.hex())
        document = odrl.export_terms(_policy_of(lic, sidecar, a.id, str(a.sidecar)))
    else:
        root = row
        while root["terms"] is None and root["parent"] in by_id:  # a sublicence: its parent's terms
            root = by_id[root["parent"]]
        policy = _policy_of(lic, sidecar, bytes.fromhex(str(root["terms"])[2:]), str(a.sidecar))
        facts = odrl.LicenceFacts(licence=a.id, asset=bytes.fromhex(str(row["asset"])[2:]), licensor=row["licensor"],
                                  licensee=row["licensee"], purposes=int(row["purposes"]),
                                  end=int(row["end"].timestamp()))
        document = odrl.export_licence(policy, facts)
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if a.out is None:
        sys.stdout.write(text)
    else:
        a.out.write_text(text, encoding="utf-8")
        console().print(f"ODRL {'agreement of licence' if row is not None else 'policy of terms'} 0x{a.id.hex()} "
                        f"written to {a.out}", soft_wrap=True)
    return 0


def _now(ctx: Context) -> datetime:
    """The chain's time (its latest block): windows and deadlines are judged by it, not
    by this computer's clock (a test chain's clock may lag behind)."""
    return datetime.fromtimestamp(ctx.w3.eth.get_block("latest")["timestamp"], tz=UTC)


def _refuse_late_acceptance(accept_within_days: int | None, days: int | None) -> None:
    """Refused before connecting: an acceptance deadline at or after the licence's end."""
    if accept_within_days is not None and days is not None and accept_within_days >= days:
        raise InputError(f"--accept-within-days {accept_within_days}: the offer must be accepted before the licence "
                         f"ends in {days} days (expected fewer days than --days)", what="acceptance deadline",
                         where="--accept-within-days", expected=f"fewer than {days} days", found=accept_within_days)


def _deadline(now: datetime, accept_within_days: int | None, end: datetime) -> datetime:
    """The acceptance deadline: as asked (it must come before ``end``), or by default 14
    days, but no later than just before ``end``."""
    if accept_within_days is None:
        return min(now + timedelta(days=14), end - timedelta(minutes=1))
    deadline = now + timedelta(days=accept_within_days)
    if deadline >= end:
        raise InputError(f"--accept-within-days {accept_within_days}: the offer must be accepted before the licence "
                         f"ends ({end:%Y-%m-%d %H:%M} UTC; expected an earlier deadline)", what="acceptance deadline",
                         where="--accept-within-days", expected=f"before {end:%Y-%m-%d %H:%M} UTC",
                         found=f"{deadline:%Y-%m-%d %H:%M} UTC")
    return deadline


def _grant(a: argparse.Namespace) -> int:
    _within(a.terms, a.purposes, a.days)
    ctx, lic = _ctx(a)
    end = _now(ctx) + timedelta(days=a.days)
    licensing.check_not_after(a.terms, end)
    return act(ctx, lambda s: licensing.grant(s, lic, a.asset, a.to, licensing.publish_terms(s, lic, a.terms),
                                              a.purposes, end),
               lambda lid: f"licence 0x{lid.hex()} granted to {a.to} until {end:%Y-%m-%d %H:%M} UTC")


def _offer(a: argparse.Namespace) -> int:
    _within(a.terms, a.purposes, a.days)
    _refuse_late_acceptance(a.accept_within_days, a.days)
    ctx, lic = _ctx(a)
    now = _now(ctx)
    end = now + timedelta(days=a.days)
    licensing.check_not_after(a.terms, end)
    deadline = _deadline(now, a.accept_within_days, end)
    return act(ctx, lambda s: licensing.offer(s, lic, a.asset, a.to, licensing.publish_terms(s, lic, a.terms),
                                              a.purposes, end, deadline),
               lambda lid: f"licence 0x{lid.hex()} offered to {a.to} (to accept by {deadline:%Y-%m-%d %H:%M} UTC)")


def _sublicense(a: argparse.Namespace) -> int:
    _refuse_late_acceptance(a.accept_within_days, a.days)
    ctx, lic = _ctx(a)
    now = _now(ctx)
    end = now + timedelta(days=a.days) if a.days is not None else licensing.parent_end(lic, a.asset, a.parent)
    deadline = _deadline(now, a.accept_within_days, end)
    return act(ctx, lambda s: licensing.sublicense(s, lic, a.asset, a.parent, a.to, a.purposes, end, deadline),
               lambda lid: f"sublicence 0x{lid.hex()} offered to {a.to}: in force once {a.to} accepts it by "
                           f"{deadline:%Y-%m-%d %H:%M} UTC (valuechain licence accept 0x{a.asset.hex()} 0x{lid.hex()})")


def _request(a: argparse.Namespace) -> int:
    _within(a.terms, a.purposes, a.days)
    ctx, lic = _ctx(a)
    end = _now(ctx) + timedelta(days=a.days)
    licensing.check_not_after(a.terms, end)
    return act(ctx, lambda s: licensing.request(s, lic, a.asset, licensing.publish_terms(s, lic, a.terms), a.purposes,
                                                end),
               lambda lid: f"licence 0x{lid.hex()} requested until {end:%Y-%m-%d %H:%M} UTC")


def _accept(a: argparse.Namespace) -> int:
    ctx, lic = _ctx(a)
    return act(ctx, lambda s: licensing.accept(s, lic, a.asset, a.licence), f"licence 0x{a.licence.hex()} accepted")


def _decline(a: argparse.Namespace) -> int:
    ctx, lic = _ctx(a)
    return act(ctx, lambda s: licensing.decline(s, lic, a.asset, a.licence), f"licence 0x{a.licence.hex()} declined")


def _withdraw(a: argparse.Namespace) -> int:
    ctx, lic = _ctx(a)
    return act(ctx, lambda s: licensing.withdraw(s, lic, a.asset, a.licence), f"licence 0x{a.licence.hex()} withdrawn")


def _revoke(a: argparse.Namespace) -> int:
    ctx, lic = _ctx(a)
    reason = licensing.RevocationReason[a.reason.upper()]
    return act(ctx, lambda s: licensing.revoke(s, lic, a.asset, a.licence, reason),
               f"licence 0x{a.licence.hex()} revoked ({a.reason})")


def _check(a: argparse.Namespace) -> int:
    _, lic = _ctx(a)
    ok = licensing.is_licensed(lic, a.asset, a.org, a.purpose)
    what = licensing.format_purposes(a.purpose)
    console().print(f"{a.org} {'[green]is[/green]' if ok else '[red]is not[/red]'} licensed for {what}")
    return 0 if ok else 1


def _access(a: argparse.Namespace) -> int:
    ctx, lic = _ctx(a)
    return act(ctx, lambda s: licensing.record_access(s, lic, a.asset, a.licence, a.purpose, a.what),
               f"access recorded against licence 0x{a.licence.hex()} for {licensing.format_purposes(a.purpose)}")


def _list(a: argparse.Namespace) -> int:
    ctx = connect(a)
    with ctx.index() as index:  # statuses as of the chain's latest block, as the contract's view tells them
        licences, accesses = index.licences(now=index.last_time, org=a.org), index.access_log(org=a.org)
    out = console()
    out.print(licences_table(licences))
    out.print(access_table(accesses))
    return 0
