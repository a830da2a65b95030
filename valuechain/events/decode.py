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
- enums are their numbers (the ABI carries no member names; the views name them
  through ``valuechain.contract_types``, generated from the contracts);
- tuples become dicts by component name, arrays lists;
- indexed dynamic values (strings, bytes, arrays) are only their keccak hash on chain
  and stay that ``0x`` hex string.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

import eth_abi
from eth_hash.auto import keccak
from eth_utils import event_abi_to_log_topic

if TYPE_CHECKING:
    from eth_typing import ABIEvent

from valuechain.errors import ConfigError

try:
    import orjson as _orjson
except ImportError:  # pragma: no cover - orjson is a dependency; the standard library does the same, slower
    _orjson = None  # type: ignore[assignment]

try:  # C implementation, ten times faster than hashing in Python: addresses are most of decoding's time
    from cchecksum import to_checksum_address as _fast_checksum
except ImportError:  # pragma: no cover - cchecksum is a dependency; this keeps decoding correct without it
    _fast_checksum = None  # type: ignore[assignment]

Converter = Callable[[str], Any]  # 64 hex characters (one word) -> value

CATENA_X_NUMBER = re.compile(r"^BPN[LSA][0-9A-Za-z]{12}$")
_HIGH_NIBBLE = frozenset("89abcdef")


# The columns of an index row, as ``Decoder.rows`` builds them and the store keeps them.
ROW_COLUMNS = (
    "block", "log_index", "tx_hash", "tx_index", "timestamp", "contract", "event",
    "org", "counterparty", "asset", "order_id", "args",
)  # fmt: skip
# Argument names that fill the indexed columns, first present wins. They follow the
# suite's interfaces (IConsortiumRegistry, IIPRegistry, IDataLicensing, ISupplyOrders,
# ISupplySignals): ``org`` is the side that owns, grants or orders, ``counterparty``
# the side that receives.
COLUMN_SOURCES: dict[str, tuple[str, ...]] = {
    "org": ("org", "owner", "oem", "licensor", "sublicensor", "publisher", "from", "registrant", "recorder"),
    "counterparty": ("supplier", "recipient", "licensee", "sublicensee", "to", "newSupplier"),
    "asset": ("asset", "root", "designAsset"),
    "order_id": ("orderId",),
}
MAX_SQLITE_INT = (1 << 63) - 1
_json_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


def dumps(args: dict[str, Any]) -> str:
    """Compact JSON of decoded arguments (orjson when installed: six times faster)."""
    if _orjson is not None:
        try:
            return _orjson.dumps(args).decode()
        except TypeError:  # an integer wider than 64 bits
            pass
    return _json_dumps(args)


@dataclass(frozen=True)
class EventSpec:
    """What the decoder knows of one event of one contract."""

    contract: str
    name: str
    signature: str
    topic0: str
    names: tuple[str, ...]  # every input, in ABI order
    topics: int  # indexed inputs
    # per input in ABI order: (name, from a topic?, topic number or data offset, converter);
    # None when the data holds dynamic values, decoded by eth_abi
    plan: tuple[tuple[str, bool, int, Converter], ...] | None
    data_names: tuple[str, ...]
    data_types: tuple[str, ...]
    data_normalizers: tuple[Callable[[Any], Any], ...]
    indexed: tuple[tuple[str, Converter], ...]
    columns: tuple[str | None, ...]  # the argument filling each of COLUMN_SOURCES
    # the plan compiled into one function (see ``_compile_plan``); None without a plan
    fast: Callable[[list[str], str], dict[str, Any]] | None = None

    data_length: int = 0  # the length of the hex data (with 0x) a static event needs at least
    # the values of the indexed columns (COLUMN_SOURCES) in decoded arguments
    pick: Callable[[dict[str, Any]], tuple[Any, Any, Any, Any]] = lambda args: (None, None, None, None)

    def decode_args(self, topics: list[str], data: str) -> dict[str, Any]:
        """The arguments of a log of this event, by name in ABI order."""
        if len(topics) != self.topics + 1:
            raise ValueError(f"{len(topics) - 1} indexed topics, expected {self.topics}")
        if self.fast is not None:
            if len(data) < 2 + 64 * len(self.data_names):
                raise ValueError(f"{(len(data) - 2) // 2} data bytes, expected {32 * len(self.data_names)}")
            return self.fast(topics, data)
        values = {name: convert(topic[2:]) for (name, convert), topic in zip(self.indexed, topics[1:], strict=True)}
        if self.data_types:
            decoded = eth_abi.decode(list(self.data_types), bytes.fromhex(data[2:]))
            for name, normalize, value in zip(self.data_names, self.data_normalizers, decoded, strict=True):
                values[name] = normalize(value)
        return {name: values[name] for name in self.names}


