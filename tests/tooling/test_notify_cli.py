"""`valuechain notify …` against a deployed suite on Anvil: an investigation that holds an
order, forwarded to a sub-supplier who answers, the order shipping only once it is closed;
importing the same CX-0125 message twice is one notification; the index's views."""

from __future__ import annotations

import json
from datetime import date, timedelta
from uuid import UUID

import pytest
from brownie import accounts, web3

from tests.support.registry import admit_accepted
from valuechain import abi, deploy, merkle
from valuechain.catenax import quality_notification as qn
from valuechain.cli import main as cli
from valuechain.contract_types import NoticeStatus
from valuechain.events import EventIndex
from valuechain.identity import Role
from valuechain.members import Admission
from valuechain.orders import State
from valuechain.scenario import FIXTURES
from valuechain.tx import Sender

OEM, SUP, STEEL = "BPNL00000003AYRE", "BPNL00000003B2OM", "BPNL00000003CRHK"
OEM_KEY, SUP_KEY, STEEL_KEY = 2, 3, 4
SAMPLE = FIXTURES / "catenax" / "quality" / "investigation.json"


@pytest.fixture(scope="module")
def suite(w3, tmp_path_factory):
    folder = tmp_path_factory.mktemp("deployments")
    m = deploy.deploy_suite(Sender(w3, accounts[0].address), directory=folder)
    admit_accepted(m.contract(w3, "ConsortiumRegistry"), [
        Admission(OEM, Role.OEM, accounts[OEM_KEY].address), Admission(SUP, Role.SUPPLIER, accounts[SUP_KEY].address),
        Admission(STEEL, Role.SUPPLIER, accounts[STEEL_KEY].address)], Sender(w3, accounts[0].address))
    return m, folder / "31337.json"


