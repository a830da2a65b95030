"""Sending transactions: one place that signs, sends, waits and explains reverts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from eth_account.signers.local import LocalAccount
from web3 import Web3
from web3.contract.contract import ContractConstructor, ContractFunction
from web3.exceptions import ContractLogicError
from web3.types import TxReceipt

from valuechain import revert
from valuechain.errors import ChainError

DEV_CHAIN_ID = 31337  # Anvil: its unlocked dev accounts are accepted on this chain only


@dataclass
class Sender:
    """Sends transactions as one account.

    ``account`` is either an eth-account ``LocalAccount`` (from a keystore: the key
    signs locally and never leaves the process) or, on a local dev chain only, the
    address of an account the node holds unlocked.
    """

    w3: Web3
    account: LocalAccount | str
    gas_mode: str = "auto"  # auto | eip1559 | legacy | zero (see valuechain.profiles)
    _nonce: int | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if isinstance(self.account, str) and self.w3.eth.chain_id != DEV_CHAIN_ID:
            raise ChainError(
                f"account {self.account} is a node-unlocked account, allowed only on the local dev "
                f"chain {DEV_CHAIN_ID}; this chain is {self.w3.eth.chain_id}: use a keystore account"
            )

    @property
    def address(self) -> str:
        return self.account if isinstance(self.account, str) else self.account.address

    def transact(self, fn: ContractFunction | ContractConstructor, label: str | None = None, gas: int | None = None) -> TxReceipt:
        """Send ``fn`` and wait for it; a revert raises ChainError naming the custom error."""
        return self.wait(self.submit(fn, label, gas), label or _label(fn))

    def submit(self, fn: ContractFunction | ContractConstructor, label: str | None = None, gas: int | None = None) -> bytes:
        """Send ``fn`` without waiting; returns the transaction hash."""
        label = label or _label(fn)
        params: dict[str, Any] = {"from": self.address, **self.fee_fields()}
        try:
            params["gas"] = gas or fn.estimate_gas(params)
        except ContractLogicError as exc:
            raise ChainError(f"{label} would revert: {self._reason(exc)}") from None
        if isinstance(self.account, str):
            return bytes(fn.transact(params))
        params["nonce"] = self.next_nonce()
        params["chainId"] = self.w3.eth.chain_id
        tx = fn.build_transaction(params)
        signed = self.account.sign_transaction(tx)
        return bytes(self.w3.eth.send_raw_transaction(signed.raw_transaction))

    def fee_fields(self) -> dict[str, int]:
        """Fee fields for the chain's pricing: a consortium chain at zero gas price, a
        legacy chain, or EIP-1559 (``auto`` leaves it to web3 and the node)."""
        if self.gas_mode == "zero":
            return {"gasPrice": 0}
        if self.gas_mode == "legacy":
            return {"gasPrice": self.w3.eth.gas_price}
        if self.gas_mode == "eip1559":
            base = self.w3.eth.get_block("latest").get("baseFeePerGas")
            if base is None:
                raise ChainError("gas mode eip1559, but this chain's blocks carry no base fee: use legacy or zero")
            tip = self.w3.eth.max_priority_fee
            return {"maxFeePerGas": 2 * base + tip, "maxPriorityFeePerGas": tip}
        return {}

    def next_nonce(self) -> int:
        """The nonce for the next locally signed transaction (pending included)."""
        if self._nonce is None:
            self._nonce = self.w3.eth.get_transaction_count(self.address, "pending")
        nonce, self._nonce = self._nonce, self._nonce + 1
        return nonce

    def wait(self, tx_hash: bytes, label: str = "transaction", timeout: float = 120) -> TxReceipt:
        receipt = self.w3.eth.wait_for_transaction_receipt(tx_hash, timeout=timeout)
        if receipt["status"] != 1:
            raise ChainError(f"{label} reverted in block {receipt['blockNumber']} (tx {tx_hash.hex()})")
        return receipt

    @staticmethod
    def _reason(exc: ContractLogicError) -> str:
        data = exc.data if isinstance(exc.data, (str, bytes)) else None
        return revert.describe(data) or str(exc.message or exc)


def _label(fn: ContractFunction | ContractConstructor) -> str:
    return getattr(fn, "fn_name", None) or "deployment"
