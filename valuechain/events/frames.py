"""pandas DataFrames over the event index: every event, and members.

Each function takes a Store (``EventIndex`` passes its own). Times are UTC pandas
timestamps (the block time), organisations are BPNL strings, hashes ``0x`` hex.
The views of the other contracts are in ``views.py``; the supplier scorecard in
``scorecard.py``.
"""

from __future__ import annotations

import functools
import gc
import json
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, ParamSpec, TypeVar

import pandas as pd

from valuechain.events.store import COLUMNS, Store
from valuechain.identity import Status, format_roles

REGISTRY = "ConsortiumRegistry"
BASE_COLUMNS = ["block", "time", "contract", "event", "org", "counterparty", "asset", "order_id", "tx_hash", "log_index", "args"]

Since = int | str | date | datetime | pd.Timestamp | None

P = ParamSpec("P")
R = TypeVar("R")


def without_gc(view: Callable[P, R]) -> Callable[P, R]:
    """Run ``view`` with Python's cyclic garbage collector paused: a view builds
    hundreds of thousands of small dicts and lists, none of them in cycles, and the
    collector's passes over them grow with the index (a quarter of a view's time at a
    million events). The collector's previous state is restored afterwards."""

    @functools.wraps(view)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return view(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return run


@without_gc
def events(
    store: Store,
    contract: str | None = None,
    event: str | list[str] | None = None,
    since: Since = None,
) -> pd.DataFrame:
    """Indexed events in chain order, optionally of one contract and event (or a list
    of events), from a block number (int) or a time (date, datetime, ISO string) on.

    Columns: block, time, contract, event, org, counterparty, asset, order_id, tx_hash,
    log_index, args (a dict). When ``event`` names a single event, its arguments are
    also columns of their own."""
    since_block, since_time = _since(since)
    rows = store.rows(contract, event, since_block, since_time)
    frame = pd.DataFrame.from_records(rows, columns=list(COLUMNS))
    frame["time"] = pd.to_datetime(frame["timestamp"], unit="s", utc=True)
    frame["args"] = [json.loads(a) for a in frame["args"]]
    frame["order_id"] = frame["order_id"].astype("Int64") if frame["order_id"].map(_small_int).all() else frame["order_id"]
    frame = frame[BASE_COLUMNS]
    if isinstance(event, str):
        expanded = pd.DataFrame.from_records(list(frame["args"]), index=frame.index)
        expanded.columns = [c if c not in BASE_COLUMNS else f"{c}_arg" for c in expanded.columns]
        same = [c for c in expanded.columns if c.endswith("_arg") and c[:-4] in frame and expanded[c].equals(frame[c[:-4]])]
        frame = pd.concat([frame, expanded.drop(columns=same)], axis=1)
    return frame


@without_gc
def members(store: Store) -> pd.DataFrame:
    """Every organisation ever admitted, as the registry's events leave it now.

    Columns: org, roles (bits), role_names, status (ACTIVE, SUSPENDED, OFFBOARDED),
    status_since, joined, operators (tuple of the bound addresses: an admission only
    offers the first binding, its key counts once OperatorAdded says it accepted),
    profile_hash, reason_hash (of the last suspension or offboarding), events (how many
    concern the org)."""
    orgs: dict[str, dict[str, Any]] = {}
    for row in store.rows(REGISTRY):
        name, args, when = row[6], json.loads(row[11]), _time(row[4])
        org = args.get("org")
        if name == "OrgAdmitted":
            orgs[org] = {
                "org": org,
                "roles": args["roles"],
                "status": Status.ACTIVE.name,
                "status_since": when,
                "joined": when,
                "operators": [],
                "profile_hash": args["profileHash"],
                "reason_hash": None,
                "events": 0,
            }
        record = orgs.get(org)
        if record is None:
            continue
        record["events"] += 1
        if name == "OrgRolesChanged":
            record["roles"] = args["roles"]
        elif name in ("OrgSuspended", "OrgReinstated", "OrgOffboarded"):
            status = {"OrgSuspended": Status.SUSPENDED, "OrgReinstated": Status.ACTIVE, "OrgOffboarded": Status.OFFBOARDED}[name]
            record["status"], record["status_since"] = status.name, when
            record["reason_hash"] = args.get("reasonHash", record["reason_hash"])
        elif name == "OrgProfileUpdated":
            record["profile_hash"] = args["profileHash"]
        elif name == "OperatorAdded" and args["account"] not in record["operators"]:
            record["operators"].append(args["account"])
        elif name == "OperatorRemoved" and args["account"] in record["operators"]:
            record["operators"].remove(args["account"])
    columns = ["org", "roles", "role_names", "status", "status_since", "joined", "operators", "profile_hash", "reason_hash", "events"]
    frame = pd.DataFrame.from_records(list(orgs.values()), columns=[c for c in columns if c != "role_names"])
    frame["operators"] = [tuple(ops) for ops in frame["operators"]]
    frame.insert(2, "role_names", [format_roles(int(r)) for r in frame["roles"]])
    for column in ("status_since", "joined"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


# The registry's events that offer an operator binding, and those that end an offer
_OFFERS = ("OrgAdmitted", "OperatorProposed", "OperatorAdded", "OperatorOfferWithdrawn", "OrgSuspended", "OrgOffboarded")
OFFER_COLUMNS = ["org", "account", "offered", "block"]


def operator_offers(store: Store) -> pd.DataFrame:
    """The offers of an operator binding still open as the registry's events leave them,
    oldest first: an admission offers its first key the binding (OrgAdmitted), an
    operator or the council offers more (OperatorProposed); the key taking it
    (OperatorAdded), its withdrawal (OperatorOfferWithdrawn) and a suspension or
    offboarding of the org (which voids the offers made before) end it.

    Columns: org, account (the key offered), offered (time), block. The registry's
    ``hasOperatorOffer`` stays the judge of whether an offer can be taken now."""
    offers: dict[tuple[str, str], dict[str, Any]] = {}
    for row in store.rows(REGISTRY, _OFFERS):
        name, args = row[6], json.loads(row[11])
        org = args["org"]
        if name in ("OrgSuspended", "OrgOffboarded"):
            for key in [k for k in offers if k[0] == org]:
                del offers[key]
            continue
        key = (org, args["operator"] if name == "OrgAdmitted" else args["account"])
        offers.pop(key, None)
        if name in ("OrgAdmitted", "OperatorProposed"):
            offers[key] = {"org": org, "account": key[1], "offered": _time(row[4]), "block": row[0]}
    frame = pd.DataFrame.from_records(list(offers.values()), columns=OFFER_COLUMNS)
    frame["offered"] = pd.to_datetime(frame["offered"], utc=True)
    return frame


ROLE_COLUMNS = ["role", "account", "granted", "granted_by", "block"]


def role_holders(store: Store) -> pd.DataFrame:
    """The registry's AccessControl roles held now, as RoleGranted and RoleRevoked leave
    them, in the order they were granted. Columns: role (the role id, ``0x`` hex),
    account, granted (time), granted_by, block."""
    held: dict[tuple[str, str], dict[str, Any]] = {}
    for row in store.rows(REGISTRY, ("RoleGranted", "RoleRevoked")):
        args = json.loads(row[11])
        key = (args["role"], args["account"])
        held.pop(key, None)
        if row[6] == "RoleGranted":
            held[key] = {"role": key[0], "account": key[1], "granted": _time(row[4]), "granted_by": args["sender"],
                         "block": row[0]}
    frame = pd.DataFrame.from_records(list(held.values()), columns=ROLE_COLUMNS)
    frame["granted"] = pd.to_datetime(frame["granted"], utc=True)
    return frame


PAUSE_COLUMNS = ["block", "time", "event", "account", "tx_hash"]


def pauses(store: Store) -> pd.DataFrame:
    """Every emergency pause and resume of the suite (the registry's Paused and Unpaused),
    in chain order. Columns: block, time, event, account (who paused or resumed), tx_hash."""
    records = [
        {"block": row[0], "time": _time(row[4]), "event": row[6], "account": json.loads(row[11])["account"], "tx_hash": row[2]}
        for row in store.rows(REGISTRY, ("Paused", "Unpaused"))
    ]
    frame = pd.DataFrame.from_records(records, columns=PAUSE_COLUMNS)
    frame["time"] = pd.to_datetime(frame["time"], utc=True)
    return frame


def _since(since: Since) -> tuple[int | None, int | None]:
    if since is None:
        return None, None
    if isinstance(since, bool):
        raise TypeError("since: expected a block number or a time, not a bool")
    if isinstance(since, int):
        return since, None
    stamp = pd.Timestamp(since)
    stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
    return None, int(stamp.timestamp())


def _time(timestamp: int | None) -> pd.Timestamp | None:
    return pd.Timestamp(timestamp, unit="s", tz="UTC") if timestamp is not None else None


def _small_int(value: Any) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool)) or pd.isna(value)