@pytest.fixture(autouse=True)
def own_folders(tmp_path, monkeypatch):
    """Each test has its own event index and outbox (the chain is reverted between tests)."""
    monkeypatch.setenv("VALUECHAIN_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.chdir(tmp_path)


def vc(path, *argv, dev=None):
    chain = ["--rpc-url", web3.provider.endpoint_uri, "--chain-id", "31337", "--manifest", str(path)]
    return cli([*argv, *chain, *(["--dev-account", str(dev)] if dev is not None else [])])


def _ready_order(path, capsys) -> int:
    due = (date.today() + timedelta(days=30)).isoformat()
    assert vc(path, "order", "place", "--supplier", SUP, "--part", "DOOR-PANEL-L", "--quantity", "500", "--due", due,
              dev=OEM_KEY) == 0
    oid = int(capsys.readouterr().out.split("#")[1].split()[0])
    for argv in (["confirm"], ["start"], ["assess", "--score", "9900", "--sample", "50", "--defects", "1", "--final"]):
        assert vc(path, "order", argv[0], str(oid), *argv[1:], dev=SUP_KEY) == 0
    return oid


def _sent_id(out: str) -> str:
    return next(w for w in out.split() if len(w) == 36 and w.count("-") == 4)


def test_investigation_forwarded_answered_and_the_order_ships_after_closing(suite, w3, capsys, tmp_path):
    m, path = suite
    oid = _ready_order(path, capsys)
    target = (date.today() + timedelta(days=7)).isoformat()
    assert vc(path, "notify", "investigate", "--to", SUP, "--item", "urn:uuid:7eeeac86-7b69-444d-81e6-655d0f1513bd",
              "--item", "BATCH-DP-0412", "--severity", "CRITICAL", "--target", target, "--info", "hinge cracks",
              "--order", str(oid), dev=OEM_KEY) == 0
    out = capsys.readouterr().out
    inv = _sent_id(out)
    assert f"investigation {inv} sent to {SUP}" in out and "2 affected items, CRITICAL" in out
    message = qn.load(tmp_path / ".valuechain" / "notifications" / f"{inv}.json")
    assert (message.sender, message.receiver, message.affected_items) == (
        OEM, SUP, ("urn:uuid:7eeeac86-7b69-444d-81e6-655d0f1513bd", "BATCH-DP-0412"))

    # an order between other parties, or a finished one, is refused before sending
    block = w3.eth.block_number
    assert vc(path, "notify", "investigate", "--to", STEEL, "--item", "X-1", "--order", str(oid), dev=OEM_KEY) == 2
    assert "not between the notification's customer" in capsys.readouterr().err and w3.eth.block_number == block
    # the order is held: shipping is refused in one line
    assert vc(path, "order", "ship", str(oid), "--quantity", "500", dev=SUP_KEY) == 2
    assert "OrderOnHold" in capsys.readouterr().err

    # supplier A acknowledges and forwards to its steel supplier (items from the outbox)
    assert vc(path, "notify", "ack", inv, "--reason", "looking into it", dev=SUP_KEY) == 0
    assert vc(path, "notify", "forward", inv, "--to", STEEL, "--severity", "MAJOR", "--info", "coil batch?",
              dev=SUP_KEY) == 0
    out = capsys.readouterr().out
    fwd = _sent_id(out.split("forwarded as")[1])
    assert qn.load(tmp_path / ".valuechain" / "notifications" / f"{fwd}.json").related_id == UUID(inv)

    # the originator sees the tree and who has not answered
    assert vc(path, "notify", "list", "--tree", inv) == 0
    listing = capsys.readouterr().out
    assert "not answered" in listing and STEEL in listing
    # the steel supplier answers
    for step in ("ack", "accept"):
        assert vc(path, "notify", step, fwd, "--reason", "coil 88 out of spec", dev=STEEL_KEY) == 0
    assert vc(path, "notify", "accept", inv, dev=SUP_KEY) == 0
    # only the OEM closes; then the order ships
    assert vc(path, "notify", "close", inv, dev=SUP_KEY) == 2
    assert "WrongParty" in capsys.readouterr().err
    assert vc(path, "notify", "close", inv, "--reason", "8D report received", dev=OEM_KEY) == 0
    assert vc(path, "order", "ship", str(oid), "--quantity", "500", dev=SUP_KEY) == 0
    order = abi.read(m.contract(w3, "SupplyOrders").functions.getOrder(oid))
    assert order.state == State.SHIPPED

    # the index: the two notifications, the tree, the scorecard
    with EventIndex(m, w3, tmp_path / "check.sqlite") as index:
        index.sync()
        notes = index.notifications().set_index("notification_id")
        tree = index.notification_tree("0x" + UUID(inv).hex)
        card = index.scorecard().set_index("supplier")
        times = index.response_times().set_index("receiver")
    first, second = notes.loc["0x" + UUID(inv).hex], notes.loc["0x" + UUID(fwd).hex]
    assert (first["status"], first["customer"], first["supplier"], first["order_ids"]) == ("CLOSED", OEM, SUP, (oid,))
    assert first["time_to_acknowledge"] >= pd_zero() and first["time_to_close"] >= first["time_to_acknowledge"]
    assert (second["status"], second["related_id"], second["sender"]) == ("ACCEPTED", "0x" + UUID(inv).hex, SUP)
    assert list(tree["depth"]) == [0, 1] and not tree["unanswered"].any()
    assert (card.loc[SUP, "notifications"], card.loc[SUP, "open_notifications"]) == (1, 0)
    assert (card.loc[STEEL, "notifications"], card.loc[STEEL, "open_notifications"]) == (1, 1)
    assert card.loc[SUP, "ack_hours_median"] >= 0 and times.loc[STEEL, "received"] == 1


def pd_zero():
    import pandas as pd

    return pd.Timedelta(0)


def test_importing_a_message_twice_is_one_notification(suite, w3, capsys, tmp_path):
    m, path = suite
    assert vc(path, "notify", "investigate", str(SAMPLE), dev=OEM_KEY) == 0
    assert "sent to BPNL00000003B2OM" in capsys.readouterr().out
    assert vc(path, "notify", "investigate", str(SAMPLE), dev=OEM_KEY) == 0
    assert "already on chain" in capsys.readouterr().out
    n = qn.load(SAMPLE)
    with EventIndex(m, w3, tmp_path / "check.sqlite") as index:
        index.sync()
        notes = index.notifications()
    assert list(notes["notification_id"]) == ["0x" + n.notification_id.hex]
    assert notes.iloc[0]["content_hash"] == "0x" + n.content_hash.hex()
    # the receiver proves a part is listed, without the list on chain
    contract = m.contract(w3, "QualityNotifications")
    item = n.affected_items[2]
    assert contract.functions.isListed(n.notification_id.bytes, item, n.proof(item)).call()
    assert not contract.functions.isListed(n.notification_id.bytes, "BATCH-X", n.proof(item)).call()
    # a changed message under the same id is refused, nothing sent
    changed = json.loads(SAMPLE.read_text())
    changed["content"]["information"] = "something else"
    other = tmp_path / "changed.json"
    other.write_text(json.dumps(changed))
    block = w3.eth.block_number
    assert vc(path, "notify", "investigate", str(other), dev=OEM_KEY) == 2
    assert "other content" in capsys.readouterr().err and w3.eth.block_number == block
    # an alert file is not an investigation; a message of another sender is refused
    assert vc(path, "notify", "investigate", str(FIXTURES / "catenax" / "quality" / "alert.json"), dev=SUP_KEY) == 2
    assert "$.header.context" in capsys.readouterr().err
    assert vc(path, "notify", "alert", str(FIXTURES / "catenax" / "quality" / "alert.json"), dev=OEM_KEY) == 2
    assert f"is sent by {SUP}" in capsys.readouterr().err and w3.eth.block_number == block
    # `notify export`: the chain record with the off-chain text and items is the same content
    items = tmp_path / "items.txt"
    items.write_text("\n".join(n.affected_items) + "\n")
    capsys.readouterr()
    assert vc(path, "notify", "export", str(n.notification_id), "--items", str(items), "--info", n.information) == 0
    exported = json.loads(capsys.readouterr().out)
    assert exported["content"] == json.loads(SAMPLE.read_text())["content"]
    assert qn.parse(exported).content_hash == n.content_hash
    # export: the chain record with its off-chain text and items gives the same content back
    row = notes.iloc[0].to_dict()
    back = qn.from_chain(row, n.information, n.affected_items, n.sent)
    assert back.content == n.content and "0x" + back.content_hash.hex() == row["content_hash"]
    assert merkle.root(list(back.affected_items)) == n.items_root and back.status is NoticeStatus.SENT
    with pytest.raises(Exception, match="not the ones committed on chain"):
        qn.from_chain(row, n.information, n.affected_items[:2], n.sent)
