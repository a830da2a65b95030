"""A local consortium chain: four go-ethereum 1.13.15 validator nodes sealing Clique
proof of authority on loopback, one per founding member (tools/consortium/profile.toml).

Everything lives in one folder (``.consortium/`` for ``make network``, a tmp dir in the
tests): ``network.json`` (the resolved profile: ports, validator addresses, enodes),
``genesis.json`` and one data directory per validator under ``nodes/<name>/`` holding the
node key (geth's ``geth/nodekey``), the validator key as an encrypted keystore
(``keystore/``) with its password file (``password``, mode 600), ``config.toml`` (the
static peers), ``geth.log`` and ``geth.pid``. No raw validator key is ever written.

Command line (``python -m tools.consortium.network``; the Makefile's ``network`` targets)::

    start [--dir D] [--profile P]    create the network if D holds none, start every node
                                     (detached) and wait until all are peered and sealing
    stop [--dir D]                   stop every node (SIGTERM, then SIGKILL)
    status [--dir D]                 each node's head, peers and signing; exit 1 if unhealthy
    stop-node NAME / start-node NAME one validator (fault tests)
    reset [--dir D]                  stop and delete the network
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import tomllib
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from eth_account import Account
from eth_keys import keys

from valuechain import accounts
from valuechain.errors import ChainError, ConfigError

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DIR = ROOT / ".consortium"
DEFAULT_PROFILE = Path(__file__).resolve().parent / "profile.toml"
GETH_VERSION = "1.13.15"
# forks of the chain config in order; `last_fork` of the profile is the last one at block 0
FORKS = ("homestead", "eip150", "eip155", "eip158", "byzantium", "constantinople", "petersburg",
         "istanbul", "muirGlacier", "berlin", "london", "arrowGlacier", "grayGlacier")
RPC_APIS = "eth,net,web3,clique,txpool,admin,miner"
VALIDATOR_FUNDS_WEI = 10**24
LOOPBACK = "127.0.0.1"
GETH_CACHE_MB = 64  # see _geth_command
PORT_LOW, PORT_SPAN = 10_000, 17_600  # throwaway networks' ports: see find_free_ports


def geth_binary() -> Path:
    """``$GETH`` or the one ``make client`` builds into .tools/bin."""
    return Path(os.environ.get("GETH", ROOT / ".tools" / "bin" / "geth"))


# ------------------------------------------------------------------ the profile


@dataclass(frozen=True)
class Validator:
    name: str
    role: str


@dataclass(frozen=True)
class Ports:
    p2p: int
    http: int
    authrpc: int

    def shifted(self, by: int) -> Ports:
        return Ports(self.p2p + by, self.http + by, self.authrpc + by)


@dataclass(frozen=True)
class Profile:
    chain_id: int
    block_period: int
    epoch: int
    gas_limit: int
    last_fork: str
    zero_gas_price: bool
    ports: Ports
    validators: tuple[Validator, ...]

    def __post_init__(self) -> None:
        if self.last_fork not in FORKS:
            raise ConfigError(f"last_fork = {self.last_fork!r}: expected one of {', '.join(FORKS)}",
                              what="consortium profile", where="last_fork", expected=list(FORKS),
                              found=self.last_fork)
        if len(self.validators) < 1 or len({v.name for v in self.validators}) != len(self.validators):
            raise ConfigError("the profile needs validators with distinct names", what="consortium profile",
                              where="validators", expected="distinct names",
                              found=[v.name for v in self.validators])


def find_free_ports(count: int = 4, region: int = 0, regions: int = 4) -> Ports:
    """Port bases whose next ``count`` ports (p2p, http, authrpc) are all free on loopback,
    for a throwaway network (tests, the demo, benchmarks). Below the kernel's ephemeral
    ports (32768 and up: the local ports of outgoing connections, thousands of them while
    a test suite runs beside), clear of `make network`'s (8601-8704, 30401-30404) and of
    Anvil's (28545 and up). Ports 10000-27599 are cut into ``regions`` parts and ``region``
    picks one, so concurrent users (one per xdist worker) never pick the same ports: a
    free port is only free until a geth binds it."""
    if not 0 <= region < regions:
        raise ValueError(f"region {region} outside 0-{regions - 1}")
    span = PORT_SPAN // regions
    low = PORT_LOW + span * region
    for _ in range(50):
        base = random.randrange(low, low + span - 200 - count, 300)  # its last port still in the region
        ports = Ports(p2p=base, http=base + 100, authrpc=base + 200)
        wanted = [b + i for b in (ports.p2p, ports.http, ports.authrpc) for i in range(1, count + 1)]
        if all(_port_free(port) for port in wanted):
            return ports
    raise ChainError(f"no free loopback ports in {low}-{low + span - 1}", what="ports", where="127.0.0.1")


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind((LOOPBACK, port))
        except OSError:
            return False
    return True


def load_profile(path: Path = DEFAULT_PROFILE, ports: Ports | None = None) -> Profile:
    """The profile at ``path``; ``ports`` replaces its port bases (tests pick free ones)."""
    try:
        data = tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}", what="consortium profile", where=str(path)) from None
    try:
        return Profile(
            chain_id=int(data["chain_id"]), block_period=int(data["block_period"]), epoch=int(data["epoch"]),
            gas_limit=int(data["gas_limit"]), last_fork=str(data["last_fork"]),
            zero_gas_price=bool(data["zero_gas_price"]),
            ports=ports or Ports(**{k: int(v) for k, v in data["ports"].items()}),
            validators=tuple(Validator(str(v["name"]), str(v["role"])) for v in data["validators"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"{path}: incomplete profile ({exc!r})", what="consortium profile", where=str(path),
                          expected="chain_id, block_period, epoch, gas_limit, last_fork, zero_gas_price, "
                                   "[ports], [[validators]]") from None


# ------------------------------------------------------------------ nodes


@dataclass(frozen=True)
class Host:
    """Where a node runs: on this machine's loopback (the default), or in a network
    namespace of its own (``netns``), reached from the machine over two veth links: one
    carries its P2P traffic (``p2p``: its address, ``gateway``: the other nodes' address
    seen from it), the other its RPC (``rpc``). Cutting the first partitions the node from
    the others while its RPC still answers."""

    netns: str | None = None
    p2p: str = LOOPBACK
    gateway: str = LOOPBACK
    rpc: str = LOOPBACK
    rpc_gateway: str = LOOPBACK  # the machine's address on the RPC link
    p2p_link: str | None = None  # the machine's end of the P2P link
    rpc_link: str | None = None  # the machine's end of the RPC link


@dataclass(frozen=True)
class Node:
    """One validator node as created (public facts only: keys stay in its data dir)."""

    index: int  # 1-based
    name: str
    role: str
    address: str  # the validator (Clique signer) account
    enode_id: str  # hex public key of the node key
    ports: Ports
    datadir: str
    host: Host = Host()

    @property
    def rpc_url(self) -> str:
        return f"http://{self.host.rpc}:{self.ports.http}"

    @property
    def enode(self) -> str:
        return f"enode://{self.enode_id}@{self.host.p2p}:{self.ports.p2p}"

    def enode_seen_from(self, dialer: Node) -> str:
        """The enode ``dialer`` reaches this node at: a node in a namespace reaches the
        machine's nodes through its gateway."""
        if dialer.host.netns and not self.host.netns:
            return f"enode://{self.enode_id}@{dialer.host.gateway}:{self.ports.p2p}"
        return self.enode