class Decoder:
    """Decodes the raw logs of the suite's contracts.

    ``contracts`` maps a contract name to ``(address, abi)``; every event of every ABI
    is known, keyed by (address, topic0) so two contracts may declare events with the
    same signature but different indexing. Anonymous events have no topic0 and are
    skipped (the suite declares none)."""

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

    def spec_of(self, log: dict[str, Any]) -> EventSpec | None:
        topics = log["topics"]
        if not topics:
            return None
        return self.specs.get((log["address"], topics[0])) or self.specs.get((log["address"].lower(), topics[0].lower()))

    def decode_log(self, log: dict[str, Any]) -> tuple[str, str, dict[str, Any]] | None:
        """(contract, event, arguments) of one raw log, None if no manifest ABI has it."""
        spec = self.spec_of(log)
        return None if spec is None else (spec.contract, spec.name, self._args(spec, log))

    def rows(self, logs: Iterable[dict[str, Any]], timestamps: dict[int, int] | None = None) -> list[tuple[Any, ...]]:
        """Index rows (``ROW_COLUMNS``) of raw JSON-RPC logs, hex strings as the node
        sent them; ``timestamps`` gives block times for nodes whose logs lack
        ``blockTimestamp``.

        Logs of unknown contracts or events (e.g. an event the ABI lacks) are skipped;
        a log that does not fit its ABI raises ConfigError, since it means the manifest
        does not describe the deployed code."""
        out: list[tuple[Any, ...]] = []
        append = out.append
        specs = self.specs
        times = timestamps or {}
        numbers: dict[str, int] = {}  # hex -> int: the logs of a block share its number and time
        for log in logs:
            topics = log["topics"]
            if not topics:
                continue
            spec = specs.get((log["address"], topics[0])) or specs.get((log["address"].lower(), topics[0].lower()))
            if spec is None:
                continue
            fast, data = spec.fast, log["data"]
            if fast is not None and len(topics) == spec.topics + 1 and len(data) >= spec.data_length:
                args = fast(topics, data)
            else:
                args = self._args(spec, log)
            number = log["blockNumber"]
            block = numbers.get(number)
            if block is None:
                block = numbers[number] = int(number, 16)
            stamp = log.get("blockTimestamp")
            if isinstance(stamp, str):
                when = numbers.get(stamp)
                if when is None:
                    when = numbers[stamp] = int(stamp, 16)
            else:
                when = stamp if stamp is not None else times.get(block)
            org, counterparty, asset, order = spec.pick(args)
            if isinstance(order, int) and order > MAX_SQLITE_INT:
                order = str(order)
            append((block, int(log["logIndex"], 16), log["transactionHash"], int(log["transactionIndex"], 16), when,
                    spec.contract, spec.name, org, counterparty, asset, order, dumps(args)))
        return out

    @staticmethod
    def _args(spec: EventSpec, log: dict[str, Any]) -> dict[str, Any]:
        try:
            return spec.decode_args(log["topics"], log["data"])
        except (ValueError, eth_abi.exceptions.DecodingError) as exc:
            raise ConfigError(
                f"log {log.get('logIndex')} of tx {log.get('transactionHash')} does not match the manifest ABI of "
                f"{spec.contract}.{spec.signature}: {exc}; is the manifest the one of this deployment?"
            ) from None


def compile_event(contract: str, abi: dict[str, Any]) -> EventSpec:
    """The decoder of one event ABI entry."""
    inputs = abi.get("inputs", [])
    types = [_type_string(i) for i in inputs]
    signature = f"{abi['name']}({','.join(types)})"
    names = tuple(i.get("name") or f"arg{n}" for n, i in enumerate(inputs))
    indexed: list[tuple[str, Converter]] = []
    data_names, data_types, data_inputs = [], [], []
    plan: list[tuple[str, bool, int, Converter]] = []
    for name, type_, item in zip(names, types, inputs, strict=True):
        if item.get("indexed"):
            convert = _word_converter(type_) or _hex  # an indexed dynamic value is its hash only
            indexed.append((name, convert))
            plan.append((name, True, len(indexed), convert))
        else:
            data_names.append(name)
            data_types.append(type_)
            data_inputs.append(item)
            plan.append((name, False, 2 + 64 * (len(data_names) - 1), _word_converter(type_)))  # type: ignore[arg-type]
    static = all(convert is not None for _, _, _, convert in plan)
    columns = tuple(next((n for n in sources if n in names), None) for sources in COLUMN_SOURCES.values())
    return EventSpec(
        fast=_compile_plan(plan) if static else None,
        contract=contract,
        name=abi["name"],
        signature=signature,
        topic0="0x" + event_abi_to_log_topic(cast("ABIEvent", abi)).hex(),
        names=names,
        topics=len(indexed),
        plan=tuple(plan) if static else None,
        data_names=tuple(data_names),
        data_types=tuple(data_types),
        data_normalizers=tuple(_normalizer(i) for i in data_inputs),
        indexed=tuple(indexed),
        columns=columns,
        data_length=2 + 64 * len(data_names),
        pick=_compile_pick(columns),
    )


