"""Consortium membership through ConsortiumRegistry: admit, govern, rotate keys, read back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from web3.contract import Contract

from valuechain.identity import Status, bpnl_to_bytes16, bytes16_to_bpnl
from valuechain.tx import Sender

ZERO32 = b"\x00" * 32


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
    """Key rotation done by the org itself: the current operator adds the new account,
    then the new key revokes the old one, so a leaked old key is useless afterwards."""
    add_operator(current, registry, new_key.address)
    remove_operator(new_key, registry, current.address)


def add_operator(sender: Sender, registry: Contract, account: str) -> dict:
    return sender.transact(registry.functions.addOperator(account), label=f"addOperator {account}")


def remove_operator(sender: Sender, registry: Contract, account: str) -> dict:
    return sender.transact(registry.functions.removeOperator(account), label=f"removeOperator {account}")


def members(registry: Contract, from_block: int = 0) -> list[Member]:
    """Every organisation ever admitted, with its current state and operators.

    Membership comes from OrgAdmitted events; status, roles and profile from the
    contract's storage now; operators from the OperatorAdded/Removed history."""
    operators: dict[str, list[str]] = {}
    admitted = registry.events.OrgAdmitted.get_logs(from_block=from_block)
    for log in admitted:
        operators.setdefault(bytes16_to_bpnl(log["args"]["org"]), []).append(log["args"]["operator"])
    changes = [(log, True) for log in registry.events.OperatorAdded.get_logs(from_block=from_block)]
    changes += [(log, False) for log in registry.events.OperatorRemoved.get_logs(from_block=from_block)]
    for log, added in sorted(changes, key=lambda c: (c[0]["blockNumber"], c[0]["logIndex"])):
        ops = operators.setdefault(bytes16_to_bpnl(log["args"]["org"]), [])
        if added:
            ops.append(log["args"]["account"])
        elif log["args"]["account"] in ops:
            ops.remove(log["args"]["account"])
    result = []
    for log in admitted:
        bpnl = bytes16_to_bpnl(log["args"]["org"])
        roles, status, joined, _, profile = registry.functions.getOrg(bpnl_to_bytes16(bpnl)).call()
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


