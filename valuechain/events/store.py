"""The event index on disk: one SQLite file per chain id.

Tables:
- ``events``: one row per decoded log: block, log index, transaction, block time,
  contract and event name, the arguments as JSON, and the columns analysts filter on
  pulled out of the arguments and indexed: ``org`` (the acting or owning organisation),
  ``counterparty`` (the other organisation), ``asset`` and ``order_id``. The rows are
  stored by contract, then in chain order (the primary key): a view reads the events of
  one contract in order as one sequential range, with no sort and no lookup per row;
- ``blocks``: number and hash of the last N indexed blocks, re-checked by every sync to
  detect reorganisations;
- ``order_summary``: a read model of the supply orders, one row per order (the columns
  of the orders view), kept up to date by every sync step (``views.refresh_orders``,
  which creates it) so that the orders view and the scorecard need not read every event
  of every order; ``access_counts``: the access receipts per licence; ``summary_state``
  holds the event each is kept up to;
- ``sync_state``: one row: which manifest the index follows (a fingerprint of its
  contracts), the block it starts at and that block's hash (the chain's anchor), the
  last indexed block and its time, and the fetch range the last sync ended with.

Every sync step writes its events, the window's hashes and the new sync state in one
transaction, so an interrupted sync resumes where the last step ended.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any, Self

from valuechain.errors import ConfigError
from valuechain.events.decode import ROW_COLUMNS

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2  # 2: events clustered by (contract, block, log_index)
DEFAULT_DIR_ENV = "VALUECHAIN_INDEX_DIR"
PROJECT_ROOT = Path(__file__).resolve().parents[2]
SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    block        INTEGER NOT NULL,
    log_index    INTEGER NOT NULL,
    tx_hash      TEXT    NOT NULL,
    tx_index     INTEGER NOT NULL,
    timestamp    INTEGER,
    contract     TEXT    NOT NULL,
    event        TEXT    NOT NULL,
    org          TEXT,
    counterparty TEXT,
    asset        TEXT,
    order_id     INTEGER,
    args         TEXT    NOT NULL,
    PRIMARY KEY (contract, block, log_index)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS summary_state (
    name      TEXT PRIMARY KEY,
    block     INTEGER NOT NULL,
    log_index INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS blocks (
    number INTEGER PRIMARY KEY,
    hash   TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sync_state (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    schema       INTEGER NOT NULL,
    chain_id     INTEGER NOT NULL,
    fingerprint  TEXT    NOT NULL,
    start_block  INTEGER NOT NULL,
    anchor_hash  TEXT    NOT NULL,
    last_block   INTEGER NOT NULL,
    last_time    INTEGER,
    range_hint   INTEGER NOT NULL,
    updated_at   REAL    NOT NULL
);
"""

# The secondary indexes. A sync into an empty table creates them when it ends (and a
# Store opened after an interrupted one, at once): a B-tree built from the finished
# table in one sort is several times quicker than one kept up row by row.
INDEXES = """
CREATE INDEX IF NOT EXISTS events_by_block ON events (block, log_index);
CREATE INDEX IF NOT EXISTS events_by_event ON events (contract, event, block);
CREATE INDEX IF NOT EXISTS events_by_org ON events (org) WHERE org IS NOT NULL;
CREATE INDEX IF NOT EXISTS events_by_counterparty ON events (counterparty) WHERE counterparty IS NOT NULL;
CREATE INDEX IF NOT EXISTS events_by_asset ON events (asset) WHERE asset IS NOT NULL;
CREATE INDEX IF NOT EXISTS events_by_order ON events (order_id) WHERE order_id IS NOT NULL;
"""
INDEX_NAMES = tuple(line.split()[5] for line in INDEXES.strip().splitlines())
# The read models kept from the events by every sync step (created by valuechain.events.views)
SUMMARY_TABLES = ("order_summary", "access_counts")
# Pages of 16 KiB (SQLite's default: 4 KiB): a view reads a contract's events as one range,
# a sync appends them; larger pages do either with a quarter of the page handling
PAGE_SIZE = 16_384
# SQLite's page cache of a writing connection (KiB, as PRAGMA cache_size takes it
# negative): fixed, so a sync's memory does not grow with the index
CACHE_KIB = 32 * 1024


@dataclass(frozen=True)
class SyncState:
    """Where the index stands."""

    chain_id: int
    fingerprint: str
    start_block: int
    anchor_hash: str
    last_block: int  # start_block - 1 before anything was indexed
    last_time: int | None  # block time of last_block (unix seconds), None before anything was indexed
    range_hint: int
    updated_at: float


def default_path(chain_id: int, directory: Path | str | None = None) -> Path:
    """``<directory>/events-<chainId>.sqlite``; the directory defaults to
    ``$VALUECHAIN_INDEX_DIR`` or ``.valuechain/`` in the project root."""
    folder = Path(directory or os.environ.get(DEFAULT_DIR_ENV) or PROJECT_ROOT / ".valuechain")
    return folder / f"events-{chain_id}.sqlite"


