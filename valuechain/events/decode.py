"""Decoding raw logs with the manifest's ABIs, fast.

The map from (contract address, topic0) to a compiled event decoder is built once per
manifest. A decoder turns the hex strings of a raw ``eth_getLogs`` result straight into
plain Python values that JSON can hold (no HexBytes, no AttributeDict): static words are
sliced and converted by per-type functions; only events with dynamic data (strings,
bytes, arrays) go through eth_abi. This is several times faster than web3's
per-log contract-event processing, which the event index would otherwise spend most of
its time in.

Values as decoded:
- ``bytes16`` holding a Catena-X number (BPNL organisation, BPNS site, BPNA address)
  becomes that string, so analysts filter with ``"BPNL00000003AYRE"``; other fixed
  bytes become ``0x`` hex strings;
- ``address`` becomes its checksummed form; integers stay integers, ``bool`` a bool;
- enums are their numbers (the ABI carries no member names; the views name them);
- tuples become dicts by component name, arrays lists;
- indexed dynamic values (strings, bytes, arrays) are only their keccak hash on chain
  and stay that ``0x`` hex string.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

import eth_abi
from eth_hash.auto import keccak
from eth_utils import event_abi_to_log_topic

from valuechain.errors import ConfigError

Converter = Callable[[str], Any]  # 64 hex characters (one word) -> value

CATENA_X_NUMBER = re.compile(r"^BPN[LSA][0-9A-Za-z]{12}$")
_HIGH_NIBBLE = frozenset("89abcdef")


class Decoded(NamedTuple):
    """One decoded log, in the shape the store writes it."""

    block: int
    log_index: int
    tx_hash: str
    tx_index: int
    block_hash: str
    timestamp: int | None
    contract: str
    event: str
    args: dict[str, Any]


@dataclass(frozen=True)
class EventSpec:
    """What the decoder knows of one event of one contract."""

    contract: str
    name: str
    signature: str
    topic0: str
    names: tuple[str, ...]  # every input, in ABI order
    indexed: tuple[tuple[str, Converter], ...]
    data_names: tuple[str, ...]
    data_types: tuple[str, ...]
    data_converters: tuple[Converter, ...] | None  # None: dynamic data, decoded by eth_abi
    data_normalizers: tuple[Callable[[Any], Any], ...]

    def decode_args(self, topics: list[str], data: str) -> dict[str, Any]:
        values: dict[str, Any] = {}
        if len(topics) != len(self.indexed) + 1:
            raise ValueError(f"{self.contract}.{self.name}: {len(topics) - 1} indexed topics, expected {len(self.indexed)}")
        for (name, convert), topic in zip(self.indexed, topics[1:]):
            values[name] = convert(topic[2:])
        body = data[2:]
        if self.data_converters is not None:
            if len(body) < 64 * len(self.data_converters):
                raise ValueError(f"{self.contract}.{self.name}: {len(body) // 2} data bytes, expected {32 * len(self.data_converters)}")
            for i, (name, convert) in enumerate(zip(self.data_names, self.data_converters)):
                values[name] = convert(body[64 * i : 64 * i + 64])
        elif self.data_types:
            decoded = eth_abi.decode(list(self.data_types), bytes.fromhex(body))
            for name, normalize, value in zip(self.data_names, self.data_normalizers, decoded):
                values[name] = normalize(value)
        return {name: values[name] for name in self.names}


class Decoder:
    """Decodes the raw logs of the suite's contracts.

    ``contracts`` maps a contract name to ``(address, abi)``; every event of every ABI
    is known, keyed by (lower-case address, topic0) so two contracts may declare events
    with the same signature but different indexing. Anonymous events have no topic0
    and are skipped (the suite declares none)."""

    def __init__(self, contracts: dict[str, tuple[str, list[dict[str, Any]]]]):
        self.by_address: dict[str, str] = {}
        self.specs: dict[tuple[str, str], EventSpec] = {}
        for name, (address, abi) in contracts.items():
            address = address.lower()
            self.by_address[address] = name
            for item in abi:
                if item.get("type") == "event" and not item.get("anonymous"):
                    spec = compile_event(name, item)
                    self.specs[(address, spec.topic0)] = spec

    @property
    def addresses(self) -> list[str]:
        return list(self.by_address)

    def events_of(self, contract: str) -> list[EventSpec]:
        return [s for s in self.specs.values() if s.contract == contract]

    def decode(self, logs: Iterable[dict[str, Any]], timestamps: dict[int, int] | None = None) -> list[Decoded]:
        """Decode raw JSON-RPC logs (hex strings as the node sent them).

        Logs of unknown contracts or events (e.g. an OpenZeppelin event the ABI lacks)
        are skipped; a log that does not fit its ABI raises ConfigError, since it means
        the manifest does not describe the deployed code."""
        out: list[Decoded] = []
        specs = self.specs
        for log in logs:
            topics = log["topics"]
            if not topics:
                continue
            spec = specs.get((log["address"].lower(), topics[0].lower()))
            if spec is None:
                continue
            try:
                args = spec.decode_args(topics, log["data"])
            except (ValueError, eth_abi.exceptions.DecodingError) as exc:
                raise ConfigError(
                    f"log {log.get('logIndex')} of tx {log.get('transactionHash')} does not match the manifest ABI of "
                    f"{spec.contract}.{spec.signature}: {exc}; is the manifest the one of this deployment?"
                ) from None
            block = int(log["blockNumber"], 16)
            stamp = log.get("blockTimestamp")
            out.append(
                Decoded(
                    block=block,
                    log_index=int(log["logIndex"], 16),
                    tx_hash=log["transactionHash"],
                    tx_index=int(log["transactionIndex"], 16),
                    block_hash=log["blockHash"],
                    timestamp=int(stamp, 16) if isinstance(stamp, str) else (stamp if stamp is not None else (timestamps or {}).get(block)),
                    contract=spec.contract,
                    event=spec.name,
                    args=args,
                )
            )
        return out


def compile_event(contract: str, abi: dict[str, Any]) -> EventSpec:
    """The decoder of one event ABI entry."""
    inputs = abi.get("inputs", [])
    types = [_type_string(i) for i in inputs]
    signature = f"{abi['name']}({','.join(types)})"
    names = tuple(i.get("name") or f"arg{n}" for n, i in enumerate(inputs))
    indexed = []
    data_names, data_types, data_inputs = [], [], []
    for name, type_, item in zip(names, types, inputs):
        if item.get("indexed"):
            indexed.append((name, _word_converter(type_) or _hex))  # dynamic: the hash only
        else:
            data_names.append(name)
            data_types.append(type_)
            data_inputs.append(item)
    word_converters = [_word_converter(t) for t in data_types]
    static = all(c is not None for c in word_converters)
    return EventSpec(
        contract=contract,
        name=abi["name"],
        signature=signature,
        topic0="0x" + event_abi_to_log_topic(abi).hex(),
        names=names,
        indexed=tuple(indexed),
        data_names=tuple(data_names),
        data_types=tuple(data_types),
        data_converters=tuple(word_converters) if static else None,  # type: ignore[arg-type]
        data_normalizers=tuple(_normalizer(i) for i in data_inputs),
    )


# ---------------------------------------------------------------- static words


def _word_converter(type_: str) -> Converter | None:
    """A converter of one 32-byte word in hex for an elementary static type, else None."""
    if type_ == "address":
        return _address
    if type_ == "bool":
        return _bool
    if type_.startswith("uint"):
        return _uint
    if type_.startswith("int"):
        return _int
    if type_ == "bytes16":
        return _bytes16
    match = re.fullmatch(r"bytes([0-9]+)", type_)
    if match:
        width = 2 * int(match.group(1))
        return lambda word: "0x" + word[:width]
    return None


def _uint(word: str) -> int:
    return int(word, 16)


def _int(word: str) -> int:
    value = int(word, 16)  # the word is sign-extended to 256 bits
    return value - (1 << 256) if value >= 1 << 255 else value


def _bool(word: str) -> bool:
    return int(word, 16) != 0


def _hex(word: str) -> str:
    return "0x" + word


def _address(word: str) -> str:
    return checksum(word[24:].lower())


def _bytes16(word: str) -> str:
    return bytes16_value(bytes.fromhex(word[:32]))


def bytes16_value(raw: bytes) -> str:
    """A ``bytes16`` as analysts want it: the Catena-X number it holds, or ``0x`` hex."""
    if raw[:3] == b"BPN":
        text = raw.decode("ascii", "replace")
        if CATENA_X_NUMBER.match(text):
            return text
    return "0x" + raw.hex()


@lru_cache(maxsize=65536)
def checksum(lower_hex: str) -> str:
    """EIP-55 checksummed form of a 40-digit lower-case hex address (no 0x)."""
    digest = keccak(lower_hex.encode("ascii")).hex()
    return "0x" + "".join(c.upper() if h in _HIGH_NIBBLE else c for c, h in zip(lower_hex, digest))


# ---------------------------------------------------------------- eth_abi values


def _type_string(item: dict[str, Any]) -> str:
    type_ = item["type"]
    if type_.startswith("tuple"):
        return "(" + ",".join(_type_string(c) for c in item.get("components", [])) + ")" + type_[len("tuple") :]
    return type_


def _normalizer(item: dict[str, Any]) -> Callable[[Any], Any]:
    """Turn an eth_abi-decoded value of ABI input ``item`` into the JSON-able form."""
    return lambda value: _normalize(item, item["type"], value)


def _normalize(item: dict[str, Any], type_: str, value: Any) -> Any:
    if type_.endswith("]"):
        inner = type_[: type_.rindex("[")]
        return [_normalize(item, inner, v) for v in value]
    if type_ == "tuple":
        return {
            c.get("name") or f"field{n}": _normalize(c, c["type"], v)
            for n, (c, v) in enumerate(zip(item.get("components", []), value))
        }
    if type_ == "address":
        return checksum(value[2:].lower())
    if type_ == "bytes16":
        return bytes16_value(value)
    if type_.startswith("bytes"):
        return "0x" + bytes(value).hex()
    return value
