"""SupplySignals: capacity and disruption signals from OEMs to suppliers."""

import re
import uuid
from datetime import date

import pytest
from brownie import chain
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.core import given  # hypothesis' own, not Brownie's warning wrapper (see PURE)

from tests.support.supply import (
    MATERIAL,
    SITE,
    ZERO32,
    DisruptionStatus,
    Effect,
    RootCause,
    as_bytes,
    doc,
    iso_week,
    new_uuid,
    reverts_with,
)
from valuechain.identity import Role

BPNS_PATTERN = re.compile(rb"^BPNS[0-9A-Za-z]{12}$")
# Plain hypothesis for the pure checks: Brownie's own `given` would snapshot and revert the
# chain around every example for nothing.
PURE = settings(deadline=None, suppress_health_check=list(HealthCheck))
MAX_UINT256 = 2**256 - 1
# the CX-0146 sample notification's id
SAMPLE_NOTIFICATION = uuid.UUID("d9452f24-3bf3-4134-b3eb-68858f1b2362").bytes


CAPACITY_DOC, DOWNTIME_DOC = doc(0xE1), doc(0xD1)


def figures(signal_id=None, site=SITE, material=MATERIAL, week=None, actual=800, maximum=2_000, demand=1_100,
            content=CAPACITY_DOC) -> tuple:
    """An ISupplySignals.CapacityFigures tuple."""
    return (signal_id or new_uuid(), site, material, iso_week() if week is None else week, actual, maximum, demand,
            content)


def notice(nid=None, cause=RootCause.PRODUCTION_INCIDENT, effect=Effect.CAPACITY_REDUCTION,
           status=DisruptionStatus.OPEN, start=None, end=None, content=DOWNTIME_DOC) -> tuple:
    """An ISupplySignals.DisruptionNotice tuple (default: a machine downtime)."""
    start = chain.time() if start is None else start
    return (nid or new_uuid(), cause, effect, status, start, start + 2 * 86400 if end is None else end, content)


def capacity_record(signals, oem, site=SITE, material=MATERIAL) -> tuple:
    sid, week, actual, maximum, demand = signals.latestCapacity(oem, site, material)
    return as_bytes(sid), week, actual, maximum, demand


def disruption_record(signals, oem, recipient) -> tuple:
    (nid, cause, effect, status, start, end), current = signals.latestDisruption(oem, recipient)
    return as_bytes(nid), cause, effect, status, start, end, current


def sorted_orgs(*orgs):
    return sorted(orgs)


def test_registry(signals, members):
    assert signals.registry() == members.address


# ------------------------------------------------------------------ capacity


def test_capacity_signal(signals, oem_op, oem, supplier_a, supplier_b):
    sid, week = new_uuid(), iso_week(2)
    recipients = sorted_orgs(supplier_a, supplier_b)
    tx = signals.signalCapacity(figures(sid, week=week), recipients, {"from": oem_op})

    events = tx.events["CapacitySignalled"]
    assert len(events) == 2
    for ev, recipient in zip(events, recipients, strict=True):
        assert as_bytes(ev["oem"]) == oem and as_bytes(ev["recipient"]) == recipient
        assert as_bytes(ev["signalId"]) == sid
        assert as_bytes(ev["site"]) == SITE and as_bytes(ev["material"]) == MATERIAL
        assert (ev["week"], ev["actualCapacity"], ev["maximumCapacity"], ev["demand"]) == (week, 800, 2_000, 1_100)
        assert as_bytes(ev["contentHash"]) == doc(0xE1)
    assert capacity_record(signals, oem) == (sid, week, 800, 2_000, 1_100)
    assert signals.occupancyBp(oem, SITE, MATERIAL) == 13_750  # 1,100 of 800: overbooked


def test_latest_capacity_replaces_previous(signals, oem_op, oem, supplier_a):
    signals.signalCapacity(figures(week=iso_week(1), actual=1_000, demand=900), [supplier_a], {"from": oem_op})
    sid = new_uuid()
    signals.signalCapacity(figures(sid, week=iso_week(2), actual=400, demand=300), [supplier_a], {"from": oem_op})
    assert capacity_record(signals, oem) == (sid, iso_week(2), 400, 2_000, 300)
    assert signals.occupancyBp(oem, SITE, MATERIAL) == 7_500


