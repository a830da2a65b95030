"""Consortium membership through ConsortiumRegistry: admit, govern, rotate keys, read back.

A key is bound to an org only with its consent: admission, ``add_operator`` and the
council's ``assign_operator`` offer the binding, the key itself calls ``accept_operator``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from eth_utils import keccak
from web3.contract import Contract
from web3.types import TxReceipt

from valuechain import abi
from valuechain.abi import ZERO32
from valuechain.errors import ChainError, InputError
from valuechain.identity import Status, bpnl_to_bytes16, bytes16_to_bpnl
from valuechain.tx import Sender

if TYPE_CHECKING:
    from valuechain.events import EventIndex


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


def admit(sender: Sender, registry: Contract, admission: Admission) -> TxReceipt:
    return sender.transact(registry.functions.admit(admission.as_tuple()), label=f"admit {admission.bpnl}")


def admit_batch(sender: Sender, registry: Contract, admissions: list[Admission]) -> TxReceipt:
    return sender.transact(registry.functions.admitBatch([a.as_tuple() for a in admissions]), label="admitBatch")


def suspend(sender: Sender, registry: Contract, bpnl: str, reason_hash: bytes = ZERO32) -> TxReceipt:
    return sender.transact(registry.functions.suspend(bpnl_to_bytes16(bpnl), reason_hash), label=f"suspend {bpnl}")


def reinstate(sender: Sender, registry: Contract, bpnl: str) -> TxReceipt:
    return sender.transact(registry.functions.reinstate(bpnl_to_bytes16(bpnl)), label=f"reinstate {bpnl}")


def offboard(sender: Sender, registry: Contract, bpnl: str, reason_hash: bytes = ZERO32) -> TxReceipt:
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


def add_operator(sender: Sender, registry: Contract, account: str) -> TxReceipt:
    """Offer ``account`` an operator binding to the sender's org (it must accept)."""
    return sender.transact(registry.functions.addOperator(account), label=f"addOperator {account}")


def accept_operator(sender: Sender, registry: Contract, bpnl: str | bytes) -> TxReceipt:
    """The sender's key takes the operator binding to ``bpnl`` it was offered (by the
    org's admission, one of its operators, or the council's recovery)."""
    org = bpnl_to_bytes16(bpnl) if isinstance(bpnl, str) else bytes(bpnl)
    name = bytes16_to_bpnl(org)
    receipt = sender.transact(registry.functions.acceptOperator(org), label=f"acceptOperator {name}")
    log.info("%s now operates %s", sender.address, name)
    return receipt


def assign_operator(sender: Sender, registry: Contract, bpnl: str, account: str) -> TxReceipt:
    """Council recovery: offer ``account`` an operator binding to the suspended ``bpnl``."""
    return sender.transact(registry.functions.assignOperator(bpnl_to_bytes16(bpnl), account),
                           label=f"assignOperator {bpnl} {account}")


def revoke_operator(sender: Sender, registry: Contract, account: str) -> TxReceipt:
    """Council: unbind ``account`` from whatever org it operates."""
    return sender.transact(registry.functions.revokeOperator(account), label=f"revokeOperator {account}")


def pause(sender: Sender, registry: Contract) -> TxReceipt:
    """Council or guardian: stop every state-changing business operation of the suite."""
    return sender.transact(registry.functions.pause(), label="pause")


def unpause(sender: Sender, registry: Contract) -> TxReceipt:
    """Council or guardian: resume after ``pause``."""
    return sender.transact(registry.functions.unpause(), label="unpause")


def is_paused(registry: Contract) -> bool:
    return bool(registry.functions.paused().call())


def remove_operator(sender: Sender, registry: Contract, account: str) -> TxReceipt:
    return sender.transact(registry.functions.removeOperator(account), label=f"removeOperator {account}")


def org_of(registry: Contract, account: str) -> str | None:
    """The BPNL ``account`` operates, or None."""
    return bytes16_to_bpnl(registry.functions.orgOf(account).call()) or None


def caught_up_org(sender: Sender, index: EventIndex, what: str) -> str | None:
    """The BPNL the sender's account operates (None if none), once nothing of the sender is
    pending and the index has caught up with the chain: where an exactly-once import
    starts, so that what it finds on chain is all it sent before (``what`` names the import
    in the refusal)."""
    sender.refuse_pending(what)
    index.sync()
    return org_of(index.manifest.contract(sender.w3, "ConsortiumRegistry"), sender.address)


def pending_offers(registry: Contract, index: EventIndex) -> dict[str, list[str]]:
    """The live offers of an operator binding not taken yet, by BPNL: the offers the
    event index sees open (``frames.operator_offers``), each confirmed by the registry's
    ``hasOperatorOffer`` now."""
    offers: dict[str, list[str]] = {}
    candidates = index.operator_offers()
    for org, account in zip(candidates["org"], candidates["account"], strict=True):
        if registry.functions.hasOperatorOffer(account, bpnl_to_bytes16(org)).call():
            offers.setdefault(org, []).append(account)
    return offers


