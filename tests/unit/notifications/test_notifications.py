"""QualityNotifications: sending, every status change and every wrong party or status,
affected items proofs and forwarding along the tiers."""

import brownie
import pytest
from brownie import QualityNotifications, chain

from tests.support.notifications import (
    FROM,
    ITEMS,
    PATHS,
    ROOT,
    STEPS,
    bring,
    new_id,
    notice,
    reason,
    record,
    send,
    status_of,
)
from tests.support.supply import ENFORCED_PAUSE, ZERO_ADDRESS, ZERO_ORG, as_bytes, reverts_with
from valuechain import merkle
from valuechain.contract_types import MAX_ORDERS, NoticeKind, NoticeParty, NoticeSeverity, NoticeStatus, Role, Status

INV, ALERT = NoticeKind.INVESTIGATION, NoticeKind.ALERT


def _sent_event(tx) -> dict:
    ev = tx.events["NotificationSent"]
    return {k: (as_bytes(v) if k in ("id", "sender", "receiver", "itemsRoot", "relatedId", "contentHash") else v)
            for k, v in ev.items()}


# ------------------------------------------------------------------ deployment


def test_deploy_needs_a_registry(council):
    with reverts_with("ZeroAddress"):
        QualityNotifications.deploy(ZERO_ADDRESS, {"from": council})


def test_registry_and_limits(notifications, members):
    assert notifications.registry() == members.address
    assert notifications.MAX_ORDERS() == MAX_ORDERS


# ------------------------------------------------------------------ sending


def test_investigate(notifications, oem_op, oem, supplier_a):
    n = notice(supplier_a, severity=NoticeSeverity.CRITICAL, content=b"\x42" * 32)
    tx = notifications.investigate(n, {"from": oem_op})
    ev = _sent_event(tx)
    assert ev == {"id": n[0], "sender": oem, "receiver": supplier_a, "kind": INV, "severity": NoticeSeverity.CRITICAL,
                  "targetDate": n[3], "itemsRoot": ROOT, "relatedId": ZERO_ORG, "contentHash": b"\x42" * 32,
                  "orderIds": ()}
    assert record(notifications, n[0]) == {"sender": oem, "receiver": supplier_a, "kind": INV,
                                           "status": NoticeStatus.SENT, "severity": NoticeSeverity.CRITICAL,
                                           "targetDate": n[3], "itemsRoot": ROOT}


def test_a_supplier_investigates_its_own_supplier(notifications, supplier_a_op, supplier_a, supplier_c):
    nid = send(notifications, INV, supplier_a_op, supplier_c, target=0)
    assert record(notifications, nid)["sender"] == supplier_a
    assert record(notifications, nid)["targetDate"] == 0


def test_alert(notifications, supplier_a_op, oem, supplier_a):
    n = notice(oem, severity=NoticeSeverity.LIFE_THREATENING)
    tx = notifications.alert(n, {"from": supplier_a_op})
    ev = _sent_event(tx)
    assert (ev["kind"], ev["sender"], ev["receiver"]) == (ALERT, supplier_a, oem)
    assert record(notifications, n[0])["severity"] == NoticeSeverity.LIFE_THREATENING


def test_unknown_notification_reads_empty(notifications):
    assert record(notifications, new_id())["status"] == NoticeStatus.NONE
    assert notifications.getNotification(new_id())[0] == "0x" + "00" * 16


def test_only_an_active_member_investigates(notifications, outsider, supplier_a):
    with reverts_with("NotAnOperator", outsider):
        notifications.investigate(notice(supplier_a), {"from": outsider})


def test_only_a_supplier_is_investigated(notifications, oem_op, oem2, auditor):
    with reverts_with("MissingRole", oem2, Role.SUPPLIER):
        notifications.investigate(notice(oem2), {"from": oem_op})
    with reverts_with("MissingRole", auditor, Role.SUPPLIER):
        notifications.investigate(notice(auditor), {"from": oem_op})


