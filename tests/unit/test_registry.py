"""ConsortiumRegistry: every external function, its events, errors and wrong parties."""

import re

import brownie
import pytest
from brownie import ConsortiumRegistry, accounts
from hypothesis import given, settings, strategies as st

from tests.conftest import OEM_BPNL, admission
from tests.errors import encoded, reverts_with
from valuechain.identity import BPNL_PATTERN, Role, Status, bpnl_to_bytes16

ADMIN_ROLE = b"\x00" * 32
NEW_BPNL = "BPNL0000000NEW01"
REASON = b"\x99" * 32
ZERO = "0x0000000000000000000000000000000000000000"


@pytest.fixture(scope="module")
def fresh_op():
    return accounts[6]


def org_of(registry, bpnl_bytes):
    roles, status, joined, count, profile = registry.getOrg(bpnl_bytes)
    return {"roles": roles, "status": status, "joinedAt": joined, "operators": count, "profile": profile}


# ------------------------------------------------------------------ admit


@pytest.mark.parametrize("sender_name", ["council", "onboarder"])
def test_admit_by_council_or_onboarder(registry, request, sender_name, fresh_op):
    sender = request.getfixturevalue(sender_name)
    new = bpnl_to_bytes16(NEW_BPNL)
    tx = registry.admit(admission(NEW_BPNL, Role.SUPPLIER | Role.LOGISTICS, fresh_op, b"\x22" * 32), {"from": sender})

    ev = tx.events["OrgAdmitted"]
    assert ev["org"] == "0x" + new.hex()
    assert ev["operator"] == fresh_op
    assert ev["roles"] == Role.SUPPLIER | Role.LOGISTICS
    assert ev["profileHash"] == "0x" + "22" * 32
    org = org_of(registry, new)
    assert org["status"] == Status.ACTIVE
    assert org["roles"] == Role.SUPPLIER | Role.LOGISTICS
    assert org["operators"] == 1
    assert org["joinedAt"] == tx.timestamp
    assert registry.orgOf(fresh_op) == "0x" + new.hex()
    assert registry.isActive(new)


@pytest.mark.parametrize("sender_name", ["oem_op", "outsider"])
def test_admit_by_others_denied(registry, request, sender_name, fresh_op):
    sender = request.getfixturevalue(sender_name)
    with reverts_with("AccessControlUnauthorizedAccount", sender, ADMIN_ROLE):
        registry.admit(admission(NEW_BPNL, Role.SUPPLIER, fresh_op), {"from": sender})


@pytest.mark.parametrize(
    "bad",
    [
        b"bpnl00000003AYRE",  # lower-case prefix
        b"BPNS00000003AYRE",  # a site number, not a legal entity
        b"BPNL00000003ayre",  # lower-case tail
        b"BPNL00000003AY-E",  # punctuation
        b"BPNL00000003AY\x00E",  # NUL inside
        b"BPNL00000003AYR\xc3",  # high byte
        b"\x00" * 16,
    ],
)
def test_admit_malformed_bpnl(registry, onboarder, fresh_op, bad):
    with reverts_with("MalformedBpnl", bad):
        registry.admit((bad, Role.SUPPLIER, b"\x11" * 32, fresh_op), {"from": onboarder})


@pytest.mark.parametrize("roles", [0, 16, 0x80, 0xFF])
def test_admit_invalid_roles(registry, onboarder, fresh_op, roles):
    with reverts_with("InvalidRoles", roles):
        registry.admit(admission(NEW_BPNL, roles, fresh_op), {"from": onboarder})


def test_admit_duplicate_org(registry, onboarder, oem, fresh_op):
    with reverts_with("OrgAlreadyExists", oem):
        registry.admit(admission(OEM_BPNL, Role.OEM, fresh_op), {"from": onboarder})


