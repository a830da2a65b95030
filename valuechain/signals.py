"""OEM signals to suppliers (SupplySignals) from and back to Catena-X payloads.

Mapping (on top of ``valuechain.catenax``'s chain encodings):

- DemandAndCapacityNotification (CX-0146) -> one ``signalDisruption`` addressed to the
  named supplier orgs; id = notificationId, content hash = the payload hash.
- WeekBasedCapacityGroup -> one ``signalCapacity`` per week (site, material, ISO week,
  actual and maximum capacity in whole units), each with a fresh UUID as signal id.
  Demand of the same material and week comes from a WeekBasedMaterialDemand if given.
  ``import_capacity`` posts each week once per recipient, judged by the content hash.

The chain holds whole units (uint32) where Catena-X allows three decimals: a fractional
quantity is refused, not rounded. Everything off chain (text, names, descriptions) stays
in the local sidecar; ``export_disruption`` rebuilds the CX-0146 JSON from the chain's
event plus the sidecar.

A notification is imported once (``import_disruption``): its notificationId is its
identity (a capacity group's weeks are imported once likewise, and a demand's orders:
``orders.import_demand``). What the chain already holds of it is read from the event
index (synced first), not from the local sidecar: the sidecar is written after the
transaction, so a crash in between would leave the chain with the notification and the
sidecar without it, and the import would be sent twice; written before, a crash would
leave the sidecar claiming what the chain never got. The chain is the only record both
sides of that crash agree on, and the one every operator of the org shares.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any
from uuid import UUID

from web3.contract import Contract
from web3.types import TxReceipt

from valuechain import catenax, members
from valuechain.abi import as_bytes
from valuechain.catenax import QUANTITY_SCALE
from valuechain.catenax.capacity import WeekBasedCapacityGroup
from valuechain.catenax.demand import WeekBasedMaterialDemand
from valuechain.catenax.notification import DemandAndCapacityNotification, DisruptionSignal
from valuechain.errors import InputError
from valuechain.events.decode import bytes16_value
from valuechain.identity import bpnl_to_bytes16, bytes16_to_bpnl
from valuechain.tx import Sender

if TYPE_CHECKING:
    from valuechain.events import EventIndex

log = logging.getLogger(__name__)


def whole_units(thousandths: int, where: str) -> int:
    """Catena-X quantities arrive in thousandths of the unit; the chain takes whole units."""
    units, rest = divmod(int(thousandths), QUANTITY_SCALE)
    if rest:
        raise InputError(f"{where}: {thousandths / QUANTITY_SCALE} is not a whole number of units (on-chain signals "
                         "carry whole units)", what="quantity", where=where, expected="a whole number of units",
                         found=thousandths / QUANTITY_SCALE)
    if units >= 2**32:
        raise InputError(f"{where}: {units} exceeds the on-chain maximum of {2**32 - 1}", what="quantity",
                         where=where, expected=f"at most {2**32 - 1} units", found=units)
    return units


def recipients_bytes(bpnls: list[str]) -> list[bytes]:
    """Recipient orgs as the contract wants them: bytes16, ascending, no duplicates."""
    if not bpnls:
        raise InputError("name at least one supplier org to address the signal to (--to BPNL)", what="recipients",
                         where="--to", expected="one or more supplier BPNLs", found="none")
    return sorted({bpnl_to_bytes16(b) for b in bpnls})


def post_disruption(sender: Sender, signals: Contract, notification: DemandAndCapacityNotification, to: list[str]) -> TxReceipt:
    sig = catenax.to_chain(notification)
    notice = (
        sig.notification_id, sig.leading_root_cause, sig.effect, sig.status,
        sig.start_date_of_effect, sig.expected_end_date_of_effect, sig.payload_hash,
    )
    return sender.transact(signals.functions.signalDisruption(notice, recipients_bytes(to)), label="signalDisruption")


def resolve_disruption(sender: Sender, signals: Contract, notification: DemandAndCapacityNotification,
                       recipient: str) -> TxReceipt:
    """Resolve the notification's disruption (for all its recipients). ``recipient`` is one
    supplier it was sent to whose latest disruption from this OEM it still is: only a
    signalled disruption can be resolved."""
    sig = catenax.to_chain(notification)
    fn = signals.functions.resolveDisruption(sig.notification_id, bpnl_to_bytes16(recipient), sig.payload_hash)
    return sender.transact(fn, label="resolveDisruption")


@dataclass(frozen=True)
class PostedDisruption:
    """What the chain holds of one notification id of one OEM (from the event index):
    per recipient the content hash, block and transaction of its latest signal, and the
    content hash of the resolution if the OEM resolved it."""

    signalled: dict[str, tuple[str, int, str]]
    resolved: str | None = None

    def first(self) -> tuple[int, str]:
        """Block and transaction of the earliest signal."""
        return min((block, tx) for _, block, tx in self.signalled.values())


def posted_disruption(index: EventIndex, oem: str, notification_id: bytes) -> PostedDisruption | None:
    """The notification ``notification_id`` of ``oem`` as the synced ``index`` has it, None if never signalled."""
    wanted = "0x" + bytes(notification_id).hex()
    frame = index.events("SupplySignals", ["DisruptionSignalled", "DisruptionResolved"])
    signalled: dict[str, tuple[str, int, str]] = {}
    resolved = None
    for event, args, block, tx in zip(frame["event"], frame["args"], frame["block"], frame["tx_hash"], strict=True):
        if args["oem"] != oem or str(args["notificationId"]).lower() != wanted:
            continue
        if event == "DisruptionSignalled":
            signalled[args["recipient"]] = (str(args["contentHash"]).lower(), int(block), str(tx))
        else:
            resolved = str(args["contentHash"]).lower()
    return PostedDisruption(signalled, resolved) if signalled else None


@dataclass(frozen=True)
class DisruptionImport:
    """What importing a notification did: ``action`` is ``signalled`` (to ``recipients``),
    ``resolved`` or ``nothing`` (the chain has it already: ``note`` says where)."""

    action: str
    recipients: tuple[str, ...] = ()
    receipt: TxReceipt | None = None
    note: str = ""


def import_disruption(sender: Sender, index: EventIndex, notification: DemandAndCapacityNotification,
                      to: list[str]) -> DisruptionImport:
    """Put ``notification`` on chain exactly once, judged by its notificationId.

    Not on chain yet: signalled to ``to``. On chain with the same content: nothing is sent
    (recipients of ``to`` it has not reached yet get it). A resolved version of an open
    notification: the disruption is resolved. Other content under the same id: refused
    (InputError), nothing sent; CX-0146 gives a changed notification a new notificationId.
    Refused too while a transaction of the sender is still pending: it may be this very
    notification, sent by a run that crashed before it was mined."""
    recipients = recipients_bytes(to)  # a missing --to is refused before anything else
    signals = index.manifest.contract(sender.w3, "SupplySignals")
    oem = members.caught_up_org(sender, index, "notification") or ""
    sig = catenax.to_chain(notification)
    assert isinstance(sig, DisruptionSignal)
    posted = posted_disruption(index, oem, sig.notification_id) if oem else None
    content = "0x" + sig.payload_hash.hex()
    ident = f"notification {notification.notification_id}"
    if posted is None:
        return DisruptionImport("signalled", tuple(to), post_disruption(sender, signals, notification, to))
    block, tx = posted.first()
    where = f"posted in block {block} (tx {tx})"
    if content in (posted.resolved, *(h for h, _, _ in posted.signalled.values())):
        missing = [bytes16_to_bpnl(r) for r in recipients if bytes16_to_bpnl(r) not in posted.signalled]
        if posted.resolved == content or not missing:
            reached = ", ".join(sorted(posted.signalled))
            state = "resolved" if posted.resolved == content else f"to {reached}"
            return DisruptionImport("nothing", note=f"{ident} is already on chain ({state}; {where}): nothing sent")
        log.info("%s: already to %s; signalled to %s too", ident, ", ".join(posted.signalled), ", ".join(missing))
        return DisruptionImport("signalled", tuple(missing), post_disruption(sender, signals, notification, missing))
    if notification.status is catenax.NotificationStatus.RESOLVED and posted.resolved is None:
        for recipient in sorted(posted.signalled):
            latest = signals.functions.latestDisruptionId(bpnl_to_bytes16(oem), bpnl_to_bytes16(recipient)).call()
            if bytes(latest) == sig.notification_id:
                return DisruptionImport("resolved", tuple(sorted(posted.signalled)),
                                        resolve_disruption(sender, signals, notification, recipient))
        raise InputError(f"{ident}: a later disruption superseded it at every recipient "
                         f"({', '.join(sorted(posted.signalled))}); it can no longer be resolved; nothing sent")
    raise InputError(
        f"{ident} is already on chain with other content ({where}, content hash "
        f"{next(iter(posted.signalled.values()))[0]}; this file's is {content}); nothing sent: a notification "
        "is imported once; CX-0146 gives a changed notification a new notificationId (relatedNotificationIds "
        "naming this one), a resolution is this notification with status resolved"
    )


def post_capacity(
    sender: Sender,
    signals: Contract,
    group: WeekBasedCapacityGroup,
    to: list[str],
    demand: WeekBasedMaterialDemand | None = None,
    signal_ids: list[bytes] | None = None,
    skip: frozenset[int] = frozenset(),
) -> list[bytes]:
    """Post every week of ``group`` but the indexes in ``skip``; returns the signal ids
    posted (one per week): fresh UUIDs, or ``signal_ids`` when given (a seeded simulation
    that must repeat itself exactly)."""
    sig = catenax.to_chain(group)
    if signal_ids is not None and len(signal_ids) != len(sig.capacities):
        raise ValueError(f"{len(signal_ids)} signal ids for {len(sig.capacities)} weeks of capacity")
    demand_by_week: dict[tuple[bytes, int], int] = {}
    if demand is not None:
        dsig = catenax.to_chain(demand)
        for demand_week in dsig.demands:
            key = (dsig.material, demand_week.week)
            demand_by_week[key] = demand_by_week.get(key, 0) + demand_week.demand
    recipients = recipients_bytes(to)
    ids = []
    for i, week in enumerate(sig.capacities):
        if i in skip:
            continue
        where = f"$.capacities[{i}]"
        signal_id = signal_ids[i] if signal_ids is not None else uuid.uuid4().bytes
        figures = (
            signal_id, week.site, week.material, week.week,
            whole_units(week.actual_capacity, where + ".actualCapacity"),
            whole_units(week.maximum_capacity, where + ".maximumCapacity"),
            whole_units(demand_by_week.get((week.material, week.week), 0), "demand"),
            sig.payload_hash,
        )
        sender.transact(signals.functions.signalCapacity(figures, recipients), label="signalCapacity")
        ids.append(signal_id)
    return ids


@dataclass(frozen=True)
class CapacityImport:
    """What importing a capacity group did: the ``posted`` signal ids, and the weeks the
    chain already had from this payload for every recipient (``already``: ISO week ->
    where it was posted)."""

    posted: tuple[bytes, ...]
    already: dict[int, str]


def import_capacity(sender: Sender, index: EventIndex, group: WeekBasedCapacityGroup, to: list[str]) -> CapacityImport:
    """Post each week of ``group`` exactly once to each of ``to``: a recipient the sender's
    org already signalled that week from this very payload (same content hash, site,
    material and week) does not get it again, so a rerun after a crash sends only what is
    missing. Refused while a transaction of the sender is pending (it may be one of these
    weeks)."""
    recipients = [bytes16_to_bpnl(r) for r in recipients_bytes(to)]
    signals = index.manifest.contract(sender.w3, "SupplySignals")
    oem = members.caught_up_org(sender, index, "capacity group")
    sig = catenax.to_chain(group)
    content = "0x" + sig.payload_hash.hex()
    reached: dict[tuple[str, str, int], dict[str, str]] = {}
    frame = index.events("SupplySignals", "CapacitySignalled")
    for args, block, tx in zip(frame["args"], frame["block"], frame["tx_hash"], strict=True):
        if args["oem"] == oem and str(args["contentHash"]).lower() == content:
            key = (str(args["site"]), str(args["material"]).lower(), int(args["week"]))
            reached.setdefault(key, {})[str(args["recipient"])] = f"block {block} (tx {tx})"
    already: dict[int, str] = {}
    missing: dict[tuple[str, ...], set[int]] = {}  # recipients still to reach -> the weeks' indexes
    for i, week in enumerate(sig.capacities):
        posted = reached.get((bytes16_value(week.site), "0x" + week.material.hex(), week.week), {})
        targets = tuple(r for r in recipients if r not in posted)
        if targets:
            missing.setdefault(targets, set()).add(i)
        else:
            already[week.week] = posted[recipients[0]]
    ids: list[bytes] = []
    weeks = frozenset(range(len(sig.capacities)))
    for targets, indexes in missing.items():
        ids += post_capacity(sender, signals, group, list(targets), skip=weeks - indexes)
    return CapacityImport(tuple(ids), already)


def export_disruption(args: Mapping[str, Any], sidecar: catenax.Sidecar | None = None) -> dict[str, Any]:
    """The CX-0146 JSON of a disruption as the chain has it, from the arguments of its
    DisruptionSignalled event (``args`` of a row of the event index); off-chain fields
    (text, sites, materials) come from the sidecar entry with the same content hash."""
    a, doc = args, None
    if sidecar is not None:
        ident = UUID(bytes=as_bytes(a["notificationId"]))
        doc = sidecar.document(DemandAndCapacityNotification.MODEL, as_bytes(a["contentHash"]), ident)
    if doc is None:
        raise InputError(
            "the chain keeps only the codes, dates and hash of a notification; the sidecar of the "
            "import is needed to rebuild the full CX-0146 document"
        )
    sig = catenax.to_chain(catenax.parse(doc))
    assert isinstance(sig, DisruptionSignal)
    onchain = replace(
        sig,
        notification_id=as_bytes(a["notificationId"]),
        leading_root_cause=int(a["cause"]),
        effect=int(a["effect"]),
        status=int(a["status"]),
        start_date_of_effect=int(a["start"]),
        expected_end_date_of_effect=int(a["expectedEnd"]),
    )
    return catenax.export_json(onchain, sidecar)
