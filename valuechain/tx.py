"""Sending transactions: one place that signs, sends, waits and explains reverts.

A ``Sender`` made with ``dry_run=True`` sends nothing: the first transaction it is asked
for is simulated (``eth_call`` and a gas estimate as its account) and ``DryRun`` is raised
carrying the ``Simulation``, so library functions serve the CLI's ``--dry-run`` unchanged."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

from eth_account.signers.local import LocalAccount
from hexbytes import HexBytes
from web3 import Web3
from web3.contract.contract import ContractConstructor, ContractFunction
from web3.exceptions import ContractLogicError, TransactionIndexingInProgress, TransactionNotFound
from web3.types import TxReceipt

from valuechain import revert
from valuechain.errors import ChainError

log = logging.getLogger(__name__)

# Pauses (s) before each quick look for a receipt, before web3's own polling takes over
RECEIPT_SOON = (0.0, 0.002, 0.005, 0.01, 0.02)

DEV_CHAIN_ID = 31337  # Anvil: its unlocked dev accounts are accepted on this chain only


@dataclass(frozen=True)
class Prepared:
    """A transaction ready to leave (``Sender.prepare``): gas, fees and, when pinned, its
    nonce are fixed; a locally signed one already carries its hash, so a caller can write
    the hash down before the transaction is sent."""

    label: str
    params: dict[str, Any]
    call: ContractFunction | ContractConstructor | None = None  # sent by the node (unlocked account)
    raw: bytes | None = None  # signed locally
    tx_hash: str | None = None  # known before sending when signed locally

    @property
    def nonce(self) -> int | None:
        return self.params.get("nonce")


@dataclass
class Sender:
    """Sends transactions as one account: the one place that prices, numbers, signs,
    sends and waits.

    ``account`` is either an eth-account ``LocalAccount`` (from a keystore: the key
    signs locally and never leaves the process) or, on a local dev chain only, the
    address of an account the node holds unlocked.

    ``transact`` sends one transaction and waits for it. Callers that keep several in
    flight or must record a transaction before it leaves (the onboarding journal, a
    deployment manifest) split it: ``prepare`` (gas, fees, a pinned nonce, the signature
    and so the hash), ``send``, then ``wait``.
    """

    w3: Web3
    account: LocalAccount | str
    gas_mode: str = "auto"  # auto | eip1559 | legacy | zero (see valuechain.profiles)
    dry_run: bool = False  # simulate the first transaction and raise DryRun; send nothing
    _nonce: int | None = field(default=None, repr=False)
    #: the receipts of the transactions this sender saw succeed, oldest first (what a
    #: command reports: block and transaction)
    receipts: list[TxReceipt] = field(default_factory=list, repr=False)
    _chain_id: int | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.unlocked and not self.dry_run and self.chain_id != DEV_CHAIN_ID:
            raise ChainError(
                f"account {self.account} is a node-unlocked account, allowed only on the local dev "
                f"chain {DEV_CHAIN_ID}; this chain is {self.chain_id}: use a keystore account",
                what="account", where=f"chain {self.chain_id}", expected="a keystore account",
                found=f"node-unlocked account {self.account}",
            )

    @property
    def address(self) -> str:
        return self.account if isinstance(self.account, str) else self.account.address

    @property
    def unlocked(self) -> bool:
        """Whether the node signs for this account (a dev chain's unlocked account)."""
        return isinstance(self.account, str)

    @property
    def chain_id(self) -> int:
        if self._chain_id is None:
            self._chain_id = int(self.w3.eth.chain_id)
        return self._chain_id

    def refuse_pending(self, what: str) -> None:
        """Before sending what must land once (an import judged by what the chain holds):
        refuse while a transaction of this account is pending, since it may be ``what``,
        sent by a run that stopped before it was mined."""
        account = Web3.to_checksum_address(self.address)
        pending = self.w3.eth.get_transaction_count(account, "pending")
        mined = self.w3.eth.get_transaction_count(account, "latest")
        if pending > mined:
            raise ChainError(f"{pending - mined} transaction(s) of {account} are still pending: wait until they are "
                             f"mined, then import again (one of them may be this {what}; nothing was sent)",
                             what=account, expected="no pending transaction", found=f"{pending - mined} pending")

    def transact(self, fn: ContractFunction | ContractConstructor, label: str | None = None, gas: int | None = None) -> TxReceipt:
        """Send ``fn`` and wait for it; a revert raises ChainError naming the custom error
        (SuitePaused while the suite is paused). A dry-run sender raises DryRun instead."""
        return self.wait(self.submit(fn, label, gas), label or _label(fn))

    def submit(self, fn: ContractFunction | ContractConstructor, label: str | None = None, gas: int | None = None) -> bytes:
        """Send ``fn`` without waiting; returns the transaction hash."""
        return self.send(self.prepare(fn, label=label, gas=gas))

    def prepare(self, fn: ContractFunction | ContractConstructor | None = None, *, to: str | None = None,
                data: bytes | None = None, gas: int | None = None, fees: dict[str, int] | None = None,
                pin_nonce: bool = False, label: str | None = None) -> Prepared:
        """Everything but the sending: ``fn`` (or raw ``data`` to ``to``) with its gas
        (estimated unless given: a refusal raises Refused naming the custom error), fees
        (``fee_fields()`` unless given, e.g. once for a whole run) and nonce. A local key
        always takes the next nonce of this sender and signs; a node-unlocked account
        leaves the nonce to the node unless ``pin_nonce`` (then the caller knows it before
        sending). A dry-run sender raises DryRun here."""
        label = label or (_label(fn) if fn is not None else "transaction")
        if self.dry_run:
            if fn is None or isinstance(fn, ContractConstructor):
                raise ChainError(f"{label}: a dry run simulates contract function calls only")
            raise DryRun(simulate(fn, self.address, label))
        params: dict[str, Any] = {"from": self.address, **(self.fee_fields() if fees is None else fees)}
        if fn is None:
            if to is None or data is None:
                raise ValueError("prepare needs a contract function, or both `to` and `data`")
            params.update(to=Web3.to_checksum_address(to), data=Web3.to_hex(data))
        params["gas"] = gas or self._estimate(fn, params, label)
        if pin_nonce or not self.unlocked:
            params["nonce"] = self.next_nonce()
        if isinstance(self.account, str):
            return Prepared(label, params, call=fn)
        params["chainId"] = self.chain_id
        tx = fn.build_transaction(params) if fn is not None else params  # type: ignore[arg-type]
        signed = self.account.sign_transaction(tx)  # type: ignore[arg-type]
        return Prepared(label, params, raw=bytes(signed.raw_transaction), tx_hash=Web3.to_hex(signed.hash))

    def send(self, prepared: Prepared) -> bytes:
        """Send a prepared transaction; returns its hash. When sending fails, or the node
        numbered it, the sender's nonce count is read afresh for the next one."""
        try:
            if prepared.raw is not None:
                tx_hash = bytes(self.w3.eth.send_raw_transaction(prepared.raw))
            elif prepared.call is not None:
                tx_hash = bytes(prepared.call.transact(prepared.params))  # type: ignore[arg-type]
            else:
                tx_hash = bytes(self.w3.eth.send_transaction(prepared.params))  # type: ignore[arg-type]
            log.info("%s sent by %s: tx 0x%s", prepared.label, self.address, tx_hash.hex())
            return tx_hash
        except BaseException:
            self._nonce = None
            raise
        finally:
            if prepared.nonce is None:
                self._nonce = None  # the node chose the nonce: our count is stale

    def _estimate(self, fn: ContractFunction | ContractConstructor | None, params: dict[str, Any], label: str) -> int:
        try:
            if fn is None:
                return int(self.w3.eth.estimate_gas(params))  # type: ignore[arg-type]
            return int(fn.estimate_gas(params))  # type: ignore[arg-type]
        except ContractLogicError as exc:
            raise revert.explain(exc, label, getattr(fn, "address", None) or params.get("to")) from None

    def fee_fields(self) -> dict[str, int]:
        """Fee fields for the chain's pricing: a consortium chain at zero gas price, a
        legacy chain, or EIP-1559. ``auto`` leaves pricing to the node for an unlocked
        account; a local key has to sign a price: EIP-1559 where blocks carry a base fee,
        else the node's gas price."""
        if self.gas_mode == "zero":
            return {"gasPrice": 0}
        if self.gas_mode == "legacy":
            return {"gasPrice": self.w3.eth.gas_price}
        if self.gas_mode == "auto" and self.unlocked:
            return {}
        base = self.w3.eth.get_block("latest").get("baseFeePerGas")
        if base is None:
            if self.gas_mode == "eip1559":
                raise ChainError("gas mode eip1559, but this chain's blocks carry no base fee: use legacy or zero")
            return {"gasPrice": self.w3.eth.gas_price}
        tip = self.w3.eth.max_priority_fee
        return {"maxFeePerGas": 2 * base + tip, "maxPriorityFeePerGas": tip}

    def next_nonce(self) -> int:
        """The next nonce of this sender: counted locally from the node's pending count,
        so transactions can be numbered before the previous ones are mined."""
        if self._nonce is None:
            self._nonce = self.w3.eth.get_transaction_count(self.address, "pending")  # type: ignore[arg-type]
        nonce, self._nonce = self._nonce, self._nonce + 1
        return nonce

    def sync_nonce(self) -> None:
        """Forget the local nonce count: the next nonce is read from the node (after
        other programs may have sent as this account, or a chain was reverted)."""
        self._nonce = None

    def wait(self, tx_hash: bytes | str, label: str = "transaction", timeout: float = 120, poll: float = 0.1,
             check: bool = True) -> TxReceipt:
        """The receipt of ``tx_hash`` (web3's TimeExhausted after ``timeout`` seconds).
        With ``check`` a reverted transaction raises ChainError naming the custom error;
        without, the caller judges the receipt's status itself."""
        tx_hash = HexBytes(tx_hash)
        receipt = self._receipt_soon(tx_hash) or self.w3.eth.wait_for_transaction_receipt(
            tx_hash, timeout=timeout, poll_latency=poll)
        log.debug("%s mined in block %s (status %s, %s gas)", label, receipt["blockNumber"], receipt["status"],
                  receipt["gasUsed"])
        if check and receipt["status"] != 1:
            data = self._replay(tx_hash, receipt["blockNumber"])
            if revert.is_paused(data):
                raise ChainError(f"{label} was sent but reverted in block {receipt['blockNumber']} "
                                 f"(tx {tx_hash.hex()}): the suite was paused meanwhile (by the council or a "
                                 "guardian); retry once it is resumed (`valuechain emergency resume`)",
                                 what=label, where=f"block {receipt['blockNumber']}", expected="success",
                                 found="the suite paused")
            why = revert.describe(data)
            raise ChainError(f"{label} reverted in block {receipt['blockNumber']} (tx {tx_hash.hex()})"
                             + (f": {why}" if why else ""), what=label, where=f"block {receipt['blockNumber']}",
                             expected="success", found=why or "a revert")
        if receipt["status"] == 1:
            self.receipts.append(receipt)
        return receipt

    def _receipt_soon(self, tx_hash: HexBytes) -> TxReceipt | None:
        """The receipt if it can be read within a few tens of milliseconds, else None. A
        dev chain mines at once but may answer the send before the receipt can be read;
        web3's first pause (``poll``, a tenth of a second) then costs several times the
        transaction (a third of the demo quarter's time was spent so)."""
        for pause in RECEIPT_SOON:
            time.sleep(pause)
            try:
                return self.w3.eth.get_transaction_receipt(tx_hash)
            except (TransactionNotFound, TransactionIndexingInProgress):
                continue
        return None

    def _replay(self, tx_hash: bytes, block: int) -> bytes | str | None:
        """The revert data of a mined, reverted transaction, by replaying it as a call on
        the state after its block (best effort: None when the node will not say)."""
        try:
            tx = self.w3.eth.get_transaction(tx_hash)  # type: ignore[arg-type]
            self.w3.eth.call({"from": tx["from"], "to": tx["to"], "data": tx["input"], "value": tx["value"]}, block)
        except ContractLogicError as exc:
            return revert.revert_data(exc)
        except Exception:  # noqa: BLE001 - only an explanation is at stake
            return None
        return None


def _label(fn: ContractFunction | ContractConstructor) -> str:
    return getattr(fn, "fn_name", None) or "deployment"


@dataclass(frozen=True)
class Simulation:
    """What a transaction would do, found by ``eth_call`` without sending it."""

    label: str
    address: str  # the contract called
    function: str  # its signature, e.g. suspend(bytes16,bytes32)
    arguments: tuple[tuple[str, str, str], ...]  # (name, ABI type, value as text)
    sender: str
    ok: bool
    outcome: str  # what the chain answered: a return value, or the decoded custom error
    gas: int | None = None
    paused: bool = False

    @property
    def verdict(self) -> str:
        if self.ok:
            return "would succeed" + (f" (~{self.gas:,} gas)" if self.gas else "")
        if self.paused:
            return "would revert: EnforcedPause() — the suite is paused (by the council or a guardian)"
        return f"would revert: {self.outcome}"


class DryRun(Exception):
    """Raised by a dry-run Sender instead of sending: carries the Simulation."""

    def __init__(self, simulation: Simulation) -> None:
        self.simulation = simulation
        super().__init__(f"dry run: {simulation.label} {simulation.verdict}")


def simulate(fn: ContractFunction, sender: str, label: str | None = None) -> Simulation:
    """Run ``fn`` as an ``eth_call`` from ``sender`` on the latest block (and estimate its
    gas when it succeeds); nothing is sent."""
    label = label or _label(fn)
    inputs = fn.abi.get("inputs", [])
    types = [_abi_type(i) for i in inputs]
    arguments = tuple((i.get("name") or f"arg{n}", t, _show(v, t))
                      for n, (i, t, v) in enumerate(zip(inputs, types, fn.args, strict=False)))
    common: dict[str, Any] = {"label": label, "address": fn.address, "function": f"{fn.fn_name}({','.join(types)})",
                              "arguments": arguments, "sender": sender}
    try:
        result = fn.call({"from": sender})
        gas = fn.estimate_gas({"from": sender})
    except ContractLogicError as exc:
        data = revert.revert_data(exc)
        reason = revert.describe(data) or str(getattr(exc, "message", None) or exc)
        return Simulation(**common, ok=False, outcome=reason, paused=revert.is_paused(data))
    return Simulation(**common, ok=True, outcome="" if result in (None, [], ()) else str(result), gas=gas)


def _abi_type(item: Any) -> str:
    if item["type"].startswith("tuple"):
        return "(" + ",".join(_abi_type(c) for c in item["components"]) + ")" + item["type"][5:]
    return item["type"]


def _show(value: Any, abi_type: str) -> str:
    """An argument as a person reads it: a BPNL as text, bytes as 0x hex, tuples in parts."""
    if isinstance(value, (list, tuple)):
        inner = abi_type[1:abi_type.rindex(")")].split(",") if abi_type.startswith("(") else [abi_type.removesuffix("[]")] * len(value)
        return "(" + ", ".join(_show(v, t) for v, t in zip(value, inner, strict=False)) + ")"
    if isinstance(value, (bytes, bytearray)):
        raw = bytes(value)
        if abi_type == "bytes16" and raw.rstrip(b"\x00") and all(32 <= c < 127 for c in raw.rstrip(b"\x00")):
            return raw.rstrip(b"\x00").decode()
        return "0x" + raw.hex()
    return str(value)
