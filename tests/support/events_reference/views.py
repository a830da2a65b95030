"""Ready-made DataFrames of the suite's business objects, rebuilt from events.

- ``ip_history``: every registration, revision and transfer of IP, with the owner after
  each and until when it held the lineage (``owner_at`` answers for a moment);
- ``licences``: every licence with its status now; ``access_log``: every access receipt;
- ``orders``: every supply order with its timeline; ``order_history``: the events of
  one order with its state after each; ``quality``: every assessment;
- ``signals``: every capacity and disruption signal (one row per signal, recipients
  listed).

Enum numbers are named by ``valuechain.contract_types`` (generated from the contracts);
a number a newer contract adds shows as the number.
Day numbers (days since 1970-01-01) become dates, unix seconds UTC timestamps, scores
stay basis points (10,000 = 100 %).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pandas as pd

from tests.support.events_reference.frames import Since, _since
from valuechain import abi
from valuechain.catenax.purposes import vocabulary
from valuechain.contract_types import (
    DisruptionStatus,
    Effect,
    Kind,
    LicenceStatus,
    RevocationReason,
    RootCause,
    SignalKind,
    State,
)  # fmt: skip
from valuechain.events.store import Store

IP = "IPRegistry"
LICENSING = "DataLicensing"
ORDERS = "SupplyOrders"
SIGNALS = "SupplySignals"

# the event index keeps fixed bytes as 0x hex
ZERO32 = "0x" + abi.ZERO32.hex()
ZERO16 = "0x" + abi.ZERO16.hex()


def purpose_names(bits: int) -> str:
    """The Catena-X purpose ids of a purpose set, ``|``-separated (``-`` for none)."""
    return "|".join(vocabulary().ids(int(bits))) or "-"


def day(number: int | None) -> pd.Timestamp | None:
    """A contract day number (days since 1970-01-01) as a UTC timestamp at midnight."""
    return None if number in (None, 0) else pd.Timestamp(abi.from_day_number(int(number)), tz="UTC")


def iso_week(code: int | None) -> pd.Timestamp | None:
    """The Monday of an ISO 8601 week coded ``year * 100 + week`` (202231: 2022-08-01)."""
    if not code:
        return None
    try:
        return pd.Timestamp(date.fromisocalendar(int(code) // 100, int(code) % 100, 1), tz="UTC")
    except ValueError:
        return None


def seconds(value: int | None) -> pd.Timestamp | None:
    return None if not value else pd.Timestamp(int(value), unit="s", tz="UTC")


def ascii_code(hex_value: str) -> str:
    """A short ASCII code held in fixed bytes (``0x504345`` -> ``PCE``)."""
    raw = bytes.fromhex(hex_value[2:]).rstrip(b"\x00")
    try:
        return raw.decode("ascii")
    except UnicodeDecodeError:
        return hex_value


def _events(store: Store, contract: str, order_id: int | None = None) -> Iterator[tuple[str, dict[str, Any], pd.Timestamp | None, int, str]]:
    """(event, args, time, block, tx hash) of one contract (of one order), in chain order."""
    for row in store.rows(contract, order_id=order_id):
        yield row[6], json.loads(row[11]), seconds(row[4]), row[0], row[2]


def _frame(records: list[dict[str, Any]], columns: list[str], times: tuple[str, ...] = ()) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records, columns=columns)
    for column in times:
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


# ---------------------------------------------------------------- IP


IP_COLUMNS = [
    "root", "asset", "version", "kind", "event", "time", "block", "owner",
    "previous_owner", "owner_until", "metadata_hash", "document_hash", "tx_hash",
]  # fmt: skip


def ip_history(store: Store, asset: str | None = None) -> pd.DataFrame:
    """One row per registration, revision and transfer, in chain order; with ``asset``
    (``0x`` hex of any version) only its lineage's (empty for an unknown asset).

    ``owner`` holds the lineage ``root`` (all its versions) from ``time`` until
    ``owner_until`` (NaT: still). ``asset`` is the version the row is about (for a
    transfer, the root). Use ``owner_at(history, asset, when)`` for a past moment."""
    wanted = asset
    records: list[dict[str, Any]] = []
    lineage: dict[str, tuple[int | None, int | None]] = {}  # root -> (latest version, kind)
    open_rows: dict[str, list[dict[str, Any]]] = {}  # root -> rows of the current ownership period
    version: int | None
    for event, a, when, block, tx in _events(store, IP):
        if event == "AssetRegistered":
            root, asset, version, kind = a["asset"], a["asset"], 1, a["kind"]
            previous, owner = None, a["owner"]
        elif event == "AssetRevised":
            root, asset, version, kind = a["root"], a["asset"], a["version"], a["kind"]
            previous = owner = a["owner"]
        elif event == "AssetTransferred":
            root = asset = a["root"]
            version, kind = lineage.get(root, (None, None))
            previous, owner = a["from"], a["to"]
            for row in open_rows.pop(root, []):  # the previous ownership period ends here
                row["owner_until"] = when
        else:
            continue
        if event != "AssetTransferred":
            lineage[root] = (version, kind)
        record = {
            "root": root,
            "asset": asset,
            "version": version,
            "kind": Kind.name_of(kind) if kind is not None else None,
            "event": event,
            "time": when,
            "block": block,
            "owner": owner,
            "previous_owner": previous,
            "owner_until": None,
            "metadata_hash": a.get("metadataHash"),
            "document_hash": a.get("documentHash"),
            "tx_hash": tx,
        }
        records.append(record)
        open_rows.setdefault(root, []).append(record)
    frame = _frame(records, IP_COLUMNS, ("time", "owner_until"))
    return frame if wanted is None else lineage_of(frame, wanted)


def lineage_of(history: pd.DataFrame, asset: str) -> pd.DataFrame:
    """The rows of ``history`` about the lineage ``asset`` (any of its versions) belongs to."""
    asset = asset.lower()
    rows = history[(history["root"] == asset) | (history["asset"] == asset)]
    if rows.empty:
        return rows
    return history[history["root"] == rows["root"].iloc[0]]


def current_owners(store: Store) -> dict[str, str]:
    """The current owner of every registered asset (each version), by asset id."""
    roots: dict[str, str] = {}
    owner: dict[str, str] = {}
    for event, a, _, _, _ in _events(store, IP):
        if event == "AssetRegistered":
            roots[a["asset"]] = a["asset"]
            owner[a["asset"]] = a["owner"]
        elif event == "AssetRevised":
            roots[a["asset"]] = a["root"]
        elif event == "AssetTransferred":
            owner[a["root"]] = a["to"]
    return {asset: owner[root] for asset, root in roots.items() if root in owner}


def owner_at(history: pd.DataFrame, asset: str, when: Since) -> str | None:
    """Who owned ``asset`` (any version of its lineage) at ``when`` (a time, a block number,
    or None for now), from an ``ip_history()`` frame; None before its registration."""
    rows = lineage_of(history, asset)
    if rows.empty:
        return None
    since_block, since_time = _since(when)
    if since_block is not None:
        rows = rows[rows["block"] <= since_block]
    elif since_time is not None:
        rows = rows[rows["time"] <= pd.Timestamp(since_time, unit="s", tz="UTC")]
    return None if rows.empty else str(rows["owner"].iloc[-1])


# ---------------------------------------------------------------- licensing


LICENCE_COLUMNS = [
    "asset", "licence", "licensor", "granted_by", "licensee", "status", "in_force", "purposes", "purpose_names",
    "terms", "parent", "start", "end", "deadline", "created", "created_by", "revocation_reason",
    "ended", "accesses",
]  # fmt: skip


# The events that create a licence, offer or request, and the status they create
_LICENCE_CREATED = {
    "LicenceGranted": LicenceStatus.ACTIVE.name,
    "LicenceOffered": LicenceStatus.OFFERED.name,
    "LicenceRequested": LicenceStatus.REQUESTED.name,
    "SublicenceOffered": LicenceStatus.OFFERED.name,
}


def licences(store: Store, now: Since = None, org: str | None = None) -> pd.DataFrame:
    """Every licence with its status at ``now`` (default: the later of the wall clock
    and the time of the last indexed block): REQUESTED, OFFERED, ACTIVE, EXPIRED (active past its
    end), LAPSED (offered past its deadline), DECLINED, WITHDRAWN, REVOKED, RENOUNCED.
    ``in_force`` is ACTIVE with ``start <= now < end``. With ``org``, only the licences
    it holds or grants (as licensee or current licensor).

    Licences follow the asset: ``licensor`` is the current owner of the asset's lineage
    (after a transfer, the new owner), ``granted_by`` the owner that granted, offered or
    was asked. A sublicence is an offer of its sublicensor (``SublicenceOffered``, with
    ``parent``) that the sublicensee accepts, declines or lets lapse like any offer; its
    licensor and ``granted_by`` are its sublicensor."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    last_time = None
    for event, a, when, _, _ in _events(store, LICENSING):
        last_time = when
        if "licence" not in a:
            continue
        key = (a["asset"], a["licence"])
        if event in _LICENCE_CREATED:
            found[key] = {
                "asset": a["asset"],
                "licence": a["licence"],
                "licensor": a.get("licensor") or a.get("owner") or a.get("sublicensor"),
                "granted_by": a.get("licensor") or a.get("owner") or a.get("sublicensor"),
                "licensee": a.get("licensee") or a.get("sublicensee"),
                "status": _LICENCE_CREATED[event],
                "purposes": a["purposes"],
                "terms": a.get("terms"),
                "parent": a.get("parent"),
                "start": seconds(a["start"]) or (when if event == "LicenceGranted" else None),
                "end": seconds(a["end"]),
                "deadline": seconds(a.get("deadline")),
                "created": when,
                "created_by": event,
                "revocation_reason": None,
                "ended": None,
                "accesses": 0,
            }
            continue
        record = found.get(key)
        if record is None:
            continue
        if event in ("OfferAccepted", "RequestGranted"):
            record["status"] = LicenceStatus.ACTIVE.name
            record["start"] = seconds(a["start"]) or when
            record["granted_by"] = a.get("licensor", record["granted_by"])
        elif event in ("OfferDeclined", "RequestDeclined"):
            record["status"], record["ended"] = LicenceStatus.DECLINED.name, when
        elif event in ("OfferWithdrawn", "RequestWithdrawn"):
            record["status"], record["ended"] = LicenceStatus.WITHDRAWN.name, when
        elif event == "LicenceRevoked":
            record["status"], record["ended"] = LicenceStatus.REVOKED.name, when
            record["revocation_reason"] = RevocationReason.name_of(a["reason"])
        elif event == "LicenceRenounced":
            record["status"], record["ended"] = LicenceStatus.RENOUNCED.name, when
        elif event == "AccessRecorded":
            record["accesses"] += 1
    state = store.state()
    indexed = seconds(state.last_time) if state is not None else None
    at = _now(now, max((t for t in (last_time, indexed) if t is not None), default=None))
    owners = current_owners(store)
    for record in found.values():
        if record["parent"] is None and record["asset"] in owners:
            record["licensor"] = owners[record["asset"]]
        active = record["status"] == LicenceStatus.ACTIVE.name
        if active and record["end"] is not None and at >= record["end"]:
            record["status"], active = LicenceStatus.EXPIRED.name, False
        elif record["status"] == LicenceStatus.OFFERED.name and record["deadline"] is not None and at > record["deadline"]:
            record["status"] = LicenceStatus.LAPSED.name
        record["in_force"] = active and (record["start"] is None or record["start"] <= at)
        record["purpose_names"] = purpose_names(record["purposes"])
    kept = [r for r in found.values() if org is None or org in (r["licensee"], r["licensor"])]
    return _frame(kept, LICENCE_COLUMNS, ("start", "end", "deadline", "created", "ended"))