@dataclass
class NodeStatus:
    name: str
    rpc_url: str
    running: bool
    block: int | None = None
    peers: int | None = None
    mining: bool | None = None
    error: str | None = None


@dataclass
class Network:
    """A network created under ``root`` (``Network.create``) or found there (``Network.open``)."""

    root: Path
    chain_id: int
    block_period: int
    gas_limit: int
    zero_gas_price: bool
    nodes: list[Node] = field(default_factory=list)

    # ---- creation

    @classmethod
    def create(cls, root: Path, profile: Profile, isolable: str | None = None) -> Network:
        """Keys, genesis and initialised data dirs for ``profile`` under ``root`` (which must
        hold no network yet). Validator ``isolable`` runs in a network namespace of its own,
        so that ``partition`` can cut it off (needs ``ip netns``: see ``netns_unavailable``)."""
        if (root / "network.json").exists():
            raise ConfigError(f"{root} already holds a network: reset it first", what="network folder",
                              where=str(root), expected="no network.json", found="network.json")
        geth = _checked_geth()
        root.mkdir(parents=True, exist_ok=True)
        names = [v.name for v in profile.validators]
        if isolable is not None and isolable not in names:
            raise ConfigError(f"no validator {isolable!r} to isolate: {', '.join(names)}", what="validator",
                              expected=names, found=isolable)
        nodes = [_new_node(root, i, v, profile.ports.shifted(i), _namespaced_host() if v.name == isolable else Host())
                 for i, v in enumerate(profile.validators, start=1)]
        net = cls(root, profile.chain_id, profile.block_period, profile.gas_limit, profile.zero_gas_price, nodes)
        (root / "genesis.json").write_text(json.dumps(genesis(profile, [n.address for n in nodes]), indent=2))
        for node in nodes:
            _write_node_config(node, [n for n in nodes if n is not node])
            _run([str(geth), "--datadir", node.datadir, "init", str(root / "genesis.json")],
                 Path(node.datadir) / "init.log")
        net._save()
        log.info("created a network of %d validators under %s (chain %d)", len(nodes), root, profile.chain_id)
        return net

    @classmethod
    def open(cls, root: Path) -> Network:
        path = root / "network.json"
        if not path.exists():
            raise ConfigError(f"no network under {root}: start one first (make network)", what="network folder",
                              where=str(root), expected="network.json", found="nothing")
        data = json.loads(path.read_text())
        nodes = [Node(**{**n, "ports": Ports(**n["ports"]), "host": Host(**n.get("host", {}))}) for n in data.pop("nodes")]
        return cls(root=root, nodes=nodes, **data)

    @classmethod
    def open_or_create(cls, root: Path, profile_path: Path = DEFAULT_PROFILE, ports: Ports | None = None) -> Network:
        if (root / "network.json").exists():
            return cls.open(root)
        return cls.create(root, load_profile(profile_path, ports))

    def _save(self) -> None:
        data = {k: v for k, v in asdict(self).items() if k != "root"}
        (self.root / "network.json").write_text(json.dumps(data, indent=2))

    # ---- lookup

    def node(self, name_or_index: str | int) -> Node:
        for node in self.nodes:
            if name_or_index in (node.name, node.index, str(node.index)):
                return node
        raise ConfigError(f"no validator {name_or_index!r} in {self.root}: "
                          f"{', '.join(n.name for n in self.nodes)}", what="validator", where=str(self.root),
                          expected=[n.name for n in self.nodes], found=name_or_index)

    @property
    def rpc_url(self) -> str:
        """Node 1's RPC (the OEM's; valuechain.toml's consortium-local)."""
        return self.nodes[0].rpc_url

    # ---- processes

    def start(self, timeout: float = 90) -> None:
        """Start every node not running, peer it and let it seal, then wait until the whole
        network is healthy. With no node running, one validator seals a block alone first
        (see ``_bootstrap``). A geth that exits during a start from nothing (a full disk, a
        port taken, a key it cannot unlock) is named with its last words and the start is
        made once more; exiting again fails it."""
        from_nothing = all(_pid_of(n) is None for n in self.nodes)
        for attempt in (1, 2):
            try:
                self._start(timeout)
                return
            except (ChainError, OSError) as exc:
                if not (fallen := _exiting(self.nodes)):
                    raise
                if attempt == 2 or not from_nothing:
                    raise ChainError(f"the network under {self.root} did not start: {_exits(fallen)}"
                                     + _log_hint(fallen), what="consortium network", where=str(self.root),
                                     expected=f"{len(self.nodes)} running nodes",
                                     found=[n.name for n in fallen]) from exc
                log.warning("%s: starting the network once more", _exits(fallen))
                self.stop()

    def _start(self, timeout: float) -> None:
        running = [n for n in self.nodes if _pid_of(n) is not None]
        stopped = [n for n in self.nodes if _pid_of(n) is None]
        for node in stopped:
            self._launch(node)
        for node in stopped:
            _wait_for(lambda n=node: _answers_as(n), timeout, f"{node.name}'s RPC at {node.rpc_url}", node)
        if not running:
            self._bootstrap(timeout)
        else:
            for node in stopped:
                self._join(node, timeout)
        self.wait_healthy(timeout)

    def start_node(self, name: str | int, timeout: float = 60) -> None:
        """Start one validator and join it to the running ones: peered, caught up, sealing."""
        node = self.node(name)
        if _pid_of(node) is not None:
            log.info("%s already running", node.name)
            return
        self._launch(node)
        _wait_for(lambda: _answers_as(node), timeout, f"{node.name}'s RPC at {node.rpc_url}", node)
        if any(_pid_of(n) is not None for n in self.nodes if n is not node):
            self._join(node, timeout)
        else:
            self._bootstrap(timeout)

    def _launch(self, node: Node) -> None:
        _ensure_namespace(node.host)
        datadir = Path(node.datadir)
        with (datadir / "geth.log").open("ab") as out:
            proc = subprocess.Popen(_geth_command(self, node), stdin=subprocess.DEVNULL, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        (datadir / "geth.pid").write_text(f"{proc.pid}\n")
        log.info("started %s (pid %d, rpc %s)", node.name, proc.pid, node.rpc_url)

    # Why nodes start alone and are peered by this script (admin_addPeer), never by static
    # peers: geth 1.13 discards every propagated block until its node has completed one
    # sync from a peer whose total difficulty is higher than its own, and it learns a
    # peer's difficulty only in the handshake or from the parent of a block that peer
    # relays. Four nodes started together at the same head each seal their own next block
    # (Clique lets any signer seal out of turn), discard each other's, and none may seal
    # again ("signed recently"): the chain stalls for good. So one validator that may seal
    # seals a block alone; the others then handshake with it, see its higher difficulty,
    # sync, and only then start sealing.

    def _bootstrap(self, timeout: float) -> None:
        heads = {n.name: _head(n) for n in self.nodes if _pid_of(n) is not None}
        best = max(td for _, td in heads.values())
        leaders = [n for n in self.nodes if n.name in heads and heads[n.name][1] == best]
        leader = next((n for n in leaders if _may_seal_next(n)), None)
        if leader is None:  # every node at the best head sealed one of the last blocks
            leader = next(n for n in self.nodes if n.name in heads and _may_seal_next(n))
            self._catch_up_alone(leader, leaders[0], timeout)
        number = heads[leader.name][0] if leader in leaders else _head(leader)[0]
        _start_sealing(leader, self.zero_gas_price)
        _wait_for(lambda: _head(leader)[0] > number, timeout, f"{leader.name} sealing block {number + 1}", leader)
        log.info("%s sealed block %d alone", leader.name, number + 1)
        followers = [n for n in self.nodes if n is not leader and n.name in heads]
        for i, node in enumerate(followers):  # each pair is dialled once, the leader by everyone
            for peer in [leader, *followers[i + 1:]]:
                rpc(node.rpc_url, "admin_addPeer", [peer.enode_seen_from(node)])
        for node in followers:
            _wait_for(lambda n=node: _head(n)[0] > number, timeout, f"{node.name} syncing block {number + 1}", node)
            _start_sealing(node, self.zero_gas_price)

    def _catch_up_alone(self, node: Node, source: Node, timeout: float) -> None:
        """Bring ``node`` to ``source``'s head over a connection to it alone, then part them."""
        target = _head(source)[0]
        log.info("%s sealed one of the last blocks: %s syncs from it to seal the next", source.name, node.name)
        rpc(node.rpc_url, "admin_addPeer", [source.enode_seen_from(node)])
        _wait_for(lambda: _head(node)[0] >= target, timeout, f"{node.name} syncing from {source.name}", node)
        rpc(node.rpc_url, "admin_removePeer", [source.enode_seen_from(node)])
        rpc(source.rpc_url, "admin_removePeer", [node.enode_seen_from(source)])

    def _join(self, node: Node, timeout: float) -> None:
        """Peer a (re)started ``node`` with every running node, let it catch up, then seal."""
        others = [n for n in self.nodes if n is not node and _pid_of(n) is not None]
        target = max(_head(n)[0] for n in others)
        for peer in others:
            rpc(node.rpc_url, "admin_addPeer", [peer.enode_seen_from(node)])
        _wait_for(lambda: _head(node)[0] >= target, timeout, f"{node.name} catching up to block {target}", node)
        _start_sealing(node, self.zero_gas_price)
        log.info("%s joined at block %d", node.name, _head(node)[0])

    def stop_node(self, name: str | int, timeout: float = 30, kill: bool = False) -> None:
        """Stop one node: SIGTERM (geth writes its state), SIGKILL after ``timeout`` or at once
        with ``kill`` (a crash)."""
        node = self.node(name)
        pid = _pid_of(node)
        if pid is not None:
            os.kill(pid, signal.SIGKILL if kill else signal.SIGTERM)
            _await_exit(node, pid, timeout, "SIGKILL" if kill else "SIGTERM")

    def stop(self, timeout: float = 30) -> None:
        """Stop every node (all are sent SIGTERM at once) and remove their namespaces."""
        pids = {n.name: _pid_of(n) for n in self.nodes}
        for pid in pids.values():
            if pid is not None:
                os.kill(pid, signal.SIGTERM)
        for node in self.nodes:
            pid = pids[node.name]
            if pid is not None:
                _await_exit(node, pid, timeout, "SIGTERM")
            if node.host.netns:
                _ip("netns", "delete", node.host.netns, check=False)

    # ---- Clique's lighter forks

    # Why a watch: with one of four validators down, two of the others may seal the same
    # height at once (the missing signer's slot is open to all three, out of turn). A
    # node of geth 1.13 that sealed or took the lighter of the two can stay on it: it does
    # not take its peers' heavier block as it arrives, so the one validator allowed to
    # seal next on the heavy branch sits on the light one, the others "signed recently",
    # and the chain stops for good (seen in tests here). A new handshake makes the node
    # see the heavier head and sync to it; the watch does that for a node that sat on a
    # lighter head than a peer's for two checks. Besu's QBFT has no forks to sit on.

    def resync_lagging(self, seen: dict[str, tuple[int, str]] | None = None) -> list[str]:
        """Re-peer each running node whose head is lighter than the heaviest and has not
        moved since ``seen`` (the previous call's heads, updated in place); returns them."""
        heads: dict[str, tuple[int, str, int]] = {}
        for node in self.nodes:
            if _pid_of(node) is None:
                continue
            with contextlib.suppress(OSError, urllib.error.URLError, ChainError, KeyError, TypeError):
                block = rpc(node.rpc_url, "eth_getBlockByNumber", ["latest", False], timeout=2)
                heads[node.name] = (int(block["number"], 16), block["hash"], int(block["totalDifficulty"], 16))
        if not heads:
            return []
        best_name = max(heads, key=lambda name: heads[name][2])
        best = self.node(best_name)
        lagging = []
        for name, (number, block_hash, td) in heads.items():
            before = None if seen is None else seen.get(name)
            if td < heads[best_name][2] and before == (number, block_hash):
                node = self.node(name)
                log.warning("%s sits on a lighter head (block %d) than %s: re-peering them so it syncs", name, number,
                            best_name)
                with contextlib.suppress(OSError, urllib.error.URLError, ChainError):
                    rpc(node.rpc_url, "admin_removePeer", [best.enode_seen_from(node)])
                    rpc(node.rpc_url, "admin_addPeer", [best.enode_seen_from(node)])
                lagging.append(name)
        if seen is not None:
            seen.clear()
            seen.update({name: (number, block_hash) for name, (number, block_hash, _) in heads.items()})
        return lagging

    @contextlib.contextmanager
    def watched(self, period: float = 2.0) -> Iterator[None]:
        """While the block runs, a thread calls ``resync_lagging`` every ``period`` seconds."""
        stop = threading.Event()

        def watch() -> None:
            seen: dict[str, tuple[int, str]] = {}
            while not stop.wait(period):
                self.resync_lagging(seen)

        thread = threading.Thread(target=watch, name="consortium-watch", daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join()

    # ---- partitions

    def partition(self, name: str) -> None:
        """Cut validator ``name`` off from the others (its P2P link goes down; its RPC still
        answers). Only the network's isolable validator can be cut off."""
        _ip("link", "set", self._p2p_link(name), "down")
        log.info("%s partitioned from the other validators", name)

    def heal(self, name: str) -> None:
        """Undo ``partition``: the P2P link comes back up."""
        _ip("link", "set", self._p2p_link(name), "up")
        log.info("%s reconnected", name)

    def _p2p_link(self, name: str) -> str:
        node = self.node(name)
        if node.host.p2p_link is None:
            raise ConfigError(f"{name} runs on loopback with the others and cannot be partitioned: create the network "
                              f"with isolable={name!r}", what="validator", where=name,
                              expected="a validator in a network namespace", found="loopback")
        return node.host.p2p_link

    # ---- health

    def status(self) -> list[NodeStatus]:
        return [_status(node) for node in self.nodes]

    def wait_healthy(self, timeout: float = 90) -> list[NodeStatus]:
        """Wait until every node answers with all others as peers and its head is two
        blocks past the best head seen at the start."""
        deadline = time.monotonic() + timeout
        start = max((s.block or 0 for s in self.status()), default=0)
        while True:
            states = self.status()
            if all(s.running and s.peers == len(self.nodes) - 1 and (s.block or 0) >= start + 2 for s in states):
                return states
            if fallen := [n for n in self.nodes if _exited(n)]:  # it will not get healthy by waiting
                raise ChainError(f"the network under {self.root} is not healthy: {_exits(fallen)}"
                                 + _log_hint(fallen), what="consortium network", where=str(self.root),
                                 expected=f"{len(self.nodes)} running nodes", found=[n.name for n in fallen])
            if time.monotonic() > deadline:
                raise ChainError(f"the network under {self.root} is not healthy after {timeout:.0f} s: "
                                 + "; ".join(describe(s) for s in states) + _log_hint(self.nodes),
                                 what="consortium network", where=str(self.root),
                                 expected=f"{len(self.nodes)} nodes, each with {len(self.nodes) - 1} peers, "
                                          f"at block {start + 2} or later", found=[describe(s) for s in states])
            time.sleep(0.5)


@contextlib.contextmanager
def throwaway_network(root: Path, ports: Callable[[], Ports] = find_free_ports, isolable: str | None = None,
                      timeout: float = 120) -> Iterator[Network]:
    """A network of a test, the demo or a benchmark: created under ``root`` on free
    ``ports()``, started, watched (see ``Network.resync_lagging``) while the block runs,
    stopped at the end. It holds nothing to keep, so one that fails to start (a port taken
    between the pick and geth's bind, a geth that died) is logged, removed and created
    afresh on other ports, once: what its users measure is the chain, not that machine's
    moment. ``Network.start`` itself is tested as it stands (tests/consortium/test_start.py)."""
    for attempt in (1, 2):
        net = Network.create(root, load_profile(ports=ports()), isolable=isolable)
        try:
            net.start(timeout)
        except (ChainError, OSError) as exc:
            net.stop()
            if attempt == 2:
                raise
            log.warning("a throwaway network did not start (%s): creating it afresh on other ports", exc)
            shutil.rmtree(root)
            continue
        try:
            with net.watched():
                yield net
        finally:
            net.stop()
        return


def describe(s: NodeStatus, named: bool = True) -> str:
    name = f"{s.name}: " if named else ""
    if not s.running:
        return f"{name}stopped"
    if s.error:
        return f"{name}running, RPC {s.rpc_url} not answering ({s.error})"
    return f"{name}block {s.block}, {s.peers} peers, {'sealing' if s.mining else 'not sealing'}"


# ------------------------------------------------------------------ genesis and keys


def genesis(profile: Profile, signers: Iterable[str]) -> dict[str, Any]:
    """Clique genesis: every fork up to ``profile.last_fork`` at block 0, base fee 0."""
    forks = FORKS[: FORKS.index(profile.last_fork) + 1]
    config: dict[str, Any] = {"chainId": profile.chain_id, **{f"{f}Block": 0 for f in forks},
                              "clique": {"period": profile.block_period, "epoch": profile.epoch}}
    signer_list = sorted(signers, key=lambda a: int(a, 16))
    extra = "0x" + "00" * 32 + "".join(a[2:].lower() for a in signer_list) + "00" * 65
    london = "london" in forks
    return {
        "config": config,
        "nonce": "0x0",
        "timestamp": "0x0",
        "extraData": extra,
        "gasLimit": hex(profile.gas_limit),
        "difficulty": "0x1",
        "mixHash": "0x" + "00" * 32,
        "coinbase": "0x" + "00" * 20,
        **({"baseFeePerGas": "0x0"} if london else {}),
        "alloc": {a[2:].lower(): {"balance": hex(VALIDATOR_FUNDS_WEI)} for a in signer_list},
    }


def _new_node(root: Path, index: int, validator: Validator, ports: Ports, host: Host) -> Node:
    datadir = root / "nodes" / validator.name
    (datadir / "geth").mkdir(parents=True, exist_ok=True)
    (datadir / "keystore").mkdir(exist_ok=True)
    node_key = keys.PrivateKey(_random_key())
    _write_private(datadir / "geth" / "nodekey", node_key.to_hex()[2:])
    password = secrets.token_hex(24)
    _write_private(datadir / "password", password)
    account = Account.create()
    # scrypt at geth's "light" cost: the password is random, and each node start decrypts it
    keystore = accounts.encrypt(account.key, password, "scrypt", 1 << 12)
    stamp = time.strftime("%Y-%m-%dT%H-%M-%S", time.gmtime())
    _write_private(datadir / "keystore" / f"UTC--{stamp}.000000000Z--{account.address[2:].lower()}",
                   json.dumps(keystore))
    return Node(index=index, name=validator.name, role=validator.role, address=account.address,
                enode_id=node_key.public_key.to_hex()[2:], ports=ports, datadir=str(datadir), host=host)


# ------------------------------------------------------------------ network namespaces

NETNS_P2P = "10.213"  # /16s of the namespaces' links: a /30 per link, picked at random
NETNS_RPC = "10.214"


def netns_unavailable() -> str | None:
    """Why this machine cannot put a node in a network namespace (None: it can)."""
    if shutil.which("ip") is None:
        return "no `ip` command (Debian package iproute2)"
    probe = f"vcprobe{secrets.token_hex(3)}"
    result = subprocess.run(["ip", "netns", "add", probe], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        return f"`ip netns add` failed: {result.stderr.strip() or result.returncode} (it needs root or CAP_SYS_ADMIN)"
    subprocess.run(["ip", "netns", "delete", probe], capture_output=True, check=False)
    return None


def _namespaced_host() -> Host:
    tag = secrets.token_hex(3)
    a, b = secrets.randbelow(256), 4 * secrets.randbelow(64)
    return Host(netns=f"vc{tag}", p2p=f"{NETNS_P2P}.{a}.{b + 2}", gateway=f"{NETNS_P2P}.{a}.{b + 1}",
                rpc=f"{NETNS_RPC}.{a}.{b + 2}", rpc_gateway=f"{NETNS_RPC}.{a}.{b + 1}", p2p_link=f"vc{tag}p", rpc_link=f"vc{tag}r")


def _ensure_namespace(host: Host) -> None:
    """Create ``host``'s namespace and its two links unless they exist."""
    if host.netns is None or subprocess.run(["ip", "netns", "pids", host.netns], capture_output=True,
                                            check=False).returncode == 0:
        return
    assert host.p2p_link and host.rpc_link
    _ip("netns", "add", host.netns)
    _ip("-n", host.netns, "link", "set", "lo", "up")
    for link, inside, outside in ((host.p2p_link, host.p2p, host.gateway), (host.rpc_link, host.rpc, host.rpc_gateway)):
        _ip("link", "add", link, "type", "veth", "peer", "name", f"{link}n", "netns", host.netns)
        _ip("addr", "add", f"{outside}/30", "dev", link)
        _ip("link", "set", link, "up")
        _ip("-n", host.netns, "addr", "add", f"{inside}/30", "dev", f"{link}n")
        _ip("-n", host.netns, "link", "set", f"{link}n", "up")


def _ip(*args: str, check: bool = True) -> None:
    result = subprocess.run(["ip", *args], capture_output=True, text=True, check=False)
    if check and result.returncode != 0:
        raise ChainError(f"ip {' '.join(args)} failed: {result.stderr.strip()}", what="network namespace",
                         where=" ".join(args))


def _random_key() -> bytes:
    order = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
    while True:
        key = secrets.token_bytes(32)
        if 0 < int.from_bytes(key, "big") < order:
            return key


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)


def _write_node_config(node: Node, peers: list[Node]) -> None:
    """No static peers (the script peers the nodes, see ``Network._bootstrap``); the other
    validators are trusted (always let in). MaxPeers = the others, all of them dialable
    (DialRatio 1): geth then syncs as soon as it sees them all, not after 10 s."""
    enodes = ", ".join(f'"{p.enode_seen_from(node)}"' for p in peers)
    (Path(node.datadir) / "config.toml").write_text(
        f"[Node.P2P]\nMaxPeers = {len(peers)}\nDialRatio = 1\nTrustedNodes = [{enodes}]\n")


def _geth_command(net: Network, node: Node) -> list[str]:
    d = node.datadir
    price = ["--txpool.pricelimit", "0"] if net.zero_gas_price else []
    namespace = ["ip", "netns", "exec", node.host.netns] if node.host.netns else []
    allowed = "127.0.0.0/8" + (f",{NETNS_P2P}.0.0/16" if any(n.host.netns for n in net.nodes) else "")
    return [
        *namespace, str(_checked_geth()), "--datadir", d, "--config", f"{d}/config.toml",
        "--networkid", str(net.chain_id), "--syncmode", "full",
        # geth's default 1 GB cache preallocates a 141 MB database log on disk per node (pebble
        # sizes it after the memtable, a quarter of the database's half of the cache): 0.6 GB
        # per network. A node that finds the disk full exits, and geth stops itself when the
        # free disk falls below twice its dirty-trie cache (512 MB at the default, 32 MB
        # here). Our chains' state is tiny.
        "--cache", str(GETH_CACHE_MB),
        # loopback (and namespace links) only: no discovery, no NAT probing, no dial elsewhere
        "--port", str(node.ports.p2p), "--nodiscover", "--nat", "none", "--netrestrict", allowed,
        "--ipcdisable",
        "--http", "--http.addr", node.host.rpc, "--http.port", str(node.ports.http), "--http.api", RPC_APIS,
        "--authrpc.addr", "127.0.0.1", "--authrpc.port", str(node.ports.authrpc),
        # the Clique signer: geth seals with an unlocked keystore account; unlocking next
        # to an HTTP endpoint needs --allow-insecure-unlock (the endpoint is loopback only).
        # Sealing starts by RPC once the node is peered (Network._bootstrap, _join).
        "--miner.etherbase", node.address, "--miner.gaslimit", str(net.gas_limit), *price,
        "--unlock", node.address, "--password", f"{d}/password", "--allow-insecure-unlock",
        "--verbosity", "3",
    ]


def _checked_geth() -> Path:
    geth = geth_binary()
    if not geth.exists():
        raise ConfigError(f"no geth at {geth}: run `make client` first", what="client", where=str(geth),
                          expected=f"geth {GETH_VERSION}", found="no file")
    return geth


def _run(argv: list[str], log_path: Path) -> None:
    result = subprocess.run(argv, capture_output=True, text=True, check=False)
    log_path.write_text(result.stdout + result.stderr)
    if result.returncode != 0:
        tail = (result.stdout + result.stderr).strip().splitlines()[-3:]
        raise ChainError(f"{' '.join(argv[:4])}... failed ({result.returncode}): {' | '.join(tail)}",
                         what="geth", where=str(log_path))


# ------------------------------------------------------------------ RPC and processes


def rpc(url: str, method: str, params: list[Any] | None = None, timeout: float = 5) -> Any:
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params or []}).encode()
    request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        answer = json.loads(response.read())
    if "error" in answer:
        raise ChainError(f"{method} at {url}: {answer['error']}", what=method, where=url)
    return answer["result"]