def test_capacity_keys_are_separate(signals, oem_op, oem2_op, oem, oem2, supplier_a):
    other_site, other_material = b"BPNS6666787765VQ", b"\x07" * 32
    signals.signalCapacity(figures(actual=100, demand=50), [supplier_a], {"from": oem_op})
    signals.signalCapacity(figures(site=other_site, actual=200), [supplier_a], {"from": oem_op})
    signals.signalCapacity(figures(material=other_material, actual=300), [supplier_a], {"from": oem_op})
    signals.signalCapacity(figures(actual=400), [supplier_a], {"from": oem2_op})
    assert capacity_record(signals, oem)[2] == 100
    assert capacity_record(signals, oem, site=other_site)[2] == 200
    assert capacity_record(signals, oem, material=other_material)[2] == 300
    assert capacity_record(signals, oem2)[2] == 400


def test_occupancy_edge_cases(signals, oem_op, oem, supplier_a):
    assert signals.occupancyBp(oem, SITE, MATERIAL) == 0  # nothing posted
    signals.signalCapacity(figures(actual=0, maximum=0, demand=0), [supplier_a], {"from": oem_op})
    assert signals.occupancyBp(oem, SITE, MATERIAL) == 0
    signals.signalCapacity(figures(actual=0, maximum=1_000, demand=10), [supplier_a], {"from": oem_op})
    assert signals.occupancyBp(oem, SITE, MATERIAL) == MAX_UINT256  # standstill with demand
    signals.signalCapacity(figures(actual=2**32 - 1, maximum=2**32 - 1, demand=2**32 - 1), [supplier_a],
                           {"from": oem_op})
    assert signals.occupancyBp(oem, SITE, MATERIAL) == 10_000


def test_capacity_actual_above_maximum(signals, oem_op, supplier_a):
    with reverts_with("InvalidCapacity", 2_001, 2_000):
        signals.signalCapacity(figures(actual=2_001, maximum=2_000), [supplier_a], {"from": oem_op})
    signals.signalCapacity(figures(actual=2_000, maximum=2_000), [supplier_a], {"from": oem_op})


@pytest.mark.parametrize("week", [0, 202200, 202254, 202199, 202353, 202153, 202453, 196952, 197000])
def test_invalid_weeks(signals, oem_op, supplier_a, week):
    with reverts_with("InvalidWeek", week):
        signals.signalCapacity(figures(week=week), [supplier_a], {"from": oem_op})


def test_known_weeks(signals, oem_op, oem, supplier_a):
    """The Catena-X samples' pointInTime 2022-08-01 and 2023-10-09 are weeks 202231 and
    202341; 2004, 2009, 2015, 2020 and 2026 have a week 53."""
    for week in (202231, 202341, 197001, 200453, 200953, 201553, 202053, 202653):
        signals.signalCapacity(figures(week=week), [supplier_a], {"from": oem_op})
        assert capacity_record(signals, oem)[1] == week


@given(week=st.integers(0, 2**24 - 1) | st.integers(1970, 2400).flatmap(lambda y: st.integers(y * 100, y * 100 + 99)))
@settings(PURE, max_examples=300)
def test_week_check_matches_calendar(signals, week):
    year, number = divmod(week, 100)
    # 28 December is always in the last ISO week; the calendar repeats every 400 years
    long_year = date(2000 + year % 400, 12, 28).isocalendar()[1] == 53
    expected = year >= 1970 and (1 <= number <= 52 or (number == 53 and long_year))
    assert signals.isValidWeek(week) == expected


