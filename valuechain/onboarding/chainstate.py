"""What the registry holds for a list of orgs and accounts, read in bulk at one block.

Three views per row (``getOrg(bpnl)``, ``orgOf(operator)`` and, since an admission only
offers the first operator binding until that key accepts it,
``hasOperatorOffer(operator, bpnl)``): for a thousand rows that is three thousand calls, sent as JSON-RPC batches (a few HTTP round trips) and, for a
node that refuses batches, as concurrent single calls. All calls name the same block
number, so the answer is one consistent snapshot.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol

import requests
from eth_abi import decode, encode
from eth_utils import function_abi_to_4byte_selector, to_checksum_address
from web3 import Web3
from web3.contract import Contract

from valuechain.errors import ChainError
from valuechain.identity import Status, bpnl_to_bytes16, bytes16_to_bpnl

#: IConsortiumRegistry.Org: roles, status, joinedAt, operatorCount, keyEpoch, profileHash
ORG_TYPES = ["uint8", "uint8", "uint48", "uint32", "uint32", "bytes32"]
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
    """The registry at ``block``: which of the asked orgs exist, which org each asked
    account operates ("" for none) and which asked (account, org) offers are pending."""

    block: int
    orgs: dict[str, OrgOnChain]
    operator_org: dict[str, str]
    offers: set[tuple[str, str]] = field(default_factory=set)

    def org(self, bpnl: str) -> OrgOnChain | None:
        return self.orgs.get(bpnl)

    def org_of(self, account: str) -> str:
        return self.operator_org.get(to_checksum_address(account), "")

    def offered(self, account: str, bpnl: str) -> bool:
        """Whether ``account`` holds a live offer to operate ``bpnl`` (not accepted yet)."""
        return (to_checksum_address(account), bpnl) in self.offers


class Row(Protocol):
    """A row to admit, as far as the snapshot cares."""

    @property
    def bpnl(self) -> str: ...

    @property
    def operator(self) -> str: ...


def read_rows(registry: Contract, rows: Iterable[Row], block: int | None = None) -> Snapshot:
    """``read`` for rows to admit: their orgs, their operators and each row's offer."""
    rows = list(rows)
    return read(registry, [r.bpnl for r in rows], [r.operator for r in rows], block, [(r.operator, r.bpnl) for r in rows])


def read(
    registry: Contract,
    bpnls: Iterable[str],
    operators: Iterable[str],
    block: int | None = None,
    offers: Iterable[tuple[str, str]] = (),
) -> Snapshot:
    """The registry's view of ``bpnls``, ``operators`` and the (account, bpnl) ``offers``
    at ``block`` (default: latest)."""
    w3 = registry.w3
    bpnls = list(dict.fromkeys(bpnls))
    operators = list(dict.fromkeys(to_checksum_address(a) for a in operators))
    pairs: list[tuple[str, str]] = list(dict.fromkeys((to_checksum_address(a), b) for a, b in offers))
    block = w3.eth.block_number if block is None else block
    get_org = _selector(registry, "getOrg")
    org_of = _selector(registry, "orgOf")
    calls = [get_org + encode(["bytes16"], [bpnl_to_bytes16(b)]) for b in bpnls]
    calls += [org_of + encode(["address"], [a]) for a in operators]
    if pairs:
        has_offer = _selector(registry, "hasOperatorOffer")
        calls += [has_offer + encode(["address", "bytes16"], [a, bpnl_to_bytes16(b)]) for a, b in pairs]
    results = eth_calls(w3, registry.address, calls, block)

    orgs: dict[str, OrgOnChain] = {}
    for bpnl, data in zip(bpnls, results[: len(bpnls)], strict=True):
        roles, status, _joined, count, _epoch, profile = decode(ORG_TYPES, data)
        if status != Status.NONE:
            orgs[bpnl] = OrgOnChain(roles, Status(status), count, bytes(profile))
    ends = len(bpnls) + len(operators)
    operator_org = {
        account: bytes16_to_bpnl(decode(["bytes16"], data)[0])
        for account, data in zip(operators, results[len(bpnls) : ends], strict=True)
    }
    offered = {pair for pair, data in zip(pairs, results[ends:], strict=True) if decode(["bool"], data)[0]}
    return Snapshot(block, orgs, operator_org, offered)


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
