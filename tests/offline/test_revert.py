"""Revert data in words (valuechain.revert): no chain needed, only the generated tables."""

from __future__ import annotations

import pytest
from eth_abi import encode
from eth_utils import keccak
from web3.exceptions import ContractLogicError

from valuechain import artifacts, revert
from valuechain.contract_types import ROLE_IDS
from valuechain.errors import Refused, SuitePaused
from valuechain.manifest import Manifest

OEM = b"BPNL00000003AYRE"
SUP = b"BPNL00000003B2OM"
UUID = bytes.fromhex("c5a1f8e2a3b64a7c9d2e1f0a1b2c3d4e")


def data(signature: str, *args) -> bytes:
    """Revert data of the error ``signature`` (types written out: independent of the ABIs)."""
    types = [t for t in signature[signature.index("(") + 1 : -1].split(",") if t]
    return keccak(text=signature)[:4] + encode(types, list(args))


def test_enum_bpnl_and_notice_by_name():
    text = revert.describe(data("WrongState(uint256,uint8,bytes16)", 1, 2, SUP), notice=True)
    assert text == ("WrongState(orderId=1, state=CONFIRMED, callerOrg=BPNL00000003B2OM) — "
                    "Order 1 is in CONFIRMED, from which the step is not allowed.")
    assert revert.describe(data("WrongState(uint256,uint8,bytes16)", 1, 2, SUP)) == (
        "WrongState(orderId=1, state=CONFIRMED, callerOrg=BPNL00000003B2OM)")


@pytest.mark.parametrize(("raw", "expected"), [
    # roles: role bits, unknown bits as a number, AccessControl role ids (the zero id too)
    (data("MissingRole(bytes16,uint8)", SUP, 1), "MissingRole(org=BPNL00000003B2OM, role=OEM)"),
    (data("InvalidRoles(uint8)", 3 | 16), "InvalidRoles(roles=OEM|SUPPLIER|16)"),
    (data("AccessControlUnauthorizedAccount(address,bytes32)", "0x" + "11" * 20, ROLE_IDS["GUARDIAN_ROLE"]),
     "AccessControlUnauthorizedAccount(account=0x1111111111111111111111111111111111111111, neededRole=GUARDIAN_ROLE)"),
    (data("AccessControlUnauthorizedAccount(address,bytes32)", "0x" + "11" * 20, bytes(32)),
     "AccessControlUnauthorizedAccount(account=0x1111111111111111111111111111111111111111, neededRole=DEFAULT_ADMIN_ROLE)"),
    # purposes by name; enums of other contracts
    (data("PurposesNotAllowed(uint64,uint64)", 1 << 4 | 1 << 30, 1 << 4),
     "PurposesNotAllowed(purposes=cx.quality.base:1|valuechain.manufacturing:1, allowed=cx.quality.base:1)"),
    (data("OrgNotActive(bytes16,uint8)", OEM, 2), "OrgNotActive(org=BPNL00000003AYRE, status=SUSPENDED)"),
    (data("InvalidCitation(uint256,uint8,bytes16)", 4, 2, UUID),
     "InvalidCitation(orderId=4, kind=DISRUPTION, signalId=c5a1f8e2-a3b6-4a7c-9d2e-1f0a1b2c3d4e)"),
    # times as ISO dates: unix seconds (start, end, *At ...), day numbers (*Day, today), ISO weeks
    (data("InvalidWindow(uint40,uint40)", 1_735_689_600, 0), "InvalidWindow(start=2025-01-01T00:00:00Z, end=0)"),
    (data("DueDayInPast(uint24,uint256)", 20_089, 20_090), "DueDayInPast(dueDay=2025-01-01, today=2025-01-02)"),
    (data("InvalidWeek(uint24)", 202_514), "InvalidWeek(week=2025-W14)"),
    (data("DurationTooLong(uint256,uint40)", 91 * 86_400, 90 * 86_400), "DurationTooLong(duration=91 days, maxDuration=90 days)"),
    # an enum number this version does not know stays a number; a UUID id; a zero org
    (data("WrongStatus(bytes32,bytes32,uint8)", b"\x01" * 32, b"\x02" * 32, 42),
     f"WrongStatus(asset=0x{'01' * 32}, licence=0x{'02' * 32}, status=42)"),
    (data("UnknownDisruption(bytes16,bytes16,bytes16)", OEM, bytes(16), UUID),
     "UnknownDisruption(oem=BPNL00000003AYRE, recipient=0x0, notificationId=c5a1f8e2-a3b6-4a7c-9d2e-1f0a1b2c3d4e)"),
    # Solidity's own
    (data("Error(string)", "no reason"), "no reason"),
    (data("Panic(uint256)", 0x11), "Panic(0x11: arithmetic overflow or underflow)"),
])  # fmt: skip
def test_values_in_words(raw, expected):
    assert revert.describe(raw) == expected


