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
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from functools import lru_cache
from operator import itemgetter
from typing import Any, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

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
from valuechain.events.frames import Since, _since, without_gc
from valuechain.events.store import Store

try:
    import orjson as _orjson
except ImportError:  # pragma: no cover - orjson is a dependency
    _orjson = None  # type: ignore[assignment]

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


def loads(args: str) -> dict[str, Any]:
    """The arguments of an event as the index keeps them (JSON): orjson, or the standard
    library for what orjson refuses (an integer wider than 64 bits)."""
    if _orjson is not None:
        try:
            return cast("dict[str, Any]", _orjson.loads(args))
        except _orjson.JSONDecodeError:
            pass
    return cast("dict[str, Any]", json.loads(args))


def _events(
    store: Store, contract: str, order_id: int | None = None, event: str | tuple[str, ...] | None = None
) -> Iterator[tuple[str, dict[str, Any], int | None, int, str]]:
    """(event, args, time (unix seconds), block, tx hash) of one contract (of one order,
    of some events), in chain order. Times stay integers in the views' loops (a pandas
    Timestamp per event costs more than the rest of the loop): ``_frame`` converts the
    columns at once."""
    for name, args, stamp, block, tx in store.scan(("event", "args", "timestamp", "block", "tx_hash"), contract, event, order_id):
        yield name, loads(args), stamp, block, tx


def _frame(records: list[dict[str, Any]], columns: list[str], times: tuple[str, ...] = ()) -> pd.DataFrame:
    """A frame of ``records``; the ``times`` columns hold unix seconds (or None) and
    become UTC timestamps."""
    frame = pd.DataFrame.from_records(records, columns=columns)
    for column in times:
        frame[column] = _times(frame[column])
    return frame


def _times(values: Any) -> pd.Series:
    """Unix seconds (None: NaT) as UTC timestamps, microseconds (as pandas makes them
    from Python datetimes)."""
    if isinstance(values, (list, tuple)):
        try:  # no None: straight to an array of seconds
            seconds = np.fromiter(values, dtype=np.int64, count=len(values))
        except (TypeError, OverflowError, ValueError):
            pass
        else:
            if not len(seconds) or abs(int(seconds.min())) <= _MAX_US_SECONDS >= abs(int(seconds.max())):
                return pd.Series(seconds.astype("datetime64[s]").astype("datetime64[us]")).dt.tz_localize("UTC")
    return pd.to_datetime(pd.Series(values, dtype="Int64"), unit="s", utc=True).astype("datetime64[us, UTC]")


_MAX_US_SECONDS = (2**63 - 1) // 1_000_000  # the seconds a datetime64[us] holds (beyond: pandas' own error)


def _columns_frame(columns: dict[str, Any], times: tuple[str, ...] = ()) -> pd.DataFrame:
    """A frame of columns (lists, tuples, arrays: quicker than one of records); as
    ``_frame``. The ``times`` columns are converted before the frame is made (pandas
    would first infer the type of every value)."""
    if not any(len(values) for values in columns.values()):
        frame = pd.DataFrame.from_records([], columns=list(columns))
        for column in times:
            frame[column] = _times(frame[column])
        return frame
    return pd.DataFrame({name: _times(values) if name in times else values for name, values in columns.items()})


@lru_cache(maxsize=1024)
def _purpose_names(bits: int) -> str:
    return purpose_names(bits)


def _seconds(value: int | None) -> int | None:
    """An argument holding unix seconds: 0 (unset) is None."""
    return int(value) if value else None


def _day_seconds(number: int | None) -> int | None:
    """A contract day number as unix seconds at midnight UTC (0: None), as ``day``."""
    return int(number) * DAY if number else None


@lru_cache(maxsize=4096)
def _iso_week_seconds(code: int | None) -> int | None:
    week = iso_week(code)
    return None if week is None else int(week.timestamp())


DAY = 86_400


# ---------------------------------------------------------------- IP


IP_COLUMNS = [
    "root", "asset", "version", "kind", "event", "time", "block", "owner",
    "previous_owner", "owner_until", "metadata_hash", "document_hash", "tx_hash",
]  # fmt: skip


@without_gc
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