# ---------------------------------------------------------------- council tooling
# Roles, the emergency pause and the governance handover, as the CLI's `member`,
# `emergency` and `governance` commands and the demo use them.

#: The AccessControl roles the council hands out, by the name the CLI uses.
ROLE_GETTERS = {"onboarder": "ONBOARDER_ROLE", "guardian": "GUARDIAN_ROLE"}


def reason_hash(text: str) -> bytes:
    """What goes on chain for a reason given in words: its keccak256 (the text stays off chain)."""
    return keccak(text=text)


def org_status(registry: Contract, bpnl: str) -> Status:
    """The status of ``bpnl`` now (NONE when it was never admitted)."""
    return Status(abi.read(registry.functions.getOrg(bpnl_to_bytes16(bpnl))).status)


def role_id(registry: Contract, role: str) -> bytes:
    """The AccessControl role id of ``role`` (``onboarder`` or ``guardian``)."""
    if role not in ROLE_GETTERS:
        raise InputError(f"role {role!r}: expected one of {', '.join(ROLE_GETTERS)}")
    return bytes(getattr(registry.functions, ROLE_GETTERS[role])().call())


def grant_role(sender: Sender, registry: Contract, role: str, account: str) -> TxReceipt:
    """Council: give ``account`` the ``onboarder`` or ``guardian`` role."""
    return sender.transact(registry.functions.grantRole(role_id(registry, role), account), label=f"grant {role} to {account}")


def revoke_role(sender: Sender, registry: Contract, role: str, account: str) -> TxReceipt:
    """Council: take the ``onboarder`` or ``guardian`` role from ``account`` (e.g. a stolen key)."""
    return sender.transact(registry.functions.revokeRole(role_id(registry, role), account), label=f"revoke {role} from {account}")


def has_role(registry: Contract, role: str, account: str) -> bool:
    return bool(registry.functions.hasRole(role_id(registry, role), account).call())


def role_holders(registry: Contract, index: EventIndex, role: str) -> list[str]:
    """The accounts holding ``role`` now, in the order they were granted it: from the
    event index's RoleGranted/RoleRevoked history, each confirmed by ``hasRole``."""
    rid = role_id(registry, role)
    held = index.role_holders()
    candidates = held.loc[held["role"] == "0x" + rid.hex(), "account"]
    return [a for a in candidates if registry.functions.hasRole(rid, a).call()]


@dataclass(frozen=True)
class PauseState:
    """Whether the suite is paused, and the last Paused/Unpaused event (if any)."""

    paused: bool
    since_block: int | None = None
    since: datetime | None = None
    by: str | None = None


def pause_state(registry: Contract, index: EventIndex) -> PauseState:
    """Whether the suite is paused (the registry's ``paused()``), and since when and by
    whom (the last Paused/Unpaused of the event index)."""
    paused = bool(registry.functions.paused().call())
    history = index.pauses()
    if history.empty:
        return PauseState(paused)
    last = history.iloc[-1]
    return PauseState(paused, int(last["block"]), last["time"].to_pydatetime(), str(last["account"]))


@dataclass(frozen=True)
class Governance:
    """Who governs the registry (OpenZeppelin AccessControlDefaultAdminRules) and any
    handover under way: ``pending`` may accept from ``pending_from`` on."""

    council: str
    delay_s: int
    pending: str | None
    pending_from: datetime | None
    pending_delay_s: int | None = None
    pending_delay_from: datetime | None = None


def governance(registry: Contract) -> Governance:
    f = registry.functions
    pending, schedule = f.pendingDefaultAdmin().call()
    new_delay, delay_schedule = f.pendingDefaultAdminDelay().call()
    ts = lambda t: datetime.fromtimestamp(t, tz=UTC) if t else None  # noqa: E731
    return Governance(
        council=f.defaultAdmin().call(),
        delay_s=int(f.defaultAdminDelay().call()),
        pending=pending if int(pending, 16) else None,
        pending_from=ts(schedule),
        pending_delay_s=int(new_delay) if delay_schedule else None,
        pending_delay_from=ts(delay_schedule),
    )


def begin_handover(sender: Sender, registry: Contract, new_council: str) -> TxReceipt:
    """Council: start moving the council role to ``new_council`` (it accepts after the delay)."""
    return sender.transact(registry.functions.beginDefaultAdminTransfer(new_council), label=f"begin handover to {new_council}")


def accept_handover(sender: Sender, registry: Contract) -> TxReceipt:
    """The new council takes the role once the delay has passed."""
    return sender.transact(registry.functions.acceptDefaultAdminTransfer(), label="accept council handover")


def cancel_handover(sender: Sender, registry: Contract) -> TxReceipt:
    """Council: cancel a handover under way (before it is accepted)."""
    return sender.transact(registry.functions.cancelDefaultAdminTransfer(), label="cancel council handover")
