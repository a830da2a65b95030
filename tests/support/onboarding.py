"""Helpers of the onboarding tests: supplier lists and CSV files, event counts, and an Anvil
process of our own (saved state, kill and restart). Brownie-free: tests/offline uses it."""

from __future__ import annotations

import csv
import io
import random
import signal
import socket
import subprocess
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from eth_utils import to_checksum_address
from web3.contract import Contract

from valuechain.errors import ChainError
from valuechain.identity import bytes16_to_bpnl
from valuechain.network import connect

ROOT = Path(__file__).resolve().parents[2]
HEADER = ("bpnl", "name", "roles", "operator", "profile")
ANVIL_PORTS = range(28560, 28570)  # this worktree's range for extra Anvil processes

_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class Supplier:
    bpnl: str
    name: str
    roles: str
    operator: str
    profile: str

    def cells(self) -> list[str]:
        return [self.bpnl, self.name, self.roles, self.operator, self.profile]


def suppliers(n: int, seed: int = 1, roles: str = "SUPPLIER") -> list[Supplier]:
    """``n`` distinct, valid suppliers (random BPNLs and operator addresses)."""
    rng = random.Random(seed)
    out, seen = [], set()
    while len(out) < n:
        bpnl = "BPNL" + "".join(rng.choice(_ALNUM) for _ in range(12))
        if bpnl in seen:
            continue
        seen.add(bpnl)
        operator = to_checksum_address(rng.randbytes(20))
        out.append(Supplier(bpnl, f"Supplier {len(out) + 1} GmbH", roles, operator, "0x" + rng.randbytes(32).hex()))
    return out


def write_csv(path: Path, rows: list[list[str]] | list[Supplier], header: tuple[str, ...] | list[str] = HEADER,
              delimiter: str = ",", bom: bool = False) -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(row.cells() if isinstance(row, Supplier) else row)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8"))
    return path


def admitted_counts(registry: Contract, from_block: int = 0) -> Counter[str]:
    """How many OrgAdmitted events each BPNL has: exactly once means 1."""
    return Counter(bytes16_to_bpnl(log["args"]["org"]) for log in registry.events.OrgAdmitted.get_logs(from_block=from_block))


def free_port(ports: range = ANVIL_PORTS) -> int:
    for port in ports:
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a stopped Anvil's port in TIME_WAIT is free
            try:
                s.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
    raise RuntimeError(f"no free port in {ports.start}-{ports.stop - 1}")


class Anvil:
    """An Anvil process of this test run, saving its state on exit (SIGTERM) and
    restartable from it: a node that is killed and comes back with its chain."""

    def __init__(self, state: Path, port: int | None = None, gas_limit: int = 30_000_000) -> None:
        self.state, self.port, self.gas_limit = state, port or free_port(), gas_limit
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> Anvil:
        cmd = [str(ROOT / ".tools" / "bin" / "anvil"), "--port", str(self.port), "--hardfork", "paris",
               "--gas-limit", str(self.gas_limit), "--accounts", "10", "--silent", "--dump-state", str(self.state)]
        if self.state.exists():
            cmd += ["--load-state", str(self.state)]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                connect(self.url, 31337, timeout=2)
                return self
            except ChainError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"anvil did not start on port {self.port}")

    def stop(self) -> None:
        """SIGTERM: Anvil writes its state and exits (its pending transactions are lost)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(20)
        self.proc = None
