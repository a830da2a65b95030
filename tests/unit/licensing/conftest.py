"""Fixtures of the DataLicensing unit tests.

Supplier A owns three registered designs; terms are published; the OEM and the auditor
are the usual licensees, supplier B the operator of an uninvolved org. Everything here is
built once per module, before the autouse snapshot, so every test starts from it."""

from __future__ import annotations

import pytest
from brownie import DataLicensing, GasProbe, IPRegistry

from tests.support.licensing import AI, ALL, DAY, DESIGN, MF, QA, RD, TR, asset_id, design_commitment, now, terms_tuple

META = b"\x4d" * 32


@pytest.fixture(scope="module")
def ip(registry, council):
    return IPRegistry.deploy(registry, {"from": council})


@pytest.fixture(scope="module")
def assets(ip, supplier_a, supplier_a_op):
    """Three designs of supplier A (their asset ids)."""
    for i in (1, 2, 3):
        ip.register(design_commitment(i, supplier_a), META, DESIGN, {"from": supplier_a_op})
    return [asset_id(i, supplier_a) for i in (1, 2, 3)]


@pytest.fixture(scope="module")
def asset(assets):
    return assets[0]


@pytest.fixture(scope="module")
def licensing(registry, ip, assets, council):
    return DataLicensing.deploy(registry, ip, {"from": council})


@pytest.fixture(scope="module")
def std_terms(licensing, supplier_a_op):
    """QA | MANUFACTURING | TRACEABILITY, no sublicensing, up to 365 days."""
    return licensing.publishTerms(terms_tuple(QA | MF | TR), {"from": supplier_a_op}).return_value


@pytest.fixture(scope="module")
def sub_terms(licensing, supplier_a_op):
    """QA | MANUFACTURING | R&D, derivatives and sublicensing allowed, up to 180 days."""
    terms = terms_tuple(QA | MF | RD, derivatives=True, sublicensing=True, max_days=180)
    return licensing.publishTerms(terms, {"from": supplier_a_op}).return_value


@pytest.fixture(scope="module")
def short_terms(licensing, supplier_a_op):
    """Every purpose but AI training, up to 7 days."""
    return licensing.publishTerms(terms_tuple(ALL & ~AI, max_days=7), {"from": supplier_a_op}).return_value


@pytest.fixture(scope="module")
def world(licensing, std_terms, sub_terms, short_terms):
    """Requesting this builds every module fixture above in a fixed order."""
    return licensing


@pytest.fixture(scope="module")
def probe(council):
    return GasProbe.deploy({"from": council})


@pytest.fixture
def in_days():
    """Block time ``days`` from now (the latest block's time)."""
    return lambda days: now() + int(days * DAY)


@pytest.fixture
def granted(world, asset, oem, std_terms, supplier_a_op, in_days):
    """A 90-day QA | MANUFACTURING licence of the OEM on ``asset``, from now."""
    return world.grant(asset, oem, std_terms, QA | MF, 0, in_days(90), {"from": supplier_a_op})
