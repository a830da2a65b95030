"""OEM signals to suppliers (SupplySignals) from and back to Catena-X payloads.

Mapping (on top of ``valuechain.catenax``'s chain encodings):

- DemandAndCapacityNotification (CX-0146) -> one ``signalDisruption`` addressed to the
  named supplier orgs; id = notificationId, content hash = the payload hash.
- WeekBasedCapacityGroup -> one ``signalCapacity`` per week (site, material, ISO week,
  actual and maximum capacity in whole units), each with a fresh UUID as signal id.
  Demand of the same material and week comes from a WeekBasedMaterialDemand if given.

The chain holds whole units (uint32) where Catena-X allows three decimals: a fractional
quantity is refused, not rounded. Everything off chain (text, names, descriptions) stays
in the local sidecar; ``export_disruption`` rebuilds the CX-0146 JSON from the chain's
event plus the sidecar.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import replace
from typing import Any
from uuid import UUID

from web3.contract import Contract

from valuechain import catenax
from valuechain.catenax import QUANTITY_SCALE
from valuechain.catenax.capacity import WeekBasedCapacityGroup
from valuechain.catenax.demand import WeekBasedMaterialDemand
from valuechain.catenax.notification import DemandAndCapacityNotification, DisruptionSignal
from valuechain.errors import InputError
from valuechain.identity import bpnl_to_bytes16
from valuechain.tx import Sender


def whole_units(thousandths: int, where: str) -> int:
    """Catena-X quantities arrive in thousandths of the unit; the chain takes whole units."""
    units, rest = divmod(int(thousandths), QUANTITY_SCALE)
    if rest:
        raise InputError(f"{where}: {thousandths / QUANTITY_SCALE} is not a whole number of units (on-chain signals carry whole units)")
    if units >= 2**32:
        raise InputError(f"{where}: {units} exceeds the on-chain maximum of {2**32 - 1}")
    return units


def recipients_bytes(bpnls: list[str]) -> list[bytes]:
    """Recipient orgs as the contract wants them: bytes16, ascending, no duplicates."""
    if not bpnls:
        raise InputError("name at least one supplier org to address the signal to (--to BPNL)")
    return sorted({bpnl_to_bytes16(b) for b in bpnls})


def post_disruption(sender: Sender, signals: Contract, notification: DemandAndCapacityNotification, to: list[str]) -> dict:
    sig = catenax.to_chain(notification)
    notice = (
        sig.notification_id, sig.leading_root_cause, sig.effect, sig.status,
        sig.start_date_of_effect, sig.expected_end_date_of_effect, sig.payload_hash,
    )
    return sender.transact(signals.functions.signalDisruption(notice, recipients_bytes(to)), label="signalDisruption")


def resolve_disruption(sender: Sender, signals: Contract, notification: DemandAndCapacityNotification,
                       recipient: str) -> dict:
    """Resolve the notification's disruption (for all its recipients). ``recipient`` is one
    supplier it was sent to whose latest disruption from this OEM it still is: only a
    signalled disruption can be resolved."""
    sig = catenax.to_chain(notification)
    fn = signals.functions.resolveDisruption(sig.notification_id, bpnl_to_bytes16(recipient), sig.payload_hash)
    return sender.transact(fn, label="resolveDisruption")


def post_capacity(
    sender: Sender,
    signals: Contract,
    group: WeekBasedCapacityGroup,
    to: list[str],
    demand: WeekBasedMaterialDemand | None = None,
) -> list[bytes]:
    """Post every week of ``group``; returns the signal ids (one per week)."""
    sig = catenax.to_chain(group)
    demand_by_week: dict[tuple[bytes, int], int] = {}
    if demand is not None:
        dsig = catenax.to_chain(demand)
        for week in dsig.demands:
            key = (dsig.material, week.week)
            demand_by_week[key] = demand_by_week.get(key, 0) + week.demand
    recipients = recipients_bytes(to)
    ids = []
    for i, week in enumerate(sig.capacities):
        where = f"$.capacities[{i}]"
        signal_id = uuid.uuid4().bytes
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


def _raw(value: bytes | str) -> bytes:
    """Fixed bytes as web3 returns them, or as the event index keeps them (``0x`` hex)."""
    return bytes.fromhex(value.removeprefix("0x")) if isinstance(value, str) else bytes(value)


def export_disruption(args: Mapping[str, Any], sidecar: catenax.Sidecar | None = None) -> dict[str, Any]:
    """The CX-0146 JSON of a disruption as the chain has it, from the arguments of its
    DisruptionSignalled event (``args`` of a row of the event index); off-chain fields
    (text, sites, materials) come from the sidecar entry with the same content hash."""
    a, doc = args, None
    if sidecar is not None:
        ident = UUID(bytes=_raw(a["notificationId"]))
        doc = sidecar.document(DemandAndCapacityNotification.MODEL, _raw(a["contentHash"]), ident)
    if doc is None:
        raise InputError(
            "the chain keeps only the codes, dates and hash of a notification; the sidecar of the "
            "import is needed to rebuild the full CX-0146 document"
        )
    sig = catenax.to_chain(catenax.parse(doc))
    assert isinstance(sig, DisruptionSignal)
    onchain = replace(
        sig,
        notification_id=_raw(a["notificationId"]),
        leading_root_cause=int(a["cause"]),
        effect=int(a["effect"]),
        status=int(a["status"]),
        start_date_of_effect=int(a["start"]),
        expected_end_date_of_effect=int(a["expectedEnd"]),
    )
    return catenax.export_json(onchain, sidecar)