# ---------------------------------------------------------------- static words


def _compile_plan(plan: list[tuple[str, bool, int, Converter]]) -> Callable[[list[str], str], dict[str, Any]]:
    """One function decoding a static event: a dict display of the words sliced and
    converted in place (integers by ``int(word, 16)`` inline), a third of the time of a
    loop over the plan, which is most of a sync's decoding."""
    names: dict[str, Any] = {"b16": _bytes16_hex, "ck": checksum}
    items = []
    for k, (name, topic, at, convert) in enumerate(plan):
        # the hex digits of the word, and of its first n digits / of its last 40
        source, first = (f"topics[{at}]", 2) if topic else ("data", at)
        word = f"{source}[{first}:{first + 64}]"
        width = getattr(convert, "width", None)
        if convert is _uint:
            expression = f"int({word}, 16)"
        elif convert is _bool:
            expression = f"int({word}, 16) != 0"
        elif convert is _bytes16:
            expression = f"b16({source}[{first}:{first + 32}])"
        elif convert is _address:
            expression = f"ck({source}[{first + 24}:{first + 64}].lower())"
        elif width is not None:
            expression = f"'0x' + {source}[{first}:{first + width}]"
        else:
            names[f"c{k}"] = convert
            expression = f"c{k}({word})"
        items.append(f"{name!r}: {expression}")
    source = "def decode(topics, data):\n    return {" + ", ".join(items) + "}\n"
    converters = tuple(sorted((k, v) for k, v in names.items() if k.startswith("c")))
    return cast("Callable[[list[str], str], dict[str, Any]]", _compiled(source, "decode", converters))


@lru_cache(maxsize=1024)
def _compiled(source: str, name: str, converters: tuple[tuple[str, Converter], ...] = ()) -> Callable[..., Any]:
    """The function ``name`` defined by ``source``, compiled once per process (an index
    opened again, e.g. by every CLI command that reads, reuses it). The source holds only
    an ABI's argument names (as repr literals) and fixed text."""
    names: dict[str, Any] = {"b16": _bytes16_hex, "ck": checksum, **dict(converters)}
    exec(compile(source, f"<event {name}>", "exec"), names)
    return cast("Callable[..., Any]", names[name])


def _compile_pick(columns: tuple[str | None, ...]) -> Callable[[dict[str, Any]], tuple[Any, Any, Any, Any]]:
    """The function taking the indexed columns' values out of decoded arguments."""
    items = ", ".join(f"args[{c!r}]" if c else "None" for c in columns)
    return cast("Callable[[dict[str, Any]], tuple[Any, Any, Any, Any]]", _compiled(f"def pick(args):\n    return ({items})\n", "pick"))


def _word_converter(type_: str) -> Converter | None:
    """A converter of one 32-byte word in hex for an elementary static type, else None."""
    if type_.endswith("]"):  # an array (uint256[] would otherwise pass for a uint)
        return None
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
        return _fixed_bytes(2 * int(match.group(1)))
    return None


def _fixed_bytes(width: int) -> Converter:
    """The converter of a ``bytesN`` word: its first ``width`` hex digits, 0x-prefixed."""

    def convert(word: str) -> str:
        return "0x" + word[:width]

    convert.width = width  # type: ignore[attr-defined]  # read by _compile_plan
    return convert


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
    return _bytes16_hex(word[:32])


@lru_cache(maxsize=4096)
def _bytes16_hex(digits: str) -> str:
    """``bytes16_value`` of 32 hex digits; the organisations' numbers repeat in every
    event that names them, so a cache answers most."""
    return bytes16_value(bytes.fromhex(digits))


def bytes16_value(raw: bytes) -> str:
    """A ``bytes16`` as analysts want it: the Catena-X number it holds, or ``0x`` hex."""
    # CATENA_X_NUMBER, checked on the bytes (a regular expression per value cost more)
    if len(raw) == 16 and raw[:3] == b"BPN" and raw[3] in b"LSA" and raw.isascii() and raw[4:].isalnum():
        return raw.decode("ascii")
    return "0x" + raw.hex()


@lru_cache(maxsize=65536)
def checksum(lower_hex: str) -> str:
    """EIP-55 checksummed form of a 40-digit lower-case hex address (no 0x)."""
    if _fast_checksum is not None:
        return _fast_checksum("0x" + lower_hex)
    digest = keccak(lower_hex.encode("ascii")).hex()
    return "0x" + "".join([c.upper() if h in _HIGH_NIBBLE else c for c, h in zip(lower_hex, digest, strict=False)])


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
            for n, (c, v) in enumerate(zip(item.get("components", []), value, strict=True))
        }
    if type_ == "address":
        return checksum(value[2:].lower())
    if type_ == "bytes16":
        return bytes16_value(value)
    if type_.startswith("bytes"):
        return "0x" + bytes(value).hex()
    return value