def _rpc_or_none(url: str, method: str) -> Any:
    try:
        return rpc(url, method)
    except (OSError, urllib.error.URLError, ChainError):
        return None


def _answers_as(node: Node) -> bool:
    """Whether ``node``'s RPC answers; an answer from another node (a geth of another
    network that bound the port first) is an error, not a start."""
    info = _rpc_or_none(node.rpc_url, "admin_nodeInfo")
    if info is None:
        return False
    if not str(info.get("enode", "")).startswith(f"enode://{node.enode_id}@"):
        raise ChainError(f"{node.rpc_url} answers as another node ({info.get('enode')}), not {node.name}: "
                         "another process took its port", what=node.name, where=node.rpc_url)
    return True


def _status(node: Node) -> NodeStatus:
    s = NodeStatus(node.name, node.rpc_url, running=_pid_of(node) is not None)
    if not s.running:
        return s
    try:
        s.block = int(rpc(node.rpc_url, "eth_blockNumber"), 16)
        s.peers = int(rpc(node.rpc_url, "net_peerCount"), 16)
        s.mining = bool(rpc(node.rpc_url, "eth_mining"))
    except (OSError, urllib.error.URLError, ChainError) as exc:
        s.error = str(exc)
    return s


def _head(node: Node) -> tuple[int, int]:
    """(number, total difficulty) of ``node``'s head."""
    block = rpc(node.rpc_url, "eth_getBlockByNumber", ["latest", False])
    return int(block["number"], 16), int(block["totalDifficulty"], 16)