def test_admit_offboarded_org_cannot_return(registry, council, onboarder, supplier_b, fresh_op):
    registry.offboard(supplier_b, REASON, {"from": council})
    with reverts_with("OrgAlreadyExists", supplier_b):
        registry.admit(admission("BPNL00000003CRHK", Role.SUPPLIER, fresh_op), {"from": onboarder})


def test_admit_zero_operator(registry, onboarder):
    with reverts_with("ZeroOperator"):
        registry.admit(admission(NEW_BPNL, Role.SUPPLIER, ZERO), {"from": onboarder})


def test_admit_operator_of_another_org(registry, onboarder, oem, oem_op):
    with reverts_with("AlreadyOperator", oem_op, oem):
        registry.admit(admission(NEW_BPNL, Role.SUPPLIER, oem_op), {"from": onboarder})


# ------------------------------------------------------------------ admitBatch


def test_admit_batch(registry, onboarder):
    ops = [accounts.add() for _ in range(5)]
    entries = [admission(f"BPNL00000000B{i:03d}", Role.SUPPLIER, op) for i, op in enumerate(ops)]
    tx = registry.admitBatch(entries, {"from": onboarder})
    assert len(tx.events["OrgAdmitted"]) == 5
    for entry, op in zip(entries, ops):
        assert registry.orgOf(op) == "0x" + entry[0].hex()
        assert registry.isActive(entry[0])


def test_admit_batch_names_bad_index_and_admits_nobody(registry, onboarder):
    ops = [accounts.add() for _ in range(3)]
    entries = [admission(f"BPNL00000000B{i:03d}", Role.SUPPLIER, op) for i, op in enumerate(ops)]
    entries[2] = (b"BPNL00000000b002", Role.SUPPLIER, b"\x11" * 32, str(ops[2]))
    with reverts_with("BatchEntryRejected", 2, encoded("MalformedBpnl(bytes16)", b"BPNL00000000b002")):
        registry.admitBatch(entries, {"from": onboarder})
    assert registry.orgOf(ops[0]) == "0x" + "00" * 16
    assert registry.getOrg(entries[0][0])[1] == Status.NONE


def test_admit_batch_duplicate_within_batch(registry, onboarder):
    op1, op2 = accounts.add(), accounts.add()
    entries = [admission(NEW_BPNL, Role.SUPPLIER, op1), admission(NEW_BPNL, Role.OEM, op2)]
    with reverts_with("BatchEntryRejected", 1, encoded("OrgAlreadyExists(bytes16)", bpnl_to_bytes16(NEW_BPNL))):
        registry.admitBatch(entries, {"from": onboarder})


def test_admit_batch_same_operator_twice(registry, onboarder):
    op = accounts.add()
    entries = [admission(NEW_BPNL, Role.SUPPLIER, op), admission("BPNL0000000NEW02", Role.SUPPLIER, op)]
    reason = encoded("AlreadyOperator(address,bytes16)", str(op), bpnl_to_bytes16(NEW_BPNL))
    with reverts_with("BatchEntryRejected", 1, reason):
        registry.admitBatch(entries, {"from": onboarder})


def test_admit_batch_denied_to_operators(registry, oem_op):
    with reverts_with("AccessControlUnauthorizedAccount", oem_op, ADMIN_ROLE):
        registry.admitBatch([admission(NEW_BPNL, Role.SUPPLIER, accounts.add())], {"from": oem_op})


# ------------------------------------------------------------------ council actions


def test_change_roles(registry, council, supplier_a):
    tx = registry.changeRoles(supplier_a, Role.SUPPLIER | Role.LOGISTICS, {"from": council})
    assert list(tx.events["OrgRolesChanged"].values()) == ["0x" + supplier_a.hex(), Role.SUPPLIER, Role.SUPPLIER | Role.LOGISTICS]
    assert registry.orgHasRole(supplier_a, Role.LOGISTICS)