def test_only_a_supplier_alerts(notifications, oem_op, oem, supplier_a):
    with reverts_with("MissingRole", oem, Role.SUPPLIER):
        notifications.alert(notice(supplier_a), {"from": oem_op})


def test_alert_to_an_unknown_org(notifications, supplier_a_op):
    stranger = b"BPNL0000000XXXXX"
    with reverts_with("OrgNotActive", stranger, 0):
        notifications.alert(notice(stranger), {"from": supplier_a_op})


def test_not_to_oneself(notifications, supplier_a_op, supplier_a):
    with reverts_with("InvalidReceiver", supplier_a):
        notifications.investigate(notice(supplier_a), {"from": supplier_a_op})
    with reverts_with("InvalidReceiver", supplier_a):
        notifications.alert(notice(supplier_a), {"from": supplier_a_op})


@pytest.mark.parametrize("bad", [b"\x00" * 16, b"\x11" * 16, bytes.fromhex("00000000000000000000000000000000")])
def test_id_must_be_a_uuid(notifications, oem_op, supplier_a, bad):
    with reverts_with("MalformedNotificationId", bad):
        notifications.investigate(notice(supplier_a, nid=bad), {"from": oem_op})


def test_same_id_twice(notifications, oem_op, supplier_a_op, supplier_a, oem):
    nid = send(notifications, INV, oem_op, supplier_a)
    with reverts_with("NotificationExists", nid):
        notifications.investigate(notice(supplier_a, nid=nid), {"from": oem_op})
    with reverts_with("NotificationExists", nid):
        notifications.alert(notice(oem, nid=nid), {"from": supplier_a_op})


def test_items_root_required(notifications, oem_op, supplier_a):
    with reverts_with("ZeroItemsRoot"):
        notifications.investigate(notice(supplier_a, root=b"\x00" * 32), {"from": oem_op})


def test_target_date_not_in_past(notifications, oem_op, supplier_a):
    past = chain.time() - 3600
    with brownie.reverts(revert_pattern=f"TargetDateInPast: {past}, [0-9]+"):
        notifications.investigate(notice(supplier_a, target=past), {"from": oem_op})


def test_too_many_orders(notifications, oem_op, supplier_a):
    ids = tuple(range(1, MAX_ORDERS + 2))
    with reverts_with("TooManyOrders", MAX_ORDERS + 1, MAX_ORDERS):
        notifications.investigate(notice(supplier_a, orders=ids), {"from": oem_op})


def test_paused_suite_sends_nothing(notifications, members, council, oem_op, supplier_a):
    nid = send(notifications, INV, oem_op, supplier_a)
    members.pause({"from": council})
    with brownie.reverts(revert_pattern=f"(EnforcedPause.*|.*{ENFORCED_PAUSE[2:]}.*)"):
        notifications.investigate(notice(supplier_a), {"from": oem_op})
    with brownie.reverts(revert_pattern=f"(EnforcedPause.*|.*{ENFORCED_PAUSE[2:]}.*)"):
        notifications.close(nid, reason(1), {"from": oem_op})


# ------------------------------------------------------------------ status changes


@pytest.mark.parametrize("kind", [INV, ALERT])
@pytest.mark.parametrize("target", list(STEPS))
def test_each_status_change(notifications, oem_op, supplier_a_op, oem, supplier_a, kind, target):
    sender_op, receiver_op, sender, receiver = ((oem_op, supplier_a_op, oem, supplier_a) if kind == INV
                                                else (supplier_a_op, oem_op, supplier_a, oem))
    nid = send(notifications, kind, sender_op, receiver)
    *before, last = PATHS[target]
    for s in before:
        bring_one(notifications, nid, s, sender_op, receiver_op)
    previous = status_of(notifications, nid)
    name, party = STEPS[last]
    tx = getattr(notifications, name)(nid, reason(7), {"from": sender_op if party == NoticeParty.SENDER
                                                       else receiver_op})
    ev = tx.events["NotificationStatusChanged"]
    assert (as_bytes(ev["id"]), as_bytes(ev["sender"]), as_bytes(ev["receiver"])) == (nid, sender, receiver)
    assert (ev["previous"], ev["status"], ev["by"], as_bytes(ev["reasonHash"])) == (previous, target, party, reason(7))
    assert status_of(notifications, nid) == target


