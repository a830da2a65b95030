"""DataLicensing: deployment, constants and published terms."""

from __future__ import annotations

import pytest
from brownie import DataLicensing

from tests.support.errors import reverts_with
from tests.support.licensing import AI, ALL, DAY, LEGAL, MF, QA, RD, TR, ZERO16, hx, terms_id, terms_tuple
from valuechain.catenax.purposes import vocabulary

REASON = b"\x99" * 32


def test_constructor_keeps_registries(licensing, registry, ip):
    assert licensing.registry() == registry.address
    assert licensing.ipRegistry() == ip.address


def test_constructor_rejects_accounts_without_code(registry, ip, council, outsider):
    with reverts_with("InvalidRegistry", outsider):
        DataLicensing.deploy(outsider, ip, {"from": council})
    with reverts_with("InvalidIPRegistry", outsider):
        DataLicensing.deploy(registry, outsider, {"from": council})


def test_purpose_constants(licensing):
    # the vocabulary table is the one source: ALL_PURPOSES masks its bits, one per purpose id
    voc = vocabulary()
    assert licensing.ALL_PURPOSES() == ALL == voc.mask == (1 << len(voc.entries)) - 1
    assert voc.by_id("cx.quality.base:1").value == QA and voc.by_id("valuechain.manufacturing:1").value == MF
    assert licensing.MAX_LICENCES_PER_HOLDER() == 4
    assert licensing.MAX_SUBLICENCES() == 8


def test_publish_stores_and_emits(licensing, supplier_a, supplier_a_op):
    terms = terms_tuple(QA | RD, derivatives=True, sublicensing=False, max_days=30)
    tx = licensing.publishTerms(terms, {"from": supplier_a_op})

    expected_id = terms_id(terms)
    assert tx.return_value == hx(expected_id)
    assert licensing.termsIdOf(terms) == hx(expected_id)
    ev = tx.events["TermsPublished"]
    assert ev["terms"] == hx(expected_id)
    assert ev["publisher"] == hx(supplier_a)
    assert (ev["purposes"], ev["derivatives"], ev["sublicensing"], ev["maxDuration"]) == (QA | RD, True, False, 30 * DAY)
    assert ev["legalTextHash"] == hx(LEGAL)
    assert licensing.termsPublished(expected_id)
    stored, publisher, published_at = licensing.getTerms(expected_id)
    assert tuple(stored) == (QA | RD, True, False, 30 * DAY, hx(LEGAL))
    assert publisher == hx(supplier_a)
    assert published_at == tx.timestamp


def test_publish_again_is_a_noop_returning_the_id(licensing, supplier_a, oem_op):
    terms = terms_tuple(TR)
    first = licensing.publishTerms(terms, {"from": oem_op})
    again = licensing.publishTerms(terms, {"from": oem_op})
    assert again.return_value == first.return_value
    assert len(again.events) == 0
    assert again.gas_used < first.gas_used // 2
    # the first publisher and time stay
    assert licensing.getTerms(first.return_value)[2] == first.timestamp


def test_any_difference_makes_other_terms(licensing, supplier_a_op):
    base = terms_tuple(QA | MF, derivatives=False, sublicensing=True, max_days=90)
    variants = [
        terms_tuple(QA, derivatives=False, sublicensing=True, max_days=90),
        terms_tuple(QA | MF, derivatives=True, sublicensing=True, max_days=90),
        terms_tuple(QA | MF, derivatives=False, sublicensing=False, max_days=90),
        terms_tuple(QA | MF, derivatives=False, sublicensing=True, max_days=91),
        terms_tuple(QA | MF, derivatives=False, sublicensing=True, max_days=90, legal=b"\x01" * 32),
    ]
    ids = {str(licensing.publishTerms(t, {"from": supplier_a_op}).return_value) for t in [base, *variants]}
    assert len(ids) == 6


def test_unknown_terms_read_as_zero(licensing):
    unknown = b"\x42" * 32
    assert not licensing.termsPublished(unknown)
    stored, publisher, published_at = licensing.getTerms(unknown)
    assert tuple(stored) == (0, False, False, 0, "0x" + "00" * 32)
    assert (publisher, published_at) == (ZERO16, 0)


@pytest.mark.parametrize("purposes", [0, 1 << 31, ALL | 1 << 31, 1 << 39, 1 << 63])
def test_publish_invalid_purposes(licensing, supplier_a_op, purposes):
    with reverts_with("InvalidPurposes", purposes):
        licensing.publishTerms.call(terms_tuple(purposes), {"from": supplier_a_op})


def test_publish_every_purpose(licensing, supplier_a_op):
    tx = licensing.publishTerms(terms_tuple(ALL), {"from": supplier_a_op})
    assert tx.events["TermsPublished"]["purposes"] == ALL


def test_publish_zero_duration(licensing, supplier_a_op):
    with reverts_with("ZeroMaxDuration"):
        licensing.publishTerms.call((QA, False, False, 0, LEGAL), {"from": supplier_a_op})


def test_publish_zero_legal_text(licensing, supplier_a_op):
    with reverts_with("ZeroLegalTextHash"):
        licensing.publishTerms.call(terms_tuple(QA, legal=b"\x00" * 32), {"from": supplier_a_op})


def test_publish_outsider(licensing, outsider):
    with reverts_with("NotAnOperator", outsider):
        licensing.publishTerms.call(terms_tuple(QA), {"from": outsider})


@pytest.mark.parametrize("action,status", [("suspend", 2), ("offboard", 3)])
def test_publish_inactive_org(licensing, registry, council, auditor, auditor_op, action, status):
    getattr(registry, action)(auditor, REASON, {"from": council})
    with reverts_with("OrgNotActive", auditor, status):
        licensing.publishTerms.call(terms_tuple(QA), {"from": auditor_op})


def test_publish_any_role(licensing, auditor_op, supplier_b_op):
    a = licensing.publishTerms(terms_tuple(AI), {"from": auditor_op})
    b = licensing.publishTerms(terms_tuple(AI | QA), {"from": supplier_b_op})
    assert "TermsPublished" in a.events and "TermsPublished" in b.events