def _may_seal_next(node: Node) -> bool:
    """Whether Clique lets ``node``'s validator seal the block after its head: it sealed
    none of the last len(signers) // 2 blocks."""
    snap = rpc(node.rpc_url, "clique_getSnapshot", ["latest"])
    limit = len(snap["signers"]) // 2 + 1
    following = int(snap["number"]) + 1
    mine = [int(b) for b, signer in snap["recents"].items() if signer.lower() == node.address.lower()]
    return all(b <= following - limit for b in mine)


def _start_sealing(node: Node, zero_gas_price: bool) -> None:
    """Zero gas price (geth's flags cannot set it: it raises a miner price of 0 to 1 gwei,
    and starting the miner sets the pool's minimum tip to the miner's price), then seal.

    Only once the validator's key is unlocked: geth serves RPC before ``--unlock`` is
    done, and a miner started in between fails its first block ("authentication needed")
    and tries again only when a transaction or a block arrives; a lone validator
    bootstrapping an empty chain then never seals (seen in a test run)."""
    _wait_for(lambda: _unlocked(node), 30, f"{node.name}'s validator key unlocked", node)
    if zero_gas_price:
        rpc(node.rpc_url, "miner_setGasPrice", ["0x0"])
    rpc(node.rpc_url, "miner_start", [])