@without_gc
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
    last_time = store.last_time_of(LICENSING)
    # access receipts are most of the contract's events: counted by SQL, not decoded here
    others = tuple(sorted(set(_event_names(store, LICENSING)) - {"AccessRecorded"}))
    for event, a, when, _, _ in _events(store, LICENSING, event=others):
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
                "start": _seconds(a["start"]) or (when if event == "LicenceGranted" else None),
                "end": _seconds(a["end"]),
                "deadline": _seconds(a.get("deadline")),
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
            record["start"] = _seconds(a["start"]) or when
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
    for key, count in _access_counts(store).items():
        record = found.get(key)
        if record is not None:
            record["accesses"] = count
    state = store.state()
    indexed = state.last_time if state is not None else None
    latest = max((t for t in (last_time, indexed) if t is not None), default=None)
    at = _now(now, seconds(latest)).timestamp()
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
        record["purpose_names"] = _purpose_names(record["purposes"])
    kept = [r for r in found.values() if org is None or org in (r["licensee"], r["licensor"])]
    return _frame(kept, LICENCE_COLUMNS, ("start", "end", "deadline", "created", "ended"))


ACCESS_COLUMNS = ["time", "asset", "licence", "licensee", "recorder", "purpose", "purpose_name", "access_hash", "block", "tx_hash"]


@without_gc
def access_log(store: Store, org: str | None = None) -> pd.DataFrame:
    """Every access receipt (``AccessRecorded``), in chain order; with ``org``, those it
    recorded or that were recorded under its licence."""
    (times, blocks, txs), args = _bulk(store, ("timestamp", "block", "tx_hash"), LICENSING, "AccessRecorded")
    if org is not None:
        kept = [k for k, a in enumerate(args) if org in (a["licensee"], a["recorder"])]
        times, blocks, txs = ([values[k] for k in kept] for values in (times, blocks, txs))
        args = [args[k] for k in kept]
    purposes = [a["purpose"] for a in args]
    columns = {
        "time": times,
        "asset": [a["asset"] for a in args],
        "licence": [a["licence"] for a in args],
        "licensee": [a["licensee"] for a in args],
        "recorder": [a["recorder"] for a in args],
        "purpose": purposes,
        "purpose_name": [_purpose_names(p) for p in purposes],
        "access_hash": [a["accessHash"] for a in args],
        "block": _integers(blocks),
        "tx_hash": txs,
    }
    return _columns_frame(columns, ("time",))


def _bulk(
    store: Store, columns: tuple[str, ...], contract: str, event: str | tuple[str, ...] | None = None,
    order_id: int | None = None, with_order: bool = False,
) -> tuple[list[list[Any]], list[dict[str, Any]]]:
    """``columns`` (a list of values per column) and the decoded arguments of the events
    ``scan`` selects. Read ``BULK_ROWS`` rows at a time, the arguments of each part parsed
    as one JSON array (one call instead of one per event): a part's text and rows stay
    in the processor's caches, the whole of a million events' would not (a third quicker)."""
    cursor = store.db.execute(*store.scan_query((*columns, "args"), contract, event, order_id, with_order))
    values: list[list[Any]] = [[] for _ in columns]
    args: list[dict[str, Any]] = []
    for parts in _parts(cursor):
        for column, part in zip(values, parts, strict=False):
            column.extend(part)
        args.extend(_loads_many(parts[-1]))
    return values, args


BULK_ROWS = 4_096


def _parts(cursor: sqlite3.Cursor) -> Iterator[list[tuple[Any, ...]]]:
    """The cursor's rows ``BULK_ROWS`` at a time, each part as one tuple per column."""
    while rows := cursor.fetchmany(BULK_ROWS):
        yield list(zip(*rows, strict=True))


def _loads_many(texts: Sequence[str]) -> list[dict[str, Any]]:
    """JSON objects parsed as one array (one call instead of one per object)."""
    if _orjson is not None:
        try:
            return cast("list[dict[str, Any]]", _orjson.loads("[" + ",".join(texts) + "]"))
        except _orjson.JSONDecodeError:  # an integer orjson refuses: one by one
            pass
    return [loads(t) for t in texts]


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


# The order events whose arguments ``orders`` reads (the others: their order id and time)
_ORDER_ARGS_READ = frozenset(("OrderPlaced", "QualityAssessed", "OrderReallocated", "OrderShipped", "ShipmentReceived",
                              "AmendmentAccepted"))  # fmt: skip
_NO_ARGS: dict[str, Any] = {}


