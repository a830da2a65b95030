"""IP receipts and file hashing (valuechain.documents): no chain involved."""

from __future__ import annotations

import tracemalloc

import pytest
from eth_utils import keccak

from valuechain import documents
from valuechain.errors import ConfigError

SUP_A = "BPNL00000003B2OM"


def test_receipt_is_never_overwritten(tmp_path):
    r = documents.Receipt("0x00", "0x00", "0x00", "f", 1, "0x0", org=SUP_A, commitment="0x00")
    documents.write_receipt(r, tmp_path / "r.json")
    with pytest.raises(ConfigError, match="never overwritten"):
        documents.write_receipt(r, tmp_path / "r.json")


def test_hundred_megabytes_hash_in_constant_memory(tmp_path):
    big = tmp_path / "big.bin"
    block = bytes(range(256)) * 4096  # 1 MiB
    with open(big, "wb") as fh:
        fh.writelines(block for _ in range(100))
    tracemalloc.start()
    digest = documents.hash_file(big)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 4 * 1024 * 1024  # a few chunks at most, never the file
    assert digest == keccak(block * 100)