def bring_one(notifications, nid, status, sender_op, receiver_op):
    name, party = STEPS[status]
    getattr(notifications, name)(nid, reason(1), {"from": sender_op if party == NoticeParty.SENDER else receiver_op})


@pytest.fixture(scope="module")
def in_status(notifications, oem_op, supplier_a_op, supplier_a):
    """One investigation of the OEM to supplier A in every stored status."""
    out = {}
    for status in PATHS:
        nid = send(notifications, INV, oem_op, supplier_a)
        bring(notifications, nid, status, oem_op, supplier_a_op)
        out[status] = nid
    return out


@pytest.mark.parametrize("name", ["acknowledge", "accept", "decline", "close", "cancel"])
def test_wrong_status(notifications, in_status, oem_op, supplier_a_op, oem, supplier_a, name):
    party = {"acknowledge": NoticeParty.RECEIVER, "accept": NoticeParty.RECEIVER, "decline": NoticeParty.RECEIVER,
             "close": NoticeParty.SENDER, "cancel": NoticeParty.SENDER}[name]
    actor, org = (oem_op, oem) if party == NoticeParty.SENDER else (supplier_a_op, supplier_a)
    for status, nid in in_status.items():
        if status in FROM[name]:
            getattr(notifications, name).call(nid, reason(2), {"from": actor})
        else:
            with reverts_with("WrongNotificationStatus", nid, status, org):
                getattr(notifications, name)(nid, reason(2), {"from": actor})


@pytest.mark.parametrize("name", ["acknowledge", "accept", "decline", "close", "cancel"])
def test_wrong_party(notifications, in_status, oem_op, supplier_a_op, supplier_b_op, oem, supplier_a, supplier_b,
                     name):
    required = NoticeParty.SENDER if name in ("close", "cancel") else NoticeParty.RECEIVER
    other_party_op, other_org = (supplier_a_op, supplier_a) if required == NoticeParty.SENDER else (oem_op, oem)
    nid = next(n for s, n in in_status.items() if s in FROM[name])
    status = status_of(notifications, nid)
    for actor, org in [(other_party_op, other_org), (supplier_b_op, supplier_b)]:
        with reverts_with("WrongParty", nid, status, org, required):
            getattr(notifications, name)(nid, reason(3), {"from": actor})


def test_outsider_is_no_party(notifications, in_status, outsider):
    with reverts_with("NotAnOperator", outsider):
        notifications.acknowledge(in_status[NoticeStatus.SENT], reason(1), {"from": outsider})


def test_unknown_notification(notifications, oem_op):
    nid = new_id()
    for name in ["acknowledge", "accept", "decline", "close", "cancel"]:
        with reverts_with("UnknownNotification", nid):
            getattr(notifications, name)(nid, reason(1), {"from": oem_op})
    with reverts_with("UnknownNotification", nid):
        notifications.forward(nid, notice(b"BPNL00000003CCCC"), {"from": oem_op})


def test_any_operator_of_the_party_acts(notifications, oem_op, supplier_a_op2, supplier_a):
    nid = send(notifications, INV, oem_op, supplier_a)
    notifications.acknowledge(nid, reason(1), {"from": supplier_a_op2})
    assert status_of(notifications, nid) == NoticeStatus.ACKNOWLEDGED


def test_suspended_party_cannot_act(notifications, members, council, oem_op, supplier_a_op, supplier_a):
    nid = send(notifications, INV, oem_op, supplier_a)
    members.suspend(supplier_a, reason(9), {"from": council})
    with reverts_with("OrgNotActive", supplier_a, Status.SUSPENDED):
        notifications.acknowledge(nid, reason(1), {"from": supplier_a_op})


# ------------------------------------------------------------------ affected items