ACCESS_COLUMNS = ["time", "asset", "licence", "licensee", "recorder", "purpose", "purpose_name", "access_hash", "block", "tx_hash"]


def access_log(store: Store, org: str | None = None) -> pd.DataFrame:
    """Every access receipt (``AccessRecorded``), in chain order; with ``org``, those it
    recorded or that were recorded under its licence."""
    records = [
        {
            "time": when,
            "asset": a["asset"],
            "licence": a["licence"],
            "licensee": a["licensee"],
            "recorder": a["recorder"],
            "purpose": a["purpose"],
            "purpose_name": purpose_names(a["purpose"]),
            "access_hash": a["accessHash"],
            "block": block,
            "tx_hash": tx,
        }
        for event, a, when, block, tx in _events(store, LICENSING)
        if event == "AccessRecorded" and (org is None or org in (a["licensee"], a["recorder"]))
    ]
    return _frame(records, ACCESS_COLUMNS, ("time",))


# ---------------------------------------------------------------- orders


# Event -> the state an order is in after it (None: the state is an argument or unchanged)
ORDER_STEPS = {
    "OrderPlaced": State.ISSUED.name,
    "OrderConfirmed": State.CONFIRMED.name,
    "OrderRejected": State.REJECTED.name,
    "ProductionStarted": State.IN_PRODUCTION.name,
    "DeviationAccepted": State.READY_TO_SHIP.name,
    "OrderShipped": State.SHIPPED.name,
    "ShipmentReceived": State.DELIVERED.name,
    "OrderClosed": State.CLOSED.name,
    "OrderDisputed": State.DISPUTED.name,
    "OrderCancelled": State.CANCELLED.name,
}
# The column holding when an order first entered each state
TIMELINE = {
    State.ISSUED.name: "placed",
    State.CONFIRMED.name: "confirmed",
    State.REJECTED.name: "rejected",
    State.IN_PRODUCTION.name: "production_started",
    State.QUALITY_HOLD.name: "quality_hold",
    State.READY_TO_SHIP.name: "ready_to_ship",
    State.SHIPPED.name: "shipped",
    State.DELIVERED.name: "delivered",
    State.CLOSED.name: "closed",
    State.DISPUTED.name: "disputed",
    State.CANCELLED.name: "cancelled",
}
ORDER_COLUMNS = [
    "order_id", "oem", "supplier", "part_number", "state", "quantity", "ordered_quantity", "unit",
    "due", "min_score", "design_asset", "parent_id", "children", "reallocated_quantity",
    "shipped_quantity", "received_quantity", "shortfall", "on_time", "assessments", "last_score",
    "amendments", *TIMELINE.values(), "last_change",
]  # fmt: skip