def _unlocked(node: Node) -> bool:
    """Whether geth holds ``node``'s validator key unlocked (it signs a message with it)."""
    try:
        rpc(node.rpc_url, "eth_sign", [node.address, "0x00"])
    except ChainError:
        return False
    return True


def _pid_of(node: Node) -> int | None:
    """The pid of ``node``'s geth if it runs (the pid file's process, checked to be that geth)."""
    path = Path(node.datadir) / "geth.pid"
    try:
        pid = int(path.read_text())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except (OSError, ValueError):
        return None
    if node.datadir.encode() not in cmdline or not _alive(pid):
        return None
    return pid


def _await_exit(node: Node, pid: int, timeout: float, how: str) -> None:
    deadline = time.monotonic() + timeout
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    if _alive(pid):
        log.warning("%s (pid %d) ignored SIGTERM for %.0f s: killing it", node.name, pid, timeout)
        os.kill(pid, signal.SIGKILL)
        while _alive(pid):
            time.sleep(0.05)
    (Path(node.datadir) / "geth.pid").unlink(missing_ok=True)
    log.info("stopped %s (pid %d, %s)", node.name, pid, how)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    if state == "Z":  # exited, not yet reaped by its parent (us, when a test started it)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        return False
    return True


def _wait_for(check: Any, timeout: float, what: str, node: Node) -> None:
    """Wait until ``check()``; fail at once, with geth's last words, when the node exits."""
    deadline = time.monotonic() + timeout
    while not check():
        if _exited(node):
            raise ChainError(f"{node.name}'s geth exited while waiting for {what}: {_last_log_line(node)}"
                             + _log_hint([node]), what=node.name, where=node.rpc_url)
        if time.monotonic() > deadline:
            raise ChainError(f"{what} did not come up within {timeout:.0f} s (geth's last words: "
                             f"{_last_log_line(node)})" + _log_hint([node]),
                             what=node.name, where=node.rpc_url)
        time.sleep(0.2)


