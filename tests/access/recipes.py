"""One recipe per state-changing function of the suite: the state and arguments with
which the function's right party succeeds. The matrix test then replays the same call as
every other kind of caller.

A recipe gets the World and returns a Call; it may send transactions to build the state
(each test starts from the module snapshot). Keys are ``Contract.function``."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from brownie import chain
from eth_utils import keccak

from tests.access.world import World
from valuechain.contract_types import (
    Admission,
    CapacityFigures,
    DisruptionNotice,
    DisruptionStatus,
    Effect,
    Kind,
    OrderTerms,
    Purpose,
    RevocationReason,
    Role,
    RootCause,
    SignalKind,
    Terms,
)  # fmt: skip

DAY = 86_400
ZERO32 = b"\x00" * 32
ZERO16 = b"\x00" * 16
DOC = keccak(b"document")
QA, QA_MF = Purpose.CX_QUALITY_BASE_1, Purpose.CX_QUALITY_BASE_1 | Purpose.MANUFACTURING


@dataclass
class Call:
    contract: Any  # a Brownie Contract
    fn: str
    args: tuple
    party: Any  # the account that may call it
    party_org: str | None = None  # world org key of the party; None for council-style parties
    counterparty: Any = None  # the other side (order, licence), when there is one
    other_member: Any = None  # an uninvolved active member holding the party's roles


def _today() -> int:
    return chain.time() // DAY


# ------------------------------------------------------------------ building blocks


def _asset(w: World, n: int = 1) -> bytes:
    """A design of supplier A (registered now); returns its asset id."""
    commitment = keccak(b"commitment-%d" % n)
    tx = w.ip.register(commitment, keccak(b"meta"), Kind.DESIGN, {"from": w.ops["supplier_a"]})
    return bytes.fromhex(str(tx.events["AssetRegistered"]["asset"])[2:])


def _terms(w: World, sublicensing: bool = False) -> bytes:
    terms = Terms(QA_MF, False, sublicensing, 365 * DAY, keccak(b"legal"))
    return bytes.fromhex(str(w.licensing.publishTerms(terms, {"from": w.ops["supplier_a"]}).return_value)[2:])


def _now() -> int:
    return chain.time()


def _licence(w: World, asset: bytes, sublicensing: bool = False) -> bytes:
    """A 90-day QA|MANUFACTURING licence of the OEM on `asset`, granted by supplier A."""
    tx = w.licensing.grant(asset, w.orgs["oem"], _terms(w, sublicensing), QA_MF, 0, _now() + 90 * DAY,
                           {"from": w.ops["supplier_a"]})
    return _b32(tx.events["LicenceGranted"]["licence"])


def _b32(value) -> bytes:
    return bytes.fromhex(str(value)[2:])


def _order(w: World, steps: tuple[str, ...] = ()) -> int:
    """An order of the OEM to supplier A, driven through `steps`."""
    terms = OrderTerms(w.orgs["supplier_a"], keccak(b"part"), 1000, b"H87", _today() + 30, 9000, ZERO32)
    oid = w.orders.placeOrder(terms, DOC, {"from": w.ops["oem"]}).events["OrderPlaced"]["orderId"]
    sup, oem = {"from": w.ops["supplier_a"]}, {"from": w.ops["oem"]}
    for s in steps:
        if s == "confirm":
            w.orders.confirmOrder(oid, DOC, sup)
        elif s == "start":
            w.orders.startProduction(oid, DOC, sup)
        elif s == "fail":
            w.orders.assessQuality(oid, 5000, 100, 50, True, DOC, sup)
        elif s == "pass":
            w.orders.assessQuality(oid, 9500, 100, 5, True, DOC, sup)
        elif s == "ship":
            w.orders.ship(oid, 1000, DOC, sup)
        elif s == "receive":
            w.orders.receiveShipment(oid, 1000, DOC, oem)
    return oid


def _supplier_call(fn: str, args_of: Callable[[World, int], tuple], steps: tuple[str, ...]) -> Callable[[World], Call]:
    def recipe(w: World) -> Call:
        oid = _order(w, steps)
        return Call(w.orders, fn, args_of(w, oid), w.ops["supplier_a"], "supplier_a", w.ops["oem"], w.ops["supplier_b"])
    return recipe


def _oem_call(fn: str, args_of: Callable[[World, int], tuple], steps: tuple[str, ...]) -> Callable[[World], Call]:
    def recipe(w: World) -> Call:
        oid = _order(w, steps)
        return Call(w.orders, fn, args_of(w, oid), w.ops["oem"], "oem", w.ops["supplier_a"], w.ops["oem2"])
    return recipe


def _council(contract: str, fn: str, args: Callable[[World], tuple]) -> Callable[[World], Call]:
    def recipe(w: World) -> Call:
        return Call(getattr(w, contract), fn, args(w), w.council)
    return recipe


def _uuid(n: int) -> bytes:
    raw = bytearray(keccak(b"uuid-%d" % n)[:16])
    raw[6] = (raw[6] & 0x0F) | 0x40
    raw[8] = (raw[8] & 0x3F) | 0x80
    return bytes(raw)


def _week() -> int:
    from datetime import date, timedelta
    y, wk, _ = (date(1970, 1, 1) + timedelta(days=_today() + 7)).isocalendar()
    return y * 100 + wk


def _capacity(w: World) -> Call:
    figures = CapacityFigures(_uuid(1), b"BPNS7588787849VQ", keccak(b"material"), _week(), 800, 1000, 900, DOC)
    recipients = sorted([w.orgs["supplier_a"], w.orgs["supplier_b"]])
    return Call(w.signals, "signalCapacity", (figures, recipients), w.ops["oem"], "oem", None, w.ops["oem2"])


def _disruption_notice(n: int) -> tuple:
    return DisruptionNotice(_uuid(n), RootCause.PRODUCTION_INCIDENT, Effect.CAPACITY_REDUCTION, DisruptionStatus.OPEN,
                            _now(), _now() + 7 * DAY, DOC)


def _disruption(w: World) -> Call:
    return Call(w.signals, "signalDisruption", (_disruption_notice(2), [w.orgs["supplier_a"]]), w.ops["oem"], "oem",
                None, w.ops["oem2"])


def _member(fn: str, args: Callable[[World], tuple]) -> Callable[[World], Call]:
    def recipe(w: World) -> Call:
        return Call(w.registry, fn, args(w), w.ops["supplier_a"], "supplier_a", None, w.ops["supplier_b"])
    return recipe


RECIPES: dict[str, Callable[[World], Call]] = {}


def _offer(w: World, key) -> None:
    w.registry.addOperator(key, {"from": w.ops["supplier_a"]})


def _second_operator(w: World) -> tuple:
    key = w.spare[1]
    _offer(w, key)
    w.registry.acceptOperator(w.orgs["supplier_a"], {"from": key})
    return (key,)


def _accept_offer(w: World) -> Call:
    key = w.spare[1]
    _offer(w, key)
    return Call(w.registry, "acceptOperator", (w.orgs["supplier_a"],), key, "supplier_a")


def _withdraw_offer(w: World) -> Call:
    _offer(w, w.spare[1])
    return Call(w.registry, "withdrawOperatorOffer", (w.spare[1],), w.ops["supplier_a"], "supplier_a", None,
                w.ops["supplier_b"])


def _admission(w: World, n: int) -> tuple:
    return Admission(b"BPNL0000000NEW" + b"%02d" % n, Role.SUPPLIER, keccak(b"profile"), w.spare[2].address)


def _onboarder(fn: str, args: Callable[[World], tuple]) -> Callable[[World], Call]:
    def recipe(w: World) -> Call:
        return Call(w.registry, fn, args(w), w.onboarder)
    return recipe


def _renounce(w: World) -> Call:
    return Call(w.registry, "renounceRole", (w.registry.ONBOARDER_ROLE(), w.onboarder), w.onboarder)


def _pending_admin(w: World, elapse: bool) -> None:
    w.registry.beginDefaultAdminTransfer(w.spare[2], {"from": w.council})
    if elapse:
        chain.sleep(w.registry.defaultAdminDelay() + 1)
        chain.mine()


def _accept_admin(w: World) -> Call:
    _pending_admin(w, elapse=True)
    return Call(w.registry, "acceptDefaultAdminTransfer", (), w.spare[2])


def _cancel_admin(w: World) -> Call:
    _pending_admin(w, elapse=False)
    return Call(w.registry, "cancelDefaultAdminTransfer", (), w.council)


def _rollback_delay(w: World) -> Call:
    w.registry.changeDefaultAdminDelay(7 * DAY, {"from": w.council})
    return Call(w.registry, "rollbackDefaultAdminDelay", (), w.council)


def _unpause(w: World) -> Call:
    w.registry.pause({"from": w.council})
    return Call(w.registry, "unpause", (), w.council)


RECIPES.update({
    "ConsortiumRegistry.addOperator": _member("addOperator", lambda w: (w.spare[1],)),
    "ConsortiumRegistry.withdrawOperatorOffer": _withdraw_offer,
    "ConsortiumRegistry.acceptOperator": _accept_offer,
    "ConsortiumRegistry.removeOperator": lambda w: Call(w.registry, "removeOperator", _second_operator(w),
                                                        w.ops["supplier_a"], "supplier_a", None, w.ops["supplier_b"]),
    "ConsortiumRegistry.updateProfile": _member("updateProfile", lambda w: (keccak(b"new profile"),)),
    "ConsortiumRegistry.admit": _onboarder("admit", lambda w: (_admission(w, 1),)),
    "ConsortiumRegistry.admitBatch": _onboarder("admitBatch", lambda w: ([_admission(w, 2)],)),
    "ConsortiumRegistry.changeRoles": _council("registry", "changeRoles", lambda w: (w.orgs["supplier_b"], 3)),
    "ConsortiumRegistry.suspend": _council("registry", "suspend", lambda w: (w.orgs["supplier_b"], DOC)),
    "ConsortiumRegistry.reinstate": _council("registry", "reinstate", lambda w: (w.orgs["suspended"],)),
    "ConsortiumRegistry.offboard": _council("registry", "offboard", lambda w: (w.orgs["supplier_b"], DOC)),
    "ConsortiumRegistry.assignOperator": _council("registry", "assignOperator",
                                                  lambda w: (w.orgs["suspended"], w.spare[1])),
    "ConsortiumRegistry.revokeOperator": _council("registry", "revokeOperator", lambda w: (w.ops["supplier_b"],)),
    "ConsortiumRegistry.pause": _council("registry", "pause", lambda w: ()),
    "ConsortiumRegistry.unpause": _unpause,
    "ConsortiumRegistry.grantRole": _council("registry", "grantRole",
                                             lambda w: (w.registry.ONBOARDER_ROLE(), w.spare[1])),
    "ConsortiumRegistry.revokeRole": _council("registry", "revokeRole",
                                              lambda w: (w.registry.ONBOARDER_ROLE(), w.onboarder)),
    "ConsortiumRegistry.renounceRole": _renounce,
    "ConsortiumRegistry.beginDefaultAdminTransfer": _council("registry", "beginDefaultAdminTransfer",
                                                             lambda w: (w.spare[2],)),
    "ConsortiumRegistry.cancelDefaultAdminTransfer": _cancel_admin,
    "ConsortiumRegistry.acceptDefaultAdminTransfer": _accept_admin,
    "ConsortiumRegistry.changeDefaultAdminDelay": _council("registry", "changeDefaultAdminDelay",
                                                           lambda w: (7 * DAY,)),
    "ConsortiumRegistry.rollbackDefaultAdminDelay": _rollback_delay,
})


def _ip_member(fn: str, args: Callable[[World], tuple]) -> Callable[[World], Call]:
    def recipe(w: World) -> Call:
        return Call(w.ip, fn, args(w), w.ops["supplier_a"], "supplier_a", None, w.ops["supplier_b"])
    return recipe


RECIPES.update({
    "IPRegistry.register": _ip_member("register", lambda w: (keccak(b"new"), keccak(b"meta"), 0)),
    "IPRegistry.registerBatch": _ip_member("registerBatch", lambda w: ([(keccak(b"new"), keccak(b"meta"), 0)],)),
    "IPRegistry.revise": _ip_member("revise", lambda w: (_asset(w), keccak(b"v2"), keccak(b"meta"))),
    "IPRegistry.transfer": _ip_member("transfer", lambda w: (_asset(w), w.orgs["oem"], DOC)),
})


def _lic(fn: str, build: Callable[[World], tuple], party: str = "supplier_a", counterparty: str = "oem",
         other: str = "supplier_b") -> Callable[[World], Call]:
    def recipe(w: World) -> Call:
        return Call(w.licensing, fn, build(w), w.ops[party], party, w.ops[counterparty], w.ops[other])
    return recipe


def _offered(w: World) -> tuple[bytes, bytes]:
    asset = _asset(w)
    tx = w.licensing.offer(asset, w.orgs["oem"], _terms(w), QA, 0, _now() + 30 * DAY, _now() + 7 * DAY,
                           {"from": w.ops["supplier_a"]})
    return asset, _b32(tx.return_value)


def _granted(w: World, sublicensing: bool = False) -> tuple[bytes, bytes]:
    asset = _asset(w)
    return asset, _licence(w, asset, sublicensing)


def _sublicense_args(w: World) -> tuple:
    asset, parent = _granted(w, sublicensing=True)
    return (asset, parent, w.orgs["oem2"], QA, 0, _now() + 30 * DAY, _now() + 7 * DAY)


RECIPES.update({
    "DataLicensing.publishTerms": _lic("publishTerms", lambda w: (Terms(QA, False, False, 30 * DAY, keccak(b"other")),),
                                       counterparty="oem"),
    "DataLicensing.grant": _lic("grant", lambda w: (_asset(w), w.orgs["oem"], _terms(w), QA, 0, _now() + 30 * DAY)),
    "DataLicensing.offer": _lic("offer", lambda w: (_asset(w), w.orgs["oem"], _terms(w), QA, 0, _now() + 30 * DAY,
                                                    _now() + 7 * DAY)),
    "DataLicensing.request": _lic("request", lambda w: (_asset(w), _terms(w), QA, 0, _now() + 30 * DAY),
                                  party="oem", counterparty="supplier_a", other="oem2"),
    "DataLicensing.accept": _lic("accept", _offered, party="oem", counterparty="supplier_a", other="oem2"),
    "DataLicensing.decline": _lic("decline", _offered, party="oem", counterparty="supplier_a", other="oem2"),
    "DataLicensing.withdraw": _lic("withdraw", _offered),
    "DataLicensing.sublicense": _lic("sublicense", _sublicense_args, party="oem", counterparty="supplier_a",
                                     other="supplier_b"),
    "DataLicensing.revoke": _lic("revoke", lambda w: (*_granted(w), RevocationReason.BREACH, DOC)),
    "DataLicensing.renounce": _lic("renounce", _granted, party="oem", counterparty="supplier_a", other="oem2"),
    "DataLicensing.recordAccess": _lic("recordAccess", lambda w: (*_granted(w), QA, DOC), party="oem",
                                       counterparty="supplier_a", other="oem2"),
})


def _amend(w: World) -> tuple[int, int]:
    """A CONFIRMED order with an OEM proposal pending; returns (order, proposal number)."""
    oid = _order(w, ("confirm",))
    tx = w.orders.proposeAmendment(oid, 900, _today() + 31, SignalKind.NONE, ZERO16, DOC, {"from": w.ops["oem"]})
    return oid, tx.events["AmendmentProposed"]["proposal"]


def _either(fn: str, args: Callable[[World], tuple]) -> Callable[[World], Call]:
    def recipe(w: World) -> Call:
        return Call(w.orders, fn, args(w), w.ops["supplier_a"], "supplier_a", w.ops["oem"], w.ops["supplier_b"])
    return recipe


def _resolve(w: World) -> Call:
    notice = _disruption_notice(3)
    w.signals.signalDisruption(notice, [w.orgs["supplier_a"]], {"from": w.ops["oem"]})
    return Call(w.signals, "resolveDisruption", (notice.notificationId, w.orgs["supplier_a"], DOC), w.ops["oem"], "oem", None,
                w.ops["oem2"])


def _place(w: World) -> Call:
    terms = OrderTerms(w.orgs["supplier_a"], keccak(b"part"), 1000, b"H87", _today() + 30, 9000, ZERO32)
    return Call(w.orders, "placeOrder", (terms, DOC), w.ops["oem"], "oem", w.ops["supplier_a"], w.ops["oem2"])


RECIPES.update({
    "SupplyOrders.placeOrder": _place,
    "SupplyOrders.confirmOrder": _supplier_call("confirmOrder", lambda w, o: (o, DOC), ()),
    "SupplyOrders.rejectOrder": _supplier_call("rejectOrder", lambda w, o: (o, DOC), ()),
    "SupplyOrders.startProduction": _supplier_call("startProduction", lambda w, o: (o, DOC), ("confirm",)),
    "SupplyOrders.assessQuality": _supplier_call("assessQuality", lambda w, o: (o, 9500, 100, 5, True, DOC),
                                                 ("confirm", "start")),
    "SupplyOrders.ship": _supplier_call("ship", lambda w, o: (o, 1000, DOC), ("confirm", "start", "pass")),
    "SupplyOrders.acceptDeviation": _oem_call("acceptDeviation", lambda w, o: (o, DOC), ("confirm", "start", "fail")),
    "SupplyOrders.cancelOrder": _oem_call("cancelOrder", lambda w, o: (o, DOC), ()),
    "SupplyOrders.receiveShipment": _oem_call("receiveShipment", lambda w, o: (o, 1000, DOC),
                                              ("confirm", "start", "pass", "ship")),
    "SupplyOrders.closeOrder": _oem_call("closeOrder", lambda w, o: (o, DOC),
                                         ("confirm", "start", "pass", "ship", "receive")),
    "SupplyOrders.disputeOrder": _oem_call("disputeOrder", lambda w, o: (o, DOC),
                                           ("confirm", "start", "pass", "ship", "receive")),
    "SupplyOrders.reallocate": _oem_call("reallocate", lambda w, o: (o, w.orgs["supplier_b"], 400, _today() + 40, DOC),
                                         ("confirm", "start", "fail")),
    "SupplyOrders.proposeAmendment": _either("proposeAmendment", lambda w: (_order(w, ("confirm",)), 900,
                                                                           _today() + 31, SignalKind.NONE, ZERO16, DOC)),
    "SupplyOrders.acceptAmendment": _either("acceptAmendment", lambda w: (*_amend(w), DOC)),
    "SupplyOrders.declineAmendment": _either("declineAmendment", lambda w: (_amend(w)[0], DOC)),
    "SupplySignals.signalCapacity": _capacity,
    "SupplySignals.signalDisruption": _disruption,
    "SupplySignals.resolveDisruption": _resolve,
})


# ------------------------------------------------------------------ quality notifications


def _notice(receiver: bytes) -> tuple:
    """A fresh IQualityNotifications.Notice (new UUID, a week to answer, no orders)."""
    return (uuid.uuid4().bytes, receiver, 1, chain.time() + 7 * DAY, keccak(b"items"), DOC, [])


def _investigation(w: World, steps: tuple[str, ...] = ()) -> bytes:
    """An investigation of the OEM to supplier A, taken through ``steps`` by its parties."""
    n = _notice(w.orgs["supplier_a"])
    w.notifications.investigate(n, {"from": w.ops["oem"]})
    for name in steps:
        actor = w.ops["oem"] if name in ("close", "cancel") else w.ops["supplier_a"]
        getattr(w.notifications, name)(n[0], DOC, {"from": actor})
    return n[0]


def _receiver_step(fn: str, steps: tuple[str, ...]) -> Callable[[World], Call]:
    def recipe(w: World) -> Call:
        return Call(w.notifications, fn, (_investigation(w, steps), DOC), w.ops["supplier_a"], "supplier_a",
                    w.ops["oem"], w.ops["supplier_b"])
    return recipe


def _sender_step(fn: str, steps: tuple[str, ...]) -> Callable[[World], Call]:
    def recipe(w: World) -> Call:
        return Call(w.notifications, fn, (_investigation(w, steps), DOC), w.ops["oem"], "oem",
                    w.ops["supplier_a"], w.ops["oem2"])
    return recipe


def _investigate(w: World) -> Call:
    return Call(w.notifications, "investigate", (_notice(w.orgs["supplier_a"]),), w.ops["oem"], "oem",
                w.ops["supplier_a"], w.ops["oem2"])


def _alert(w: World) -> Call:
    return Call(w.notifications, "alert", (_notice(w.orgs["oem"]),), w.ops["supplier_a"], "supplier_a",
                w.ops["oem"], w.ops["supplier_b"])


def _forward(w: World) -> Call:
    parent = _investigation(w, ("acknowledge",))
    return Call(w.notifications, "forward", (parent, _notice(w.orgs["supplier_b"])), w.ops["supplier_a"],
                "supplier_a", w.ops["oem"], w.ops["supplier_b"])


RECIPES.update({
    "QualityNotifications.investigate": _investigate,
    "QualityNotifications.alert": _alert,
    "QualityNotifications.forward": _forward,
    "QualityNotifications.acknowledge": _receiver_step("acknowledge", ()),
    "QualityNotifications.accept": _receiver_step("accept", ("acknowledge",)),
    "QualityNotifications.decline": _receiver_step("decline", ("acknowledge",)),
    "QualityNotifications.close": _sender_step("close", ("acknowledge",)),
    "QualityNotifications.cancel": _sender_step("cancel", ()),
})