@lru_cache(maxsize=1024)
def _ascii_code(hex_value: str) -> str:
    return ascii_code(hex_value)


_STATE_ARG = frozenset(("QualityAssessed", "OrderReallocated"))  # the events naming the state they leave


@lru_cache(maxsize=256)
def _state_name(number: int) -> str:
    return State.name_of(number)


def state_after(event: str, args: dict[str, Any]) -> str | None:
    """The state an order is in after ``event`` (None: the event does not change it)."""
    if event in ("QualityAssessed", "OrderReallocated"):
        return State.name_of(args["state"])
    return ORDER_STEPS.get(event)


@without_gc
def orders(store: Store) -> pd.DataFrame:
    """Every supply order: its terms, current state and timeline.

    ``quantity`` is the current quantity (after accepted amendments and reallocations),
    ``ordered_quantity`` the one placed; ``due`` the current due date; the timeline
    columns hold when the order first entered each state (NaT: never); ``on_time``
    whether it was received on or before its due day (None until received)."""
    return _orders(store)


# Per supplier: [assessments, sum of scores, lowest score, assessments below the order's minimum]
Tally = dict[str, list[int]]


def _orders(store: Store, assessed: Tally | None = None) -> pd.DataFrame:
    """``orders``; with ``assessed``, the quality assessments tallied per supplier.

    Read from the orders' summary the sync keeps (``refresh_orders``) when it is up to
    date, else (an index opened read-only that a sync has not caught up) from every
    event of the orders."""
    names = ["order_id", *(c for c in SUMMARY_COLUMNS if assessed is not None or c != "_assessed")]
    columns = _summary_columns(store, names)
    if columns is None:
        found: dict[int, dict[str, Any]] = {}
        for event, raw, when, oid in store.scan(("event", "args", "timestamp", "order_id"), ORDERS, with_order=True):
            _apply_order_event(found, event, loads(raw) if event in _ORDER_ARGS_READ else _NO_ARGS, when, oid)
        columns = {name: [record[name] for record in found.values()] for name in names}
    else:
        # JSON columns: the tallies only for the scorecard, and most orders have no children
        columns["children"] = [[] if v == "[]" else loads(v) for v in columns["children"]]
        if assessed is not None:
            columns["_assessed"] = _loads_many(columns["_assessed"])
    if assessed is not None:
        for tallies in columns["_assessed"]:
            for supplier, (count, total, lowest, below) in tallies.items():
                tally = assessed.get(supplier)
                if tally is None:
                    assessed[supplier] = [count, total, lowest, below]
                else:
                    tally[0] += count
                    tally[1] += total
                    tally[2] = min(tally[2], lowest)
                    tally[3] += below
    return _orders_frame(columns)