@pytest.mark.parametrize(
    "site",
    [
        b"BPNL7588787849VQ",  # a legal entity number, not a site
        b"bpns7588787849VQ",
        b"BPNS7588787849V-",
        b"BPNS7588787849V ",
        b"BPNS7588787849V\x00",
        b"BPNS7588787849V\xc3",
        b"BPNS758878784@VQ",  # the characters around the ranges
        b"BPNS758878784[VQ",
        b"BPNS758878784`VQ",
        b"BPNS758878784{VQ",
        b"BPNS758878784/VQ",
        b"BPNS758878784:VQ",
        b"\x00" * 15 + b"\x01",
    ],
)
def test_malformed_site(signals, oem_op, supplier_a, site):
    with reverts_with("MalformedBpns", site):
        signals.signalCapacity(figures(site=site), [supplier_a], {"from": oem_op})


def test_lower_case_site_allowed(signals, oem_op, oem, supplier_a):
    site = b"BPNSabcdefghijkz"
    signals.signalCapacity(figures(site=site, actual=5), [supplier_a], {"from": oem_op})
    assert capacity_record(signals, oem, site=site)[2] == 5


def test_capacity_without_site(signals, oem_op, oem, supplier_a):
    """A capacity group need not name a site (supplierLocations is optional)."""
    nowhere = b"\x00" * 16
    tx = signals.signalCapacity(figures(site=nowhere, actual=7), [supplier_a], {"from": oem_op})
    assert as_bytes(tx.events["CapacitySignalled"]["site"]) == nowhere
    assert capacity_record(signals, oem, site=nowhere)[2] == 7


@given(tail=st.binary(min_size=12, max_size=12) | st.text(alphabet="09AZaz@[`{/:", min_size=12, max_size=12).map(str.encode))
@settings(PURE, max_examples=300)
def test_bpns_check_matches_pattern(signals, tail):
    site = b"BPNS" + tail
    assert signals.isValidBpns(site) == bool(BPNS_PATTERN.match(site))