def test_a_recipient_proves_a_listed_part(notifications, oem_op, supplier_a):
    nid = send(notifications, INV, oem_op, supplier_a)
    for item in ITEMS:
        assert notifications.isListed(nid, item, merkle.proof(ITEMS, item))
    assert not notifications.isListed(nid, "urn:uuid:not-listed", merkle.proof(ITEMS, ITEMS[0]))
    assert not notifications.isListed(nid, ITEMS[0], merkle.proof(ITEMS, ITEMS[1]))
    assert not notifications.isListed(new_id(), ITEMS[0], merkle.proof(ITEMS, ITEMS[0]))


def test_single_item_root(notifications, oem_op, supplier_a):
    nid = send(notifications, INV, oem_op, supplier_a, root=merkle.root(["urn:uuid:only"]))
    assert notifications.isListed(nid, "urn:uuid:only", [])
    assert not notifications.isListed(nid, "urn:uuid:other", [])


# ------------------------------------------------------------------ forwarding


def test_forward_to_own_supplier(notifications, oem_op, supplier_a_op, supplier_c_op, supplier_a, supplier_c):
    parent = send(notifications, INV, oem_op, supplier_a)
    bring(notifications, parent, NoticeStatus.ACKNOWLEDGED, oem_op, supplier_a_op)
    child = notice(supplier_c, severity=NoticeSeverity.MINOR)
    tx = notifications.forward(parent, child, {"from": supplier_a_op})
    ev = _sent_event(tx)
    assert (ev["id"], ev["sender"], ev["receiver"], ev["kind"], ev["relatedId"]) == (
        child[0], supplier_a, supplier_c, INV, parent)
    # the sub-supplier answers; the child is its own notification with its own status
    notifications.acknowledge(child[0], reason(1), {"from": supplier_c_op})
    notifications.accept(child[0], reason(2), {"from": supplier_c_op})
    assert status_of(notifications, child[0]) == NoticeStatus.ACCEPTED
    assert status_of(notifications, parent) == NoticeStatus.ACKNOWLEDGED


def test_forward_an_alert_to_own_customer(notifications, supplier_c_op, supplier_a_op, oem, supplier_a):
    parent = send(notifications, ALERT, supplier_c_op, supplier_a)
    bring(notifications, parent, NoticeStatus.ACCEPTED, supplier_c_op, supplier_a_op)
    child = notice(oem)
    tx = notifications.forward(parent, child, {"from": supplier_a_op})
    assert _sent_event(tx)["kind"] == ALERT
    assert record(notifications, child[0])["receiver"] == oem


def test_forward_only_by_the_receiver(notifications, in_status, oem_op, supplier_b_op, oem, supplier_b, supplier_c):
    nid = in_status[NoticeStatus.ACKNOWLEDGED]
    for actor, org in [(oem_op, oem), (supplier_b_op, supplier_b)]:
        with reverts_with("WrongParty", nid, NoticeStatus.ACKNOWLEDGED, org, NoticeParty.RECEIVER):
            notifications.forward(nid, notice(supplier_c), {"from": actor})


def test_forward_only_when_taken_up(notifications, in_status, supplier_a_op, supplier_a, supplier_c):
    for status, nid in in_status.items():
        if status in FROM["forward"]:
            notifications.forward.call(nid, notice(supplier_c), {"from": supplier_a_op})
        else:
            with reverts_with("WrongNotificationStatus", nid, status, supplier_a):
                notifications.forward(nid, notice(supplier_c), {"from": supplier_a_op})


def test_forward_investigation_only_to_a_supplier(notifications, in_status, supplier_a_op, oem2):
    with reverts_with("MissingRole", oem2, Role.SUPPLIER):
        notifications.forward(in_status[NoticeStatus.ACKNOWLEDGED], notice(oem2), {"from": supplier_a_op})


def test_forward_not_back_to_oneself(notifications, in_status, supplier_a_op, supplier_a):
    with reverts_with("InvalidReceiver", supplier_a):
        notifications.forward(in_status[NoticeStatus.ACKNOWLEDGED], notice(supplier_a), {"from": supplier_a_op})