def test_change_roles_errors(registry, council, supplier_a, supplier_b):
    unknown = bpnl_to_bytes16(NEW_BPNL)
    with reverts_with("UnknownOrg", unknown):
        registry.changeRoles(unknown, Role.OEM, {"from": council})
    with reverts_with("InvalidRoles", 0):
        registry.changeRoles(supplier_a, 0, {"from": council})
    registry.offboard(supplier_b, REASON, {"from": council})
    with reverts_with("InvalidStatusChange", supplier_b, Status.OFFBOARDED):
        registry.changeRoles(supplier_b, Role.OEM, {"from": council})


@pytest.mark.parametrize(
    "call",
    [
        lambda r, org: r.changeRoles(org, 1, {"from": accounts[1]}),
        lambda r, org: r.suspend(org, REASON, {"from": accounts[1]}),
        lambda r, org: r.reinstate(org, {"from": accounts[1]}),
        lambda r, org: r.offboard(org, REASON, {"from": accounts[1]}),
        lambda r, org: r.assignOperator(org, accounts[7], {"from": accounts[1]}),
    ],
    ids=["changeRoles", "suspend", "reinstate", "offboard", "assignOperator"],
)
def test_onboarder_cannot_govern(registry, onboarder, supplier_a, call):
    assert onboarder == accounts[1]
    with reverts_with("AccessControlUnauthorizedAccount", onboarder, ADMIN_ROLE):
        call(registry, supplier_a)


def test_operator_cannot_govern(registry, supplier_a_op, supplier_b):
    with reverts_with("AccessControlUnauthorizedAccount", supplier_a_op, ADMIN_ROLE):
        registry.suspend(supplier_b, REASON, {"from": supplier_a_op})


def test_suspend_reinstate_offboard(registry, council, supplier_a):
    tx = registry.suspend(supplier_a, REASON, {"from": council})
    assert tx.events["OrgSuspended"].values() == ["0x" + supplier_a.hex(), "0x" + REASON.hex()]
    assert not registry.isActive(supplier_a)
    assert registry.getOrg(supplier_a)[1] == Status.SUSPENDED

    tx = registry.reinstate(supplier_a, {"from": council})
    assert tx.events["OrgReinstated"]["org"] == "0x" + supplier_a.hex()
    assert registry.isActive(supplier_a)

    tx = registry.offboard(supplier_a, REASON, {"from": council})
    assert tx.events["OrgOffboarded"].values() == ["0x" + supplier_a.hex(), "0x" + REASON.hex()]
    assert registry.getOrg(supplier_a)[1] == Status.OFFBOARDED


def test_status_changes_from_wrong_status(registry, council, supplier_a):
    with reverts_with("InvalidStatusChange", supplier_a, Status.ACTIVE):
        registry.reinstate(supplier_a, {"from": council})
    registry.suspend(supplier_a, REASON, {"from": council})
    with reverts_with("InvalidStatusChange", supplier_a, Status.SUSPENDED):
        registry.suspend(supplier_a, REASON, {"from": council})
    registry.offboard(supplier_a, REASON, {"from": council})  # suspended -> offboarded is allowed
    for call in (
        lambda: registry.reinstate(supplier_a, {"from": council}),
        lambda: registry.suspend(supplier_a, REASON, {"from": council}),
        lambda: registry.offboard(supplier_a, REASON, {"from": council}),
    ):
        with reverts_with("InvalidStatusChange", supplier_a, Status.OFFBOARDED):
            call()


def test_status_changes_of_unknown_org(registry, council):
    unknown = bpnl_to_bytes16(NEW_BPNL)
    with reverts_with("UnknownOrg", unknown):
        registry.suspend(unknown, REASON, {"from": council})
    with reverts_with("UnknownOrg", unknown):
        registry.reinstate(unknown, {"from": council})
    with reverts_with("UnknownOrg", unknown):
        registry.offboard(unknown, REASON, {"from": council})
    with reverts_with("UnknownOrg", unknown):
        registry.assignOperator(unknown, accounts[7], {"from": council})