@given(tail=st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", min_size=12, max_size=12))
@settings(PURE, max_examples=100)
def test_bpns_check_accepts_every_valid(signals, tail):
    assert signals.isValidBpns(b"BPNS" + tail.encode())


def test_capacity_zero_material(signals, oem_op, supplier_a):
    with reverts_with("ZeroMaterial"):
        signals.signalCapacity(figures(material=ZERO32), [supplier_a], {"from": oem_op})


@pytest.mark.parametrize(
    "bad",
    [
        b"\x00" * 16,
        uuid.UUID("d9452f24-3bf3-0134-b3eb-68858f1b2362").bytes,  # version 0
        uuid.UUID("d9452f24-3bf3-9134-b3eb-68858f1b2362").bytes,  # version 9
        uuid.UUID("d9452f24-3bf3-4134-73eb-68858f1b2362").bytes,  # NCS variant
        uuid.UUID("d9452f24-3bf3-4134-c3eb-68858f1b2362").bytes,  # Microsoft variant
    ],
)
def test_malformed_ids(signals, oem_op, supplier_a, bad):
    with reverts_with("MalformedUuid", bad):
        signals.signalCapacity(figures(signal_id=bad), [supplier_a], {"from": oem_op})
    with reverts_with("MalformedUuid", bad):
        signals.signalDisruption(notice(nid=bad), [supplier_a], {"from": oem_op})
    with reverts_with("MalformedUuid", bad):
        signals.resolveDisruption(bad, supplier_a, doc(1), {"from": oem_op})


def test_uuid_versions_accepted(signals, oem_op, supplier_a):
    for made in (uuid.uuid1(), uuid.uuid3(uuid.NAMESPACE_URL, "x"), uuid.uuid4(), uuid.uuid5(uuid.NAMESPACE_URL, "x")):
        signals.signalCapacity(figures(signal_id=made.bytes), [supplier_a], {"from": oem_op})


# ------------------------------------------------------------------ recipients (both kinds)


def _send(signals, kind, recipients, sender):
    if kind == "capacity":
        return signals.signalCapacity(figures(), recipients, {"from": sender})
    return signals.signalDisruption(notice(), recipients, {"from": sender})


@pytest.mark.parametrize("kind", ["capacity", "disruption"])
def test_recipients_required(signals, oem_op, kind):
    with reverts_with("NoRecipients"):
        _send(signals, kind, [], oem_op)


@pytest.mark.parametrize("kind", ["capacity", "disruption"])
def test_recipients_strictly_ascending(signals, oem_op, supplier_a, supplier_b, kind):
    low, high = sorted_orgs(supplier_a, supplier_b)
    with reverts_with("UnsortedRecipients", 1, low):
        _send(signals, kind, [high, low], oem_op)
    with reverts_with("UnsortedRecipients", 1, low):
        _send(signals, kind, [low, low], oem_op)
    with reverts_with("UnsortedRecipients", 0, b"\x00" * 16):
        _send(signals, kind, [b"\x00" * 16], oem_op)


@pytest.mark.parametrize("kind", ["capacity", "disruption"])
def test_recipients_must_be_active_suppliers(members, council, signals, oem_op, oem2, auditor, supplier_b, kind):
    with reverts_with("MissingRole", auditor, Role.SUPPLIER):
        _send(signals, kind, [auditor], oem_op)
    with reverts_with("MissingRole", oem2, Role.SUPPLIER):
        _send(signals, kind, [oem2], oem_op)
    stranger = b"BPNL0000000NOPE1"
    with reverts_with("OrgNotActive", stranger, 0):
        _send(signals, kind, [stranger], oem_op)
    members.suspend(supplier_b, doc(0x66), {"from": council})
    with reverts_with("OrgNotActive", supplier_b, 2):
        _send(signals, kind, [supplier_b], oem_op)


@pytest.mark.parametrize("kind", ["capacity", "disruption"])
def test_only_active_oems_signal(members, council, signals, oem_op, supplier_a_op, auditor_op, outsider, oem,
                                 supplier_a, auditor, kind):
    with reverts_with("MissingRole", supplier_a, Role.OEM):
        _send(signals, kind, [supplier_a], supplier_a_op)
    with reverts_with("MissingRole", auditor, Role.OEM):
        _send(signals, kind, [supplier_a], auditor_op)
    with reverts_with("NotAnOperator", outsider):
        _send(signals, kind, [supplier_a], outsider)
    members.suspend(oem, doc(0x66), {"from": council})
    with reverts_with("OrgNotActive", oem, 2):
        _send(signals, kind, [supplier_a], oem_op)
    members.offboard(oem, doc(0x66), {"from": council})
    with reverts_with("OrgNotActive", oem, 3):
        _send(signals, kind, [supplier_a], oem_op)


# ------------------------------------------------------------------ disruptions


def test_machine_downtime(signals, oem_op, oem, supplier_a, supplier_b, supplier_c):
    """Machine downtime: production-incident with capacity-reduction, to three suppliers."""
    start = chain.time()
    n = notice(SAMPLE_NOTIFICATION, start=start, end=start + 3 * 86400)
    recipients = sorted_orgs(supplier_a, supplier_b, supplier_c)
    tx = signals.signalDisruption(n, recipients, {"from": oem_op})

    events = tx.events["DisruptionSignalled"]
    assert [as_bytes(e["recipient"]) for e in events] == recipients
    for ev in events:
        assert as_bytes(ev["oem"]) == oem and as_bytes(ev["notificationId"]) == SAMPLE_NOTIFICATION
        assert (ev["cause"], ev["effect"], ev["status"]) == (
            RootCause.PRODUCTION_INCIDENT,
            Effect.CAPACITY_REDUCTION,
            DisruptionStatus.OPEN,
        )
        assert (ev["start"], ev["expectedEnd"]) == (start, start + 3 * 86400)
        assert as_bytes(ev["contentHash"]) == doc(0xD1)
    for recipient in recipients:
        assert disruption_record(signals, oem, recipient) == (
            SAMPLE_NOTIFICATION,
            RootCause.PRODUCTION_INCIDENT,
            Effect.CAPACITY_REDUCTION,
            DisruptionStatus.OPEN,
            start,
            start + 3 * 86400,
            DisruptionStatus.OPEN,
        )


@pytest.mark.parametrize("cause", list(RootCause), ids=lambda c: c.name)
def test_every_root_cause(signals, oem_op, oem, supplier_a, cause):
    signals.signalDisruption(notice(cause=cause, effect=Effect.DEMAND_REDUCTION), [supplier_a], {"from": oem_op})
    assert disruption_record(signals, oem, supplier_a)[1] == cause


@pytest.mark.parametrize("effect", list(Effect), ids=lambda e: e.name)
def test_every_effect(signals, oem_op, oem, supplier_a, effect):
    signals.signalDisruption(notice(cause=RootCause.STRIKE, effect=effect), [supplier_a], {"from": oem_op})
    assert disruption_record(signals, oem, supplier_a)[2] == effect


def test_codes_out_of_range_refused(signals, oem_op, supplier_a):
    import brownie

    n = list(notice())
    for index, value in ((1, 8), (2, 4), (3, 2)):
        bad = list(n)
        bad[index] = value
        with brownie.reverts():
            signals.signalDisruption.call(tuple(bad), [supplier_a], {"from": oem_op})


def test_latest_disruption_per_oem_and_recipient(signals, oem_op, oem2_op, oem, oem2, supplier_a, supplier_b):
    first, second, other = new_uuid(), new_uuid(), new_uuid()
    signals.signalDisruption(notice(first), sorted_orgs(supplier_a, supplier_b), {"from": oem_op})
    signals.signalDisruption(notice(second, cause=RootCause.STRIKE), [supplier_a], {"from": oem_op})
    signals.signalDisruption(notice(other), [supplier_a], {"from": oem2_op})
    assert disruption_record(signals, oem, supplier_a)[:2] == (second, RootCause.STRIKE)
    assert disruption_record(signals, oem, supplier_b)[0] == first
    assert disruption_record(signals, oem2, supplier_a)[0] == other
    assert disruption_record(signals, oem2, supplier_b) == (b"\x00" * 16, 0, 0, 0, 0, 0, DisruptionStatus.OPEN)
    ids = [(oem, supplier_a, second), (oem, supplier_b, first), (oem2, supplier_a, other), (oem2, supplier_b, b"\x00" * 16)]
    for sender, recipient, expected in ids:
        assert as_bytes(signals.latestDisruptionId(sender, recipient)) == expected


def test_resolve(signals, oem_op, oem, supplier_a, supplier_b):
    nid = new_uuid()
    signals.signalDisruption(notice(nid), sorted_orgs(supplier_a, supplier_b), {"from": oem_op})
    tx = signals.resolveDisruption(nid, supplier_b, doc(0xD2), {"from": oem_op})

    ev = tx.events["DisruptionResolved"]
    assert as_bytes(ev["oem"]) == oem and as_bytes(ev["notificationId"]) == nid
    assert as_bytes(ev["contentHash"]) == doc(0xD2)
    assert signals.resolvedAt(oem, nid) == tx.timestamp
    for recipient in (supplier_a, supplier_b):
        record = disruption_record(signals, oem, recipient)
        assert record[3] == DisruptionStatus.OPEN  # as posted
        assert record[-1] == DisruptionStatus.RESOLVED  # now
    with reverts_with("AlreadyResolved", oem, nid):
        signals.resolveDisruption(nid, supplier_a, doc(0xD3), {"from": oem_op})


def test_resolve_never_signalled_refused(signals, oem_op, oem, supplier_a):
    """Finding 10: an id resolved before anyone signalled it would make a later OPEN
    disruption with that id read RESOLVED. Only a signalled disruption can be resolved."""
    nid = new_uuid()
    with reverts_with("UnknownDisruption", oem, supplier_a, nid):
        signals.resolveDisruption(nid, supplier_a, doc(0xD2), {"from": oem_op})
    signals.signalDisruption(notice(nid), [supplier_a], {"from": oem_op})
    assert signals.resolvedAt(oem, nid) == 0
    assert disruption_record(signals, oem, supplier_a)[-1] == DisruptionStatus.OPEN


def test_resolve_names_a_recipient_it_was_sent_to(signals, oem_op, oem, supplier_a, supplier_b, supplier_c):
    nid = new_uuid()
    signals.signalDisruption(notice(nid), [supplier_a], {"from": oem_op})
    for other in (supplier_b, supplier_c, b"\x00" * 16):
        with reverts_with("UnknownDisruption", oem, other, nid):
            signals.resolveDisruption(nid, other, doc(0xD2), {"from": oem_op})
    signals.resolveDisruption(nid, supplier_a, doc(0xD2), {"from": oem_op})


def test_resolve_superseded_disruption(signals, oem_op, oem, supplier_a, supplier_b):
    """An older disruption can be resolved through a recipient whose latest it still is;
    the newer one stays open. Superseded at every recipient, it can no longer be."""
    old, new = new_uuid(), new_uuid()
    signals.signalDisruption(notice(old), sorted_orgs(supplier_a, supplier_b), {"from": oem_op})
    signals.signalDisruption(notice(new), [supplier_a], {"from": oem_op})
    with reverts_with("UnknownDisruption", oem, supplier_a, old):
        signals.resolveDisruption(old, supplier_a, doc(0xD2), {"from": oem_op})
    signals.resolveDisruption(old, supplier_b, doc(0xD2), {"from": oem_op})
    assert signals.resolvedAt(oem, old) > 0 and signals.resolvedAt(oem, new) == 0
    assert disruption_record(signals, oem, supplier_a)[0] == new
    assert disruption_record(signals, oem, supplier_a)[-1] == DisruptionStatus.OPEN
    assert disruption_record(signals, oem, supplier_b)[-1] == DisruptionStatus.RESOLVED

    gone = new_uuid()
    signals.signalDisruption(notice(gone), [supplier_b], {"from": oem_op})
    signals.signalDisruption(notice(new_uuid()), [supplier_b], {"from": oem_op})
    with reverts_with("UnknownDisruption", oem, supplier_b, gone):
        signals.resolveDisruption(gone, supplier_b, doc(0xD2), {"from": oem_op})


def test_resolutions_are_per_oem(signals, oem_op, oem2_op, oem, oem2, supplier_a):
    """Another OEM can neither resolve the OEM's disruption nor one of its own namespace
    that it never signalled."""
    nid = new_uuid()
    signals.signalDisruption(notice(nid), [supplier_a], {"from": oem_op})
    with reverts_with("UnknownDisruption", oem2, supplier_a, nid):
        signals.resolveDisruption(nid, supplier_a, doc(0xD2), {"from": oem2_op})
    assert signals.resolvedAt(oem2, nid) == 0 and signals.resolvedAt(oem, nid) == 0
    assert disruption_record(signals, oem, supplier_a)[-1] == DisruptionStatus.OPEN
    signals.signalDisruption(notice(nid), [supplier_a], {"from": oem2_op})  # the same id, its own
    signals.resolveDisruption(nid, supplier_a, doc(0xD2), {"from": oem2_op})
    assert signals.resolvedAt(oem2, nid) > 0 and signals.resolvedAt(oem, nid) == 0
    assert disruption_record(signals, oem, supplier_a)[-1] == DisruptionStatus.OPEN


def test_posted_resolved(signals, oem_op, oem, supplier_a):
    """The CX-0146 sample is a resolved notification: it can be posted as such."""
    tx = signals.signalDisruption(notice(SAMPLE_NOTIFICATION, cause=RootCause.STRIKE,
                                         effect=Effect.DEMAND_REDUCTION, status=DisruptionStatus.RESOLVED),
                                  [supplier_a], {"from": oem_op})
    assert tx.events["DisruptionSignalled"]["status"] == DisruptionStatus.RESOLVED
    assert disruption_record(signals, oem, supplier_a)[-1] == DisruptionStatus.RESOLVED


def test_resolve_by_non_oems(members, council, signals, oem_op, supplier_a_op, outsider, oem, supplier_a):
    nid = new_uuid()
    signals.signalDisruption(notice(nid), [supplier_a], {"from": oem_op})
    with reverts_with("MissingRole", supplier_a, Role.OEM):
        signals.resolveDisruption(nid, supplier_a, doc(1), {"from": supplier_a_op})
    with reverts_with("NotAnOperator", outsider):
        signals.resolveDisruption(nid, supplier_a, doc(1), {"from": outsider})
    members.suspend(oem, doc(0x66), {"from": council})
    with reverts_with("OrgNotActive", oem, 2):
        signals.resolveDisruption(nid, supplier_a, doc(1), {"from": oem_op})


def test_invalid_disruption_fields(signals, oem_op, supplier_a):
    now = chain.time()
    with reverts_with("InvalidPeriod", 0, now):
        signals.signalDisruption(notice(start=0, end=now), [supplier_a], {"from": oem_op})
    with reverts_with("InvalidPeriod", now, now - 1):
        signals.signalDisruption(notice(start=now, end=now - 1), [supplier_a], {"from": oem_op})


def test_open_ended_and_instant_disruptions(signals, oem_op, oem, supplier_a):
    now = chain.time()
    signals.signalDisruption(notice(start=now, end=0), [supplier_a], {"from": oem_op})
    assert disruption_record(signals, oem, supplier_a)[5] == 0
    signals.signalDisruption(notice(start=now, end=now), [supplier_a], {"from": oem_op})
    assert disruption_record(signals, oem, supplier_a)[5] == now


# ------------------------------------------------------------------ packed records, raw calldata


def test_capacity_record_round_trips_extremes(signals, oem_op, oem, supplier_a):
    """The capacity record is stored as one packed word: every member at the ends of its
    range comes back unchanged."""
    sid = uuid.UUID("ffffffff-ffff-8fff-bfff-ffffffffffff").bytes
    top = 2**32 - 1
    signals.signalCapacity(figures(sid, site=b"BPNSzzzzzzzzzzzz", material=b"\xff" * 32, week=999_952, actual=top,
                                   maximum=top, demand=top), [supplier_a], {"from": oem_op})
    assert capacity_record(signals, oem, site=b"BPNSzzzzzzzzzzzz", material=b"\xff" * 32) == (sid, 999_952, top, top,
                                                                                              top)


def test_disruption_record_round_trips_extremes(signals, oem_op, oem, supplier_a):
    nid = uuid.UUID("ffffffff-ffff-8fff-bfff-ffffffffffff").bytes
    top = 2**40 - 1
    signals.signalDisruption(notice(nid, cause=RootCause.OTHER, effect=Effect.CAPACITY_INCREASE,
                                    status=DisruptionStatus.RESOLVED, start=top, end=top), [supplier_a],
                             {"from": oem_op})
    assert disruption_record(signals, oem, supplier_a) == (nid, RootCause.OTHER, Effect.CAPACITY_INCREASE,
                                                           DisruptionStatus.RESOLVED, top, top,
                                                           DisruptionStatus.RESOLVED)


def _raw(signals, sender, data: bytes):
    return sender.transfer(signals, 0, data=data, gas_limit=500_000)


@pytest.mark.parametrize("word, dirt", [(0, 16), (1, 16), (3, 0), (4, 0), (5, 0), (6, 0)],
                         ids=["signalId", "site", "week", "actual", "maximum", "demand"])
def test_capacity_with_dirty_calldata_refused(signals, oem_op, supplier_a, word, dirt):
    """CapacitySignalled copies the figures' words from calldata as they are: a word that is
    not clean for its type (bits beyond a bytes16 or a uintN) must be refused first."""
    import brownie

    data = bytearray(bytes.fromhex(signals.signalCapacity.encode_input(figures(), [supplier_a])[2:]))
    at = 4 + 32 * word + dirt  # the low 16 bytes of a bytes16 word, the high bytes of a uint
    data[at] |= 0x01
    with brownie.reverts():
        _raw(signals, oem_op, bytes(data))
    data[at] &= 0xFE
    tx = _raw(signals, oem_op, bytes(data))
    assert len(tx.events["CapacitySignalled"]) == 1
