"""Fixtures of the IPRegistry unit tests: a registry with members and an IPRegistry on it."""

from __future__ import annotations

import pytest
from brownie import IPRegistry

from tests.ip_support import DESIGN, asset_id

META = b"\x4d" * 32


@pytest.fixture(scope="module")
def ip(registry, council):
    return IPRegistry.deploy(registry, {"from": council})


@pytest.fixture(scope="module")
def asset():
    """A commitment no test registers unless it uses the ``registered`` fixture."""
    return asset_id(1)


@pytest.fixture
def registered(ip, asset, supplier_a_op):
    """``asset`` registered by supplier A; returns the registration receipt.

    Function-scoped on purpose: it runs after the autouse snapshot, so it is undone after
    each test (a module-scoped transacting fixture would leak into later tests)."""
    return ip.register(asset, META, DESIGN, {"from": supplier_a_op})