def test_assign_operator_recovers_suspended_org(registry, council, supplier_a, fresh_op):
    registry.suspend(supplier_a, REASON, {"from": council})
    tx = registry.assignOperator(supplier_a, fresh_op, {"from": council})
    assert tx.events["OperatorAdded"].values() == ["0x" + supplier_a.hex(), fresh_op, council]
    assert registry.orgOf(fresh_op) == "0x" + supplier_a.hex()
    assert registry.getOrg(supplier_a)[3] == 2


def test_assign_operator_errors(registry, council, supplier_a, supplier_b, oem, oem_op, fresh_op):
    with reverts_with("AlreadyOperator", oem_op, oem):
        registry.assignOperator(supplier_a, oem_op, {"from": council})
    with reverts_with("ZeroOperator"):
        registry.assignOperator(supplier_a, ZERO, {"from": council})
    registry.offboard(supplier_b, REASON, {"from": council})
    with reverts_with("OrgNotActive", supplier_b, Status.OFFBOARDED):
        registry.assignOperator(supplier_b, fresh_op, {"from": council})


# ------------------------------------------------------------------ the org's own operators


def test_add_and_remove_operator_rotates_key(registry, supplier_a, supplier_a_op, fresh_op):
    tx = registry.addOperator(fresh_op, {"from": supplier_a_op})
    assert tx.events["OperatorAdded"].values() == ["0x" + supplier_a.hex(), fresh_op, supplier_a_op]
    # the new key revokes the old (compromised) one in one transaction
    tx = registry.removeOperator(supplier_a_op, {"from": fresh_op})
    assert tx.events["OperatorRemoved"].values() == ["0x" + supplier_a.hex(), supplier_a_op, fresh_op]
    assert registry.orgOf(supplier_a_op) == "0x" + "00" * 16
    assert registry.getOrg(supplier_a)[3] == 1
    with reverts_with("NotAnOperator", supplier_a_op):
        registry.addOperator(accounts.add(), {"from": supplier_a_op})
    # the freed account may later serve another organisation
    assert registry.requireOperator(fresh_op, Role.SUPPLIER) == "0x" + supplier_a.hex()


def test_operator_removes_itself(registry, supplier_a, supplier_a_op, fresh_op):
    registry.addOperator(fresh_op, {"from": supplier_a_op})
    registry.removeOperator(supplier_a_op, {"from": supplier_a_op})
    assert registry.orgOf(supplier_a_op) == "0x" + "00" * 16


def test_last_operator_cannot_be_removed(registry, supplier_a, supplier_a_op):
    with reverts_with("LastOperator", supplier_a, supplier_a_op):
        registry.removeOperator(supplier_a_op, {"from": supplier_a_op})


def test_operator_of_another_org_cannot_remove(registry, supplier_b, supplier_b_op, supplier_a_op):
    with reverts_with("NotOperatorOf", supplier_a_op, supplier_b):
        registry.removeOperator(supplier_a_op, {"from": supplier_b_op})


def test_add_operator_errors(registry, oem, oem_op, supplier_a_op, outsider):
    with reverts_with("NotAnOperator", outsider):
        registry.addOperator(accounts.add(), {"from": outsider})
    with reverts_with("AlreadyOperator", oem_op, oem):
        registry.addOperator(oem_op, {"from": supplier_a_op})
    with reverts_with("ZeroOperator"):
        registry.addOperator(ZERO, {"from": supplier_a_op})


@pytest.mark.parametrize("status,action", [(Status.SUSPENDED, "suspend"), (Status.OFFBOARDED, "offboard")])
def test_inactive_org_operators_cannot_act(registry, council, supplier_a, supplier_a_op, status, action):
    getattr(registry, action)(supplier_a, REASON, {"from": council})
    with reverts_with("OrgNotActive", supplier_a, status):
        registry.addOperator(accounts.add(), {"from": supplier_a_op})
    with reverts_with("OrgNotActive", supplier_a, status):
        registry.removeOperator(supplier_a_op, {"from": supplier_a_op})
    with reverts_with("OrgNotActive", supplier_a, status):
        registry.updateProfile(b"\x01" * 32, {"from": supplier_a_op})