def state_after(event: str, args: dict[str, Any]) -> str | None:
    """The state an order is in after ``event`` (None: the event does not change it)."""
    if event in ("QualityAssessed", "OrderReallocated"):
        return State.name_of(args["state"])
    return ORDER_STEPS.get(event)


def orders(store: Store) -> pd.DataFrame:
    """Every supply order: its terms, current state and timeline.

    ``quantity`` is the current quantity (after accepted amendments and reallocations),
    ``ordered_quantity`` the one placed; ``due`` the current due date; the timeline
    columns hold when the order first entered each state (NaT: never); ``on_time``
    whether it was received on or before its due day (None until received)."""
    found: dict[int, dict[str, Any]] = {}
    for event, a, when, _, _ in _events(store, ORDERS):
        if "orderId" not in a:
            continue
        oid = a["orderId"]
        if event == "OrderPlaced":
            placed: dict[str, Any] = dict.fromkeys(ORDER_COLUMNS)
            placed.update(
                order_id=oid,
                oem=a["oem"],
                supplier=a["supplier"],
                part_number=a["partNumber"],
                quantity=a["quantity"],
                ordered_quantity=a["quantity"],
                unit=ascii_code(a["unit"]),
                due=day(a["dueDay"]),
                min_score=a["minScore"],
                design_asset=None if a["designAsset"] == ZERO32 else a["designAsset"],
                parent_id=a["parentId"] or None,
                children=[],
                reallocated_quantity=0,
                shipped_quantity=0,
                received_quantity=0,
                assessments=0,
                amendments=0,
            )
            found[oid] = placed
            if a["parentId"] in found:
                found[a["parentId"]]["children"].append(oid)
        record = found.get(oid)
        if record is None:
            continue
        state = state_after(event, a)
        if event == "QualityAssessed":
            record["assessments"] += 1
            record["last_score"] = a["score"]
        elif event == "OrderReallocated":
            record["quantity"] = a["remaining"]
            record["reallocated_quantity"] += a["quantity"]
        elif event == "OrderShipped":
            record["shipped_quantity"] += a["quantity"]
        elif event == "ShipmentReceived":
            record["received_quantity"] = a["receivedQuantity"]
            record["shortfall"] = a["shortfall"]
            record["on_time"] = bool(record["due"] is not None and when is not None and when.normalize() <= record["due"])
        elif event == "AmendmentAccepted":
            record["quantity"], record["due"] = a["quantity"], day(a["dueDay"])
            record["amendments"] += 1
        if state is not None:
            record["state"] = state
            column = TIMELINE.get(state)
            if column and record[column] is None:
                record[column] = when
        record["last_change"] = when
    frame = _frame(list(found.values()), ORDER_COLUMNS, ("due", *TIMELINE.values(), "last_change"))
    frame["children"] = [tuple(c) if isinstance(c, list) else () for c in frame["children"]]
    for column in ("order_id", "parent_id", "last_score", "shortfall", "min_score"):
        frame[column] = frame[column].astype("Int64")
    frame["on_time"] = frame["on_time"].astype("boolean")
    return frame


