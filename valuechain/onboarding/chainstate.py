"""What the registry holds for a list of orgs and accounts, read in bulk at one block.

Two views per row (``getOrg(bpnl)`` and ``orgOf(operator)``): for a thousand rows that
is two thousand calls, sent as JSON-RPC batches (a few HTTP round trips) and, for a
node that refuses batches, as concurrent single calls. All calls name the same block
number, so the answer is one consistent snapshot.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import requests
from eth_abi import decode, encode
from eth_utils import function_abi_to_4byte_selector, to_checksum_address
from web3 import Web3
from web3.contract import Contract

from valuechain.errors import ChainError
from valuechain.identity import Status, bpnl_to_bytes16, bytes16_to_bpnl

BATCH_CALLS = 500  # per JSON-RPC batch: below common node limits (Besu: 1024)
THREADS = 16


@dataclass(frozen=True)
class OrgOnChain:
    """An admitted organisation as stored."""

    roles: int
    status: Status
    operator_count: int
    profile_hash: bytes


@dataclass
class Snapshot:
    """The registry at ``block``: which of the asked orgs exist and which org each asked
    account operates ("" for none)."""

    block: int
    orgs: dict[str, OrgOnChain]
    operator_org: dict[str, str]

    def org(self, bpnl: str) -> OrgOnChain | None:
        return self.orgs.get(bpnl)

    def org_of(self, account: str) -> str:
        return self.operator_org.get(to_checksum_address(account), "")


def read(registry: Contract, bpnls: Iterable[str], operators: Iterable[str], block: int | None = None) -> Snapshot:
    """The registry's view of ``bpnls`` and ``operators`` at ``block`` (default: latest)."""
    w3 = registry.w3
    bpnls = list(dict.fromkeys(bpnls))
    operators = list(dict.fromkeys(to_checksum_address(a) for a in operators))
    block = w3.eth.block_number if block is None else block
    get_org = _selector(registry, "getOrg")
    org_of = _selector(registry, "orgOf")
    calls = [get_org + encode(["bytes16"], [bpnl_to_bytes16(b)]) for b in bpnls]
    calls += [org_of + encode(["address"], [a]) for a in operators]
    results = eth_calls(w3, registry.address, calls, block)

    orgs: dict[str, OrgOnChain] = {}
    for bpnl, data in zip(bpnls, results[: len(bpnls)], strict=True):
        roles, status, _joined, count, profile = decode(["uint8", "uint8", "uint48", "uint32", "bytes32"], data)
        if status != Status.NONE:
            orgs[bpnl] = OrgOnChain(roles, Status(status), count, bytes(profile))
    operator_org = {
        account: bytes16_to_bpnl(decode(["bytes16"], data)[0])
        for account, data in zip(operators, results[len(bpnls) :], strict=True)
    }
    return Snapshot(block, orgs, operator_org)


def eth_calls(w3: Web3, to: str, calls: list[bytes], block: int) -> list[bytes]:
    """The return data of each call to ``to`` at ``block``, in order."""
    if not calls:
        return []
    tag = hex(block)
    payload: list[tuple[Any, list[Any]]] = [("eth_call", [{"to": to, "data": "0x" + c.hex()}, tag]) for c in calls]
    provider: Any = w3.provider
    try:
        if not hasattr(provider, "make_batch_request"):
            raise _NoBatches(f"{type(provider).__name__} sends no batches")
        responses: list[Any] = []
        for start in range(0, len(payload), BATCH_CALLS):
            part = provider.make_batch_request(payload[start : start + BATCH_CALLS])
            if not isinstance(part, list):
                raise _NoBatches(str(part.get("error") if isinstance(part, dict) else part))
            responses += part
    except (_NoBatches, NotImplementedError, ValueError, requests.exceptions.HTTPError):
        # no batches here (an error object, or an HTTP error for the list): one call each, concurrently
        with ThreadPoolExecutor(THREADS) as pool:
            responses = list(pool.map(lambda r: provider.make_request(*r), payload))
    out = []
    for (_method, params), response in zip(payload, responses, strict=True):
        if "error" in response or "result" not in response:
            raise ChainError(f"reading the registry at {to} failed at block {block}: {response.get('error', response)} "
                             f"(call data {params[0]['data'][:10]}…)")
        out.append(bytes.fromhex(response["result"][2:]))
    return out


class _NoBatches(Exception):
    """The node answered a batch with a single error: it does not take batches."""


def _selector(contract: Contract, name: str) -> bytes:
    for item in contract.abi:
        if item.get("type") == "function" and item.get("name") == name:
            return function_abi_to_4byte_selector(item)
    raise ChainError(f"the contract at {contract.address} has no {name}() in its ABI: is it a ConsortiumRegistry?")
