"""GasProbe (bench helper): gas of a view as a calling contract pays it."""

from __future__ import annotations

import pytest
from brownie import GasProbe
from eth_utils import keccak

from tests.support.ip import encoded, reverts_with


@pytest.fixture(scope="module")
def probe(council):
    return GasProbe.deploy({"from": council})


def test_measure_returns_and_records_gas(probe, ip, asset, registered, outsider):
    data = ip.ownerOf.encode_input(asset)
    tx = probe.measure(ip, data, {"from": outsider})
    ev = tx.events["Measured"]
    assert ev["target"] == ip.address
    assert ev["selector"] == data[:10]
    # cold account + cold slots: far above a warm call, far below the transaction
    assert 4_000 < ev["gasUsed"] < 20_000
    assert probe.measure.call(ip, data) == ev["gasUsed"]


def test_measure_grows_with_the_work(probe, ip, asset, registered, supplier_b, supplier_a_op):
    before = probe.measure.call(ip, ip.ownerOf.encode_input(asset))
    ip.transfer(asset, supplier_b, b"\x00" * 32, {"from": supplier_a_op})
    after = probe.measure.call(ip, ip.ownerOf.encode_input(asset))
    assert after > before + 2_000  # one more cold slot: the checkpoint


def test_measure_reverts_with_callee_reason(probe, ip):
    unknown = keccak(b"no such asset")
    with reverts_with("CallFailed", ip, encoded("UnknownAsset(bytes32)", unknown)):
        probe.measure.call(ip, ip.versionAt.encode_input(unknown, 1))