HISTORY_COLUMNS = ["order_id", "block", "time", "event", "state", "args", "tx_hash"]


def order_history(store: Store, order_id: int | None = None) -> pd.DataFrame:
    """The events of one supply order (of every order without ``order_id``) in chain
    order: ``state`` is the order's state after the event (None when the event left it
    unchanged: an amendment, a shipment), ``args`` the event's arguments (a dict). An
    order reallocated from another starts with its own OrderPlaced (``parentId``); the
    parent's OrderReallocated names it as ``childId``."""
    records = [
        {"order_id": a["orderId"], "block": block, "time": when, "event": event, "state": state_after(event, a),
         "args": a, "tx_hash": tx}
        for event, a, when, block, tx in _events(store, ORDERS, order_id)
        if "orderId" in a
    ]
    return _frame(records, HISTORY_COLUMNS, ("time",))


QUALITY_COLUMNS = [
    "time", "order_id", "oem", "supplier", "score", "min_score", "below_threshold", "sample_size",
    "defects", "is_final", "state_after", "report_hash", "block", "tx_hash",
]  # fmt: skip


def quality(store: Store) -> pd.DataFrame:
    """Every quality assessment, with the order's threshold and whether it fell below."""
    thresholds: dict[int, int] = {}
    records = []
    for event, a, when, block, tx in _events(store, ORDERS):
        if event == "OrderPlaced":
            thresholds[a["orderId"]] = a["minScore"]
        elif event == "QualityAssessed":
            threshold = thresholds.get(a["orderId"])
            records.append(
                {
                    "time": when,
                    "order_id": a["orderId"],
                    "oem": a["oem"],
                    "supplier": a["supplier"],
                    "score": a["score"],
                    "min_score": threshold,
                    "below_threshold": None if threshold is None else a["score"] < threshold,
                    "sample_size": a["sampleSize"],
                    "defects": a["defects"],
                    "is_final": a["isFinal"],
                    "state_after": State.name_of(a["state"]),
                    "report_hash": a["reportHash"],
                    "block": block,
                    "tx_hash": tx,
                }
            )
    frame = _frame(records, QUALITY_COLUMNS, ("time",))
    frame["min_score"] = frame["min_score"].astype("Int64")
    frame["below_threshold"] = frame["below_threshold"].astype("boolean")
    return frame