def _exited(node: Node) -> bool:
    """Whether the process ``_launch`` started for ``node`` has exited (its pid file's pid;
    not ``_pid_of``, which takes a process between fork and exec for another one)."""
    try:
        return not _alive(int((Path(node.datadir) / "geth.pid").read_text()))
    except (OSError, ValueError):
        return True


def _exiting(nodes: list[Node], grace: float = 3) -> list[Node]:
    """The nodes whose geth has exited, waiting up to ``grace`` seconds for one: a dying
    geth resets its connections a moment before it is gone."""
    deadline = time.monotonic() + grace
    while not (fallen := [n for n in nodes if _exited(n)]) and time.monotonic() < deadline:
        time.sleep(0.1)
    return fallen


def _last_log_line(node: Node) -> str:
    try:
        lines = (Path(node.datadir) / "geth.log").read_text(errors="replace").strip().splitlines()
    except OSError:
        return "no log"
    # geth's own last words ("Fatal: ..."; or why it shut itself down: free disk below twice
    # its dirty-trie cache, checked every 30 s), or Go's: a panic or a runtime error prints
    # its message first and a stack after it, the stack's last line saying nothing
    fatal = [line for line in lines
             if line.startswith(("Fatal", "panic:", "fatal error:")) or "Gracefully shutting down" in line]
    return (fatal or lines or ["empty log"])[-1]