def test_nested_errors_decode_recursively_and_the_pause_is_found_inside():
    inner = data("OrgAlreadyExists(bytes16)", OEM)
    assert revert.describe(data("BatchEntryRejected(uint256,bytes)", 3, inner), notice=True) == (
        "BatchEntryRejected(index=3, reason=OrgAlreadyExists(org=BPNL00000003AYRE)) — "
        "Entry 3 of a batch was rejected with the custom error OrgAlreadyExists(org=BPNL00000003AYRE).")
    paused = data("BatchEntryRejected(uint256,bytes)", 0, data("EnforcedPause()"))
    assert revert.is_paused(paused) and not revert.is_paused(data("BatchEntryRejected(uint256,bytes)", 0, inner))
    assert revert.describe(paused) == "BatchEntryRejected(index=0, reason=EnforcedPause())"
    # unknown nested data stays hex; unknown or malformed data is not explained at all
    assert revert.describe(data("BatchEntryRejected(uint256,bytes)", 1, b"\xde\xad")) == "BatchEntryRejected(index=1, reason=0xdead)"
    assert revert.describe(data("NoSuchError(uint256)", 1)) is None
    assert revert.describe(data("WrongState(uint256,uint8,bytes16)", 1, 2, SUP)[:20]) is None


def test_errors_of_a_manifest_are_learned(monkeypatch):
    """A deployed contract newer than this checkout: its errors decode once its manifest is read."""
    monkeypatch.setattr(artifacts, "_learned", {})
    raw = data("QuotaExceeded(bytes16,uint40)", SUP, 1_735_689_600)
    assert revert.describe(raw) is None
    abi = [{"type": "error", "name": "QuotaExceeded", "inputs": [
        {"name": "org", "type": "bytes16", "internalType": "bytes16"},
        {"name": "resetAt", "type": "uint40", "internalType": "uint40"}]}]
    Manifest.from_json({"chainId": 5, "deployer": "0x" + "00" * 20, "commit": "x", "compiler": {},
                        "contracts": {"Quota": {"address": "0x" + "01" * 20, "txHash": "0x", "block": 1, "abi": abi}}})
    assert revert.describe(raw) == "QuotaExceeded(org=BPNL00000003B2OM, resetAt=2025-01-01T00:00:00Z)"


def test_explain_names_the_error_or_the_pause():
    refused = revert.explain(ContractLogicError("execution reverted", data="0x" + data("UnknownOrder(uint256)", 9).hex()),
                             "confirm order 9", "0x" + "ab" * 20)
    assert isinstance(refused, Refused) and refused.contract == "0x" + "ab" * 20
    assert str(refused) == "confirm order 9 would revert: UnknownOrder(orderId=9) — No order has id 9."
    paused = revert.explain(ContractLogicError("execution reverted", data="0x" + data("EnforcedPause()").hex()), "register")
    assert isinstance(paused, SuitePaused) and "register refused" in str(paused)
    bare = revert.explain(ContractLogicError("execution reverted"), "ship")
    assert str(bare) == "ship would revert: execution reverted"