class Store:
    """The SQLite file of one chain's event index."""

    def __init__(self, path: Path | str, readonly: bool = False):
        self.path = Path(path)
        if readonly:
            if not self.path.exists():
                raise ConfigError(f"no event index at {self.path}: run `valuechain events sync` first")
            self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path)
            self._drop_if_outdated()
            self.db.execute(f"PRAGMA page_size={PAGE_SIZE}")  # takes effect in a new file only
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
            self.db.executescript(SCHEMA)
            self.create_indexes()
        self.readonly = readonly
        state = self.state()
        if state is not None and self._schema() != SCHEMA_VERSION:
            raise ConfigError(f"{self.path} was written by another version of valuechain (schema {self._schema()}); delete it and sync again")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ sync state

    def _drop_if_outdated(self) -> None:
        """An index written by an older version of valuechain is a cache of the chain
        like any other: its tables go, and the next sync rebuilds it."""
        has_state = self.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_state'").fetchone()
        found = self._schema() if has_state else None
        if found is not None and found != SCHEMA_VERSION:
            log.warning("event index %s was written with schema %s (now %d): dropped, the next sync rebuilds it",
                        self.path, found, SCHEMA_VERSION)
            with self.db:
                for table in ("events", "blocks", "sync_state", "summary_state", *SUMMARY_TABLES):
                    self.db.execute(f"DROP TABLE IF EXISTS {table}")

    def _schema(self) -> int | None:
        row = self.db.execute("SELECT schema FROM sync_state WHERE id = 1").fetchone()
        return row[0] if row else None

    def state(self) -> SyncState | None:
        row = self.db.execute(
            "SELECT chain_id, fingerprint, start_block, anchor_hash, last_block, last_time, range_hint, updated_at FROM sync_state WHERE id = 1"
        ).fetchone()
        return SyncState(*row) if row else None

    def reset(self, chain_id: int, fingerprint: str, start_block: int, anchor_hash: str, range_hint: int) -> SyncState:
        """Forget everything and start indexing ``start_block`` onwards."""
        log.info("event index %s reset: chain %d from block %d", self.path, chain_id, start_block)
        with self.db:
            self.db.execute("DELETE FROM events")
            self.db.execute("DELETE FROM blocks")
            self._clear_summaries()
            self.db.execute("DELETE FROM sync_state")
            self.db.execute(
                "INSERT INTO sync_state VALUES (1, ?, ?, ?, ?, ?, ?, NULL, ?, ?)",
                (SCHEMA_VERSION, chain_id, fingerprint, start_block, anchor_hash, start_block - 1, range_hint, time.time()),
            )
        state = self.state()
        assert state is not None
        return state

    def window(self) -> list[tuple[int, str]]:
        """The stored (number, hash) of the last indexed blocks, oldest first."""
        return self.db.execute("SELECT number, hash FROM blocks ORDER BY number").fetchall()

    # ------------------------------------------------------------ writing

    def drop_indexes(self) -> bool:
        """Drop the secondary indexes if the events table is empty (a sync from scratch
        fills it quicker without them); whether they were dropped. ``create_indexes``
        builds them again; a Store opened on the file does so too."""
        if self.db.execute("SELECT 1 FROM events LIMIT 1").fetchone() is not None:
            return False
        with self.db:
            for name in INDEX_NAMES:
                self.db.execute(f"DROP INDEX IF EXISTS {name}")
        return True

    def create_indexes(self) -> None:
        """Create the secondary indexes that are missing."""
        started = time.perf_counter()
        missing = [n for n in INDEX_NAMES if self.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", (n,)).fetchone() is None]
        if missing:
            self.db.executescript(INDEXES)
            log.info("event index %s: created %s in %.2f s", self.path, ", ".join(missing), time.perf_counter() - started)

    def append(
        self,
        rows: Sequence[tuple[Any, ...]],
        last_block: int,
        last_time: int,
        window: Iterable[tuple[int, str]],
        keep_blocks: int,
        range_hint: int,
    ) -> None:
        """Add the event rows (``decode.ROW_COLUMNS``) of the blocks up to ``last_block``
        and move the sync state there (``last_time`` is that block's time), in one
        transaction. ``window`` holds (number,
        hash) of indexed blocks to remember for reorg checks; only the last
        ``keep_blocks`` are kept."""
        with self.db:
            # OR REPLACE: two commands syncing the same file at once store the same rows twice;
            # in the table's order (by contract, then chain order): appends, not scattered inserts
            ordered = sorted(rows, key=_BY_CONTRACT)
            self.db.executemany("INSERT OR REPLACE INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ordered)
            self.db.executemany("INSERT OR REPLACE INTO blocks VALUES (?, ?)", list(window))
            self.db.execute("DELETE FROM blocks WHERE number <= ? OR number > ?", (last_block - keep_blocks, last_block))
            self.db.execute(
                "UPDATE sync_state SET last_block = ?, last_time = ?, range_hint = ?, updated_at = ? WHERE id = 1",
                (last_block, last_time, range_hint, time.time()),
            )

    def rollback(self, last_good_block: int, last_good_time: int | None) -> int:
        """Drop everything above ``last_good_block`` (whose time is ``last_good_time``);
        returns how many events went."""
        with self.db:
            gone = self.db.execute("DELETE FROM events WHERE block > ?", (last_good_block,)).rowcount
            if gone:
                self._clear_summaries()  # rebuilt from the events by the next refresh
            self.db.execute("DELETE FROM blocks WHERE number > ?", (last_good_block,))
            self.db.execute(
                "UPDATE sync_state SET last_block = ?, last_time = ?, updated_at = ? WHERE id = 1",
                (last_good_block, last_good_time, time.time()),
            )
        return gone

    # ------------------------------------------------------------ summaries

    def _clear_summaries(self) -> None:
        """Forget the read models kept from the events (``SUMMARY_TABLES``): the next
        refresh builds them again from the events."""
        for table in SUMMARY_TABLES:
            if self.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone():
                self.db.execute(f"DELETE FROM {table}")
        self.db.execute("DELETE FROM summary_state")

    def summary_position(self, name: str) -> tuple[int, int]:
        """(block, log index) of the last event the summary ``name`` holds; (-1, -1) for none."""
        row = self.db.execute("SELECT block, log_index FROM summary_state WHERE name = ?", (name,)).fetchone()
        return (row[0], row[1]) if row else (-1, -1)

    def set_summary_position(self, name: str, block: int, log_index: int) -> None:
        self.db.execute("INSERT OR REPLACE INTO summary_state VALUES (?, ?, ?)", (name, block, log_index))

    # ------------------------------------------------------------ reading

    def count(self, contract: str | None = None, event: str | None = None) -> int:
        where, params = _filters(contract, event, None)
        return self.db.execute(f"SELECT COUNT(*) FROM events{where}", params).fetchone()[0]

    def rows(
        self,
        contract: str | None = None,
        event: str | Sequence[str] | None = None,
        since_block: int | None = None,
        since_time: int | None = None,
        order_id: int | None = None,
    ) -> list[tuple[Any, ...]]:
        """Events in chain order as tuples of the ``events`` columns (args still JSON);
        ``order_id`` keeps those of one supply order (its ``orderId`` argument)."""
        where, params = _filters(contract, event, since_block)
        for column, value in (("timestamp >= ?", since_time), ("order_id = ?", order_id)):
            if value is not None:
                where += (" AND " if where else " WHERE ") + column
                params.append(value)
        return self.db.execute(f"SELECT * FROM events{where} ORDER BY block, log_index", params).fetchall()


    def scan(
        self,
        columns: Sequence[str],
        contract: str,
        event: str | Sequence[str] | None = None,
        order_id: int | None = None,
        with_order: bool = False,
    ) -> Iterator[tuple[Any, ...]]:
        """``columns`` of the events of ``contract`` (of ``event``, of the order
        ``order_id``, only those naming an order with ``with_order``) in chain order, as
        a cursor: rows are read as they are used, not all at once."""
        return iter(self.db.execute(*self.scan_query(columns, contract, event, order_id, with_order)))

    def scan_query(
        self,
        columns: Sequence[str],
        contract: str,
        event: str | Sequence[str] | None = None,
        order_id: int | None = None,
        with_order: bool = False,
    ) -> tuple[str, list[Any]]:
        """The SQL and parameters of ``scan``."""
        unknown = set(columns) - set(ROW_COLUMNS)
        if unknown:
            raise ValueError(f"no such column of the event index: {', '.join(sorted(unknown))}")
        where, params = _filters(contract, event, None)
        if order_id is not None:
            where += " AND order_id = ?"
            params.append(order_id)
        elif with_order:
            where += " AND order_id IS NOT NULL"
        return f"SELECT {', '.join(columns)} FROM events{where} ORDER BY block, log_index", params

    def last_time_of(self, contract: str) -> int | None:
        """The block time of the last event of ``contract`` (None: it has none)."""
        row = self.db.execute("SELECT timestamp FROM events WHERE contract = ? ORDER BY block DESC, log_index DESC LIMIT 1",
                              (contract,)).fetchone()
        return row[0] if row else None


COLUMNS = ROW_COLUMNS
_BY_CONTRACT = itemgetter(ROW_COLUMNS.index("contract"), ROW_COLUMNS.index("block"), ROW_COLUMNS.index("log_index"))


def _filters(contract: str | None, event: str | Sequence[str] | None, since_block: int | None) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if contract is not None:
        clauses.append("contract = ?")
        params.append(contract)
    if event is not None:
        names = [event] if isinstance(event, str) else list(event)
        clauses.append(f"event IN ({', '.join('?' * len(names))})")
        params.extend(names)
    if since_block is not None:
        clauses.append("block >= ?")
        params.append(since_block)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params