def _exits(nodes: Iterable[Node]) -> str:
    return "; ".join(f"{n.name}'s geth exited ({_last_log_line(n)})" for n in nodes)


def _log_hint(nodes: Iterable[Node]) -> str:
    return " (logs: " + ", ".join(f"{n.datadir}/geth.log" for n in nodes) + ")"


# ------------------------------------------------------------------ command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.consortium.network", description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="network folder (default .consortium/)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("start", help="create the network if needed, start every node, wait until healthy")
    p.add_argument("--profile", type=Path, default=DEFAULT_PROFILE)
    p.add_argument("--timeout", type=float, default=90)
    sub.add_parser("stop", help="stop every node")
    sub.add_parser("status", help="each node's head, peers and sealing; exit 1 unless all are healthy")
    for name in ("start-node", "stop-node"):
        sub.add_parser(name, help=f"{name.split('-')[0]} one validator").add_argument("node")
    sub.add_parser("reset", help="stop the network and delete its folder")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        return _command(args)
    except (ConfigError, ChainError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _command(args: argparse.Namespace) -> int:
    root: Path = args.dir
    if args.command == "start":
        t0 = time.monotonic()
        net = Network.open_or_create(root, args.profile)
        net.start(args.timeout)
        _print(f"network up in {time.monotonic() - t0:.1f} s: chain {net.chain_id}, rpc {net.rpc_url}")
        return _print_status(net)
    if args.command == "reset":
        if (root / "network.json").exists():
            Network.open(root).stop()
        shutil.rmtree(root, ignore_errors=True)
        _print(f"deleted {root}")
        return 0
    net = Network.open(root)
    if args.command == "stop":
        net.stop()
        _print("network stopped")
        return 0
    if args.command == "stop-node":
        net.stop_node(args.node)
        return 0
    if args.command == "start-node":
        net.start_node(args.node)
        return 0
    return _print_status(net, sample=True)


def _print_status(net: Network, sample: bool = False) -> int:
    before = net.status()
    if sample:
        time.sleep(net.block_period * 3)
    states = net.status()
    for s, n in zip(states, net.nodes, strict=True):
        _print(f"{n.index} {n.name:<11} {n.role:<9} {n.address} {n.rpc_url:<22} {describe(s, named=False)}")
    head0 = max((s.block or 0 for s in before), default=0)
    head = max((s.block or 0 for s in states), default=0)
    peered = all(s.running and not s.error and s.peers == len(net.nodes) - 1 for s in states)
    moving = head > head0 or not sample
    _print(f"{'healthy' if peered and moving else 'UNHEALTHY'}: head {head}"
           + (f" (+{head - head0} in {net.block_period * 3} s)" if sample else "")
           + f", {sum(s.running for s in states)}/{len(states)} nodes running")
    return 0 if peered and moving else 1


def _print(line: str) -> None:
    print(line)


if __name__ == "__main__":
    sys.exit(main())