def _apply_order_event(found: dict[int, dict[str, Any]], event: str, a: dict[str, Any], when: int | None, oid: int | str) -> None:
    """Apply one event of supply order ``oid`` to its record in ``found`` (created by
    OrderPlaced; ``found`` must hold the order and, for a placement, its parent)."""
    if isinstance(oid, str):  # an id wider than SQLite's integers is kept as text
        oid = int(oid)
    if event == "OrderPlaced":
        placed: dict[str, Any] = dict.fromkeys(ORDER_COLUMNS)
        placed.update(
            order_id=oid,
            oem=a["oem"],
            supplier=a["supplier"],
            part_number=a["partNumber"],
            quantity=a["quantity"],
            ordered_quantity=a["quantity"],
            unit=_ascii_code(a["unit"]),
            due=_day_seconds(a["dueDay"]),
            min_score=a["minScore"],
            design_asset=None if a["designAsset"] == ZERO32 else a["designAsset"],
            parent_id=a["parentId"] or None,
            children=[],
            reallocated_quantity=0,
            shipped_quantity=0,
            received_quantity=0,
            assessments=0,
            amendments=0,
            _assessed={},  # supplier -> [assessments, sum of scores, lowest, below the minimum]
        )
        found[oid] = placed
        if a["parentId"] in found:
            found[a["parentId"]]["children"].append(oid)
    record = found.get(oid)
    if record is None:
        return
    state = _state_name(a["state"]) if event in _STATE_ARG else ORDER_STEPS.get(event)
    if event == "QualityAssessed":
        record["assessments"] += 1
        score = record["last_score"] = a["score"]
        below = int(record["min_score"] is not None and score < record["min_score"])
        tally = record["_assessed"].get(a["supplier"])
        if tally is None:
            record["_assessed"][a["supplier"]] = [1, score, score, below]
        else:
            tally[0], tally[1], tally[2], tally[3] = tally[0] + 1, tally[1] + score, min(tally[2], score), tally[3] + below
    elif event == "OrderReallocated":
        record["quantity"] = a["remaining"]
        record["reallocated_quantity"] += a["quantity"]
    elif event == "OrderShipped":
        record["shipped_quantity"] += a["quantity"]
    elif event == "ShipmentReceived":
        record["received_quantity"] = a["receivedQuantity"]
        record["shortfall"] = a["shortfall"]
        record["on_time"] = bool(record["due"] is not None and when is not None and when // DAY * DAY <= record["due"])
    elif event == "AmendmentAccepted":
        record["quantity"], record["due"] = a["quantity"], _day_seconds(a["dueDay"])
        record["amendments"] += 1
    if state is not None:
        record["state"] = state
        column = TIMELINE.get(state)
        if column and record[column] is None:
            record[column] = when
    record["last_change"] = when


SUMMARY_BATCH = 20_000  # events applied to the orders' summary per transaction


def refresh_orders(store: Store, batch: int = SUMMARY_BATCH, appended: Sequence[tuple[Any, ...]] | None = None) -> int:
    """Bring the orders' summary (one record per order, in the index file) up to the
    last indexed event: the events after the position it was kept to are applied to the
    records they touch, ``batch`` events per transaction (memory bounded by the batch,
    not by the number of orders). The sync calls it after every step with the rows it
    just ``appended`` (``decode.ROW_COLUMNS``), applied from memory when the summary
    was up to date before them; a rollback clears the summary, the next refresh
    rebuilds it from the events. Returns the events applied."""
    if store.readonly:
        return 0
    if appended is not None:
        mine = [(r[6], r[11], r[4], r[10], r[0], r[1]) for r in appended if r[5] == ORDERS and r[10] is not None]
        if not mine:
            return refresh_orders(store, batch)
        before = store.db.execute(
            "SELECT block, log_index FROM events WHERE contract = ? AND order_id IS NOT NULL AND (block, log_index) < (?, ?) "
            "ORDER BY block DESC, log_index DESC LIMIT 1", (ORDERS, mine[0][4], mine[0][5])).fetchone()
        if tuple(before or (-1, -1)) == store.summary_position("orders"):
            with store.db:
                _apply_to_summary(store, mine)
            return len(mine)
    applied = 0
    while True:
        with store.db:
            position = store.summary_position("orders")
            rows = store.db.execute(
                "SELECT event, args, timestamp, order_id, block, log_index FROM events WHERE contract = ? "
                "AND order_id IS NOT NULL AND (block, log_index) > (?, ?) ORDER BY block, log_index LIMIT ?",
                (ORDERS, *position, batch)).fetchall()
            if not rows:
                return applied
            _apply_to_summary(store, rows)
            applied += len(rows)


def _apply_to_summary(store: Store, rows: Sequence[tuple[Any, ...]]) -> None:
    """Apply (event, args JSON, time, order id, block, log index) rows, in chain order,
    to the summary records they touch, and move the summary's position past them."""
    args = [loads(r[1]) if r[0] in _ORDER_ARGS_READ else _NO_ARGS for r in rows]
    wanted = {int(r[3]) for r in rows} | {a["parentId"] for r, a in zip(rows, args, strict=True) if r[0] == "OrderPlaced"}
    _ensure_summary(store)
    found, seats = _summary_rows(store, wanted)
    before = set(found)
    for (event, _, when, oid, _, _), a in zip(rows, args, strict=True):
        _apply_order_event(found, event, a, when, oid)
    for event, _, _, oid, block, log_index in rows:
        if event == "OrderPlaced" and int(oid) not in before:
            seats.setdefault(int(oid), (block, log_index))
    _put_summary_rows(store, [(oid, *seats[oid], record) for oid, record in found.items() if oid in seats])
    store.set_summary_position("orders", rows[-1][4], rows[-1][5])


# The orders' summary table: the columns of the orders view (children and the per-supplier
# tally of assessments as JSON), where each order was placed, and the order id as key
_SUMMARY_JSON = ("children", "_assessed")  # kept as JSON text, the last columns
SUMMARY_COLUMNS = [c for c in ORDER_COLUMNS if c not in ("order_id", *_SUMMARY_JSON)] + list(_SUMMARY_JSON)


def _ensure_summary(store: Store) -> None:
    columns = ", ".join(f'"{c}"' for c in SUMMARY_COLUMNS)
    store.db.execute(f"CREATE TABLE IF NOT EXISTS order_summary (order_id NOT NULL PRIMARY KEY, block INTEGER NOT NULL, "
                     f"log_index INTEGER NOT NULL, {columns})")


def _has_summary(store: Store) -> bool:
    return store.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'order_summary'").fetchone() is not None


def _summary_rows(store: Store, order_ids: set[int]) -> tuple[dict[int, dict[str, Any]], dict[int, tuple[int, int]]]:
    """The summary records of ``order_ids`` that exist, and where each was placed."""
    records: dict[int, dict[str, Any]] = {}
    seats: dict[int, tuple[int, int]] = {}
    keys = [_key(i) for i in order_ids]
    names = ["order_id", *SUMMARY_COLUMNS]
    selected = ", ".join(f'"{c}"' for c in names)
    for first in range(0, len(keys), 500):
        part = keys[first : first + 500]
        query = f"SELECT block, log_index, {selected} FROM order_summary WHERE order_id IN ({', '.join('?' * len(part))})"
        for block, log_index, *values in store.db.execute(query, part):
            record = dict(zip(names, values, strict=True))
            for column in _SUMMARY_JSON:
                record[column] = loads(record[column])
            record["order_id"] = oid = int(record["order_id"])
            records[oid], seats[oid] = record, (block, log_index)
    return records, seats


def _put_summary_rows(store: Store, rows: list[tuple[int, int, int, dict[str, Any]]]) -> None:
    """Write (order id, block, log index, record) rows of the summary."""
    sql = f"INSERT OR REPLACE INTO order_summary VALUES ({', '.join('?' * (3 + len(SUMMARY_COLUMNS)))})"
    plain = [c for c in SUMMARY_COLUMNS if c not in _SUMMARY_JSON]
    pick = itemgetter(*plain)
    values = [(oid, block, log_index, *pick(record), *(_dumps(record[c]) for c in _SUMMARY_JSON)) for oid, block, log_index, record in rows]
    try:
        store.db.executemany(sql, values)
    except OverflowError:  # an integer wider than SQLite's: as text
        store.db.executemany(sql, [tuple(_sql_value(v) for v in row) for row in values])


def _key(order_id: int) -> int | str:
    """An order id (or any integer) as SQLite can keep it: text when wider than its integers."""
    return order_id if order_id <= MAX_SQLITE_INT else str(order_id)


def _sql_value(value: Any) -> Any:
    return _key(value) if isinstance(value, int) and not isinstance(value, bool) else value


MAX_SQLITE_INT = (1 << 63) - 1


def _summary_fresh(store: Store) -> bool | None:
    """Whether the orders' summary holds every indexed order event (brought up to date
    first when the index is writable); False: there is none; None: it is behind."""
    refresh_orders(store)
    last = store.db.execute("SELECT block, log_index FROM events WHERE contract = ? AND order_id IS NOT NULL "
                            "ORDER BY block DESC, log_index DESC LIMIT 1", (ORDERS,)).fetchone()
    if last is not None and (not _has_summary(store) or tuple(last) > store.summary_position("orders")):
        return None
    return last is not None


def _thresholds(store: Store) -> dict[int, int]:
    """The minimum score of every order by order id: from the orders' summary, or (behind)
    from the placements."""
    fresh = _summary_fresh(store)
    if fresh is None:
        return {a["orderId"]: a["minScore"] for _, a, _, _, _ in _events(store, ORDERS, event="OrderPlaced")}
    if not fresh:
        return {}
    return {int(oid): limit for oid, limit in store.db.execute("SELECT order_id, min_score FROM order_summary")}


def _summary_columns(store: Store, names: Sequence[str]) -> dict[str, list[Any]] | None:
    """The orders' columns ``names`` from the summary, in the order the orders were
    placed (read ``BULK_ROWS`` rows at a time); None when the summary is behind the
    events and cannot be brought up to date (read-only)."""
    fresh = _summary_fresh(store)
    if fresh is None:
        return None
    columns: dict[str, list[Any]] = {name: [] for name in names}
    if not fresh:
        return columns
    selected = ", ".join(f'"{c}"' for c in names)
    for parts in _parts(store.db.execute(f"SELECT {selected} FROM order_summary ORDER BY block, log_index")):
        for column, part in zip(columns.values(), parts, strict=True):
            column.extend(part)
    return columns


def _dumps(record: Any) -> str:
    if _orjson is not None:
        try:
            return _orjson.dumps(record).decode()
        except TypeError:  # an integer wider than 64 bits
            pass
    return json.dumps(record, separators=(",", ":"))


_INT_COLUMNS = ("parent_id", "last_score", "shortfall", "min_score")  # Int64: None where unset


def _orders_frame(columns: Mapping[str, Sequence[Any]]) -> pd.DataFrame:
    """The orders frame of its columns (``ORDER_COLUMNS`` and more), each converted to
    its type once (not inferred by pandas first)."""
    times = ("due", *TIMELINE.values(), "last_change")
    converted: dict[str, Any] = {}
    for name in ORDER_COLUMNS:
        values = columns[name]
        if name == "order_id":  # (text when wider than SQLite's integers)
            converted[name] = pd.array([int(v) for v in values], dtype="Int64")
        elif name in times:
            converted[name] = _times(list(values))
        elif name in _INT_COLUMNS:
            converted[name] = pd.array(list(values), dtype="Int64")
        elif name == "on_time":
            converted[name] = pd.array([None if v is None else bool(v) for v in values], dtype="boolean")
        elif name == "children":
            converted[name] = _objects([tuple(c) if isinstance(c, list) else () for c in values])
        else:
            converted[name] = list(values)
    return pd.DataFrame(converted, columns=ORDER_COLUMNS)


HISTORY_COLUMNS = ["order_id", "block", "time", "event", "state", "args", "tx_hash"]


@without_gc
def order_history(store: Store, order_id: int | None = None) -> pd.DataFrame:
    """The events of one supply order (of every order without ``order_id``) in chain
    order: ``state`` is the order's state after the event (None when the event left it
    unchanged: an amendment, a shipment), ``args`` the event's arguments (a dict). An
    order reallocated from another starts with its own OrderPlaced (``parentId``); the
    parent's OrderReallocated names it as ``childId``."""
    (blocks, times, events, txs), args = _bulk(store, ("block", "timestamp", "event", "tx_hash"), ORDERS,
                                               order_id=order_id, with_order=order_id is None)
    columns = {
        "order_id": _integers([a["orderId"] for a in args]),  # (every one names its order: its orderId)
        "block": _integers(blocks),
        "time": times,
        "event": events,
        "state": _states_after(events, args),
        "args": _objects(args),
        "tx_hash": txs,
    }
    return _columns_frame(columns, ("time",))


def _states_after(events: Sequence[str], args: Sequence[dict[str, Any]]) -> pd.Series:
    """``state_after`` of every event (None: unchanged), as a column: looked up per event
    name, and read from the arguments of the events that name the state they leave."""
    codes, names = pd.factorize(_objects(events))
    states = np.array([ORDER_STEPS.get(name) for name in names], dtype=object)[codes]
    named = np.flatnonzero(np.isin(codes, [k for k, name in enumerate(names) if name in _STATE_ARG]))
    if len(named):
        states[named] = [_state_name(args[int(k)]["state"]) for k in named]
    return pd.Series(states, dtype="str")


def _integers(values: Sequence[Any]) -> npt.NDArray[np.int64] | Sequence[Any]:
    """Integers as an int64 array (pandas infers a list's type value by value); as they
    are when one is not a 64-bit integer (an order id wider than SQLite's integers)."""
    try:
        return np.fromiter(values, dtype=np.int64, count=len(values))
    except (OverflowError, TypeError, ValueError):
        return values


def _objects(values: Sequence[Any]) -> npt.NDArray[np.object_]:
    """``values`` as an object array: pandas takes it as it is (a list it inspects)."""
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


QUALITY_COLUMNS = [
    "time", "order_id", "oem", "supplier", "score", "min_score", "below_threshold", "sample_size",
    "defects", "is_final", "state_after", "report_hash", "block", "tx_hash",
]  # fmt: skip


@without_gc
def quality(store: Store) -> pd.DataFrame:
    """Every quality assessment, with the order's threshold and whether it fell below."""
    thresholds = _thresholds(store)
    (times, blocks, txs), args = _bulk(store, ("timestamp", "block", "tx_hash"), ORDERS, "QualityAssessed")
    limits = [thresholds.get(a["orderId"]) for a in args]
    columns = {
        "time": times,
        "order_id": [a["orderId"] for a in args],
        "oem": [a["oem"] for a in args],
        "supplier": [a["supplier"] for a in args],
        "score": [a["score"] for a in args],
        "min_score": limits,
        "below_threshold": [None if t is None else a["score"] < t for a, t in zip(args, limits, strict=True)],
        "sample_size": [a["sampleSize"] for a in args],
        "defects": [a["defects"] for a in args],
        "is_final": [a["isFinal"] for a in args],
        "state_after": [_state_name(a["state"]) for a in args],
        "report_hash": [a["reportHash"] for a in args],
        "block": _integers(blocks),
        "tx_hash": txs,
    }
    frame = _columns_frame(columns, ("time",))
    frame["min_score"] = frame["min_score"].astype("Int64")
    frame["below_threshold"] = frame["below_threshold"].astype("boolean")
    return frame


# ---------------------------------------------------------------- signals


SIGNAL_COLUMNS = [
    "time", "kind", "oem", "signal_id", "recipients", "site", "material", "week",
    "actual_capacity", "maximum_capacity", "demand", "occupancy", "cause", "effect", "status",
    "start", "expected_end", "resolved", "content_hash", "block", "tx_hash",
]  # fmt: skip


@without_gc
def signals(store: Store, recipient: str | None = None) -> pd.DataFrame:
    """Every capacity and disruption signal (addressed to ``recipient`` if given), one
    row per signal (a signal emits one event per recipient; ``recipients`` lists them).
    ``week`` is the Monday of the ISO week of a capacity signal, ``site`` None when it
    names none; ``occupancy`` is demand over actual capacity; ``resolved`` when the OEM
    resolved a disruption (NaT: still open)."""
    return _signals(store, recipient)


def _signals(store: Store, recipient: str | None = None, disruptions_only: bool = False) -> pd.DataFrame:
    """``signals``, built column by column: one pass over the events finds each signal's
    first event and its recipients, then each column is one list of the signals' values
    (appending to 21 lists per event cost most of the view's time)."""
    wanted = ("DisruptionSignalled", "DisruptionResolved") if disruptions_only else None
    (events, times, blocks, txs), args = _bulk(store, ("event", "timestamp", "block", "tx_hash"), SIGNALS, wanted)
    firsts: list[int] = []  # per signal: the event that signalled it first
    recipients: list[list[str]] = []
    rows: dict[tuple[str, str, str], int] = {}  # (tx, oem, signal id) -> its signal
    disruptions: dict[tuple[str, str], list[int]] = {}  # (oem, notification id) -> its signals
    resolved: dict[int, int | None] = {}  # signal -> when the OEM resolved it
    for k, event in enumerate(events):
        a = args[k]
        if event == "CapacitySignalled" or event == "DisruptionSignalled":
            signal_id = a["signalId"] if event == "CapacitySignalled" else a["notificationId"]
            key = (txs[k], a["oem"], signal_id)
            row = rows.get(key)
            if row is None:
                row = rows[key] = len(firsts)
                firsts.append(k)
                recipients.append([])
                if event == "DisruptionSignalled":
                    disruptions.setdefault((a["oem"], signal_id), []).append(row)
            recipients[row].append(a["recipient"])
        elif event == "DisruptionResolved":
            for row in disruptions.get((a["oem"], a["notificationId"]), ()):
                resolved[row] = resolved.get(row) or times[k]
    kept = range(len(firsts)) if recipient is None else [r for r, names in enumerate(recipients) if recipient in names]
    picked = [args[firsts[r]] for r in kept]
    capacity = [events[firsts[r]] == "CapacitySignalled" for r in kept]
    both = list(zip(picked, capacity, strict=True))
    capacity_kind, disruption_kind = SignalKind.CAPACITY.name, SignalKind.DISRUPTION.name
    columns = {
        "time": [times[firsts[r]] for r in kept],
        "kind": [capacity_kind if c else disruption_kind for c in capacity],
        "oem": [a["oem"] for a in picked],
        "signal_id": [a["signalId"] if c else a["notificationId"] for a, c in both],
        "recipients": [tuple(recipients[r]) for r in kept],
        "site": [(None if a["site"] == ZERO16 else a["site"]) if c else None for a, c in both],
        "material": [a["material"] if c else None for a, c in both],
        "week": [_iso_week_seconds(a["week"]) if c else None for a, c in both],
        "actual_capacity": [a["actualCapacity"] if c else None for a, c in both],
        "maximum_capacity": [a["maximumCapacity"] if c else None for a, c in both],
        "demand": [a["demand"] if c else None for a, c in both],
        "occupancy": [(a["demand"] / a["actualCapacity"] if a["actualCapacity"] else None) if c else None for a, c in both],
        "cause": [None if c else RootCause.name_of(a["cause"]) for a, c in both],
        "effect": [None if c else Effect.name_of(a["effect"]) for a, c in both],
        "status": [None if c else "RESOLVED" if r in resolved else DisruptionStatus.name_of(a["status"])
                   for r, (a, c) in zip(kept, both, strict=True)],
        "start": [None if c else _seconds(a["start"]) for a, c in both],
        "expected_end": [None if c else _seconds(a["expectedEnd"]) for a, c in both],
        "resolved": [resolved.get(r) for r in kept],
        "content_hash": [a["contentHash"] for a in picked],
        "block": _integers([blocks[firsts[r]] for r in kept]),
        "tx_hash": [txs[firsts[r]] for r in kept],
    }
    return _columns_frame(columns, ("time", "week", "start", "expected_end", "resolved"))


def _event_names(store: Store, contract: str) -> list[str]:
    """The names of the events of ``contract`` the index holds."""
    return [r[0] for r in store.db.execute("SELECT DISTINCT event FROM events WHERE contract = ?", (contract,))]


_COUNT_ACCESSES = (
    "SELECT json_extract(args, '$.asset'), json_extract(args, '$.licence'), COUNT(*) FROM events "
    "WHERE contract = ? AND event = 'AccessRecorded' AND (block, log_index) > (?, ?) AND (block, log_index) <= (?, ?) GROUP BY 1, 2"
)


def _last_access(store: Store) -> tuple[int, int] | None:
    row = store.db.execute("SELECT block, log_index FROM events WHERE contract = ? AND event = 'AccessRecorded' "
                           "ORDER BY block DESC, log_index DESC LIMIT 1", (LICENSING,)).fetchone()
    return (row[0], row[1]) if row else None


def refresh_accesses(store: Store) -> None:
    """Bring the access receipts counted per (asset, licence) (table ``access_counts``)
    up to the last indexed receipt: SQLite counts the receipts after the position the
    table was kept to (a rollback clears it; the next refresh counts them all again)."""
    if store.readonly:
        return
    store.db.execute("CREATE TABLE IF NOT EXISTS access_counts (asset TEXT NOT NULL, licence TEXT NOT NULL, "
                     "accesses INTEGER NOT NULL, PRIMARY KEY (asset, licence)) WITHOUT ROWID")
    with store.db:
        position, last = store.summary_position("accesses"), _last_access(store)
        if last is None or last <= position:
            return
        store.db.execute(f"INSERT INTO access_counts {_COUNT_ACCESSES} ON CONFLICT (asset, licence) DO UPDATE "
                         "SET accesses = accesses + excluded.accesses", (LICENSING, *position, *last))
        store.set_summary_position("accesses", *last)


def _access_counts(store: Store) -> dict[tuple[str, str], int]:
    """Access receipts per (asset, licence): the counts the sync keeps, or counted now
    (an index opened read-only that no sync caught up)."""
    refresh_accesses(store)
    last = _last_access(store)
    if last is None:
        return {}
    if last <= store.summary_position("accesses"):
        rows = store.db.execute("SELECT asset, licence, accesses FROM access_counts")
    else:
        rows = store.db.execute(_COUNT_ACCESSES, (LICENSING, -1, -1, *last))
    return {(asset, licence): count for asset, licence, count in rows}


def _now(now: Since, last_event: pd.Timestamp | None) -> pd.Timestamp:
    if now is not None and not isinstance(now, int):
        stamp = pd.Timestamp(now)
        return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
    if isinstance(now, int):
        raise TypeError("now: expected a time, not a block number")
    wall = pd.Timestamp.now(tz="UTC")
    return max(wall, last_event) if last_event is not None else wall