def test_update_profile(registry, supplier_a, supplier_a_op):
    tx = registry.updateProfile(b"\x05" * 32, {"from": supplier_a_op})
    assert tx.events["OrgProfileUpdated"].values() == ["0x" + supplier_a.hex(), "0x" + "05" * 32]
    assert registry.getOrg(supplier_a)[4] == "0x" + "05" * 32


def test_update_profile_outsider(registry, outsider):
    with reverts_with("NotAnOperator", outsider):
        registry.updateProfile(b"\x05" * 32, {"from": outsider})


# ------------------------------------------------------------------ views


def test_require_operator(registry, council, oem, oem_op, supplier_a, supplier_a_op, outsider):
    assert registry.requireOperator(oem_op, Role.OEM) == "0x" + oem.hex()
    assert registry.requireOperator(oem_op, 0) == "0x" + oem.hex()
    with reverts_with("MissingRole", oem, Role.SUPPLIER):
        registry.requireOperator(oem_op, Role.SUPPLIER)
    with reverts_with("NotAnOperator", outsider):
        registry.requireOperator(outsider, 0)
    registry.suspend(supplier_a, REASON, {"from": council})
    with reverts_with("OrgNotActive", supplier_a, Status.SUSPENDED):
        registry.requireOperator(supplier_a_op, Role.SUPPLIER)


def test_require_active(registry, council, oem, supplier_a):
    registry.requireActive(oem, Role.OEM)
    with reverts_with("MissingRole", oem, Role.OEM | Role.AUDITOR):
        registry.requireActive(oem, Role.OEM | Role.AUDITOR)
    unknown = bpnl_to_bytes16(NEW_BPNL)
    with reverts_with("OrgNotActive", unknown, Status.NONE):
        registry.requireActive(unknown, 0)


def test_views(registry, oem, supplier_a, oem_op):
    assert registry.orgHasRole(oem, Role.OEM)
    assert not registry.orgHasRole(oem, Role.SUPPLIER)
    assert not registry.orgHasRole(oem, Role.OEM | Role.SUPPLIER)
    assert registry.ROLE_OEM() == Role.OEM and registry.ROLE_LOGISTICS() == Role.LOGISTICS
    assert registry.ROLE_SUPPLIER() == Role.SUPPLIER and registry.ROLE_AUDITOR() == Role.AUDITOR
    assert registry.orgOf(oem_op) == "0x" + oem.hex()
    unknown = bpnl_to_bytes16(NEW_BPNL)
    assert list(registry.getOrg(unknown)) == [0, 0, 0, 0, "0x" + "00" * 32]
    assert not registry.isActive(unknown)


def test_council_can_hand_over_governance(registry, council, outsider, supplier_a):
    registry.grantRole(ADMIN_ROLE, outsider, {"from": council})
    registry.renounceRole(ADMIN_ROLE, council, {"from": council})
    registry.suspend(supplier_a, REASON, {"from": outsider})
    with reverts_with("AccessControlUnauthorizedAccount", council, ADMIN_ROLE):
        registry.reinstate(supplier_a, {"from": council})


def test_deploy_sets_council(council):
    reg = ConsortiumRegistry.deploy(accounts[8], {"from": council})
    assert reg.hasRole(ADMIN_ROLE, accounts[8])
    assert not reg.hasRole(ADMIN_ROLE, council)


@settings(max_examples=300, deadline=None)
@given(
    raw=st.one_of(
        st.binary(min_size=16, max_size=16),
        st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ/:@[`{az", min_size=12, max_size=12).map(
            lambda s: b"BPNL" + s.encode()
        ),
    )
)
def test_bpnl_check_matches_catena_x_pattern(registry, raw):
    # a pure view: plain hypothesis, no per-example chain snapshot needed
    expected = bool(BPNL_PATTERN.match(raw.decode("latin-1"))) and raw.isascii()
    assert registry.isValidBpnl(raw) == expected
