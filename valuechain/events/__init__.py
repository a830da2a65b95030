"""The suite's contract events for analysts: an incremental, reorg-safe index in
SQLite and pandas DataFrames over it.

Needs web3, pandas and the deployment manifest, nothing else (no Brownie)::

    from valuechain.events import EventIndex

    index = EventIndex.connect("http://127.0.0.1:8545")   # manifest: deployments/<chainId>.json
    index.sync()                                          # fetches only what is new
    index.members()
    index.events("ConsortiumRegistry", "OrgAdmitted", since="2026-01-01")

Modules: ``fetch`` (adaptive eth_getLogs ranges), ``decode`` (manifest ABIs to values),
``store`` (the SQLite file), ``sync`` (incremental, reorg-safe), ``frames`` and
``views`` (DataFrames), ``trends`` (a quarter's story, week by week), ``scorecard``,
``charts`` (matplotlib PNGs), ``commands`` (the
CLI's sync and report).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Self

import pandas as pd
from web3 import Web3

from valuechain import manifest as manifests
from valuechain.errors import ConfigError
from valuechain.events import frames, notifications, scorecard, trends, views
from valuechain.events.fetch import RangePolicy
from valuechain.events.frames import Since
from valuechain.events.store import Store, default_path
from valuechain.events.sync import DEFAULT_REORG_DEPTH, Indexer, Progress, ReorgTooDeep, SyncResult
from valuechain.manifest import Manifest
from valuechain.network import connect as connect_rpc

__all__ = ["DEFAULT_REORG_DEPTH", "EventIndex", "RangePolicy", "ReorgTooDeep", "Store", "SyncResult", "default_path"]

log = logging.getLogger(__name__)


class EventIndex:
    """The event index of one deployment: sync it, then ask for DataFrames.

    ``w3`` may be None to read an index offline (``sync`` then refuses). The index file
    defaults to ``.valuechain/events-<chainId>.sqlite`` (see ``store.default_path``)."""

    def __init__(
        self,
        manifest: Manifest,
        w3: Web3 | None = None,
        path: Path | str | None = None,
        reorg_depth: int = DEFAULT_REORG_DEPTH,
        policy: RangePolicy | None = None,
    ):
        self.manifest = manifest
        self.w3 = w3
        self.path = Path(path) if path else default_path(manifest.chain_id)
        self.reorg_depth = reorg_depth
        self.policy = policy
        self.store = Store(self.path)

    @classmethod
    def connect(
        cls,
        rpc_url: str,
        manifest: Manifest | Path | str | None = None,
        path: Path | str | None = None,
        reorg_depth: int = DEFAULT_REORG_DEPTH,
        policy: RangePolicy | None = None,
    ) -> EventIndex:
        """Connect to ``rpc_url``; the manifest defaults to ``deployments/<chainId>.json``."""
        w3 = connect_rpc(rpc_url)
        return cls(load_manifest(manifest, w3.eth.chain_id), w3, path, reorg_depth, policy)

    @classmethod
    def synced(
        cls,
        manifest: Manifest,
        w3: Web3,
        path: Path | str | None = None,
        reorg_depth: int = DEFAULT_REORG_DEPTH,
        policy: RangePolicy | None = None,
        progress: Progress | None = None,
    ) -> EventIndex:
        """The index brought up to the node's latest block, as a command that reads the
        chain needs it (the CLI's listings, the demo): incremental, so a sync with
        nothing new costs a few requests. The index is a cache of the chain: when the
        chain went back below what can be checked (a dev chain reverted to an old
        snapshot), it is rebuilt rather than refused. Close it when done."""
        index = cls(manifest, w3, path, reorg_depth, policy)
        try:
            try:
                index.sync(progress=progress)
            except ReorgTooDeep as exc:
                log.warning("%s: rebuilding the event index %s", exc, index.path)
                index.sync(rebuild=True, progress=progress)
        except BaseException:
            index.close()
            raise
        return index

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def sync(self, to_block: int | None = None, rebuild: bool = False, progress: Progress | None = None) -> SyncResult:
        """Fetch what is new (see ``sync.Indexer.sync``)."""
        if self.w3 is None:
            raise ConfigError("this event index was opened without a node connection: use EventIndex.connect(rpc_url) to sync")
        indexer = Indexer(self.w3, self.manifest, self.store, self.reorg_depth, self.policy)
        return indexer.sync(to_block=to_block, rebuild=rebuild, progress=progress)

    @property
    def last_block(self) -> int | None:
        state = self.store.state()
        return state.last_block if state else None

    @property
    def last_time(self) -> pd.Timestamp | None:
        """The block time of the last indexed block: "now" as the index knows the chain."""
        state = self.store.state()
        return pd.Timestamp(state.last_time, unit="s", tz="UTC") if state and state.last_time is not None else None

    def count(self, contract: str | None = None, event: str | None = None) -> int:
        return self.store.count(contract, event)

    # ------------------------------------------------------------ DataFrames

    def events(self, contract: str | None = None, event: str | list[str] | None = None, since: Since = None) -> pd.DataFrame:
        return frames.events(self.store, contract, event, since)

    def members(self) -> pd.DataFrame:
        return frames.members(self.store)

    def operator_offers(self) -> pd.DataFrame:
        return frames.operator_offers(self.store)

    def role_holders(self) -> pd.DataFrame:
        return frames.role_holders(self.store)

    def pauses(self) -> pd.DataFrame:
        return frames.pauses(self.store)

    def ip_history(self, asset: str | None = None) -> pd.DataFrame:
        return views.ip_history(self.store, asset)

    def licences(self, now: Since = None, org: str | None = None) -> pd.DataFrame:
        return views.licences(self.store, now, org)

    def access_log(self, org: str | None = None) -> pd.DataFrame:
        return views.access_log(self.store, org)

    def orders(self) -> pd.DataFrame:
        return views.orders(self.store)

    def order_history(self, order_id: int | None = None) -> pd.DataFrame:
        return views.order_history(self.store, order_id)

    def quality(self) -> pd.DataFrame:
        return views.quality(self.store)

    def signals(self, recipient: str | None = None) -> pd.DataFrame:
        return views.signals(self.store, recipient)

    def scorecard(self) -> pd.DataFrame:
        return scorecard.scorecard(self.store)

    def notifications(self, now: Since = None) -> pd.DataFrame:
        return notifications.notifications(self.store, now)

    def notification_tree(self, notification_id: str) -> pd.DataFrame:
        return notifications.tree(self.store, notification_id)

    def response_times(self) -> pd.DataFrame:
        return notifications.response_times(self.store)

    # the quarter's story (``trends``): what the report's charts draw

    def quality_weekly(self) -> pd.DataFrame:
        return trends.quality_weekly(self.store)

    def quality_trends(self) -> pd.DataFrame:
        return trends.quality_trends(trends.quality_weekly(self.store))

    def capacity_weekly(self, oem: str | None = None) -> pd.DataFrame:
        return trends.capacity_weekly(self.store, oem)

    def reallocation_flows(self) -> pd.DataFrame:
        return trends.reallocation_flows(self.store)

    def delivery_performance(self) -> pd.DataFrame:
        return trends.delivery_performance(views.orders(self.store))

    def order_funnel(self) -> pd.DataFrame:
        return trends.order_funnel(views.orders(self.store))


def load_manifest(manifest: Manifest | Path | str | None, chain_id: int) -> Manifest:
    """``manifest`` itself, the manifest file it names, or ``deployments/<chainId>.json``."""
    if isinstance(manifest, Manifest):
        found = manifest
    elif manifest is not None:
        found = manifests.load(path=Path(manifest))
    else:
        found = manifests.load(chain_id)
    if found.chain_id != chain_id:
        raise ConfigError(f"the manifest is for chain {found.chain_id} but the node serves chain {chain_id}",
                          what="manifest", where="chain id", expected=chain_id, found=found.chain_id)
    return found
