"""CX-0125 quality notification messages in and out (no chain), and the Merkle commitment
to their affected items."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

import pytest

from valuechain import merkle
from valuechain.catenax import quality_notification as q
from valuechain.catenax._json import parse_json
from valuechain.catenax._problem import PayloadError
from valuechain.contract_types import NoticeKind, NoticeSeverity, NoticeStatus
from valuechain.errors import InputError

SAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "catenax" / "quality"


def _raw(name: str) -> dict:
    return parse_json((SAMPLES / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["investigation", "alert"])
def test_samples_round_trip(name):
    n = q.load(SAMPLES / f"{name}.json")
    assert q.to_json(n) == _raw(name)
    assert q.parse(q.to_json(n)) == n
    assert q.parse(json.loads(json.dumps(q.to_json(n)))) == n


def test_investigation_fields():
    n = q.load(SAMPLES / "investigation.json")
    assert (n.kind, n.sender, n.receiver) == (NoticeKind.INVESTIGATION, "BPNL00000003AYRE", "BPNL00000003B2OM")
    assert (n.status, n.severity) == (NoticeStatus.SENT, NoticeSeverity.CRITICAL)
    assert n.notification_id == UUID("0b4f6c1e-2a3d-4e5f-8a9b-1c2d3e4f5a6b")
    assert n.target_date == datetime(2026, 12, 14, 17, tzinfo=UTC)
    assert len(n.affected_items) == 4 and n.related_id is None
    nid, receiver, severity, target, root, content, orders = n.notice([7])
    assert (nid, receiver, severity, target, orders) == (n.notification_id.bytes, b"BPNL00000003B2OM", 2,
                                                         int(n.target_date.timestamp()), [7])
    assert root == merkle.root(list(n.affected_items)) and content == n.content_hash


def test_alert_life_threatening():
    n = q.load(SAMPLES / "alert.json")
    assert (n.kind, n.severity, n.target_date) == (NoticeKind.ALERT, NoticeSeverity.LIFE_THREATENING, None)
    assert n.notice()[3] == 0  # no target date


def test_content_hash_is_of_the_content_only():
    raw = _raw("investigation")
    other = copy.deepcopy(raw)
    other["header"]["messageId"] = "urn:uuid:11111111-2222-4333-8444-555555555555"
    assert q.parse(raw).content_hash == q.parse(other).content_hash
    other["content"]["information"] = "changed"
    assert q.parse(raw).content_hash != q.parse(other).content_hash


def _broken(change) -> list[str]:
    raw = _raw("investigation")
    change(raw)
    with pytest.raises(PayloadError) as caught:
        q.parse(raw, "x.json")
    return list(caught.value.paths)


@pytest.mark.parametrize(("change", "paths"), [
    (lambda r: r["header"].pop("senderBpn"), ["$.header.senderBpn"]),
    (lambda r: r["header"].update(senderBpn="BPNL00000003ayre"), ["$.header.senderBpn"]),
    (lambda r: r["header"].update(receiverBpn="BPNL00000003AYRE"), ["$.header.receiverBpn"]),
    (lambda r: r["header"].update(context="TRACE-QM-Recall:1.0.0"), ["$.header.context"]),
    (lambda r: r["header"].update(version="2.0.0"), ["$.header.version"]),
    (lambda r: r["header"].update(sentDateTime="2026-11-30T09:00:00"), ["$.header.sentDateTime"]),
    (lambda r: r["header"].update(messageId="not-a-uuid"), ["$.header.messageId"]),
    (lambda r: r["header"].update(expectedResponseBy="2026-12-15T17:00:00Z"), ["$.header.expectedResponseBy"]),
    (lambda r: r["content"].update(status="OPEN"), ["$.content.status"]),
    (lambda r: r["content"].update(severity="LIFE_THREATENING"), ["$.content.severity"]),
    (lambda r: r["content"].update(notificationId="urn:uuid:0b4f6c1e-2a3d-1e5f-8a9b-1c2d3e4f5a6b"),
     ["$.content.notificationId"]),
    (lambda r: r["content"].update(listOfAffectedItems=[]), ["$.content.listOfAffectedItems"]),
    (lambda r: r["content"]["listOfAffectedItems"].append(""), ["$.content.listOfAffectedItems[4]"]),
    (lambda r: r["content"]["listOfAffectedItems"].append("BATCH-DP-2026-11-0413"),
     ["$.content.listOfAffectedItems[4]"]),
    (lambda r: r["content"].update(targetDate="next week"), ["$.content.targetDate"]),
    (lambda r: r["content"].update(partner="x"), ["$.content.partner"]),
    (lambda r: r["content"].pop("severity"), ["$.content.severity"]),
    (lambda r: r.update(extra=1), ["$.extra"]),
    (lambda r: r.pop("content"), ["$.content"]),
])
def test_broken_copies_name_the_json_path(change, paths):
    assert _broken(change) == paths


def test_not_json(tmp_path):
    bad = tmp_path / "n.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match="not JSON"):
        q.load(bad)


def test_new_and_status_update():
    n = q.new(NoticeKind.INVESTIGATION, "BPNL00000003AYRE", "BPNL00000003B2OM", NoticeSeverity.MAJOR, ["a", "b"],
              information="cracks", target_date=datetime(2026, 12, 24, tzinfo=UTC))
    assert n.status is NoticeStatus.SENT and n.content["listOfAffectedItems"] == ["a", "b"]
    update = q.parse(q.to_json(n, NoticeStatus.ACKNOWLEDGED))
    assert update.status is NoticeStatus.ACKNOWLEDGED and update.notification_id == n.notification_id
    assert update.message_id != n.message_id
    forwarded = q.new(NoticeKind.INVESTIGATION, "BPNL00000003B2OM", "BPNL00000003CRHK", NoticeSeverity.MINOR,
                      ["b"], related_id=n.notification_id)
    assert q.to_json(forwarded)["header"]["relatedMessageId"] == f"urn:uuid:{n.notification_id}"


def test_merkle_proofs():
    items = [f"item-{i}" for i in range(13)]
    root = merkle.root(items)
    assert merkle.root(list(reversed(items))) == root  # order does not matter
    for item in items:
        assert merkle.verify(root, item, merkle.proof(items, item))
    assert not merkle.verify(root, "item-99", merkle.proof(items, "item-1"))
    assert merkle.root(["only"]) == merkle.leaf("only") and merkle.proof(["only"], "only") == []
    with pytest.raises(InputError):
        merkle.proof(items, "missing")
    with pytest.raises(InputError):
        merkle.root(["a", "a"])
    with pytest.raises(InputError):
        merkle.root([])
