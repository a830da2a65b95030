from valuechain.identity import Status


def test_fixture_orgs_active(registry, oem, supplier_a, oem_op):
    assert registry.isActive(oem)
    assert registry.orgOf(oem_op) == "0x" + oem.hex()
    assert registry.getOrg(supplier_a)[1] == Status.ACTIVE
