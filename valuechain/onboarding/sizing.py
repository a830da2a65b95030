"""Batch size from the chain's block gas limit and the measured gas per member.

The gas of ``admitBatch`` is close to linear in its length: a fixed part (the
transaction, the call, the loop) plus the same cost per member (three fresh storage
slots and an event). Both are measured on the chain itself by estimating a batch of one
and a batch of a few of the very rows to be sent, so the size follows the real contract
and chain rules rather than a constant.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

from eth_abi import decode
from eth_utils import function_abi_to_4byte_selector, keccak
from hexbytes import HexBytes
from web3.contract import Contract
from web3.exceptions import ContractLogicError

from valuechain import revert
from valuechain.errors import ChainError, ConfigError, SuitePaused
from valuechain.onboarding import calldata
from valuechain.onboarding.validate import SupplierRow

log = logging.getLogger(__name__)

GAS_FRACTION = 0.8  # of the block gas limit one batch may use: room for other traffic
MARGIN = 1.05  # on the measured gas per member: later rows may cost a little more
SAMPLE = 8
# Each Admission is 4 ABI words (128 bytes) of calldata; nodes refuse transactions
# above 128 KiB (geth and Besu pools), keep well under it.
MAX_CALLDATA = 96_000
BYTES_PER_ROW = 128
_BATCH_ENTRY_REJECTED = keccak(text="BatchEntryRejected(uint256,bytes)")[:4]


@dataclass(frozen=True)
class Sizing:
    block_gas_limit: int
    gas_fraction: float
    base_gas: int
    gas_per_member: int
    size: int  # the most rows one batch may carry

    def batches(self, n: int) -> list[int]:
        """Balanced batch lengths for ``n`` rows (e.g. 1000 at most 331 -> 4 x 250)."""
        if n <= 0:
            return []
        count = math.ceil(n / self.size)
        base, extra = divmod(n, count)
        return [base + 1 if i < extra else base for i in range(count)]


def measure(registry: Contract, sender: str, rows: list[SupplierRow], gas_fraction: float = GAS_FRACTION,
            max_size: int | None = None) -> Sizing:
    """Sizing for ``rows`` sent by ``sender`` (rows must be admissible: they are the plan's)."""
    abi_selector = registry.get_function_by_name("admitBatch").abi
    if function_abi_to_4byte_selector(abi_selector) != calldata.SELECTOR:
        raise ConfigError(f"the registry at {registry.address} has another admitBatch than "
                          f"admitBatch({calldata.ADMISSION}[]): onboarding does not match this contract version")
    w3 = registry.w3
    limit = int(w3.eth.get_block("latest")["gasLimit"])
    sample = rows[: min(SAMPLE, len(rows))]
    one = estimate(registry, sender, sample[:1])
    if len(sample) > 1:
        many = estimate(registry, sender, sample)
        per = math.ceil((many - one) / (len(sample) - 1))
        base = max(0, one - per)
    else:
        per, base = one, 0
    budget = int(limit * gas_fraction)
    size = int((budget - base) // (per * MARGIN))
    size = min(size, (MAX_CALLDATA - 68) // BYTES_PER_ROW, max_size or size)
    if size < 1:
        raise ChainError(f"one admission needs about {base + per:,} gas but the block gas limit is {limit:,} "
                         f"(batches may use {gas_fraction:.0%} of it): raise the chain's gas limit")
    log.info("admitBatch: ~%d gas + %d per member, block gas limit %d: batches of %d", base, per, limit, size)
    return Sizing(limit, gas_fraction, base, per, size)


def estimate(registry: Contract, sender: str, rows: list[SupplierRow], data: bytes | None = None) -> int:
    """Gas of ``admitBatch(rows)`` (``data``: its calldata, if already encoded);
    BatchRejected naming the refused entry if it would revert."""
    tx = {"from": sender, "to": registry.address, "data": data or calldata.admit_batch(rows)}
    try:
        return int(registry.w3.eth.estimate_gas(tx))  # type: ignore[arg-type]
    except ContractLogicError as exc:
        if revert.is_paused(revert.revert_data(exc)):
            raise SuitePaused("admitBatch") from None
        raise BatchRejected(rows, exc) from None


class BatchRejected(ChainError):
    """The chain would refuse a batch; ``index`` is the entry it names, when it does."""

    FIELDS = (*ChainError.FIELDS, "reason", "index", "entry_reason")

    def __init__(self, rows: list[SupplierRow], exc: ContractLogicError) -> None:
        data = exc.data if isinstance(exc.data, (str, bytes)) else None
        self.reason = revert.describe(data) or str(exc.message or exc)
        self.index, self.entry_reason = _entry(data)
        self.rows = rows
        entry = rows[self.index] if self.index is not None and self.index < len(rows) else None
        where = f" (row {entry.row}, {entry.bpnl})" if entry else ""
        super().__init__(f"admitBatch would revert: {self.reason}{where}", what="admitBatch",
                         where=f"row {entry.row}" if entry else None, found=self.entry_reason or self.reason)


def _entry(data: bytes | str | None) -> tuple[int | None, str | None]:
    """(index, nested reason) of ``BatchEntryRejected(index, reason)`` revert data."""
    if not data:
        return None, None
    raw = bytes(HexBytes(data))
    if raw[:4] != _BATCH_ENTRY_REJECTED:
        return None, None
    index, reason = decode(["uint256", "bytes"], raw[4:])
    return int(index), revert.describe(reason) or "0x" + bytes(reason).hex()
