"""Consortium membership through ConsortiumRegistry: admit, govern, rotate keys, read back.

A key is bound to an org only with its consent: admission, ``add_operator`` and the
council's ``assign_operator`` offer the binding, the key itself calls ``accept_operator``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone

from web3.contract import Contract

from valuechain.errors import ChainError
from valuechain.identity import Status, bpnl_to_bytes16, bytes16_to_bpnl
from valuechain.tx import Sender

ZERO32 = b"\x00" * 32

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Admission:
    """One organisation to admit with its first operator account."""

    bpnl: str
    roles: int
    operator: str
    profile_hash: bytes = ZERO32

    def as_tuple(self) -> tuple:
        return (bpnl_to_bytes16(self.bpnl), int(self.roles), self.profile_hash, self.operator)


@dataclass(frozen=True)
class Member:
    """An organisation as read back from the chain."""

    bpnl: str
    roles: int
    status: Status
    joined_at: datetime
    operators: tuple[str, ...]
    profile_hash: bytes


def admit(sender: Sender, registry: Contract, admission: Admission) -> dict:
    return sender.transact(registry.functions.admit(admission.as_tuple()), label=f"admit {admission.bpnl}")


def admit_batch(sender: Sender, registry: Contract, admissions: list[Admission]) -> dict:
    return sender.transact(registry.functions.admitBatch([a.as_tuple() for a in admissions]), label="admitBatch")


def suspend(sender: Sender, registry: Contract, bpnl: str, reason_hash: bytes = ZERO32) -> dict:
    return sender.transact(registry.functions.suspend(bpnl_to_bytes16(bpnl), reason_hash), label=f"suspend {bpnl}")


def reinstate(sender: Sender, registry: Contract, bpnl: str) -> dict:
    return sender.transact(registry.functions.reinstate(bpnl_to_bytes16(bpnl)), label=f"reinstate {bpnl}")


def offboard(sender: Sender, registry: Contract, bpnl: str, reason_hash: bytes = ZERO32) -> dict:
    return sender.transact(registry.functions.offboard(bpnl_to_bytes16(bpnl), reason_hash), label=f"offboard {bpnl}")


def rotate_operator(current: Sender, new_key: Sender, registry: Contract) -> None:
    """Key rotation done by the org itself: the current operator offers the binding to
    the new account, the new key accepts it and revokes the old one, so a leaked old key
    is useless afterwards."""
    bpnl = org_of(registry, current.address)
    if bpnl is None:
        raise ChainError(f"{current.address} operates no organisation: it cannot rotate keys")
    add_operator(current, registry, new_key.address)
    accept_operator(new_key, registry, bpnl)
    remove_operator(new_key, registry, current.address)


def add_operator(sender: Sender, registry: Contract, account: str) -> dict:
    """Offer ``account`` an operator binding to the sender's org (it must accept)."""
    return sender.transact(registry.functions.addOperator(account), label=f"addOperator {account}")


def accept_operator(sender: Sender, registry: Contract, bpnl: str | bytes) -> dict:
    """The sender's key takes the operator binding to ``bpnl`` it was offered (by the
    org's admission, one of its operators, or the council's recovery)."""
    org = bpnl_to_bytes16(bpnl) if isinstance(bpnl, str) else bytes(bpnl)
    name = bytes16_to_bpnl(org)
    receipt = sender.transact(registry.functions.acceptOperator(org), label=f"acceptOperator {name}")
    log.info("%s now operates %s", sender.address, name)
    return receipt


def assign_operator(sender: Sender, registry: Contract, bpnl: str, account: str) -> dict:
    """Council recovery: offer ``account`` an operator binding to the suspended ``bpnl``."""
    return sender.transact(registry.functions.assignOperator(bpnl_to_bytes16(bpnl), account),
                           label=f"assignOperator {bpnl} {account}")


def revoke_operator(sender: Sender, registry: Contract, account: str) -> dict:
    """Council: unbind ``account`` from whatever org it operates."""
    return sender.transact(registry.functions.revokeOperator(account), label=f"revokeOperator {account}")


def pause(sender: Sender, registry: Contract) -> dict:
    """Council or guardian: stop every state-changing business operation of the suite."""
    return sender.transact(registry.functions.pause(), label="pause")


def unpause(sender: Sender, registry: Contract) -> dict:
    """Council or guardian: resume after ``pause``."""
    return sender.transact(registry.functions.unpause(), label="unpause")


def is_paused(registry: Contract) -> bool:
    return bool(registry.functions.paused().call())


def remove_operator(sender: Sender, registry: Contract, account: str) -> dict:
    return sender.transact(registry.functions.removeOperator(account), label=f"removeOperator {account}")


def members(registry: Contract, from_block: int = 0) -> list[Member]:
    """Every organisation ever admitted, with its current state and operators.

    Membership comes from OrgAdmitted events; status, roles and profile from the
    contract's storage now; operators from the OperatorAdded/Removed history (an
    admission only offers the first binding: its key appears once it accepted)."""
    operators: dict[str, list[str]] = {}
    admitted = registry.events.OrgAdmitted.get_logs(from_block=from_block)
    changes = [(log, True) for log in registry.events.OperatorAdded.get_logs(from_block=from_block)]
    changes += [(log, False) for log in registry.events.OperatorRemoved.get_logs(from_block=from_block)]
    for entry, added in sorted(changes, key=lambda c: (c[0]["blockNumber"], c[0]["logIndex"])):
        ops = operators.setdefault(bytes16_to_bpnl(entry["args"]["org"]), [])
        if added:
            ops.append(entry["args"]["account"])
        elif entry["args"]["account"] in ops:
            ops.remove(entry["args"]["account"])
    result = []
    for entry in admitted:
        bpnl = bytes16_to_bpnl(entry["args"]["org"])
        roles, status, joined, _count, _epoch, profile = registry.functions.getOrg(bpnl_to_bytes16(bpnl)).call()
        result.append(
            Member(
                bpnl=bpnl,
                roles=roles,
                status=Status(status),
                joined_at=datetime.fromtimestamp(joined, tz=timezone.utc),
                operators=tuple(operators.get(bpnl, ())),
                profile_hash=bytes(profile),
            )
        )
    return result


def org_of(registry: Contract, account: str) -> str | None:
    """The BPNL ``account`` operates, or None."""
    return bytes16_to_bpnl(registry.functions.orgOf(account).call()) or None