# ---------------------------------------------------------------- signals


SIGNAL_COLUMNS = [
    "time", "kind", "oem", "signal_id", "recipients", "site", "material", "week",
    "actual_capacity", "maximum_capacity", "demand", "occupancy", "cause", "effect", "status",
    "start", "expected_end", "resolved", "content_hash", "block", "tx_hash",
]  # fmt: skip


def signals(store: Store, recipient: str | None = None) -> pd.DataFrame:
    """Every capacity and disruption signal (addressed to ``recipient`` if given), one
    row per signal (a signal emits one event per recipient; ``recipients`` lists them).
    ``week`` is the Monday of the ISO week of a capacity signal, ``site`` None when it
    names none; ``occupancy`` is demand over actual capacity; ``resolved`` when the OEM
    resolved a disruption (NaT: still open)."""
    found: dict[tuple[str, str, str], dict[str, Any]] = {}
    for event, a, when, block, tx in _events(store, SIGNALS):
        if event in ("CapacitySignalled", "DisruptionSignalled"):
            capacity = event == "CapacitySignalled"
            signal_id = a["signalId"] if capacity else a["notificationId"]
            key = (tx, a["oem"], signal_id)
            record = found.get(key)
            if record is None:
                record = found[key] = dict.fromkeys(SIGNAL_COLUMNS)
                record.update(time=when, kind=(SignalKind.CAPACITY if capacity else SignalKind.DISRUPTION).name, oem=a["oem"], signal_id=signal_id,
                              recipients=[], content_hash=a["contentHash"], block=block, tx_hash=tx)  # fmt: skip
                if capacity:
                    record.update(
                        site=None if a["site"] == ZERO16 else a["site"],
                        material=a["material"],
                        week=iso_week(a["week"]),
                        actual_capacity=a["actualCapacity"],
                        maximum_capacity=a["maximumCapacity"],
                        demand=a["demand"],
                        occupancy=(a["demand"] / a["actualCapacity"]) if a["actualCapacity"] else None,
                    )
                else:
                    record.update(
                        cause=RootCause.name_of(a["cause"]),
                        effect=Effect.name_of(a["effect"]),
                        status=DisruptionStatus.name_of(a["status"]),
                        start=seconds(a["start"]),
                        expected_end=seconds(a["expectedEnd"]),
                    )
            record["recipients"].append(a["recipient"])
        elif event == "DisruptionResolved":
            for record in found.values():
                if record["kind"] == SignalKind.DISRUPTION.name and record["oem"] == a["oem"] and record["signal_id"] == a["notificationId"]:
                    record["resolved"] = record["resolved"] or when
                    record["status"] = "RESOLVED"
    kept = [r for r in found.values() if recipient is None or recipient in r["recipients"]]
    frame = _frame(kept, SIGNAL_COLUMNS, ("time", "week", "start", "expected_end", "resolved"))
    frame["recipients"] = [tuple(r) if isinstance(r, list) else () for r in frame["recipients"]]
    return frame


def _now(now: Since, last_event: pd.Timestamp | None) -> pd.Timestamp:
    if now is not None and not isinstance(now, int):
        stamp = pd.Timestamp(now)
        return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
    if isinstance(now, int):
        raise TypeError("now: expected a time, not a block number")
    wall = pd.Timestamp.now(tz="UTC")
    return max(wall, last_event) if last_event is not None else wall
