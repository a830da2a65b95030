"""`valuechain member …`: the council's and the onboarder's membership commands.

admit | suspend | reinstate | offboard | revoke-operator | assign-operator | accept |
grant-onboarder | revoke-onboarder | grant-guardian | revoke-guardian, each with
``--dry-run`` (show and simulate what would be sent; send nothing)."""

from __future__ import annotations

import argparse
from functools import partial

from web3.contract import Contract

from valuechain import members
from valuechain.errors import InputError
from valuechain.identity import Status, format_roles
from valuechain.members import Admission
from valuechain.report import console

from . import args as types
from .context import Context, act, command, connect

REASON_HELP = "the reason in words (its keccak256 goes on chain; keep the text with the council's records)"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("member", help="council and onboarder: admit, suspend, recover keys, grant roles (--dry-run)")
    s = p.add_subparsers(dest="action", required=True, metavar="ACTION")

    cmd = partial(command, s, dry_run=True)

    def bpnl(q: argparse.ArgumentParser) -> None:
        q.add_argument("bpnl", metavar="BPNL", type=types.bpnl, help="the organisation's BPNL (BPNL + 12 of 0-9/A-Z)")

    def address(q: argparse.ArgumentParser, help_: str) -> None:
        q.add_argument("address", metavar="ADDRESS", type=types.address, help=help_)

    q = cmd("admit", "admit an organisation and offer its first operator key the binding (council or onboarder)", _admit)
    bpnl(q)
    q.add_argument("--roles", required=True, type=types.roles, help="roles, e.g. OEM,SUPPLIER (OEM, SUPPLIER, AUDITOR, LOGISTICS)")
    q.add_argument("--operator", required=True, type=types.address, help="the first operator key's address (it accepts with `member accept`)")
    q.add_argument("--profile", type=types.profile, help="profile document (its keccak256 goes on chain) or a 0x 32-byte hash")
    q = cmd("suspend", "suspend an active organisation: its keys can no longer act (council)", _suspend)
    bpnl(q)
    q.add_argument("--reason", required=True, type=types.reason, help=REASON_HELP)
    bpnl(cmd("reinstate", "reinstate a suspended organisation (council)", _reinstate))
    q = cmd("offboard", "offboard an organisation for good; its BPNL is never admitted again (council)", _offboard)
    bpnl(q)
    q.add_argument("--reason", required=True, type=types.reason, help=REASON_HELP)
    address(cmd("revoke-operator", "unbind an operator key from its organisation, whatever its status (council)",
                _revoke_operator), "the operator key to revoke")
    q = cmd("assign-operator", "offer a new key to a SUSPENDED organisation (council recovery; the key accepts)", _assign_operator)
    bpnl(q)
    address(q, "the new operator key (it accepts with `member accept BPNL`)")
    bpnl(cmd("accept", "the acting key accepts the operator binding to BPNL it was offered", _accept))
    for verb in ("grant", "revoke"):
        for role in members.ROLE_GETTERS:
            what = {"onboarder": "admit organisations", "guardian": "pause and resume the suite"}[role]
            q = cmd(f"{verb}-{role}", f"{verb} the {role} role ({what}) {'to' if verb == 'grant' else 'from'} an account (council)",
                    partial(_role, verb=verb, role=role))
            address(q, f"the account to {verb} the {role} role {'to' if verb == 'grant' else 'from'}")


def _registry(a: argparse.Namespace) -> tuple[Context, Contract]:
    ctx = connect(a)
    return ctx, ctx.contract("ConsortiumRegistry")


def _member(registry: Contract, bpnl: str) -> Status:
    """The status of a BPNL the command needs to be a member (else InputError)."""
    status = members.org_status(registry, bpnl)
    if status == Status.NONE:
        raise InputError(f"BPNL: {bpnl} is not a member of the registry at {registry.address} "
                         "(expected an admitted organisation: see `valuechain members`)", what="BPNL", where="BPNL",
                         expected="an admitted organisation", found=bpnl)
    return status


def _admit(a: argparse.Namespace) -> int:
    ctx, registry = _registry(a)
    status = members.org_status(registry, a.bpnl)
    if status != Status.NONE:
        raise InputError(f"BPNL: {a.bpnl} was admitted before (it is {status.name}); a BPNL is admitted once "
                         "(expected a BPNL new to the registry)", what="BPNL", where="BPNL",
                         expected="a BPNL new to the registry", found=a.bpnl)
    admission = Admission(a.bpnl, a.roles, a.operator, a.profile or members.ZERO32)
    return act(ctx, lambda s: members.admit(s, registry, admission),
               f"admitted {a.bpnl} ({format_roles(a.roles)}); {a.operator} becomes its operator once it runs "
               f"`valuechain member accept {a.bpnl}`",
               {"roles": format_roles(a.roles)})


def _suspend(a: argparse.Namespace) -> int:
    ctx, registry = _registry(a)
    _member(registry, a.bpnl)
    return act(ctx, lambda s: members.suspend(s, registry, a.bpnl, members.reason_hash(a.reason)),
               f"{a.bpnl} suspended: its keys can no longer act", {"reason": a.reason})


def _reinstate(a: argparse.Namespace) -> int:
    ctx, registry = _registry(a)
    _member(registry, a.bpnl)
    return act(ctx, lambda s: members.reinstate(s, registry, a.bpnl), f"{a.bpnl} reinstated")


def _offboard(a: argparse.Namespace) -> int:
    ctx, registry = _registry(a)
    _member(registry, a.bpnl)
    return act(ctx, lambda s: members.offboard(s, registry, a.bpnl, members.reason_hash(a.reason)),
               f"{a.bpnl} offboarded for good", {"reason": a.reason})


def _revoke_operator(a: argparse.Namespace) -> int:
    ctx, registry = _registry(a)
    org = members.org_of(registry, a.address)
    return act(ctx, lambda s: members.revoke_operator(s, registry, a.address),
               f"{a.address} no longer operates {org or 'any organisation'}",
               {"operates": org or "no organisation"})


def _assign_operator(a: argparse.Namespace) -> int:
    ctx, registry = _registry(a)
    _member(registry, a.bpnl)
    return act(ctx, lambda s: members.assign_operator(s, registry, a.bpnl, a.address),
               f"{a.address} is offered the operator binding to {a.bpnl}; it takes it with "
               f"`valuechain member accept {a.bpnl}` (as that key)")


def _accept(a: argparse.Namespace) -> int:
    ctx, registry = _registry(a)
    _member(registry, a.bpnl)
    return act(ctx, lambda s: members.accept_operator(s, registry, a.bpnl), f"the acting key now operates {a.bpnl}")


def _role(a: argparse.Namespace, verb: str, role: str) -> int:
    ctx, registry = _registry(a)
    holds = members.has_role(registry, role, a.address)
    if holds == (verb == "grant"):
        console().print(f"{a.address} {'already holds' if holds else 'does not hold'} the {role} role; nothing to send")
        return 0
    fn = members.grant_role if verb == "grant" else members.revoke_role
    return act(ctx, lambda s: fn(s, registry, role, a.address),
               f"{a.address} {'now holds' if verb == 'grant' else 'no longer holds'} the {role} role")
