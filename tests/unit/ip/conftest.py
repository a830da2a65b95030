"""Fixtures of the IPRegistry unit tests: a registry with members and an IPRegistry on it."""

from __future__ import annotations

import pytest
from brownie import IPRegistry

from tests.support.ip import DESIGN, asset_id, commitment

META = b"\x4d" * 32


@pytest.fixture(scope="module")
def ip(registry, council):
    return IPRegistry.deploy(registry, {"from": council})


@pytest.fixture(scope="module")
def asset_commitment(supplier_a):
    """Supplier A's commitment of document 1; no test registers it unless it uses ``registered``."""
    return commitment(1, supplier_a)


@pytest.fixture(scope="module")
def asset(supplier_a):
    """The id of supplier A's asset of document 1 (``asset_commitment`` registered by A)."""
    return asset_id(1, supplier_a)


@pytest.fixture
def registered(ip, asset_commitment, supplier_a_op):
    """``asset`` registered by supplier A; returns the registration receipt.

    Function-scoped on purpose: it runs after the autouse snapshot, so it is undone after
    each test (a module-scoped transacting fixture would leak into later tests)."""
    return ip.register(asset_commitment, META, DESIGN, {"from": supplier_a_op})
